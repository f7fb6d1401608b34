/*:
 # Lecture 13 — Physics-informed UQ: Bayesian PINNs

 The lecture's title is "UQ in *Scientific* Machine Learning", and the second reference of its
 "Uncertainty quantification" slide (Psaros, Meng, Zou, Guo & Karniadakis 2023, with the NeuralUQ
 library) is built around physics-informed
 networks: a network $u_\theta(x)$ stands for the solution of a differential equation, noisy sensors
 measure the solution *and the source term*, and the equation's residual becomes part of the
 likelihood. An unknown coefficient of the equation is then one more parameter with a prior, and
 its posterior comes out with the network's. This chapter builds the Bayesian PINN (B-PINN) of
 Yang, Meng & Karniadakis (2021) on the course's own autodiff core, for their 1-D Poisson problems,
 with HMC as the reference and three cheaper methods beside it: a deep ensemble of PINNs, mean-field
 variational inference and MC dropout, all on the same likelihood. The emulator chapter (chapter
 12) is the data-driven side of scientific machine learning; this one uses the physics.

 Every table below but the derivative check and the cost table (seed 1) is the mean ± standard error over seeds 1 to 5 (the sensors' noise, the starts
 and every random draw change with the seed); the figures show seed 1.

 ```
 swift run -c release physics-informed            # full run, figures into figures/
 swift run -c release physics-informed --help     # options
 ```
 */
import ArgumentParser
import Autodiff
import Course
import Foundation
import Inference
import NeuralNetworks
import Notebook
import Plotting
import Probability

struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "physics-informed", abstract: "Lecture 13: physics-informed UQ, Bayesian PINNs.")
    @OptionGroup var common: LectureOptions
    @Option(help: "Kept HMC iterations per chain (default \(PhysicsInformedChapter.Settings.standard().hmcDraws); --quick: \(PhysicsInformedChapter.Settings.quick().hmcDraws)).") var draws: Int?
    @Option(help: "Leapfrog steps per HMC trajectory (default \(PhysicsInformedChapter.Settings.standard().hmcLeapfrogSteps); --quick: \(PhysicsInformedChapter.Settings.quick().hmcLeapfrogSteps)).") var leapfrogSteps: Int?
    @Option(help: "Members of the deep ensemble of PINNs (default \(PhysicsInformedChapter.Settings.standard().ensembleMembers); --quick: \(PhysicsInformedChapter.Settings.quick().ensembleMembers)).") var members: Int?
    @Option(help: "Seeds of the sweep behind the tables (default \(PhysicsInformedChapter.Settings.standard().sweepSeeds); --quick: \(PhysicsInformedChapter.Settings.quick().sweepSeeds)).") var sweepSeeds: Int?

    /// The chapter's settings: standard or quick, then the options given.
    var settings: PhysicsInformedChapter.Settings {
        PhysicsInformedChapter.Settings.settings(quick: common.quick, seed: common.seed)
            .with(\.hmcDraws, draws).with(\.hmcLeapfrogSteps, leapfrogSteps).with(\.ensembleMembers, members).with(\.sweepSeeds, sweepSeeds)
    }

    mutating func validate() throws {
        let s = settings
        guard (10...100_000).contains(s.hmcDraws) else { throw ValidationError("--draws must be between 10 and 100,000, got \(s.hmcDraws)") }
        guard (1...1000).contains(s.hmcLeapfrogSteps) else { throw ValidationError("--leapfrog-steps must be between 1 and 1,000, got \(s.hmcLeapfrogSteps)") }
        guard (2...100).contains(s.ensembleMembers) else { throw ValidationError("--members must be between 2 and 100, got \(s.ensembleMembers)") }
        guard (1...100).contains(s.sweepSeeds) else { throw ValidationError("--sweep-seeds must be between 1 and 100, got \(s.sweepSeeds)") }
    }
}
let options = Options.parseOrExitWithOneLine()
let settings = options.settings
let nb = Notebook(options.common)
typealias PINN = PhysicsInformedChapter
/*:
 ## Derivatives of the network in its input
 A PDE residual needs $u_x$ and $u_{xx}$ of the network, and a sampler needs the gradient of the
 residual *in the weights*: mixed derivatives $\partial u_{xx}/\partial\theta$. The course's core computes them with forward
 mode inside reverse mode. Along the input, every layer carries the activations $h$ and two
 tangents $t = \partial h/\partial x$, $s = \partial^2 h/\partial x^2$: the affine map $z = hW + b$ is linear, so $z' = tW$ and $z'' = sW$, and
 the activation gives $h^+ = a(z)$, $t^+ = a'(z)\,z'$, $s^+ = a'(z)\,z'' + a''(z)\,z'^2$, from $(x, 1, 0)$. The three go
 through each weight matrix as one product of $3n$ rows. Reverse mode then runs back through these
 recorded values: $\bar W = h^\top\bar z + t^\top\bar z' + s^\top\bar z''$, and through the activation
 $\bar z'' = \bar s\,a'$, $\bar z' = \bar t\,a' + 2\bar s\,a''z'$, $\bar z = \bar h\,a' + \bar t\,a''z' + \bar s\,(a''z'' + a'''z'^2)$
 (for tanh, $a' = 1 - h^2$, $a'' = -2ha'$, $a''' = -2a'^2 + 4h^2a'$).
 One gradient of a residual costs about three network passes forward and three back.
 @source NeuralNetworks/MLP+InputDerivatives.swift: public func inputDerivatives(_ x: [Double]
 The checks against central differences (the same as the tests of `NeuralNetworksTests`), on the
 chapter's network 1→50→50→1 with weights drawn from the prior $\mathcal N(0, I)$, at 7 points of $[-0.7, 0.7]$:
 */
