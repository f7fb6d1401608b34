import Foundation
import Testing
import Exercises
import Inference
import Probability

@Test("Exercise 3.1: one leapfrog step — as the library, reversible, O(ε²) energy error")
func exercise3_1() throws {
    let target = correlatedGaussianLogDensityGradient(correlation: 0.95)
    let grad: ([Double]) -> [Double] = { target($0).gradient }
    let (q0, p0) = ([-1.5, -1.55], [-1.0, 1.0])
    // Same as the library's leapfrog.
    let (q1, p1) = try exercise3_1_leapfrogStep(position: q0, momentum: p0, stepSize: 0.1, gradLogDensity: grad)
    let library = leapfrog(target, from: PhasePoint(target, position: q0, momentum: p0), stepSize: 0.1, steps: 1)
    #expect(zip(q1 + p1, library.position + library.momentum).allSatisfy { abs($0 - $1) < 1e-14 })
    // Reversible: 20 steps forward, flip p, 20 back.
    var (q, p) = (q0, p0)
    for _ in 0..<20 { (q, p) = try exercise3_1_leapfrogStep(position: q, momentum: p, stepSize: 0.1, gradLogDensity: grad) }
    p = p.map { -$0 }
    for _ in 0..<20 { (q, p) = try exercise3_1_leapfrogStep(position: q, momentum: p, stepSize: 0.1, gradLogDensity: grad) }
    #expect(zip(q, q0).allSatisfy { abs($0 - $1) < 1e-10 } && zip(p, p0).allSatisfy { abs($0 + $1) < 1e-10 })
    // Energy error after time 2 with ε and ε/2: ratio ≈ 4.
    func energyError(_ eps: Double) throws -> Double {
        var (q, p) = (q0, p0)
        let h0 = -target(q0).value + 0.5 * (p0[0] * p0[0] + p0[1] * p0[1])
        for _ in 0..<Int((2 / eps).rounded()) { (q, p) = try exercise3_1_leapfrogStep(position: q, momentum: p, stepSize: eps, gradLogDensity: grad) }
        return abs(-target(q).value + 0.5 * (p[0] * p[0] + p[1] * p[1]) - h0)
    }
    let ratio = try energyError(0.02) / energyError(0.01)
    #expect(abs(ratio - 4) < 0.2, "ratio \(ratio)")
}

@Test("Exercise 3.2: ULA's stationary variance σ²/(1 − ε/4σ²), against simulation")
func exercise3_2() throws {
    #expect(abs(try exercise3_2_ulaStationaryVariance(sigma2: 2, stepSize: 4) - 4) < 1e-12)
    let sigma2 = 0.5
    for eps in [0.2, 1.0] {
        let v = try exercise3_2_ulaStationaryVariance(sigma2: sigma2, stepSize: eps)
        var rng = Xoshiro256(seed: 32)
        let target: LogDensityGradient = { x in (-0.5 * x[0] * x[0] / sigma2, [-x[0] / sigma2]) }
        let trace = try Langevin(stepSize: eps, metropolisAdjusted: false, warmup: 1000).sample(target, from: [0], steps: 100_000, using: &rng).coordinate(0)
        // Standard error of a variance from ESS effective normal draws: v √(2/ESS); 4 of them.
        #expect(abs(variance(trace) - v) < 4 * v * (2 / effectiveSampleSize(trace)).squareRoot())
    }
}

@Test("Exercise 3.3: the SGLD schedule hits its first and last step sizes")
func exercise3_3() throws {
    for (first, last, steps, gamma) in [(0.01, 0.0001, 1_000_000, 0.55), (1e-3, 1e-5, 5000, 1.0)] {
        let (a, b) = try exercise3_3_sgldStepSizes(first: first, last: last, steps: steps, gamma: gamma)
        #expect(abs(a * Foundation.pow(b, -gamma) / first - 1) < 1e-12)
        #expect(abs(a * Foundation.pow(b + Double(steps), -gamma) / last - 1) < 1e-9)
        let library = SGLDSchedule(from: first, to: last, over: steps, gamma: gamma)
        #expect(abs(library.a / a - 1) < 1e-12 && abs(library.b / b - 1) < 1e-12)
    }
}
