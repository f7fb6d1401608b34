import Course
import Foundation
import Testing
import Autodiff
import Datasets
import Inference
import Probability

// The real-data benchmark's pieces: reading a CSV and its splits, standardising, the mixture
// predictive, the summaries and their JSON.

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

@Test("standardising: training columns get mean 0 and sd 1; a constant column is only shifted")
func standardizer() {
    let values = [1.0, 5, 2, 5, 3, 5, 6, 5]   // 4 rows × 2 columns, the second constant
    let s = Standardizer(values, columns: 2)
    let z = s.apply(values)
    let first = stride(from: 0, to: 8, by: 2).map { z[$0] }
    #expect(abs(mean(first)) < 1e-15)
    #expect(abs(first.reduce(0) { $0 + $1 * $1 } / 4 - 1) < 1e-14)
    #expect(stride(from: 1, to: 8, by: 2).allSatisfy { z[$0] == 0 } && s.scales[1] == 1)
}

@Test("the Gaussian mixture log-likelihood by hand: one component is the Gaussian; two equal components are one; a far component adds ln ½")
func mixtureLikelihoodByHand() {
    let y = [0.3, -1.0]
    let one = gaussianMixtureLogLikelihood(means: [[0, 0]], variances: [[1, 4]], targets: y)
    #expect(abs(one - gaussianLogLikelihood(mean: [0, 0], standardDeviation: [1, 2], targets: y)) < 1e-15)
    #expect(abs(gaussianMixtureLogLikelihood(means: [[0, 0], [0, 0]], variances: [[1, 4], [1, 4]], targets: y) - one) < 1e-15)
    let far = gaussianMixtureLogLikelihood(means: [[0, 0], [1e3, 1e3]], variances: [[1, 4], [1, 4]], targets: y)
    #expect(abs(far - (one + Foundation.log(0.5))) < 1e-12)
    #expect(abs(mixtureLogLikelihood(samples: [[0.1, 0.2]], noiseVariance: 0.5, targets: y)
                - gaussianMixtureLogLikelihood(means: [[0.1, 0.2]], variances: [[0.5, 0.5]], targets: y)) == 0)
}

@Test("a mixture predictive: its moments follow the law of total variance; draws use every component equally; rescaling moves the moments")
func mixturePredictive() {
    let p = MixturePredictive(means: [[0, 1], [2, 1], [4, 1], [6, 1]], variances: [[1, 1], [1, 1], [1, 1], [1, 1]])
    #expect(p.moments.mean == [3, 1] && p.moments.total == [6, 1])
    var rng = Xoshiro256(seed: 5)
    let draws = p.draws(at: 0, count: 40_000, using: &rng)
    // Components 0, 2, 4, 6, each drawn 10,000 times: the mean is 3 within 4 SE of the noise alone (sd 1/√40000).
    #expect(abs(mean(draws) - 3) < 4 / 200)
    let q = p.scaled(by: 2, shift: 1)
    #expect(q.moments.mean == [7, 3] && q.moments.total == [24, 4])
}

@Test("mean and standard error over splits, and the JSON line with exactly the issue's keys")
func summariesAndJSON() throws {
    let m = meanAndStandardError([1, 2, 3, 4])
    #expect(m.mean == 2.5 && abs(m.standardError - (5.0 / 12).squareRoot()) < 1e-15)
    let scores = [1.0, 3.0].map { v in
        MethodScore(method: .mcDropout, rmse: v, logLikelihood: -v, picp95: 0.9, mpiw95: 2, miscalibrationArea: 0.1, crps: 1,
                    calibration: RegressionBenchmark.calibrationLevels, seconds: 0.5, gradientPasses: 10)
    }
    let line = MethodSummary(scores).json
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(Set(object.keys) == ["method", "rmse", "log_likelihood", "picp95", "miscalibration_area", "seconds"])
    #expect(object["method"] as? String == "mc-dropout" && object["seconds"] as? Double == 1)
    let rmse = try #require(object["rmse"] as? [String: Double])
    #expect(rmse == ["mean": 2, "se": 1])
    #expect(MethodSummary([scores[0]]).json.contains("\"se\": null"))
    #expect(BenchmarkMethod.allCases.map(\.rawValue) == ["map", "mc-dropout", "deep-ensemble", "swag", "bayes-by-backprop", "variational-dropout"])
}

