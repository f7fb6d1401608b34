/*:
 # Lecture 2 — Metropolis–Hastings: exact in the limit, slow in practice

 Markov chain Monte Carlo is the gold standard of Bayesian inference: run a Markov chain whose
 stationary distribution is the posterior, and averages over the chain converge to posterior
 expectations — asymptotically exactly. This chapter shows both halves of that sentence. The
 chain converges to the exact posterior of Lecture 1's linear model; and on the weights of even
 a tiny neural network it crawls.

 ```
 swift run -c release metropolis-hastings            # full run
 swift run -c release metropolis-hastings --help     # options (--chains, --steps, …)
 ```
 */
import ArgumentParser
import Autodiff
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
    static let configuration = CommandConfiguration(commandName: "metropolis-hastings", abstract: "Lecture 2: Metropolis–Hastings, from a 2-D target to a Bayesian neural network.")
    @OptionGroup var common: LectureOptions
    @Option(help: "Independent chains, run in parallel on all cores (default \(MetropolisHastingsChapter.Settings.standard().chains)).") var chains: Int?
    @Option(help: "Recorded steps per chain for the Bayesian MLP (default \(MetropolisHastingsChapter.Settings.standard().steps); --quick: \(MetropolisHastingsChapter.Settings.quick().steps)).") var steps: Int?
    @Option(help: "Hidden units of the Bayesian MLP (default \(MetropolisHastingsChapter.Settings.standard().hidden)).") var hidden: Int?

    /// The chapter's settings: standard or quick, then the options given.
    var settings: MetropolisHastingsChapter.Settings {
        MetropolisHastingsChapter.Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.chains, chains).with(\.steps, steps).with(\.hidden, hidden)
    }

    mutating func validate() throws {
        let s = settings
        guard (1...64).contains(s.chains) else { throw ValidationError("--chains must be between 1 and 64, got \(s.chains)") }
        guard (100...5_000_000).contains(s.steps) else { throw ValidationError("--steps must be between 100 and 5,000,000, got \(s.steps)") }
        guard (1...200).contains(s.hidden) else { throw ValidationError("--hidden must be between 1 and 200, got \(s.hidden)") }
    }
}

let options = Options.parseOrExitWithOneLine()
let settings = options.settings
let nb = Notebook(options.common)

/*:
 ## The algorithm

 The slides' set-up ("Metropolis Hastings algorithm"): the posterior is known only up to its
 normalising constant, $p(\omega \mid \mathcal D) \propto p(\mathcal D \mid \omega)\,p(\omega)$. Start from
 $\omega^0$ (the slides draw it from the prior $p(\omega)$; the chains on the Bayesian MLP below do
 too), and at every step propose $\omega' \sim \pi(\omega' \mid \omega)$ and accept it with probability

 $$\alpha(\omega, \omega') = \min\left(1,\; \frac{p(\mathcal D \mid \omega')\, p(\omega')\, \pi(\omega \mid \omega')}{p(\mathcal D \mid \omega)\, p(\omega)\, \pi(\omega' \mid \omega)}\right),$$

 otherwise stay at $\omega$ (and count it again). Only a ratio of posterior densities enters, so
 the evidence $p(\mathcal D)$ is never needed. The ratio $\pi(\omega\mid\omega')/\pi(\omega'\mid\omega)$ is the
 *Hastings correction*; for a symmetric proposal such as the random walk $\omega' = \omega + s z$,
 $z \sim \mathcal N(0, I)$, it is 1 (Metropolis' original algorithm). The acceptance rule makes
 the chain satisfy *detailed balance*, $p(\omega\mid\mathcal D)\, P(\omega \to \omega') = p(\omega'\mid\mathcal D)\, P(\omega' \to \omega)$,
 so the posterior is stationary; the test suite checks this to machine precision on a small
 discrete space. (The library's samplers take any log density $\ln\pi(x)$ up to a constant;
 below, the first targets are plain Gaussians.)

 > **Note on the slide.** The slide writes the ratio upside down: current state over proposal,
 > $p(\mathcal D\mid\omega)p(\omega)\pi(\omega'\mid\omega) \,/\, p(\mathcal D\mid\omega')p(\omega')\pi(\omega\mid\omega')$. That rule
 > prefers moves *down* the posterior. With a symmetric proposal it is exactly Metropolis for the
 > target $1/p(\omega\mid\mathcal D)$: it samples that when it can be normalised, and runs off to
 > infinity when it cannot, as for any posterior with Gaussian tails. Both, computed: the exact
 > stationary distribution of each rule on three states, and 10,000 steps of each on $\mathcal N(0, 1)$.

 @source Inference/Sampling/MetropolisHastings.swift: public func sample(_ logDensity: LogDensity

 @source Inference/Sampling/MetropolisHastings.swift: public func metropolisHastingsAcceptance(
 */
