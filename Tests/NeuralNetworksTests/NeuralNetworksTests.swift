import Foundation
import Testing
import Autodiff
import NeuralNetworks
import Probability

@Test func parameterCountAndLayout() {
    let net = MLP(sizes: [1, 50, 50, 1])
    #expect(net.parameterCount == 2 * 50 + 51 * 50 + 51)
    #expect(net.layout(0).weights == 0..<50)
    #expect(net.layout(0).bias == 50..<100)
    #expect(net.layout(1).weights == 100..<2600)
    #expect(net.layout(2).bias.upperBound == net.parameterCount)
}

@Test func mlpMatchesHandWrittenForwardPass() {
    let net = MLP(sizes: [2, 3, 1], activation: .tanh)
    var rng = Xoshiro256(seed: 1)
    let θ = net.initialParameters(using: &rng)
    let x = Tensor(rows: [[0.5, -1.0], [2.0, 0.25]])
    let out = net.predict(x, parameters: θ)
    let p = θ.scalars
    for i in 0..<2 {
        var y = p[12]  // layout: W1 0..<6, b1 6..<9, W2 9..<12, b2 12
        for j in 0..<3 {
            let pre = x[i, 0] * p[j] + x[i, 1] * p[3 + j] + p[6 + j]
            y += Foundation.tanh(pre) * p[9 + j]
        }
        #expect(abs(out[i, 0] - y) < 1e-12)
    }
}

@Test(arguments: Activation.allCases)
func mlpGradientMatchesCentralDifferences(_ activation: Activation) {
    let net = MLP(sizes: [1, 4, 3, 2], activation: activation)
    var rng = Xoshiro256(seed: 2)
    let θ = net.initialParameters(.glorot, using: &rng) + Tensor.normal([net.parameterCount], standardDeviation: 0.1, using: &rng)
    let x = Tensor.normal([5, 1], using: &rng), y = Tensor.normal([5, 2], using: &rng)
    let loss: (Variable) -> Variable = { meanSquaredError(net(x, parameters: $0), y) }
    let g = gradient(at: θ, loss)
    let h = 1e-6
    for i in 0..<θ.count {
        var p = θ, m = θ
        p.scalars[i] += h; m.scalars[i] -= h
        let numeric = (evaluate(at: p, loss).scalar - evaluate(at: m, loss).scalar) / (2 * h)
        #expect(abs(g.scalars[i] - numeric) < 1e-6 * max(1, abs(numeric)))
    }
}

@Test func gaussianNLLMatchesClosedForm() {
    let mu = Tensor.column([0.0, 1.0]), v = Tensor.column([0.5, 2.0]), y = Tensor.column([0.3, -1.0])
    let value = evaluate(at: mu) { m in gaussianNegativeLogLikelihood(mean: m, variance: m.constant(v), y) }.scalar
    let expected = -(normalLogDensity(0.3, mean: 0, variance: 0.5) + normalLogDensity(-1, mean: 1, variance: 2)) / 2
    #expect(abs(value - expected) < 1e-12)
}

/// The fused Gaussian head and likelihood is the composite, bit for bit: its value, its gradient
/// with respect to the outputs (special values included: a variance column far below and above 0,
/// residuals of ±0), and a deep-ensemble member's gradient through an MLP with an adversarial
/// second loss, where the tape accumulates several adjoints.
@Test func fusedGaussianHeadLikelihoodIsTheCompositeBitForBit() {
    func composite(_ out: Variable, _ y: Tensor) -> Variable {
        let (mu, variance) = gaussianHead(out)
        return gaussianNegativeLogLikelihood(mean: mu, variance: variance, y)
    }
    func same(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern } }
    var rng = Xoshiro256(seed: 4)
    let n = 37
    var o = (0..<(2 * n)).map { _ in 3 * rng.normal() }
    var ys = (0..<n).map { _ in rng.normal() }
    o[1] = -800; o[3] = 800; o[5] = 0; o[7] = -0.0   // variance columns: sigmoid 0 and 1, softplus(±0)
    o[0] = ys[0]; ys[2] = 0; o[4] = -0.0              // residuals +0 and −0
    let y = Tensor(shape: [n, 1], scalars: ys)
    let out = Tensor(shape: [n, 2], scalars: o)
    let (fusedValue, fusedGradient) = valueWithGradient(at: out) { gaussianHeadNegativeLogLikelihood($0, y) }
    let (compositeValue, compositeGradient) = valueWithGradient(at: out) { composite($0, y) }
    #expect(fusedValue.bitPattern == compositeValue.bitPattern)
    #expect(same(fusedGradient.scalars, compositeGradient.scalars))

    let net = MLP(sizes: [3, 16, 2], activation: .tanh)
    let θ = net.initialParameters(using: &rng)
    let x = Tensor(shape: [n, 3], scalars: (0..<(3 * n)).map { _ in rng.normal() })
    let shifted = x + Tensor(shape: [n, 3], scalars: (0..<(3 * n)).map { _ in 0.01 * rng.normal() })
    func member(_ loss: @escaping (Variable, Tensor) -> Variable) -> (Double, [Double]) {
        let (v, g) = valueWithGradient(at: θ) { w in loss(net(x, parameters: w), y) + loss(net(shifted, parameters: w), y) }
        return (v, g.scalars)
    }
    let (a, b) = (member { gaussianHeadNegativeLogLikelihood($0, $1) }, member(composite))
    #expect(a.0.bitPattern == b.0.bitPattern && same(a.1, b.1))
}

