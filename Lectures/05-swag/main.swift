/*:
 # Lecture 5 — Stochastic weight averaging and SWAG

 Ordinary SGD with a constant learning rate does not settle in a minimum: it keeps bouncing
 around it. SWAG (Maddox et al. 2019) turns those bounces into a posterior: the mean of the
 iterates (stochastic weight averaging, SWA; Izmailov et al. 2018) and their spread, a diagonal
 variance plus a few directions of largest variation, give a Gaussian over the weights. It costs
 one training run and one or two extra copies of the weights. This chapter follows the slides'
 SWAG section on the model of Lecture 3, the Bayesian MLP 1→10→1 on the running example, so that
 every band can be put beside the NUTS reference of the same posterior.

 ```
 swift run -c release swag            # full run, figures into figures/
 swift run -c release swag --help     # options (--rank, --interval, --iterates, …)
 ```
 */
import ArgumentParser
import Autodiff
import Course
import Datasets
import Foundation
import Inference
import NeuralNetworks
import Notebook
import Plotting
import Probability

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swag", abstract: "Lecture 5: stochastic weight averaging and SWAG.")
    @OptionGroup var common: LectureOptions
    @Option(help: "K, the deviation columns SWAG keeps: its rank (default \(SWAGChapter.Settings.standard().rank)).") var rank: Int?
    @Option(help: "SGD steps between two collected iterates (default \(SWAGChapter.Settings.standard().interval)).") var interval: Int?
    @Option(help: "Iterates collected per SWAG (default \(SWAGChapter.Settings.standard().iterates); --quick: \(SWAGChapter.Settings.quick().iterates)).") var iterates: Int?
    @Option(help: "Constant SGD learning rate η, per data point (default \(SWAGChapter.Settings.standard().learningRate)).") var learningRate: Double?
    @Option(help: "SWAGs in the MultiSWAG ensemble, trained in parallel (default \(SWAGChapter.Settings.standard().swags)).") var swags: Int?
    @Option(help: "Weight draws for every Bayesian model average (default \(SWAGChapter.Settings.standard().samples); --quick: \(SWAGChapter.Settings.quick().samples)).") var samples: Int?

    /// The chapter's settings: standard or quick, then the options given.
    var settings: SWAGChapter.Settings {
        SWAGChapter.Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.rank, rank).with(\.interval, interval).with(\.iterates, iterates).with(\.learningRate, learningRate)
            .with(\.swags, swags).with(\.samples, samples)
    }

    mutating func validate() throws {
        let s = settings
        guard s.rank >= 2 else { throw ValidationError("--rank must be at least 2 (the low-rank part divides by K − 1), got \(s.rank)") }
        guard s.interval >= 1 else { throw ValidationError("--interval must be at least 1, got \(s.interval)") }
        guard s.iterates >= s.rank else { throw ValidationError("--iterates (\(s.iterates)) must be at least --rank (\(s.rank))") }
        guard s.learningRate > 0 else { throw ValidationError("--learning-rate must be positive, got \(s.learningRate)") }
        guard (2...64).contains(s.swags) else { throw ValidationError("--swags must be between 2 and 64, got \(s.swags)") }
        guard (2...100_000).contains(s.samples) else { throw ValidationError("--samples must be between 2 and 100,000, got \(s.samples)") }
    }
}

let options = Options.parseOrExitWithOneLine()
let settings = options.settings
let nb = Notebook(options.common)

