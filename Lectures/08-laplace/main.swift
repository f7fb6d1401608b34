/*:
 # Lecture 8 — the Laplace approximation

 The lecture's three families (its slide "Possible solution and methods for UQ": sampling,
 ensembles, variational inference) leave out the method practitioners reach for most: train the
 network to its MAP $w^*$ as usual, then put a Gaussian on the curvature there (MacKay 1992;
 Ritter, Botev & Barber 2018; Daxberger et al. 2021, "Laplace Redux", and its library
 laplace-torch),

 $$p(w \mid \mathcal D) \approx \mathcal N\big(w^*, P^{-1}\big), \qquad P = -\nabla^2_w \ln p(w \mid \mathcal D)\big|_{w^*} = C + \tfrac{1}{s^2} I,$$

 with $C$ the curvature of the negative log likelihood $\frac{1}{2\sigma^2}\sum_i (y_i - f_w(x_i))^2$ and $s^2$ the prior variance.
 Like SWAG (chapter 5) it is a Gaussian on the weights; SWAG reads it off SGD's iterates, Laplace
 off the curvature at one point. This chapter builds it from the one model where it is exact,
 Bayesian linear regression, to a network, and sets it beside the NUTS reference.

 ```
 swift run -c release laplace            # full run, figures into figures/
 swift run -c release laplace --help     # options
 ```
 */
import ArgumentParser
import Course
import Datasets
import Foundation
import NumericalMethods
import Inference
import NeuralNetworks
import Notebook
import Plotting
import Probability

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "laplace", abstract: "Lecture 8: the Laplace approximation.")
    @OptionGroup var common: LectureOptions
    @Option(help: "Adam steps of the running example's MAP (default \(LaplaceChapter.Settings.standard().mapSteps); --quick: \(LaplaceChapter.Settings.quick().mapSteps)).") var mapSteps: Int?
    @Option(help: "Adam steps of the sinusoid's MAP and of its online tuning (default \(LaplaceChapter.Settings.standard().sinusoidSteps); --quick: \(LaplaceChapter.Settings.quick().sinusoidSteps)).") var sinusoidSteps: Int?
    @Option(help: "Points of the sinusoid toy (default \(LaplaceChapter.Settings.standard().sinusoidPoints)).") var points: Int?
    @Option(help: "Weight draws of every NN (sampled) predictive (default \(LaplaceChapter.Settings.standard().predictiveDraws); --quick: \(LaplaceChapter.Settings.quick().predictiveDraws)).") var draws: Int?

    /// The chapter's settings: standard or quick, then the options given.
    var settings: LaplaceChapter.Settings {
        LaplaceChapter.Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.mapSteps, mapSteps).with(\.sinusoidSteps, sinusoidSteps).with(\.onlineSteps, sinusoidSteps).with(\.sinusoidPoints, points).with(\.predictiveDraws, draws)
    }

    mutating func validate() throws {
        let s = settings
        guard (200...1_000_000).contains(s.mapSteps) else { throw ValidationError("--map-steps must be between 200 and 1,000,000, got \(s.mapSteps)") }
        guard (s.onlineBurnIn + s.onlineInterval...1_000_000).contains(s.sinusoidSteps) else {
            throw ValidationError("--sinusoid-steps must be between \(s.onlineBurnIn + s.onlineInterval) and 1,000,000, got \(s.sinusoidSteps)")
        }
        guard (10...100_000).contains(s.sinusoidPoints) else { throw ValidationError("--points must be between 10 and 100,000, got \(s.sinusoidPoints)") }
        guard (2...100_000).contains(s.predictiveDraws) else { throw ValidationError("--draws must be between 2 and 100,000, got \(s.predictiveDraws)") }
    }
}

let options = Options.parseOrExitWithOneLine()
let settings = options.settings
let nb = Notebook(options.common)
func pm(_ v: (mean: Double, standardError: Double), _ digits: Int = 3) -> String { String(format: "%.\(digits)f ± %.\(digits)f", v.mean, v.standardError) }
func sci(_ x: Double) -> String { String(format: "%.1e", x) }

