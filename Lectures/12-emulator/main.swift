/*:
 # Lecture 12 — a neural emulator that knows when it is wrong

 The lecture opens with its motivation: neural emulators reach a simulator's accuracy at a
 fraction of its cost, but they make mistakes — a CFD emulator drifting away from the solver over
 time, a learned force field far off on an unfamiliar molecule. Uncertainty quantification is how
 an emulator can say "don't trust me here". This chapter closes that loop on a real simulation:
 an MLP learns the flow map of the viscous Burgers equation, is rolled out far beyond one step,
 and the course's methods say how far its rollouts can be trusted, in and out of the training
 distribution.

 ```
 swift run -c release emulator            # full run, figures into figures/
 swift run -c release emulator --help     # options
 ```
 */
import ArgumentParser
import Course
import Foundation
import Inference
import Notebook
import Plotting

typealias Settings = EmulatorChapter.Settings

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "emulator", abstract: "Lecture 12: an emulator of Burgers' equation and its uncertainty.")
    @OptionGroup var common: LectureOptions
    @Option(help: "Training trajectories (default \(Settings.standard().trainingCount); --quick: \(Settings.quick().trainingCount)).") var trajectories: Int?
    @Option(help: "Adam steps per network (default \(Settings.standard().training.steps); --quick: \(Settings.quick().training.steps)).") var steps: Int?
    @Option(help: "Deep-ensemble members (default \(Settings.standard().members); --quick: \(Settings.quick().members)).") var members: Int?
    @Option(help: "Test initial conditions per family (default \(Settings.standard().testCount); --quick: \(Settings.quick().testCount)).") var tests: Int?
    @Option(help: "Tolerance on the RMS error that ends the trust horizon (default \(Settings.standard().tolerance)).") var tolerance: Double?

    /// The chapter's settings with this command line's changes.
    var settings: Settings {
        Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.trainingCount, trajectories).with(\.training.steps, steps).with(\.members, members)
            .with(\.testCount, tests).with(\.tolerance, tolerance)
    }

    mutating func validate() throws {
        let s = settings
        guard (2...10_000).contains(s.trainingCount) else { throw ValidationError("--trajectories must be between 2 and 10,000, got \(s.trainingCount)") }
        guard (10...1_000_000).contains(s.training.steps) else { throw ValidationError("--steps must be between 10 and 1,000,000, got \(s.training.steps)") }
        guard (2...50).contains(s.members) else { throw ValidationError("--members must be between 2 and 50, got \(s.members)") }
        guard (2...1000).contains(s.testCount) else { throw ValidationError("--tests must be between 2 and 1,000, got \(s.testCount)") }
        guard s.tolerance > 0 else { throw ValidationError("--tolerance must be positive, got \(s.tolerance)") }
    }
}

let options = Options.parseOrExitWithOneLine()
let nb = Notebook(options.common)
let setup = options.settings

/*:
 ## The simulation

 The viscous Burgers equation on the periodic interval $[0, 2\pi)$,
 $$u_t + u\,u_x = \nu\,u_{xx}, \qquad \nu = 0.1,$$
 a model of a fluid's velocity in which fronts steepen until viscosity holds them. The reference
 solver (`BurgersSolver`) writes the advection in conservative form $(u^2/2)_x$ with second-order central
 differences on 64 points and steps in time with RK4 ($\Delta t_\text{solver} = 0.01$). Its accuracy against
 the exact Cole–Hopf solution is a test of the course (second order: the error falls by 3.95 per
 halving of $\Delta x$), and so is the conservation of the mean of $u$, which the flux form keeps to
 rounding:
 */
let check = EmulatorChapter.solverCheck()
nb.show(String(format: "t = 1: largest error against Cole–Hopf %.1e; mean of u at t = 0 and t = 1 (u₀ shifted by 0.3): %.15f, %.15f",
               check.largestError, check.meanBefore, check.meanAfter))

