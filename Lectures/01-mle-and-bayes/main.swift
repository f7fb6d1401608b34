/*:
 # Lecture 1 — Maximum likelihood, Bayes, and the two kinds of uncertainty

 A neural network trained the usual way returns one function. It answers every question with the
 same confidence: where it has seen plenty of data, in a gap between data, and far outside them.
 This chapter shows the problem on the course's running example, then solves it exactly on a
 model simple enough to do everything in closed form — Bayesian linear regression — and ends
 with the identity the rest of the course leans on: the law of total variance, which splits
 predictive uncertainty into an *aleatoric* and an *epistemic* part.

 It follows the slides' first sections in their order and notation: the probabilistic set-up
 (data $\mathcal D = \{x_i, y_i\}_{i=1}^N$, a model $p(y \mid x, \omega)$ with parameters $\omega$), inference
 the frequentist way (the maximum-likelihood $\omega$) and the Bayesian way (the posterior
 $p(\omega \mid \mathcal D)$), the predictive distribution and its split by the law of total variance,
 and "what is the big problem": why none of this is easy for a neural network.

 Run it yourself (every number and figure below comes from this program):

 ```
 swift run -c release mle-bayes              # full run, figures into figures/
 swift run -c release mle-bayes --terminal dumb   # the figures drawn in the terminal
 swift run -c release mle-bayes --help       # all options
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

//: The settings: the options every lecture has (`--seed`, `--quick`, `--figures-dir`, `--terminal`) and this lecture's own.
struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mle-bayes", abstract: "Lecture 1: maximum likelihood, Bayes, and aleatoric vs epistemic uncertainty.")
    @OptionGroup var common: LectureOptions
    @Option(help: "Adam steps for the maximum-likelihood network (default \(MLEBayesChapter.Settings.standard().steps); --quick: \(MLEBayesChapter.Settings.quick().steps)).") var steps: Int?
    @Option(help: "Gaussian bumps in the Bayesian linear model (default \(MLEBayesChapter.Settings.standard().bumps)).") var bumps: Int?
    @Option(help: "Posterior draws for the Monte Carlo check of the law of total variance (default \(MLEBayesChapter.Settings.standard().draws); --quick: \(MLEBayesChapter.Settings.quick().draws)).") var draws: Int?

    /// The chapter's settings: standard or quick, then the options given.
    var settings: MLEBayesChapter.Settings {
        MLEBayesChapter.Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.steps, steps).with(\.bumps, bumps).with(\.draws, draws)
    }

    mutating func validate() throws {
        let s = settings
        guard s.steps > 0 else { throw ValidationError("--steps must be positive, got \(s.steps)") }
        guard (2...400).contains(s.bumps) else { throw ValidationError("--bumps must be between 2 and 400, got \(s.bumps)") }
        guard (2...10_000_000).contains(s.draws) else { throw ValidationError("--draws must be between 2 and 10,000,000, got \(s.draws)") }
    }
}

let options = Options.parseOrExitWithOneLine()
let settings = options.settings
let nb = Notebook(options.common)

/*:
 ## The running example

 Every lecture uses the same data, so their figures can be compared side by side:

 $$y = \sin(3x) + \varepsilon, \qquad \varepsilon \sim \mathcal N(0, 0.05^2),$$

 observed at 20 evenly spaced inputs on $[-0.7, -0.3]$ and 20 on $[0.3, 0.7]$. Predictions are
 drawn on $[-1.5, 1.5]$: the middle of that interval is a *gap* between the two clusters, its ends
 are *extrapolation*.
 */
let example = MLEBayesChapter.example(settings)
let (data, grid, truth) = (example.data, example.grid, example.truth)
nb.show("training points: \(data.count), noise σ = \(RunningExample.noiseStandardDeviation), test grid: \(grid.count) points on [-1.5, 1.5]")

/*:
 ## 1. Why uncertainty? A network fit by maximum likelihood

 The probabilistic model: $p(y \mid x, \omega) = \mathcal N(y \mid f_\omega(x), \sigma^2)$ with $f_\omega$ an MLP
 (1→50→50→1, tanh) whose weights are $\omega$. The frequentist answer (the slides' "Inference") is
 the $\omega$ that maximises the log likelihood $\mathcal L(\omega) = \log p(\mathcal D \mid \omega)$, with

 $$p(\mathcal D \mid \omega, \sigma^2) = \prod_{i=1}^N \mathcal N\big(y_i \mid f_\omega(x_i), \sigma^2\big);$$

 maximising it over $\omega$ is minimising the mean squared error, and over $\sigma^2$ it gives
 $\hat\sigma^2 = \frac1N \sum_i (y_i - f_{\hat\omega}(x_i))^2$. The result is *one* function and
 *one* noise level, used everywhere. (In the code, the weights are `θ`, a flat vector.)
 */
