import Foundation
import NumericalMethods
import Testing

/// The largest |ours − libm's| over `xs`, in ulps of libm's value (of max(|libm's|, `floor`)).
private func worstUlps(_ xs: [Double], floor: Double = 0, _ ours: (Double) -> Double, _ libm: (Double) -> Double) -> Double {
    xs.reduce(0.0) { worst, x in
        let exact = libm(x), got = ours(x)
        if exact == got { return worst }
        return max(worst, abs(got - exact) / max(abs(exact), floor).ulp)
    }
}

/// A fixed sample: a dense grid over [a, b] and random points in it (a simple LCG, so the test
/// needs no other module).
private func sample(_ a: Double, _ b: Double, count: Int = 100_000) -> [Double] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let random = (0..<count).map { _ -> Double in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return a + (b - a) * Double(state >> 11) * 0x1p-53
    }
    return (0...count).map { a + (b - a) * Double($0) / Double(count) } + random
}

/// glibc's own error is below 1 ulp for these functions except erfc (ours measured 10.4 ulp from
/// the exact values and 10 from glibc's), so ours against libm's is at most ours against the
/// exact value plus 1. Against the exact values (mpmath at 120 bits, 40,000–60,000
/// arguments per function over the same ranges) ours measured: exp 0.91, log 0.74, log1p 1.96,
/// sin 2.29, cos 2.02 (|x| up to 10⁵), erfc 10.4 ulp (near x = 0.73, where 1 − erf x cancels),
/// pow 42 ulp at |y ln x| = 33 (the error of y·ln x, carried into the exponent), ln Γ 1.01·10⁻¹⁴
/// absolute near its zeros.
@Test("the course's elementary functions agree with libm's: exp and log within 2 ulp, log1p, log10, sin and cos within 3.2, erfc within 11, pow within 2(2 + |y ln x|) ulp, ln Γ within 2·10⁻¹⁴")
func elementaryFunctionsAgreeWithLibm() {
    let exp = worstUlps(sample(-745, 709.7) + sample(-2, 2), Elementary.exp, Foundation.exp)
    let log = worstUlps(sample(1e-300, 1e300) + sample(0.5, 2) + sample(0, 1) + sample(1, 1e6).map { 1 / $0 }, Elementary.log, Foundation.log)
    let log1p = worstUlps(sample(-1, 1) + sample(-1e-9, 1e-9) + sample(1, 1e12), Elementary.log1p, Foundation.log1p)
    let log10 = worstUlps(sample(1e-6, 1e6) + sample(0.5, 20), Elementary.log10, Foundation.log10)
    let angles = sample(-10, 10) + sample(0, 2 * Double.pi) + sample(-1e5, 1e5)
    let sin = worstUlps(angles, Elementary.sin, Foundation.sin), cos = worstUlps(angles, { Elementary.cos($0) }, Foundation.cos)
    let erfc = worstUlps(sample(-6, 27) + sample(-3, 3), Elementary.erfc, Foundation.erfc)
    let logGamma = worstUlps(sample(1e-5, 1) + sample(1, 1000), floor: 1, Elementary.logGamma, Foundation.lgamma)
    for (name, worst, bound) in [("exp", exp, 2.0), ("log", log, 2), ("log1p", log1p, 3), ("log10", log10, 3), ("sin", sin, 3.2), ("cos", cos, 3.2),
                                 ("erfc", erfc, 11), ("ln Γ (ulps of max(1, |ln Γ|))", logGamma, 90)] {
        #expect(worst <= bound, "\(name): \(worst) ulp")
    }
    var powWorst = 0.0
    for (x, y) in zip(sample(1e-3, 1e3, count: 20_000), sample(-5, 5, count: 20_000)) {
        let exact = Foundation.pow(x, y)
        powWorst = max(powWorst, abs(Elementary.pow(x, y) - exact) / exact.ulp / (2 + abs(y * Foundation.log(x))))
    }
    #expect(powWorst <= 2, "pow: \(powWorst) × (2 + |y ln x|) ulp")
}

@Test("special values: exp, log and pow at their edges; exact small integer powers; sin(−0) = −0; erfc's tails")
func elementaryFunctionsSpecialValues() {
    #expect(Elementary.exp(0) == 1 && Elementary.exp(710) == .infinity && Elementary.exp(-746) == 0 && Elementary.exp(-.infinity) == 0)
    #expect(Elementary.exp(-740) > 0 && Elementary.exp(709.78) < .infinity && Elementary.exp(.nan).isNaN)
    #expect(Elementary.log(1) == 0 && Elementary.log(0) == -.infinity && Elementary.log(-1).isNaN && Elementary.log(.infinity) == .infinity)
    #expect(abs(Elementary.log(5e-324) - Foundation.log(5e-324)) <= Foundation.log(5e-324).ulp)   // the smallest subnormal
    #expect(Elementary.log1p(0) == 0 && Elementary.log1p(-1) == -.infinity && Elementary.log1p(-2).isNaN && Elementary.log1p(1e-300) == 1e-300)
    #expect(Elementary.sin(0) == 0 && Elementary.sin(-0.0).sign == .minus && Elementary.cos(0) == 1 && Elementary.sin(.infinity).isNaN)
    #expect(Elementary.pow(10, 3) == 1000 && Elementary.pow(10, -3) == 0.001 && Elementary.pow(2, -10) == 1.0 / 1024 && Elementary.pow(-2, 3) == -8)
    #expect(Elementary.pow(7, 0) == 1 && Elementary.pow(0, 2.5) == 0 && Elementary.pow(0, -1) == .infinity && Elementary.pow(-2, 0.5).isNaN)
    #expect(abs(Elementary.pow(-2, 65) / -0x1p65 - 1) < 1e-13 && Elementary.pow(-1, .infinity) == 1 && Elementary.sin(1e300).isNaN && Elementary.cos(0x1p20).isNaN)
    #expect(Elementary.erfc(0) == 1 && Elementary.erfc(30) == 0 && Elementary.erfc(-30) == 2 && Elementary.erfc(.nan).isNaN)
    #expect(abs(Elementary.logGamma(1)) < 1e-14 && abs(Elementary.logGamma(2)) < 1e-14 && abs(Elementary.logGamma(0.5) - 0.5 * Foundation.log(Double.pi)) < 1e-14
            && Elementary.logGamma(0).isNaN && Elementary.logGamma(-1).isNaN)
}

/// cos 2πu with the turn reduced in u: measured within 1.7 ulp of the exact value on [0, 1) and
/// [−1000, 1000] (mpmath); against libm's cos(2π·u), whose argument carries the rounding of 2π·u
/// (up to ½ ulp of 2π|u|, which moves the cosine by as much), within 4·10⁻¹⁶ + that on [0, 1).
@Test("cos(turns:) is exact at the quarter turns and agrees with cos 2πu elsewhere")
func cosineOfTurns() {
    #expect(Elementary.cos(turns: 0) == 1 && Elementary.cos(turns: 0.5) == -1 && Elementary.cos(turns: 1) == 1 && Elementary.cos(turns: -3) == 1)
    #expect(Elementary.cos(turns: 0.25) == 0 && Elementary.cos(turns: 0.75) == 0 && Elementary.cos(turns: 0x1p60 + 0x1p8) == 1)
    var worst = 0.0
    for u in sample(0, 1) {
        let angle = 2 * Double.pi * u
        worst = max(worst, abs(Elementary.cos(turns: u) - Foundation.cos(angle)) - angle.ulp)
    }
    #expect(worst <= 4e-16, "\(worst)")
}
