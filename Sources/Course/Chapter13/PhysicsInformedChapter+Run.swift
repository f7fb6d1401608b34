import Inference

extension PhysicsInformedChapter {
    /// The methods the chapter sets beside NUTS, each fitted on the same posterior.
    public enum Method: String, Sendable, CaseIterable {
        case ensemble = "deep ensemble", laplace = "Laplace (GGN)", variational = "mean-field VI", dropout = "MC dropout"
    }

    /// Every fit of the chapter at one seed: the forward problem with NUTS (with and without the
    /// residual), the inverse problem with NUTS, both with every other ``Method``, at each noise
    /// level, and MC dropout's rate-0 control on the forward problem.
    public struct Run: Sendable {
        /// The seed these fits ran with.
        public var seed: UInt64
        /// The sensors, per noise level (smaller first).
        public var forwardData: [Measurements], inverseData: [Measurements]
        /// NUTS on the physics-informed posterior, per noise level.
        public var forwardNUTS: [Fit], inverseNUTS: [Fit]
        /// NUTS on the data-only posterior (the two u sensors, no residual), at the smaller noise.
        public var dataOnly: Fit
        /// The other methods, `[method][noise]`, in the order of ``Method/allCases``.
        public var forwardOthers: [[Fit]], inverseOthers: [[Fit]]
        /// MC dropout's control on the forward problem: the same Adam steps with rate 0, per noise level.
        public var dropoutControl: [Fit]

        /// Method m's forward fits, per noise level.
        public func forward(_ m: Method) -> [Fit] { forwardOthers[Method.allCases.firstIndex(of: m)!] }
        /// Method m's inverse fits, per noise level.
        public func inverse(_ m: Method) -> [Fit] { inverseOthers[Method.allCases.firstIndex(of: m)!] }
        /// Every sampled fit with its name: what the diagnostics table lists.
        public var sampledFits: [(name: String, noise: Double, fit: Fit)] {
            let noises = forwardData.map(\.noise)
            return [("data only (forward)", noises[0], dataOnly)]
                + noises.indices.map { ("forward", noises[$0], forwardNUTS[$0]) }
                + noises.indices.map { ("inverse", noises[$0], inverseNUTS[$0]) }
        }
    }

    /// One fit of mean-field VI (from `start`) or MC dropout, from its own stream (170 + 10·method + 2·problem + noise).
    static func singleThreaded(_ method: Method, _ posterior: PhysicsInformedPosterior, _ s: Settings, stream: Int, start: [Double]) -> Fit {
        method == .variational ? meanFieldVI(posterior, s, stream: stream, start: start) : mcDropout(posterior, s, stream: stream)
    }

    /// The fits of one seed (each fit's streams depend only on the seed and its place, so the
    /// numbers do not depend on the cores). Per posterior: the deep ensemble of MAPs first; NUTS's
    /// chains start from its members, Laplace sits at its best member (highest ln p).
    /// `finished` hears how many of the ``fitsPerRun`` fits are done.
    public static func run(_ s: Settings, finished: ((Int) -> Void)? = nil) async throws -> Run {
        var done = 0
        func tick() { done += 1; finished?(done) }
        let noises = s.noiseLevels
        let forwardData = noises.map { measurements(.forward, noise: $0, s) }
        let inverseData = noises.map { measurements(.inverse, noise: $0, s) }
        let posteriors = [forwardData.map { posterior(.forward, $0, s) }, inverseData.map { posterior(.inverse, $0, s) }]
        var sampled = [[Fit]](repeating: [], count: 2)
        var ensembles = [[Fit]](repeating: [], count: 2), laplaces = [[Fit]](repeating: [], count: 2), modes = [[[Double]]](repeating: [], count: 2)
        for (p, problemPosteriors) in posteriors.enumerated() {
            for (i, posterior) in problemPosteriors.enumerated() {
                let e = try await ensemble(posterior, s); tick()
                ensembles[p].append(e.fit)
                let best = e.logDensities.indices.max { e.logDensities[$0] < e.logDensities[$1] }!
                modes[p].append(e.members[best])
                laplaces[p].append(laplace(posterior, s, at: e.members[best])); tick()
                sampled[p].append(try await nuts(posterior, s, starts: e.members, offset: UInt64(2 * p + i))); tick()
            }
        }
        let dataPosterior = posterior(.forward, forwardData[0], s, physics: false)
        let dataOnly = try await nuts(dataPosterior, s, starts: priorDraws(dataPosterior, s, count: s.nutsChains, offset: 4), offset: 4); tick()
        // VI and MC dropout (and dropout's rate-0 control): single-thread fits, parallel over the noise levels.
        var others = [[[Fit]]](repeating: [], count: 2)
        for (p, problemPosteriors) in posteriors.enumerated() {
            for (m, method) in Method.allCases.enumerated() {
                switch method {
                case .ensemble: others[p].append(ensembles[p])
                case .laplace: others[p].append(laplaces[p])
                case .variational, .dropout:
                    let stream = 170 + 10 * m + 2 * p, starts = modes[p]
                    others[p].append(try await runInParallel(count: problemPosteriors.count, seed: s.seed, finished: { _ in tick() }) { i, _ in
                        singleThreaded(method, problemPosteriors[i], s, stream: stream + i, start: starts[i])
                    })
                }
            }
        }
        let forwardPosteriors = posteriors[0]
        let control = try await runInParallel(count: forwardPosteriors.count, seed: s.seed, finished: { _ in tick() }) { i, _ in
            mcDropout(forwardPosteriors[i], s, stream: 170 + 10 * Method.allCases.firstIndex(of: .dropout)! + i, rate: 0)
        }
        return Run(seed: s.seed, forwardData: forwardData, inverseData: inverseData, forwardNUTS: sampled[0], inverseNUTS: sampled[1],
                   dataOnly: dataOnly, forwardOthers: others[0], inverseOthers: others[1], dropoutControl: control)
    }

    /// Fits per ``run(_:finished:)``: per problem and noise level an ensemble, a Laplace and a NUTS
    /// fit, VI and dropout; the data-only NUTS fit; dropout's two controls.
    public static let fitsPerRun = 2 * 2 * 5 + 1 + 2

    /// ``run(_:finished:)`` at every seed of the sweep; `finished` hears the fits done in all.
    public static func sweep(_ s: Settings, first: Run? = nil, finished: ((Int) -> Void)? = nil) async throws -> [Run] {
        var base = 0
        return try await s.sweep(first: first, finished: { base = $0 * fitsPerRun; finished?(base) }) { t in
            try await run(t) { finished?(base + $0) }
        }
    }
}
