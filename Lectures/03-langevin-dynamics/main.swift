/*:
 # Lecture 3 — Langevin dynamics, SGLD, Hamiltonian Monte Carlo and NUTS

 Random-walk Metropolis (Lecture 2) proposes blindly. The log posterior's *gradient* says which
 way is uphill; samplers that use it move much further per step. This chapter builds them one
 after the other: Langevin dynamics (and what its discretisation costs), its Metropolis-adjusted
 version MALA, stochastic-gradient Langevin dynamics (SGLD, and what mini-batches cost), and
 Hamiltonian Monte Carlo (HMC), the efficient variant, with the No-U-Turn sampler (NUTS) that
 tunes HMC by itself and gives the course's gold-standard posterior for the Bayesian neural
 network of the running example.

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
import NumericalMethods
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
 */

/*:
 ## The No-U-Turn sampler: HMC that chooses its own trajectory length

 HMC has two knobs, the step size $\varepsilon$ and the number of leapfrog steps $L$, and the
 leapfrog section above chose both by hand for a target it knew. The **No-U-Turn sampler** (NUTS;
 Hoffman & Gelman 2014) removes $L$, and tunes $\varepsilon$ during warm-up (Stan's warm-up adds a
 metric): it grows the trajectory by doubling it, forward or backward in time at random
 ($1, 2, 4, \dots$ leapfrog steps), until the trajectory starts to turn back on itself, and then
 draws the next state from all the states it visited. Stan runs it in the form Betancourt (2017)
 describes, with a generalised turning test and a draw weighted by $e^{-H}$: inside each new
 subtree a state is picked with probability $\propto e^{-H}$; when the subtree joins the trajectory,
 the sampler moves to the subtree's pick with probability $\min(1, w_\text{new}/w_\text{old})$ (the
 subtrees' summed weights), which favours states far from the start (less autocorrelation)
 and still leaves the target invariant. The course's sampler follows Stan
 (`Sources/Inference/Sampling/NoUTurnSampler.swift`). This section looks at its parts one at a time on
 targets whose answer is known.

 ### Why a fixed length wastes work

 One long leapfrog trajectory on Neal's Gaussian (the same $\rho = 0.95$ and start as above,
 momentum $(1, 0.3)$, $\varepsilon = 0.1$): the distance from the start grows while the trajectory
 runs along the ridge, then shrinks as it comes back. The next fifty steps after the turn bring
 the state back to its start, so a fixed $L$ that is too long pays for moving back (with $L = 120$
 the trajectory spends 83 steps past the turn and ends about as far from the start as the turn
 point). Hoffman & Gelman's
 criterion stops a trajectory with ends $(q_-, p_-)$ and $(q_+, p_+)$ when
 $(q_+ - q_-)\cdot p_- < 0$ or $(q_+ - q_-)\cdot p_+ < 0$: since
 $\frac{d}{dt}\frac12\lVert q_+ - q_-\rVert^2 = (q_+ - q_-)\cdot p_+$ (with $M = I$), going on at either end
 would bring the ends closer. The sampler uses the generalised form (Betancourt 2017): with
 $\rho = \sum_i p_i$ the sum of the momenta of every state of the trajectory and $p^\sharp = M^{-1}p$,
 it stops when $p^\sharp_- \cdot \rho \le 0$ or $p^\sharp_+ \cdot \rho \le 0$. For small $\varepsilon$ and $M = I$,
 $\varepsilon\rho \approx q_+ - q_-$, so the two fire together. With a metric $M \ne I$ the rate at which
 the ends separate is $(q_+ - q_-)\cdot M^{-1}p_+$; the generalised test replaces the difference of
 positions by $\rho$, a sum of momenta, which pairs with $p^\sharp$ without needing distances between
 positions, and can be evaluated on any piece of a trajectory — which is what the extra checks
 between merged subtrees below use.

 @source Inference/Sampling/NoUTurnSampler.swift: func noUTurn(
 */
let uTurn = LangevinChapter.NUTSDemo.uTurn(settings)
let uTurnFires = uTurn.generalisedStep ?? uTurn.trajectory.count - 1
nb.show(String(format: "one trajectory of %d leapfrog steps (ε = %g): farthest from the start at step %d (distance %.2f); the generalised criterion fires at step %@, Hoffman & Gelman's at step %@; back to %.2f from the start at step %d",
               uTurn.trajectory.count - 1, uTurn.stepSize, uTurn.farthestStep, uTurn.distance[uTurn.farthestStep],
               uTurn.generalisedStep.map(String.init) ?? "never", uTurn.originalStep.map(String.init) ?? "never", uTurn.distance[uTurn.returnStep], uTurn.returnStep))

let beforeTurn = Array(uTurn.trajectory.prefix(uTurnFires + 1)), afterTurn = Array(uTurn.trajectory.suffix(from: uTurnFires))
var uTurnPlane = Figure(title: "One leapfrog trajectory on Neal's Gaussian (ε = \(uTurn.stepSize))", xLabel: "ω1", yLabel: "ω2", xRange: -3...3, yRange: -3...3)
uTurnPlane.equalAxes = true
uTurnPlane.legend = .bottomRight
uTurnPlane.add(.contours(x: axis, y: axis, values: nealLogDensity, levels: [-0.5, -2, -4.5], color: .gray, width: 1))
uTurnPlane.add(.line(x: afterTurn.map { $0.position[0] }, y: afterTurn.map { $0.position[1] }, title: "after it: a fixed L's extra steps", color: .vermillion, width: 1.5, dashed: true))
uTurnPlane.add(.line(x: beforeTurn.map { $0.position[0] }, y: beforeTurn.map { $0.position[1] }, title: "until the criterion fires", color: .blue, width: 2))
uTurnPlane.add(.points(x: [uTurn.trajectory[0].position[0]], y: [uTurn.trajectory[0].position[1]], title: "start", color: .black, size: 1.5))
uTurnPlane.add(.points(x: [uTurn.trajectory[uTurnFires].position[0]], y: [uTurn.trajectory[uTurnFires].position[1]], title: "criterion fires (step \(uTurnFires))", color: .black, size: 2.5, shape: .diamond))
let stepAxis = uTurn.distance.indices.map(Double.init)
var uTurnDistance = Figure(title: "Distance from the start along the trajectory", xLabel: "leapfrog step t", yLabel: "distance ‖q(t) − q(0)‖",
                           xRange: 0...Double(uTurn.distance.count - 1), yRange: 0...(1.25 * uTurn.distance.max()!))
