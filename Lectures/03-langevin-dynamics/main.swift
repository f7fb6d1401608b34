/*:
 # Lecture 3 — Langevin dynamics, SGLD, Hamiltonian Monte Carlo and NUTS

 Random-walk Metropolis (Lecture 2) proposes blindly. The log posterior's *gradient* says which
 way is uphill; samplers that use it move much further per step. This chapter builds them one
 after the other: Langevin dynamics (and what its discretisation costs), its Metropolis-adjusted
 version MALA, stochastic-gradient Langevin dynamics (SGLD, and what mini-batches cost),
 Hamiltonian Monte Carlo (HMC), the efficient variant, and the No-U-Turn sampler (NUTS), which
 tunes HMC by itself — and which then gives the course's gold-standard posterior for the
 Bayesian neural network of the running example.

 ```
 swift run -c release langevin            # full run
 swift run -c release langevin --help     # options
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
    static let configuration = CommandConfiguration(commandName: "langevin", abstract: "Lecture 3: Langevin dynamics, SGLD, Hamiltonian Monte Carlo and NUTS.")
    @OptionGroup var common: LectureOptions
    @Option(help: "Independent NUTS chains (the reference) for the Bayesian MLP, run in parallel (default \(LangevinChapter.Settings.standard().reference.chains)).") var chains: Int?
    @Option(help: "NUTS draws per chain for the Bayesian MLP, after as many warm-up iterations (default \(LangevinChapter.Settings.standard().reference.draws); --quick: \(LangevinChapter.Settings.quick().reference.draws)).") var draws: Int?
    @Option(help: "SGLD iterations on the mixture example (default \(LangevinChapter.Settings.standard().sgldSteps); --quick: \(LangevinChapter.Settings.quick().sgldSteps)).") var sgldSteps: Int?
    @Option(help: "Seed of the mixture example's \(LangevinChapter.Settings.standard().mixtureCount) data points (default \(LangevinChapter.Settings.standard().mixtureSeed), which gives two modes, as in Welling & Teh).") var mixtureSeed: UInt64?

    /// The chapter's settings: standard or quick, then the options given.
    var settings: LangevinChapter.Settings {
        LangevinChapter.Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.reference.chains, chains).with(\.reference.draws, draws).with(\.sgldSteps, sgldSteps)
            .with(\.mixtureSeed, mixtureSeed)
    }

    mutating func validate() throws {
        let s = settings
        guard (2...64).contains(s.reference.chains) else { throw ValidationError("--chains must be between 2 and 64, got \(s.reference.chains)") }
        guard (50...100_000).contains(s.reference.draws) else { throw ValidationError("--draws must be between 50 and 100,000, got \(s.reference.draws)") }
        guard (1000...100_000_000).contains(s.sgldSteps) else { throw ValidationError("--sgld-steps must be between 1,000 and 100,000,000, got \(s.sgldSteps)") }
    }
}

let options = Options.parseOrExitWithOneLine()
let settings = options.settings
let nb = Notebook(options.common)

/*:
 ## From random walk to Langevin to Hamilton

 Write the target as $p(\omega \mid \mathcal D) \propto e^{-U(\omega)}$ with the *potential energy*
 $U(\omega) = -\ln p(\omega) - \ln p(\mathcal D \mid \omega)$ (up to a constant; for a target that is not
 a posterior, $U$ is minus its log density). (The slide on Langevin
 dynamics writes $U(\omega) = -\log(\omega) - \log(\mathcal D \mid \omega)$: the $p$s are missing, and it means
 the negative log prior plus the negative log likelihood.) Three gradient-based moves:

 * **Langevin dynamics (ULA)**: $\omega_{t+1} = \omega_t - \frac{\varepsilon}{2}\nabla U(\omega_t) + \eta_t$,
   $\eta_t \sim \mathcal N(0, \varepsilon I)$ — a step downhill in $U$ plus just enough noise. It is the
   Euler discretisation of a diffusion whose stationary law is the target; the discretisation is not, so
   ULA samples a slightly wrong distribution.
 * **MALA**: the same step as a Metropolis–Hastings proposal, $\pi(\omega'\mid\omega) = \mathcal N(\omega - \frac\varepsilon2\nabla U(\omega), \varepsilon I)$,
   accepted with the MH rule of Lecture 2 — exact for every $\varepsilon$.
 * **HMC**: give $\omega$ a momentum $p \sim \mathcal N(0, I)$ and follow Hamilton's equations for
   $H(\omega, p) = U(\omega) + \frac12\lVert p\rVert^2$ with $L$ *leapfrog* steps of size $\varepsilon$,
   then accept with probability $\min(1, e^{H_\text{start} - H_\text{end}})$. $H$ is conserved by the
   exact dynamics, so long trajectories are accepted almost always.

 The same correlated Gaussian as Neal (2011, §5.3.3) — unit variances, $\rho = 0.95$ — and the same
 budget of 400 gradient (or density) evaluations for each, from the same start:

 @source Inference/Sampling/Langevin.swift: public func sample(_ target: LogDensityGradient
 */