/*:
 **The emulator** learns the flow map over a large step, $\Delta t = 0.2$ (20 solver steps): an MLP
 64 → 128 → 128 → 64 (tanh) from the state $u(t)$ on the grid to the increment $u(t + \Delta t) - u(t)$, trained
 by Adam on the mean squared error. A rollout applies it again and again, $u \leftarrow u + f_\theta(u)$, to
 $t = 4$ (20 steps).

 **The training distribution**: smooth initial conditions $u_0(x) = A\,g(x)/\max|g|$ with
 $g(x) = \sum_{k=1}^{3}(a_k \sin kx + b_k\cos kx)/k$, $a_k, b_k \sim \mathcal N(0, 1)$, amplitude $A \sim U(0.25, 1)$; 200 solver trajectories of 20
 steps give 4,000 training pairs. **Out of distribution**: the same modes with $A \sim U(1.5, 2)$, so
 the fronts steepen faster and further than anything seen in training.

 @source Course/Chapter12/BurgersEmulator.swift: public static func rollout(
 */
let data = EmulatorChapter.trainingData(setup)
let network = EmulatorChapter.network(setup)
nb.show("training pairs: \(data.x.shape[0]) (\(setup.trainingCount) trajectories × \(setup.rolloutSteps) steps), \(network.parameterCount) weights per network")
let examples = EmulatorChapter.exampleInitialConditions(setup)
let exampleFigures = zip(["training family: A ≤ 1", "out of distribution: A ∈ [1.5, 2]"], examples).map { title, draws -> Figure in
    var f = Figure(title: title, xLabel: "x", yLabel: "u₀(x)", xRange: 0...(2 * Double.pi), yRange: -2.2...2.2)
    f.legend = .hidden
    for (k, u0) in draws.enumerated() { f.add(.line(x: BurgersEmulator.solver.nodes, y: u0, color: Color.cycle[k])) }
    return f
}
nb.figure(Panels(exampleFigures, rows: 1, columns: 2, width: 1200, height: 420), name: "12-initial-conditions",
          caption: "Five initial conditions from the training family (left, amplitude 0.25 to 1) and five from the out-of-distribution family (right, amplitude 1.5 to 2): same modes, 2.8 times the amplitude on average.")

/*:
 ## Five ways to know the uncertainty

 Each method gives several emulators; each is rolled out on its own and the spread of their
 rollouts is the predictive:

 - **Deep ensemble**: 5 networks from 5 random initialisations and mini-batch orders (12,000 Adam steps each).
 - **MC dropout**: one network trained with dropout (rate 0.02) after each hidden layer; 20 rollouts,
   each keeping one set of masks for all its steps — one network drawn from the approximate posterior.
 - **SWAG**: from the first member, 5,000 SGD steps on batches of 64 (rate 10 on ½·MSE; a trial at 50
   diverged), an iterate every 50 steps, rank 20; 20 weight draws.
 - **Bayes-by-Backprop**: a mean-field Gaussian over the 33,088 weights, prior $\mathcal N(0, 1)$, noise variance
   $2\cdot10^{-4}$ (about twice the members' one-step test error; larger than their training residual), closed-form KL, 100 epochs; 20 weight draws.
 - **Last-layer Laplace** (Lecture 8) on the first member: its last layer is a linear map of the last
   hidden layer's 128 features $\phi(u)$ (and a 1) to the 64 increments, so with Gaussian noise of
   variance $\sigma^2$, iid over outputs, and the prior $\mathcal N(0, s^2 I)$ on it, its covariance is that of
   Bayesian linear regression on those features, one shared precision $\Lambda = \Phi^\top\Phi/\sigma^2 + I/s^2$
   (129 × 129) for all 64 outputs; as in Laplace, its mean is the member's trained last layer, not
   the ridge solution. $\sigma^2$ and $s^2$ come from MacKay's fixed point of the Laplace evidence:
   $\sigma^2 = \lVert Y - \Phi M\rVert^2/(Nn - \gamma)$, the member's training residual corrected for the $\gamma$
   determined weights, and $s^2 = \lVert M\rVert^2/\gamma$; 20 draws of the last layer, the rest of the
   network fixed.

 Seven networks are trained in parallel on the two cores.

 @source Course/Chapter12/EmulatorChapter.swift: public static func rollouts(
 */
