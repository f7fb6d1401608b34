import Foundation

/// A piece of the course's library that a chapter shows as it ran: one declaration (a function,
/// a method, a type), its doc comment included, taken from its file when the chapter is woven.
///
/// In a lecture's prose a line of its own
///
///     @source Inference/Ensembles/SWAG.swift: public mutating func collect(
///
/// names the file (under `Sources/`) and the start of the declaration's line (its first
/// occurrence in the file, leading spaces ignored). The declaration runs to the brace that
/// closes its first `{`.
public struct SourceExcerpt: Hashable, Sendable {
    /// The file, relative to `Sources/`.
    public let path: String
    /// How the declaration's line starts (after its indentation).
    public let declaration: String

    public init(path: String, declaration: String) {
        self.path = path
        self.declaration = declaration
    }

    /// The directive that asks for an excerpt.
    public static let directive = "@source "

    /// Reads a directive line (`@source path: declaration`); nil for any other line.
    public init?(directiveLine line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(Self.directive), let colon = trimmed.range(of: ": ") else { return nil }
        let path = trimmed[trimmed.index(trimmed.startIndex, offsetBy: Self.directive.count)..<colon.lowerBound]
        let declaration = trimmed[colon.upperBound...].trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty, !declaration.isEmpty else { return nil }
        self.init(path: String(path), declaration: declaration)
    }

    /// Every excerpt a lecture source asks for, in order of appearance (repeats kept once).
    public static func references(in source: String) -> [SourceExcerpt] {
        var seen = Set<SourceExcerpt>(), found = [SourceExcerpt]()
        for cell in NotebookSource(source).cells {
            guard case .prose(let text) = cell else { continue }
            for line in text.split(separator: "\n") {
                if let e = SourceExcerpt(directiveLine: String(line)), seen.insert(e).inserted { found.append(e) }
            }
        }
        return found
    }

    /// Every excerpt `source` asks for, read from the files under `sources` (the package's `Sources/`).
    /// - Throws: a `Failure`, or the error of reading a file that is not there.
    public static func resolveAll(in source: String, sources: URL) throws -> [SourceExcerpt: String] {
        var found = [SourceExcerpt: String]()
        for e in references(in: source) {
            let file = try String(contentsOf: sources.appendingPathComponent(e.path), encoding: .utf8)
            found[e] = try e.extract(from: file)
        }
        return found
    }

    /// Why an excerpt could not be taken.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case declarationNotFound(path: String, declaration: String)
        case unbalancedBraces(path: String, declaration: String)
        case notResolved(path: String, declaration: String)
        public var description: String {
            switch self {
            case .declarationNotFound(let p, let d): return "@source: no line starting with '\(d)' in Sources/\(p)"
            case .unbalancedBraces(let p, let d): return "@source: the braces of '\(d)' in Sources/\(p) never close"
            case .notResolved(let p, let d): return "@source: '\(d)' in Sources/\(p) was not read before weaving"
            }
        }
    }

    /// The declaration in `file` (the text of `Sources/<path>`): the `///` lines and attributes
    /// right above it, its line, and every line up to the one where its body's braces balance
    /// again; the common indentation removed. Braces count only in code (not in strings or
    /// comments), and the body's `{` only outside parentheses and brackets, so a closure as a
    /// default argument does not end the signature. The declaration must have a body.
    public func extract(from file: String) throws -> String {
        let lines = file.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(declaration) }) else {
            throw Failure.declarationNotFound(path: path, declaration: declaration)
        }
        var first = start
        while first > 0 {
            let above = lines[first - 1].trimmingCharacters(in: .whitespaces)
            guard above.hasPrefix("///") || above.hasPrefix("@") else { break }
            first -= 1
        }
        var scanner = CodeScanner()
        var braces = 0, brackets = 0, opened = false
        for i in start..<lines.count {
            for c in scanner.code(of: lines[i]) {
                switch c {
                case "(", "[": brackets += 1
                case ")", "]": brackets -= 1
                case "{" where opened || brackets == 0: braces += 1; opened = true
                case "}" where opened: braces -= 1
                default: break
                }
            }
            if opened && braces == 0 { return dedented(Array(lines[first...i])).joined(separator: "\n") }
        }
        throw Failure.unbalancedBraces(path: path, declaration: declaration)
    }

    /// The excerpt as the chapter shows it: a link to the file, then the code.
    func rendered(_ code: String, chapterToSources: String) -> String {
        "From [`Sources/\(path)`](\(chapterToSources)/\(path)), as it ran:\n\n```swift\n\(code)\n```"
    }
}

/// Reads Swift source line by line and keeps only the characters that are code: string literals
/// (plain, multi-line `"""`, raw `#"…"#`, with their escapes) and comments (`//`, nested `/* */`)
/// are dropped; the code inside an interpolation `\(…)` is kept. Its state carries from one line
/// to the next.
struct CodeScanner {
    enum Mode: Equatable {
        case code
        /// Inside `\(…)` of a string, with the parentheses opened since.
        case interpolation(parentheses: Int)
        case blockComment
        case string(hashes: Int, multiline: Bool)
    }
    private(set) var modes: [Mode] = [.code]

    /// The code characters of `line`, in order.
    mutating func code(of line: String) -> [Character] {
        let c = Array(line)
        var out = [Character]()
        var i = 0
        /// Whether `text` starts at position k.
        func at(_ k: Int, _ text: String) -> Bool {
            let t = Array(text)
            return k + t.count <= c.count && Array(c[k..<(k + t.count)]) == t
        }
        while i < c.count {
            switch modes.last! {
            case .code, .interpolation:
                if at(i, "//") { return out }
                if at(i, "/*") { modes.append(.blockComment); i += 2; continue }
                var hashes = 0
                while i + hashes < c.count && c[i + hashes] == "#" { hashes += 1 }
                if i + hashes < c.count && c[i + hashes] == "\"" {
                    let multiline = at(i + hashes, "\"\"\"")
                    modes.append(.string(hashes: hashes, multiline: multiline))
                    i += hashes + (multiline ? 3 : 1)
                    continue
                }
                if case .interpolation(let open) = modes.last! {
                    if c[i] == "(" { modes[modes.count - 1] = .interpolation(parentheses: open + 1) }
                    if c[i] == ")" {
                        if open == 0 { modes.removeLast(); i += 1; continue }
                        modes[modes.count - 1] = .interpolation(parentheses: open - 1)
                    }
                }
                out.append(c[i])
                i += 1
            case .blockComment:
                if at(i, "/*") { modes.append(.blockComment); i += 2 } else if at(i, "*/") { modes.removeLast(); i += 2 } else { i += 1 }
            case .string(let hashes, let multiline):
                let pounds = String(repeating: "#", count: hashes)
                if at(i, "\\" + pounds) {
                    // An escape: an interpolation opens, or the next character is skipped.
                    let k = i + 1 + hashes
                    if k < c.count && c[k] == "(" { modes.append(.interpolation(parentheses: 0)) }
                    i = k + 1
                } else if at(i, (multiline ? "\"\"\"" : "\"") + pounds) {
                    modes.removeLast()
                    i += (multiline ? 3 : 1) + hashes
                } else {
                    i += 1
                }
            }
        }
        return out
    }
}