let start = settings.start
var paths = [(String, [[Double]])]()
do {
    let names = ["random-walk MH (s = \(settings.randomWalkScale))", "ULA (ε = \(settings.langevinStepSize))", "MALA (ε = \(settings.langevinStepSize))",
                 "HMC (ε = \(settings.hmcStepSize), L = \(settings.hmcLeapfrogSteps))"]
    paths = try Array(zip(names, LangevinChapter.firstSteps(settings)))
} catch {
    nb.fail("\(error)")
}
let (axis, nealLogDensity) = LangevinChapter.nealDensityGrid(settings)
var firstSteps = [Figure]()
for (title, path) in paths {
    var f = Figure(title: title, xLabel: "ω1", yLabel: "ω2", xRange: -2.5...2.5, yRange: -2.5...2.5)
    f.equalAxes = true
    f.legend = .hidden
    f.add(.contours(x: axis, y: axis, values: nealLogDensity, levels: [-0.5, -2, -4.5], color: .gray, width: 1))
    f.add(.line(x: path.map { $0[0] }, y: path.map { $0[1] }, color: .blue, width: 1))
    f.add(.points(x: path.map { $0[0] }, y: path.map { $0[1] }, color: .blue, size: 0.4))
    f.add(.points(x: [start[0]], y: [start[1]], color: .vermillion, size: 1.5))
    firstSteps.append(f)
    let spread = (0..<2).map { j in variance(path.suffix(path.count / 2).map { $0[j] }).squareRoot() }
    nb.show(title.padding(toLength: 26, withPad: " ", startingAt: 0)
            + String(format: "states visited: %3d, sd of the second half: (%.2f, %.2f) — target (1, 1)", path.count, spread[0], spread[1]))
}
nb.figure(Panels(firstSteps, rows: 2, columns: 2, title: "\(settings.budget) gradient (or density) evaluations each, from the same start (red); target ρ = \(settings.correlation)", width: 1000, height: 1000),
          name: "03-first-steps", caption: "Random-walk MH, ULA, MALA and HMC on a correlated Gaussian with the same budget of evaluations: the random walk and the Langevin samplers crawl along the ridge; HMC's 20 trajectories cross it.")

/*:
 ## The price of discretisation: ULA's bias

 On a 1-D Gaussian $\mathcal N(0, \sigma^2)$ the ULA step is linear,
 $\omega' = (1 - \frac{\varepsilon}{2\sigma^2})\,\omega + \sqrt\varepsilon\, z$, so its stationary variance
 $v$ solves $v = (1 - \frac{\varepsilon}{2\sigma^2})^2 v + \varepsilon$:

 $$v_\text{ULA} = \frac{\sigma^2}{1 - \varepsilon/(4\sigma^2)} > \sigma^2,$$

 too wide, and divergent for $\varepsilon \ge 4\sigma^2$. MALA's accept/reject step removes the bias
 entirely. Measured on long chains, with 2-standard-error bars ($\mathrm{SE}[\hat v] \approx v\sqrt{2/\mathrm{ESS}}$):
 */
let epsilons = settings.varianceStepSizes
let variances: [LangevinChapter.StationaryVariance]
let varianceBar = nb.progress("ULA and MALA on N(0, 1)", total: epsilons.count)
do {
    variances = try LangevinChapter.stationaryVariances(settings) { varianceBar.update($0) }
} catch {
    nb.fail("\(error)")
}
varianceBar.finish()
let ulaMeasured = variances.map(\.ula), ulaErrors = variances.map(\.ulaStandardError)
let malaMeasured = variances.map(\.mala), malaErrors = variances.map(\.malaStandardError)
nb.table(["ε", "ULA theory σ²/(1−ε/4σ²)", "ULA measured", "(meas − theory)/SE", "MALA measured (σ² = 1)"], variances.map { v in
    [String(format: "%.2f", v.stepSize), String(format: "%.4f", v.theory), String(format: "%.4f ± %.4f", v.ula, v.ulaStandardError),
     String(format: "%+.1f", (v.ula - v.theory) / v.ulaStandardError), String(format: "%.4f ± %.4f", v.mala, v.malaStandardError)]
})

