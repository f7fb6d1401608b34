import CGnuplot
import Foundation

/// Why a figure was not drawn.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    /// gnuplot could not be started.
    case gnuplotUnavailable(String)
    /// gnuplot ran and failed; its exit status and what it wrote to standard error.
    case gnuplotFailed(status: Int32, message: String)
    /// The figure folder cannot be created or written.
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .gnuplotUnavailable(let why):
            return "figures skipped: \(why); install it with: apt-get install gnuplot-nox libgnuplot-iostream-dev"
        case .gnuplotFailed(let status, let message):
            let first = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && $0 != "^" }.suffix(2).joined(separator: " / ")
            return "gnuplot failed (exit status \(status))" + (first.isEmpty ? "" : ": \(first)")
        case .cannotWrite(let path):
            return "cannot write figures to \(path)"
        }
    }
}

/// Draws ``Panels`` through gnuplot into a folder (PNG, SVG) or onto standard output (dumb).
///
/// A file is first written under a temporary name and renamed when gnuplot has finished
/// successfully, so an interrupted run never leaves half a figure behind.
public struct FigureWriter: Sendable {
    public let directory: String
    public let terminal: Terminal

    public init(directory: String, terminal: Terminal) {
        self.directory = directory
        self.terminal = terminal
    }

    /// Checks that the folder exists (creating it) and is writable.
    public func prepare() throws {
        guard terminal.fileExtension != nil else { return }
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PlotError.cannotWrite(directory)
        }
        guard fm.isWritableFile(atPath: directory) else { throw PlotError.cannotWrite(directory) }
    }

    /// Draws `panels` as `name` (e.g. `01-why-uq`); returns the file written, if any.
    @discardableResult
    public func write(_ panels: Panels, name: String) throws -> String? {
        guard terminal != .none else { return nil }
        var finalPath: String?
        var temporaryPath: String?
        if let ext = terminal.fileExtension {
            try prepare()
            finalPath = (directory as NSString).appendingPathComponent("\(name).\(ext)")
            temporaryPath = (directory as NSString).appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp.\(ext)")
        }
        let script = GnuplotScript(panels, terminal: terminal, output: temporaryPath)
        if terminal == .dumb { fflush(nil) }  // our printed lines first, then gnuplot's drawing
        do {
            try run(script)
        } catch {
            if let temporaryPath { try? FileManager.default.removeItem(atPath: temporaryPath) }
            throw error
        }
        if let temporaryPath, let finalPath {
            guard rename(temporaryPath, finalPath) == 0 else {
                try? FileManager.default.removeItem(atPath: temporaryPath)
                throw PlotError.cannotWrite(finalPath)
            }
        }
        return finalPath
    }

    private func run(_ script: GnuplotScript) throws {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard let session = cgp_open(&buffer, buffer.count) else {
            throw PlotError.gnuplotUnavailable(cString(buffer))
        }
        var broken = false
        for part in script.parts where !broken {
            switch part {
            case .command(let text):
                broken = cgp_command(session, text) != 0
            case .data(let rows):
                let columns = rows.first?.count ?? 0
                let flat = rows.flatMap { $0 }
                broken = flat.withUnsafeBufferPointer { cgp_send1d(session, $0.baseAddress, rows.count, columns) } != 0
            case .grid(let rows, let nx, let ny):
                let columns = rows.first?.count ?? 0
                let flat = rows.flatMap { $0 }
                // send2d writes the outer index slowest: y scans of nx points each.
                broken = flat.withUnsafeBufferPointer { cgp_send2d(session, $0.baseAddress, ny, nx, columns) } != 0
            }
        }
        let status = cgp_close(session, &buffer, buffer.count)
        let message = cString(buffer)
        if status == 127 { throw PlotError.gnuplotUnavailable("gnuplot could not be run") }
        if status != 0 || broken { throw PlotError.gnuplotFailed(status: status, message: message) }
    }
}

/// The text in a NUL-terminated C buffer.
func cString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
