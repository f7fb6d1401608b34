import Foundation
import NumericalMethods
import Probability

/// What one NUTS transition did: the step size it used, how deep its tree grew, how many leapfrog
/// steps it took, its acceptance statistic (the mean over the tree of min(1, e^{H₀ − H})), whether
/// it diverged (an energy error above the threshold somewhere in the tree), and the energy H at the draw.
public struct NUTSTransition: Sendable, Equatable {
    public var stepSize: Double
    public var treeDepth: Int
    public var leapfrogSteps: Int
    public var acceptance: Double
    public var divergent: Bool
    public var energy: Double
}

/// A NUTS run: the draws, what each transition did, and what warm-up chose.
public struct NUTSRun: Sendable {
    public let chain: Chain
    /// One per kept draw, in order.
    public let transitions: [NUTSTransition]
    /// One per warm-up iteration, in order: the step size being tuned and the acceptance it gave.
    public let warmupTransitions: [NUTSTransition]
    /// The step size after warm-up.
    public let stepSize: Double
    /// The diagonal of M⁻¹ after warm-up (ones if it was not adapted).
    public let inverseMass: [Double]

    /// The kept draws that diverged (their indices).
    public var divergentDraws: [Int] { transitions.indices.filter { transitions[$0].divergent } }
    /// Transitions that stopped at the maximum tree depth.
    public func saturated(maximumDepth: Int) -> Int { transitions.filter { $0.treeDepth >= maximumDepth }.count }
    /// The energy Bayesian fraction of missing information,
    /// E-BFMI = Σₙ (Eₙ − Eₙ₋₁)² / Σₙ (Eₙ − Ē)² (Betancourt 2016); below 0.3 the momentum
    /// resampling explores the energy distribution poorly.
    public var energyBFMI: Double {
        let e = transitions.map(\.energy)
        guard e.count > 1 else { return .nan }
        let m = e.reduce(0, +) / Double(e.count)
        let numerator = zip(e.dropFirst(), e).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return numerator / e.reduce(0.0) { $0 + ($1 - m) * ($1 - m) }
    }
}

/// The No-U-Turn sampler (Hoffman & Gelman 2014) in the form Stan and NumPyro use today
/// (Betancourt 2017): the trajectory doubles forward or backward at random until the
/// generalised U-turn criterion, checked across every subtree and between neighbouring
/// subtrees, says it has turned back (or the tree reaches `maximumTreeDepth`); the draw is
/// taken from the whole trajectory with weights e^{−H}, by progressive multinomial sampling
/// that favours the newer half.
///
/// H(q, p) = −ln π(q) + ½ pᵀ M⁻¹ p with a diagonal M⁻¹. The criterion for a (sub)trajectory
/// from its left end to its right end is p♯₋ · ρ > 0 and p♯₊ · ρ > 0, with ρ the sum of the
/// momenta along it and p♯ = M⁻¹ p at the ends.
///
/// Warm-up adapts ε by dual averaging toward `targetAcceptance` (``DualAveraging``) and, with
/// `adaptMass`, M⁻¹ as the regularised variance of the draws in Stan's windows
/// (``AdaptationWindows``): M⁻¹ = (n/(n + 5)) s² + 10⁻³ · 5/(n + 5), after which ε restarts.
public struct NoUTurnSampler: Sendable {
    /// The first ε (warm-up starts by a heuristic search from it).
    public var stepSize: Double
    public var warmup: Int
    public var targetAcceptance = 0.8
    public var maximumTreeDepth = 10
    /// An energy error H − H₀ above this marks the transition divergent (Stan: 1000).
    public var divergenceThreshold = 1000.0
    /// Adapt a diagonal mass matrix during warm-up.
    public var adaptMass = true

    public init(stepSize: Double = 0.1, warmup: Int = 1000, targetAcceptance: Double = 0.8, maximumTreeDepth: Int = 10,
                adaptMass: Bool = true) {
        self.stepSize = stepSize
        self.warmup = warmup
        self.targetAcceptance = targetAcceptance
        self.maximumTreeDepth = maximumTreeDepth
        self.adaptMass = adaptMass
    }

