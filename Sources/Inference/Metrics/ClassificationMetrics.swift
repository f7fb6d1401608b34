import Foundation
import NumericalMethods

/// A classifier's predictive at n inputs over K classes: the class probabilities of S draws
/// (posterior draws, ensemble members or dropout masks), and their average, the Bayesian model
/// average p(y | x) = (1/S) Σₛ p(y | x, ωₛ).
///
/// Its uncertainty splits like the law of total variance (Houlsby et al. 2011; Depeweg et al. 2018):
///
///   H[p̄(y | x)]  =  (1/S) Σₛ H[p(y | x, ωₛ)]  +  I(y; ω | x),
///   total           aleatoric (expected entropy)   epistemic (mutual information, BALD)
///
/// with H[p] = −Σₖ pₖ ln pₖ (nats). The mutual information is zero exactly when every draw
/// predicts the same probabilities.
public struct ClassPredictive: Sendable {
    /// probabilities[s][i * K + k]: draw s, input i, class k.
    public let probabilities: [[Double]]
    public let count: Int
    public let classes: Int

    /// - Precondition: every draw holds n × K probabilities.
    public init(probabilities: [[Double]], classes: Int) {
        precondition(!probabilities.isEmpty && classes >= 2, "ClassPredictive: needs at least one draw and two classes")
        precondition(probabilities.allSatisfy { $0.count == probabilities[0].count && $0.count % classes == 0 },
                     "ClassPredictive: every draw must hold n × \(classes) probabilities")
        self.probabilities = probabilities
        self.classes = classes
        count = probabilities[0].count / classes
    }

    /// The draws' softmax of logits (each n × K, row-major).
    public init(logits: [[Double]], classes: Int) {
        self.init(probabilities: logits.map { softmaxRows($0, classes: classes) }, classes: classes)
    }

    /// p̄(y | xᵢ): the average over the draws, n × K.
    public var mean: [Double] {
        let s = Double(probabilities.count)
        return (0..<(count * classes)).map { j in probabilities.reduce(0.0) { $0 + $1[j] } / s }
    }

    /// H[p̄(y | xᵢ)] per input: the total predictive entropy.
    public var totalEntropy: [Double] { entropyRows(mean, classes: classes) }

    /// (1/S) Σₛ H[p(y | xᵢ, ωₛ)] per input: the aleatoric part.
    public var expectedEntropy: [Double] {
        let perDraw = probabilities.map { entropyRows($0, classes: classes) }
        return (0..<count).map { i in perDraw.reduce(0.0) { $0 + $1[i] } / Double(probabilities.count) }
    }

    /// I(y; ω | xᵢ) = total − expected entropy per input: the epistemic part.
    public var mutualInformation: [Double] { zip(totalEntropy, expectedEntropy).map { max($0 - $1, 0) } }

    /// maxₖ p̄(y = k | xᵢ) per input.
    public var confidence: [Double] { (0..<count).map { i in mean[(i * classes)..<((i + 1) * classes)].max()! } }

    /// argmaxₖ p̄(y = k | xᵢ) per input (the first on ties).
    public var predictedClass: [Int] {
        let m = mean
        return (0..<count).map { i in (0..<classes).max { m[i * classes + $0] < m[i * classes + $1] }! }
    }
}

/// Row-wise softmax of logits (n × K), each row shifted by its maximum.
public func softmaxRows(_ logits: [Double], classes k: Int) -> [Double] {
    var p = logits
    for i in 0..<(logits.count / k) {
        let row = (i * k)..<((i + 1) * k)
        let m = logits[row].max()!
        var s = 0.0
        for j in row { p[j] = Elementary.exp(logits[j] - m); s += p[j] }
        for j in row { p[j] /= s }
    }
    return p
}

/// Row-wise entropy −Σₖ pₖ ln pₖ of probabilities (n × K), with 0 ln 0 = 0.
public func entropyRows(_ p: [Double], classes k: Int) -> [Double] {
    (0..<(p.count / k)).map { i in -p[(i * k)..<((i + 1) * k)].reduce(0.0) { $0 + ($1 > 0 ? $1 * Elementary.log($1) : 0) } }
}

/// Scores of class probabilities p (n × K) against labels.
public enum ClassificationMetrics {
    /// The fraction of inputs whose most probable class is the label.
    public static func accuracy(_ p: [Double], classes k: Int, labels: [Int]) -> Double {
        let hits = labels.indices.filter { i in (0..<k).max { p[i * k + $0] < p[i * k + $1] }! == labels[i] }.count
        return Double(hits) / Double(labels.count)
    }

