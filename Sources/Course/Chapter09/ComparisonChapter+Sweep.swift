import Datasets
import Dispatch
import Foundation
import Inference
import Probability

extension ComparisonChapter {
    /// One seed of the running-example comparison: the seed's 40 points
    /// (``ReferencePosterior/data(seed:)``), its NUTS reference, every method on them and each
    /// method's 1-Wasserstein distance to that reference.
    public struct RunningExampleRun: Sendable {
        /// The seed of ``Settings/seed`` this run used.
        public let seed: UInt64
        /// The seed's data.
        public let data: RegressionData
        /// The seed's NUTS reference and the largest split-R̂ of its predictive.
        public let reference: Reference
        /// The reference as a method (first; its `gradients` count its gradient evaluations), then every
        /// method of ``methods(_:data:progress:)`` in its order.
        public let methods: [RunningExampleComparison.Method]
        /// The distances of `methods.dropFirst()` to the reference (``scores(_:_:reference:)``).
        public let scores: [RunningExampleComparison.Score]
    }

    /// The running example at the seed of `s`: data, reference, every method (but those whose name
    /// starts with one of `skipping`), scores. `progress` hears "reference" and then each method's
    /// name as it starts.
    public static func runningExample(_ s: Settings, skipping: [String] = [], progress: (String) -> Void = { _ in }) async throws -> RunningExampleRun {
        let data = ReferencePosterior.data(seed: s.seed)
        progress("reference")
        let start = DispatchTime.now().uptimeNanoseconds
        let reference = try await reference(s, data: data)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let others = try await methods(s, data: data, skipping: skipping, progress: progress)
        let draws = reference.chains.flatMap { c in (0..<c.count).map { c.draw($0) } }
        let nuts = RunningExampleComparison.Method(name: "NUTS (the reference)", predictive: RunningExampleComparison.predictive(draws),
                                                   gradients: Double(reference.chains.reduce(0) { $0 + $1.evaluations }), seconds: seconds)
        return RunningExampleRun(seed: s.seed, data: data, reference: reference, methods: [nuts] + others,
                                 scores: scores(s, others, reference: nuts.predictive))
    }

    /// The running example at every seed of ``SeedSweeping/sweptSeeds`` but those in `done` (runs already
    /// made, e.g. the chapter's own seed), gathered in the order of the seeds. Each seed is the
    /// whole comparison: its own data, its own reference, every method from its own streams, but
    /// the methods of ``Settings/sweepSkips`` run only in `done`'s runs (their cost). `finished`
    /// hears each seed as it is done.
    public static func sweep(_ s: Settings, done: [RunningExampleRun] = [], finished: (UInt64) -> Void = { _ in }) async throws -> RunningExampleSweep {
        var runs = [RunningExampleRun]()
        for seed in s.sweptSeeds {
            if let run = done.first(where: { $0.seed == seed }) {
                runs.append(run)
            } else {
                runs.append(try await runningExample(s.with(\.seed, seed), skipping: s.sweepSkips))
            }
            finished(seed)
        }
        return RunningExampleSweep(runs)
    }
}

/// The running-example comparison over seeds: each method's 1-Wasserstein distance to the seed's
/// NUTS reference per region and over the grid, as mean ± standard error over the seeds the method
/// ran at, and the paired comparison of two methods.
///
/// Two methods are compared seed by seed (same data, same reference) over the seeds both ran at:
/// the difference dₖ = W₁(A, seed k) − W₁(B, seed k) has mean d̄ and standard error s_d/√n over
/// those n seeds. A is *closer* than B when d̄ + 2 SE < 0, *further* when d̄ − 2 SE > 0, and the
/// two *tie* otherwise.
public struct RunningExampleSweep: Sendable {
    /// The seeds, in order.
    public let seeds: [UInt64]
    /// The methods' names (the reference excluded): those of the first run, in its order.
    public let names: [String]
    /// `distances[m][k]`: method m at seed k, the three ``RunningExampleComparison/Region``s then
    /// the grid; nil where the method did not run at that seed.
    public let distances: [[[Double]?]]
    /// The largest split-R̂ of each seed's reference predictive.
    public let referenceRHats: [Double]
    /// Divergent transitions of each seed's reference.
    public let referenceDivergences: [Int]

    /// The columns of ``distances``: the regions, then "over the grid".
    public static let columns = RunningExampleComparison.Region.allCases.map(\.rawValue) + ["over the grid"]

    public init(_ runs: [ComparisonChapter.RunningExampleRun]) {
        seeds = runs.map(\.seed)
        let names = runs[0].scores.map(\.name)
        self.names = names
        distances = names.map { name in
            runs.map { run in run.scores.first { $0.name == name }.map { $0.regions + [$0.overall] } }
        }
        referenceRHats = runs.map(\.reference.rHat)
        referenceDivergences = runs.map { $0.reference.chains.reduce(0) { $0 + $1.divergences } }
    }

    /// The index of the first method whose name starts with `prefix`.
    public func index(_ prefix: String) -> Int {
        guard let m = names.firstIndex(where: { $0.hasPrefix(prefix) }) else { preconditionFailure("no method named \(prefix)… in \(names)") }
        return m
    }

    /// The seeds method m ran at.
    public func seeds(of m: Int) -> [UInt64] {
        seeds.indices.filter { distances[m][$0] != nil }.map { seeds[$0] }
    }

    /// Method m's distance in column c (``columns``), mean ± SE over the seeds it ran at (SE nan for one seed).
    public func summary(_ m: Int, column c: Int) -> (mean: Double, standardError: Double) {
        meanAndStandardError(distances[m].compactMap { $0?[c] })
    }

    /// The paired difference W₁(a) − W₁(b) in column c, mean ± SE over the seeds both ran at.
    public func difference(_ a: String, _ b: String, column c: Int) -> (mean: Double, standardError: Double) {
        let (i, j) = (index(a), index(b))
        return meanAndStandardError(seeds.indices.compactMap { k in
            guard let x = distances[i][k], let y = distances[j][k] else { return nil }
            return x[c] - y[c]
        })
    }

    /// How method a compares with method b in a column.
    public enum Verdict: String, Sendable {
        case closer = "closer than"
        case tie = "ties with"
        case further = "further than"
    }

    /// ``Verdict`` of a against b in column c: the paired difference beyond 2 SE, or a tie.
    public func verdict(_ a: String, _ b: String, column c: Int) -> Verdict {
        let d = difference(a, b, column: c)
        if d.mean + 2 * d.standardError < 0 { return .closer }
        if d.mean - 2 * d.standardError > 0 { return .further }
        return .tie
    }

    /// One line: "SGLD ties with MAP over the grid: W₁ difference +0.001 ± 0.004".
    public func comparison(_ a: String, _ b: String, column c: Int) -> String {
        let d = difference(a, b, column: c)
        return "\(names[index(a)]) \(verdict(a, b, column: c).rawValue) \(names[index(b)]) \(Self.columns[c]): W₁ difference "
            + String(format: "%+.3f ± %.3f", d.mean, d.standardError)
    }
}
