import Autodiff
import Foundation
import Testing
import Inference
import NeuralNetworks
import Probability

/// The B-PINN's log posterior and its gradient: the gradient against central differences of the
/// value in every coordinate of a small network's state (θ and k), for the forward (k known) and the
/// inverse (k unknown) posterior, with and without the residual term. Step 1e-5: the central
/// difference's error, h²·f‴/6 + ε|f|/h, is below 1e-7 relative here; the check uses 1e-6.
@Test(arguments: [false, true])
func physicsInformedPosteriorGradientMatchesCentralDifferences(_ inverse: Bool) {
    let net = MLP(sizes: [1, 6, 5, 1])
    var rng = Xoshiro256(seed: 261)
    let θ = net.initialParameters(.glorot, using: &rng).scalars.map { $0 + 0.2 * rng.normal() }
    let xf = (0..<7).map { -0.7 + 0.2 * Double($0) }, f = xf.map { _ in rng.normal() }
    for residual in [1.0, 0.0] {
        let posterior = PhysicsInformedPosterior(network: net, uInputs: [-0.7, 0.1, 0.7], uValues: [0.5, -0.2, 0.3], uNoise: 0.3,
                                                 fInputs: xf, fValues: f, fNoise: 0.2, lambda: 0.05,
                                                 coefficient: inverse ? .unknown(priorMean: 0.5, priorStandardDeviation: 0.8) : .known(0.7),
                                                 priorStandardDeviation: 1.3, residualWeight: residual)
        let state = inverse ? θ + [0.9] : θ
        #expect(posterior.dimension == state.count)
        let g = posterior.valueAndGradient(state).gradient
        let h = 1e-5
        for j in state.indices {
            var (a, b) = (state, state)
            a[j] += h; b[j] -= h
            let fd = (posterior.valueAndGradient(a).value - posterior.valueAndGradient(b).value) / (2 * h)
            #expect(abs(g[j] - fd) <= 1e-6 * max(1, abs(fd)), "coordinate \(j), residual weight \(residual): \(g[j]) vs \(fd)")
        }
    }
}

/// Mean-field VI on a Gaussian target N(m, diag s²) has its optimum at q = the target itself (the
/// ELBO's gap is KL[q ‖ target], zero there). With 20,000 steps annealed to 1% of the rate, what is
/// left is the optimiser's noise from one draw per step, at the final rate 10⁻⁴ a few hundredths at
/// most; the tolerances are 0.05 on each mean and 10% on each sd (s from 0.3 to 2), at one fixed seed.
@Test func meanFieldVIRecoversAGaussianTarget() {
    let m = [1.0, -2.0, 0.5], s = [0.3, 2.0, 1.0]
    let target: LogDensityGradient = { x in
        var value = 0.0, g = [Double](repeating: 0, count: 3)
        for j in 0..<3 {
            let z = (x[j] - m[j]) / s[j]
            value -= 0.5 * z * z
            g[j] = -z / s[j]
        }
        return (value, g)
    }
    var rng = Xoshiro256(seed: 262)
    let q = MeanFieldGaussianVI(steps: 20_000, learningRate: 0.01, initialStandardDeviation: 0.1).fit(target, from: [0, 0, 0], using: &rng)
    for j in 0..<3 {
        #expect(abs(q.mean[j] - m[j]) < 0.05, "mean \(j): \(q.mean[j])")
        #expect(abs(q.sd[j] / s[j] - 1) < 0.1, "sd \(j): \(q.sd[j])")
    }
}
