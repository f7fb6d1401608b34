import CKernels
import Foundation
import NumericalMethods

extension RandomNumberGenerator {
    /// A uniform draw on [0, 1) with 53 random bits.
    @inlinable
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform draw on [`low`, `high`).
    @inlinable
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A standard normal draw, z ~ N(0, 1), by the Box–Muller transform
    /// z = √(−2 ln u₁) · cos(2π u₂) with u₁ ∈ (0, 1].
    @inlinable
    public mutating func normal() -> Double {
        let u1 = 1.0 - uniform()          // (0, 1]: log is finite
        let u2 = uniform()
        return (-2.0 * Elementary.log(u1)).squareRoot() * Elementary.cos(turns: u2)
    }

    /// A normal draw x ~ N(`mean`, `standardDeviation`²).
    @inlinable
    public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * normal()
    }

    /// `count` independent standard normal draws (see ``normals(into:)``).
    public mutating func normals(_ count: Int) -> [Double] {
        var z = [Double](repeating: 0, count: count)
        normals(into: &z)
        return z
    }

    /// Fills `z` with independent standard normal draws: the same numbers as `z.count` calls of
    /// ``normal()``, in order (the uniforms are drawn in the same sequence, u₁ then u₂ for each).
    /// From 16 draws on the transform runs on eight lanes at once (`uq_normals`, the same bits),
    /// with u₁ held in `z` itself and one scratch array for u₂; fewer are drawn one at a time, with
    /// no allocation. Inlinable, so that the generator's `next()` is specialised and inlined at the
    /// caller rather than called through the protocol.
    @inlinable
    public mutating func normals(into z: inout [Double]) {
        let count = z.count
        if count < 16 {
            for i in 0..<count { z[i] = normal() }
            return
        }
        var u2 = [Double](repeating: 0, count: count)
        for i in 0..<count {
            z[i] = 1.0 - uniform()
            u2[i] = uniform()
        }
        z.withUnsafeMutableBufferPointer { uq_normals(-1, $0.baseAddress!, $0.baseAddress!, u2, count) }
    }

    /// A Bernoulli draw: `true` with probability `p`.
    @inlinable
    public mutating func bernoulli(_ p: Double) -> Bool {
        uniform() < p
    }

    /// A categorical draw: index k with probability wₖ / Σⱼ wⱼ (weights need not be normalised).
    ///
    /// - Precondition: the weights are non-negative and not all zero.
    public mutating func categorical(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0 && weights.allSatisfy { $0 >= 0 }, "categorical: weights must be non-negative with a positive sum")
        var u = uniform() * total
        for (k, w) in weights.enumerated() {
            u -= w
            if u < 0 { return k }
        }
        return weights.lastIndex { $0 > 0 }!
    }

    /// A uniformly random permutation of 0..<n (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n < 2 { return p }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            p.swapAt(i, j)
        }
        return p
    }
}
