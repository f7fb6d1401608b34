import Datasets
import Inference
import Plotting

extension ComparisonChapter {
    /// One method's panel on the running example: its predictive mean ± 2 sd as a band (see
    /// ``Figure/runningExampleBand(_:grid:mean:sd:truth:data:color:)``), with the reference's
    /// mean ± 2 sd as two black dashed lines; no legend.
    public static func bandBesideReference(_ m: RunningExampleComparison.Method, reference: PredictiveMoments, data: RegressionData,
                                           color: Color) -> Figure {
        let grid = RunningExampleComparison.grid
        let moments = m.predictive.moments
        let referenceSD = reference.total.map { $0.squareRoot() }
        var f = Figure.runningExampleBand(m.name, grid: grid, mean: moments.mean, sd: moments.total.map { $0.squareRoot() }, truth: grid.map(RunningExample.truth),
                                          data: (data.inputs, data.targets), color: color)
        f.add(.line(x: grid, y: zip(reference.mean, referenceSD).map { $0 - 2 * $1 }, title: "NUTS reference ± 2 sd", color: .black, width: 1, dashed: true))
        f.add(.line(x: grid, y: zip(reference.mean, referenceSD).map { $0 + 2 * $1 }, color: .black, width: 1, dashed: true))
        f.legend = .hidden
        return f
    }
}
