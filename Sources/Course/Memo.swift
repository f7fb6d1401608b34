/// Values computed once per process and shared: a deterministic computation keyed by everything
/// it depends on, kept as the task that computes it, so that a second caller asking while the
/// first computes waits for the same result instead of computing it again. Safe from any number
/// of tasks (an actor).
actor Memo<Key: Hashable & Sendable, Value: Sendable> {
    private var tasks: [Key: Task<Value, Error>] = [:]

    /// The task computing the value for `key`: the one already started, or `compute` started now.
    func task(for key: Key, _ compute: @escaping @Sendable () async throws -> Value) -> Task<Value, Error> {
        if let task = tasks[key] { return task }
        let task = Task { try await compute() }
        tasks[key] = task
        return task
    }
}
