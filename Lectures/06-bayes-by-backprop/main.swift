/*:
 # Lecture 6 — Variational inference and Bayes-by-Backprop

 Sampling draws from the posterior; variational inference *fits* a simple distribution $q(\omega)$
 to it, by optimisation, which scales like training. This chapter follows the slides' section on
 variational inference: the evidence lower bound (ELBO), first where everything is exact, then
 Bayes-by-Backprop (Blundell et al. 2015) on neural networks: the reparameterisation, the
 scale-mixture prior, how to weight the KL term on mini-batches, the band beside the NUTS
 reference, and pruning by signal-to-noise ratio.

 ```
 swift run -c release bayes-by-backprop            # full run, figures into figures/
 swift run -c release bayes-by-backprop --help     # options
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
    static let configuration = CommandConfiguration(commandName: "bayes-by-backprop", abstract: "Lecture 6: variational inference and Bayes-by-Backprop.")
    @OptionGroup var common: LectureOptions
    @Option(help: "Epochs of Bayes-by-Backprop training (default \(BayesByBackpropChapter.Settings.standard().epochs); --quick: \(BayesByBackpropChapter.Settings.quick().epochs)).") var epochs: Int?
    @Option(help: "Mini-batch size (default \(BayesByBackpropChapter.Settings.standard().batchSize)).") var batchSize: Int?
    @Option(help: "Weight draws for every predictive (default \(BayesByBackpropChapter.Settings.standard().samples); --quick: \(BayesByBackpropChapter.Settings.quick().samples)).") var samples: Int?
    @Option(help: "π of the scale-mixture prior (default \(BayesByBackpropChapter.Settings.standard().mixtureWeight)).") var mixtureWeight: Double?
    @Option(help: "σ₁ of the scale-mixture prior, the wide component (default \(BayesByBackpropChapter.Settings.standard().sigma1)).") var sigma1: Double?
    @Option(help: "σ₂ of the scale-mixture prior, the narrow component (default \(BayesByBackpropChapter.Settings.standard().sigma2)).") var sigma2: Double?

    /// The chapter's settings: standard or quick, then the options given.
    var settings: BayesByBackpropChapter.Settings {
        BayesByBackpropChapter.Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.epochs, epochs).with(\.batchSize, batchSize).with(\.samples, samples)
            .with(\.mixtureWeight, mixtureWeight).with(\.sigma1, sigma1).with(\.sigma2, sigma2)
    }

    mutating func validate() throws {
        let s = settings
        guard (1...100_000).contains(s.epochs) else { throw ValidationError("--epochs must be between 1 and 100,000, got \(s.epochs)") }
        guard (1...1000).contains(s.batchSize) else { throw ValidationError("--batch-size must be between 1 and 1,000, got \(s.batchSize)") }
        guard (2...100_000).contains(s.samples) else { throw ValidationError("--samples must be between 2 and 100,000, got \(s.samples)") }
        do {
            try WeightPrior.scaleMixture(pi: s.mixtureWeight, sigma1: s.sigma1, sigma2: s.sigma2).validate()
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

let options = Options.parseOrExitWithOneLine()
let settings = options.settings
let nb = Notebook(options.common)

/*:
 ## The evidence lower bound

 For any distribution $q(\omega)$ over the weights, the slides' derivation: write the KL from $q$ to
 the posterior with $p(\omega \mid \mathcal D) = p(\mathcal D, \omega)/p(\mathcal D)$,

 $$\mathrm{KL}\big[q(\omega) \,\|\, p(\omega \mid \mathcal D)\big] = \log p(\mathcal D) - \mathbb E_q\big[\log p(\mathcal D, \omega) - \log q(\omega)\big] \;\ge\; 0,$$

 so, since a KL is never negative,

 $$\log p(\mathcal D) \;\ge\; \mathbb E_{q}\big[\log p(\mathcal D \mid \omega)\big] - \mathrm{KL}\big[q(\omega) \,\|\, p(\omega)\big] \;=\; \mathrm{ELBO}(q),$$

 and the gap is exactly $\log p(\mathcal D) - \mathrm{ELBO}(q) = \mathrm{KL}\big[q(\omega) \,\|\, p(\omega \mid \mathcal D)\big]$: maximising the
 ELBO over $q$ is fitting $q$ to the posterior. (The other usual route, by Jensen's inequality for
 the concave logarithm: $\log p(\mathcal D) = \log \mathbb E_q\big[p(\mathcal D, \omega)/q(\omega)\big] \ge \mathbb E_q\big[\log p(\mathcal D, \omega) - \log q(\omega)\big]$,
 the same bound, without naming the gap.) The first term rewards fitting the data, the
 second keeps $q$ close to the prior.

 Where everything is exact: Lecture 1's Bayesian linear regression (the running example, 25
 Gaussian bumps, prior precision $\alpha = 1$, noise sd 0.05). For a Gaussian $q = \mathcal N(m, LL^\top)$ the ELBO
 has a closed form (`linearRegressionELBO`). Adam on $(m, L)$ (learning rate decaying from 0.01 to
 $10^{-4}$), once with a full lower-triangular $L$ and once with a diagonal one (mean-field):
 */