let jobs = setup.members + 2
let bar = nb.progress("training \(jobs) networks", total: jobs)
let networks: EmulatorChapter.Networks
let swag: SWAG
let laplace: MultiOutputLastLayerLaplace
do {
    networks = try await EmulatorChapter.networks(setup, data: data, finished: { bar.update($0, detail: "\($0)/\(jobs) networks") })
    bar.finish()
    swag = try nb.timed("SWAG from the first member") { try EmulatorChapter.swag(setup, data: data, from: networks.members[0]) }
    laplace = try nb.timed("last-layer Laplace on the first member") { try EmulatorChapter.lastLayerLaplace(setup, data: data, from: networks.members[0]) }
} catch {
    nb.fail("\(error)")
}
let members = networks.members
let tunedEvidence = laplace.evidence
nb.show(String(format: "last-layer Laplace, tuned by the evidence: σ² = %.3g (σ = %.4f), s² = %.3g; effective parameters γ = %.0f of %d (%d features × %d outputs)",
               laplace.noiseVariance, laplace.noiseVariance.squareRoot(), laplace.priorVariance,
               tunedEvidence.effectiveParameters(priorVariance: laplace.priorVariance, noiseVariance: laplace.noiseVariance),
               laplace.featureCount * laplace.outputCount, laplace.featureCount, laplace.outputCount))

/*:
 ## Rollouts, in and out of distribution

 Forty test initial conditions from each family (`--tests`), none seen in training, rolled out to
 $t = 4$ by every draw of every method, beside the solver.
 */
let families = [(name: "in distribution", family: EmulatorChapter.Family.inDistribution), ("out of distribution", .outOfDistribution)]
let methodNames = EmulatorChapter.methodNames
var tests = [(initial: [Double], truth: [[Double]])]()
var ensembles = [[RolloutEnsemble]]()   // [family][method]
do {
    for f in families {
        let test = EmulatorChapter.testSet(setup, f.family)
        tests.append(test)
        ensembles.append(try EmulatorChapter.rollouts(setup, networks, swag: swag, laplace: laplace, family: f.family, from: test.initial))
    }
} catch {
    nb.fail("\(error)")
}
let scores = ensembles.indices.map { f in EmulatorChapter.scores(setup, ensembles[f], truth: tests[f].truth) }
let spaceTime = families.indices.flatMap { f in EmulatorChapter.spaceTimePanels(families[f].name, ensemble: ensembles[f][0], truth: tests[f].truth) }
nb.figure(Panels(spaceTime, rows: 2, columns: 4, width: 1700, height: 820), name: "12-space-time",
          caption: "One test initial condition in distribution (top) and one out of distribution (bottom), x across and t up: the solver, the deep ensemble's mean rollout on the same colour scale, the error of that mean and the ensemble's predicted sd on one scale of their own.")

/*:
 In this seed's figure, the top row is what a good emulator looks like: the mean rollout is the solver's field, and the
 error and the predicted sd are both of the order of 0.01, a few percent of the field. Out of
 distribution (bottom) the front is steeper than anything in the training data and the emulator
 overshoots it: the error, up to 0.6, sits on the front as it forms. The ensemble's spread sits in
 the same place, on the same colour scale, but is about three times smaller than the error.

 ## Error and predicted uncertainty against rollout time

 RMS over the grid and the test initial conditions, per method: the error of the mean rollout and
 the predicted sd, and how often the solver falls inside the central 90% band mean ± 1.645 sd.
 */
