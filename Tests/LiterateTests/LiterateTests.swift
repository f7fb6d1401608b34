import Testing
import Literate

let sample = """
/*:
 # Title

 Some prose.
 */
import Foo

let a = 1
print(a)
//: More prose
//: on two lines.

func helper() {
    //: not prose: indented
}
"""

@Test func splitsProseAndCode() {
    let nb = NotebookSource(sample)
    #expect(nb.cells.count == 4)
    #expect(nb.cells[0] == .prose("# Title\n\nSome prose."))
    #expect(nb.cells[1] == .code("import Foo\n\nlet a = 1\nprint(a)", lines: 6...9))
    #expect(nb.cells[2] == .prose("More prose\non two lines."))
    guard case .code(let code, let lines) = nb.cells[3] else { Issue.record("expected code"); return }
    #expect(code.contains("//: not prose: indented"))
    #expect(lines == 13...15)
}

@Test func outputGoesAfterTheCodeThatPrintedIt() throws {
    let outputs = Weaver.parseOutput("\u{1}weave:line=9\u{2}1\ncontinued\n\u{1}weave:line=14 figure=f.png\u{2}A caption\n")
    #expect(outputs == [.text(line: 9, "1"), .text(line: 9, "continued"), .figure(line: 14, file: "f.png", caption: "A caption")])
    let md = try Weaver.weave(source: sample, sourceName: "main.swift", outputs: outputs) { "../../figures/\($0)" }
    let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let printIndex = lines.firstIndex(of: "print(a)")!
    #expect(lines[printIndex + 1] == "```")
    #expect(Array(lines[(printIndex + 3)...(printIndex + 6)]) == ["```text", "1", "continued", "```"])
    #expect(md.contains("![A caption](../../figures/f.png)"))
    #expect(md.firstRange(of: "More prose")!.lowerBound < md.firstRange(of: "![A caption]")!.lowerBound)
}

@Test func chapterRecordsItsSourceFingerprint() throws {
    let md = try Weaver.weave(source: sample, sourceName: "main.swift", outputs: []) { $0 }
    #expect(Weaver.recordedFingerprint(chapter: md) == Weaver.fingerprint(sample))
    #expect(Weaver.fingerprint(sample) != Weaver.fingerprint(sample + " "))
    #expect(Weaver.fingerprint("") == "cbf29ce484222325")  // FNV-1a offset basis
}

@Test func studentCopyReplacesSolutions() throws {
    let source = """
    func f() throws -> Int {
        // BEGIN SOLUTION: Exercise 9.9 (f)
        return 42
        // END SOLUTION
    }
    """
    let (text, count) = try StudentCopy.strip(source)
    #expect(count == 1)
    #expect(!text.contains("42"))
    #expect(text.contains("    throw ExerciseNotImplemented(\"Exercise 9.9 (f)\")"))
}

@Test func studentCopyRejectsBrokenMarkers() {
    #expect(throws: StudentCopy.Failure.unterminated(line: 1)) { try StudentCopy.strip("// BEGIN SOLUTION\nx") }
    #expect(throws: StudentCopy.Failure.strayEnd(line: 2)) { try StudentCopy.strip("x\n// END SOLUTION") }
    #expect(throws: StudentCopy.Failure.nested(line: 2)) { try StudentCopy.strip("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION") }
}

let library = """
import Foundation

/// Not this one.
func other() { }

struct Moments {
    /// The running mean μₙ = (ωₙ + (n − 1) μₙ₋₁)/n.
    @inlinable
    public mutating func collect(_ w: [Double]) {
        let label = "a brace } in a string"   // and { in a comment
        if w.isEmpty {
            return
        }
    }

    func after() {}
}
"""

