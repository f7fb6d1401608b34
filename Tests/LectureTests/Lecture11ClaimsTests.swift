import Course
import Foundation
import Inference
import Probability
import Testing

// The numerical claims of Lecture 11 (uncertainty for classifiers), one test each. The chapter's
// comparative sentences rest on its two sweeps, seeds 1…5 at the standard settings, run once and
// shared by the tests below (about 30 s of CPU for the two moons, 15 s for the digits). Differences
// between two methods or two conditions are taken seed by seed (same data, same split), then
// summarised as mean ± SE over the seeds; the tolerance, in those standard errors, is stated at each test.

/// The chapter's sweeps, run once for every test of this file.
actor Lecture11Sweeps {
    static let shared = Lecture11Sweeps()
    private var moonsTask: Task<[ClassificationChapter.MoonsRun], Error>?
    private var digitsTask: Task<[ClassificationChapter.DigitsRun], Error>?

    func moons() async throws -> [ClassificationChapter.MoonsRun] {
        if moonsTask == nil { moonsTask = Task { try await ClassificationChapter.moonsSweep(.standard(seed: 1)) } }
        return try await moonsTask!.value
    }

    func digits() async throws -> [ClassificationChapter.DigitsRun] {
        if digitsTask == nil {
            digitsTask = Task { try await ClassificationChapter.digitsSweep(.standard(seed: 1), data: try ClassificationChapter.DigitImages.load()) }
        }
        return try await digitsTask!.value
    }
}

/// mean − k·SE of the per-seed differences a − b.
func lecture11Lower(_ a: [Double], _ b: [Double], k: Double) -> Double {
    let d = meanAndStandardError(zip(a, b).map { $0 - $1 })
    return d.mean - k * d.standardError
}

/// The method indices of the two sweeps.
enum Lecture11Method {
    static let (map, ensemble, dropout, swag, laplace, nuts) = (0, 1, 2, 3, 4, 5)
}

@Test("Entropy decomposition: total = expected entropy + mutual information at every grid point of every method; MI ≥ 0; MAP's MI is exactly 0")
func lecture11Decomposition() async throws {
    let runs = try await Lecture11Sweeps.shared.moons()
    #expect(runs.count == 5)
    for run in runs {
        for m in run.methods {
            for j in m.total.indices {
                #expect(abs(m.total[j] - m.aleatoric[j] - m.epistemic[j]) < 1e-12)
                #expect(m.epistemic[j] >= 0)
            }
        }
        #expect(run.methods[Lecture11Method.map].epistemic.allSatisfy { $0 == 0 })
    }
}

/// Measured (5 seeds): NUTS's mean MI is 0.093 ± 0.002 nats far from the data and 0.017 ± 0.000 on
/// it; far minus on, seed by seed, is positive by far more than the 4 SE asked.
@Test("Two moons: NUTS's mutual information is larger far from the data than on it (5 seeds, paired, 4 SE)")
func lecture11ReferenceEpistemicGrowsAwayFromTheData() async throws {
    let runs = try await Lecture11Sweeps.shared.moons()
    let nuts = runs.map { $0.methods[Lecture11Method.nuts] }
    #expect(lecture11Lower(nuts.map(\.epistemicFar), nuts.map(\.epistemicOnData), k: 4) > 0)
}

/// Measured (5 seeds): MI far from the data 0.012 ± 0.008 (deep ensemble), 0.011 ± 0.003 (MC
/// dropout), 0.005 ± 0.001 (SWAG), 0.002 ± 0.000 (last-layer Laplace), against NUTS's 0.093 ± 0.002:
/// every approximation's draws agree where the reference's do not. Paired, 4 SE.
@Test("Two moons: far from the data every approximation's mutual information is below NUTS's (5 seeds, paired, 4 SE)")
func lecture11ApproximationsAgreeFarFromTheData() async throws {
    let runs = try await Lecture11Sweeps.shared.moons()
    let nuts = runs.map { $0.methods[Lecture11Method.nuts] }
    for i in [Lecture11Method.ensemble, Lecture11Method.dropout, Lecture11Method.swag, Lecture11Method.laplace] {
        let m = runs.map { $0.methods[i] }
        #expect(lecture11Lower(nuts.map(\.epistemicFar), m.map(\.epistemicFar), k: 4) > 0, "\(m[0].name)")
    }
}

