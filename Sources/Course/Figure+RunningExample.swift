import Datasets
import Inference
import Plotting

extension Figure {
    /// A predictive band on the running example's axes (x ∈ [−1.5, 1.5], y ∈ [−2, 2.6]: the top
    /// strip keeps the legend clear of the bands): mean ± 2 sd
    /// as a band, the noise-free truth dashed, the predictive mean, and the data as points.
    public static func runningExampleBand(_ title: String, grid: [Double], mean: [Double], sd: [Double], truth: [Double],
                                          data: (x: [Double], y: [Double]), color: Color) -> Figure {
        var f = Figure(title: title, xLabel: "x", yLabel: "y", xRange: -1.5...1.5, yRange: -2...2.6)
        f.add(.band(x: grid, lower: zip(mean, sd).map { $0 - 2 * $1 }, upper: zip(mean, sd).map { $0 + 2 * $1 }, title: "mean ± 2 sd", color: color))
        f.add(.line(x: grid, y: truth, title: "truth", color: .black, width: 1.5, dashed: true))
        f.add(.line(x: grid, y: mean, title: "predictive mean", color: color))
        f.add(.points(x: data.x, y: data.y, title: "data", color: .vermillion, size: 0.6))
        return f
    }

    /// The band of predictive moments `m` given on `grid`, over the running example's `data` and truth.
    public static func runningExampleBand(_ title: String, _ m: PredictiveMoments, grid: [Double], data: RegressionData, color: Color) -> Figure {
        runningExampleBand(title, grid: grid, mean: m.mean, sd: m.total.map { $0.squareRoot() }, truth: grid.map(RunningExample.truth),
                           data: (data.inputs, data.targets), color: color)
    }
}
