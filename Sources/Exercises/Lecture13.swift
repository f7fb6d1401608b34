import Autodiff
import Course
import Foundation
import NumericalMethods
import Inference
import NeuralNetworks
import Probability

// Lecture 13 exercises (physics-informed UQ, Bayesian PINNs). Reference solutions between the markers.

/// Exercise 13.1 — the source term of the nonlinear problem.
///
/// For the exact solution u(x) = sin³(6x), return f(x) = λ u″(x) + k·tanh(u(x)). Differentiate
/// sin³(6x) twice by hand.
public func exercise13_1_sourceTerm(_ x: Double, lambda: Double, k: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 13.1 (the source term)
    let (s, c) = (Elementary.sin(6 * x), Elementary.cos(6 * x))
    // u′ = 18 s² c, u″ = 36·6 s c² − 18·6 s³ = 108 s (2c² − s²).
    let uxx = 108 * s * (2 * c * c - s * s)
    return lambda * uxx + k * hyperbolicTangent(s * s * s)
    // END SOLUTION
}

/// Exercise 13.2 — the gradient of the log posterior in the unknown coefficient k.
///
/// With the network's values u_j and second derivatives u″_j at the f sensors, the sensors'
/// values f̃_j and noise sd σ_f, and the prior k ~ N(μ_k, s_k²), return
/// ∂/∂k of −Σ_j (λu″_j + k·tanh u_j − f̃_j)²/(2σ_f²) − (k − μ_k)²/(2s_k²).
public func exercise13_2_gradientInK(u: [Double], uxx: [Double], f: [Double], fNoise: Double, lambda: Double, k: Double,
                                      priorMean: Double, priorSD: Double) throws -> Double {
    // BEGIN SOLUTION: Exercise 13.2 (the gradient in k)
    var g = -(k - priorMean) / (priorSD * priorSD)
    for j in u.indices {
        let t = hyperbolicTangent(u[j])
        let r = lambda * uxx[j] + k * t - f[j]
        g -= r * t / (fNoise * fNoise)
    }
    return g
    // END SOLUTION
}

/// Exercise 13.3 — a PINN loss on the tape.
///
/// Write the loss L(θ) = Σ_j (λ u_θ″(ξ_j) + k·tanh u_θ(ξ_j) − f̃_j)² + Σ_i (u_θ(x_i) − ũ_i)² with the
/// tape's operations, from `network.inputDerivatives(_:parameters:)` (u and u″ as Variables of θ),
/// and return its value and its gradient in θ (`valueWithGradient(at:_:)`).
public func exercise13_3_pinnLoss(network: MLP, parameters θ: [Double], uInputs: [Double], uValues: [Double],
                                  fInputs: [Double], fValues: [Double], lambda: Double, k: Double) throws -> (value: Double, gradient: [Double]) {
    // BEGIN SOLUTION: Exercise 13.3 (a PINN loss on the tape)
    let (vf, vu) = (Tensor(shape: [fInputs.count, 1], scalars: fValues), Tensor(shape: [uInputs.count, 1], scalars: uValues))
    let result = valueWithGradient(at: Tensor(θ)) { p in
        let (u, _, uxx) = network.inputDerivatives(Tensor(shape: [fInputs.count, 1], scalars: fInputs), parameters: p)
        let residual = uxx * lambda + tanh(u) * k - vf
        let misfit = network(Tensor(shape: [uInputs.count, 1], scalars: uInputs), parameters: p) - vu
        return square(residual).sum() + square(misfit).sum()
    }
    return (result.value, result.gradient.scalars)
    // END SOLUTION
}

/// Exercise 13.4 — an experiment: how many f sensors does the physics need?
///
/// For each count n in `sensorCounts`, run the chapter's forward problem (λu″ = f, noise sd 0.01)
/// with n equispaced f sensors and the two boundary u sensors: take
/// `PhysicsInformedChapter.Settings.quick(seed: seed)` with `ensembleSteps` 6,000 and `forwardFSensors` n;
/// build `measurements(.forward, noise: 0.01, s)` and its `posterior`, fit its `ensemble` of MAPs, take
/// the `laplace` approximation at the member with the highest log density, and return its
/// `meanBandWidth`, in the order of the counts. (Laplace, not NUTS: the chapter's chains have not
/// mixed, and the GGN's band says directly what the sensors pin down.)
///
/// Before you run it, predict: how does the band change from 16 sensors to 4, and why? (Where in x
/// does it grow?) Then look at the numbers and explain them.
public func exercise13_4_sensorExperiment(sensorCounts: [Int], seed: UInt64) async throws -> [Double] {
    // BEGIN SOLUTION: Exercise 13.4 (how many f sensors)
    var widths = [Double]()
    for n in sensorCounts {
        let s = PhysicsInformedChapter.Settings.quick(seed: seed).with(\.ensembleSteps, 6000).with(\.forwardFSensors, n)
        let data = PhysicsInformedChapter.measurements(.forward, noise: 0.01, s)
        let posterior = PhysicsInformedChapter.posterior(.forward, data, s)
        let maps = try await PhysicsInformedChapter.ensemble(posterior, s)
        let best = maps.logDensities.indices.max { maps.logDensities[$0] < maps.logDensities[$1] }!
        let fit = PhysicsInformedChapter.laplace(posterior, s, at: maps.members[best])
        widths.append(fit.meanBandWidth)
    }
    return widths
    // END SOLUTION
}
