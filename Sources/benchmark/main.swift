// Times the course's workloads: one training step (forward + backward + Adam) of the standard
// network and of a wide one, the same settings as the Python peers in shared/peers/bench_mlp.py.
//
//   swift run -c release benchmark            # a table
//   swift run -c release benchmark --json     # one JSON object per workload and line

import ArgumentParser
import Autodiff
import Dispatch
import Foundation
import NeuralNetworks
import Probability

struct Workload {
    let name: String
    let hidden: Int
    /// nil: the full batch of the whole data set.
    let batch: Int?
    let points: Int
    let warmup: Int
    let steps: Int
}

let workloads = [
    Workload(name: "mlp-50-batch20", hidden: 50, batch: nil, points: 20, warmup: 200, steps: 2000),
    Workload(name: "mlp-50-batch32", hidden: 50, batch: 32, points: 1000, warmup: 200, steps: 2000),
    Workload(name: "mlp-512-batch256", hidden: 512, batch: 256, points: 1000, warmup: 10, steps: 60),
]

struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time one training step (forward, backward, Adam) of the course's networks.")

    @Flag(help: "Print one JSON object per workload and line.") var json = false
    @Flag(help: "Fewer steps (a smoke run; the numbers are noisier).") var quick = false
    @Option(help: "Run only the workloads whose name contains this.") var only: String?
    @Option(help: "Seed of the data, the initial weights and the mini-batches.") var seed: UInt64 = 1234

    func run() throws {
        let selected = workloads.filter { only == nil || $0.name.contains(only!) }
        guard !selected.isEmpty else { throw ValidationError("no workload matches \(only ?? "")") }
        if !json {
            print("workload            network          batch   median µs/step   p10–p90 µs   steps")
        }
        for w in selected {
            let times = try time(w)
            let sorted = times.sorted()
            let median = sorted[sorted.count / 2]
            let p10 = sorted[sorted.count / 10], p90 = sorted[sorted.count * 9 / 10]
            if json {
                print("{\"workload\": \"\(w.name)\", \"median_us\": \(String(format: "%.2f", median)), \"runs\": \(times.count), \"p10_us\": \(String(format: "%.2f", p10)), \"p90_us\": \(String(format: "%.2f", p90))}")
            } else {
                let net = "1→\(w.hidden)→\(w.hidden)→1"
                print(w.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                      + net.padding(toLength: 17, withPad: " ", startingAt: 0)
                      + String(w.batch ?? w.points).padding(toLength: 8, withPad: " ", startingAt: 0)
                      + String(format: "%14.1f   %5.0f–%-6.0f  %6d", median, p10, p90, times.count))
            }
        }
    }

    /// Microseconds of each timed step.
    func time(_ w: Workload) throws -> [Double] {
        var rng = Xoshiro256(seed: seed)
        let xs = (0..<w.points).map { _ in rng.uniform(-3, 3) }
        let x = Tensor.column(xs), y = Tensor.column(xs.map { Foundation.sin(3 * $0) + 0.1 * rng.normal() })
        let net = MLP(sizes: [1, w.hidden, w.hidden, 1], activation: .tanh)
        var θ = net.initialParameters(using: &rng)
        var adam = Adam(.constant(1e-3))
        let (warmup, steps) = quick ? (max(2, w.warmup / 10), max(10, w.steps / 10)) : (w.warmup, w.steps)
        var times = [Double]()
        times.reserveCapacity(steps)
        for step in 0..<(warmup + steps) {
            let start = DispatchTime.now().uptimeNanoseconds
            let (xb, yb): (Tensor, Tensor)
            if let b = w.batch {
                let rows = (0..<b).map { _ in Int(rng.next() % UInt64(w.points)) }
                (xb, yb) = (x.gathering(rows: rows), y.gathering(rows: rows))
            } else {
                (xb, yb) = (x, y)
            }
            let (loss, g) = valueWithGradient(at: θ) { meanSquaredError(net(xb, parameters: $0), yb) }
            guard loss.isFinite else { throw TrainingDiverged(step: step, loss: loss) }
            adam.update(&θ, gradient: g)
            if step >= warmup { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3) }
        }
        return times
    }
}

Benchmark.main()
