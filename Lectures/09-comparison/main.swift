/*:
 # Lecture 9 — every method side by side

 The lecture ends with its three families side by side: sampling (powerful and precise, but often
 impractical for large-scale deep learning), ensembles (practical, with satisfactory uncertainty,
 but without theoretical rigour), variational inference (practical and scalable, but a crude
 posterior approximation). This chapter puts numbers on those words. First every method of the course on one model of the
 running example, scored against NUTS run to convergence, over five seeds; then seven of them on
 real data, the Boston housing prices, with the published benchmarks' protocol (and a list of where
 we leave it) and their numbers beside ours (Psaros et al. 2023 survey the methods and metrics used here).

 ```
 swift run -c release comparison              # full run, figures into figures/
 swift run -c release comparison --help       # options
 swift run -c release comparison --csv my.csv --target y --json   # the real-data benchmark on any CSV
 swift run -c release comparison --csv my.csv --target y --split-count 5 --max-steps 3000   # a faster look
 ```

 With `--json` each method's line is printed as soon as its splits are done; progress goes to
 standard error (a bar on a terminal, a line every few seconds in a log), never into the JSON.
 On this course's 2-core machine a CSV of 5,000 rows and 8 inputs ran in 68 s with the defaults
 (20 splits, seven methods; 135 s of CPU), where 400 epochs of 4,500 rows would take ten times the
 steps.
 */
import ArgumentParser
import Course
import Datasets
import Foundation
import Inference
import Notebook
import Plotting
import Probability

typealias Settings = ComparisonChapter.Settings

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comparison", abstract: "Lecture 9: every method scored against NUTS and on real data.",
        discussion: "With --csv, runs only the real-data benchmark on that file (no figures): a header line, numeric cells, the --target column as the target and every other column as an input.")
    @OptionGroup var common: LectureOptions
    @Option(help: ArgumentHelp("Run the real-data benchmark on this CSV file instead of the chapter.", valueName: "path")) var csv: String?
    @Option(help: ArgumentHelp("The CSV column to predict (with --csv).", valueName: "name")) var target: String?
    @Option(help: ArgumentHelp("Train/test splits: one permutation of the row indices per line, the first ⌊0.9 n⌋ train ('#' comments). Default: the published splits for Boston, \(Settings.standard().splits) seeded random 90/10 splits for --csv.", valueName: "file"))
    var splits: String?
    @Flag(help: "Print the real-data benchmark as JSON, one object per method and line, and nothing else.") var json = false
    @Option(help: ArgumentHelp("Seeded random 90/10 splits of a --csv file (default \(Settings.standard().splits)).", valueName: "n"))
    var splitCount: Int?
    @Option(help: "Passes over the training rows on real data (default \(Settings.standard().benchmark.epochs); --quick: \(Settings.quick().benchmark.epochs)), cut to --max-steps.")
    var epochs: Int?
    @Option(help: ArgumentHelp("The budget of optimiser steps of one training run on real data: larger data sets get fewer epochs (default \(Settings.standard().benchmark.maximumSteps), Boston's 400 epochs).", valueName: "n"))
    var maxSteps: Int?
    @Flag(help: "With --csv: also each method's 95% coverage and width before and after split conformal (a fifth of the training rows calibrates; see the calibration chapter).") var calibrate = false

    /// The chapter's settings with this command line's changes.
    var settings: Settings {
        Settings.settings(quick: common.quick, seed: common.seed).with(\.benchmark.epochs, epochs)
            .with(\.benchmark.maximumSteps, maxSteps).with(\.splits, splitCount)
    }

    mutating func validate() throws {
        if csv != nil, target == nil { throw ValidationError("--csv needs --target NAME, the column to predict") }
        if csv == nil, target != nil { throw ValidationError("--target goes with --csv PATH") }
        if csv == nil, splits != nil { throw ValidationError("--splits goes with --csv PATH (the chapter uses the published Boston splits)") }
        if csv == nil, calibrate { throw ValidationError("--calibrate goes with --csv PATH") }
        if csv == nil, splitCount != nil { throw ValidationError("--split-count goes with --csv PATH (the chapter uses the published Boston splits)") }
        if splits != nil, splitCount != nil { throw ValidationError("--split-count and --splits FILE exclude each other") }
        let benchmark = settings.benchmark
        guard (1...100_000).contains(benchmark.epochs) else { throw ValidationError("--epochs must be between 1 and 100,000, got \(benchmark.epochs)") }
        guard (1...10_000_000).contains(benchmark.maximumSteps) else { throw ValidationError("--max-steps must be between 1 and 10,000,000, got \(benchmark.maximumSteps)") }
        guard (1...1000).contains(settings.splits) else { throw ValidationError("--split-count must be between 1 and 1,000, got \(settings.splits)") }
    }
}

let options = Options.parseOrExitWithOneLine()
let nb = Notebook(options.common)
let setup = options.settings