let epsilonAxis = linspace(0.04, 2.6, count: 200)
var bias = Figure(title: "Stationary variance on N(0, 1)", xLabel: "step size ε", yLabel: "variance of the chain", xRange: 0.035...3, yRange: 0.8...3.2)
bias.logX = true
bias.legend = .topLeft
bias.add(.line(x: epsilonAxis, y: epsilonAxis.map { 1 / (1 - $0 / 4) }, title: "ULA theory σ²/(1 − ε/4σ²)", color: .vermillion))
bias.add(.band(x: epsilons, lower: zip(ulaMeasured, ulaErrors).map { $0 - 2 * $1 }, upper: zip(ulaMeasured, ulaErrors).map { $0 + 2 * $1 }, title: "ULA measured ± 2 SE", color: .vermillion, opacity: 0.3))
bias.add(.points(x: epsilons, y: ulaMeasured, title: "ULA measured", color: .vermillion, size: 1))
bias.add(.line(x: [0.035, 3], y: [1, 1], title: "σ² = 1", color: .black, dashed: true))
bias.add(.band(x: epsilons, lower: zip(malaMeasured, malaErrors).map { $0 - 2 * $1 }, upper: zip(malaMeasured, malaErrors).map { $0 + 2 * $1 }, title: "MALA measured ± 2 SE", color: .blue, opacity: 0.3))
bias.add(.points(x: epsilons, y: malaMeasured, title: "MALA measured", color: .blue, size: 1, shape: .diamond))
nb.figure(bias, name: "03-ula-bias", caption: "ULA's stationary variance on N(0, 1) grows with the step size exactly as σ²/(1 − ε/4σ²) predicts; MALA's stays at σ².")

/*:
 ## Hamiltonian dynamics and the leapfrog integrator

 HMC integrates $\dot\omega = p$, $\dot p = -\nabla U(\omega)$ with the leapfrog scheme

 $$p_{\frac12} = p - \tfrac\varepsilon2\nabla U(\omega),\quad \omega' = \omega + \varepsilon\, p_{\frac12},\quad p' = p_{\frac12} - \tfrac\varepsilon2\nabla U(\omega').$$

 It is *time-reversible* (flip the momentum, integrate again, and you return to the start) and
 *volume-preserving*, which is what makes the simple acceptance rule valid; its energy error
 stays bounded and shrinks like $\varepsilon^2$. But it is only stable for $\varepsilon$ below
 $2\sigma_\text{min}$, twice the smallest standard deviation of the target — here
 $2\sqrt{1-\rho} = 0.447$. Neal's (2011) example: $\varepsilon = 0.25$, $L = 25$ is stable; just past
 the limit the oscillation across the ridge grows at every step and $H$ explodes — a *divergence*.

 @source Inference/Sampling/HamiltonianMonteCarlo.swift: func leapfrog(_ target: LogDensityGradient, _ point: inout PhasePoint
 */
let leapfrog = LangevinChapter.leapfrogTrajectories(settings)
let (stableTrajectory, finerTrajectory, unstableTrajectory) = (leapfrog.stable, leapfrog.finer, leapfrog.unstable)
let h0 = leapfrog.initialEnergy
let maxEnergyError = leapfrog.maximumEnergyError
nb.show(String(format: "largest |H − H₀| along the trajectory: ε = 0.25: %.4f, ε = 0.125: %.4f (ratio %.2f; ε² predicts 4), ε = 0.47: %.3g",
               maxEnergyError(stableTrajectory), maxEnergyError(finerTrajectory), maxEnergyError(stableTrajectory) / maxEnergyError(finerTrajectory),
               maxEnergyError(unstableTrajectory)))

var trajectoryFigure = Figure(title: "Leapfrog trajectories, L = 25", xLabel: "ω1", yLabel: "ω2", xRange: -3...3, yRange: -3...3)
trajectoryFigure.equalAxes = true
trajectoryFigure.legend = .bottomRight
trajectoryFigure.add(.contours(x: axis, y: axis, values: nealLogDensity, levels: [-0.5, -2, -4.5], color: .gray, width: 1))
trajectoryFigure.add(.line(x: unstableTrajectory.map { $0.position[0] }, y: unstableTrajectory.map { $0.position[1] }, title: "ε = 0.47 (past the limit)", color: .vermillion, width: 1.5))
trajectoryFigure.add(.points(x: unstableTrajectory.map { $0.position[0] }, y: unstableTrajectory.map { $0.position[1] }, color: .vermillion, size: 0.6))
trajectoryFigure.add(.line(x: stableTrajectory.map { $0.position[0] }, y: stableTrajectory.map { $0.position[1] }, title: "ε = 0.25", color: .blue, width: 2))
trajectoryFigure.add(.points(x: stableTrajectory.map { $0.position[0] }, y: stableTrajectory.map { $0.position[1] }, color: .blue, size: 0.6))
var energyFigure = Figure(title: "Energy error along the trajectory", xLabel: "integration time t = step × ε", yLabel: "|H(t) − H(0)|", yRange: 1e-4...1e4)
energyFigure.logY = true
energyFigure.legend = .topLeft
let stepSizes = leapfrog.stepSizes
for (path, eps, color) in [(unstableTrajectory, stepSizes.unstable, Color.vermillion), (stableTrajectory, stepSizes.stable, Color.blue),
                           (finerTrajectory, stepSizes.finer, Color.green)] {
    let title = "ε = \(eps)"
    energyFigure.add(.line(x: path.indices.map { Double($0) * eps }, y: path.map { max(abs($0.energy - h0), 1e-12) }, title: title, color: color))
}
nb.figure(Panels([trajectoryFigure, energyFigure], rows: 1, columns: 2, width: 1200, height: 560), name: "03-leapfrog",
          caption: "Leapfrog on Neal's correlated Gaussian (ρ = 0.95): at ε = 0.25 the energy error stays bounded (and about four times smaller at ε = 0.125); at ε = 0.47, past the stability limit 0.447, the trajectory is thrown out and H explodes.")

