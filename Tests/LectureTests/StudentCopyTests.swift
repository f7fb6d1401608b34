import Foundation
import Testing

/// `course student` (what `make student` runs) copies the tracked files and replaces every
/// reference solution by a failure that names the exercise.
@Test func studentCopyRemovesEverySolution() throws {
    let output = temporaryFolder() + "/student"
    let r = try run("course", ["student", "--output", output], in: packageRoot)
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("exercise solutions removed"))
    let exercises = URL(fileURLWithPath: output).appendingPathComponent("Sources/Exercises")
    var throwsCount = 0
    for file in try FileManager.default.contentsOfDirectory(atPath: exercises.path) where file.hasPrefix("Lecture") {
        let text = try String(contentsOf: exercises.appendingPathComponent(file), encoding: .utf8)
        #expect(!text.contains("BEGIN SOLUTION") && !text.contains("END SOLUTION"))
        throwsCount += text.components(separatedBy: "throw ExerciseNotImplemented(\"Exercise ").count - 1
    }
    #expect(throwsCount >= 9)
    #expect(FileManager.default.fileExists(atPath: output + "/Package.swift"))
    #expect(!FileManager.default.fileExists(atPath: output + "/.build"))
    // A second run into the same, now non-empty folder is refused with one line.
    let again = try run("course", ["student", "--output", output], in: packageRoot)
    #expect(again.status != 0 && again.stderr.contains("not empty"))
}
