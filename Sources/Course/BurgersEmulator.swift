import Autodiff
import Datasets
import Foundation
import Inference
import NeuralNetworks
import NumericalMethods
import Probability
import Simulators

/// A neural emulator of the viscous Burgers equation's flow map, and the setting of the emulator
/// chapter: 64 points on [0, 2π), ν = 0.1, the solver's RK4 step 0.01, the emulator's step
/// Δt = 0.2 (20 solver steps). The emulator is an MLP from the state u(t) to the increment
/// u(t + Δt) − u(t); a rollout applies it again and again: u ← u + f_θ(u).
public enum BurgersEmulator {
    /// The reference solver.
    public static let solver = BurgersSolver(points: 64, viscosity: 0.1, timeStep: 0.01)
    /// Solver steps per emulator step.
    public static let solverSteps = 20
    /// Δt of one emulator step.
    public static var timeStep: Double { Double(solverSteps) * solver.timeStep }
    /// Grid points n.
    public static var points: Int { solver.points }

    /// A family of smooth initial conditions: u₀(x) = A · g(x)/max|g|, g(x) = Σ_{k ∈ modes} (a_k sin kx +
    /// b_k cos kx)/k with a_k, b_k ~ N(0, 1), and the amplitude A ~ U(amplitudes). Mean zero, random phases.
    public struct InitialConditions: Sendable, Equatable {
        public let modes: ClosedRange<Int>
        public let amplitudes: ClosedRange<Double>

        public init(modes: ClosedRange<Int>, amplitudes: ClosedRange<Double>) {
            precondition(modes.lowerBound >= 1 && amplitudes.lowerBound > 0, "InitialConditions: modes from 1, positive amplitudes")
            self.modes = modes
            self.amplitudes = amplitudes
        }

        /// The training family: modes 1–3, amplitudes up to 1.
        public static let training = InitialConditions(modes: 1...3, amplitudes: 0.25...1.0)
        /// Out of distribution: the same modes with amplitudes 1.5–2, so steeper fronts sooner.
        public static let outOfDistribution = InitialConditions(modes: 1...3, amplitudes: 1.5...2.0)

        /// One initial condition on the solver's nodes.
        public func draw(using rng: inout Xoshiro256) -> [Double] {
            let x = solver.nodes
            var g = [Double](repeating: 0, count: x.count)
            for k in modes {
                let (a, b) = (rng.normal(), rng.normal())
                for i in x.indices { g[i] += (a * Foundation.sin(Double(k) * x[i]) + b * Foundation.cos(Double(k) * x[i])) / Double(k) }
            }
            let amplitude = rng.uniform(amplitudes.lowerBound, amplitudes.upperBound)
            let top = g.map(abs).max()!
            return g.map { amplitude * $0 / top }
        }
    }

    /// The solver's states at t = 0, Δt, …, steps · Δt.
    public static func trajectory(_ u0: [Double], steps: Int) -> [[Double]] {
        var states = [u0]
        for _ in 0..<steps { states.append(solver.solve(states.last!, steps: solverSteps)) }
        return states
    }

    /// `count` initial conditions of `family` (from `rng`) and the solver's states for `steps` emulator
    /// steps: `initial` row-major (count × n), `truth[t]` the count states at t · Δt, row-major.
    public static func testSet(_ family: InitialConditions, count: Int, steps: Int, using rng: inout Xoshiro256) -> (initial: [Double], truth: [[Double]]) {
        let trajectories = (0..<count).map { _ in trajectory(family.draw(using: &rng), steps: steps) }
        return (Array(trajectories.map { $0[0] }.joined()), (0...steps).map { t in Array(trajectories.map { $0[t] }.joined()) })
    }

    /// Training pairs from `count` trajectories of `steps` emulator steps: inputs u(t) (rows of n
    /// numbers) and targets u(t + Δt) − u(t).
    public static func pairs(_ trajectories: [[[Double]]]) -> (x: Tensor, y: Tensor) {
        var (x, y) = ([Double](), [Double]())
        for states in trajectories {
            for (u, next) in zip(states, states.dropFirst()) {
                x.append(contentsOf: u)
                y.append(contentsOf: zip(next, u).map { $0 - $1 })
            }
        }
        let rows = x.count / points
        return (Tensor(shape: [rows, points], scalars: x), Tensor(shape: [rows, points], scalars: y))
    }

    /// Rolls `network` with weights θ out from the rows of `initial` (m states of n numbers, row-major)
    /// for `steps` steps: element t holds the m states at t · Δt, row-major.
    public static func rollout(_ network: MLP, parameters θ: [Double], from initial: [Double], steps: Int) -> [[Double]] {
        let m = initial.count / points
        var states = [initial]
        for _ in 0..<steps {
            let u = states.last!
            let du = network.forward(u, count: m, parameters: θ)
            states.append(zip(u, du).map(+))
        }
        return states
    }