/// Runs the real-data benchmark on (x, y) over `splits`, with progress on standard error; one array of
/// scores per split. `methodFinished` hears each method's scores as soon as they are final.
@MainActor func runBenchmark(_ label: String, x: [Double], y: [Double], inputs d: Int, splits: [[Int]],
                             methods: [BenchmarkMethod] = BenchmarkMethod.allCases, settings: Settings = setup,
                             methodFinished: ((BenchmarkMethod, [MethodScore]) -> Void)? = nil) async throws -> [[MethodScore]] {
    let bar = nb.progress(label, total: splits.count * methods.count)
    let results = try await ComparisonChapter.benchmark(settings, x: x, y: y, inputs: d, splits: splits, methods: methods,
                                                        finished: { done, method, k in bar.update(done, detail: "\(method.title), \(k)/\(splits.count) splits") },
                                                        methodFinished: methodFinished)
    bar.finish()
    return results
}

/// The benchmark table: RMSE and log-likelihood per test point (mean ± SE over the splits), coverage
/// and width of the central 95% interval, miscalibration area, cost.
/// `splits` > 0 divides the gradient passes, summed over the splits, by it.
func benchmarkRows(_ summaries: [MethodSummary], splits: Int = 1) -> [[String]] {
    summaries.map { s in
        [s.method.title, String(format: "%.2f ± %.2f", s.rmse.mean, s.rmse.standardError),
         String(format: "%.2f ± %.2f", s.logLikelihood.mean, s.logLikelihood.standardError),
         String(format: "%.2f", s.picp95), String(format: "%.1f", s.mpiw95), String(format: "%.3f", s.miscalibrationArea), String(format: "%.2f", s.crps),
         String(format: "%.0f", s.gradientPasses / Double(splits))]
    }
}
let benchmarkHeader = ["method", "test RMSE", "test log-likelihood", "PICP 95%", "MPIW 95% (target units)", "miscalibration area", "CRPS", "gradient passes, summed over the splits"]

/// The wall times, which differ from machine to machine and run to run: on standard error, beside the
/// deterministic tables of standard output.
@MainActor func noteTimes(_ title: String, _ rows: [(String, Double)]) {
    nb.note(title + "\n" + Notebook.aligned(["method", "seconds"], rows.map { [$0.0, String(format: "%.2f", $0.1)] }))
}

// Any CSV: the real-data benchmark alone.
if let path = options.csv, let target = options.target {
    do {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw NumericTable.ParseError(message: "cannot read \(path)") }
        let table = try NumericTable(csv: text, source: path)
        let (x, y, names) = try table.regression(target: target)
        guard y.count >= 10 else { throw NumericTable.ParseError(message: "\(path): \(y.count) rows; a 90/10 split needs at least 10") }
        let splits: [[Int]]
        if let file = options.splits {
            guard let splitText = try? String(contentsOfFile: file, encoding: .utf8) else { throw NumericTable.ParseError(message: "cannot read \(file)") }
            splits = try DataSplits.parse(splitText, rows: y.count, source: file)
        } else {
            splits = ComparisonChapter.randomSplits(setup, rows: y.count)
        }
        // With --json (and without --calibrate), each method's line as soon as its splits are done.
        let streaming = options.json && !options.calibrate
        let results = try await runBenchmark("\(path), \(splits.count) splits × \(BenchmarkMethod.allCases.count) methods", x: x, y: y, inputs: names.count,
                                             splits: splits, methodFinished: { _, scores in if streaming { print(MethodSummary(scores).json); fflush(nil) } })
        let summaries = MethodSummary.of(results)
        let bar = options.calibrate ? nb.progress("conformal, \(splits.count) splits", total: splits.count) : nil
        let conformal = options.calibrate ? try await ConformalBenchmark.run(benchmark: setup.benchmark, seed: setup.seed, x: x, y: y, inputs: names.count,
                                                                             splits: splits, finished: { bar?.update($0) }) : nil
        bar?.finish()
        if options.json {
            if !streaming { summaries.enumerated().forEach { print(conformal?[$0].json(extending: $1) ?? $1.json) } }
        } else {
            print("\(path): \(y.count) rows, \(names.count) inputs, target \(target), \(splits.count) splits")
            nb.table(benchmarkHeader, benchmarkRows(summaries))
            if let conformal { nb.table(["method", "PICP 95% before", "MPIW 95% before", "PICP 95% after split conformal", "MPIW 95% after"], conformal.map(\.row)) }
            noteTimes("wall time, summed over the splits:", summaries.map { ($0.method.title, $0.seconds) })
        }
    } catch {
        nb.fail("\(error)")
    }
    exit(0)
}

/*:
 ## How a predictive is scored

 Every method here predicts with a mixture of Gaussians at each input — the draws of a sampler or
 the members of an ensemble, each with its noise — and is scored by:

 - **RMSE** of the predictive mean; **log-likelihood** per test point of the mixture itself;
 - **PICP** and **MPIW**: how many test targets fall in the central interval of level $q$ and how
   wide it is, from the Gaussian with the mixture's mean and variance;
 - the **calibration curve** (Kuleshov et al. 2018): for each level $p$, the fraction of targets
   below their predictive $p$-quantile (of the Gaussian with the mixture's moments), and its
   **miscalibration area**, the mean gap to the diagonal (as in Chung et al.'s Uncertainty Toolbox);
 - **CRPS** (Gneiting & Raftery 2007), $\mathbb E|X - y| - \tfrac12\mathbb E|X - X'|$, closed-form for a Gaussian;
 - against a reference predictive: the **1-Wasserstein distance** of the two marginals at each $x$,
   $\int_0^1 |F^{-1}(u) - G^{-1}(u)|\,du$, averaged over a region of inputs.

 A predictive scored on its own draws is calibrated by construction; that is the first check.

 @source Inference/Metrics/Metrics.swift: public func gaussianMixtureLogLikelihood(

 @source Inference/Metrics/Metrics.swift: public func calibrationCurve(

 @source Inference/Metrics/Metrics.swift: public func gaussianCRPS(
 */
