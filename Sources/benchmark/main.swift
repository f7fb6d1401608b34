// Times the course's workloads, with the settings of the Python peers (shared/peers):
// one training step (forward + backward + Adam) of the standard and the wide network, and
// the samplers on their standard targets.
//
//   swift run -c release benchmark            # a table
//   swift run -c release benchmark --json     # one JSON object per workload and line

import ArgumentParser
import Autodiff
import Dispatch
import Foundation
import Inference
import NeuralNetworks
import Probability

/// What one workload measured.
struct Measurement {
    /// Microseconds per step, one entry per timed step (or per repeated run).
    let times: [Double]
    /// Effective samples per second (samplers only).
    var essPerSecond: Double?
    var note = ""
}

struct Workload: Sendable {
    let name: String
    let what: String
    let run: @Sendable (_ quick: Bool, _ seed: UInt64) throws -> Measurement
}

/// Wall-clock microseconds of `body`.
func microseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3
}

/// Training steps of a 1→h→h→1 tanh MLP on sin(3x) data (peers' settings a, b, wide).
func trainingStep(hidden: Int, batch: Int?, points: Int, warmup: Int, steps: Int) -> @Sendable (Bool, UInt64) throws -> Measurement {
    { quick, seed in
        var rng = Xoshiro256(seed: seed)
        let xs = (0..<points).map { _ in rng.uniform(-3, 3) }
        let x = Tensor.column(xs), y = Tensor.column(xs.map { Foundation.sin(3 * $0) + 0.1 * rng.normal() })
        let net = MLP(sizes: [1, hidden, hidden, 1], activation: .tanh)
        var θ = net.initialParameters(using: &rng)
        var adam = Adam(.constant(1e-3))
        let (w, n) = quick ? (max(2, warmup / 10), max(10, steps / 10)) : (warmup, steps)
        var times = [Double]()
        for step in 0..<(w + n) {
            let t = try microseconds {
                let (xb, yb): (Tensor, Tensor)
                if let b = batch {
                    let rows = (0..<b).map { _ in Int(rng.next() % UInt64(points)) }
                    (xb, yb) = (x.gathering(rows: rows), y.gathering(rows: rows))
                } else {
                    (xb, yb) = (x, y)
                }
                let (loss, g) = valueWithGradient(at: θ) { meanSquaredError(net(xb, parameters: $0), yb) }
                guard loss.isFinite else { throw TrainingDiverged(step: step, loss: loss) }
                adam.update(&θ, gradient: g)
            }
            if step >= w { times.append(t) }
        }
        return Measurement(times: times)
    }
}

/// Random-walk MH on the correlated 2-D Gaussian: microseconds per step.
func mh2D(quick: Bool, seed: UInt64) throws -> Measurement {
    let target = correlatedGaussianLogDensity(correlation: 0.9)
    let steps = quick ? 200_000 : 2_000_000
    var times = [Double]()
    for run in 0..<5 {
        var rng = Xoshiro256(seed: seed, stream: run)
        let t = try microseconds {
            _ = try MetropolisHastings(proposal: .randomWalk(scale: 1.5)).sample(target, from: [0, 0], steps: steps, using: &rng)
        }
        times.append(t / Double(steps))
    }
    return Measurement(times: times, note: String(format: "%.1f M steps/s", 1 / times.sorted()[2]))
}

/// The peers' Bayesian linear regression: 10 features, 200 points, prior N(0, 1), noise 0.5.
func blrData(seed: UInt64) -> (Tensor, [Double]) {
    var rng = Xoshiro256(seed: seed)
    let phi = Tensor.normal([200, 10], using: &rng)
    let w = (0..<10).map { _ in rng.normal() }
    let y = (0..<200).map { i in (0..<10).reduce(0.0) { $0 + phi[i, $1] * w[$1] } + 0.5 * rng.normal() }
    return (phi, y)
}

func blrPosterior(seed: UInt64) -> (LogDensity, Int) {
    let (phi, y) = blrData(seed: seed)
    return (linearRegressionLogPosterior(design: phi, targets: y, priorPrecision: 1, noisePrecision: 4), 10)
}

