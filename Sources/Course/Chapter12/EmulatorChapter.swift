import Autodiff
import Inference
import NeuralNetworks
import Probability
import Simulators

/// Lecture 12's experiments: an MLP emulator of the viscous Burgers equation's flow map (see
/// ``BurgersEmulator``), trained four ways (deep ensemble, MC dropout, SWAG, Bayes-by-Backprop)
/// and with last-layer Laplace on the first member, rolled out in and out of its training distribution and scored against the solver.
///
/// Every random draw comes from a stream of ``Settings/seed``: training trajectories 500, the
/// pictured initial conditions 501, the test sets 520 (in distribution) and 521 (out), their rollout
/// draws 530 and 531, ensemble member k 600 + k, MC dropout 610, Bayes-by-Backprop 611, SWAG 612,
/// the last-layer Laplace draws 550 and 551.
public enum EmulatorChapter {
    /// The two families of initial conditions the emulators are tested on.
    public enum Family: Int, CaseIterable, Sendable {
        /// The training family: amplitudes A ~ U(0.25, 1).
        case inDistribution
        /// The same modes with A ~ U(1.5, 2): steeper fronts, sooner.
        case outOfDistribution

        /// The family's initial conditions.
        public var initialConditions: BurgersEmulator.InitialConditions {
            switch self {
            case .inDistribution: return .training
            case .outOfDistribution: return .outOfDistribution
            }
        }

        /// The stream of the family's test set; its rollouts' draws come from this + 10.
        var stream: Int { 520 + rawValue }
    }

    /// The solver against the exact Cole–Hopf solution u(x, t) of Burgers' equation (ε = 0.8, ν = 0.1)
    /// after 100 solver steps (t = 1), and the mean of u before and after for u₀ shifted by 0.3,
    /// which the flux form conserves to rounding.
    public struct SolverCheck: Sendable {
        /// max_i |u_solver(x_i, 1) − u_exact(x_i, 1)|.
        public let largestError: Double
        /// The mean of the shifted u over the grid at t = 0.
        public let meanBefore: Double
        /// The same at t = 1.
        public let meanAfter: Double
    }

    /// See ``SolverCheck``.
    public static func solverCheck() -> SolverCheck {
        let solver = BurgersEmulator.solver
        let x = solver.nodes
        let u0 = x.map { BurgersSolver.coleHopf(x: $0, t: 0, viscosity: 0.1, epsilon: 0.8) + 0.3 }
        let u1 = solver.solve(u0, steps: 100)
        let exact = x.map { BurgersSolver.coleHopf(x: $0, t: 1, viscosity: 0.1, epsilon: 0.8) }
        let unshifted = solver.solve(x.map { BurgersSolver.coleHopf(x: $0, t: 0, viscosity: 0.1, epsilon: 0.8) }, steps: 100)
        return SolverCheck(largestError: zip(unshifted, exact).map { abs($0 - $1) }.max()!, meanBefore: mean(u0), meanAfter: mean(u1))
    }

    /// The training pairs (u(t), u(t + Δt) − u(t)) of ``Settings/trainingCount`` solver trajectories
    /// from `family`, the training family unless told otherwise (stream 500).
    public static func trainingData(_ s: Settings, from family: BurgersEmulator.InitialConditions = .training) -> (x: Tensor, y: Tensor) {
        var rng = Xoshiro256(seed: s.seed, stream: 500)
        return BurgersEmulator.pairs((0..<s.trainingCount).map { _ in
            BurgersEmulator.trajectory(family.draw(using: &rng), steps: s.rolloutSteps)
        })
    }

    /// ``Settings/exampleCount`` initial conditions of each family, `[family][k]`, for the first figure (stream 501).
    public static func exampleInitialConditions(_ s: Settings) -> [[[Double]]] {
        var rng = Xoshiro256(seed: s.seed, stream: 501)
        return Family.allCases.map { family in (0..<s.exampleCount).map { _ in family.initialConditions.draw(using: &rng) } }
    }

    /// The emulator network n → hidden → n.
    public static func network(_ s: Settings) -> MLP { s.training.network }

    /// Bayes-by-Backprop on the emulator network: mean-field Gaussian, prior N(0, σ_p² I), noise σ².
    public static func bayesByBackpropModel(_ s: Settings) throws -> BayesByBackprop {
        try BayesByBackprop(network: network(s), prior: .gaussian(sigma: s.bayesByBackpropPriorSD), noiseVariance: s.noiseVariance)
    }

    /// The emulator network with dropout at rate p after each hidden layer.
    public static func dropoutModel(_ s: Settings) throws -> DropoutNetwork {
        try DropoutNetwork(network: network(s), rate: s.dropoutRate)
    }

    /// Deep-ensemble member k: Adam on the MSE from its own initialisation and mini-batches (stream 600 + k).
    public static func member(_ s: Settings, _ k: Int, data: (x: Tensor, y: Tensor)) throws -> [Double] {
        var rng = Xoshiro256(seed: s.seed, stream: 600 + k)
        return try s.training.train(from: s.training.network.initialParameters(using: &rng).scalars, data: data, using: &rng)
    }

