import Foundation
import Testing
import Autodiff
import Exercises
import Inference
import Probability
import Literate

// Grades the Lecture 1 exercises against the library and against brute force.

/// A small regression problem: polynomial features of degree 3 on 25 points.
func problem() -> (phi: Tensor, y: [Double]) {
    var rng = Xoshiro256(seed: 11)
    let x = (0..<25).map { -1 + 2 * Double($0) / 24 }
    let phi = PolynomialFeatures(degree: 3).designMatrix(x)
    return (phi, x.map { Foundation.sin(3 * $0) + 0.1 * rng.normal() })
}

@Test("Exercise 1.1: MAP weights equal the posterior mean")
func exercise1_1() throws {
    let (phi, y) = problem()
    let (sigma2, s2) = (0.01, 0.5)
    let w = try exercise1_1_mapWeights(phi: phi, y: y, noiseVariance: sigma2, priorVariance: s2)
    let blr = try BayesianLinearRegression(design: phi, targets: y, priorPrecision: 1 / s2, noisePrecision: 1 / sigma2)
    #expect(w.count == 4)
    for (a, b) in zip(w, blr.posteriorMean) { #expect(abs(a - b) < 1e-9 * max(1, abs(b))) }
}

@Test("Exercise 1.2: predictive variance is σ² + φᵀSφ")
func exercise1_2() throws {
    let (phi, y) = problem()
    let blr = try BayesianLinearRegression(design: phi, targets: y, priorPrecision: 2, noisePrecision: 100)
    let star = PolynomialFeatures(degree: 3).designMatrix([0.3, 1.7])
    let library = blr.predict(design: star)
    for i in 0..<2 {
        let v = try exercise1_2_predictiveVariance(features: star.row(i), posteriorCovariance: blr.posteriorCovariance, noiseVariance: 0.01)
        #expect(abs(v - (library.epistemic[i] + 0.01)) < 1e-12)
        #expect(v >= 0.01)
    }
    // Monte Carlo: the variance of φᵀw + ε over posterior draws, within 4 standard errors.
    var rng = Xoshiro256(seed: 12)
    let draws = try blr.samplePosterior(count: 40_000, using: &rng)
    let phiStar = star.row(1)
    let ys = draws.map { w in zip(phiStar, w).reduce(0) { $0 + $1.0 * $1.1 } + 0.1 * rng.normal() }
    let v = try exercise1_2_predictiveVariance(features: phiStar, posteriorCovariance: blr.posteriorCovariance, noiseVariance: 0.01)
    #expect(abs(variance(ys) - v) < 4 * standardErrorOfVariance(ys))
}

@Test("Exercise 1.3: the two parts add up to the mixture variance")
func exercise1_3() throws {
    var rng = Xoshiro256(seed: 13)
    let k = 7, n = 5
    let means = (0..<k).map { _ in (0..<n).map { _ in rng.normal() } }
    let variances = (0..<k).map { _ in (0..<n).map { _ in 0.1 + rng.uniform() } }
    let (alea, epi) = try exercise1_3_varianceSplit(means: means, variances: variances)
    for i in 0..<n {
        // The mixture's variance by its definition: E[y²] − E[y]², with E[y²] = (1/K)Σ(σₖ² + μₖ²).
        let m = means.reduce(0) { $0 + $1[i] } / Double(k)
        let second = zip(means, variances).reduce(0) { $0 + $1.1[i] + $1.0[i] * $1.0[i] } / Double(k)
        #expect(abs(alea[i] + epi[i] - (second - m * m)) < 1e-12)
        #expect(epi[i] >= 0)
    }
    let library = PredictiveMoments(means: means, variances: variances)
    #expect(zip(alea, library.aleatoric).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(zip(epi, library.epistemic).allSatisfy { abs($0 - $1) < 1e-12 })
}

/// The folder holding the exercise sources.
let exercisesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/Exercises")

/// Whether this is the instructors' copy (with reference solutions) rather than a student copy.
let solutionsPresent = ((try? FileManager.default.contentsOfDirectory(atPath: exercisesFolder.path)) ?? []).contains { file in
    ((try? String(contentsOf: exercisesFolder.appendingPathComponent(file), encoding: .utf8)) ?? "").contains(StudentCopy.begin)
}

/// Every exercise function carries exactly one well-formed solution block, so `make student`
/// can remove it (and the student copy names the exercise in its failure). Skipped in a student
/// copy, which has no solution blocks.
@Test(.enabled(if: solutionsPresent))
func everyExerciseHasOneSolutionBlock() throws {
    for file in try FileManager.default.contentsOfDirectory(atPath: exercisesFolder.path) where file.hasPrefix("Lecture") {
        let text = try String(contentsOf: exercisesFolder.appendingPathComponent(file), encoding: .utf8)
        let functions = text.components(separatedBy: "public func exercise").count - 1
        let (student, removed) = try StudentCopy.strip(text)
        #expect(functions >= 3 && removed == functions, "\(file): \(functions) exercises, \(removed) solutions")
        #expect(student.components(separatedBy: "throw ExerciseNotImplemented(\"Exercise ").count - 1 == functions)
    }
}