    /// Runs the warm-up, then `steps` kept transitions from `initial`.
    public func sample(_ target: @escaping LogDensityGradient, from initial: [Double], steps: Int, using rng: inout Xoshiro256) throws -> NUTSRun {
        try SamplerError.validate(stepSize: stepSize, steps: steps, thin: 1, warmup: warmup)
        guard maximumTreeDepth >= 1 else { throw SamplerError.invalidSetting("the maximum tree depth must be at least 1, got \(maximumTreeDepth)") }
        guard targetAcceptance > 0 && targetAcceptance < 1 else {
            throw SamplerError.invalidSetting("the target acceptance must be in (0, 1), got \(targetAcceptance)")
        }
        let d = initial.count
        let (logP, g) = target(initial)
        guard logP.isFinite else { throw SamplerError.nonFiniteStart(logP) }
        var tree = Trajectory(target: target, inverseMass: [Double](repeating: 1, count: d), threshold: divergenceThreshold)
        var state = PhasePoint(position: initial, momentum: [Double](repeating: 0, count: d), logDensity: logP, gradient: g)
        var gradients = 1, accepted = 0.0
        // Without warm-up the given ε is used as it is; with it, Stan's heuristic picks the first one.
        var eps = warmup == 0 ? stepSize : try tree.reasonableStepSize(from: state, initial: stepSize, evaluations: &gradients, using: &rng)
        var averaging = DualAveraging(initialStepSize: eps, target: targetAcceptance)
        let windows = adaptMass ? AdaptationWindows(warmup: warmup) : AdaptationWindows(warmup: 0)
        var windowDraws = [[Double]]()
        var draws = [Double](), transitions = [NUTSTransition](), warmupTransitions = [NUTSTransition]()
        draws.reserveCapacity(steps * d)
        for t in 0..<(warmup + steps) {
            let info = tree.transition(&state, stepSize: eps, maximumDepth: maximumTreeDepth, using: &rng)
            gradients += info.leapfrogSteps
            guard state.position.allSatisfy(\.isFinite) else { throw SamplerError.nonFiniteState(step: t - warmup) }
            if t < warmup {
                warmupTransitions.append(info)
                eps = averaging.update(acceptance: info.acceptance)
                if let w = windows.window(containing: t) {
                    windowDraws.append(state.position)
                    if t == windows.windowEnds[w] {
                        tree.inverseMass = try Self.regularisedVariance(windowDraws, current: tree.inverseMass)
                        windowDraws.removeAll()
                        eps = try tree.reasonableStepSize(from: state, initial: eps, evaluations: &gradients, using: &rng)
                        averaging = DualAveraging(initialStepSize: eps, target: targetAcceptance)
                    }
                }
                if t == warmup - 1 { eps = averaging.finalStepSize }
            } else {
                draws.append(contentsOf: state.position)
                transitions.append(info)
                accepted += info.acceptance
            }
        }
        let chain = Chain(dimension: d, draws: draws, acceptanceRate: accepted / Double(steps), evaluations: gradients, stepSize: eps,
                          divergences: transitions.filter(\.divergent).count,
                          leapfrogSteps: 0)   // a NUTS trajectory has no fixed length: see `transitions`
        return NUTSRun(chain: chain, transitions: transitions, warmupTransitions: warmupTransitions, stepSize: eps, inverseMass: tree.inverseMass)
    }

    /// Stan's regularised variance of a window's draws: (n/(n + 5)) s² + 10⁻³ · 5/(n + 5).
    /// A window of fewer than two draws keeps the `current` metric.
    /// - Throws: if a variance is not finite.
    static func regularisedVariance(_ draws: [[Double]], current: [Double]) throws -> [Double] {
        guard draws.count >= 2 else { return current }
        let n = Double(draws.count)
        let variances = draws[0].indices.map { j in
            let m = draws.reduce(0.0) { $0 + $1[j] } / n
            let s2 = draws.reduce(0.0) { $0 + ($1[j] - m) * ($1[j] - m) } / (n - 1)
            return n / (n + 5) * s2 + 1e-3 * 5 / (n + 5)
        }
        guard variances.allSatisfy(\.isFinite) else { throw SamplerError.invalidSetting("NUTS: a warm-up window's variance is not finite") }
        return variances
    }
}

/// The trajectory builder of one chain: the target, the metric and the divergence threshold.
struct Trajectory {
    let target: LogDensityGradient
    var inverseMass: [Double]
    let threshold: Double

    func energy(_ s: PhasePoint) -> Double { s.energy(inverseMass: inverseMass) }

    /// One leapfrog step of size ε (negative: backward in time).
    func leapfrog(_ s: inout PhasePoint, _ eps: Double) {
        Inference.leapfrog(target, &s, stepSize: eps, steps: 1, inverseMass: inverseMass)
    }

    /// p ~ N(0, M): pᵢ = zᵢ / √(M⁻¹)ᵢᵢ.
    func drawMomentum(_ s: inout PhasePoint, using rng: inout Xoshiro256) {
        rng.normals(into: &s.momentum)   // z, then p = z / √(M⁻¹) in place
        for i in s.momentum.indices { s.momentum[i] = s.momentum[i] / inverseMass[i].squareRoot() }
    }