/*:
 ## Where Laplace is exact: Bayesian linear regression

 Expand $\ln p(w \mid \mathcal D)$ to second order around its mode: the first-order term vanishes and what is left
 is a Gaussian's exponent. When the log posterior *is* quadratic, nothing is left out. That is the
 case when $f_w(x)$ is linear in $w$ and the likelihood Gaussian: a network without a hidden layer
 on fixed features $\varphi(x)$ is Bayesian linear regression (chapter 1), and

 $$C = \frac{1}{\sigma^2} J^\top J = \frac{1}{\sigma^2}\Phi^\top\Phi, \qquad P = \frac{1}{\sigma^2}\Phi^\top\Phi + \frac{1}{s^2} I = S_N^{-1}.$$

 The Laplace estimate of the evidence, $\ln p(\mathcal D) \approx \ln p(\mathcal D \mid w^*) + \ln p(w^*) + \frac k2 \ln 2\pi - \frac12 \ln\lvert P\rvert$, is then chapter 1's exact
 evidence. Two curvatures are in use. The Hessian of the negative log likelihood is
 $\frac{1}{\sigma^2}\sum_i \big(J_i^\top J_i - r_i \nabla^2_w f_w(x_i)\big)$ with residuals $r_i = y_i - f_w(x_i)$; the generalised Gauss–Newton (GGN)
 keeps only $\frac{1}{\sigma^2} J^\top J$, positive semi-definite by construction. For a linear model $\nabla^2_w f = 0$ and the
 two agree. Checked on the running example's 40 points with features $(x, x^2, x^3, 1)$ (chapter 1's evidence formula, on other features) (prior $\mathcal N(0, I)$,
 noise sd 0.05), and on a network's last layer with its hidden layer frozen: the last layer of
 1→10→1 is linear regression on the features $(h(x), 1)$ the hidden layer computes (the check sets the last
 layer to that regression's posterior mean, where the Laplace approximation is centred). The library's
 Hessian is central differences of the gradient.

 @source Inference/Laplace/LaplaceApproximation.swift: public init(_ posterior: BayesianMLP, mean: [Double], curvature: Curvature = .generalisedGaussNewton,
 */
let checks: [LaplaceChapter.ExactnessCheck]
do {
    checks = try LaplaceChapter.linearModelChecks(settings) + [LaplaceChapter.lastLayerCheck(settings)]
} catch {
    nb.fail("\(error)")
}
nb.table(["Laplace against Bayesian linear regression", "precision P, largest rel. diff.", "variances", "predictive variance", "predictive mean, abs.",
          "ln p(D): Laplace", "ln p(D): exact", "rel. diff."],
         checks.map { c in [c.name, sci(c.precisionError), sci(c.varianceError), sci(c.predictiveVarianceError), sci(c.predictiveMeanError),
                            String(format: "%.6f", c.laplaceEvidence), String(format: "%.6f", c.exactEvidence), sci(c.evidenceError)] })

/*:
 Every difference is rounding, $10^{-11}$ and below, the Hessian's included: a linear model's gradient is
 linear in $w$, so its central differences are exact up to rounding. So last-layer Laplace of a trained network *is* Bayesian linear
 regression on the features the network learned, and its evidence is chapter 1's formula on them.

 ## A network: the sinusoid of Laplace Redux

 The regression example of laplace-torch (Laplace Redux): 150 points $x \sim U[0, 8]$, $y = \sin x + \varepsilon$ with $\sigma = 0.3$, a network 1→50→1 (tanh),
 the MAP by Adam (full batch, rate 0.01, 10,000 steps, prior $\mathcal N(0, I)$, the true $\sigma$; the example
 trains 1,000 epochs on the squared error without a prior), then the full-GGN
 Laplace approximation over all 151 weights. Neither $s^2$ nor $\sigma^2$ is known in practice, and the evidence
 picks both. At a fixed $w^*$ and curvature, with $e_i$ the eigenvalues of $J^\top J$, $\lambda = 1/s^2$ and $\beta = 1/\sigma^2$,

 $$\ln p(\mathcal D \mid s^2, \sigma^2) \approx \frac n2 \ln\frac{\beta}{2\pi} - \frac\beta2 \lVert y - f^*\rVert^2 + \frac k2 \ln\lambda - \frac\lambda2 \lVert w^*\rVert^2 - \frac12 \sum_i \ln(\beta e_i + \lambda),$$

 whose derivatives in $\ln s^2$ and $\ln\sigma^2$ are $\frac12(\lambda\lVert w^*\rVert^2 - \gamma)$ and $\frac12(\beta\lVert y - f^*\rVert^2 - (n - \gamma))$, with $\gamma = \sum_i \frac{\beta e_i}{\beta e_i + \lambda}$
 the number of weights the data determine. Setting both to zero gives MacKay's updates
 $s^2 = \lVert w^*\rVert^2/\gamma$ and $\sigma^2 = \lVert y - f^*\rVert^2/(n - \gamma)$, iterated here to their fixed point. laplace-torch's regression example
 reaches the same optimum by Adam steps on $(\ln\lambda, \ln\sigma)$ through its log marginal likelihood (its
 `optimize_prior_precision(method="marglik")` tunes the prior precision only). Its users ask about
 both: issue 222 reports odd values from the example's joint tuning, and in issue 142 the maintainers
 advise against tuning $\sigma$ by the evidence after training (σ by maximum likelihood, or tuning during
 training). Here post-hoc tuning recovers the true σ (below: 0.3018 ± 0.0087 over five seeds).

 @source Inference/Laplace/LaplaceEvidence.swift: public func tuned(
 */