@Test("the benchmark on a small synthetic table: every method fits, scores are finite, and the same seed gives the same bits")
func benchmarkRunsEveryMethod() throws {
    var rng = Xoshiro256(seed: 9)
    let n = 60, d = 2
    let x = (0..<(n * d)).map { _ in rng.normal() }
    let y = (0..<n).map { 3 * x[2 * $0] - x[2 * $0 + 1] + 0.3 * rng.normal() + 10 }
    var settings = ComparisonChapter.Settings.quick().benchmark
    settings.epochs = 300
    let split = DataSplits.random(count: 1, rows: n, using: &rng)[0]
    let a = try RegressionBenchmark.run(x: x, y: y, inputs: d, split: split, splitIndex: 0, methods: BenchmarkMethod.allCases, settings: settings, seed: 4)
    let b = try RegressionBenchmark.run(x: x, y: y, inputs: d, split: split, splitIndex: 0, methods: [.swag], settings: settings, seed: 4)
    #expect(a.map(\.method) == BenchmarkMethod.allCases)
    #expect(a.allSatisfy { $0.rmse.isFinite && $0.logLikelihood.isFinite && $0.picp95 >= 0 && $0.picp95 <= 1 })
    // A method's numbers do not depend on which other methods ran.
    #expect(b[0].rmse == a[3].rmse && b[0].logLikelihood == a[3].logLikelihood)
    // The target's sd is about 3.2; a linear signal this strong is learnt well below it.
    #expect(a.allSatisfy { $0.rmse < 1.5 }, "\(a.map(\.rmse))")
}

@Test("runInParallel reports 1, 2, …, n jobs done, in order, whatever order the jobs end in")
func parallelProgress() async throws {
    var seen = [Int]()
    let results = try await runInParallel(count: 6, seed: 1, finished: { seen.append($0) }) { k, _ in k * k }
    #expect(results == [0, 1, 4, 9, 16, 25] && seen == Array(1...6))
}

@Test("parallel training gives the same bits as one job at a time: the benchmark's splits and the emulator's members, run 20 rounds with up to 4 concurrent jobs")
func parallelTrainingIsDeterministic() async throws {
    var rng = Xoshiro256(seed: 11)
    let n = 40
    let x = (0..<n).map { _ in rng.normal() }, y = x.map { 2 * $0 + 0.1 * rng.normal() }
    var quick = ComparisonChapter.Settings.quick().benchmark
    quick.epochs = 5
    let settings = quick
    let splits = DataSplits.random(count: 4, rows: n, using: &rng)
    let run = { (limit: Int) in
        try await runInParallel(count: 4, seed: 1, maximumConcurrency: limit) { k, _ in
            try RegressionBenchmark.run(x: x, y: y, inputs: 1, split: splits[k], splitIndex: k, methods: BenchmarkMethod.allCases, settings: settings, seed: 2)
                .map { [$0.rmse, $0.logLikelihood] }
        }
    }
    var small = EmulatorChapter.Settings.quick(seed: 3)
    small.trainingCount = 4
    small.training.steps = 30
    let emulator = small
    let data = EmulatorChapter.trainingData(emulator)
    let members = { (limit: Int) in
        try await runInParallel(count: 4, seed: 1, maximumConcurrency: limit) { k, _ in try EmulatorChapter.member(emulator, k, data: data).scalars }
    }
    let (serial, serialMembers) = (try await run(1), try await members(1))
    for _ in 0..<20 {
        #expect(try await run(4) == serial)
        #expect(try await members(4) == serialMembers)
    }
}
