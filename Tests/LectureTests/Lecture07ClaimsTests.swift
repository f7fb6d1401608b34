import Course
import Foundation
import Testing
import Inference
import Probability

// The numerical claims of Lecture 7 (MC dropout, variational dropout), one test each. The running
// example's claims rest on the chapter's sweep: seeds 1…5 at the standard settings (the reference's
// model 1→10→1 tanh, prior N(0, I), noise sd 0.05), run once and shared by the tests below.
// Statistical tolerances are in standard errors over the seeds; differences between two methods are
// taken seed by seed (same data, same reference), then summarised as mean ± SE.

/// The chapter's sweep, run once for every test of this file.
actor Lecture07Sweep {
    static let shared = Lecture07Sweep()
    private var task: Task<[DropoutChapter.RunningExampleRun], Error>?

    func runs() async throws -> [DropoutChapter.RunningExampleRun] {
        if task == nil { task = Task { try await DropoutChapter.sweep(.standard(seed: 1)) } }
        return try await task!.value
    }
}

/// The sd on the data and at the right end of method `i`, per seed.
func lecture07SDs(_ runs: [DropoutChapter.RunningExampleRun], _ i: Int) -> [(onData: Double, gap: Double, rightEnd: Double)] {
    runs.map { ReferencePosterior.standardDeviations($0.methods[i].predictive.moments, on: RunningExampleComparison.grid) }
}

/// mean − k·SE of the per-seed differences a − b.
func lecture07Lower(_ a: [Double], _ b: [Double], k: Double = 3) -> Double {
    let d = meanAndStandardError(zip(a, b).map { $0 - $1 })
    return d.mean - k * d.standardError
}

/// Measured (5 seeds): sd on the data 0.101 ± 0.002, 0.112 ± 0.001, 0.150 ± 0.001 and at the right
/// end 0.110 ± 0.005, 0.130 ± 0.005, 0.164 ± 0.006 for p = 0.05, 0.1, 0.2. Each step up in p widens
/// both, seed by seed, by more than 3 standard errors of the paired difference.
@Test("MC dropout on the reference's model: a larger dropout rate widens the band, on the data and at the right end (5 seeds, > 3 SE)")
func mcDropoutSpreadGrowsWithTheRate() async throws {
    let runs = try await Lecture07Sweep.shared.runs()
    #expect(runs.count == 5)
    for i in 0..<2 {
        let (low, high) = (lecture07SDs(runs, i), lecture07SDs(runs, i + 1))
        #expect(lecture07Lower(high.map(\.onData), low.map(\.onData)) > 0, "\(runs[0].methods[i].name) → \(runs[0].methods[i + 1].name) on the data")
        #expect(lecture07Lower(high.map(\.rightEnd), low.map(\.rightEnd)) > 0, "\(runs[0].methods[i].name) → \(runs[0].methods[i + 1].name) at the right end")
    }
}

/// Measured (5 seeds): the reference's sd is 0.053 ± 0.000 on the data and 0.478 ± 0.034 at the
/// right end; MC dropout's (hidden units dropped, p = 0.05, 0.1, 0.2) 0.101–0.150 on the data and
/// 0.110–0.164 at the right end. Each is wider than the reference on the data by a factor above 1.5
/// and narrower at the right end by a factor below 0.5, with 3 SE on each side.
@Test("MC dropout is too wide on the data and too narrow away from it, at every rate (5 seeds, 3 SE)")
func mcDropoutWrongOnBothSides() async throws {
    let runs = try await Lecture07Sweep.shared.runs()
    let reference = runs.map { ReferencePosterior.standardDeviations($0.reference.moments, on: RunningExampleComparison.grid) }
    let (refData, refRight) = (meanAndStandardError(reference.map(\.onData)), meanAndStandardError(reference.map(\.rightEnd)))
    for i in 0..<3 {
        let sds = lecture07SDs(runs, i)
        let (onData, right) = (meanAndStandardError(sds.map(\.onData)), meanAndStandardError(sds.map(\.rightEnd)))
        #expect(onData.mean - 3 * onData.standardError > 1.5 * (refData.mean + 3 * refData.standardError), "\(runs[0].methods[i].name): \(onData) vs \(refData)")
        #expect(right.mean + 3 * right.standardError < 0.5 * (refRight.mean - 3 * refRight.standardError), "\(runs[0].methods[i].name): \(right) vs \(refRight)")
    }
}

/// Measured (5 seeds): with the input dropped too (p = 0.1) the sd on the data is 0.289 ± 0.007
/// against 0.112 ± 0.001 with only the hidden units dropped, and its W₁ to the reference on the data
/// 0.154 ± 0.002, the largest of the chapter's methods (next: 0.092 ± 0.002, p = 0.2).
@Test("dropping the running example's one input too more than doubles the band on the data and is the farthest from the reference there (5 seeds, 3 SE)")
func inputDropoutWidensTheBandOnTheData() async throws {
    let runs = try await Lecture07Sweep.shared.runs()
    let names = runs[0].methods.map(\.name)
    let (hidden, input) = (names.firstIndex(of: "MC dropout, p = 0.1")!, names.firstIndex(of: "MC dropout, p = 0.1, input dropped too")!)
    let (h, d) = (lecture07SDs(runs, hidden), lecture07SDs(runs, input))
    #expect(lecture07Lower(d.map(\.onData), h.map { 2 * $0.onData }) > 0)
    for j in names.indices where j != input {
        #expect(lecture07Lower(runs.map { $0.scores[input].regions[0] }, runs.map { $0.scores[j].regions[0] }) > 0, "against \(names[j])")
    }
}