uTurnDistance.legend = .topRight
uTurnDistance.add(.line(x: Array(stepAxis.prefix(uTurnFires + 1)), y: Array(uTurn.distance.prefix(uTurnFires + 1)), title: "until the criterion fires", color: .blue))
uTurnDistance.add(.line(x: Array(stepAxis.suffix(from: uTurnFires)), y: Array(uTurn.distance.suffix(from: uTurnFires)), title: "after it", color: .vermillion, dashed: true))
uTurnDistance.markVertical(at: Double(uTurnFires), label: "U-turn")
nb.figure(Panels([uTurnPlane, uTurnDistance], rows: 1, columns: 2, width: 1200, height: 560), name: "03-nuts-u-turn",
          caption: "One leapfrog trajectory on Neal's Gaussian (ρ = 0.95): it runs along the ridge and comes back past its start. The no-U-turn criterion fires one step after the farthest point; the fifty steps after it (red, dashed) bring the state back to its start, and a longer trajectory heads out again.")

/*:
 NUTS checks the criterion each time a subtree of $1, 2, 4, \dots$ steps is complete: across the whole
 trajectory, across each subtree, and (as Stan does) across neighbouring subtrees, so
 it stops within one doubling of the turn. A subtree that turned inside is discarded before
 the draw. The trajectory length now adapts to each start and momentum: short where the target
 turns the trajectory quickly, long where it does not, capped at $2^{10} - 1 = 1{,}023$ steps (the maximum
 tree depth of 10, as in Stan). A transition that reaches the cap is *saturated*: the trajectory was cut
 before it turned. That costs efficiency, not correctness.

 ### Warm-up: the step size and the metric

 NUTS still needs $\varepsilon$ and the metric $M$ (the momentum's covariance, here diagonal). Stan's
 warm-up (Stan Reference Manual, "HMC algorithm parameters", on warm-up) runs in three
 stages; for 1,000 warm-up iterations: an initial fast interval of 75 iterations that only adapts
 $\varepsilon$; slow windows of 25, 50, 100, 200 and 500 iterations, at the end of each of which
 $M^{-1}$ becomes the (regularised) variance of that window's draws, $\varepsilon$ is searched again and
 dual averaging restarts from it; and a terminal fast window of 50 iterations that adapts
 $\varepsilon$ to the final metric. $\varepsilon$ is tuned by dual averaging toward a target $\delta$ of the
 acceptance statistic $\alpha$ (for NUTS as Stan computes it: the mean of $\min(1, e^{H_0 - H})$ over
 every state the transition computed, those of a rejected last subtree included and the start
 excluded; Hoffman & Gelman's Algorithm 6 uses the last doubling only), with Stan's constants $\gamma = 0.05$, $t_0 = 10$, $\kappa = 0.75$ (Hoffman & Gelman 2014, Algorithm 6):

 @source Inference/Sampling/StepSizeAdaptation.swift: public struct DualAveraging

 During warm-up each iteration uses the current iterate $\varepsilon_m$; after warm-up the sampler uses the
 average $\bar\varepsilon$. Here on a 100-dimensional Gaussian $\mathcal N(0, \operatorname{diag}(\sigma^2))$ with
 standard deviations log-spaced from 0.01 to 1, started as Stan starts a chain (every coordinate
 uniform on $(-2, 2)$), four chains per target:
 */
let nutsSettings = settings.nuts
let warmupStudy: LangevinChapter.NUTSDemo.WarmupStudy
do {
    warmupStudy = try await nb.timed("NUTS warm-up on the \(nutsSettings.dimension)-D Gaussian, \(nutsSettings.targets.count) targets × \(nutsSettings.chains) chains") {
        try await LangevinChapter.NUTSDemo.warmupStudy(settings)
    }
} catch {
    nb.fail("\(error)")
}
/// "mean ± standard error" of per-chain values.
func meanSE(_ values: [Double], _ digits: Int = 3) -> String {
    let (m, se) = meanAndStandardError(values)
    // One more digit where the standard error would print as zero.
    let d = se > 0 && se < 0.5 * Elementary.pow(10, -Double(digits)) ? digits + 1 : digits
    return se.isNaN ? String(format: "%.\(d)f", m) : String(format: "%.\(d)f ± %.\(d)f", m, se)
}
nb.table(["target δ", "mean α, terminal window", "δ − mean α, from the identity", "mean α after warm-up, at ε̄", "ε̄", "sd of ln εₘ in the terminal window"],
         zip(warmupStudy.targets, warmupStudy.runs).map { delta, runs in
    let averaging = runs.map { LangevinChapter.NUTSDemo.terminalAveraging($0, target: delta) }
    return [String(format: "%.2f", delta), meanSE(averaging.map(\.meanAcceptance)), meanSE(averaging.map(\.shortfall)),
            meanSE(runs.map { LangevinChapter.NUTSDemo.meanAcceptance($0.transitions) }), meanSE(runs.map(\.stepSize)),
            meanSE(runs.map { LangevinChapter.NUTSDemo.logStepSpread(LangevinChapter.NUTSDemo.terminalWindow($0)) }, 2)]
})