let elbo: BayesByBackpropChapter.ELBOCurves
do {
    elbo = try BayesByBackpropChapter.elboCurves(settings)
} catch {
    nb.fail("\(error)")
}
let elboCurves = [("full-covariance q", elbo.fullCovariance), ("mean-field q", elbo.meanField)]
let elboSteps = settings.elboSteps
nb.table(["", "ELBO after \(elboSteps) steps", "log evidence − ELBO = KL[q ‖ posterior]"],
         elboCurves.map { [$0.0, String(format: "%.3f", $0.1.last!), String(format: "%.3f", elbo.logEvidence - $0.1.last!)] }
         + [["exact log evidence", String(format: "%.3f", elbo.logEvidence), "0"]])
var elboFigure = Figure(title: "ELBO of a Gaussian q, Bayesian linear regression", xLabel: "Adam step", yLabel: "ELBO",
                        yRange: (elbo.logEvidence - 150)...(elbo.logEvidence + 20))
elboFigure.logX = true
elboFigure.legend = .bottomRight
let steps = (1...elboSteps).map(Double.init)
for (k, (name, curve)) in elboCurves.enumerated() { elboFigure.add(.line(x: steps, y: curve, title: name, color: Color.cycle[k + 2])) }
elboFigure.add(.line(x: [1, Double(elboSteps)], y: [elbo.logEvidence, elbo.logEvidence], title: "exact log evidence log p(D)", color: .black, dashed: true))
nb.figure(elboFigure, name: "06-elbo", caption: "The ELBO climbs to the exact log evidence with a full-covariance q; a mean-field q stops below it, by KL[q ‖ posterior].")

/*:
 The full-covariance $q$ climbs to within 0.43 nats of the exact log evidence in 4,000 steps (the
 tests check that at the posterior itself the ELBO *is* the log evidence, to $10^{-8}$). The
 mean-field $q$ stops 44 nats below: the posterior of the bump weights is correlated
 (neighbouring bumps overlap), no factorised $q$ can match it, and what remains is the KL from
 the best mean-field $q$ to the posterior. Bayes-by-Backprop is mean-field.

 ## Bayes-by-Backprop

 Blundell et al.'s $q$ is a Gaussian per weight, $q(\omega) = \prod_j \mathcal N(\mu_j, \sigma_j^2)$ with
 $\sigma_j = \operatorname{softplus}(\rho_j)$ (here plus $10^{-8}$, so that it never reaches 0). The expectation in
 the ELBO is estimated with one draw per step by the *reparameterisation* $\omega = \mu + \sigma \odot \varepsilon$,
 $\varepsilon \sim \mathcal N(0, I)$, which makes the draw a differentiable function of $(\mu, \rho)$: the autodiff
 core backpropagates through it. The prior is their scale mixture
 $\pi\,\mathcal N(0, \sigma_1^2) + (1 - \pi)\,\mathcal N(0, \sigma_2^2)$ (here $\pi = 0.5$, $\sigma_1 = 1$,
 $\sigma_2 = 0.05$; Blundell et al. searched $-\ln\sigma_1 \in \{0, 1, 2\}$ and $-\ln\sigma_2 \in \{6, 7, 8\}$, so our
 narrow component is wider than theirs), with no closed-form KL, so the KL is estimated
 with the same draw: $\log q(\omega) - \log p(\omega)$ (the tests check that it is unbiased).

 On mini-batches the objective of batch $i$ of $M$ is $\pi_i\,\mathrm{KL} - \log p(\mathcal D_i \mid \omega)$ with
 $\sum_i \pi_i = 1$, so that one epoch adds up to the negative ELBO: uniformly $\pi_i = 1/M$, or
 Blundell's $\pi_i = 2^{M-i}/(2^M - 1)$, which puts the prior first and the data last.

 Their regression toy (Fig. 5): $y = x + 0.3\sin(2\pi(x + \varepsilon)) + 0.3\sin(4\pi(x + \varepsilon)) + \varepsilon$,
 $\varepsilon \sim \mathcal N(0, 0.02^2)$, 100 inputs on $[0, 0.5]$; a network 1→50→50→1 (ReLU), Adam
 (learning rate 0.01), batches of 10; beside it the same network trained on the squared error.

 @source Inference/Variational/BayesByBackprop.swift: public func negativeELBOTerms(
 */