let sinusoid: LaplaceChapter.SinusoidRun
do {
    sinusoid = try nb.timed("sinusoid, seed \(settings.seed)") { try LaplaceChapter.sinusoid(settings) }
} catch {
    nb.fail("\(error)")
}
nb.show(String(format: "before tuning: s² = %.3g, σ = %.3f, ln p(D) ≈ %.2f", sinusoid.initial.priorVariance, sinusoid.initial.noiseVariance.squareRoot(), sinusoid.evidenceAtInitial))
nb.show(String(format: "tuned by the evidence: s² = %.3g, σ = %.4f, ln p(D) ≈ %.2f; γ = %.1f of %d weights; gradient in (ln s², ln σ²) there: (%@, %@)",
               sinusoid.tuned.priorVariance, sinusoid.tuned.noiseVariance.squareRoot(), sinusoid.evidenceAtTuned, sinusoid.effectiveParameters, sinusoid.weightCount,
               sci(sinusoid.gradientAtTuned.logPriorVariance), sci(sinusoid.gradientAtTuned.logNoiseVariance)))
let peak = sinusoid.curve.max { $0.logEvidence < $1.logEvidence }!
nb.show(String(format: "the evidence curve over s² ∈ [10⁻³, 10³] (%d points, σ at its tuned value) peaks at s² = %.3g", sinusoid.curve.count, peak.priorVariance))

/*:
 The evidence moves $s^2$ from 1 to 3.73 and $\sigma$ from 0.300 to 0.294, and gains about 5.6 nats; its gradient there is
 rounding, and the curve (right panel of the figure below) peaks at the grid point next to the tuned $s^2$. Over
 seeds 1 to 5 (the table below) the tuned $\sigma$ is $0.3018 \pm 0.0087$: the true 0.3. Of the 151 weights, $\gamma \approx 8$ are
 determined by the data; the other 143 directions are the prior's. That number explains the next
 two sections.
 */

/*:
 ### Tuning during training

 The evidence can also steer training: every 1,000 Adam steps, fit the Laplace
 approximation at the current weights and move $s^2$ and $\sigma^2$ to its fixed point, then train on with the
 new prior and likelihood (MacKay 1992's alternation; Immer, Bauer, Fortuin, Rätsch & Khan 2021, "Scalable marginal likelihood
 estimation", take gradient steps on the
 hyperparameters instead). Same network, same start:
 */
if let online = sinusoid.online {
    let updates = online.result.updates
    nb.table(["after step", "s²", "σ", "ln p(D) ≈"], ([updates.first!, updates[updates.count / 2], updates.last!]).map { u in
        [String(u.step), String(format: "%.3g", u.priorVariance), String(format: "%.4f", u.noiseVariance.squareRoot()), String(format: "%.2f", u.logEvidence)]
    })
    nb.show(String(format: "at the end of online tuning: s² = %.3g, σ = %.4f, ln p(D) ≈ %.2f at its own weights (post-hoc tuning above: %.2f)",
                   online.result.priorVariance, online.result.noiseVariance.squareRoot(), online.logEvidence, sinusoid.evidenceAtTuned))
}