if let shown = warmupStudy.run(target: nutsSettings.figureTarget) {
    let windows = AdaptationWindows(warmup: shown.warmupTransitions.count)
    let warmupIterations = shown.warmupTransitions.indices.map(Double.init)
    let stepSizesShown = shown.warmupTransitions.map(\.stepSize)
    // Room below the iterates for the legend (after the first window they stay far above the smallest).
    let epsLow = stepSizesShown.min()! / 10, epsHigh = stepSizesShown.max()! * 3
    let lastWarmup = Double(shown.warmupTransitions.count)
    let terminalStart = Double((windows.windowEnds.last ?? -1) + 1)
    /// Stan's windows as shaded bands between `low` and `high`.
    func shadeWindows(_ f: inout Figure, low: Double, high: Double, titled: Bool) {
        for (k, (a, b)) in zip(windows.windowStarts, windows.windowEnds).enumerated() {
            f.add(.band(x: [Double(a), Double(b + 1)], lower: [low, low], upper: [high, high],
                        title: titled && k == 0 ? "slow windows (M⁻¹ set at each end)" : nil, color: .gray, opacity: k % 2 == 0 ? 0.12 : 0.24))
        }
        f.add(.band(x: [terminalStart, lastWarmup], lower: [low, low], upper: [high, high], title: titled ? "terminal window" : nil, color: .orange, opacity: 0.25))
    }
    var epsPanel = Figure(title: "Step size εₘ during warm-up (δ = \(nutsSettings.figureTarget), one chain)", xLabel: "warm-up iteration m",
                          yLabel: "εₘ (log scale)", xRange: 0...lastWarmup, yRange: epsLow...epsHigh)
    epsPanel.logY = true
    epsPanel.legend = .bottomRight
    shadeWindows(&epsPanel, low: epsLow, high: epsHigh, titled: true)
    epsPanel.add(.line(x: warmupIterations, y: stepSizesShown, title: "εₘ", color: .blue, width: 1))
    epsPanel.add(.line(x: [0, lastWarmup], y: [shown.stepSize, shown.stepSize], title: String(format: "ε̄ = %.3f, used after warm-up", shown.stepSize), color: .black, dashed: true))
    let acceptanceShown = shown.warmupTransitions.map(\.acceptance)
    let trailing = acceptanceShown.indices.map { m in mean(Array(acceptanceShown[max(0, m - 24)...m])) }
    var acceptancePanel = Figure(title: "Acceptance statistic during warm-up (windows shaded as above)", xLabel: "warm-up iteration m", yLabel: "αₘ",
                                 xRange: 0...lastWarmup, yRange: 0...1.3)
    acceptancePanel.legend = .topRight
    shadeWindows(&acceptancePanel, low: 0, high: 1.3, titled: false)
    acceptancePanel.add(.points(x: warmupIterations, y: acceptanceShown, title: "αₘ", color: .skyBlue, size: 0.4))
    acceptancePanel.add(.line(x: warmupIterations, y: trailing, title: "mean of the last 25", color: .blue, width: 2))
    acceptancePanel.add(.line(x: [0, lastWarmup], y: [nutsSettings.figureTarget, nutsSettings.figureTarget], title: "target δ", color: .black, dashed: true))
    let curve: LangevinChapter.NUTSDemo.AcceptanceCurve
    do {
        curve = try await nb.timed("NUTS at fixed step sizes (acceptance curve)") { try await LangevinChapter.NUTSDemo.acceptanceCurve(settings, run: shown) }
    } catch {
        nb.fail("\(error)")
    }
    let terminal = LangevinChapter.NUTSDemo.terminalWindow(shown)
    var curvePanel = Figure(title: "α as a function of a fixed ε (the chain's final metric)", xLabel: "step size ε (log scale)", yLabel: "mean acceptance statistic",
                            xRange: curve.stepSizes.first!...curve.stepSizes.last!, yRange: 0...1.05)
    curvePanel.logX = true
    curvePanel.legend = .topRight
    curvePanel.add(.band(x: curve.stepSizes, lower: zip(curve.acceptance, curve.standardErrors).map { $0 - 2 * $1 },
                         upper: zip(curve.acceptance, curve.standardErrors).map { $0 + 2 * $1 }, title: "± 2 SE", color: .blue, opacity: 0.25))
    curvePanel.add(.line(x: curve.stepSizes, y: curve.acceptance, title: "α at a fixed ε", color: .blue))
    curvePanel.add(.points(x: terminal.map(\.stepSize), y: terminal.map(\.acceptance), title: "terminal window (εₘ, αₘ)", color: .vermillion, size: 0.8))
    curvePanel.add(.line(x: [curve.stepSizes.first!, curve.stepSizes.last!], y: [nutsSettings.figureTarget, nutsSettings.figureTarget], title: "target δ", color: .black, dashed: true))
    curvePanel.markVertical(at: shown.stepSize, label: "ε̄")
    nb.figure(Panels([epsPanel, acceptancePanel, curvePanel], rows: 3, columns: 1, width: 1100, height: 1500), name: "03-nuts-warmup",
              caption: "Stan's warm-up on one chain (100-D Gaussian, σ from 0.01 to 1, target δ = 0.8); unshaded at the left, the initial fast interval. Top: the step size climbs from about σ_min = 0.01 to about 0.5 once the first window has set the metric; the first update after every restart jumps to about 10ε₀ (the spikes), and inside every window the iterates keep jumping by large factors. Middle: the acceptance statistic; its mean over 25 iterations stays near δ except just after the start and the restarts. Bottom: the mean acceptance statistic at a fixed ε with the chain's final metric (\(nutsSettings.curveDraws) transitions per ε), the terminal window's iterates, and ε̄; α bends down (concave in ln ε) around δ.")
    nb.show(String(format: "this chain's terminal window: εₘ from %.3f to %.3f; mean α %.3f as it ran, %.3f from the curve at its iterates εₘ; after warm-up, at ε̄ = %.3f: %.3f as it ran, %.3f from the curve",
                   terminal.map(\.stepSize).min()!, terminal.map(\.stepSize).max()!,
                   LangevinChapter.NUTSDemo.meanAcceptance(terminal), mean(terminal.map { curve.value(at: $0.stepSize) }), shown.stepSize,
                   LangevinChapter.NUTSDemo.meanAcceptance(shown.transitions), curve.value(at: shown.stepSize)))
    if let exact = curve.stepSize(where: nutsSettings.figureTarget) {
        nb.show(String(format: "on the curve, α = %.2f at ε = %.3f; ε̄ is %.0f%% shorter", nutsSettings.figureTarget, exact, 100 * (1 - shown.stepSize / exact)))
    }
}

