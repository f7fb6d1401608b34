/*:
 # Lecture 7 — MC dropout and variational dropout

 The lecture closes with two cheap approximations that turn a regularisation trick into a
 posterior. MC dropout (Gal & Ghahramani 2016): train with dropout and weight decay, keep dropout
 on at prediction time, and average $T$ passes. Variational dropout (Kingma, Salimans & Welling
 2015; Molchanov, Ashukha & Vetrov 2017): multiplicative Gaussian noise with a learned rate per
 weight, the local reparameterisation trick, and an approximate KL term. Both slides need care;
 this chapter gives the versions that are right and shows that they are.

 ```
 swift run -c release dropout            # full run, figures into figures/
 swift run -c release dropout --help     # options
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
    static let configuration = CommandConfiguration(commandName: "dropout", abstract: "Lecture 7: MC dropout and variational dropout.")
    @OptionGroup var common: LectureOptions
    @Option(help: "Dropout rate p (the probability of dropping a unit) for the Mauna Loa networks (default \(DropoutChapter.Settings.standard().rate)).") var rate: Double?
    @Option(help: "Stochastic forward passes T of MC dropout (default \(DropoutChapter.Settings.standard().passes); --quick: \(DropoutChapter.Settings.quick().passes)).") var passes: Int?
    @Option(help: "Prior length-scale l of Gal & Ghahramani's weight decay (default \(DropoutChapter.Settings.standard().lengthScale)).") var lengthScale: Double?
    @Option(help: "Adam steps per network (default \(DropoutChapter.Settings.standard().steps); --quick: \(DropoutChapter.Settings.quick().steps)).") var steps: Int?

    /// The chapter's settings: standard or quick, then the options given.
    var settings: DropoutChapter.Settings {
        DropoutChapter.Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.rate, rate).with(\.passes, passes).with(\.lengthScale, lengthScale).with(\.steps, steps)
    }

    mutating func validate() throws {
        let s = settings
        guard s.rate >= 0, s.rate < 1 else { throw ValidationError("--rate must be in [0, 1), got \(s.rate)") }
        guard (1...100_000).contains(s.passes) else { throw ValidationError("--passes must be between 1 and 100,000, got \(s.passes)") }
        guard s.lengthScale > 0 else { throw ValidationError("--length-scale must be positive, got \(s.lengthScale)") }
        guard (10...1_000_000).contains(s.steps) else { throw ValidationError("--steps must be between 10 and 1,000,000, got \(s.steps)") }
    }
}

let options = Options.parseOrExitWithOneLine()
let settings = options.settings
let nb = Notebook(options.common)

/*:
 ## MC dropout: what the KL term is

 The slides' variational posterior: every layer's weights are $\omega_l = \theta_l \odot \eta_l$ with masks
 $\eta_l \sim \mathrm{Bernoulli}(p_l)$, so on that slide $p_l$ is the probability of *keeping* a unit; the prior is
 $\mathcal N(0, \sigma^2 I)$. Gal & Ghahramani show that the KL term is then, up to a constant,
 $\frac{p_l}{2\sigma^2}\lVert\theta_l\rVert^2$ — an L2 penalty, weight decay.

 > **Note on the slide.** The slide writes $\frac{\partial}{\partial\theta_l} D_\text{KL} = \frac{1 - p_l}{2\sigma^2}\lVert\theta_l\rVert^2$. Two things
 > differ. That expression is the KL itself (up to a constant), not its derivative: the derivative
 > of $\frac{c}{2\sigma^2}\lVert\theta\rVert^2$ is the vector $\frac{c}{\sigma^2}\theta$. And with the slide's own masks,
 > $\eta \sim \mathrm{Bernoulli}(p)$, the factor is the keep probability $p$; $1 - p$ is right when $p$ is the dropout
 > rate, as in most code (and in this course). Checked on a small $\theta$ below.

 In this course $p$ is the dropout rate. With a prior length-scale $l$ (prior variance $1/l^2$) and
 model precision $\tau$ (the inverse noise variance), the dropout objective $\frac12\mathrm{MSE} + \lambda\lVert\theta\rVert^2$ is the
 variational one when $\lambda = \frac{l^2 (1 - p)}{2 N \tau}$ (Gal & Ghahramani 2016, appendix), and the MC-dropout
 predictive has variance $\tau^{-1} + \operatorname{Var}_t[f_t(x)]$ over $T$ passes.
 */
let kl = DropoutChapter.klTermCheck(settings)
nb.show(String(format: "θ = (0.5, −1, 2), keep probability 0.9, σ² = 0.25: KL term (0.9/2σ²)‖θ‖² = %.3f; its derivative (0.9/σ²)θ = (%@)",
               kl.value, kl.gradient.map { String(format: "%.2f", $0) }.joined(separator: ", ")))