let bar = nb.progress("training the MLP by maximum likelihood", total: settings.steps)
let fit: MLEBayesChapter.MaximumLikelihoodFit
do {
    fit = try MLEBayesChapter.maximumLikelihood(settings, example: example,
                                                progress: { t, loss in bar.update(t + 1, detail: String(format: "MSE %.2e", loss)) })
} catch {
    nb.fail("\(error)")
}
bar.finish()
let (network, mlePrediction, sigmaHat) = (fit.network, fit.prediction, fit.sigmaHat)

nb.show(String(format: "maximum-likelihood noise estimate σ̂ = %.4f (true σ = 0.05)", sigmaHat))
nb.table(["region", "largest |error| / σ̂", "truth outside ±2σ̂ band"], MLEBayesChapter.regionErrors(fit, example: example).map { r in
    [r.region.rawValue, String(format: "%.1f", r.largestScaledError), String(format: "%.0f%% of the grid", 100 * Double(r.pointsOutsideBand) / Double(r.points))]
})

var whyFigure = Figure(title: "Maximum likelihood: one function, one noise level", xLabel: "x", yLabel: "y",
                       xRange: -1.5...1.5, yRange: -2...2)
whyFigure.add(.band(x: grid, lower: mlePrediction.map { $0 - 2 * sigmaHat }, upper: mlePrediction.map { $0 + 2 * sigmaHat },
                    title: "MLE fit ± 2σ̂", color: .blue, opacity: 0.35))
whyFigure.add(.line(x: grid, y: truth, title: "truth sin(3x)", color: .black, width: 1.5, dashed: true))
whyFigure.add(.line(x: grid, y: mlePrediction, title: "MLE network", color: .blue))
whyFigure.add(.points(x: data.inputs, y: data.targets, title: "data", color: .vermillion))
nb.figure(whyFigure, name: "01-why-uq",
          caption: "An MLP fit by maximum likelihood: its ±2σ̂ band is as narrow in the gap and outside the data as on the data, and the truth leaves it.")

/*:
 The band is $\pm 2\hat\sigma$ everywhere: the model claims to know the function in the gap and
 outside the data as well as on the data. Outside the data it is wrong by dozens of times its
 own error bar. In the gap it may happen to be right (sin(3x) is nearly straight there) — but
 nothing in the fit tells you where to trust it: maximum likelihood does not measure *how much
 the data constrain* $\omega$. That is what a posterior distribution does: the slides' Bayesian
 approach keeps every $\omega$ in proportion to $p(\omega \mid \mathcal D) = p(\mathcal D \mid \omega)\,p(\omega)/p(\mathcal D)$.

 ## 2. MLE, MAP and the full posterior, exactly

 To see every object exactly, make the model linear in its weights ($\omega = w$): fixed features
 $\phi(x) = (1, \phi_1(x), \dots, \phi_K(x))$ — Gaussian bumps of width 0.2 centred on a grid
 over $[-1.5, 1.5]$ — and $y = \phi(x)^\top w + \varepsilon$ with known noise precision
 $\beta = 1/\sigma^2$. With design matrix $\Phi$ (rows $\phi(x_i)^\top$):

 * **MLE**: $w_{\text{ML}} = \arg\min_w \lVert y - \Phi w\rVert^2$ (least squares).
 * **MAP** with prior $w \sim \mathcal N(0, \alpha^{-1} I)$: $w_{\text{MAP}} = \arg\min_w \lVert y - \Phi w\rVert^2 + \lambda \lVert w \rVert^2$
   with $\lambda = \alpha/\beta = \sigma^2/s^2$ — *ridge regression*.
 * **Posterior**: $p(w \mid \mathcal D) = \mathcal N(m_N, S_N)$ with
   $S_N^{-1} = \alpha I + \beta \Phi^\top \Phi$ and $m_N = \beta S_N \Phi^\top y$ (so $m_N = w_{\text{MAP}}$).
 * **Posterior predictive**: $p(y_* \mid x_*, \mathcal D) = \mathcal N\big(\phi_*^\top m_N,\; \beta^{-1} + \phi_*^\top S_N \phi_*\big)$.
 * **Evidence**: $\ln p(y \mid \alpha, \beta) = \frac M2 \ln\alpha + \frac N2 \ln\beta - \frac\beta2\lVert y - \Phi m_N\rVert^2 - \frac\alpha2 m_N^\top m_N - \frac12 \ln\lvert S_N^{-1}\rvert - \frac N2 \ln 2\pi$ (Bishop, PRML eq. 3.86).

 The evidence scores a prior by how well it predicted the data *before* seeing them. We use it to
 pick $\alpha$ (empirical Bayes), scanning a log grid.
 */
