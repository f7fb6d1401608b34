import Datasets
import Probability
import Testing

// Reading a CSV table and its split files, the shipped Boston data and the Mauna Loa series.

@Test("a CSV with a header becomes a table; the target column is split off, the other columns are inputs in order")
func csvBecomesARegressionTable() throws {
    let table = try NumericTable(csv: "a,b,\"y\"\n1,2,3\n4, 5 ,6\n\n", source: "t.csv")
    #expect(table.columns == ["a", "b", "y"])
    let (x, y, names) = try table.regression(target: "b")
    #expect(x == [1, 3, 4, 6] && y == [2, 5] && names == ["a", "y"])
}

@Test("every malformed CSV gives one line that names the line and the column",
      arguments: [("", "t.csv: the file is empty"),
                  ("a,b\n", "the header is not followed by any row"),
                  ("a,,b\n1,2,3", "line 1: column 2 of the header has no name"),
                  ("a,a\n1,2", "\"a\" appears twice"),
                  ("a,b\n1,2\n3", "t.csv, line 3: 1 cells, the header has 2 columns"),
                  ("a,b\n1,2\n3,x", "t.csv, line 3, column \"b\": \"x\" is not a number"),
                  ("a,b\n1,2\nnan,4", "t.csv, line 3, column \"a\": nan is not a finite number"),
                  ("a,b\n1,inf", "t.csv, line 2, column \"b\": inf is not a finite number")])
func malformedCSV(_ text: String, _ message: String) {
    #expect {
        _ = try NumericTable(csv: text, source: "t.csv")
    } throws: { error in
        let d = "\(error)"
        return d.contains(message) && !d.contains("\n")
    }
}

@Test("a missing target column is named, with the columns there are")
func missingTarget() throws {
    let table = try NumericTable(csv: "a,b\n1,2", source: "t.csv")
    #expect(throws: NumericTable.ParseError(message: "no column named \"y\"; the columns are a, b")) { try table.regression(target: "y") }
}

@Test("split files: comments skipped, permutations kept; a line that is not a permutation is named")
func splitFiles() throws {
    #expect(try DataSplits.parse("# two splits\n2 0 1\n\n1 2 0\n", rows: 3) == [[2, 0, 1], [1, 2, 0]])
    for (text, message) in [("0 1", "line 1: 2 indices, a permutation of the 3 rows needs 3"), ("0 1 1", "line 1: row 1 appears twice"),
                            ("# c\n0 1 3", "line 2: \"3\" is not a row index 0…2"), ("0 x 1", "\"x\" is not a row index"), ("# only", "no split lines")] {
        #expect { _ = try DataSplits.parse(text, rows: 3, source: "s.txt") } throws: { "\($0)".contains(message) && "\($0)".hasPrefix("s.txt") }
    }
    var rng = Xoshiro256(seed: 3)
    let random = DataSplits.random(count: 4, rows: 50, using: &rng)
    #expect(random.count == 4 && random.allSatisfy { $0.sorted() == Array(0..<50) } && Set(random.map { $0 }).count == 4)
    #expect(DataSplits.trainingCount(rows: 506) == 455)
}

@Test("the shipped Boston data: 506 rows, 13 inputs, 20 splits of 455 training rows, MEDV between 5 and 50")
func bostonShipped() throws {
    let (table, splits) = try BostonHousing.load()
    let (x, y, names) = try table.regression(target: BostonHousing.target)
    #expect(y.count == 506 && names.count == 13 && x.count == 506 * 13 && splits.count == 20)
    #expect(y.min() == 5 && y.max() == 50)
    #expect(splits[0].prefix(3) == [307, 343, 47])
}

@Test("the Mauna Loa series: 2,225 weeks read and the 59 missing ones skipped; a malformed line is an error that names it")
func maunaLoaSeries() throws {
    let series = try MaunaLoa.load()
    #expect(series.co2.count == 2225 && series.missingWeeks == 59)
    #expect(series.years.first! > 1958.2 && series.years.first! < 1958.3 && series.years.last! < 2002.01)
    #expect(zip(series.years, series.years.dropFirst()).allSatisfy { $0 < $1 })
    let parsed = try MaunaLoa.parse("date,co2\n19580329,316.1\n19580405,\n19580412,317.6\n")
    #expect(parsed.co2 == [316.1, 317.6] && parsed.missingWeeks == 1)
    #expect(throws: MaunaLoa.ParseError.self) { try MaunaLoa.parse("date,co2\n1958-03-29,316.1\n") }
    #expect(throws: MaunaLoa.ParseError.self) { try MaunaLoa.parse("date,co2\n19580329,abc\n") }
}

@Test("the shipped digits: 1,797 images of 64 block counts in 0…16, every class 0–9 present 174–183 times")
func shippedDigits() throws {
    let (pixels, labels) = try Digits.load()
    #expect(labels.count == 1797 && pixels.count == 1797 * 64)
    #expect(pixels.allSatisfy { $0 >= 0 && $0 <= 16 && $0 == $0.rounded() })
    let counts = (0..<10).map { c in labels.filter { $0 == c }.count }
    #expect(counts.allSatisfy { (174...183).contains($0) }, "\(counts)")
}