let check = PINN.derivativeCheck(settings)
nb.table(["quantity", "largest |autodiff − central difference|", "largest |value|"],
         check.map { [$0.name, String(format: "%.1e", $0.error), String(format: "%.3g", $0.scale)] })
/*:
 ## The residual as a likelihood
 The forward problem of Yang et al. (§4.1): on $[-0.7, 0.7]$, $\lambda u'' = f$ with $\lambda = 0.01$ and the exact
 solution $u = \sin^3(6x)$, so $f = \lambda u''$ is known only through 16 equispaced noisy sensors
 $\tilde f_j = f(\xi_j) + \varepsilon_j$, and $u$ through two noisy sensors at the ends. The B-PINN's posterior is
 $$\ln p(\theta \mid D) = -\sum_i \frac{(u_\theta(x_i) - \tilde u_i)^2}{2\sigma_u^2} - \sum_j \frac{(\lambda u_\theta''(\xi_j) + k\tanh u_\theta(\xi_j) - \tilde f_j)^2}{2\sigma_f^2} - \frac{\lVert\theta\rVert^2}{2\sigma_\theta^2} + c,$$
 with $k = 0$ here, the network 1→50→50→1 (tanh), the prior $\mathcal N(0, I)$ on the 2,701 weights, and
 $\sigma_u = \sigma_f = \sigma$, the sensors' noise sd. The sensors of $f$ do not see $u$ at all; they see its curvature,
 and only the residual term ties them to $u$.
 @source Inference/PhysicsInformed/PhysicsInformedPosterior.swift: public func valueAndGradient(
 HMC samples it: two chains from Glorot starts, 400 warm-up iterations that adapt the step size by
 dual averaging (target acceptance 0.8), then 400 iterations of 50 leapfrog steps, every 4th kept.
 (NeuralUQ's example runs one chain of 1,000 + 1,000 iterations of 50 steps; ours is shorter so that
 the chapter and its five-seed sweep stay near two minutes, and at noise 0.01 it has not mixed: see
 the split-$\hat R$ below.) The same sampler on the same
 prior *without* the residual term (the data-only posterior: two points of $u$) shows what the
 physics buys.
 */
