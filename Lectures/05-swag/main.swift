/*:
 # Lecture 5 — Stochastic weight averaging and SWAG

 Ordinary SGD with a constant learning rate does not settle in a minimum: it keeps bouncing
 around it. SWAG (Maddox et al. 2019) turns those bounces into a posterior: the mean of the
 iterates (stochastic weight averaging, SWA; Izmailov et al. 2018) and their spread, a diagonal
 variance plus a few directions of largest variation, give a Gaussian over the weights. It costs
 one training run and a few weight-sized vectors: the running mean, the running second moment and
 $K$ deviation directions (22 vectors at $K = 20$). This chapter follows the slides'
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
 rate on mini-batches of 10 of the 40 points (drawn with replacement), one iterate kept every `--interval` = 10 steps,
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
// Room above the plane for the legend (the log posterior is drawn on ±reach only).
var weightSpace = Figure(title: "Log posterior on the plane of the first two SWAG directions", xLabel: "direction 1", yLabel: "direction 2",
                         xRange: -reach[0]...reach[0], yRange: -reach[1]...(2.3 * reach[1]))
weightSpace.legend = .topRight
let levels = [-1.0, -3, -10, -30]
weightSpace.add(.contours(x: plane.axisA, y: plane.axisB, values: plane.logPosterior.map { $0.map { $0 - surfaceMax } }, levels: levels,
                          title: "ln p(ω | D) − max = −1, −3, −10, −30", color: .gray, width: 1))
// The iterates in five groups of consecutive ones, light (first) to dark (last): the drift shows as a gradient.
let timeColors = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08306B"].map { Color(hex: $0) }
let groupSize = (projected.count + timeColors.count - 1) / timeColors.count
for (g, color) in timeColors.enumerated() {
    let group = projected[min(projected.count, g * groupSize)..<min(projected.count, (g + 1) * groupSize)]
    weightSpace.add(.points(x: group.map { $0[0] }, y: group.map { $0[1] },
                            title: "iterates \(g * groupSize + 1)–\(g * groupSize + group.count)", color: color, size: 0.5))
}
for (r, name) in [(1.0, "SWAG 1σ"), (2.0, "SWAG 2σ")] {
    let e = SWAGChapter.ellipse(plane.covariance, radius: r)
    weightSpace.add(.line(x: e.x, y: e.y, title: name, color: .vermillion, width: 2, dashed: r == 2))
}
weightSpace.add(.points(x: [0], y: [0], title: "SWA mean", color: .black, size: 3, shape: .diamond))
nb.figure(weightSpace, name: "05-weight-space", caption: "The collected SGD iterates, coloured by when they were collected (light blue: the first \(groupSize), dark blue: the last \(projected.count - 4 * groupSize)), around the SWA mean (black diamond), the SWAG Gaussian's 1σ and 2σ ellipses (vermillion, solid and dashed), over contours of the log posterior (gray) on the plane of the first two principal directions of the deviations (the two axes are not to the same scale).", width: 800, height: 700)

/*:
 The running moments of three weights against the iterates they summarise: the running mean
 and the band $\mu_n \pm \sigma_n$. Look before trusting them: here the iterates drift away from
 where Adam stopped, along direction 1 above (the colours there run from left to right, toward
 higher log posterior on that plane). Adam had not quite finished along that nearly flat
 direction, but gradient descent with the exact gradient, at the same rate from the same start,
 hardly moves in as many steps (exercise 5.4 measures it): the mini-batch noise carries the
 iterates along it, toward flatter weights (the stability limit measured at the end of the chapter
 rises along the run, from 1.3 to 1.8·10⁻³ on average). In this chapter "the MAP" is Adam's end point. The running mean lags behind the iterates, and $\sigma_n$ measures the drift as
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
    // The legend on the side the iterates drift away from, with room made for it.
    let w = iterates.map { $0[j] }, lows = zip(m.mean, m.standardDeviation).map { $0 - $1 }, highs = zip(m.mean, m.standardDeviation).map { $0 + $1 }
    let (low, high) = (min(w.min()!, lows.min()!), max(w.max()!, highs.max()!))
    let down = w.last! < w.first!
    var f = Figure(title: "weight \(j)", xLabel: "collected iterate n", yLabel: "value",
                   yRange: down ? low...(high + 0.6 * (high - low)) : (low - 0.6 * (high - low))...high)
    f.legend = down ? .topRight : .bottomRight
    f.add(.band(x: index, lower: zip(m.mean, m.standardDeviation).map { $0 - $1 }, upper: zip(m.mean, m.standardDeviation).map { $0 + $1 },
                title: "μₙ ± σₙ", color: .vermillion, opacity: 0.3))
    f.add(.line(x: index, y: iterates.map { $0[j] }, title: "iterates ωₙ", color: .gray, width: 1))
    f.add(.line(x: index, y: m.mean, title: "running mean μₙ", color: .vermillion))
    momentFigures.append(f)
}
nb.figure(Panels(momentFigures, rows: 1, columns: 3, width: 1500, height: 450), name: "05-running-moments",
          caption: "Three weights: the SGD iterates (gray), their running mean μₙ (vermillion) and μₙ ± σₙ with σₙ² = sₙ² − μₙ² (shaded); the iterates drift away from where they started and the running mean trails behind them.")

/*:
 ## Predictions: SWA, SWAG-diagonal, SWAG, MultiSWAG

 SWA is a single network (the mean of the iterates): its band is the noise alone. SWAG-diagonal
 and SWAG average over `--samples` = 200 weight draws. MultiSWAG (Wilson & Izmailov 2020) is an
 ensemble of SWAGs, one per independent run (5 here, trained in parallel), drawing equally from each.
 The aleatoric part is the known noise variance $0.05^2$ throughout, as for the NUTS reference.
 */
