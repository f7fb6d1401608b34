import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

/// The chapter's methods on the reference's own model (``ReferencePosterior``: 1→10→1 tanh, prior
/// w ~ N(0, I), noise sd 0.05), so that beside the NUTS band the only difference is the method.
extension EnsemblesChapter {
    /// The ensembles the chapter sets beside the reference. Each member is a (local) mode of
    /// −ln p(w | D)/N, the MAP loss, found by Adam from w₀ ~ N(0, ``Settings/initialScale``² I).
    public enum ReferenceMethod: Int, CaseIterable, Sendable {
        /// One MAP: ``Settings/mapSteps`` full-data Adam steps at 0.01 (stream 70).
        case map
        /// ``Settings/members`` MAPs from their own initialisations (seed + 8, member k its stream k).
        case deepEnsemble
        /// Huang et al.'s recipe: ``Settings/snapshots`` cosine cycles of ``Settings/snapshotStepsPerCycle``
        /// Adam steps on mini-batches of ``Settings/batchSize``, restarting at ``Settings/snapshotRate`` (stream 71).
        case snapshot
        /// The same schedule with full-data gradients and a small restart rate,
        /// ``Settings/smallRestartRate``, cycles of ``Settings/mapSteps``/2 steps: the MAP's
        /// settings (stream 72).
        case smallRestartSnapshot

        /// The method's name in the chapter's tables.
        public var name: String {
            switch self {
            case .map: "MAP"
            case .deepEnsemble: "deep ensemble"
            case .snapshot: "snapshot, mini-batches, large restarts"
            case .smallRestartSnapshot: "snapshot, full batch, small restarts"
            }
        }
    }

    /// w₀ ~ N(0, s² I) for the reference's network.
    static func referenceStart(_ s: Settings, _ rng: inout Xoshiro256) -> [Double] {
        (0..<ReferencePosterior.network.parameterCount).map { _ in s.initialScale * rng.normal() }
    }

    /// The snapshot ensemble of `method` (``ReferenceMethod/snapshot`` or ``ReferenceMethod/smallRestartSnapshot``).
    public static func snapshotEnsemble(_ method: ReferenceMethod, _ s: Settings) -> SnapshotEnsemble {
        method == .snapshot
            ? SnapshotEnsemble(cycles: s.snapshots, stepsPerCycle: s.snapshotStepsPerCycle, initialRate: s.snapshotRate)
            : SnapshotEnsemble(cycles: s.snapshots, stepsPerCycle: s.mapSteps / 2, initialRate: s.smallRestartRate)
    }

    /// A snapshot run on the reference's posterior, with the full-data loss −ln p(w | D)/N recorded
    /// every ``Settings/lossEvery`` steps (for the schedule figure).
    public struct SnapshotTrace: Sendable {
        public let snapshots: [[Double]]
        /// The steps (from 0) at which ``losses`` were taken.
        public let steps: [Int]
        /// −ln p(w_t | D)/N (up to its constant) at those steps.
        public let losses: [Double]
        /// The schedule that was run.
        public let ensemble: SnapshotEnsemble
    }

    /// Runs the snapshot ensemble of `method` on the reference's posterior for `data`.
    public static func snapshotTrace(_ method: ReferenceMethod, _ s: Settings, data: RegressionData) throws -> SnapshotTrace {
        precondition(method == .snapshot || method == .smallRestartSnapshot)
        let posterior = ReferencePosterior.posterior(data)
        let target = posterior.logDensityGradient
        let ensemble = snapshotEnsemble(method, s)
        var r = Xoshiro256(seed: s.seed, stream: method == .snapshot ? 71 : 72)
        let w0 = referenceStart(s, &r)
        let (n, batch, every) = (data.count, s.batchSize, s.lossEvery)
        var steps = [Int](), losses = [Double]()
        let gradient: (_ w: [Double], _ r: inout Xoshiro256) -> [Double] = method == .snapshot
            ? { w, r in posterior.stochasticGradient(w, batchSize: batch, using: &r) }
            : { w, _ in target(w).gradient }
        let snapshots = try ensemble.run(from: w0, dataCount: n, stochasticGradient: gradient, using: &r) { t, w in
            if t % every == every - 1 {
                steps.append(t)
                losses.append(-posterior.logDensity(w) / Double(n))
            }
        }
        return SnapshotTrace(snapshots: snapshots, steps: steps, losses: losses, ensemble: ensemble)
    }