    /// Rollouts of MC dropout: draw s of `draws` keeps one set of dropout masks for its whole
    /// rollout (one network from the approximate posterior), drawn from `rng`.
    public static func dropoutRollouts(_ model: DropoutNetwork, parameters θ: Tensor, from initial: [Double], steps: Int, draws: Int,
                                       using rng: inout Xoshiro256) -> [[[Double]]] {
        let m = initial.count / points
        // Every draw is m rows of one batch; the same generator state at every step gives every row the same masks each step.
        let masks = Xoshiro256(seed: rng.next())
        var states = [Array(repeatElement(initial, count: draws).joined())]
        for _ in 0..<steps {
            let u = states.last!
            var r = masks
            let du = evaluate(at: θ) { model(Tensor(shape: [draws * m, points], scalars: u), parameters: $0, mode: .sampling, using: &r) }.scalars
            states.append(zip(u, du).map(+))
        }
        let size = m * points
        return (0..<draws).map { s in states.map { Array($0[(s * size)..<((s + 1) * size)]) } }
    }
}

/// How the emulator's networks are trained: Adam on the mean squared error of the increments,
/// mini-batches drawn with replacement.
public struct EmulatorTraining: Sendable {
    public var hidden = [128, 128]
    public var activation = Activation.tanh
    public var steps = 12_000
    public var batchSize = 64
    public var learningRate = 1e-3

    public init() {}

    /// The network n → hidden → n.
    public var network: MLP { MLP(sizes: [BurgersEmulator.points] + hidden + [BurgersEmulator.points], activation: activation) }

    /// Trains from `θ0` on pairs (x, y); with `dropout`, masks are drawn at every step and the
    /// loss gets the weight decay λ‖θ‖².
    public func train(from θ0: Tensor, data: (x: Tensor, y: Tensor), dropout: (model: DropoutNetwork, weightDecay: Double)? = nil,
                      using rng: inout Xoshiro256) throws -> Tensor {
        if let dropout {
            return try dropout.model.train(from: θ0, inputs: data.x, targets: data.y, steps: steps, learningRate: learningRate,
                                           weightDecay: dropout.weightDecay, batchSize: batchSize, using: &rng)
        }
        let net = network
        let n = data.x.shape[0]
        var adam = Adam(.constant(learningRate))
        return try NeuralNetworks.train(from: θ0, steps: steps, optimizer: &adam, loss: { _, θ in
            let rows = (0..<batchSize).map { _ in Int(rng.next() % UInt64(n)) }
            return meanSquaredError(net(data.x.gathering(rows: rows), parameters: θ), data.y.gathering(rows: rows))
        }).parameters
    }
}

/// S rollouts of the same m initial conditions, one per draw of a method's posterior (ensemble
/// member, dropout masks, SWAG weights): `draws[s][t]` holds the m states at t · Δt, row-major.
/// The spread of the rollouts is the method's predictive.
public struct RolloutEnsemble: Sendable {
    public let draws: [[[Double]]]

    public init(_ draws: [[[Double]]]) {
        precondition(draws.count >= 2 && draws.allSatisfy { $0.count == draws[0].count }, "RolloutEnsemble: at least two rollouts of one length")
        self.draws = draws
    }

    /// Time steps + 1.
    public var times: Int { draws[0].count }

    /// The mean rollout, [t][row · n + i].
    public var mean: [[Double]] {
        (0..<times).map { t in
            (0..<draws[0][t].count).map { k in draws.reduce(0.0) { $0 + $1[t][k] } / Double(draws.count) }
        }
    }

    /// The predicted standard deviation (over the S rollouts, divisor S − 1), [t][row · n + i].
    public var standardDeviation: [[Double]] { deviation(from: mean) }

    /// The standard deviation around the mean rollout m.
    func deviation(from m: [[Double]]) -> [[Double]] {
        (0..<times).map { (t: Int) -> [Double] in
            (0..<m[t].count).map { (k: Int) -> Double in
                var sum = 0.0
                for d in draws { sum += (d[t][k] - m[t][k]) * (d[t][k] - m[t][k]) }
                return (sum / Double(draws.count - 1)).squareRoot()
            }
        }
    }

    /// Scores against the solver's states `truth` ([t][row · n + i]) with a tolerance for the trust horizon.
    public func scores(truth: [[Double]], tolerance: Double) -> RolloutScores {
        let m = mean
        return RolloutScores(mean: m, standardDeviation: deviation(from: m), truth: truth, tolerance: tolerance)
    }
}

/// How well a rollout ensemble's spread tracks its error.
public struct RolloutScores: Sendable {
    /// RMS over the grid and the initial conditions of (mean − truth) and of the predicted sd, per time.
    public let error: [Double]
    public let spread: [Double]
    /// Fraction of grid values (over the initial conditions) inside the central 90% Gaussian band
    /// mean ± 1.645 sd, per time.
    public let coverage90: [Double]
    /// Per initial condition and time t ≥ 1: RMS error and RMS sd over the grid.
    public let perRollout: [(error: [Double], spread: [Double])]
    /// Spearman's rank correlation between RMS sd and RMS error over all (initial condition, t ≥ 1).
    public let rankCorrelation: Double