let times = EmulatorChapter.times(setup)
let colors: [Color] = [.blue, .vermillion, .purple, .green, .orange]
let curveFigures = families.indices.flatMap { f -> [Figure] in
    var errorFigure = Figure(title: "\(families[f].name): error (solid) and predicted sd (dashed)", xLabel: "t", yLabel: "RMS over x and tests (log scale)", xRange: 0...times.last!)
    errorFigure.logY = true
    errorFigure.legend = .below
    var coverageFigure = Figure(title: "\(families[f].name): coverage of the 90% band", xLabel: "t", yLabel: "fraction of solver values inside", xRange: 0...times.last!, yRange: 0...1)
    coverageFigure.legend = .below
    coverageFigure.add(.line(x: [0, times.last!], y: [0.9, 0.9], title: "nominal 0.9", color: .black, width: 1, dashed: true))
    for (m, s) in scores[f].enumerated() {
        errorFigure.add(.line(x: Array(times.dropFirst()), y: Array(s.error.dropFirst()), title: methodNames[m], color: colors[m]))
        errorFigure.add(.line(x: Array(times.dropFirst()), y: Array(s.spread.dropFirst()).map { max($0, 1e-5) }, color: colors[m], dashed: true))
        coverageFigure.add(.line(x: Array(times.dropFirst()), y: Array(s.coverage90.dropFirst()), title: methodNames[m], color: colors[m]))
    }
    return [errorFigure, coverageFigure]
}
nb.figure(Panels(curveFigures, rows: 2, columns: 2, width: 1300, height: 1050), name: "12-error-and-spread",
          caption: "Left: RMS error of each method's mean rollout (solid) and its predicted sd (dashed), in distribution (top) and out (bottom). Right: the fraction of solver values inside each method's central 90% band.")
let reportTimes = [1, setup.rolloutSteps / 4, setup.rolloutSteps]
nb.table(["method", "family"] + reportTimes.flatMap { ["error t=\(String(format: "%.1f", times[$0]))", "sd t=\(String(format: "%.1f", times[$0]))"] } + ["90% coverage, all t"],
         families.indices.flatMap { f in scores[f].enumerated().map { m, s in
             [methodNames[m], families[f].name] + reportTimes.flatMap { [String(format: "%.4f", s.error[$0]), String(format: "%.4f", s.spread[$0])] }
                 + [String(format: "%.2f", s.coverage90.dropFirst().reduce(0, +) / Double(setup.rolloutSteps))]
         } })
let oneStep = scores[0][0].error[1], inRollout = scores[0][0].rolloutError, outRollout = scores[1][0].rolloutError
nb.show(String(format: "deep ensemble: one-step RMS error in distribution %.4f (the state's RMS is %.2f); rollout RMS error %.4f in, %.4f out: %.1f times larger",
               oneStep, (tests[0].truth[1].reduce(0.0) { $0 + $1 * $1 } / Double(tests[0].truth[1].count)).squareRoot(), inRollout, outRollout, outRollout / inRollout))

/*:
 That table is one seed: one training set, one set of networks, one pair of test sets. The same
 experiment at seeds 1 to 5 (each seed its own training trajectories, networks and test initial
 conditions) gives every number the chapter compares as mean ± standard error over the seeds.
 */
let sweepSeeds = setup.sweptSeeds
let sweepBar = nb.progress("the emulator over seeds \(sweepSeeds.first!)–\(sweepSeeds.last!)", total: sweepSeeds.count)
let sweep: EmulatorSweep
do {
    var finished = 0
    sweep = try await EmulatorChapter.sweep(setup, done: [setup.seed: scores]) { seed in
        finished += 1
        sweepBar.update(finished, detail: "seed \(seed)")
    }
    sweepBar.finish()
} catch {
    nb.fail("\(error)")
}
let fmt = { (s: (mean: Double, standardError: Double)) in EmulatorSweep.format(s) }
let fmt2 = { (s: (mean: Double, standardError: Double)) in EmulatorSweep.format(s, digits: 2) }
let sweepLabel = "seeds \(sweepSeeds.first!)–\(sweepSeeds.last!)"
nb.table(["method (\(sweepLabel))", "family"] + reportTimes.map { "error t=\(String(format: "%.1f", times[$0]))" } + reportTimes.map { "sd t=\(String(format: "%.1f", times[$0]))" },
         EmulatorChapter.Family.allCases.flatMap { family in methodNames.indices.map { m in
             [methodNames[m], families[family.rawValue].name] + reportTimes.map { fmt(sweep.summary(EmulatorSweep.error(m, family, step: $0))) }
                 + reportTimes.map { fmt(sweep.summary(EmulatorSweep.spread(m, family, step: $0))) }
         } })