/*:
 Two things to read from the table. In the terminal window the acceptance statistic averages
 a little below $\delta$, and that is algebra, not chance. The window's $m = 50$ dual-averaging
 updates satisfy $\sum_{i\le m}(\delta - \alpha_i) = (m + t_0)\bar H_m$ and $\ln\varepsilon_m = \mu - \frac{\sqrt m}{\gamma}\bar H_m$, so
 their mean acceptance falls short of $\delta$ by exactly $(m + t_0)\,\gamma\,(\mu - \ln\varepsilon_m)/m^{3/2}$,
 here $0.0085\,(\mu - \ln\varepsilon_m)$. The restart puts $\mu = \ln 10\varepsilon_0$, $\ln 10 \approx 2.3$ above the step
 $\varepsilon_0$ the heuristic found, and the iterates end below $\mu$: a shortfall of 0.02 to 0.03 (third
 column, computed from each run's record; it equals $\delta$ minus the second column).

 After warm-up, at $\bar\varepsilon$, the acceptance is higher than in the terminal window at every
 target, and above $\delta$ except at $\delta = 0.95$, where it ends level with it. The reason is the
 spread of the iterates. The terminal window starts with a restart, so it holds only 50
 dual-averaging updates, and in the $m$-th one a transition's $\alpha_m$ lowers $\ln\varepsilon$ by
 $(\delta - \alpha_m)\sqrt m/(\gamma(m + t_0))$, plus a small drift: about $3(\delta - \alpha_m)$ in the middle of
 the window, so one transition with $\alpha = 0$ divides $\varepsilon$ by about 10 (the downward spikes of
 the top panel). Over those iterates the acceptance averages $\delta$ (less the shortfall). But
 $\alpha$, as a function of $\ln\varepsilon$, is mostly concave where most iterates fall (bottom panel:
 flat near 1 for short steps, falling ever faster as the leapfrog's energy error grows; only the
 few largest iterates reach its convex tail), and $\ln\bar\varepsilon$ is a (weighted) mean of the
 $\ln\varepsilon_m$. Jensen's inequality then suggests, as a heuristic rather than a theorem, that the
 acceptance at the averaged step exceeds the average acceptance of the iterates,
 $\alpha(\bar\varepsilon) \gtrsim \overline{\alpha(\varepsilon_m)} \approx \delta$. The lines
 under the figure check both halves on the curve measured at fixed $\varepsilon$, and how much shorter
 $\bar\varepsilon$ is than the step that would give $\delta$: a few gradient evaluations, no loss of correctness.

 The gap is a property of short dual-averaging runs, not of NUTS: the same sampler on
 $\mathcal N(0, I_{100})$ with metric adaptation switched off (the unit metric is already right), so
 dual averaging runs once without a restart, with warm-ups of
 different lengths ($\delta = 0.8$, eight chains each):
 */
let lengthControl: [LangevinChapter.NUTSDemo.AveragingLength]
do {
    lengthControl = try await nb.timed("NUTS warm-ups of different lengths on N(0, I)") { try await LangevinChapter.NUTSDemo.averagingLengths(settings) }
} catch {
    nb.fail("\(error)")
}
nb.table(["dual-averaging iterations (no restart)", "sd of ln εₘ over the last 50", "mean α during warm-up", "mean α after warm-up, at ε̄"], lengthControl.map { row in
    ["\(row.length)", meanSE(row.logStepSpread, 2), meanSE(row.warmupAcceptance), meanSE(row.afterWarmupAcceptance)]
})

/*:
 The longer the averaging, the smaller the iterates' spread and the closer the acceptance
 after warm-up comes to $\delta$. Stan's default schedule ends every warm-up with a restart and 50
 iterations (BlackJAX's window adaptation implements the same schedule), so the same gap is to
 be expected there; a NumPyro user reports one of the same kind, 0.80 during warm-up and 0.98
 after, for its HMC on a 10-dimensional standard Gaussian (pyro-ppl/numpyro issue #1786). Read
 $\delta$ as the average acceptance *during* the final adaptation, and expect somewhat more after it.

 ### The mass matrix

 The same 100-dimensional Gaussian, whose standard deviations span a factor of 100, with the
 adapted diagonal metric (Stan's default) and with the unit metric ($M = I$, `adaptMass: false`),
 $\delta = 0.8$, four chains each from the same starts and streams. The cost of a draw is its
 gradient evaluations; the quality of the run is the effective sample size of its worst
 coordinate (the multi-chain ESS over the four chains, smallest over the 100 coordinates).
 */
let metricRuns: [LangevinChapter.NUTSDemo.MetricRun]
do {
    metricRuns = try await nb.timed("NUTS with the adapted and the unit metric") { try await LangevinChapter.NUTSDemo.metricComparison(settings) }
} catch {
    nb.fail("\(error)")
}
let nutsSDs = LangevinChapter.NUTSDemo.standardDeviations(nutsSettings)
nb.table(["metric", "ε̄ (\(nutsSettings.chains) chains)", "mean tree depth", "transitions at depth \(nutsSettings.maximumTreeDepth)", "gradients per draw", "worst ESS (its σ)",
          "ESS per gradient after warm-up", "with warm-up", "divergences"], metricRuns.map { r in
    let draws = r.runs.reduce(0) { $0 + $1.transitions.count }
    return [r.adaptedMass ? "adapted diagonal M" : "unit M = I",
            String(format: "%.3g – %.3g", r.runs.map(\.stepSize).min()!, r.runs.map(\.stepSize).max()!), String(format: "%.2f", r.meanTreeDepth),
            "\(r.saturated(maximumDepth: nutsSettings.maximumTreeDepth)) of \(draws)", String(format: "%.1f", Double(r.gradientsAfterWarmup) / Double(draws)),
            String(format: "%.0f (%.3f)", r.ess[r.worstCoordinate], nutsSDs[r.worstCoordinate]), String(format: "%.2e", r.essPerGradient),
            String(format: "%.2e", r.essPerGradientWithWarmup), "\(r.divergences)"]
})
nb.show(String(format: "the adapted metric buys %.0f times the worst coordinate's ESS per gradient after warm-up, %.0f times counting warm-up",
               metricRuns[0].essPerGradient / metricRuns[1].essPerGradient, metricRuns[0].essPerGradientWithWarmup / metricRuns[1].essPerGradientWithWarmup))

