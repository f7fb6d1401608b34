/// Something drawn on a ``Figure``.
public struct Series: Sendable {
    enum Kind: Sendable {
        case line(width: Double, dashed: Bool)
        case points(size: Double, shape: PointShape)
        case band(opacity: Double)
        case boxes(width: Double, opacity: Double)
        case image
    }

    let kind: Kind
    /// Rows of numbers, one per data point (columns depend on the kind).
    let rows: [[Double]]
    /// For an image: the grid extents (nx, ny); rows are then grid points, x fastest.
    let grid: (nx: Int, ny: Int)?
    let title: String?
    let color: Color?

    /// A polyline through (xᵢ, yᵢ). A NaN in y breaks the line.
    public static func line(x: [Double], y: [Double], title: String? = nil, color: Color? = nil,
                            width: Double = 2, dashed: Bool = false) -> Series {
        precondition(x.count == y.count, "line: \(x.count) x values, \(y.count) y values")
        return Series(kind: .line(width: width, dashed: dashed), rows: zip(x, y).map { [$0, $1] },
                      grid: nil, title: title, color: color)
    }

    /// Markers at (xᵢ, yᵢ).
    public static func points(x: [Double], y: [Double], title: String? = nil, color: Color? = nil,
                              size: Double = 0.8, shape: PointShape = .disc) -> Series {
        precondition(x.count == y.count, "points: \(x.count) x values, \(y.count) y values")
        return Series(kind: .points(size: size, shape: shape), rows: zip(x, y).map { [$0, $1] },
                      grid: nil, title: title, color: color)
    }

    /// The region between `lower` and `upper`, translucent, e.g. mean ± 2σ.
    public static func band(x: [Double], lower: [Double], upper: [Double], title: String? = nil,
                            color: Color? = nil, opacity: Double = 0.3) -> Series {
        precondition(x.count == lower.count && x.count == upper.count, "band: lengths differ")
        return Series(kind: .band(opacity: opacity), rows: (0..<x.count).map { [x[$0], lower[$0], upper[$0]] },
                      grid: nil, title: title, color: color)
    }

    /// Bars of height `heights` centred at `centers`.
    public static func bars(centers: [Double], heights: [Double], width: Double, title: String? = nil,
                            color: Color? = nil, opacity: Double = 0.5) -> Series {
        Series(kind: .boxes(width: width, opacity: opacity), rows: zip(centers, heights).map { [$0, $1] },
               grid: nil, title: title, color: color)
    }

    /// A histogram of `values` with `bins` equal bins over `range` (default: the data's range);
    /// with `density` the bar areas sum to one, so it compares with a probability density.
    public static func histogram(_ values: [Double], bins: Int, range: ClosedRange<Double>? = nil,
                                 density: Bool = true, title: String? = nil, color: Color? = nil) -> Series {
        precondition(bins > 0 && !values.isEmpty, "histogram: needs values and at least one bin")
        let r = range ?? (values.min()!...max(values.max()!, values.min()! + 1e-12))
        let width = (r.upperBound - r.lowerBound) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for v in values where r.contains(v) {
            counts[min(bins - 1, Int((v - r.lowerBound) / width))] += 1
        }
        let scale = density ? 1 / (Double(values.count) * width) : 1
        let centers = (0..<bins).map { r.lowerBound + (Double($0) + 0.5) * width }
        return bars(centers: centers, heights: counts.map { $0 * scale }, width: width, title: title, color: color)
    }

    /// A 2-D histogram of the points (xₖ, yₖ) as a heat map of densities on `bins` × `bins` cells
    /// (counts / (n · cell area), so it compares with a probability density).
    public static func histogram2D(x: [Double], y: [Double], bins: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                                   title: String? = nil) -> Series {
        precondition(x.count == y.count && bins > 0, "histogram2D: x and y differ in length, or no bins")
        let (wx, wy) = ((xRange.upperBound - xRange.lowerBound) / Double(bins), (yRange.upperBound - yRange.lowerBound) / Double(bins))
        var counts = [[Double]](repeating: [Double](repeating: 0, count: bins), count: bins)
        for (a, b) in zip(x, y) where xRange.contains(a) && yRange.contains(b) {
            counts[min(bins - 1, Int((b - yRange.lowerBound) / wy))][min(bins - 1, Int((a - xRange.lowerBound) / wx))] += 1
        }
        let scale = 1 / (Double(max(x.count, 1)) * wx * wy)
        return heatMap(x: (0..<bins).map { xRange.lowerBound + (Double($0) + 0.5) * wx },
                       y: (0..<bins).map { yRange.lowerBound + (Double($0) + 0.5) * wy },
                       values: counts.map { $0.map { $0 * scale } }, title: title)
    }

    /// A heat map of `values[j][i]` at (x[i], y[j]) on a regular grid.
    public static func heatMap(x: [Double], y: [Double], values: [[Double]], title: String? = nil) -> Series {
        precondition(values.count == y.count && values.allSatisfy { $0.count == x.count },
                     "heatMap: values must be y.count rows of x.count numbers")
        var rows = [[Double]]()
        rows.reserveCapacity(x.count * y.count)
        for j in 0..<y.count { for i in 0..<x.count { rows.append([x[i], y[j], values[j][i]]) } }
        return Series(kind: .image, rows: rows, grid: (nx: x.count, ny: y.count), title: title, color: nil)
    }

    /// Contour lines of `values[j][i]` at (x[i], y[j]) for each level (marching squares).
    public static func contours(x: [Double], y: [Double], values: [[Double]], levels: [Double],
                                title: String? = nil, color: Color? = nil, width: Double = 1.5) -> Series {
        let segments = contourSegments(x: x, y: y, values: values, levels: levels)
        var rows = [[Double]]()
        for s in segments {
            rows.append([s.0.x, s.0.y]); rows.append([s.1.x, s.1.y]); rows.append([.nan, .nan])
        }
        return Series(kind: .line(width: width, dashed: false), rows: rows, grid: nil, title: title, color: color)
    }
}

/// A colour as gnuplot understands it, e.g. `#0072B2`.
public struct Color: Sendable, Equatable {
    public let hex: String
    public init(hex: String) { self.hex = hex }

    // The Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
    public static let blue = Color(hex: "#0072B2")
    public static let orange = Color(hex: "#E69F00")
    public static let green = Color(hex: "#009E73")
    public static let vermillion = Color(hex: "#D55E00")
    public static let skyBlue = Color(hex: "#56B4E9")
    public static let purple = Color(hex: "#CC79A7")
    public static let yellow = Color(hex: "#F0E442")
    public static let black = Color(hex: "#000000")
    public static let gray = Color(hex: "#7F7F7F")

    /// The colours given to series without one, in order.
    public static let cycle: [Color] = [.blue, .vermillion, .green, .orange, .purple, .skyBlue, .black]
}

/// The marker drawn by ``Series/points(x:y:title:color:size:shape:)``.
public enum PointShape: Int, Sendable {
    // gnuplot's point types.
    case plus = 1, cross = 2, circle = 6, disc = 7, triangle = 9, diamond = 13
}
