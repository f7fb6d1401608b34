import Foundation
import Inference
import Probability

/// Lecture 11 — uncertainty for classifiers — as functions of one ``Settings`` value.
///
/// Streams of the seed: the two moons' training points from stream 110 and test points from 111;
/// the two-moons ensemble members from streams 0…M−1 of seed + 1,000 (MAP is member 0), MC dropout
/// from stream 112, NUTS chains from streams 0…C−1 of seed + 2,000; the digits split from stream 120,
/// the digits ensemble from seed + 3,000, its MC dropout from stream 121, the networks of classes 0–4
/// from seed + 4,000 and stream 122; the dropout passes from streams 113, 123, 124.
public enum ClassificationChapter {
    /// A method's predictive, as the logits of its draws (members, passes or posterior draws) at
    /// some inputs: draws[s] is n × K, row-major.
    public struct MethodLogits: Sendable {
        public let name: String
        public let draws: [[Double]]
        public init(name: String, draws: [[Double]]) {
            self.name = name
            self.draws = draws
        }
        /// The predictive of the draws' softmax.
        public func predictive(classes: Int) -> ClassPredictive { ClassPredictive(logits: draws, classes: classes) }
    }

    /// Accuracy, NLL (nats), Brier score and ECE of a predictive's mean probabilities.
    public struct Scores: Sendable {
        public let accuracy, nll, brier, ece: Double

        public init(_ p: [Double], classes k: Int, labels: [Int], bins: Int) {
            accuracy = ClassificationMetrics.accuracy(p, classes: k, labels: labels)
            nll = ClassificationMetrics.negativeLogLikelihood(p, classes: k, labels: labels)
            brier = ClassificationMetrics.brierScore(p, classes: k, labels: labels)
            ece = ClassificationMetrics.expectedCalibrationError(p, classes: k, labels: labels, bins: bins)
        }
    }

    /// A stratified split of the rows 0..<n by label: each class's rows shuffled by `rng` (Fisher–Yates)
    /// and cut in the proportions `fractions` (the last part takes the rest), the parts' rows in
    /// increasing order. Every class with at least `fractions.count` rows appears in every part.
    public static func stratifiedSplit(labels: [Int], fractions: [Double], using rng: inout Xoshiro256) -> [[Int]] {
        var parts = [[Int]](repeating: [], count: fractions.count)
        for c in Set(labels).sorted() {
            var rows = labels.indices.filter { labels[$0] == c }
            for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            var start = 0
            for (p, f) in fractions.enumerated() {
                let remaining = rows.count - start, partsLeft = fractions.count - p - 1
                let size = p == fractions.count - 1 ? remaining : min(remaining - partsLeft, max(1, Int((f * Double(rows.count)).rounded())))
                parts[p] += rows[start..<(start + max(0, size))]
                start += max(0, size)
            }
        }
        return parts.map { $0.sorted() }
    }
}
