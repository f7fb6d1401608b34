import Foundation

/// A CSV table for classification: a header line, one class column whose cells may be any text
/// (integer or string labels), every other column numeric and finite.
public struct ClassTable: Sendable {
    /// The input columns' names, in order.
    public let inputNames: [String]
    /// The inputs, row-major, rows × inputNames.count.
    public let inputs: [Double]
    /// Each row's class, an index into ``classNames``.
    public let labels: [Int]
    /// The class names: sorted as numbers if every label is a number, as text otherwise.
    public let classNames: [String]

    /// Parses `text`; every problem is one message naming its line and column (as `NumericTable`),
    /// and a class with fewer than 2 rows is refused by name (a stratified split needs one row of it
    /// to train on and one to test on).
    public init(csv text: String, target: String, source: String = "CSV") throws {
        typealias ParseError = NumericTable.ParseError
        let lines = try NumericTable.lines(csv: text, source: source)
        let header = lines[0]
        guard let t = header.cells.firstIndex(of: target) else {
            throw ParseError(message: "\(source): no column named \"\(target)\" (the columns are \(header.cells.joined(separator: ", ")))")
        }
        guard header.cells.count >= 2 else { throw ParseError(message: "\(source): the class column \"\(target)\" is the only column: no inputs") }
        guard lines.count > 1 else { throw ParseError(message: "\(source): the header is not followed by any row") }
        var inputs = [Double](), names = [String]()
        for (number, cells) in lines.dropFirst() {
            guard cells.count == header.cells.count else {
                throw ParseError(message: "\(source), line \(number): \(cells.count) cells, the header has \(header.cells.count) columns")
            }
            for (j, cell) in cells.enumerated() {
                if j == t {
                    guard !cell.isEmpty else { throw ParseError(message: "\(source), line \(number), column \"\(target)\": the class is empty") }
                    names.append(cell)
                    continue
                }
                guard let value = Double(cell) else {
                    throw ParseError(message: "\(source), line \(number), column \"\(header.cells[j])\": \"\(cell)\" is not a number")
                }
                guard value.isFinite else {
                    throw ParseError(message: "\(source), line \(number), column \"\(header.cells[j])\": \(cell) is not a finite number")
                }
                inputs.append(value)
            }
        }
        let distinct = Set(names)
        let numeric = distinct.allSatisfy { Double($0) != nil }
        let classNames = distinct.sorted { numeric ? Double($0)! < Double($1)! : $0 < $1 }
        guard classNames.count >= 2 else {
            throw ParseError(message: "\(source): every row has the class \"\(classNames[0])\": there is nothing to learn")
        }
        for c in classNames {
            let count = names.filter { $0 == c }.count
            if count < 2 {
                throw ParseError(message: "\(source): the class \"\(c)\" has only \(count) row; every class needs at least 2 (one to train on, one to test on)")
            }
        }
        let index = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        self.inputNames = header.cells.enumerated().filter { $0.offset != t }.map(\.element)
        self.inputs = inputs
        self.labels = names.map { index[$0]! }
        self.classNames = classNames
    }
}
