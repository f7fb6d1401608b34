import Autodiff
import Foundation
import Inference
import Probability

extension EmulatorChapter {
    /// The methods in the order of ``rollouts(_:_:swag:laplace:family:from:)`` and of every score array.
    public static let methodNames = ["deep ensemble", "MC dropout", "SWAG", "Bayes-by-Backprop", "last-layer Laplace"]

    /// The whole experiment at the seed of `s`: training data, every network, SWAG and last-layer
    /// Laplace from the first member, the test sets and every method's rollouts, scored. `scores[family][method]`
    /// (``Family`` order, ``methodNames`` order).
    public static func scoresOfSeed(_ s: Settings, isolation: isolated (any Actor)? = #isolation) async throws -> [[RolloutScores]] {
        let data = trainingData(s)
        let trained = try await networks(s, data: data, isolation: isolation)
        let swag = try swag(s, data: data, from: trained.members[0])
        let laplace = try lastLayerLaplace(s, data: data, from: trained.members[0])
        return try Family.allCases.map { family in
            let test = testSet(s, family)
            return scores(s, try rollouts(s, trained, swag: swag, laplace: laplace, family: family, from: test.initial), truth: test.truth)
        }
    }

    /// ``scoresOfSeed(_:isolation:)`` at every seed of ``SeedSweeping/sweptSeeds``, reusing the runs in
    /// `done` (keyed by seed, e.g. the chapter's own); `finished` hears each seed as it is done.
    /// The seeds run side by side (each one's numbers depend on its seed alone), so that one seed's
    /// single-threaded steps (SWAG, Laplace, the rollouts) overlap with another's training.
    public static func sweep(_ s: Settings, done: [UInt64: [[RolloutScores]]] = [:], finished: (UInt64) -> Void = { _ in },
                             isolation: isolated (any Actor)? = #isolation) async throws -> EmulatorSweep {
        let seeds = s.sweptSeeds
        var runs = seeds.map { done[$0] }
        for seed in seeds where done[seed] != nil { finished(seed) }
        try await withThrowingTaskGroup(of: (Int, [[RolloutScores]]).self) { group in
            for (k, seed) in seeds.enumerated() where runs[k] == nil {
                group.addTask { (k, try await scoresOfSeed(s.with(\.seed, seed), isolation: nil)) }
            }
            for try await (k, run) in group {
                runs[k] = run
                finished(seeds[k])
            }
        }
        return EmulatorSweep(seeds: seeds, runs: runs.map { $0! }, reportTimes: [1, s.rolloutSteps / 4, s.rolloutSteps])
    }
}

/// The emulator chapter over seeds (each seed its own training data, networks and test sets):
/// every number the chapter compares, per seed, and its mean ± standard error over the seeds.
public struct EmulatorSweep: Sendable {
    /// The seeds, in order.
    public let seeds: [UInt64]
    /// `runs[k][family][method]`: seed k's scores.
    public let runs: [[[RolloutScores]]]
    /// The emulator steps the tables report (t = step · Δt).
    public let reportTimes: [Int]

    public init(seeds: [UInt64], runs: [[[RolloutScores]]], reportTimes: [Int]) {
        (self.seeds, self.runs, self.reportTimes) = (seeds, runs, reportTimes)
    }

    /// mean ± SE over the seeds of `value(seed k's scores)`.
    public func summary(_ value: ([[RolloutScores]]) -> Double) -> (mean: Double, standardError: Double) {
        meanAndStandardError(runs.map(value))
    }

    /// The per-seed values of `value`.
    public func values(_ value: ([[RolloutScores]]) -> Double) -> [Double] { runs.map(value) }

    /// Method m's RMS error of the mean rollout in `family` at emulator step t.
    public static func error(_ m: Int, _ family: EmulatorChapter.Family, step t: Int) -> ([[RolloutScores]]) -> Double {
        { $0[family.rawValue][m].error[t] }
    }

    /// Method m's RMS predicted sd in `family` at emulator step t.
    public static func spread(_ m: Int, _ family: EmulatorChapter.Family, step t: Int) -> ([[RolloutScores]]) -> Double {
        { $0[family.rawValue][m].spread[t] }
    }

    /// Method m's error out of distribution over its error in distribution at step t.
    public static func errorRatio(_ m: Int, step t: Int) -> ([[RolloutScores]]) -> Double {
        { $0[1][m].error[t] / $0[0][m].error[t] }
    }

    /// Method m's predicted sd out of distribution over its sd in distribution at step t.
    public static func spreadRatio(_ m: Int, step t: Int) -> ([[RolloutScores]]) -> Double {
        { $0[1][m].spread[t] / $0[0][m].spread[t] }
    }

    /// Method m's 90% coverage in `family`, averaged over t = Δt, …, the rollout's end.
    public static func coverage(_ m: Int, _ family: EmulatorChapter.Family) -> ([[RolloutScores]]) -> Double {
        { let c = $0[family.rawValue][m].coverage90.dropFirst(); return c.reduce(0, +) / Double(c.count) }
    }

    /// Method m's Spearman correlation of sd and error in `family`, or over both families when `family` is nil.
    public static func rankCorrelation(_ m: Int, _ family: EmulatorChapter.Family?) -> ([[RolloutScores]]) -> Double {
        { run in family.map { run[$0.rawValue][m].rankCorrelation } ?? RolloutScores.pooledRankCorrelation([run[0][m], run[1][m]]) }
    }

    /// "0.0123 ± 0.0004" for a summary.
    public static func format(_ s: (mean: Double, standardError: Double), digits: Int = 4) -> String {
        String(format: "%.\(digits)f ± %.\(digits)f", s.mean, s.standardError)
    }
}
