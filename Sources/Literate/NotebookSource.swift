import Foundation

/// A lecture source split into cells: prose (Swift Playground markup) and code.
///
/// Prose is written as `//:` lines or `/*: … */` blocks starting in the first column; it is
/// Markdown (with `$…$` and `$$…$$` math as GitHub renders it). Everything else is code.
public struct NotebookSource: Equatable, Sendable {
    public enum Cell: Equatable, Sendable {
        /// Markdown text.
        case prose(String)
        /// Code lines and the 1-based source lines they span.
        case code(String, lines: ClosedRange<Int>)
    }

    public let cells: [Cell]

    public init(_ text: String) {
        var cells = [Cell]()
        var prose = [String]()
        var block = [String]()
        var code = [(Int, String)]()
        var inBlock = false
        // A blank line between two prose blocks is a paragraph break, kept when the next one starts.
        var paragraphBreak = false
        func appendProse(_ lines: [String]) {
            if paragraphBreak && !prose.isEmpty && !lines.isEmpty { prose.append("") }
            paragraphBreak = false
            prose += lines
        }

        func flushProse() {
            if !prose.isEmpty { cells.append(.prose(prose.joined(separator: "\n"))) }
            prose = []
        }
        func flushCode() {
            // Trim blank lines at both ends; drop cells that are only blank.
            while let first = code.first, first.1.allSatisfy(\.isWhitespace) { code.removeFirst() }
            while let last = code.last, last.1.allSatisfy(\.isWhitespace) { code.removeLast() }
            if let first = code.first, let last = code.last {
                cells.append(.code(code.map(\.1).joined(separator: "\n"), lines: first.0...last.0))
            }
            code = []
        }

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if inBlock {
                if let end = line.range(of: "*/"), line[end.upperBound...].allSatisfy(\.isWhitespace) {
                    let content = String(line[..<end.lowerBound])
                    if !content.allSatisfy(\.isWhitespace) { block.append(content) }
                    appendProse(dedented(block))
                    block = []
                    inBlock = false
                } else {
                    block.append(line)
                }
            } else if line.hasPrefix("/*:") {
                flushCode()
                let rest = String(line.dropFirst(3))
                if let end = rest.range(of: "*/") {
                    appendProse([String(rest[..<end.lowerBound]).trimmingLeadingSpace()])
                } else {
                    if !rest.allSatisfy(\.isWhitespace) { block.append(rest) }
                    inBlock = true
                }
            } else if line.hasPrefix("//:") {
                flushCode()
                appendProse([String(line.dropFirst(3)).trimmingLeadingSpace()])
            } else {
                if code.isEmpty && !prose.isEmpty && line.allSatisfy(\.isWhitespace) {
                    // A blank line after prose separates paragraphs of prose.
                    paragraphBreak = true
                    continue
                }
                flushProse()
                code.append((number, line))
            }
        }
        flushProse()
        flushCode()
        // Adjacent prose cells (split by blank lines) are one Markdown text.
        var merged = [Cell]()
        for cell in cells {
            if case .prose(let b) = cell, case .prose(let a)? = merged.last {
                merged[merged.count - 1] = .prose(a + "\n\n" + b)
            } else {
                merged.append(cell)
            }
        }
        self.cells = merged
    }

    /// The index of the code cell that owns source line `line`: the last code cell that
    /// starts at or before it (output printed from a helper defined earlier goes with the
    /// code that defined it).
    public func codeCell(owning line: Int) -> Int? {
        var owner: Int?
        for (i, cell) in cells.enumerated() {
            if case .code(_, let lines) = cell, lines.lowerBound <= line { owner = i }
        }
        return owner
    }
}

/// The lines with their common leading spaces removed (blank lines do not count).
func dedented(_ lines: [String]) -> [String] {
    let indent = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
    return lines.map { $0.allSatisfy(\.isWhitespace) ? "" : String($0.dropFirst(indent)) }
}

extension String {
    func trimmingLeadingSpace() -> String { hasPrefix(" ") ? String(dropFirst()) : self }
}
