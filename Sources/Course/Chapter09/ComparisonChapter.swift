import Datasets
import Foundation
import Inference
import Probability

/// Lecture 9's experiments: every method of the course on the running example, scored against
/// NUTS run to convergence (``reference(_:data:run:)``, ``methods(_:data:progress:)``,
/// ``scores(_:_:reference:)``), and six of them on real data with the published benchmark's
/// protocol (``benchmark(_:x:y:inputs:splits:methods:finished:methodFinished:isolation:)``).
///
/// Every random draw comes from a stream of ``Settings/seed``: the scoring check 401, the data 100,
/// the reference seed + 30 (its second run seed + 1030), the methods 200–209, the distances 300,
/// a CSV file's random splits 400, and the benchmark's split k, method j stream 1000 k + 1 + j.
public enum ComparisonChapter {
    /// The scores of Gaussian predictives N(μᵢ, σᵢ²) on targets drawn from themselves, which are
    /// calibrated by construction, and the CRPS of N(0, 1) at y = 0.5 in closed form and from draws.
    public struct ScoringCheck: Sendable {
        /// PICP and MPIW of the central 90% intervals μᵢ ± 1.645 σᵢ.
        public let coverage90: (coverage: Double, meanWidth: Double)
        /// The miscalibration area, the mean gap of the calibration curve to the diagonal.
        public let miscalibrationArea: Double
        /// CRPS(N(0, 1), 0.5) = E|X − y| − ½ E|X − X'| in closed form.
        public let crpsClosedForm: Double
        /// The same from ``Settings/crpsDraws`` draws of X.
        public let crpsSampled: Double
    }

    /// ``ScoringCheck`` for ``Settings/fixtureCount`` predictives with μᵢ ~ N(0, 1), σᵢ ~ U(0.5, 1.5)
    /// and yᵢ ~ N(μᵢ, σᵢ²) (stream 401).
    public static func scoringCheck(_ s: Settings) -> ScoringCheck {
        var rng = Xoshiro256(seed: s.seed, stream: 401)
        let means = (0..<s.fixtureCount).map { _ in rng.normal() }
        let sds = (0..<s.fixtureCount).map { _ in 0.5 + rng.uniform() }
        let targets = zip(means, sds).map { $0 + $1 * rng.normal() }
        let coverage = predictionIntervals(mean: means, standardDeviation: sds, targets: targets, level: 0.9)
        let area = miscalibrationArea(mean: means, standardDeviation: sds, targets: targets)
        let closed = gaussianCRPS(mean: [0], standardDeviation: [1], targets: [0.5])
        let sampled = sampleCRPS((0..<s.crpsDraws).map { _ in rng.normal() }, target: 0.5)
        return ScoringCheck(coverage90: coverage, miscalibrationArea: area, crpsClosedForm: closed, crpsSampled: sampled)
    }

    /// The chapter's Boston splits: the first ``Settings/splits`` of the published ones.
    public static func bostonSplits(_ s: Settings, published: [[Int]]) -> [[Int]] {
        Array(published.prefix(s.splits))
    }

    /// ``Settings/splits`` seeded random 90/10 splits of `rows` rows, for a CSV file without its own (stream 400).
    public static func randomSplits(_ s: Settings, rows: Int) -> [[Int]] {
        var rng = Xoshiro256(seed: s.seed, stream: 400)
        return DataSplits.random(count: s.splits, rows: rows, using: &rng)
    }

    /// The real-data benchmark at ``Settings/benchmark`` on every split: one array of scores per split,
    /// the methods in the order of `methods`. The splits are prepared in parallel
    /// (``RegressionBenchmark/prepare(x:y:inputs:split:splitIndex:settings:seed:)``), then each method
    /// runs on every split, the splits in parallel
    /// (``RegressionBenchmark/score(_:on:splitIndex:settings:seed:)``); the numbers do not depend on
    /// the order. `finished` hears each finished fit: the count done out of `methods.count ·
    /// splits.count`, the method, and how many of its splits are done; `methodFinished` hears each method's scores over all splits
    /// as soon as they are final.
    public static func benchmark(_ s: Settings, x: [Double], y: [Double], inputs d: Int, splits: [[Int]],
                                 methods: [BenchmarkMethod] = BenchmarkMethod.allCases,
                                 finished: ((_ done: Int, _ method: BenchmarkMethod, _ splitsDone: Int) -> Void)? = nil,
                                 methodFinished: ((_ method: BenchmarkMethod, _ scores: [MethodScore]) -> Void)? = nil,
                                 isolation: isolated (any Actor)? = #isolation) async throws -> [[MethodScore]] {
        let (settings, seed) = (s.benchmark, s.seed)
        let prepared = try await runInParallel(count: splits.count, seed: seed, isolation: isolation) { k, _ in
            try RegressionBenchmark.prepare(x: x, y: y, inputs: d, split: splits[k], splitIndex: k, settings: settings, seed: seed)
        }
        var byMethod = [[MethodScore]]()
        for method in methods {
            let done = byMethod.count * splits.count
            // As many fits at a time as there are cores, so that they finish one after another (progress).
            let scores = try await runInParallel(count: splits.count, seed: seed, maximumConcurrency: ProcessInfo.processInfo.activeProcessorCount,
                                                 finished: { finished?(done + $0, method, $0) }, isolation: isolation) { k, _ in
                try RegressionBenchmark.score(method, on: prepared[k], splitIndex: k, settings: settings, seed: seed)
            }
            byMethod.append(scores)
            methodFinished?(method, scores)
        }
        return splits.indices.map { k in byMethod.map { $0[k] } }
    }
}