@Test("an excerpt is the declaration with its doc comment and attributes, up to its closing brace, dedented; braces in strings and comments do not count")
func excerptTakesOneDeclaration() throws {
    let e = SourceExcerpt(directiveLine: " @source Inference/M.swift: public mutating func collect(")
    #expect(e == SourceExcerpt(path: "Inference/M.swift", declaration: "public mutating func collect("))
    let code = try e!.extract(from: library)
    #expect(code.hasPrefix("/// The running mean"))
    #expect(code.split(separator: "\n")[1] == "@inlinable")
    #expect(code.hasSuffix("        return\n    }\n}"))
    #expect(!code.contains("after"))
    #expect(throws: SourceExcerpt.Failure.declarationNotFound(path: "M.swift", declaration: "func missing(")) {
        try SourceExcerpt(path: "M.swift", declaration: "func missing(").extract(from: library)
    }
    #expect(throws: SourceExcerpt.Failure.unbalancedBraces(path: "M.swift", declaration: "func open(")) {
        try SourceExcerpt(path: "M.swift", declaration: "func open(").extract(from: "func open() {\n  x\n")
    }
    #expect(SourceExcerpt(directiveLine: "@source no colon here") == nil)
}

@Test("a chapter shows each @source excerpt in place of its directive, linked to its file, and its fingerprint changes with the excerpt")
func chapterShowsExcerpts() throws {
    let source = "/*:\n # T\n\n @source Inference/M.swift: public mutating func collect(\n */\nlet a = 1\n"
    let refs = SourceExcerpt.references(in: source)
    #expect(refs == [SourceExcerpt(path: "Inference/M.swift", declaration: "public mutating func collect(")])
    let excerpts = [refs[0]: try refs[0].extract(from: library)]
    let md = try Weaver.weave(source: source, sourceName: "main.swift", outputs: [], excerpts: excerpts) { $0 }
    #expect(md.contains("From [`Sources/Inference/M.swift`](../../Sources/Inference/M.swift), as it ran:\n\n```swift\n/// The running mean"))
    #expect(!md.contains("@source"))
    #expect(Weaver.recordedFingerprint(chapter: md) == Weaver.fingerprint(source, excerpts: excerpts))
    #expect(Weaver.fingerprint(source, excerpts: excerpts) != Weaver.fingerprint(source, excerpts: [refs[0]: "changed"]))
    #expect(Weaver.fingerprint("no excerpts", excerpts: [:]) == Weaver.fingerprint("no excerpts"))
}

@Test("the excerpt reader skips braces in escaped, raw, multi-line and interpolated strings and in block comments, and a closure default argument does not end a signature")
func excerptReaderKnowsSwiftLiterals() throws {
    let file = #"""
    func tricky(progress: (Int) -> Void = { _ in }) {
        let a = "\\"; if a.isEmpty { _ = 0 }  // a backslash, then { in a comment
        let b = #"raw { "# + "\(f("}"))"
        /* a { block /* nested } */ comment */
        let c = """
            { multi-line }
            """
        if a.isEmpty { return }
    }

    func next() {}
    """#
    let code = try SourceExcerpt(path: "T.swift", declaration: "func tricky(").extract(from: file)
    #expect(code.hasSuffix("    if a.isEmpty { return }\n}"), "\(code)")
    #expect(!code.contains("next"))
}

@Test("weaving a source whose @source line was not read fails, naming it, instead of showing the directive")
func unresolvedExcerptIsAnError() {
    let source = "/*:\n @source Inference/M.swift: func f(\n */\nlet a = 1\n"
    #expect(throws: SourceExcerpt.Failure.notResolved(path: "Inference/M.swift", declaration: "func f(")) {
        try Weaver.weave(source: source, sourceName: "main.swift", outputs: []) { $0 }
    }
}

@Test("two prose blocks separated by a blank line stay two paragraphs (a heading after a block is not glued to it)")
func consecutiveProseBlocksKeepTheirBreak() {
    let nb = NotebookSource("/*:\n First.\n */\n\n/*:\n ## Second\n */\n//: third\nlet a = 1\n")
    #expect(nb.cells == [.prose("First.\n\n## Second\nthird"), .code("let a = 1", lines: 9...9)])
}
