import Foundation

// Lecture 8 exercises (scoring predictives). Reference solutions between the markers.

/// Exercise 8.1 — coverage of central prediction intervals (PICP).
///
/// Return the fraction of targets yᵢ with |yᵢ − μᵢ| ≤ z σᵢ: the coverage of the intervals μ ± z σ
/// (z = 1.96 for 95% under a Gaussian predictive).
public func exercise8_1_coverage(mean: [Double], standardDeviation: [Double], targets: [Double], z: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 8.1 (coverage)
    let inside = targets.indices.filter { abs(targets[$0] - mean[$0]) <= z * standardDeviation[$0] }.count
    return Double(inside) / Double(targets.count)
    // END SOLUTION
}

/// Exercise 8.2 — the 1-Wasserstein distance between two samples of the same size.
///
/// For equal sizes n, W₁ = (1/n) Σᵢ |a₍ᵢ₎ − b₍ᵢ₎| with a₍ᵢ₎, b₍ᵢ₎ the sorted samples: match the
/// smallest with the smallest, and so on.
public func exercise8_2_wasserstein(_ a: [Double], _ b: [Double]) throws -> Double {
    // BEGIN SOLUTION: Exercise 8.2 (1-Wasserstein)
    return zip(a.sorted(), b.sorted()).reduce(0.0) { $0 + abs($1.0 - $1.1) } / Double(a.count)
    // END SOLUTION
}

/// Exercise 8.3 — a score over splits: mean ± standard error.
///
/// Return the mean m of the k values and their standard error s/√k, with s² = Σ (vᵢ − m)² / (k − 1).
public func exercise8_3_meanAndStandardError(_ values: [Double]) throws -> (mean: Double, standardError: Double) {
    // BEGIN SOLUTION: Exercise 8.3 (mean ± SE)
    let k = Double(values.count)
    let m = values.reduce(0, +) / k
    let s2 = values.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / (k - 1)
    return (m, (s2 / k).squareRoot())
    // END SOLUTION
}