/*:
 ## SGLD: Langevin dynamics on mini-batches

 With $N$ data points, $\nabla \ln p(\omega\mid\mathcal D) = \nabla\ln p(\omega) + \sum_{i=1}^N \nabla \ln p(x_i\mid\omega)$
 costs a pass over the data. Welling & Teh (2011) replace it by the unbiased mini-batch estimate

 $$\hat g(\omega) = \nabla\ln p(\omega) + \frac NB\sum_{i\in\text{batch}} \nabla\ln p(x_i\mid\omega)$$

 and drop the accept/reject step, with step sizes $\varepsilon_t = a(b+t)^{-\gamma}$, $\gamma \in (0.5, 1]$
 (so that $\sum_t \varepsilon_t = \infty$ and $\sum_t \varepsilon_t^2 < \infty$).

 > **Note on the slide.** The slide's update is $\omega_{t+1} = \omega_t - \frac\varepsilon2 \frac NB \nabla U(\omega_t) + \eta$:
 > it scales the whole gradient by $N/B$, the prior's included, and keeps $\varepsilon$ fixed. Only the
 > likelihood is a sum over the data, so only its mini-batch sum needs the factor $N/B$ to be
 > unbiased; scaling the prior too samples a posterior whose prior is raised to the power $N/B$
 > (ten times as confident, with $B = 10$ of $N = 100$). A fixed $\varepsilon$ leaves a bias of order $\varepsilon$
 > (as ULA's above) plus the gradient noise; Welling & Teh let $\varepsilon_t \to 0$. The difference is
 > checked at the end of this section.
 The gradient noise enters the update as $\frac{\varepsilon_t}{2}(\hat g - \nabla\ln p)$, with variance
 $\propto \varepsilon_t^2$, while the injected noise has variance $\varepsilon_t$: as $\varepsilon_t \to 0$ the injected
 noise dominates, and SGLD turns from stochastic optimisation into Langevin sampling.

 Their example: $\theta_1 \sim \mathcal N(0, 10)$, $\theta_2 \sim \mathcal N(0, 1)$,
 $x_i \sim \frac12\mathcal N(\theta_1, 2) + \frac12\mathcal N(\theta_1 + \theta_2, 2)$, 100 points drawn with
 $\theta = (0, 1)$. Swapping the components, $(\theta_1, \theta_2) \to (\theta_1 + \theta_2, -\theta_2)$, leaves the
 likelihood unchanged, so the posterior can have two modes, near $(0, 1)$ and $(1, -1)$. Whether
 100 points separate them is luck of the draw — the components overlap heavily — so the data
 here are a fixed draw (`--mixture-seed 36`) whose posterior is bimodal like the paper's; many
 other draws give one long ridge. Batch size 1, $\varepsilon_t$ from 0.01 down to 0.0001, $\gamma = 0.55$.

 @source Inference/Sampling/Langevin.swift: public func sample(stochasticGradient:
 */
let mixture = LangevinChapter.mixturePosterior(settings)
let sgldChain: Chain
do {
    sgldChain = try nb.timed("SGLD, \(settings.sgldSteps) iterations") {
        try LangevinChapter.mixtureSGLD(settings, posterior: mixture)
    }
} catch {
    nb.fail("\(error)")
}
// Mass of the mode with θ₂ > 0 (near (0, 1)) versus θ₂ < 0 (near (1, −1)).
let exact = LangevinChapter.mixtureGrid(settings, posterior: mixture)
let kept = LangevinChapter.secondHalf(sgldChain)   // second half: small step sizes
nb.show(String(format: "posterior mass of the mode with θ₂ > 0: exact (grid) %.3f, SGLD (second half of the run) %.3f",
               exact.upperMass, LangevinChapter.upperModeShare(sgldChain)))

