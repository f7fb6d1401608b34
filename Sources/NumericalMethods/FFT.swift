import Foundation

/// In-place radix-2 Cooley–Tukey FFT (length a power of two); `inverse` uses e^{+2πi/n} and
/// does not divide by n.
public func fft(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
    let n = re.count
    var j = 0
    for i in 1..<n {
        var bit = n >> 1
        while j & bit != 0 { j ^= bit; bit >>= 1 }
        j |= bit
        if i < j { re.swapAt(i, j); im.swapAt(i, j) }
    }
    var len = 2
    while len <= n {
        let angle = (inverse ? 2 : -2) * Double.pi / Double(len)
        let (wr, wi) = (Elementary.cos(angle), Elementary.sin(angle))
        var start = 0
        while start < n {
            var (cr, ci) = (1.0, 0.0)
            for k in 0..<(len / 2) {
                let (a, b) = (start + k, start + k + len / 2)
                let tr = re[b] * cr - im[b] * ci, ti = re[b] * ci + im[b] * cr
                re[b] = re[a] - tr; im[b] = im[a] - ti
                re[a] += tr; im[a] += ti
                (cr, ci) = (cr * wr - ci * wi, cr * wi + ci * wr)
            }
            start += len
        }
        len <<= 1
    }
}