let toy = BayesByBackpropChapter.toyData(settings)
let (toyX, toyY) = (toy.inputs, toy.targets)
let toyGrid = BayesByBackpropChapter.toyGrid(settings)
let toyFit: BayesByBackpropChapter.ToyFit
do {
    toyFit = try nb.timed("Bayes-by-Backprop on the toy, two KL weightings") { try BayesByBackpropChapter.toyFit(settings, toy: toy) }
} catch {
    nb.fail("\(error)")
}
let toyNet = toyFit.model.network
let toyBand = BayesByBackpropChapter.toyBand(settings, fit: toyFit)
var toyFigures = [Figure]()
var plainFigure = Figure(title: "Plain network (squared error)", xLabel: "x", yLabel: "y", xRange: -0.2...1.2, yRange: -1...2)
var bbbFigure = Figure(title: "Bayes-by-Backprop: median and interquartile range", xLabel: "x", yLabel: "y", xRange: -0.2...1.2, yRange: -1...2)
bbbFigure.add(.band(x: toyGrid, lower: toyBand.lower, upper: toyBand.upper, title: "25–75% of f(x)", color: .skyBlue, opacity: 0.5))
for f in [plainFigure, bbbFigure].indices {
    var figure = f == 0 ? plainFigure : bbbFigure
    figure.add(.line(x: toyGrid, y: toyGrid.map { BayesByBackpropChapter.blundellCurve($0, 0) }, title: "noise-free curve", color: .black, width: 1.5, dashed: true))
    figure.add(.points(x: toyX, y: toyY, title: "data", color: .vermillion, size: 0.5))
    if f == 0 {
        figure.add(.line(x: toyGrid, y: toyNet.forward(toyGrid, count: toyGrid.count, parameters: toyFit.plainWeights), title: "fit", color: .orange))
    } else {
        figure.add(.line(x: toyGrid, y: toyBand.median, title: "median", color: .blue))
    }
    toyFigures.append(figure)
}
nb.figure(Panels(toyFigures, rows: 1, columns: 2, width: 1200, height: 460), name: "06-blundell-toy",
          caption: "After Blundell et al. (2015), Fig. 5: the plain network commits to one extrapolation; Bayes-by-Backprop's interquartile range widens away from the data on [0, 0.5].")
nb.show(String(format: "interquartile range of f(x): %.3f on the data [0, 0.5], %.3f beyond x = 0.8", toyBand.insideIQR, toyBand.outsideIQR))

/*:
 That is one seed. Every comparison in the rest of the chapter is also run over five seeds (1 to 5
 here: new toy data, new running-example data, new initialisations, a new NUTS reference each) and
 printed as mean ± standard error over the seeds:
 */
let sweep: [BayesByBackpropChapter.SeedResult]
do {
    let first = try await nb.timed("seed \(settings.seed): ELBO estimates, NUTS reference, the running-example runs") {
        try await BayesByBackpropChapter.seedResult(settings, fit: toyFit)
    }
    let bar = nb.progress("seed sweep: the toy, the running example and the NUTS reference for \(settings.sweepSeeds) seeds", total: settings.sweepSeeds)
    sweep = try await BayesByBackpropChapter.seedSweep(settings, first: first) { bar.update($0) }
    bar.finish()
} catch {
    nb.fail("\(error)")
}
/// "mean ± standard error" over the seeds.
func meanSE(_ values: [Double], _ digits: Int = 3) -> String {
    let (m, se) = meanAndStandardError(values)
    return se.isNaN ? String(format: "%.\(digits)f", m) : String(format: "%.\(digits)f ± %.\(digits)f", m, se)
}
nb.table(["toy, \(sweep.count) seeds", "interquartile range on the data [0, 0.5]", "beyond x = 0.8", "ratio"],
         [["Bayes-by-Backprop", meanSE(sweep.map(\.insideIQR)), meanSE(sweep.map(\.outsideIQR)), meanSE(sweep.map { $0.outsideIQR / $0.insideIQR }, 1)]])

