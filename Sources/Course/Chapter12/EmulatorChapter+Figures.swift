import Plotting

extension EmulatorChapter {
    /// The times 0, Δt, …, steps · Δt of a rollout.
    public static func times(_ s: Settings) -> [Double] {
        (0...s.rolloutSteps).map { Double($0) * BurgersEmulator.timeStep }
    }

    /// The space–time pictures (x across, t up) of test initial condition 0 under an ensemble: the
    /// solver's field and the mean rollout on one colour scale, the error of the mean and the
    /// predicted sd on another. `name` heads every title.
    public static func spaceTimePanels(_ name: String, ensemble e: RolloutEnsemble, truth: [[Double]]) -> [Figure] {
        let n = BurgersEmulator.points
        let times = (0..<truth.count).map { Double($0) * BurgersEmulator.timeStep }
        let (mean, sd) = (e.mean, e.standardDeviation)
        let solverField = truth.map { Array($0[0..<n]) }
        let meanField = mean.map { Array($0[0..<n]) }
        let errorField = zip(meanField, solverField).map { zip($0, $1).map { abs($0 - $1) } }
        let sdField = sd.map { Array($0[0..<n]) }
        let top = solverField.joined().map(abs).max()!
        let errorTop = max(errorField.joined().max()!, sdField.joined().max()!)
        return [("solver u(x, t)", solverField, -top...top), ("ensemble mean rollout", meanField, -top...top),
                ("|error| of the mean", errorField, 0...errorTop), ("predicted sd", sdField, 0...errorTop)].map { title, field, range in
            var fig = Figure(title: "\(name): \(title)", xLabel: "x", yLabel: "t", xRange: 0...(2 * Double.pi * 63 / 64), yRange: 0...times.last!)
            fig.add(.heatMap(x: BurgersEmulator.solver.nodes, y: times, values: field))
            fig.colorRange = range
            fig.colorBarLabel = ""   // the title names the quantity
            fig.legend = .hidden
            return fig
        }
    }
}