/*:
 ## The recipe

 The slides' SWAG, with $\omega_i$ the $i$-th collected iterate (one every $c$ SGD steps):

 $$\mu_n = \frac{\omega_n + (n-1)\mu_{n-1}}{n}, \qquad s_n^2 = \frac{\omega_n^2 + (n-1)s_{n-1}^2}{n}, \qquad \sigma_n^2 = s_n^2 - \mu_n^2$$

 (elementwise): a running mean, a running second moment and their difference, one extra copy of
 the weights each. $\mu_n$ is the SWA solution. $\sigma_n^2$ can come out slightly negative in
 floating point (a difference of two nearly equal numbers); the library clamps it at $10^{-30}$.
 SWAG adds a rank-$K$ part: the last $K$ deviations $\omega_i - \mu_i$ as the columns of $D$, and

 $$\omega \sim \mathcal N\Big(\mu,\; \tfrac12 \Sigma_\text{diag} + \tfrac{1}{2(K-1)} D D^\top\Big), \qquad
   \omega = \mu + \tfrac{1}{\sqrt2}\Sigma_\text{diag}^{1/2} z_1 + \tfrac{1}{\sqrt{2(K-1)}} D z_2,$$

 $z_1 \sim \mathcal N(0, I_d)$, $z_2 \sim \mathcal N(0, I_K)$. (SWAG-diagonal drops $D$ and the $\frac12$: $\mathcal N(\mu, \Sigma_\text{diag})$.)
 Predictions average over $S$ such draws: the Bayesian model average of Lecture 1.

 Here: Adam (20,000 steps, learning rate 0.01) to a mode of $-\ln p(\omega \mid \mathcal D)/N$, then SGD with a constant learning
 rate on mini-batches of 10 of the 40 points, one iterate kept every `--interval` = 10 steps,
 $K$ = `--rank` = 20. The gradient is Lecture 3's SGLD estimate $\nabla \ln p(\omega) + \frac NB\sum_\text{batch}\nabla\ln p(y_i \mid x_i, \omega)$,
 without the injected noise: the mini-batches are the only noise.

 @source Inference/Ensembles/SWAG.swift: public static func run(rank:

 @source Inference/Ensembles/SWAG.swift: public mutating func collect(

 @source Inference/Ensembles/SWAG.swift: public func sample(diagonalOnly:
 */
let data = ReferencePosterior.data(seed: settings.seed)
let grid = ReferencePosterior.grid(settings.reference)
let runs: [SWAGRun]
let hmcChains: [Chain]
do {
    runs = try await nb.timed("\(settings.swags) SWAG runs in parallel") { try await SWAGChapter.runs(settings) }
    hmcChains = try await nb.timed("NUTS reference, \(settings.reference.chains) chains") { try await ReferencePosterior.chains(seed: settings.seed, settings.reference, data: data) }
} catch {
    nb.fail("\(error)")
}
let swag = runs[0].swag, iterates = runs[0].iterates
nb.show("collected \(swag.count) iterates of \(ReferencePosterior.network.parameterCount) weights; D keeps the last \(swag.deviations.count)")

/*:
 ## The Gaussian over the iterates, in weight space

 After Maddox et al. (2019), Fig. 1: the log posterior on the plane through $\mu$ spanned by the
 first two principal directions of the deviations $D$, the SGD iterates projected on it, the SWA
 mean, and the 1σ and 2σ ellipses of the SWAG Gaussian projected on the same plane.
 */
let plane = SWAGChapter.weightSpacePlane(settings, run: runs[0], data: data)
let (reach, projected) = (plane.reach, plane.projected)
let surfaceMax = plane.logPosterior.joined().max()!
var weightSpace = Figure(title: "Log posterior on the plane of the first two SWAG directions", xLabel: "direction 1", yLabel: "direction 2",
                         xRange: -reach[0]...reach[0], yRange: -reach[1]...reach[1])
weightSpace.colorBarLabel = "ln p(ω | D) − max (floored at −40)"
weightSpace.add(.heatMap(x: plane.axisA, y: plane.axisB, values: plane.logPosterior.map { $0.map { max($0 - surfaceMax, -40) } }))
weightSpace.add(.points(x: projected.map { $0[0] }, y: projected.map { $0[1] }, title: "SGD iterates", color: .black, size: 0.4))
for (r, name) in [(1.0, "SWAG 1σ"), (2.0, "SWAG 2σ")] {
    let e = SWAGChapter.ellipse(plane.covariance, radius: r)
    weightSpace.add(.line(x: e.x, y: e.y, title: name, color: .vermillion, width: 2, dashed: r == 2))
}
weightSpace.add(.points(x: [0], y: [0], title: "SWA mean", color: .purple, size: 3, shape: .diamond))
nb.figure(weightSpace, name: "05-weight-space", caption: "The SGD iterates (black) around the SWA mean (purple), the SWAG Gaussian's 1σ and 2σ ellipses (red), over the log posterior on the plane of the first two principal directions of the deviations (the two axes are not to the same scale).", width: 800, height: 650)

