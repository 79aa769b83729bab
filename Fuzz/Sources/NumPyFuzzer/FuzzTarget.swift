import Foundation
import NumPyIO

/// libFuzzer's entry point: feeds one input to the .npy and the .npz reader.
///
/// Each reader must either return or throw a `NumPyError`; anything else (a trap, an
/// out-of-bounds access caught by AddressSanitizer, a leak) is a crash libFuzzer reports. A
/// successfully decoded input must also survive an encode → decode round trip unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func numPyFuzzerTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    // Bounded so that a header promising gigabytes is refused instead of exhausting memory.
    let options = NumPyReadOptions(maximumByteCount: 1 << 24)
    if let array = try? NumPyFile.decode(data, source: "input", options: options) {
        checkRoundTrip(array)
    }
    if let archive = try? NumPyArchive.decode(data, source: "input", options: options) {
        for name in archive.names {
            if let array = archive.arrays[name] { checkRoundTrip(array) }
        }
    }
    return 0
}

private func checkRoundTrip(_ array: NumPyArray) {
    guard let encoded = try? NumPyFile.encode(array), let decoded = try? NumPyFile.decode(encoded) else {
        fatalError("a decoded array failed to re-encode or re-decode: \(array.dtype) \(array.shape)")
    }
    guard decoded.shape == array.shape, decoded.dtype == array.dtype,
        bitPatterns(decoded.elements) == bitPatterns(array.elements)
    else {
        fatalError("round trip changed the array: \(array.dtype) \(array.shape)")
    }
}

/// Elements compared bit for bit, so NaN round trips are checked too.
private func bitPatterns(_ elements: NumPyArray.Elements) -> [UInt64] {
    switch elements {
    case .float32(let v): return v.map { UInt64($0.bitPattern) }
    case .float64(let v): return v.map { $0.bitPattern }
    case .int32(let v): return v.map { UInt64(UInt32(bitPattern: $0)) }
    case .int64(let v): return v.map { UInt64(bitPattern: $0) }
    case .bool(let v): return v.map { $0 ? 1 : 0 }
    }
}
