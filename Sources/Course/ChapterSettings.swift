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
