import Autodiff
import Datasets
import Inference
import Probability

extension BayesByBackpropChapter {
    /// The two terms of the negative ELBO at the fitted θ = (μ, ρ), each a Monte Carlo mean over
    /// ``Settings/elboDraws`` draws ω = μ + σ ⊙ ε: the data term −Σᵢ ln p(yᵢ | xᵢ, ω) over every point
    /// and the KL estimate ln q(ω) − ln p(ω); with their Monte Carlo standard errors.
    public struct ELBOEstimate: Sendable {
        /// −E_q[ln p(D | ω)].
        public let data: Double
        /// KL[q ‖ p].
        public let kl: Double
        /// Monte Carlo standard error of the negative ELBO, data + KL (from the per-draw sums).
        public let standardError: Double
        /// The negative ELBO, data + KL.
        public var negativeELBO: Double { data + kl }
    }

    /// ``ELBOEstimate`` of `theta` under `model` on `data`, the draws ε from `rng`.
    public static func elboEstimate(_ s: Settings, model: BayesByBackprop, theta: [Double], data: RegressionData,
                                    using rng: inout Xoshiro256) -> ELBOEstimate {
        let v = Tensor(theta)
        var (dataTerms, klTerms) = ([Double](), [Double]())
        for _ in 0..<s.elboDraws {
            let epsilon = Tensor(rng.normals(model.weightCount))
            var terms = (data: 0.0, kl: 0.0)
            _ = evaluate(at: v) { t in
                let e = model.negativeELBOTerms(t, x: data.x, y: data.y, dataCount: data.count, epsilon: epsilon)
                terms = (e.data.value.scalars[0], e.kl.value.scalars[0])
                return e.kl
            }
            dataTerms.append(terms.data)
            klTerms.append(terms.kl)
        }
        let sums = meanAndStandardError(zip(dataTerms, klTerms).map(+))
        return ELBOEstimate(data: mean(dataTerms), kl: mean(klTerms), standardError: sums.standardError)
    }

    /// Every number the chapter compares, for one seed.
    public struct SeedResult: Sendable {
        /// The seed.
        public let seed: UInt64
        /// The toy's negative ELBO after training, for each KL weighting (``elboEstimate(_:model:theta:data:using:)``).
        public let elbo: [KLWeighting: ELBOEstimate]
        /// The toy's interquartile ranges (Blundell's weighting).
        public let insideIQR: Double
        /// See ``insideIQR``.
        public let outsideIQR: Double
        /// The pruning table (Blundell's weighting) and the plain network's error on the same points.
        public let pruning: Pruning
        /// The predictive on the grid of every ``Settings/runningSettings`` run (the chapter's figure
        /// shows those of its first seed).
        public let running: [PredictiveMoments]
        /// The NUTS reference's predictive on the grid.
        public let reference: PredictiveMoments
        /// Total predictive sd on the data, at the gap's centre and at the right end of every
        /// ``Settings/runningSettings`` run, then of the NUTS reference.
        public let standardDeviations: [(onData: Double, gap: Double, rightEnd: Double)]
    }

    /// The chapter's experiments for the seed of `s`: the toy's fits (``toyFit(_:toy:)``, or `fit`),
    /// its band, pruning and ELBO estimates (ε from stream 76), the running-example runs (or
    /// `running`) and the NUTS reference (or `chains`).
    public static func seedResult(_ s: Settings, fit given: ToyFit? = nil, running givenRunning: [PredictiveMoments]? = nil,
                                  chains givenChains: [Chain]? = nil) async throws -> SeedResult {
        let toy = toyData(s)
        let fit: ToyFit
        if let given { fit = given } else { fit = try toyFit(s, toy: toy) }
        var rng = Xoshiro256(seed: s.seed, stream: 76)
        var elbo = [KLWeighting: ELBOEstimate]()
        for w in KLWeighting.allCases { elbo[w] = elboEstimate(s, model: fit.model, theta: fit.posteriors[w]!, data: toy, using: &rng) }
        let band = toyBand(s, fit: fit)
        let data = ReferencePosterior.data(seed: s.seed), grid = ReferencePosterior.grid(s.reference)
        let chains: [Chain]
        if let givenChains { chains = givenChains } else { chains = try await ReferencePosterior.chains(seed: s.seed, s.reference, data: data) }
        let running: [PredictiveMoments]
        if let givenRunning { running = givenRunning } else { running = try runningExample(s, data: data) }
        let reference = ReferencePosterior.predictive(chains, at: grid)
        let sds = (running + [reference]).map { ReferencePosterior.standardDeviations($0, on: grid) }
        return SeedResult(seed: s.seed, elbo: elbo, insideIQR: band.insideIQR, outsideIQR: band.outsideIQR, pruning: pruning(s, fit: fit),
                          running: running, reference: reference, standardDeviations: sds)
    }

    /// The seed sweep: ``seedResult(_:fit:running:chains:)`` for seeds `s.seed`, `s.seed + 1`, …
    /// (``Settings/sweepSeeds`` of them). `first` replaces the first seed's result when the caller
    /// has it already; `finished` is told each seed done.
    public static func seedSweep(_ s: Settings, first: SeedResult? = nil, finished: ((Int) -> Void)? = nil) async throws -> [SeedResult] {
        try await s.sweep(first: first, finished: finished) { try await seedResult($0) }
    }
}