/*:
 With $M = I$ the leapfrog's step is limited by the narrowest direction ($\varepsilon \approx \sigma_\text{min} = 0.01$)
 while a U-turn along the widest one ($\sigma = 1$) takes a time of order $\pi\sigma_\text{max}$: hundreds
 of steps per draw, a tree depth near 8, and the widest coordinate is the worst mixed. With
 $M^{-1} = \widehat{\operatorname{Var}}$, the dynamics run in coordinates scaled to unit variance, where
 one $\varepsilon$ suits every direction and a few steps cross the distribution. Neither metric's trees
 reached the cap of 10 here. Warm-up costs more than the draws with either metric (compare the
 two ESS-per-gradient columns): with the adapted metric, the first 100 iterations (the fast
 interval and the first 25-iteration window) still run with the unit metric, at its small step
 and deep trees.

 ### Divergences and Neal's funnel

 A **divergence** is a trajectory whose energy error $H - H_0$ exceeds a threshold (1,000, as in
 Stan): the leapfrog has met a region so curved that its step is past the stability limit
 ($\varepsilon > 2\sigma$ locally, as in the leapfrog figure above), and $H$ explodes. NUTS stops building
 the tree there, draws from the part built before, and flags the transition. The transition is
 still a valid Markov step, but trajectories into that region keep being cut short, so the
 chain visits it too rarely: divergences warn that the draws are biased, and where they
 cluster says where.

 Neal's (2003) funnel is the standard example of a hierarchical prior:
 $v \sim \mathcal N(0, 3^2)$ and $x_i \mid v \sim \mathcal N(0, e^{v})$ for $i = 1, \dots, 9$. The sd of the $x$'s
 is $e^{v/2}$: 12 at $v = 5$, 0.08 at $v = -5$. No single $\varepsilon$ suits both the mouth and the neck.
 Sampled as it is written (*centred*, in $(v, x)$), the step tuned for the bulk is too long for
 the neck. The *non-centred* parameterisation samples $v$ and $z_i \sim \mathcal N(0, 1)$, independent
 Gaussians with no neck at all, and computes $x_i = e^{v/2} z_i$ afterwards; it is the same model.
 Both with the same settings ($\delta = 0.8$, 1,000 warm-up iterations, four chains of 2,000 draws,
 Stan's starts), at four seeds:
 */
let funnelPairs: [LangevinChapter.NUTSDemo.FunnelPair]
do {
    funnelPairs = try await nb.timed("NUTS on Neal's funnel, centred and non-centred, \(nutsSettings.funnelSeeds) seeds") { try await LangevinChapter.NUTSDemo.funnelSweep(settings) }
} catch {
    nb.fail("\(error)")
}
let exactNeckShare = LangevinChapter.NUTSDemo.funnelShare(below: -3, scale: nutsSettings.funnelScale)
var funnelRows = [[String]]()
for pair in funnelPairs {
    for run in [pair.centred, pair.nonCentred] {
        let dv = run.divergentV
        funnelRows.append(["\(pair.seed)", run.centred ? "centred" : "non-centred", "\(run.divergences) of \(run.v.count)",
                           dv.isEmpty ? "–" : String(format: "%.2f … %.2f", dv.min()!, dv.max()!), dv.isEmpty ? "–" : String(format: "%.2f", mean(dv)),
                           String(format: "%.2f", mean(run.v)), String(format: "%.3f", run.share(below: -3)), String(format: "%.0f", run.vESS),
                           String(format: "%.2f", run.minimumEnergyBFMI), "\(run.saturated(maximumDepth: nutsSettings.maximumTreeDepth))"])
    }
}
nb.table(["seed", "parameterisation", "divergent draws", "v of divergent draws", "their mean v", "mean v (exact 0)",
          String(format: "share v < −3 (exact %.3f)", exactNeckShare), "ESS of v", "min E-BFMI", "at depth \(nutsSettings.maximumTreeDepth)"], funnelRows)
let saturatedFunnelV = funnelPairs.flatMap { [$0.centred, $0.nonCentred] }.flatMap { $0.saturatedV(maximumDepth: nutsSettings.maximumTreeDepth) }
nb.show(saturatedFunnelV.isEmpty ? "no transition reached depth \(nutsSettings.maximumTreeDepth)"
        : String(format: "the %d transitions at depth %d: v from %.1f to %.1f, mean %.1f", saturatedFunnelV.count, nutsSettings.maximumTreeDepth,
                 saturatedFunnelV.min()!, saturatedFunnelV.max()!, mean(saturatedFunnelV)))

