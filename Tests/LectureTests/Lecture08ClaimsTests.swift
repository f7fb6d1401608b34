import Course
import Foundation
import Testing
import Datasets
import Inference

// The numerical claims of Lecture 8 (every method side by side), at the chapter's settings and seed.

@Test("Boston, the 20 published splits: MC dropout's and the deep ensemble's mean test RMSE and log-likelihood lie within the published mean ± spread")
func bostonReproducesThePublishedNumbers() async throws {
    let settings = ComparisonChapter.Settings.standard()
    let (table, publishedSplits) = try BostonHousing.load()
    let (x, y, names) = try table.regression(target: BostonHousing.target)
    let splits = ComparisonChapter.bostonSplits(settings, published: publishedSplits)
    #expect(splits.count == 20)
    let results = try await ComparisonChapter.benchmark(settings, x: x, y: y, inputs: names.count, splits: splits, methods: [.mcDropout, .deepEnsemble])
    let summaries = MethodSummary.of(results)
    // Gal & Ghahramani 2016 (MC dropout) and Lakshminarayanan et al. 2017 (deep ensembles), Table 1 of each.
    let published: [(rmse: Double, rmseSpread: Double, ll: Double, llSpread: Double)] = [(2.97, 0.85, -2.46, 0.25), (3.28, 1.00, -2.41, 0.25)]
    for (s, p) in zip(summaries, published) {
        #expect(abs(s.rmse.mean - p.rmse) <= p.rmseSpread, "\(s.method): RMSE \(s.rmse.mean)")
        #expect(abs(s.logLikelihood.mean - p.ll) <= p.llSpread, "\(s.method): log-likelihood \(s.logLikelihood.mean)")
    }
}

@Test("the running example: the NUTS reference's predictive converged (split-R̂ < 1.01), a second NUTS run is the closest to it, and the chapter prints the ranking computed here")
func referenceIsClosestToItselfAndTheChapterRankingIsCurrent() async throws {
    let settings = ComparisonChapter.Settings.standard()
    let data = ReferencePosterior.data(seed: settings.seed)
    let reference = try await ComparisonChapter.reference(settings, data: data)
    #expect(reference.rHat < 1.01)
    let methods = try await ComparisonChapter.methods(settings, data: data)
    let draws = reference.chains.flatMap { c in (0..<c.count).map { c.draw($0) } }
    let scores = ComparisonChapter.scores(settings, methods, reference: RunningExampleComparison.predictive(draws))
    let ranking = RunningExampleComparison.ranking(scores)
    #expect(ranking.first == "NUTS, a second run")
    let chapter = try String(contentsOf: packageRoot.appendingPathComponent("Lectures/08-comparison/README.md"), encoding: .utf8)
    #expect(chapter.contains("ranking, closest to the reference first: " + ranking.joined(separator: " < ")), "\(ranking)")
}
