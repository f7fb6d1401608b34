import Foundation
import Testing
import Autodiff
import Probability

/// The fast tanh agrees with libm's to a few ulp everywhere: relative error ≤ 1e-15 on a dense
/// grid over [−25, 25] and on random arguments of every magnitude (measured maximum: see below).
@Test func hyperbolicTangentMatchesLibm() {
    var worst = 0.0
    var rng = Xoshiro256(seed: 50)
    let grid = (0...200_000).map { -25 + 50 * Double($0) / 200_000 }
    let random = (0..<100_000).map { _ in (rng.bernoulli(0.5) ? 1 : -1) * Foundation.pow(10, rng.uniform(-12, 1.5)) }
    for x in grid + random + [0, 0.625, -0.625, 0.6249999999999999, 22, 22.000000000000004, 1e-300] {
        let exact = Foundation.tanh(x)
        let error = exact == 0 ? abs(hyperbolicTangent(x)) : abs(hyperbolicTangent(x) - exact) / abs(exact)
        worst = max(worst, error)
    }
    // Measured: 4.8e-16 (3 ulp at most).
    #expect(worst <= 1e-15, "largest relative error \(worst)")
    #expect(hyperbolicTangent(0) == 0 && hyperbolicTangent(-0.0).sign == .minus)
    #expect(hyperbolicTangent(.infinity) == 1 && hyperbolicTangent(-.infinity) == -1)
    #expect(hyperbolicTangent(.nan).isNaN)
}

/// eˣ − 1 agrees with libm's `expm1` to 2 ulp over its whole domain |x| ≤ 700.
@Test func exponentialMinusOneMatchesLibm() {
    var rng = Xoshiro256(seed: 51)
    var worst = 0.0
    let xs = (0..<80_000).map { _ in rng.uniform(-700, 700) } + (0..<80_000).map { _ in rng.uniform(-2, 2) }
        + (0..<40_000).map { _ in (rng.bernoulli(0.5) ? 1 : -1) * Foundation.pow(10, rng.uniform(-15, 0)) }
    for x in xs { worst = max(worst, abs(exponentialMinusOne(x) - Foundation.expm1(x)) / Foundation.expm1(x).ulp) }
    // Measured: 2.0 ulp.
    #expect(worst <= 2, "largest error \(worst) ulp")
    #expect(exponentialMinusOne(0) == 0)
}
