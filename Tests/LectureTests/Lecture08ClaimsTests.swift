import Course
import Foundation
import Testing
import Datasets
import Inference

// The numerical claims of Lecture 8 (every method side by side), at the chapter's settings and seed.

@Test("Boston, the 20 published splits: MC dropout's and the deep ensemble's mean test RMSE and log-likelihood lie within the published mean ± spread")
func bostonReproducesThePublishedNumbers() async throws {
    let (table, splits) = try BostonHousing.load()
    let (x, y, names) = try table.regression(target: BostonHousing.target)
    let methods: [BenchmarkMethod] = [.mcDropout, .deepEnsemble]
    let results = try await runInParallel(count: splits.count, seed: 1) { k, _ in
        try RegressionBenchmark.run(x: x, y: y, inputs: names.count, split: splits[k], splitIndex: k, methods: methods,
                                    settings: .standard, seed: 1)
    }
    let summaries = MethodSummary.of(results)
    // Gal & Ghahramani 2016 (MC dropout) and Lakshminarayanan et al. 2017 (deep ensembles), Table 1 of each.
    let published: [(rmse: Double, rmseSpread: Double, ll: Double, llSpread: Double)] = [(2.97, 0.85, -2.46, 0.25), (3.28, 1.00, -2.41, 0.25)]
    for (s, p) in zip(summaries, published) {
        #expect(abs(s.rmse.mean - p.rmse) <= p.rmseSpread, "\(s.method): RMSE \(s.rmse.mean)")
        #expect(abs(s.logLikelihood.mean - p.ll) <= p.llSpread, "\(s.method): log-likelihood \(s.logLikelihood.mean)")
    }
}

@Test("the running example: HMC's predictive converged (split-R̂ < 1.01), a second HMC run is the closest to it, and the chapter prints the ranking computed here")
func hmcIsClosestToItselfAndTheChapterRankingIsCurrent() async throws {
    let data = ReferencePosterior.data(seed: 1)
    let reference = try await RunningExampleComparison.reference(seed: 1, data: data, quick: false)
    #expect(reference.rHat < 1.01)
    let methods = try await RunningExampleComparison.methods(seed: 1, data: data, quick: false)
    let draws = reference.chains.flatMap { c in (0..<c.count).map { c.draw($0) } }
    let scores = RunningExampleComparison.scores(methods, reference: RunningExampleComparison.predictive(draws), seed: 1)
    let ranking = RunningExampleComparison.ranking(scores)
    #expect(ranking.first == "HMC, a second run")
    let chapter = try String(contentsOf: packageRoot.appendingPathComponent("Lectures/08-comparison/README.md"), encoding: .utf8)
    #expect(chapter.contains("ranking, closest to the reference first: " + ranking.joined(separator: " < ")), "\(ranking)")
}
