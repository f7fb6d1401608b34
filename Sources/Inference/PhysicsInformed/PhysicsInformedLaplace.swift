import Foundation
import Autodiff
import NeuralNetworks
import NumericalMethods
import Probability

extension PhysicsInformedPosterior {
    /// The residuals of the likelihood at `state`, their noise sds and their Jacobian in the state:
    /// first the u sensors, rᵢ = u_θ(xᵢ) − ũᵢ (sd σ_u), then the f sensors through the PDE,
    /// rⱼ = λu_θ″(ξⱼ) + k·tanh u_θ(ξⱼ) − f̃ⱼ (sd σ_f/√w, w the ``residualWeight``; none if w = 0).
    /// Row i of `jacobian` (rows × ``dimension``, row-major) is ∂rᵢ/∂(θ, k): one reverse sweep of
    /// ``MLP/inputDerivativesParameterGradient(_:count:direction:parameters:outputGradient:)`` per
    /// row, with the seeds ∂r/∂u = 1 (a u sensor) or ∂r/∂u = k(1 − tanh²u), ∂r/∂u″ = λ (an f sensor),
    /// and ∂rⱼ/∂k = tanh u_θ(ξⱼ) appended when k is unknown.
    public func residualJacobian(_ state: [Double]) -> (residuals: [Double], noise: [Double], jacobian: [Double]) {
        precondition(state.count == dimension, "PhysicsInformedPosterior: the state has \(state.count) entries, expected \(dimension)")
        let θ = weights(state), k = self.k(state)
        let linear = coefficient == .known(0)
        let nu = uInputs.count, nf = residualWeight == 0 ? 0 : fInputs.count
        let x = uInputs + (nf > 0 ? fInputs : [])
        let d = network.inputDerivatives(x, count: nu + nf, parameters: θ)
        var residuals = [Double](), noise = [Double](), jacobian = [Double]()
        jacobian.reserveCapacity((nu + nf) * dimension)
        for row in 0..<(nu + nf) {
            let t = row < nu || linear ? 0 : hyperbolicTangent(d.value[row])
            if row < nu {
                residuals.append(d.value[row] - uValues[row]); noise.append(uNoise)
            } else {
                residuals.append(lambda * d.second[row] + k * t - fValues[row - nu]); noise.append(fNoise / residualWeight.squareRoot())
            }
            let g = network.inputDerivativesParameterGradient(x, count: nu + nf, parameters: θ) { u, ux, uxx in
                for i in 0..<u.count { u[i] = 0; ux[i] = 0; uxx[i] = 0 }
                if row < nu { u[row] = 1 } else { u[row] = k * (1 - t * t); uxx[row] = lambda }
            }
            jacobian.append(contentsOf: g)
            if isInverse { jacobian.append(row < nu ? 0 : t) }
        }
        return (residuals, noise, jacobian)
    }

    /// ∂u_θ(x)/∂(θ, k) at every point of `grid` (rows, row-major; 0 in k's column): one reverse sweep per point.
    public func outputJacobian(_ state: [Double], at grid: [Double]) -> [Double] {
        let θ = weights(state)
        var jacobian = [Double]()
        jacobian.reserveCapacity(grid.count * dimension)
        for x in grid {
            jacobian.append(contentsOf: network.inputDerivativesParameterGradient([x], count: 1, parameters: θ) { u, ux, uxx in
                u[0] = 1; ux[0] = 0; uxx[0] = 0
            })
            if isInverse { jacobian.append(0) }
        }
        return jacobian
    }

    /// The prior precision of every coordinate of the state: 1/σ_θ² for the weights (0 without
    /// ``includesWeightPrior``), 1/s_k² for an unknown k.
    public var priorPrecisions: [Double] {
        let a = includesWeightPrior ? 1 / (priorStandardDeviation * priorStandardDeviation) : 0
        var p = [Double](repeating: a, count: network.parameterCount)
        if case .unknown(_, let s) = coefficient { p.append(1 / (s * s)) }
        return p
    }
}

