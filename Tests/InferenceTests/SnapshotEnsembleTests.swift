import Testing
import Inference
import NeuralNetworks
import Probability

/// ln p(θ) = −½ Σ (θᵢ − cᵢ)² · N (N = 10 "data points"), whose loss −ln p/N has its one minimum at c.
private let centre = [1.0, -2.0, 0.5]
private func gradient(_ θ: [Double]) -> [Double] { zip(θ, centre).map { -10 * ($0 - $1) } }

@Test("a snapshot ensemble keeps M snapshots, one at the end of each cycle of L steps, and with the full gradient of a convex loss every snapshot is at its minimum")
func snapshotEnsembleOnAConvexLoss() throws {
    let ensemble = SnapshotEnsemble(cycles: 4, stepsPerCycle: 3000, initialRate: 0.05)
    #expect(ensemble.snapshotSteps == [2999, 5999, 8999, 11_999])
    #expect(ensemble.snapshotSteps == LearningRateSchedule.snapshotSteps(totalSteps: 12_000, cycles: 4))
    var rng = Xoshiro256(seed: 1)
    var seen = [Int: [Double]]()
    let snapshots = try ensemble.run(from: [0, 0, 0], dataCount: 10, stochasticGradient: { θ, _ in gradient(θ) }, using: &rng) { t, θ in
        if ensemble.snapshotSteps.contains(t) { seen[t] = θ }
    }
    #expect(snapshots.count == 4)
    #expect(snapshots == ensemble.snapshotSteps.map { seen[$0]! })   // the snapshot is θ after the cycle's last step
    for θ in snapshots { #expect(zip(θ, centre).allSatisfy { abs($0 - $1) < 1e-3 }, "\(θ)") }
}

@Test("a snapshot ensemble is deterministic for a seed, refuses M or L below 1, and stops at a non-finite gradient")
func snapshotEnsembleSeedsAndErrors() throws {
    let ensemble = SnapshotEnsemble(cycles: 3, stepsPerCycle: 200, initialRate: 0.1)
    let noisy: ([Double], inout Xoshiro256) -> [Double] = { θ, r in gradient(θ).map { $0 + 5 * r.normal() } }
    var a = Xoshiro256(seed: 7), b = Xoshiro256(seed: 7)
    let first = try ensemble.run(from: [0, 0, 0], dataCount: 10, stochasticGradient: noisy, using: &a)
    #expect(first == (try ensemble.run(from: [0, 0, 0], dataCount: 10, stochasticGradient: noisy, using: &b)))
    #expect(Set(first).count == 3)   // the gradient noise makes every snapshot different
    var r = Xoshiro256(seed: 1)
    #expect(throws: (any Error).self) { try SnapshotEnsemble(cycles: 0, stepsPerCycle: 10, initialRate: 0.1).run(from: [0], dataCount: 1, stochasticGradient: { _, _ in [0] }, using: &r) }
    #expect(throws: TrainingDiverged.self) { try ensemble.run(from: [0], dataCount: 1, stochasticGradient: { _, _ in [.nan] }, using: &r) }
}
