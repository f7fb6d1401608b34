import Foundation
import NumericalMethods

/// A learning rate η_t as a function of the step t = 0, 1, 2, ….
public enum LearningRateSchedule: Sendable, Equatable {
    /// η_t = η.
    case constant(Double)
    /// η_t = η · factor^⌊t / every⌋.
    case step(Double, every: Int, factor: Double)
    /// Cosine annealing from η to η_min over `period` steps, restarting after each period
    /// (Loshchilov & Hutter 2017): η_t = η_min + ½(η − η_min)(1 + cos(π (t mod period)/period)).
    case cosine(Double, period: Int, minimum: Double)

    /// The rate at step `t`.
    public func rate(at t: Int) -> Double {
        switch self {
        case .constant(let eta):
            return eta
        case .step(let eta, let every, let factor):
            return eta * Elementary.pow(factor, Double(t / max(every, 1)))
        case .cosine(let eta, let period, let minimum):
            let phase = Double(t % max(period, 1)) / Double(max(period, 1))
            return minimum + 0.5 * (eta - minimum) * (1 + Elementary.cos(Double.pi * phase))
        }
    }
}