/*:
 ## The two terms of the ELBO, and how to weight the KL

 The two terms along training, for both weightings (per step: the data term $-\frac NB\sum_\text{batch}\log p$ and
 the one-draw KL estimate, each a running mean over an epoch):

 @source Inference/Variational/BayesByBackprop.swift: public func weight(batch i: Int
 */
let epochAxis = (1...settings.epochs).map(Double.init)
var dataFigure = Figure(title: "Data term −E_q[ln p(D | ω)] (per epoch)", xLabel: "epoch", yLabel: "nats", yRange: -500...1500)
var klFigure = Figure(title: "KL[q ‖ p] (one-draw estimate, per epoch)", xLabel: "epoch", yLabel: "nats")
dataFigure.logX = true
klFigure.logX = true
dataFigure.legend = .topRight
klFigure.legend = .bottomRight
var termRows = [[String]]()
for (k, terms) in BayesByBackpropChapter.epochTerms(settings, fit: toyFit).enumerated() {
    let (weighting, data, kl) = (terms.weighting, terms.data, terms.kl)
    dataFigure.add(.line(x: epochAxis, y: data, title: weighting.rawValue, color: Color.cycle[k]))
    klFigure.add(.line(x: epochAxis, y: kl, title: weighting.rawValue, color: Color.cycle[k]))
    termRows.append([weighting.rawValue, String(format: "%.1f", data.last!), String(format: "%.1f", kl.last!), String(format: "%.1f", data.last! + kl.last!)])
}
nb.figure(Panels([dataFigure, klFigure], rows: 1, columns: 2, width: 1200, height: 450), name: "06-elbo-terms",
          caption: "The data term and the KL term of the negative ELBO along training, with the KL spread uniformly over the batches and with Blundell's weights.")
nb.table(["KL weighting", "data term, last epoch", "KL, last epoch", "negative ELBO"], termRows)

/*:
 Those are running means of one-draw estimates along training, on one seed. At the end of
 training, the same two terms with 1,000 draws from each fitted $q$, over the five seeds (the
 largest Monte Carlo standard error of one of these estimates is printed under the table):
 */
nb.table(["KL weighting, \(sweep.count) seeds", "data term −E_q[ln p(D | ω)]", "KL[q ‖ p]", "negative ELBO", "minus uniform's, same seed"],
         KLWeighting.allCases.map { w in
    [w.rawValue, meanSE(sweep.map { $0.elbo[w]!.data }, 1), meanSE(sweep.map { $0.elbo[w]!.kl }, 1), meanSE(sweep.map { $0.elbo[w]!.negativeELBO }, 1),
     w == .uniform ? "0" : meanSE(sweep.map { $0.elbo[w]!.negativeELBO - $0.elbo[.uniform]!.negativeELBO }, 1)]
})
nb.show(String(format: "largest Monte Carlo standard error of one negative-ELBO estimate: %.2f nats", sweep.flatMap { $0.elbo.values.map(\.standardError) }.max()!))

