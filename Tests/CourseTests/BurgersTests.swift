import Course
import Foundation
import Simulators
import Testing
import Datasets
import Inference
import Probability

/// Largest error against the Cole–Hopf solution at t = 1 (ν = 0.1, ε = 0.8), with a time step small
/// enough that the spatial error dominates.
func burgersError(points: Int) -> Double {
    let (nu, eps) = (0.1, 0.8)
    let solver = BurgersSolver(points: points, viscosity: nu, timeStep: 1e-3)
    let x = solver.nodes
    let u = solver.solve(x.map { BurgersSolver.coleHopf(x: $0, t: 0, viscosity: nu, epsilon: eps) }, steps: 1000)
    return zip(u, x).map { abs($0 - BurgersSolver.coleHopf(x: $1, t: 1, viscosity: nu, epsilon: eps)) }.max()!
}

/// Measured: maximum errors 6.5e-4, 1.6e-4, 4.1e-5 at 32, 64, 128 points (ratios 3.95, 3.95).
@Test("the Burgers solver converges to the Cole–Hopf solution at second order in space: the error falls by 4 (3.6–4.4) per halving of Δx")
func burgersSolverConvergesAtSecondOrder() {
    let errors = [32, 64, 128].map(burgersError(points:))
    for (coarse, fine) in zip(errors, errors.dropFirst()) {
        #expect(coarse / fine > 3.6 && coarse / fine < 4.4, "errors \(errors)")
    }
    #expect(errors[1] < 2e-4)
}

@Test("the Burgers solver conserves the mean of u: after 1,000 steps from a random smooth state it moved by less than 1e-13")
func burgersSolverConservesTheMean() {
    var rng = Xoshiro256(seed: 15)
    let u0 = BurgersEmulator.InitialConditions.outOfDistribution.draw(using: &rng).map { $0 + 0.25 }
    let u = BurgersEmulator.solver.solve(u0, steps: 1000)
    let mean = { (v: [Double]) in v.reduce(0, +) / Double(v.count) }
    #expect(abs(mean(u) - mean(u0)) < 1e-13, "\(mean(u) - mean(u0))")
    #expect(abs(mean(u0) - 0.25) < 1e-13)
}

@Test("Spearman's rank correlation: 1 for any increasing map, −1 reversed, average ranks for ties, and a hand value")
func spearman() {
    #expect(spearmanCorrelation([1, 2, 3, 4], [10, 100, 1000, 1e4]) == 1)
    #expect(spearmanCorrelation([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
    // Ranks (1, 2, 3) and (1.5, 1.5, 3): ρ = 0.866…
    #expect(abs(spearmanCorrelation([1, 2, 3], [5, 5, 7]) - 3.0.squareRoot() / 2) < 1e-15)
}

@Test("rollout scores by hand: an ensemble of two rollouts ±d around the truth has error 0, sd d·√2, full coverage, and a horizon set by the sd")
func rolloutScoresByHand() {
    let n = BurgersEmulator.points
    let truth = (0...3).map { t in [Double](repeating: Double(t), count: n) }
    let d = [0.0, 0.01, 0.03, 0.1]
    let e = RolloutEnsemble([truth.enumerated().map { t, u in u.map { $0 + d[t] } }, truth.enumerated().map { t, u in u.map { $0 - d[t] } }])
    let s = e.scores(truth: truth, tolerance: 0.05)
    #expect(s.error.allSatisfy { abs($0) < 1e-15 })
    #expect(zip(s.spread, d).allSatisfy { abs($0 - $1 * 2.0.squareRoot()) < 1e-15 })
    #expect(s.coverage90 == [1, 1, 1, 1])
    // sd crosses 0.05 at t = 3 (0.141 > 0.05 while 0.042 is not): horizon 3 Δt; the error never does: 4 Δt.
    #expect(abs(s.predictedHorizon - 3 * BurgersEmulator.timeStep) < 1e-15 && abs(s.actualHorizon - 4 * BurgersEmulator.timeStep) < 1e-15)
}
