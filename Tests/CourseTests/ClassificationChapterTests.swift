import Course
import Datasets
import Foundation
import Probability
import Testing

@Test("rotate: 0° is the identity, 90° four times is the identity, and 90° moves the top-left pixel to the bottom-left")
func rotationOfDigits() {
    var rng = Xoshiro256(seed: 21)
    let image = (0..<64).map { _ in rng.uniform() }
    #expect(zip(ClassificationChapter.rotate(image, degrees: 0), image).allSatisfy { abs($0 - $1) < 1e-12 })
    var r = image
    for _ in 0..<4 { r = ClassificationChapter.rotate(r, degrees: 90) }
    #expect(zip(r, image).allSatisfy { abs($0 - $1) < 1e-9 })
    // Counter-clockwise by 90°: pixel (row 0, column 0) goes to (row 7, column 0).
    var corner = [Double](repeating: 0, count: 64)
    corner[0] = 1
    let turned = ClassificationChapter.rotate(corner, degrees: 90)
    #expect(abs(turned[56] - 1) < 1e-9 && abs(turned.reduce(0, +) - 1) < 1e-9)
}

@Test("stratifiedSplit: the parts partition the rows, and each class is cut 60/20/20 to within one row")
func stratifiedSplitPartitions() {
    var rng = Xoshiro256(seed: 22)
    let labels = (0..<503).map { $0 % 7 == 0 ? 2 : $0 % 3 }
    let parts = ClassificationChapter.stratifiedSplit(labels: labels, fractions: [0.6, 0.2, 0.2], using: &rng)
    #expect(parts.flatMap { $0 }.sorted() == Array(0..<503))
    for c in Set(labels) {
        let total = labels.filter { $0 == c }.count
        for (part, f) in zip(parts, [0.6, 0.2, 0.2]) {
            #expect(abs(Double(part.filter { labels[$0] == c }.count) - f * Double(total)) <= 1.0)
        }
    }
}

@Test("TwoMoons: the same seed gives the same points; classes alternate; the points sit around the origin")
func twoMoonsSample() {
    var a = Xoshiro256(seed: 23), b = Xoshiro256(seed: 23)
    let (p, q) = (TwoMoons.sample(count: 400, noise: 0.1, using: &a), TwoMoons.sample(count: 400, noise: 0.1, using: &b))
    #expect(p.inputs == q.inputs && p.labels == q.labels)
    #expect(p.labels == (0..<400).map { $0 % 2 })
    let meanX = stride(from: 0, to: 800, by: 2).reduce(0.0) { $0 + p.inputs[$1] } / 400
    let meanY = stride(from: 1, to: 800, by: 2).reduce(0.0) { $0 + p.inputs[$1] } / 400
    #expect(abs(meanX) < 0.1 && abs(meanY) < 0.1, "\(meanX), \(meanY)")
}
