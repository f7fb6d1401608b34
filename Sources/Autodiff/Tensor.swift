/// A dense tensor of `Double`s in row-major order: plain data, a value type, `Sendable`.
///
/// The course needs ranks 0 (a scalar, shape `[]`), 1 (a vector, shape `[n]`) and 2 (a matrix,
/// shape `[rows, columns]`). A tensor stores no gradient and refers to no global state, so
/// ensemble members and chains can live in parallel; differentiation happens on a ``Variable``.
public struct Tensor: Sendable, Equatable, CustomStringConvertible {
    /// The extent along each axis; `[]` for a scalar.
    public var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Double]

    /// A tensor of the given shape holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
        precondition(shape.reduce(1, *) == scalars.count,
                     "Tensor: shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A vector (rank 1) holding `scalars`.
    public init(_ scalars: [Double]) { self.init(shape: [scalars.count], scalars: scalars) }

    /// A scalar (rank 0).
    public init(_ scalar: Double) { self.init(shape: [], scalars: [scalar]) }

    /// A matrix from its rows; all rows must have the same length.
    public init(rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "Tensor(rows:): ragged rows")
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// A tensor of the given shape with every element equal to `value`.
    public init(repeating value: Double, shape: [Int]) {
        self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// The n×n identity matrix.
    public static func identity(_ n: Int) -> Tensor {
        var t = Tensor.zeros([n, n])
        for i in 0..<n { t.scalars[i * n + i] = 1 }
        return t
    }

    /// A column vector (shape `[n, 1]`) holding `values`.
    public static func column(_ values: [Double]) -> Tensor { Tensor(shape: [values.count, 1], scalars: values) }

    /// Number of elements.
    public var count: Int { scalars.count }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// The only element of a one-element tensor.
    public var scalar: Double {
        precondition(scalars.count == 1, "Tensor.scalar: tensor of shape \(shape) has \(scalars.count) elements")
        return scalars[0]
    }

    /// The element at row `i`, column `j` of a matrix.
    public subscript(i: Int, j: Int) -> Double {
        get { scalars[i * shape[1] + j] }
        set { scalars[i * shape[1] + j] = newValue }
    }

    /// Row `i` of a matrix as an array.
    public func row(_ i: Int) -> [Double] {
        let c = shape[1]
        return Array(scalars[(i * c)..<((i + 1) * c)])
    }

    /// Column `j` of a matrix as an array.
    public func column(_ j: Int) -> [Double] {
        let (r, c) = (shape[0], shape[1])
        return (0..<r).map { scalars[$0 * c + j] }
    }

    /// Adds `other` (of the same shape) into this tensor, in place.
    public mutating func add(_ other: Tensor) {
        precondition(other.count == count, "add: shapes \(shape) and \(other.shape) differ")
        scalars.withUnsafeMutableBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                for i in 0..<a.count { a[i] += b[i] }
            }
        }
    }

    /// The same scalars under another shape with the same number of elements.
    public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, scalars: scalars) }

    /// The rows `indices` of a matrix (or elements of a vector), in that order.
    public func gathering(rows indices: [Int]) -> Tensor {
        let width = rank == 1 ? 1 : shape[1]
        var out = [Double]()
        out.reserveCapacity(indices.count * width)
        for i in indices { out.append(contentsOf: scalars[(i * width)..<((i + 1) * width)]) }
        return Tensor(shape: rank == 1 ? [indices.count] : [indices.count, width], scalars: out)
    }

    public var description: String { "Tensor(shape: \(shape), scalars: \(scalars))" }
}

extension Tensor {
    /// The shape viewed as a matrix: a scalar is 1×1, a vector of n is a 1×n row.
    @usableFromInline
    var matrixExtents: (rows: Int, columns: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (1, shape[0])
        default: return (shape[0], shape[1])
        }
    }
}
