import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

extension EnsemblesChapter {
    /// Lakshminarayanan et al.'s toy: 20 points x ~ U[−4, 4], y = x³ + ε, ε ~ N(0, 3²), the first
    /// draw of `Xoshiro256(seed:)`.
    public static func cubicData(_ s: Settings) -> RegressionData {
        var rng = Xoshiro256(seed: s.seed)
        return CubicExample.sample(using: &rng)
    }

    /// The four ways of the chapter to get an uncertainty on the cubic toy.
    public enum CubicMethod: Int, CaseIterable, Sendable {
        /// ``Settings/members`` networks on the squared error; their spread is the variance (seed + 1).
        case squaredErrorEnsemble
        /// One network with a Gaussian head on the NLL ½ln σ²(x) + (y − μ(x))²/(2σ²(x)) (seed + 2).
        case gaussianNLL
        /// The same with adversarial training, x' = x + ε sign(∇ₓℓ) (seed + 2).
        case adversarialNLL
        /// ``Settings/members`` such networks (seed + 3).
        case adversarialEnsemble
    }

    /// A trained model on the cubic toy: its members, network and training.
    public struct CubicModel: Sendable {
        public let method: CubicMethod
        public let network: MLP
        public let training: MemberTraining
        public let members: [[Double]]

        /// The equal-weight mixture's mean and variance at `x` (law of total variance).
        public func moments(at x: [Double]) -> PredictiveMoments {
            PredictiveMoments(ensemble: members, network: network, training: training, at: x)
        }
    }

    /// The network 1→hidden→1 (squared error) or 1→hidden→2 (Gaussian head) with ReLU, and its
    /// training: Adam at ``Settings/learningRate``, full batch, ``Settings/steps`` steps; the
    /// adversarial step is ``Settings/adversarialFraction`` × the input range.
    public static func cubicSetup(_ method: CubicMethod, _ s: Settings) -> (network: MLP, training: MemberTraining) {
        if method == .squaredErrorEnsemble {
            return (MLP(sizes: [1, s.cubicHidden, 1], activation: .relu), MemberTraining(output: .mean, steps: s.steps, schedule: .constant(s.learningRate)))
        }
        var training = MemberTraining(output: .gaussian, steps: s.steps, schedule: .constant(s.learningRate))
        if method != .gaussianNLL {
            let inputRange = CubicExample.inputInterval.upperBound - CubicExample.inputInterval.lowerBound
            training.adversarialStep = s.adversarialFraction * inputRange
        }
        return (MLP(sizes: [1, s.cubicHidden, 2], activation: .relu), training)
    }

    /// Trains one of the cubic toy's models on `data`, its members in parallel.
    public static func cubicModel(_ method: CubicMethod, _ s: Settings, data: RegressionData) async throws -> CubicModel {
        let (network, training) = cubicSetup(method, s)
        let (count, offset): (Int, UInt64) = switch method {
        case .squaredErrorEnsemble: (s.members, 1)
        case .gaussianNLL, .adversarialNLL: (1, 2)
        case .adversarialEnsemble: (s.members, 3)
        }
        let members = try await trainEnsemble(count: count, network: network, training: training, data: (data.x, data.y), seed: s.seed &+ offset)
        return CubicModel(method: method, network: network, training: training, members: members)
    }

    /// The cubic toy's grid on [−bound, bound].
    public static func cubicGrid(_ s: Settings) -> [Double] { linspace(-s.cubicGridBound, s.cubicGridBound, count: s.cubicGridCount) }

    /// ``Settings/freshPoints`` fresh draws from the toy on its input interval (stream 50).
    public static func freshCubicPoints(_ s: Settings) -> RegressionData {
        var rng = Xoshiro256(seed: s.seed, stream: 50)
        let x = (0..<s.freshPoints).map { _ in rng.uniform(CubicExample.inputInterval.lowerBound, CubicExample.inputInterval.upperBound) }
        let y = x.map { CubicExample.truth($0) + CubicExample.noiseStandardDeviation * rng.normal() }
        return RegressionData(inputs: x, targets: y)
    }

    /// A cubic-toy model's band and calibration.
    public struct CubicScore: Sendable {
        /// Mean predictive sd over the grid points inside the training interval.
        public let insideSD: Double
        /// Mean predictive sd over the grid points outside it.
        public let outsideSD: Double
        /// Fresh points inside mean ± 1.96 sd.
        public let covered: Int
        /// Fresh points in all.
        public let count: Int
    }

    /// Mean sd inside and outside the data on ``cubicGrid(_:)``, and how many of `fresh` fall inside
    /// the nominal 95% interval mean ± 1.96 sd.
    public static func cubicScore(_ s: Settings, model: CubicModel, fresh: RegressionData) -> CubicScore {
        let grid = cubicGrid(s)
        let sd = model.moments(at: grid).total.map { $0.squareRoot() }
        let pick = { (want: Bool) in mean(grid.indices.filter { CubicExample.inputInterval.contains(grid[$0]) == want }.map { sd[$0] }) }
        let m = model.moments(at: fresh.inputs)
        let covered = zip(zip(m.mean, m.total), fresh.targets).filter { abs($1 - $0.0) <= 1.96 * $0.1.squareRoot() }.count
        return CubicScore(insideSD: pick(true), outsideSD: pick(false), covered: covered, count: fresh.count)
    }
}

extension EnsemblesChapter {
    /// The ensemble of NLL networks with adversarial training (``CubicMethod/adversarialEnsemble``)
    /// at every seed of the sweep (``SeedSweeping/sweptSeeds``; the other settings as `s`; each seed its own data,
    /// networks and fresh points), scored by ``cubicScore(_:model:fresh:)``; `known` is reused
    /// for its seed instead of training again.
    public static func cubicSweep(_ s: Settings, known: (seed: UInt64, score: CubicScore)? = nil,
                                  progress: (UInt64) -> Void = { _ in }) async throws -> [CubicScore] {
        var out = [CubicScore]()
        for k in s.sweptSeeds {
            progress(k)
            if let known, known.seed == k { out.append(known.score); continue }
            let sk = s.with(\.seed, k)
            let model = try await cubicModel(.adversarialEnsemble, sk, data: cubicData(sk))
            out.append(cubicScore(sk, model: model, fresh: freshCubicPoints(sk)))
        }
        return out
    }
}
