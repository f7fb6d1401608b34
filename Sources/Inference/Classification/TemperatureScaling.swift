import Foundation
import NumericalMethods

extension ClassificationMetrics {
    /// Temperature scaling of a predictive made of several draws (ensemble members, dropout passes,
    /// posterior draws): the T > 0 that minimises the validation NLL of the average
    /// (1/S) Σₛ softmax(z⁽ˢ⁾/T), one T for every draw, by golden-section search on ln T ∈ [ln 0.05, ln 20].
    /// The average is not convex in 1/T, so the search may stop at a local minimum; if that is worse
    /// than T = 1, T = 1 is returned: temperature scaling never raises the validation NLL.
    /// With one draw this is Guo et al.'s (2017) temperature scaling.
    public static func fitTemperature(logitDraws: [[Double]], classes k: Int, labels: [Int]) -> Double {
        func nll(_ logT: Double) -> Double {
            validationNLL(logitDraws: logitDraws, classes: k, labels: labels, temperature: Elementary.exp(logT))
        }
        var (a, b) = (Elementary.log(0.05), Elementary.log(20.0))
        let ratio = (5.0.squareRoot() - 1) / 2
        var (c, d) = (b - ratio * (b - a), a + ratio * (b - a))
        var (fc, fd) = (nll(c), nll(d))
        for _ in 0..<60 {
            if fc < fd { (b, d, fd) = (d, c, fc); c = b - ratio * (b - a); fc = nll(c) }
            else { (a, c, fc) = (c, d, fd); d = a + ratio * (b - a); fd = nll(d) }
        }
        let t = Elementary.exp((a + b) / 2)
        return nll(Elementary.log(t)) <= nll(0) ? t : 1
    }

    /// The NLL of (1/S) Σₛ softmax(z⁽ˢ⁾/T) against labels.
    public static func validationNLL(logitDraws: [[Double]], classes k: Int, labels: [Int], temperature t: Double) -> Double {
        negativeLogLikelihood(ClassPredictive(logits: logitDraws.map { $0.map { $0 / t } }, classes: k).mean, classes: k, labels: labels)
    }
}
