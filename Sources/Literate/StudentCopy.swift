/// Makes the student version of a source file: every reference solution between
/// `// BEGIN SOLUTION` and `// END SOLUTION` (nbgrader's convention) is replaced by a line
/// that throws `ExerciseNotImplemented` naming the exercise.
///
/// The exercise is named on the marker line: `// BEGIN SOLUTION: Exercise 1.2`.
public enum StudentCopy {
    public static let begin = "// BEGIN SOLUTION"
    public static let end = "// END SOLUTION"

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case unterminated(line: Int)
        case nested(line: Int)
        case strayEnd(line: Int)
        public var description: String {
            switch self {
            case .unterminated(let l): return "line \(l): BEGIN SOLUTION without END SOLUTION"
            case .nested(let l): return "line \(l): BEGIN SOLUTION inside a solution"
            case .strayEnd(let l): return "line \(l): END SOLUTION without BEGIN SOLUTION"
            }
        }
    }

    /// The text with every solution replaced; `count` is the number of solutions removed.
    public static func strip(_ text: String) throws -> (text: String, count: Int) {
        var out = [String]()
        var openedAt: Int?
        var count = 0
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            let indent = String(line.prefix { $0 == " " })
            if trimmed.hasPrefix(begin) {
                if openedAt != nil { throw Failure.nested(line: i + 1) }
                openedAt = i + 1
                var name = trimmed.dropFirst(begin.count).drop { $0 == ":" || $0 == " " }
                if name.isEmpty { name = "this exercise" }
                out.append("\(indent)throw ExerciseNotImplemented(\"\(name)\")")
                count += 1
            } else if trimmed.hasPrefix(end) {
                if openedAt == nil { throw Failure.strayEnd(line: i + 1) }
                openedAt = nil
            } else if openedAt == nil {
                out.append(String(line))
            }
        }
        if let l = openedAt { throw Failure.unterminated(line: l) }
        return (out.joined(separator: "\n"), count)
    }
}