/// Draws in (x₁, v), the divergent ones marked, and the funnel's ±2 sd envelope x₁ = ±2e^{v/2}.
func funnelPanel(_ title: String, _ run: LangevinChapter.NUTSDemo.FunnelRun) -> Figure {
    var f = Figure(title: title, xLabel: "x₁", yLabel: "v", xRange: -20...20, yRange: -10...10)
    f.legend = .bottomRight
    let vs = linspace(-10, 10, count: 201)
    f.add(.points(x: run.x1, y: run.v, title: "draws", color: .blue, size: 0.3))
    f.add(.line(x: vs.map { 2 * Elementary.exp($0 / 2) }, y: vs, title: "x₁ = ±2 exp(v/2)", color: .gray, width: 1.5, dashed: true))
    f.add(.line(x: vs.map { -2 * Elementary.exp($0 / 2) }, y: vs, color: .gray, width: 1.5, dashed: true))
    let divergent = run.v.indices.filter { run.divergent[$0] }
    f.add(.points(x: divergent.map { run.x1[$0] }, y: divergent.map { run.v[$0] }, title: "divergent (\(divergent.count))", color: .vermillion, size: 1.6, shape: .triangle))
    return f
}
if let first = funnelPairs.first {
    nb.figure(Panels([funnelPanel("centred: sampled in (v, x)", first.centred), funnelPanel("non-centred: sampled in (v, z), x = exp(v/2) z", first.nonCentred)],
                     rows: 1, columns: 2, width: 1200, height: 600), name: "03-nuts-funnel",
              caption: "Neal's funnel, seed \(first.seed), \(nutsSettings.funnelChains) chains of \(nutsSettings.funnelDraws) draws each way. Centred (left): the draws stop short of the neck, and the draws of divergent transitions (red triangles; the state the transition returned, not where its energy blew up) sit lower in v than the chains' draws. Non-centred (right): the same model sampled through independent Gaussians reaches deep into the neck without a divergence.")
}

/*:
 The centred chains flag divergences at every seed (22 to 156 of 8,000 draws), and the
 divergent draws sit lower in $v$ than the chains' draws, toward the neck: their mean $v$ is
 below the chains' mean $v$ at every seed. The chains under-sample the neck: at seeds 1, 3 and 4, 2.3% to 6.3%
 of their draws have $v < -3$, where the funnel holds 15.9%; at seed 2, 13.6%, from chains whose
 ESS of $v$ is 6. Their mean $v$ is 0.5 to 1.7 where it should be 0.
 The non-centred chains, at the same settings and seeds, have no divergence and match the
 exact share within 0.01. Two more diagnostics point the same way. The **E-BFMI** (energy
 Bayesian fraction of missing information; Betancourt 2016, 2017) compares how far the energy
 moves from one draw to the next with how far it ranges over the whole chain,
 $\sum_n (E_n - E_{n-1})^2 / \sum_n (E_n - \bar E)^2$; below about 0.3 the momentum resampling cannot
 carry the chain across the energy levels (here, the levels of $v$) in a reasonable number of
 draws. It is 0.06 to 0.07 for the centred chains and about 1 for the non-centred ones. And
 some centred transitions reach the maximum tree depth, all of them high in the mouth ($v$ near
 8, where the $x$'s have a standard deviation of about $e^{4} \approx 55$): there the trajectories
 did not turn back within 1,023 leapfrog steps. The non-centred parameterisation
 removes the problem rather than treating its symptoms.

 *Sources for this section.* M. D. Hoffman & A. Gelman (2014), "The No-U-Turn sampler: adaptively
 setting path lengths in Hamiltonian Monte Carlo", JMLR 15, 1593–1623 (NUTS, dual averaging:
 Algorithm 6). M. Betancourt (2017), "A Conceptual Introduction to Hamiltonian Monte Carlo",
 arXiv:1701.02434 (multinomial NUTS, the generalised criterion, divergences). M. Betancourt (2016),
 "Diagnosing suboptimal cotangent disintegrations in Hamiltonian Monte Carlo", arXiv:1604.00695
 (E-BFMI). R. M. Neal (2003), "Slice sampling", Annals of Statistics 31, 705–767 (the funnel).
 Stan Development Team, *Stan Reference Manual*, "HMC algorithm parameters" (the warm-up windows;
 mc-stan.org/docs/reference-manual). pyro-ppl/numpyro issue #1786 on GitHub (the acceptance after
 warm-up).
 */

/*:
 ## The gold standard: NUTS on the Bayesian neural network

 Back to Lecture 2's Bayesian MLP on the running example: 1→10→1 with tanh, prior
 $w \sim \mathcal N(0, I)$, noise sd 0.05. The gradient of the log posterior comes from the autodiff
 core; the sampler is NUTS as above: four chains, each with 400 warm-up iterations (dual
 averaging toward $\delta = 0.8$, a diagonal metric in Stan's windows) and 400 draws, trees of
 depth at most 9 (511 leapfrog steps; Stan's default of 10 would double the cost of every
 draw). The table reports, per chain, what the previous section taught to look at: divergences
 (a chain is biased against the regions where they happen), saturated trees, the E-BFMI, and
 the acceptance during the last warm-up window and after warm-up.
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
nb.table(["chain", "step size ε", "mean tree depth", "leapfrog steps per draw", "α, last warm-up window", "α after warm-up", "divergences", "saturated", "E-BFMI"], nutsRuns.enumerated().map { k, r in
    let steps = Double(r.transitions.reduce(0) { $0 + $1.leapfrogSteps }) / Double(r.transitions.count)
    let depth = Double(r.transitions.reduce(0) { $0 + $1.treeDepth }) / Double(r.transitions.count)
    let terminal = LangevinChapter.NUTSDemo.terminalWindow(r)
    return ["\(k + 1)", String(format: "%.2e", r.stepSize), String(format: "%.2f", depth), String(format: "%.0f", steps),
            String(format: "%.2f", LangevinChapter.NUTSDemo.meanAcceptance(terminal)), String(format: "%.2f", r.chain.acceptanceRate),
            "\(r.chain.divergences)", "\(r.saturated(maximumDepth: settings.reference.maximumTreeDepth))", String(format: "%.2f", r.energyBFMI)]
})

let bnnGrid = ReferencePosterior.grid(settings.reference)
// At the gap and the right extrapolation:
nb.table(["quantity", "split-R̂ across chains", "ESS"], LangevinChapter.probeConvergence(settings, chains: referenceChains).map { p in
    [String(format: "f(%.1f)", p.x), String(format: "%.3f", p.rHat), String(format: "%.0f", p.ess)]
})
let referenceMoments = ReferencePosterior.predictive(referenceChains, at: bnnGrid)

/*:
 No divergence, and every tree reached the depth cap. The step size is measured in the units the
 adapted metric makes of the weights, where every weight's posterior sd is about 1; that it
 still comes out near 0.003 says that the posterior is hundreds of times narrower in some
 directions than in others even after the diagonal scaling: the data pin the function to within
 the noise sd 0.05, and that constraint runs along combinations of weights, which no diagonal
 metric straightens. A trajectory then needs about $\pi\sigma/\varepsilon \approx 1{,}000$ steps to turn along a
 direction of sd $\sigma \approx 1$, more than the 511 allowed. Saturation costs effective samples per
 gradient, not correctness: the four chains agree at both probes with ESS near a thousand or
 more. During the last warm-up window the acceptance averaged just under $\delta = 0.8$, as dual
 averaging promises; after warm-up it is 0.91–0.94, a gap about twice the Gaussian's at
 the same target. The spread of the short terminal window's iterates is one cause (the
 warm-up section); a 400-iteration warm-up whose step size is still settling may be another,
 and the chapter does not separate the two.
 */

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
                 rows: 1, columns: 2, width: 1200, height: 480), name: "03-bnn-nuts-sgld",
          caption: "Posterior predictive of the Bayesian 1→10→1 MLP: NUTS (left), the course's reference band, and SGLD (right).")