let first: SWAGChapter.SeedResult
do {
    first = try await SWAGChapter.seedResult(settings, runs: runs, chains: hmcChains)
} catch {
    nb.fail("\(error)")
}
let predictives = first.predictives, hmcMoments = first.reference

func bandFigure(_ title: String, _ m: PredictiveMoments, color: Color) -> Figure { .runningExampleBand(title, m, grid: grid, data: data, color: color) }
let names = SWAGChapter.predictiveNames(settings)
let methods: [(String, PredictiveMoments, Color)] = zip(names, zip([predictives.swa, predictives.diagonal, predictives.swag, predictives.multiSWAG, hmcMoments],
                                                                   [Color.orange, .purple, .green, .skyBlue, .blue])).map { ($0, $1.0, $1.1) }
var sdFigure = Figure(title: "Predictive sd of each", xLabel: "x", yLabel: "total sd", xRange: -1.5...1.5)
sdFigure.logY = true
sdFigure.legend = .bottomRight
for (name, m, color) in methods { sdFigure.add(.line(x: grid, y: m.total.map { $0.squareRoot() }, title: name, color: color)) }
nb.figure(Panels(methods.map { bandFigure($0.0, $0.1, color: $0.2) } + [sdFigure], rows: 2, columns: 3, width: 1500, height: 900),
          name: "05-predictive", caption: "Predictive bands (mean ± 2 sd) of SWA, SWAG-diagonal, SWAG and MultiSWAG beside the NUTS reference of Lecture 3, on the same data and model (seed \(settings.seed)); the last panel compares their total sd.")

let sdTable = ReferencePosterior.standardDeviationTable(methods.map { ($0.0, $0.1) }, on: grid)
nb.table(sdTable.header, sdTable.rows)

/*:
 That is one data draw, one NUTS reference and one set of SWAG runs. The same over five
 seeds (1 to 5 here): each seed draws new data, a new reference and new SWAG runs (mean ± standard
 error over the seeds):
 */
let sweep: [SWAGChapter.SeedResult]
do {
    let bar = nb.progress("seed sweep: SWAG runs and the NUTS reference for \(settings.sweepSeeds) seeds", total: settings.sweepSeeds)
    sweep = try await SWAGChapter.seedSweep(settings, first: first) { bar.update($0) }
    bar.finish()
} catch {
    nb.fail("\(error)")
}
/// "mean ± standard error" over the seeds of the finite values (NaN: a diverged run).
func meanSE(_ values: [Double], _ digits: Int = 3) -> String {
    let finite = values.filter(\.isFinite)
    guard !finite.isEmpty else { return "—" }
    let (m, se) = meanAndStandardError(finite)
    return se.isNaN ? String(format: "%.\(digits)f", m) : String(format: "%.\(digits)f ± %.\(digits)f", m, se)
}
nb.table(["predictive sd, \(sweep.count) seeds", "on the data", "gap centre x = 0", "right end x = 1.5"], names.indices.map { i in
    [names[i], meanSE(sweep.map { $0.standardDeviations[i].onData }), meanSE(sweep.map { $0.standardDeviations[i].gap }),
     meanSE(sweep.map { $0.standardDeviations[i].rightEnd })]
})
let widthRatio = sweep.map { $0.standardDeviations[4].rightEnd / $0.standardDeviations[2].rightEnd }
nb.show("reference sd / SWAG sd at the right end: \(meanSE(widthRatio, 1)) over \(sweep.count) seeds")