/*:
 The hyperparameters settle after the first updates (from the first to the last update $s^2$ goes
 from 4.67 to 4.39 and $\sigma$ from 0.301 to 0.291). This run trains different weights from the post-hoc one, so its evidence is that of
 another $w^*$; one seed is shown and the chapter draws no comparison from it.
 */

/*:
 ### The GLM and the NN predictive

 Two ways to predict with $\mathcal N(w^*, P^{-1})$. The NN predictive samples weights and runs the network on
 them. The GLM predictive replaces the network by its linearisation $f(x, w^*) + J(x)(w - w^*)$, for which the
 predictive is Gaussian in closed form: mean $f(x, w^*)$, variance $J(x) P^{-1} J(x)^\top + \sigma^2$. The GGN *is* the curvature of the
 linearised model's log likelihood, so the GLM predictive is the one consistent with it (Immer,
 Korzepa & Bauer 2021); the NN predictive evaluates the network far from $w^*$ along directions the
 curvature says are flat, where the linearisation no longer holds (laplace-torch issue 137 reports the same on a classifier:
 accuracy 1 with the GLM predictive, 0.25 with the NN one; the maintainers point to Immer et al. and
 to a larger prior precision). The sweep below repeats the sinusoid for seeds
 1 to 5 (data, initial weights, draws), with 1,000 fresh test points on $[0, 8]$:
 */
let sinusoidRuns: [LaplaceChapter.SinusoidRun]
do {
    let bar = nb.progress("sinusoid, \(settings.sweepSeeds) seeds", total: settings.sweepSeeds)
    sinusoidRuns = try LaplaceChapter.sinusoidSweep(settings, first: sinusoid) { bar.update($0) }
    bar.finish()
}
catch {
    nb.fail("\(error)")
}
let scoreNames = sinusoid.scores.map(\.name)
nb.table(["sinusoid, fresh points on [0, 8] (mean ± SE, \(sinusoidRuns.count) seeds)", "NLL per point", "RMS error of the mean vs sin x", "mean predictive sd"],
         scoreNames.indices.map { i in
             [scoreNames[i], pm(meanAndStandardError(sinusoidRuns.map { $0.scores[i].negativeLogLikelihood })),
              pm(meanAndStandardError(sinusoidRuns.map { $0.scores[i].meanError })), pm(meanAndStandardError(sinusoidRuns.map { $0.scores[i].sd }))]
         })
nb.table(["tuned by the evidence (mean ± SE, \(sinusoidRuns.count) seeds)", "s²", "σ", "γ (of \(sinusoid.weightCount))"],
         [["post hoc, at the MAP", pm(meanAndStandardError(sinusoidRuns.map(\.tuned.priorVariance)), 2),
           pm(meanAndStandardError(sinusoidRuns.map { $0.tuned.noiseVariance.squareRoot() }), 4), pm(meanAndStandardError(sinusoidRuns.map(\.effectiveParameters)), 1)]])

let sGrid = LaplaceChapter.sinusoidGrid
func sinusoidPanel(_ title: String, _ m: PredictiveMoments, color: Color) -> Figure {
    var f = Figure(title: title, xLabel: "x", yLabel: "y", xRange: -5...13, yRange: -3.5...5)
    let sd = m.total.map { $0.squareRoot() }
    f.add(.band(x: sGrid, lower: zip(m.mean, sd).map { $0 - 2 * $1 }, upper: zip(m.mean, sd).map { $0 + 2 * $1 }, title: "mean ± 2 sd", color: color))
    f.add(.line(x: sGrid, y: sGrid.map(Elementary.sin), title: "sin x", color: .black, width: 1.5, dashed: true))
    f.add(.line(x: sGrid, y: m.mean, title: "predictive mean", color: color))
    f.add(.points(x: sinusoid.data.inputs, y: sinusoid.data.targets, title: "data", color: .vermillion, size: 0.5))
    return f
}
var curveFigure = Figure(title: "Laplace evidence against the prior variance", xLabel: "prior variance s²", yLabel: "ln p(D) (Laplace)")
curveFigure.logX = true
curveFigure.legend = .bottomRight
let curveValues = sinusoid.curve.map(\.logEvidence)
let curveTop = curveValues.max()!
curveFigure.yRange = (curveTop - 150)...(curveTop + 15)
curveFigure.add(.line(x: sinusoid.curve.map(\.priorVariance), y: curveValues, title: "σ at its tuned value", color: .blue))
curveFigure.add(.points(x: [sinusoid.tuned.priorVariance], y: [sinusoid.evidenceAtTuned], title: "tuned s²", color: .vermillion, size: 1.5))
curveFigure.markVertical(at: 1, label: "s² = 1 (training)")
nb.figure(Panels([sinusoidPanel("GLM predictive (tuned s², σ)", sinusoid.glm, color: .blue), sinusoidPanel("NN predictive (tuned s², σ)", sinusoid.nn, color: .green),
                  curveFigure], rows: 1, columns: 3, width: 1500, height: 450), name: "08-sinusoid",
          caption: "Seed \(settings.seed): the sinusoid of Laplace Redux (150 points on [0, 8], σ = 0.3, 1→50→1 tanh), full-GGN Laplace with s² and σ tuned by the evidence: the GLM predictive (left), the NN predictive of the same Gaussian (middle), and the evidence against s² at the tuned σ (right).")