    /// MC dropout's network: Adam on ½·MSE + λ‖θ‖², masks drawn at every step (stream 610).
    public static func dropoutParameters(_ s: Settings, data: (x: Tensor, y: Tensor)) throws -> [Double] {
        var r = Xoshiro256(seed: s.seed, stream: 610)
        let lambda = try DropoutNetwork.weightDecay(lengthScale: s.dropoutLengthScale, rate: s.dropoutRate, dataCount: data.x.shape[0],
                                                    noisePrecision: 1 / s.noiseVariance)
        return try s.training.train(from: network(s).initialParameters(using: &r).scalars, data: data, dropout: (dropoutModel(s), lambda), using: &r)
    }

    /// Bayes-by-Backprop's variational parameters: closed-form KL, uniform KL weighting, the
    /// training's batch size and rate (stream 611).
    public static func bayesByBackpropParameters(_ s: Settings, data: (x: Tensor, y: Tensor)) throws -> [Double] {
        let model = try bayesByBackpropModel(s)
        var r = Xoshiro256(seed: s.seed, stream: 611)
        return try model.train(from: model.initialParameters(using: &r), inputs: data.x, targets: data.y,
                               epochs: s.bayesByBackpropEpochs, batchSize: s.training.batchSize, weighting: .uniform,
                               learningRate: s.training.learningRate, closedFormKL: true, using: &r)
    }

    /// The trained networks: the deep ensemble's members, MC dropout's weights, Bayes-by-Backprop's
    /// variational parameters.
    public struct Networks: Sendable {
        /// The deep ensemble's members' weights (see ``member(_:_:data:)``).
        public let members: [[Double]]
        /// MC dropout's weights (see ``dropoutParameters(_:data:)``).
        public let dropout: [Double]
        /// Bayes-by-Backprop's variational parameters (see ``bayesByBackpropParameters(_:data:)``).
        public let bayesByBackprop: [Double]
    }

    /// The ensemble's members alone, trained in parallel.
    public static func members(_ s: Settings, data: (x: Tensor, y: Tensor), isolation: isolated (any Actor)? = #isolation) async throws -> [[Double]] {
        try await runInParallel(count: s.members, seed: s.seed, isolation: isolation) { k, _ in try member(s, k, data: data) }
    }

    /// Every network, ``Settings/members`` + 2 jobs in parallel, the slowest (Bayes-by-Backprop)
    /// first so that it overlaps with the others; `finished` hears the number of jobs done.
    public static func networks(_ s: Settings, data: (x: Tensor, y: Tensor), finished: ((Int) -> Void)? = nil,
                                isolation: isolated (any Actor)? = #isolation) async throws -> Networks {
        let trained = try await runInParallel(count: s.members + 2, seed: s.seed, finished: finished, isolation: isolation) { job, _ in
            switch job {
            case 0: return try bayesByBackpropParameters(s, data: data)
            case 1: return try dropoutParameters(s, data: data)
            default: return try member(s, job - 2, data: data)
            }
        }
        return Networks(members: Array(trained.dropFirst(2)), dropout: trained[1], bayesByBackprop: trained[0])
    }

    /// SWAG from `member` (no pre-training): constant-rate SGD on ½·MSE of mini-batches drawn with
    /// replacement, an iterate every ``Settings/swagInterval`` steps, rank ``Settings/swagRank`` (stream 612).
    public static func swag(_ s: Settings, data: (x: Tensor, y: Tensor), from member: [Double]) throws -> SWAG {
        var r = Xoshiro256(seed: s.seed, stream: 612)
        let network = network(s)
        let n = data.x.shape[0], batch = s.training.batchSize
        return try SWAG.run(rank: s.swagRank, iterates: s.swagIterates, interval: s.swagInterval, learningRate: s.swagLearningRate,
                            pretrainSteps: 0, from: member, dataCount: n, target: { _ in (0, []) },
                            stochasticGradient: { w, r in
                                let rows = (0..<batch).map { _ in Int(r.next() % UInt64(n)) }
                                let (xb, yb) = (data.x.gathering(rows: rows), data.y.gathering(rows: rows))
                                // SWAG.run steps θ ← θ + η ĝ/N: ĝ = −N ∇(½ MSE) makes it SGD on ½ MSE at rate η.
                                return gradient(at: Tensor(w)) { v in meanSquaredError(network(xb, parameters: v), yb) * (-0.5 * Double(n)) }.scalars
                            }, using: &r).swag
    }

    /// ``Settings/testCount`` initial conditions of `family`, none seen in training, and the solver's
    /// states to t = ``Settings/rolloutSteps`` · Δt (streams 520 and 521).
    public static func testSet(_ s: Settings, _ family: Family) -> (initial: [Double], truth: [[Double]]) {
        var r = Xoshiro256(seed: s.seed, stream: family.stream)
        return BurgersEmulator.testSet(family.initialConditions, count: s.testCount, steps: s.rolloutSteps, using: &r)
    }

