import Foundation
import Probability
import Simulators
import Testing

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
    // Four Fourier modes with random amplitudes and phases, on the emulator's grid and time step.
    var rng = Xoshiro256(seed: 15)
    let solver = BurgersSolver(points: 64, viscosity: 0.1, timeStep: 0.01)
    let modes = (1...4).map { k in (k: Double(k), a: rng.uniform() / Double(k), phase: 2 * Double.pi * rng.uniform()) }
    let u0 = solver.nodes.map { x in 0.25 + modes.reduce(0.0) { $0 + $1.a * sin($1.k * x + $1.phase) } }
    let u = solver.solve(u0, steps: 1000)
    let mean = { (v: [Double]) in v.reduce(0, +) / Double(v.count) }
    #expect(abs(mean(u) - mean(u0)) < 1e-13, "\(mean(u) - mean(u0))")
    #expect(abs(mean(u0) - 0.25) < 1e-13)
}
