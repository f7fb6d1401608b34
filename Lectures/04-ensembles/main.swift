/*:
 # Lecture 4 — Deep ensembles and snapshot ensembles

 Sampling methods (Lectures 2–3) are the gold standard and slow. Ensembles are the practical
 workhorse: train several networks and let their disagreement stand for what the data leave
 open. This chapter follows the slides' section on ensembles: the ensemble as a crude Bayesian
 model average, what makes a good ensemble, the predictive mean and variance, deep ensembles
 (Lakshminarayanan, Pritzel & Blundell 2017) and snapshot ensembles (Huang et al. 2017), on
 the paper's own toy and then against the NUTS reference of Lecture 3, on the reference's own
 model and over five seeds.

 ```
 swift run -c release ensembles            # full run, figures into figures/
 swift run -c release ensembles --help     # options (--members, --steps, --snapshots, …)
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
    static let configuration = CommandConfiguration(commandName: "ensembles", abstract: "Lecture 4: deep ensembles and snapshot ensembles.")
    @OptionGroup var common: LectureOptions
    @Option(help: "Members of every ensemble, trained in parallel on all cores (default \(EnsemblesChapter.Settings.standard().members)).") var members: Int?
    @Option(help: "Adam steps per network of the cubic toy (default \(EnsemblesChapter.Settings.standard().steps); --quick: \(EnsemblesChapter.Settings.quick().steps)).") var steps: Int?
    @Option(help: "Snapshots (cycles of the learning rate) in the snapshot ensemble (default \(EnsemblesChapter.Settings.standard().snapshots)).") var snapshots: Int?
    @Option(help: "The mini-batch snapshot ensemble's restart rate α₀ (default \(EnsemblesChapter.Settings.standard().snapshotRate)).") var snapshotRate: Double?
    @Option(help: "Its mini-batch size, of the 40 points (default \(EnsemblesChapter.Settings.standard().batchSize)).") var batchSize: Int?
    @Option(help: "Seeds 1 … n of the comparison on the reference's model (default \(EnsemblesChapter.Settings.standard().sweepSeeds); --quick: \(EnsemblesChapter.Settings.quick().sweepSeeds)).") var sweepSeeds: Int?
    @Option(help: "Adversarial step as a fraction of the input range (default \(EnsemblesChapter.Settings.standard().adversarialFraction), as Lakshminarayanan et al.).") var adversarialFraction: Double?

    /// The chapter's settings: standard or quick, then the options given.
    var settings: EnsemblesChapter.Settings {
        EnsemblesChapter.Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.members, members).with(\.steps, steps).with(\.snapshots, snapshots)
            .with(\.adversarialFraction, adversarialFraction).with(\.snapshotRate, snapshotRate).with(\.batchSize, batchSize)
            .with(\.sweepSeeds, sweepSeeds)
    }

    mutating func validate() throws {
        let s = settings
        guard (2...64).contains(s.members) else { throw ValidationError("--members must be between 2 and 64, got \(s.members)") }
        guard (10...1_000_000).contains(s.steps) else { throw ValidationError("--steps must be between 10 and 1,000,000, got \(s.steps)") }
        guard (2...100).contains(s.snapshots) else { throw ValidationError("--snapshots must be between 2 and 100, got \(s.snapshots)") }
        guard s.snapshotRate > 0, s.snapshotRate < 1 else { throw ValidationError("--snapshot-rate must be in (0, 1), got \(s.snapshotRate)") }
        guard (1...40).contains(s.batchSize) else { throw ValidationError("--batch-size must be between 1 and the 40 points, got \(s.batchSize)") }
        guard (1...100).contains(s.sweepSeeds) else { throw ValidationError("--sweep-seeds must be between 1 and 100, got \(s.sweepSeeds)") }
        guard s.adversarialFraction > 0, s.adversarialFraction < 1 else {
            throw ValidationError("--adversarial-fraction must be in (0, 1), got \(s.adversarialFraction)")
        }
    }
}

let options = Options.parseOrExitWithOneLine()
let settings = options.settings
let memberCount = settings.members
let nb = Notebook(options.common)

/*:
 ## An ensemble as a Bayesian model average

 Train $n$ networks to the optima $\omega_1^*, \dots, \omega_n^*$ and treat them as equally likely:
 the posterior is replaced by point masses,

 $$p(\omega \mid \mathcal D) \approx \frac1n \sum_{i=1}^n \delta(\omega - \omega_i^*),$$

 and the predictive $p(y \mid x) = \int p(y \mid x, \omega)\, p(\omega \mid \mathcal D)\, d\omega$ becomes the
 equal-weight mixture $\frac1n\sum_i p(y \mid x, \omega_i^*)$. Its mean and, by the law of total
 variance (Lecture 1), its variance are

 $$\mathbb E[y \mid x] = \frac1n \sum_i \mu_i(x), \qquad
   \operatorname{Var}[y \mid x] = \underbrace{\frac1n \sum_i \sigma_i^2(x)}_{\text{aleatoric}}
   + \underbrace{\frac1n \sum_i \big(\mu_i(x) - \mathbb E[y \mid x]\big)^2}_{\text{epistemic}},$$

 with $\mu_i$, $\sigma_i^2$ member $i$'s predictive mean and variance.

 > **Notes on the slides.** The slide "Bayesian interpretation of ensembles" writes the sum of
 > deltas without the $\frac1n$, which is not a probability distribution. The slide "Ensemble
 > predictions and uncertainties" writes the epistemic part with $\frac1{n-1}$. With $\frac1n$ the
 > formula is the variance of the mixture, exactly (the tests check it to 1e-12); $\frac1{n-1}$ is
 > the unbiased estimate of the spread of the member means *if the members were independent draws
 > from some distribution of networks* — it is $\frac n{n-1}$ times larger (25% with 5 members).
 > This course uses $\frac1n$ everywhere: it is the variance of the predictive the ensemble
 > actually defines, the same formula that `PredictiveMoments` applies to posterior draws.

 The slides' Bayesian reading (after Wilson & Izmailov 2020): the model average assumes one
 setting of the weights is right and averages because the data cannot tell which.

 ## What is a good ensemble?

 Let member $i$'s error (against the truth) be $\epsilon_i$ with mean 0, variance $v$ and pairwise
 covariance $c$. The error of the average has mean 0 and

 $$\mathbb E\Big[\Big(\frac1n\sum_{i=1}^n \epsilon_i\Big)^2\Big] = \frac1{n^2}\Big(n v + n(n-1) c\Big) = \frac1n\big(v + (n-1)c\big),$$

 which falls from $v$ at $n = 1$ to $c$ as $n \to \infty$: averaging removes the independent part of
 the errors and none of the shared part. A good ensemble has members that are each accurate
 (small $v$) and wrong in different ways (small $c$). Monte Carlo with correlated Gaussian errors,
 $\epsilon_i = \sqrt c\, z_0 + \sqrt{v - c}\, z_i$, $v = 1$:
 */
