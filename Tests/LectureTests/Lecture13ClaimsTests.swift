import Course
import Foundation
import Testing
import Inference
import Probability

// The numerical claims of Lecture 13 (physics-informed UQ, Bayesian PINNs), one test each. They rest
// on the chapter's sweep: seeds 1…5 at the standard settings, run once and shared by the tests below
// (about 3 minutes of CPU: the chapter's full run). Differences between two fits are taken seed by
// seed (same sensors), then summarised as mean ± SE over the seeds; "> 3 SE" means the mean of the
// paired differences minus 3 standard errors is above zero.

/// The chapter's sweep, run once for every test of this file.
actor Lecture13Sweep {
    static let shared = Lecture13Sweep()
    private var task: Task<[PhysicsInformedChapter.Run], Error>?

    func runs() async throws -> [PhysicsInformedChapter.Run] {
        if task == nil { task = Task { try await PhysicsInformedChapter.sweep(.standard(seed: 1)) } }
        return try await task!.value
    }
}

/// mean − k·SE of the per-seed differences a − b.
private func lower(_ a: [Double], _ b: [Double], k: Double = 3) -> Double {
    let d = meanAndStandardError(zip(a, b).map { $0 - $1 })
    return d.mean - k * d.standardError
}

private let exactU = PhysicsInformedChapter.grid(.standard(seed: 1)).map(PhysicsInformedChapter.exactU)

