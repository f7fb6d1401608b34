/// What every chapter's `Settings` offers: the chapter's standard run and the quick run of the
/// same code (`--quick`, the tests), each for any seed. A seed sweep calls the chapter's
/// experiment functions with `.standard(seed: k)`.
public protocol ChapterSettings: Sendable, Equatable {
    /// The settings the woven chapter ran with.
    static func standard(seed: UInt64) -> Self
    /// A small, fast run of the same code path.
    static func quick(seed: UInt64) -> Self
}

extension ChapterSettings {
    /// ``quick(seed:)`` or ``standard(seed:)``.
    public static func settings(quick: Bool, seed: UInt64) -> Self {
        quick ? .quick(seed: seed) : .standard(seed: seed)
    }
}

extension ChapterSettings {
    /// These settings with the value at `path` replaced by `value` when there is one: an option the
    /// user gave (`.with(\.rank, options.rank)`), or a quick run's smaller number.
    public func with<Value>(_ path: WritableKeyPath<Self, Value>, _ value: Value?) -> Self {
        guard let value else { return self }
        var changed = self
        changed[keyPath: path] = value
        return changed
    }
}

/// Settings of a chapter that repeats its experiments over seeds (its comparative sentences stand
/// on mean ± SE over them).
public protocol SeedSweeping: ChapterSettings {
    var seed: UInt64 { get set }
    /// How many seeds the sweep runs.
    var sweepSeeds: Int { get }
}

extension SeedSweeping {
    /// The sweep's seeds: the chapter's own, then the next ones, `sweepSeeds` in all.
    public var sweptSeeds: [UInt64] { (0..<UInt64(sweepSeeds)).map { seed &+ $0 } }

    /// `body` with these settings at every seed of ``sweptSeeds``, in order; `first`, when given,
    /// is the result for the chapter's own seed (already run) and is not run again; `finished`
    /// hears how many seeds are done after each.
    public func sweep<Result>(first: Result? = nil, finished: ((Int) -> Void)? = nil,
                              _ body: (Self) async throws -> Result) async rethrows -> [Result] {
        var results = [Result]()
        for (k, s) in sweptSeeds.enumerated() {
            if k == 0, let first { results.append(first) } else { results.append(try await body(with(\.seed, s))) }
            finished?(k + 1)
        }
        return results
    }
}
