import Foundation
import NeuralNetworks
import NumericalMethods
import Probability

/// The Laplace approximation of a Bayesian MLP's posterior (MacKay 1992; Daxberger et al. 2021,
/// "Laplace Redux"): a Gaussian N(w*, P⁻¹) at the MAP w*, whose precision P is the curvature of
/// the negative log posterior there,
///
///   P = C + (1/s²) I,   C ∈ { GGN Jᵀ J/σ², Hessian of (1/2σ²) Σᵢ (yᵢ − f_w(xᵢ))² },
///
/// J the n × p Jacobian of the outputs f_w(xᵢ) in w. The GGN is positive semi-definite by
/// construction; the Hessian adds Σᵢ rᵢ ∇²f(xᵢ)/σ² (rᵢ the residuals) and may not be.
/// `subset` restricts the Gaussian to the last layer's weights (the others stay at w*);
/// `structure` keeps P whole, its diagonal, or per layer the Kronecker factors of the GGN (KFAC;
/// Martens & Grosse 2015, Ritter et al. 2018): for layer ℓ with inputs ãᵢ = (aᵢ, 1) (the bias
/// as a last input) and the output's gradients gᵢ = ∂f(xᵢ)/∂zᵢ at its pre-activations,
///
///   Σᵢ (ãᵢãᵢᵀ) ⊗ (gᵢgᵢᵀ)/σ²  ≈  A ⊗ G,   A = (1/n) Σᵢ ãᵢãᵢᵀ,   G = (1/σ²) Σᵢ gᵢgᵢᵀ,
///
/// with layers independent of each other; A ⊗ G + I/s² is inverted through the eigenvectors of A
/// and G (eigenvalues aₚg_q + 1/s²). For the last layer of a one-output network gᵢ = 1 and KFAC
/// is its exact GGN.
///
/// For a network without a hidden layer, f is linear in w, the GGN is the Hessian, and the
/// approximation is exact: the posterior, its predictive and its evidence are those of Bayesian
/// linear regression.
public struct LaplaceApproximation: Sendable {
    /// Which curvature C.
    public enum Curvature: String, Sendable, CaseIterable {
        case generalisedGaussNewton = "GGN"
        case hessian = "Hessian"
    }
    /// Which weights are Gaussian.
    public enum Subset: String, Sendable, CaseIterable {
        case all = "all weights"
        case lastLayer = "last layer"
    }
    /// How much of P is kept.
    public enum Structure: String, Sendable, CaseIterable {
        case full
        case diagonal
        case kronecker = "KFAC"
    }

    /// One layer's Kronecker factors: the θ indices of its (input, output) pairs in row-major
    /// order (the bias as input row dᵢₙ), and the eigenvalues and eigenvectors (columns) of A and G.
    struct KroneckerBlock: Sendable {
        let thetaIndices: [Int]
        let inputs: Int, outputs: Int
        let aValues: [Double], aVectors: [[Double]]
        let gValues: [Double], gVectors: [[Double]]

        /// The coordinates t_{pq} = (u_p ⊗ v_q)ᵀ x of x (given on the block, row-major (r, c)).
        func project(_ x: [Double]) -> [Double] {
            var t = [Double](repeating: 0, count: inputs * outputs)
            for p in 0..<inputs {
                for q in 0..<outputs {
                    var s = 0.0
                    for r in 0..<inputs { for c in 0..<outputs { s += aVectors[r][p] * gVectors[c][q] * x[r * outputs + c] } }
                    t[p * outputs + q] = s
                }
            }
            return t
        }

        /// x = Σ_{pq} t_{pq} (u_p ⊗ v_q).
        func unproject(_ t: [Double]) -> [Double] {
            var x = [Double](repeating: 0, count: inputs * outputs)
            for r in 0..<inputs {
                for c in 0..<outputs {
                    var s = 0.0
                    for p in 0..<inputs { for q in 0..<outputs { s += aVectors[r][p] * gVectors[c][q] * t[p * outputs + q] } }
                    x[r * outputs + c] = s
                }
            }
            return x
        }

        /// aₚg_q + λ, in t's order.
        func eigenvalues(plus lambda: Double) -> [Double] {
            (0..<(inputs * outputs)).map { aValues[$0 / outputs] * gValues[$0 % outputs] + lambda }
        }
    }