let ensembleSizes = settings.ensembleSizes
let curves = EnsemblesChapter.ensembleErrors(settings)
nb.table(["n"] + curves.flatMap { ["c/v = \($0.correlation): theory", "Monte Carlo ± SE"] }, ensembleSizes.indices.map { i in
    ["\(ensembleSizes[i])"] + curves.flatMap { [String(format: "%.3f", $0.theory[i]), String(format: "%.3f ± %.3f", $0.monteCarlo[i], $0.standardErrors[i])] }
})

var goodBad = Figure(title: "Squared error of the ensemble average (v = 1)", xLabel: "members n", yLabel: "E[(mean error)²]", xRange: 1...20, yRange: 0...1.7)
goodBad.logX = true
goodBad.legend = .topRight
let nAxis = (1...20).map(Double.init)
for (k, curve) in curves.enumerated() {
    let (c, color) = (curve.correlation, Color.cycle[k])
    goodBad.add(.line(x: nAxis, y: nAxis.map { ensembleSquaredError(members: Int($0), variance: 1, covariance: c) }, title: "theory, c/v = \(c)", color: color))
    goodBad.add(.points(x: ensembleSizes.map(Double.init), y: curve.monteCarlo, title: "Monte Carlo, c/v = \(c)", color: color, size: 1.2))
}
nb.figure(goodBad, name: "04-good-ensemble", caption: "The ensemble's squared error (1/n)(v + (n − 1)c) against the number of members: uncorrelated members (c = 0) average their errors away; fully correlated ones (c = v) gain nothing.")