    /// The deep ensemble's rollouts: one per member.
    public static func ensembleRollouts(_ s: Settings, members: [[Double]], from initial: [Double]) -> RolloutEnsemble {
        RolloutEnsemble(members.map { BurgersEmulator.rollout(network(s), parameters: $0, from: initial, steps: s.rolloutSteps) })
    }

    /// Last-layer Laplace on the first member (the network SWAG starts from too): Bayesian linear
    /// regression of the increments on its last hidden layer's 128 features and a 1, one shared
    /// precision Λ = ΦᵀΦ/σ² + I/s² for the 64 outputs (``MultiOutputLastLayerLaplace``), centred on
    /// the member's trained last layer, σ² and s² both tuned by the Laplace evidence (MacKay's fixed
    /// point from σ² = ``Settings/noiseVariance``, s² = 1). Nothing random.
    public static func lastLayerLaplace(_ s: Settings, data: (x: Tensor, y: Tensor), from member: [Double]) throws -> MultiOutputLastLayerLaplace {
        let network = network(s), count = data.x.shape[0]
        let phi = MultiOutputLastLayerLaplace.features(network, parameters: member, at: data.x.scalars, count: count)
        return try MultiOutputLastLayerLaplace.tuned(features: phi, count: count, targets: data.y.scalars, outputs: data.y.shape[1],
                                                     mean: MultiOutputLastLayerLaplace.lastLayer(network, parameters: member),
                                                     noiseVariance: s.noiseVariance, priorVariance: 1)
    }

    /// Every method's rollouts from the test set's initial conditions, in the order deep ensemble,
    /// MC dropout, SWAG, Bayes-by-Backprop (``Settings/draws`` each from stream 530 or 531), then
    /// last-layer Laplace: ``Settings/draws`` draws of the first member's last layer (stream 550 or 551).
    public static func rollouts(_ s: Settings, _ networks: Networks, swag: SWAG, laplace: MultiOutputLastLayerLaplace, family: Family,
                                from initial: [Double]) throws -> [RolloutEnsemble] {
        let (network, steps) = (network(s), s.rolloutSteps)
        let (dropout, bayesByBackprop) = (try dropoutModel(s), try bayesByBackpropModel(s))
        var d = Xoshiro256(seed: s.seed, stream: family.stream + 10)
        return [
            ensembleRollouts(s, members: networks.members, from: initial),
            RolloutEnsemble(BurgersEmulator.dropoutRollouts(dropout, parameters: networks.dropout, from: initial, steps: steps, draws: s.draws, using: &d)),
            RolloutEnsemble((0..<s.draws).map { _ in BurgersEmulator.rollout(network, parameters: swag.sample(using: &d), from: initial, steps: steps) }),
            RolloutEnsemble((0..<s.draws).map { _ in
                BurgersEmulator.rollout(network, parameters: bayesByBackprop.sample(networks.bayesByBackprop, using: &d), from: initial, steps: steps)
            }),
            lastLayerRollouts(s, laplace, member: networks.members[0], family: family, from: initial),
        ]
    }

    /// ``Settings/draws`` rollouts of the first member with its last layer drawn from `laplace` (stream 550 or 551).
    public static func lastLayerRollouts(_ s: Settings, _ laplace: MultiOutputLastLayerLaplace, member: [Double], family: Family,
                                         from initial: [Double]) -> RolloutEnsemble {
        let network = network(s)
        var r = Xoshiro256(seed: s.seed, stream: family.stream + 30)
        return RolloutEnsemble((0..<s.draws).map { _ in
            let θ = MultiOutputLastLayerLaplace.replacingLastLayer(network, parameters: member, with: laplace.sample(using: &r))
            return BurgersEmulator.rollout(network, parameters: θ, from: initial, steps: s.rolloutSteps)
        })
    }

    /// Each rollout ensemble scored against the solver's states, with the trust horizon's ``Settings/tolerance``.
    public static func scores(_ s: Settings, _ ensembles: [RolloutEnsemble], truth: [[Double]]) -> [RolloutScores] {
        ensembles.map { $0.scores(truth: truth, tolerance: s.tolerance) }
    }

    /// Floating-point operations per Δt and initial condition: the solver's 20 RK4 steps of about
    /// 60 operations per point (4 right-hand sides of 13 and the stage updates), and one emulator
    /// pass, 2 · Σ (fan-in · fan-out) over the layers.
    public static func operationCounts(_ s: Settings) -> (solver: Double, emulator: Double) {
        let sizes = network(s).sizes
        return (Double(BurgersEmulator.solverSteps) * Double(BurgersEmulator.points) * (4 * 13 + 8),
                Double(zip(sizes, sizes.dropFirst()).reduce(0) { $0 + 2 * $1.0 * $1.1 }))
    }
}
