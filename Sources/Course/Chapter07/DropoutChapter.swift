import Autodiff
import Datasets
import Inference
import Probability

/// Lecture 7 — MC dropout and variational dropout — as functions of one ``Settings`` value.
///
/// Streams of the seed: the Mauna Loa network k from stream 80 + k, the running example's MC-dropout
/// networks each from stream 85, the Monte Carlo KL from stream 86, the local-reparameterisation
/// comparison from stream 87, variational dropout from stream 88; the running example and the HMC
/// reference as in ``ReferencePosterior``.
public enum DropoutChapter {
    /// The running example's 40 points for the seed.
    public static func data(_ s: Settings) -> RegressionData {
        ReferencePosterior.data(seed: s.seed)
    }

    /// The running example's prediction grid on [−1.5, 1.5].
    public static func grid(_ s: Settings) -> [Double] {
        RunningExample.testGrid(count: s.gridCount)
    }

    /// The HMC reference for the seed (4 chains; ``Settings/referenceDraws`` draws each).
    public static func reference(_ s: Settings, data: RegressionData) async throws -> [Chain] {
        try await ReferencePosterior.chains(seed: s.seed, data: data, draws: s.referenceDraws, maximumLeapfrogSteps: s.referenceLeapfrogSteps)
    }

    /// MC dropout's KL term with keep probability p and prior N(0, σ²I), up to a constant:
    /// (p/(2σ²))‖θ‖², and its derivative (p/σ²)θ, by autodiff, at ``Settings/klCheckWeights``.
    public static func klTermCheck(_ s: Settings) -> (value: Double, gradient: [Double]) {
        let kl = valueWithGradient(at: Tensor(s.klCheckWeights)) { v in square(v).sum() * (s.klCheckKeep / (2 * s.klCheckPriorVariance)) }
        return (kl.value, kl.gradient.scalars)
    }
}