/*:
 ## Deep ensembles on the cubic toy (after Lakshminarayanan et al. 2017, Fig. 1)

 Their toy: 20 points $x \sim \mathcal U[-4, 4]$, $y = x^3 + \varepsilon$, $\varepsilon \sim \mathcal N(0, 3^2)$; one
 hidden layer of 100 ReLU units. Four ways to get an uncertainty, each shown as mean $\pm 3$ sd on
 $[-6, 6]$:

 1. $n$ networks trained on the squared error, their spread as the variance (epistemic only);
 2. one network with two outputs, $\mu(x)$ and $\sigma^2(x) = \operatorname{softplus}(\cdot) + 10^{-6}$, trained on the Gaussian
    negative log-likelihood $\frac12\ln\sigma^2(x) + \frac{(y - \mu(x))^2}{2\sigma^2(x)}$ (aleatoric only);
 3. the same with *adversarial training*: every step also trains on $x' = x + \epsilon\,\operatorname{sign}(\nabla_x \ell)$,
    the fast gradient sign method, with $\epsilon = 0.01 \times$ the input range $= 0.08$;
 4. an ensemble of $n$ such networks: both parts.

 Every member is trained with Adam (learning rate 0.01, full batch, `--steps` = 3000 steps) from
 its own initialisation;
 the members of an ensemble train in parallel, one task each (`trainEnsemble`).

 @source Inference/Ensembles/DeepEnsemble.swift: public func loss(_ out: Variable

 The Gaussian loss is one node on the tape (`gaussianHeadNegativeLogLikelihood`): it runs exactly
 the operations of the two functions below, `gaussianHead` and `gaussianNegativeLogLikelihood`,
 in their order, forward and back, so it gives their bits (a test compares the two through a
 network with the adversarial second loss), and it records one node where the composition
 records eighteen, which made Boston's deep ensembles in lecture 9 twice as fast (32.7 s →
 14.9 s, summed over the 20 splits).

 @source NeuralNetworks/Losses.swift: public func gaussianHead(

 @source NeuralNetworks/Losses.swift: public func gaussianNegativeLogLikelihood(

 @source Inference/Ensembles/DeepEnsemble.swift: public func train(_ network: MLP
 */
let cubic = EnsemblesChapter.cubicData(settings)
let cubicGrid = EnsemblesChapter.cubicGrid(settings)
let cubicNames = ["\(memberCount) networks, squared error (empirical variance)", "1 network, Gaussian NLL", "1 network, NLL + adversarial training",
                  "ensemble of \(memberCount), NLL + adversarial training"]
var cubicModels = [EnsemblesChapter.CubicModel]()
do {
    try await nb.timed("the cubic toy: \(3 * memberCount + 2) networks") {
        for method in EnsemblesChapter.CubicMethod.allCases {
            cubicModels.append(try await EnsemblesChapter.cubicModel(method, settings, data: cubic))
        }
    }
} catch {
    nb.fail("\(error)")
}
// 2,000 fresh points from the toy on [−4, 4]: how many fall inside mean ± 1.96 sd?
let fresh = EnsemblesChapter.freshCubicPoints(settings)
nb.table(["model", "mean sd on [−4, 4]", "mean sd outside", "95% interval covers"], zip(cubicNames, cubicModels).map { name, model in
    let s = EnsemblesChapter.cubicScore(settings, model: model, fresh: fresh)
    return [name, String(format: "%.2f", s.insideSD), String(format: "%.2f", s.outsideSD), String(format: "%.1f%%", 100 * Double(s.covered) / Double(s.count))]
})
let cubicFigures = zip(cubicNames, cubicModels).map { name, model in
    Figure.cubicBand(name, model.moments(at: cubicGrid), grid: cubicGrid, truth: cubicGrid.map(CubicExample.truth), data: (cubic.inputs, cubic.targets))
}
nb.figure(Panels(cubicFigures, rows: 1, columns: 4, width: 1800, height: 480), name: "04-cubic-toy",
          caption: "After Lakshminarayanan et al. (2017), Fig. 1: squared-error networks see only their disagreement, one NLL network only the noise; the ensemble of NLL networks with adversarial training has both, and its band widens outside the data.")

