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

@Test func outputGoesAfterTheCodeThatPrintedIt() {
    let outputs = Weaver.parseOutput("\u{1}weave:line=9\u{2}1\ncontinued\n\u{1}weave:line=14 figure=f.png\u{2}A caption\n")
    #expect(outputs == [.text(line: 9, "1"), .text(line: 9, "continued"), .figure(line: 14, file: "f.png", caption: "A caption")])
    let md = Weaver.weave(source: sample, sourceName: "main.swift", outputs: outputs) { "../../figures/\($0)" }
    let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let printIndex = lines.firstIndex(of: "print(a)")!
    #expect(lines[printIndex + 1] == "```")
    #expect(Array(lines[(printIndex + 3)...(printIndex + 6)]) == ["```text", "1", "continued", "```"])
    #expect(md.contains("![A caption](../../figures/f.png)"))
    #expect(md.firstRange(of: "More prose")!.lowerBound < md.firstRange(of: "![A caption]")!.lowerBound)
}

@Test func chapterRecordsItsSourceFingerprint() {
    let md = Weaver.weave(source: sample, sourceName: "main.swift", outputs: []) { $0 }
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
