import Foundation
import NumericalMethods

/// The Laplace log marginal likelihood as a function of the prior variance s² and the noise
/// variance σ², at a fixed MAP w* and a fixed curvature (MacKay 1992; Immer et al. 2021). With
/// λ = 1/s², β = 1/σ² and e₁…e_k the eigenvalues of the data curvature per unit noise precision
/// (σ²C: JᵀJ for the GGN; the diagonal's entries; KFAC's products aₚg_q σ²),
///
///   ln p(D | s², σ²) ≈ (n/2) ln(β/2π) − β E_D/2 + (k/2) ln λ − λ E_W/2 − ½ Σᵢ ln(β eᵢ + λ),
///
/// E_D = ‖y − f(X, w*)‖², E_W = ‖w*_S‖², n data points, k Gaussian weights. Its derivatives in
/// ln s² and ln σ² are, with γ = Σᵢ β eᵢ/(β eᵢ + λ) the effective number of parameters,
///
///   ∂/∂ln s² = ½ (λ E_W − γ),   ∂/∂ln σ² = ½ (β E_D − (n − γ)),
///
/// so the stationary point satisfies MacKay's λ = γ/E_W and β = (n − γ)/E_D.
public struct LaplaceEvidence: Sendable, Equatable {
    public let dataCount: Int
    /// E_D = ‖y − f(X, w*)‖².
    public let squaredError: Double
    /// E_W = ‖w*_S‖² over the Gaussian weights S.
    public let squaredWeights: Double
    /// eᵢ: the eigenvalues of σ²C, the data curvature at unit noise precision (k of them).
    public let curvatureEigenvalues: [Double]

    public init(dataCount: Int, squaredError: Double, squaredWeights: Double, curvatureEigenvalues: [Double]) {
        (self.dataCount, self.squaredError, self.squaredWeights, self.curvatureEigenvalues) = (dataCount, squaredError, squaredWeights, curvatureEigenvalues)
    }

    /// The evidence of `laplace`'s w* and curvature (the eigenvalues of σ²C for the full
    /// structure, by Householder and QL: ``symmetricEigenvalues(_:size:)``); at `laplace`'s own s² and σ² it is ``LaplaceApproximation/logEvidence``.
    public init(_ laplace: LaplaceApproximation) {
        let posterior = laplace.posterior
        let (σ2, lambda) = (posterior.noiseVariance, 1 / posterior.priorVariance)
        let f = posterior.network.forward(posterior.inputs, count: posterior.targets.count, parameters: laplace.mean)
        let k = laplace.indices.count
        let values: [Double]
        switch laplace.structure {
        case .diagonal:
            values = laplace.precision.map { σ2 * ($0 - lambda) }
        case .full:
            let m = (0..<(k * k)).map { i in σ2 * (laplace.precision[i] - (i / k == i % k ? lambda : 0)) }
            values = symmetricEigenvalues(m, size: k)
        case .kronecker:
            values = laplace.blocks.flatMap { block in block.eigenvalues(plus: 0).map { σ2 * $0 } }
        }
        self.init(dataCount: posterior.targets.count,
                  squaredError: zip(f, posterior.targets).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) },
                  squaredWeights: laplace.indices.reduce(0.0) { $0 + laplace.mean[$1] * laplace.mean[$1] },
                  curvatureEigenvalues: values)
    }

    /// The Laplace log evidence at prior variance s² and noise variance σ² (−∞ where P is not
    /// positive definite).
    public func logEvidence(priorVariance s2: Double, noiseVariance σ2: Double) -> Double {
        let (lambda, beta, n, k) = (1 / s2, 1 / σ2, Double(dataCount), Double(curvatureEigenvalues.count))
        var logDet = 0.0
        for e in curvatureEigenvalues {
            let v = beta * e + lambda
            guard v > 0 else { return -.infinity }
            logDet += Elementary.log(v)
        }
        return 0.5 * n * Elementary.log(beta / (2 * Double.pi)) - 0.5 * beta * squaredError + 0.5 * k * Elementary.log(lambda)
            - 0.5 * lambda * squaredWeights - 0.5 * logDet
    }

    /// γ = Σᵢ β eᵢ/(β eᵢ + λ): how many parameters the data determine (MacKay 1992).
    public func effectiveParameters(priorVariance s2: Double, noiseVariance σ2: Double) -> Double {
        let (lambda, beta) = (1 / s2, 1 / σ2)
        return curvatureEigenvalues.reduce(0.0) { $0 + beta * $1 / (beta * $1 + lambda) }
    }

    /// The gradient of ``logEvidence(priorVariance:noiseVariance:)`` in (ln s², ln σ²):
    /// ½(λE_W − γ) and ½(βE_D − (n − γ)).
    public func gradient(priorVariance s2: Double, noiseVariance σ2: Double) -> (logPriorVariance: Double, logNoiseVariance: Double) {
        let gamma = effectiveParameters(priorVariance: s2, noiseVariance: σ2)
        return (0.5 * (squaredWeights / s2 - gamma), 0.5 * (squaredError / σ2 - (Double(dataCount) - gamma)))
    }

    /// The s² (and σ², if `tuningNoise`) that maximise the evidence at this w* and curvature, by
    /// MacKay's fixed point s² ← E_W/γ, σ² ← E_D/(n − γ), from the given values until both move
    /// by less than 10⁻¹² relative (at most 10,000 iterations).
    /// - Throws: ``LaplaceError/evidenceDegenerate(_:)`` if E_W or E_D is 0 (the optimum is at 0).
    public func tuned(priorVariance s2: Double, noiseVariance σ2: Double, tuningNoise: Bool = true) throws -> (priorVariance: Double, noiseVariance: Double) {
        guard squaredWeights > 0 else { throw LaplaceError.evidenceDegenerate("w* = 0, so the evidence grows without bound as s² → 0") }
        guard !tuningNoise || squaredError > 0 else { throw LaplaceError.evidenceDegenerate("the fit leaves no residual, so the evidence grows without bound as σ² → 0") }
        var (s, v) = (s2, σ2)
        for _ in 0..<10_000 {
            let gamma = effectiveParameters(priorVariance: s, noiseVariance: v)
            let nextS = squaredWeights / gamma
            let nextV = tuningNoise ? squaredError / (Double(dataCount) - gamma) : v
            let moved = max(abs(nextS / s - 1), abs(nextV / v - 1))
            (s, v) = (nextS, nextV)
            if moved < 1e-12 { break }
        }
        return (s, v)
    }
}