/*:
 In this figure (seed 1) the squared-error networks agree on the data and their spread is
 nearly zero there, although the data are noisy: they have no aleatoric part. The NLL networks
 learn a noise level; the ensemble's band widens outside $[-4, 4]$ (in this seed a single NLL
 network with adversarial training widens there too, by less; the sweep below measures the
 ensemble's ratio only).
 Is the ensemble calibrated on 20 points? The same model on five data draws (seeds 1 to 5, each
 its own 20 points, networks and 2,000 fresh points):
 */
let cubicSweep: [EnsemblesChapter.CubicScore]
do {
    let bar = nb.progress("the cubic ensemble, \(settings.sweepSeeds) seeds", total: settings.sweepSeeds)
    let known = EnsemblesChapter.cubicScore(settings, model: cubicModels[EnsemblesChapter.CubicMethod.adversarialEnsemble.rawValue], fresh: fresh)
    cubicSweep = try await EnsemblesChapter.cubicSweep(settings, known: (settings.seed, known)) { bar.update(Int($0 - settings.seed), detail: "seed \($0)") }
    bar.finish()
} catch {
    nb.fail("\(error)")
}
let coverage = meanAndStandardError(cubicSweep.map { Double($0.covered) / Double($0.count) })
let widening = meanAndStandardError(cubicSweep.map { $0.outsideSD / $0.insideSD })
nb.table(["ensemble of \(memberCount), NLL + adversarial, \(cubicSweep.count) seeds", "mean ± SE", "lowest", "highest"], [
    ["95% interval covers"] + [String(format: "%.1f%% ± %.1f%%", 100 * coverage.mean, 100 * coverage.standardError)]
        + [cubicSweep.map { Double($0.covered) / Double($0.count) }.min()!, cubicSweep.map { Double($0.covered) / Double($0.count) }.max()!].map { String(format: "%.1f%%", 100 * $0) },
    ["sd outside [−4, 4] / sd inside"] + [String(format: "%.2f ± %.2f", widening.mean, widening.standardError)]
        + [cubicSweep.map { $0.outsideSD / $0.insideSD }.min()!, cubicSweep.map { $0.outsideSD / $0.insideSD }.max()!].map { String(format: "%.2f", $0) },
])

/*:
 It is not: over the five draws its nominal 95% interval covered 74.8% ± 6.5% of the fresh
 points (58.7% at worst, 87.4% at best), because each variance head fits the noise of its own
 20 points. Its band outside the data was 2.13 ± 0.05 times as wide as inside (1.97 to 2.30):
 the disagreement of the members does grow where there are no data.

 ## On the running example, on the reference's own model

 Lecture 3's reference is NUTS on the Bayesian MLP 1→10→1 (tanh, prior $w \sim \mathcal N(0, I)$,
 noise sd 0.05 known). To set an ensemble beside it with nothing but the method changed, every
 member here is that network with that prior and that noise: a member is a mode of the log
 posterior, found by Adam on $-\ln p(w \mid \mathcal D)/N$ (Lecture 1's MAP, the prior acting as
 weight decay) from $w_0 \sim \mathcal N(0, 0.5^2 I)$, 20,000 full-data steps at 0.01 — the building
 blocks chapter 9 uses too. With the noise known, member $i$'s predictive is
 $\mathcal N(f_{w_i}(x), \sigma^2)$: every method has the same aleatoric part $\sigma^2$, and they differ only in
 the epistemic part, the spread of $f_{w_i}(x)$ over the members. (The cubic toy above kept its own
 model, as in the paper; a member that *learns* its noise level, the Gaussian head, is shown there.)

 The data are those of the reference (`ReferencePosterior`, same seed), so the right panel is the
 band of chapter 3.
 */