    /// Stan's heuristic first ε: double or halve it until the one-step acceptance e^{H₀ − H}
    /// crosses 0.8.
    func reasonableStepSize(from start: PhasePoint, initial: Double, evaluations: inout Int, using rng: inout Xoshiro256) throws -> Double {
        /// e^{H₀ − H} after one step of size ε with a fresh momentum, on the log scale.
        func logAcceptance(_ eps: Double) -> Double {
            var s = start
            drawMomentum(&s, using: &rng)
            let h0 = energy(s)
            leapfrog(&s, eps)
            evaluations += 1
            let h = energy(s)
            return h.isNaN ? -.infinity : h0 - h
        }
        var eps = initial
        let direction: Double = logAcceptance(eps) > Elementary.log(0.8) ? 1 : -1
        while true {
            let a = logAcceptance(eps)
            if direction == 1 && !(a > Elementary.log(0.8)) { return eps }
            if direction == -1 && !(a < Elementary.log(0.8)) { return eps }
            eps = direction == 1 ? 2 * eps : eps / 2
            if eps > 1e7 {
                throw SamplerError.invalidSetting("NUTS: the step size grew past 1e7 without the acceptance falling; the posterior may be improper")
            }
            if eps < 1e-300 {
                throw SamplerError.invalidSetting("NUTS: no step size is small enough for an acceptable step; check the gradient")
            }
        }
    }

    /// The generalised no-U-turn criterion between two ends with momenta p₋ and p₊:
    /// p♯₋ · ρ > 0 and p♯₊ · ρ > 0, where p♯ = M⁻¹p and ρ = `rho` (+ `extra`, when given).
    /// p♯ and the sum are formed element by element as they are used (rounded as if stored
    /// first): no array is allocated.
    func noUTurn(_ pMinus: [Double], _ pPlus: [Double], _ rho: [Double], plus extra: [Double]? = nil) -> Bool {
        var minus = 0.0, plus = 0.0
        for i in rho.indices {
            let r = extra == nil ? rho[i] : rho[i] + extra![i]
            minus += (pMinus[i] * inverseMass[i]) * r
            plus += (pPlus[i] * inverseMass[i]) * r
        }
        return minus > 0 && plus > 0
    }