let sweepBar = nb.progress("forward and inverse B-PINNs (HMC, ensembles), \(settings.sweepSeeds) seeds", total: settings.sweepSeeds * PINN.fitsPerRun)
let runs: [PINN.Run]
do {
    runs = try await PINN.sweep(settings) { sweepBar.update($0) }
    sweepBar.finish()
} catch {
    nb.fail("\(error)")
}
let shown = runs[0]
let grid = PINN.grid(settings)
let exactU = grid.map(PINN.exactU)
func fmt(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
/// mean ± standard error over the seeds.
func meanSE(_ xs: [Double], _ digits: Int = 3) -> String {
    let n = Double(xs.count), m = xs.reduce(0, +) / n
    guard xs.count > 1 else { return fmt(m, digits) }
    let se = (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1) / n).squareRoot()
    return "\(fmt(m, digits)) ± \(fmt(se, digits))"
}
func bandFigure(_ title: String, _ fit: PINN.Fit, data: PINN.Measurements?, color: Color) -> Figure {
    var f = Figure(title: title, xLabel: "x", yLabel: "u(x)", xRange: -0.7...0.7, yRange: -2.5...2.5)
    f.legend = .below
    f.add(.band(x: grid, lower: zip(fit.mean, fit.sd).map { $0 - 2 * $1 }, upper: zip(fit.mean, fit.sd).map { $0 + 2 * $1 },
                title: "mean ± 2 sd", color: color, opacity: 0.4))
    f.add(.line(x: grid, y: exactU, title: "exact u = sin³(6x)", color: .black))
    f.add(.line(x: grid, y: fit.mean, title: "posterior mean", color: color, dashed: true))
    if let data { f.add(.points(x: data.uInputs, y: data.uValues, title: "u sensors", color: .vermillion, size: 1.2)) }
    return f
}
nb.figure(Panels([bandFigure("data only: two u sensors, no residual", shown.dataOnly, data: shown.forwardData[0], color: .gray),
                  bandFigure("B-PINN: the same + 16 f sensors through the residual", shown.forwardHMC[0], data: shown.forwardData[0], color: .blue)],
                 rows: 1, columns: 2, width: 1400, height: 520),
          name: "13-physics-vs-data",
          caption: "Forward problem, noise sd 0.01, HMC at seed \(settings.seed): the posterior of u with the two boundary sensors only (left) and with the residual against the 16 f sensors as well (right).")
nb.table(["posterior (noise 0.01)", "mean 95% band width", "RMSE of the mean", "grid points within 2 sd of u"],
         [("data only", runs.map(\.dataOnly)), ("B-PINN", runs.map { $0.forwardHMC[0] })].map { name, fits in
             [name, meanSE(fits.map(\.meanBandWidth)), meanSE(fits.map { $0.rmse(exactU) }), meanSE(fits.map { $0.coverage(of: exactU) }, 2)]
         })
