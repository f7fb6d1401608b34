import Foundation
import NumericalMethods

/// Nesterov dual averaging of ln ε toward a target acceptance statistic δ (Hoffman & Gelman
/// 2014, Algorithm 6, with Stan's constants γ = 0.05, t₀ = 10, κ = 0.75):
///
///   H̄ₘ = (1 − 1/(m + t₀)) H̄ₘ₋₁ + (δ − min(1, αₘ))/(m + t₀),
///   ln εₘ = μ − (√m/γ) H̄ₘ,   ln ε̄ₘ = m^{−κ} ln εₘ + (1 − m^{−κ}) ln ε̄ₘ₋₁,
///
/// with μ = ln(10 ε₀). During warm-up the sampler uses εₘ; afterwards the averaged ε̄.
public struct DualAveraging: Sendable, Equatable {
    public var target: Double
    public var gamma = 0.05, t0 = 10.0, kappa = 0.75
    private(set) var mu: Double
    private(set) var hBar = 0.0, logStepBar = 0.0, count = 0.0

    /// Starts averaging around ε₀ (μ = ln 10ε₀).
    public init(initialStepSize eps0: Double, target: Double) {
        self.target = target
        mu = Elementary.log(10 * eps0)
    }

    /// Feeds one acceptance statistic α; returns the step size to use next, εₘ.
    public mutating func update(acceptance alpha: Double) -> Double {
        count += 1
        hBar = (1 - 1 / (count + t0)) * hBar + (target - min(1, alpha)) / (count + t0)
        let logStep = mu - count.squareRoot() / gamma * hBar
        let eta = Elementary.pow(count, -kappa)
        logStepBar = eta * logStep + (1 - eta) * logStepBar
        return Elementary.exp(logStep)
    }

    /// The averaged step size ε̄, used after warm-up.
    public var finalStepSize: Double { Elementary.exp(logStepBar) }
}

/// Stan's warm-up schedule for the mass matrix: an initial fast interval (step size only), a
/// series of slow windows, each twice as long as the one before, at the end of which the
/// inverse mass matrix is set from the draws of that window, and a terminal fast interval. With
/// fewer than 150 warm-up iterations the three parts take 15%, 75% and 10%.
public struct AdaptationWindows: Sendable, Equatable {
    /// The iterations (0-based, within the warm-up) after which a window ends and the metric is updated.
    public let windowEnds: [Int]
    /// Where each window starts.
    public let windowStarts: [Int]

    public init(warmup: Int, initialBuffer: Int = 75, terminalBuffer: Int = 50, baseWindow: Int = 25) {
        guard warmup >= 20 else { windowEnds = []; windowStarts = []; return }
        var (initBuffer, termBuffer, base) = (initialBuffer, terminalBuffer, baseWindow)
        if initBuffer + termBuffer + base > warmup {
            initBuffer = Int(0.15 * Double(warmup))
            termBuffer = Int(0.1 * Double(warmup))
            base = warmup - initBuffer - termBuffer
        }
        var starts = [Int](), ends = [Int]()
        var start = initBuffer, size = base
        let slowEnd = warmup - termBuffer
        while start < slowEnd {
            var end = start + size
            // A later window that would leave less than twice its successor's size before the
            // terminal buffer absorbs the rest (Stan's compute_next_window; never the first).
            if !starts.isEmpty && end + 2 * size > slowEnd { end = slowEnd }
            starts.append(start); ends.append(end - 1)
            start = end
            size *= 2
        }
        windowStarts = starts
        windowEnds = ends
    }

    /// The window that iteration `t` of the warm-up belongs to, if any.
    public func window(containing t: Int) -> Int? {
        windowStarts.indices.first { windowStarts[$0] <= t && t <= windowEnds[$0] }
    }
}
