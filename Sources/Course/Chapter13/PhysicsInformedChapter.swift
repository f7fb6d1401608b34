import Foundation
import Autodiff
import NumericalMethods
import Inference
import NeuralNetworks
import Probability

/// Lecture 13 — physics-informed UQ, Bayesian PINNs (Yang, Meng & Karniadakis 2021) — as functions
/// of one ``Settings`` value.
///
/// The problems (the reading of Yang et al.'s 1-D Poisson examples, and the nonlinear inverse problem of NeuralUQ's example,
/// Psaros et al. 2023): on [−0.7, 0.7], u(x) = sin³(6x) and λ = 0.01,
/// - forward: λu″ = f, 16 noisy f sensors, 2 noisy u sensors at the ends; u is inferred;
/// - inverse: λu″ + k·tanh u = f with k = 0.7 unknown, 32 f sensors and 8 u sensors; u and k are inferred.
///
/// Streams of the seed: the sensors' noise from stream 130 + problem index, NUTS chain c of a fit
/// from stream c of the seed s + 1000·(offset + 1) (the data-only fit's prior starts from 140 + c + 40),
/// ensemble member m from stream 160 + m, VI and dropout from 170 + 10·method + 2·problem + noise.
public enum PhysicsInformedChapter {
    /// The exact solution u(x) = sin³(6x).
    public static func exactU(_ x: Double) -> Double { Elementary.pow(Elementary.sin(6 * x), 3) }

    /// u″(x) = 108 sin(6x)(2cos²(6x) − sin²(6x)).
    public static func exactUxx(_ x: Double) -> Double {
        let (s, c) = (Elementary.sin(6 * x), Elementary.cos(6 * x))
        return 108 * s * (2 * c * c - s * s)
    }

    /// The two problems of the chapter.
    public enum Problem: String, Sendable, CaseIterable {
        case forward, inverse

        /// The true k of λu″ + k·tanh u = f (0: the linear Poisson equation).
        public var trueK: Double { self == .forward ? 0 : 0.7 }

        /// f(x) = λu″(x) + k·tanh u(x) for the exact u.
        public func exactF(_ x: Double, lambda: Double) -> Double {
            lambda * exactUxx(x) + trueK * hyperbolicTangent(exactU(x))
        }
    }

    /// The noisy sensors of one problem at one noise sd.
    public struct Measurements: Sendable, Equatable {
        /// Locations and noisy values of the u sensors.
        public var uInputs: [Double], uValues: [Double]
        /// Locations and noisy values of the f sensors.
        public var fInputs: [Double], fValues: [Double]
        /// The noise sd σ of both.
        public var noise: Double
    }

    /// `count` equispaced points on [a, b], both ends included.
    public static func equispaced(_ count: Int, _ a: Double, _ b: Double) -> [Double] {
        count == 1 ? [a] : (0..<count).map { a + (b - a) * Double($0) / Double(count - 1) }
    }

    /// The sensors of `problem` with noise sd `noise` on both u and f, from stream 130 + problem
    /// index (+ 2 for the larger noise), so the two noise levels have independent noise.
    public static func measurements(_ problem: Problem, noise: Double, _ s: Settings) -> Measurements {
        let index = Problem.allCases.firstIndex(of: problem)! + (noise > s.noiseLevels[0] ? 2 : 0)
        var rng = Xoshiro256(seed: s.seed, stream: 130 + index)
        let (a, b) = s.domain
        let uCount = problem == .forward ? 2 : s.inverseUSensors
        let fCount = problem == .forward ? s.forwardFSensors : s.inverseFSensors
        let xu = equispaced(uCount, a, b), xf = equispaced(fCount, a, b)
        let yu = xu.map { exactU($0) + noise * rng.normal() }
        let yf = xf.map { problem.exactF($0, lambda: s.lambda) + noise * rng.normal() }
        return Measurements(uInputs: xu, uValues: yu, fInputs: xf, fValues: yf, noise: noise)
    }

    /// The physics-informed posterior of `problem` on `data` (``PhysicsInformedPosterior``):
    /// the chapter's network, prior N(0, σ_θ²I) on the weights, k known (forward) or with prior
    /// N(μ_k, s_k²) (inverse); `physics` false drops the residual (the data-only posterior).
    public static func posterior(_ problem: Problem, _ data: Measurements, _ s: Settings, physics: Bool = true) -> PhysicsInformedPosterior {
        PhysicsInformedPosterior(network: MLP(sizes: s.sizes, activation: .tanh), uInputs: data.uInputs, uValues: data.uValues, uNoise: data.noise,
                                 fInputs: data.fInputs, fValues: data.fValues, fNoise: data.noise, lambda: s.lambda,
                                 coefficient: problem == .forward ? .known(problem.trueK)
                                     : .unknown(priorMean: s.kPriorMean, priorStandardDeviation: s.kPriorSD),
                                 priorStandardDeviation: s.weightPriorSD, residualWeight: physics ? 1 : 0)
    }

    /// The grid on which bands are drawn and compared.
    public static func grid(_ s: Settings) -> [Double] { equispaced(s.gridCount, s.domain.0, s.domain.1) }
}