let reference = ReferencePosterior.data(seed: settings.seed)
let runGrid = ReferencePosterior.grid(settings.reference)
// The comparison at every seed of the sweep, the chapter's own first (its figures).
let sweep: [EnsemblesChapter.ReferenceComparison]
do {
    let bar = nb.progress("NUTS reference and every ensemble on the reference's model, \(settings.sweepSeeds) seeds", total: settings.sweepSeeds)
    sweep = try await settings.sweep(finished: { bar.update($0) }) { try await EnsemblesChapter.referenceComparison($0) }
    bar.finish()
} catch {
    nb.fail("\(error)")
}
let chapterRun = sweep[0]
let hmcMoments = EnsemblesChapter.referenceModelMoments(settings, members: chapterRun.referenceDraws)
let deepMembers = chapterRun.members(.deepEnsemble)
let deepMoments = EnsemblesChapter.referenceModelMoments(settings, members: deepMembers)

/// A band figure on the running example: total and noise ±2 sd, the mean, optional member functions.
func runningFigure(_ title: String, _ m: PredictiveMoments, color: Color, members: [[Double]] = []) -> Figure {
    .ensembleBand(title, m, grid: runGrid, truth: runGrid.map(RunningExample.truth), data: (reference.inputs, reference.targets), color: color,
                  members: members.map { ReferencePosterior.network.forward(runGrid, count: runGrid.count, parameters: $0) })
}
nb.figure(Panels([runningFigure("Deep ensemble (\(memberCount) MAPs)", deepMoments, color: .green, members: deepMembers),
                  runningFigure("NUTS on the Bayesian MLP: the reference", hmcMoments, color: .blue)], rows: 1, columns: 2, width: 1200, height: 560),
          name: "04-running-example",
          caption: "The deep ensemble (left; its members' functions in gray) beside the NUTS reference of Lecture 3 (right), the same network, prior and noise, seed \(settings.seed): dark bands ± 2 noise sd, light bands ± 2 total sd.")

/*:
 The table gives, over the seeds (each seed its own data, reference and ensembles), the total
 predictive sd where the chapters compare methods (on the data: $|x|$ within 0.2 of 0.5; the
 centre of the gap, $x = 0$; the right end, $x = 1.5$) and the spread of the members' functions
 (the sd of $f_{w_i}(x)$ over the members, averaged over the grid on $[-1.5, 1.5]$; for NUTS over
 its draws). The two snapshot rows are the subject of the section after next.
 */
let sweepTable = EnsemblesChapter.referenceSweepTable(settings, sweep)
nb.table(sweepTable.header, sweepTable.rows)

/*:
 On the same model, the deep ensemble is far too narrow away from the data. On the data every
 method has about the noise sd 0.05 (NUTS 0.053); in the gap the deep ensemble adds nothing to
 it (0.050 where NUTS has 0.087), at the right end it has 0.074 ± 0.010 where NUTS has
 0.478 ± 0.034, and its members' functions spread 0.015 ± 0.005 where the posterior's draws
 spread 0.141 ± 0.006. Five MAPs from five initialisations are five modes far apart in weight
 space (the snapshot section's table: 5.3 apart, with a loss barrier between them) and yet
 nearly one function: many modes of this network are copies of one another (permuting the ten
 hidden units, or flipping the signs of one unit's weights — tanh is odd — leaves $f$
 unchanged), and the others agree wherever the 40 points pin the function down. One likely reason,
 not measured here: their errors are correlated (the $c$ of the formula above), so little
 disagreement is left to average.

 ## Where does the diversity come from?

 Two ensembles of five members, each settled by Adam on mini-batches of 10 with one cosine
 anneal from 0.01 to 0 over 20,000 steps: members that differ only in their initialisation (same
 mini-batches), and members that share one initialisation and differ only in the order of their
 mini-batches.
 */
var diversity = [[Double]]()   // per seed: function spread (initialisations differ, batches differ)
do {
    let bar = nb.progress("the two diversity ensembles, \(settings.sweepSeeds) seeds", total: settings.sweepSeeds)
    for k in 1...UInt64(settings.sweepSeeds) {
        bar.update(Int(k) - 1, detail: "seed \(k)")
        let s = settings.with(\.seed, k), data = ReferencePosterior.data(seed: k)
        var row = [Double]()
        for vary in [true, false] {
            row.append(EnsemblesChapter.spread(s, members: try await EnsemblesChapter.diversityMembers(s, data: data, varyInitialisation: vary)).functionSpread)
        }
        diversity.append(row)
    }
    bar.finish()
} catch {
    nb.fail("\(error)")
}
nb.table(["\(settings.sweepSeeds) seeds, mean ± SE", "spread of f over members"],
         [("initialisations differ, same batches", 0), ("one initialisation, batch orders differ", 1)].map { name, j in
    let m = meanAndStandardError(diversity.map { $0[j] })
    return [name, String(format: "%.3f ± %.3f", m.mean, m.standardError)]
})