/*:
 Two points of $u$ say almost nothing about the interior: the data-only band is 4.659 wide on average
 over the grid (the spread of the prior's functions, pinned at the ends), and its mean misses $u$
 by 0.817 (RMSE). With the residual against the 16 noisy f sensors the band is sixteen times
 narrower, 0.289, the RMSE 0.058, and 99% of the grid lies within 2 sd of the exact $u$. The
 equation is what carries the measurements of the curvature over to $u$: $\lambda u'' = f$ fixes $u$ up to a
 linear function $a + bx$, and the two boundary sensors fix $a$ and $b$.
 ## The forward problem at two noise levels, four methods
 Yang et al. run the forward problem at $\sigma = 0.01$ and $\sigma = 0.1$. Beside HMC, three cheaper methods on the
 same likelihood:
 - a **deep ensemble of PINNs**: 5 fits of the PINN loss (the likelihood terms without the weights'
   prior) by Adam, 6,000 steps with a cosine-decayed rate from 0.003, from independent Glorot starts;
   the band is the members' spread;
 - **mean-field VI**: $q(\theta) = \mathcal N(\mu, \operatorname{diag}\sigma^2)$ fitted to the whole posterior (prior included) by
   Bayes-by-Backprop's reparameterised gradient: $\mu$ first placed at a mode of the posterior (3,000 Adam
   steps, as the ensemble's), then 12,000 Adam steps of one draw each, $\sigma$ starting at $10^{-3}$; the band
   from 200 draws of $q$;
 - **MC dropout**: dropout at rate 0.01 on both hidden layers during 6,000 Adam steps on the PINN
   loss plus the weight decay $(1-p)\lVert\theta\rVert^2/2$ of its KL term, then 200 passes with dropout on.
   One mask per pass is shared by all inputs, so every pass is one function of $x$ and its
   $u''$ is that function's (the mask multiplies outgoing weights, a constant in $x$).
 @source Inference/Variational/MeanFieldGaussian.swift: public func fit(
 */
let methods = PINN.Method.allCases
func noiseRows(_ fits: (PINN.Run) -> [PINN.Fit], _ method: String) -> [[String]] {
    settings.noiseLevels.indices.map { i in
        let f = runs.map { fits($0)[i] }
        return [method, fmt(settings.noiseLevels[i], 2), meanSE(f.map(\.meanBandWidth)), meanSE(f.map { $0.rmse(exactU) }),
                meanSE(f.map { $0.coverage(of: exactU) }, 2)]
    }
}
let methodColors: [Color] = [.green, .orange, .purple]
var forwardPanels = [Figure]()
for (i, noise) in settings.noiseLevels.enumerated() {
    forwardPanels.append(bandFigure("HMC, noise sd \(noise)", shown.forwardHMC[i], data: shown.forwardData[i], color: .blue))
    for (m, method) in methods.enumerated() {
        forwardPanels.append(bandFigure("\(method.rawValue), noise sd \(noise)", shown.forward(method)[i], data: shown.forwardData[i], color: methodColors[m]))
    }
}
nb.figure(Panels(forwardPanels, rows: 2, columns: 4, width: 2000, height: 1000), name: "13-forward",
          caption: "Forward problem λu″ = f at seed \(settings.seed): u's mean ± 2 sd for HMC, the deep ensemble of PINNs, mean-field VI and MC dropout (left to right), noise sd 0.01 (top) and 0.1 (bottom).")
nb.table(["method", "noise sd", "mean 95% band width", "RMSE of the mean", "grid points within 2 sd of u"],
         noiseRows({ $0.forwardHMC }, "HMC") + methods.flatMap { m in noiseRows({ $0.forward(m) }, m.rawValue) })
nb.table(["HMC, forward", "noise sd", "acceptance", "split-R̂ of u(0), 2 chains", "gradient evaluations"],
         settings.noiseLevels.indices.map { i in
             let f = runs.map { $0.forwardHMC[i] }
             return ["", fmt(settings.noiseLevels[i], 2), meanSE(f.map(\.acceptance), 2), meanSE(f.map(\.rHat), 2), "\(f[0].gradientEvaluations)"]
         })