/*:
 Both weightings add up to the same objective over an epoch; they differ in when, within the
 epoch, the prior pulls. The KL starts high (the initial $\sigma = 10^{-3}$ is far narrower than the
 prior) and falls as $q$ widens; the data term falls as the means fit. With Blundell's weights the
 first batches of each epoch carry most of the KL and, in this run, the KL fell more slowly. The
 first table's 61 nats between the two (seed 1) are running means of one-draw estimates over ten
 steps; single draws of the negative ELBO scatter by up to about 300 nats here (the largest
 standard error above times √1000), so ten of them cannot settle a 61-nat difference. With 1,000 draws at the end of
 training and over five seeds, Blundell's weighting ends with a higher KL
 (2,006 ± 11 against 1,900 ± 12 nats) and a negative ELBO higher by 153 ± 52 nats than the
 uniform weighting's on the same seed; the data term varies far more from seed to seed (233 ± 72
 nats for the uniform weighting) than between the weightings. Blundell et al. motivate their
 scheme for the first epochs, when the data term is still large; on a small problem trained to
 convergence it bought nothing here.

 ## On the running example, beside the reference

 The posterior of Lecture 3, approximated by Bayes-by-Backprop: the same network (1→10→1, tanh),
 the same Gaussian prior $\mathcal N(0, 1)$ (so the KL is in closed form) and noise sd 0.05: the
 reference's model, so that the only difference from the reference is the method. And three ways
 to move away from it: a prior ten times wider; only 5 of the 40 points with the KL weighted fully;
 and the KL once per data point, as the slides write the objective.

 The slide's objective differs from this chapter's in two places. It writes

 $$\min_{\mu, \sigma}\; \frac1N \sum_{i=1}^N \Big[-\log p(y_i \mid x_i, \omega^{(s)}) + \sum_l \big(\log q(\omega_l^{(s)}) - \log p(\omega_l^{(s)})\big)\Big]
   \;=\; \frac1N\big(-\log p(\mathcal D \mid \omega^{(s)})\big) + \big(\log q(\omega^{(s)}) - \log p(\omega^{(s)})\big),$$

 the KL estimate inside the sum over the data, so counted $N$ times; the negative ELBO divided by
 $N$ has the KL divided by $N$ too. Minimising the slide's objective weights the KL $N$ times too
 heavily (Blundell et al. spread one KL over the mini-batches of an epoch, as here). And it writes
 one $\sigma_l$ per layer, $q(\omega_l) = \mathcal N(\mu_l, \sigma_l^2 I)$, where Blundell et al. and this chapter have
 one $\sigma_j$ per weight. The fourth run below weights the KL by $N = 40$, what the slide's objective does.
 */
let running = ReferencePosterior.data(seed: settings.seed)
let runGrid = ReferencePosterior.grid(settings.reference)
let runNames = ["Bayes-by-Backprop, prior N(0, 1)", "prior N(0, 10²)", "5 points, prior N(0, 1)", "KL once per data point (× 40)"]
let bands = Array(zip(runNames, sweep[0].running))
let hmcMoments = sweep[0].reference
func bandFigure(_ title: String, _ m: PredictiveMoments, color: Color, rows: [Int]? = nil) -> Figure {
    guard let rows else { return .runningExampleBand(title, m, grid: runGrid, data: running, color: color) }
    // Only the points trained on as data; the others in gray.
    let used = RegressionData(inputs: rows.map { running.inputs[$0] }, targets: rows.map { running.targets[$0] })
    var f = Figure.runningExampleBand(title, m, grid: runGrid, data: used, color: color)
    let unused = running.inputs.indices.filter { !rows.contains($0) }
    f.add(.points(x: unused.map { running.inputs[$0] }, y: unused.map { running.targets[$0] }, title: "points not used", color: .gray, size: 0.4))
    return f
}
let runColors = [Color.green, .orange, .purple, .vermillion]
var runSD = Figure(title: "Predictive sd of each", xLabel: "x", yLabel: "total sd", xRange: -1.5...1.5)
runSD.logY = true
runSD.legend = .bottomRight
for ((name, m), color) in zip(bands + [("NUTS reference", hmcMoments)], runColors + [.blue]) {
    runSD.add(.line(x: runGrid, y: m.total.map { $0.squareRoot() }, title: name, color: color))
}
let fivePoints = settings.runningSettings[2].rows
nb.figure(Panels(bands.enumerated().map { bandFigure($0.element.0, $0.element.1, color: runColors[$0.offset], rows: $0.offset == 2 ? fivePoints : nil) }
                 + [bandFigure("NUTS: the reference", hmcMoments, color: .blue), runSD], rows: 2, columns: 3, width: 1500, height: 900),
          name: "06-running-example",
          caption: "Bayes-by-Backprop on the posterior of Lecture 3 (top left) beside the NUTS reference (bottom middle), seed \(settings.seed); a ten times wider prior; 5 of the 40 points (the 5 marked, the others gray); the KL counted once per data point, as the slide's objective does (bottom left); the last panel compares their total sd.")