/// Random-walk MH on the BLR posterior, 1000 warm-up (scale adapted) + 50,000 draws:
/// minimum ESS over coordinates per second of the whole run.
func mhBLR(quick: Bool, seed: UInt64) throws -> Measurement {
    let (target, d) = blrPosterior(seed: seed)
    let draws = quick ? 5000 : 50_000
    var times = [Double](), rates = [Double]()
    for run in 0..<3 {
        var rng = Xoshiro256(seed: seed, stream: run)
        var chain: Chain?
        let t = try microseconds {
            chain = try MetropolisHastings(proposal: .randomWalk(scale: 0.02), warmup: 1000, adaptScale: true)
                .sample(target, from: [Double](repeating: 0, count: d), steps: draws, using: &rng)
        }
        let ess = (0..<d).map { effectiveSampleSize(chain!.coordinate($0)) }.min()!
        times.append(t / Double(draws + 1000))
        rates.append(ess / (t / 1e6))
    }
    let median = times.indices.sorted { times[$0] < times[$1] }[times.count / 2]
    return Measurement(times: times, essPerSecond: rates[median])
}

/// HMC on the BLR posterior, 1000 warm-up (dual averaging) + 2000 draws, one chain: minimum ESS
/// over coordinates per second of the whole run (warm-up included).
func hmcBLR(quick: Bool, seed: UInt64) throws -> Measurement {
    let (phi, y) = blrData(seed: seed)
    let target = linearRegressionLogPosteriorGradient(design: phi, targets: y, priorPrecision: 1, noisePrecision: 4)
    var times = [Double](), rates = [Double](), notes = [String]()
    for run in 0..<(quick ? 1 : 5) {
        var rng = Xoshiro256(seed: seed, stream: run)
        var chain: Chain?
        let t = try microseconds {
            var hmc = HamiltonianMonteCarlo(stepSize: 0.01, leapfrogSteps: 10, warmup: 1000)
            hmc.adaptTrajectoryLength = true
            chain = try hmc.sample(target, from: [Double](repeating: 0, count: 10), steps: 2000, using: &rng)
        }
        let ess = (0..<10).map { effectiveSampleSize(chain!.coordinate($0)) }.min()!
        times.append(t / 3000)
        rates.append(ess / (t / 1e6))
        notes.append(String(format: "ε %.3f, L %d, acceptance %.2f, min ESS %.0f", chain!.stepSize, chain!.leapfrogSteps, chain!.acceptanceRate, ess))
    }
    // Effective samples per second of the run with the median time.
    let median = times.indices.sorted { times[$0] < times[$1] }[times.count / 2]
    return Measurement(times: times, essPerSecond: rates[median], note: notes[median] + ", runs (µs/iteration): " + times.map { String(format: "%.1f", $0) }.joined(separator: " "))
}

/// The three matrix products of a layer, X·W, G·Wᵀ and Xᵀ·G, at the wide network's sizes
/// (256 × 512 × 512) and the standard one's (20 × 50 × 50): microseconds per product set, and
/// GFLOPS (2 flops per multiply-add) in the note.
func products(rows n: Int, width d: Int, repeats: Int) -> @Sendable (Bool, UInt64) throws -> Measurement {
    { quick, seed in
        var rng = Xoshiro256(seed: seed)
        let x = Tensor.normal([n, d], using: &rng), w = Tensor.normal([d, d], using: &rng), g = Tensor.normal([n, d], using: &rng)
        var times = [Double](), parts = [[Double]](repeating: [], count: 3)
        for _ in 0..<(quick ? max(3, repeats / 10) : repeats) {
            var total = 0.0
            for (i, (a, b, ta, tb)) in [(x, w, false, false), (g, w, false, true), (x, g, true, false)].enumerated() {
                let t = microseconds { _ = Tensor.matmul(a, b, transposeA: ta, transposeB: tb) }
                parts[i].append(t)
                total += t
            }
            times.append(total)
        }
        let flops = 2.0 * Double(n * d * d)
        let rates = parts.map { flops / $0.sorted()[$0.count / 2] / 1e3 }
        return Measurement(times: times, note: String(format: "GFLOPS X·W %.1f, G·Wᵀ %.1f, Xᵀ·G %.1f", rates[0], rates[1], rates[2]))
    }
}

