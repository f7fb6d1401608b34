import Testing
import Autodiff
import Probability

/// op(a) · op(b) by the definition, for comparison.
func naiveProduct(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
    let A = transposeA ? a.transposed() : a, B = transposeB ? b.transposed() : b
    let (n, k, m) = (A.shape[0], A.shape[1], B.shape[1])
    var c = Tensor.zeros([n, m])
    for i in 0..<n { for j in 0..<m { for p in 0..<k { c[i, j] += A[i, p] * B[p, j] } } }
    return c
}

/// The product (a vector on either side, a column from a transposed A, which the kernel turns into
/// a row) with every transpose flag agrees with the definition to 1e-12.
@Test(arguments: [(n: 3, k: 4, m: 5), (n: 40, k: 30, m: 20), (n: 200, k: 10, m: 1), (n: 1, k: 200, m: 10), (n: 1, k: 600, m: 1)])
func matrixProductMatchesTheDefinition(_ size: (n: Int, k: Int, m: Int)) {
    var rng = Xoshiro256(seed: 21)
    for transposeA in [false, true] {
        for transposeB in [false, true] {
            let a = Tensor.normal(transposeA ? [size.k, size.n] : [size.n, size.k], using: &rng)
            let b = Tensor.normal(transposeB ? [size.m, size.k] : [size.k, size.m], using: &rng)
            let c = Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
            let expected = naiveProduct(a, b, transposeA: transposeA, transposeB: transposeB)
            #expect(c.shape == expected.shape)
            let worst = zip(c.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-12, "\(size), transposeA \(transposeA), transposeB \(transposeB): \(worst)")
        }
    }
}

/// The pointer-based kernels accept empty operands: sums, transposes and products of matrices
/// with no rows or no columns, and the gradient of an empty slice.
@Test func emptyMatricesPassThroughTheKernels() {
    let noColumns = Tensor(shape: [3, 0], scalars: []), noRows = Tensor(shape: [0, 3], scalars: [])
    #expect(noColumns.sum(alongAxis: 1).scalars == [0, 0, 0])
    #expect(noColumns.sum(alongAxis: 0).count == 0 && noRows.sum(alongAxis: 1).count == 0)
    #expect(noRows.transposed().shape == [3, 0])
    #expect(Tensor.matmul(noColumns, noRows).scalars == [Double](repeating: 0, count: 9))
    let g = gradient(at: Tensor([1, 2, 3])) { θ in θ.sum() + θ.slice(1..<1, shape: [0]).sum() }
    #expect(g.scalars == [1, 1, 1])
}