    public let posterior: BayesianMLP
    /// The MAP w*.
    public let mean: [Double]
    /// The indices of w that are Gaussian (all, or the last layer's).
    public let indices: [Int]
    public let curvature: Curvature
    public let structure: Structure
    public let subset: Subset
    /// P on `indices` (k × k, row-major) if `full`, its diagonal if `diagonal`, empty for KFAC.
    public let precision: [Double]
    /// The Cholesky factor of P (full), or √Pᵢᵢ (diagonal).
    let factor: [Double]
    /// KFAC's layers.
    let blocks: [KroneckerBlock]
    var diagonal: Bool { structure == .diagonal }

    /// Fits the approximation at the MAP `mean` of `posterior`.
    /// - Throws: ``LaplaceError`` if σ² or s² is not positive (s² = ∞, a prior precision of 0, is
    ///   allowed), or if P is not positive definite: a Hessian away from a minimum, or a singular
    ///   GGN with a prior precision of 0.
    /// - Precondition: KFAC approximates the GGN (not the Hessian).
    public init(_ posterior: BayesianMLP, mean: [Double], curvature: Curvature = .generalisedGaussNewton,
                subset: Subset = .all, structure: Structure = .full) throws {
        guard posterior.noiseVariance > 0, posterior.noiseVariance.isFinite else { throw LaplaceError.noiseVarianceNotPositive(posterior.noiseVariance) }
        guard posterior.priorVariance > 0 else { throw LaplaceError.priorVarianceNotPositive(posterior.priorVariance) }
        do {
            try self.init(checked: posterior, mean: mean, curvature: curvature, subset: subset, structure: structure)
        } catch LinearAlgebraError.notPositiveDefinite(let pivot) {
            throw LaplaceError.precisionNotPositiveDefinite(curvature: curvature, priorPrecision: 1 / posterior.priorVariance, pivot: pivot)
        }
    }

    /// The same approximation with another prior variance s² and noise variance σ² (same w*, same
    /// choices), e.g. those ``LaplaceEvidence/tuned(priorVariance:noiseVariance:tuningNoise:)`` found.
    public func refitted(priorVariance s2: Double, noiseVariance σ2: Double) throws -> LaplaceApproximation {
        let p = BayesianMLP(network: posterior.network, inputs: posterior.inputs, targets: posterior.targets, noiseVariance: σ2, priorVariance: s2)
        return try LaplaceApproximation(p, mean: mean, curvature: curvature, subset: subset, structure: structure)
    }

    private init(checked posterior: BayesianMLP, mean: [Double], curvature: Curvature, subset: Subset, structure: Structure) throws {
        let network = posterior.network
        precondition(mean.count == network.parameterCount, "LaplaceApproximation: w* has \(mean.count) entries, the network \(network.parameterCount)")
        precondition(structure != .kronecker || curvature == .generalisedGaussNewton, "LaplaceApproximation: KFAC factors the GGN, not the Hessian")
        self.posterior = posterior
        self.mean = mean
        self.curvature = curvature
        self.structure = structure
        self.subset = subset
        let layers = subset == .all ? Array(0..<network.layerCount) : [network.layerCount - 1]
        indices = layers.flatMap { l in Array(network.layout(l).weights.lowerBound..<network.layout(l).bias.upperBound) }
        if structure == .kronecker {
            blocks = Self.kroneckerBlocks(posterior, at: mean, layers: layers)
            precision = []
            factor = []
            return
        }
        blocks = []
        let k = indices.count
        var p: [Double]
        switch curvature {
        case .generalisedGaussNewton:
            let j = network.outputJacobian(posterior.inputs, count: posterior.targets.count, parameters: mean, columns: indices)
            p = gramian(j, rows: posterior.targets.count, columns: k, scale: 1 / posterior.noiseVariance)
        case .hessian:
            p = posterior.negativeLogLikelihoodHessian(at: mean, indices: indices)
        }
        for a in 0..<k { p[a * k + a] += 1 / posterior.priorVariance }
        if structure == .diagonal {
            precision = (0..<k).map { p[$0 * k + $0] }
            guard let bad = precision.firstIndex(where: { !($0 > 0) }) else {
                factor = precision.map { $0.squareRoot() }
                return
            }
            throw LinearAlgebraError.notPositiveDefinite(pivot: bad)
        }
        precision = p
        factor = try Cholesky.factor(p, n: k)
    }