/*:
 **HMC.** Ten times the noise widens the band about seven times, from 0.289 to 1.953, and in both
 cases 99% of the grid lies within 2 sd of $u$. With $\lambda = 0.01$ a noise sd of 0.1 on $f$ is a noise sd of
 10 on $u''$: the band at noise 0.1 is wide even though the mean's error is only 0.461. At noise 0.01
 the two chains do not agree on $u(0)$: split-$\hat R$ is 1.18 ± 0.05, above the usual 1.01–1.1, so the
 band shown pools two chains that have not forgotten their starts (at noise 0.1, $\hat R$ = 1.00).
 Longer chains (NeuralUQ runs 1,000 + 1,000 iterations; this chapter 400 + 400, to stay within its
 time budget) are the remedy; this is read as a caveat on the noise-0.01 band, not as its width.

 **Deep ensemble.** Its band at noise 0.01 (2.264 ± 0.518) is *wider* than HMC's, with an RMSE of
 0.181 (HMC's 0.058): at some seeds not every member reaches the solution, and the spread
 is that of the optimiser's failures rather than of a posterior (a PINN loss with a stiff residual
 term is hard to minimise from a random start; Adam's 6,000 steps do not always get there). At noise
 0.1 it covers only 73% of the grid.

 **Mean-field VI** at noise 0.01: band 0.569 ± 0.114, RMSE 0.093, 90% of the grid covered; at noise
 0.1 its band is 2.216 wide (HMC's 1.953) and its mean's RMSE 0.609 (HMC's 0.461). In the figure
 (seed 1) its noise-0.1 band is a wide slab around a nearly straight mean.

 **MC dropout** does not fit the forward problem: its mean is no closer to $u$ than $u \equiv 0$ is
 (RMSE 0.617 and 0.677, against 0.507 for $u \equiv 0$ on this grid), and its band is narrow (0.026 at
 noise 0.1), so it covers 15% and 1% of the grid. In the figure its mean is the straight line through
 the two boundary sensors: $u'' = 0$, whatever $f$ says. A likely reason, not measured here: the mask
 changes $u''$ of every pass, and the residual term, with its precision $1/\sigma^2$, punishes that spread
 more than it rewards fitting $f$; a linear function is the one network whose $u''$ no mask moves. Where
 the data about $u$ itself are sparse (two points), MC dropout is confidently wrong.
 ## The inverse problem: the posterior of k
 The nonlinear problem of Yang et al., as in NeuralUQ's example: $\lambda u'' + k\tanh u = f$ with the same $u$ and $\lambda$,
 and $k = 0.7$ unknown, with the prior $k \sim \mathcal N(0.5, 1)$ (NeuralUQ's); 32 f sensors and 8 u sensors, equispaced.
 The state is $(\theta, k)$, 2,702 numbers; the gradient in $k$ is $-\sum_j r_j\tanh u_\theta(\xi_j)/\sigma_f^2 - (k - 0.5)$.
 Every method treats $k$ as it treats a weight: HMC samples it, mean-field VI gives it a Gaussian factor, the ensemble's
 members each fit one, and MC dropout fits one point (no mask reaches it).
 */
func kFigure(_ i: Int) -> Figure {
    let (h, e, v) = (shown.inverseHMC[i], shown.inverse(.ensemble)[i], shown.inverse(.variational)[i])
    let d = shown.inverse(.dropout)[i]
    let all = h.k + e.k + v.k + [d.kMean, 0.7]
    let lo = all.min()! - 0.01, hi = all.max()! + 0.01
    var f = Figure(title: "k, noise sd \(settings.noiseLevels[i])", xLabel: "k", yLabel: "density", xRange: lo...hi)
    f.legend = .below
    f.add(.histogram(h.k, bins: 30, range: lo...hi, title: "HMC draws", color: .blue))
    f.add(.histogram(v.k, bins: 30, range: lo...hi, title: "mean-field VI draws", color: .orange))
    f.add(.points(x: e.k, y: e.k.map { _ in 0 }, title: "ensemble members", color: .green, size: 1.5, shape: .diamond))
    f.add(.points(x: [d.kMean], y: [0], title: "MC dropout", color: .purple, size: 2, shape: .triangle))
    f.markVertical(at: 0.7, label: "true k")
    return f
}
nb.figure(Panels([kFigure(0), kFigure(1), bandFigure("HMC, noise sd 0.1", shown.inverseHMC[1], data: shown.inverseData[1], color: .blue)],
                 rows: 1, columns: 3, width: 1800, height: 560),
          name: "13-inverse",
          caption: "Inverse problem λu″ + k·tanh u = f at seed \(settings.seed): k's posterior by HMC and by mean-field VI (histograms), the ensemble's members and MC dropout's point (markers), true k = 0.7 marked, at noise sd 0.01 and 0.1; u's HMC band at noise 0.1.")
