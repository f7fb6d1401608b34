import Foundation
import Inference
import NumericalMethods
import Probability

extension LangevinChapter {
    /// The chapter's section on the No-U-Turn sampler (NUTS): why a fixed trajectory length wastes
    /// work, what warm-up does, what the mass matrix buys, and where divergences come from.
    ///
    /// Streams: the warm-up study draws from `runInParallel(seed: seed + 70)`, the fixed-ε acceptance
    /// curve from seed + 71, the restart control from seed + 72, the mass-matrix comparison from
    /// seed + 73 and Neal's funnel from seed + 74 (chain k from stream k). Every chain starts where
    /// Stan starts one by default: each coordinate of the sampled parameterisation uniform on
    /// (−``Settings/initialRange``, ``Settings/initialRange``).
    public enum NUTSDemo {
        /// The numbers of the NUTS section. `standard` is the chapter's run, `quick` the smoke run.
        public struct Settings: Sendable, Equatable {
            // MARK: One long leapfrog trajectory on Neal's Gaussian (the chapter's ρ and start)

            /// Initial momentum of the trajectory.
            public var uTurnMomentum: [Double]
            /// Its step size ε.
            public var uTurnStepSize: Double
            /// Its leapfrog steps (long enough to come back past the start).
            public var uTurnSteps: Int

            // MARK: The badly scaled Gaussian N(0, diag(σ²)), σ log-spaced

            /// Dimension d.
            public var dimension: Int
            /// The smallest and the largest standard deviation.
            public var smallestSD: Double
            public var largestSD: Double
            /// Warm-up iterations of every NUTS chain of the section (Stan's default, 1,000, gives
            /// Stan's windows: 75 fast, slow windows of 25, 50, 100, 200, 500, 50 fast).
            public var warmup: Int
            /// Draws kept after warm-up, per chain.
            public var draws: Int
            /// Chains per configuration.
            public var chains: Int
            /// NUTS's maximum tree depth (Stan: 10, at most 1,023 leapfrog steps per draw).
            public var maximumTreeDepth: Int
            /// The step size warm-up starts its heuristic search from.
            public var initialStepSize: Double
            /// Chains start uniform on (−r, r) in every coordinate (Stan: r = 2).
            public var initialRange: Double

            // MARK: Warm-up

            /// Target acceptance statistics δ of the warm-up table.
            public var targets: [Double]
            /// The δ whose first chain the warm-up figure shows.
            public var figureTarget: Double
            /// Points of the fixed-ε acceptance curve, log-spaced over [ε̄/span, ε̄·span].
            public var curvePoints: Int
            public var curveSpan: Double
            /// Transitions per point of that curve.
            public var curveDraws: Int
            /// Lengths of the one dual-averaging run of the restart control (isotropic target, no restart).
            public var averagingLengths: [Int]
            /// Chains per length of the restart control.
            public var controlChains: Int

            // MARK: Neal's funnel

            /// Latent x's of the funnel, x_i | v ~ N(0, e^v).
            public var funnelLatents: Int
            /// Standard deviation of v ~ N(0, scale²).
            public var funnelScale: Double
            /// Chains per parameterisation and seed.
            public var funnelChains: Int
            /// Draws per chain after warm-up (the warm-up is ``warmup``).
            public var funnelDraws: Int
            /// Target acceptance of both parameterisations.
            public var funnelTarget: Double
            /// Seeds of the funnel sweep: the chapter's seed and the next ones.
            public var funnelSeeds: Int

            public static let standard = Settings(
                uTurnMomentum: [1, 0.3], uTurnStepSize: 0.1, uTurnSteps: 120,
                dimension: 100, smallestSD: 0.01, largestSD: 1, warmup: 1000, draws: 1000, chains: 4, maximumTreeDepth: 10,
                initialStepSize: 0.1, initialRange: 2,
                targets: [0.6, 0.8, 0.9, 0.95], figureTarget: 0.8, curvePoints: 21, curveSpan: 16, curveDraws: 400,
                averagingLengths: [50, 200, 1000], controlChains: 8,
                funnelLatents: 9, funnelScale: 3, funnelChains: 4, funnelDraws: 2000, funnelTarget: 0.8, funnelSeeds: 4)

