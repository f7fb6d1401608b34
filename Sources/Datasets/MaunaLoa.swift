import Foundation

/// Weekly atmospheric CO₂ at Mauna Loa, 1958–2001 (NOAA / Scripps, as shipped by statsmodels;
/// provenance in `Data/README.md`), the series of Gal & Ghahramani (2016, Fig. 2).
public enum MaunaLoa {
    /// Why the series could not be read.
    public struct ParseError: Error, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "Mauna Loa CSV, line \(line): \(reason)" }
    }

    /// The weeks with a measurement: time in decimal years and CO₂ in ppm, and how many weeks had none.
    public struct Series: Sendable {
        public let years: [Double]
        public let co2: [Double]
        public let missingWeeks: Int
    }

    /// Parses `date,co2` lines (date as YYYYMMDD); an empty co2 field is a missing week and is
    /// skipped, anything else malformed is an error.
    public static func parse(_ csv: String) throws -> Series {
        var (years, co2, missing) = ([Double](), [Double](), 0)
        for (k, raw) in csv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if k == 0 || line.isEmpty { continue }   // header, trailing newline
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2, fields[0].count == 8, let date = Int(fields[0]) else {
                throw ParseError(line: k + 1, reason: "expected YYYYMMDD,co2, got \"\(line)\"")
            }
            if fields[1].isEmpty { missing += 1; continue }
            guard let value = Double(fields[1]) else { throw ParseError(line: k + 1, reason: "co2 is not a number: \"\(fields[1])\"") }
            let (y, m, d) = (date / 10000, date / 100 % 100, date % 100)
            years.append(Double(y) + (Double(m - 1) + Double(d - 1) / 31) / 12)
            co2.append(value)
        }
        return Series(years: years, co2: co2, missingWeeks: missing)
    }

    /// The shipped series.
    public static func load() throws -> Series {
        guard let url = Bundle.module.url(forResource: "mauna_loa_co2_weekly", withExtension: "csv") else {
            throw ParseError(line: 0, reason: "the data file is missing from the build (Sources/Datasets/Data)")
        }
        return try parse(String(contentsOf: url, encoding: .utf8))
    }
}
