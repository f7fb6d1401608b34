import Foundation
import Plotting

/// The output side of a lecture: numbers on standard output, figures through gnuplot,
/// progress and timings on standard error.
///
/// When the weaver runs a lecture (environment `UQ_WEAVE=1`) every line is tagged with the
/// source line that printed it, so the chapter can place it right after that code.
public final class Notebook {
    public let options: LectureOptions
    let writer: FigureWriter
    let weaving: Bool
    private var figuresDisabled = false
    /// Paths of the figure files written so far.
    public private(set) var writtenFigures: [String] = []

    public init(_ options: LectureOptions) {
        self.options = options
        writer = FigureWriter(directory: options.figuresDir, terminal: options.terminal)
        weaving = ProcessInfo.processInfo.environment["UQ_WEAVE"] == "1"
    }

    /// Prints `text` (one or more lines) as the output of the code at `line`.
    public func show(_ text: String, line: Int = #line) {
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            print(weaving ? "\(WeaveTag.prefix)line=\(line)\(WeaveTag.suffix)\(l)" : String(l))
        }
    }

    /// Prints a table: a header row and aligned columns.
    public func table(_ header: [String], _ rows: [[String]], line: Int = #line) {
        show(Self.aligned(header, rows), line: line)
    }

    /// A table as text: the header, a rule, then the rows; the first column left-aligned, the others right-aligned.
    public static func aligned(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max()! }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { c, s in
                c == 0 ? s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - s.count) + s
            }.joined(separator: "  ")
        }
        return ([format(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(format)).joined(separator: "\n")
    }

    /// Draws `panels` as figure `name` (e.g. `01-why-uq`). If gnuplot is missing or fails the
    /// lecture says so in one line on standard error and goes on.
    public func figure(_ panels: Panels, name: String, caption: String, line: Int = #line) {
        guard !figuresDisabled, options.terminal != .none else { return }
        do {
            let path = try writer.write(panels, name: name)
            if let path {
                writtenFigures.append(path)
                if weaving {
                    print("\(WeaveTag.prefix)line=\(line) figure=\((path as NSString).lastPathComponent)\(WeaveTag.suffix)\(caption)")
                } else {
                    note("figure: \(path)")
                }
            }
        } catch let error as PlotError {
            note(error.description)
            if case .gnuplotUnavailable = error { figuresDisabled = true }
        } catch {
            note("figure \(name) not drawn: \(error)")
        }
    }

    /// A figure of a single set of axes.
    public func figure(_ figure: Figure, name: String, caption: String, width: Int = 800, height: Int = 500, line: Int = #line) {
        self.figure(Panels(figure, width: width, height: height), name: name, caption: caption, line: line)
    }

    /// A message for the person at the terminal (timings, progress, warnings): standard error,
    /// never part of the woven chapter.
    public func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Runs `body`, saying on standard error that it started and, when it ends, how long it took.
    public func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        let start = started(label)
        let result = try body()
        finished(label, since: start)
        return result
    }

    /// Runs `body`, saying on standard error that it started and, when it ends, how long it took.
    public func timed<T>(_ label: String, _ body: () async throws -> T) async rethrows -> T {
        let start = started(label)
        let result = try await body()
        finished(label, since: start)
        return result
    }

    private func started(_ label: String) -> UInt64 {
        // On a terminal the line is completed in place; in a log it is a line of its own.
        FileHandle.standardError.write(Data((isatty(STDERR_FILENO) == 1 ? "\(label) …" : "\(label) …\n").utf8))
        return DispatchTime.now().uptimeNanoseconds
    }

    private func finished(_ label: String, since start: UInt64) {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let prefix = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data("\(prefix)\(label): \(String(format: "%.2f", seconds)) s\n".utf8))
    }

    /// A progress bar on standard error for `total` steps.
    public func progress(_ label: String, total: Int) -> ProgressBar {
        ProgressBar(label: label, total: total)
    }

    /// Stops the lecture with one line on standard error and exit status 1.
    public func fail(_ message: String) -> Never {
        note("error: \(message)")
        exit(1)
    }
}

/// How the weaver recognises tagged output lines.
public enum WeaveTag {
    public static let prefix = "\u{1}weave:"
    public static let suffix = "\u{2}"
}