let rules = MetropolisHastingsChapter.acceptanceRules(settings)
let formatted = { (p: [Double]) in p.map { String(format: "%.3f", $0) }.joined(separator: "  ") }
nb.table(["acceptance ratio", "stationary distribution of the chain"], [
    ["target p", formatted(rules.target)],
    ["proposal over current (right)", formatted(rules.right)],
    ["current over proposal (slide)", formatted(rules.slide)],
])
do {
    // The slide's rule on N(0, 1) is Metropolis on ln(1/p) = −ln p.
    let runaway = try MetropolisHastingsChapter.runaway(settings)
    nb.show(String(format: "largest |ω| in 10,000 steps on N(0, 1): right ratio %.1f, slide's ratio %.0f", runaway.right, runaway.slide))
} catch {
    nb.fail("\(error)")
}

/*:
 Below, Bishop's PRML Fig. 11.9 redrawn: a correlated Gaussian ($\rho = 0.9$), an isotropic
 random walk with $s = 0.2$, 150 proposals. Accepted steps in blue, rejected proposals in red.
 */
let gaussian2D = MetropolisHastingsChapter.gaussian2D(settings)
let picture: MetropolisHastingsChapter.Picture
do {
    picture = try MetropolisHastingsChapter.picture(settings)
} catch {
    nb.fail("\(error)")
}
let pictureSteps = picture.steps
nb.show("\(pictureSteps.count) proposals: \(pictureSteps.count - picture.rejected) accepted, \(picture.rejected) rejected")

let axis2D = linspace(-3, 3, count: 121)
var walk = Figure(title: "Metropolis on a correlated Gaussian (ρ = 0.9), proposal sd 0.2", xLabel: "x1", yLabel: "x2", xRange: -2.5...2.5, yRange: -2.5...2.5)
walk.equalAxes = true
walk.legend = .topLeft
let density2D = axis2D.map { y in axis2D.map { x in gaussian2D([x, y]) } }
// Contours of the target at 1, 2 and 3 standard deviations: ln π = −k²/2.
walk.add(.contours(x: axis2D, y: axis2D, values: density2D, levels: [-0.5, -2, -4.5], title: "target: 1, 2, 3 sd", color: .gray, width: 1))
var acceptedX = [Double](), acceptedY = [Double](), rejectedX = [Double](), rejectedY = [Double]()
for s in pictureSteps {
    if s.accepted {
        acceptedX += [s.from[0], s.proposal[0], .nan]; acceptedY += [s.from[1], s.proposal[1], .nan]
    } else {
        rejectedX += [s.from[0], s.proposal[0], .nan]; rejectedY += [s.from[1], s.proposal[1], .nan]
    }
}
walk.add(.line(x: rejectedX, y: rejectedY, title: "rejected proposals", color: .vermillion, width: 1.5))
walk.add(.line(x: acceptedX, y: acceptedY, title: "accepted steps", color: .blue, width: 2))
walk.add(.points(x: [pictureSteps[0].from[0]], y: [pictureSteps[0].from[1]], title: "start", color: .black, size: 1.5, shape: .disc))
nb.figure(walk, name: "02-mh-2d-gaussian", caption: "Metropolis–Hastings on a correlated 2-D Gaussian (after PRML Fig. 11.9): accepted steps in blue, rejected proposals in red.", width: 700, height: 650)

/*:
 ## The proposal scale: too small crawls, too large stalls

 Small steps are almost always accepted but go nowhere; large steps jump far but are almost
 always rejected. The currency that matters is the *effective sample size* (ESS): the number of
 independent draws the correlated chain is worth for estimating a mean,
 $\mathrm{ESS} = N / (1 + 2\sum_{t\ge1}\rho_t)$ with $\rho_t$ the autocorrelation at lag $t$
 (estimated with Geyer's initial monotone sequence, as in Vehtari et al. 2021).

 We use a proposal shaped like the target, $x' = x + s L z$ with $LL^\top = \Sigma$, so that the
 classical theory applies: for a $d$-dimensional Gaussian, Roberts, Gelman & Gilks (1997) show
 the best scale is $s \approx 2.38/\sqrt d$, accepting about 23.4% of proposals *as $d \to \infty$*.
 In $d = 2$ the optimum accepts more (see the table: here the best scale accepts 38%): the
 rule of thumb is an asymptote.
 */
