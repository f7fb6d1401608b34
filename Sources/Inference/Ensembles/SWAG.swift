import Autodiff
import Foundation
import NeuralNetworks
import NumericalMethods
import Probability

/// Stochastic weight averaging and SWAG (Izmailov et al. 2018; Maddox et al. 2019): a Gaussian
/// over the weights built from the iterates θ₁, θ₂, … of ordinary SGD, with the mean θ̄, a
/// diagonal variance and a rank-K deviation matrix D.
///
/// Running moments after n iterates: θ̄ₙ = (θₙ + (n − 1) θ̄ₙ₋₁)/n, sₙ² = (θₙ² + (n − 1) sₙ₋₁²)/n
/// (elementwise), Σ_diag = max(sₙ² − θ̄ₙ², floor); D holds the last K deviations θᵢ − θ̄ᵢ as
/// columns. The SWAG distribution is N(θ̄, ½ Σ_diag + DDᵀ / (2(K − 1))).
public struct SWAG: Sendable {
    /// K, the number of deviation columns kept (at least 2: the low-rank part is their sample covariance).
    public let rank: Int
    /// Iterates collected.
    public private(set) var count = 0
    /// θ̄, the SWA solution.
    public private(set) var mean: [Double]
    /// The running mean of θ², elementwise.
    public private(set) var secondMoment: [Double]
    /// The last K deviations θᵢ − θ̄ᵢ, oldest first.
    public private(set) var deviations: [[Double]] = []

    /// Where round-off makes s² − θ̄² negative or zero (all iterates equal), the variance is this.
    public static let varianceFloor = 1e-30

    public init(dimension: Int, rank: Int = 20) throws {
        guard rank >= 2 else { throw SamplerError.invalidSetting("the SWAG rank K must be at least 2, got \(rank)") }
        guard dimension > 0 else { throw SamplerError.invalidSetting("the SWAG dimension must be positive, got \(dimension)") }
        self.rank = rank
        mean = [Double](repeating: 0, count: dimension)
        secondMoment = mean
    }

    /// Adds an iterate θₙ to the moments and its deviation θₙ − θ̄ₙ to D (dropping the oldest beyond K).
    public mutating func collect(_ θ: [Double]) {
        precondition(θ.count == mean.count, "SWAG: an iterate of \(θ.count) numbers, the weights have \(mean.count)")
        count += 1
        let n = Double(count)
        for i in θ.indices {
            mean[i] = (θ[i] + (n - 1) * mean[i]) / n
            secondMoment[i] = (θ[i] * θ[i] + (n - 1) * secondMoment[i]) / n
        }
        deviations.append(zip(θ, mean).map { $0 - $1 })
        if deviations.count > rank { deviations.removeFirst() }
    }

    /// Σ_diag = max(s² − θ̄², floor), never negative.
    public var diagonalVariance: [Double] {
        zip(secondMoment, mean).map { max($0 - $1 * $1, Self.varianceFloor) }
    }

    /// Whether enough iterates were collected to sample: K of them.
    public var isReady: Bool { deviations.count == rank }

    /// One draw θ = θ̄ + (1/√2) Σ_diag^{1/2} z₁ + (1/√(2(K − 1))) D z₂, z₁ ~ N(0, I_d), z₂ ~ N(0, I_K);
    /// with `diagonalOnly`, SWAG-diagonal: θ = θ̄ + Σ_diag^{1/2} z₁.
    public func sample(diagonalOnly: Bool = false, using rng: inout Xoshiro256) -> [Double] {
        precondition(isReady, "SWAG: \(deviations.count) deviations collected, sampling needs K = \(rank)")
        let sd = diagonalVariance.map { $0.squareRoot() }
        if diagonalOnly { return mean.indices.map { mean[$0] + sd[$0] * rng.normal() } }
        var θ = mean.indices.map { mean[$0] + sd[$0] * rng.normal() / 2.0.squareRoot() }
        let scale = 1 / (2 * Double(rank - 1)).squareRoot()
        for column in deviations {
            let z = rng.normal() * scale
            for i in θ.indices { θ[i] += z * column[i] }
        }
        return θ
    }

    /// The covariance the draws have, ½ Σ_diag + DDᵀ / (2(K − 1)), projected on the directions
    /// `u` (each a unit vector over the weights): the matrix uᵢᵀ Σ uⱼ.
    public func projectedCovariance(_ u: [[Double]]) -> [[Double]] {
        let diag = diagonalVariance
        let projectedDeviations = deviations.map { d in u.map { zip($0, d).reduce(0.0) { $0 + $1.0 * $1.1 } } }
        return u.indices.map { a in
            u.indices.map { b in
                0.5 * zip(zip(u[a], u[b]), diag).reduce(0.0) { $0 + $1.0.0 * $1.0.1 * $1.1 }
                    + projectedDeviations.reduce(0.0) { $0 + $1[a] * $1[b] } / (2 * Double(rank - 1))
            }
        }
    }

    /// The first `count` principal directions of the deviations (unit vectors over the weights,
    /// largest spread first), from the eigenvectors of the K × K Gram matrix DᵀD.
    public func principalDirections(_ count: Int) -> [[Double]] {
        let k = deviations.count
        let gram = (0..<k).map { a in (0..<k).map { b in zip(deviations[a], deviations[b]).reduce(0.0) { $0 + $1.0 * $1.1 } } }
        let (values, vectors) = symmetricEigen(gram)
        let order = values.indices.sorted { values[$0] > values[$1] }
        return order.prefix(count).map { j in
            var u = [Double](repeating: 0, count: mean.count)
            for a in 0..<k { for i in u.indices { u[i] += vectors[a][j] * deviations[a][i] } }
            let norm = u.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
            return u.map { $0 / norm }
        }
    }
}

extension SWAG {
    /// The SWAG recipe on a posterior over N data points: `pretrainSteps` of Adam (learning rate
    /// 0.01) on −ln p(θ | D)/N with full-data gradients, then SGD with a constant learning rate η on
    /// mini-batch estimates ĝ of ∇ln p(θ | D), θ ← θ + η ĝ(θ)/N, collecting every `interval`-th
    /// iterate until `iterates` are in.
    /// - Returns: the SWAG moments and the collected iterates (for pictures and checks).
    public static func run(rank: Int, iterates: Int, interval: Int, learningRate eta: Double, pretrainSteps: Int,
                           from initial: [Double], dataCount: Int, target: LogDensityGradient,
                           stochasticGradient: (_ θ: [Double], _ rng: inout Xoshiro256) -> [Double],
                           using rng: inout Xoshiro256) throws -> (swag: SWAG, iterates: [[Double]]) {
        guard interval >= 1 else { throw SamplerError.invalidSetting("the collection interval must be at least 1, got \(interval)") }
        guard iterates >= rank else { throw SamplerError.invalidSetting("SWAG needs at least K = \(rank) iterates, got \(iterates)") }
        var swag = try SWAG(dimension: initial.count, rank: rank)
        let n = Double(dataCount)
        var w = try maximumAPosteriori(target, from: initial, dataCount: dataCount, steps: pretrainSteps)
        var kept = [[Double]]()
        for step in 0..<(iterates * interval) {
            let g = stochasticGradient(w, &rng)
            for i in w.indices { w[i] += eta * g[i] / n }
            guard w.allSatisfy(\.isFinite) else { throw TrainingDiverged(step: pretrainSteps + step, loss: .nan) }
            if (step + 1) % interval == 0 {
                swag.collect(w)
                kept.append(w)
            }
        }
        return (swag, kept)
    }
}