            /// Shorter chains and fewer of them; the same code path.
            public static let quick: Settings = {
                var s = standard
                s.warmup = 200; s.draws = 200; s.chains = 2
                s.targets = [0.8]; s.curvePoints = 7; s.curveDraws = 100
                s.averagingLengths = [50, 200]; s.controlChains = 2
                s.funnelChains = 2; s.funnelDraws = 300; s.funnelSeeds = 2
                return s
            }()
        }

        // MARK: - The U-turn

        /// One long leapfrog trajectory and where the no-U-turn criteria first fire along it.
        public struct UTurn: Sendable {
            /// The states, the start included (unit mass matrix).
            public let trajectory: [PhasePoint]
            /// ‖q_t − q₀‖ along it.
            public let distance: [Double]
            /// The first step t at which the generalised criterion the sampler uses fires:
            /// p♯₀ · ρ ≤ 0 or p♯_t · ρ ≤ 0, ρ = Σ_{i ≤ t} p_i (p♯ = M⁻¹p = p here).
            public let generalisedStep: Int?
            /// The first step at which Hoffman & Gelman's original criterion fires:
            /// (q_t − q₀) · p₀ < 0 or (q_t − q₀) · p_t < 0.
            public let originalStep: Int?
            /// The step size.
            public let stepSize: Double

            /// The step at which the trajectory is farthest from its start.
            public var farthestStep: Int { distance.indices.max { distance[$0] < distance[$1] }! }
            /// The step after `farthestStep` at which it comes closest to its start again.
            public var returnStep: Int {
                let after = farthestStep...
                return distance.indices[after].min { distance[$0] < distance[$1] }!
            }
        }

        /// ``Settings/uTurnSteps`` leapfrog steps of size ``Settings/uTurnStepSize`` on Neal's Gaussian
        /// from the chapter's start with ``Settings/uTurnMomentum``; deterministic.
        public static func uTurn(_ s: LangevinChapter.Settings) -> UTurn {
            let n = s.nuts
            let target = LangevinChapter.nealTarget(s)
            let start = PhasePoint(target, position: s.start, momentum: n.uTurnMomentum)
            let path = leapfrogTrajectory(target, from: start, stepSize: n.uTurnStepSize, steps: n.uTurnSteps)
            func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
            var rho = start.momentum
            var generalised: Int?, original: Int?
            var distance = [0.0]
            for t in 1..<path.count {
                let q = path[t].position, p = path[t].momentum
                for i in rho.indices { rho[i] += p[i] }
                let dq = zip(q, start.position).map { $0 - $1 }
                distance.append(dot(dq, dq).squareRoot())
                if generalised == nil && !(dot(start.momentum, rho) > 0 && dot(p, rho) > 0) { generalised = t }
                if original == nil && (dot(dq, start.momentum) < 0 || dot(dq, p) < 0) { original = t }
            }
            return UTurn(trajectory: path, distance: distance, generalisedStep: generalised, originalStep: original, stepSize: n.uTurnStepSize)
        }

        // MARK: - Targets

        /// σ₁ … σ_d, log-spaced from ``Settings/smallestSD`` to ``Settings/largestSD``.
        public static func standardDeviations(_ n: Settings) -> [Double] {
            (0..<n.dimension).map { j in
                Elementary.exp(Elementary.log(n.smallestSD) + (Elementary.log(n.largestSD) - Elementary.log(n.smallestSD)) * Double(j) / Double(n.dimension - 1))
            }
        }

        /// ln N(x | 0, diag(σ²)) (up to a constant) and its gradient.
        public static func diagonalGaussian(_ sigma: [Double]) -> LogDensityGradient {
            let precision = sigma.map { 1 / ($0 * $0) }
            return { x in
                var value = 0.0
                var gradient = [Double](repeating: 0, count: x.count)
                for i in x.indices {
                    gradient[i] = -x[i] * precision[i]
                    value += 0.5 * x[i] * gradient[i]
                }
                return (value, gradient)
            }
        }

