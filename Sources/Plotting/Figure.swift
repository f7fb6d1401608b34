/// One set of axes: what is drawn (``Series``) and how the axes are labelled.
///
/// ```swift
/// var fig = Figure(title: "Posterior predictive", xLabel: "x", yLabel: "y")
/// fig.add(.band(x: xs, lower: lo, upper: hi, title: "mean ± 2σ"))
/// fig.add(.line(x: xs, y: mean, title: "mean"))
/// fig.add(.points(x: xTrain, y: yTrain, title: "data"))
/// ```
public struct Figure: Sendable {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var logX = false
    public var logY = false
    public var legend: Legend = .topLeft
    /// Draws x and y on the same scale (for weight-space pictures).
    public var equalAxes = false
    /// Label of the colour bar of a heat map; `nil` hides the colour bar.
    public var colorBarLabel: String?
    /// The values the colours of a heat map span (nil: the data's range), so that panels compare.
    public var colorRange: ClosedRange<Double>?
    public private(set) var series: [Series] = []
    public private(set) var verticalLines: [(x: Double, label: String?)] = []

    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel
        self.xRange = xRange; self.yRange = yRange
    }

    /// Adds a series; series are drawn in the order added (later ones on top).
    public mutating func add(_ s: Series) { series.append(s) }

    /// Marks x = `x` with a dashed vertical line and an optional label.
    public mutating func markVertical(at x: Double, label: String? = nil) {
        verticalLines.append((x, label))
    }
}

/// Where the legend goes.
public enum Legend: Sendable {
    case topLeft, topRight, bottomLeft, bottomRight, below, hidden
}

/// A grid of figures drawn as one picture (gnuplot's multiplot).
public struct Panels: Sendable {
    public var title: String?
    public var rows: Int
    public var columns: Int
    public var figures: [Figure]
    /// Pixel size of the whole picture.
    public var width: Int
    public var height: Int

    /// `figures` fill the grid row by row.
    public init(_ figures: [Figure], rows: Int, columns: Int, title: String? = nil,
                width: Int? = nil, height: Int? = nil) {
        precondition(rows > 0 && columns > 0 && figures.count <= rows * columns,
                     "Panels: \(figures.count) figures do not fit a \(rows)×\(columns) grid")
        self.figures = figures; self.rows = rows; self.columns = columns; self.title = title
        self.width = width ?? max(800, 420 * columns)
        self.height = height ?? max(500, 320 * rows + (title == nil ? 0 : 30))
    }

    /// A single figure.
    public init(_ figure: Figure, width: Int = 800, height: Int = 500) {
        self.init([figure], rows: 1, columns: 1, width: width, height: height)
    }
}