let model: MLEBayesChapter.LinearModel
do {
    model = try MLEBayesChapter.linearModel(settings, example: example, after: fit)
} catch {
    nb.fail("Bayesian linear regression: \(error)")
}
let (basis, alphas, evidences, bestAlpha, blr) = (model.basis, model.alphas, model.evidences, model.bestAlpha, model.posterior)
nb.show(String(format: "features: %d (constant + %d bumps); evidence-maximising prior precision α = %.3g (prior sd s = %.3g)",
               basis.dimension, settings.bumps, bestAlpha, 1 / bestAlpha.squareRoot()))

let bestEvidence = evidences.max()!
var evidenceFigure = Figure(title: "Choosing the prior by its evidence", xLabel: "prior precision α", yLabel: "log evidence ln p(y | α, β)",
                            yRange: (bestEvidence - 40)...(bestEvidence + 5))
evidenceFigure.logX = true
evidenceFigure.legend = .bottomLeft
evidenceFigure.add(.line(x: alphas, y: evidences, title: "ln p(y | α, β)", color: .blue))
evidenceFigure.markVertical(at: bestAlpha, label: String(format: "α = %.3g", bestAlpha))
nb.figure(evidenceFigure, name: "01-evidence", caption: "The log evidence of the Bayesian linear model against the prior precision α; the maximum is the empirical-Bayes choice.")

let mapGap = zip(blr.posteriorMean, model.ridgeWeights).map { abs($0 - $1) }.max()!
nb.show(String(format: "max |m_N − w_ridge(λ = α/β)| = %.1e   (the MAP weights are the ridge weights)", mapGap))
nb.show(String(format: "largest |weight|: MLE %.3g, MAP %.3g", model.maximumLikelihoodWeights.map(abs).max()!, blr.posteriorMean.map(abs).max()!))

let (mlLine, predictive, predictiveSD, posteriorLines) = (model.maximumLikelihoodLine, model.predictive, model.predictiveSD, model.posteriorLines)

var pointFigure = Figure(title: "Point estimates", xLabel: "x", yLabel: "y", xRange: -1.5...1.5, yRange: -2...2)
pointFigure.add(.line(x: grid, y: truth, title: "truth", color: .black, width: 1.5, dashed: true))
pointFigure.add(.line(x: grid, y: mlLine.map { abs($0) > 50 ? .nan : $0 }, title: "MLE (least squares)", color: .orange))
pointFigure.add(.line(x: grid, y: predictive.mean, title: "MAP (ridge)", color: .blue))
pointFigure.add(.points(x: data.inputs, y: data.targets, title: "data", color: .vermillion))
var posteriorFigure = Figure(title: "Posterior predictive", xLabel: "x", yLabel: "y", xRange: -1.5...1.5, yRange: -2...2)
posteriorFigure.add(.band(x: grid, lower: zip(predictive.mean, predictiveSD).map { $0 - 2 * $1 },
                          upper: zip(predictive.mean, predictiveSD).map { $0 + 2 * $1 }, title: "mean ± 2 sd", color: .blue))
for (k, line) in posteriorLines.enumerated() {
    posteriorFigure.add(.line(x: grid, y: line, title: k == 0 ? "posterior draws" : nil, color: .skyBlue, width: 1))
}
posteriorFigure.add(.line(x: grid, y: truth, title: "truth", color: .black, width: 1.5, dashed: true))
posteriorFigure.add(.line(x: grid, y: predictive.mean, title: "predictive mean", color: .blue))
posteriorFigure.add(.points(x: data.inputs, y: data.targets, title: "data", color: .vermillion))
nb.figure(Panels([pointFigure, posteriorFigure], rows: 1, columns: 2, width: 1200, height: 480), name: "01-mle-map-bayes",
          caption: "Left: least squares chases the noise and explodes where no data pin the bumps down (clipped at ±50); the MAP (ridge) fit is tame. Right: the posterior predictive widens in the gap and outside the data.")

