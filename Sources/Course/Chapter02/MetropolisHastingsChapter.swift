import Inference
import Probability

/// Lecture 2 — Metropolis–Hastings — as functions of one ``Settings`` value.
///
/// The chapter's main stream, `Xoshiro256(seed:)`, is drawn from in the chapter's order: the pictured
/// steps, the scale study, the straight-line data, the noise-scale data, the running example of the
/// Bayesian MLP. Each experiment that draws from it returns it where it left it, and the next takes
/// that result: call them in the chapter's order. The chains run on streams of their own: `seed + 1`
/// (straight line), `seed + 2` and `seed + 3` (σ with and without the Hastings correction), `seed + 4`
/// (the Bayesian MLP), `seed + 100 + width` (the growth study), stream 90 of `seed` (the runaway check).
public enum MetropolisHastingsChapter {
    /// The stationary distributions of the two acceptance rules on three states.
    public struct AcceptanceRules: Sendable {
        /// The target p.
        public let target: [Double]
        /// Of the rule min(1, p(ω′)/p(ω)), proposal over current: p itself.
        public let right: [Double]
        /// Of the slide's rule min(1, p(ω)/p(ω′)): Metropolis for 1/p, so 1/p normalised.
        public let slide: [Double]
    }

    /// The exact stationary distribution of each rule on `s.threeStateTarget`, proposing either other state with probability ½.
    public static func acceptanceRules(_ s: Settings) -> AcceptanceRules {
        let n = s.threeStateTarget.count
        let eitherOtherState = (0..<n).map { i in (0..<n).map { j in i == j ? 0.0 : 0.5 } }   // symmetric
        let rightRule = metropolisHastingsTransitionMatrix(target: s.threeStateTarget, proposal: eitherOtherState)
        let slideRule = metropolisHastingsTransitionMatrix(target: s.threeStateTarget.map { 1 / $0 }, proposal: eitherOtherState)
        return AcceptanceRules(target: s.threeStateTarget, right: stationaryDistribution(rightRule), slide: stationaryDistribution(slideRule))
    }

    /// The largest |ω| each rule's random walk reaches on N(0, 1).
    public struct Runaway: Sendable {
        /// With the right ratio.
        public let right: Double
        /// With the slide's, which is Metropolis on ln(1/p) = −ln p: it cannot be normalised, the chain drifts off.
        public let slide: Double
    }

    /// Both rules for `s.runawaySteps` steps on ln p(ω) = −ω²/2, one after the other on stream 90 of the seed.
    public static func runaway(_ s: Settings) throws -> Runaway {
        var r = Xoshiro256(seed: s.seed, stream: 90)
        let standardNormal: LogDensity = { x in -0.5 * x[0] * x[0] }
        let right = try MetropolisHastings(proposal: .randomWalk(scale: s.runawayScale)).sample(standardNormal, from: [0], steps: s.runawaySteps, using: &r)
        let slide = try MetropolisHastings(proposal: .randomWalk(scale: s.runawayScale)).sample({ -standardNormal($0) }, from: [0], steps: s.runawaySteps, using: &r)
        let largest = { (c: Chain) in c.coordinate(0).map(abs).max()! }
        return Runaway(right: largest(right), slide: largest(slide))
    }
}
