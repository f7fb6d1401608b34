import Inference

extension PhysicsInformedChapter {
    /// The methods the chapter sets beside HMC, each fitted on the same posterior.
    public enum Method: String, Sendable, CaseIterable {
        case ensemble = "deep ensemble", variational = "mean-field VI", dropout = "MC dropout"
    }

    /// Every fit of the chapter at one seed: the forward problem with HMC (with and without the
    /// residual), the inverse problem with HMC, and both with every other ``Method``, at each noise level.
    public struct Run: Sendable {
        /// The seed these fits ran with.
        public var seed: UInt64
        /// The sensors, per noise level (smaller first).
        public var forwardData: [Measurements], inverseData: [Measurements]
        /// HMC on the physics-informed posterior, per noise level.
        public var forwardHMC: [Fit], inverseHMC: [Fit]
        /// HMC on the data-only posterior (the two u sensors, no residual), at the smaller noise.
        public var dataOnly: Fit
        /// The other methods, `[method][noise]`, in the order of ``Method/allCases``.
        public var forwardOthers: [[Fit]], inverseOthers: [[Fit]]

        /// Method m's forward fits, per noise level.
        public func forward(_ m: Method) -> [Fit] { forwardOthers[Method.allCases.firstIndex(of: m)!] }
        /// Method m's inverse fits, per noise level.
        public func inverse(_ m: Method) -> [Fit] { inverseOthers[Method.allCases.firstIndex(of: m)!] }
    }

    /// One fit of mean-field VI or MC dropout, from its own stream (170 + 10·method + 2·problem + noise).
    static func singleThreaded(_ method: Method, _ posterior: PhysicsInformedPosterior, _ s: Settings, stream: Int) -> Fit {
        method == .variational ? meanFieldVI(posterior, s, stream: stream) : mcDropout(posterior, s, stream: stream)
    }

    /// The fits of one seed (each fit's streams depend only on the seed and its place, so the
    /// numbers do not depend on the cores). `finished` hears how many of the ``fitsPerRun`` fits are done.
    public static func run(_ s: Settings, finished: ((Int) -> Void)? = nil) async throws -> Run {
        var done = 0
        func tick() { done += 1; finished?(done) }
        let noises = s.noiseLevels
        let forwardData = noises.map { measurements(.forward, noise: $0, s) }
        let inverseData = noises.map { measurements(.inverse, noise: $0, s) }
        var forwardHMC = [Fit](), inverseHMC = [Fit]()
        for (i, data) in forwardData.enumerated() {
            forwardHMC.append(try await hmc(posterior(.forward, data, s), s, offset: UInt64(i))); tick()
        }
        let dataOnly = try await hmc(posterior(.forward, forwardData[0], s, physics: false), s, offset: 2); tick()
        for (i, data) in inverseData.enumerated() {
            inverseHMC.append(try await hmc(posterior(.inverse, data, s), s, offset: 3 + UInt64(i))); tick()
        }
        // The other methods: the ensemble parallel over its members, the single-thread ones two at a time.
        let posteriors = [forwardData.map { posterior(.forward, $0, s) }, inverseData.map { posterior(.inverse, $0, s) }]
        var others = [[[Fit]]](repeating: [], count: 2)
        for (p, problemPosteriors) in posteriors.enumerated() {
            for (m, method) in Method.allCases.enumerated() {
                let stream = 170 + 10 * m + 2 * p
                if method == .ensemble {
                    var fits = [Fit]()
                    for posterior in problemPosteriors { fits.append(try await ensemble(posterior, s)); tick() }
                    others[p].append(fits)
                } else {
                    others[p].append(try await runInParallel(count: problemPosteriors.count, seed: s.seed, finished: { _ in tick() }) { i, _ in
                        singleThreaded(method, problemPosteriors[i], s, stream: stream + i)
                    })
                }
            }
        }
        return Run(seed: s.seed, forwardData: forwardData, inverseData: inverseData, forwardHMC: forwardHMC, inverseHMC: inverseHMC,
                   dataOnly: dataOnly, forwardOthers: others[0], inverseOthers: others[1])
    }

    /// Fits per ``run(_:finished:)``.
    public static let fitsPerRun = 5 + 2 * 2 * Method.allCases.count

    /// ``run(_:finished:)`` at every seed of the sweep; `finished` hears the fits done in all.
    public static func sweep(_ s: Settings, first: Run? = nil, finished: ((Int) -> Void)? = nil) async throws -> [Run] {
        var base = 0
        return try await s.sweep(first: first, finished: { base = $0 * fitsPerRun; finished?(base) }) { t in
            try await run(t) { finished?(base + $0) }
        }
    }
}