/*:
 Initialisations alone gave several times the spread of batch orders alone
 (0.030 ± 0.004 against 0.006 ± 0.003 over five seeds). Both stay far below the reference's
 0.141: on this model neither source of diversity brings members that each settle into a mode
 anywhere near the posterior's spread. The slides' "uncertainties vary a lot depending on
 ensemble construction" holds: the next section changes one setting of a snapshot ensemble,
 its restart rate, and the spread of its functions grows sixfold.

 ## Snapshot ensembles: M members from one run

 Huang et al. (2017) train *one* network with a cyclic learning rate and keep a copy at the end
 of each cycle. Over $T$ steps and $M$ cycles,

 $$\alpha(t) = \frac{\alpha_0}2\left(\cos\left(\frac{\pi \bmod(t - 1, \lceil T/M\rceil)}{\lceil T/M\rceil}\right) + 1\right), \qquad t = 1, \dots, T:$$

 each cycle starts at $\alpha_0$ (a jump out of the current minimum) and anneals to almost 0 (into
 the next). Whether the jump leaves the basin depends on how far it throws the weights: Huang
 et al. restart at a *large* rate (0.1 or 0.2, with stochastic gradient descent on
 mini-batches) and take the snapshot at the end of each cycle. Two snapshot ensembles of $M = 5$
 on the reference's model, from the same kind of start as the MAPs:

 * the MAP's own settings: full-data gradients, Adam restarting at $\alpha_0 = 0.01$ (the rate the MAP
   is found with), cycles of 10,000 steps;
 * Huang et al.'s recipe: mini-batches of 10 of the 40 points, Adam restarting at $\alpha_0 = 0.3$,
   cycles of 10,000 steps (Adam moves every weight by about $\alpha$ per step whatever the size of
   its gradient, so its rates are not SGD's; 0.3 is the smallest of the three rates below that
   spreads the snapshots' functions).

 > **Notes on the slides.** The slide writes the cycle length $T/M$; Huang et al. write
 > $\lceil T/M \rceil$, which is what makes $M$ cycles when $M$ does not divide $T$. The slide says a
 > snapshot is taken "at each minimum for validation loss"; in the paper it is taken at the end
 > of each cycle, where the learning rate is smallest, with no validation set.

 @source Inference/Ensembles/SnapshotEnsemble.swift: public func run(from initial
 */
let traces: [EnsemblesChapter.SnapshotTrace]
do {
    traces = try nb.timed("the two snapshot runs with their losses") {
        try [EnsemblesChapter.ReferenceMethod.smallRestartSnapshot, .snapshot].map { try EnsemblesChapter.snapshotTrace($0, settings, data: reference) }
    }
} catch {
    nb.fail("\(error)")
}
let traceNames = ["full batch, α₀ = \(settings.smallRestartRate)", "mini-batches of \(settings.batchSize), α₀ = \(settings.snapshotRate)"]
let traceColors: [Color] = [.orange, .purple]
var rateFigure = Figure(title: "Learning rate", xLabel: "step t", yLabel: "α(t)")
var lossFigure = Figure(title: "Full-data loss −ln p(w | D)/N (every \(settings.lossEvery) steps)", xLabel: "step t", yLabel: "loss (up to a constant)")
(rateFigure.legend, lossFigure.legend) = (.below, .below)
for (trace, (name, color)) in zip(traces, zip(traceNames, traceColors)) {
    let T = trace.ensemble.cycles * trace.ensemble.stepsPerCycle
    let t = stride(from: 0, to: T, by: max(1, T / 2000)).map { $0 }
    rateFigure.add(.line(x: t.map { Double($0 + 1) }, y: t.map(trace.ensemble.schedule.rate), title: name, color: color))
    lossFigure.add(.line(x: trace.steps.map { Double($0 + 1) }, y: trace.losses, title: name, color: color))
}
lossFigure.logY = true
nb.figure(Panels([rateFigure, lossFigure], rows: 1, columns: 2, width: 1200, height: 500), name: "04-snapshot-schedule",
          caption: "The two snapshot runs of seed \(settings.seed): the cyclic learning rate (left) and the full-data loss, on a log axis (right), a snapshot at the end of every cycle.")

