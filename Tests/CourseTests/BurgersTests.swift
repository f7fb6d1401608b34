import Course
import Foundation
import Testing
import Datasets
import Inference
import Probability

@Test("Spearman's rank correlation: 1 for any increasing map, −1 reversed, average ranks for ties, and a hand value")
func spearman() {
    #expect(spearmanCorrelation([1, 2, 3, 4], [10, 100, 1000, 1e4]) == 1)
    #expect(spearmanCorrelation([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
    // Ranks (1, 2, 3) and (1.5, 1.5, 3): ρ = 0.866…
    #expect(abs(spearmanCorrelation([1, 2, 3], [5, 5, 7]) - 3.0.squareRoot() / 2) < 1e-15)
}

@Test("rollout scores by hand: an ensemble of two rollouts ±d around the truth has error 0, sd d·√2, full coverage, and a horizon set by the sd")
func rolloutScoresByHand() {
    let n = BurgersEmulator.points
    let truth = (0...3).map { t in [Double](repeating: Double(t), count: n) }
    let d = [0.0, 0.01, 0.03, 0.1]
    let e = RolloutEnsemble([truth.enumerated().map { t, u in u.map { $0 + d[t] } }, truth.enumerated().map { t, u in u.map { $0 - d[t] } }])
    let s = e.scores(truth: truth, tolerance: 0.05)
    #expect(s.error.allSatisfy { abs($0) < 1e-15 })
    #expect(zip(s.spread, d).allSatisfy { abs($0 - $1 * 2.0.squareRoot()) < 1e-15 })
    #expect(s.coverage90 == [1, 1, 1, 1])
    // sd crosses 0.05 at t = 3 (0.141 > 0.05 while 0.042 is not): horizon 3 Δt; the error never does: 4 Δt.
    #expect(abs(s.predictedHorizon - 3 * BurgersEmulator.timeStep) < 1e-15 && abs(s.actualHorizon - 4 * BurgersEmulator.timeStep) < 1e-15)
}