var exactPanel = Figure(title: "Exact posterior (grid)", xLabel: "θ1", yLabel: "θ2", xRange: -1.5...2.5, yRange: -3...3)
exactPanel.legend = .hidden
exactPanel.add(.heatMap(x: exact.theta1, y: exact.theta2, values: exact.density))
var sgldPanel = Figure(title: "SGLD samples (second half, 2-D histogram)", xLabel: "θ1", yLabel: "θ2", xRange: -1.5...2.5, yRange: -3...3)
sgldPanel.legend = .hidden
sgldPanel.add(.histogram2D(x: kept.theta1, y: kept.theta2, bins: 60, xRange: -1.5...2.5, yRange: -3...3))
// Injected versus gradient noise along the run, at log-spaced iterations.
let noise = LangevinChapter.updateNoise(settings, posterior: mixture, chain: sgldChain)
let checkpoints = noise.map(\.iteration), injected = noise.map(\.injected), gradientNoise = noise.map(\.gradient)
var noisePanel = Figure(title: "Noise in the SGLD update of θ1", xLabel: "iteration t", yLabel: "variance per step")
noisePanel.logX = true
noisePanel.logY = true
noisePanel.legend = .bottomLeft
noisePanel.add(.line(x: checkpoints.map { Double(max($0, 1)) }, y: injected, title: "injected noise ε_t", color: .blue))
noisePanel.add(.line(x: checkpoints.map { Double(max($0, 1)) }, y: gradientNoise, title: "gradient noise (ε_t/2)² Var[ĝ]", color: .vermillion))
nb.figure(Panels([exactPanel, sgldPanel, noisePanel], rows: 1, columns: 3, width: 1500, height: 500), name: "03-sgld-mixture",
          caption: "SGLD on Welling & Teh's mixture: the exact posterior (left) and SGLD's samples (middle) share both modes; the gradient noise in the update (right, red) falls faster than the injected noise (blue), so late iterations are Langevin sampling.")

/*:
 The slide's update against Welling & Teh's, where the answer is known exactly: the mean $\mu$ of
 $N = 100$ points $x_i \sim \mathcal N(\mu, 3^2)$ under the prior $\mu \sim \mathcal N(0, 1)$, mini-batches of
 $B = 10$, a small fixed step $\varepsilon = 2\cdot10^{-4}$ for both (so that both biases of a fixed step
 stay below 1% of the variance). The posterior is $\mathcal N(m, s^2)$ with $1/s^2 = 1 + N/9$; the slide's
 update samples the same formula with the prior's precision multiplied by $N/B = 10$.
 */
let meanModel = LangevinChapter.gaussianMeanModel(settings)
var meanRows = [[String]]()
do {
    let names = ["∇ln p(μ) + (N/B) Σ_batch ∇ln p(xᵢ|μ) (Welling & Teh)", "(N/B) ∇U(μ) on the batch (slide)"]
    let runs = try LangevinChapter.gaussianMeanRuns(settings, model: meanModel)
    for (name, run) in zip(names, runs) {
        meanRows.append([name, String(format: "%.3f", run.sampleMean), String(format: "%.3f", run.sampleSD),
                         String(format: "%.3f", run.target.mean), String(format: "%.3f", run.target.variance.squareRoot())])
    }
} catch {
    nb.fail("\(error)")
}
let posteriorOfMean = meanModel.posterior()
nb.show(String(format: "exact posterior of μ: mean %.3f, sd %.3f", posteriorOfMean.mean, posteriorOfMean.variance.squareRoot()))
nb.table(["SGLD gradient estimate", "sample mean", "sample sd", "mean it targets", "sd it targets"], meanRows)