/*:
 The running moments of three weights against the iterates they summarise: the running mean
 and the band $\mu_n \pm \sigma_n$. Look before trusting them: here the iterates still drift after
 20,000 Adam steps, because along the flattest directions of the posterior (direction 1 above)
 SGD moves slowly. The running mean lags behind the iterates, and $\sigma_n$ measures the drift as
 much as the spread. SWAG summarises the trajectory it is given, at equilibrium or not.
 */
let running: [SWAGChapter.RunningMoments]
do {
    running = try SWAGChapter.runningMoments(settings, run: runs[0])
} catch {
    nb.fail("\(error)")
}
var momentFigures = [Figure]()
let index = iterates.indices.map { Double($0 + 1) }
for (j, m) in running.enumerated() {
    var f = Figure(title: "weight \(j)", xLabel: "collected iterate n", yLabel: "value")
    f.legend = .bottomRight
    f.add(.band(x: index, lower: zip(m.mean, m.standardDeviation).map { $0 - $1 }, upper: zip(m.mean, m.standardDeviation).map { $0 + $1 },
                title: "μₙ ± σₙ", color: .vermillion, opacity: 0.3))
    f.add(.line(x: index, y: iterates.map { $0[j] }, title: "iterates ωₙ", color: .gray, width: 1))
    f.add(.line(x: index, y: m.mean, title: "running mean μₙ", color: .vermillion))
    momentFigures.append(f)
}
nb.figure(Panels(momentFigures, rows: 1, columns: 3, width: 1500, height: 420), name: "05-running-moments",
          caption: "Three weights: the SGD iterates (gray), their running mean μₙ and μₙ ± σₙ with σₙ² = sₙ² − μₙ².")

/*:
 ## Predictions: SWA, SWAG-diagonal, SWAG, MultiSWAG

 SWA is a single network (the mean of the iterates): its band is the noise alone. SWAG-diagonal
 and SWAG average over `--samples` = 200 weight draws. MultiSWAG (Wilson & Izmailov 2020) is an
 ensemble of SWAGs, one per independent run (5 here, trained in parallel), drawing equally from each.
 The aleatoric part is the known noise variance $0.05^2$ throughout, as for the NUTS reference.
 */
var drawRNG = SWAGChapter.drawGenerator(settings)
let predictives = SWAGChapter.predictives(settings, runs: runs, using: &drawRNG)
let hmcMoments = ReferencePosterior.predictive(hmcChains, at: grid)

func bandFigure(_ title: String, _ m: PredictiveMoments, color: Color) -> Figure { .runningExampleBand(title, m, grid: grid, data: data, color: color) }
let methods: [(String, PredictiveMoments, Color)] = [
    ("SWA (one network)", predictives.swa, .orange), ("SWAG-diagonal", predictives.diagonal, .purple), ("SWAG (K = \(settings.rank))", predictives.swag, .green),
    ("MultiSWAG (\(runs.count) SWAGs)", predictives.multiSWAG, .skyBlue), ("NUTS: the reference", hmcMoments, .blue),
]
var sdFigure = Figure(title: "Predictive sd of each", xLabel: "x", yLabel: "total sd", xRange: -1.5...1.5)
sdFigure.logY = true
sdFigure.legend = .bottomRight
for (name, m, color) in methods { sdFigure.add(.line(x: grid, y: m.total.map { $0.squareRoot() }, title: name, color: color)) }
nb.figure(Panels(methods.map { bandFigure($0.0, $0.1, color: $0.2) } + [sdFigure], rows: 2, columns: 3, width: 1500, height: 900),
          name: "05-predictive", caption: "Predictive bands (mean ± 2 sd) of SWA, SWAG-diagonal, SWAG and MultiSWAG beside the NUTS reference of Lecture 3, on the same data and model; the last panel compares their total sd.")

// Fresh draws from the running example at inputs spread over both clusters.
let fresh = SWAGChapter.freshDraws(settings, count: settings.freshCount)
let sdTable = ReferencePosterior.standardDeviationTable(methods.map { ($0.0, $0.1) }, on: grid)
nb.table(sdTable.header, sdTable.rows)