/*:
 Over the seeds every SWAG variant stays close to the noise level away from the data: at the right
 end SWAG's sd is 0.087 ± 0.006 against the reference's 0.478 ± 0.034 (the reference 5.5 ± 0.1
 times wider), at the centre of the gap 0.054 against 0.087. On the data SWAG is a little wider
 than the reference (0.063 ± 0.002 against 0.053). Constant-rate SGD explores a small
 neighbourhood of one mode (the picture in weight space), and the networks near that mode
 extrapolate alike. MultiSWAG, five SWAGs from five initialisations, comes no closer to the
 reference (0.098 ± 0.007 at the right end): its runs ended near functions that agree. That is the
 slides' con "uncertainties are not always good" in one form, a band far narrower than the
 posterior's away from the data. It is not a measurement of calibration: the fresh draws scored
 below all come from the two clusters and cannot test a band away from them.

 ## The rank K against predictive quality

 The same iterates, summarised with $K$ = 2, 5, 10 and 20 deviation columns; the quality of
 each predictive measured by the negative log-likelihood of 400 fresh draws from the running
 example's two clusters (the mixture over the weight draws, lower is better), over the five seeds,
 and each one's difference from SWA's on the same seed. Then SWA's weights against the last SGD
 iterate: the mean squared error of 2,000 fresh draws at each, averaged over the five runs of a seed.
 */
let nllNames = ["SWA (one network)", "SWAG-diagonal"] + first.rankSweep.ranks.map { "SWAG, K = \($0.rank)" }
    + ["NUTS reference (\(first.rankSweep.referenceDrawCount) draws)"]
let nll = sweep.map { r in [r.rankSweep.swa, r.rankSweep.diagonal] + r.rankSweep.ranks.map(\.nll) + [r.rankSweep.reference] }
let lastRank = nllNames.count - 2   // the largest K
nb.table(["predictive, \(sweep.count) seeds", "NLL of fresh draws", "minus SWA's, same seed", "minus the largest K's, same seed"], nllNames.indices.map { i in
    [nllNames[i], meanSE(nll.map { $0[i] }), i == 0 ? "0" : meanSE(nll.map { $0[i] - $0[0] }),
     (2..<lastRank).contains(i) ? meanSE(nll.map { $0[i] - $0[lastRank] }) : ""]
})
nb.table(["\(sweep.count) seeds, \(settings.swags) runs each", "MSE of fresh draws at SWA's weights", "at the last SGD iterate", "SWA / last iterate", "seeds where SWA is lower"],
         [["", meanSE(sweep.map(\.swaError), 5), meanSE(sweep.map(\.lastIterateError), 5), meanSE(sweep.map { $0.swaError / $0.lastIterateError }),
           "\(sweep.filter { $0.swaError < $0.lastIterateError }.count) of \(sweep.count)"]])

/*:
 Near the data the rank matters little. Only $K$ = 2 is measurably worse than $K$ = 20, by
 0.023 ± 0.004 on the same seeds; $K$ = 5 and 10 are within two standard errors of $K$ = 20
 (each estimate also carries Monte Carlo noise from its 200 draws). No SWAG variant does better than the single SWA network:
 SWAG with $K$ = 20 is 0.013 ± 0.013 above it, SWAG-diagonal 0.060 ± 0.022; the reference is best,
 0.022 ± 0.004 below SWA. On the data SWAG's spread, set by the SGD noise, is wider than the
 posterior's (0.063 against 0.053 above), which costs likelihood where the data are. SWA itself
 earns its place: its weights predicted fresh draws with a smaller squared error than the last
 SGD iterate, 0.86 ± 0.03 times it over the five seeds.
 */

