import Foundation
import NumericalMethods

// Lecture 3 exercises (Langevin dynamics, SGLD, HMC). Reference solutions between the markers.

/// Exercise 3.1 — one leapfrog step for H(q, p) = U(q) + ½‖p‖².
///
/// With `gradLogDensity(q)` = ∇ln π(q) = −∇U(q), return the position and momentum after
/// p ← p + (ε/2)∇ln π(q); q ← q + ε p; p ← p + (ε/2)∇ln π(q).
public func exercise3_1_leapfrogStep(position: [Double], momentum: [Double], stepSize eps: Double,
                                     gradLogDensity: ([Double]) -> [Double]) throws -> (position: [Double], momentum: [Double]) {
    // BEGIN SOLUTION: Exercise 3.1 (one leapfrog step)
    var p = zip(momentum, gradLogDensity(position)).map { $0 + 0.5 * eps * $1 }
    let q = zip(position, p).map { $0 + eps * $1 }
    p = zip(p, gradLogDensity(q)).map { $0 + 0.5 * eps * $1 }
    return (q, p)
    // END SOLUTION
}

/// Exercise 3.2 — the stationary variance of unadjusted Langevin on N(0, σ²).
///
/// ULA with step ε on U(x) = x²/(2σ²) is x′ = (1 − ε/(2σ²)) x + √ε z. Return the variance v of
/// its stationary distribution (solve v = (1 − ε/(2σ²))² v + ε), for 0 < ε < 4σ².
public func exercise3_2_ulaStationaryVariance(sigma2: Double, stepSize eps: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 3.2 (ULA's stationary variance)
    return sigma2 / (1 - eps / (4 * sigma2))
    // END SOLUTION
}

/// Exercise 3.3 — the SGLD step-size schedule ε_t = a (b + t)^(−γ).
///
/// Return a and b such that ε_0 = `first` and ε_T = `last` with T = `steps`.
public func exercise3_3_sgldStepSizes(first: Double, last: Double, steps: Int, gamma: Double) throws -> (a: Double, b: Double) {
    // BEGIN SOLUTION: Exercise 3.3 (the SGLD schedule)
    // first/last = ((b + T)/b)^γ  ⇒  b = T / ((first/last)^(1/γ) − 1), a = first · b^γ.
    let b = Double(steps) / (Elementary.pow(first / last, 1 / gamma) - 1)
    return (first * Elementary.pow(b, gamma), b)
    // END SOLUTION
}