let sdTable = ReferencePosterior.standardDeviationTable((bands + [("NUTS reference", hmcMoments)]), on: runGrid)
nb.table(sdTable.header, sdTable.rows)
nb.table(["predictive sd, \(sweep.count) seeds", "on the data", "gap centre x = 0", "right end x = 1.5"], (runNames + ["NUTS reference"]).indices.map { i in
    [(runNames + ["NUTS reference"])[i], meanSE(sweep.map { $0.standardDeviations[i].onData }), meanSE(sweep.map { $0.standardDeviations[i].gap }),
     meanSE(sweep.map { $0.standardDeviations[i].rightEnd })]
})

/*:
 Over the five seeds Bayes-by-Backprop fits the data and is honest on them (0.063 ± 0.001 against
 the reference's 0.053), but its band hardly grows away from the data: 0.071 ± 0.002 at the right
 end against 0.478 ± 0.034, narrower than the reference there. A factorised Gaussian
 around one mode cannot hold the posterior's spread in function space (the same mean-field gap as
 in the exact case above). A prior ten times wider changed little at the right end (0.067 ± 0.002);
 with 5 points the band widens everywhere (0.105 ± 0.003 on the data, 0.128 ± 0.005 at the right
 end) but, in the figure, the mean no longer follows the data: the KL term, now weighed against 5
 likelihood terms, wins. With the KL once per data point (the slide's objective) the band is
 0.195 ± 0.007 on the data, three times the ELBO's and four times the noise sd, wider than the
 ELBO's band: $q$ is pulled toward the prior, the data are no longer fitted to their
 noise, and the band is wide for the wrong reason, yet still less than half the reference's at the
 right end (0.215 ± 0.006). "Requires hyperparameter tuning", say the slides.

 ## Pruning by signal-to-noise ratio

 Blundell et al. rank the weights by $|\mu_j|/\sigma_j$ and remove those with the lowest ratio (set to 0),
 predicting with the means $\mu$ of the rest. On the toy, against the squared error on 1,000 fresh
 points from $[0, 0.5]$:
 */
let pruning = BayesByBackpropChapter.pruning(settings, fit: toyFit)
let snr = pruning.signalToNoise
let pruneRows = pruning.rows.map { [String(format: "%.1f%%", 100 * $0.fraction), "\($0.kept)", String(format: "%.5f", $0.squaredError)] }
let pruneX = pruning.rows.map { Double($0.kept) }, pruneY = pruning.rows.map(\.squaredError)
nb.table(["weights pruned (lowest |μ|/σ first)", "weights kept", "squared error on fresh points"], pruneRows)
var snrFigure = Figure(title: "Signal-to-noise ratio of the weights", xLabel: "log10 |μ|/σ", yLabel: "density")
snrFigure.legend = .hidden
snrFigure.add(.histogram(snr.map { Elementary.log10(max($0, 1e-6)) }, bins: 60))
var pruneFigure = Figure(title: "Test error against the weights kept", xLabel: "weights kept (of \(pruning.signalToNoise.count), highest |μ|/σ)", yLabel: "mean squared error on fresh points")
pruneFigure.logX = true
pruneFigure.logY = true
pruneFigure.legend = .topRight
pruneFigure.add(.line(x: pruneX, y: pruneY, title: "mean network, pruned", color: .blue))
pruneFigure.add(.points(x: pruneX, y: pruneY, color: .blue, size: 1.2))
let noiseVariance = settings.toyNoise * settings.toyNoise
pruneFigure.add(.line(x: [pruneX.min()!, pruneX.max()!], y: [pruning.plainSquaredError, pruning.plainSquaredError], title: "plain network", color: .orange, dashed: true))
let noiseFloor = BayesByBackpropChapter.toyNoiseFloor(settings)
pruneFigure.add(.line(x: [pruneX.min()!, pruneX.max()!], y: [noiseFloor, noiseFloor], title: "best possible, E_x Var[y | x]", color: .green, dashed: true))
pruneFigure.add(.line(x: [pruneX.min()!, pruneX.max()!], y: [noiseVariance, noiseVariance], title: "noise variance 0.02²", color: .black, dashed: true))
nb.figure(Panels([snrFigure, pruneFigure], rows: 1, columns: 2, width: 1200, height: 450), name: "06-pruning",
          caption: "The signal-to-noise ratios |μ|/σ of the toy network's weights (left) and the test error as the weights with the lowest ratio are set to zero (right, both axes logarithmic), beside the plain network's error, the best error possible and the noise variance.")
