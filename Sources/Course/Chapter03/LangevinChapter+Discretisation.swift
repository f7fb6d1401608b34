import Inference
import Probability

extension LangevinChapter {
    /// ULA's and MALA's stationary variance on N(0, 1) at one step size ε.
    public struct StationaryVariance: Sendable {
        /// The step size ε.
        public let stepSize: Double
        /// ULA's stationary variance in theory, σ²/(1 − ε/4σ²) with σ² = 1.
        public let theory: Double
        /// ULA's sample variance.
        public let ula: Double
        /// Its standard error v√(2/ESS).
        public let ulaStandardError: Double
        /// MALA's sample variance (σ² = 1 whatever ε).
        public let mala: Double
        /// Its standard error v√(2/ESS).
        public let malaStandardError: Double
    }

    /// ULA and then MALA on N(0, 1) from 0, for every ε of ``Settings/varianceStepSizes`` (the k-th
    /// from stream 10 + k, shared by its two chains). On a Gaussian the ULA step is linear,
    /// ω' = (1 − ε/2σ²)ω + √ε z, so its stationary variance solves v = (1 − ε/2σ²)²v + ε:
    /// v = σ²/(1 − ε/4σ²). `progress` is called with the number of step sizes done.
    public static func stationaryVariances(_ s: Settings, progress: (Int) -> Void = { _ in }) throws -> [StationaryVariance] {
        let standardNormal: LogDensityGradient = { x in (-0.5 * x[0] * x[0], [-x[0]]) }
        var rows = [StationaryVariance]()
        for (k, eps) in s.varianceStepSizes.enumerated() {
            defer { progress(k + 1) }
            var r = Xoshiro256(seed: s.seed, stream: 10 + k)
            let ula = try Langevin(stepSize: eps, metropolisAdjusted: false, warmup: s.varianceWarmup)
                .sample(standardNormal, from: [0], steps: s.varianceSteps, using: &r).coordinate(0)
            let mala = try Langevin(stepSize: eps, metropolisAdjusted: true, warmup: s.varianceWarmup)
                .sample(standardNormal, from: [0], steps: s.varianceSteps, using: &r).coordinate(0)
            let (vu, vm) = (variance(ula), variance(mala))
            let (su, sm) = (vu * (2 / effectiveSampleSize(ula)).squareRoot(), vm * (2 / effectiveSampleSize(mala)).squareRoot())
            rows.append(StationaryVariance(stepSize: eps, theory: 1 / (1 - eps / 4), ula: vu, ulaStandardError: su, mala: vm, malaStandardError: sm))
        }
        return rows
    }
}
