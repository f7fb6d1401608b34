import Foundation
import NumericalMethods
import Inference
import Probability

extension MetropolisHastingsChapter {
    /// ln π(x) of the correlated 2-D Gaussian, −(x₁² − 2ρx₁x₂ + x₂²)/(2(1 − ρ²)).
    public static func gaussian2D(_ s: Settings) -> LogDensity { correlatedGaussianLogDensity(correlation: s.correlation) }

    /// A few steps of a random walk on the 2-D Gaussian, each proposal with its fate.
    public struct Picture: Sendable {
        /// Every proposal: from where, to where, accepted or not.
        public let steps: [MetropolisHastings.Step]
        /// The chapter's stream after them.
        let generator: Xoshiro256

        /// How many proposals were rejected.
        public var rejected: Int { steps.filter { !$0.accepted }.count }
    }

    /// `s.pictureProposals` proposals of the isotropic random walk x′ = x + s z (s = `s.pictureScale`) from
    /// `s.pictureStart`, the first draws of the chapter's main stream.
    public static func picture(_ s: Settings) throws -> Picture {
        var rng = Xoshiro256(seed: s.seed)
        let steps = try MetropolisHastings(proposal: .randomWalk(scale: s.pictureScale)).history(gaussian2D(s), from: s.pictureStart, steps: s.pictureProposals, using: &rng)
        return Picture(steps: steps, generator: rng)
    }

    /// Acceptance and efficiency against the proposal scale.
    public struct ScaleStudy: Sendable {
        /// The proposal scales s.
        public let scales: [Double]
        /// The fraction of proposals accepted at each.
        public let acceptance: [Double]
        /// min over the two coordinates of ESS / N at each.
        public let essPerStep: [Double]
        /// The chapter's stream after the study.
        let generator: Xoshiro256

        /// Index of the scale with the most effective samples per step.
        public var best: Int { essPerStep.indices.max { essPerStep[$0] < essPerStep[$1] }! }
    }

    /// For each scale s, one chain of x′ = x + s L z with LLᵀ = Σ on the 2-D Gaussian (warm-up
    /// `s.scaleWarmup`, `s.scaleSteps` recorded), from the stream where `picture` left it;
    /// ESS = N / (1 + 2Σ_t ρ_t) with Geyer's initial monotone sequence.
    public static func scaleStudy(_ s: Settings, after picture: Picture) throws -> ScaleStudy {
        var rng = picture.generator
        let rho = s.correlation
        let scales = (0..<s.scaleCount).map { Elementary.pow(10, s.scaleExponentLowest + s.scaleExponentSpacing * Double($0)) }
        let choleskyOfSigma = [1, 0, rho, (1 - rho * rho).squareRoot()]
        let target = gaussian2D(s)
        var acceptance = [Double](), essPerStep = [Double]()
        for scale in scales {
            let chain = try MetropolisHastings(proposal: .correlatedRandomWalk(scale: scale, cholesky: choleskyOfSigma), warmup: s.scaleWarmup)
                .sample(target, from: [0, 0], steps: s.scaleSteps, using: &rng)
            let ess = min(effectiveSampleSize(chain.coordinate(0)), effectiveSampleSize(chain.coordinate(1)))
            acceptance.append(chain.acceptanceRate)
            essPerStep.append(ess / Double(chain.count))
        }
        return ScaleStudy(scales: scales, acceptance: acceptance, essPerStep: essPerStep, generator: rng)
    }
}
