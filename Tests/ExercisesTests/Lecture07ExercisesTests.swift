import Foundation
import Testing
import Exercises
import Inference
import Probability

@Test("Exercise 7.1: inverted dropout drops where the uniform is below p, rescales the rest, and is unbiased")
func exercise7_1() throws {
    #expect(try exercise7_1_invertedDropout([1, 2, 3], rate: 0.5, uniforms: [0.2, 0.7, 0.5]) == [0, 4, 6])
    var rng = Xoshiro256(seed: 77)
    let x = [Double](repeating: 1.5, count: 100_000)
    let out = try exercise7_1_invertedDropout(x, rate: 0.3, uniforms: x.map { _ in rng.uniform() })
    let se = (variance(out) / Double(out.count)).squareRoot()
    #expect(abs(mean(out) - 1.5) < 4 * se)
}

@Test("Exercise 7.2: the weight decay equals the library's on a worked example")
func exercise7_2() throws {
    #expect(abs(try exercise7_2_weightDecay(lengthScale: 2, rate: 0.1, dataCount: 100, precision: 4) - 0.0045) < 1e-15)
    #expect(abs(try exercise7_2_weightDecay(lengthScale: 0.5, rate: 0.25, dataCount: 40, precision: 400)
                - (try DropoutNetwork.weightDecay(lengthScale: 0.5, rate: 0.25, dataCount: 40, noisePrecision: 400))) < 1e-18)
}

@Test("Exercise 7.3: Molchanov's −KL equals the library's and tends to 0 as α grows")
func exercise7_3() throws {
    for logAlpha in stride(from: -8.0, through: 8.0, by: 0.5) {
        #expect(abs(try exercise7_3_molchanovNegativeKL(logAlpha: logAlpha) - VariationalDropoutKL.molchanov(logAlpha: logAlpha)) < 1e-12)
    }
    #expect(abs(try exercise7_3_molchanovNegativeKL(logAlpha: 20)) < 1e-3)
}
