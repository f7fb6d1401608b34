import Autodiff
import Foundation
import NeuralNetworks
import Probability
import Testing
import Inference

/// The classification posterior's hand-written gradient against the autodiff core: the tape's
/// −n·softmaxCrossEntropy − ‖w‖²/(2s²) at a random w, on 7 random points with 3 classes.
@Test("BayesianMLPClassifier: log posterior and gradient equal the autodiff form (1e-10)")
func bayesianClassifierGradientMatchesAutodiff() {
    var rng = Xoshiro256(seed: 11)
    let network = MLP(sizes: [2, 5, 3], activation: .tanh)
    let x = (0..<14).map { _ in rng.normal() }
    let y = (0..<7).map { $0 % 3 }
    let w = (0..<network.parameterCount).map { _ in rng.normal() }
    let posterior = BayesianMLPClassifier(network: network, inputs: x, labels: y, priorVariance: 2)
    let (value, gradient) = posterior.logDensityGradient(w)
    let reference = differentiable { v in
        network(Tensor(shape: [7, 2], scalars: x), parameters: v).softmaxCrossEntropy(labels: y) * -7.0 - square(v).sum() * 0.25
    }(w)
    #expect(abs(value - reference.value) < 1e-10)
    #expect(zip(gradient, reference.gradient).allSatisfy { abs($0 - $1) < 1e-10 })
}

/// Two well separated blobs: MAP training and MC-dropout training both classify every point.
@Test("ClassifierTraining and DropoutNetwork.trainClassifier separate two separated blobs")
func classifierTrainingSeparatesBlobs() throws {
    var rng = Xoshiro256(seed: 12)
    let n = 60
    let y = (0..<n).map { $0 % 2 }
    var x = [Double]()
    for c in y {
        let centre: Double = c == 0 ? -2 : 2
        x.append(centre + 0.3 * rng.normal())
        x.append(0.3 * rng.normal())
    }
    let network = MLP(sizes: [2, 8, 2], activation: .tanh)
    let t = ClassifierTraining(steps: 300, learningRate: 0.02, batchSize: 16)
    let θ = try t.train(network, from: network.initialParameters(using: &rng).scalars, inputs: Tensor(shape: [n, 2], scalars: x), labels: y, using: &rng)
    let p = ClassPredictive(network: network, draws: [θ], at: x, count: n)
    #expect(ClassificationMetrics.accuracy(p.mean, classes: 2, labels: y) == 1)
    let dropout = try DropoutNetwork(network: network, rate: 0.2)
    let θd = try dropout.trainClassifier(from: network.initialParameters(using: &rng).scalars, inputs: Tensor(shape: [n, 2], scalars: x), labels: y,
                                         steps: 300, learningRate: 0.02, weightDecay: 1e-3, batchSize: 16, using: &rng)
    let passes = ClassPredictive(logits: dropout.passes(θd, at: Tensor(shape: [n, 2], scalars: x), count: 20, using: &rng), classes: 2)
    #expect(ClassificationMetrics.accuracy(passes.mean, classes: 2, labels: y) == 1)
}

/// The many-draw temperature never raises the NLL at T = 1, and with one draw it agrees with Guo et
/// al.'s single-network fit (both golden-section searches on the same interval; 1e-6 relative).
@Test("fitTemperature(logitDraws:): never worse than T = 1; one draw gives the single-network T")
func temperatureOfDraws() {
    var rng = Xoshiro256(seed: 13)
    let (n, k) = (300, 4)
    let labels = (0..<n).map { _ in Int(rng.next() % UInt64(k)) }
    for scale in [0.3, 1.0, 4.0] {
        let draws = (0..<5).map { _ in (0..<(n * k)).map { j in scale * (rng.normal() + (j % k == labels[j / k] ? 1 : 0)) } }
        let t = ClassificationMetrics.fitTemperature(logitDraws: draws, classes: k, labels: labels)
        #expect(ClassificationMetrics.validationNLL(logitDraws: draws, classes: k, labels: labels, temperature: t)
                <= ClassificationMetrics.validationNLL(logitDraws: draws, classes: k, labels: labels, temperature: 1))
        let one = ClassificationMetrics.fitTemperature(logitDraws: [draws[0]], classes: k, labels: labels)
        let guo = ClassificationMetrics.fitTemperature(logits: draws[0], classes: k, labels: labels)
        #expect(abs(one / guo - 1) < 1e-6, "\(one) vs \(guo)")
    }
}

/// A perfectly calibrated predictor: confidence c ~ U(0.5, 1) on class 0 of two, the label drawn
/// as 0 with probability c, 4,000 inputs. Its ECE is not 0 (each bin's accuracy is a binomial
/// proportion), but it stays within the sampling error: below Σ_b (n_b/n) · 3 √(c̄_b(1 − c̄_b)/n_b),
/// i.e. 3 binomial standard errors per bin. An over-confident predictor (reporting c but right with
/// probability c − 0.1) exceeds that bound.
@Test("ECE of a perfectly calibrated synthetic predictor is within its sampling error (3 SE per bin); an over-confident one is not")
func eceOfACalibratedPredictor() {
    var rng = Xoshiro256(seed: 14)
    let n = 4000
    for offset in [0.0, 0.1] {
        var p = [Double](), labels = [Int]()
        for _ in 0..<n {
            let c = rng.uniform(0.5, 1)
            p += [c, 1 - c]
            labels.append(rng.uniform() < c - offset ? 0 : 1)
        }
        let bins = ClassificationMetrics.reliability(p, classes: 2, labels: labels, bins: 10)
        let bound = bins.filter { $0.count > 0 }.reduce(0.0) { $0 + Double($1.count) / Double(n) * 3 * ($1.confidence * (1 - $1.confidence) / Double($1.count)).squareRoot() }
        let ece = ClassificationMetrics.expectedCalibrationError(p, classes: 2, labels: labels, bins: 10)
        if offset == 0 { #expect(ece < bound, "ECE \(ece), bound \(bound)") } else { #expect(ece > bound, "ECE \(ece), bound \(bound)") }
    }
}