        /// Neal's (2003) funnel: v ~ N(0, scale²), x_i | v ~ N(0, e^v), i = 1 … latents.
        /// Centred, the sampled vector is (v, x₁, …): ln p = −v²/(2 scale²) − (latents/2) v − e^{−v} Σ x_i²/2.
        /// Non-centred, it is (v, z₁, …) with x_i = e^{v/2} z_i, z ~ N(0, 1): ln p = −v²/(2 scale²) − Σ z_i²/2.
        public static func funnel(latents: Int, scale: Double, centred: Bool) -> LogDensityGradient {
            let k = Double(latents), s2 = scale * scale
            return { q in
                let v = q[0]
                var gradient = [Double](repeating: 0, count: q.count)
                var squares = 0.0
                for i in 1..<q.count { squares += q[i] * q[i] }
                if centred {
                    let e = Elementary.exp(-v)
                    for i in 1..<q.count { gradient[i] = -q[i] * e }
                    gradient[0] = -v / s2 - 0.5 * k + 0.5 * squares * e
                    return (-0.5 * v * v / s2 - 0.5 * k * v - 0.5 * squares * e, gradient)
                }
                for i in 1..<q.count { gradient[i] = -q[i] }
                gradient[0] = -v / s2
                return (-0.5 * v * v / s2 - 0.5 * squares, gradient)
            }
        }

        /// A start uniform on (−r, r)^d, Stan's default.
        static func initialPoint(_ n: Settings, dimension: Int, using rng: inout Xoshiro256) -> [Double] {
            (0..<dimension).map { _ in rng.uniform(-n.initialRange, n.initialRange) }
        }

        // MARK: - Warm-up

        /// The warm-up iterations after the last slow window: the terminal window, where the
        /// metric is fixed and dual averaging runs from its last restart to the end of warm-up.
        public static func terminalWindow(_ run: NUTSRun) -> ArraySlice<NUTSTransition> {
            let warmup = run.warmupTransitions.count
            let start = (AdaptationWindows(warmup: warmup).windowEnds.last ?? -1) + 1
            return run.warmupTransitions[start...]
        }

        /// The mean acceptance statistic of some transitions.
        public static func meanAcceptance<C: Collection>(_ transitions: C) -> Double where C.Element == NUTSTransition {
            transitions.reduce(0) { $0 + $1.acceptance } / Double(transitions.count)
        }

        /// The sample standard deviation of ln ε over some transitions.
        public static func logStepSpread<C: Collection>(_ transitions: C) -> Double where C.Element == NUTSTransition {
            variance(transitions.map { Elementary.log($0.stepSize) }).squareRoot()
        }

        /// Dual averaging over the terminal window, replayed from the acceptance statistics the run
        /// recorded (``DualAveraging`` from the window's first ε, which warm-up's heuristic chose).
        /// Its identity: the m updates satisfy Σ(δ − αᵢ) = (m + t₀) H̄ₘ and ln εₘ = μ − (√m/γ) H̄ₘ, so
        /// the window's mean acceptance falls short of δ by exactly (m + t₀) γ (μ − ln εₘ) / m^{3/2}.
        public struct TerminalAveraging: Sendable {
            /// Iterations m of the window.
            public let length: Int
            /// The window's mean acceptance statistic.
            public let meanAcceptance: Double
            /// (m + t₀) γ (μ − ln εₘ) / m^{3/2}, μ = ln 10ε₀.
            public let shortfall: Double
            /// ε̄ of the replay (the run's ε after warm-up, if the replay matches it).
            public let averagedStepSize: Double
            /// The largest relative difference between a replayed εᵢ and the one the run used.
            public let replayError: Double
        }

        /// Replays the terminal window's dual averaging toward `target` (see ``TerminalAveraging``).
        public static func terminalAveraging(_ run: NUTSRun, target: Double) -> TerminalAveraging {
            let window = Array(terminalWindow(run))
            var averaging = DualAveraging(initialStepSize: window[0].stepSize, target: target)
            var eps = window[0].stepSize, error = 0.0
            for (k, t) in window.enumerated() {
                eps = averaging.update(acceptance: t.acceptance)
                if k + 1 < window.count { error = max(error, abs(eps / window[k + 1].stepSize - 1)) }
            }
            let m = Double(window.count)
            let mu = Elementary.log(10 * window[0].stepSize)
            let shortfall = (m + averaging.t0) * averaging.gamma * (mu - Elementary.log(eps)) / (m * m.squareRoot())
            return TerminalAveraging(length: window.count, meanAcceptance: meanAcceptance(window), shortfall: shortfall,
                                     averagedStepSize: averaging.finalStepSize, replayError: error)
        }

        /// NUTS with Stan's warm-up (diagonal metric) on the scaled Gaussian, ``Settings/chains``
        /// chains for each of ``Settings/targets``: `runs[k][c]` is chain c at target k.
        public struct WarmupStudy: Sendable {
            public let targets: [Double]
            public let runs: [[NUTSRun]]

            /// The first chain at `target` (the one the figure shows).
            public func run(target: Double) -> NUTSRun? { targets.firstIndex(of: target).map { runs[$0][0] } }
        }

