import Inference
import Plotting

extension Figure {
    /// An ensemble's band on the running example's axes: total and aleatoric ±2 sd, the mean,
    /// optional member means (gray), the truth (dashed) and the data; the legend below the plot.
    public static func ensembleBand(_ title: String, _ m: PredictiveMoments, grid: [Double], truth: [Double], data: (x: [Double], y: [Double]),
                                    color: Color, members: [[Double]] = []) -> Figure {
        var f = Figure(title: title, xLabel: "x", yLabel: "y", xRange: -1.5...1.5, yRange: -2...2)
        f.legend = .below
        let total = m.total.map { $0.squareRoot() }, aleatoric = m.aleatoric.map { $0.squareRoot() }
        f.add(.band(x: grid, lower: zip(m.mean, total).map { $0 - 2 * $1 }, upper: zip(m.mean, total).map { $0 + 2 * $1 }, title: "± 2 sd, total", color: color, opacity: 0.25))
        f.add(.band(x: grid, lower: zip(m.mean, aleatoric).map { $0 - 2 * $1 }, upper: zip(m.mean, aleatoric).map { $0 + 2 * $1 }, title: "± 2 sd, noise (aleatoric)", color: color, opacity: 0.6))
        for (k, member) in members.enumerated() {
            f.add(.line(x: grid, y: member, title: k == 0 ? "members" : nil, color: .gray, width: 1))
        }
        f.add(.line(x: grid, y: truth, title: "truth", color: .black, width: 1.5, dashed: true))
        f.add(.line(x: grid, y: m.mean, title: "predictive mean", color: color))
        f.add(.points(x: data.x, y: data.y, title: "data", color: .vermillion, size: 0.6))
        return f
    }

    /// A cubic-toy panel: mean ± 3 sd on the grid, the truth y = x³ (dashed), the mean and the data.
    public static func cubicBand(_ title: String, _ m: PredictiveMoments, grid: [Double], truth: [Double], data: (x: [Double], y: [Double])) -> Figure {
        var f = Figure(title: title, xLabel: "x", yLabel: "y", xRange: -6...6, yRange: -150...150)
        let sd = m.total.map { $0.squareRoot() }
        f.add(.band(x: grid, lower: zip(m.mean, sd).map { $0 - 3 * $1 }, upper: zip(m.mean, sd).map { $0 + 3 * $1 }, title: "mean ± 3 sd", color: .skyBlue))
        f.add(.line(x: grid, y: truth, title: "truth y = x³", color: .black, width: 1.5, dashed: true))
        f.add(.line(x: grid, y: m.mean, title: "predictive mean", color: .blue))
        f.add(.points(x: data.x, y: data.y, title: "data", color: .vermillion, size: 1))
        return f
    }
}
