/// The line segments where the interpolated surface z(x, y) crosses each level:
/// marching squares over the grid cells, with linear interpolation along cell edges.
func contourSegments(x: [Double], y: [Double], values z: [[Double]], levels: [Double])
    -> [((x: Double, y: Double), (x: Double, y: Double))] {
    var out = [((x: Double, y: Double), (x: Double, y: Double))]()
    guard x.count > 1, y.count > 1 else { return out }
    for level in levels {
        for j in 0..<(y.count - 1) {
            for i in 0..<(x.count - 1) {
                // Corners counter-clockwise from (i, j).
                let corners = [(x[i], y[j], z[j][i]), (x[i + 1], y[j], z[j][i + 1]),
                               (x[i + 1], y[j + 1], z[j + 1][i + 1]), (x[i], y[j + 1], z[j + 1][i])]
                var crossings = [(x: Double, y: Double)]()
                for e in 0..<4 {
                    let a = corners[e], b = corners[(e + 1) % 4]
                    if (a.2 < level) != (b.2 < level) {
                        let t = (level - a.2) / (b.2 - a.2)
                        crossings.append((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
                    }
                }
                if crossings.count == 2 {
                    out.append((crossings[0], crossings[1]))
                } else if crossings.count == 4 {
                    // Saddle: pair the crossings by the value at the cell centre.
                    let centre = (corners[0].2 + corners[1].2 + corners[2].2 + corners[3].2) / 4
                    if (centre < level) == (corners[0].2 < level) {
                        out.append((crossings[0], crossings[3])); out.append((crossings[1], crossings[2]))
                    } else {
                        out.append((crossings[0], crossings[1])); out.append((crossings[2], crossings[3]))
                    }
                }
            }
        }
    }
    return out
}
