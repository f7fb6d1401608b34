import Foundation
import NumericalMethods
import Probability

/// Langevin samplers: the Euler–Maruyama discretisation of the Langevin diffusion
/// dx = ½∇ln π(x) dt + dW, i.e. with U = −ln π,
///
/// x′ = x − (ε/2)∇U(x) + η, η ~ N(0, ε I).
///
/// Unadjusted (ULA, Roberts & Tweedie 1996) it accepts every step and samples a distribution
/// that is close to π only for small ε; Metropolis-adjusted (MALA) it uses that step as an MH
/// proposal, q(x′|x) = N(x + (ε/2)∇ln π(x), ε I), and is exact for any ε.
public struct Langevin: Sendable {
    public var stepSize: Double
    public var metropolisAdjusted: Bool
    public var warmup = 0
    public var thin = 1

    public init(stepSize: Double, metropolisAdjusted: Bool, warmup: Int = 0, thin: Int = 1) {
        self.stepSize = stepSize
        self.metropolisAdjusted = metropolisAdjusted
        self.warmup = warmup
        self.thin = thin
    }

    public func sample(_ target: LogDensityGradient, from initial: [Double], steps: Int, using rng: inout Xoshiro256) throws -> Chain {
        try SamplerError.validate(stepSize: stepSize, steps: steps, thin: thin, warmup: warmup)
        let d = initial.count
        var x = initial
        var (logP, g) = target(x)
        guard logP.isFinite else { throw SamplerError.nonFiniteStart(logP) }
        let eps = stepSize, noise = stepSize.squareRoot()
        var candidate = x
        var draws = [Double]()
        draws.reserveCapacity(steps / thin * d + d)
        var accepted = 0
        for t in 0..<(warmup + steps) {
            rng.normals(into: &candidate)   // z, then the step in place
            for i in 0..<d { candidate[i] = x[i] + 0.5 * eps * g[i] + noise * candidate[i] }
            let (logPCandidate, gCandidate) = target(candidate)
            var accept = true
            if metropolisAdjusted {
                // ln q(x|x′) − ln q(x′|x) with q(b|a) ∝ exp(−‖b − a − (ε/2)∇ln π(a)‖² / (2ε)).
                var forward = 0.0, backward = 0.0
                for i in 0..<d {
                    let f = candidate[i] - x[i] - 0.5 * eps * g[i]
                    let b = x[i] - candidate[i] - 0.5 * eps * gCandidate[i]
                    forward += f * f; backward += b * b
                }
                let alpha = logPCandidate.isNaN ? 0
                    : metropolisHastingsAcceptance(logTargetRatio: logPCandidate - logP, logHastingsCorrection: (forward - backward) / (2 * eps))
                accept = rng.uniform() < alpha
            } else if !logPCandidate.isFinite || gCandidate.contains(where: { !$0.isFinite }) {
                throw SamplerError.nonFiniteState(step: t)
            }
            if accept {
                swap(&x, &candidate)
                logP = logPCandidate
                g = gCandidate
            }
            if t >= warmup {
                if accept { accepted += 1 }
                if (t - warmup) % thin == 0 { draws.append(contentsOf: x) }
            }
        }
        return Chain(dimension: d, draws: draws, acceptanceRate: Double(accepted) / Double(steps),
                     evaluations: warmup + steps + 1, stepSize: stepSize)
    }
}

/// The step-size schedule of stochastic gradient Langevin dynamics (Welling & Teh 2011):
/// ε_t = a (b + t)^(−γ), with γ ∈ (0.5, 1] so that Σε_t = ∞ and Σε_t² < ∞.
public struct SGLDSchedule: Sendable, Equatable {
    public let a: Double, b: Double, gamma: Double

    public init(a: Double, b: Double, gamma: Double) {
        self.a = a; self.b = b; self.gamma = gamma
    }

    /// The schedule that decays from `first` to `last` over `steps` steps with exponent γ.
    public init(from first: Double, to last: Double, over steps: Int, gamma: Double = 0.55) {
        // first = a b^−γ, last = a (b + steps)^−γ  ⇒  b = steps / ((first/last)^(1/γ) − 1).
        let b = Double(steps) / (Elementary.pow(first / last, 1 / gamma) - 1)
        self.init(a: first * Elementary.pow(b, gamma), b: b, gamma: gamma)
    }

    /// ε_t.
    public func stepSize(at t: Int) -> Double { a * Elementary.pow(b + Double(t), -gamma) }
}

/// Stochastic gradient Langevin dynamics (Welling & Teh 2011):
/// θ_{t+1} = θ_t + (ε_t/2) ĝ(θ_t) + η_t, η_t ~ N(0, ε_t I), where
/// ĝ(θ) = ∇ln p(θ) + (N/B) Σ_{i ∈ batch} ∇ln p(x_i | θ) is an unbiased estimate of the gradient
/// of the log posterior from a mini-batch of B of the N points. No accept/reject step.
public struct SGLD: Sendable {
    public var schedule: SGLDSchedule
    public var thin = 1

    public init(schedule: SGLDSchedule, thin: Int = 1) {
        self.schedule = schedule
        self.thin = thin
    }

    /// - Parameter stochasticGradient: ĝ at θ for step t (draw the mini-batch from `rng`).
    public func sample(stochasticGradient: (_ θ: [Double], _ t: Int, _ rng: inout Xoshiro256) -> [Double],
                       from initial: [Double], steps: Int, using rng: inout Xoshiro256) throws -> Chain {
        try SamplerError.validate(stepSize: schedule.stepSize(at: 0), steps: steps, thin: thin, warmup: 0)
        var θ = initial
        var draws = [Double]()
        draws.reserveCapacity(steps / thin * θ.count + θ.count)
        for t in 0..<steps {
            let eps = schedule.stepSize(at: t)
            let g = stochasticGradient(θ, t, &rng)
            let noise = eps.squareRoot()
            let z = rng.normals(θ.count)
            for i in 0..<θ.count { θ[i] += 0.5 * eps * g[i] + noise * z[i] }
            if !θ.allSatisfy(\.isFinite) { throw SamplerError.nonFiniteState(step: t) }
            if t % thin == 0 { draws.append(contentsOf: θ) }
        }
        return Chain(dimension: θ.count, draws: draws, acceptanceRate: 1, evaluations: steps, stepSize: schedule.stepSize(at: steps - 1))
    }
}