    /// The members (weight vectors of the reference's network) of `method` on `data`; the deep
    /// ensemble's on at most `maximumConcurrency` cores (all if nil), the same bits on any number.
    public static func referenceMembers(_ method: ReferenceMethod, _ s: Settings, data: RegressionData, maximumConcurrency: Int? = nil) async throws -> [[Double]] {
        let target = ReferencePosterior.posterior(data).logDensityGradient
        let (n, steps) = (data.count, s.mapSteps)
        switch method {
        case .map:
            var r = Xoshiro256(seed: s.seed, stream: 70)
            return [try maximumAPosteriori(target, from: referenceStart(s, &r), dataCount: n, steps: steps)]
        case .deepEnsemble:
            return try await runInParallel(count: s.members, seed: s.seed &+ 8, maximumConcurrency: maximumConcurrency) { _, rng in
                try maximumAPosteriori(target, from: referenceStart(s, &rng), dataCount: n, steps: steps)
            }
        case .snapshot, .smallRestartSnapshot:
            return try snapshotTrace(method, s, data: data).snapshots
        }
    }

    /// The predictive of weight vectors of the reference's network on the reference's grid:
    /// the mixture (1/n) Σᵢ N(f_{wᵢ}(x), σ²), σ² the known noise variance.
    public static func referenceModelMoments(_ s: Settings, members: [[Double]]) -> PredictiveMoments {
        ReferencePosterior.predictive(draws: members, at: ReferencePosterior.grid(s.reference))
    }

    /// How a set of weight vectors (an ensemble, or the reference's draws) spreads.
    public struct Spread: Sendable {
        /// Total predictive sd on the data, at the gap centre and at the right end
        /// (``ReferencePosterior/standardDeviations(_:on:)``).
        public let onData: Double, gap: Double, rightEnd: Double
        /// The members' spread in function space: the sd of f_w(x) over the members, averaged over
        /// the grid on [−1.5, 1.5] (0 for one member).
        public let functionSpread: Double
        /// The mean Euclidean distance ‖wᵢ − wⱼ‖ over pairs i < j (0 for one member; of more than
        /// 200 members, 200 evenly spaced ones).
        public let weightDistance: Double
        /// The loss barrier between consecutive members, averaged over the pairs (i, i + 1): the
        /// largest rise of the MAP loss −ln p(w | D)/N on the straight segment from wᵢ to wᵢ₊₁
        /// (21 points) above the higher end, max_λ ℓ((1 − λ)wᵢ + λwᵢ₊₁) − max(ℓ(wᵢ), ℓ(wᵢ₊₁)).
        /// Near 0 when the two lie in one basin; NaN when not measured (no data, or the NUTS draws).
        public let barrier: Double
        /// The members' mean MAP loss −ln p(w | D)/N (up to its constant), NaN without data: how
        /// well they fit.
        public let loss: Double
    }

    /// The largest rise of −ln p(w | D)/N on the segment from `a` to `b` above its higher end (21 points).
    public static func lossBarrier(_ posterior: BayesianMLP, _ a: [Double], _ b: [Double]) -> Double {
        let n = Double(posterior.targets.count)
        let loss = { (w: [Double]) in -posterior.logDensity(w) / n }
        let path = (0...20).map { k -> Double in
            let l = Double(k) / 20
            return loss(zip(a, b).map { (1 - l) * $0 + l * $1 })
        }
        return path.max()! - max(path[0], path[20])
    }

