import Autodiff
import Datasets
import Foundation
import NumericalMethods
import Inference
import NeuralNetworks
import Probability

extension ClassificationChapter {
    /// The digits with pixel counts scaled to [0, 1] (count / 16), or any table of `features`
    /// numeric inputs per row and class labels.
    public struct DigitImages: Sendable {
        public let pixels: [Double]
        public let labels: [Int]
        /// Inputs per row (64 for the digits).
        public let features: Int

        public init(pixels: [Double], labels: [Int], features: Int = 64) {
            precondition(pixels.count == labels.count * features, "DigitImages: \(pixels.count) inputs for \(labels.count) rows of \(features)")
            self.pixels = pixels
            self.labels = labels
            self.features = features
        }

        /// The shipped digits (``Digits/load()``), scaled.
        public static func load() throws -> DigitImages {
            let d = try Digits.load()
            return DigitImages(pixels: d.pixels.map { $0 / 16 }, labels: d.labels)
        }

        /// The rows `rows`, in that order.
        public func rows(_ rows: [Int]) -> DigitImages {
            DigitImages(pixels: rows.flatMap { pixels[(features * $0)..<(features * $0 + features)] }, labels: rows.map { labels[$0] }, features: features)
        }

        public var count: Int { labels.count }
        public var tensor: Tensor { Tensor(shape: [count, features], scalars: pixels) }

        /// Every image rotated by `degrees` counter-clockwise about its centre, by bilinear
        /// interpolation (pixels that come from outside the 8 × 8 frame are 0).
        public func rotated(by degrees: Double) -> DigitImages {
            precondition(features == 64, "rotated(by:): only 8 × 8 images rotate")
            return DigitImages(pixels: (0..<count).flatMap { rotate(Array(pixels[(64 * $0)..<(64 * $0 + 64)]), degrees: degrees) }, labels: labels)
        }
    }

    /// One 8 × 8 image (row-major, row 0 at the top) rotated by `degrees` counter-clockwise about its
    /// centre (3.5, 3.5): output pixel (r, c) takes the bilinear interpolation of the input at the point
    /// that the rotation carries to it; outside the frame the image is 0.
    public static func rotate(_ image: [Double], degrees: Double) -> [Double] {
        let a = degrees * Double.pi / 180
        let (cosA, sinA) = (Elementary.cos(a), Elementary.sin(a))
        func at(_ r: Int, _ c: Int) -> Double { (0..<8).contains(r) && (0..<8).contains(c) ? image[8 * r + c] : 0 }
        return (0..<64).map { k in
            // (x, y) with y up: x = c − 3.5, y = 3.5 − r; the source is the point rotated by −a.
            let (x, y) = (Double(k % 8) - 3.5, 3.5 - Double(k / 8))
            let (sx, sy) = (cosA * x + sinA * y, -sinA * x + cosA * y)
            let (sc, sr) = (sx + 3.5, 3.5 - sy)
            let (c0, r0) = (Int(Foundation.floor(sc)), Int(Foundation.floor(sr)))
            let (fc, fr) = (sc - Double(c0), sr - Double(r0))
            return (1 - fr) * ((1 - fc) * at(r0, c0) + fc * at(r0, c0 + 1)) + fr * ((1 - fc) * at(r0 + 1, c0) + fc * at(r0 + 1, c0 + 1))
        }
    }

    /// One method on the digits.
    public struct DigitsMethod: Sendable {
        public let name: String
        /// On the test split, before temperature scaling.
        public let test: Scores
        /// The temperature fitted on the validation split's NLL, and the test scores after it.
        public let temperature: Double
        public let calibrated: Scores
        /// The validation NLL before and after temperature scaling.
        public let validationNLL: (before: Double, after: Double)
        /// The reliability diagram on the test split (``Settings/bins`` equal-width bins).
        public let reliability: [ClassificationMetrics.Bin]
        /// The test scores on the test images rotated by each of ``Settings/angles``.
        public let shifted: [Scores]
        /// Trained on classes 0–4 only: AUROC of the total entropy and of the mutual information for
        /// telling the test images of classes 5–9 (unseen) from those of 0–4.
        public let aurocEntropy, aurocMutualInformation: Double
    }