/// Measured (5 seeds): NUTS's expected entropy is 0.209 ± 0.005 on the data and 0.101 ± 0.004 far
/// from it: the aleatoric part lives where the classes overlap. Paired, 4 SE.
@Test("Two moons: NUTS's expected entropy is larger on the data than far from it (5 seeds, paired, 4 SE)")
func lecture11ReferenceAleatoricLivesOnTheData() async throws {
    let runs = try await Lecture11Sweeps.shared.moons()
    let nuts = runs.map { $0.methods[Lecture11Method.nuts] }
    #expect(lecture11Lower(nuts.map(\.aleatoricOnData), nuts.map(\.aleatoricFar), k: 4) > 0)
}

/// NUTS ran to the end: no divergent transition in any chain of any seed.
@Test("Two moons: NUTS has no divergent transition at any seed")
func lecture11NUTSHealthy() async throws {
    let runs = try await Lecture11Sweeps.shared.moons()
    #expect(runs.allSatisfy { $0.sampling.divergences == 0 })
}

@Test("Digits: temperature scaling never raises the validation NLL (every method, every seed)")
func lecture11TemperatureNeverRaisesValidationNLL() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    #expect(runs.count == 5)
    for run in runs { for m in run.methods { #expect(m.validationNLL.after <= m.validationNLL.before, "\(m.name), seed \(run.seed)") } }
}

/// Measured (5 seeds): test ECE before/after 0.028/0.021 (MAP), 0.031/0.021 (ensemble),
/// 0.038/0.022 (MC dropout), 0.032/0.024 (SWAG), 0.077/0.037 (last-layer Laplace). Paired, 3 SE.
@Test("Digits: temperature scaling lowers every method's test ECE (5 seeds, paired, 3 SE)")
func lecture11TemperatureLowersTestECE() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    for i in runs[0].methods.indices {
        let ms = runs.map { $0.methods[i] }
        #expect(lecture11Lower(ms.map(\.test.ece), ms.map(\.calibrated.ece), k: 3) > 0, "\(ms[0].name)")
    }
}

/// Measured (5 seeds): T = 0.83 ± 0.05 (MAP), 0.76 ± 0.08 (ensemble), 0.57 ± 0.11 (MC dropout),
/// 0.82 ± 0.06 (SWAG), 0.35 ± 0.02 (last-layer Laplace):
/// every fitted temperature of every seed is below 1, i.e. the networks are under-confident.
@Test("Digits: the fitted temperature is below 1 for every method at every seed (under-confident networks)")
func lecture11TemperaturesBelowOne() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    for run in runs { for m in run.methods { #expect(m.temperature < 1, "\(m.name), seed \(run.seed): T = \(m.temperature)") } }
}

/// Measured (5 seeds): ECE 0.028–0.077 unrotated, 0.43–0.56 at 45°, 0.78–0.87 at 90°; accuracy
/// 0.97 → 0.10 (chance). At 30° the last-layer Laplace's rise (0.077 → 0.178) is below 4 paired SE,
/// so the claim starts at 45°. Paired, 4 SE, every method, every angle from 45° on.
@Test("Digits under rotation: every method's ECE at 45° and beyond is above its unrotated ECE (5 seeds, paired, 4 SE)")
func lecture11CalibrationDegradesUnderShift() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    let angles = ClassificationChapter.Settings.standard().angles
    for i in runs[0].methods.indices {
        for a in angles.indices where angles[a] >= 45 {
            #expect(lecture11Lower(runs.map { $0.methods[i].shifted[a].ece }, runs.map { $0.methods[i].shifted[0].ece }, k: 4) > 0,
                    "\(runs[0].methods[i].name) at \(angles[a])°")
        }
    }
}