let workloads = [
    Workload(name: "products-20x50x50", what: "X·W, G·Wᵀ, Xᵀ·G: 20×50×50", run: products(rows: 20, width: 50, repeats: 20_000)),
    Workload(name: "products-256x512x512", what: "X·W, G·Wᵀ, Xᵀ·G: 256×512×512", run: products(rows: 256, width: 512, repeats: 40)),
    Workload(name: "mlp-50-batch20", what: "MLP 1→50→50→1, full batch 20", run: trainingStep(hidden: 50, batch: nil, points: 20, warmup: 200, steps: 2000)),
    Workload(name: "mlp-50-batch32", what: "MLP 1→50→50→1, batch 32 of 1000", run: trainingStep(hidden: 50, batch: 32, points: 1000, warmup: 200, steps: 2000)),
    Workload(name: "mlp-512-batch256", what: "MLP 1→512→512→1, batch 256", run: trainingStep(hidden: 512, batch: 256, points: 1000, warmup: 10, steps: 60)),
    Workload(name: "mh-2d", what: "random-walk MH, 2-D Gaussian", run: mh2D),
    Workload(name: "mh-blr", what: "random-walk MH, BLR 10×200", run: mhBLR),
    Workload(name: "hmc-blr", what: "HMC, BLR 10×200, 1000+2000", run: hmcBLR),
]

struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the course's workloads: training steps and samplers (one thread, float64).")

    @Flag(help: "Print one JSON object per workload and line.") var json = false
    @Option(help: ArgumentHelp("Also write the JSON lines to this file (the table still goes to standard output).", valueName: "path"))
    var jsonFile: String?
    @Flag(help: "Fewer steps (a smoke run; the numbers are noisier).") var quick = false
    @Option(help: "Run only the workloads whose name contains this.") var only: String?
    @Option(help: "Seed of the data, the initial weights, the mini-batches and the chains.") var seed: UInt64 = 1234

    func run() throws {
        let selected = workloads.filter { only == nil || $0.name.contains(only!) }
        guard !selected.isEmpty else { throw ValidationError("no workload matches \(only ?? "")") }
        if let path = jsonFile, !FileManager.default.createFile(atPath: path, contents: nil) {
            throw ValidationError("cannot write \(path)")   // before minutes of measuring, not after
        }
        if !json {
            print("matrix kernel: \(MatrixKernel.selected) (this CPU runs \(MatrixKernel.available.map(\.description).joined(separator: ", ")); UQ_MATRIX_KERNEL selects)")
            print("workload          what                               median µs/step  p10–p90 µs/step      runs  ESS/s")
        }
        var jsonLines = [String]()
        for w in selected {
            let m = try w.run(quick, seed)
            let sorted = m.times.sorted()
            let median = sorted[sorted.count / 2]
            let p10 = sorted[sorted.count / 10], p90 = sorted[sorted.count * 9 / 10]
            var fields = ["\"workload\": \"\(w.name)\"", "\"median_us\": \(String(format: "%.4f", median))", "\"runs\": \(m.times.count)"]
            if let e = m.essPerSecond { fields.append("\"ess_per_s\": \(String(format: "%.1f", e))") }
            jsonLines.append("{" + fields.joined(separator: ", ") + "}")
            if json {
                print(jsonLines.last!)
            } else {
                print(w.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                      + w.what.padding(toLength: 35, withPad: " ", startingAt: 0)
                      + String(format: "%14.3f  %8.3f–%-10.3f %6d  ", median, p10, p90, m.times.count)
                      + (m.essPerSecond.map { String(format: "%.0f", $0) } ?? "")
                      + (m.note.isEmpty ? "" : "  (\(m.note))"))
            }
        }
        if let path = jsonFile {
            try (jsonLines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}

Benchmark.main()
