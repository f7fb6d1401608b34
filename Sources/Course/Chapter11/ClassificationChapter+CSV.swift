import Datasets
import Foundation
import Inference
import Probability

extension ClassificationChapter {
    /// One method over the splits of `classification --csv`: accuracy, NLL, Brier score and ECE on the
    /// test rows (mean and standard error over the splits), and its training seconds summed over them.
    public struct CSVSummary: Sendable {
        public let method: String
        public let accuracy, nll, brier, ece: (mean: Double, standardError: Double)
        public let seconds: Double

        /// The method's key in the JSON output.
        public var key: String { method.lowercased().replacingOccurrences(of: " ", with: "-") }

        /// One JSON object: `method`, `accuracy`, `nll`, `brier`, `ece` (each `{"mean", "se"}`), `seconds`.
        public var json: String {
            let number = { (v: Double) in v.isFinite ? "\(v)" : "null" }
            let pair = { (p: (mean: Double, standardError: Double)) in "{\"mean\": \(number(p.mean)), \"se\": \(number(p.standardError))}" }
            return "{\"method\": \"\(key)\", \"accuracy\": \(pair(accuracy)), \"nll\": \(pair(nll)), \"brier\": \(pair(brier)), "
                + "\"ece\": \(pair(ece)), \"seconds\": \(number(seconds))}"
        }
    }

    /// The five methods of the digits (MAP, deep ensemble, MC dropout, SWAG, last-layer Laplace) on
    /// any class table: `splits` stratified 80/20 splits (split k from stream 130 of seed + k), inputs
    /// standardised with the training rows' mean and sd (a constant column left centred), the digits'
    /// network and training with d inputs, scored on the test rows with ``Settings/bins`` ECE bins.
    public static func csvBenchmark(_ s: Settings, table: ClassTable, splits: Int, finished: ((Int) -> Void)? = nil) async throws -> [CSVSummary] {
        let d = table.inputNames.count
        let k = table.classNames.count
        var perSplit = [[(scores: Scores, seconds: Double)]]()
        for split in 0..<splits {
            var rng = Xoshiro256(seed: s.seed &+ UInt64(split), stream: 130)
            let parts = stratifiedSplit(labels: table.labels, fractions: [0.8, 0.2], using: &rng)
            let (trainRows, testRows) = (parts[0], parts[1])
            var means = [Double](repeating: 0, count: d), sds = [Double](repeating: 0, count: d)
            for j in 0..<d {
                let column = trainRows.map { table.inputs[$0 * d + j] }
                means[j] = mean(column)
                let sd = column.count > 1 ? variance(column).squareRoot() : 0
                sds[j] = sd > 0 ? sd : 1
            }
            let standardised = (0..<table.labels.count).flatMap { i in (0..<d).map { j in (table.inputs[i * d + j] - means[j]) / sds[j] } }
            let all = DigitImages(pixels: standardised, labels: table.labels, features: d)
            let (train, test) = (all.rows(trainRows), all.rows(testRows))
            let splitSettings = s.with(\.seed, s.seed &+ UInt64(split))
            let fitted = try await fit(splitSettings, train: train, classes: k, ensembleSeed: splitSettings.seed &+ 3000, dropoutStream: 131)
            var passRNG = Xoshiro256(seed: splitSettings.seed, stream: 132)
            perSplit.append(fitted.names.indices.map { m in
                let p = ClassPredictive(logits: fitted.logits(m, test.tensor, passes: s.passes, using: &passRNG), classes: k).mean
                return (Scores(p, classes: k, labels: test.labels, bins: s.bins), fitted.seconds[m])
            })
            finished?(split + 1)
        }
        return TrainedDigits.names.indices.map { m in
            let r = perSplit.map { $0[m] }
            return CSVSummary(method: TrainedDigits.names[m], accuracy: meanAndStandardError(r.map(\.scores.accuracy)),
                              nll: meanAndStandardError(r.map(\.scores.nll)), brier: meanAndStandardError(r.map(\.scores.brier)),
                              ece: meanAndStandardError(r.map(\.scores.ece)), seconds: r.reduce(0) { $0 + $1.seconds })
        }
    }
}