/// The chapter's own derivative check (the exhaustive ones are in NeuralNetworksTests): u_x and
/// u_xx of a prior draw of the network agree with central differences to the differences' own
/// accuracy (h² u‴ and ε u/h² terms, about 1e-7 of the largest |u_x| = 48 and 1e-6 of |u_xx| = 218
/// here), the weight gradient of Σ u_xx to 1e-6 of its size.
@Test("the chapter's derivative check: u, u_x, u_xx and ∂(Σu_xx)/∂θ agree with the network and with central differences")
func lecture13DerivativeCheck() {
    let check = PhysicsInformedChapter.derivativeCheck(.standard(seed: 1))
    #expect(check.count == 4)
    #expect(check[0].error == 0)
    for c in check.dropFirst() { #expect(c.error < 1e-6 * c.scale, "\(c.name): \(c.error) against \(c.scale)") }
}

/// Measured (5 seeds, noise 0.01): the mean 95% band is 4.659 ± 0.227 wide with the two u sensors
/// alone and 0.289 ± 0.019 with the residual; the RMSE of the mean 0.817 ± 0.019 and 0.058 ± 0.012.
@Test("the residual term narrows u's band and brings its mean to u (forward problem, noise 0.01, 5 seeds, > 3 SE)")
func lecture13PhysicsNarrowsTheBand() async throws {
    let runs = try await Lecture13Sweep.shared.runs()
    #expect(runs.count == 5)
    #expect(lower(runs.map(\.dataOnly.meanBandWidth), runs.map { 5 * $0.forwardHMC[0].meanBandWidth }) > 0, "more than five times narrower")
    #expect(lower(runs.map { $0.dataOnly.rmse(exactU) }, runs.map { 5 * $0.forwardHMC[0].rmse(exactU) }) > 0, "RMSE more than five times smaller")
}

/// Measured (5 seeds): 0.99 ± 0.01 of the grid points within 2 sd at noise 0.01.
@Test("forward problem, noise 0.01: HMC's mean lies within its own 2 sd of the exact u at ≥ 95% of the grid, at every seed")
func lecture13ForwardMeanWithinTwoSD() async throws {
    let runs = try await Lecture13Sweep.shared.runs()
    for run in runs { #expect(run.forwardHMC[0].coverage(of: exactU) >= 0.95, "seed \(run.seed)") }
}

/// Measured (5 seeds): mean 95% band 0.289 ± 0.019 at noise 0.01, 1.953 ± 0.012 at noise 0.1.
@Test("forward problem: HMC's band is wider at noise 0.1 than at 0.01 (5 seeds, > 3 SE)")
func lecture13ForwardBandGrowsWithNoise() async throws {
    let runs = try await Lecture13Sweep.shared.runs()
    #expect(lower(runs.map { $0.forwardHMC[1].meanBandWidth }, runs.map { $0.forwardHMC[0].meanBandWidth }) > 0)
}

/// Measured (5 seeds): k = 0.696 ± 0.002 (sd 0.005) at noise 0.01, 0.691 ± 0.017 (sd 0.054) at 0.1;
/// the 95% interval holds 0.7 at 4 and 5 of the 5 seeds.
@Test("inverse problem: HMC's 95% interval of k holds 0.7 at 4 of 5 seeds at noise 0.01 and 5 of 5 at noise 0.1")
func lecture13InverseIntervalsHoldK() async throws {
    let runs = try await Lecture13Sweep.shared.runs()
    func covered(_ i: Int) -> Int { runs.filter { let (a, b) = $0.inverseHMC[i].kInterval; return a <= 0.7 && 0.7 <= b }.count }
    #expect(covered(0) >= 4)
    #expect(covered(1) == 5)
}

/// Yang et al.'s abstract: HMC's posterior of k is more accurate than VI's. Measured (5 seeds, noise
/// 0.1): |mean of k − 0.7| is 0.035 ± 0.003 for HMC and 0.169 ± 0.049 for mean-field VI, and VI's 95%
/// interval holds 0.7 at 1 seed of 5 (HMC's at 5); at noise 0.01 the two tie (0.004 ± 0.001 and
/// 0.005 ± 0.002, 4 of 5 each).
@Test("inverse problem: HMC's k is at least as accurate as mean-field VI's — closer to 0.7 at noise 0.1 (5 seeds, > 2 SE), its interval holding 0.7 at more seeds, VI's sd smaller (> 3 SE); a tie within 3 SE at noise 0.01")
func lecture13HMCAtLeastAsAccurateAsVIOnK() async throws {
    let runs = try await Lecture13Sweep.shared.runs()
    func error(_ f: PhysicsInformedChapter.Fit) -> Double { abs(f.kMean - 0.7) }
    func covered(_ fits: [PhysicsInformedChapter.Fit]) -> Int { fits.filter { $0.kInterval.0 <= 0.7 && 0.7 <= $0.kInterval.1 }.count }
    let (hmc, vi) = (runs.map { $0.inverseHMC[1] }, runs.map { $0.inverse(.variational)[1] })
    #expect(lower(vi.map(error), hmc.map(error), k: 2) > 0)
    #expect(covered(hmc) > covered(vi))
    #expect(lower(hmc.map(\.kSD), vi.map(\.kSD)) > 0, "VI's sd of k is smaller than HMC's (0.039 ± 0.002 against 0.054 ± 0.002)")
    let d = meanAndStandardError(zip(runs.map { error($0.inverseHMC[0]) }, runs.map { error($0.inverse(.variational)[0]) }).map { $0 - $1 })
    #expect(d.mean <= 3 * d.standardError, "HMC − VI at noise 0.01: \(d)")
}

/// Yang et al.'s abstract: MC dropout's band is too narrow where the data are sparse. Measured (5
/// seeds): on the forward problem (u measured at the two ends only) MC dropout's band is 0.026 ±
/// 0.002 wide at noise 0.1 against HMC's 1.953 ± 0.012, and its mean misses u (RMSE 0.677 ± 0.014,
/// 0.617 ± 0.085 at noise 0.01, against HMC's 0.461 and 0.058): the dropout noise in u″ is penalised
/// by the residual and the fit stays near u = 0. On the inverse problem (8 u sensors) its band is
/// WIDER than HMC's: 0.679 ± 0.046 against 0.031 ± 0.000 at noise 0.01.
@Test("MC dropout: narrower than HMC on the forward problem at noise 0.1 and farther from u at both noise levels (> 3 SE; > 2 SE for the RMSE at noise 0.1); wider than HMC on the inverse problem (5 seeds, > 3 SE)")
func lecture13DropoutAgainstHMC() async throws {
    let runs = try await Lecture13Sweep.shared.runs()
    #expect(lower(runs.map { $0.forwardHMC[1].meanBandWidth }, runs.map { 10 * $0.forward(.dropout)[1].meanBandWidth }) > 0, "ten times narrower")
    for i in 0..<2 {
        // The RMSE gap at noise 0.1 (0.677 against 0.461 ± 0.071) is held to 2 SE, the others to 3.
        #expect(lower(runs.map { $0.forward(.dropout)[i].rmse(exactU) }, runs.map { $0.forwardHMC[i].rmse(exactU) }, k: i == 0 ? 3 : 2) > 0, "noise \(i): RMSE")
        #expect(lower(runs.map { $0.inverse(.dropout)[i].meanBandWidth }, runs.map { $0.inverseHMC[i].meanBandWidth }) > 0, "noise \(i): inverse band")
    }
}

/// Measured (5 seeds): the ensemble's sd of k is 0.001 ± 0.000 and 0.019 ± 0.008 at noise 0.01 and
/// 0.1, HMC's 0.005 ± 0.000 and 0.054 ± 0.002; the ensemble's range of k holds 0.7 at 1 seed of 5
/// at each noise level.
@Test("deep ensemble of PINNs: its spread of k is narrower than HMC's at both noise levels, its band of u narrower at noise 0.1 (5 seeds, > 3 SE), and its range of k holds 0.7 at no more than 1 of 5 seeds")
func lecture13EnsembleOverconfidentInK() async throws {
    let runs = try await Lecture13Sweep.shared.runs()
    for i in 0..<2 {
        #expect(lower(runs.map { $0.inverseHMC[i].kSD }, runs.map { $0.inverse(.ensemble)[i].kSD }) > 0, "noise \(i)")
        #expect(runs.filter { let (a, b) = $0.inverse(.ensemble)[i].kInterval; return a <= 0.7 && 0.7 <= b }.count <= 1, "noise \(i)")
    }
    // u's band at noise 0.1: 0.040 ± 0.013 against HMC's 0.307 ± 0.003.
    #expect(lower(runs.map { $0.inverseHMC[1].meanBandWidth }, runs.map { $0.inverse(.ensemble)[1].meanBandWidth }) > 0)
}

/// Measured (5 seeds, forward problem, noise 0.01): the deep ensemble's band is 2.264 ± 0.518 wide,
/// HMC's 0.289 ± 0.019: some members miss the solution and the spread is theirs.
@Test("forward problem, noise 0.01: the deep ensemble's band is wider than HMC's (5 seeds, > 3 SE)")
func lecture13EnsembleWiderOnTheForwardProblem() async throws {
    let runs = try await Lecture13Sweep.shared.runs()
    #expect(lower(runs.map { $0.forward(.ensemble)[0].meanBandWidth }, runs.map { $0.forwardHMC[0].meanBandWidth }) > 0)
}