/*:
 ### NUTS against the chapter's HMC

 The same posterior sampled by the chapter's HMC, which differs from NUTS in three ways: the unit
 metric $M = I$; $\varepsilon$ tuned by dual averaging toward 80% acceptance; and a fixed $L$, set in the
 warm-up to a quarter period of the widest direction the draws showed,
 $\tfrac{\pi}{2}\,\sigma_{\max}/\varepsilon$, capped at 64 steps, both then jittered (Neal 2011). On this posterior
 the cap decides (the line under the table). NUTS, for its part, ran every trajectory to its cap
 of 511 steps above, so the comparison is between two samplers, not between a fixed and an
 adaptive length. Both are scored on the whole prediction grid: the *worst* sampled prediction
 (smallest ESS of $f_w(x)$ over the grid's points) per gradient spent after warm-up (warm-up not
 counted; HMC's gradients are its draws times $L$, the jittered lengths averaging $L$), and the
 largest split-R̂.
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
nb.show("HMC's chains after warm-up: ε = " + hmcChains.map { String(format: "%.2e", $0.stepSize) }.joined(separator: ", ")
        + "; L = " + hmcChains.map { "\($0.leapfrogSteps)" }.joined(separator: ", "))
nb.table(["sampler (\(settings.reference.chains) chains)", "draws per chain", "gradients after warm-up", "smallest ESS over the grid", "per gradient", "largest split-R̂", "divergences"],
         [("HMC (M = I, L jittered)", settings.bnnHMCDraws, hmcGrid), ("NUTS", settings.reference.draws, nutsGrid)].map { name, draws, e in
    [name, "\(draws)", String(format: "%.0f", e.gradients), String(format: "%.0f", e.minimumESS), String(format: "%.2e", e.essPerGradient),
     String(format: "%.3f", e.maximumRHat), "\(e.divergences)"]
})

/*:
 NUTS spent three times HMC's gradients and got about seven times its effective samples of the
 worst-sampled prediction, with every split-R̂ below 1.01 and no divergence; HMC's largest
 split-R̂ was above it. The tests check the same on four data draws (seeds 1–4; this run is
 seed 1): NUTS's largest split-R̂ over the grid below 1.01 with no divergence and below HMC's,
 and more effective samples per gradient of the worst prediction for NUTS than for HMC. Per gradient
 NUTS got about twice HMC's effective samples of the worst prediction here, but at $f(0)$, the
 quantity of the next table, HMC is the cheaper. What decides the reference is convergence
 everywhere on the grid, with nothing to explain away, and that is why the course's is NUTS.
 */

/*:
 ## Which sampler, per gradient?

 The same posterior, the same quantity — the prediction $f(0)$ in the gap, whose posterior is
 what the band above shows — sampled by each method with two chains. Cost is counted in
 evaluations of the log density (MH) or of its gradient (the others); the run also prints effective
 samples per *second* on the standard error stream (stderr), which depends on the machine.
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
let referenceStart = referenceChains[0].draw(referenceChains[0].count - 1)
do {
    let (mhChains, mhSeconds) = try await clocked { try await LangevinChapter.mhChains(settings, data: bnnData, start: referenceStart) }
    comparisons.append(Comparison(name: "random-walk MH", chains: mhChains, cost: LangevinChapter.Cost.mh(settings), seconds: mhSeconds))
    nb.note(String(format: "MH on the Bayesian MLP, 2 chains: %.2f s", mhSeconds))
    let (malaChains, malaSeconds) = try await clocked { try await LangevinChapter.malaChains(settings, data: bnnData, start: referenceStart) }
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
    comparisonRows.append([c.name, String(format: "%.0f", e.evaluations), String(format: "%.1f", e.ess), String(format: "%.2e", e.essPerEvaluation),
                           String(format: "%.2f", e.rHat)])
    if c.seconds.isFinite { nb.note(String(format: "%@: %.0f effective samples of f(0) per second", c.name, e.ess / c.seconds)) }
}
nb.table(["sampler (2 chains)", "full-data evaluations", "ESS of f(0)", "ESS per evaluation", "split-R̂"], comparisonRows)

/*:
 The costs count the evaluations that produced the second half of each chain's draws, where
 the ESS is measured. SGLD's are mini-batch gradients of 10 points, four to a full-data gradient.
 The timings printed on stderr cover MH and MALA; those of NUTS, HMC and SGLD are the timed lines
 printed on stderr when each ran (a run prints them; the chapter does not).
 SGLD's draws are not exact: there is no accept/reject step, and the step size never reaches zero.
 An ESS of about two, with a split-R̂ far above 1, is not an estimate of anything: those chains
 have not mixed, and their "effective samples per evaluation" is an upper bound at best.
 */