func inverseRows(_ fits: (PINN.Run) -> [PINN.Fit], _ method: String) -> [[String]] {
    settings.noiseLevels.indices.map { i in
        let f = runs.map { fits($0)[i] }
        let covered = f.filter { $0.kInterval.0 <= 0.7 && 0.7 <= $0.kInterval.1 }.count
        return [method, fmt(settings.noiseLevels[i], 2), meanSE(f.map(\.kMean)), meanSE(f.map(\.kSD)), meanSE(f.map { abs($0.kMean - 0.7) }),
                "\(covered) of \(f.count)", meanSE(f.map { $0.rmse(exactU) }), meanSE(f.map(\.meanBandWidth))]
    }
}
nb.table(["method", "noise sd", "mean of k", "sd of k", "|mean − 0.7|", "95% interval holds 0.7", "RMSE of u's mean", "u's mean 95% band width"],
         inverseRows({ $0.inverseHMC }, "HMC") + methods.flatMap { m in inverseRows({ $0.inverse(m) }, m.rawValue) })
nb.table(["HMC, inverse", "noise sd", "acceptance", "split-R̂ of k, 2 chains", "gradient evaluations"],
         settings.noiseLevels.indices.map { i in
             let f = runs.map { $0.inverseHMC[i] }
             return ["", fmt(settings.noiseLevels[i], 2), meanSE(f.map(\.acceptance), 2), meanSE(f.map(\.rHat), 2), "\(f[0].gradientEvaluations)"]
         })
/*:
 **HMC** recovers $k$: 0.696 ± 0.002 with posterior sd 0.005 at noise 0.01, 0.691 ± 0.017 with sd
 0.054 at noise 0.1; its 95% interval holds 0.7 at 4 of the 5 seeds at noise 0.01 and at all 5 at
 noise 0.1, and the chains agree ($\hat R$ of $k$ = 1.00). One miss in five at the 95% level is what
 chance gives (the probability of at least one miss in five is 23%).

 **Where the methods disagree.** At noise 0.01 every method but MC dropout finds $k$ within 0.005 of
 0.7 on average. At noise 0.1 they part:
 - mean-field VI's $k$ is off by 0.169 ± 0.049 on average (HMC's by 0.035 ± 0.003), its sd is smaller
   than HMC's (0.039 against 0.054), and its interval holds 0.7 at only 1 seed of 5. This is the ordering
   of Yang et al.'s abstract (HMC's $k$ more accurate than VI's), measured here on their problem.
   A factorised $q$ cannot represent a correlation between $k$ and the weights, which in
   $k\tanh u_\theta$ trade against each other; that is a likely reason, not one this chapter measures.
 - The deep ensemble's mean is right (0.710 ± 0.020) but its spread is a third of HMC's (0.019 against
   0.054; a fifth at noise 0.01), and the range of its 5 members holds 0.7 at 1 seed of 5 at each noise level:
   each member fits $k$ to its own optimum and the members agree with one another more than the
   data allow. Its band of $u$ is likewise narrower than HMC's (0.040 ± 0.013 against 0.307 ± 0.003).
 - MC dropout's $k$ is a point (no mask reaches it), 0.755 ± 0.015, off by 0.055; its band of $u$ is
   *wider* than HMC's about 22 times (0.679 against 0.031 at noise 0.01) while its mean misses
   $u$ by 0.18: with 8 u sensors the fit is pulled to the data, and the masks now move $u$ a lot. So
   the reading of Yang et al. (dropout "can hardly provide accurate predictions with
   reasonable uncertainty"), a band narrower than HMC's, holds on the forward problem, where $u$ is measured at
   the ends only, and not here.

 Multimodality, the other usual cause of disagreement, is not what the split-$\hat R$ of $k$ shows: the
 two HMC chains agree on $k$ at both noise levels. Where they disagree, on $u(0)$ in the forward
 problem at noise 0.01, the disagreement is the forward band's, above.

 > **Note on the problems.** The issue and Yang et al. (§4.1) pose the forward problem as the linear
 > $\lambda u'' = f$ with 16 f sensors; this chapter follows them. NeuralUQ's `forward_poisson_bpinn.py`
 > instead solves the *nonlinear* equation with $k = 0.7$ known, 32 f sensors and noise 0.1, from its
 > dataset `Poisson_forward.mat`; its inverse example matches this chapter's inverse problem
 > (32 f sensors, 8 u sensors, $k \sim \mathcal N(0.5, 1)$, weights $\mathcal N(0, 1)$, noise sd 0.1 in its dataset).
 ## Cost
 Every method's cost in evaluations of $\nabla\ln p$ (one evaluation: the network and its two input tangents at
 every sensor, forward and back), per fit:
 */