    /// The rank correlation over the (initial condition, t ≥ 1) pairs of several score sets together
    /// (in and out of distribution: does the spread tell the two apart?).
    public static func pooledRankCorrelation(_ scores: [RolloutScores]) -> Double {
        let all = scores.flatMap(\.perRollout)
        return spearmanCorrelation(all.flatMap(\.spread), all.flatMap(\.error))
    }

    /// The RMS error over all grid values, initial conditions and times t ≥ 1.
    public var rolloutError: Double {
        (error.dropFirst().reduce(0.0) { $0 + $1 * $1 } / Double(error.count - 1)).squareRoot()
    }
    /// Mean over the initial conditions of the first time the RMS sd exceeds the tolerance (the
    /// predicted trust horizon), and of the first time the RMS error does (the actual one); a
    /// rollout that never crosses counts its end.
    public let predictedHorizon: Double
    public let actualHorizon: Double

    public init(mean: [[Double]], standardDeviation sd: [[Double]], truth: [[Double]], tolerance: Double) {
        let n = BurgersEmulator.points, times = truth.count
        let m = truth[0].count / n
        let z = standardNormalQuantile(0.95)
        func rms(_ v: ArraySlice<Double>) -> Double {
            var sum = 0.0
            for x in v { sum += x * x }
            return (sum / Double(v.count)).squareRoot()
        }
        let errors: [[Double]] = (0..<times).map { t in zip(mean[t], truth[t]).map { $0 - $1 } }
        error = errors.map { rms($0[...]) }
        spread = sd.map { rms($0[...]) }
        coverage90 = (0..<times).map { (t: Int) -> Double in
            let inside = errors[t].indices.filter { abs(errors[t][$0]) <= z * sd[t][$0] }.count
            return Double(inside) / Double(errors[t].count)
        }
        perRollout = (0..<m).map { (r: Int) -> (error: [Double], spread: [Double]) in
            let rows = (r * n)..<((r + 1) * n)
            return ((1..<times).map { rms(errors[$0][rows]) }, (1..<times).map { rms(sd[$0][rows]) })
        }
        rankCorrelation = spearmanCorrelation(perRollout.flatMap(\.spread), perRollout.flatMap(\.error))
        let dt = BurgersEmulator.timeStep
        let horizon = { (curve: [Double]) in Double((curve.firstIndex { $0 > tolerance } ?? curve.count) + 1) * dt }
        predictedHorizon = perRollout.reduce(0.0) { $0 + horizon($1.spread) } / Double(m)
        actualHorizon = perRollout.reduce(0.0) { $0 + horizon($1.error) } / Double(m)
    }
}

/// The emulator chapter's settings, and a small run of the same code (`quick`).
public struct EmulatorSettings: Sendable {
    /// Training trajectories (each `rolloutSteps` emulator steps long) and test initial conditions per family.
    public var trainingCount = 200
    public var testCount = 40
    public var rolloutSteps = 20
    public var training = EmulatorTraining()
    public var members = 5
    /// Rollouts drawn from MC dropout, SWAG and Bayes-by-Backprop.
    public var draws = 20
    public var dropoutRate = 0.02
    /// SWAG from the first member: constant-rate SGD on ½·MSE of batches of 64.
    public var swagLearningRate = 10.0
    public var swagRank = 20
    public var swagIterates = 100
    public var swagInterval = 50
    public var bayesByBackpropEpochs = 100
    /// The trust horizon's tolerance on the RMS error (and the RMS sd that predicts it).
    public var tolerance = 0.05

    public init() {}

    public static let standard = EmulatorSettings()
    public static var quick: EmulatorSettings {
        var s = EmulatorSettings()
        s.trainingCount = 40
        s.testCount = 10
        s.training.steps = 1500
        s.members = 3
        s.draws = 8
        s.swagRank = 10
        s.swagIterates = 20
        s.bayesByBackpropEpochs = 10
        return s
    }

    /// The training pairs for `seed`: trajectories from stream 500.
    public func trainingData(seed: UInt64) -> (x: Tensor, y: Tensor) {
        var rng = Xoshiro256(seed: seed, stream: 500)
        return BurgersEmulator.pairs((0..<trainingCount).map { _ in
            BurgersEmulator.trajectory(BurgersEmulator.InitialConditions.training.draw(using: &rng), steps: rolloutSteps)
        })
    }

    /// Deep-ensemble member k, from stream 600 + k: initialisation and mini-batches.
    public func member(_ k: Int, data: (x: Tensor, y: Tensor), seed: UInt64) throws -> Tensor {
        var rng = Xoshiro256(seed: seed, stream: 600 + k)
        return try training.train(from: training.network.initialParameters(using: &rng), data: data, using: &rng)
    }
}
