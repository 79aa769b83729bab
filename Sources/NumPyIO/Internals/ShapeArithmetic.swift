/// Overflow-checked element and byte counts of shapes read from untrusted headers.
enum ShapeArithmetic {
    /// The product of `shape`, after checking that no extent is negative and that the
    /// product times `itemSize` fits in `Int`.
    static func elementCount(_ shape: [Int], itemSize: Int, file: String?) throws(NumPyError) -> Int {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw NumPyError(file: file, .negativeExtent(shape: shape)) }
        // A zero extent makes the array empty whatever the other extents are.
        if shape.contains(0) { return 0 }
        var count = 1
        for extent in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw NumPyError(file: file, .shapeOverflow(shape: shape, itemSize: itemSize)) }
            count = product
        }
        guard !count.multipliedReportingOverflow(by: itemSize).overflow else {
            throw NumPyError(file: file, .shapeOverflow(shape: shape, itemSize: itemSize))
        }
        return count
    }
}