/*:
 Least squares gives huge weights to bumps that barely touch the data, so its curve explodes in
 the gap and beyond. The prior (MAP) tames it but is still one curve. The posterior keeps *all*
 curves compatible with data and prior; its predictive band is tight on the data and opens up
 exactly where the data say nothing.

 ## 3. Bayesian updating in weight space

 Bishop's PRML Fig. 3.7, recomputed: the straight line $y = -0.3 + 0.5x + \varepsilon$ with noise
 sd 0.2 (so $\beta = 25$), features $\phi(x) = (1, x)$, prior precision $\alpha = 2$. Each row adds
 data: the likelihood of the newest point (left), the posterior over $(w_0, w_1)$ (middle, the
 white cross is the true $w$), and six lines drawn from that posterior with the data seen so far
 (right). Bayes' rule applied one point at a time, $p(w \mid \mathcal D_{n}) \propto p(y_n \mid x_n, w)\, p(w \mid \mathcal D_{n-1})$,
 gives the same posterior as all the points at once.
 */
let updating: MLEBayesChapter.BayesianUpdating
do {
    updating = try MLEBayesChapter.bayesianUpdating(settings, after: model)
} catch {
    nb.fail("Bayesian updating: \(error)")
}
let (weightAxis, trueW) = (updating.weightAxis, updating.trueWeights)
var updatingPanels = [Figure]()

func weightSpaceFigure(_ title: String, values: [[Double]]) -> Figure {
    var f = Figure(title: title, xLabel: "w0", yLabel: "w1", xRange: -1...1, yRange: -1...1)
    f.equalAxes = true
    f.legend = .hidden
    f.add(.heatMap(x: weightAxis, y: weightAxis, values: values))
    f.add(.points(x: [trueW[0]], y: [trueW[1]], color: Color(hex: "#ffffff"), size: 3, shape: .plus))
    return f
}

for step in updating.steps {
    let (n, seen, post) = (step.seen.count, step.seen, step.posterior)
    // Likelihood of the newest point over the (w0, w1) grid.
    var likelihood = Figure(title: n == 0 ? "no data yet" : "likelihood of point \(n)", xRange: -1...1, yRange: -1...1)
    if let values = step.likelihood {
        likelihood = weightSpaceFigure("likelihood of point \(n)", values: values)
    }
    likelihood.legend = .hidden
    // Posterior after n points (the prior when n = 0).
    let posteriorPanel = weightSpaceFigure(n == 0 ? "prior" : "posterior after \(n) point\(n == 1 ? "" : "s")", values: step.density)
    // Lines drawn from it.
    var dataSpace = Figure(title: "data space", xLabel: "x", yLabel: "y", xRange: -1...1, yRange: -1...1)
    dataSpace.legend = .hidden
    let lineX = linspace(-1, 1, count: 2)
    for w in step.lines {
        dataSpace.add(.line(x: lineX, y: lineX.map { w[0] + w[1] * $0 }, color: .vermillion, width: 1.5))
    }
    dataSpace.add(.points(x: seen.inputs, y: seen.targets, color: .blue, size: 1.2, shape: .circle))
    updatingPanels += [likelihood, posteriorPanel, dataSpace]
    nb.show(String(format: "n = %2d: posterior mean (%+.3f, %+.3f), sd (%.3f, %.3f)", n,
                   post.posteriorMean[0], post.posteriorMean[1],
                   post.posteriorCovariance[0, 0].squareRoot(), post.posteriorCovariance[1, 1].squareRoot()))
}
nb.figure(Panels(updatingPanels, rows: 4, columns: 3, title: "Sequential Bayesian learning of y = w0 + w1 x (true w: white cross)", width: 1140, height: 1400),
          name: "01-bayesian-updating",
          caption: "Bayesian updating in weight space (after Bishop, PRML Fig. 3.7): likelihood of the newest point, posterior, and lines drawn from the posterior, after 0, 1, 2 and 20 points.")

