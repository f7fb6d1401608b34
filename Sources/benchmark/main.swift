// Times the course's workloads, with the settings of the Python peers (shared/peers):
// one training step (forward + backward + Adam) of the standard and the wide network, and
// the samplers on their standard targets (NUTS also on the course's reference posterior).
//
//   swift run -c release benchmark            # a table
//   swift run -c release benchmark --json     # one JSON object per workload and line
//   benchmark --write-nuts-data FILE          # the NUTS workloads' posteriors, for the NumPyro peer
//   benchmark --ess-of FILE                   # the ESS of a peer's traces, by the course's estimator

import ArgumentParser
import Autodiff
import Course
import Dispatch
import Foundation
import NumericalMethods
import Inference
import NeuralNetworks
import Probability

/// What one workload measured.
struct Measurement {
    /// Microseconds per step, one entry per timed step (or per repeated run).
    let times: [Double]
    /// Effective samples per second (samplers only).
    var essPerSecond: Double?
    /// ESS, gradients and divergences of the reported run (the NUTS workloads).
    var sampler: SamplerStatistics?
    /// Floating-point operations per second of the median step (products, training steps, the probe).
    var gflops: Double?
    var note = ""
}

struct Workload: Sendable {
    let name: String
    let what: String
    let run: @Sendable (_ quick: Bool, _ seed: UInt64) throws -> Measurement
}

/// Whether ``microseconds(_:)`` reads the thread's CPU clock instead of the wall clock (`--cpu-time`).
nonisolated(unsafe) var timeOnTheCPUClock = false

/// Microseconds of `body`: wall-clock, or with `--cpu-time` the time this thread spent running
/// (on a machine shared with other work, the time it was descheduled does not count).
func microseconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> UInt64 {
        guard timeOnTheCPUClock else { return DispatchTime.now().uptimeNanoseconds }
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
    let start = now()
    try body()
    return Double(now() - start) / 1e3
}

/// Training steps of a 1→h→h→1 tanh MLP on sin(3x) data (peers' settings a, b, wide).
///
/// With `taped` false, the same step without the tape: ``MLP/parameterGradient(_:count:parameters:outputGradient:)``
/// (the same products and elementwise kernels, writing into one gradient array) and Adam. What is
/// left is the course's kernels and little else, the floor under the taped step on this CPU.
func trainingStep(hidden: Int, batch: Int?, points: Int, warmup: Int, steps: Int, taped: Bool = true) -> @Sendable (Bool, UInt64) throws -> Measurement {
    { quick, seed in
        var rng = Xoshiro256(seed: seed)
        let xs = (0..<points).map { _ in rng.uniform(-3, 3) }
        let x = Tensor.column(xs), y = Tensor.column(xs.map { Elementary.sin(3 * $0) + 0.1 * rng.normal() })
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
                if taped {
                    let (loss, g) = valueWithGradient(at: θ) { meanSquaredError(net(xb, parameters: $0), yb) }
                    guard loss.isFinite else { throw TrainingDiverged(step: step, loss: loss) }
                    adam.update(&θ, gradient: g)
                } else {
                    var squaredResiduals = 0.0
                    let g = net.parameterGradient(xb.scalars, count: xb.shape[0], parameters: θ.scalars) { f in
                        let scale = 2 / Double(f.count)   // ∂/∂f of (1/n) Σ (f − y)²
                        for i in f.indices {
                            let r = f[i] - yb.scalars[i]
                            squaredResiduals += r * r
                            f[i] = scale * r
                        }
                    }
                    guard squaredResiduals.isFinite else { throw TrainingDiverged(step: step, loss: squaredResiduals) }
                    adam.update(&θ, gradient: Tensor(g))
                }
            }
            if step >= w { times.append(t) }
        }
        // Flops of one step: the forward products, ∂/∂W of every layer and ∂/∂x of every layer but the first.
        let sizes = net.sizes, rows = Double(batch ?? points)
        let products = (0..<(sizes.count - 1)).map { 2 * rows * Double(sizes[$0] * sizes[$0 + 1]) }
        let flops = 2 * products.reduce(0, +) + products.dropFirst().reduce(0, +)
        return Measurement(times: times, gflops: flops / times.sorted()[times.count / 2] / 1e3)
    }
}