/*:
 ## The slides' take-aways on sampling methods, checked

 The slides close the sampling methods with three strengths and three limitations. Each one
 against a number Lectures 1–3 measured (in their default runs):

 * **Gold standard, asymptotically exact.** On the conjugate straight-line model of Lecture 2,
   MH's posterior means landed 0.0 and 0.9 Monte Carlo standard errors from the exact ones; above,
   MALA's stationary variance stayed at $\sigma^2$ where ULA's grew with $\varepsilon$; NUTS's means and
   variances on a Gaussian and on conjugate Bayesian linear regression are within 4 Monte Carlo
   standard errors of the exact ones (the library's tests), and its four chains on the Bayesian MLP
   agree (split-R̂ at most 1.007 over the whole prediction grid).
 * **Flexible: multimodal, correlated posteriors.** SGLD put 0.593 of its draws in the mode of
   Welling & Teh's mixture that holds 0.508 of the mass, so it visits both; HMC crossed Neal's
   $\rho = 0.95$ ridge where the random walk crawled. Neal's funnel is where flexibility ends: a
   sampler that tunes one step size for the whole posterior diverges toward the neck, and the cure was
   a change of parameters, not of sampler.
 * **Principled.** Every sampler here needs only $p(\mathcal D \mid \omega)\,p(\omega)$, never $p(\mathcal D)$.
 * **Very slow.** For the 31 weights of the Bayesian MLP, two chains of HMC spent 64,000 full-data
   gradients on 212 effective samples of one prediction, $f(0)$, NUTS 204,400 on 500; random-walk MH
   spent 400,000 evaluations on 37.
   Lecture 1 fitted a network of 2,701 weights by maximum likelihood in 3,000 gradient steps.
 * **Difficult to parallelise.** A chain is sequential: step $t + 1$ needs step $t$. The course runs
   one chain per core, which multiplies draws but shortens nothing; every chain pays its own
   warm-up (here 400 NUTS iterations of up to 511 leapfrog steps, as many as its draws) before its
   first usable draw.
 * **Struggles with high-dimensional weights.** In Lecture 2, from 7 to 121 weights the tuned
   random-walk scale fell from 0.0153 to 0.0042 (like $1/\sqrt d$: $\sqrt{121/7} = 4.2$, measured 3.6)
   and no two chains agreed (max split-R̂ from 4.40 to 34.10). Gradients help: for a Gaussian
   target, the cost of an independent draw grows like $d^2$ for the random walk and like $d^{5/4}$ for
   HMC (Neal 2011, §5.4.4), but the course's reference posterior is still one of a 31-weight network.

 The slide on Langevin dynamics adds its own verdict, "sensitive to hyperparameters, slow
 compared to HMC", and it holds here too: ULA's bias grows with $\varepsilon$ and diverges at $4\sigma^2$, SGLD
 needed a schedule chosen against the posterior's stiffest direction, and per full-data gradient
 MALA got 6.0e-5 effective samples of $f(0)$ to HMC's 3.3e-3 and NUTS's 2.4e-3.

  ## What to remember

 * The gradient tells a sampler where the mass is. Langevin dynamics follows it with noise;
   unadjusted, it samples a variance inflated by $1/(1-\varepsilon/4\sigma^2)$; MALA corrects that.
 * SGLD makes each step cheap with mini-batches; with decaying steps its gradient noise fades
   below the injected noise, at the price of ever smaller moves.
 * HMC moves far at high acceptance by following Hamiltonian dynamics; watch for divergences,
   which mean the step size is past the leapfrog's stability limit somewhere in the posterior.
 * NUTS stops each trajectory where it turns back, so only $\varepsilon$ and the metric need tuning,
   and warm-up tunes both — up to the maximum tree depth, a third knob, which decided every
   trajectory on the Bayesian MLP. Its acceptance after warm-up sits above the one during the last window
   (the last 50 dual-averaging iterates spread widely, and the acceptance is concave in $\ln\varepsilon$),
   an adapted diagonal metric was worth a factor of 61 in effective samples per gradient after
   warm-up (21 counting warm-up) on
   a badly scaled Gaussian, and divergences with a low E-BFMI called for a reparameterisation on
   Neal's funnel.
 * On the Bayesian MLP NUTS's chains agree on $f(x)$ at every grid point, and not only in this
   run: over four data draws its four chains gave split-R̂ below 1.01 everywhere, with no
   divergence, while SGLD's never agreed on $f(0)$ (split-R̂ above 1.2 at every seed; 1.43 here). Agreement is necessary, not
   sufficient: a mode that no chain found is invisible to split-R̂. MALA's two chains, both
   started from one draw of the reference, move so little that whether they drift apart is a
   matter of chance, so their agreement proves nothing; what holds on every draw is the price:
   per full-data gradient NUTS and HMC got more than twice as many effective samples of $f(0)$
   as MALA at every seed, here 41 and 55 times (MALA's estimates rest on a handful of effective samples). Random-walk MH's two chains, also started from a reference draw,
   can agree on $f(0)$ too; Lecture 2 showed that its weights do not mix. NUTS is the reference
   the next lectures are measured against.

 ## Exercises

 In `Sources/Exercises/Lecture03.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 3.1 — one leapfrog step.** Implement `exercise3_1_leapfrogStep`. The test checks it
    against the library, its time-reversibility, and its $\varepsilon^2$ energy error.
 2. **Exercise 3.2 — ULA's stationary variance.** Derive and implement
    `exercise3_2_ulaStationaryVariance(sigma2:stepSize:)`; the test compares it with simulation.
 3. **Exercise 3.3 — the SGLD schedule.** Implement `exercise3_3_sgldStepSizes`: $a$, $b$ such that
    $\varepsilon_0 = $ `first` and $\varepsilon_T = $ `last` for a given $\gamma$.
 */