let check = ComparisonChapter.scoringCheck(setup)
nb.show(String(format: "2,000 Gaussian predictives scored on their own draws: PICP at 90%% = %.3f (MPIW %.2f), miscalibration area %.3f",
               check.coverage90.coverage, check.coverage90.meanWidth, check.miscalibrationArea))
nb.show(String(format: "CRPS of N(0, 1) at y = 0.5: closed form %.4f, from 20,000 draws %.4f", check.crpsClosedForm, check.crpsSampled))

/*:
 ## The running example: every method against NUTS

 One model for everyone: the running example's 40 points and the Bayesian MLP 1→10→1 (tanh,
 prior $\omega \sim \mathcal N(0, I)$, noise sd 0.05) of the course's reference. Ten hidden units rather than 50:
 it is the model whose NUTS reference every chapter since Lecture 3 draws beside its band, and the
 reference has to be trusted before anything is scored against it.

 **The reference.** NUTS (Lecture 3) with four chains of 400 draws after as many warm-up iterations,
 the number of draws doubled until the split-R̂ of the predictive $f_\omega(x)$ is below 1.01 at
 *every* point of the grid (at most 16,000 draws); it has no divergent transition to explain.
 */
let grid = RunningExampleComparison.grid
let bar = nb.progress("running example, seed \(setup.seed): NUTS reference and 12 methods", total: 13)
let run: ComparisonChapter.RunningExampleRun
do {
    var done = 0
    run = try await ComparisonChapter.runningExample(setup) { name in
        bar.update(done, detail: name)
        done += 1
    }
    bar.finish()
} catch {
    nb.fail("\(error)")
}
let (data, reference, methods) = (run.data, run.reference, run.methods)
let divergences = reference.chains.reduce(0) { $0 + $1.divergences }
nb.show(String(format: "reference, seed %d: %d chains × %d draws, largest split-R̂ of f(x) over the grid %.4f, %d divergent transitions",
               setup.seed, reference.chains.count, reference.chains[0].count, reference.rHat, divergences))

/*:
 **The methods**, each on the same model, prior and noise where it has them:

 | method | what runs |
 |---|---|
 | MAP | Adam (20,000 full-data steps, rate 0.01) on $-\ln p(\omega \mid \mathcal D)/N$: the lecture's MLE with the prior as weight decay |
 | random-walk MH | 4 chains of 400,000 steps after as many of warm-up (scale adapted to 23% acceptance), every 100th kept |
 | SGLD | 4 chains of 120,000 steps on batches of 10, $\varepsilon_t$ from $5\cdot10^{-5}$ to $5\cdot10^{-6}$ |
 | NUTS, a second run | the reference's recipe from other seeds: how far two runs of the gold standard are apart |
 | deep ensemble | 5 MAPs from 5 random starts, a uniform mixture |
 | snapshot ensemble | Huang et al.'s cyclic cosine schedule, adapted to Adam as in Lecture 4: one Adam run on batches of 10, 5 cosine cycles of 10,000 steps restarting at rate 0.3, a snapshot at the end of each |
 | SWAG | the MAP, then 10,000 SGD steps on batches of 10 ($\eta = 10^{-3}$), rank 20, 400 weight draws |
 | Bayes-by-Backprop | mean-field Gaussian, prior $\mathcal N(0, 1)$, closed-form KL, 1,600 epochs of batches of 10, 400 draws |
 | MC dropout | rate 0.1 after the hidden layer, weight decay for $l = 1$ and $\tau = 1/0.05^2$, 12,000 steps, 400 passes |
 | variational dropout | a learned $\ln\alpha$ per weight, local reparameterisation, 4,000 epochs of batches of 10 (where Lecture 7 finds its $\ln\alpha$ have stopped moving), 400 passes |
 | Laplace, full GGN | Lecture 8 on the MAP above (not trained again): $\mathcal N(\omega^*, P^{-1})$ with $P = J^\top J/\sigma^2 + I$ over all 31 weights, the GLM predictive $\mathcal N(f(x, \omega^*), J(x) P^{-1} J(x)^\top + \sigma^2)$ in closed form |
 | Laplace, last layer | the same on the last layer's 11 weights, the hidden layer fixed at the MAP's |

 The two Laplace approximations keep the reference's prior and noise: tuning them by the evidence,
 as Lecture 8 does on the sinusoid, would change the model they are scored against. All start from $\omega \sim \mathcal N(0, 0.5^2 I)$ (the dropout variants from the network's usual initialisation); the
 chains keep the second half of their draws. At each of 151 points on $[-1.5, 1.5]$ the method's predictive
 and the reference's are compared by their 1-Wasserstein distance (2,000 draws of each); the table
 averages it over the data ($0.3 \le |x| \le 0.7$), the gap ($|x| < 0.3$) and outside ($|x| > 0.7$).
 */