/// The Laplace approximation of a B-PINN posterior (``PhysicsInformedPosterior``) at a mode m,
/// with the generalised Gauss–Newton curvature of its physics-informed likelihood:
///
///   P = A + Σᵢ Jᵢᵀ Jᵢ / σᵢ² = A + Jᵀ W J,   q(θ, k) = N(m, P⁻¹),
///
/// rᵢ running over the u sensors' residuals and the f sensors' PDE residuals
/// λu″ + k·tanh u − f̃ (``PhysicsInformedPosterior/residualJacobian(_:)``), A = diag(1/σ_θ², …, 1/s_k²)
/// the prior precision, W = diag(1/σᵢ²). This is the full GGN over every weight (and k), not a
/// last-layer or diagonal one; the residual Jacobian has only r rows (r = 18 or 40 sensors here),
/// so P⁻¹ is computed exactly through the low rank of JᵀWJ instead of a d × d Cholesky:
/// with B = A^{-1/2} Jᵀ W^{1/2} (d × r) and the eigen-decomposition BᵀB = V S² Vᵀ (r × r),
/// U = B V S⁻¹ (d × r, orthonormal columns), and
///
///   P = A^{1/2} (I + U S² Uᵀ) A^{1/2},   P⁻¹ = L Lᵀ,   L = A^{-1/2} (I + U (C − I) Uᵀ),   C = (I + S²)^{-1/2}.
///
/// (Woodbury's identity in square-root form; the dense Cholesky of P gives the same matrix — the tests
/// compare them.) The GLM predictive of u (Immer et al. 2021; Daxberger et al. 2021) linearises
/// u_θ(x) at m: mean u_m(x), variance J_u(x) P⁻¹ J_u(x)ᵀ = ‖Lᵀ J_u(x)ᵀ‖²; k's marginal is N(m_k, (P⁻¹)_kk).
/// For a likelihood whose residuals are linear in θ, P⁻¹ is the exact posterior covariance.
///
/// L also standardises the state: with θ = m + L z the GGN curvature at m is the identity in z
/// (``transform(_:)``, ``pullBack(_:)``), so q's draws are m + L z with z ~ N(0, I). (As a metric for
/// NUTS on the chapter's B-PINNs it did not help: away from m the posterior's geometry is not the GGN's.)
public struct PhysicsInformedLaplace: Sendable {
    /// The posterior it approximates.
    public let posterior: PhysicsInformedPosterior
    /// The mode m (θ, and k last when unknown).
    public let mode: [Double]
    /// The singular values s of B = A^{-1/2} Jᵀ W^{1/2} that are kept (s > 10⁻¹⁰ of the largest).
    public let singularValues: [Double]
    /// σ_θ (or s_k) per coordinate: A^{-1/2}.
    let priorScale: [Double]
    /// U's columns, each of length d, one after the other.
    let basis: [Double]
    /// cᵢ − 1 = (1 + sᵢ²)^{-1/2} − 1 per kept column.
    let shrink: [Double]