/// One core's double-precision FMA peak in the selected kernel's registers (``MatrixKernel/peakFlopsPerSecond(iterations:seconds:)``):
/// the median of 21 probes of about 0.1 s, in GFLOPS; its time per round of 12 FMAs in the table.
func fmaPeak(quick: Bool, seed: UInt64) throws -> Measurement {
    let iterations = quick ? 1_000_000 : 10_000_000
    var rates = [Double]()
    for _ in 0..<(quick ? 5 : 21) {
        rates.append(MatrixKernel.selected.peakFlopsPerSecond(iterations: iterations) { body in microseconds(body) / 1e6 })
    }
    rates.sort()
    let lanes = MatrixKernel.selected == .avx512 ? 8.0 : MatrixKernel.selected == .avx2 ? 4.0 : 1.0
    let perRound = rates.map { 2 * 12 * lanes / $0 * 1e6 }   // µs per round of 12 vector FMAs
    return Measurement(times: perRound, gflops: rates[rates.count / 2] / 1e9,
                       note: String(format: "%.1f GFLOPS: 12 chains of %@ FMAs", rates[rates.count / 2] / 1e9, MatrixKernel.selected.description))
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

/// What a sampler's run gave beside its time (the NUTS workloads).
struct SamplerStatistics {
    /// The minimum ESS over the measured quantities (see ``NUTSProblem/traces``).
    let minimumESS: Double
    /// Gradient evaluations of the whole run, warm-up included.
    let gradients: Int
    /// Divergent transitions among the kept draws.
    let divergences: Int
    /// Seconds of the whole run (warm-up and draws).
    let seconds: Double
    var essPerSecond: Double { minimumESS / seconds }
    var essPerGradient: Double { minimumESS / Double(gradients) }
}

/// The NUTS workloads' settings, the same for the NumPyro peer (bench_nuts.py reads them from the
/// data file): one chain, 1000 warm-up iterations (dual averaging toward 0.8 and a diagonal mass
/// matrix in Stan's windows), 2000 kept draws, trees at most 10 deep.
struct NUTSSettings: Encodable {
    var warmup = 1000, draws = 2000, maximumTreeDepth = 10
    var targetAcceptance = 0.8
}

/// A posterior the NUTS workloads sample, with everything the peer needs to sample the same one
/// (`--write-nuts-data`): the data, the starting point, and the quantities whose ESS is measured.
struct NUTSProblem: Encodable {
    /// "blr" (Bayesian linear regression) or "mlp" (the reference Bayesian MLP).
    let model: String
    /// The inputs, row-major (BLR: the 200 × 10 design; MLP: the 40 inputs).
    let inputs: [Double]
    let targets: [Double]
    /// Prior w ~ N(0, priorVariance · I), noise y ~ N(f_w(x), noiseVariance).
    let priorVariance: Double
    let noiseVariance: Double
    /// Where the chain starts (both sides).
    let initial: [Double]
    /// MLP only: the grid points x where f_w(x) is traced.
    let grid: [Double]
    /// MLP only: the layer sizes; θ holds W₁ (row-major), b₁, W₂, b₂ (MLP's layout).
    let sizes: [Int]
    var settings = NUTSSettings()

    /// The BLR posterior of the HMC workload (`blrData`), started at 0.
    static func blr(seed: UInt64) -> NUTSProblem {
        let (phi, y) = blrData(seed: seed)
        return NUTSProblem(model: "blr", inputs: phi.scalars, targets: y, priorVariance: 1, noiseVariance: 0.25,
                           initial: [Double](repeating: 0, count: 10), grid: [], sizes: [])
    }

    /// The course's reference posterior, the Bayesian MLP 1→10→1 on the running example's 40
    /// points, started at w ~ N(0, 0.5² I) (as the reference's chains start) from stream 99 of the
    /// seed. Its weights are not identifiable (the hidden units permute and flip sign), so the
    /// measured quantities are f_w(x) at five grid points, whose means are the predictive mean
    /// there: both data clusters' centres (±0.5), the gap between them (0) and the ends (±1.5).
    static func mlp(seed: UInt64) -> NUTSProblem {
        let data = ReferencePosterior.data(seed: seed)
        let net = ReferencePosterior.network
        var rng = Xoshiro256(seed: seed, stream: 99)
        return NUTSProblem(model: "mlp", inputs: data.inputs, targets: data.targets, priorVariance: 1,
                           noiseVariance: ReferencePosterior.noiseVariance,
                           initial: (0..<net.parameterCount).map { _ in 0.5 * rng.normal() },
                           grid: [-1.5, -0.5, 0, 0.5, 1.5], sizes: net.sizes)
    }

    /// ln p(w | D) + c with its gradient: BLR's written out by hand, the MLP's by the autodiff core
    /// (the posterior `ReferencePosterior.posterior(data)` builds).
    var target: LogDensityGradient {
        if model == "blr" {
            let d = initial.count
            return linearRegressionLogPosteriorGradient(design: Tensor(shape: [targets.count, d], scalars: inputs), targets: targets,
                                                        priorPrecision: 1 / priorVariance, noisePrecision: 1 / noiseVariance)
        }
        return BayesianMLP(network: ReferencePosterior.network, inputs: inputs, targets: targets, noiseVariance: noiseVariance,
                           priorVariance: priorVariance).logDensityGradient
    }

    /// The traces whose ESS is measured: every coordinate (BLR), or f_w(x) at each grid point (MLP).
    func traces(_ chain: Chain) -> [[Double]] {
        if model == "blr" { return (0..<chain.dimension).map(chain.coordinate) }
        let f = (0..<chain.count).map { ReferencePosterior.network.forward(grid, count: grid.count, parameters: chain.draw($0)) }
        return grid.indices.map { k in f.map { $0[k] } }
    }
}

/// NUTS on `problem`, `runs` single chains (chain k from stream k of the seed), each timed whole
/// (warm-up and draws: what the peer's time covers, its compile excluded). The reported run is
/// the one with the median ESS/s; the times are µs per gradient evaluation.
func nuts(_ problem: @escaping @Sendable (UInt64) -> NUTSProblem, runs: Int) -> @Sendable (Bool, UInt64) throws -> Measurement {
    { quick, seed in
        let p = problem(seed)
        let target = p.target
        var results = [(SamplerStatistics, NUTSRun)]()
        for run in 0..<(quick ? 1 : runs) {
            var rng = Xoshiro256(seed: seed, stream: run)
            let s = p.settings
            let sampler = NoUTurnSampler(stepSize: 0.1, warmup: s.warmup, targetAcceptance: s.targetAcceptance,
                                         maximumTreeDepth: s.maximumTreeDepth, adaptMass: true)
            var result: NUTSRun?
            let t = try microseconds { result = try sampler.sample(target, from: p.initial, steps: s.draws, using: &rng) }
            let r = result!
            let ess = p.traces(r.chain).map { effectiveSampleSize($0) }.min()!
            results.append((SamplerStatistics(minimumESS: ess, gradients: r.chain.evaluations, divergences: r.chain.divergences,
                                              seconds: t / 1e6), r))
        }
        let times = results.map { $0.0.seconds * 1e6 / Double($0.0.gradients) }
        let (s, r) = results.sorted { $0.0.essPerSecond < $1.0.essPerSecond }[results.count / 2]
        let depths = r.transitions.map { Double($0.treeDepth) }.reduce(0, +) / Double(r.transitions.count)
        return Measurement(times: times, essPerSecond: s.essPerSecond, sampler: s,
                           note: String(format: "min ESS %.0f, %d gradients, ESS/gradient %.3g, %d divergent, ε %.3g, mean depth %.1f, %.2f s",
                                        s.minimumESS, s.gradients, s.essPerGradient, s.divergences, r.stepSize, depths, s.seconds))
    }
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
        let all = 3 * flops / times.sorted()[times.count / 2] / 1e3
        return Measurement(times: times, gflops: all, note: String(format: "GFLOPS X·W %.1f, G·Wᵀ %.1f, Xᵀ·G %.1f", rates[0], rates[1], rates[2]))
    }
}

