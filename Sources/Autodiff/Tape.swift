/// The record of one differentiable computation: every intermediate value with the pullback
/// that maps the gradient of its output to gradients of its inputs.
///
/// A tape lives for one call of ``valueWithGradient(at:_:)``; nothing outlives it.
public final class Tape {
    @usableFromInline var values: [Tensor] = []
    /// The inputs of every node, end to end; node i's are `parentIDs[parentRanges[i]]` (one flat
    /// array rather than an array per node, which cost an allocation per node).
    @usableFromInline var parentIDs: [Int] = []
    @usableFromInline var parentRanges: [Range<Int>] = []
    @usableFromInline var pullbacks: [((Tensor) -> [Tensor])?] = []
    /// For a node that is a contiguous piece of its single parent (a slice of θ), where it sits:
    /// its gradient is added straight into that range of the parent's gradient.
    @usableFromInline var pieces: [Range<Int>?] = []
    /// When `false`, pullbacks are not kept: evaluation only.
    public let recording: Bool

    public init(recording: Bool = true) {
        _ = keepFreedMemory
        self.recording = recording
        values.reserveCapacity(64); parentIDs.reserveCapacity(128); parentRanges.reserveCapacity(64)
        pullbacks.reserveCapacity(64); pieces.reserveCapacity(64)
    }

    /// Adds a node computed from `inputs`; `pullback(ḡ)` returns one gradient per input.
    func record(_ value: Tensor, inputs: [Variable], pullback: @escaping (Tensor) -> [Tensor]) -> Variable {
        values.append(value)
        pieces.append(nil)
        let start = parentIDs.count
        if recording {
            for input in inputs { parentIDs.append(input.id) }
            pullbacks.append(pullback)
        } else {
            pullbacks.append(nil)
        }
        parentRanges.append(start..<parentIDs.count)
        return Variable(tape: self, id: values.count - 1)
    }

    /// Adds a node that is the elements `range` of `input` (flattened), reshaped: its gradient
    /// is scattered into that range of the input's gradient, without a full-size temporary.
    func recordPiece(_ value: Tensor, of input: Variable, range: Range<Int>) -> Variable {
        values.append(value)
        let start = parentIDs.count
        if recording { parentIDs.append(input.id) }
        parentRanges.append(start..<parentIDs.count)
        pullbacks.append(nil)
        pieces.append(recording ? range : nil)
        return Variable(tape: self, id: values.count - 1)
    }

    /// Adds a leaf: an input or a constant.
    public func leaf(_ value: Tensor) -> Variable {
        values.append(value)
        parentRanges.append(parentIDs.count..<parentIDs.count)
        pullbacks.append(nil)
        pieces.append(nil)
        return Variable(tape: self, id: values.count - 1)
    }

    /// Reverse sweep from `output`: the gradient of `output` (a one-element tensor) with
    /// respect to the node `input`.
    func gradient(of output: Variable, withRespectTo input: Variable) -> Tensor {
        precondition(values[output.id].count == 1,
                     "gradient: the function must return a scalar, got shape \(values[output.id].shape)")
        var adjoints = [Tensor?](repeating: nil, count: values.count)
        adjoints[output.id] = Tensor(repeating: 1, shape: values[output.id].shape)
        for node in stride(from: output.id, through: input.id + 1, by: -1) {
            guard let g = adjoints[node] else { continue }
            adjoints[node] = nil   // done with it: free the buffer early
            if let range = pieces[node] {
                let parent = parentIDs[parentRanges[node].lowerBound]
                if adjoints[parent] == nil { adjoints[parent] = Tensor.zeros(values[parent].shape) }
                adjoints[parent]!.scalars.withUnsafeMutableBufferPointer { a in
                    g.scalars.withUnsafeBufferPointer { p in
                        guard !p.isEmpty else { return }
                        let target = a.baseAddress! + range.lowerBound   // a plain pointer loop vectorises
                        for k in 0..<p.count { target[k] += p[k] }
                    }
                }
                continue
            }
            guard let pullback = pullbacks[node] else { continue }
            let grads = pullback(g)
            for (parent, pg) in zip(parentIDs[parentRanges[node]], grads) {
                if adjoints[parent] == nil {
                    adjoints[parent] = pg
                } else {
                    adjoints[parent]!.add(pg)
                }
            }
        }
        return adjoints[input.id] ?? Tensor.zeros(values[input.id].shape)
    }
}

#if canImport(Glibc)
import CMalloc
/// glibc hands blocks above 128 KiB back to the kernel when they are freed and trims the top of
/// the heap; a training step that frees and reallocates the same megabyte-sized tensors then pays
/// a page fault and a page clear per 4 KiB, every step. Keep freed memory for reuse instead.
private let keepFreedMemory: Void = {
    _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)   // glibc's largest allowed value
    _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
}()
#else
private let keepFreedMemory: Void = ()
#endif

/// A tensor-valued node on a ``Tape``: what a differentiable function receives and returns.
public struct Variable {
    public let tape: Tape
    public let id: Int

    /// The value computed at this node.
    public var value: Tensor { tape.values[id] }
    /// The shape of ``value``.
    public var shape: [Int] { tape.values[id].shape }

    /// A constant on the same tape as `self` (no gradient flows into it).
    public func constant(_ t: Tensor) -> Variable { tape.leaf(t) }
}

/// The value of `f` at `x` and its gradient ∇f(x), by reverse-mode differentiation.
///
/// `f` must return a scalar (a one-element tensor). The tape is built during the call and
/// discarded after it:
///
/// ```swift
/// let (loss, g) = valueWithGradient(at: θ) { θ in (θ * θ).sum() }   // g = 2θ
/// ```
public func valueWithGradient(at x: Tensor, _ f: (Variable) -> Variable) -> (value: Double, gradient: Tensor) {
    let tape = Tape()
    let input = tape.leaf(x)
    let output = f(input)
    return (output.value.scalar, tape.gradient(of: output, withRespectTo: input))
}

/// The gradient ∇f(x) of a scalar function.
public func gradient(at x: Tensor, _ f: (Variable) -> Variable) -> Tensor {
    valueWithGradient(at: x, f).gradient
}

/// The value f(x) without recording pullbacks: for predictions with fixed parameters.
public func evaluate(at x: Tensor, _ f: (Variable) -> Variable) -> Tensor {
    let tape = Tape(recording: false)
    return f(tape.leaf(x)).value
}