        public static func warmupStudy(_ s: LangevinChapter.Settings) async throws -> WarmupStudy {
            let n = s.nuts
            let target = diagonalGaussian(standardDeviations(n))
            let runs = try await runInParallel(count: n.targets.count * n.chains, seed: s.seed &+ 70) { job, rng in
                let delta = n.targets[job / n.chains]
                let start = initialPoint(n, dimension: n.dimension, using: &rng)
                return try NoUTurnSampler(stepSize: n.initialStepSize, warmup: n.warmup, targetAcceptance: delta,
                                          maximumTreeDepth: n.maximumTreeDepth).sample(target, from: start, steps: n.draws, using: &rng)
            }
            return WarmupStudy(targets: n.targets, runs: n.targets.indices.map { Array(runs[($0 * n.chains)..<(($0 + 1) * n.chains)]) })
        }

        /// The acceptance statistic as a function of a *fixed* ε, with the metric `run` ended its
        /// warm-up with. NUTS with M⁻¹ = diag(s²) on π(q) is the same chain as NUTS with M = I on
        /// the whitened target y ↦ π(s ⊙ y) (the leapfrog, the energy and p♯ · ρ all agree), so each
        /// point is a unit-metric run of ``Settings/curveDraws`` transitions at that ε, started from
        /// the run's last draw.
        public struct AcceptanceCurve: Sendable {
            public let stepSizes: [Double]
            /// The mean acceptance statistic at each ε.
            public let acceptance: [Double]
            /// Its standard error over the transitions (ESS-based).
            public let standardErrors: [Double]

            /// α at ε, linear in ln ε between the points (clamped at the ends).
            public func value(at eps: Double) -> Double {
                let x = Elementary.log(eps), xs = stepSizes.map { Elementary.log($0) }
                if x <= xs[0] { return acceptance[0] }
                if x >= xs[xs.count - 1] { return acceptance[xs.count - 1] }
                let k = xs.indices.dropFirst().first { xs[$0] >= x }!
                let w = (x - xs[k - 1]) / (xs[k] - xs[k - 1])
                return (1 - w) * acceptance[k - 1] + w * acceptance[k]
            }

            /// The ε at which the curve first falls to `level`, linear in ln ε between the points
            /// (nil if it never does).
            public func stepSize(where level: Double) -> Double? {
                guard let k = acceptance.indices.first(where: { acceptance[$0] < level }), k > 0 else { return nil }
                let w = (acceptance[k - 1] - level) / (acceptance[k - 1] - acceptance[k])
                return Elementary.exp((1 - w) * Elementary.log(stepSizes[k - 1]) + w * Elementary.log(stepSizes[k]))
            }
        }

        public static func acceptanceCurve(_ s: LangevinChapter.Settings, run: NUTSRun) async throws -> AcceptanceCurve {
            let n = s.nuts
            let scale = run.inverseMass.map { $0.squareRoot() }
            let sigma = standardDeviations(n)
            let whitened = diagonalGaussian(zip(sigma, scale).map { $0 / $1 })
            let start = zip(run.chain.draw(run.chain.count - 1), scale).map { $0 / $1 }
            let low = Elementary.log(run.stepSize / n.curveSpan), high = Elementary.log(run.stepSize * n.curveSpan)
            let eps = (0..<n.curvePoints).map { Elementary.exp(low + (high - low) * Double($0) / Double(n.curvePoints - 1)) }
            let results = try await runInParallel(count: eps.count, seed: s.seed &+ 71) { k, rng -> (Double, Double) in
                let r = try NoUTurnSampler(stepSize: eps[k], warmup: 0, maximumTreeDepth: n.maximumTreeDepth, adaptMass: false)
                    .sample(whitened, from: start, steps: n.curveDraws, using: &rng)
                let a = r.transitions.map(\.acceptance)
                let v = variance(a)
                let se = v > 0 ? (v / effectiveSampleSize(a)).squareRoot() : 0
                return (mean(a), se)
            }
            return AcceptanceCurve(stepSizes: eps, acceptance: results.map(\.0), standardErrors: results.map(\.1))
        }