nb.table(["toy, \(sweep.count) seeds", "mean squared error on fresh points", "÷ noise variance 0.02²"],
         [("mean network μ, nothing pruned", sweep.map { $0.pruning.rows[0].squaredError }),
          ("mean network μ, 98% pruned", sweep.map { r in r.pruning.rows.first { abs($0.fraction - 0.98) < 1e-9 }!.squaredError }),
          ("plain network (squared error)", sweep.map(\.pruning.plainSquaredError)),
          ("the best possible, E_x Var[y | x]", sweep.map { BayesByBackpropChapter.toyNoiseFloor(settings.with(\.seed, $0.seed)) })].map {
    [$0.0, meanSE($0.1, 5), meanSE($0.1.map { $0 / noiseVariance }, 1)]
})
nb.show("mean network (nothing pruned) ÷ plain network, same seed: \(meanSE(sweep.map { $0.pruning.rows[0].squaredError / $0.pruning.plainSquaredError }, 2))")

/*:
 Most weights have $|\mu|/\sigma$ below 1: $q$ says they could as well be zero. Removing the 98% with
 the lowest ratio (55 weights left of 2,701) leaves the test error where it was, on seed 1 and over
 the five seeds (0.00526 ± 0.00026 against 0.00541 ± 0.00038); at 99% it doubles and beyond it the
 network breaks. Blundell et al. report the same on MNIST with 95% removed.

 Read it as a property of the objective here rather than a virtue of the method. With 2,701
 weights and 100 points the KL (1,900 ± 12 nats above) outweighs the data term (233 ± 72 nats),
 and the cheapest way to lower the KL is to hand a weight back to the prior ($\mu$ near
 0, $\sigma$ near the prior's scale): mean-field variational inference switches weights off wholesale,
 "over-pruning" (Trippe & Turner 2017). Nor does the 98% say the task needs 55 weights in
 general. Does the mean network underfit? Its error is 13.5 ± 1.0 times the noise variance 0.02²,
 but that is mostly the toy: its noise enters inside the sines, so even the best predictor
 $\mathbb E[y \mid x]$ has an error 9.6 ± 0.3 times 0.02², and the plain network reaches 12.0 ± 0.4 times. The
 mean network's error is 1.13 ± 0.08 times the plain network's on the same seed: within the noise
 of the sweep, not a gross underfit.

 ## What to remember

 * The ELBO is a lower bound on the log evidence; the gap is KL[q ‖ posterior]. With a Gaussian
   $q$ on a Gaussian posterior the bound is reached; a mean-field $q$ cannot reach it when the
   posterior is correlated.
 * Bayes-by-Backprop fits a mean and a scale per weight by backpropagating through one
   reparameterised draw; with a scale-mixture prior the KL is itself estimated with that draw.
 * On mini-batches the KL is spread over the batches with weights that add to 1 per epoch.
 * It is cheap next to sampling (S forward passes per prediction) and scales like training, but it is mean-field and
   hyperparameter-sensitive: compare its band with the reference's above.
 * The slide's objective counts the KL once per data point, $N$ times too heavily: on the running
   example that triples the band on the data.
 * Its pruning is the KL at work: with far more weights than data, most weights return to the prior.

 ## Exercises

 In `Sources/Exercises/Lecture06.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 6.1 — the Gaussian KL.** Implement `exercise6_1_gaussianKL`: KL[N(μ, σ²) ‖ N(0, s²)]
    summed over weights.
 2. **Exercise 6.2 — Blundell's KL weights.** Implement `exercise6_2_blundellWeights`: πᵢ = 2^(M−i)/(2^M − 1),
    i = 1 … M, without overflow for large M.
 3. **Exercise 6.3 — the reparameterised draw.** Implement `exercise6_3_reparameterisedDraw`:
    ω = μ + softplus(ρ) ⊙ ε and its derivative ∂ω/∂ρ = sigmoid(ρ) ⊙ ε.
 4. **Exercise 6.4 — an experiment: the KL 40 times too light.** The chapter weighted the KL by
    $N$; predict the band on the running example with the KL weighted by $1/N$, then measure its sd
    on the data and at the right end in `exercise6_4_lightKL`, and explain which term decides $q$.
 */
