import Probability

/// Runs `count` independent chains concurrently (one task each, spread over all cores).
///
/// Chain k draws from `Xoshiro256(seed: seed, stream: k)` and the results come back in order
/// of k, so the output is the same whatever the number of cores.
public func runChains(count: Int, seed: UInt64,
                      _ body: @escaping @Sendable (_ chain: Int, _ rng: inout Xoshiro256) throws -> Chain) async throws -> [Chain] {
    guard count > 0 else { throw SamplerError.invalidSetting("the number of chains must be positive, got \(count)") }
    return try await withThrowingTaskGroup(of: (Int, Chain).self) { group in
        for k in 0..<count {
            group.addTask {
                var rng = Xoshiro256(seed: seed, stream: k)
                return (k, try body(k, &rng))
            }
        }
        var chains = [Chain?](repeating: nil, count: count)
        for try await (k, chain) in group { chains[k] = chain }
        return chains.map { $0! }
    }
}