    /// The ``Spread`` of `members` (the predictive on the reference's grid); the barriers on the
    /// posterior of `data`, if given.
    public static func spread(_ s: Settings, members: [[Double]], data: RegressionData? = nil) -> Spread {
        let grid = ReferencePosterior.grid(s.reference)
        let m = referenceModelMoments(s, members: members)
        let sd = ReferencePosterior.standardDeviations(m, on: grid)
        var distances = [Double]()
        let kept = members.count <= 200 ? members : (0..<200).map { members[$0 * members.count / 200] }
        for i in kept.indices {
            for j in kept.indices where j > i {
                distances.append(zip(kept[i], kept[j]).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot())
            }
        }
        return Spread(onData: sd.onData, gap: sd.gap, rightEnd: sd.rightEnd, functionSpread: mean(m.epistemic.map { $0.squareRoot() }),
                      weightDistance: distances.isEmpty ? 0 : mean(distances),
                      barrier: data.map { d in
                          let posterior = ReferencePosterior.posterior(d)
                          return members.count < 2 ? 0 : mean((1..<members.count).map { lossBarrier(posterior, members[$0 - 1], members[$0]) })
                      } ?? .nan,
                      loss: data.map { d in
                          let posterior = ReferencePosterior.posterior(d)
                          return mean(members.map { -posterior.logDensity($0) / Double(d.count) })
                      } ?? .nan)
    }

    /// One seed of the comparison on the reference's model: the NUTS reference and every
    /// ``ReferenceMethod``, each with its members.
    public struct ReferenceComparison: Sendable {
        public let seed: UInt64
        public let data: RegressionData
        /// The NUTS draws of ``ReferencePosterior/chains(seed:_:data:)``.
        public let referenceDraws: [[Double]]
        /// The members of every method, in the order of ``ReferenceMethod/allCases``.
        public let members: [[[Double]]]
        /// The mini-batch snapshot ensemble at each of ``Settings/restartRates``: the same start and
        /// mini-batches (stream 71) as ``ReferenceMethod/snapshot``, only α₀ changed.
        public let restartSweep: [[[Double]]]

        public func members(_ method: ReferenceMethod) -> [[Double]] { members[method.rawValue] }
    }

    /// The comparison for the seed of `s`: data ``ReferencePosterior/data(seed:)``, the reference
    /// at ``Settings/reference``, and every method; `progress` hears what starts.
    public static func referenceComparison(_ s: Settings, progress: (String) -> Void = { _ in }) async throws -> ReferenceComparison {
        let data = ReferencePosterior.data(seed: s.seed)
        progress("seed \(s.seed): NUTS reference")
        let chains = try await ReferencePosterior.chains(seed: s.seed, s.reference, data: data)
        progress("seed \(s.seed): MAP and deep ensemble")
        var members = [try await referenceMembers(.map, s, data: data), try await referenceMembers(.deepEnsemble, s, data: data)]
        // The snapshot runs are sequential each and independent of one another (each its own
        // stream): run them side by side, gathered in order.
        progress("seed \(s.seed): snapshot ensembles")
        let extraRates = s.restartRates.filter { $0 != s.snapshotRate }
        let jobs: [(ReferenceMethod, Settings)] = [(.snapshot, s), (.smallRestartSnapshot, s)] + extraRates.map { (.snapshot, s.with(\.snapshotRate, $0)) }
        let snapshots = try await runInParallel(count: jobs.count, seed: s.seed) { k, _ in try snapshotTrace(jobs[k].0, jobs[k].1, data: data).snapshots }
        members += snapshots[0..<2]
        let restartSweep = s.restartRates.map { rate in rate == s.snapshotRate ? snapshots[0] : snapshots[2 + extraRates.firstIndex(of: rate)!] }
        return ReferenceComparison(seed: s.seed, data: data, referenceDraws: chains.flatMap { c in (0..<c.count).map(c.draw) }, members: members,
                                   restartSweep: restartSweep)
    }

    /// The comparison at every seed of the sweep (``SeedSweeping/sweptSeeds``, the chapter's own seed
    /// first; the other settings as `s`).
    public static func referenceSweep(_ s: Settings, progress: (String) -> Void = { _ in }) async throws -> [ReferenceComparison] {
        try await s.sweep { try await referenceComparison($0, progress: progress) }
    }

    /// Mean ± standard error over the sweep of one number of every seed's comparison.
    public static func overSeeds(_ sweep: [ReferenceComparison], _ value: (ReferenceComparison) -> Double) -> (mean: Double, standardError: Double) {
        meanAndStandardError(sweep.map(value))
    }

    /// The ``Spread`` of `method`'s members in one seed's comparison, barriers and loss included.
    public static func spread(_ s: Settings, _ c: ReferenceComparison, _ method: ReferenceMethod) -> Spread {
        spread(s, members: c.members(method), data: c.data)
    }