/*:
 ## 4. The law of total variance: aleatoric and epistemic

 Any predictive distribution that averages over an unknown $\omega$ (weights, an ensemble member,
 a dropout mask) has a variance that splits in two:

 $$\operatorname{Var}[y \mid x] = \underbrace{\mathbb E_\omega\big[\operatorname{Var}[y \mid x, \omega]\big]}_{\text{aleatoric}} + \underbrace{\operatorname{Var}_\omega\big[\mathbb E[y \mid x, \omega]\big]}_{\text{epistemic}}.$$

 The aleatoric part is the noise the model would still expect if it knew $\omega$ exactly; no
 amount of data removes it. The epistemic part is the disagreement between the $\omega$s the data
 still allow; it shrinks as data arrive — like $1/N$ where data accumulate — and it is large
 where there are none. For Bayesian linear regression both parts are exact: aleatoric
 $\beta^{-1}$, epistemic $\phi(x)^\top S_N \phi(x)$.
 */
let (aleatoricSD, epistemicSD) = (model.aleatoricSD, model.epistemicSD)
nb.table(["x", "where", "mean", "aleatoric sd", "epistemic sd", "total sd"], [(-1.4, "outside"), (-0.5, "data"), (0.0, "gap"), (0.5, "data"), (1.4, "outside")].map { x, where_ in
    let i = example.gridIndex(x)
    return [String(format: "%+.2f", grid[i]), where_, String(format: "%+.3f", predictive.mean[i]),
            String(format: "%.4f", aleatoricSD[i]), String(format: "%.4f", epistemicSD[i]), String(format: "%.4f", predictiveSD[i])]
})

var stacked = Figure(title: "Predictive uncertainty, split by the law of total variance", xLabel: "x", yLabel: "y", xRange: -1.5...1.5, yRange: -2...3)
stacked.add(.band(x: grid, lower: zip(predictive.mean, predictiveSD).map { $0 - 2 * $1 }, upper: zip(predictive.mean, predictiveSD).map { $0 + 2 * $1 },
                  title: "± 2 total sd (epistemic + aleatoric)", color: .orange, opacity: 0.45))
stacked.add(.band(x: grid, lower: zip(predictive.mean, aleatoricSD).map { $0 - 2 * $1 }, upper: zip(predictive.mean, aleatoricSD).map { $0 + 2 * $1 },
                  title: "± 2 aleatoric sd", color: .blue, opacity: 0.6))
stacked.add(.line(x: grid, y: truth, title: "truth", color: .black, width: 1.5, dashed: true))
stacked.add(.line(x: grid, y: predictive.mean, title: "predictive mean", color: .blue))
stacked.add(.points(x: data.inputs, y: data.targets, title: "data", color: .vermillion, size: 0.6))

var parts = Figure(title: "The two standard deviations", xLabel: "x", yLabel: "standard deviation", xRange: -1.5...1.5)
parts.logY = true
parts.legend = .bottomRight
parts.add(.line(x: grid, y: predictiveSD, title: "total", color: .black))
parts.add(.line(x: grid, y: epistemicSD, title: "epistemic", color: .orange))
parts.add(.line(x: grid, y: aleatoricSD, title: "aleatoric", color: .blue, dashed: true))
for edge in [-0.7, -0.3, 0.3, 0.7] { parts.markVertical(at: edge) }
nb.figure(Panels([stacked, parts], rows: 2, columns: 1, width: 900, height: 900), name: "01-total-variance",
          caption: "Top: the aleatoric band (blue) and the total band (orange); the orange margin is epistemic. Bottom: the two standard deviations; dashed verticals mark the edges of the data clusters.")

/*:
 How fast does the epistemic part shrink where data accumulate? Observe every training input
 $k$ times ($N = 40k$ points). In the eigenbasis of $G = \Phi^\top\Phi$ the epistemic variance is
 $\sum_j (\phi^\top v_j)^2 / (\alpha + k\beta\lambda_j)$: every term falls at most like $1/k$,
 and exactly like $1/k$ once $k\beta\lambda_j \gg \alpha$. So quadrupling $N$ divides it by at most 4,
 and by 4 in the limit; with 25 overlapping bumps some $\lambda_j$ are tiny, and the limit comes slowly.
 */