    /// KFAC's factors of every layer in `layers` (see the type's comment).
    static func kroneckerBlocks(_ posterior: BayesianMLP, at w: [Double], layers: [Int]) -> [KroneckerBlock] {
        let network = posterior.network, n = posterior.targets.count
        let inputs = network.layerInputs(posterior.inputs, count: n, parameters: w)
        // The output's gradient at layer ℓ's pre-activations is its bias gradient.
        let biases = layers.flatMap { Array(network.layout($0).bias) }
        let g = network.outputJacobian(posterior.inputs, count: n, parameters: w, columns: biases)
        var column = 0
        return layers.map { l in
            let (dIn, dOut) = (network.sizes[l], network.sizes[l + 1])
            let layout = network.layout(l)
            var a = [[Double]](repeating: [Double](repeating: 0, count: dIn + 1), count: dIn + 1)
            var gg = [[Double]](repeating: [Double](repeating: 0, count: dOut), count: dOut)
            for i in 0..<n {
                let ai = Array(inputs[l][(i * dIn)..<((i + 1) * dIn)]) + [1]
                for r in 0...dIn { for s in 0...dIn { a[r][s] += ai[r] * ai[s] / Double(n) } }
                let gi = (0..<dOut).map { g[i * biases.count + column + $0] }
                for c in 0..<dOut { for d in 0..<dOut { gg[c][d] += gi[c] * gi[d] / posterior.noiseVariance } }
            }
            column += dOut
            let (ea, eg) = (symmetricEigen(a), symmetricEigen(gg))
            let theta = (0...dIn).flatMap { r in (0..<dOut).map { c in r < dIn ? layout.weights.lowerBound + r * dOut + c : layout.bias.lowerBound + c } }
            // Rounding can leave tiny negative eigenvalues of a positive semi-definite factor.
            return KroneckerBlock(thetaIndices: theta, inputs: dIn + 1, outputs: dOut, aValues: ea.values.map { max($0, 0) }, aVectors: ea.vectors,
                                  gValues: eg.values.map { max($0, 0) }, gVectors: eg.vectors)
        }
    }

    /// λ = 1/s², the prior's precision.
    var priorPrecision: Double { 1 / posterior.priorVariance }

    /// x (given on the Gaussian weights, in `indices`' order) mapped block by block through `body`.
    func byBlock(_ x: [Double], _ body: (KroneckerBlock, [Double]) -> [Double]) -> [Double] {
        let position = Dictionary(uniqueKeysWithValues: indices.enumerated().map { ($1, $0) })
        var out = [Double](repeating: 0, count: x.count)
        for block in blocks {
            let local = block.thetaIndices.map { x[position[$0]!] }
            for (i, v) in zip(block.thetaIndices, body(block, local)) { out[position[i]!] = v }
        }
        return out
    }

    /// The variances of the Gaussian weights, diag(P⁻¹).
    public var marginalVariances: [Double] {
        let k = indices.count
        if diagonal { return precision.map { 1 / $0 } }
        if structure == .kronecker {
            return byBlock([Double](repeating: 0, count: k)) { block, _ in
                let values = block.eigenvalues(plus: priorPrecision)
                return (0..<(block.inputs * block.outputs)).map { rc in
                    let (r, c) = (rc / block.outputs, rc % block.outputs)
                    var v = 0.0
                    for pq in values.indices {
                        let u = block.aVectors[r][pq / block.outputs] * block.gVectors[c][pq % block.outputs]
                        v += u * u / values[pq]
                    }
                    return v
                }
            }
        }
        return (0..<k).map { a in
            var e = [Double](repeating: 0, count: k)
            e[a] = 1
            return squaredNorm(forwardSubstitution(e))
        }
    }