let scaleStudy: MetropolisHastingsChapter.ScaleStudy
do {
    scaleStudy = try MetropolisHastingsChapter.scaleStudy(settings, after: picture)
} catch {
    nb.fail("\(error)")
}
let (scales, best) = (scaleStudy.scales, scaleStudy.best)
nb.table(["scale s", "acceptance", "min ESS per step"], [0, 6, 10, 13, 16, 20, 24].map { i in
    [String(format: "%.3f", scales[i]), String(format: "%.3f", scaleStudy.acceptance[i]), String(format: "%.4f", scaleStudy.essPerStep[i])]
})
nb.show(String(format: "best ESS per step at s = %.2f (acceptance %.2f); rule of thumb 2.38/√2 = %.2f", scales[best], scaleStudy.acceptance[best], 2.38 / 2.0.squareRoot()))

var acceptancePanel = Figure(title: "Acceptance rate", xLabel: "proposal scale s", yLabel: "fraction accepted", yRange: 0...1)
acceptancePanel.logX = true
acceptancePanel.legend = .bottomLeft
acceptancePanel.add(.line(x: scales, y: scaleStudy.acceptance, title: "measured", color: .blue))
acceptancePanel.add(.points(x: scales, y: scaleStudy.acceptance, color: .blue))
acceptancePanel.add(.line(x: [scales.first!, scales.last!], y: [0.234, 0.234], title: "0.234", color: .gray, dashed: true))
acceptancePanel.markVertical(at: 2.38 / 2.0.squareRoot(), label: "2.38/√d")
var essPanel = Figure(title: "Effective samples per step", xLabel: "proposal scale s", yLabel: "min ESS / N")
essPanel.logX = true
essPanel.legend = .topLeft
essPanel.add(.line(x: scales, y: scaleStudy.essPerStep, title: "measured", color: .vermillion))
essPanel.add(.points(x: scales, y: scaleStudy.essPerStep, color: .vermillion))
essPanel.markVertical(at: 2.38 / 2.0.squareRoot(), label: "2.38/√d")
nb.figure(Panels([acceptancePanel, essPanel], rows: 1, columns: 2, width: 1100, height: 450), name: "02-proposal-scale",
          caption: "The proposal-scale trade-off on the 2-D Gaussian: the acceptance rate falls as the scale grows; effective samples per step peak in between, near the 2.38/√d rule.")

/*:
 ## Exactness: the posterior of Lecture 1, recovered

 Lecture 1's straight-line model ($y = w_0 + w_1 x$, noise sd 0.2, prior precision 2, 20
 points) has the exact Gaussian posterior $\mathcal N(m_N, S_N)$. Run MH on
 $\ln p(w\mid\mathcal D) = -\frac\beta2\lVert y - \Phi w\rVert^2 - \frac\alpha2\lVert w\rVert^2 + c$
 — the sampler never sees $m_N$ or $S_N$ — with independent chains on all cores, and compare.
 The Monte Carlo standard error of a mean is $\mathrm{sd}/\sqrt{\mathrm{ESS}}$.
 */
let line: MetropolisHastingsChapter.LineModel
do {
    line = try await MetropolisHastingsChapter.lineModel(settings, after: scaleStudy)
} catch {
    nb.fail("\(error)")
}
let exact = line.exact
let lineRows = (0..<2).map { j -> [String] in
    let w = line.summary(j)
    return ["w\(j)", String(format: "%+.4f", exact.posteriorMean[j]), String(format: "%+.4f", w.mean),
            String(format: "%.4f", w.mcse), String(format: "%.1f", abs(w.mean - exact.posteriorMean[j]) / w.mcse),
            String(format: "%.4f", exact.posteriorCovariance[j, j].squareRoot()), String(format: "%.4f", w.standardDeviation),
            String(format: "%.0f", w.ess), String(format: "%.4f", w.rHat)]
}
nb.table(["", "exact mean", "MH mean", "MCSE", "|error|/MCSE", "exact sd", "MH sd", "ESS", "split-R̂"], lineRows)
let pooledLine = line.pooled
nb.show(String(format: "posterior correlation of (w0, w1): exact %+.4f, MH %+.4f; acceptance %.2f", line.exactCorrelation, line.correlation, line.chains[0].acceptanceRate))

