/// Conversion between raw `.npy` data bytes and typed, native-order, C-order elements.
enum ElementCoding {
    /// Decodes `count` elements of `dtype` stored in `byteOrder` at the start of `raw`
    /// (the caller has checked `raw.count >= count * dtype.itemSize`).
    static func decode(
        _ raw: UnsafeRawBufferPointer, dtype: NumPyDType, count: Int, byteOrder: NumPyByteOrder
    ) -> NumPyArray.Elements {
        let swap = byteOrder != .native
        switch dtype {
        case .float32: return .float32(load(raw, count: count, swap: swap) { (bits: UInt32) in Float(bitPattern: bits) })
        case .float64: return .float64(load(raw, count: count, swap: swap) { (bits: UInt64) in Double(bitPattern: bits) })
        case .int32: return .int32(load(raw, count: count, swap: swap) { (bits: UInt32) in Int32(bitPattern: bits) })
        case .int64: return .int64(load(raw, count: count, swap: swap) { (bits: UInt64) in Int64(bitPattern: bits) })
        // NumPy stores 0 and 1; any other byte is read as true, as NumPy's own casts do.
        case .bool: return .bool(raw.prefix(count).map { $0 != 0 })
        }
    }

    private static func load<Bits: FixedWidthInteger, Element>(
        _ raw: UnsafeRawBufferPointer, count: Int, swap: Bool, _ make: (Bits) -> Element
    ) -> [Element] {
        let width = MemoryLayout<Bits>.size
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                let bits = raw.loadUnaligned(fromByteOffset: i * width, as: Bits.self)
                buffer.initializeElement(at: i, to: make(swap ? bits.byteSwapped : bits))
                initialized = i + 1
            }
        }
    }

    /// The data bytes of `elements` in `byteOrder`.
    static func encode(_ elements: NumPyArray.Elements, byteOrder: NumPyByteOrder) -> [UInt8] {
        let swap = byteOrder != .native
        switch elements {
        case .float32(let values): return store(values, swap: swap) { $0.bitPattern }
        case .float64(let values): return store(values, swap: swap) { $0.bitPattern }
        case .int32(let values): return store(values, swap: swap) { UInt32(bitPattern: $0) }
        case .int64(let values): return store(values, swap: swap) { UInt64(bitPattern: $0) }
        case .bool(let values): return values.map { $0 ? 1 : 0 }
        }
    }

    private static func store<Element, Bits: FixedWidthInteger>(
        _ values: [Element], swap: Bool, _ bits: (Element) -> Bits
    ) -> [UInt8] {
        let width = MemoryLayout<Bits>.size
        return [UInt8](unsafeUninitializedCapacity: values.count * width) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (i, value) in values.enumerated() {
                let b = bits(value)
                raw.storeBytes(of: swap ? b.byteSwapped : b, toByteOffset: i * width, as: Bits.self)
            }
            initialized = values.count * width
        }
    }

    /// Reorders elements stored in Fortran (column-major) order into C (row-major) order.
    static func fortranToC(_ elements: NumPyArray.Elements, shape: [Int]) -> NumPyArray.Elements {
        guard shape.count >= 2 else { return elements }  // 0-d and 1-d arrays are the same in both orders
        switch elements {
        case .float32(let v): return .float32(permute(v, shape: shape))
        case .float64(let v): return .float64(permute(v, shape: shape))
        case .int32(let v): return .int32(permute(v, shape: shape))
        case .int64(let v): return .int64(permute(v, shape: shape))
        case .bool(let v): return .bool(permute(v, shape: shape))
        }
    }

    /// Walks the C-order multi-index as an odometer (last axis fastest) and tracks the
    /// Fortran-order offset `Σ i_k · Π_{j<k} n_j` incrementally.
    private static func permute<Element>(_ source: [Element], shape: [Int]) -> [Element] {
        let count = source.count
        guard count > 0 else { return source }
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1] }
        var index = [Int](repeating: 0, count: shape.count)
        var offset = 0
        var result = [Element]()
        result.reserveCapacity(count)
        for _ in 0..<count {
            result.append(source[offset])
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                offset += fortranStrides[axis]
                if index[axis] < shape[axis] { break }
                offset -= fortranStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}