nb.figure(Panels([runningFigure("Snapshot ensemble, mini-batches, α₀ = \(settings.snapshotRate)", EnsemblesChapter.referenceModelMoments(settings, members: traces[1].snapshots),
                                color: .purple, members: traces[1].snapshots),
                  runningFigure("Snapshot ensemble, full batch, α₀ = \(settings.smallRestartRate)", EnsemblesChapter.referenceModelMoments(settings, members: traces[0].snapshots),
                                color: .orange, members: traces[0].snapshots)],
                 rows: 1, columns: 2, width: 1200, height: 560),
          name: "04-snapshot-restarts",
          caption: "Five snapshots of one cyclic run each (seed \(settings.seed), their functions in gray): Huang et al.'s recipe (left) and the MAP's full-batch, small-restart settings (right).")

/*:
 Did the snapshots leave the basin? Three measures over the seeds, for the MAP (one member), the
 deep ensemble, and the snapshot ensembles — full batch at the MAP's α₀, and on mini-batches
 from the same start and the same mini-batches at three restart rates: the mean distance
 $\lVert w_i - w_j \rVert$ between two members; the *loss barrier* between consecutive members, the
 largest rise of $\ell(w) = -\ln p(w \mid \mathcal D)/N$ on the straight segment from $w_i$ to $w_{i+1}$
 above its higher end, $\max_\lambda \ell((1-\lambda) w_i + \lambda w_{i+1}) - \max(\ell(w_i), \ell(w_{i+1}))$,
 near 0 inside one basin; and the spread of the members' functions. The last column says how
 well the members fit.
 */
let restartTable = EnsemblesChapter.restartTable(settings, sweep)
nb.table(restartTable.header, restartTable.rows)

/*:
 With the MAP's settings the snapshots never leave the MAP's basin: the snapshots are on average
 0.305 ± 0.034 apart, with a barrier of 0.04 ± 0.03 between consecutive ones (the deep ensemble's members:
 5.3 ± 0.3 apart, barrier 29 ± 9), and their functions spread 0.006 ± 0.001: one MAP, five
 times (the comparison of chapter 9 first ran its snapshot ensemble with these settings, and it
 scored exactly as its MAP; it now runs Huang et al.'s recipe). Mini-batches alone, at
 the same α₀ = 0.01, stay in the basin (barrier 0.08 ± 0.04), though the snapshots spread more
 (0.016 ± 0.003 against 0.006 ± 0.001). Restarting at 0.1 leaves the basin
 (barrier 8 ± 2) for modes that predict nearly the same function (spread 0.023 ± 0.010); at
 0.3 the snapshots are as far apart as the deep ensemble's members (5.5 ± 0.2, barrier 30 ± 4)
 and their functions spread 0.103 ± 0.012.

 Where does it sit between MAP and the deep ensemble? In weight space beside the deep ensemble;
 in function space *past* it, most of the way to the reference but narrower: 0.103 ± 0.012 against the deep ensemble's
 0.015 ± 0.005 and the posterior's 0.141 ± 0.006; at the right end its sd is 0.324 ± 0.039
 (NUTS 0.478 ± 0.034, deep ensemble 0.074 ± 0.010), in the gap 0.070 ± 0.007 (NUTS 0.087). Width is
 not placement: chapter 9 scores this ensemble *further* from the reference than the MAP (W₁ over
 the grid 0.134 ± 0.016 against 0.091 ± 0.007 over the same five seeds), its modes extrapolating
 where the posterior puts little mass. The price is the
 fit: its snapshots' loss is 0.749 ± 0.034 against the MAP's 0.612 ± 0.031, about 5.5 nats of
 log posterior over the 40 points — each anneal settles them, but not as low as 20,000
 full-data steps settle a MAP (the right panel of the schedule figure). It cost five cycles of
 10,000 steps on 10 of the 40 points, 12,500 full-data gradients in one sequential run, an
 eighth of the deep ensemble's 100,000.

 ## Cost

 Members are independent, so an ensemble trains in parallel ("simple to implement and highly
 parallelizable", say the slides) — each on its own core, with the same bits whatever the
 number of cores (a test checks that). The wall times go to standard error, not into this
 chapter, because they depend on the machine. The memory does not: every member keeps its own
 weights ("memory heavy"). A snapshot ensemble trains one network at a time, but it keeps as
 many weight vectors for prediction as a deep ensemble: the slides' "requires only one network"
 is about training, their "memory heavy" about prediction.
 */
