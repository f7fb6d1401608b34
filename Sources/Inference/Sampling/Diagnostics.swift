import Foundation
import NumericalMethods

// MCMC diagnostics: autocorrelation, effective sample size and split-R̂, following
// Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization, folding, and
// localization: an improved R̂", Bayesian Analysis 16(2) — the versions *without* rank
// normalisation (their eqs. for split-R̂ and the multi-chain ESS with Geyer's initial
// monotone sequence), which are also those of Gelman et al., BDA3 §11.4–11.5.

/// The autocovariance γ̂_t = (1/n) Σ_{i<n−t} (x_i − x̄)(x_{i+t} − x̄) for t = 0 ..< n, by FFT.
public func autocovariance(_ x: [Double]) -> [Double] {
    let n = x.count
    precondition(n > 1, "autocovariance needs at least two values")
    let m = x.reduce(0, +) / Double(n)
    var size = 1
    while size < 2 * n { size <<= 1 }
    var re = [Double](repeating: 0, count: size), im = re
    for i in 0..<n { re[i] = x[i] - m }
    fft(&re, &im, inverse: false)
    for k in 0..<size {
        re[k] = re[k] * re[k] + im[k] * im[k]
        im[k] = 0
    }
    fft(&re, &im, inverse: true)
    return (0..<n).map { re[$0] / Double(size) / Double(n) }
}

/// The autocorrelation ρ̂_t = γ̂_t / γ̂_0 for t = 0 ... maxLag.
public func autocorrelation(_ x: [Double], maxLag: Int) -> [Double] {
    let g = autocovariance(x)
    return (0...min(maxLag, x.count - 1)).map { g[$0] / g[0] }
}

/// Effective sample size of M chains of N draws each (Vehtari et al. 2021, BDA3):
/// ρ̂_t = 1 − (W − (1/M) Σ_m s²_m ρ̂_{t,m}) / var⁺ with var⁺ = (N−1)/N · W + B/N, summed in
/// pairs P̂_k = ρ̂_{2k} + ρ̂_{2k+1} while positive (Geyer's initial positive sequence) and made
/// monotone; ESS = MN / (−1 + 2 Σ_k P̂_k). With one chain var⁺ reduces to the chain's variance.
public func effectiveSampleSize(_ chains: [[Double]]) -> Double {
    let m = chains.count
    precondition(m > 0, "effectiveSampleSize: no chains")
    let n = chains.map(\.count).min()!
    precondition(n > 3, "effectiveSampleSize: chains need at least four draws")
    let trimmed = chains.map { Array($0.prefix(n)) }
    let acov = trimmed.map(autocovariance)
    let means = trimmed.map { $0.reduce(0, +) / Double(n) }
    // s²_m = γ̂_0 · n/(n−1) (the unbiased chain variance)
    let variances = acov.map { $0[0] * Double(n) / Double(n - 1) }
    let w = variances.reduce(0, +) / Double(m)
    let grand = means.reduce(0, +) / Double(m)
    let b = m > 1 ? Double(n) * means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(m - 1) : 0
    let varPlus = Double(n - 1) / Double(n) * w + b / Double(n)
    guard varPlus > 0 else { return 1 }   // chains that never moved carry one draw's worth
    func rho(_ t: Int) -> Double {
        let meanAcov = (0..<m).reduce(0.0) { $0 + variances[$1] * acov[$1][t] / acov[$1][0] } / Double(m)
        return 1 - (w - meanAcov) / varPlus
    }
    var tau = -1.0
    var previousPair = Double.infinity
    var k = 0
    while 2 * k + 1 < n {
        var pair = rho(2 * k) + rho(2 * k + 1)
        if pair < 0 { break }
        pair = min(pair, previousPair)   // initial monotone sequence
        tau += 2 * pair
        previousPair = pair
        k += 1
    }
    return Double(m * n) / max(tau, 1 / Elementary.log10(Double(m * n)))  // Stan's cap on antithetic chains
}

/// Effective sample size of a single chain.
public func effectiveSampleSize(_ chain: [Double]) -> Double { effectiveSampleSize([chain]) }

/// Split-R̂ (Gelman et al. BDA3 §11.4; Vehtari et al. 2021 without rank normalisation): every
/// chain is cut in halves, and with W the mean within-half variance and B/N the variance of the
/// half means, R̂ = √(var⁺/W), var⁺ = (N−1)/N · W + B/N. Near 1 when all halves agree;
/// Vehtari et al. recommend trusting the chains only below 1.01.
public func splitRHat(_ chains: [[Double]]) -> Double {
    let n = chains.map(\.count).min()! / 2
    precondition(n > 1, "splitRHat: chains need at least four draws")
    let halves = chains.flatMap { [Array($0.prefix(n)), Array($0.dropFirst($0.count - n))] }
    let means = halves.map { $0.reduce(0, +) / Double(n) }
    let variances = zip(halves, means).map { h, mu in h.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(n - 1) }
    let m = Double(halves.count)
    let w = variances.reduce(0, +) / m
    let grand = means.reduce(0, +) / m
    let b = Double(n) * means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / (m - 1)
    let varPlus = Double(n - 1) / Double(n) * w + b / Double(n)
    return w > 0 ? (varPlus / w).squareRoot() : (b > 0 ? .infinity : 1)
}

