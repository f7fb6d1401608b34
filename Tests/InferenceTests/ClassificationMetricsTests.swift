import Foundation
import Testing
import Inference
import Probability

/// The entropy decomposition by hand: draws that agree have no mutual information; two draws each
/// certain of a different class have ln 2 of it and no expected entropy; in general total =
/// expected entropy + mutual information.
@Test("predictive entropy = expected entropy + mutual information; MI is 0 when the draws agree and ln 2 when two certain draws disagree")
func entropyDecomposition() {
    let agree = ClassPredictive(probabilities: [[0.7, 0.2, 0.1], [0.7, 0.2, 0.1]], classes: 3)
    #expect(abs(agree.mutualInformation[0]) < 1e-15)
    let disagree = ClassPredictive(probabilities: [[1, 0], [0, 1]], classes: 2)
    #expect(abs(disagree.totalEntropy[0] - Foundation.log(2)) < 1e-15 && disagree.expectedEntropy[0] == 0)
    #expect(abs(disagree.mutualInformation[0] - Foundation.log(2)) < 1e-15)
    var rng = Xoshiro256(seed: 41)
    let mixed = ClassPredictive(logits: (0..<5).map { _ in (0..<12).map { _ in 2 * rng.normal() } }, classes: 4)
    for i in 0..<3 { #expect(abs(mixed.totalEntropy[i] - mixed.expectedEntropy[i] - mixed.mutualInformation[i]) < 1e-12) }
    #expect(mixed.mean.count == 12 && abs(mixed.mean[0..<4].reduce(0, +) - 1) < 1e-12)
}

/// Accuracy, NLL, Brier score and ECE on four inputs, computed by hand: probabilities of class 0
/// 0.9, 0.6, 0.3, 0.8 (two classes), labels 0, 1, 1, 0. Two bins: (0, 0.5], (0.5, 1]; all four
/// confidences (0.9, 0.6, 0.7, 0.8) fall in the second, accuracy 3/4 against mean confidence 0.75.
@Test("accuracy, NLL, Brier and ECE equal their hand values")
func classificationMetricsByHand() {
    let p: [Double] = [0.9, 0.1, 0.6, 0.4, 0.3, 0.7, 0.8, 0.2]
    let y = [0, 1, 1, 0]
    #expect(ClassificationMetrics.accuracy(p, classes: 2, labels: y) == 0.75)
    let nll = -(Foundation.log(0.9) + Foundation.log(0.4) + Foundation.log(0.7) + Foundation.log(0.8)) / 4
    #expect(abs(ClassificationMetrics.negativeLogLikelihood(p, classes: 2, labels: y) - nll) < 1e-15)
    let brier = (2 * 0.01 + 2 * 0.36 + 2 * 0.09 + 2 * 0.04) / 4
    #expect(abs(ClassificationMetrics.brierScore(p, classes: 2, labels: y) - brier) < 1e-15)
    let bins = ClassificationMetrics.reliability(p, classes: 2, labels: y, bins: 2)
    #expect(bins[0].count == 0 && bins[1].count == 4 && abs(bins[1].confidence - 0.75) < 1e-15 && bins[1].accuracy == 0.75)
    #expect(abs(ClassificationMetrics.expectedCalibrationError(p, classes: 2, labels: y, bins: 2)) < 1e-15)
    // Every label 1: only the third input is right, accuracy 1/4 against confidence 3/4.
    #expect(abs(ClassificationMetrics.expectedCalibrationError(p, classes: 2, labels: [1, 1, 1, 1], bins: 2) - 0.5) < 1e-15)
}

@Test("AUROC: 1 for separated scores, 0.5 for identical ones, ties count one half")
func areaUnderROCByHand() {
    #expect(ClassificationMetrics.areaUnderROC(positives: [3, 4], negatives: [1, 2]) == 1)
    #expect(ClassificationMetrics.areaUnderROC(positives: [1, 1], negatives: [1, 1, 1]) == 0.5)
    // Pairs: 2 vs (1, 2, 3): 1 + ½ + 0; 4 vs all: 3. (4.5)/6.
    #expect(ClassificationMetrics.areaUnderROC(positives: [2, 4], negatives: [1, 2, 3]) == 0.75)
}

/// Temperature scaling recovers a known over-confidence: labels drawn from softmax(z) for 20,000
/// inputs with 5 classes, logits reported as 3z; the fitted T is within 5% of 3 (its sampling
/// error at this n is about 1%), and the NLL at the fitted T is below the NLL at T = 1.
@Test("temperature scaling recovers T = 3 from logits three times too confident")
func temperatureScalingRecoversTheTemperature() {
    var rng = Xoshiro256(seed: 42)
    let (n, k) = (20_000, 5)
    let z = (0..<(n * k)).map { _ in rng.normal() }
    let p = softmaxRows(z, classes: k)
    let labels = (0..<n).map { i -> Int in
        var u = rng.uniform(), c = 0
        while c < k - 1 && u > p[i * k + c] { u -= p[i * k + c]; c += 1 }
        return c
    }
    let reported = z.map { 3 * $0 }
    let t = ClassificationMetrics.fitTemperature(logits: reported, classes: k, labels: labels)
    #expect(abs(t / 3 - 1) < 0.05, "T = \(t)")
    let before = ClassificationMetrics.negativeLogLikelihood(softmaxRows(reported, classes: k), classes: k, labels: labels)
    let after = ClassificationMetrics.negativeLogLikelihood(softmaxRows(reported.map { $0 / t }, classes: k), classes: k, labels: labels)
    #expect(after < before)
}