    /// - Precondition: every coordinate has a positive prior precision (without it the GGN alone,
    ///   of rank r < d, is singular).
    public init(_ posterior: PhysicsInformedPosterior, at mode: [Double]) {
        let d = posterior.dimension
        precondition(mode.count == d, "PhysicsInformedLaplace: the mode has \(mode.count) entries, expected \(d)")
        let a = posterior.priorPrecisions
        precondition(a.allSatisfy { $0 > 0 }, "PhysicsInformedLaplace: every coordinate needs a prior precision (the weights' prior is off)")
        (self.posterior, self.mode) = (posterior, mode)
        let scale = a.map { 1 / $0.squareRoot() }
        priorScale = scale
        let (_, noise, j) = posterior.residualJacobian(mode)
        let r = noise.count
        // Row i of b: column i of B, A^{-1/2} Jᵢᵀ / σᵢ.
        var b = [Double](repeating: 0, count: r * d)
        for i in 0..<r { for c in 0..<d { b[i * d + c] = scale[c] * j[i * d + c] / noise[i] } }
        var gram = [[Double]](repeating: [Double](repeating: 0, count: r), count: r)
        for p in 0..<r {
            for q in p..<r {
                var s = 0.0
                for c in 0..<d { s += b[p * d + c] * b[q * d + c] }
                gram[p][q] = s; gram[q][p] = s
            }
        }
        let (values, vectors) = r > 0 ? symmetricEigen(gram) : ([], [])
        let largest = values.max() ?? 0
        var kept = [Double](), basis = [Double](), shrink = [Double]()
        for q in values.indices where values[q] > 1e-20 * largest && values[q] > 0 {
            let s = values[q].squareRoot()
            var column = [Double](repeating: 0, count: d)
            for p in 0..<r where vectors[p][q] != 0 {
                let v = vectors[p][q] / s
                for c in 0..<d { column[c] += b[p * d + c] * v }
            }
            kept.append(s); basis.append(contentsOf: column); shrink.append(1 / (1 + values[q]).squareRoot() - 1)
        }
        (singularValues, self.basis, self.shrink) = (kept, basis, shrink)
    }

    /// The dimension d of the state.
    public var dimension: Int { mode.count }

    /// (I + U (C − I) Uᵀ) v.
    func project(_ v: [Double]) -> [Double] {
        let d = dimension
        var out = v
        for q in shrink.indices {
            var dot = 0.0
            for c in 0..<d { dot += basis[q * d + c] * v[c] }
            let coefficient = dot * shrink[q]
            for c in 0..<d { out[c] += coefficient * basis[q * d + c] }
        }
        return out
    }

    /// m + L z: the state at standardised coordinates z (z ~ N(0, I) gives a draw of q).
    public func transform(_ z: [Double]) -> [Double] {
        let w = project(z)
        return (0..<dimension).map { mode[$0] + priorScale[$0] * w[$0] }
    }

    /// Lᵀ g: a gradient in the state taken to the standardised coordinates (the chain rule of ``transform(_:)``).
    public func pullBack(_ g: [Double]) -> [Double] {
        project(zip(g, priorScale).map { $0 * $1 })
    }

    /// vᵀ P⁻¹ v = ‖Lᵀ v‖².
    public func variance(along v: [Double]) -> Double { pullBack(v).reduce(0) { $0 + $1 * $1 } }

    /// The GLM predictive of u on `grid`: mean u_m(x), sd √(J_u(x) P⁻¹ J_u(x)ᵀ).
    public func predictive(at grid: [Double]) -> (mean: [Double], sd: [Double]) {
        let d = dimension
        let j = posterior.outputJacobian(mode, at: grid)
        let mean = posterior.predict(mode, at: grid).u
        let sd = (0..<grid.count).map { g in variance(along: Array(j[(g * d)..<((g + 1) * d)])).squareRoot() }
        return (mean, sd)
    }

    /// k's marginal N(m_k, (P⁻¹)_kk), nil when k is known.
    public var kMarginal: (mean: Double, sd: Double)? {
        guard posterior.isInverse else { return nil }
        var e = [Double](repeating: 0, count: dimension)
        e[dimension - 1] = 1
        return (mode[dimension - 1], variance(along: e).squareRoot())
    }

    /// The dense covariance P⁻¹ (d × d, row-major), column by column as L Lᵀ eᵢ: for tests and small networks.
    public var covariance: [Double] {
        let d = dimension
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            var e = [Double](repeating: 0, count: d)
            e[i] = 1
            let w = project(pullBack(e))
            for r in 0..<d { c[r * d + i] = priorScale[r] * w[r] }
        }
        return c
    }

    /// `count` draws m + L z of q, z ~ N(0, I).
    public func sample(count: Int, using rng: inout Xoshiro256) -> [[Double]] {
        (0..<count).map { _ in transform((0..<dimension).map { _ in rng.normal() }) }
    }
}
