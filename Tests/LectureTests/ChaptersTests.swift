import Foundation
import Testing
import Literate

/// Every committed chapter was woven from the current version of its source and of the library
/// code it shows (its first line records their fingerprint); `make lectures` re-weaves them.
@Test func everyChapterIsUpToDateWithItsSource() throws {
    let folders = try lectureFolders()
    #expect(!folders.isEmpty)
    for folder in folders {
        let source = try String(contentsOf: folder.appendingPathComponent("main.swift"), encoding: .utf8)
        let chapter = (try? String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
        let excerpts = try SourceExcerpt.resolveAll(in: source, sources: packageRoot.appendingPathComponent("Sources"))
        #expect(Weaver.recordedFingerprint(chapter: chapter) == Weaver.fingerprint(source, excerpts: excerpts),
                "\(folder.lastPathComponent)/README.md is out of date with main.swift or the library code it shows: run `make lectures`")
    }
}

/// Every figure a chapter embeds exists in figures/.
@Test func everyEmbeddedFigureExists() throws {
    for folder in try lectureFolders() {
        let chapter = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        let links = chapter.split(separator: "\n").filter { $0.hasPrefix("![") }.compactMap { line -> String? in
            guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
        #expect(!links.isEmpty, "\(folder.lastPathComponent) embeds no figure")
        for link in links {
            let path = folder.appendingPathComponent(link).standardizedFileURL.path
            #expect(FileManager.default.fileExists(atPath: path), "missing figure \(link)")
        }
    }
}

/// The course index lists every lecture.
@Test func courseIndexListsEveryLecture() throws {
    let index = try String(contentsOf: packageRoot.appendingPathComponent("Lectures/README.md"), encoding: .utf8)
    for folder in try lectureFolders() {
        #expect(index.contains("\(folder.lastPathComponent)/README.md"), "Lectures/README.md does not link \(folder.lastPathComponent)")
    }
}
