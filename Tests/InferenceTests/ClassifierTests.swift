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

/// The last-layer Laplace precision H = LLᵀ against central differences (step 1e-5) of the
/// posterior's gradient in the last layer's weights: for a softmax the GGN in the last layer is the
/// exact Hessian of −ln p(w | D), so they agree to the differences' error (1e-6 relative to max |H|).
@Test("LastLayerLaplaceClassifier: the GGN precision is the Hessian of the negative log posterior in the last layer")
func lastLayerLaplacePrecisionIsTheHessian() throws {
    var rng = Xoshiro256(seed: 15)
    let network = MLP(sizes: [2, 4, 3], activation: .tanh)
    let n = 12
    let x = (0..<(2 * n)).map { _ in rng.normal() }
    let y = (0..<n).map { $0 % 3 }
    let θ = network.initialParameters(using: &rng).scalars.map { $0 * 3 }
    let laplace = try LastLayerLaplaceClassifier(network: network, map: θ, inputs: x, labels: y, priorVariance: 2)
    let d = laplace.dimension
    #expect(d == 15)
    var h = [Double](repeating: 0, count: d * d)
    for i in 0..<d { for j in 0..<d { for k in 0..<d { h[i * d + j] += laplace.factor[i * d + k] * laplace.factor[j * d + k] } } }
    let target = BayesianMLPClassifier(network: network, inputs: x, labels: y, priorVariance: 2).logDensityGradient
    let (w, b) = network.layout(1)
    let indices = Array(w) + Array(b)
    let scale = h.map(abs).max()!
    for (a, ia) in indices.enumerated() {
        var plus = θ, minus = θ
        plus[ia] += 1e-5
        minus[ia] -= 1e-5
        let (gp, gm) = (target(plus).gradient, target(minus).gradient)
        for (c, ic) in indices.enumerated() {
            let numeric = -(gp[ic] - gm[ic]) / 2e-5
            #expect(abs(numeric - h[a * d + c]) < 1e-6 * scale, "H[\(a), \(c)]: \(h[a * d + c]) vs \(numeric)")
        }
    }
    // The draws change only the last layer.
    let draws = laplace.sample(count: 3, using: &rng)
    #expect(draws.allSatisfy { Array($0[0..<w.lowerBound]) == Array(θ[0..<w.lowerBound]) })
}

/// The mini-batch gradient is unbiased: the mean of 4,000 estimates (batches of 5 of 40 points) is
/// within 4 standard errors of the full gradient, in every coordinate.
@Test("BayesianMLPClassifier.stochasticGradient is unbiased (4,000 batches, 4 SE)")
func classifierStochasticGradientIsUnbiased() {
    var rng = Xoshiro256(seed: 16)
    let network = MLP(sizes: [2, 3, 2], activation: .tanh)
    let n = 40
    let x = (0..<(2 * n)).map { _ in rng.normal() }
    let y = (0..<n).map { $0 % 2 }
    let posterior = BayesianMLPClassifier(network: network, inputs: x, labels: y)
    let w = network.initialParameters(using: &rng).scalars
    let full = posterior.logDensityGradient(w).gradient
    let estimates = (0..<4000).map { _ in posterior.stochasticGradient(w, batchSize: 5, using: &rng) }
    for j in w.indices {
        let column = estimates.map { $0[j] }
        let (m, se) = meanAndStandardError(column)
        #expect(abs(m - full[j]) < 4 * se + 1e-12, "coordinate \(j): \(m) ± \(se) vs \(full[j])")
    }
}
