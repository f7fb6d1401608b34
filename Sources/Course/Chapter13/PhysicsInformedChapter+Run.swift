import Inference

extension PhysicsInformedChapter {
    /// Every fit of the chapter at one seed: the forward problem with HMC (with and without the
    /// residual) and with a deep ensemble, the inverse problem with both, at each noise level.
    public struct Run: Sendable {
        public var seed: UInt64
        /// The sensors, per noise level (smaller first).
        public var forwardData: [Measurements], inverseData: [Measurements]
        /// HMC on the physics-informed posterior, per noise level.
        public var forwardHMC: [Fit], inverseHMC: [Fit]
        /// HMC on the data-only posterior (the two u sensors, no residual), at the smaller noise.
        public var dataOnly: Fit
        /// The deep ensembles of PINNs, per noise level.
        public var forwardEnsemble: [Fit], inverseEnsemble: [Fit]
    }

    /// The fits of one seed, in a fixed order (each fit's streams depend only on the seed and its
    /// place, so the numbers do not depend on the cores). `finished` hears how many of the
    /// 9 fits are done.
    public static func run(_ s: Settings, finished: ((Int) -> Void)? = nil) async throws -> Run {
        var done = 0
        func tick() { done += 1; finished?(done) }
        let noises = s.noiseLevels
        let forwardData = noises.map { measurements(.forward, noise: $0, s) }
        let inverseData = noises.map { measurements(.inverse, noise: $0, s) }
        var forwardHMC = [Fit](), inverseHMC = [Fit](), forwardEnsemble = [Fit](), inverseEnsemble = [Fit]()
        for (i, data) in forwardData.enumerated() {
            forwardHMC.append(try await hmc(posterior(.forward, data, s), s, offset: UInt64(i))); tick()
        }
        let dataOnly = try await hmc(posterior(.forward, forwardData[0], s, physics: false), s, offset: 2); tick()
        for (i, data) in inverseData.enumerated() {
            inverseHMC.append(try await hmc(posterior(.inverse, data, s), s, offset: 3 + UInt64(i))); tick()
        }
        for data in forwardData { forwardEnsemble.append(try await ensemble(posterior(.forward, data, s), s)); tick() }
        for data in inverseData { inverseEnsemble.append(try await ensemble(posterior(.inverse, data, s), s)); tick() }
        return Run(seed: s.seed, forwardData: forwardData, inverseData: inverseData, forwardHMC: forwardHMC, inverseHMC: inverseHMC,
                   dataOnly: dataOnly, forwardEnsemble: forwardEnsemble, inverseEnsemble: inverseEnsemble)
    }

    /// Fits per ``run(_:finished:)``.
    public static let fitsPerRun = 9

    /// ``run(_:finished:)`` at every seed of the sweep; `finished` hears the fits done in all.
    public static func sweep(_ s: Settings, first: Run? = nil, finished: ((Int) -> Void)? = nil) async throws -> [Run] {
        var base = 0
        return try await s.sweep(first: first, finished: { base = $0 * fitsPerRun; finished?(base) }) { t in
            try await run(t) { finished?(base + $0) }
        }
    }
}
