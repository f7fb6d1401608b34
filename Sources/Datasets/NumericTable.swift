import Foundation

/// A CSV file of numbers with a header line: the input of the real-data benchmark.
///
/// Every error names the line and the column, so that a student who points the benchmark at their
/// own file learns what to fix.
public struct NumericTable: Sendable {
    /// Why a table or a split file could not be read: one line, naming where.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    /// The column names, from the header line.
    public let columns: [String]
    /// The rows, each with one number per column.
    public let rows: [[Double]]

    /// The non-empty lines of comma-separated `text` with their line numbers, split into cells
    /// (trimmed, quotes removed); the first is a header of distinct, non-empty names. One message
    /// naming the line and column for an empty file or a bad header.
    static func lines(csv text: String, source: String) throws -> [(number: Int, cells: [String])] {
        var lines = [(number: Int, cells: [String])]()
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            lines.append((k + 1, line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }))
        }
        guard let header = lines.first else { throw ParseError(message: "\(source): the file is empty; expected a header line and rows") }
        if let blank = header.cells.firstIndex(where: \.isEmpty) {
            throw ParseError(message: "\(source), line \(header.number): column \(blank + 1) of the header has no name")
        }
        if let twice = header.cells.first(where: { name in header.cells.filter { $0 == name }.count > 1 }) {
            throw ParseError(message: "\(source), line \(header.number): the column name \"\(twice)\" appears twice in the header")
        }
        return lines
    }

    /// Parses comma-separated `text`: a header line of distinct names, then one line of numbers per
    /// row, as many as names. Empty lines are skipped; quotes around a cell are removed.
    /// `source` names the file in errors.
    public init(csv text: String, source: String = "CSV") throws {
        let lines = try Self.lines(csv: text, source: source)
        let header = lines[0]
        guard lines.count > 1 else { throw ParseError(message: "\(source): the header is not followed by any row") }
        var rows = [[Double]]()
        for (number, cells) in lines.dropFirst() {
            guard cells.count == header.cells.count else {
                throw ParseError(message: "\(source), line \(number): \(cells.count) cells, the header has \(header.cells.count) columns")
            }
            rows.append(try cells.enumerated().map { j, cell in
                guard let value = Double(cell) else {
                    throw ParseError(message: "\(source), line \(number), column \"\(header.cells[j])\": \"\(cell)\" is not a number")
                }
                guard value.isFinite else {
                    throw ParseError(message: "\(source), line \(number), column \"\(header.cells[j])\": \(cell) is not a finite number")
                }
                return value
            })
        }
        self.columns = header.cells
        self.rows = rows
    }

    /// The named column as targets y and every other column, in order, as inputs: x is row-major,
    /// n × (columns − 1). A constant target (nothing to learn) or inputs that are all constant (nothing
    /// to learn from) are refused with a message that says so.
    public func regression(target: String) throws -> (x: [Double], y: [Double], inputNames: [String]) {
        guard let t = columns.firstIndex(of: target) else {
            throw ParseError(message: "no column named \"\(target)\"; the columns are \(columns.joined(separator: ", "))")
        }
        guard columns.count > 1 else { throw ParseError(message: "the target \"\(target)\" is the only column: there are no inputs") }
        if let first = rows.first?[t], rows.allSatisfy({ $0[t] == first }) {
            throw ParseError(message: "the target \"\(target)\" is constant (\(first) in every row): there is nothing to learn")
        }
        let inputs = columns.indices.filter { $0 != t }
        if inputs.allSatisfy({ j in rows.allSatisfy { $0[j] == rows[0][j] } }) {
            throw ParseError(message: "every input column is constant: the inputs cannot explain the target")
        }
        return (rows.flatMap { row in inputs.map { row[$0] } }, rows.map { $0[t] }, inputs.map { columns[$0] })
    }
}