/*:
 On the data the GLM predictive is the MAP with a little epistemic variance added (mean sd 0.310
 against 0.302, the same NLL to within the seeds' scatter); outside $[0, 8]$ its band opens (left panel). The NN
 predictive of the *same* Gaussian is useless: an NLL of 3.4 against 0.24, a mean 1.1 away from $\sin x$ (RMS)
 and a band of sd 12. This is what laplace-torch issue 137 ran into, and Laplace
 Redux's reason to default to the GLM. It is the 143 directions the data do not determine: there $P \approx 1/s^2$, so
 the Gaussian spreads each by about $s = 1.9$. The linearised network does not move along them on the data
 ($J(x)v \approx 0$ is what "not determined" means), so the GLM predictive ignores them there. The network itself does
 move: shifting tanh units' weights by 2 changes $f$ everywhere. The Gaussian was built for the
 linearised model, and only the GLM predictive uses it as that.
 */

/*:
 ## Beside the reference: full, diagonal, KFAC, last layer

 The running example on the reference's own model (1→10→1 tanh, prior $\mathcal N(0, I)$, noise sd 0.05, so the
 only difference is the method): the MAP as the comparison trains it (Adam, rate 0.01, 20,000
 full-batch steps from $w \sim \mathcal N(0, 0.5^2 I)$), then Laplace with the GGN kept whole, only its diagonal,
 Kronecker-factored per layer (KFAC: $\sum_i (\tilde a_i \tilde a_i^\top) \otimes (g_i g_i^\top)/\sigma^2 \approx A \otimes G$ with $\tilde a_i$ a layer's inputs and $g_i$ the
 output's gradient at its pre-activations; Martens & Grosse 2015, Ritter et al. 2018), or on the last
 layer only. The prior stays the reference's: nothing is tuned here, so the reference and the
 methods share one model. Each is scored by its 1-Wasserstein distance to the NUTS predictive, on
 the data, in the gap and outside, for seeds 1 to 5.

 @source Inference/Laplace/LaplaceApproximation.swift: public func linearisedPredictive(
 */
let runs: [LaplaceChapter.RunningExampleRun]
do {
    let bar = nb.progress("running example (NUTS, MAP, Laplace), \(settings.sweepSeeds) seeds", total: settings.sweepSeeds)
    runs = try await LaplaceChapter.sweep(settings) { bar.update($0) }
    bar.finish()
} catch {
    nb.fail("\(error)")
}
let shown = runs[0]
let sweepSummary = LaplaceChapter.summary(runs)
nb.table(["predictive sd (mean ± SE, \(runs.count) seeds)", "on the data", "gap centre x = 0", "right end x = 1.5"],
         sweepSummary.map { [$0.name, pm($0.sdOnData), pm($0.sdGap), pm($0.sdRightEnd)] })
nb.table(["W₁ to the reference (mean ± SE, \(runs.count) seeds)"] + RunningExampleComparison.Region.allCases.map(\.rawValue) + ["whole grid", "numbers kept for P"],
         sweepSummary.dropLast().map { [$0.name] + $0.distances.map { pm($0) } + [pm($0.overall), $0.name == "MAP" ? "–" : String($0.storedNumbers)] })
