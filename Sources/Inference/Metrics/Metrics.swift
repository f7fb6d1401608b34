import Foundation
import NumericalMethods

// Scores of a predictive distribution against held-out targets (Psaros et al. 2023 survey them;
// the regression calibration curve is Kuleshov, Fenner & Ermon 2018's, the CRPS Gneiting &
// Raftery 2007's). Predictives are Gaussian (a mean and a standard deviation per point) or given
// by samples.

/// Root mean squared error √((1/n) Σ (μᵢ − yᵢ)²).
public func rootMeanSquaredError(_ predictions: [Double], _ targets: [Double]) -> Double {
    precondition(predictions.count == targets.count && !targets.isEmpty, "rootMeanSquaredError: need as many predictions as targets")
    return (zip(predictions, targets).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(targets.count)).squareRoot()
}

/// Mean Gaussian log-likelihood per point, (1/n) Σ ln N(yᵢ | μᵢ, σᵢ²).
public func gaussianLogLikelihood(mean: [Double], standardDeviation sd: [Double], targets y: [Double]) -> Double {
    precondition(mean.count == y.count && sd.count == y.count && !y.isEmpty, "gaussianLogLikelihood: lengths differ")
    return y.indices.reduce(0.0) { s, i in
        let z = (y[i] - mean[i]) / sd[i]
        return s - 0.5 * Elementary.log(2 * Double.pi) - Elementary.log(sd[i]) - 0.5 * z * z
    } / Double(y.count)
}

/// Mean log-likelihood per point of the equal-weight mixture of S Gaussians N(f_s(xᵢ), σ²):
/// (1/n) Σᵢ ln((1/S) Σ_s N(yᵢ | f_s(xᵢ), σ²)). `samples[s][i]` is draw s's prediction at point i.
public func mixtureLogLikelihood(samples: [[Double]], noiseVariance: Double, targets y: [Double]) -> Double {
    gaussianMixtureLogLikelihood(means: samples, variances: samples.map { $0.map { _ in noiseVariance } }, targets: y)
}

/// Mean log-likelihood per point of equal-weight Gaussian mixtures whose components have their own
/// variances: (1/n) Σᵢ ln((1/S) Σ_s N(yᵢ | μ_s,i, v_s,i)), with the largest term factored out.
public func gaussianMixtureLogLikelihood(means: [[Double]], variances: [[Double]], targets y: [Double]) -> Double {
    precondition(!means.isEmpty && means.count == variances.count && !y.isEmpty
                 && means.allSatisfy { $0.count == y.count } && variances.allSatisfy { $0.count == y.count }, "gaussianMixtureLogLikelihood: shapes differ")
    let logS = Elementary.log(Double(means.count))
    var terms = [Double](repeating: 0, count: means.count)
    return y.indices.reduce(0.0) { total, i in
        for s in means.indices {
            let (m, v) = (means[s][i], variances[s][i])
            terms[s] = -0.5 * Elementary.log(2 * Double.pi * v) - (m - y[i]) * (m - y[i]) / (2 * v)
        }
        let top = terms.max()!
        return total + top + Elementary.log(terms.reduce(0.0) { $0 + Elementary.exp($1 - top) }) - logS
    } / Double(y.count)
}


/// Coverage and width of the central prediction intervals μᵢ ± Φ⁻¹((1 + q)/2) σᵢ at level q:
/// PICP, the fraction of targets inside, and MPIW, the mean width.
public func predictionIntervals(mean: [Double], standardDeviation sd: [Double], targets y: [Double], level q: Double) -> (coverage: Double, meanWidth: Double) {
    let z = standardNormalQuantile(0.5 * (1 + q))
    let inside = y.indices.filter { abs(y[$0] - mean[$0]) <= z * sd[$0] }.count
    return (Double(inside) / Double(y.count), 2 * z * sd.reduce(0, +) / Double(sd.count))
}

