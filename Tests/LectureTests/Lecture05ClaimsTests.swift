import Course
import Foundation
import NumericalMethods
import Testing
import Autodiff
import Datasets
import Inference
import NeuralNetworks
import Probability

// The numerical claims of Lecture 5 (SWA and SWAG), one test each.

@Test("SWAG's online moments equal the batch mean and second moment of the iterates to 1e-12 relative")
func onlineMomentsEqualBatchMoments() throws {
    var rng = Xoshiro256(seed: 55)
    var swag = try SWAG(dimension: 4, rank: 3)
    var iterates = [[Double]]()
    var w = [0.3, -7.0, 150.0, 1e-3]
    for _ in 0..<2000 {
        w = w.map { $0 + 0.05 * rng.normal() }
        iterates.append(w)
        swag.collect(w)
    }
    for i in 0..<4 {
        let mean = iterates.reduce(0.0) { $0 + $1[i] } / 2000, second = iterates.reduce(0.0) { $0 + $1[i] * $1[i] } / 2000
        #expect(abs(swag.mean[i] - mean) <= 1e-12 * abs(mean))
        #expect(abs(swag.secondMoment[i] - second) <= 1e-12 * second)
    }
    // D holds the last K deviations ωᵢ − μᵢ.
    #expect(swag.deviations.count == 3)
    #expect(zip(swag.deviations[2], zip(iterates[1999], swag.mean)).allSatisfy { $0 == $1.0 - $1.1 })
}

@Test("the SWAG variance is never negative, even for iterates that are all equal")
func varianceIsNeverNegative() throws {
    var swag = try SWAG(dimension: 6, rank: 2)
    let w: [Double] = [0.1, 0.7, 1e8, -3.3, 1.0 / 3, 2.0.squareRoot()]
    for _ in 0..<1000 { swag.collect(w) }
    #expect(swag.diagonalVariance.allSatisfy { $0 >= SWAG.varianceFloor })
    // Without the clamp, round-off leaves some of s² − μ² negative here.
    let negative = zip(swag.secondMoment, swag.mean).filter { $0 - $1 * $1 < 0 }.count
    #expect(negative > 0)
    var rng = Xoshiro256(seed: 1)
    let draw = swag.sample(using: &rng)
    #expect(draw.allSatisfy { $0.isFinite })
}

@Test("the sample covariance of 200,000 SWAG draws matches ½(Σ_diag + DDᵀ/(K − 1)) within 4 Monte Carlo standard errors in every entry")
func swagDrawsHaveTheStatedCovariance() throws {
    var rng = Xoshiro256(seed: 56)
    var swag = try SWAG(dimension: 4, rank: 3)
    for _ in 0..<50 { swag.collect((0..<4).map { _ in rng.normal() * 2 }) }
    let identity = (0..<4).map { i in (0..<4).map { j in i == j ? 1.0 : 0.0 } }
    let sigma = swag.projectedCovariance(identity)
    // ½ Σ_diag + DDᵀ / (2(K − 1)), written out.
    for i in 0..<4 {
        for j in 0..<4 {
            let lowRank = swag.deviations.reduce(0.0) { $0 + $1[i] * $1[j] } / (2 * 2)
            #expect(abs(sigma[i][j] - ((i == j ? 0.5 * swag.diagonalVariance[i] : 0) + lowRank)) < 1e-12)
        }
    }
    let n = 200_000
    let draws = (0..<n).map { _ in swag.sample(using: &rng) }
    for i in 0..<4 {
        for j in 0..<4 {
            let c = draws.reduce(0.0) { $0 + ($1[i] - swag.mean[i]) * ($1[j] - swag.mean[j]) } / Double(n)
            let se = ((sigma[i][i] * sigma[j][j] + sigma[i][j] * sigma[i][j]) / Double(n)).squareRoot()
            #expect(abs(c - sigma[i][j]) < 4 * se, "entry (\(i), \(j)): \(c) vs \(sigma[i][j]) ± \(se)")
        }
    }
}

/// Measured over data draws 1–6 (mean squared error of 2,000 fresh draws, SWA / last iterate):
/// 1.0001, 0.898, 0.745, 0.843, 0.963, 0.763.
@Test("SWA's weights predict fresh draws of the running example better than the last SGD iterate on five of six data draws, and within 0.1% on the sixth")
func swaBeatsTheLastIterate() throws {
    var better = 0
    for seed in 1...6 as ClosedRange<UInt64> {
        let r = try SWAGChapter.swaAgainstLastIterate(.standard(seed: seed))
        #expect(r.swa <= 1.001 * r.last, "seed \(seed): SWA \(r.swa), last iterate \(r.last)")
        if r.swa < r.last { better += 1 }
    }
    #expect(better >= 5)
}
