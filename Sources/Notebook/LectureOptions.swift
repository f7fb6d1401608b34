import ArgumentParser
import Foundation
import Plotting

extension Terminal: ExpressibleByArgument {}

/// The options every lecture executable takes.
public struct LectureOptions: ParsableArguments, Sendable {
    @Option(help: "Seed of every random draw; the same seed gives the same numbers and figures.")
    public var seed: UInt64 = 1

    @Flag(help: "A small, fast run of the same code path (seconds, for tests and smoke checks).")
    public var quick = false

    @Option(help: ArgumentHelp("Folder the figures are written to.", valueName: "dir"))
    public var figuresDir = "figures"

    @Option(help: "Where figures go: png (files), svg (files), dumb (drawn as text here), none.")
    public var terminal: Terminal = .png

    public init() {}

    public mutating func validate() throws {
        guard terminal.fileExtension != nil else { return }
        do {
            try FigureWriter(directory: figuresDir, terminal: terminal).prepare()
        } catch {
            throw ValidationError("--figures-dir \(figuresDir) is not a writable folder")
        }
    }
}

extension ParsableArguments {
    /// Parses the command line; on a mistake prints one line (`name: error: …`) to standard
    /// error and exits with a non-zero status. `--help` prints the help and exits 0.
    public static func parseOrExitWithOneLine(_ arguments: [String]? = nil) -> Self {
        do {
            return try parse(arguments)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            let name = (CommandLine.arguments.first as NSString?)?.lastPathComponent ?? "lecture"
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid options"
            FileHandle.standardError.write(Data("\(name): error: \(message) (see --help)\n".utf8))
            Foundation.exit(exitCode(for: error).rawValue == 0 ? 64 : exitCode(for: error).rawValue)
        }
    }
}