nb.table(["method (\(sweepLabel))"] + reportTimes.map { "error out/in t=\(String(format: "%.1f", times[$0]))" } + reportTimes.map { "sd out/in t=\(String(format: "%.1f", times[$0]))" }
            + ["90% coverage in", "90% coverage out"],
         methodNames.indices.map { m in
             [methodNames[m]] + reportTimes.map { fmt2(sweep.summary(EmulatorSweep.errorRatio(m, step: $0))) }
                 + reportTimes.map { fmt2(sweep.summary(EmulatorSweep.spreadRatio(m, step: $0))) }
                 + EmulatorChapter.Family.allCases.map { fmt2(sweep.summary(EmulatorSweep.coverage(m, $0))) }
         })

/*:
 Every method's emulator is good in distribution (over seeds 1–5, one-step errors of 0.009 to
 0.026, 3–8% of the state's RMS of 0.32) and an order of magnitude worse outside it: at t = 1 the
 deep ensemble's error is 18.0 ± 0.7 times larger out of distribution. Along a rollout the error
 does not simply grow: it rises over the first second, while the fronts steepen, and then falls from
 t = 1 to t = 4 as viscosity damps the field and its errors with it (the deep ensemble's 0.0160 ±
 0.0009 to 0.0098 ± 0.0004 in distribution, 0.285 ± 0.007 to 0.136 ± 0.005 out; every method's
 error falls the same way out of distribution; in distribution Bayes-by-Backprop's stays at 0.030
 ± 0.001 and 0.029 ± 0.001, and last-layer Laplace's fall, 0.019 ± 0.001 to 0.017 ± 0.002, is
 within the seeds' noise).

 What differs is what the methods *say*. The deep ensemble's spread follows its error in
 distribution (its 90% band holds 88% of the solver's values) and grows by a factor of 4.6 to 6.7
 out of distribution (t = 0.2, 1, 4), while its error grows by 14 to 18, so the band holds only 45%
 there. MC dropout and Bayes-by-Backprop start with a spread far below their error and widen
 steadily with time; out of distribution their spread grows by 1.5 to 2.8 times while their error
 grows by 6.9 to 7.6 (MC dropout) and 8.4 to 11.6 (Bayes-by-Backprop). SWAG, rolled out from draws
 around one network, widens with time but barely reacts to the change of distribution (its sd out
 of distribution 1.3 to 1.7 times its sd in): at t = 4 its sd is 0.008 in and 0.010 out, against
 errors of 0.009 and 0.139.

 Last-layer Laplace is the one method besides the deep ensemble whose spread reacts to the change
 of distribution: its sd out of distribution is 6.1 ± 0.2, 6.6 ± 0.2 and 5.5 ± 0.2 times its sd in
 (t = 0.2, 1, 4), the ensemble's 4.6 to 6.7, where SWAG, MC dropout and Bayes-by-Backprop stay
 between 1.3 and 2.8. Its features see the steeper fronts, and $\phi^\top\Lambda^{-1}\phi$ grows where they
 lie outside what $\Phi^\top\Phi$ has seen. But it starts far too narrow: over the seeds
 the spread at the first step is 0.0008 ± 0.0001 in distribution against an error of 0.0100 ±
 0.0006. The drawn spread is only the weight uncertainty $\phi^\top\Lambda^{-1}\phi$, about $\sigma^2 k/N$ with 4,000
 training pairs, and $\sigma$ itself is the training residual ($\sigma = 0.0037$ at the chapter's seed, printed
 after the training), below the test error: a gap the evidence cannot see. Along the rollout the
 drawn last layers compound (at one step these draws are Lecture 8's linearised predictive; along
 a rollout each drawn layer feeds the next step's features, so the rollout samples the network,
 which Lecture 8 warns against, and the weights the data leave to the prior, $8{,}256 - \gamma$, are
 what compound), and the spread overtakes the error in distribution by t = 4 (0.022 ± 0.001
 against 0.017 ± 0.002; paired over the seeds +0.005 ± 0.002). For most of the rollout, though, it
 is far narrower than its error, so over the times its 90% band holds only 49% of the solver's
 values in distribution and 32% out. The mean rollout's error at t = 4 in distribution (0.0173 ±
 0.0016) is nearly twice SWAG's (0.0093 ± 0.0007; paired +0.0079 ± 0.0009); SWAG's draws centre
 on an average of further SGD iterates from the same member, and the chapter does not separate
 the two causes. The printed γ is how many of the 8,256 last-layer weights the data determine.

 ## Does the uncertainty flag the error?

 Each (test rollout, time) pair gives an RMS error and an RMS predicted sd. If the uncertainty is
 useful, larger sd should mean larger error: Spearman's rank correlation between the two, per
 method, within each family and over both together (where the sd must also tell in from out). The
 **trust horizon**: the time at which a rollout's predicted sd first exceeds the tolerance
 (`--tolerance` = 0.05), beside the time at which its actual error does, averaged over the rollouts
 (a rollout that never crosses counts $t = 4.2$).
 */
