// The course's own tools: weave a lecture into its chapter, make the student copy.
//
//   swift run course weave --source Lectures/01-mle-and-bayes/main.swift \
//       --executable .build/release/mle-bayes --output Lectures/01-mle-and-bayes/README.md
//   swift run course student --output student

import ArgumentParser
import Foundation
import Literate

struct Course: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tools for the UQ course: weave chapters, make the student copy.",
        subcommands: [Weave.self, Student.self]
    )
}

struct Weave: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a lecture and weave its source, output and figures into a Markdown chapter.")

    @Option(help: "The lecture source (Lectures/NN-name/main.swift).") var source: String
    @Option(help: "The built lecture executable to run.") var executable: String
    @Option(help: "The chapter to write (Lectures/NN-name/README.md).") var output: String
    @Option(help: "Folder the figures go to.") var figuresDir = "figures"
    @Option(help: "Extra argument passed to the lecture (repeatable).") var lectureArgument: [String] = []

    func run() throws {
        let text = try String(contentsOfFile: source, encoding: .utf8)
        // The library excerpts the chapter shows, from Sources/ beside Lectures/ (checked before the run).
        let sources = URL(fileURLWithPath: source).standardizedFileURL.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let excerpts = try SourceExcerpt.resolveAll(in: text, sources: sources)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--figures-dir", figuresDir, "--terminal", "png"] + lectureArgument
        var environment = ProcessInfo.processInfo.environment
        environment["UQ_WEAVE"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(executable) exited with status \(process.terminationStatus); chapter not written")
        }
        let outputs = Weaver.parseOutput(String(decoding: data, as: UTF8.self))
        let chapterDir = (output as NSString).deletingLastPathComponent
        let link = relativePath(from: chapterDir, to: figuresDir)
        let toSources = relativePath(from: chapterDir, to: sources.path)
        let chapter = try Weaver.weave(source: text, sourceName: (source as NSString).lastPathComponent,
                                   outputs: outputs, excerpts: excerpts, chapterToSources: toSources) { "\(link)/\($0)" }
        try chapter.write(toFile: output, atomically: true, encoding: .utf8)
        print("wove \(output) (\(outputs.count) output lines)")
    }
}

struct Student: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a copy of the course with every exercise solution replaced by a failure.")

    @Option(help: "Folder to write the student copy to (must not exist yet, or be empty).") var output = "student"
    @Option(help: "Folder whose Swift files hold solutions.") var solutions = "Sources/Exercises"

    func run() throws {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: output), !existing.isEmpty {
            throw ValidationError("\(output) exists and is not empty; remove it first")
        }
        let files = try trackedFiles()
        var stripped = 0
        for file in files {
            let destination = (output as NSString).appendingPathComponent(file)
            try fm.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if file.hasPrefix(solutions + "/") && file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                let (studentText, count) = try StudentCopy.strip(text)
                stripped += count
                try studentText.write(toFile: destination, atomically: true, encoding: .utf8)
            } else {
                try fm.copyItem(atPath: file, toPath: destination)
            }
        }
        print("wrote \(output): \(files.count) files, \(stripped) exercise solutions removed")
    }

    /// The files under version control (so build products and local files stay out).
    func trackedFiles() throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "ls-files"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("git ls-files failed: run inside the course repository") }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix(output + "/") && FileManager.default.fileExists(atPath: $0) }
    }
}

/// The path of `target` relative to the folder `base` (both relative to the current folder).
func relativePath(from base: String, to target: String) -> String {
    let b = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
    let t = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
    var common = 0
    while common < min(b.count, t.count) && b[common] == t[common] { common += 1 }
    return (Array(repeating: "..", count: b.count - common) + t[common...]).joined(separator: "/")
}

Course.main()