    /// The restart-rate table: for the deep ensemble, the full-batch snapshot ensemble and the
    /// mini-batch one at each of ``Settings/restartRates``, mean ± standard error over the sweep of
    /// the distance between members, the loss barrier between consecutive members, the spread of
    /// their functions and their MAP loss (beside the MAP's).
    public static func restartTable(_ s: Settings, _ sweep: [ReferenceComparison]) -> (header: [String], rows: [[String]]) {
        let columns: [(String, (Spread) -> Double)] = [("distance between members", \.weightDistance), ("loss barrier between consecutive members", \.barrier),
                                                      ("spread of f over members", \.functionSpread), ("members' loss −ln p(w | D)/N", \.loss)]
        let rows: [(String, (ReferenceComparison) -> Spread)] =
            [(ReferenceMethod.map.name, { spread(s, $0, .map) }), (ReferenceMethod.deepEnsemble.name, { spread(s, $0, .deepEnsemble) }),
             ("snapshot, full batch, α₀ = \(s.smallRestartRate)", { spread(s, $0, .smallRestartSnapshot) })]
            + s.restartRates.indices.map { i in ("snapshot, mini-batches of \(s.batchSize), α₀ = \(s.restartRates[i])", { spread(s, members: $0.restartSweep[i], data: $0.data) }) }
        let spreads = sweep.map { c in rows.map { $0.1(c) } }
        return (["\(sweep.count) seeds, mean ± SE"] + columns.map(\.0), rows.indices.map { i in
            [rows[i].0] + columns.map { _, value in
                let m = meanAndStandardError(spreads.map { value($0[i]) })
                return String(format: "%.3f ± %.3f", m.mean, m.standardError)
            }
        })
    }

    /// Mini-batch Adam from w₀, settled by one cosine cycle of ``Settings/mapSteps`` steps from 0.01
    /// to 0 (``SnapshotEnsemble`` with M = 1): ``Settings/members`` members that differ only in
    /// their initialisation (streams k of seed + 9; one mini-batch order, stream 0 of seed + 10)
    /// or, with `varyInitialisation` false, only in their mini-batch order (one initialisation).
    public static func diversityMembers(_ s: Settings, data: RegressionData, varyInitialisation: Bool) async throws -> [[Double]] {
        let posterior = ReferencePosterior.posterior(data)
        let (n, batch) = (data.count, s.batchSize)
        let settle = SnapshotEnsemble(cycles: 1, stepsPerCycle: s.mapSteps, initialRate: 0.01)
        return try await runInParallel(count: s.members, seed: s.seed &+ 9) { k, _ in
            var initRNG = Xoshiro256(seed: s.seed &+ 9, stream: varyInitialisation ? k : 0)
            var batchRNG = Xoshiro256(seed: s.seed &+ 10, stream: varyInitialisation ? 0 : k)
            return try settle.run(from: referenceStart(s, &initRNG), dataCount: n,
                                  stochasticGradient: { w, r in posterior.stochasticGradient(w, batchSize: batch, using: &r) }, using: &batchRNG)[0]
        }
    }
}

extension EnsemblesChapter {
    /// The sweep's table: for the NUTS reference and every ``ReferenceMethod``, mean ± standard
    /// error over the seeds of each ``Spread`` number.
    public static func referenceSweepTable(_ s: Settings, _ sweep: [ReferenceComparison]) -> (header: [String], rows: [[String]]) {
        let columns: [(String, (Spread) -> Double)] = [("sd on the data", \.onData), ("sd at the gap centre", \.gap), ("sd at the right end", \.rightEnd),
                                                      ("spread of f over members", \.functionSpread)]
        let spreads = sweep.map { c in [spread(s, members: c.referenceDraws)] + ReferenceMethod.allCases.map { spread(s, members: c.members($0)) } }
        let names = ["NUTS reference (draws)"] + ReferenceMethod.allCases.map(\.name)
        return (["\(sweep.count) seeds, mean ± SE"] + columns.map(\.0), names.indices.map { i in
            [names[i]] + columns.map { _, value in
                let m = meanAndStandardError(spreads.map { value($0[i]) })
                return String(format: "%.3f ± %.3f", m.mean, m.standardError)
            }
        })
    }
}
