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
    @Option(help: "Adam steps per Mauna Loa network (default \(DropoutChapter.Settings.standard().steps); --quick: \(DropoutChapter.Settings.quick().steps)).") var steps: Int?

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

 Weekly CO₂ at Mauna Loa, 1958–2002 (59 weeks have no measurement and are skipped, not
 interpolated). The networks see the weeks up to 1990 and are asked about 1990–2002: a
 network 1→128→128→128→1 with dropout rate `--rate` = 0.1 after every hidden layer, once with
 ReLU and once with tanh, Adam on batches of 64, time and CO₂ standardised, $\tau$ for a noise sd of
 0.05 standardised units (about 0.9 ppm), $l = 1$. Standard dropout predicts with dropout off (one
 deterministic network); MC dropout averages `--passes` = 200 passes with dropout on. This is the
 chapter's own toy, with its own model: it is not set beside the reference posterior.
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
                          String(format: "%.1f", fit.standardLate), String(format: "%.1f", fit.measuredLate),
                          String(format: "%.2f", fit.trainingResidual), String(format: "%.2f", fit.noiseSD)])
    }
} catch {
    nb.fail("\(error)")
}
nb.figure(Panels(maunaFigures, rows: 1, columns: 2, width: 1400, height: 500), name: "07-mauna-loa",
          caption: "Mauna Loa CO₂, networks trained on the weeks before 1990 (vertical line): standard dropout's single prediction (red) and MC dropout's mean ± 2 sd (blue), with ReLU (left) and tanh (right).")
nb.table(["activation", "MC sd before 1990 (ppm)", "MC sd after 1995 (ppm)", "standard dropout after 1995 (ppm)", "measured after 1995 (ppm)",
          "residual before 1990, rms (ppm)", "τ^(−1/2) (ppm)"], maunaRows)

/*:
 The networks fit the trend and not the seasonal cycle: the measurements swing around both
 curves every year, and the root-mean-square residual on the training weeks (last column but one,
 2.2 to 2.5 ppm) is between 2.5 and 3 times the noise sd that sets $\tau$ (last column, 0.85 ppm). So $\tau$ is too large for these fits and
 the band before 1990 is narrower than the scatter of the measurements: the ±2 sd band does not
 cover the seasonal peaks and troughs. Gal & Ghahramani's figure follows the cycle with a much
 larger network (5 hidden layers of 1,024 units); ours is kept small so that the chapter runs in
 seconds, and its band is read as the uncertainty about the trend only.

 In this run (one seed; the Mauna Loa fits are not swept), the ReLU network extrapolates the trend
 and its band widens past 1990, while the tanh network flattens out, its band barely grows, and the
 measurements climb away from it: confidently wrong, as Gal & Ghahramani found with tanh (their Fig. 2). In this seed, as in
 theirs, the uncertainty MC dropout reports is shaped by the architecture.

 ## MC dropout on the running example, beside the reference

 Beside the NUTS reference, the methods run on the reference's own model, so that the only
 difference is the method: the network 1→10→1 (tanh), the prior $\mathcal N(0, I)$ (length-scale $l = 1$,
 so $\lambda = (1 - p)/(2N\tau)$) and the noise sd 0.05 ($\tau = 1/0.05^2$), on Lecture 3's 40 points. MC dropout
 is trained with three dropout rates, Adam on batches of 10 for 12,000 steps at rate 0.005
 (chapter 9's training), then 200 passes. Every network starts from the same weights and sees the same batches:
 only the rate differs.

 > **Note on the slide: "dropout before each weight layer".** Before the first weight layer is the
 > input. Gal's UCI code does drop it (`Dropout` before every `Dense`, the input's included, in
 > `net/net.py` of yaringal/DropoutUncertaintyExps). This course drops only the hidden units: the
 > running example has one input, and dropping it turns the pass into $f(0)$, a network that has
 > not seen $x$ at all, a fraction $p$ of the time (and the kept input is scaled by $1/(1-p)$). The fourth network below drops its input too
 > (at $p = 0.1$), to show what that does.

 The whole running example is run for seeds 1 to 5 (the data, the reference and every method
 change with the seed); the figure shows seed 1, the tables the mean ± standard error over seeds.

 @source Inference/Variational/Dropout.swift: public func callAsFunction(_ x: Tensor, parameters θ: Variable, mode:

 @source Inference/Variational/Dropout.swift: public func passes(
 */