nb.table(["method (\(sweepLabel))", "rank corr. in", "rank corr. out", "rank corr. both"],
         methodNames.indices.map { m in
             [methodNames[m]] + [EmulatorChapter.Family.inDistribution, .outOfDistribution, nil].map { fmt2(sweep.summary(EmulatorSweep.rankCorrelation(m, $0))) }
         })
nb.table(["method (seed \(setup.seed))", "rank corr. in", "rank corr. out", "rank corr. both", "horizon in: predicted", "actual", "horizon out: predicted", "actual"],
         methodNames.indices.map { m in
             [methodNames[m], String(format: "%.2f", scores[0][m].rankCorrelation), String(format: "%.2f", scores[1][m].rankCorrelation),
              String(format: "%.2f", RolloutScores.pooledRankCorrelation([scores[0][m], scores[1][m]])),
              String(format: "%.1f", scores[0][m].predictedHorizon), String(format: "%.1f", scores[0][m].actualHorizon),
              String(format: "%.1f", scores[1][m].predictedHorizon), String(format: "%.1f", scores[1][m].actualHorizon)]
         })
var flagFigure = Figure(title: "deep ensemble: predicted sd against actual error, per rollout and time", xLabel: "predicted RMS sd", yLabel: "actual RMS error")
flagFigure.logX = true
flagFigure.logY = true
flagFigure.legend = .topLeft
for (f, color) in zip(families.indices, [Color.blue, .vermillion]) {
    let per = scores[f][0].perRollout
    flagFigure.add(.points(x: per.flatMap(\.spread), y: per.flatMap(\.error), title: families[f].name, color: color, size: 0.5))
}
let diagonal = [1e-4, 1.0]
flagFigure.add(.line(x: diagonal, y: diagonal, title: "error = sd", color: .black, width: 1, dashed: true))
nb.figure(flagFigure, name: "12-flagging", caption: "Each dot one test rollout at one time: the deep ensemble's predicted RMS sd against its actual RMS error, in distribution (blue) and out (red), with the line where they are equal.", width: 800, height: 650)

/*:
 Over seeds 1–5 the deep ensemble ranks its errors in distribution (0.74 ± 0.01) and still
 usefully outside (0.57 ± 0.01), and over both families together (0.91 ± 0.00) its sd separates
 the rollouts that are off from those that are not. At the chapter's seed its predicted horizon out
 of distribution (0.9) comes early — the warning one wants — though the error has crossed the
 tolerance sooner still, at the first step. Bayes-by-Backprop ranks well in distribution (0.68 ±
 0.01) but not outside (0.07 ± 0.04): it works well enough to keep in the comparison (its mean
 rollout's error in distribution is 1.8 to 3.0 times the ensemble's) but not to trust out of it.
 MC dropout and SWAG rank poorly everywhere (0.31 ± 0.04 and 0.10 ± 0.02 in distribution, 0.07 ±
 0.01 and −0.10 ± 0.04 out), and at the chapter's seed their predicted horizons out of
 distribution come long after the error crossed. The figure shows why the ensemble's warning is
 usable but not calibrated: the two families are two clouds along the diagonal, but the red one
 lies above it, the error several times the sd.
 Last-layer Laplace ranks its errors in distribution (0.64 ± 0.03) but out of distribution the
 ranking turns negative (−0.18 ± 0.03): its spread grows out of distribution as a whole, which
 gives 0.71 ± 0.02 over both families, but within that family it does not say which rollouts are
 off.

 ## Cost

 What one emulator step costs against the 20 solver steps it replaces, counted in floating-point
 operations per initial condition (the measured times of this run go to standard error):
 */
