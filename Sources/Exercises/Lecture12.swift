import Course
import Foundation

// Lecture 12 exercises (the emulator and its uncertainty). Reference solutions between the markers.

/// Exercise 12.1 — an autoregressive rollout.
///
/// Given the emulator's increment f (u(t) ↦ u(t + Δt) − u(t)), return the states u₀, u₁, …, u_steps with
/// u_{k+1} = u_k + f(u_k).
public func exercise12_1_rollout(_ u0: [Double], steps: Int, increment f: ([Double]) -> [Double]) throws -> [[Double]] {
    // BEGIN SOLUTION: Exercise 12.1 (rollout)
    var states = [u0]
    for _ in 0..<steps { states.append(zip(states.last!, f(states.last!)).map(+)) }
    return states
    // END SOLUTION
}

/// Exercise 12.2 — the trust horizon.
///
/// `curve[k]` is a rollout's RMS error (or predicted sd) after k + 1 steps of length Δt. Return the
/// time (k + 1)·Δt of the first value above `tolerance`, or (curve.count + 1)·Δt if none is.
public func exercise12_2_trustHorizon(_ curve: [Double], tolerance: Double, timeStep dt: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 12.2 (trust horizon)
    return Double((curve.firstIndex { $0 > tolerance } ?? curve.count) + 1) * dt
    // END SOLUTION
}

/// Exercise 12.3 — Spearman's rank correlation without ties.
///
/// For samples without ties, ρ = 1 − 6 Σ dᵢ² / (n(n² − 1)), dᵢ the difference of the ranks of aᵢ and bᵢ.
public func exercise12_3_spearman(_ a: [Double], _ b: [Double]) throws -> Double {
    // BEGIN SOLUTION: Exercise 12.3 (Spearman)
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

/// Exercise 12.4 — an experiment: train on what you will meet.
///
/// The chapter's emulator is trained on amplitudes 0.25–1 and is an order of magnitude worse on
/// amplitudes 1.5–2. Widen the training family to amplitudes 0.25–2 (same modes 1–3), so that the
/// "out-of-distribution" test family now lies inside it. Before running anything, predict the deep
/// ensemble's ratio of rollout RMS errors, out of distribution over in distribution, for the
/// chapter's training family and for the wide one: does it fall to about 1, and does the error in
/// distribution get worse when the same network has to cover a wider family? (At these small
/// settings the answer may surprise you; say why.)
///
/// Then measure it at `EmulatorChapter.Settings.quick(seed: 1)` (40 trajectories, 1,500 Adam
/// steps, 3 members, a few seconds): for each training family, ``EmulatorChapter/trainingData(_:from:)``,
/// ``EmulatorChapter/members(_:data:isolation:)``, and on the chapter's two test sets
/// (``EmulatorChapter/testSet(_:_:)``) the ensemble's ``RolloutScores/rolloutError``. Return the
/// ratio out/in and the in-distribution rollout error for each family. Explain: what does the
/// ensemble's error out of distribution owe to the method, and what to the training data?
public func exercise12_4_widerTraining() async throws -> (narrow: (ratio: Double, inside: Double), wide: (ratio: Double, inside: Double)) {
    // BEGIN SOLUTION: Exercise 12.4 (train on what you will meet)
    let s = EmulatorChapter.Settings.quick(seed: 1)
    var results = [(ratio: Double, inside: Double)]()
    for family in [BurgersEmulator.InitialConditions.training, BurgersEmulator.InitialConditions(modes: 1...3, amplitudes: 0.25...2.0)] {
        let data = EmulatorChapter.trainingData(s, from: family)
        let members = try await EmulatorChapter.members(s, data: data)
        let errors = EmulatorChapter.Family.allCases.map { test -> Double in
            let set = EmulatorChapter.testSet(s, test)
            return EmulatorChapter.ensembleRollouts(s, members: members, from: set.initial).scores(truth: set.truth, tolerance: s.tolerance).rolloutError
        }
        results.append((errors[1] / errors[0], errors[0]))
    }
    return (results[0], results[1])
    // END SOLUTION
}
