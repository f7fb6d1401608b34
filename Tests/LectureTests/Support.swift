import Foundation

/// The package's root folder (this file is Tests/LectureTests/Support.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The lecture folders, e.g. Lectures/01-mle-and-bayes.
func lectureFolders() throws -> [URL] {
    let lectures = packageRoot.appendingPathComponent("Lectures")
    return try FileManager.default.contentsOfDirectory(atPath: lectures.path)
        .filter { $0.first?.isNumber == true }
        .sorted()
        .map { lectures.appendingPathComponent($0) }
}

/// The result of running a built executable.
struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// The executable `name` built next to the tests (`swift build` puts them in one folder).
func builtExecutable(_ name: String) throws -> URL {
    let candidates = [
        Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent(name),
        packageRoot.appendingPathComponent(".build/release/\(name)"),
        packageRoot.appendingPathComponent(".build/debug/\(name)"),
    ].compactMap { $0 }
    guard let exe = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw RunError.notBuilt(name)
    }
    return exe
}

/// Runs the executable `name` built next to the tests.
func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil, in folder: URL? = nil) throws -> Run {
    let exe = try builtExecutable(name)
    let process = Process()
    process.executableURL = exe
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.currentDirectoryURL = folder ?? FileManager.default.temporaryDirectory
    // Standard error goes to a file, so that neither stream can fill up and block the child.
    let errPath = temporaryFolder() + "/stderr"
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    let out = Pipe()
    process.standardOutput = out
    process.standardError = errHandle
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try errHandle.close()
    let errData = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
    return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
               stderr: String(decoding: errData, as: UTF8.self))
}

enum RunError: Error, CustomStringConvertible {
    case notBuilt(String)
    var description: String {
        switch self {
        case .notBuilt(let name): return "\(name) is not built: run `swift build -c release` (make test does) before `swift test -c release`"
        }
    }
}

/// A fresh temporary folder.
func temporaryFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("uq-test-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