/*:
 ## The Mauna Loa series (after Gal & Ghahramani 2016, Fig. 2)

 Weekly CO₂ at Mauna Loa, 1958–2001 (59 weeks have no measurement and are skipped, not
 interpolated). The networks see the weeks up to 1990 and are asked about 1990–2002: a
 network 1→128→128→128→1 with dropout rate `--rate` = 0.1 after every hidden layer, once with
 ReLU and once with tanh, Adam on batches of 64, time and CO₂ standardised, $\tau$ for a noise sd of
 0.05 standardised units (about 0.9 ppm), $l = 1$. Standard dropout predicts with dropout off (one
 deterministic network); MC dropout averages `--passes` = 200 passes with dropout on.
 */
let series: MaunaLoa.Series
do {
    series = try MaunaLoa.load()
} catch {
    nb.fail("\(error)")
}
nb.show("Mauna Loa: \(series.co2.count) weekly measurements, \(series.missingWeeks) missing weeks skipped, \(String(format: "%.1f", series.years.first!))–\(String(format: "%.1f", series.years.last!))")
let cutoff = settings.cutoff
let yearGrid = DropoutChapter.yearGrid(settings)
var maunaFigures = [Figure]()
var maunaRows = [[String]]()
do {
    for (k, activation) in settings.maunaActivations.enumerated() {
        let fit = try nb.timed("Mauna Loa, \(activation.rawValue)") { try DropoutChapter.maunaLoaFit(settings, series: series, index: k) }
        let (standard, mcMean, mcSD) = (fit.standard, fit.monteCarloMean, fit.monteCarloSD)
        var f = Figure(title: "\(activation.rawValue): standard dropout vs MC dropout", xLabel: "year", yLabel: "CO₂ (ppm)", xRange: 1958...2002, yRange: 300...390)
        f.add(.band(x: yearGrid, lower: zip(mcMean, mcSD).map { $0 - 2 * $1 }, upper: zip(mcMean, mcSD).map { $0 + 2 * $1 }, title: "MC dropout ± 2 sd", color: .skyBlue, opacity: 0.5))
        f.add(.points(x: series.years, y: series.co2, title: "measured", color: .gray, size: 0.2))
        f.add(.line(x: yearGrid, y: standard, title: "standard dropout", color: .vermillion))
        f.add(.line(x: yearGrid, y: mcMean, title: "MC dropout mean", color: .blue, dashed: true))
        f.markVertical(at: cutoff, label: "training ends")
        maunaFigures.append(f)
        maunaRows.append([activation.rawValue, String(format: "%.2f", fit.sdBeforeCutoff), String(format: "%.2f", fit.sdLate),
                          String(format: "%.1f", fit.standardLate), String(format: "%.1f", fit.measuredLate)])
    }
} catch {
    nb.fail("\(error)")
}
nb.figure(Panels(maunaFigures, rows: 1, columns: 2, width: 1400, height: 500), name: "07-mauna-loa",
          caption: "Mauna Loa CO₂, networks trained on the weeks before 1990 (vertical line): standard dropout's single prediction (red) and MC dropout's mean ± 2 sd (blue), with ReLU (left) and tanh (right).")
nb.table(["activation", "MC sd before 1990 (ppm)", "MC sd after 1995 (ppm)", "standard dropout after 1995 (ppm)", "measured after 1995 (ppm)"], maunaRows)

/*:
 With ReLU the extrapolation follows the trend and MC dropout's band widens past 1990 (2.79 ppm
 after 1995 against 1.17 before); with tanh the network flattens out and its band barely grows
 (1.10 to 1.20 ppm) while the measurements climb away from it: confidently wrong, as Gal &
 Ghahramani found with tanh. The uncertainty MC dropout reports is shaped by the architecture.

 ## MC dropout on the running example, beside the reference

 A network 1→50→50→1 (ReLU) on Lecture 3's data, trained with three dropout rates, the weight
 decay from $l = 1$ and $\tau = 1/0.05^2$ (the true noise), beside the NUTS reference.

 @source Inference/Variational/Dropout.swift: public func callAsFunction(_ x: Tensor, parameters θ: Variable, mode:

 @source Inference/Variational/Dropout.swift: public func monteCarloPredictive(
 */