    /// The digits experiment at one seed.
    public struct DigitsRun: Sendable {
        public let seed: UInt64
        /// Rows of the training, validation and test splits.
        public let sizes: (train: Int, validation: Int, test: Int)
        /// MAP (member 0 of the ensemble), deep ensemble, MC dropout, SWAG, last-layer Laplace.
        public let methods: [DigitsMethod]
    }

    /// The digits experiment: a stratified 60/20/20 split (stream 120); MAP, a deep ensemble and MC
    /// dropout on the ten classes, scored on the test split before and after temperature scaling
    /// (fitted on the validation split) and on rotated test images; then the same three methods
    /// trained on the classes 0–4 of the training split, their entropy and mutual information on
    /// the test split's classes 0–4 (in) and 5–9 (unseen).
    public static func digits(_ s: Settings, data: DigitImages) async throws -> DigitsRun {
        var splitRNG = Xoshiro256(seed: s.seed, stream: 120)
        let parts = stratifiedSplit(labels: data.labels, fractions: [0.6, 0.2, 0.2], using: &splitRNG)
        let (train, validation, test) = (data.rows(parts[0]), data.rows(parts[1]), data.rows(parts[2]))
        let known = data.rows(parts[0].filter { data.labels[$0] < 5 })
        async let all = fit(s, train: train, classes: 10, ensembleSeed: s.seed &+ 3000, dropoutStream: 121)
        async let partial = fit(s, train: known, classes: 5, ensembleSeed: s.seed &+ 4000, dropoutStream: 122)
        let (full, five) = try await (all, partial)
        var passRNG = Xoshiro256(seed: s.seed, stream: 123)
        var oodRNG = Xoshiro256(seed: s.seed, stream: 124)
        let shiftedSets = s.angles.map { test.rotated(by: $0) }
        let methods = full.names.indices.map { m -> DigitsMethod in
            let at = { (d: DigitImages) in full.logits(m, d.tensor, passes: s.passes, using: &passRNG) }
            let (v, t) = (at(validation), at(test))
            let k = 10
            let temperature = ClassificationMetrics.fitTemperature(logitDraws: v, classes: k, labels: validation.labels)
            let testMean = ClassPredictive(logits: t, classes: k).mean
            let calibratedMean = ClassPredictive(logits: t.map { $0.map { $0 / temperature } }, classes: k).mean
            let shifted = shiftedSets.map { d in Scores(ClassPredictive(logits: at(d), classes: k).mean, classes: k, labels: d.labels, bins: s.bins) }
            // Classes 0–4 only: unseen digits are the positives.
            let o = ClassPredictive(logits: five.logits(m, test.tensor, passes: s.passes, using: &oodRNG), classes: 5)
            let (h, mi) = (o.totalEntropy, o.mutualInformation)
            let (unseen, seen) = (test.labels.indices.filter { test.labels[$0] >= 5 }, test.labels.indices.filter { test.labels[$0] < 5 })
            return DigitsMethod(name: full.names[m], test: Scores(testMean, classes: k, labels: test.labels, bins: s.bins), temperature: temperature,
                                calibrated: Scores(calibratedMean, classes: k, labels: test.labels, bins: s.bins),
                                validationNLL: (ClassificationMetrics.validationNLL(logitDraws: v, classes: k, labels: validation.labels, temperature: 1),
                                                ClassificationMetrics.validationNLL(logitDraws: v, classes: k, labels: validation.labels, temperature: temperature)),
                                reliability: ClassificationMetrics.reliability(testMean, classes: k, labels: test.labels, bins: s.bins),
                                shifted: shifted,
                                aurocEntropy: ClassificationMetrics.areaUnderROC(positives: unseen.map { h[$0] }, negatives: seen.map { h[$0] }),
                                aurocMutualInformation: ClassificationMetrics.areaUnderROC(positives: unseen.map { mi[$0] }, negatives: seen.map { mi[$0] }))
        }
        return DigitsRun(seed: s.seed, sizes: (train.count, validation.count, test.count), methods: methods)
    }

    /// The trained digits classifiers of one experiment: the ensemble's members (member 0 is MAP)
    /// and the MC-dropout network.
    struct TrainedDigits: Sendable {
        let network: MLP
        let members: [[Double]]
        let dropout: DropoutNetwork
        let dropoutθ: [Double]
        let swag: [[Double]]
        let laplace: [[Double]]
        /// Wall seconds of each method's training (MAP: member 0; the ensemble: its members summed;
        /// SWAG and Laplace: MAP's plus their own), for `--csv`'s report.
        let seconds: [Double]
        static let names = ["MAP", "deep ensemble", "MC dropout", "SWAG", "last-layer Laplace"]
        var names: [String] { Self.names }

