import Foundation
import Testing
import Autodiff
import NeuralNetworks
import Probability

// Gradient checks of the network's derivatives in its input (MLP+InputDerivatives): u_x and u_xx
// against central differences of u in x, and the weight gradients of u, u_x, u_xx (the mixed
// weight/input derivatives ∂u_x/∂θ, ∂u_xx/∂θ) against central differences in θ.
//
// Tolerances: a central difference with step h has truncation error O(h²·u‴) and rounding error
// O(ε·|u|/h) (O(ε|u|/h²) for the second difference); with h = 1e-4 (first) and h = 1e-3 (second
// derivative) both stay below 1e-6 relative for these smooth networks of O(1) outputs, so the
// checks use 1e-6 relative (plus 1e-8 absolute), a margin of about 100× over the errors measured.

/// |a − b| ≤ 1e-6·max(1, |a|, |b|) + 1e-8 elementwise.
private func close(_ a: [Double], _ b: [Double], relative: Double = 1e-6) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= relative * max(1, abs($0), abs($1)) + 1e-8 }
}

/// Networks of every activation with a smooth second derivative (ReLU's is 0 where defined), one
/// or more inputs, one or more outputs, and the chapter's 1→50→50→1.
private let cases: [(sizes: [Int], activation: Activation, n: Int)] = [
    ([1, 50, 50, 1], .tanh, 7), ([1, 8, 1], .tanh, 3), ([2, 6, 5, 2], .tanh, 4), ([1, 6, 6, 1], .sigmoid, 5), ([3, 4, 2], .identity, 2),
]

@Test func inputDerivativesMatchCentralDifferencesInX() {
    for c in cases {
        let net = MLP(sizes: c.sizes, activation: c.activation)
        var rng = Xoshiro256(seed: 11)
        let θ = net.initialParameters(.glorot, using: &rng).scalars.map { $0 + 0.1 * rng.normal() }
        let x = (0..<(c.n * c.sizes[0])).map { _ in rng.uniform(-0.7, 0.7) }
        for j in 0..<c.sizes[0] {
            let d = net.inputDerivatives(x, count: c.n, direction: j, parameters: θ)
            #expect(d.value == net.forward(x, count: c.n, parameters: θ), "\(c.sizes): u is the network's output")
            func shifted(_ h: Double) -> [Double] {
                var y = x
                for i in 0..<c.n { y[i * c.sizes[0] + j] += h }
                return net.forward(y, count: c.n, parameters: θ)
            }
            let h1 = 1e-4, h2 = 1e-3
            let (p1, m1) = (shifted(h1), shifted(-h1))
            let fdFirst = zip(p1, m1).map { ($0 - $1) / (2 * h1) }
            let (p2, m2, u) = (shifted(h2), shifted(-h2), d.value)
            let fdSecond = (0..<u.count).map { (p2[$0] - 2 * u[$0] + m2[$0]) / (h2 * h2) }
            #expect(close(d.first, fdFirst), "\(c.sizes) \(c.activation): u_x along x\(j)")
            #expect(close(d.second, fdSecond, relative: 1e-5), "\(c.sizes) \(c.activation): u_xx along x\(j)")
        }
    }
}

/// The weight gradient of L = Σ a·u + b·u_x + c·u_xx (random a, b, c): ∂L/∂θ against central
/// differences of L in each coordinate of θ (all of them for the small networks, 60 spread over θ
/// for 1→50→50→1) — the mixed derivatives ∂u_x/∂θ and ∂u_xx/∂θ among them.
@Test func weightGradientsOfInputDerivativesMatchCentralDifferences() {
    for c in cases {
        let net = MLP(sizes: c.sizes, activation: c.activation)
        var rng = Xoshiro256(seed: 12)
        let θ = net.initialParameters(.glorot, using: &rng).scalars.map { $0 + 0.1 * rng.normal() }
        let x = (0..<(c.n * c.sizes[0])).map { _ in rng.uniform(-0.7, 0.7) }
        let m = c.n * c.sizes.last!
        let (a, b, w) = ((0..<m).map { _ in rng.normal() }, (0..<m).map { _ in rng.normal() }, (0..<m).map { _ in rng.normal() })
        for j in 0..<c.sizes[0] {
            func loss(_ p: [Double]) -> Double {
                let d = net.inputDerivatives(x, count: c.n, direction: j, parameters: p)
                var total = 0.0
                for k in 0..<m { total += a[k] * d.value[k] + b[k] * d.first[k] + w[k] * d.second[k] }
                return total
            }
            let g = net.inputDerivativesParameterGradient(x, count: c.n, direction: j, parameters: θ) { u, ux, uxx in
                for k in 0..<m { u[k] = a[k]; ux[k] = b[k]; uxx[k] = w[k] }
            }
            let coordinates = θ.count <= 200 ? Array(0..<θ.count) : stride(from: 0, to: θ.count, by: θ.count / 60).map { $0 } + [θ.count - 1]
            let h = 1e-5
            var analytic = [Double](), numeric = [Double]()
            for k in coordinates {
                var (plus, minus) = (θ, θ)
                plus[k] += h; minus[k] -= h
                analytic.append(g[k]); numeric.append((loss(plus) - loss(minus)) / (2 * h))
            }
            #expect(close(analytic, numeric), "\(c.sizes) \(c.activation): ∂L/∂θ along x\(j)")
        }
    }
}

