import Foundation
import Testing
import Autodiff
import Probability

/// A primitive under test: a function from one input to a tensor, and an input shape.
struct PrimitiveCase: CustomTestStringConvertible, Sendable {
    init(name: String, shape: [Int] = [3, 4], positive: Bool = false, f: @escaping @Sendable (Variable) -> Variable) {
        self.name = name; self.shape = shape; self.positive = positive; self.f = f
    }
    let name: String
    let shape: [Int]
    /// Inputs are drawn from N(0,1), shifted by `offset` and made positive when `positive`.
    let positive: Bool
    let f: @Sendable (Variable) -> Variable
    var testDescription: String { name }
}

// A second operand for the binary primitives (and for broadcasting): fixed, positive.
let other = Tensor(shape: [3, 4], scalars: (0..<12).map { 0.5 + Double($0) / 7 })
let row = Tensor((0..<4).map { 0.7 + Double($0) / 5 })
let column = Tensor.column([1.3, 0.6, 2.1])

let primitiveCases: [PrimitiveCase] = [
    PrimitiveCase(name: "add") { $0 + other },
    PrimitiveCase(name: "add, row broadcast") { $0 + row },
    PrimitiveCase(name: "add, broadcast operand differentiated", shape: [4]) { other + $0 },
    PrimitiveCase(name: "add, column broadcast", shape: [3, 1]) { $0 + other },
    PrimitiveCase(name: "sub") { other - $0 },
    PrimitiveCase(name: "sub, row broadcast", shape: [4]) { other - $0 },
    PrimitiveCase(name: "mul") { $0 * other },
    PrimitiveCase(name: "mul, self") { $0 * $0 },
    PrimitiveCase(name: "mul, row broadcast", shape: [4]) { other * $0 },
    PrimitiveCase(name: "mul, scalar broadcast", shape: []) { $0 * other },
    PrimitiveCase(name: "div, numerator") { $0 / other },
    PrimitiveCase(name: "div, denominator", positive: true) { other / $0 },
    PrimitiveCase(name: "div, column broadcast", shape: [3, 1], positive: true) { other / $0 },
    PrimitiveCase(name: "neg") { -$0 },
    PrimitiveCase(name: "matmul, left", shape: [2, 3]) { matmul($0, other) },
    PrimitiveCase(name: "matmul, right", shape: [4, 2]) { matmul(other, $0) },
    PrimitiveCase(name: "matmul, both") { matmul($0, $0.transposed()) },
    PrimitiveCase(name: "affine, input", shape: [2, 3]) { affine($0, $0.constant(other), $0.constant(row)) },
    PrimitiveCase(name: "affine, weights", shape: [3, 4]) { affine($0.constant(other.transposed()), $0, $0.constant(row)) },
    PrimitiveCase(name: "affine, bias", shape: [3]) { affine($0.constant(other), $0.constant(other.transposed()), $0) * 0.5 },
    PrimitiveCase(name: "affine, larger (40 × 30 · 30 × 20)", shape: [40, 30]) { v in
        affine(v, v.constant(Tensor(shape: [30, 20], scalars: (0..<600).map { Double($0 % 7) / 7 - 0.4 })), v.constant(Tensor((0..<20).map { Double($0) / 20 })))
    },
    PrimitiveCase(name: "transpose") { $0.transposed() * other.transposed() },
    PrimitiveCase(name: "sum") { ($0 * other).sum() },
    PrimitiveCase(name: "sum along axis 0") { $0.sum(alongAxis: 0) },
    PrimitiveCase(name: "sum along axis 1") { $0.sum(alongAxis: 1) },
    PrimitiveCase(name: "mean") { ($0 * other).mean() },
    PrimitiveCase(name: "mean squared difference") { $0.meanSquaredDifference(to: other) },
    PrimitiveCase(name: "softmax cross-entropy (3 rows, 4 classes)") { $0.softmaxCrossEntropy(labels: [2, 0, 3]) },
    PrimitiveCase(name: "softmax cross-entropy, large logits", shape: [3, 4]) { ($0 * 300).softmaxCrossEntropy(labels: [1, 1, 0]) * 0.01 },
    PrimitiveCase(name: "binary cross-entropy", shape: [5, 1]) { $0.binaryCrossEntropy(labels: [1, 0, 0, 1, 1]) },
    PrimitiveCase(name: "mean along axis 0") { $0.mean(alongAxis: 0) },
    PrimitiveCase(name: "mean along axis 1") { $0.mean(alongAxis: 1) },
    PrimitiveCase(name: "exp") { exp($0) },
    PrimitiveCase(name: "log", positive: true) { log($0) },
    PrimitiveCase(name: "tanh") { tanh($0) },
    PrimitiveCase(name: "relu") { relu($0) },
    PrimitiveCase(name: "sigmoid") { sigmoid($0) },
    PrimitiveCase(name: "softplus") { softplus($0) },
    PrimitiveCase(name: "square") { square($0) },
    PrimitiveCase(name: "sqrt", positive: true) { sqrt($0) },
    PrimitiveCase(name: "reshape") { $0.reshaped([4, 3]) * other.reshaped([4, 3]) },
    PrimitiveCase(name: "slice", shape: [20]) { $0.slice(3..<15, shape: [3, 4]) * other },
    PrimitiveCase(name: "columns") { $0.columns(1..<3) },
    PrimitiveCase(name: "concatenate vectors", shape: [5]) { concatenate([$0, $0 * 2, $0.slice(1..<3, shape: [2])]) },
    PrimitiveCase(name: "concatenate rows") { concatenate([$0, $0.constant(other)], alongAxis: 0) * 1.5 },
    PrimitiveCase(name: "concatenate columns") { concatenate([$0, exp($0)], alongAxis: 1) },
]


