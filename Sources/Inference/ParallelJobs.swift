import Probability

/// Runs `count` independent jobs concurrently (one task each, spread over all cores, at most
/// `maximumConcurrency` at a time if given) and returns their results in order of k. `finished`
/// hears how many jobs are done after each one ends (for a progress bar), on the calling task.
///
/// Job k draws from `Xoshiro256(seed: seed, stream: k)`, so the results are the same bits
/// whatever the number of cores or the order in which the jobs finish.
public func runInParallel<T: Sendable>(count: Int, seed: UInt64, maximumConcurrency: Int? = nil,
                                       finished: ((_ done: Int) -> Void)? = nil, isolation: isolated (any Actor)? = #isolation,
                                       _ body: @escaping @Sendable (_ job: Int, _ rng: inout Xoshiro256) throws -> T) async throws -> [T] {
    guard count > 0 else { throw SamplerError.invalidSetting("the number of parallel jobs must be positive, got \(count)") }
    let limit = max(1, min(maximumConcurrency ?? count, count))
    return try await withThrowingTaskGroup(of: (Int, T).self) { group in
        var results = [T?](repeating: nil, count: count)
        var next = 0
        func start() {
            let k = next
            group.addTask {
                var rng = Xoshiro256(seed: seed, stream: k)
                return (k, try body(k, &rng))
            }
            next += 1
        }
        while next < limit { start() }
        var done = 0
        for try await (k, result) in group {
            results[k] = result
            done += 1
            finished?(done)
            if next < count { start() }
        }
        return results.map { $0! }
    }
}

/// Runs `count` independent chains concurrently (see ``runInParallel(count:seed:maximumConcurrency:_:)``):
/// chain k draws from `Xoshiro256(seed: seed, stream: k)`.
public func runChains(count: Int, seed: UInt64,
                      _ body: @escaping @Sendable (_ chain: Int, _ rng: inout Xoshiro256) throws -> Chain) async throws -> [Chain] {
    guard count > 0 else { throw SamplerError.invalidSetting("the number of chains must be positive, got \(count)") }
    return try await runInParallel(count: count, seed: seed, body)
}
