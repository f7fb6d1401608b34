import Foundation
import Testing
import Course
import Exercises
import Inference
import Probability

@Test("Exercise 9.1: coverage by hand, and 95% within 4 standard errors for a Gaussian predictive scored on its own draws")
func exercise9_1() throws {
    #expect(try exercise9_1_coverage(mean: [0, 0, 0, 0], standardDeviation: [1, 1, 2, 1], targets: [0.5, -1.5, 1.5, 2.5], z: 1) == 0.5)
    var rng = Xoshiro256(seed: 81)
    let n = 20_000
    let mu = (0..<n).map { _ in rng.normal() }, sd = (0..<n).map { _ in 0.5 + rng.uniform() }
    let y = (0..<n).map { mu[$0] + sd[$0] * rng.normal() }
    let c = try exercise9_1_coverage(mean: mu, standardDeviation: sd, targets: y, z: 1.959963984540054)
    #expect(abs(c - 0.95) < 4 * (0.95 * 0.05 / Double(n)).squareRoot())
    #expect(c == predictionIntervals(mean: mu, standardDeviation: sd, targets: y, level: 0.95).coverage)
}

@Test("Exercise 9.2: W₁ is 0 between a sample and its permutation, the shift between shifted samples, and agrees with the library's")
func exercise9_2() throws {
    #expect(try exercise9_2_wasserstein([3, 1, 2], [2, 3, 1]) == 0)
    #expect(abs(try exercise9_2_wasserstein([0, 1, 2, 3], [0.5, 1.5, 2.5, 3.5]) - 0.5) < 1e-15)
    #expect(abs(try exercise9_2_wasserstein([0, 0, 0, 4], [1, 1, 1, 1]) - 1.5) < 1e-15)
    var rng = Xoshiro256(seed: 82)
    let a = (0..<1000).map { _ in rng.normal() }, b = (0..<1000).map { _ in 2 * rng.normal() }
    // The library reads the quantile functions on 1,000 levels: with 1,000 points each, the same sum.
    #expect(abs(try exercise9_2_wasserstein(a, b) - wasserstein1(a, b)) < 1e-12)
}

@Test("Exercise 9.3: mean ± SE by hand and against the library")
func exercise9_3() throws {
    let r = try exercise9_3_meanAndStandardError([2, 4, 4, 6])
    #expect(r.mean == 4 && abs(r.standardError - (8.0 / 3 / 4).squareRoot()) < 1e-15)
    let values = [2.9, 3.4, 2.2, 3.9, 3.1]
    let lib = meanAndStandardError(values)
    #expect(abs(try exercise9_3_meanAndStandardError(values).standardError - lib.standardError) < 1e-15)
}

/// Measured at seed 1 (standard settings): W₁ outside the data 0.182 (1 member), 0.170 (5), 0.160
/// (20), against the second NUTS run's 0.019: more modes help slowly, and twenty are still far from
/// the posterior's spread between and around them.
@Test("Exercise 9.4: the deep ensemble's W₁ outside the data, measured for 1, 5 and 20 members, is the chapter's own computation and falls with the ensemble's size")
func exercise9_4() async throws {
    let measured = try await exercise9_4_ensembleSize(members: [1, 5, 20])
    #expect(measured.count == 3)
    // The chapter's 5-member deep ensemble at seed 1, computed here from the library.
    let s = ComparisonChapter.Settings.standard(seed: 1)
    let data = ReferencePosterior.data(seed: 1)
    let reference = try await ComparisonChapter.reference(s, data: data)
    let predictive = RunningExampleComparison.predictive(reference.chains.flatMap { c in (0..<c.count).map { c.draw($0) } })
    let ensemble = try await ComparisonChapter.methods(s, data: data, skipping: ["MAP", "random-walk MH", "SGLD", "NUTS", "snapshot", "SWAG",
                                                                                "Bayes-by-Backprop", "MC dropout", "variational dropout", "Laplace"])
    #expect(ensemble.count == 1 && ensemble[0].name.hasPrefix("deep ensemble"))
    #expect(abs(measured[1] - ComparisonChapter.scores(s, ensemble, reference: predictive)[0].regions[2]) < 1e-12)
    #expect(measured[0] > measured[1] && measured[1] > measured[2], "\(measured)")
    print("exercise 8.4 measured: \(measured)")
}
