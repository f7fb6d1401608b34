/*:
 # Lecture 8 — every method side by side

 The lecture ends with its three families side by side: sampling ("the gold standard, but
 slow"), ensembles ("practical, but heuristic"), variational inference ("scalable, but crude").
 This chapter puts numbers on those words. First every method of the course on one model of the
 running example, scored against NUTS run to convergence; then six of them on real data, the
 Boston housing prices, with the protocol of the published benchmarks and their numbers beside
 ours (Psaros et al. 2023 survey the methods and metrics used here).

 ```
 swift run -c release comparison              # full run, figures into figures/
 swift run -c release comparison --help       # options
 swift run -c release comparison --csv my.csv --target y --json   # the real-data benchmark on any CSV
 ```
 */
import ArgumentParser
import Course
import Datasets
import Foundation
import Inference
import Notebook
import Plotting

typealias Settings = ComparisonChapter.Settings

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comparison", abstract: "Lecture 8: every method scored against NUTS and on real data.",
        discussion: "With --csv, runs only the real-data benchmark on that file (no figures): a header line, numeric cells, the --target column as the target and every other column as an input.")
    @OptionGroup var common: LectureOptions
    @Option(help: ArgumentHelp("Run the real-data benchmark on this CSV file instead of the chapter.", valueName: "path")) var csv: String?
    @Option(help: ArgumentHelp("The CSV column to predict (with --csv).", valueName: "name")) var target: String?
    @Option(help: ArgumentHelp("Train/test splits: one permutation of the row indices per line, the first ⌊0.9 n⌋ train ('#' comments). Default: the published splits for Boston, \(Settings.standard().splits) seeded random 90/10 splits for --csv.", valueName: "file"))
    var splits: String?
    @Flag(help: "Print the real-data benchmark as JSON, one object per method and line, and nothing else.") var json = false
    @Option(help: "Passes over the training rows on real data (default \(Settings.standard().benchmark.epochs); --quick: \(Settings.quick().benchmark.epochs)).")
    var epochs: Int?

    /// The chapter's settings with this command line's changes.
    var settings: Settings {
        Settings.settings(quick: common.quick, seed: common.seed).with(\.benchmark.epochs, epochs)
    }

    mutating func validate() throws {
        if csv != nil, target == nil { throw ValidationError("--csv needs --target NAME, the column to predict") }
        if csv == nil, target != nil { throw ValidationError("--target goes with --csv PATH") }
        if csv == nil, splits != nil { throw ValidationError("--splits goes with --csv PATH (the chapter uses the published Boston splits)") }
        let epochs = settings.benchmark.epochs
        guard (1...100_000).contains(epochs) else { throw ValidationError("--epochs must be between 1 and 100,000, got \(epochs)") }
    }
}

let options = Options.parseOrExitWithOneLine()
let nb = Notebook(options.common)
let setup = options.settings

/// Runs the real-data benchmark on (x, y) over `splits`, with a progress bar; one array of scores per split.
@MainActor func runBenchmark(_ label: String, x: [Double], y: [Double], inputs d: Int, splits: [[Int]]) async throws -> [[MethodScore]] {
    let bar = options.json ? nil : nb.progress(label, total: splits.count)
    let results = try await ComparisonChapter.benchmark(setup, x: x, y: y, inputs: d, splits: splits,
                                                        finished: { bar?.update($0, detail: "\($0)/\(splits.count) splits") })
    bar?.finish()
    return results
}

