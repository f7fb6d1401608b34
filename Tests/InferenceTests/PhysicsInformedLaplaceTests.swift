import Foundation
import Testing
import Inference
import NeuralNetworks
import NumericalMethods
import Probability

/// A small B-PINN posterior (forward or inverse) and a state away from any mode.
private func smallPosterior(inverse: Bool) -> (PhysicsInformedPosterior, [Double]) {
    let net = MLP(sizes: [1, 6, 5, 1])
    var rng = Xoshiro256(seed: 263)
    let θ = net.initialParameters(.glorot, using: &rng).scalars.map { $0 + 0.2 * rng.normal() }
    let xf = (0..<7).map { -0.7 + 0.2 * Double($0) }, f = xf.map { _ in rng.normal() }
    let posterior = PhysicsInformedPosterior(network: net, uInputs: [-0.7, 0.1, 0.7], uValues: [0.5, -0.2, 0.3], uNoise: 0.3,
                                             fInputs: xf, fValues: f, fNoise: 0.2, lambda: 0.05,
                                             coefficient: inverse ? .unknown(priorMean: 0.5, priorStandardDeviation: 0.8) : .known(0.7),
                                             priorStandardDeviation: 1.3)
    return (posterior, inverse ? θ + [0.9] : θ)
}

/// The residual Jacobian (u sensors, then the f sensors' PDE residuals λu″ + k tanh u − f̃) against
/// central differences of the residuals in every coordinate, and the GGN Σ Jᵣᵀ Jᵣ/σᵣ² built from it
/// against the one built from the differences. Step 1e-5: the differences' error (h² r‴/6 + ε|r|/h)
/// is below 1e-8 here; the tolerance is 1e-6 relative.
@Test(arguments: [false, true])
func physicsInformedResidualJacobianMatchesCentralDifferences(_ inverse: Bool) {
    let (posterior, state) = smallPosterior(inverse: inverse)
    let (r, noise, j) = posterior.residualJacobian(state)
    let (d, n) = (state.count, r.count)
    #expect(n == 3 + 7 && noise == [Double](repeating: 0.3, count: 3) + [Double](repeating: 0.2, count: 7))
    // The residuals themselves, against ln p's likelihood terms: −Σ r²/(2σ²) − prior = ln p.
    let prior = posterior.weights(state).reduce(0) { $0 + $1 * $1 } / (2 * 1.3 * 1.3) + (inverse ? pow(state.last! - 0.5, 2) / (2 * 0.64) : 0)
    let fromResiduals = -zip(r, noise).reduce(0) { $0 + $1.0 * $1.0 / (2 * $1.1 * $1.1) } - prior
    #expect(abs(fromResiduals - posterior.valueAndGradient(state).value) < 1e-9 * max(1, abs(fromResiduals)))
    let h = 1e-5
    var fd = [Double](repeating: 0, count: n * d)
    for c in 0..<d {
        var (a, b) = (state, state)
        a[c] += h; b[c] -= h
        let (ra, rb) = (posterior.residualJacobian(a).residuals, posterior.residualJacobian(b).residuals)
        for i in 0..<n { fd[i * d + c] = (ra[i] - rb[i]) / (2 * h) }
    }
    for i in 0..<(n * d) { #expect(abs(j[i] - fd[i]) <= 1e-6 * max(1, abs(fd[i])), "entry \(i): \(j[i]) vs \(fd[i])") }
    func ggn(_ jac: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: d * d)
        for i in 0..<n { for p in 0..<d { for q in 0..<d { g[p * d + q] += jac[i * d + p] * jac[i * d + q] / (noise[i] * noise[i]) } } }
        return g
    }
    let (exact, approx) = (ggn(j), ggn(fd))
    let scale = exact.map(abs).max()!
    #expect(zip(exact, approx).allSatisfy { abs($0 - $1) <= 1e-6 * scale })
}