let scores = run.scores
let referenceMoments = methods[0].predictive.moments
let panels = [ComparisonChapter.bandBesideReference(methods[0], reference: nil, data: data, color: .gray)]
    + zip(methods.dropFirst(), ComparisonChapter.methodColors).map { m, color in
        ComparisonChapter.bandBesideReference(m, reference: referenceMoments, data: data, color: color)
    }
nb.figure(Panels(panels, rows: 7, columns: 2, width: 1200, height: 3150), name: "09-running-example",
          caption: "Seed \(setup.seed). First panel: the NUTS reference's predictive mean and mean ± 2 sd (gray). Then every method's mean and mean ± 2 sd in its own colour over the reference's in gray: where gray shows beyond the colour, the method is too narrow. Truth sin(3x) black dashed, data red.")
nb.table(["method", "W₁ on the data", "W₁ in the gap", "W₁ outside", "W₁ over the grid", "full-data gradients"],
         zip(methods.dropFirst(), scores).map { m, s in
             [m.name] + (s.regions + [s.overall]).map { String(format: "%.3f", $0) } + [String(format: "%.0f", m.gradients)]
         } + [["NUTS (the reference)", "0", "0", "0", "0", String(format: "%.0f", methods[0].gradients)]])
noteTimes("running example, wall time on this machine:", methods.map { ($0.name, $0.seconds) })
var distanceFigure = Figure(title: "distance to the NUTS reference along x (seed \(setup.seed))", xLabel: "x", yLabel: "W₁ to the reference (log scale)", xRange: -1.5...1.5)
distanceFigure.logY = true
distanceFigure.legend = .below
for (s, color) in zip(scores, ComparisonChapter.methodColors) {
    distanceFigure.add(.line(x: grid, y: s.distances.map { max($0, 1e-4) }, title: s.name, color: color,
                             dashed: ["Bayes-by-Backprop", "MC dropout", "variational dropout"].contains { s.name.hasPrefix($0) }))
}
for x in [-0.7, -0.3, 0.3, 0.7] { distanceFigure.markVertical(at: x) }
nb.figure(distanceFigure, name: "09-distance", caption: "Each method's 1-Wasserstein distance to the reference at every x, seed \(setup.seed) (log scale; one colour per method, the variational methods dashed). The data lie between the vertical lines on either side (0.3 ≤ |x| ≤ 0.7), the gap between the inner two.", width: 1000, height: 750)

/*:
 That is one seed: one draw of the 40 points, one reference, one run of every method. Which of its
 differences are real? The same comparison at seeds 1 to 5 — each seed its own data, its own NUTS
 reference and every method from its own streams — gives each method's distance as mean ± standard
 error over the seeds. Random-walk MH runs at the chapter's seed only: its 3.2 million density
 evaluations are the largest cost of a seed, and the chapter's full run has to stay
 short (this chapter's claims test runs it at all five seeds; see below). Two methods are then
 compared seed by seed, on the same data and reference: the paired difference of their distances,
 mean ± SE, and a *tie* when it is within 2 SE of zero.
 */
let sweepSeeds = setup.sweptSeeds
let sweepBar = nb.progress("running example over seeds \(sweepSeeds.first!)–\(sweepSeeds.last!)", total: sweepSeeds.count)
let sweep: RunningExampleSweep
do {
    var finished = 0
    sweep = try await ComparisonChapter.sweep(setup, done: [run]) { seed in
        finished += 1
        sweepBar.update(finished, detail: "seed \(seed)")
    }
    sweepBar.finish()
} catch {
    nb.fail("\(error)")
}
nb.show(String(format: "references over seeds %d–%d: largest split-R̂ of f(x) %.4f, %d divergent transitions in all",
               sweepSeeds.first!, sweepSeeds.last!, sweep.referenceRHats.max()!, sweep.referenceDivergences.reduce(0, +)))
nb.table(["method (mean ± SE over seeds)"] + RunningExampleSweep.columns.map { "W₁ \($0)" } + ["seeds"],
         sweep.names.indices.map { m in
             let seeds = sweep.seeds(of: m)
             return [sweep.names[m]] + RunningExampleSweep.columns.indices.map { c in
                 let v = sweep.summary(m, column: c)
                 return seeds.count > 1 ? String(format: "%.3f ± %.3f", v.mean, v.standardError) : String(format: "%.3f", v.mean)
             } + [seeds.count > 1 ? "\(seeds.first!)–\(seeds.last!)" : "\(seeds[0]) only"]
         })
let (onData, outside, overall) = (0, 2, 3)
let comparisons: [(String, String, Int)] = [
    ("SWAG", "MAP", overall), ("deep ensemble", "MAP", overall), ("SWAG", "deep ensemble", overall),
    ("snapshot ensemble", "MAP", overall), ("snapshot ensemble", "MAP", onData), ("SGLD", "MAP", overall),
    ("Bayes-by-Backprop", "MAP", outside), ("MC dropout", "MAP", outside), ("variational dropout", "MAP", outside),
    ("Laplace, full GGN", "MAP", overall), ("Laplace, full GGN", "MAP", outside), ("Laplace, last layer", "MAP", overall),
    ("Laplace, last layer", "MAP", outside), ("Laplace, full GGN", "Laplace, last layer", overall), ("Laplace, full GGN", "SWAG", overall),
    ("Laplace, full GGN", "deep ensemble", overall),
]
nb.show("paired over the seeds (a tie: the difference within 2 SE of zero):\n" + comparisons.map { sweep.comparison($0.0, $0.1, column: $0.2) }.joined(separator: "\n"))
let floor = sweep.index("NUTS, a second run")
let belowFloor = sweep.names.indices.filter { m in
    m != floor && sweep.seeds(of: m).count > 1 && sweep.verdict(sweep.names[m], sweep.names[floor], column: overall) != .further
}
nb.show("methods of the sweep not further from the reference than the second NUTS run over the grid: "
        + (belowFloor.isEmpty ? "none" : belowFloor.map { sweep.names[$0] }.joined(separator: ", ")))

