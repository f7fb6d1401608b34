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
    static let (map, ensemble, dropout, nuts) = (0, 1, 2, 3)
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

/// Measured (5 seeds): NUTS's mean MI is 0.094 ± 0.002 nats far from the data and 0.018 ± 0.000 on
/// it; far minus on, seed by seed, is positive by far more than the 4 SE asked.
@Test("Two moons: NUTS's mutual information is larger far from the data than on it (5 seeds, paired, 4 SE)")
func lecture11ReferenceEpistemicGrowsAwayFromTheData() async throws {
    let runs = try await Lecture11Sweeps.shared.moons()
    let nuts = runs.map { $0.methods[Lecture11Method.nuts] }
    #expect(lecture11Lower(nuts.map(\.epistemicFar), nuts.map(\.epistemicOnData), k: 4) > 0)
}

/// Measured (5 seeds): the deep ensemble's MI far from the data is 0.012 ± 0.008 nats, NUTS's
/// 0.094 ± 0.002: the ensemble's members agree where the reference's draws do not. Paired, 4 SE.
@Test("Two moons: far from the data the deep ensemble's mutual information is below NUTS's (5 seeds, paired, 4 SE)")
func lecture11EnsembleMembersAgreeFarFromTheData() async throws {
    let runs = try await Lecture11Sweeps.shared.moons()
    let (nuts, ensemble) = (runs.map { $0.methods[Lecture11Method.nuts] }, runs.map { $0.methods[Lecture11Method.ensemble] })
    #expect(lecture11Lower(nuts.map(\.epistemicFar), ensemble.map(\.epistemicFar), k: 4) > 0)
}

/// Measured (5 seeds): NUTS's expected entropy is 0.209 ± 0.005 on the data and 0.100 ± 0.004 far
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
/// 0.038/0.022 (MC dropout). Paired, 3 SE.
@Test("Digits: temperature scaling lowers every method's test ECE (5 seeds, paired, 3 SE)")
func lecture11TemperatureLowersTestECE() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    for i in 0..<3 {
        let ms = runs.map { $0.methods[i] }
        #expect(lecture11Lower(ms.map(\.test.ece), ms.map(\.calibrated.ece), k: 3) > 0, "\(ms[0].name)")
    }
}

/// Measured (5 seeds): T = 0.83 ± 0.05 (MAP), 0.76 ± 0.08 (ensemble), 0.57 ± 0.11 (MC dropout):
/// every fitted temperature of every seed is below 1, i.e. the networks are under-confident.
@Test("Digits: the fitted temperature is below 1 for every method at every seed (under-confident networks)")
func lecture11TemperaturesBelowOne() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    for run in runs { for m in run.methods { #expect(m.temperature < 1, "\(m.name), seed \(run.seed): T = \(m.temperature)") } }
}

/// Measured (5 seeds): ECE 0.028–0.038 unrotated, 0.84–0.86 at 90°; accuracy 0.97 → 0.10 (chance).
/// Paired, 4 SE, every method, every angle from 30° on.
@Test("Digits under rotation: every method's ECE at 30° and beyond is above its unrotated ECE (5 seeds, paired, 4 SE)")
func lecture11CalibrationDegradesUnderShift() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    let angles = ClassificationChapter.Settings.standard().angles
    for i in 0..<3 {
        for a in angles.indices where angles[a] >= 30 {
            #expect(lecture11Lower(runs.map { $0.methods[i].shifted[a].ece }, runs.map { $0.methods[i].shifted[0].ece }, k: 4) > 0,
                    "\(runs[0].methods[i].name) at \(angles[a])°")
        }
    }
}

/// Measured (5 seeds): at 90°, MAP − MC dropout 2.486 ± 0.405 nats and ensemble − MC dropout
/// positive too; at 45° MAP − MC dropout 0.921 ± 0.230. Paired, 3 SE.
@Test("Digits at the strongest rotation: MC dropout's NLL is below MAP's and the ensemble's (5 seeds, paired, 3 SE)")
func lecture11DropoutNLLUnderShift() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    let last = ClassificationChapter.Settings.standard().angles.count - 1
    let nll = { (i: Int) in runs.map { $0.methods[i].shifted[last].nll } }
    #expect(lecture11Lower(nll(Lecture11Method.map), nll(Lecture11Method.dropout), k: 3) > 0)
    #expect(lecture11Lower(nll(Lecture11Method.ensemble), nll(Lecture11Method.dropout), k: 3) > 0)
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
/// dropout): above 0.5 by far more than 4 SE. MAP's mutual information is 0 everywhere, so its AUROC
/// is exactly 0.5 (all ties).
@Test("Unseen digits: mutual information separates them better than chance for the ensemble and MC dropout (> 4 SE); MAP's MI AUROC is exactly 0.5")
func lecture11MutualInformationDetectsUnseenClasses() async throws {
    let runs = try await Lecture11Sweeps.shared.digits()
    for i in [Lecture11Method.ensemble, Lecture11Method.dropout] {
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