/// The low-rank square root of ``PhysicsInformedLaplace`` gives the same covariance as the dense
/// Cholesky inverse of P = A + JᵀWJ (to 1e-9 of its largest entry: both are exact up to rounding), the
/// GLM predictive variance J_u P⁻¹ J_uᵀ, and draws m + Lz whose sample covariance along one
/// direction matches (4,000 draws: the variance's relative MC sd is √(2/4000) ≈ 2.2%; tolerance 4 sd).
@Test(arguments: [false, true])
func physicsInformedLaplaceMatchesTheDenseCholeskyInverse(_ inverse: Bool) throws {
    let (posterior, state) = smallPosterior(inverse: inverse)
    let q = PhysicsInformedLaplace(posterior, at: state)
    let d = state.count
    let (_, noise, j) = posterior.residualJacobian(state)
    var p = [Double](repeating: 0, count: d * d)
    let a = posterior.priorPrecisions
    for c in 0..<d { p[c * d + c] = a[c] }
    for i in noise.indices { for r in 0..<d { for c in 0..<d { p[r * d + c] += j[i * d + r] * j[i * d + c] / (noise[i] * noise[i]) } } }
    let l = try Cholesky.factor(p, n: d)
    var identity = [Double](repeating: 0, count: d * d)
    for c in 0..<d { identity[c * d + c] = 1 }
    let dense = Cholesky.solve(factor: l, n: d, identity, columns: d)
    let lowRank = q.covariance
    let scale = dense.map(abs).max()!
    #expect(zip(dense, lowRank).allSatisfy { abs($0 - $1) <= 1e-9 * scale })
    #expect(q.singularValues.count == noise.count)
    // The GLM predictive at three points.
    let grid = [-0.5, 0.0, 0.4]
    let ju = posterior.outputJacobian(state, at: grid)
    let predictive = q.predictive(at: grid)
    for g in grid.indices {
        let row = Array(ju[(g * d)..<((g + 1) * d)])
        var v = 0.0
        for r in 0..<d { for c in 0..<d { v += row[r] * dense[r * d + c] * row[c] } }
        #expect(abs(predictive.sd[g] - v.squareRoot()) <= 1e-9 * v.squareRoot())
        #expect(abs(predictive.mean[g] - posterior.predict(state, at: [grid[g]]).u[0]) < 1e-12)
    }
    if inverse { #expect(abs(q.kMarginal!.sd - dense[d * d - 1].squareRoot()) <= 1e-9) }
    var rng = Xoshiro256(seed: 264)
    let draws = q.sample(count: 4000, using: &rng)
    let row = Array(ju[0..<d])
    let projected = draws.map { x in zip(x, zip(state, row)).reduce(0) { $0 + ($1.0 - $1.1.0) * $1.1.1 } }
    let variance = projected.reduce(0) { $0 + $1 * $1 } / Double(projected.count)
    let exact = predictive.sd[0] * predictive.sd[0]
    #expect(abs(variance / exact - 1) < 4 * (2.0 / 4000).squareRoot(), "\(variance) vs \(exact)")
}

/// On a likelihood linear in θ the Laplace approximation is the posterior: u = w·x + b (a network
/// without hidden layers) measured at five points with noise σ, f sensors through λu″ = 0 (a
/// residual constant in θ), prior N(0, s²I). The exact posterior is N(P⁻¹Xᵀy/σ², P⁻¹), P = XᵀX/σ² + I/s²;
/// Laplace at that mode gives the same covariance, and ln p's gradient vanishes there.
@Test func physicsInformedLaplaceIsExactWhenTheResidualsAreLinear() {
    let net = MLP(sizes: [1, 1])
    let xs = [-0.7, -0.3, 0.0, 0.2, 0.6], ys = [0.4, -0.1, 0.3, 0.9, 1.2]
    let (sigma, s) = (0.25, 1.5)
    let posterior = PhysicsInformedPosterior(network: net, uInputs: xs, uValues: ys, uNoise: sigma, fInputs: [-0.5, 0.5], fValues: [0.1, -0.2],
                                             fNoise: 0.3, lambda: 0.01, coefficient: .known(0), priorStandardDeviation: s)
    // θ = (w, b) in the network's layout: find which coordinate is the weight by evaluating u.
    let slopeFirst = posterior.predict([1, 0], at: [2]).u[0] == 2
    // P and Xᵀy/σ² for (w, b).
    let sxx = xs.reduce(0) { $0 + $1 * $1 }, sx = xs.reduce(0, +), n = Double(xs.count)
    let (p11, p12, p22) = (sxx / (sigma * sigma) + 1 / (s * s), sx / (sigma * sigma), n / (sigma * sigma) + 1 / (s * s))
    let (b1, b2) = (zip(xs, ys).reduce(0) { $0 + $1.0 * $1.1 } / (sigma * sigma), ys.reduce(0, +) / (sigma * sigma))
    let det = p11 * p22 - p12 * p12
    let (w, b) = ((p22 * b1 - p12 * b2) / det, (p11 * b2 - p12 * b1) / det)
    let mode = slopeFirst ? [w, b] : [b, w]
    #expect(posterior.valueAndGradient(mode).gradient.allSatisfy { abs($0) < 1e-9 })
    let c = PhysicsInformedLaplace(posterior, at: mode).covariance
    let exact = slopeFirst ? [p22 / det, -p12 / det, -p12 / det, p11 / det] : [p11 / det, -p12 / det, -p12 / det, p22 / det]
    #expect(zip(c, exact).allSatisfy { abs($0 - $1) < 1e-12 }, "\(c) vs \(exact)")
}