    /// The mean negative log-likelihood −(1/n) Σᵢ ln p(yᵢ | xᵢ) (nats), a probability of 0 counted
    /// as 10⁻³⁰⁰ so that one certain mistake is a large finite number.
    public static func negativeLogLikelihood(_ p: [Double], classes k: Int, labels: [Int]) -> Double {
        -labels.indices.reduce(0.0) { $0 + Elementary.log(max(p[$1 * k + labels[$1]], 1e-300)) } / Double(labels.count)
    }

    /// The Brier score (1/n) Σᵢ Σₖ (pᵢₖ − [k = yᵢ])² (between 0 and 2).
    public static func brierScore(_ p: [Double], classes k: Int, labels: [Int]) -> Double {
        labels.indices.reduce(0.0) { total, i in
            total + (0..<k).reduce(0.0) { let d = p[i * k + $1] - ($1 == labels[i] ? 1 : 0); return $0 + d * d }
        } / Double(labels.count)
    }

    /// One bin of a reliability diagram: its inputs, their mean confidence and their accuracy.
    public struct Bin: Sendable, Equatable {
        public let count: Int
        public let confidence: Double
        public let accuracy: Double
    }

    /// The reliability diagram with `bins` equal-width bins of the confidence maxₖ pᵢₖ on [0, 1]
    /// (bin b holds (b/B, (b + 1)/B], the first also 0), empty bins with count 0.
    public static func reliability(_ p: [Double], classes k: Int, labels: [Int], bins: Int) -> [Bin] {
        var members = [[Int]](repeating: [], count: bins)
        for i in labels.indices {
            let c = p[(i * k)..<((i + 1) * k)].max()!
            members[min(bins - 1, max(0, Int((c * Double(bins)).rounded(.up)) - 1))].append(i)
        }
        return members.map { rows in
            guard !rows.isEmpty else { return Bin(count: 0, confidence: 0, accuracy: 0) }
            let confidence = rows.reduce(0.0) { $0 + p[($1 * k)..<(($1 + 1) * k)].max()! } / Double(rows.count)
            let correct = rows.filter { i in (0..<k).max { p[i * k + $0] < p[i * k + $1] }! == labels[i] }.count
            return Bin(count: rows.count, confidence: confidence, accuracy: Double(correct) / Double(rows.count))
        }
    }

    /// The expected calibration error with `bins` equal-width bins (Naeini et al. 2015; Guo et al.
    /// 2017): Σ_b (n_b/n) |accuracy_b − confidence_b|.
    public static func expectedCalibrationError(_ p: [Double], classes k: Int, labels: [Int], bins: Int) -> Double {
        reliability(p, classes: k, labels: labels, bins: bins).reduce(0.0) { $0 + Double($1.count) * abs($1.accuracy - $1.confidence) }
            / Double(labels.count)
    }

    /// The area under the ROC curve of `scores` for telling `positives` (e.g. out-of-distribution
    /// inputs) from the rest: the probability that a random positive scores above a random
    /// negative, ties counting one half (the Mann–Whitney statistic).
    public static func areaUnderROC(positives: [Double], negatives: [Double]) -> Double {
        precondition(!positives.isEmpty && !negatives.isEmpty, "areaUnderROC: needs positives and negatives")
        let sorted = negatives.sorted()
        // For each positive: negatives strictly below it, plus half those equal, by binary search.
        func below(_ x: Double, strictly: Bool) -> Int {
            var (lo, hi) = (0, sorted.count)
            while lo < hi {
                let mid = (lo + hi) / 2
                if strictly ? sorted[mid] < x : sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let wins = positives.reduce(0.0) { total, x in
            let (less, lessOrEqual) = (below(x, strictly: true), below(x, strictly: false))
            return total + Double(less) + 0.5 * Double(lessOrEqual - less)
        }
        return wins / (Double(positives.count) * Double(negatives.count))
    }

    /// Temperature scaling (Guo et al. 2017): the T > 0 that minimises the validation NLL of
    /// softmax(z/T), by golden-section search on ln T ∈ [ln 0.05, ln 20] (the NLL is convex in 1/T).
    public static func fitTemperature(logits: [Double], classes k: Int, labels: [Int]) -> Double {
        func nll(_ logT: Double) -> Double {
            let t = Elementary.exp(logT)
            return negativeLogLikelihood(softmaxRows(logits.map { $0 / t }, classes: k), classes: k, labels: labels)
        }
        var (a, b) = (Elementary.log(0.05), Elementary.log(20.0))
        let ratio = (5.0.squareRoot() - 1) / 2
        var (c, d) = (b - ratio * (b - a), a + ratio * (b - a))
        var (fc, fd) = (nll(c), nll(d))
        for _ in 0..<80 {
            if fc < fd { (b, d, fd) = (d, c, fc); c = b - ratio * (b - a); fc = nll(c) }
            else { (a, c, fc) = (c, d, fd); d = a + ratio * (b - a); fd = nll(d) }
        }
        return Elementary.exp((a + b) / 2)
    }
}