let runs: [DropoutChapter.RunningExampleRun]
do {
    let bar = nb.progress("running example (NUTS, MC and variational dropout), \(settings.sweepSeeds) seeds", total: settings.sweepSeeds)
    runs = try await DropoutChapter.sweep(settings) { bar.update($0) }
    bar.finish()
} catch {
    nb.fail("\(error)")
}
let shown: DropoutChapter.RunningExampleRun
do {
    if let run = runs.first(where: { $0.seed == settings.seed }) { shown = run } else { shown = try await DropoutChapter.runningExample(settings) }
} catch {
    nb.fail("\(error)")
}
let (running, runGrid) = (shown.data, RunningExampleComparison.grid)
func bandFigure(_ title: String, _ m: PredictiveMoments, color: Color) -> Figure { .runningExampleBand(title, m, grid: runGrid, data: running, color: color) }

/*:
 ## Gaussian dropout: where $\mathcal N(1, p/(1-p))$ comes from

 The variational-dropout slide writes the noise as $\eta \sim \mathcal N\big(1, \frac{p}{1-p}\big)$ without saying why. Inverted
 dropout multiplies a unit by $\xi = b/(1-p)$ with $b \sim \mathrm{Bernoulli}(1-p)$ (kept with probability $1-p$). Its
 mean is $\mathbb E\xi = (1-p)/(1-p) = 1$, and, since $b^2 = b$, $\mathbb E\xi^2 = (1-p)/(1-p)^2 = 1/(1-p)$, so
 $\operatorname{Var}\xi = \frac{1}{1-p} - 1 = \frac{p}{1-p}$. Gaussian dropout (Srivastava et al. 2014) keeps these two moments and
 replaces the Bernoulli by a Gaussian: $\xi \sim \mathcal N(1, \alpha)$ with $\alpha = p/(1-p)$. Variational dropout then
 learns $\alpha$ (one per weight) instead of fixing it through $p$. Checked on draws of both noises:
 */