nb.figure(Panels(shown.methods.enumerated().map { .runningExampleBand($0.element.name, $0.element.predictive.moments, grid: RunningExampleComparison.grid, data: shown.data,
                                                                       color: Color.cycle[$0.offset % 6]) }
                 + [.runningExampleBand("NUTS: the reference", shown.reference.moments, grid: RunningExampleComparison.grid, data: shown.data, color: .blue)],
                 rows: 2, columns: 4, width: 1800, height: 850), name: "08-running-example",
          caption: "Seed \(settings.seed): the MAP, Laplace with the full GGN (GLM and NN predictive), its diagonal, KFAC and the last layer only (GLM), and the NUTS reference, all on the reference's network 1→10→1 (tanh), prior N(0, I) and noise sd 0.05 (mean ± 2 sd).")

/*:
 What the five seeds show (each sentence is a claims test over the same seeds):

 * **The full GGN with the GLM predictive comes closest to the reference**: W₁ 0.042 ± 0.008 over the grid
   against 0.073 ± 0.007 (KFAC), 0.077 ± 0.007 (last layer), 0.079 ± 0.007 (diagonal) and 0.091 ± 0.007 (the
   MAP alone), and 0.070 ± 0.014 outside the data against 0.127 ± 0.012 to 0.158 ± 0.012: closer than each,
   by more than 3 standard errors of the paired differences.
 * **Every GLM variant is too narrow at the right end**: 0.361 ± 0.012 (full), 0.134 ± 0.008 (KFAC),
   0.122 ± 0.007 (last layer), 0.099 ± 0.000 (diagonal) against the reference's 0.478 ± 0.034. Laplace knows the posterior only through its curvature at
   one mode; NUTS explores the posterior itself.
 * **The diagonal is too wide on the data and the narrowest of the variants at the right end** (0.066 ±
   0.000 on the data against 0.053 for the reference and the full GGN; 0.099 ± 0.000 at the right end). Dropping $P$'s off-diagonal entries
   loses the correlations by which the weights' variations cancel on the data, and keeps the variances
   $1/P_{jj}$, which are smaller than $(P^{-1})_{jj}$, so the band is wrong on both sides.
 * **The NN predictive of the full GGN is the farthest from the reference** (W₁ 1.66; sd 1.94 on the
   data, where the reference has 0.053), for the reason the sinusoid gave: in the directions the data
   leave to the prior, its sd of 1 moves the tanh units far from $w^*$.

 The cost is in the last column: the full $P$ keeps $k(k+1)/2$ numbers (496 here, $5 \cdot 10^{11}$ for a million
 weights), the diagonal $k$, KFAC two small symmetric factors per layer (125), the last layer's full $P$
 66. Each needs one backpropagation per data point for the Jacobian (KFAC: for the output's gradients
 at the pre-activations) and then a factorisation of what it keeps; on a network this small every fit
 takes milliseconds, so the chapter does not time them. At scale the full GGN is out of reach and the
 last-layer KFAC is laplace-torch's default.
 */

/*:
 ### GGN or Hessian

 At a minimum of the negative log posterior the Hessian is positive definite and either curvature
 will do; away from one, the residual term $-\sum_i r_i \nabla^2 f/\sigma^2$ can make it indefinite, and $\mathcal N(w^*, P^{-1})$ does not
 exist. The GGN plus the prior precision is positive definite everywhere. The smallest eigenvalue of
 $P$ at the MAP and after only 100 Adam steps (mean ± SE over the seeds):
 */
let eig = runs.map(\.smallestEigenvalues)
nb.table(["smallest eigenvalue of P (\(runs.count) seeds)", "GGN + I/s²", "Hessian + I/s²"],
         [["at the MAP (\(settings.mapSteps) steps)", pm(meanAndStandardError(eig.map(\.ggnAtMAP))), pm(meanAndStandardError(eig.map(\.hessianAtMAP)))],
          ["after \(settings.earlySteps) steps", pm(meanAndStandardError(eig.map(\.ggnEarly))), pm(meanAndStandardError(eig.map(\.hessianEarly)), 1)]])
