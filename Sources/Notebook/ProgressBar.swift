import Foundation

/// A one-line progress bar on standard error, redrawn in place on a terminal; when standard
/// error is not a terminal (logs, CI) it prints only the start and the end.
public final class ProgressBar {
    let label: String
    let total: Int
    let interactive: Bool
    let start = DispatchTime.now().uptimeNanoseconds
    private var lastDrawn = -1

    init(label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
        interactive = isatty(STDERR_FILENO) == 1
    }

    /// Reports that `done` of the steps are finished; `detail` is shown beside the bar.
    public func update(_ done: Int, detail: String = "") {
        guard interactive else { return }
        let percent = min(100, done * 100 / total)
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30, filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)% \(detail)\u{1B}[K".utf8))
    }

    /// Ends the bar with the elapsed time.
    public func finish() {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let end = interactive ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data("\(end)\(label): done in \(String(format: "%.1f", seconds)) s\n".utf8))
    }
}