        /// One dual-averaging run of L iterations with no restart: NUTS with the unit metric (the
        /// right one) on N(0, I_d), warm-up L, ``Settings/controlChains`` chains per L, target δ = 0.8.
        public struct AveragingLength: Sendable {
            public let length: Int
            /// Per chain: sd of ln ε over the last 50 warm-up iterations (or all, if fewer).
            public let logStepSpread: [Double]
            /// Per chain: the mean acceptance statistic over the whole warm-up.
            public let warmupAcceptance: [Double]
            /// Per chain: the mean acceptance statistic after warm-up, at ε̄.
            public let afterWarmupAcceptance: [Double]
        }

        public static func averagingLengths(_ s: LangevinChapter.Settings) async throws -> [AveragingLength] {
            let n = s.nuts
            let target = diagonalGaussian([Double](repeating: 1, count: n.dimension))
            let runs = try await runInParallel(count: n.averagingLengths.count * n.controlChains, seed: s.seed &+ 72) { job, rng in
                let length = n.averagingLengths[job / n.controlChains]
                let start = initialPoint(n, dimension: n.dimension, using: &rng)
                return try NoUTurnSampler(stepSize: n.initialStepSize, warmup: length, targetAcceptance: 0.8,
                                          maximumTreeDepth: n.maximumTreeDepth, adaptMass: false)
                    .sample(target, from: start, steps: n.draws, using: &rng)
            }
            return n.averagingLengths.enumerated().map { k, length in
                let group = runs[(k * n.controlChains)..<((k + 1) * n.controlChains)]
                return AveragingLength(length: length,
                                       logStepSpread: group.map { logStepSpread($0.warmupTransitions.suffix(50)) },
                                       warmupAcceptance: group.map { meanAcceptance($0.warmupTransitions) },
                                       afterWarmupAcceptance: group.map { meanAcceptance($0.transitions) })
            }
        }

        // MARK: - The mass matrix

        /// NUTS on the scaled Gaussian with one metric: ``Settings/chains`` chains at δ = 0.8.
        public struct MetricRun: Sendable {
            public let adaptedMass: Bool
            public let runs: [NUTSRun]
            /// Multi-chain ESS of every coordinate.
            public let ess: [Double]

            /// The coordinate with the smallest ESS.
            public var worstCoordinate: Int { ess.indices.min { ess[$0] < ess[$1] }! }
            /// Leapfrog steps (gradient evaluations) of the kept draws, all chains.
            public var gradientsAfterWarmup: Int { runs.reduce(0) { $0 + $1.transitions.reduce(0) { $0 + $1.leapfrogSteps } } }
            /// Every gradient evaluation, warm-up included, all chains.
            public var gradientsTotal: Int { runs.reduce(0) { $0 + $1.chain.evaluations } }
            /// min_j ESS_j per gradient after warm-up.
            public var essPerGradient: Double { ess[worstCoordinate] / Double(gradientsAfterWarmup) }
            /// min_j ESS_j per gradient, warm-up included.
            public var essPerGradientWithWarmup: Double { ess[worstCoordinate] / Double(gradientsTotal) }
            public var meanTreeDepth: Double {
                Double(runs.reduce(0) { $0 + $1.transitions.reduce(0) { $0 + $1.treeDepth } }) / Double(runs.reduce(0) { $0 + $1.transitions.count })
            }
            public func saturated(maximumDepth: Int) -> Int { runs.reduce(0) { $0 + $1.saturated(maximumDepth: maximumDepth) } }
            public var divergences: Int { runs.reduce(0) { $0 + $1.divergentDraws.count } }
        }

        /// The adapted diagonal metric against the unit metric (`adaptMass: false`), on the same
        /// streams: chain c of both starts from the same point.
        public static func metricComparison(_ s: LangevinChapter.Settings) async throws -> [MetricRun] {
            let n = s.nuts
            let target = diagonalGaussian(standardDeviations(n))
            var result = [MetricRun]()
            for adapt in [true, false] {
                let runs = try await runInParallel(count: n.chains, seed: s.seed &+ 73) { _, rng in
                    let start = initialPoint(n, dimension: n.dimension, using: &rng)
                    return try NoUTurnSampler(stepSize: n.initialStepSize, warmup: n.warmup, maximumTreeDepth: n.maximumTreeDepth, adaptMass: adapt)
                        .sample(target, from: start, steps: n.draws, using: &rng)
                }
                let ess = (0..<n.dimension).map { j in effectiveSampleSize(runs.map { $0.chain.coordinate(j) }) }
                result.append(MetricRun(adaptedMass: adapt, runs: runs, ess: ess))
            }
            return result
        }

        // MARK: - Neal's funnel