/// Measured (5 seeds, 4,000 epochs): the move of the median ln α from one tenth of the epochs to
/// the next is 2.459 ± 0.424 from the first tenth to the second, 0.777 ± 0.125 from the fourth to
/// the fifth, 0.007 ± 0.034 from the ninth to the tenth: within 3 SE of 0 and below 0.2 in size,
/// where the first move is above 1.
@Test("variational dropout has stopped moving when it is scored: the median ln α's last move is within 3 SE of 0 and below 0.2 (5 seeds)")
func variationalDropoutHasStoppedMoving() async throws {
    let runs = try await Lecture07Sweep.shared.runs()
    let drifts = runs.map(\.variational.driftPerTenth)
    let (first, last) = (meanAndStandardError(drifts.map { $0[0] }), meanAndStandardError(drifts.map { $0[8] }))
    #expect(first.mean - 3 * first.standardError > 1, "first move \(first)")
    #expect(abs(last.mean) < 3 * last.standardError && abs(last.mean) < 0.2, "last move \(last)")
}

/// Measured (5 seeds): 16.2 ± 0.9 of the 20 weights end with ln α > 3 (dropout rate above 95%);
/// the predictive sd is 0.054 ± 0.001 on the data, 0.050 ± 0.000 at x = 0, 0.055 ± 0.001 at the
/// right end, where the reference's is 0.478 ± 0.034: the noise sd 0.05 and nothing else. On the
/// data its W₁ to the reference, 0.023 ± 0.001, is the smallest of the chapter's methods (next:
/// 0.052 ± 0.001, MC dropout p = 0.05).
@Test("variational dropout run to its end prunes most weights and reports only the noise: closest to the reference on the data, no wider away from it (5 seeds)")
func variationalDropoutPrunesAndReportsOnlyTheNoise() async throws {
    let runs = try await Lecture07Sweep.shared.runs()
    let names = runs[0].methods.map(\.name)
    let v = names.firstIndex(of: "variational dropout")!
    let pruned = meanAndStandardError(runs.map { r in Double(r.variational.logAlphas.filter { $0 > 3 }.count) })
    #expect(pruned.mean - 3 * pruned.standardError > 10, "pruned \(pruned) of 20")
    for sd in lecture07SDs(runs, v) {
        #expect(abs(sd.onData - 0.05) < 0.01 && abs(sd.gap - 0.05) < 0.01 && abs(sd.rightEnd - 0.05) < 0.01, "\(sd)")
    }
    for j in names.indices where j != v {
        #expect(lecture07Lower(runs.map { $0.scores[j].regions[0] }, runs.map { $0.scores[v].regions[0] }) > 0, "on the data against \(names[j])")
    }
}

/// Measured at the chapter's 200,000 draws (seed 1): Bernoulli variances 0.1111, 0.2499, 1.0000 and
/// Gaussian 0.1114, 0.2522, 0.9987 for α = 0.1111, 0.25, 1 (p = 0.1, 0.2, 0.5); means within 0.002
/// of 1. Tolerance: 4 standard errors of a sample variance, √((μ₄ − σ⁴)/n), plus 16α/n for the
/// estimated mean (at p = 0.5, (ξ − 1)² = 1 always and μ₄ − σ⁴ = 0); 4 standard errors of a sample mean.
@Test("inverted dropout's Bernoulli noise and Gaussian dropout's N(1, α) both have mean 1 and variance α = p/(1 − p), within 4 SE")
func gaussianDropoutMatchesTheBernoulliVariance() {
    let s = DropoutChapter.Settings.standard(seed: 1)
    let n = Double(s.noiseCheckDraws)
    for c in DropoutChapter.gaussianDropoutCheck(s) {
        // Bernoulli ξ = b/(1 − p): E(ξ − 1)⁴ = p(1 − p)[(1 − p)³ + p³]/(1 − p)⁴; Gaussian: 3α².
        let p = c.rate
        let bernoulliFourth = p * (1 - p) * (Foundation.pow(1 - p, 3) + Foundation.pow(p, 3)) / Foundation.pow(1 - p, 4)
        #expect(abs(c.bernoulliVariance - c.alpha) < 4 * ((bernoulliFourth - c.alpha * c.alpha) / n).squareRoot() + 16 * c.alpha / n, "p = \(p)")
        #expect(abs(c.gaussianVariance - c.alpha) < 4 * (2 * c.alpha * c.alpha / n).squareRoot() + 16 * c.alpha / n, "p = \(p)")
        #expect(abs(c.bernoulliMean - 1) < 4 * (c.alpha / n).squareRoot() && abs(c.gaussianMean - 1) < 4 * (c.alpha / n).squareRoot(), "p = \(p)")
    }
}