let running = ReferencePosterior.data(seed: settings.seed)
let runGrid = ReferencePosterior.grid(settings.reference)
let runBands: [(String, PredictiveMoments)]
let hmcChains: [Chain]
do {
    hmcChains = try await nb.timed("NUTS reference, \(settings.reference.chains) chains") { try await ReferencePosterior.chains(seed: settings.seed, settings.reference, data: running) }
    runBands = zip(settings.runningRates, try DropoutChapter.monteCarloDropout(settings, data: running)).map { ("MC dropout, p = \($0)", $1) }
} catch {
    nb.fail("\(error)")
}
let hmcMoments = ReferencePosterior.predictive(hmcChains, at: runGrid)
func bandFigure(_ title: String, _ m: PredictiveMoments, color: Color) -> Figure { .runningExampleBand(title, m, grid: runGrid, data: running, color: color) }

/*:
 ## Variational dropout: the KL term (after Molchanov et al. 2017, Fig. 1)

 Variational dropout multiplies every weight by its own noise $\xi \sim \mathcal N(1, \alpha)$ and learns $\alpha$;
 under the log-uniform prior $p(|w|) \propto 1/|w|$ the KL term depends on $\alpha$ alone:
 $-\mathrm{KL} = \frac12\ln\alpha - \mathbb E_{\varepsilon \sim \mathcal N(1, \alpha)}\ln|\varepsilon| + C$. (The slide writes $\ln \varepsilon$; $\varepsilon$ is
 negative with positive probability, so it must be $\ln|\varepsilon|$.) It has no closed form. Molchanov et al.
 fit $k_1\sigma(k_2 + k_3\ln\alpha) - \frac12\ln(1 + 1/\alpha) - k_1$; Kingma et al. a polynomial in $\alpha$, fitted for $\alpha \le 1$.
 Against a Monte Carlo estimate (100,000 draws per point, ± 2 standard errors):
 */
let klComparison = DropoutChapter.klComparison(settings)
let (logAlphaGrid, monteCarloKL) = (klComparison.logAlphas, klComparison.monteCarlo)
nb.show(String(format: "largest |Molchanov − Monte Carlo| on ln α ∈ [−4, 4]: %.4f; Kingma's polynomial at ln α = 0, 1, 2: off by %.3f, %.2f, %.0f",
               klComparison.molchanovError, klComparison.kingmaErrors[0], klComparison.kingmaErrors[1], klComparison.kingmaErrors[2]))
var klFigure = Figure(title: "−KL of variational dropout against ln α", xLabel: "ln α", yLabel: "−KL", xRange: -4...4, yRange: -3...0.5)
klFigure.legend = .bottomRight
klFigure.add(.band(x: logAlphaGrid, lower: monteCarloKL.map { $0.value - 2 * $0.standardError }, upper: monteCarloKL.map { $0.value + 2 * $0.standardError },
                   title: "Monte Carlo ± 2 SE", color: .gray, opacity: 0.5))
klFigure.add(.points(x: logAlphaGrid, y: monteCarloKL.map(\.value), title: "Monte Carlo", color: .black, size: 0.8))
let fine = linspace(-4, 4, count: 161)
klFigure.add(.line(x: fine, y: fine.map(VariationalDropoutKL.molchanov(logAlpha:)), title: "Molchanov et al.", color: .blue))
klFigure.add(.line(x: fine.filter { $0 <= 0.6 }, y: fine.filter { $0 <= 0.6 }.map(VariationalDropoutKL.kingma(logAlpha:)), title: "Kingma et al.", color: .vermillion, dashed: true))

/*:
 ## The local reparameterisation trick

 Sampling one weight matrix per mini-batch makes the noise of every row of the batch the same;
 the local reparameterisation samples each pre-activation from its exact Gaussian,
 $\mathcal N(x\theta,\; x^2 (\alpha\theta^2))$, independently per row, at the same cost. Same layer (16 rows, 5 inputs, 3
 units), same parameters, 20,000 gradient estimates of $\sum$ outputs² each way (Kingma et al. 2015 report a
 lower variance; here it is measured):

 @source Inference/Variational/VariationalDropout.swift: public func localReparameterisation(
 */
let (localVariance, sampledVariance) = DropoutChapter.gradientVariances(settings)
nb.show(String(format: "total variance of the gradient estimate: sampled weights %.1f, local reparameterisation %.1f (%.1f times lower)",
               sampledVariance, localVariance, sampledVariance / localVariance))

/*:
 ## Variational dropout on the running example

 The network 1→50→50→1 (ReLU) with a learned $\ln\alpha$ per weight (starting at −6), the local
 reparameterisation in every layer, Molchanov's KL, Adam on batches of 10.
 */