nb.show("Hessian + I/s² positive definite at the MAP at \(eig.filter { $0.hessianAtMAP > 0 }.count) of \(runs.count) seeds: "
        + eig.map { String(format: "%.2f", $0.hessianAtMAP) }.joined(separator: ", "))
nb.show("Hessian Laplace after \(settings.earlySteps) steps refused at \(runs.filter { $0.earlyHessianError != nil }.count) of \(runs.count) seeds; seed \(settings.seed): "
        + (shown.earlyHessianError ?? "fitted"))

/*:
 After 100 steps the Hessian's $P$ is indefinite at every seed (smallest eigenvalue near −186) and the
 approximation is refused with the message above; the GGN's $P$ has smallest eigenvalue 1, the prior
 precision, at every seed, at both points. Even after 20,000 Adam steps at a constant rate 0.01 the
 Hessian's $P$ is indefinite at one of the five seeds: the weights an optimiser stops at need not be a
 minimum. The GGN does not need one.
 */

/*:
 ## Heteroscedastic noise: a mean and a variance head

 A single $\sigma$ cannot serve data whose noise changes with $x$, and laplace-torch's users ask for the
 network that predicts both (its issues 78, 153 and 267). Chapter 4's heteroscedastic member does:
 two outputs, $\mu(x)$ and $\sigma^2(x) = \mathrm{softplus}(o_2) + 10^{-6}$, trained on the Gaussian negative log-likelihood. Its
 GGN uses the Fisher information of $\mathcal N(\mu, \sigma^2)$ in $(\mu, \sigma^2)$, $\mathrm{diag}(1/\sigma^2,\, 1/(2\sigma^4))$:

 $$P = \sum_i \Big[\frac{J_\mu(x_i)^\top J_\mu(x_i)}{\sigma^2(x_i)} + \frac{J_{\sigma^2}(x_i)^\top J_{\sigma^2}(x_i)}{2\sigma^4(x_i)}\Big] + \frac{1}{s^2} I,$$

 and the GLM predictive has mean $\mu(x, w^*)$, epistemic variance $J_\mu(x) P^{-1} J_\mu(x)^\top$ and aleatoric $\sigma^2(x, w^*)$. On 200 points
 $x \sim U[0, 8]$ with $y = \sin x + \sigma(x)\varepsilon$, $\sigma(x) = 0.05 + 0.1x$, the same 1→50 tanh body with one output and a $\sigma$ tuned by the
 evidence, and with two heads (prior $\mathcal N(0, I)$, 10,000 Adam steps each), scored on 1,000 fresh points
 for seeds 1 to 5:

 @source Inference/Laplace/HeteroscedasticLaplace.swift: public init(network: MLP, inputs x: [Double], targets y: [Double], priorVariance s2: Double, mean w: [Double]) throws {
 */
let heteroscedasticRuns: [(data: RegressionData, scores: [LaplaceChapter.HeteroscedasticScore])]
do {
    let bar = nb.progress("heteroscedastic, \(settings.sweepSeeds) seeds", total: settings.sweepSeeds)
    heteroscedasticRuns = try LaplaceChapter.heteroscedasticSweep(settings) { bar.update($0) }
    bar.finish()
} catch {
    nb.fail("\(error)")
}
let hNames = heteroscedasticRuns[0].scores.map(\.name)
nb.table(["heteroscedastic toy (mean ± SE, \(heteroscedasticRuns.count) seeds)", "NLL per point", "inside ± 2 sd, x < 4", "inside ± 2 sd, x ≥ 4", "RMS error of the noise sd"],
         hNames.indices.map { i in
             let col = { (f: (LaplaceChapter.HeteroscedasticScore) -> Double) in meanAndStandardError(heteroscedasticRuns.map { f($0.scores[i]) }) }
             return [hNames[i], pm(col(\.negativeLogLikelihood)), pm(col(\.coverageLeft)), pm(col(\.coverageRight)), pm(col(\.noiseError))]
         })
