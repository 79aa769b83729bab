/// Checks applied while reading `.npy` and `.npz` files.
public struct NumPyReadOptions: Sendable, Equatable {
    /// Whether NaN and ±∞ in `float32` / `float64` arrays are accepted. When `false`, the first
    /// one found is reported with its index as ``NumPyError/Problem/nonFiniteValue(index:value:)``.
    public var allowNonFinite: Bool
    /// Whether −∞ is accepted when ``allowNonFinite`` is `false` (−∞ rewards mark forbidden
    /// actions). Ignored when ``allowNonFinite`` is `true`.
    public var allowNegativeInfinity: Bool
    /// The largest number of data bytes one array (or one decompressed `.npz` member) may have;
    /// larger ones are refused with ``NumPyError/Problem/arrayTooLarge(byteCount:limit:)``
    /// before anything is allocated for them.
    public var maximumByteCount: Int

    /// Creates read options.
    /// - Parameters:
    ///   - allowNonFinite: Whether NaN and ±∞ are accepted (default `true`, as NumPy does).
    ///   - allowNegativeInfinity: Whether −∞ is accepted when `allowNonFinite` is `false`
    ///     (default `false`).
    ///   - maximumByteCount: The data-size limit per array in bytes (default: no limit).
    /// - Complexity: O(1).
    public init(allowNonFinite: Bool = true, allowNegativeInfinity: Bool = false, maximumByteCount: Int = .max) {
        self.allowNonFinite = allowNonFinite
        self.allowNegativeInfinity = allowNegativeInfinity
        self.maximumByteCount = maximumByteCount
    }
}