/*:
 The slide's version lands on the distribution its prior, raised to the power $N/B$, predicts:
 a posterior pulled towards the prior's mean with a smaller spread. Welling & Teh's estimate is
 unbiased for the gradient of the log posterior and samples the posterior itself.

 ## The gold standard: NUTS on the Bayesian neural network

 Back to Lecture 2's Bayesian MLP on the running example: 1→10→1 with tanh, prior
 $w \sim \mathcal N(0, I)$, noise sd 0.05. The gradient of the log posterior comes from the autodiff
 core. HMC needs two numbers this posterior does not tell us in advance: the step size $\varepsilon$
 and the trajectory length $L$. The No-U-Turn sampler (NUTS; Hoffman & Gelman 2014, in the form
 Stan and NumPyro use today, Betancourt 2017) removes $L$: it doubles the trajectory, forward or
 backward in time at random, until the trajectory starts to turn back on itself, and draws the
 next state from all the points it visited, each with weight $e^{-H}$. During warm-up it tunes
 $\varepsilon$ by dual averaging toward a mean acceptance statistic of 0.8 and estimates a diagonal
 mass matrix from the draws (the section on NUTS below shows all three at work). A tree of depth
 $j$ takes $2^j - 1$ leapfrog steps; the course caps the depth at 9 (511 steps).

 A transition whose energy error exceeds 1,000 is a *divergence*: somewhere on it the leapfrog
 met a region too stiff for its step size, and the part of the trajectory beyond is dropped. A
 chain with divergences is biased against the regions where they happen, so the table reports
 them per chain, with the E-BFMI (below 0.3 the momentum resampling explores the energies
 poorly) and how many trees stopped at the maximum depth (*saturated*: the trajectory was cut
 before it turned, which costs efficiency, not correctness).
 This predictive band is the reference the later lectures (ensembles, variational inference)
 compare against.
 */
let bnnData = ReferencePosterior.data(seed: settings.seed)   // the running example, the same in every chapter
let nutsRuns: [NUTSRun]
do {
    // The library's reference: the NUTS set-up described above, one chain per task.
    nutsRuns = try await nb.timed("NUTS on the Bayesian MLP, \(settings.reference.chains) chains") {
        try await ReferencePosterior.runs(seed: settings.seed, settings.reference, data: bnnData)
    }
} catch {
    nb.fail("\(error)")
}
let referenceChains = nutsRuns.map(\.chain)
nb.table(["chain", "step size ε", "mean tree depth", "leapfrog steps per draw", "acceptance", "divergences", "saturated", "E-BFMI"], nutsRuns.enumerated().map { k, r in
    let steps = Double(r.transitions.reduce(0) { $0 + $1.leapfrogSteps }) / Double(r.transitions.count)
    let depth = Double(r.transitions.reduce(0) { $0 + $1.treeDepth }) / Double(r.transitions.count)
    return ["\(k + 1)", String(format: "%.2e", r.stepSize), String(format: "%.2f", depth), String(format: "%.0f", steps), String(format: "%.2f", r.chain.acceptanceRate),
            "\(r.chain.divergences)", "\(r.saturated(maximumDepth: settings.reference.maximumTreeDepth))", String(format: "%.2f", r.energyBFMI)]
})

let bnnGrid = ReferencePosterior.grid(settings.reference)
// At the gap and the right extrapolation:
nb.table(["quantity", "split-R̂ across chains", "ESS"], LangevinChapter.probeConvergence(settings, chains: referenceChains).map { p in
    [String(format: "f(%.1f)", p.x), String(format: "%.3f", p.rHat), String(format: "%.0f", p.ess)]
})
let referenceMoments = ReferencePosterior.predictive(referenceChains, at: bnnGrid)

/*:
 SGLD on the same network: mini-batches of 10 of the 40 points, $\varepsilon_t$ decaying from
 $5\cdot10^{-5}$ to $5\cdot10^{-6}$ (the log posterior's curvature in its stiffest direction is of the order
 of $N/\sigma^2 = 16{,}000$, and Langevin steps must stay well below its inverse), every 10th state kept.
 */
let sgldBNN: [Chain]
do {
    sgldBNN = try await nb.timed("SGLD on the Bayesian MLP") {
        try await LangevinChapter.sgldChains(settings, data: bnnData)
    }
} catch {
    nb.fail("\(error)")
}
let sgldMoments = LangevinChapter.sgldPredictive(settings, chains: sgldBNN)

func bandFigure(_ title: String, _ m: PredictiveMoments, color: Color) -> Figure { .runningExampleBand(title, m, grid: bnnGrid, data: bnnData, color: color) }
nb.figure(Panels([bandFigure("NUTS (\(settings.reference.chains) chains): the reference", referenceMoments, color: .blue), bandFigure("SGLD (\(settings.comparisonChains) chains, mini-batches of \(settings.bnnSGLDBatchSize))", sgldMoments, color: .green)],
                 rows: 1, columns: 2, width: 1200, height: 480), name: "03-bnn-hmc-sgld",
          caption: "Posterior predictive of the Bayesian 1→10→1 MLP: NUTS (left), the course's reference band, and SGLD (right).")

/*:
 ### NUTS against HMC with a fixed trajectory length

 The same posterior sampled by the chapter's HMC: $\varepsilon$ tuned by dual averaging toward 80%
 acceptance, and $L$ set in the warm-up to a quarter period of the widest direction the draws
 showed ($\tfrac{\pi}{2}\,\sigma_{\max}/\varepsilon$, capped at 64 steps), both then jittered (Neal 2011).
 Both are scored on the whole prediction grid: the *worst* sampled prediction (smallest ESS of
 $f_w(x)$ over the grid's points) per gradient spent after warm-up, and the largest split-R̂.
 */
