import Foundation

/// Where a picture goes: a PNG or SVG file, or text drawn in the terminal.
public enum Terminal: String, CaseIterable, Sendable {
    /// PNG through cairo (the default; what the chapters embed).
    case png
    /// Scalable vector graphics.
    case svg
    /// The figure drawn with characters on standard output, for a terminal over SSH.
    case dumb
    /// No figures at all.
    case none

    /// The file extension of a figure file, if the terminal writes one.
    public var fileExtension: String? {
        switch self {
        case .png: return "png"
        case .svg: return "svg"
        case .dumb, .none: return nil
        }
    }
}

/// The commands and inline data blocks that draw a ``Panels`` picture, in the order gnuplot
/// reads them. Building the script needs no gnuplot, so it is testable on its own.
struct GnuplotScript {
    enum Part {
        case command(String)
        /// Rows of numbers for one '-' in the preceding plot command.
        case data([[Double]])
        /// A grid (nx × ny points, x fastest) for one '-' with image.
        case grid([[Double]], nx: Int, ny: Int)
    }

    var parts: [Part] = []

    mutating func command(_ s: String) { parts.append(.command(s + "\n")) }

    /// The script as one text, data inline (what would be piped to gnuplot).
    var text: String {
        parts.map { part -> String in
            switch part {
            case .command(let s): return s
            case .data(let rows), .grid(let rows, _, _):
                return rows.map { $0.map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n") + "\ne\n"
            }
        }.joined()
    }

    init(_ panels: Panels, terminal: Terminal, output: String?) {
        switch terminal {
        case .png:
            command("set terminal pngcairo size \(panels.width),\(panels.height) noenhanced font 'Sans,11'")
        case .svg:
            command("set terminal svg size \(panels.width),\(panels.height) noenhanced font 'Sans,11' background '#ffffff'")
        case .dumb, .none:
            let columns = min(200, max(100, 60 * panels.columns)), rows = min(120, max(32, 24 * panels.rows))
            command("set terminal dumb size \(columns),\(rows) noenhanced")
        }
        if let output { command("set output \(quoted(output))") }
        command("set encoding utf8")
        command("set grid lc rgb '#e0e0e0' lw 1")
        command("set border lw 1")
        command("set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')")
        let multi = panels.figures.count > 1 || panels.title != nil
        if multi {
            let title = panels.title.map { " title \(quoted($0)) font 'Sans,13'" } ?? ""
            command("set multiplot layout \(panels.rows),\(panels.columns)\(title)")
        }
        for figure in panels.figures { addFigure(figure) }
        if multi { command("unset multiplot") }
        if output != nil { command("set output") }
    }

    private mutating func addFigure(_ f: Figure) {
        command(f.title.map { "set title \(quoted($0))" } ?? "unset title")
        // A key below the axes is placed by text metrics that cairo's fonts outgrow: an empty line
        // under the x label keeps the key's box off it.
        let keyBelow = f.legend == .below
        command(f.xLabel.map { "set xlabel \(quoted($0))" + (keyBelow ? " . \"\\n\"" : "") } ?? (keyBelow ? "set xlabel \"\\n\"" : "unset xlabel"))
        command(f.yLabel.map { "set ylabel \(quoted($0))" } ?? "unset ylabel")
        // Log scales off before the ranges: a range through 0 set under a log scale is clipped.
        command("unset logscale")
        command("set xrange " + range(f.xRange))
        command("set yrange " + range(f.yRange))
        command("set cbrange " + range(f.colorRange))
        command("set format x \"% h\""); command("set format y \"% h\"")
        if f.logX { command("set logscale x"); command("set format x \"%g\"") }
        if f.logY { command("set logscale y"); command("set format y \"%g\"") }
        command(f.equalAxes ? "set size ratio -1" : "set size noratio")
        switch f.legend {
        case .topLeft: command("set key inside top left opaque box lc rgb '#bbbbbb'")
        case .topRight: command("set key inside top right opaque box lc rgb '#bbbbbb'")
        case .bottomLeft: command("set key inside bottom left opaque box lc rgb '#bbbbbb'")
        case .bottomRight: command("set key inside bottom right opaque box lc rgb '#bbbbbb'")
        case .below: command("set key below box lc rgb '#bbbbbb'")
        case .hidden: command("unset key")
        }
        if let label = f.colorBarLabel {
            command("set colorbox"); command("set cblabel \(quoted(label))")
        } else {
            command("unset colorbox"); command("unset cblabel")
        }
        command("unset arrow"); command("unset label")
        for (x, label) in f.verticalLines {
            command("set arrow from \(x), graph 0 to \(x), graph 1 nohead dt 2 lw 1.5 lc rgb '#555555' front")
            if let label { command("set label \(quoted(label)) at \(x), graph 0.93 offset 0.5,0 tc rgb '#555555' front") }
        }
        guard !f.series.isEmpty else {
            // Empty axes still need a plot command to draw the frame.
            command("plot 1/0 notitle")
            return
        }
        var clauses = [String]()
        var colorIndex = 0
        for s in f.series {
            let color: Color
            if let c = s.color { color = c } else { color = Color.cycle[colorIndex % Color.cycle.count]; colorIndex += 1 }
            let lc = "lc rgb '\(color.hex)'"
            let title = s.title.map { "title \(quoted($0))" } ?? "notitle"
            switch s.kind {
            case .line(let width, let dashed):
                clauses.append("'-' using 1:2 with lines lw \(width)\(dashed ? " dt 2" : "") \(lc) \(title)")
            case .points(let size, let shape):
                clauses.append("'-' using 1:2 with points pt \(shape.rawValue) ps \(size) \(lc) \(title)")
            case .band(let opacity):
                clauses.append("'-' using 1:2:3 with filledcurves fs transparent solid \(opacity) noborder \(lc) \(title)")
            case .boxes(let width, let opacity):
                clauses.append("'-' using 1:2:(\(width)) with boxes fs transparent solid \(opacity) border lc rgb '#333333' \(lc) \(title)")
            case .image:
                clauses.append("'-' using 1:2:3 with image \(title)")
            }
        }
        command("plot " + clauses.joined(separator: ", \\\n     "))
        for s in f.series {
            if let g = s.grid {
                parts.append(.grid(s.rows, nx: g.nx, ny: g.ny))
            } else {
                // An empty block would end the plot command early; send one undefined point instead.
                parts.append(.data(s.rows.isEmpty ? [[.nan, .nan, .nan]] : s.rows))
            }
        }
    }

    private func range(_ r: ClosedRange<Double>?) -> String {
        r.map { "[\($0.lowerBound):\($0.upperBound)]" } ?? "[*:*]"
    }
}

/// A gnuplot string literal: double-quoted with backslashes and quotes escaped.
func quoted(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