        /// The logits of method m (0 MAP, 1 ensemble, 2 MC dropout, 3 SWAG, 4 last-layer Laplace) at the rows of x.
        func logits(_ m: Int, _ x: Tensor, passes: Int, using rng: inout Xoshiro256) -> [[Double]] {
            let forward = { (θ: [Double]) in network.forward(x.scalars, count: x.shape[0], parameters: θ) }
            switch m {
            case 0: return [forward(members[0])]
            case 1: return members.map(forward)
            case 2: return dropout.passes(dropoutθ, at: x, count: passes, using: &rng)
            case 3: return swag.map(forward)
            default: return laplace.map(forward)
            }
        }
    }

    static func fit(_ s: Settings, train: DigitImages, classes: Int, ensembleSeed: UInt64, dropoutStream: Int) async throws -> TrainedDigits {
        let network = s.classifierNetwork(inputs: train.features, classes: classes)
        let clock: @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
        let x = train.tensor
        let dropout = try DropoutNetwork(network: network, rate: s.dropoutRate)
        async let dropoutJob = runInParallel(count: 1, seed: s.seed) { _, _ in
            let start = clock()
            var rng = Xoshiro256(seed: s.seed, stream: dropoutStream)
            let lambda = try DropoutNetwork.weightDecay(lengthScale: 1 / s.digitsTraining.priorVariance.squareRoot(), rate: s.dropoutRate,
                                                        dataCount: train.count, noisePrecision: 1)
            let θ = try dropout.trainClassifier(from: network.initialParameters(using: &rng).scalars, inputs: x, labels: train.labels,
                                                steps: s.digitsTraining.steps, learningRate: s.digitsTraining.learningRate, weightDecay: lambda,
                                                batchSize: s.digitsTraining.batchSize, using: &rng)
            return (θ, clock() - start)
        }
        // The ensemble as trainClassifierEnsemble trains it (member k from stream k of its seed), timed per member.
        let timedMembers = try await runInParallel(count: s.members, seed: ensembleSeed) { _, rng in
            let start = clock()
            let θ0 = network.initialParameters(using: &rng).scalars
            return (try s.digitsTraining.train(network, from: θ0, inputs: x, labels: train.labels, using: &rng), clock() - start)
        }
        let members = timedMembers.map(\.0)
        let posterior = BayesianMLPClassifier(network: network, inputs: train.pixels, labels: train.labels, priorVariance: s.digitsTraining.priorVariance)
        var swagRNG = Xoshiro256(seed: s.seed, stream: dropoutStream + 10)
        let swagStart = clock()
        let swag = try SWAG.classifierDraws(posterior, from: members[0], rank: s.swagRank, iterates: s.swagIterates, interval: s.swagInterval,
                                            learningRate: s.digitsSwagLearningRate, batchSize: s.digitsTraining.batchSize ?? train.count, draws: s.swagDraws,
                                            using: &swagRNG)
        let swagSeconds = clock() - swagStart
        var laplaceRNG = Xoshiro256(seed: s.seed, stream: dropoutStream + 20)
        let laplaceStart = clock()
        let laplace = try LastLayerLaplaceClassifier(network: network, map: members[0], inputs: train.pixels, labels: train.labels,
                                                     priorVariance: s.digitsTraining.priorVariance).sample(count: s.laplaceDraws, using: &laplaceRNG)
        let laplaceSeconds = clock() - laplaceStart
        let (dropoutθ, dropoutSeconds) = try await dropoutJob[0]
        let mapSeconds = timedMembers[0].1
        return TrainedDigits(network: network, members: members, dropout: dropout, dropoutθ: dropoutθ, swag: swag, laplace: laplace,
                             seconds: [mapSeconds, timedMembers.reduce(0) { $0 + $1.1 }, dropoutSeconds, mapSeconds + swagSeconds, mapSeconds + laplaceSeconds])
    }

    /// The digits experiment at every seed of the sweep; `first` is the chapter's own seed's run.
    public static func digitsSweep(_ s: Settings, data: DigitImages, first: DigitsRun? = nil, finished: ((Int) -> Void)? = nil) async throws -> [DigitsRun] {
        try await s.sweep(first: first, finished: finished) { try await digits($0, data: data) }
    }
}