    /// ln |P|.
    public var logDeterminant: Double {
        switch structure {
        case .diagonal: return precision.reduce(0) { $0 + Elementary.log($1) }
        case .full: return Cholesky.logDeterminant(factor: factor, n: indices.count)
        case .kronecker: return blocks.reduce(0.0) { $0 + $1.eigenvalues(plus: priorPrecision).reduce(0) { $0 + Elementary.log($1) } }
        }
    }

    /// The Laplace estimate of the log evidence,
    ///
    ///   ln p(D) ≈ ln p(D | w*) + ln p(w*) + (k/2) ln 2π − ½ ln |P|
    ///           = −(n/2) ln 2πσ² − ‖y − f*‖²/2σ² − (k/2) ln s² − ‖w*_S‖²/2s² − ½ ln |P|,
    ///
    /// k the Gaussian weights S (those outside S count as fixed: their prior term is left out).
    /// Exact for a network without a hidden layer; the criterion that tunes s² and σ² (MacKay 1992).
    public var logEvidence: Double {
        let (σ2, s2) = (posterior.noiseVariance, posterior.priorVariance)
        let n = Double(posterior.targets.count), k = Double(indices.count)
        let f = posterior.network.forward(posterior.inputs, count: posterior.targets.count, parameters: mean)
        let sse = zip(f, posterior.targets).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let ww = indices.reduce(0.0) { $0 + mean[$1] * mean[$1] }
        return -0.5 * n * Elementary.log(2 * Double.pi * σ2) - 0.5 * sse / σ2 - 0.5 * k * Elementary.log(s2) - 0.5 * ww / s2 - 0.5 * logDeterminant
    }

    /// `count` weight vectors w = w* + P^{−1/2} z, z ~ N(0, I) on the Gaussian weights (L⁻ᵀz with
    /// P = LLᵀ), the others at w*: the "NN" predictive's draws.
    public func sample(count: Int, using rng: inout Xoshiro256) -> [[Double]] {
        (0..<count).map { _ in
            let z = indices.map { _ in rng.normal() }
            let offset: [Double]
            switch structure {
            case .diagonal: offset = zip(z, factor).map { $0 / $1 }
            case .full: offset = backSubstitution(z)
            case .kronecker:
                offset = byBlock(z) { block, local in
                    block.unproject(zip(local, block.eigenvalues(plus: priorPrecision)).map { $0 / $1.squareRoot() })
                }
            }
            var w = mean
            for (a, i) in indices.enumerated() { w[i] += offset[a] }
            return w
        }
    }

    /// The linearised ("GLM") predictive at the rows of `x` (n × d₀): the network replaced by its
    /// first-order expansion f(x, w*) + J(x)(w − w*), so with w ~ N(w*, P⁻¹)
    ///
    ///   mean f(x, w*),  epistemic variance J(x) P⁻¹ J(x)ᵀ,  aleatoric σ²,
    ///
    /// in closed form (Immer et al. 2021; `laplace-torch`'s "glm" predictive).
    public func linearisedPredictive(_ x: [Double], count n: Int) -> PredictiveMoments {
        let network = posterior.network
        let f = network.forward(x, count: n, parameters: mean)
        let k = indices.count
        let j = network.outputJacobian(x, count: n, parameters: mean, columns: indices)
        let epistemic = (0..<n).map { r -> Double in
            let row = Array(j[(r * k)..<((r + 1) * k)])
            switch structure {
            case .diagonal: return zip(row, precision).reduce(0.0) { $0 + $1.0 * $1.0 / $1.1 }
            case .full: return squaredNorm(forwardSubstitution(row))
            case .kronecker:
                // Σ over blocks of Σ_{pq} t_{pq}²/(aₚg_q + λ), t the block's part of J(x) in the eigenbasis.
                var v = 0.0
                _ = byBlock(row) { block, local in
                    v += zip(block.project(local), block.eigenvalues(plus: priorPrecision)).reduce(0.0) { $0 + $1.0 * $1.0 / $1.1 }
                    return local
                }
                return v
            }
        }
        return PredictiveMoments(mean: f, aleatoric: [Double](repeating: posterior.noiseVariance, count: n), epistemic: epistemic)
    }

