import Datasets
import Foundation
import Inference
import NumericalMethods

extension SWAGChapter {
    /// The log posterior on the plane through the SWA mean μ spanned by the first two principal
    /// directions u₁, u₂ of the deviations D, with the iterates and the SWAG Gaussian projected on it.
    public struct WeightSpacePlane: Sendable {
        /// The unit directions u₁, u₂ over the weights.
        public let directions: [[Double]]
        /// The SWAG covariance projected on them, uᵢᵀ Σ uⱼ (2 × 2).
        public let covariance: [[Double]]
        /// Each iterate's coordinates (uᵢᵀ(ω − μ)).
        public let projected: [[Double]]
        /// The plane's half-widths along u₁ and u₂: 3.5 × max(√Σᵢᵢ, max |coordinate| / 3).
        public let reach: [Double]
        /// The grid coordinates along u₁.
        public let axisA: [Double]
        /// The grid coordinates along u₂.
        public let axisB: [Double]
        /// ln p(μ + a u₁ + b u₂ | D) at `[b][a]`.
        public let logPosterior: [[Double]]
    }

    /// The plane of ``WeightSpacePlane`` for `run` (after Maddox et al. 2019, Fig. 1), on a grid of
    /// ``Settings/planeGridCount`` points a side.
    public static func weightSpacePlane(_ s: Settings, run: SWAGRun, data: RegressionData) -> WeightSpacePlane {
        let swag = run.swag
        let directions = swag.principalDirections(2)
        let plane = swag.projectedCovariance(directions)
        let projected = run.iterates.map { w in directions.map { u in zip(u, zip(w, swag.mean)).reduce(0.0) { $0 + $1.0 * ($1.1.0 - $1.1.1) } } }
        let reach = (0..<2).map { d in 3.5 * max(plane[d][d].squareRoot(), projected.map { abs($0[d]) }.max()! / 3) }
        let axisA = linspace(-reach[0], reach[0], count: s.planeGridCount), axisB = linspace(-reach[1], reach[1], count: s.planeGridCount)
        let logPosterior = ReferencePosterior.posterior(data).logDensity
        let surface = axisB.map { b in axisA.map { a in logPosterior(swag.mean.indices.map { swag.mean[$0] + a * directions[0][$0] + b * directions[1][$0] }) } }
        return WeightSpacePlane(directions: directions, covariance: plane, projected: projected, reach: reach, axisA: axisA, axisB: axisB,
                                logPosterior: surface)
    }

    /// The points of the ellipse xᵀ C⁻¹ x = r² of a 2 × 2 covariance C: x(t) = r Σⱼ vⱼ √λⱼ (cos t, sin t)ⱼ
    /// over 121 angles t ∈ [0, 2π], with C = V Λ Vᵀ.
    public static func ellipse(_ c: [[Double]], radius r: Double) -> (x: [Double], y: [Double]) {
        let (values, vectors) = symmetricEigen(c)
        let angles = linspace(0, 2 * Double.pi, count: 121)
        let points = angles.map { t in
            (0..<2).map { i in r * (vectors[i][0] * values[0].squareRoot() * Elementary.cos(t) + vectors[i][1] * values[1].squareRoot() * Elementary.sin(t)) }
        }
        return (points.map { $0[0] }, points.map { $0[1] })
    }

    /// The running moments of one weight after each iterate: μₙ and σₙ = √max(sₙ² − μₙ², floor).
    public struct RunningMoments: Sendable {
        /// μₙ, n = 1 … number of iterates.
        public let mean: [Double]
        /// σₙ.
        public let standardDeviation: [Double]
    }

    /// The running moments of the first ``Settings/trackedWeights`` weights, replaying `run`'s iterates
    /// through a fresh SWAG of rank K.
    public static func runningMoments(_ s: Settings, run: SWAGRun) throws -> [RunningMoments] {
        var running = [(mean: [Double], sd: [Double])](repeating: ([], []), count: s.trackedWeights)
        var replay = try SWAG(dimension: ReferencePosterior.network.parameterCount, rank: s.rank)
        for w in run.iterates {
            replay.collect(w)
            let v = replay.diagonalVariance
            for j in 0..<s.trackedWeights {
                running[j].mean.append(replay.mean[j])
                running[j].sd.append(v[j].squareRoot())
            }
        }
        return running.map { RunningMoments(mean: $0.mean, standardDeviation: $0.sd) }
    }
}