        /// NUTS on Neal's funnel in one parameterisation: ``Settings/funnelChains`` chains, draws in
        /// (v, x₁) (non-centred draws transformed back, x₁ = e^{v/2} z₁).
        public struct FunnelRun: Sendable {
            public let centred: Bool
            public let runs: [NUTSRun]
            /// v of every draw, chain after chain.
            public let v: [Double]
            /// x₁ of every draw, chain after chain.
            public let x1: [Double]
            /// Whether each draw's transition diverged, chain after chain.
            public let divergent: [Bool]

            public var divergences: Int { divergent.filter { $0 }.count }
            /// v of the divergent draws.
            public var divergentV: [Double] { v.indices.filter { divergent[$0] }.map { v[$0] } }
            /// The share of the draws with v below `threshold`.
            public func share(below threshold: Double) -> Double { Double(v.filter { $0 < threshold }.count) / Double(v.count) }
            /// Split-R̂ and ESS of v across the chains.
            public var vRHat: Double { splitRHat(runs.map { $0.chain.coordinate(0) }) }
            public var vESS: Double { effectiveSampleSize(runs.map { $0.chain.coordinate(0) }) }
            /// The smallest E-BFMI of the chains.
            public var minimumEnergyBFMI: Double { runs.map(\.energyBFMI).min()! }
            public var meanTreeDepth: Double {
                Double(runs.reduce(0) { $0 + $1.transitions.reduce(0) { $0 + $1.treeDepth } }) / Double(runs.reduce(0) { $0 + $1.transitions.count })
            }
            public func saturated(maximumDepth: Int) -> Int { runs.reduce(0) { $0 + $1.saturated(maximumDepth: maximumDepth) } }
            /// v of the draws whose transitions reached `maximumDepth`.
            public func saturatedV(maximumDepth: Int) -> [Double] {
                var v = [Double]()
                for r in runs {
                    let vs = r.chain.coordinate(0)
                    for (t, info) in r.transitions.enumerated() where info.treeDepth >= maximumDepth { v.append(vs[t]) }
                }
                return v
            }
            /// The chains' step sizes after warm-up.
            public var stepSizes: [Double] { runs.map(\.stepSize) }
        }

        /// Both parameterisations at one seed, on the same streams and settings.
        public struct FunnelPair: Sendable {
            public let seed: UInt64
            public let centred: FunnelRun
            public let nonCentred: FunnelRun
        }

        /// NUTS at δ = ``Settings/funnelTarget`` on the funnel, centred or not, at the settings' seed.
        public static func funnelRun(_ s: LangevinChapter.Settings, centred: Bool) async throws -> FunnelRun {
            let n = s.nuts
            let target = funnel(latents: n.funnelLatents, scale: n.funnelScale, centred: centred)
            let runs = try await runInParallel(count: n.funnelChains, seed: s.seed &+ 74) { _, rng in
                let start = initialPoint(n, dimension: n.funnelLatents + 1, using: &rng)
                return try NoUTurnSampler(stepSize: n.initialStepSize, warmup: n.warmup, targetAcceptance: n.funnelTarget,
                                          maximumTreeDepth: n.maximumTreeDepth).sample(target, from: start, steps: n.funnelDraws, using: &rng)
            }
            var v = [Double](), x1 = [Double](), divergent = [Bool]()
            for r in runs {
                let vs = r.chain.coordinate(0), second = r.chain.coordinate(1)
                v += vs
                x1 += centred ? second : zip(vs, second).map { Elementary.exp(0.5 * $0) * $1 }
                divergent += r.transitions.map(\.divergent)
            }
            return FunnelRun(centred: centred, runs: runs, v: v, x1: x1, divergent: divergent)
        }

        /// Both parameterisations at the chapter's seed and the next ``Settings/funnelSeeds`` − 1 seeds.
        public static func funnelSweep(_ s: LangevinChapter.Settings) async throws -> [FunnelPair] {
            var pairs = [FunnelPair]()
            for k in 0..<s.nuts.funnelSeeds {
                var t = s
                t.seed = s.seed &+ UInt64(k)
                pairs.append(FunnelPair(seed: t.seed, centred: try await funnelRun(t, centred: true), nonCentred: try await funnelRun(t, centred: false)))
            }
            return pairs
        }

        /// P(v < threshold) under v ~ N(0, scale²).
        public static func funnelShare(below threshold: Double, scale: Double) -> Double { standardNormalCDF(threshold / scale) }
    }
}
