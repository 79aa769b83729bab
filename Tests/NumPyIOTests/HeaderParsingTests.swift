import Foundation
import NumPyIO
import Testing

/// The header is a Python dict literal: keys in any order, any spacing, trailing commas,
/// either quote, tuple shapes of any rank.
@Suite struct HeaderParsingTests {
    static let twoByThree: [UInt8] = (0..<6).flatMap { i -> [UInt8] in
        withUnsafeBytes(of: Double(i).bitPattern.littleEndian, Array.init)
    }

    @Test(arguments: [
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
        "{'shape': (2, 3), 'descr': '<f8', 'fortran_order': False}",
        "{'fortran_order':False,'shape':(2,3),'descr':'<f8'}",
        "  { 'descr' : '<f8' ,\t'fortran_order' : False , 'shape' : ( 2 , 3 , ) , }   \n",
        "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2, 3)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }",
        "{'descr': '=f8', 'fortran_order': False, 'shape': (+2, 3), }",
        "{'descr': 'f8', 'fortran_order': False, 'shape': (2,\n 3), }",
    ])
    func acceptsEquivalentHeaders(header: String) throws {
        let array = try NumPyFile.decode(handMadeNPY(header, data: Self.twoByThree))
        #expect(array.shape == [2, 3])
        #expect(array.elements == .float64([0, 1, 2, 3, 4, 5]))
    }

    @Test(arguments: [
        ("()", [Int]()), ("(5,)", [5]), ("(2, 3)", [2, 3]), ("(1, 1, 1, 1)", [1, 1, 1, 1]), ("(0,)", [0]), ("(3, 0)", [3, 0]),
    ])
    func tupleShapes(shape: String, expected: [Int]) throws {
        let count = expected.reduce(1, *)
        let header = "{'descr': '|b1', 'fortran_order': False, 'shape': \(shape), }"
        let array = try NumPyFile.decode(handMadeNPY(header, data: [UInt8](repeating: 1, count: count)))
        #expect(array.shape == expected)
        #expect(array.elements == .bool(Array(repeating: true, count: count)))
    }

    @Test(arguments: ["'<f4'", "'>f4'", "'<f8'", "'>f8'", "'<i4'", "'>i4'", "'<i8'", "'>i8'", "'|b1'", "'<b1'", "'?'"])
    func descrSpellings(descr: String) throws {
        let header = "{'descr': \(descr), 'fortran_order': False, 'shape': (1,), }"
        let size = descr.contains("8") ? 8 : descr.contains("4") ? 4 : 1
        let array = try NumPyFile.decode(handMadeNPY(header, data: [UInt8](repeating: 0, count: size)))
        #expect(array.dtype.itemSize == size)
        #expect(array.count == 1)
    }

    @Test func version2And3HeadersParse() throws {
        for version: UInt8 in [2, 3] {
            let header = "{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }"
            let array = try NumPyFile.decode(handMadeNPY(header, version: version, data: [0, 0, 0, 7, 255, 255, 255, 255]))
            #expect(array.elements == .int32([7, -1]))
        }
    }

    @Test func stringEscapesAndNonASCIIInAVersion3Header() throws {
        // A UTF-8 key is still just an unexpected key; the point is that it is decoded, not mangled.
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (), 'größe': 'a\\'b'}"
        #expect(
            problem { try NumPyFile.decode(handMadeNPY(header, version: 3, data: Array(repeating: 0, count: 8))) }
                == .malformedHeader("unexpected key 'größe' (the keys are 'descr', 'fortran_order' and 'shape')"))
    }

    @Test func largeHeaderIsWrittenAsVersion2() throws {
        // 30 000 axes of extent 1 ("1, " each) need a header longer than version 1.0's 65 535 bytes.
        let shape = [Int](repeating: 1, count: 30_000)
        let array = try NumPyArray(shape: shape, elements: .int32([42]))
        let data = try NumPyFile.encode(array)
        #expect(data[6] == 2 && data[7] == 0)
        let headerLength = Int(data[8]) | Int(data[9]) << 8 | Int(data[10]) << 16 | Int(data[11]) << 24
        #expect((12 + headerLength) % 64 == 0)
        let back = try NumPyFile.decode(data)
        #expect(back == array)
    }

    @Test func headerLayoutMatchesNumPy() throws {
        let data = try NumPyFile.encode(NumPyArray(.int64([1, 2, 3])))
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(data[10 + headerLength - 1] == 0x0A)
        let text = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        #expect(text.hasPrefix("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }"))
    }
}
