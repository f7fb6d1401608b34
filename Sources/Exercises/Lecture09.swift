import Course
import Foundation

// Lecture 9 exercises (scoring predictives). Reference solutions between the markers.

/// Exercise 9.1 — coverage of central prediction intervals (PICP).
///
/// Return the fraction of targets yᵢ with |yᵢ − μᵢ| ≤ z σᵢ: the coverage of the intervals μ ± z σ
/// (z = 1.96 for 95% under a Gaussian predictive).
public func exercise9_1_coverage(mean: [Double], standardDeviation: [Double], targets: [Double], z: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 9.1 (coverage)
    let inside = targets.indices.filter { abs(targets[$0] - mean[$0]) <= z * standardDeviation[$0] }.count
    return Double(inside) / Double(targets.count)
    // END SOLUTION
}

/// Exercise 9.2 — the 1-Wasserstein distance between two samples of the same size.
///
/// For equal sizes n, W₁ = (1/n) Σᵢ |a₍ᵢ₎ − b₍ᵢ₎| with a₍ᵢ₎, b₍ᵢ₎ the sorted samples: match the
/// smallest with the smallest, and so on.
public func exercise9_2_wasserstein(_ a: [Double], _ b: [Double]) throws -> Double {
    // BEGIN SOLUTION: Exercise 9.2 (1-Wasserstein)
    return zip(a.sorted(), b.sorted()).reduce(0.0) { $0 + abs($1.0 - $1.1) } / Double(a.count)
    // END SOLUTION
}

/// Exercise 9.3 — a score over splits: mean ± standard error.
///
/// Return the mean m of the k values and their standard error s/√k, with s² = Σ (vᵢ − m)² / (k − 1).
public func exercise9_3_meanAndStandardError(_ values: [Double]) throws -> (mean: Double, standardError: Double) {
    // BEGIN SOLUTION: Exercise 9.3 (mean ± SE)
    let k = Double(values.count)
    let m = values.reduce(0, +) / k
    let s2 = values.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / (k - 1)
    return (m, (s2 / k).squareRoot())
    // END SOLUTION
}

/// Exercise 9.4 — an experiment: how many members does a deep ensemble need?
///
/// The chapter's deep ensemble has 5 members, and outside the data it is far from the NUTS
/// reference. Before running anything, predict: with 1 member (the MAP from one start), 5 and 20,
/// does the 1-Wasserstein distance to the reference outside the data (|x| > 0.7) fall steadily,
/// and does 20 come near the second NUTS run's floor (about 0.02)?
///
/// Then measure it. For each M in `members`, run the chapter's deep ensemble
/// (``ComparisonChapter/methods(_:data:skipping:progress:)`` with every other method skipped) at
/// `Settings.standard(seed: 1)` with ``ComparisonChapter/Settings/ensembleMembers`` = M, and score it
/// against seed 1's NUTS reference (``ComparisonChapter/reference(_:data:run:)``,
/// ``ComparisonChapter/scores(_:_:reference:)``). Return its W₁ outside the data, one per M.
/// Explain what you see: what can five or twenty modes show of a posterior whose functions fan
/// out between the modes?
public func exercise9_4_ensembleSize(members: [Int]) async throws -> [Double] {
    // BEGIN SOLUTION: Exercise 9.4 (ensemble size)
    let s = ComparisonChapter.Settings.standard(seed: 1)
    let data = ReferencePosterior.data(seed: s.seed)
    let reference = try await ComparisonChapter.reference(s, data: data)
    let predictive = RunningExampleComparison.predictive(reference.chains.flatMap { c in (0..<c.count).map { c.draw($0) } })
    let others = ["MAP", "random-walk MH", "SGLD", "NUTS", "snapshot", "SWAG", "Bayes-by-Backprop", "MC dropout", "variational dropout", "Laplace"]
    var distances = [Double]()
    for m in members {
        let ensemble = try await ComparisonChapter.methods(s.with(\.ensembleMembers, m), data: data, skipping: others)
        distances.append(ComparisonChapter.scores(s, ensemble, reference: predictive)[0].regions[2])
    }
    return distances
    // END SOLUTION
}