/// The regression calibration curve (Kuleshov et al. 2018): for each expected level p, the
/// observed fraction of targets with F_i(yᵢ) ≤ p, F_i the predictive distribution function.
public func calibrationCurve(mean: [Double], standardDeviation sd: [Double], targets y: [Double], levels: [Double]) -> [Double] {
    let pit = y.indices.map { standardNormalCDF((y[$0] - mean[$0]) / sd[$0]) }
    return levels.map { p in Double(pit.filter { $0 <= p }.count) / Double(pit.count) }
}

/// The miscalibration area: the mean of |observed − expected| over 99 evenly spaced levels
/// 0.01 … 0.99 (the area between the calibration curve and the diagonal).
public func miscalibrationArea(mean: [Double], standardDeviation sd: [Double], targets y: [Double]) -> Double {
    let levels = (1...99).map { Double($0) / 100 }
    let observed = calibrationCurve(mean: mean, standardDeviation: sd, targets: y, levels: levels)
    return zip(observed, levels).reduce(0.0) { $0 + abs($1.0 - $1.1) } / Double(levels.count)
}

/// Mean continuous ranked probability score of Gaussian predictives, in closed form
/// (Gneiting & Raftery 2007): CRPS(N(μ, σ²), y) = σ [z (2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ)/σ.
public func gaussianCRPS(mean: [Double], standardDeviation sd: [Double], targets y: [Double]) -> Double {
    y.indices.reduce(0.0) { s, i in
        let z = (y[i] - mean[i]) / sd[i]
        let pdf = Elementary.exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
        return s + sd[i] * (z * (2 * standardNormalCDF(z) - 1) + 2 * pdf - 1 / Double.pi.squareRoot())
    } / Double(y.count)
}

/// The CRPS of one target under a predictive given by samples: E|X − y| − ½ E|X − X′|, the second
/// expectation from the sorted samples in O(S log S).
public func sampleCRPS(_ samples: [Double], target y: Double) -> Double {
    let s = samples.sorted(), n = Double(samples.count)
    let first = s.reduce(0.0) { $0 + abs($1 - y) } / n
    // Σ_{i<j} (s_j − s_i) = Σ_j s_j (2j − n + 1) for sorted s, j from 0.
    let pairs = s.enumerated().reduce(0.0) { $0 + $1.element * Double(2 * $1.offset - samples.count + 1) }
    return first - pairs / (n * n)
}

/// The 1-Wasserstein distance between two one-dimensional samples: ∫₀¹ |F⁻¹(u) − G⁻¹(u)| du with
/// the empirical quantile functions, on 1,000 evenly spaced levels.
public func wasserstein1(_ a: [Double], _ b: [Double]) -> Double {
    let (sa, sb) = (a.sorted(), b.sorted())
    let levels = 1000
    return (0..<levels).reduce(0.0) { total, k in
        let u = (Double(k) + 0.5) / Double(levels)
        return total + abs(sa[min(sa.count - 1, Int(u * Double(sa.count)))] - sb[min(sb.count - 1, Int(u * Double(sb.count)))])
    } / Double(levels)
}

/// Spearman's rank correlation: Pearson's correlation of the ranks (ties get their average rank).
public func spearmanCorrelation(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count && a.count >= 2, "spearmanCorrelation: two samples of the same size ≥ 2")
    func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = [Double](repeating: 0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            for k in i...j { r[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        return r
    }
    let (ra, rb) = (ranks(a), ranks(b))
    let (ma, mb) = (ra.reduce(0, +) / Double(ra.count), rb.reduce(0, +) / Double(rb.count))
    var (sab, saa, sbb) = (0.0, 0.0, 0.0)
    for i in ra.indices {
        sab += (ra[i] - ma) * (rb[i] - mb)
        saa += (ra[i] - ma) * (ra[i] - ma)
        sbb += (rb[i] - mb) * (rb[i] - mb)
    }
    return sab / (saa * sbb).squareRoot()
}
