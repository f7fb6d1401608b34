import Foundation

// Lecture 9 exercises (the emulator and its uncertainty). Reference solutions between the markers.

/// Exercise 9.1 — an autoregressive rollout.
///
/// Given the emulator's increment f (u(t) ↦ u(t + Δt) − u(t)), return the states u₀, u₁, …, u_steps with
/// u_{k+1} = u_k + f(u_k).
public func exercise9_1_rollout(_ u0: [Double], steps: Int, increment f: ([Double]) -> [Double]) throws -> [[Double]] {
    // BEGIN SOLUTION: Exercise 9.1 (rollout)
    var states = [u0]
    for _ in 0..<steps { states.append(zip(states.last!, f(states.last!)).map(+)) }
    return states
    // END SOLUTION
}

/// Exercise 9.2 — the trust horizon.
///
/// `curve[k]` is a rollout's RMS error (or predicted sd) after k + 1 steps of length Δt. Return the
/// time (k + 1)·Δt of the first value above `tolerance`, or (curve.count + 1)·Δt if none is.
public func exercise9_2_trustHorizon(_ curve: [Double], tolerance: Double, timeStep dt: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 9.2 (trust horizon)
    return Double((curve.firstIndex { $0 > tolerance } ?? curve.count) + 1) * dt
    // END SOLUTION
}

/// Exercise 9.3 — Spearman's rank correlation without ties.
///
/// For samples without ties, ρ = 1 − 6 Σ dᵢ² / (n(n² − 1)), dᵢ the difference of the ranks of aᵢ and bᵢ.
public func exercise9_3_spearman(_ a: [Double], _ b: [Double]) throws -> Double {
    // BEGIN SOLUTION: Exercise 9.3 (Spearman)
    func ranks(_ v: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: v.count)
        for (rank, i) in v.indices.sorted(by: { v[$0] < v[$1] }).enumerated() { r[i] = Double(rank + 1) }
        return r
    }
    let (ra, rb) = (ranks(a), ranks(b))
    let n = Double(a.count)
    return 1 - 6 * zip(ra, rb).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / (n * (n * n - 1))
    // END SOLUTION
}