let hmcChains: [Chain]
do {
    hmcChains = try await nb.timed("HMC on the Bayesian MLP, \(settings.reference.chains) chains") {
        try await LangevinChapter.hmcChains(settings, data: bnnData)
    }
} catch {
    nb.fail("\(error)")
}
let (hmcGrid, nutsGrid) = (LangevinChapter.gridEfficiency(settings, hmc: hmcChains), LangevinChapter.gridEfficiency(settings, nuts: nutsRuns))
nb.table(["sampler (\(settings.reference.chains) chains)", "draws per chain", "gradients after warm-up", "smallest ESS over the grid", "per gradient", "largest split-R̂", "divergences"],
         [("HMC (L adapted, jittered)", settings.bnnHMCDraws, hmcGrid), ("NUTS", settings.reference.draws, nutsGrid)].map { name, draws, e in
    [name, "\(draws)", String(format: "%.0f", e.gradients), String(format: "%.0f", e.minimumESS), String(format: "%.2e", e.essPerGradient),
     String(format: "%.3f", e.maximumRHat), "\(e.divergences)"]
})

/*:
 ## Which sampler, per gradient?

 The same posterior, the same quantity — the prediction $f(0)$ in the gap, whose posterior is
 what the band above shows — sampled by each method with two chains. Cost is counted in
 evaluations of the log density (MH) or of its gradient (the others); the run also prints effective
 samples per *second* on standard error, which depends on the machine.
 */
/// A sampler's two chains on the BNN, the full-data evaluations that produced the second half of
/// their draws (`LangevinChapter.Cost`), and the wall time of the whole run.
struct Comparison { let name: String; let chains: [Chain]; let cost: Double; let seconds: Double }
/// Runs `body` and returns its result with the seconds it took.
func clocked<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try await body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
var comparisons = [Comparison]()
let hmcStart = referenceChains[0].draw(referenceChains[0].count - 1)
do {
    let (mhChains, mhSeconds) = try await clocked { try await LangevinChapter.mhChains(settings, data: bnnData, start: hmcStart) }
    comparisons.append(Comparison(name: "random-walk MH", chains: mhChains, cost: LangevinChapter.Cost.mh(settings), seconds: mhSeconds))
    nb.note(String(format: "MH on the Bayesian MLP, 2 chains: %.2f s", mhSeconds))
    let (malaChains, malaSeconds) = try await clocked { try await LangevinChapter.malaChains(settings, data: bnnData, start: hmcStart) }
    comparisons.append(Comparison(name: "MALA (ε = 2e-5)", chains: malaChains, cost: LangevinChapter.Cost.mala(settings), seconds: malaSeconds))
    nb.note(String(format: "MALA on the Bayesian MLP, 2 chains: %.2f s", malaSeconds))
} catch {
    nb.fail("\(error)")
}
let hmcPair = Array(hmcChains.prefix(settings.comparisonChains))
comparisons.append(Comparison(name: "HMC", chains: hmcPair, cost: LangevinChapter.Cost.hmc(settings, chains: hmcPair), seconds: .nan))
let nutsPair = Array(nutsRuns.prefix(settings.comparisonChains))
comparisons.append(Comparison(name: "NUTS", chains: nutsPair.map(\.chain), cost: LangevinChapter.Cost.nuts(nutsPair), seconds: .nan))
comparisons.append(Comparison(name: "SGLD (batch 10)", chains: sgldBNN, cost: LangevinChapter.Cost.sgld(settings, data: bnnData), seconds: .nan))
var comparisonRows = [[String]]()
for c in comparisons {
    let e = LangevinChapter.efficiency(c.chains, evaluations: c.cost)
    comparisonRows.append([c.name, String(format: "%.0f", e.evaluations), String(format: "%.0f", e.ess), String(format: "%.2e", e.essPerEvaluation),
                           String(format: "%.2f", e.rHat)])
    if c.seconds.isFinite { nb.note(String(format: "%@: %.0f effective samples of f(0) per second", c.name, e.ess / c.seconds)) }
}
nb.table(["sampler (2 chains)", "full-data evaluations", "ESS of f(0)", "ESS per evaluation", "split-R̂"], comparisonRows)

