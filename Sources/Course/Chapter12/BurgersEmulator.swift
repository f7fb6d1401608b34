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
                for i in x.indices { g[i] += (a * Elementary.sin(Double(k) * x[i]) + b * Elementary.cos(Double(k) * x[i])) / Double(k) }
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
    public static func dropoutRollouts(_ model: DropoutNetwork, parameters θ: [Double], from initial: [Double], steps: Int, draws: Int,
                                       using rng: inout Xoshiro256) -> [[[Double]]] {
        let m = initial.count / points
        // All draws are rows of one batch, each row with its own masks; restarting the mask generator
        // from the same state at every step keeps each row's masks for its whole rollout.
        let masks = Xoshiro256(seed: rng.next())
        var states = [Array(repeatElement(initial, count: draws).joined())]
        let w = Tensor(θ)
        for _ in 0..<steps {
            let u = states.last!
            var r = masks
            let du = evaluate(at: w) { model(Tensor(shape: [draws * m, points], scalars: u), parameters: $0, mode: .sampling, using: &r) }.scalars
            states.append(zip(u, du).map(+))
        }
        let size = m * points
        return (0..<draws).map { s in states.map { Array($0[(s * size)..<((s + 1) * size)]) } }
    }
}