/// Train/test splits: each a permutation of the row indices 0 … n − 1 whose first ⌊0.9 n⌋ entries are
/// the training rows (the format of the UCI benchmark's split files).
public enum DataSplits {
    /// How many of n rows a 90/10 split trains on: ⌊0.9 n⌋.
    public static func trainingCount(rows n: Int) -> Int { n * 9 / 10 }

    /// Parses a split file for a table of `rows` rows: lines starting with `#` and empty lines are
    /// skipped; every other line is a whitespace-separated permutation of 0 … rows − 1.
    public static func parse(_ text: String, rows n: Int, source: String = "splits") throws -> [[Int]] {
        var splits = [[Int]]()
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            var seen = [Bool](repeating: false, count: n)
            let permutation = try fields.map { field -> Int in
                guard let i = Int(field), (0..<n).contains(i) else {
                    throw NumericTable.ParseError(message: "\(source), line \(k + 1): \"\(field)\" is not a row index 0…\(n - 1)")
                }
                guard !seen[i] else { throw NumericTable.ParseError(message: "\(source), line \(k + 1): row \(i) appears twice, so the line is not a permutation") }
                seen[i] = true
                return i
            }
            guard permutation.count == n else {
                throw NumericTable.ParseError(message: "\(source), line \(k + 1): \(permutation.count) indices, a permutation of the \(n) rows needs \(n)")
            }
            splits.append(permutation)
        }
        guard !splits.isEmpty else { throw NumericTable.ParseError(message: "\(source): no split lines (only comments or empty lines)") }
        return splits
    }

    /// `count` seeded random permutations of 0 … n − 1 (Fisher–Yates from `rng`).
    public static func random<G: RandomNumberGenerator>(count: Int, rows n: Int, using rng: inout G) -> [[Int]] {
        (0..<count).map { _ in
            var p = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            return p
        }
    }
}

/// The Boston housing data (UCI; 506 rows, 13 inputs, target `MEDV` in k$) and the 20 splits of
/// the UCI regression benchmark (provenance in `Data/README.md`).
public enum BostonHousing {
    public static let target = "MEDV"

    /// The shipped table and its 20 published splits.
    public static func load() throws -> (table: NumericTable, splits: [[Int]]) {
        guard let csv = Bundle.module.url(forResource: "boston_housing", withExtension: "csv"),
              let splits = Bundle.module.url(forResource: "boston_housing_splits", withExtension: "txt") else {
            throw NumericTable.ParseError(message: "the Boston data files are missing from the build (Sources/Datasets/Data)")
        }
        let table = try NumericTable(csv: String(contentsOf: csv, encoding: .utf8), source: "boston_housing.csv")
        return (table, try DataSplits.parse(String(contentsOf: splits, encoding: .utf8), rows: table.rows.count, source: "boston_housing_splits.txt"))
    }
}

/// The handwritten digits (UCI "Optical Recognition of Handwritten Digits", test part, as shipped
/// by scikit-learn; provenance in `Data/README.md`): 1,797 images of 8×8 block counts 0–16 and
/// their class 0–9.
public enum Digits {
    public static let classes = 10
    public static let pixels = 64

    /// The images (row-major, 1,797 × 64, the counts as they are) and their labels.
    public static func load() throws -> (pixels: [Double], labels: [Int]) {
        guard let csv = Bundle.module.url(forResource: "digits", withExtension: "csv") else {
            throw NumericTable.ParseError(message: "the digits data file is missing from the build (Sources/Datasets/Data)")
        }
        let table = try NumericTable(csv: String(contentsOf: csv, encoding: .utf8), source: "digits.csv")
        guard let label = table.columns.firstIndex(of: "label"), table.columns.count == pixels + 1 else {
            throw NumericTable.ParseError(message: "digits.csv: expected the columns p0 … p63 and label")
        }
        let inputs = table.columns.indices.filter { $0 != label }
        return (table.rows.flatMap { row in inputs.map { row[$0] } }, table.rows.map { Int($0[label]) })
    }
}