/*:
 **What the tables say.** Two runs of NUTS land 0.007 ± 0.001 apart over the grid (mean ± SE over
 seeds 1–5): that is the floor, what "the same posterior" looks like with a finite number of draws,
 and every other method of the sweep is further from the reference than that. Random-walk MH
 comes next at the chapter's seed (0.039), closer than any approximation there, but it has not
 *reached* the posterior: outside the data its distance (0.069) is more than eight times the floor at that
 seed (0.008). With 3.2 million density evaluations its chains have still not covered the
 posterior's spread where the functions fan out. The claims test, which runs MH at all five seeds,
 finds the same but for one tie: over the grid MH is closer than every approximation except the
 full-GGN Laplace (paired −0.014 ± 0.009, from the claims test). Outside the data it stays more
 than twice as far from the reference as the second NUTS run (whose distance there is 0.010 ±
 0.001 in the table above).

 SGLD, SWAG and the deep ensemble are closer than MAP over the seeds, by small margins (0.069 ±
 0.011, 0.082 ± 0.005 and 0.085 ± 0.005 against 0.091 ± 0.007; paired, −0.022 ± 0.010, −0.009 ±
 0.002, −0.006 ± 0.002), and SWAG ties with the deep ensemble. All of them are close on the data
 (SWAG a little wide there, as Lecture 5 found: 0.010 ± 0.001 against MAP's 0.005 ± 0.001), too
 narrow in the gap and outside, where the posterior's functions fan out more than a few modes
 or one Gaussian around one mode can show. At the chapter's seed SGLD is no closer than MAP (0.101
 against 0.097): that one seed would have said the opposite of the five.

 The snapshot ensemble runs Huang et al.'s cyclic schedule adapted to Adam (restarts at 0.3), which Lecture 4 showed takes the snapshots out
 of the MAP's basin (with full-batch restarts at 0.01 they fell back into it every cycle, and an
 earlier version of this table scored them exactly as the MAP). Leaving the basin is not the same
 as sampling the posterior: the snapshot ensemble is *further* from the reference than MAP, over
 the grid (0.134 ± 0.016 against 0.091 ± 0.007; paired +0.043 ± 0.018) and even on the data
 (0.010 ± 0.001 against 0.005 ± 0.001). Lecture 4 measured why: its snapshots' functions
 spread most of the way to the posterior's (0.103 ± 0.012 against 0.141 ± 0.006), but each anneal
 on mini-batches leaves them less well fitted than a MAP (loss 0.75 against 0.61), and the modes
 they land in extrapolate where the posterior puts little mass (in the figure, its band reaches
 well above the reference's at the right end, where the reference's mean turns down). A spread
 nearly the right size in the wrong place scores worse than a band too narrow in the right place.
 At the chapter's seed the order is reversed (0.084 against MAP's 0.097 over the grid, 0.145
 against 0.170 outside the data): like SGLD's, one seed would mislead.

 The variational methods are further than MAP outside the data, and by their means the furthest of the table there (0.49 to 0.65 against MAP's
 0.16): Bayes-by-Backprop's mean field and the two dropouts extrapolate flat, a confident band where
 the reference's fans out. Variational dropout is scored after 4,000 epochs, where Lecture 7 finds
 its $\ln\alpha$ settled and most weights switched off; its band is then close to the noise alone. Each comparative sentence here is one of the paired lines above, and the claims test checks
 the same verdicts over seeds 1–5, MH included.

 **Laplace**, the fourth family (Lecture 8), is the closest approximation here. On the MAP the
 chapter already trains, the full GGN with the GLM predictive is at 0.042 ± 0.008 over the grid,
 half the MAP's distance (paired −0.049 ± 0.002) and closer than SWAG and the deep ensemble
 (paired with SWAG −0.040 ± 0.004, with the deep ensemble −0.043 ± 0.003; the claims test finds
 it closer than SGLD too); outside the data it
 halves the MAP's distance too (0.070 ± 0.014 against 0.158 ± 0.012; paired −0.088 ± 0.003). The
 linearised network's band fans out where its Jacobian grows, which is where the posterior's
 functions fan out; one Gaussian around one mode still cannot show what lies in other modes, and
 it stays several times the floor (0.007 ± 0.001). Random-walk MH is closer at the chapter's seed,
 but over the five seeds of the claims test the two tie over the grid (MH − full Laplace −0.014 ±
 0.009).
 Last-layer Laplace, with the hidden layer fixed at the MAP's, keeps 11 of the 31 weights
 uncertain and only a fraction of the gain: 0.077 ± 0.007 over the grid (paired with MAP −0.014 ±
 0.001, outside −0.025 ± 0.002), further than the full GGN (paired +0.035 ± 0.002). These are the
 means Lecture 8 found with the same MAP (its W₁ draws differ). Both keep the reference's prior and
 noise; the cost is the MAP's plus one pass of per-example Jacobians and a 31 × 31 (or 11 × 11)
 Cholesky factor.

 The costs differ by three orders of magnitude, from Bayes-by-Backprop's 1,600 full-data-gradient
 equivalents to the NUTS reference's 1.5 million. The wall times go to standard error, not into
 the chapter: on this course's 2-core machine one seed takes about 15 s, MH about 6 s of it, SGLD
 about 4 s, each NUTS run about 2 s, everything else under a second. The
 distance to the gold standard is what the cheaper methods give up, and the figures show where: in
 the gap and outside, where uncertainty is the point.

 ## Real data: Boston housing, the published protocol and where we leave it

 The Boston housing data (UCI; 506 census tracts of the Boston area in the 1970 census, the target
 the median value of owner-occupied homes in the tract in k\$, 13 inputs). One input, `B`, is
 derived from the proportion of Black residents by town; it is kept only because the published
 benchmarks use all 13 inputs. The protocol is that of Hernández-Lobato & Adams (2015), used by Gal &
 Ghahramani (2016) and Lakshminarayanan et al. (2017): the 20 published random 90/10 splits; inputs
 and target standardised on each training split; one hidden layer of 50 ReLU units; Adam; metrics on
 the test rows in k\$. Here every method uses Adam at rate $10^{-3}$ on batches of 32, but for SWAG's full-data pre-training (below).

 Every method but the deep ensemble needs the noise variance $\sigma^2$ of its Gaussian likelihood: here
 one rule serves all methods, MAP fitted on 80% of the training rows and $\sigma^2$ its mean squared
 error on the other 20%. The deep ensemble's members learn their own variance (a second output), with
 adversarial training as in Lakshminarayanan et al. MC dropout uses rate 0.05 and $l = 10^{-2}$. SWAG
 runs full-data Adam to the MAP (as many steps as the others take on batches), then collects one
 iterate per epoch for 40 epochs of SGD at $\eta = 10^{-3}$, rank 20. Laplace (appended last) trains the MAP of
 the same split again from the MAP's stream (the same weights), puts the full GGN over its 751
 weights, tunes the prior variance $s^2$ by the Laplace evidence (MacKay's fixed point from 1, $\sigma^2$
 kept) and predicts with the GLM predictive. Every predictive averages 100
 draws (MC dropout's and variational dropout's passes, SWAG's and Bayes-by-Backprop's weight draws).
 Cost is counted in passes over the training rows, per split: one full-data gradient is one pass, a
 batch of 32 is 32/455 of one.

 **Training length.** Every run takes 400 epochs, cut to a budget of 6,000 optimiser steps
 (`--epochs`, `--max-steps`). Boston's 455 training rows in batches of 32 are 15 batches an epoch,
 so here the budget is exactly the 400 epochs. A CSV of 4,500 training rows gets 42 epochs
 (5,922 steps) instead of 400 (56,400): a network of 50 units does not need ten times the steps to
 fit ten times the rows, and the benchmark's run time stops growing with the data's size.

 **Where this run departs from the published protocol** (Gal's code: `net/net.py` and
 `experiment.py` of yaringal/DropoutUncertaintyExps):

 | | published | here |
 |---|---|---|
 | passes over the training rows | 40 (Hernández-Lobato & Adams; Gal & Ghahramani's Table 1; Lakshminarayanan et al.) | 400 for every method; MC dropout also at 40 below |
 | batch size | 128 (Gal's code), 100 (Lakshminarayanan et al.) | 32 |
 | where dropout acts | on the inputs and after the hidden layer (`Dropout` before each `Dense`) | after the hidden layer only |
 | dropout rate, noise precision τ | chosen per split by validation log-likelihood over a grid, the network refitted on the training rows | rate 0.05 fixed; $\tau = 1/\sigma^2$ from MAP's validation error, shared by every method |
 | MC dropout's test passes | 10,000 | 100 |
 | the "±" of the published numbers | the standard deviation over the 20 splits (`np.std` in Gal's `experiment.py`) | the standard error, SD/√20, below beside both |

 Dropping the inputs as well would add noise on all 13 inputs of every pass; the course's
 `DropoutNetwork` drops hidden units only, and this chapter keeps it so that MC dropout is the same
 method here as on the running example.
 */
