import Autodiff

/// The pinball (quantile) loss of predictions q against targets y at level τ, averaged:
///
///   ρ_τ(r) = max(τ r, (τ − 1) r) = τ r + max(−r, 0),  r = y − q,
///
/// whose expected value is minimised by the τ-quantile of y (Koenker & Bassett 1978).
public func pinballLoss(_ prediction: Variable, _ target: Tensor, level tau: Double) -> Variable {
    let r = prediction.constant(target) - prediction
    return (r * tau + relu(r * -1.0)).mean()
}

/// The pinball losses of a network with two outputs, the quantiles at levels `levels.0` and
/// `levels.1` (columns 0 and 1 of `out`), summed.
public func twoQuantileLoss(_ out: Variable, _ target: Tensor, levels: (Double, Double)) -> Variable {
    pinballLoss(out.columns(0..<1), target, level: levels.0) + pinballLoss(out.columns(1..<2), target, level: levels.1)
}