let m = exact.posteriorMean
let sd0 = exact.posteriorCovariance[0, 0].squareRoot(), sd1 = exact.posteriorCovariance[1, 1].squareRoot()
let wAxis0 = linspace(m[0] - 4 * sd0, m[0] + 4 * sd0, count: 101), wAxis1 = linspace(m[1] - 4 * sd1, m[1] + 4 * sd1, count: 101)
let exactLogDensity = wAxis1.map { b in wAxis0.map { a in (try? multivariateNormalLogDensity([a, b], mean: m, covariance: exact.posteriorCovariance)) ?? -.infinity } }
let peak = (try? multivariateNormalLogDensity(m, mean: m, covariance: exact.posteriorCovariance)) ?? 0
var exactness = Figure(title: "MH draws against the exact posterior", xLabel: "w0 (intercept)", yLabel: "w1 (slope)")
exactness.legend = .topRight
let thinned = stride(from: 0, to: pooledLine.count, by: max(1, pooledLine.count / 1500)).map { pooledLine.draw($0) }
exactness.add(.points(x: thinned.map { $0[0] }, y: thinned.map { $0[1] }, title: "MH draws (thinned)", color: .skyBlue, size: 0.5))
exactness.add(.contours(x: wAxis0, y: wAxis1, values: exactLogDensity, levels: [1, 2, 3].map { peak - $0 * $0 / 2 }, title: "exact posterior: 1, 2, 3 sd", color: .black, width: 1.5))
nb.figure(exactness, name: "02-exactness", caption: "Metropolis–Hastings draws of the straight-line posterior of Lecture 1 over the exact posterior's 1, 2 and 3 sd contours.", width: 750, height: 600)

/*:
 ## The Hastings correction matters

 Sample a *positive* parameter: the noise sd $\sigma$ of $y_i \sim \mathcal N(0, \sigma^2)$, five
 points drawn with $\sigma = 0.5$ (few, so that the posterior is wide), prior $\sigma^2 \sim \text{Inv-Gamma}(2, 0.5)$. The posterior is
 conjugate, $\sigma^2 \mid y \sim \text{Inv-Gamma}(2 + n/2,\; 0.5 + \tfrac12\sum y_i^2)$, so
 $\mathbb E[\sigma \mid y] = \sqrt{b'}\,\Gamma(a' - \tfrac12)/\Gamma(a')$ is exact.

 A natural proposal keeps $\sigma$ positive: $\sigma' = \sigma e^{s z}$, a log-normal step. It
 is *not* symmetric: $q(\sigma\mid\sigma')/q(\sigma'\mid\sigma) = \sigma'/\sigma$. Leave that factor
 out and the chain is still a valid Markov chain — for the wrong target, $\pi(\sigma)/\sigma$,
 biased toward small $\sigma$.
 */
let noiseScale: MetropolisHastingsChapter.NoiseScale
do {
    noiseScale = try await MetropolisHastingsChapter.noiseScale(settings, after: line)
} catch {
    nb.fail("\(error)")
}
let exactSigmaMean = noiseScale.exactMean
let sigmaRows = [(true, noiseScale.corrected, noiseScale.correctedMCSE), (false, noiseScale.uncorrected, noiseScale.uncorrectedMCSE)].map { corrected, pooled, mcse in
    [corrected ? "with correction" : "without", String(format: "%.5f", exactSigmaMean), String(format: "%.5f", mean(pooled)),
     String(format: "%.5f", mcse), String(format: "%.1f", (mean(pooled) - exactSigmaMean) / mcse)]
}
nb.table(["chain", "exact E[σ|y]", "MH mean", "MCSE", "(MH − exact)/MCSE"], sigmaRows)

let sigmaAxis = linspace(0.05, 1.6, count: 400)
/// A density on `sigmaAxis` normalised numerically.
func normalised(_ logDensity: (Double) -> Double) -> [Double] {
    let raw = sigmaAxis.map { Elementary.exp(logDensity($0) - logDensity(exactSigmaMean)) }
    let area = raw.reduce(0, +) * (sigmaAxis[1] - sigmaAxis[0])
    return raw.map { $0 / area }
}
let exactDensity = normalised { noiseScale.logPosterior($0) }
var hastings = Figure(title: "Sampling σ > 0 with a log-normal proposal", xLabel: "σ", yLabel: "posterior density",
                      xRange: 0.05...1.6, yRange: 0...(1.45 * exactDensity.max()!))