/*:
 The costs count the evaluations that produced the second half of each chain's draws, where
 the ESS is measured. SGLD's are mini-batch gradients of 10 points, four to a full-data gradient.
 The timings on standard error cover MH and MALA (for HMC and SGLD see the timed lines above).
 SGLD's draws are not exact: there is no accept/reject step, and the step size never reaches zero.

 ## The slides' take-aways on sampling methods, checked

 The slides close the sampling methods with three strengths and three limitations. Each one
 against a number Lectures 1–3 measured (in their default runs):

 * **Gold standard, asymptotically exact.** On the conjugate straight-line model of Lecture 2,
   MH's posterior means landed 0.0 and 0.9 Monte Carlo standard errors from the exact ones; above,
   MALA's stationary variance stayed at $\sigma^2$ where ULA's grew with $\varepsilon$, and HMC's four chains
   on the Bayesian MLP agree (split-R̂ 1.007 at $f(0)$, 1.011 at $f(1.2)$).
 * **Flexible: multimodal, correlated posteriors.** SGLD put 0.593 of its draws in the mode of
   Welling & Teh's mixture that holds 0.508 of the mass, so it visits both; HMC crossed Neal's
   $\rho = 0.95$ ridge where the random walk crawled.
 * **Principled.** Every sampler here needs only $p(\mathcal D \mid \omega)\,p(\omega)$, never $p(\mathcal D)$.
 * **Very slow.** For the 31 weights of the Bayesian MLP, HMC spent 64,000 full-data gradients on
   128 effective samples of one prediction, $f(0)$; random-walk MH spent 400,000 evaluations on 34.
   Lecture 1 fitted a network of 2,701 weights by maximum likelihood in 3,000 gradient steps.
 * **Difficult to parallelise.** A chain is sequential: step $t + 1$ needs step $t$. The course runs
   one chain per core, which multiplies draws but shortens nothing; every chain pays its own
   warm-up (here 1,000 HMC iterations, as many as its draws) before its first usable draw.
 * **Struggles with high-dimensional weights.** In Lecture 2, from 7 to 121 weights the tuned
   random-walk scale fell from 0.0153 to 0.0042 (like $1/\sqrt d$: $\sqrt{121/7} = 4.2$, measured 3.6)
   and no two chains agreed (max split-R̂ from 4.40 to 34.10). Gradients help: for a Gaussian
   target, the cost of an independent draw grows like $d^2$ for the random walk and like $d^{5/4}$ for
   HMC (Neal 2011, §5.4.4), but HMC's reference posterior is still one of a 31-weight network.

 The slide on Langevin dynamics adds its own verdict, "sensitive to hyperparameters, slow
 compared to HMC", and it holds here too: ULA's bias grows with $\varepsilon$ and diverges at $4\sigma^2$, SGLD
 needed a schedule chosen against the posterior's stiffest direction, and per full-data gradient
 MALA got 2.8e-5 effective samples of $f(0)$ to HMC's 2.0e-3.

  ## What to remember

 * The gradient tells a sampler where the mass is. Langevin dynamics follows it with noise;
   unadjusted, it samples a variance inflated by $1/(1-\varepsilon/4\sigma^2)$; MALA corrects that.
 * SGLD makes each step cheap with mini-batches; with decaying steps its gradient noise fades
   below the injected noise, at the price of ever smaller moves.
 * HMC moves far at high acceptance by following Hamiltonian dynamics; watch for divergences,
   which mean the step size is past the leapfrog's stability limit somewhere in the posterior.
 * On the Bayesian MLP HMC's chains agree on the predictive distribution, and not only in this
   run: over four data draws its four chains gave split-R̂ of at most 1.04 at $x = 0$ and
   $x = 1.2$, while SGLD's never agreed (above 1.5). MALA's two chains, both started from one HMC
   draw, move so little that whether they drift apart is a matter of chance (split-R̂ from 1.09
   to 1.40 over the four draws; which it is changed even with the rounding of the matrix
   products), so their agreement proves nothing; what holds on every draw is the price: per
   full-data gradient HMC got 2.4 to 45 times as many effective samples of $f(0)$. Random-walk
   MH's two chains, also started from an HMC draw, can agree on $f(0)$ too; Lecture 2 showed
   that its weights do not mix. HMC is the reference the next lectures are measured against.

 ## Exercises

 In `Sources/Exercises/Lecture03.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 3.1 — one leapfrog step.** Implement `exercise3_1_leapfrogStep`. The test checks it
    against the library, its time-reversibility, and its $\varepsilon^2$ energy error.
 2. **Exercise 3.2 — ULA's stationary variance.** Derive and implement
    `exercise3_2_ulaStationaryVariance(sigma2:stepSize:)`; the test compares it with simulation.
 3. **Exercise 3.3 — the SGLD schedule.** Implement `exercise3_3_sgldStepSizes`: $a$, $b$ such that
    $\varepsilon_0 = $ `first` and $\varepsilon_T = $ `last` for a given $\gamma$.
 */