@Test func adamFirstStepIsLearningRateTimesSign() {
    // With m̂ = g and v̂ = g² after one step, the update is η g/(|g| + ε) ≈ η sign(g).
    var adam = Adam(.constant(0.1))
    var θ = Tensor([1.0, -2.0, 3.0])
    adam.update(&θ, gradient: Tensor([0.5, -4.0, 1e-3]))
    let expected = [1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 4 / (4 + 1e-8), 3.0 - 0.1 * 1e-3 / (1e-3 + 1e-8)]
    for (a, b) in zip(θ.scalars, expected) { #expect(abs(a - b) < 1e-12) }
}

/// The one-division order of the update is the textbook Adam: 50 steps on 11 parameters (one
/// full group of eight lanes and one partial group) agree with m̂/(√v̂ + ε) written out, to 1e-13.
@Test func adamMatchesTheTextbookFormula() {
    var rng = Xoshiro256(seed: 8)
    var adam = Adam(.constant(0.05))
    var θ = Tensor.normal([11], using: &rng)
    var reference = θ.scalars, m = [Double](repeating: 0, count: 11), v = m
    for t in 1...50 {
        let g = Tensor.normal([11], using: &rng)
        adam.update(&θ, gradient: g)
        for i in 0..<11 {
            m[i] = 0.9 * m[i] + 0.1 * g.scalars[i]
            v[i] = 0.999 * v[i] + 0.001 * g.scalars[i] * g.scalars[i]
            let mHat = m[i] / (1 - Foundation.pow(0.9, Double(t))), vHat = v[i] / (1 - Foundation.pow(0.999, Double(t)))
            reference[i] -= 0.05 * mHat / (vHat.squareRoot() + 1e-8)
        }
    }
    for (a, b) in zip(θ.scalars, reference) { #expect(abs(a - b) <= 1e-13 * max(1, abs(b))) }
}

@Test func sgdWithMomentum() {
    var sgd = SGD(.constant(0.1), momentum: 0.9)
    var θ = Tensor([1.0])
    sgd.update(&θ, gradient: Tensor([1.0]))   // v = 1, θ = 0.9
    sgd.update(&θ, gradient: Tensor([1.0]))   // v = 1.9, θ = 0.71
    #expect(abs(θ.scalars[0] - 0.71) < 1e-12)
}

@Test func learningRateSchedules() {
    #expect(LearningRateSchedule.constant(0.1).rate(at: 1000) == 0.1)
    let step = LearningRateSchedule.step(1, every: 10, factor: 0.5)
    #expect(step.rate(at: 9) == 1 && step.rate(at: 10) == 0.5 && step.rate(at: 25) == 0.25)
    let cosine = LearningRateSchedule.cosine(1, period: 100, minimum: 0.1)
    #expect(cosine.rate(at: 0) == 1)
    #expect(abs(cosine.rate(at: 50) - 0.55) < 1e-12)
    #expect(cosine.rate(at: 100) == 1)  // warm restart
}

@Test func trainingReducesTheLoss() throws {
    let net = MLP(sizes: [1, 16, 1])
    var rng = Xoshiro256(seed: 3)
    let xs = (0..<32).map { Double($0) / 16 - 1 }
    let x = Tensor.column(xs), y = Tensor.column(xs.map { Foundation.sin(3 * $0) })
    var adam = Adam(.constant(0.01))
    let result = try train(from: net.initialParameters(using: &rng), steps: 500, optimizer: &adam) { _, θ in
        meanSquaredError(net(x, parameters: θ), y)
    }
    #expect(result.losses.last! < result.losses.first! / 10)
}

@Test func divergenceIsReportedWithTheStep() {
    let net = MLP(sizes: [1, 8, 1])
    var rng = Xoshiro256(seed: 4)
    let x = Tensor.column([1, 2, 3]), y = Tensor.column([1e3, -1e3, 1e3])
    var sgd = SGD(.constant(1e3))
    #expect {
        _ = try train(from: net.initialParameters(using: &rng), steps: 200, optimizer: &sgd) { _, θ in
            meanSquaredError(net(x, parameters: θ), y)
        }
    } throws: { error in
        guard let d = error as? TrainingDiverged else { return false }
        return d.description.contains("step \(d.step)") && d.description.contains("smaller learning rate")
    }
}

/// The heteroscedastic head: a two-column output becomes μ and σ² = softplus(raw) + 1e-6, and the
/// Gaussian NLL through it has the gradient central differences give.
@Test func heteroscedasticHeadAndItsGradient() {
    let net = MLP(sizes: [1, 5, 2])
    var rng = Xoshiro256(seed: 6)
    let θ = net.initialParameters(.glorot, using: &rng)
    let x = Tensor.normal([7, 1], using: &rng), y = Tensor.normal([7, 1], using: &rng)
    let loss: (Variable) -> Variable = { θ in
        let (mean, variance) = gaussianHead(net(x, parameters: θ))
        return gaussianNegativeLogLikelihood(mean: mean, variance: variance, y)
    }
    // The value by hand from the raw outputs.
    let out = net.predict(x, parameters: θ)
    let expected = (0..<7).map { i -> Double in
        let v = softplus(out[i, 1]) + 1e-6
        return -normalLogDensity(y[i, 0], mean: out[i, 0], variance: v)
    }.reduce(0, +) / 7
    #expect(abs(evaluate(at: θ, loss).scalar - expected) < 1e-12)
    let g = gradient(at: θ, loss)
    for i in 0..<θ.count {
        var p = θ, m = θ
        p.scalars[i] += 1e-6; m.scalars[i] -= 1e-6
        let numeric = (evaluate(at: p, loss).scalar - evaluate(at: m, loss).scalar) / 2e-6
        #expect(abs(g.scalars[i] - numeric) < 1e-6 * max(1, abs(numeric)))
    }
}