let noiseCheck = DropoutChapter.gaussianDropoutCheck(settings)
nb.table(["p", "α = p/(1 − p)", "Bernoulli: mean", "Bernoulli: variance", "Gaussian: mean", "Gaussian: variance"],
         noiseCheck.map { c in [String(format: "%.1f", c.rate)] + [c.alpha, c.bernoulliMean, c.bernoulliVariance, c.gaussianMean, c.gaussianVariance].map { String(format: "%.4f", $0) } })

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
 $\mathcal N(x\theta,\; x^2 (\alpha\theta^2))$, independently per row. It is not free: besides the product $x\theta$ it needs
 a second one, $x^2 \cdot (\alpha\theta^2)$, so a layer's forward pass costs about two products of the batch with
 the weights instead of one (plus one normal draw per row and unit instead of one per weight), and
 the backward pass likewise. What it buys is a lower variance. Same layer (16 rows, 5 inputs, 3
 units), same parameters, 20,000 gradient estimates of $\sum$ outputs² each way (Kingma et al. 2015 report a
 lower variance; here it is measured):

 @source Inference/Variational/VariationalDropout.swift: public func localReparameterisation(
 */
let (localVariance, sampledVariance) = DropoutChapter.gradientVariances(settings)
nb.show(String(format: "total variance of the gradient estimate: sampled weights %.1f, local reparameterisation %.1f (%.1f times lower)",
               sampledVariance, localVariance, sampledVariance / localVariance))

/*:
 ## Variational dropout on the running example

 The reference's network 1→10→1 (tanh) and noise sd 0.05, with a learned $\ln\alpha$ per weight (starting at
 −6), the local reparameterisation in every layer, Molchanov's KL (the log-uniform prior is part of
 the method and stays), Adam on batches of 10 at rate 0.005. As in Molchanov et al.'s code, the
 $\ln\alpha$ the network uses is clipped to $[-8, 8]$. It runs for 4,000 epochs (16,000 steps), until the
 median $\ln\alpha$ has nearly stopped moving: the right panel of the second figure below shows it climbing from −6
 and levelling off near 3.5–4 after about epoch 2,000, still moving by about 0.2 at seed 1, and the two lines after the tables measure the move of the median from one tenth
 of the epochs to the next (its mean over a tenth against the previous tenth's), over the five seeds.
 */
let variational = shown.variational
let (logAlphas, sparsityCurve, medianLogAlpha) = (variational.logAlphas, variational.sparsity, variational.medianLogAlpha)
nb.figure(Panels(shown.methods.enumerated().map { bandFigure($0.element.name, $0.element.predictive.moments, color: Color.cycle[$0.offset + 2]) }
                 + [bandFigure("NUTS: the reference", shown.reference.moments, color: .blue)],
                 rows: 2, columns: 3, width: 1500, height: 900), name: "07-running-example",
          caption: "Seed \(settings.seed): MC dropout with three dropout rates (hidden units dropped), with the input dropped too, variational dropout, and the NUTS reference, all on the reference's network 1→10→1 (tanh) and noise sd 0.05 (mean ± 2 sd).")
let sweepSummary = DropoutChapter.summary(runs)
func pm(_ v: (mean: Double, standardError: Double)) -> String { String(format: "%.3f ± %.3f", v.mean, v.standardError) }
nb.table(["predictive sd (mean ± SE, \(runs.count) seeds)", "on the data", "gap centre x = 0", "right end x = 1.5"],
         sweepSummary.map { [$0.name, pm($0.sdOnData), pm($0.sdGap), pm($0.sdRightEnd)] })
nb.table(["W₁ to the reference (mean ± SE, \(runs.count) seeds)"] + RunningExampleComparison.Region.allCases.map(\.rawValue) + ["whole grid"],
         sweepSummary.dropLast().map { [$0.name] + $0.distances.map(pm) + [pm($0.overall)] })
let drifts = runs.map(\.variational.driftPerTenth)
let medians = meanAndStandardError(runs.map { mean(Array($0.variational.medianLogAlpha.suffix($0.variational.medianLogAlpha.count / 10))) })
let pruned = meanAndStandardError(runs.map { r in Double(r.variational.logAlphas.filter { $0 > 3 }.count) })
nb.show("move of the median ln α from one tenth of the epochs to the next (mean ± SE, \(runs.count) seeds): tenth 1 → 2 \(pm(meanAndStandardError(drifts.map { $0[0] }))), "
        + "4 → 5 \(pm(meanAndStandardError(drifts.map { $0[3] }))), 9 → 10 \(pm(meanAndStandardError(drifts.map { $0[8] })))")
nb.show("weights with ln α > 3 after training (mean ± SE, \(runs.count) seeds): \(String(format: "%.1f ± %.1f", pruned.mean, pruned.standardError)) of \(logAlphas.count); "
        + "median ln α \(pm(medians)) (its mean over the last tenth of the epochs)")
var histogram = Figure(title: "ln α of every weight after training", xLabel: "ln α", yLabel: "weights", yRange: 0...20)
histogram.legend = .hidden
histogram.add(.histogram(logAlphas, bins: 32, range: -8...8, density: false))
histogram.markVertical(at: 3, label: "ln α = 3")
var medianFigure = Figure(title: "Median ln α during training", xLabel: "epoch", yLabel: "median ln α")
medianFigure.legend = .hidden
medianFigure.add(.line(x: medianLogAlpha.indices.map { Double($0 + 1) }, y: medianLogAlpha, title: "median ln α", color: .blue))
nb.figure(Panels([klFigure, histogram, medianFigure], rows: 1, columns: 3, width: 1500, height: 450), name: "07-variational-dropout",
          caption: "Left: −KL against ln α, Monte Carlo with ± 2 SE, Molchanov's curve and Kingma's polynomial (drawn up to ln α = 0.6; fitted for α ≤ 1). Middle and right (seed \(settings.seed)): the ln α of the running example's 20 weights after training, and their median along training.")

/*:
 What the five seeds show (the tables above; each sentence is a claims test over the same seeds):

 * **The dropout rate sets MC dropout's spread, on the data and away from it.** From $p = 0.05$ to
   0.1 to 0.2 the sd on the data grows from 0.101 to 0.112 to 0.150 and at the right end from 0.110
   to 0.130 to 0.164, each step by more than 3 standard errors of its paired difference over the seeds (the claims test). At every rate the band
   is too wide on the data (the reference: 0.053) and too narrow at the right end (the reference:
   0.478, about three to four times theirs): no rate fixes both. At the centre of the gap every dropout
   variant reports the noise sd alone (0.050 against the reference's 0.087); there, with $x = 0$,
   the hidden units carry only $\tanh(b_j)$, and the fit is nearly odd (sin 3x), so the biases are
   near 0, $\tanh(b_j) \approx 0$, and dropping them changes little.
 * **Dropping the one input too** (at $p = 0.1$) more than doubles the band on the data (0.289
   against 0.112), and puts this network farthest from the reference on the data (W₁ 0.154): a
   fraction $p$ of its passes predict $f(0)$ wherever $x$ is. With many inputs, as in Gal's UCI
   experiments, dropping one of them removes a little information; with one, all of it.
 * **Variational dropout, run until its $\ln\alpha$ stopped moving, prunes most of the network and keeps
   only the noise.** The median $\ln\alpha$ moved by 2.5 from the first tenth of the epochs to the second
   and by 0.01 ± 0.03 from the ninth to the tenth; 16 of the 20 weights end with $\ln\alpha > 3$ (a dropout
   rate above 95%), and what is left is a smooth step (seed 1's panel). Its predictive sd is the noise sd
   0.05 everywhere, on the data (0.054, the closest to the reference there, W₁ 0.023) and at the
   right end (0.055, where the reference has 0.478). With 40 points and the log-uniform prior, the
   KL term prices every weight the data do not need, and the data need few: the slides' warning that
   "oversparsification might ruin uncertainties" is what happens here, and their "usually better
   uncertainty than MC dropout" holds on the data only. (That slide also cites Gal & Ghahramani for
   variational dropout, which is Kingma et al.'s and Molchanov et al.'s, and calls it free of
   hyperparameters: here it needs the initial $\ln\alpha$, the clip, the learning rate and the epochs.)
 * **Outside the data the sweep does not order them.** Every variant is far from the reference there
   (W₁ 0.54 to 0.65, with standard errors of 0.03 to 0.05 over the seeds): five seeds do not tell
   them apart, and the chapter does not rank them. Chapter 9 sets all the course's methods side by
   side on the same model.

 ## What to remember

 * MC dropout is dropout left on at prediction time, with the weight decay that the prior's
   length-scale and the noise precision dictate: $\lambda = l^2(1 - p)/(2N\tau)$ with $p$ the dropout rate.
 * Its predictive variance is $\tau^{-1}$ plus the spread of the passes; both depend on choices
   ($p$, $l$, $\tau$) that the data do not make for you: a larger $p$ widens the band everywhere, on
   the data as well as away from it.
 * Gaussian dropout's $\mathcal N(1, p/(1-p))$ is Bernoulli dropout's mean and variance; variational dropout
   learns that variance per weight. Its KL term needs an approximation, and Kingma's polynomial is
   only valid for $\alpha \le 1$; Molchanov's holds across the range.
 * Variational dropout has to be run until $\ln\alpha$ stops moving before it is scored; on a small
   data set it then prunes most weights and reports little more than the noise.
 * The local reparameterisation samples pre-activations instead of weights: a second product per
   layer, for a lower gradient variance.

 ## Exercises

 In `Sources/Exercises/Lecture07.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 7.1 — inverted dropout.** Implement `exercise7_1_invertedDropout`: keep each entry
    with probability $1 - p$ and scale it by $1/(1 - p)$, using the given uniforms.
 2. **Exercise 7.2 — the weight decay of MC dropout.** Implement `exercise7_2_weightDecay`:
    $\lambda = l^2(1 - p)/(2N\tau)$.
 3. **Exercise 7.3 — Molchanov's KL.** Implement `exercise7_3_molchanovNegativeKL`:
    $k_1\sigma(k_2 + k_3\ln\alpha) - \frac12\ln(1 + 1/\alpha) - k_1$.
 4. **Exercise 7.4 — an experiment: choose $\tau$ on held-out data.** $\tau$ sets both the weight decay and
    the noise of every pass, and the chapter took it from the known noise. Implement
    `exercise7_4_tuneNoise`: train MC dropout (the reference's network, $p = 0.1$) for each candidate
    noise sd, score each on validation points by the mixture log-likelihood, return the best.
    Predict first whether the chosen sd will lie above, at or below the data's 0.05; the test grades
    the number you measure (it must land within one grid step of 0.05 and beat both ends of the
    grid by 0.05 nats a point), then explain it.
 */
