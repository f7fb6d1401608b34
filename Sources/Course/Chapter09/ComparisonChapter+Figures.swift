import Datasets
import Inference
import Plotting

extension ComparisonChapter {
    /// One colour per method of ``methods(_:data:skipping:progress:)``, in its order (Paul Tol's
    /// colour-blind-safe "muted" scheme, Okabe & Ito's orange, and for the two Laplace
    /// approximations Tol's "vibrant" blue and magenta; none of them the data's vermillion, the
    /// truth's black or the reference's gray).
    public static let methodColors: [Color] = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499", "#E69F00",
                                               "#0077BB", "#EE3377"]
        .map { Color(hex: $0) }

    /// One method's panel on the running example: the NUTS reference's mean ± 2 sd as a gray band
    /// and its mean as a gray line; over them the method's mean ± 2 sd as a band and its mean as a
    /// line in `color`; the truth sin(3x) black, dashed; the data vermillion points; a legend below
    /// the axes. Where gray shows beyond the colour, the method's band is narrower than the
    /// reference's. With `reference` nil the panel is the reference's own band.
    public static func bandBesideReference(_ m: RunningExampleComparison.Method, reference: PredictiveMoments?, data: RegressionData,
                                           color: Color) -> Figure {
        let grid = RunningExampleComparison.grid
        var f = Figure(title: m.name, xLabel: "x", yLabel: "y", xRange: -1.5...1.5, yRange: -2...2)
        func band(_ moments: PredictiveMoments, _ title: String, _ color: Color, opacity: Double) {
            let sd = moments.total.map { $0.squareRoot() }
            f.add(.band(x: grid, lower: zip(moments.mean, sd).map { $0 - 2 * $1 }, upper: zip(moments.mean, sd).map { $0 + 2 * $1 },
                        title: "\(title) mean ± 2 sd", color: color, opacity: opacity))
        }
        let moments = m.predictive.moments
        let nuts = reference ?? moments
        band(nuts, "NUTS", .gray, opacity: 0.3)
        if reference != nil { band(moments, "method", color, opacity: 0.45) }
        f.add(.line(x: grid, y: nuts.mean, title: "NUTS mean", color: .gray, width: 2))
        if reference != nil { f.add(.line(x: grid, y: moments.mean, title: "method mean", color: color, width: 2)) }
        f.add(.line(x: grid, y: grid.map(RunningExample.truth), title: "truth sin 3x", color: .black, width: 1, dashed: true))
        f.add(.points(x: data.inputs, y: data.targets, title: "data", color: .vermillion, size: 0.5))
        f.legend = .below
        return f
    }
}
