public import DenseTensors

extension NumPyArray {
    /// The array as a tensor of `Float` or `Double`, with the same shape.
    ///
    /// Conversion rules:
    /// - `float32` and `float64` always convert; `float64` → `Float` rounds to nearest, and a
    ///   finite value beyond `Float`'s range throws rather than becoming ±∞. NaN and ±∞ carry over.
    /// - `int32`, `int64` and `bool` convert only when `convertingIntegers` is `true`; each
    ///   integer must be exactly representable (|v| ≤ 2²⁴ for `Float`, 2⁵³ for `Double`, or another
    ///   exactly representable value); `false`/`true` become 0/1.
    /// - Parameters:
    ///   - type: `Float.self` or `Double.self`.
    ///   - convertingIntegers: Whether integer and boolean arrays are accepted.
    /// - Returns: The tensor.
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/dtypeMismatch(expected:actual:)`` for an
    ///   integer or boolean array when `convertingIntegers` is `false`, and
    ///   ``NumPyError/Problem/valueNotRepresentable(index:value:target:)`` for a value that does
    ///   not convert.
    /// - Complexity: O(n) in the number of elements.
    public func tensor<Scalar: BLASScalar>(
        of type: Scalar.Type = Scalar.self, convertingIntegers: Bool = false
    ) throws(NumPyError) -> Tensor<Scalar> {
        try tensor(of: type, convertingIntegers: convertingIntegers, file: nil)
    }

    /// The elements of an `int32` or `int64` array as `Int`, flattened in row-major order (check
    /// ``shape`` for the layout). Values are not range-checked here: the caller knows the valid
    /// state and action ranges.
    /// - Returns: The indices.
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/dtypeMismatch(expected:actual:)`` for any
    ///   other dtype, or ``NumPyError/Problem/valueNotRepresentable(index:value:target:)`` for an
    ///   `int64` beyond `Int` (only on 32-bit platforms).
    /// - Complexity: O(n).
    public func indices() throws(NumPyError) -> [Int] {
        try indices(file: nil)
    }

    /// The elements of a `bool` array, flattened in row-major order.
    /// - Returns: The flags.
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/dtypeMismatch(expected:actual:)`` for any
    ///   other dtype.
    /// - Complexity: O(1).
    public func flags() throws(NumPyError) -> [Bool] {
        try flags(file: nil)
    }

    // MARK: - With a file name for the error messages

    func tensor<Scalar: BLASScalar>(
        of type: Scalar.Type, convertingIntegers: Bool, file: String?
    ) throws(NumPyError) -> Tensor<Scalar> {
        let scalars: [Scalar]
        switch elements {
        case .float32(let values):
            scalars = if let same = values as? [Scalar] { same } else { values.map { Scalar($0) } }
        case .float64(let values):
            if let same = values as? [Scalar] {
                scalars = same
            } else {
                scalars = try convertFloats(values, file: file)
            }
        case .int32(let values):
            guard convertingIntegers else { throw mismatch(Scalar.self, file: file) }
            scalars = try convertIntegers(values, file: file)
        case .int64(let values):
            guard convertingIntegers else { throw mismatch(Scalar.self, file: file) }
            scalars = try convertIntegers(values, file: file)
        case .bool(let values):
            guard convertingIntegers else { throw mismatch(Scalar.self, file: file) }
            scalars = values.map { $0 ? 1 : 0 }
        }
        do {
            return try Tensor(shape: shape, scalars: scalars)
        } catch {
            // Unreachable for a well-formed NumPyArray; reported, not trapped.
            throw NumPyError(file: file, .elementCountMismatch(shape: shape, count: scalars.count))
        }
    }

    func indices(file: String?) throws(NumPyError) -> [Int] {
        switch elements {
        case .int32(let values):
            return values.map { Int($0) }
        case .int64(let values):
            var result = [Int]()
            result.reserveCapacity(values.count)
            for (flat, value) in values.enumerated() {
                guard let index = Int(exactly: value) else {
                    throw NumPyError(
                        file: file,
                        .valueNotRepresentable(
                            index: multiIndex(flat), value: "\(value)", target: "Int"))
                }
                result.append(index)
            }
            return result
        default:
            throw NumPyError(file: file, .dtypeMismatch(expected: "int32 or int64", actual: dtype))
        }
    }

    func flags(file: String?) throws(NumPyError) -> [Bool] {
        guard case .bool(let values) = elements else {
            throw NumPyError(file: file, .dtypeMismatch(expected: "bool", actual: dtype))
        }
        return values
    }

    /// The first NaN or infinity (−∞ passes when `allowNegativeInfinity`), as a multi-index.
    func firstNonFinite(allowNegativeInfinity: Bool) -> (index: [Int], value: Double)? {
        func scan<T: BinaryFloatingPoint>(_ values: [T]) -> (index: [Int], value: Double)? {
            for (flat, value) in values.enumerated() where !value.isFinite {
                if allowNegativeInfinity && value == -.infinity { continue }
                return (multiIndex(flat), Double(value))
            }
            return nil
        }
        switch elements {
        case .float32(let values): return scan(values)
        case .float64(let values): return scan(values)
        case .int32, .int64, .bool: return nil
        }
    }

    /// The row-major multi-index of a flat offset.
    func multiIndex(_ flat: Int) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    private func mismatch<Scalar: BLASScalar>(_: Scalar.Type, file: String?) -> NumPyError {
        NumPyError(
            file: file,
            .dtypeMismatch(
                expected: "float32 or float64 for Tensor<\(Scalar.scalarName)> (integers and booleans need convertingIntegers: true)",
                actual: dtype))
    }

    private func convertFloats<Scalar: BLASScalar>(_ values: [Double], file: String?) throws(NumPyError) -> [Scalar] {
        var result = [Scalar]()
        result.reserveCapacity(values.count)
        for (flat, value) in values.enumerated() {
            let converted = Scalar(value)
            if value.isFinite && !converted.isFinite {
                throw NumPyError(
                    file: file,
                    .valueNotRepresentable(
                        index: multiIndex(flat), value: "\(value)", target: Scalar.scalarName))
            }
            result.append(converted)
        }
        return result
    }

    private func convertIntegers<Scalar: BLASScalar, I: BinaryInteger>(_ values: [I], file: String?) throws(NumPyError) -> [Scalar] {
        var result = [Scalar]()
        result.reserveCapacity(values.count)
        for (flat, value) in values.enumerated() {
            guard let converted = Scalar(exactly: value) else {
                throw NumPyError(
                    file: file,
                    .valueNotRepresentable(
                        index: multiIndex(flat), value: "\(value)", target: Scalar.scalarName))
            }
            result.append(converted)
        }
        return result
    }
}