let boston: (table: NumericTable, splits: [[Int]])
let bostonResults: [[MethodScore]]
let shortEpochs = setup.benchmark.epochs / 10
let shortResults: [[MethodScore]]
let bostonSplitCount: Int
do {
    boston = try BostonHousing.load()
    let (x, y, names) = try boston.table.regression(target: BostonHousing.target)
    nb.show("Boston housing: \(y.count) rows, \(names.count) inputs (\(names.joined(separator: ", "))), target \(BostonHousing.target); \(boston.splits.count) published splits")
    let splits = ComparisonChapter.bostonSplits(setup, published: boston.splits)
    bostonSplitCount = splits.count
    bostonResults = try await runBenchmark("Boston, \(splits.count) splits × \(BenchmarkMethod.allCases.count) methods", x: x, y: y, inputs: names.count, splits: splits)
    shortResults = try await runBenchmark("Boston, MC dropout at \(shortEpochs) epochs", x: x, y: y, inputs: names.count, splits: splits,
                                          methods: [.mcDropout], settings: setup.with(\.benchmark.epochs, shortEpochs))
} catch {
    nb.fail("\(error)")
}
let summaries = MethodSummary.of(bostonResults)
let shortSummary = MethodSummary.of(shortResults)[0]
let splitCount = Double(bostonSplitCount)
nb.table(["method", "test RMSE", "test log-likelihood", "PICP 95%", "MPIW 95% (target units)", "miscalibration area", "CRPS", "gradient passes per split"],
         benchmarkRows(summaries, splits: bostonSplitCount) + benchmarkRows([shortSummary], splits: bostonSplitCount).map { ["MC dropout, \(shortEpochs) epochs"] + $0.dropFirst() })