/*:
 Every SWAG variant stays close to the noise level: at the centre of the gap 0.054 against the
 reference's 0.085, at the right end 0.096 against 0.510. Constant-rate SGD explores a small
 neighbourhood of one mode (the picture in weight space), and the networks near that mode
 extrapolate alike. MultiSWAG does not widen the band here: its five runs, from five
 initialisations, ended near functions that agree. This is the slides' "uncertainties are not
 always good, and the model might be miscalibrated", measured.

 ## The rank K against predictive quality

 The same iterates, summarised with $K$ = 2, 5, 10 and 20 deviation columns; the quality of
 each predictive measured by the negative log-likelihood of 400 fresh draws from the running
 example's two clusters (the mixture over the weight draws, lower is better).
 */
let rankSweep: SWAGChapter.RankSweep
do {
    rankSweep = try SWAGChapter.rankSweep(settings, run: runs[0], reference: hmcChains, fresh: fresh, using: &drawRNG)
} catch {
    nb.fail("\(error)")
}
let rankRows = [["SWA (one network)", String(format: "%.3f", rankSweep.swa)], ["SWAG-diagonal", String(format: "%.3f", rankSweep.diagonal)]]
    + rankSweep.ranks.map { ["SWAG, K = \($0.rank)", String(format: "%.3f", $0.nll)] }
    + [["NUTS reference (\(rankSweep.referenceDrawCount) draws)", String(format: "%.3f", rankSweep.reference)]]
nb.table(["predictive", "NLL of fresh draws"], rankRows)

/*:
 Near the data the rank barely matters (−1.425 to −1.476 for K from 2 to 20, with Monte Carlo
 noise from 200 draws of the same order as those differences); no SWAG beats the single SWA
 network (−1.494), and the reference is best (−1.516). On the data SWAG's spread, set by the SGD noise, is
 a little wider than the posterior's (0.067 against 0.053 in the table above), which costs
 likelihood where the data are. SWA itself earns its place: over six data draws (the tests), its
 weights predicted fresh draws with a smaller squared error than the last SGD iterate on five,
 by 4% to 26%, and within 0.01% on the sixth.
 */

/*:
 ## The learning rate sets the spread

 SWAG's Gaussian describes where constant-rate SGD wanders, and how far it wanders depends on the
 learning rate and the mini-batch noise (Mandt, Hoffman & Blei 2017), not only on the posterior.
 The same recipe with three learning rates:
 */
let rateSweep: [SWAGChapter.RateRow]
do {
    rateSweep = try SWAGChapter.learningRateSweep(settings, fresh: fresh, using: &drawRNG)
} catch {
    nb.fail("\(error)")
}
let rateRows = rateSweep.map { r in
    [String(format: "%.1e", r.learningRate)] + [r.onData, r.gap, r.rightEnd, r.nll].map { String(format: "%.3f", $0) }
}
nb.table(["learning rate η", "sd on the data", "gap centre", "right end", "NLL of fresh draws"], rateRows)

/*:
 At the smallest rate the weights hardly move and SWAG is SWA plus the noise; larger rates spread
 the iterates further, but not in proportion and never near the reference's band far from the
 data; twice the default rate, 2·10⁻³, diverged (the stiffest direction of $-\ln p/N$ allows no more).
 SWAG's uncertainty is a property of the optimiser as much as of the posterior.
 */

/*:
 ## What to remember

 * SWA is the running mean of SGD's iterates; SWAG adds their running variance and a few
   deviation directions, and samples a Gaussian: one training run, about two extra copies of
   the weights plus $K$ deviation vectors.
 * The running variance $s_n^2 - \mu_n^2$ is a difference of nearly equal numbers: clamp it.
 * Its spread is set by the learning rate and the mini-batch noise; on the running example every
   SWAG variant was far narrower than the NUTS reference away from the data.
 * A Gaussian centred on one mode cannot represent a posterior with several: the slides' "too
   restrictive for multimodal posteriors". MultiSWAG puts one Gaussian on each of several modes.

 ## Exercises

 In `Sources/Exercises/Lecture05.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 5.1 — the running moments.** Implement `exercise5_1_runningMoments`: μₙ and sₙ² of a
    list of iterates by the slides' recursion; the test compares them with the batch formulas.
 2. **Exercise 5.2 — the diagonal variance.** Implement `exercise5_2_diagonalVariance`:
    max(sₙ² − μₙ², floor), never negative.
 3. **Exercise 5.3 — a SWAG draw.** Implement `exercise5_3_swagDraw`: μ + Σ_diag^{1/2} z₁/√2 + D z₂/√(2(K − 1))
    for given z₁, z₂.
 */