hastings.legend = .topRight
hastings.add(.histogram(noiseScale.corrected, bins: 80, range: 0.05...1.6, title: "MH with the Hastings correction", color: .blue))
hastings.add(.histogram(noiseScale.uncorrected, bins: 80, range: 0.05...1.6, title: "MH without it", color: .vermillion))
hastings.add(.line(x: sigmaAxis, y: exactDensity, title: "exact posterior p(σ | y)", color: .black))
hastings.add(.line(x: sigmaAxis, y: normalised { noiseScale.logPosterior($0) - Elementary.log($0) }, title: "what the uncorrected chain samples: p(σ | y)/σ", color: .vermillion, dashed: true))
nb.figure(hastings, name: "02-hastings-correction", caption: "With the Hastings correction the log-normal proposal samples the exact posterior of σ; without it the chain samples p(σ|y)/σ and is biased toward small σ.")

/*:
 ## The honest limit: a Bayesian neural network

 Now the running example of Lecture 1 with a Bayesian MLP, 1→10→1 with tanh (31 weights),
 prior $w \sim \mathcal N(0, I)$, known noise sd 0.05:

 $$\ln p(w\mid\mathcal D) = -\frac{1}{2\cdot 0.05^2}\sum_i \big(y_i - f_w(x_i)\big)^2 - \frac12\lVert w\rVert^2 + c.$$

 Each chain starts from its own prior draw, adapts a random-walk scale during a warm-up of 20%
 of its length (toward 23.4% acceptance), then records every 10th state. Split-$\hat R$ compares
 the chains: values above 1.01 mean they have not yet agreed on the distribution they sample.
 */
let bnnRun: MetropolisHastingsChapter.NetworkRun
do {
    bnnRun = try await nb.timed("MH on the Bayesian MLP (\(settings.chains) chains × \(settings.steps + settings.steps / settings.networkWarmupDivisor) steps)") {
        try await MetropolisHastingsChapter.bayesianMLP(settings, after: noiseScale)
    }
} catch {
    nb.fail("\(error)")
}
let (bnnData, bnn, bnnChains) = (bnnRun.data, bnnRun.network, bnnRun.chains)
nb.show("weights: \(bnn.parameterCount); log-posterior evaluations: \(bnnChains.map(\.evaluations).reduce(0, +)); acceptance per chain: "
        + bnnChains.map { String(format: "%.2f", $0.acceptanceRate) }.joined(separator: " "))

// Predictions of recorded draws of every chain, and whether the chains agree.
let bnnPredictive = MetropolisHastingsChapter.predictive(settings, run: bnnRun)
let (bnnGrid, chainPredictions, bnnMoments) = (bnnPredictive.grid, bnnPredictive.chainPredictions, bnnPredictive.moments)
let rhatRows = bnnPredictive.diagnostics.map { d in
    [d.weight.map { "weight \($0)" } ?? "f(0), the prediction in the gap", String(format: "%.3f", d.rHat), String(format: "%.0f", d.ess)]
}
nb.table(["quantity (second half of each chain)", "split-R̂", "ESS"], rhatRows)

var bnnFigure = Figure(title: "Posterior predictive of a 1→\(settings.hidden)→1 MLP by Metropolis–Hastings", xLabel: "x", yLabel: "y", xRange: -1.5...1.5, yRange: -2...2)
let bnnSD = bnnMoments.total.map { $0.squareRoot() }
bnnFigure.add(.band(x: bnnGrid, lower: zip(bnnMoments.mean, bnnSD).map { $0 - 2 * $1 }, upper: zip(bnnMoments.mean, bnnSD).map { $0 + 2 * $1 },
                    title: "pooled chains: mean ± 2 sd", color: .blue))
for (k, predictions) in chainPredictions.enumerated() {
    let chainMean = (0..<bnnGrid.count).map { i in predictions.reduce(0) { $0 + $1[i] } / Double(predictions.count) }
    bnnFigure.add(.line(x: bnnGrid, y: chainMean, title: k == 0 ? "mean of each chain" : nil, color: Color.cycle[(k + 1) % 7], width: 1.5))
}
bnnFigure.add(.line(x: bnnGrid, y: bnnGrid.map(RunningExample.truth), title: "truth", color: .black, width: 1.5, dashed: true))
bnnFigure.add(.points(x: bnnData.inputs, y: bnnData.targets, title: "data", color: .vermillion, size: 0.6))
var tracePanels = [Figure]()
for j in [0, 1, bnn.parameterCount - 1] {
    var trace = Figure(title: j == bnn.parameterCount - 1 ? "trace of the output bias" : "trace of weight \(j)", xLabel: "recorded draw", yLabel: "value")
    trace.legend = .hidden
    for (k, chain) in bnnChains.enumerated() {
        let values = chain.coordinate(j)
        trace.add(.line(x: values.indices.map(Double.init), y: values, color: Color.cycle[(k + 1) % 7], width: 1))
    }
    tracePanels.append(trace)
}
nb.figure(Panels([bnnFigure] + tracePanels, rows: 2, columns: 2, width: 1200, height: 900), name: "02-bayesian-mlp",
          caption: "Metropolis–Hastings on a Bayesian 1→10→1 MLP: the pooled predictive band, each chain's mean, and the traces of three parameters (one colour per chain).")