let variational: DropoutChapter.VariationalDropoutFit
do {
    variational = try nb.timed("variational dropout on the running example") { try DropoutChapter.variationalDropout(settings, data: running) }
} catch {
    nb.fail("\(error)")
}
let (variationalMoments, logAlphas) = (variational.predictive, variational.logAlphas)
let (sparsityCurve, medianLogAlpha) = (variational.sparsity, variational.medianLogAlpha)
nb.figure(Panels(runBands.enumerated().map { bandFigure($0.element.0, $0.element.1, color: Color.cycle[$0.offset + 2]) }
                 + [bandFigure("variational dropout", variationalMoments, color: .purple), bandFigure("NUTS: the reference", hmcMoments, color: .blue)],
                 rows: 2, columns: 3, width: 1500, height: 900), name: "07-running-example",
          caption: "MC dropout with three dropout rates, variational dropout, and the NUTS reference on the running example (mean ± 2 sd).")
let sdTable = ReferencePosterior.standardDeviationTable((runBands + [("variational dropout", variationalMoments), ("NUTS reference", hmcMoments)]), on: runGrid)
nb.table(sdTable.header, sdTable.rows)
nb.show(String(format: "weights with ln α > 3 after training: %.1f%% of %d; median ln α %.2f", 100 * (sparsityCurve.last ?? 0), logAlphas.count,
               medianLogAlpha.last ?? .nan))
var histogram = Figure(title: "ln α of every weight after training", xLabel: "ln α", yLabel: "density")
histogram.legend = .hidden
histogram.add(.histogram(logAlphas, bins: 50, range: -8...8))
histogram.markVertical(at: 3, label: "ln α = 3")
var sparsityFigure = Figure(title: "During training", xLabel: "epoch", yLabel: "ln α / fraction", yRange: -7...4)
sparsityFigure.legend = .bottomRight
sparsityFigure.add(.line(x: medianLogAlpha.indices.map { Double($0 + 1) }, y: medianLogAlpha, title: "median ln α", color: .blue))
sparsityFigure.add(.line(x: sparsityCurve.indices.map { Double($0 + 1) }, y: sparsityCurve, title: "fraction with ln α > 3", color: .purple))
nb.figure(Panels([klFigure, histogram, sparsityFigure], rows: 1, columns: 3, width: 1500, height: 450), name: "07-variational-dropout",
          caption: "Left: −KL against ln α, Monte Carlo with ± 2 SE, Molchanov's curve and Kingma's polynomial (which leaves the plot past ln α ≈ 0.6). Middle and right: the ln α of the running example's network after training, and the median ln α and the fraction above 3 along training.")

/*:
 The dropout rate sets MC dropout's spread everywhere, on the data too: at $p = 0.2$ the band is
 already too wide on the data (0.121 against the reference's 0.053) and still too narrow at the
 right end (0.202 against 0.510). Variational dropout, which learns its rates, came closest to the
 reference away from the data (0.380 at the right end) while staying close to it on the data
 (0.072). Its rates did not sparsify the network within this run: no weight passed $\ln\alpha = 3$,
 but the median $\ln\alpha$ was still climbing when training stopped (2.67 after 750 epochs, from −6);
 with 40 points and 2,600 weights, the KL term pushes almost every weight towards noise. The
 slides warn that "oversparsification might ruin uncertainties".

 ## What to remember

 * MC dropout is dropout left on at prediction time, with the weight decay that the prior's
   length-scale and the noise precision dictate: $\lambda = l^2(1 - p)/(2N\tau)$ with $p$ the dropout rate.
 * Its predictive variance is $\tau^{-1}$ plus the spread of the passes; both depend on choices
   ($p$, $l$, $\tau$) that the data do not make for you.
 * Variational dropout learns a noise level per weight; its KL term needs an approximation, and
   Kingma's polynomial is only valid for $\alpha \le 1$; Molchanov's holds across the range.
 * The local reparameterisation samples pre-activations instead of weights: same cost, lower
   gradient variance.

 ## Exercises

 In `Sources/Exercises/Lecture07.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 7.1 — inverted dropout.** Implement `exercise7_1_invertedDropout`: keep each entry
    with probability $1 - p$ and scale it by $1/(1 - p)$, using the given uniforms.
 2. **Exercise 7.2 — the weight decay of MC dropout.** Implement `exercise7_2_weightDecay`:
    $\lambda = l^2(1 - p)/(2N\tau)$.
 3. **Exercise 7.3 — Molchanov's KL.** Implement `exercise7_3_molchanovNegativeKL`:
    $k_1\sigma(k_2 + k_3\ln\alpha) - \frac12\ln(1 + 1/\alpha) - k_1$.
 */
