import Foundation
import Testing
import Exercises
import Inference
import Probability

@Test("Exercise 11.1: the decomposition equals the library's, adds up, and gives ln 2 of mutual information to two certain draws that disagree")
func exercise11_1() throws {
    var rng = Xoshiro256(seed: 111)
    for _ in 0..<20 {
        let draws = (0..<4).map { _ in softmaxRows((0..<3).map { _ in 2 * rng.normal() }, classes: 3) }
        let mine = try exercise11_1_entropyDecomposition(draws)
        let library = ClassPredictive(probabilities: draws, classes: 3)
        #expect(abs(mine.total - library.totalEntropy[0]) < 1e-12)
        #expect(abs(mine.expected - library.expectedEntropy[0]) < 1e-12)
        #expect(abs(mine.mutualInformation - library.mutualInformation[0]) < 1e-12)
        #expect(abs(mine.total - mine.expected - mine.mutualInformation) < 1e-12)
    }
    let certain = try exercise11_1_entropyDecomposition([[1, 0], [0, 1]])
    #expect(certain.expected == 0 && abs(certain.mutualInformation - Foundation.log(2)) < 1e-15)
}

@Test("Exercise 11.2: the ECE equals the library's on random predictors and a worked example")
func exercise11_2() throws {
    // Worked: confidences 0.9, 0.6, 0.7, 0.8 all in bin (0.5, 1] of 2 bins; labels all 1: accuracy 1/4, confidence 3/4.
    #expect(abs(try exercise11_2_expectedCalibrationError([0.9, 0.1, 0.6, 0.4, 0.3, 0.7, 0.8, 0.2], classes: 2, labels: [1, 1, 1, 1], bins: 2) - 0.5) < 1e-15)
    var rng = Xoshiro256(seed: 112)
    for bins in [5, 10, 15] {
        let p = (0..<50).flatMap { _ in softmaxRows((0..<4).map { _ in 3 * rng.normal() }, classes: 4) }
        let labels = (0..<50).map { _ in Int(rng.next() % 4) }
        #expect(abs(try exercise11_2_expectedCalibrationError(p, classes: 4, labels: labels, bins: bins)
                    - ClassificationMetrics.expectedCalibrationError(p, classes: 4, labels: labels, bins: bins)) < 1e-12)
    }
}

@Test("Exercise 11.3: the AUROC equals the library's, with ties, and is 1 for separated scores")
func exercise11_3() throws {
    #expect(try exercise11_3_areaUnderROC(positives: [2, 4], negatives: [1, 2, 3]) == 0.75)
    #expect(try exercise11_3_areaUnderROC(positives: [5, 6], negatives: [1, 2]) == 1)
    var rng = Xoshiro256(seed: 113)
    let pos = (0..<40).map { _ in (rng.normal() * 4).rounded() / 4 + 0.5 }
    let neg = (0..<60).map { _ in (rng.normal() * 4).rounded() / 4 }
    #expect(abs(try exercise11_3_areaUnderROC(positives: pos, negatives: neg) - ClassificationMetrics.areaUnderROC(positives: pos, negatives: neg)) < 1e-12)
}

/// Measured with the reference solution (seed 1): mean mutual information far from the data
/// 0.00095 nats with the prior N(0, I) and 0.135 without it (seeds 2 and 3: 0.044 → 0.120 and
/// 0.0012 → 0.031). Graded on the measured numbers: with the prior below 0.01 nats, without it
/// above 0.05 nats and more than ten times larger.
@Test("Exercise 11.4: without the prior the ensemble's members disagree far from the data (seed 1)")
func exercise11_4() async throws {
    let mi = try await exercise11_4_priorAndEnsembleDiversity(seed: 1, priorVariances: [1, .infinity])
    #expect(mi.count == 2)
    #expect(mi[0] >= 0 && mi[0] < 0.01, "\(mi)")
    #expect(mi[1] > 0.05 && mi[1] > 10 * mi[0], "\(mi)")
}
