/*:
 # Lecture 4 — Deep ensembles and snapshot ensembles

 Sampling methods (Lectures 2–3) are the gold standard and slow. Ensembles are the practical
 workhorse: train several networks and let their disagreement stand for what the data leave
 open. This chapter follows the slides' section on ensembles: the ensemble as a crude Bayesian
 model average, what makes a good ensemble, the predictive mean and variance, deep ensembles
 (Lakshminarayanan, Pritzel & Blundell 2017) and snapshot ensembles (Huang et al. 2017), each
 measured against the NUTS reference of Lecture 3.

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
    @Option(help: "Adam steps per member (default \(EnsemblesChapter.Settings.standard().steps); --quick: \(EnsemblesChapter.Settings.quick().steps)).") var steps: Int?
    @Option(help: "Snapshots (cycles of the learning rate) in the snapshot ensemble (default \(EnsemblesChapter.Settings.standard().snapshots)).") var snapshots: Int?
    @Option(help: "Adversarial step as a fraction of the input range (default \(EnsemblesChapter.Settings.standard().adversarialFraction), as Lakshminarayanan et al.).") var adversarialFraction: Double?

    /// The chapter's settings: standard or quick, then the options given.
    var settings: EnsemblesChapter.Settings {
        EnsemblesChapter.Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.members, members).with(\.steps, steps).with(\.snapshots, snapshots)
            .with(\.adversarialFraction, adversarialFraction)
    }

    mutating func validate() throws {
        let s = settings
        guard (2...64).contains(s.members) else { throw ValidationError("--members must be between 2 and 64, got \(s.members)") }
        guard (10...1_000_000).contains(s.steps) else { throw ValidationError("--steps must be between 10 and 1,000,000, got \(s.steps)") }
        guard s.snapshots >= 2 else { throw ValidationError("--snapshots must be at least 2, got \(s.snapshots)") }
        guard s.snapshots <= s.members * s.steps else {
            throw ValidationError("--snapshots (\(s.snapshots)) cannot exceed the snapshot run's \(s.members * s.steps) steps")
        }
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
 The squared-error networks agree on the data and their spread is nearly zero there, although
 the data are noisy: they have no aleatoric part. The NLL networks learn the noise level; the
 ensemble adds the members' disagreement, which grows outside $[-4, 4]$. None of them is
 calibrated on 20 points: the "95%" interval of the ensemble covers far fewer fresh points,
 because each variance head fits the noise of its sample. Over five data draws (the tests) it
 covered between 58.5% and 87.4%, and its band outside the data was 2.0 to 2.3 times as wide as inside.
 */

/*:
 ## On the running example, beside the reference

 The same recipe on the course's running example (Lecture 1): members 1→50→50→2 with tanh and
 a Gaussian head, Adam (learning rate 0.01) on mini-batches of 10 of the 40 points. The data are
 those of Lecture 3's NUTS reference (`ReferencePosterior`, same seed), so the right panel is the
 band of chapter 3.
 */
let reference = ReferencePosterior.data(seed: settings.seed)
let runGrid = ReferencePosterior.grid(settings.reference)
let hmcChains: [Chain]
let deepMembers: [[Double]]
do {
    hmcChains = try await nb.timed("NUTS reference, \(settings.reference.chains) chains") {
        try await ReferencePosterior.chains(seed: settings.seed, settings.reference, data: reference)
    }
    deepMembers = try await nb.timed("deep ensemble on the running example, \(memberCount) members, all cores") {
        try await EnsemblesChapter.deepEnsemble(settings, data: reference)
    }
} catch {
    nb.fail("\(error)")
}
let hmcMoments = ReferencePosterior.predictive(hmcChains, at: runGrid)
let deepMoments = EnsemblesChapter.runningMoments(settings, members: deepMembers)

/// A band figure on the running example: total and aleatoric ±2 sd, the mean, optional member means.
func runningFigure(_ title: String, _ m: PredictiveMoments, color: Color, members: [[Double]] = []) -> Figure {
    .ensembleBand(title, m, grid: runGrid, truth: runGrid.map(RunningExample.truth), data: (reference.inputs, reference.targets), color: color, members: members)
}
let memberMeans = EnsemblesChapter.memberMeans(settings, members: deepMembers)
nb.figure(Panels([runningFigure("Deep ensemble (\(memberCount) members)", deepMoments, color: .green, members: memberMeans),
                  runningFigure("NUTS on the Bayesian MLP: the reference", hmcMoments, color: .blue)], rows: 1, columns: 2, width: 1200, height: 480),
          name: "04-running-example", caption: "The deep ensemble (left; members in gray) beside the NUTS reference of Lecture 3 (right): dark bands aleatoric, light bands total.")