nb.table(["method", "gradient evaluations per fit", "what they buy"],
         [["HMC (2 chains)", "\(shown.forwardHMC[0].gradientEvaluations)", "draws of the posterior itself"],
          ["deep ensemble", "\(shown.forward(.ensemble)[0].gradientEvaluations)", "\(settings.ensembleMembers) optima of the PINN loss"],
          ["mean-field VI", "\(shown.forward(.variational)[0].gradientEvaluations)", "a Gaussian with diagonal covariance"],
          ["MC dropout", "\(shown.forward(.dropout)[0].gradientEvaluations)", "one network, \(settings.dropoutPasses) masked passes"]])
/*:
 HMC costs the most: 80,000 gradients per fit, 2.7 to 13 times the others. Its $k$ interval held 0.7 in 9 of the 10 (seed, noise)
 cases, more than any other method's; five seeds rule out gross over-confidence, not a 95% rate. Each
 gradient is one pass of the network with its two input tangents at every sensor, forward and back,
 so the physics costs a constant factor per gradient (three values per unit instead of one), not a
 new algorithm.
 */
/*:
 ## Exercises

 In `Sources/Exercises/Lecture13.swift`, graded by `swift test --filter Exercises`:

 1. **Exercise 13.1 — the source term.** Implement `exercise13_1_sourceTerm`: differentiate
    $u = \sin^3(6x)$ twice by hand and return $f = \lambda u'' + k\tanh u$ (graded against central differences
    and the chapter's $f$).
 2. **Exercise 13.2 — the gradient in $k$.** Implement `exercise13_2_gradientInK`: from the network's $u$ and
    $u''$ at the f sensors, the derivative of the log posterior in $k$, residual term and prior together
    (graded against the last coordinate of the B-PINN's gradient).
 3. **Exercise 13.3 — a PINN loss on the tape.** Implement `exercise13_3_pinnLoss` with the tape primitive
    `network.inputDerivatives(_:parameters:)`: $u$ and $u''$ come out as Variables of $\theta$, the residual and
    the misfit are written with the tape's operations, and reverse mode gives the gradient, mixed
    derivatives included (graded against the hand-written gradient of the B-PINN's posterior).
 4. **Exercise 13.4 — an experiment: how many f sensors does the physics need?** Implement
    `exercise13_4_sensorExperiment`: run the forward B-PINN (short HMC chains) with 16 and with 4 f
    sensors and return the mean band widths. Predict first how much wider the band gets with 4
    sensors and where in $x$ it grows; the test grades the number you measure (the band with 4
    sensors must be more than twice as wide), then explain it: between sensors the residual says
    nothing, and with $\lambda = 0.01$ a small error in $f$ is a large error in $u''$.
 */
