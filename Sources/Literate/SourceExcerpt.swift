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
        public var description: String {
            switch self {
            case .declarationNotFound(let p, let d): return "@source: no line starting with '\(d)' in Sources/\(p)"
            case .unbalancedBraces(let p, let d): return "@source: the braces of '\(d)' in Sources/\(p) never close"
            }
        }
    }

    /// The declaration in `file` (the text of `Sources/<path>`): the `///` lines and attributes
    /// right above it, its line, and every line up to the one where its braces balance again;
    /// the common indentation removed.
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
        var depth = 0, opened = false, end: Int?
        for i in start..<lines.count {
            for c in Self.code(of: lines[i]) {
                if c == "{" { depth += 1; opened = true }
                if c == "}" { depth -= 1 }
            }
            if opened && depth <= 0 { end = i; break }
        }
        guard let end else { throw Failure.unbalancedBraces(path: path, declaration: declaration) }
        return dedented(Array(lines[first...end])).joined(separator: "\n")
    }

    /// A line without its string literals and its `//` comment (so their braces do not count).
    static func code(of line: String) -> String {
        var out = "", inString = false, previous: Character = " "
        for c in line {
            if inString {
                if c == "\"" && previous != "\\" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "/" && previous == "/" {
                out.removeLast()
                break
            } else {
                out.append(c)
            }
            previous = c
        }
        return out
    }

    /// The excerpt as the chapter shows it: a link to the file, then the code.
    func rendered(_ code: String, chapterToSources: String) -> String {
        "From [`Sources/\(path)`](\(chapterToSources)/\(path)), as it ran:\n\n```swift\n\(code)\n```"
    }
}