/// The table of predictive sds on the data, at the gap centre and at the right end (woven where it is called).
@MainActor func sdTable(_ rows: [(String, PredictiveMoments)], line: Int = #line) {
    let t = ReferencePosterior.standardDeviationTable(rows, on: runGrid)
    nb.table(t.header, t.rows, line: line)
}

/*:
 Where does the diversity come from? Two ensembles of the same size on the same data: members
 that differ only in their initialisation (same mini-batches), and members that share one
 initialisation and differ only in the order of their mini-batches.
 */
let diversity: [(String, [[Double]])]
do {
    // Member k draws its initialisation and its mini-batches from separate streams; one of the two is shared.
    diversity = try await nb.timed("the two diversity ensembles") {
        [("initialisations differ, same batches", try await EnsemblesChapter.diversityEnsemble(settings, data: reference, varyInitialisation: true)),
         ("one initialisation, batch orders differ", try await EnsemblesChapter.diversityEnsemble(settings, data: reference, varyInitialisation: false))]
    }
} catch {
    nb.fail("\(error)")
}
sdTable([("NUTS reference", hmcMoments), ("deep ensemble (both differ)", deepMoments)]
        + diversity.map { name, members in (name, EnsemblesChapter.runningMoments(settings, members: members)) })

/*:
 Against the reference, the deep ensemble is too wide on the data (0.088 where NUTS, with the
 noise sd 0.05 known, has 0.053), wider in the gap (0.160 against 0.085) and far too narrow at
 the right end (0.176 against 0.510): it is least honest exactly where the reference is least
 certain. Its members share an architecture, a loss and a data set, so their errors are
 correlated (the $c$ of the formula above) and only so much disagreement is left to average.
 In this run, different mini-batch orders alone gave more spread in the gap than different
 initialisations alone (0.346 against 0.156); that is one data set and one seed, not a law: the
 slides' "uncertainties vary a lot depending on ensemble construction" is the safe summary.

 ## Snapshot ensembles: M members from one run

 Huang et al. (2017) train *one* network with a cyclic learning rate and keep a copy at the end
 of each cycle. Over $T$ steps and $M$ cycles,

 $$\alpha(t) = \frac{\alpha_0}2\left(\cos\left(\frac{\pi \bmod(t - 1, \lceil T/M\rceil)}{\lceil T/M\rceil}\right) + 1\right), \qquad t = 1, \dots, T:$$

 each cycle starts at $\alpha_0$ (a jump out of the current minimum) and anneals to almost 0 (into
 the next). The snapshot ensemble below gets $M$ members from $T = M \times$ `--steps` steps: the
 same total number of gradient steps as the deep ensemble above, in one sequential run. The
 same run with a step schedule (α₀ divided by 10 at a third and two thirds of the way) is shown
 for its learning rate and loss.

 @source Inference/Ensembles/DeepEnsemble.swift: public static func snapshot(initial
 */
let totalSteps = memberCount * settings.steps
let snapshotRun: EnsemblesChapter.SnapshotRun
do {
    snapshotRun = try nb.timed("snapshot run, \(totalSteps) steps") {
        try EnsemblesChapter.snapshotRun(settings, data: reference)
    }
} catch {
    nb.fail("\(error)")
}
let (cyclic, stepSchedule, snapshotSteps) = (snapshotRun.cyclic, snapshotRun.step, snapshotRun.snapshotSteps)
let snapshotMembers = snapshotRun.members
let snapshotMoments = EnsemblesChapter.runningMoments(settings, members: snapshotMembers)
guard !snapshotMembers.isEmpty else { nb.fail("the snapshot run kept no snapshot") }
nb.show("snapshots taken after steps \(snapshotSteps.map { "\($0 + 1)" }.joined(separator: ", ")) of \(totalSteps)")
sdTable([("NUTS reference", hmcMoments), ("deep ensemble, \(memberCount) × \(settings.steps) steps", deepMoments),
         ("snapshot ensemble, \(snapshotMembers.count) snapshots of 1 × \(totalSteps) steps", snapshotMoments)])