/// The benchmark table: RMSE and log-likelihood per test point (mean ± SE over the splits), coverage
/// and width of the central 95% interval, miscalibration area, cost.
func benchmarkRows(_ summaries: [MethodSummary]) -> [[String]] {
    summaries.map { s in
        [s.method.title, String(format: "%.2f ± %.2f", s.rmse.mean, s.rmse.standardError),
         String(format: "%.2f ± %.2f", s.logLikelihood.mean, s.logLikelihood.standardError),
         String(format: "%.2f", s.picp95), String(format: "%.1f", s.mpiw95), String(format: "%.3f", s.miscalibrationArea), String(format: "%.2f", s.crps),
         String(format: "%.0f", s.gradientPasses)]
    }
}
let benchmarkHeader = ["method", "test RMSE", "test log-likelihood", "PICP 95%", "MPIW 95% (target units)", "miscalibration area", "CRPS", "gradient passes"]

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
        let summaries = MethodSummary.of(try await runBenchmark("\(path), \(splits.count) splits", x: x, y: y, inputs: names.count, splits: splits))
        if options.json {
            summaries.forEach { print($0.json) }
        } else {
            print("\(path): \(y.count) rows, \(names.count) inputs, target \(target), \(splits.count) splits")
            nb.table(benchmarkHeader, benchmarkRows(summaries))
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
   below their predictive $p$-quantile, and its **miscalibration area**, the mean gap to the diagonal;
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
let data = ReferencePosterior.data(seed: setup.seed)
let grid = RunningExampleComparison.grid
let bar = nb.progress("running example: NUTS reference and 10 methods", total: 11)
let reference: ComparisonChapter.Reference
let methods: [RunningExampleComparison.Method]
do {
    let start = DispatchTime.now().uptimeNanoseconds
    reference = try await ComparisonChapter.reference(setup, data: data)
    let referenceSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var done = 1
    bar.update(done, detail: "reference")
    let others = try await ComparisonChapter.methods(setup, data: data) { name in
        bar.update(done, detail: name)
        done += 1
    }
    bar.finish()
    let referenceDraws = reference.chains.flatMap { c in (0..<c.count).map { c.draw($0) } }
    methods = [RunningExampleComparison.Method(name: "NUTS (the reference)", predictive: RunningExampleComparison.predictive(referenceDraws),
                                               gradients: Double(reference.chains.reduce(0) { $0 + $1.evaluations }), seconds: referenceSeconds)] + others
} catch {
    nb.fail("\(error)")
}
let divergences = reference.chains.reduce(0) { $0 + $1.divergences }
nb.show(String(format: "reference: %d chains × %d draws, largest split-R̂ of f(x) over the grid %.4f, %d divergent transitions",
               reference.chains.count, reference.chains[0].count, reference.rHat, divergences))

/*:
 **The methods**, each on the same model, prior and noise where it has them:

 | method | what runs |
 |---|---|
 | MAP | Adam (20,000 full-data steps, rate 0.01) on $-\ln p(\omega \mid \mathcal D)/N$: the lecture's MLE with the prior as weight decay |
 | random-walk MH | 4 chains of 400,000 steps after as many of warm-up (scale adapted to 23% acceptance), every 100th kept |
 | SGLD | 4 chains of 120,000 steps on batches of 10, $\varepsilon_t$ from $5\cdot10^{-5}$ to $5\cdot10^{-6}$ |
 | NUTS, a second run | the reference's recipe from other seeds: how far two runs of the gold standard are apart |
 | deep ensemble | 5 MAPs from 5 random starts, a uniform mixture |
 | snapshot ensemble | one Adam run of 50,000 steps, 5 cosine cycles from rate 0.01, a snapshot at the end of each |
 | SWAG | the MAP, then 10,000 SGD steps on batches of 10 ($\eta = 10^{-3}$), rank 20, 400 weight draws |
 | Bayes-by-Backprop | mean-field Gaussian, prior $\mathcal N(0, 1)$, closed-form KL, 1,600 epochs of batches of 10, 400 draws |
 | MC dropout | rate 0.1 after the hidden layer, weight decay for $l = 1$ and $\tau = 1/0.05^2$, 12,000 steps, 400 passes |
 | variational dropout | a learned $\ln\alpha$ per weight, local reparameterisation, 1,600 epochs, 400 passes |

 All start from $\omega \sim \mathcal N(0, 0.5^2 I)$ (the dropout variants from the network's usual initialisation); the
 chains keep the second half of their draws. At each of 151 points on $[-1.5, 1.5]$ the method's predictive
 and the reference's are compared by their 1-Wasserstein distance (2,000 draws of each); the table
 averages it over the data ($0.3 \le |x| \le 0.7$), the gap ($|x| < 0.3$) and outside ($|x| > 0.7$).
 */
let referencePredictive = methods[0].predictive
let scores = ComparisonChapter.scores(setup, Array(methods.dropFirst()), reference: referencePredictive)
let referenceMoments = referencePredictive.moments
let palette: [Color] = [.gray, .vermillion, .orange, .black, .blue, .skyBlue, .purple, .green, .orange, .vermillion]
let panels = zip(methods.dropFirst(), palette).map { m, color in
    ComparisonChapter.bandBesideReference(m, reference: referenceMoments, data: data, color: color)
}
nb.figure(Panels(panels, rows: 5, columns: 2, width: 1200, height: 2000), name: "08-running-example",
          caption: "Every method's predictive mean ± 2 sd (coloured band) on the running example, beside the NUTS reference's ± 2 sd (black dashed); truth sin(3x) dashed, data red.")
nb.table(["method", "W₁ on the data", "W₁ in the gap", "W₁ outside", "W₁ over the grid", "full-data gradients"],
         zip(methods.dropFirst(), scores).map { m, s in
             [m.name] + (s.regions + [s.overall]).map { String(format: "%.3f", $0) } + [String(format: "%.0f", m.gradients)]
         } + [["NUTS (the reference)", "0", "0", "0", "0", String(format: "%.0f", methods[0].gradients)]])
noteTimes("running example, wall time on this machine:", methods.map { ($0.name, $0.seconds) })
let ranking = RunningExampleComparison.ranking(scores)
nb.show("ranking, closest to the reference first: " + ranking.joined(separator: " < "))
var distanceFigure = Figure(title: "distance to the NUTS reference along x", xLabel: "x", yLabel: "W₁ to the reference (log scale)", xRange: -1.5...1.5)
distanceFigure.logY = true
distanceFigure.legend = .below
for (s, color) in zip(scores, palette) {
    distanceFigure.add(.line(x: grid, y: s.distances.map { max($0, 1e-4) }, title: s.name, color: color,
                             dashed: ["Bayes-by-Backprop", "MC dropout", "variational dropout", "snapshot ensemble"].contains { s.name.hasPrefix($0) }))
}
for x in [-0.7, -0.3, 0.3, 0.7] { distanceFigure.markVertical(at: x) }
nb.figure(distanceFigure, name: "08-distance", caption: "Each method's 1-Wasserstein distance to the reference at every x (log scale; the variational methods and the snapshot ensemble dashed). The data lie between the vertical lines on either side (0.3 ≤ |x| ≤ 0.7), the gap between the inner two.", width: 1000, height: 700)

/*:
 **What the table says.** Two runs of NUTS land 0.011 apart over the grid: that is the floor, what
 "the same posterior" looks like with a finite number of draws, and this chapter's test checks that
 no other method gets below it. Random-walk MH comes next (0.055): with 3.2 million density
 evaluations its chains reached the posterior, though its band is still off outside the data. SWAG,
 the deep ensemble and MAP follow, close together: right on the data, too narrow in the gap and
 outside, where the posterior's functions fan out more than five modes or one Gaussian around one
 mode can show. The snapshot ensemble scores as MAP (0.103 against 0.104): its cycles returned to
 the mode they left, so it is the MAP at 2.5 times the cost. SGLD, whose decaying steps leave the chains short of
 the posterior's spread, is no better than MAP. The variational methods are furthest (0.30 to 0.40),
 furthest of all outside the data: Bayes-by-Backprop's mean field and the two dropouts extrapolate
 flat, a confident band where the reference's fans out.

 The costs differ by three orders of magnitude, from Bayes-by-Backprop's 1,600 full-data-gradient
 equivalents to the NUTS reference's 1.5 million. In one run on this course's 2-core machine (the
 times go to standard error, not into the chapter) the reference took about 14 s, MH 6 s, the second
 NUTS run 16 s, SGLD 4 s, everything else under a second. The distance to the gold standard is what the
 cheaper methods give up, and the figure shows where: in the gap and outside, where uncertainty is
 the point.

 ## Real data: Boston housing, the published protocol

 The Boston housing data (UCI; 506 towns of the Boston area in the 1970 census, the target the
 median value of owner-occupied homes in k\$, 13 inputs). One input, `B`, is derived from the
 proportion of Black residents by town; it is kept only because the published benchmarks use all 13
 inputs. The protocol of Hernández-Lobato & Adams (2015), used by Gal & Ghahramani (2016) and
 Lakshminarayanan et al. (2017): the 20 published random 90/10 splits; inputs and target standardised
 on each training split; one hidden layer of 50 ReLU units; Adam (rate $10^{-3}$, batches of 32) for 400
 passes over the training rows; metrics on the test rows in k\$.

 Every method but the deep ensemble needs the noise variance $\sigma^2$ of its Gaussian likelihood. Gal &
 Ghahramani choose their precision $\tau$ by a grid search on validation data; here one rule serves all
 methods: MAP fitted on 80% of the training rows, $\sigma^2$ its mean squared error on the other 20%. The deep
 ensemble's members learn their own variance (a second output), with adversarial training as in
 Lakshminarayanan et al. MC dropout uses rate 0.05 and $l = 10^{-2}$ (Gal & Ghahramani's UCI code). SWAG
 runs full-data Adam to the MAP (as many steps as the others take on batches), then collects one
 iterate per epoch for 40 epochs of SGD at $\eta = 10^{-3}$, rank 20. Every predictive averages 100 draws
 (MC dropout's and variational dropout's passes, SWAG's and Bayes-by-Backprop's weight draws).
 Cost is counted in passes over the training rows: one full-data gradient is one pass, a batch of 32
 is 32/455 of one.
 */
let boston: (table: NumericTable, splits: [[Int]])
let bostonResults: [[MethodScore]]
do {
    boston = try BostonHousing.load()
    let (x, y, names) = try boston.table.regression(target: BostonHousing.target)
    nb.show("Boston housing: \(y.count) rows, \(names.count) inputs (\(names.joined(separator: ", "))), target \(BostonHousing.target); \(boston.splits.count) published splits")
    let splits = ComparisonChapter.bostonSplits(setup, published: boston.splits)
    bostonResults = try await runBenchmark("Boston, \(splits.count) splits × 6 methods", x: x, y: y, inputs: names.count, splits: splits)
} catch {
    nb.fail("\(error)")
}
let summaries = MethodSummary.of(bostonResults)
nb.table(benchmarkHeader, benchmarkRows(summaries))
noteTimes("Boston, wall time summed over the splits:", summaries.map { ($0.method.title, $0.seconds) })

/*:
 Beside the published numbers (ours: mean ± standard error over the 20 splits; theirs: mean ± the
 spread the papers print):
 */
/// Published Boston results: Gal & Ghahramani (2016), Table 1; Lakshminarayanan et al. (2017), Table 1 (which reports the NLL).
let published: [(BenchmarkMethod, rmse: (Double, Double), logLikelihood: (Double, Double), source: String)] = [
    (.mcDropout, (2.97, 0.85), (-2.46, 0.25), "Gal & Ghahramani 2016"),
    (.deepEnsemble, (3.28, 1.00), (-2.41, 0.25), "Lakshminarayanan et al. 2017 (NLL 2.41)"),
]
nb.table(["method", "RMSE here", "RMSE published", "log-likelihood here", "log-likelihood published", "source"], published.map { method, rmse, ll, source in
    let s = summaries.first { $0.method == method }!
    return [method.title, String(format: "%.2f ± %.2f", s.rmse.mean, s.rmse.standardError), String(format: "%.2f ± %.2f", rmse.0, rmse.1),
            String(format: "%.2f ± %.2f", s.logLikelihood.mean, s.logLikelihood.standardError), String(format: "%.2f ± %.2f", ll.0, ll.1), source]
})
var calibrationFigure = Figure(title: "Boston: calibration over the test splits", xLabel: "expected fraction below the predictive quantile",
                               yLabel: "observed fraction", xRange: 0...1, yRange: 0...1)
calibrationFigure.legend = .topLeft
calibrationFigure.equalAxes = true
calibrationFigure.add(.line(x: [0, 1], y: [0, 1], title: "perfect calibration", color: .black, width: 1, dashed: true))
for (s, color) in zip(summaries, [Color.gray, .vermillion, .blue, .purple, .green, .orange]) {
    calibrationFigure.add(.line(x: [0] + RegressionBenchmark.calibrationLevels + [1], y: [0] + s.calibration + [1], title: s.method.title, color: color))
}
nb.figure(calibrationFigure, name: "08-calibration", caption: "Calibration curves on Boston, averaged over the test splits. Below the diagonal at low levels and above it at high levels: too few targets in the tails, intervals too wide. The reverse: too narrow.", width: 700, height: 650)

/*:
 Our MC dropout and deep ensemble land within the published spreads (RMSE 2.87 against 2.97, log-
 likelihood −2.57 against −2.46; 3.13 against 3.28 and −2.38 against −2.41): the protocol
 reproduces the literature, which is what the chapter's test checks. The differences in RMSE
 between the methods are within one or two standard errors: on this data set the point predictions
 are about equally good. The uncertainty is not. The deep ensemble, whose members learn their own
 noise level, has the best log-likelihood, the best CRPS (1.46 k\$ against 1.58–1.68) and the
 smallest miscalibration area, but its 95%
 intervals hold only 89% of the test targets: too narrow. The five methods with one
 validation-chosen $\sigma^2$ err the other way: their intervals are wider than needed (96–97% coverage),
 and their calibration curves cross the diagonal the other way round.

 ## Take-aways

 - **Sampling** is the gold standard: two NUTS runs agree to 0.01, MH gets within 0.06 with millions
   of evaluations. It costs the most by orders of magnitude.
 - **Ensembles and SWAG** are practical: right where the data are, under a second here, the deep ensemble with the best
   log-likelihood on Boston; too confident where the data are not.
 - **Variational inference** is scalable but crude: the cheapest, and the furthest from the posterior
   away from the data, where uncertainty matters most.
  
 ## Exercises

 In `Sources/Exercises/Lecture08.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 8.1 — coverage.** Implement `exercise8_1_coverage`: the fraction of targets with
    $|y_i - \mu_i| \le z\sigma_i$, the PICP of the intervals $\mu \pm z\sigma$.
 2. **Exercise 8.2 — the 1-Wasserstein distance.** Implement `exercise8_2_wasserstein` for two
    samples of the same size: the mean absolute difference of the sorted samples.
 3. **Exercise 8.3 — mean ± standard error.** Implement `exercise8_3_meanAndStandardError`: the mean
    of the per-split scores and $s/\sqrt k$, the way the benchmark tables report them.
 */
