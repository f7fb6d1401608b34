import Foundation

/// Progress on standard error, never on standard output: on a terminal a one-line bar redrawn in
/// place; otherwise (a log, a pipe, a notebook cell), once a run has taken 2 s, a line as steps
/// finish — steps done, the elapsed time and an estimate of what remains, at most one a second
/// (one every 5 s for a bar of more than 100 steps) — so that a long run is never silent.
public final class ProgressBar {
    let label: String
    let total: Int
    let interactive: Bool
    let start = DispatchTime.now().uptimeNanoseconds
    private var lastDrawn = -1
    private var lastLine = 0.0

    init(label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
        interactive = isatty(STDERR_FILENO) == 1
    }

    /// Reports that `done` of the steps are finished; `detail` is shown beside the bar.
    public func update(_ done: Int, detail: String = "") {
        guard interactive else { return logLine(done, detail: detail) }
        let percent = min(100, done * 100 / total)
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30, filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)% \(detail)\u{1B}[K".utf8))
    }

    /// A line for a log: "label: 3/20 (15%) detail, 12.3 s elapsed, about 70 s left".
    private func logLine(_ done: Int, detail: String) {
        guard done > lastDrawn, done > 0 else { return }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Quiet for the first 2 s (a quick bar needs no log), then at most a line a second for a
        // bar of at most 100 steps, every 5 s for a longer one.
        guard seconds >= 2, seconds - lastLine >= (total <= 100 ? 1 : 5) else { return }
        lastDrawn = done
        lastLine = seconds
        let left = seconds / Double(done) * Double(max(total - done, 0))
        let what = detail.isEmpty ? "" : " \(detail)"
        FileHandle.standardError.write(Data(String(format: "%@: %d/%d (%d%%)%@, %.1f s elapsed, about %.0f s left\n",
                                                   label, done, total, min(100, done * 100 / total), what, seconds, left).utf8))
    }

    /// Ends the bar with the elapsed time.
    public func finish() {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let end = interactive ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data("\(end)\(label): done in \(String(format: "%.1f", seconds)) s\n".utf8))
    }
}
