import Course
import Foundation
import Testing
import Datasets
import Inference
import Probability

// The numerical claims of Lecture 12 (the Burgers emulator), over the chapter's seed sweep.

/// Measured over seeds 1–5 (mean ± SE), deep ensemble: one-step error in distribution 0.0087 ±
/// 0.0006; error out/in 15.8 ± 1.1, 18.0 ± 0.7, 13.9 ± 0.7 at t = 0.2, 1, 4, sd out/in 6.0 ± 0.3,
/// 6.7 ± 0.3, 4.6 ± 0.3; 90% coverage 0.88 in, 0.45 out; rank correlation 0.74 ± 0.01 in, 0.57 ±
/// 0.01 out, 0.91 over both. MC dropout: error out/in 7.40 ± 0.16, 7.55 ± 0.24, 6.86 ± 0.21, sd out/in
/// 1.45–1.59; Bayes-by-Backprop: error out/in 10.3, 11.6, 8.4, sd out/in 2.42–2.77, rank correlation
/// 0.68 ± 0.01 in, 0.07 ± 0.04 out; SWAG: sd out/in 1.25–1.69, rank correlation 0.10 ± 0.02 in; MC
/// dropout 0.31 ± 0.04 in. Error at t = 1 against t = 4: falls for every method and family but
/// Bayes-by-Backprop in distribution (0.0299 ± 0.0014 and 0.0291 ± 0.0014).
/// Last-layer Laplace (σ², s² by the evidence): sd out/in 6.09 ± 0.21, 6.59 ± 0.20, 5.49 ± 0.17;
/// error out/in 13.9, 15.2, 9.0 ± 0.8; sd at t = 0.2 in distribution 0.0008 ± 0.0001 against an
/// error of 0.0100 ± 0.0006; at t = 4 in distribution sd 0.0219 ± 0.0012 against error 0.0173 ±
/// 0.0016, paired +0.0046 ± 0.0017 (SWAG's error 0.0093 ± 0.0007, Laplace − SWAG +0.0079 ± 0.0009); 90% coverage 0.49 ± 0.02 in, 0.32 ± 0.01 out; rank
/// correlation 0.64 ± 0.03 in, −0.18 ± 0.03 out, 0.71 ± 0.02 over both.
/// Every bound below is on a mean over the seeds, with a margin of 2 standard errors.
@Test("the emulator over seeds 1–5: an order of magnitude worse out of distribution; errors fall from t = 1 to t = 4 (but Bayes-by-Backprop's in distribution, which stays flat); the deep ensemble's spread grows less than its error and ranks it; MC dropout's, Bayes-by-Backprop's and SWAG's spreads barely react to the change of distribution; last-layer Laplace's spread grows out of distribution as the ensemble's does, starts far below its error, overtakes it by t = 4 in distribution, and ranks its errors in distribution but not out")
func emulatorOverSeeds() async throws {
    let settings = EmulatorChapter.Settings.standard()
    let sweep = try await EmulatorChapter.sweep(settings)
    #expect(sweep.seeds == [1, 2, 3, 4, 5])
    let steps = sweep.reportTimes   // 1, 5, 20: t = 0.2, 1, 4
    let (ensemble, dropout, swag, bbb) = (0, 1, 2, 3)
    let below = { (s: (mean: Double, standardError: Double), bound: Double) in s.mean + 2 * s.standardError < bound }
    let above = { (s: (mean: Double, standardError: Double), bound: Double) in s.mean - 2 * s.standardError > bound }
    #expect(below(sweep.summary(EmulatorSweep.error(ensemble, .inDistribution, step: 1)), 0.012))
    for t in steps {
        let errorRatio = sweep.summary(EmulatorSweep.errorRatio(ensemble, step: t)), spreadRatio = sweep.summary(EmulatorSweep.spreadRatio(ensemble, step: t))
        #expect(above(errorRatio, 10), "deep ensemble error out/in at step \(t): \(errorRatio)")
        #expect(spreadRatio.mean + 2 * spreadRatio.standardError < errorRatio.mean - 2 * errorRatio.standardError, "step \(t): sd \(spreadRatio), error \(errorRatio)")
        for m in [dropout, bbb] {
            #expect(above(sweep.summary(EmulatorSweep.errorRatio(m, step: t)), 6), "method \(m) error out/in at step \(t)")
            #expect(below(sweep.summary(EmulatorSweep.spreadRatio(m, step: t)), 3), "method \(m) sd out/in at step \(t)")
        }
        #expect(below(sweep.summary(EmulatorSweep.spreadRatio(swag, step: t)), 2), "SWAG sd out/in at step \(t)")
    }
    // Viscosity: the error at t = 1 above the error at t = 4, paired over the seeds.
    for family in EmulatorChapter.Family.allCases {
        for m in 0..<4 {
            let fall = meanAndStandardError(sweep.values { $0[family.rawValue][m].error[steps[1]] - $0[family.rawValue][m].error[steps[2]] })
            if m == bbb && family == .inDistribution {
                #expect(abs(fall.mean) <= 2 * fall.standardError, "Bayes-by-Backprop in distribution: \(fall)")
            } else {
                #expect(above(fall, 0), "method \(m), \(family): \(fall)")
            }
        }
    }
    #expect(above(sweep.summary(EmulatorSweep.coverage(ensemble, .inDistribution)), 0.85))
    #expect(below(sweep.summary(EmulatorSweep.coverage(ensemble, .outOfDistribution)), 0.5))
    #expect(above(sweep.summary(EmulatorSweep.rankCorrelation(ensemble, .inDistribution)), 0.6))
    #expect(above(sweep.summary(EmulatorSweep.rankCorrelation(ensemble, .outOfDistribution)), 0.5))
    #expect(above(sweep.summary(EmulatorSweep.rankCorrelation(ensemble, nil)), 0.85))
    #expect(above(sweep.summary(EmulatorSweep.rankCorrelation(bbb, .inDistribution)), 0.6))
    #expect(below(sweep.summary(EmulatorSweep.rankCorrelation(bbb, .outOfDistribution)), 0.2))
    for m in [dropout, swag] { #expect(below(sweep.summary(EmulatorSweep.rankCorrelation(m, .inDistribution)), 0.4), "method \(m)") }
    // Last-layer Laplace on the first member.
    let laplace = 4
    #expect(EmulatorChapter.methodNames[laplace] == "last-layer Laplace")
    for t in steps {
        #expect(above(sweep.summary(EmulatorSweep.spreadRatio(laplace, step: t)), 4), "Laplace sd out/in at step \(t)")
        #expect(above(sweep.summary(EmulatorSweep.errorRatio(laplace, step: t)), 6), "Laplace error out/in at step \(t)")
    }
    #expect(below(sweep.summary(EmulatorSweep.spread(laplace, .inDistribution, step: 1)), 0.2 * sweep.summary(EmulatorSweep.error(laplace, .inDistribution, step: 1)).mean))
    let overtakes = meanAndStandardError(sweep.values { $0[0][laplace].spread[steps[2]] - $0[0][laplace].error[steps[2]] })
    #expect(above(overtakes, 0), "Laplace sd − error at t = 4 in distribution: \(overtakes)")
    let againstSWAG = meanAndStandardError(sweep.values { $0[0][laplace].error[steps[2]] - $0[0][swag].error[steps[2]] })
    #expect(above(againstSWAG, 0), "Laplace − SWAG error at t = 4 in distribution: \(againstSWAG)")
    #expect(below(sweep.summary(EmulatorSweep.coverage(laplace, .inDistribution)), 0.6))
    #expect(below(sweep.summary(EmulatorSweep.coverage(laplace, .outOfDistribution)), 0.4))
    #expect(above(sweep.summary(EmulatorSweep.rankCorrelation(laplace, .inDistribution)), 0.5))
    #expect(below(sweep.summary(EmulatorSweep.rankCorrelation(laplace, .outOfDistribution)), 0))
    #expect(above(sweep.summary(EmulatorSweep.rankCorrelation(laplace, nil)), 0.6))
    print("Laplace: sd − error at t = 4 in \(overtakes), error − SWAG's at t = 4 in \(againstSWAG)")
}