let flops = EmulatorChapter.operationCounts(setup)
nb.show(String(format: "per Δt = 0.2 and initial condition: solver ≈ %.0f flops (20 RK4 steps of about 60 flops per point: 4 right-hand sides and stage updates, the final sum), one emulator ≈ %.0f flops; a method with S draws costs S emulators",
               flops.solver, flops.emulator))
do {
    let clock = { DispatchTime.now().uptimeNanoseconds }
    let start = clock()
    for k in 0..<setup.testCount { _ = BurgersEmulator.trajectory(Array(tests[0].initial[(k * 64)..<((k + 1) * 64)]), steps: setup.rolloutSteps) }
    let solverSeconds = Double(clock() - start) / 1e9
    let middle = clock()
    _ = BurgersEmulator.rollout(network, parameters: members[0], from: tests[0].initial, steps: setup.rolloutSteps)
    let emulatorSeconds = Double(clock() - middle) / 1e9
    let simulated = Double(setup.testCount) * Double(setup.rolloutSteps) * BurgersEmulator.timeStep
    nb.note(String(format: "time per simulated unit of time and initial condition: solver %.2e s, one emulator (all tests in one batch) %.2e s", solverSeconds / simulated, emulatorSeconds / simulated))
}

/*:
 By operation count the emulator is no bargain on this problem: the solver is explicit,
 one-dimensional and 64 points wide, and one emulator step costs about as many operations as the
 20 solver steps it replaces. By the clock it was 14 and 21 times faster in two runs on the course's
 2-core machine (solver 1.8 and 2.5·10⁻⁴ s, emulator 1.3 and 1.2·10⁻⁵ s per simulated unit of time
 and initial condition),
 because the emulator runs as matrix products over all test states at once while this solver
 steps one state at a time through small arrays: a difference of implementation, not of method.
 Emulators pay where the solver is expensive — three dimensions, implicit steps, stiff chemistry —
 and there the factor of 5 to 20 for the uncertainty's draws is the price of knowing when the cheap
 answer is wrong.

 ## Take-aways

 - An emulator that is accurate in distribution can be an order of magnitude off outside it; along
   a rollout its error grows while the fronts form and decays with them, as viscosity damps the field.
 - Of the course's methods, the deep ensemble's disagreement is the one that tracks the error here,
   and it grows out of distribution — a usable warning, not a calibrated one.
 - SWAG from one network, mean-field Bayes-by-Backprop and MC dropout report
   spreads that barely react to the change of distribution: an emulator's uncertainty has to be
   checked against the solver before it is trusted.
 - Last-layer Laplace on one member, one 129 × 129 Gram matrix of the training features on top of
   its training, grows its spread out of distribution by a factor similar to the deep ensemble's
   (5.5–6.6 against 4.6–6.7), but starts an order of magnitude too narrow: out of distribution it
   flags the family, not the rollout.

 ## Exercises

 In `Sources/Exercises/Lecture12.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 12.1 — a rollout.** Implement `exercise12_1_rollout`: $u_{k+1} = u_k + f(u_k)$ from $u_0$.
 2. **Exercise 12.2 — the trust horizon.** Implement `exercise12_2_trustHorizon`: the first time a
    rollout's error (or sd) curve exceeds the tolerance.
 3. **Exercise 12.3 — Spearman's rank correlation.** Implement `exercise12_3_spearman` for samples
    without ties, $\rho = 1 - 6\sum d_i^2/(n(n^2 - 1))$.
 4. **Exercise 12.4 — an experiment: train on what you will meet.** Widen the training family to
    amplitudes 0.25–2, so that the out-of-distribution test family lies inside it. Predict the deep
    ensemble's ratio of rollout errors out/in before you run `exercise12_4_widerTraining` (quick
    settings, a few seconds), then measure it for both training families and explain what the
    error out of distribution owes to the method and what to the data.
 */
