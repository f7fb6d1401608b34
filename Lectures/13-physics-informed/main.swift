/*:
 # Lecture 13 — Physics-informed UQ: Bayesian PINNs

 The lecture's title is "UQ in *Scientific* Machine Learning", and its second reference (Psaros,
 Meng, Zou, Guo & Karniadakis 2023, with the NeuralUQ library) is built around physics-informed
 networks: a network $u_\theta(x)$ stands for the solution of a differential equation, noisy sensors
 measure the solution *and the source term*, and the equation's residual becomes part of the
 likelihood. An unknown coefficient of the equation is then one more parameter with a prior, and
 its posterior comes out with the network's. This chapter builds the Bayesian PINN (B-PINN) of
 Yang, Meng & Karniadakis (2021) on the course's own autodiff core, for their 1-D Poisson problems,
 with HMC as the reference and a deep ensemble of PINNs beside it. The emulator chapter (chapter
 12) is the data-driven side of scientific machine learning; this one uses the physics.

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
 with $k = 0$ here, the network 1→50→50→1 (tanh), the prior $\mathcal N(0, I)$ on the 2,651 weights, and
 $\sigma_u = \sigma_f = \sigma$, the sensors' noise sd. The sensors of $f$ do not see $u$ at all; they see its curvature,
 and only the residual term ties them to $u$.
 @source Inference/PhysicsInformed/PhysicsInformedPosterior.swift: public func valueAndGradient(
 HMC samples it: two chains from Glorot starts, 400 warm-up iterations that adapt the step size by
 dual averaging (target acceptance 0.8), then 400 iterations of 50 leapfrog steps, every 4th kept.
 (NeuralUQ's example runs one chain of 1,000 + 1,000 iterations of 50 steps; ours is shorter so that
 the chapter and its five-seed sweep run in under two minutes.) The same sampler on the same
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
 PROSE-PHYSICS
 ## The forward problem at two noise levels
 Yang et al. run the forward problem at $\sigma = 0.01$ and $\sigma = 0.1$. Beside HMC, a deep ensemble of PINNs:
 5 MAP fits of the same posterior (Adam, 4,000 steps with a cosine-decayed rate from 0.003, from
 independent Glorot starts); its band is the spread of the members.
 */
func noiseRows(_ fits: (PINN.Run) -> [PINN.Fit], _ method: String) -> [[String]] {
    settings.noiseLevels.indices.map { i in
        let f = runs.map { fits($0)[i] }
        return [method, fmt(settings.noiseLevels[i], 2), meanSE(f.map(\.meanBandWidth)), meanSE(f.map { $0.rmse(exactU) }),
                meanSE(f.map { $0.coverage(of: exactU) }, 2)]
    }
}
var forwardPanels = [Figure]()
for (i, noise) in settings.noiseLevels.enumerated() {
    forwardPanels.append(bandFigure("HMC, noise sd \(noise)", shown.forwardHMC[i], data: shown.forwardData[i], color: .blue))
    forwardPanels.append(bandFigure("deep ensemble, noise sd \(noise)", shown.forwardEnsemble[i], data: shown.forwardData[i], color: .green))
}
nb.figure(Panels(forwardPanels, rows: 2, columns: 2, width: 1400, height: 1000), name: "13-forward",
          caption: "Forward problem λu″ = f at seed \(settings.seed): HMC (left) and the deep ensemble of PINNs (right), noise sd 0.01 (top) and 0.1 (bottom).")
nb.table(["method", "noise sd", "mean 95% band width", "RMSE of the mean", "grid points within 2 sd of u"],
         noiseRows({ $0.forwardHMC }, "HMC") + noiseRows({ $0.forwardEnsemble }, "deep ensemble"))
nb.table(["HMC, forward", "noise sd", "acceptance", "split-R̂ of u(0), 2 chains", "gradient evaluations"],
         settings.noiseLevels.indices.map { i in
             let f = runs.map { $0.forwardHMC[i] }
             return ["", fmt(settings.noiseLevels[i], 2), meanSE(f.map(\.acceptance), 2), meanSE(f.map(\.rHat), 2), "\(f[0].gradientEvaluations)"]
         })
/*:
 PROSE-FORWARD
 ## The inverse problem: the posterior of k
 The nonlinear problem of Yang et al., as in NeuralUQ's example: $\lambda u'' + k\tanh u = f$ with the same $u$ and $\lambda$,
 and $k = 0.7$ unknown, with the prior $k \sim \mathcal N(0.5, 1)$ (NeuralUQ's); 32 f sensors and 8 u sensors, equispaced.
 The state of the sampler is $(\theta, k)$, 2,652 numbers; the gradient in $k$ is $-\sum_j r_j\tanh u_\theta(\xi_j)/\sigma_f^2 - (k - 0.5)$.
 */
func kFigure(_ i: Int) -> Figure {
    let (h, e) = (shown.inverseHMC[i], shown.inverseEnsemble[i])
    let lo = min(h.k.min()!, e.k.min()!, 0.7) - 0.02, hi = max(h.k.max()!, e.k.max()!, 0.7) + 0.02
    var f = Figure(title: "k, noise sd \(settings.noiseLevels[i])", xLabel: "k", yLabel: "density", xRange: lo...hi)
    f.legend = .topRight
    f.add(.histogram(h.k, bins: 30, range: lo...hi, title: "HMC draws", color: .blue))
    f.add(.points(x: e.k, y: e.k.map { _ in 0 }, title: "ensemble members", color: .green, size: 1.5, shape: .diamond))
    f.markVertical(at: 0.7, label: "true k")
    return f
}
nb.figure(Panels([kFigure(0), kFigure(1), bandFigure("HMC, noise sd 0.1", shown.inverseHMC[1], data: shown.inverseData[1], color: .blue)],
                 rows: 1, columns: 3, width: 1500, height: 480),
          name: "13-inverse",
          caption: "Inverse problem λu″ + k·tanh u = f at seed \(settings.seed): the HMC posterior of k and the ensemble's members (true k = 0.7 marked), at noise sd 0.01 and 0.1; u's band at noise 0.1.")
func inverseRows(_ fits: (PINN.Run) -> [PINN.Fit], _ method: String) -> [[String]] {
    settings.noiseLevels.indices.map { i in
        let f = runs.map { fits($0)[i] }
        let covered = f.filter { $0.kInterval.0 <= 0.7 && 0.7 <= $0.kInterval.1 }.count
        return [method, fmt(settings.noiseLevels[i], 2), meanSE(f.map(\.kMean)), meanSE(f.map(\.kSD)), meanSE(f.map { abs($0.kMean - 0.7) }),
                "\(covered) of \(f.count)", meanSE(f.map { $0.rmse(exactU) })]
    }
}
nb.table(["method", "noise sd", "mean of k", "sd of k", "|mean − 0.7|", "95% interval holds 0.7", "RMSE of u's mean"],
         inverseRows({ $0.inverseHMC }, "HMC") + inverseRows({ $0.inverseEnsemble }, "deep ensemble"))
nb.table(["HMC, inverse", "noise sd", "acceptance", "split-R̂ of k, 2 chains", "gradient evaluations"],
         settings.noiseLevels.indices.map { i in
             let f = runs.map { $0.inverseHMC[i] }
             return ["", fmt(settings.noiseLevels[i], 2), meanSE(f.map(\.acceptance), 2), meanSE(f.map(\.rHat), 2), "\(f[0].gradientEvaluations)"]
         })
/*:
 PROSE-INVERSE
 */