// Laplace against the MAP it sits on, split by split (the same MAP: the same mean).
let laplaceIndex = BenchmarkMethod.allCases.firstIndex(of: .laplace)!, mapIndex = BenchmarkMethod.allCases.firstIndex(of: .map)!
let paired = { (metric: (MethodScore) -> Double) in meanAndStandardError(bostonResults.map { metric($0[laplaceIndex]) - metric($0[mapIndex]) }) }
let (llDifference, widthDifference, crpsDifference) = (paired(\.logLikelihood), paired(\.mpiw95), paired(\.crps))
nb.show(String(format: "Laplace − MAP, paired over the %d splits: test log-likelihood %+.3f ± %.3f, MPIW 95%% %+.2f ± %.2f, CRPS %+.3f ± %.3f; the largest RMSE difference on a split %.1e",
               bostonSplitCount, llDifference.mean, llDifference.standardError, widthDifference.mean, widthDifference.standardError,
               crpsDifference.mean, crpsDifference.standardError, bostonResults.map { abs($0[laplaceIndex].rmse - $0[mapIndex].rmse) }.max()!))
noteTimes("Boston, wall time summed over the splits:", summaries.map { ($0.method.title, $0.seconds) } + [("MC dropout, \(shortEpochs) epochs", shortSummary.seconds)])

/*:
 Beside the published numbers. Ours are mean ± standard error over the 20 splits; the papers print
 mean ± the standard deviation over the splits. Both are shown both ways: the spread (SD over the
 splits) and the standard error of the mean (SD/√20). The last column is the difference of the
 two means in units of their combined standard error $\sqrt{\mathrm{SE}_\text{here}^2 + \mathrm{SE}_\text{published}^2}$.
 */
/// Published Boston results, mean and SD over the 20 splits: Gal & Ghahramani (2016), Table 1;
/// Lakshminarayanan et al. (2017), Table 1 (which reports the NLL).
let published: [(BenchmarkMethod, rmse: (Double, Double), logLikelihood: (Double, Double), source: String)] = [
    (.mcDropout, (2.97, 0.85), (-2.46, 0.25), "Gal & Ghahramani 2016, 40 epochs"),
    (.deepEnsemble, (3.28, 1.00), (-2.41, 0.25), "Lakshminarayanan et al. 2017, 40 epochs (NLL 2.41)"),
]
func publishedRow(_ title: String, _ metric: String, here: (mean: Double, standardError: Double), published p: (Double, Double), source: String) -> [String] {
    let publishedSE = p.1 / 20.0.squareRoot()  // the papers' 20 splits
    let z = (here.mean - p.0) / (here.standardError * here.standardError + publishedSE * publishedSE).squareRoot()
    return [title, metric, String(format: "%.2f ± %.2f (SD %.2f)", here.mean, here.standardError, here.standardError * splitCount.squareRoot()),
            String(format: "%.2f ± %.2f (SD %.2f)", p.0, publishedSE, p.1), String(format: "%+.1f", z), source]
}
nb.table(["method", "metric", "here: mean ± SE (SD)", "published: mean ± SD/√20 (SD)", "difference / combined SE", "source"],
         published.flatMap { method, rmse, ll, source -> [[String]] in
             let s = summaries.first { $0.method == method }!
             var rows = [publishedRow(method.title, "RMSE", here: s.rmse, published: rmse, source: source),
                         publishedRow(method.title, "log-likelihood", here: s.logLikelihood, published: ll, source: source)]
             if method == .mcDropout {
                 rows += [publishedRow("MC dropout, \(shortEpochs) epochs", "RMSE", here: shortSummary.rmse, published: rmse, source: source),
                          publishedRow("MC dropout, \(shortEpochs) epochs", "log-likelihood", here: shortSummary.logLikelihood, published: ll, source: source)]
             }
             return rows
         })
var calibrationFigure = Figure(title: "Boston: calibration over the test splits", xLabel: "expected fraction below the predictive quantile",
                               yLabel: "observed fraction", xRange: 0...1, yRange: 0...1)
calibrationFigure.legend = .topLeft
calibrationFigure.equalAxes = true
calibrationFigure.add(.line(x: [0, 1], y: [0, 1], title: "perfect calibration", color: .black, width: 1, dashed: true))
for (s, color) in zip(summaries, [Color.gray, .vermillion, .blue, .purple, .green, .orange, .skyBlue]) {
    calibrationFigure.add(.line(x: [0] + RegressionBenchmark.calibrationLevels + [1], y: [0] + s.calibration + [1], title: s.method.title, color: color))
}
nb.figure(calibrationFigure, name: "09-calibration", caption: "Calibration curves on Boston, averaged over the test splits. Below the diagonal at low levels and above it at high levels: too few targets in the tails, intervals too wide. The reverse: too narrow.", width: 700, height: 650)

