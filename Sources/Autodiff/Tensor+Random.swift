import Probability

extension Tensor {
    /// A tensor of independent N(`mean`, `standardDeviation`²) draws.
    public static func normal<G: RandomNumberGenerator>(
        _ shape: [Int], mean: Double = 0, standardDeviation: Double = 1, using rng: inout G
    ) -> Tensor {
        Tensor(shape: shape, scalars: rng.normals(shape.reduce(1, *)).map { mean + standardDeviation * $0 })
    }

    /// A tensor of independent U(`low`, `high`) draws.
    public static func uniform<G: RandomNumberGenerator>(
        _ shape: [Int], low: Double, high: Double, using rng: inout G
    ) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in rng.uniform(low, high) })
    }
}
