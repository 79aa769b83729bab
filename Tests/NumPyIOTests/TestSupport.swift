import DenseTensors
import Foundation
import NumPyIO
import Testing

/// The committed fixtures written by NumPy (Fixtures/make_fixtures.py).
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func bytes(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

    /// The value rules of make_fixtures.py, by dtype, for flat C-order index `i`.
    static func float(_ i: Int) -> Double { Double(i) * 0.25 - 1.0 }
    static func int32(_ i: Int) -> Int32 { Int32(i * 1009 - 5) }
    static func int64(_ i: Int) -> Int64 { Int64(i) * 1_000_000_007 - 5 }
    static func bool(_ i: Int) -> Bool { i % 3 == 0 }

    /// The array make_fixtures.py writes for `dtype` and `shape`.
    static func expected(_ dtype: NumPyDType, _ shape: [Int]) -> NumPyArray {
        let n = shape.reduce(1, *)
        let elements: NumPyArray.Elements
        switch dtype {
        case .float32: elements = .float32((0..<n).map { Float(float($0)) })
        case .float64: elements = .float64((0..<n).map(float))
        case .int32: elements = .int32((0..<n).map(int32))
        case .int64: elements = .int64((0..<n).map(int64))
        case .bool: elements = .bool((0..<n).map(bool))
        }
        return try! NumPyArray(shape: shape, elements: elements)
    }
}

/// A fresh directory under the system temporary directory, removed by `cleanUp()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("NumPyIOTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// Random elements of `dtype`, including NaN, ±∞, −0 and extreme values for the floats, so that
/// round trips are checked bit for bit.
func randomArray(_ dtype: NumPyDType, shape: [Int], seed: UInt64) -> NumPyArray {
    var rng = SplitMix64(seed: seed)
    let n = shape.reduce(1, *)
    let elements: NumPyArray.Elements
    switch dtype {
    case .float32:
        let specials: [Float] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        elements = .float32(
            (0..<n).map { i in i < specials.count ? specials[i] : Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) })
    case .float64:
        let specials: [Double] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        elements = .float64((0..<n).map { i in i < specials.count ? specials[i] : Double(bitPattern: rng.next()) })
    case .int32: elements = .int32((0..<n).map { _ in Int32(truncatingIfNeeded: rng.next()) })
    case .int64: elements = .int64((0..<n).map { _ in Int64(bitPattern: rng.next()) })
    case .bool: elements = .bool((0..<n).map { _ in rng.next() & 1 == 1 })
    }
    return try! NumPyArray(shape: shape, elements: elements)
}

/// Bitwise equality (NaN payloads included), which `==` on floats does not give.
func identical(_ a: NumPyArray, _ b: NumPyArray) -> Bool {
    guard a.shape == b.shape else { return false }
    switch (a.elements, b.elements) {
    case let (.float32(x), .float32(y)): return x.map(\.bitPattern) == y.map(\.bitPattern)
    case let (.float64(x), .float64(y)): return x.map(\.bitPattern) == y.map(\.bitPattern)
    default: return a.elements == b.elements
    }
}

/// The problem of the NumPyError thrown by `body`, or nil if it did not throw.
/// (Closures infer untyped throws; any other error is recorded as a test failure.)
func problem<T>(_ body: () throws -> T) -> NumPyError.Problem? {
    numPyError(body)?.problem
}

/// The NumPyError thrown by `body`, or nil if it did not throw.
func numPyError<T>(_ body: () throws -> T) -> NumPyError? {
    do {
        _ = try body()
        return nil
    } catch let error as NumPyError {
        return error
    } catch {
        Issue.record("expected a NumPyError, got \(error)")
        return nil
    }
}
