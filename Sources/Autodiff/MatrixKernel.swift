import CKernels

/// Which of the course's matrix-product kernels runs (see `Sources/CKernels`).
///
/// Every kernel computes each element of C = A·B as the same recurrence,
/// c ← fma(a_ip, b_pj, c) for p = 0, 1, …, k − 1 starting from +0 (or from C's value when
/// accumulating, or from a bias row), so all of them give the same bits; they differ only in
/// speed. The widest one the CPU can run is chosen when the program starts;
/// `UQ_MATRIX_KERNEL=portable|avx2|avx512` in the environment selects a narrower one (an
/// unavailable choice falls back to the widest).
/// The elementwise kernels (tanh, its pullback, eˣ − 1, Adam, column sums, ReLU's pullback;
/// `ElementwiseKernels.swift`) and the batched elementary functions (eˣ, ln x, softplus, σ and
/// the normal draws) run in the same instruction set, so one binary runs on any x86-64, uses what
/// each CPU has, and plays a narrower CPU when told to.
public enum MatrixKernel: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// Plain C with the compiler's generic vectors and fused multiply-adds: 4 × 8 tiles of C, any CPU.
    case portable = 0
    /// x86-64 with AVX2 and FMA: 6 × 8 tiles of C in 256-bit registers.
    case avx2 = 1
    /// x86-64 with AVX-512F: 8 × 24 tiles of C in 512-bit registers.
    case avx512 = 2

    public var description: String {
        switch self {
        case .portable: return "portable"
        case .avx2: return "avx2"
        case .avx512: return "avx512"
        }
    }

    /// Whether this CPU (and its operating system) can run the kernel.
    public var isAvailable: Bool { Self.available.contains(self) }

    /// The kernels this CPU can run, narrowest first. Asked once: `cpuid` is slow under a
    /// hypervisor (it traps to the host).
    public static let available: [MatrixKernel] = allCases.filter { uq_matrix_kernel_available(UQMatrixKernel(UInt32($0.rawValue))) != 0 }

    /// The kernel every product uses (fixed for the life of the process): `uq_selected_kernel()`,
    /// the one choice that the elementwise kernels and the batched elementary functions (`Elementary`,
    /// the normal draws) follow too.
    public static let selected = MatrixKernel(rawValue: Int(uq_selected_kernel().rawValue))!
}

extension Tensor {
    /// C += op(A) · op(B) on raw row-major storage with a chosen kernel: op(A) is rows×inner,
    /// op(B) inner×columns, C rows×columns. A and B are stored with their `leading` numbers per
    /// row; C's rows lie the `leading` after `into:` apart (ldc ≥ columns; `columns` when not
    /// given), and its numbers between rows (columns m ..< ldc) are neither read nor written.
    /// With `overwrite`, C = op(A) · op(B) and C may hold anything on entry. Element (i, j) is
    /// c ← fma(op(A)_ip, op(B)_pj, c) for p ascending, whatever the kernel.
    public static func multiplyAccumulate(rows n: Int, columns m: Int, inner k: Int,
                                          _ a: UnsafePointer<Double>, leading lda: Int, transposed transposeA: Bool,
                                          _ b: UnsafePointer<Double>, leading ldb: Int, transposed transposeB: Bool,
                                          into c: UnsafeMutablePointer<Double>, leading ldc: Int? = nil, overwrite: Bool,
                                          kernel: MatrixKernel) {
        precondition(kernel.isAvailable, "matrix kernel \(kernel) is not available on this CPU")
        precondition((ldc ?? m) >= m, "matrix product: rows of C \(ldc ?? m) apart cannot hold \(m) columns")
        uq_matrix_multiply_accumulate(UQMatrixKernel(UInt32(kernel.rawValue)), n, m, k, a, lda, transposeA ? 1 : 0,
                                      b, ldb, transposeB ? 1 : 0, c, ldc ?? m, overwrite ? 1 : 0)
    }
}

extension Tensor {
    /// C = 1·sᵀ + op(A) · op(B) with a chosen kernel, s = `startRow` (a layer's bias, `columns`
    /// numbers), on raw storage as in ``multiplyAccumulate(rows:columns:inner:_:leading:transposed:_:leading:transposed:into:leading:overwrite:kernel:)``
    /// (C's rows the `leading` after `into:` apart, `columns` when not given; its numbers between
    /// rows untouched): element (i, j) starts from s_j and continues c ← fma(op(A)_ip, op(B)_pj, c)
    /// for p ascending, the bits of filling every row of C with s and accumulating, without that
    /// pass over C. C may hold anything on entry; `startRow` must not lie inside C.
    public static func multiply(rows n: Int, columns m: Int, inner k: Int,
                                _ a: UnsafePointer<Double>, leading lda: Int, transposed transposeA: Bool,
                                _ b: UnsafePointer<Double>, leading ldb: Int, transposed transposeB: Bool,
                                into c: UnsafeMutablePointer<Double>, leading ldc: Int? = nil,
                                startingFrom startRow: UnsafePointer<Double>, kernel: MatrixKernel = .selected) {
        precondition(kernel.isAvailable, "matrix kernel \(kernel) is not available on this CPU")
        precondition((ldc ?? m) >= m, "matrix product: rows of C \(ldc ?? m) apart cannot hold \(m) columns")
        uq_matrix_multiply_from_row(UQMatrixKernel(UInt32(kernel.rawValue)), n, m, k, a, lda, transposeA ? 1 : 0,
                                    b, ldb, transposeB ? 1 : 0, c, ldc ?? m, startRow)
    }
}

extension MatrixKernel {
    /// The floating-point operations per second one core reaches on fused multiply-adds in this
    /// kernel's registers: 12 independent chains of vector FMAs for `iterations` rounds (see
    /// `Sources/CKernels/include/fma_probe.h`), timed by `seconds`, which runs its argument once.
    /// The yardstick for the products: their flops per second over this is their share of the peak.
    public func peakFlopsPerSecond(iterations: Int, seconds: (() -> Void) -> Double) -> Double {
        precondition(isAvailable, "matrix kernel \(self) is not available on this CPU")
        var flops = 0.0
        let t = seconds { flops = uq_fma_peak_probe(code, iterations) }
        return flops / t
    }
}