let workloads = [
    Workload(name: "fma-peak", what: "one core's FMA peak (12 chains)", run: fmaPeak),
    Workload(name: "products-20x50x50", what: "X·W, G·Wᵀ, Xᵀ·G: 20×50×50", run: products(rows: 20, width: 50, repeats: 20_000)),
    Workload(name: "products-64x128x128", what: "X·W, G·Wᵀ, Xᵀ·G: 64×128×128", run: products(rows: 64, width: 128, repeats: 2000)),
    Workload(name: "products-256x512x512", what: "X·W, G·Wᵀ, Xᵀ·G: 256×512×512", run: products(rows: 256, width: 512, repeats: 40)),
    Workload(name: "mlp-50-batch20", what: "MLP 1→50→50→1, full batch 20", run: trainingStep(hidden: 50, batch: nil, points: 20, warmup: 200, steps: 2000)),
    Workload(name: "mlp-50-batch32", what: "MLP 1→50→50→1, batch 32 of 1000", run: trainingStep(hidden: 50, batch: 32, points: 1000, warmup: 200, steps: 2000)),
    Workload(name: "mlp-50-b20-untaped", what: "1→50→50→1, batch 20, no tape", run: trainingStep(hidden: 50, batch: nil, points: 20, warmup: 200, steps: 2000, taped: false)),
    Workload(name: "mlp-50-b32-untaped", what: "1→50→50→1, batch 32, no tape", run: trainingStep(hidden: 50, batch: 32, points: 1000, warmup: 200, steps: 2000, taped: false)),
    Workload(name: "mlp-512-batch256", what: "MLP 1→512→512→1, batch 256", run: trainingStep(hidden: 512, batch: 256, points: 1000, warmup: 10, steps: 60)),
    Workload(name: "mh-2d", what: "random-walk MH, 2-D Gaussian", run: mh2D),
    Workload(name: "mh-blr", what: "random-walk MH, BLR 10×200", run: mhBLR),
    Workload(name: "hmc-blr", what: "HMC, BLR 10×200, 1000+2000", run: hmcBLR),
    Workload(name: "nuts-blr", what: "NUTS, BLR 10×200, 1000+2000", run: nuts(NUTSProblem.blr, runs: 11)),
    Workload(name: "nuts-mlp", what: "NUTS, MLP 1→10→1, 1000+2000", run: nuts(NUTSProblem.mlp, runs: 3)),
]

struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the course's workloads: training steps and samplers (one thread, float64).")

    @Flag(help: "Print one JSON object per workload and line.") var json = false
    @Option(help: ArgumentHelp("Also write the JSON lines to this file (the table still goes to standard output).", valueName: "path"))
    var jsonFile: String?
    @Flag(help: "Fewer steps (a smoke run; the numbers are noisier).") var quick = false
    @Flag(help: "Time with the thread's CPU clock instead of the wall clock (a machine shared with other work; the peers keep the wall clock).")
    var cpuTime = false
    @Option(help: "Run only the workloads whose name contains this.") var only: String?
    @Option(help: "Seed of the data, the initial weights, the mini-batches and the chains.") var seed: UInt64 = 1234
    @Option(help: ArgumentHelp("Write the NUTS workloads' posteriors (data, start, settings) for the peer to this JSON file, and exit.",
                               valueName: "path"))
    var writeNutsData: String?
    @Option(help: ArgumentHelp("Print the ESS (the course's estimator) of each trace in this JSON file (an array of arrays), and exit.",
                               valueName: "path"))
    var essOf: String?

    func run() throws {
        if let path = writeNutsData {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let problems = ["blr": NUTSProblem.blr(seed: seed), "mlp": NUTSProblem.mlp(seed: seed)]
            try encoder.encode(problems).write(to: URL(fileURLWithPath: path))
            return
        }
        if let path = essOf {
            let traces = try JSONDecoder().decode([[Double]].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            let ess = traces.map { effectiveSampleSize($0) }
            print("[" + ess.map { String(format: "%.3f", $0) }.joined(separator: ", ") + "]")
            return
        }
        timeOnTheCPUClock = cpuTime
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
        var peak: Double?   // GFLOPS of the probe, once it has run
        for w in selected {
            var m = try w.run(quick, seed)
            if w.name == "fma-peak" {
                peak = m.gflops
            } else if let g = m.gflops {
                let share = peak.map { String(format: ", %.0f%% of the FMA peak", 100 * g / $0) } ?? ""
                m.note = (m.note.isEmpty ? "" : m.note + "; ") + String(format: "%.1f GFLOPS", g) + share
            }
            let sorted = m.times.sorted()
            let median = sorted[sorted.count / 2]
            let p10 = sorted[sorted.count / 10], p90 = sorted[sorted.count * 9 / 10]
            var fields = ["\"workload\": \"\(w.name)\"", "\"median_us\": \(String(format: "%.4f", median))", "\"runs\": \(m.times.count)"]
            if let g = m.gflops { fields.append("\"gflops\": \(String(format: "%.2f", g))") }
            if let e = m.essPerSecond { fields.append("\"ess_per_s\": \(String(format: "%.1f", e))") }
            if let s = m.sampler {
                fields += ["\"ess_min\": \(String(format: "%.1f", s.minimumESS))", "\"gradients\": \(s.gradients)",
                           "\"ess_per_gradient\": \(String(format: "%.6f", s.essPerGradient))", "\"divergences\": \(s.divergences)",
                           "\"run_s\": \(String(format: "%.4f", s.seconds))"]
            }
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