    static func logSumExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        let m = max(a, b)
        return m + Elementary.log(Elementary.exp(a - m) + Elementary.exp(b - m))
    }

    /// The momenta at the two ends of a (sub)tree, and ρ, their sum along it.
    struct Ends {
        var pBegin: [Double], pEnd: [Double], rho: [Double]
    }

    /// Running totals of one transition.
    struct Totals {
        var leapfrogSteps = 0, acceptanceSum = 0.0, divergent = false
    }

    /// One NUTS transition from `current` (which it replaces by the draw).
    func transition(_ current: inout PhasePoint, stepSize eps: Double, maximumDepth: Int, using rng: inout Xoshiro256) -> NUTSTransition {
        drawMomentum(&current, using: &rng)
        let h0 = energy(current)
        var forward = current, backward = current
        var sample = current
        // The whole trajectory's ends: backward end (bb: its momentum; bf: the momentum next to it
        // inside) and forward end, as Stan keeps them.
        var pFwdFwd = current.momentum, pFwdBck = current.momentum, pBckFwd = current.momentum, pBckBck = current.momentum
        var rho = current.momentum
        var logSumWeight = 0.0
        var totals = Totals()
        var depth = 0
        while depth < maximumDepth {
            var rhoFwd = [Double](repeating: 0, count: rho.count), rhoBck = rhoFwd
            var logSumWeightSubtree = -Double.infinity
            var proposal = current
            let valid: Bool
            if rng.uniform() > 0.5 {
                var z = forward
                // The old trajectory becomes the backward part; its forward end borders the new subtree.
                rhoBck = rho; pBckFwd = pFwdFwd
                var ends = Ends(pBegin: [], pEnd: [], rho: rhoFwd)
                valid = build(&z, depth: depth, direction: 1, eps: eps, h0: h0, proposal: &proposal, ends: &ends,
                              logSumWeight: &logSumWeightSubtree, totals: &totals, using: &rng)
                (pFwdBck, pFwdFwd, rhoFwd) = (ends.pBegin, ends.pEnd, ends.rho)
                forward = z
            } else {
                var z = backward
                rhoFwd = rho; pFwdBck = pBckBck
                var ends = Ends(pBegin: [], pEnd: [], rho: rhoBck)
                valid = build(&z, depth: depth, direction: -1, eps: eps, h0: h0, proposal: &proposal, ends: &ends,
                              logSumWeight: &logSumWeightSubtree, totals: &totals, using: &rng)
                (pBckFwd, pBckBck, rhoBck) = (ends.pBegin, ends.pEnd, ends.rho)
                backward = z
            }
            guard valid else { break }
            depth += 1
            // Biased progressive sampling: move to the new subtree with probability min(1, w_new/w_old).
            if logSumWeightSubtree > logSumWeight || rng.uniform() < Elementary.exp(logSumWeightSubtree - logSumWeight) {
                sample = proposal
            }
            logSumWeight = Self.logSumExp(logSumWeight, logSumWeightSubtree)
            for i in rho.indices { rho[i] = rhoBck[i] + rhoFwd[i] }
            var persist = noUTurn(pBckBck, pFwdFwd, rho)
            persist = persist && noUTurn(pBckBck, pFwdBck, rhoBck, plus: pFwdBck)
            persist = persist && noUTurn(pBckFwd, pFwdFwd, rhoFwd, plus: pBckFwd)
            guard persist else { break }
        }
        current = sample
        return NUTSTransition(stepSize: eps, treeDepth: depth, leapfrogSteps: totals.leapfrogSteps,
                              acceptance: totals.leapfrogSteps == 0 ? 0 : totals.acceptanceSum / Double(totals.leapfrogSteps),
                              divergent: totals.divergent, energy: energy(current))
    }

    /// Builds a subtree of 2^depth leapfrog steps from `z` (which ends at its far end) in
    /// `direction`; `proposal` is its multinomial draw, `logSumWeight` accumulates ln Σ e^{H₀ − H}
    /// over it. Returns false if it diverged or turned back inside.
    func build(_ z: inout PhasePoint, depth: Int, direction: Double, eps: Double, h0: Double, proposal: inout PhasePoint,
               ends: inout Ends, logSumWeight: inout Double, totals: inout Totals, using rng: inout Xoshiro256) -> Bool {
        if depth == 0 {
            leapfrog(&z, direction * eps)
            totals.leapfrogSteps += 1
            var h = energy(z)
            if h.isNaN { h = .infinity }
            if h - h0 > threshold { totals.divergent = true }
            logSumWeight = Self.logSumExp(logSumWeight, h0 - h)
            totals.acceptanceSum += h0 - h > 0 ? 1 : Elementary.exp(h0 - h)
            proposal = z
            ends.pBegin = z.momentum; ends.pEnd = z.momentum
            for i in ends.rho.indices { ends.rho[i] += z.momentum[i] }
            return !totals.divergent
        }
        // The first half.
        var initial = Ends(pBegin: [], pEnd: [], rho: [Double](repeating: 0, count: z.position.count))
        var logSumWeightInitial = -Double.infinity
        guard build(&z, depth: depth - 1, direction: direction, eps: eps, h0: h0, proposal: &proposal, ends: &initial,
                    logSumWeight: &logSumWeightInitial, totals: &totals, using: &rng) else { return false }
        // The second half.
        var final = Ends(pBegin: [], pEnd: [], rho: [Double](repeating: 0, count: z.position.count))
        var proposalFinal = z
        var logSumWeightFinal = -Double.infinity
        guard build(&z, depth: depth - 1, direction: direction, eps: eps, h0: h0, proposal: &proposalFinal, ends: &final,
                    logSumWeight: &logSumWeightFinal, totals: &totals, using: &rng) else { return false }
        // Multinomial draw between the halves.
        let logSumWeightSubtree = Self.logSumExp(logSumWeightInitial, logSumWeightFinal)
        logSumWeight = Self.logSumExp(logSumWeight, logSumWeightSubtree)
        if logSumWeightFinal > logSumWeightSubtree || rng.uniform() < Elementary.exp(logSumWeightFinal - logSumWeightSubtree) {
            proposal = proposalFinal
        }
        // The U-turn between the halves (on each half's ρ), then ρ of the merged subtree.
        var persist = noUTurn(initial.pBegin, final.pBegin, initial.rho, plus: final.pBegin)
        persist = persist && noUTurn(initial.pEnd, final.pEnd, final.rho, plus: initial.pEnd)
        for i in initial.rho.indices { initial.rho[i] += final.rho[i] }   // now the merged subtree's ρ
        for i in ends.rho.indices { ends.rho[i] += initial.rho[i] }
        ends.pBegin = initial.pBegin
        ends.pEnd = final.pEnd
        // The U-turn across the merged subtree.
        return persist && noUTurn(initial.pBegin, final.pEnd, initial.rho)
    }
}