    /// The sampled ("NN") predictive at the rows of `x`: the network itself at `count` draws of w,
    /// each with the noise variance (a mixture; see ``PredictiveMoments/init(functions:noiseVariance:)``).
    public func sampledPredictive(_ x: [Double], count n: Int, draws: Int, using rng: inout Xoshiro256) -> PredictiveMoments {
        PredictiveMoments(functions: sample(count: draws, using: &rng).map { posterior.network.forward(x, count: n, parameters: $0) },
                          noiseVariance: posterior.noiseVariance)
    }

    /// L u = b (u = L⁻¹ b), so that ‖u‖² = bᵀ P⁻¹ b.
    func forwardSubstitution(_ b: [Double]) -> [Double] {
        let k = indices.count
        var u = b
        for i in 0..<k {
            var s = u[i]
            for c in 0..<i { s -= factor[i * k + c] * u[c] }
            u[i] = s / factor[i * k + i]
        }
        return u
    }

    /// Lᵀ v = z (v = L⁻ᵀ z, with covariance P⁻¹ for z ~ N(0, I)).
    func backSubstitution(_ z: [Double]) -> [Double] {
        let k = indices.count
        var v = z
        for i in stride(from: k - 1, through: 0, by: -1) {
            var s = v[i]
            for r in (i + 1)..<max(i + 1, k) { s -= factor[r * k + i] * v[r] }
            v[i] = s / factor[i * k + i]
        }
        return v
    }
}

/// s JᵀJ for J (rows × columns, row-major).
func gramian(_ j: [Double], rows n: Int, columns k: Int, scale: Double) -> [Double] {
    var g = [Double](repeating: 0, count: k * k)
    for r in 0..<n {
        for a in 0..<k {
            let ja = j[r * k + a] * scale
            if ja == 0 { continue }
            for b in 0..<k { g[a * k + b] += ja * j[r * k + b] }
        }
    }
    return g
}

func squaredNorm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 } }

extension MLP {
    /// The Jacobian of the (single) output in the parameters listed in `columns`, at each of the
    /// `n` rows of `x`: n × columns.count, row-major; row i is ∂f_w(xᵢ)/∂w, one backpropagation
    /// per row (``parameterGradient(_:count:parameters:outputGradient:)`` with ∂L/∂f = 1).
    public func outputJacobian(_ x: [Double], count n: Int, parameters w: [Double], columns: [Int]) -> [Double] {
        precondition(sizes.last == 1, "MLP.outputJacobian: the network must have 1 output")
        let d = sizes[0]
        var j = [Double]()
        j.reserveCapacity(n * columns.count)
        for i in 0..<n {
            let g = parameterGradient(Array(x[(i * d)..<((i + 1) * d)]), count: 1, parameters: w) { $0[0] = 1 }
            for c in columns { j.append(g[c]) }
        }
        return j
    }
}

extension BayesianMLP {
    /// The Hessian of the negative log likelihood (1/2σ²) Σᵢ (yᵢ − f_w(xᵢ))² in the weights listed
    /// in `indices`, by central differences of the gradient with step h = 10⁻⁵ (1 + |wⱼ|),
    /// symmetrised: ½(H + Hᵀ). The prior's 1/s² is not included.
    public func negativeLogLikelihoodHessian(at w: [Double], indices: [Int]) -> [Double] {
        let k = indices.count
        // The likelihood's gradient alone: the prior's −w/s² removed from ∇ ln p(w | D).
        let gradient = logDensityGradient
        let likelihoodGradient = { (v: [Double]) -> [Double] in
            let g = gradient(v).gradient
            return indices.map { -(g[$0] + v[$0] / priorVariance) }
        }
        var h = [Double](repeating: 0, count: k * k)
        for (b, j) in indices.enumerated() {
            let step = 1e-5 * (1 + abs(w[j]))
            var up = w, down = w
            up[j] += step
            down[j] -= step
            let (gu, gd) = (likelihoodGradient(up), likelihoodGradient(down))
            for a in 0..<k { h[a * k + b] = (gu[a] - gd[a]) / (2 * step) }
        }
        for a in 0..<k {
            for b in (a + 1)..<max(a + 1, k) {
                let m = 0.5 * (h[a * k + b] + h[b * k + a])
                h[a * k + b] = m
                h[b * k + a] = m
            }
        }
        return h
    }
}
