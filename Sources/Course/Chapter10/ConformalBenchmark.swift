import Inference
import Probability

/// `comparison --csv … --calibrate`: every method of the real-data benchmark before and after
/// split conformal, on any table.
///
/// Per split, the protocol of ``CalibrationChapter/bostonSplit(_:x:y:inputs:split:splitIndex:methods:)``:
/// a fifth of the training rows set aside (stream 2000 + k), the methods fitted on the rest, the
/// central interval at level 1 − α of each method's Gaussian predictive scored on the test rows
/// (before), then the split-conformal interval with the normalised score |y − μ|/σ calibrated on
/// the rows set aside (after). Coverage and width are means over the splits.
public struct ConformalBenchmark: Sendable {
    public let method: BenchmarkMethod
    /// The level 1 − α of both intervals.
    public let level: Double
    /// Rows set aside per split (the first split's).
    public let calibrationRows: Int
    public let coverageBefore: Double, widthBefore: Double
    public let coverageAfter: Double, widthAfter: Double

    /// The methods' before/after scores over `splits` (90/10 permutations of the rows), at the
    /// benchmark's settings and seed, the splits in parallel; `finished` hears the splits done.
    public static func run(benchmark: BenchmarkSettings, seed: UInt64, x: [Double], y: [Double], inputs d: Int, splits: [[Int]],
                           level: Double = 0.95, finished: ((Int) -> Void)? = nil,
                           isolation: isolated (any Actor)? = #isolation) async throws -> [ConformalBenchmark] {
        let s = CalibrationChapter.Settings.standard(seed: seed).with(\.benchmark, benchmark).with(\.splits, splits.count).with(\.alpha, 1 - level)
        let fits = try await CalibrationChapter.boston(s, x: x, y: y, inputs: d, splits: splits, methods: BenchmarkMethod.allCases,
                                                       finished: finished, isolation: isolation)
        return fits[0].indices.map { j in
            let before = fits.map { CalibrationChapter.score($0[j], .none, alpha: s.alpha).interval }
            let after = fits.map { CalibrationChapter.score($0[j], .conformalNormalised, alpha: s.alpha).interval }
            return ConformalBenchmark(method: fits[0][j].method, level: level, calibrationRows: fits[0][j].calibration.count,
                                      coverageBefore: mean(before.map(\.coverage)), widthBefore: mean(before.map(\.meanWidth)),
                                      coverageAfter: mean(after.map(\.coverage)), widthAfter: mean(after.map(\.meanWidth)))
        }
    }

    /// The JSON object of `summary` (``MethodSummary/json``, one line) with one more key,
    /// "conformal": {"calibration_rows": …, "picp95_before": …, "mpiw95_before": …,
    /// "picp95_after": …, "mpiw95_after": …}.
    public func json(extending summary: MethodSummary) -> String {
        precondition(summary.method == method, "ConformalBenchmark.json: another method's summary")
        let number = { (v: Double) in v.isFinite ? "\(v)" : "null" }
        let tag = String(Int((100 * level).rounded()))
        let inner = "{\"calibration_rows\": \(calibrationRows), \"picp\(tag)_before\": \(number(coverageBefore)), \"mpiw\(tag)_before\": \(number(widthBefore)), "
            + "\"picp\(tag)_after\": \(number(coverageAfter)), \"mpiw\(tag)_after\": \(number(widthAfter))}"
        return String(summary.json.dropLast()) + ", \"conformal\": " + inner + "}"
    }

    /// The table rows: method, PICP and MPIW before and after.
    public var row: [String] {
        [method.title, String(format: "%.2f", coverageBefore), String(format: "%.1f", widthBefore),
         String(format: "%.2f", coverageAfter), String(format: "%.1f", widthAfter)]
    }
}
