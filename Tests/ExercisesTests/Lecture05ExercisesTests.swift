import Foundation
import Testing
import Exercises
import Course
import Inference
import Probability

/// Iterates of a random walk in five weights.
func randomIterates(count: Int, seed: UInt64) -> [[Double]] {
    var rng = Xoshiro256(seed: seed)
    var w = [1.0, -2.0, 3.0, 0.5, 100.0]
    return (0..<count).map { _ in w = w.map { $0 + 0.1 * rng.normal() }; return w }
}

@Test("Exercise 5.1: the recursion gives the batch mean and second moment to 1e-12 relative")
func exercise5_1() throws {
    let iterates = randomIterates(count: 500, seed: 51)
    let (mu, s2) = try exercise5_1_runningMoments(iterates)
    for i in 0..<5 {
        let batchMean = iterates.reduce(0.0) { $0 + $1[i] } / 500
        let batchSecond = iterates.reduce(0.0) { $0 + $1[i] * $1[i] } / 500
        #expect(abs(mu[i] - batchMean) <= 1e-12 * abs(batchMean))
        #expect(abs(s2[i] - batchSecond) <= 1e-12 * batchSecond)
    }
}

@Test("Exercise 5.2: the diagonal variance is s² − μ², and the floor where that is not positive")
func exercise5_2() throws {
    let v = try exercise5_2_diagonalVariance(mean: [1, 2, 0.1], secondMoment: [1.5, 4, 0.01 - 1e-18], floor: 1e-30)
    #expect(abs(v[0] - 0.5) < 1e-15 && v[1] == 1e-30 && v[2] == 1e-30)
}

@Test("Exercise 5.3: a SWAG draw equals the library's for the same normal draws")
func exercise5_3() throws {
    var swag = try SWAG(dimension: 5, rank: 4)
    for w in randomIterates(count: 30, seed: 53) { swag.collect(w) }
    // The library draws z₁ (5 numbers) then z₂ (4 numbers) from its generator.
    var rng = Xoshiro256(seed: 54)
    let library = swag.sample(using: &rng)
    var replay = Xoshiro256(seed: 54)
    let z1 = (0..<5).map { _ in replay.normal() }, z2 = (0..<4).map { _ in replay.normal() }
    let mine = try exercise5_3_swagDraw(mean: swag.mean, diagonalVariance: swag.diagonalVariance, deviations: swag.deviations, z1: z1, z2: z2)
    #expect(zip(mine, library).allSatisfy { abs($0 - $1) < 1e-12 })
}

/// Measured on seed 1: 0.0434 (mini-batches of 10), 0.0006 (the exact gradient).
@Test("Exercise 5.4: the measured spreads are the chapter's, and without gradient noise SWAG's epistemic sd on the data falls below a twentieth")
func exercise5_4() throws {
    let measured = try exercise5_4_gradientNoise(seed: 1)
    let s = SWAGChapter.Settings.standard(seed: 1)
    #expect(measured.miniBatch == (try SWAGChapter.epistemicSpreadOnData(s)))
    #expect(measured.exactGradient == (try SWAGChapter.epistemicSpreadOnData(s.with(\.fullGradient, true))))
    #expect(measured.miniBatch > 0.02 && measured.exactGradient < measured.miniBatch / 20, "\(measured)")
}