let shrinkage: [MLEBayesChapter.Shrinkage]
do {
    shrinkage = try MLEBayesChapter.shrinkage(settings, example: example, model: model)
} catch {
    nb.fail("Bayesian linear regression: \(error)")
}
let shrinkRows = shrinkage.indices.map { i in
    let e = shrinkage[i].epistemicVariance
    return ["\(shrinkage[i].count)", String(format: "%.3e", e), String(format: "%.4f", e * Double(shrinkage[i].count)),
            i == 0 ? "—" : String(format: "%.2f", shrinkage[i - 1].epistemicVariance / e)]
}
nb.table(["N", "epistemic variance at x = 0.5", "N × variance", "divided by"], shrinkRows)

/*:
 Check the identity by brute force at the centre of the gap: draw $\omega \sim p(w \mid \mathcal D)$, then
 $y \sim \mathcal N(\phi(x)^\top\omega, \beta^{-1})$, and compare the sample variance of $y$ with
 the sum of the two exact terms. The Monte Carlo standard error of a sample variance is
 $\sqrt{(m_4 - s^4)/n}$ with $m_4$ the fourth central moment.
 */
let check: MLEBayesChapter.TotalVarianceCheck
do {
    check = try MLEBayesChapter.totalVarianceCheck(settings, example: example, model: model, after: updating)
} catch {
    nb.fail("posterior sampling: \(error)")
}
nb.show(String(format: "x = 0: E[Var] + Var[E] = %.5f + %.5f = %.5f", check.aleatoric, check.epistemic, check.exactTotal))
nb.show(String(format: "       Monte Carlo Var[y] from %d draws = %.5f ± %.5f  (%.1f standard errors away)",
               check.draws, check.monteCarloVariance, check.monteCarloError, abs(check.monteCarloVariance - check.exactTotal) / check.monteCarloError))

/*:
 ## 5. What is the big problem?

 Everything above was exact because the model is linear in its weights and the prior Gaussian:
 the evidence $p(\mathcal D) = \int p(\mathcal D \mid \omega)\,p(\omega)\,d\omega$ and the predictive
 $p(y \mid x) = \int p(y \mid x, \omega)\,p(\omega \mid \mathcal D)\,d\omega$ (the slides' *Bayesian model
 average*) are Gaussian integrals. (The slide "What is the big problem?" writes the prior as
 $p(w)$ in these formulas; it is the same $p(\omega)$.) For a neural network neither integral has a
 closed form, and integrating numerically over the weights is out of reach even for the small
 network of section 1:
 */
nb.show("the 1→50→50→1 network of section 1 has \(network.parameterCount) weights: a grid of only 10 values per weight has 10^\(network.parameterCount) points")

/*:
 The slides count 10 thousand to over 100 billion parameters for modern networks. What is left
 is to approximate: draw weights from the posterior (sampling, Lectures 2–3), train several
 networks (ensembles, Lectures 4–5), or fit a simple distribution to the posterior (variational
 inference, Lectures 6–7).

 ## What to remember

 * Maximum likelihood gives one answer and no measure of how much the data pin it down; it is
   confidently wrong off the data.
 * MAP with a Gaussian prior is ridge regression: still one answer.
 * The posterior keeps every answer the data allow; its predictive variance is aleatoric plus
   epistemic, and the epistemic part is what grows in the gap and outside the data.
 * For neural networks none of this is available in closed form. The rest of the course is about
   approximating it: sampling (Lectures 2–3), ensembles and SWAG (Lectures 4–5), variational
   inference (Lectures 6–7).

 ## Exercises

 Solve them in `Sources/Exercises/Lecture01.swift` (in the student copy made by `make student`,
 each one throws "not implemented yet"); `swift test --filter Exercises` grades them.

 1. **Exercise 1.1 — MAP is ridge.** Implement `exercise1_1_mapWeights`: the weights minimising
    $\lVert y - \Phi w\rVert^2 + \frac{\sigma^2}{s^2}\lVert w\rVert^2$. The test checks them against the
    posterior mean $m_N$ of `BayesianLinearRegression`.
 2. **Exercise 1.2 — predictive variance.** Implement `exercise1_2_predictiveVariance`:
    $\sigma^2 + \phi^\top S_N \phi$. The test checks it against a Monte Carlo estimate and the
    library, and that it never falls below $\sigma^2$.
 3. **Exercise 1.3 — law of total variance.** Implement `exercise1_3_varianceSplit` for a uniform
    mixture of $K$ Gaussians. The test checks that the two parts add up to the mixture's variance
    computed by brute force.
 */