/*:
 Our MC dropout and deep ensemble land within 1.4 combined standard errors of the published means
 (MC dropout: RMSE 2.87 ± 0.18 against 2.97 ± 0.19, log-likelihood −2.57 ± 0.05 against −2.46 ±
 0.06; deep ensemble: 3.13 ± 0.24 against 3.28 ± 0.22, −2.38 ± 0.05 against −2.41 ± 0.06), and
 their spreads over the splits are the papers' (SD 0.80 against 0.85, 1.09 against 1.00). The
 chapter's test checks exactly this: each difference within 2 combined standard errors. The 400
 passes are not the protocol but our choice, and they matter: MC dropout at 40 passes, nothing else
 changed, has RMSE 3.44 ± 0.23 and log-likelihood −2.73 ± 0.06, worse than at 400 and 3.4 combined
 standard errors below the published log-likelihood. The published run at 40 epochs differs from
 ours in the other rows of the deviations table as well (larger batches, so fewer steps; dropped
 inputs; τ and the rate chosen on validation data), so the two 40-epoch rows are not the same
 experiment; ours at 400 passes is what reproduces the published numbers.

 The differences in RMSE between the methods are within about one standard error: on this data
 set the point predictions are about equally good. The uncertainty is not. The deep ensemble, whose
 members learn their own noise level, has the best log-likelihood (−2.38 ± 0.05, the others −2.57
 to −2.70), the best CRPS (1.46 k\$ against 1.58–1.79) and the smallest miscalibration area, but
 its 95% intervals hold only 89% of the test targets: too narrow. The six other methods, all with the
 validation-chosen $\sigma^2$, err the other way: their intervals are wider than needed (96–99%
 coverage), and their calibration curves cross the diagonal the other way round.

 Laplace has the MAP's mean, so the MAP's RMSE on every split, and adds its epistemic variance
 $J P^{-1} J^\top$ to the same $\sigma^2$: its intervals are the widest of the table (99% coverage,
 MPIW 20.5 k\$ against the MAP's 13.5), and paired with the MAP over the splits it is worse in
 CRPS (+0.190 ± 0.019 k\$) and ties with it in log-likelihood (−0.107 ± 0.056: a tie
 within 2 SE; the mean is worse, but the splits disagree). The evidence chose its prior variance, but the noise
 variance it adds to was chosen on held-out rows, where the MAP's error already contains the
 network's own uncertainty: on this data set the two count much of it twice. The running example,
 with the reference's $\sigma$ known, is where Laplace's band can be judged on its own.

 The methods with the validation-chosen $\sigma^2$ cost 422 passes over the training rows per split
 (400 epochs of the optimiser, and the MAP that chooses $\sigma^2$ not counted), Laplace one more
 for its Jacobians; the deep ensemble's five members with their adversarial
 gradients take ten times that, SWAG's full-data pre-training and collection fourteen times.

 ## Take-aways

 - **Sampling** is the gold standard: two NUTS runs agree to 0.007 ± 0.001; MH, with millions of
   evaluations, is closer than every approximation but the full-GGN Laplace (a tie over five seeds)
   and still more than twice the floor away from the data. It costs the most by orders of magnitude.
 - **Ensembles and SWAG** are practical: the deep ensemble and SWAG right where the data are and
   too narrow where they are not, the deep ensemble with the best log-likelihood on Boston; the
   snapshot ensemble leaves the MAP's basin but lands where the posterior puts little mass.
 - **Laplace** on the MAP is the cheapest way to a band that fans out where the posterior does:
   with the full GGN, the closest approximation to NUTS here, at the MAP's cost plus one pass of
   Jacobians; on the last layer alone it keeps a fraction of the gain. Its band rests on the $\sigma^2$
   it is given: on Boston, with a $\sigma^2$ from held-out error, it is the widest of the table.
 - **Variational inference** is scalable but crude: the cheapest, and the furthest from the posterior
   away from the data, where uncertainty matters most.
  
 ## Exercises

 In `Sources/Exercises/Lecture09.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 9.1 — coverage.** Implement `exercise9_1_coverage`: the fraction of targets with
    $|y_i - \mu_i| \le z\sigma_i$, the PICP of the intervals $\mu \pm z\sigma$.
 2. **Exercise 9.2 — the 1-Wasserstein distance.** Implement `exercise9_2_wasserstein` for two
    samples of the same size: the mean absolute difference of the sorted samples.
 3. **Exercise 9.3 — mean ± standard error.** Implement `exercise9_3_meanAndStandardError`: the mean
    of the per-split scores and $s/\sqrt k$, the way the benchmark tables report them.
 4. **Exercise 9.4 — an experiment: how many members?** Predict, then measure with
    `exercise9_4_ensembleSize`, the deep ensemble's W₁ to the reference outside the data with 1, 5
    and 20 members (seed 1). Does it fall steadily, and does 20 come near the second NUTS run's
    floor? Explain what a few modes can and cannot show of a posterior that fans out between them.
 */