/*:
 ## The learning rate sets the spread

 SWAG's Gaussian describes where constant-rate SGD wanders, and how far it wanders depends on the
 learning rate and the mini-batch noise (Mandt, Hoffman & Blei 2017), not only on the posterior.
 The same recipe with four learning rates, each from the same MAP with the same mini-batches (those
 of the first run above, so that η = 10⁻³ is that SGD run again, with fresh weight draws: its row
 differs from the first table's by their Monte Carlo noise), over the five seeds; a rate at which
 SGD diverged on a seed is left out of that seed's mean. Then, for each seed, the largest rate at
 which gradient descent on the quadratic approximation of $-\ln p(\omega \mid \mathcal D)$ at $\omega$
 is stable: $\eta < 2N/\lambda_\text{max}$ ($\omega \leftarrow \omega + \eta\nabla\ln p/N$ contracts along an eigenvector of
 the Hessian with eigenvalue $\lambda$ iff $\eta\lambda/N < 2$), at the MAP and at the last iterate.
 */
nb.table(["learning rate η, \(sweep.count) seeds", "sd on the data", "gap centre", "right end", "NLL of fresh draws", "diverged"],
         settings.learningRates.indices.map { i in
    let rows = sweep.map { $0.rates[i] }
    return [String(format: "%.1e", settings.learningRates[i]), meanSE(rows.map(\.onData)), meanSE(rows.map(\.gap)), meanSE(rows.map(\.rightEnd)),
            meanSE(rows.map(\.nll)), "\(rows.filter(\.diverged).count) of \(rows.count)"]
})
nb.table(["\(sweep.count) seeds", "stability limit 2N/λ_max", "lowest", "highest"],
         [("at the MAP SGD starts from", sweep.map(\.stabilityLimits.map)), ("at the last iterate (η = \(settings.learningRate))", sweep.map(\.stabilityLimits.lastIterate))].map {
    [$0.0, meanSE($0.1.map { $0 * 1e3 }) + " · 10⁻³", String(format: "%.2f · 10⁻³", $0.1.min()! * 1e3), String(format: "%.2f · 10⁻³", $0.1.max()! * 1e3)]
})

/*:
 At the smallest rate the weights hardly move and SWAG is SWA plus the noise (0.051 everywhere).
 At 10⁻³ SWAG spreads wider on the data (0.065 ± 0.002). Beyond that the rate stops
 mattering within the noise: 1.5·10⁻³ gives 0.068 ± 0.004 on the data and 0.087 ± 0.008 at the
 right end, against 0.090 ± 0.006 at 10⁻³, never near the reference's band far from the data.
 At 2·10⁻³ SGD diverged on 1 of the 5 seeds. The stability limit is consistent with it: at the MAP it lies
 between 1.03·10⁻³ and 1.80·10⁻³, below 2·10⁻³ on every seed. 1.5·10⁻³ lies inside that range and
 did not diverge, and along every run the limit rises (to 1.81 ± 0.13·10⁻³ at the last iterate of
 η = 10⁻³): the mini-batch noise carries SGD to flatter weights before an unstable direction can
 grow, which is the drift of the running moments above. SWAG's uncertainty is a property of the
 optimiser as much as of the posterior.
 */

/*:
 ## What to remember

 * SWA is the running mean of SGD's iterates; SWAG adds their running variance and a few
   deviation directions, and samples a Gaussian: one training run, two extra copies of the
   weights plus $K$ deviation vectors. (The slide's pro "requires only an additional copy of
   parameters" holds for SWA, the running mean; SWAG keeps $K + 2$ weight-sized vectors.)
 * The running variance $s_n^2 - \mu_n^2$ is a difference of nearly equal numbers: clamp it.
 * Its spread is set by the learning rate and the mini-batch noise; on the running example every
   SWAG variant was far narrower than the NUTS reference away from the data (5.5 times at the
   right end, over five seeds).
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
 4. **Exercise 5.4 — an experiment: switch off the gradient noise.** Predict SWAG's epistemic sd on
    the data when SGD uses the exact gradient (`SWAGChapter.Settings.fullGradient`), then measure it
    beside the chapter's with `SWAGChapter.epistemicSpreadOnData` in `exercise5_4_gradientNoise`, and
    explain the ratio; the test checks your numbers against the chapter's.
 */