let stepAxis = (0..<totalSteps).map { Double($0 + 1) }
var rateFigure = Figure(title: "Learning rate", xLabel: "step t", yLabel: "α(t)", yRange: 0...0.011)
rateFigure.legend = .topRight
rateFigure.add(.line(x: stepAxis, y: (0..<totalSteps).map(cyclic.rate), title: "cyclic (snapshot)", color: .green))
rateFigure.add(.line(x: stepAxis, y: (0..<totalSteps).map(stepSchedule.rate), title: "step", color: .orange, dashed: true))
for s in snapshotSteps { rateFigure.markVertical(at: Double(s + 1)) }
var lossFigure = Figure(title: "Training loss (Gaussian NLL, running mean of 50 steps)", xLabel: "step t", yLabel: "loss", yRange: -3...1)
lossFigure.legend = .topRight
lossFigure.add(.line(x: stepAxis, y: EnsemblesChapter.runningMean(snapshotRun.cyclicLosses, over: 50), title: "cyclic (snapshot)", color: .green))
lossFigure.add(.line(x: stepAxis, y: EnsemblesChapter.runningMean(snapshotRun.stepLosses, over: 50), title: "step", color: .orange))
for s in snapshotSteps { lossFigure.markVertical(at: Double(s + 1)) }
nb.figure(Panels([rateFigure, lossFigure], rows: 1, columns: 2, width: 1200, height: 450), name: "04-snapshot-schedule",
          caption: "The snapshot schedule restarts the learning rate M times (snapshots at the vertical lines); each restart throws the loss up, each anneal brings it back down. A step schedule decays once and stays.")
nb.figure(Panels([runningFigure("Snapshot ensemble (\(snapshotMembers.count) snapshots of one run)", snapshotMoments, color: .purple,
                                members: EnsemblesChapter.memberMeans(settings, members: snapshotMembers)),
                  runningFigure("Deep ensemble (\(memberCount) independent runs)", deepMoments, color: .green, members: memberMeans)],
                 rows: 1, columns: 2, width: 1200, height: 480),
          name: "04-snapshot-vs-deep", caption: "The same number of gradient steps spent two ways: five snapshots of one cyclic run (left) and five independent runs (right), members in gray; the table above gives their predictive sd beside the reference's.")

/*:
 The snapshot ensemble is the narrowest on the data (0.034) and at the right end (0.045), and
 wider than the deep ensemble in the gap (0.230): its members are points of one trajectory, close
 to each other except where the data leave the most room. It cost one sequential run; the deep
 ensemble cost as many gradient steps, spread over independent runs that parallelise.

 ## Cost

 Members are independent, so an ensemble trains in parallel ("simple to implement and highly
 parallelizable", say the slides) — each on its own core, with the same bits whatever the
 number of cores (a test checks that). The wall times go to standard error, not into this
 chapter, because they depend on the machine. The memory does not: every member keeps its own
 weights ("memory heavy").
 */
do {
    _ = try await nb.timed("\(memberCount) members on one core") {
        try await EnsemblesChapter.deepEnsemble(settings, data: reference, maximumConcurrency: 1)
    }
    _ = try await nb.timed("\(memberCount) members on all cores") {
        try await EnsemblesChapter.deepEnsemble(settings, data: reference)
    }
} catch {
    nb.fail("\(error)")
}
let runNet = EnsemblesChapter.runningNetwork(settings)
nb.show("parameters kept: \(memberCount) members × \(runNet.parameterCount) = \(memberCount * runNet.parameterCount) (\(memberCount * runNet.parameterCount * 8 / 1024) KiB in float64); the snapshot ensemble keeps as many, the NUTS reference \(hmcChains.reduce(0) { $0 + $1.count }) draws × \(ReferencePosterior.network.parameterCount)")

/*:
 ## What to remember

 * An ensemble replaces the posterior by $n$ point masses; its predictive is the equal-weight
   mixture, whose variance is the mean of the members' variances (aleatoric) plus the $\frac1n$ spread
   of their means (epistemic).
 * Averaging $n$ members cuts the squared error from $v$ to $\frac1n(v + (n-1)c)$: the shared part $c$
   of the errors never averages away. Diversity is what an ensemble is for.
 * A member trained on the squared error has no aleatoric part, one trained on the Gaussian NLL
   has no epistemic part; an ensemble of NLL members has both.
 * Snapshot ensembles get their members from one run; the members share one trajectory.
 * No ensemble here matched the reference: the deep ensemble was too narrow far from the data on
   the running example, and overconfident on the cubic toy. Ensembles are practical, not exact.

 ## Exercises

 In `Sources/Exercises/Lecture04.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 4.1 — the ensemble error.** Implement `exercise4_1_ensembleSquaredError`:
    $\frac1n(v + (n-1)c)$ for $n$ members with error variance $v$ and pairwise covariance $c$.
 2. **Exercise 4.2 — the mixture's variance.** Implement `exercise4_2_mixtureVariance`: the variance
    of the equal-weight mixture of $\mathcal N(\mu_i, \sigma_i^2)$, from its first two moments; the test
    compares it with the law of total variance.
 3. **Exercise 4.3 — the snapshot learning rate.** Implement `exercise4_3_snapshotLearningRate`:
    Huang et al.'s $\alpha(t)$ for $t = 1, \dots, T$; the test compares it with the library's schedule.
 */
