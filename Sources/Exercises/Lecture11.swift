import Autodiff
import Course
import Foundation
import NumericalMethods
import Inference
import NeuralNetworks
import Probability

// Lecture 11 exercises (uncertainty for classifiers). Reference solutions between the markers.

/// Exercise 11.1 — the entropy decomposition.
///
/// `draws[s]` holds the class probabilities p(y = k | x, ω_s) of draw s at one input (each sums to
/// 1). Return, in nats (0 ln 0 = 0), the total entropy H[p̄] of the average p̄ = (1/S) Σₛ p(· | x, ωₛ),
/// the expected entropy (1/S) Σₛ H[p(· | x, ωₛ)], and the mutual information, their difference.
public func exercise11_1_entropyDecomposition(_ draws: [[Double]]) throws -> (total: Double, expected: Double, mutualInformation: Double) {
    // BEGIN SOLUTION: Exercise 11.1 (the entropy decomposition)
    func entropy(_ p: [Double]) -> Double { -p.reduce(0.0) { $0 + ($1 > 0 ? $1 * Elementary.log($1) : 0) } }
    let k = draws[0].count, s = Double(draws.count)
    let mean = (0..<k).map { j in draws.reduce(0.0) { $0 + $1[j] } / s }
    let total = entropy(mean)
    let expected = draws.reduce(0.0) { $0 + entropy($1) } / s
    return (total, expected, total - expected)
    // END SOLUTION
}

/// Exercise 11.2 — the expected calibration error.
///
/// `probabilities` is n × K, row-major. The confidence of input i is cᵢ = maxₖ pᵢₖ and its
/// prediction the first class that reaches it. With B equal-width bins, bin b (0-based) holds the
/// confidences in (b/B, (b + 1)/B] (bin 0 also 0). Return Σ_b (n_b/n) |acc_b − conf_b|, with acc_b
/// the fraction of bin b's inputs predicted right and conf_b their mean confidence (empty bins add 0).
public func exercise11_2_expectedCalibrationError(_ probabilities: [Double], classes k: Int, labels: [Int], bins: Int) throws -> Double {
    // BEGIN SOLUTION: Exercise 11.2 (the expected calibration error)
    var count = [Int](repeating: 0, count: bins), correct = [Int](repeating: 0, count: bins)
    var confidence = [Double](repeating: 0, count: bins)
    for i in labels.indices {
        let row = Array(probabilities[(i * k)..<((i + 1) * k)])
        let c = row.max()!
        let predicted = row.firstIndex(of: c)!
        let b = min(bins - 1, max(0, Int((c * Double(bins)).rounded(.up)) - 1))
        count[b] += 1
        confidence[b] += c
        if predicted == labels[i] { correct[b] += 1 }
    }
    return (0..<bins).filter { count[$0] > 0 }.reduce(0.0) { (total: Double, b: Int) -> Double in
        total + abs(Double(correct[b]) - confidence[b]) / Double(labels.count)
    }
    // END SOLUTION
}

/// Exercise 11.3 — the AUROC of an uncertainty score.
///
/// Return the probability that a random score of `positives` (e.g. unseen inputs) is above a random
/// score of `negatives`, ties counting one half: (1/(P·N)) Σ over all pairs of [p > n] + ½[p = n].
public func exercise11_3_areaUnderROC(positives: [Double], negatives: [Double]) throws -> Double {
    // BEGIN SOLUTION: Exercise 11.3 (the AUROC)
    var wins = 0.0
    for p in positives { for n in negatives { wins += p > n ? 1 : p == n ? 0.5 : 0 } }
    return wins / Double(positives.count * negatives.count)
    // END SOLUTION
}

/// Exercise 11.4 — an experiment: does the prior make the ensemble's members agree?
///
/// On the chapter's two moons (`ClassificationChapter.moons(settings)` with
/// `ClassificationChapter.Settings.standard(seed: seed)`), the deep ensemble's mutual information far
/// from the data was much smaller than NUTS's: its 5 members land on nearly the same function. Each
/// member minimises cross-entropy + ‖θ‖²/(2s²N), so the prior N(0, s² I) pulls them all toward small
/// weights. Train the ensemble again with `trainClassifierEnsemble` (5 members, the settings'
/// `moonsNetwork` and `moonsTraining`, ensemble seed `seed + 1000`) for each prior variance in
/// `priorVariances` (`.infinity` is no prior: maximum likelihood), and return, for each, the mean
/// mutual information over the grid points of `ClassificationChapter.axis(settings)` (x then y, as
/// in the chapter) whose nearest training point is farther than `settings.farDistance`.
///
/// Before you run it, predict: without the prior, will the members disagree more far from the data
/// (a larger mutual information) or less? Then explain what you measured.
public func exercise11_4_priorAndEnsembleDiversity(seed: UInt64, priorVariances: [Double]) async throws -> [Double] {
    // BEGIN SOLUTION: Exercise 11.4 (the prior and the ensemble's diversity)
    let s = ClassificationChapter.Settings.standard(seed: seed)
    let (train, _) = ClassificationChapter.moons(s)
    let n = train.labels.count
    let ax = ClassificationChapter.axis(s)
    let grid = ax.flatMap { y in ax.flatMap { x in [x, y] } }
    let distance = { (x1: Double, y1: Double, x2: Double, y2: Double) -> Double in ((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2)).squareRoot() }
    let far = (0..<(grid.count / 2)).filter { j in
        (0..<n).allSatisfy { i in distance(grid[2 * j], grid[2 * j + 1], train.inputs[2 * i], train.inputs[2 * i + 1]) > s.farDistance }
    }
    let farPoints = far.flatMap { [grid[2 * $0], grid[2 * $0 + 1]] }
    var out = [Double]()
    for variance in priorVariances {
        let training = s.moonsTraining.with(priorVariance: variance)
        let members = try await trainClassifierEnsemble(count: 5, network: s.moonsNetwork, training: training,
                                                        inputs: Tensor(shape: [n, 2], scalars: train.inputs), labels: train.labels, seed: s.seed &+ 1000)
        let p = ClassPredictive(network: s.moonsNetwork, draws: members, at: farPoints, count: far.count)
        out.append(p.mutualInformation.reduce(0, +) / Double(far.count))
    }
    return out
    // END SOLUTION
}
