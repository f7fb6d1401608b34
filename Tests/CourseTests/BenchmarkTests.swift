import Course
import Foundation
import Testing
import Autodiff
import Datasets
import Inference
import Probability

// The real-data benchmark's pieces: standardising, the mixture predictive, the summaries and
// their JSON (reading a CSV and its splits is tested in DatasetsTests).

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
    #expect(BenchmarkMethod.allCases.map(\.rawValue) == ["map", "mc-dropout", "deep-ensemble", "swag", "bayes-by-backprop", "variational-dropout", "laplace"])
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
        try await runInParallel(count: 4, seed: 1, maximumConcurrency: limit) { k, _ in try EmulatorChapter.member(emulator, k, data: data) }
    }
    let (serial, serialMembers) = (try await run(1), try await members(1))
    for _ in 0..<20 {
        #expect(try await run(4) == serial)
        #expect(try await members(4) == serialMembers)
    }
}

@Test("the step budget: Boston's 455 training rows keep their 400 epochs (15 batches of 32, 6,000 steps); 4,500 rows get 42 epochs; a run never has fewer than one epoch")
func stepBudget() {
    let s = ComparisonChapter.Settings.standard().benchmark
    #expect(s.epochs(rows: 455) == 400 && s.steps(rows: 455) == 6000)
    #expect(s.epochs(rows: 364) == 400)  // the σ² MAP's 80% of Boston's training rows
    #expect(s.epochs(rows: 4500) == 42 && s.steps(rows: 4500) == 5922)
    var tiny = s
    tiny.maximumSteps = 10
    #expect(tiny.epochs(rows: 4500) == 1)
}

@Test("the benchmark runs method by method: the same scores as one split at a time, each method's scores handed over once, in order, when its splits are done")
func benchmarkStreamsMethods() async throws {
    var rng = Xoshiro256(seed: 12)
    let n = 40
    let x = (0..<n).map { _ in rng.normal() }, y = x.map { 2 * $0 + 0.1 * rng.normal() }
    let settings = ComparisonChapter.Settings.quick(seed: 2).with(\.benchmark.epochs, 5)
    let splits = DataSplits.random(count: 3, rows: n, using: &rng)
    var handed = [BenchmarkMethod](), progress = [Int]()
    let results = try await ComparisonChapter.benchmark(settings, x: x, y: y, inputs: 1, splits: splits,
                                                        finished: { done, _, _ in progress.append(done) },
                                                        methodFinished: { method, scores in
                                                            handed.append(method)
                                                            #expect(scores.count == splits.count && scores.allSatisfy { $0.method == method })
                                                        })
    #expect(handed == BenchmarkMethod.allCases)
    #expect(progress == Array(1...(splits.count * BenchmarkMethod.allCases.count)))
    for k in splits.indices {
        let one = try RegressionBenchmark.run(x: x, y: y, inputs: 1, split: splits[k], splitIndex: k, methods: BenchmarkMethod.allCases,
                                              settings: settings.benchmark, seed: settings.seed)
        #expect(results[k].map(\.rmse) == one.map(\.rmse) && results[k].map(\.logLikelihood) == one.map(\.logLikelihood))
    }
}
