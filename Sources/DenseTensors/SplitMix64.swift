/// A seeded, repeatable pseudo-random number generator: SplitMix64 (Steele, Lea & Flood, 2014).
///
/// Every random choice in the library (sampled demonstrations, random environments, DAgger
/// rollouts) draws from a generator passed in by the caller, and converts its 64-bit outputs to
/// numbers with the library's own fixed rules (53-bit uniform doubles, Lemire's unbiased bounded integers), never
/// with the standard library's `random(in:using:)`, whose algorithm is not specified. So a fixed
/// seed gives bit-identical results on every platform and Swift version.
///
/// Not cryptographically secure.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's whole state: the seed advanced by one Weyl increment per output.
    public private(set) var state: UInt64

    /// - Parameter seed: any 64-bit value; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits: `state += 0x9E3779B97F4A7C15`, then the variant-13 finaliser
    /// of MurmurHash3 applied to `state`.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