do {
    let s = settings
    _ = try await nb.timed("deep ensemble, \(memberCount) members on one core") {
        try await EnsemblesChapter.referenceMembers(.deepEnsemble, s, data: reference, maximumConcurrency: 1)
    }
    _ = try await nb.timed("deep ensemble, \(memberCount) members on all cores") {
        try await EnsemblesChapter.referenceMembers(.deepEnsemble, s, data: reference)
    }
} catch {
    nb.fail("\(error)")
}
let parameterCount = ReferencePosterior.network.parameterCount
nb.show("parameters kept: \(memberCount) members × \(parameterCount) = \(memberCount * parameterCount) (\(memberCount * parameterCount * 8) bytes in float64); the snapshot ensemble keeps as many, the NUTS reference \(chapterRun.referenceDraws.count) draws × \(parameterCount)")

/*:
 ## What to remember

 * An ensemble replaces the posterior by $n$ point masses; its predictive is the equal-weight
   mixture, whose variance is the mean of the members' variances (aleatoric) plus the $\frac1n$ spread
   of their means (epistemic).
 * Averaging $n$ members cuts the squared error from $v$ to $\frac1n(v + (n-1)c)$: the shared part $c$
   of the errors never averages away. Diversity is what an ensemble is for.
 * A member trained on the squared error has no aleatoric part, one trained on the Gaussian NLL
   has no epistemic part; an ensemble of NLL members has both.
 * Snapshot ensembles get their members from one run; whether those differ depends on the
   restart: small restarts with full-data gradients fall back into the basin every cycle (one
   mode, $M$ times); Huang et al.'s large restarts on mini-batches leave it. On the reference's
   model the snapshots then spread far more than the deep ensemble, though less than the posterior, at the cost of a worse fit;
   spread is not placement: chapter 9 scores them further from the reference than the MAP.
 * On the reference's own model, five MAPs from five initialisations were nearly one function:
   the deep ensemble was far too narrow away from the data (sd 0.07 against the reference's 0.48
   at the right end). Ensembles are practical, not exact.

 ## Exercises

 In `Sources/Exercises/Lecture04.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 4.1 — the ensemble error.** Implement `exercise4_1_ensembleSquaredError`:
    $\frac1n(v + (n-1)c)$ for $n$ members with error variance $v$ and pairwise covariance $c$.
 2. **Exercise 4.2 — the mixture's variance.** Implement `exercise4_2_mixtureVariance`: the variance
    of the equal-weight mixture of $\mathcal N(\mu_i, \sigma_i^2)$, from its first two moments; the test
    compares it with the law of total variance.
 3. **Exercise 4.3 — the snapshot learning rate.** Implement `exercise4_3_snapshotLearningRate`:
    Huang et al.'s $\alpha(t)$ for $t = 1, \dots, T$; the test compares it with the library's schedule.
 4. **Exercise 4.4 — an experiment: leave the basin.** With the MAP's settings (full batch,
    α₀ = 0.01) a snapshot ensemble's five snapshots are one mode. `snapshotsOfExercise4_4` (given)
    runs five cycles of 10,000 Adam steps on the reference's model. Implement the measurement,
    `exercise4_4_functionSpread` (the sd of $f_{w_i}(x)$ over the snapshots, averaged over the
    grid); then keep mini-batches of 10 and change one setting, the restart rate: *predict*
    how the spread will change, return your rate from `exercise4_4_restartRate`, and explain
    the result in a comment. The test measures the spread at your rate and at 0.01 on three
    data sets and passes when yours is at least five times larger on each. (The chapter's
    `ensembles --snapshot-rate α --batch-size B` runs the same experiment at full size.)
 */