/// Measured (5 seeds): NLL at 90° 10.83 ± 0.49 (MAP), 10.51 ± 0.25 (ensemble), 10.89 ± 0.49
/// (SWAG), 8.35 ± 0.18 (MC dropout), 7.12 ± 0.34 (last-layer Laplace); MAP − MC dropout
/// 2.486 ± 0.405 nats. Paired, 3 SE.
@Test("Digits at the strongest rotation: MC dropout's and last-layer Laplace's NLL are below MAP's, the ensemble's and SWAG's (5 seeds, paired, 3 SE)")
func lecture11DropoutAndLaplaceNLLUnderShift() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    let last = ClassificationChapter.Settings.standard().angles.count - 1
    let nll = { (i: Int) in runs.map { $0.methods[i].shifted[last].nll } }
    for low in [Lecture11Method.dropout, Lecture11Method.laplace] {
        for high in [Lecture11Method.map, Lecture11Method.ensemble, Lecture11Method.swag] {
            #expect(lecture11Lower(nll(high), nll(low), k: 3) > 0, "\(runs[0].methods[high].name) − \(runs[0].methods[low].name)")
        }
    }
}

/// The issue asked for "the deep ensemble's NLL under the strongest shift is below MAP's"; measured
/// (5 seeds) MAP − ensemble = 0.328 ± 0.250 nats at 90° (0.278 ± 0.179 at 45°): a positive mean, but
/// within 2 SE of zero. The chapter says the sweep does not resolve it; this test holds it to that.
@Test("Digits at the strongest rotation: the ensemble's NLL advantage over MAP is not resolved by 5 seeds (within 2 SE of 0)")
func lecture11EnsembleVersusMAPUnderShiftUnresolved() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    let last = ClassificationChapter.Settings.standard().angles.count - 1
    let d = meanAndStandardError(runs.map { $0.methods[Lecture11Method.map].shifted[last].nll - $0.methods[Lecture11Method.ensemble].shifted[last].nll })
    #expect(d.mean > 0 && d.mean < 2 * d.standardError, "\(d)")
}

/// Measured (5 seeds): AUROC of the mutual information 0.913 ± 0.006 (ensemble), 0.933 ± 0.006 (MC
/// dropout), 0.916 ± 0.005 (SWAG), 0.953 ± 0.004 (last-layer Laplace): above 0.5 by far more than
/// 4 SE. MAP's mutual information is 0 everywhere, so its AUROC is exactly 0.5 (all ties).
@Test("Unseen digits: mutual information separates them better than chance for every method with an epistemic part (> 4 SE); MAP's MI AUROC is exactly 0.5")
func lecture11MutualInformationDetectsUnseenClasses() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    for i in [Lecture11Method.ensemble, Lecture11Method.dropout, Lecture11Method.swag, Lecture11Method.laplace] {
        let a = meanAndStandardError(runs.map { $0.methods[i].aurocMutualInformation })
        #expect(a.mean - 4 * a.standardError > 0.5, "\(runs[0].methods[i].name): \(a)")
    }
    #expect(runs.allSatisfy { $0.methods[Lecture11Method.map].aurocMutualInformation == 0.5 })
}

/// Measured (5 seeds): AUROC of the total entropy 0.942 ± 0.003 against 0.913 ± 0.006 for the
/// ensemble's mutual information. Paired, 3 SE.
@Test("Unseen digits: for the deep ensemble the total entropy separates them better than the mutual information (5 seeds, paired, 3 SE)")
func lecture11EntropyBeatsMutualInformationForTheEnsemble() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    let ms = runs.map { $0.methods[Lecture11Method.ensemble] }
    #expect(lecture11Lower(ms.map(\.aurocEntropy), ms.map(\.aurocMutualInformation), k: 3) > 0)
}