/// Every primitive's pullback against central differences: for a random weighting w, the
/// scalar L(x) = Σ w ⊙ f(x) has ∂L/∂xᵢ ≈ (L(x + h eᵢ) − L(x − h eᵢ)) / 2h, with error O(h²).
/// With h = 1e-5 the truncation error is ~1e-10 and the rounding error ~1e-11, so a relative
/// tolerance of 1e-6 has a wide margin.
@Test("gradient of each primitive matches central differences", arguments: primitiveCases)
func gradientMatchesCentralDifferences(_ c: PrimitiveCase) throws {
    var rng = Xoshiro256(seed: 7)
    let x = Tensor(shape: c.shape, scalars: (0..<c.shape.reduce(1, *)).map { _ in
        let z = rng.normal()
        return c.positive ? 0.3 + abs(z) : z
    })
    let outShape = evaluate(at: x, c.f).shape
    let w = Tensor(shape: outShape, scalars: (0..<outShape.reduce(1, *)).map { _ in rng.normal() })
    let loss: (Variable) -> Variable = { v in (c.f(v) * w).sum() }
    let (_, g) = valueWithGradient(at: x, loss)
    #expect(g.shape == x.shape)
    let h = 1e-5
    for i in 0..<x.count {
        var xp = x, xm = x
        xp.scalars[i] += h; xm.scalars[i] -= h
        let numeric = (evaluate(at: xp, loss).scalar - evaluate(at: xm, loss).scalar) / (2 * h)
        let scale = max(1, abs(numeric))
        #expect(abs(g.scalars[i] - numeric) <= 1e-6 * scale,
                "\(c.name): ∂/∂x[\(i)] analytic \(g.scalars[i]) vs numeric \(numeric)")
    }
}

/// The classification losses' values by hand: two classes with equal logits cost ln 2 per row;
/// softmax cross-entropy of two logits equals the binary cross-entropy of their difference; a
/// logit of 800 does not overflow.
@Test("softmax and binary cross-entropy: ln 2 for a tie, the two agree on two classes, no overflow")
func crossEntropyValues() {
    #expect(abs(evaluate(at: Tensor(shape: [3, 2], scalars: [1, 1, -2, -2, 0, 0])) { $0.softmaxCrossEntropy(labels: [0, 1, 1]) }.scalar - Foundation.log(2)) < 1e-15)
    let z: [Double] = [0.3, -1.2, 2.5, 0.0]
    let pairs = Tensor(shape: [4, 2], scalars: z.flatMap { [0, $0] })
    let softmax = evaluate(at: pairs) { $0.softmaxCrossEntropy(labels: [1, 0, 1, 0]) }.scalar
    let binary = evaluate(at: Tensor(shape: [4, 1], scalars: z)) { $0.binaryCrossEntropy(labels: [1, 0, 1, 0]) }.scalar
    #expect(abs(softmax - binary) < 1e-15)
    let huge = evaluate(at: Tensor(shape: [1, 2], scalars: [800, 0])) { $0.softmaxCrossEntropy(labels: [1]) }.scalar
    #expect(huge == 800)
}
