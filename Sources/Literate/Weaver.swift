import Foundation

/// Turns a lecture source and the tagged output of one run into a Markdown chapter: prose,
/// then each code cell in a fenced block followed by what it printed and the figures it drew.
public struct Weaver: Sendable {
    /// Bumped whenever the chapter format changes, so old chapters count as out of date.
    public static let formatVersion = 1

    /// What the lecture printed, attributed to source lines.
    public enum Output: Equatable, Sendable {
        case text(line: Int, String)
        case figure(line: Int, file: String, caption: String)

        var line: Int {
            switch self {
            case .text(let l, _), .figure(let l, _, _): return l
            }
        }
    }

    /// Reads the lecture's standard output. Tagged lines look like
    /// `\u{1}weave:line=42\u{2}text` or `\u{1}weave:line=42 figure=name.png\u{2}caption`;
    /// an untagged line belongs with the line before it.
    public static func parseOutput(_ stdout: String, prefix: String = "\u{1}weave:", suffix: String = "\u{2}") -> [Output] {
        var outputs = [Output]()
        var lastLine = 0
        for raw in stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast(stdout.hasSuffix("\n") ? 1 : 0) {
            let s = String(raw)
            if s.hasPrefix(prefix), let end = s.range(of: suffix) {
                let tag = s[s.index(s.startIndex, offsetBy: prefix.count)..<end.lowerBound]
                let body = String(s[end.upperBound...])
                var line = lastLine, figure: String?
                for field in tag.split(separator: " ") {
                    let kv = field.split(separator: "=", maxSplits: 1).map(String.init)
                    guard kv.count == 2 else { continue }
                    if kv[0] == "line" { line = Int(kv[1]) ?? lastLine }
                    if kv[0] == "figure" { figure = kv[1] }
                }
                lastLine = line
                outputs.append(figure.map { .figure(line: line, file: $0, caption: body) } ?? .text(line: line, body))
            } else {
                outputs.append(.text(line: lastLine, s))
            }
        }
        return outputs
    }

    /// The FNV-1a 64-bit hash of `text`, in hexadecimal: how a chapter records its source.
    public static func fingerprint(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The fingerprint of a lecture source together with the library excerpts it shows (in the
    /// order it asks for them), so that a chapter is out of date when either changes. For a
    /// source without `@source` lines it is the fingerprint of the source alone.
    public static func fingerprint(_ source: String, excerpts: [SourceExcerpt: String]) -> String {
        let shown = SourceExcerpt.references(in: source).map { excerpts[$0] ?? "" }
        return fingerprint(([source] + shown).joined(separator: "\n"))
    }

    /// The header line every chapter starts with; it names the fingerprint of the source and its excerpts.
    public static func header(source: String, sourceName: String, excerpts: [SourceExcerpt: String] = [:]) -> String {
        "<!-- Woven by `make lectures` from \(sourceName) (format \(formatVersion), source \(fingerprint(source, excerpts: excerpts))). Edit the source, not this file. -->"
    }

    /// Reads the fingerprint back from a chapter's first line.
    public static func recordedFingerprint(chapter: String) -> String? {
        guard let first = chapter.split(separator: "\n").first,
              let r = first.range(of: "(format \(formatVersion), source ") else { return nil }
        return String(first[r.upperBound...].prefix(16))
    }

    /// The chapter in Markdown. `figurePath` maps a figure file name to the link the chapter uses;
    /// `excerpts` holds the library code each `@source` line of the prose shows (see
    /// ``SourceExcerpt``), linked through `chapterToSources`, the path from the chapter to `Sources/`.
    /// - Throws: `SourceExcerpt.Failure.notResolved` for an `@source` line `excerpts` does not hold.
    public static func weave(source: String, sourceName: String, outputs: [Output],
                             excerpts: [SourceExcerpt: String] = [:], chapterToSources: String = "../../Sources",
                             figurePath: (String) -> String) throws -> String {
        if let missing = SourceExcerpt.references(in: source).first(where: { excerpts[$0] == nil }) {
            throw SourceExcerpt.Failure.notResolved(path: missing.path, declaration: missing.declaration)
        }
        let notebook = NotebookSource(source)
        var byCell = [Int: [Output]]()
        var orphans = [Output]()
        for o in outputs {
            if let cell = notebook.codeCell(owning: o.line) { byCell[cell, default: []].append(o) } else { orphans.append(o) }
        }
        var md = [header(source: source, sourceName: sourceName, excerpts: excerpts), ""]
        for (i, cell) in notebook.cells.enumerated() {
            switch cell {
            case .prose(let text):
                md.append(text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    guard let e = SourceExcerpt(directiveLine: String(line)), let code = excerpts[e] else { return String(line) }
                    return e.rendered(code, chapterToSources: chapterToSources)
                }.joined(separator: "\n"))
                md.append("")
            case .code(let code, _):
                md.append("```swift"); md.append(code); md.append("```"); md.append("")
                md += render((i == 0 ? orphans : []) + (byCell[i] ?? []), figurePath: figurePath)
            }
        }
        while md.last == "" { md.removeLast() }
        return md.joined(separator: "\n") + "\n"
    }

    /// Consecutive text lines become one `text` block; each figure an embedded image.
    static func render(_ outputs: [Output], figurePath: (String) -> String) -> [String] {
        var md = [String]()
        var text = [String]()
        func flush() {
            while text.last?.isEmpty == true { text.removeLast() }
            if !text.isEmpty { md += ["```text"] + text + ["```", ""] }
            text = []
        }
        for o in outputs {
            switch o {
            case .text(_, let s):
                text.append(s)
            case .figure(_, let file, let caption):
                flush()
                md += ["![\(caption)](\(figurePath(file)))", "", "*\(caption)*", ""]
            }
        }
        flush()
        return md
    }
}
