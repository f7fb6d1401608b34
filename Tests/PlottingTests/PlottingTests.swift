import Foundation
import Testing
@testable import Plotting
import CGnuplot

@Test func scriptCarriesLabelsScalesAndLegend() {
    var f = Figure(title: "T \"quoted\"", xLabel: "x", yLabel: "y", xRange: -1...1)
    f.logY = true
    f.legend = .bottomRight
    f.add(.band(x: [0, 1], lower: [0, 0], upper: [1, 1], title: "band"))
    f.add(.line(x: [0, 1], y: [0, 1], title: "line", dashed: true))
    f.add(.points(x: [0.5], y: [0.5], title: "pts"))
    let text = GnuplotScript(Panels(f), terminal: .png, output: "out.png").text
    #expect(text.contains("set terminal pngcairo"))
    #expect(text.contains("set output \"out.png\""))
    #expect(text.contains("set title \"T \\\"quoted\\\"\""))
    #expect(text.contains("set xlabel \"x\"") && text.contains("set ylabel \"y\""))
    #expect(text.contains("set xrange [-1.0:1.0]"))
    #expect(text.contains("set logscale y"))
    #expect(text.contains("set key inside bottom right"))
    #expect(text.contains("filledcurves") && text.contains("title \"band\""))
    #expect(text.contains("dt 2"))
    // Three inline data blocks, each ended by "e".
    #expect(text.components(separatedBy: "\ne\n").count - 1 == 3)
}

@Test func multiplotLayout() {
    let panels = Panels([Figure(), Figure(), Figure()], rows: 2, columns: 2, title: "grid")
    let text = GnuplotScript(panels, terminal: .svg, output: "o.svg").text
    #expect(text.contains("set multiplot layout 2,2 title \"grid\""))
    #expect(text.contains("unset multiplot"))
    #expect(text.contains("set terminal svg"))
}

@Test func contoursOfACircleLieOnTheCircle() {
    let axis = (0...60).map { -1.5 + 3 * Double($0) / 60 }
    let z = axis.map { y in axis.map { x in x * x + y * y } }
    let segments = contourSegments(x: axis, y: axis, values: z, levels: [1])
    #expect(segments.count > 40)
    for s in segments {
        for p in [s.0, s.1] {
            // Linear interpolation of r² along a cell edge of width 0.05 errs by at most ~h²/4.
            #expect(abs((p.x * p.x + p.y * p.y).squareRoot() - 1) < 0.01)
        }
    }
}

@Test func histogramDensityIntegratesToOne() {
    let values = (0..<1000).map { Double($0 % 97) / 97 }
    let h = Series.histogram(values, bins: 10, range: 0...1)
    let area = h.rows.reduce(0) { $0 + $1[1] * 0.1 }
    #expect(abs(area - 1) < 1e-12)
}

/// gnuplot is installed by `make deps`, which `make test` runs first.
@Test func writesAPNGAtomicallyAndLeavesNoTemporaryFile() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plot-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var f = Figure(title: "test", xLabel: "x", yLabel: "y")
    f.add(.line(x: [0, 1, 2], y: [0, 1, 4], title: "y = x²"))
    f.add(.heatMap(x: [0, 1, 2], y: [0, 1], values: [[0, 1, 2], [1, 2, 3]]))
    let path = try FigureWriter(directory: dir, terminal: .png).write(Panels(f), name: "t")
    #expect(path == dir + "/t.png")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path!))
    #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))  // PNG signature
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["t.png"])
}

@Test func aGnuplotErrorIsReportedNotFatal() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plot-test-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var f = Figure()
    f.add(.line(x: [0, 1], y: [0, 1], color: Color(hex: "not-a-colour")))
    #expect {
        try FigureWriter(directory: dir, terminal: .png).write(Panels(f), name: "bad")
    } throws: { error in
        guard case PlotError.gnuplotFailed = error else { return false }
        return true
    }
    #expect((try? FileManager.default.contentsOfDirectory(atPath: dir)) == [])
}

@Test func unwritableFolderIsReported() {
    #expect(throws: PlotError.cannotWrite("/proc/no-such-figures")) {
        try FigureWriter(directory: "/proc/no-such-figures", terminal: .png).prepare()
    }
}

@Test func histogram2DDensityIntegratesToOne() {
    let xs = (0..<500).map { Double($0 % 23) / 23 }, ys = (0..<500).map { Double($0 % 17) / 17 }
    let h = Series.histogram2D(x: xs, y: ys, bins: 8, xRange: 0...1, yRange: 0...1)
    let cell = (1.0 / 8) * (1.0 / 8)
    #expect(h.grid?.nx == 8 && h.grid?.ny == 8)
    #expect(abs(h.rows.reduce(0) { $0 + $1[2] } * cell - 1) < 1e-12)
}

/// Two gnuplot sessions open at once, the first closed first. Closing waits for gnuplot to exit,
/// which it does at the end of its input; if the second gnuplot had inherited the first one's
/// pipe, that end would never come. (Tests draw figures in parallel: this hung `make test` once.)
@Test func overlappingGnuplotSessionsCloseInAnyOrder() throws {
    var message = [CChar](repeating: 0, count: 4096)
    nonisolated(unsafe) let first = try #require(cgp_open(&message, message.count))
    let second = try #require(cgp_open(&message, message.count))
    let closed = DispatchSemaphore(value: 0)
    Thread {
        var e = [CChar](repeating: 0, count: 256)
        _ = cgp_close(first, &e, e.count)
        closed.signal()
    }.start()
    #expect(closed.wait(timeout: .now() + 30) == .success, "closing the first session hung while the second was open")
    #expect(cgp_close(second, &message, message.count) == 0)
}