/*:
 The run reports its wall time on standard error (on the 2-core machine this course is developed
 on, about 2 s for the million log-posterior evaluations above, four chains on two cores, i.e.
 about 4 µs per step on one core — each step is a full forward pass over the 40 points).

 The chains do not agree: each sits in its own region of weight space (the traces barely mix
 and split-$\hat R$ is far above 1.01), so the "posterior predictive" above is mostly a record
 of where the chains started. Part of this is the posterior itself — permuting the hidden units
 or flipping the signs of a unit's weights gives the same function, so the posterior has
 $10!\cdot 2^{10}$ equivalent modes — but even within one mode a random walk in 31 correlated
 dimensions moves by tiny steps.

 What goes wrong as the network grows: the scale that keeps the acceptance rate sensible
 shrinks like $1/\sqrt d$ (and faster for badly conditioned posteriors), so the distance
 covered per step shrinks, the number of steps to cross the posterior grows like $d$, and
 every step costs a full pass over the data. Below, the same run for growing widths.
 */
let growth: [MetropolisHastingsChapter.WidthRow]
do {
    growth = try await MetropolisHastingsChapter.widthStudy(settings, data: bnnData)
} catch {
    nb.fail("\(error)")
}
let growthRows = growth.map { r in
    ["\(r.width)", "\(r.weights)", String(format: "%.2f", r.acceptance), String(format: "%.4f", r.scale),
     String(format: "%.0f", r.minimumESS), String(format: "%.2f", r.maximumRHat)]
}
nb.table(["hidden units", "weights d", "acceptance", "tuned scale s", "min ESS over weights", "max split-R̂"], growthRows)

/*:
 ## What to remember

 * Metropolis–Hastings needs only the unnormalised log density and is exact in the limit: on the
   conjugate model its means land within a few Monte Carlo standard errors of the truth.
 * The proposal's asymmetry must be corrected for, or the chain samples the wrong distribution.
 * The acceptance ratio is proposal over current state; the slide's, upside down, samples $1/p$
   (on three states, 0.484, 0.323, 0.194 instead of 0.2, 0.3, 0.5) or runs away ($|\omega|$ reached
   3961 on $\mathcal N(0, 1)$ in 10,000 steps).
 * Tune for effective samples per second, not for acceptance; $2.38/\sqrt d$ and 23.4% are the
   high-dimensional guides.
 * On neural-network weights a random walk is hopeless: chains that disagree (split-$\hat R \gg 1$)
   are the symptom. Lecture 3 uses the gradient of the log posterior to move further per step.
 * The slide's verdict on Metropolis–Hastings — it converges to the true posterior, slowly, and
   is inefficient for large data sets — is what this chapter measured: exact on the conjugate
   model, stuck on the network; and every step evaluates the likelihood of all the data, which
   Lecture 3's SGLD replaces by a mini-batch.

 ## Exercises

 In `Sources/Exercises/Lecture02.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 2.1 — asymmetric acceptance.** Implement `exercise2_1_acceptanceProbability` for
    a log-normal proposal on a positive scalar, including the Hastings correction $\sigma'/\sigma$.
 2. **Exercise 2.2 — ESS from autocorrelations.** Implement `exercise2_2_effectiveSampleSize`:
    $N/(1 + 2\sum_t \rho_t)$ summed in pairs while the pair sums stay positive (Geyer). The test
    uses an AR(1) chain, whose ESS is $N(1-\rho)/(1+\rho)$.
 3. **Exercise 2.3 — tune the scale.** Implement `exercise2_3_tuneScale`: find the random-walk
    scale at which the 1-D standard normal target accepts a given fraction of proposals (the
    acceptance rate falls monotonically with the scale, so bisect on $\ln s$).
 */