/// The tape primitive gives the same numbers as the tape-free sweeps, and a loss written with the
/// tape's operations from (u, u_x, u_xx) — a PDE residual λu_xx + k·tanh(u) − f — has the
/// gradient of the tape-free sweep.
@Test func inputDerivativesOnTheTapeMatchTheTapeFreeSweeps() {
    let net = MLP(sizes: [1, 50, 50, 1])
    var rng = Xoshiro256(seed: 13)
    let θ = net.initialParameters(.glorot, using: &rng).scalars
    let x = (0..<9).map { _ in rng.uniform(-0.7, 0.7) }, f = (0..<9).map { _ in rng.normal() }
    let (lambda, k) = (0.01, 0.7)
    let taped = valueWithGradient(at: Tensor(θ)) { p in
        let (u, _, uxx) = net.inputDerivatives(Tensor(shape: [9, 1], scalars: x), parameters: p)
        return square(uxx * lambda + tanh(u) * k - Tensor(shape: [9, 1], scalars: f)).sum()
    }
    var value = 0.0
    let g = net.inputDerivativesParameterGradient(x, count: 9, parameters: θ) { u, ux, uxx in
        value = 0
        for i in 0..<9 {
            let t = hyperbolicTangent(u[i]), r = lambda * uxx[i] + k * t - f[i]
            value += r * r
            u[i] = 2 * r * k * (1 - t * t); ux[i] = 0; uxx[i] = 2 * r * lambda
        }
    }
    // Same operations in a different order (the tape sums its pullbacks' contributions, the sweep
    // writes them in one pass): equal up to rounding, 1e-12 relative to the largest entry.
    #expect(abs(taped.value - value) <= 1e-12 * abs(value))
    let scale = g.map(abs).max()!
    let worst = zip(taped.gradient.scalars, g).map { abs($0 - $1) }.max()!
    #expect(worst <= 1e-12 * scale, "largest difference \(worst) against \(scale)")
}

/// Mixed derivatives the other way round: ∂u_x/∂θ_k equals the central difference in x of ∂u/∂θ_k
/// (the two orders of differentiation agree).
@Test func mixedDerivativesCommute() {
    let net = MLP(sizes: [1, 8, 8, 1])
    var rng = Xoshiro256(seed: 14)
    let θ = net.initialParameters(.glorot, using: &rng).scalars
    let x0 = 0.3, h = 1e-4
    func gradient(of which: Int, at x: Double) -> [Double] {
        net.inputDerivativesParameterGradient([x], count: 1, parameters: θ) { u, ux, uxx in
            u[0] = which == 0 ? 1 : 0; ux[0] = which == 1 ? 1 : 0; uxx[0] = which == 2 ? 1 : 0
        }
    }
    let duxdθ = gradient(of: 1, at: x0)
    let fd = zip(gradient(of: 0, at: x0 + h), gradient(of: 0, at: x0 - h)).map { ($0 - $1) / (2 * h) }
    #expect(close(duxdθ, fd))
    let duxxdθ = gradient(of: 2, at: x0)
    let fd2 = zip(gradient(of: 1, at: x0 + h), gradient(of: 1, at: x0 - h)).map { ($0 - $1) / (2 * h) }
    #expect(close(duxxdθ, fd2))
}
