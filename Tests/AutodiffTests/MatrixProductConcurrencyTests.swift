import Foundation
import Testing
import Autodiff
import Probability

/// The layer shapes of the course (n × k · k × m): the standard network at batch 20 and 32, the
/// wide one at batch 256 in the three products of a layer, vectors on either side, and odd sizes.
let productShapes: [(n: Int, k: Int, m: Int)] = [
    (20, 50, 50), (32, 50, 50), (20, 1, 50), (20, 50, 1), (1, 20, 50), (40, 30, 20),
    (256, 512, 64), (64, 256, 96), (200, 10, 1), (7, 9, 31), (9, 513, 8), (1, 1, 1),
]

/// Products from 8 threads at once, every shape and transpose, each repeated, must equal the
/// single-threaded results bit for bit: the kernels keep no global state.
@Test func productsFromEightThreadsEqualTheSingleThreadedOnesBitForBit() {
    var rng = Xoshiro256(seed: 16)
    let cases: [ProductCase] = productShapes.flatMap { s in
        [(false, false), (true, false), (false, true), (true, true)].map { ta, tb in
            ProductCase(a: Tensor.normal(ta ? [s.k, s.n] : [s.n, s.k], using: &rng),
                        b: Tensor.normal(tb ? [s.m, s.k] : [s.k, s.m], using: &rng), ta: ta, tb: tb)
        }
    }
    let expected = cases.map { Tensor.matmul($0.a, $0.b, transposeA: $0.ta, transposeB: $0.tb).scalars }
    let threads = 8, rounds = 100
    // Eight operating-system threads (not a pool sized to the cores), each counting into its own slot.
    let mismatches = Slots(count: threads)
    let done = DispatchGroup()
    for t in 0..<threads {
        done.enter()
        Thread.detachNewThread {
            defer { done.leave() }
            var wrong = 0
            for round in 0..<rounds {
                // Every thread walks the cases from a different start, so different shapes overlap.
            for offset in 0..<cases.count {
                let i = (offset + 5 * t + round) % cases.count
                let c = cases[i]
                if Tensor.matmul(c.a, c.b, transposeA: c.ta, transposeB: c.tb).scalars != expected[i] { wrong += 1 }
            }
            }
            mismatches.values[t] = wrong
        }
    }
    done.wait()
    #expect(mismatches.total == 0, "wrong products out of \(threads * rounds * cases.count)")
}

struct ProductCase: Sendable {
    let a: Tensor, b: Tensor, ta: Bool, tb: Bool
}

/// One counter per thread, in memory allocated once; each thread writes only its own.
final class Slots: @unchecked Sendable {
    let values: UnsafeMutableBufferPointer<Int>
    init(count: Int) { values = .allocate(capacity: count); values.initialize(repeating: 0) }
    deinit { values.deallocate() }
    var total: Int { values.reduce(0, +) }
}
