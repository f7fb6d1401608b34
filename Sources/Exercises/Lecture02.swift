import Foundation
import NumericalMethods
import Inference
import Probability

// Lecture 2 exercises (Metropolis–Hastings). Reference solutions between the markers.

/// Exercise 2.1 — the acceptance probability with a log-normal proposal.
///
/// The chain is at σ > 0 and proposes σ′ = σ e^{s z}. Given ln π(σ) and ln π(σ′), return
/// α = min(1, π(σ′) q(σ | σ′) / (π(σ) q(σ′ | σ))), where for this proposal
/// q(σ | σ′) / q(σ′ | σ) = σ′/σ.
public func exercise2_1_acceptanceProbability(current: Double, proposed: Double, logTargetCurrent: Double, logTargetProposed: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 2.1 (asymmetric acceptance)
    let logRatio = logTargetProposed - logTargetCurrent + Elementary.log(proposed) - Elementary.log(current)
    return min(1, Elementary.exp(logRatio))
    // END SOLUTION
}

/// Exercise 2.2 — the effective sample size from an autocorrelation sequence.
///
/// Given N and the autocorrelations ρ₀ = 1, ρ₁, ρ₂, … of a chain, return
/// ESS = N / τ with τ = −1 + 2 Σ_k P_k, P_k = ρ_{2k} + ρ_{2k+1}, summing while P_k > 0
/// (Geyer's initial positive sequence).
public func exercise2_2_effectiveSampleSize(count n: Int, autocorrelations rho: [Double]) throws -> Double {
    // BEGIN SOLUTION: Exercise 2.2 (ESS from autocorrelations)
    var tau = -1.0
    var k = 0
    while 2 * k + 1 < rho.count {
        let pair = rho[2 * k] + rho[2 * k + 1]
        if pair <= 0 { break }
        tau += 2 * pair
        k += 1
    }
    return Double(n) / tau
    // END SOLUTION
}

/// Exercise 2.3 — tune the random-walk scale to a target acceptance rate.
///
/// For the 1-D standard normal target and the proposal x′ = x + s z, find s such that the
/// chain accepts a fraction `targetAcceptance` of its proposals. Use `MetropolisHastings` to
/// measure acceptance rates (seeded from `seed`) and bisect on ln s.
public func exercise2_3_tuneScale(targetAcceptance: Double, seed: UInt64) throws -> Double {
    // BEGIN SOLUTION: Exercise 2.3 (tune the scale)
    let target: LogDensity = { x in -0.5 * x[0] * x[0] }
    var (low, high) = (Elementary.log(0.01), Elementary.log(100.0))
    for iteration in 0..<30 {
        let mid = (low + high) / 2
        var rng = Xoshiro256(seed: seed, stream: iteration)
        let chain = try MetropolisHastings(proposal: .randomWalk(scale: Elementary.exp(mid)), warmup: 500)
            .sample(target, from: [0], steps: 40_000, using: &rng)
        if chain.acceptanceRate > targetAcceptance { low = mid } else { high = mid }
    }
    return Elementary.exp((low + high) / 2)
    // END SOLUTION
}
