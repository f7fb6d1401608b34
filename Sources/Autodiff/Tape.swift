/// The record of one differentiable computation: every intermediate value with the pullback
/// that maps the gradient of its output to gradients of its inputs.
///
/// A tape lives for one call of ``valueWithGradient(at:_:)``; nothing outlives it.
public final class Tape {
    /// One recorded value, what it was computed from, and how its gradient goes back.
    @usableFromInline struct Node {
        @usableFromInline var value: Tensor
        /// Its inputs: `parentIDs[parents]` (one flat array for the whole tape rather than an
        /// array per node, which cost an allocation per node).
        var parents: Range<Int>
        /// ḡ ↦ one gradient per input; nil for leaves, pieces and evaluation-only tapes.
        var pullback: ((Tensor) -> [Tensor])?
        /// For a contiguous piece of its single parent (a slice of θ), where it sits: its gradient
        /// is added straight into that range of the parent's gradient.
        var piece: Range<Int>?
    }
    @usableFromInline var nodes: [Node] = []
    var parentIDs: [Int] = []
    /// When `false`, pullbacks are not kept: evaluation only.
    public let recording: Bool

    public init(recording: Bool = true) {
        _ = keepFreedMemory
        self.recording = recording
        nodes.reserveCapacity(64); parentIDs.reserveCapacity(128)
    }

    /// Adds a node computed from `inputs`; `pullback(ḡ)` returns one gradient per input, each of
    /// its input's shape. This is how a primitive is defined: its value, and under it the map
    /// from the gradient of its output to the gradients of its inputs.
    @inline(__always)   // lets the caller's array literal of inputs live on the stack
    public func record(_ value: Tensor, inputs: [Variable], pullback: @escaping (Tensor) -> [Tensor]) -> Variable {
        let start = parentIDs.count
        if recording { for input in inputs { parentIDs.append(input.id) } }
        nodes.append(Node(value: value, parents: start..<parentIDs.count, pullback: recording ? pullback : nil, piece: nil))
        return Variable(tape: self, id: nodes.count - 1)
    }

    /// Adds a node that is the elements `range` of `input` (flattened), reshaped: its gradient
    /// is scattered into that range of the input's gradient, without a full-size temporary.
    func recordPiece(_ value: Tensor, of input: Variable, range: Range<Int>) -> Variable {
        let start = parentIDs.count
        if recording { parentIDs.append(input.id) }
        nodes.append(Node(value: value, parents: start..<parentIDs.count, pullback: nil, piece: recording ? range : nil))
        return Variable(tape: self, id: nodes.count - 1)
    }

    /// Adds a leaf: an input or a constant.
    public func leaf(_ value: Tensor) -> Variable {
        nodes.append(Node(value: value, parents: parentIDs.count..<parentIDs.count, pullback: nil, piece: nil))
        return Variable(tape: self, id: nodes.count - 1)
    }

    /// Reverse sweep from `output`: the gradient of `output` (a one-element tensor) with
    /// respect to the node `input`.
    func gradient(of output: Variable, withRespectTo input: Variable) -> Tensor {
        let result = nodes[output.id].value
        precondition(result.count == 1, "gradient: the function must return a scalar, got shape \(result.shape)")
        var adjoints = [Tensor?](repeating: nil, count: nodes.count)
        adjoints[output.id] = Tensor(repeating: 1, shape: result.shape)
        for node in stride(from: output.id, through: input.id + 1, by: -1) {
            guard let g = adjoints[node] else { continue }
            adjoints[node] = nil   // done with it: free the buffer early
            if let range = nodes[node].piece {
                let parent = parentIDs[nodes[node].parents.lowerBound]
                if adjoints[parent] == nil { adjoints[parent] = Tensor.zeros(nodes[parent].value.shape) }
                adjoints[parent]!.scalars.withUnsafeMutableBufferPointer { a in
                    g.scalars.withUnsafeBufferPointer { p in
                        guard !p.isEmpty else { return }
                        let target = a.baseAddress! + range.lowerBound   // a plain pointer loop vectorises
                        for k in 0..<p.count { target[k] += p[k] }
                    }
                }
                continue
            }
            guard let pullback = nodes[node].pullback else { continue }
            let grads = pullback(g)
            precondition(grads.count == nodes[node].parents.count, "a pullback returned \(grads.count) gradients for \(nodes[node].parents.count) inputs")
            for (parent, pg) in zip(parentIDs[nodes[node].parents], grads) {
                if adjoints[parent] == nil {
                    adjoints[parent] = pg
                } else {
                    adjoints[parent]!.add(pg)
                }
            }
        }
        return adjoints[input.id] ?? Tensor.zeros(nodes[input.id].value.shape)
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
    public var value: Tensor { tape.nodes[id].value }
    /// The shape of ``value``.
    public var shape: [Int] { tape.nodes[id].value.shape }

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
