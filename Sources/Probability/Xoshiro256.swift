/// The xoshiro256** generator of Blackman & Vigna (2018), seeded through SplitMix64.
///
/// Every random draw in the course comes from a value of this type that is created from an
/// explicit seed and passed in `inout`; there is no global generator. Independent streams for
/// parallel chains or ensemble members come from ``init(seed:stream:)``, so results do not
/// depend on how many cores run them.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// A generator whose 256-bit state is filled by SplitMix64 from `seed`.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    /// Stream `stream` of the family `seed`: a generator for the `stream`-th chain or member.
    ///
    /// Streams are seeded by hashing `(seed, stream)` through SplitMix64; distinct streams are
    /// statistically independent for all practical purposes.
    public init(seed: UInt64, stream: Int) {
        var sm = SplitMix64(seed: seed ^ (0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: stream &+ 1)))
        _ = sm.next()
        self.init(seed: sm.next())
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    // Inlinable like `next()`: an opaque call per rotation cost other modules 3% of lecture 12's time.
    @inlinable
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny generator used to seed ``Xoshiro256``.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
