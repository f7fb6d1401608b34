import Autodiff
import Datasets
import Inference
import Probability

/// Lecture 7 — MC dropout and variational dropout — as functions of one ``Settings`` value.
///
/// Streams of the seed: the Mauna Loa network k from stream 80 + k, the running example's MC-dropout
/// networks each from stream 85, the Monte Carlo KL from stream 86, the local-reparameterisation
/// comparison from stream 87, variational dropout from stream 88; the running example and the NUTS
/// reference as in ``ReferencePosterior``.
public enum DropoutChapter {

    /// MC dropout's KL term with keep probability p and prior N(0, σ²I), up to a constant:
    /// (p/(2σ²))‖θ‖², and its derivative (p/σ²)θ, by autodiff, at ``Settings/klCheckWeights``.
    public static func klTermCheck(_ s: Settings) -> (value: Double, gradient: [Double]) {
        let kl = valueWithGradient(at: Tensor(s.klCheckWeights)) { v in square(v).sum() * (s.klCheckKeep / (2 * s.klCheckPriorVariance)) }
        return (kl.value, kl.gradient.scalars)
    }
}
