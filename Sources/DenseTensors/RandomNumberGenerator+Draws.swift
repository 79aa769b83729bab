import RealModule

/// The library's fixed rules for turning 64-bit outputs into numbers, shared by every package
/// module that draws from a caller's generator (the environments, demonstrations and DAgger in
/// `IRL`, the test support and the benchmarks). Unlike the standard library's
/// `random(in:using:)`, whose algorithm is not specified, these give the same numbers for the
/// same outputs on every platform and Swift version.
extension RandomNumberGenerator {
    /// A uniform draw from `[0, 1)` with 53 random bits: `(next() >> 11) · 2⁻⁵³`.
    package mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject method, unbiased);
    /// `0` when `bound ≤ 1`.
    package mutating func nextIndex(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let n = UInt64(bound)
        let threshold = (0 &- n) % n
        while true {
            let (high, low) = next().multipliedFullWidth(by: n)
            if low >= threshold { return Int(high) }
        }
    }

    /// A draw from `Exponential(1)` = `Gamma(1, 1)`: `−log(1 − U)` with `U` from
    /// ``nextUnitInterval()`` (so never `log 0`).
    package mutating func nextStandardExponential() -> Double {
        -Double.log(1 - nextUnitInterval())
    }
}