let hGrid = LaplaceChapter.heteroscedasticGrid
nb.figure(Panels(heteroscedasticRuns[0].scores.enumerated().map { k, score in
    var f = Figure(title: score.name, xLabel: "x", yLabel: "y", xRange: -2...10, yRange: -4...6)
    let m = score.predictive, sd = m.total.map { $0.squareRoot() }
    f.add(.band(x: hGrid, lower: zip(m.mean, sd).map { $0 - 2 * $1 }, upper: zip(m.mean, sd).map { $0 + 2 * $1 }, title: "mean ± 2 sd", color: k == 0 ? .green : .blue))
    f.add(.line(x: hGrid, y: hGrid.map { Elementary.sin($0) - 2 * LaplaceChapter.heteroscedasticNoise($0) }, title: "sin x ± 2σ(x)", color: .black, width: 1.5, dashed: true))
    f.add(.line(x: hGrid, y: hGrid.map { Elementary.sin($0) + 2 * LaplaceChapter.heteroscedasticNoise($0) }, title: nil, color: .black, width: 1.5, dashed: true))
    f.add(.line(x: hGrid, y: m.mean, title: "predictive mean", color: k == 0 ? .green : .blue))
    f.add(.points(x: heteroscedasticRuns[0].data.inputs, y: heteroscedasticRuns[0].data.targets, title: "data", color: .vermillion, size: 0.5))
    return f
}, rows: 1, columns: 2, width: 1400, height: 500), name: "08-heteroscedastic",
          caption: "Seed \(settings.seed): noise sd growing from 0.05 to 0.85 on [0, 8]; full-GGN Laplace (GLM predictive) with one σ tuned by the evidence (left) and with a mean and a variance head (right); dashed: the truth ± 2 true noise sd.")

/*:
 One $\sigma$, however well tuned, is a compromise: its ±2 sd band holds 99.7% of the fresh points where the noise
 is small ($x < 4$) and 88.5% where it is large, and its noise sd is off by 0.25 (RMS). With the variance head the
 coverage is 93.6% and 94.7% on the two halves, the noise sd is off by 0.070, and the NLL per point drops
 from 0.77 to 0.47 (five seeds, each difference more than 3 standard errors). Laplace adds its epistemic
 part on top of a learned aleatoric one; the two are separate terms of its predictive.
 */

/*:
 ## What to remember

 * Laplace is a Gaussian at the MAP with the curvature as its precision. For a model linear in its
   weights with a Gaussian likelihood it is exact, and last-layer Laplace is Bayesian linear
   regression on the features the network learned.
 * Use the GGN: it is positive semi-definite everywhere and it is the curvature the linearised
   model's predictive is consistent with. With the Hessian as its precision the Gaussian
   exists only where the Hessian plus the prior precision is positive definite, e.g. at a minimum.
 * Predict with the GLM (linearised) predictive. Sampling the network at weights drawn from the
   same Gaussian leaves the regime where the Gaussian was built.
 * The Laplace evidence, a by-product of the fit, tunes the prior variance and the noise: after
   training, or during it.

 ## Exercises

 In `Sources/Exercises/Lecture08.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 8.1 — the effective number of parameters.** Implement `exercise8_1_effectiveParameters`:
    $\gamma = \sum_i \beta e_i/(\beta e_i + \lambda)$ from the curvature's eigenvalues $e_i$, $\lambda = 1/s^2$ and $\beta = 1/\sigma^2$.
 2. **Exercise 8.2 — the diagonal GLM predictive.** Implement `exercise8_2_diagonalGLMVariance`: the
    variance $\sum_j J_j(x)^2/P_{jj} + \sigma^2$ of the linearised predictive when $P$ is diagonal.
 3. **Exercise 8.3 — MacKay's fixed point.** Implement `exercise8_3_macKayStep`: one update
    $s^2 \leftarrow \lVert w^*\rVert^2/\gamma$, $\sigma^2 \leftarrow \lVert y - f^*\rVert^2/(n - \gamma)$.
 4. **Exercise 8.4 — an experiment: how many points does the evidence need to find σ?** Implement
    `exercise8_4_tunedNoise`: train the sinusoid's MAP on $n$ points, fit the full-GGN Laplace, tune
    $s^2$ and $\sigma$ by the evidence, and return the tuned $\sigma$ with the naive estimate, the MAP's RMS residual.
    Predict first: with 15 points and 151 weights, will the tuned $\sigma$ be far from the true 0.3, and the naive
    one? The test grades what you measure (within 15% of 0.3 with 150 points and with 15; with 15 the naive
    estimate below 0.9 of the tuned one, with 150 above 0.95 of it); then explain it with $\gamma$.
 */
