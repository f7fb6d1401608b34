import Foundation
import NumericalMethods

/// The 1-D viscous Burgers equation on the periodic domain [0, 2π),
/// u_t + (u²/2)_x = ν u_xx,
/// solved by the method of lines: conservative second-order central differences in space on
/// `points` equally spaced nodes, the classical fourth-order Runge–Kutta scheme in time. (The
/// reference solver of the emulator chapter; its accuracy is tested against the Cole–Hopf solution.)
public struct BurgersSolver: Sendable {
    public let points: Int
    /// ν.
    public let viscosity: Double
    /// Δt of one Runge–Kutta step.
    public let timeStep: Double

    public init(points: Int, viscosity: Double, timeStep: Double) {
        precondition(points >= 4 && viscosity > 0 && timeStep > 0, "BurgersSolver: needs ≥ 4 points, ν > 0 and Δt > 0")
        self.points = points
        self.viscosity = viscosity
        self.timeStep = timeStep
    }

    /// Δx = 2π / points.
    public var spacing: Double { 2 * Double.pi / Double(points) }

    /// The nodes xᵢ = i Δx.
    public var nodes: [Double] { (0..<points).map { Double($0) * spacing } }

    /// du/dt at every node: −(F_{i+1} − F_{i−1})/(2Δx) + ν (u_{i+1} − 2uᵢ + u_{i−1})/Δx², F = u²/2.
    public func rightHandSide(_ u: [Double]) -> [Double] {
        let n = points, dx = spacing
        return (0..<n).map { i in
            let (left, right) = (u[(i + n - 1) % n], u[(i + 1) % n])
            return -(right * right - left * left) / (4 * dx) + viscosity * (right - 2 * u[i] + left) / (dx * dx)
        }
    }

    /// One RK4 step of size Δt.
    public func step(_ u: [Double]) -> [Double] {
        let h = timeStep
        let k1 = rightHandSide(u)
        let k2 = rightHandSide(zip(u, k1).map { $0 + 0.5 * h * $1 })
        let k3 = rightHandSide(zip(u, k2).map { $0 + 0.5 * h * $1 })
        let k4 = rightHandSide(zip(u, k3).map { $0 + h * $1 })
        return u.indices.map { u[$0] + h / 6 * (k1[$0] + 2 * k2[$0] + 2 * k3[$0] + k4[$0]) }
    }

    /// The state after `steps` steps.
    public func solve(_ u0: [Double], steps: Int) -> [Double] {
        (0..<steps).reduce(u0) { u, _ in step(u) }
    }

    /// The exact solution from Cole–Hopf with φ(x, t) = 1 + ε e^{−νt} cos x:
    /// u = −2ν φ_x/φ = 2ν ε e^{−νt} sin x / (1 + ε e^{−νt} cos x), for 0 < ε < 1.
    public static func coleHopf(x: Double, t: Double, viscosity nu: Double, epsilon: Double) -> Double {
        let a = epsilon * Elementary.exp(-nu * t)
        return 2 * nu * a * Elementary.sin(x) / (1 + a * Elementary.cos(x))
    }
}
