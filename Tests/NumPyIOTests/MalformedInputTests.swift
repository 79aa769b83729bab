import DenseTensors
import Foundation
import NumPyIO
import Testing

/// Builds a .npy file by hand: the preamble for `version`, `header` as given, then `data`.
func handMadeNPY(_ header: String, version: UInt8 = 1, data: [UInt8] = []) -> Data {
    var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
    let text = Array(header.utf8)
    let fieldSize = version == 1 ? 2 : 4
    for i in 0..<fieldSize { bytes.append(UInt8(truncatingIfNeeded: text.count >> (8 * i))) }
    return Data(bytes + text + data)
}

/// Each kind of bad input gives its own, specific error naming the source.
@Suite struct MalformedInputTests {
    let valid = try! Fixture.bytes("v1_f8_2x3.npy")

    @Test func badMagic() {
        var bytes = valid
        bytes[1] = UInt8(ascii: "X")
        #expect(problem { try NumPyFile.decode(bytes) } == .badMagic(found: [0x93, 0x58, 0x55, 0x4D, 0x50, 0x59]))
        #expect(problem { try NumPyFile.decode(Data("PK\u{3}\u{4}".utf8)) } == .badMagic(found: [0x50, 0x4B, 3, 4]))
        let error = numPyError { try NumPyFile.decode(bytes, source: "rewards.npy") }
        #expect(error?.file == "rewards.npy")
        #expect(error?.description.hasPrefix("rewards.npy: not a .npy file") == true)
    }

    @Test func unsupportedVersion() {
        var bytes = valid
        bytes[6] = 4
        #expect(problem { try NumPyFile.decode(bytes) } == .unsupportedVersion(major: 4, minor: 0))
        bytes[6] = 1
        bytes[7] = 1
        #expect(problem { try NumPyFile.decode(bytes) } == .unsupportedVersion(major: 1, minor: 1))
    }

    @Test func truncatedPreambleHeaderAndData() {
        #expect(problem { try NumPyFile.decode(Data()) } == .truncatedData(expectedBytes: 10, actualBytes: 0))
        #expect(problem { try NumPyFile.decode(valid.prefix(4)) } == .truncatedData(expectedBytes: 10, actualBytes: 4))
        #expect(problem { try NumPyFile.decode(valid.prefix(9)) } == .truncatedData(expectedBytes: 10, actualBytes: 9))
        #expect(problem { try NumPyFile.decode(valid.prefix(100)) } == .truncatedData(expectedBytes: 128, actualBytes: 100))
        // 2×3 float64 = 48 data bytes after a 128-byte preamble.
        #expect(problem { try NumPyFile.decode(valid.prefix(170)) } == .truncatedData(expectedBytes: 176, actualBytes: 170))
        let error = numPyError { try NumPyFile.decode(valid.prefix(170), source: "x.npy") }
        #expect(error?.description == "x.npy: truncated: expected 176 bytes, but only 170 are present")
    }

    @Test func trailingData() {
        #expect(problem { try NumPyFile.decode(valid + [0]) } == .trailingData(expectedBytes: 176, actualBytes: 177))
    }

    @Test(arguments: [
        ("{'descr': '<f8', 'fortran_order': False}", "missing key 'shape'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "unexpected key 'extra'"),
        ("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", "appears more than once"),
        ("{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", "'fortran_order' must be True or False"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': [2]}", "'shape' must be a tuple"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2)}", "'shape' must be a tuple"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 'a')}", "a string 'a' in it"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2,3,}", "expected a value, found character '}'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2,3}", "expected ',' or ')', found character '}'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,)}", "expected an integer"),
        ("{'descr': '<f8' 'fortran_order': False, 'shape': ()}", "expected ',' or '}'"),
        ("{'descr: '<f8', 'fortran_order': False, 'shape': ()}", "expected ':'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': ()", "unterminated dict"),
        ("['descr', '<f8']", "the header is a list, not a dict"),
        ("", "expected a value, found end of header"),
        ("{'descr': '<f8', 'fortran_order': false, 'shape': ()}", "expected a value, found character 'f'"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", "does not fit in 64 bits"),
        ("{'descr': '<f8', 'fortran_order': False, 'shape': ()} junk", "unexpected character 'j'"),
        ("{(((((((((((((((((((((1,),),),),),),),),),),),),),),),),),),),),)}", "nested deeper"),
    ])
    func malformedHeader(header: String, message: String) {
        let found = problem { try NumPyFile.decode(handMadeNPY(header)) }
        guard case .malformedHeader(let reason)? = found else {
            Issue.record("expected malformedHeader for \(header), got \(String(describing: found))")
            return
        }
        #expect(reason.contains(message), "\(reason)")
    }

    @Test func version3HeaderMustBeUTF8() {
        let bytes = handMadeNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", version: 3)
        var broken = bytes
        broken[20] = 0xFF
        #expect(problem { try NumPyFile.decode(broken) } == .malformedHeader("a version 3.0 header must be UTF-8, and this one is not"))
    }

    @Test(arguments: ["'<u2'", "'<c16'", "'|O'", "'<U10'", "'<f2'", "'f'", "[('x', '<f8')]", "3"])
    func unsupportedDType(descr: String) {
        let header = "{'descr': \(descr), 'fortran_order': False, 'shape': (1,), }"
        #expect(problem { try NumPyFile.decode(handMadeNPY(header, data: [0, 0])) } == .unsupportedDType(descr))
    }

    @Test func overflowingShape() throws {
        let huge = "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"
        #expect(problem { try NumPyFile.decode(handMadeNPY(huge)) } == .shapeOverflow(shape: [4611686018427387904, 4], itemSize: 8))
        // The element count fits but the byte count does not.
        let bytes = "{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }"
        #expect(problem { try NumPyFile.decode(handMadeNPY(bytes)) } == .shapeOverflow(shape: [2305843009213693952], itemSize: 8))
        // Large but representable: reported as truncated, with nothing allocated.
        let large = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }"
        let preamble = 10 + large.utf8.count
        #expect(
            problem { try NumPyFile.decode(handMadeNPY(large)) }
                == .truncatedData(expectedBytes: preamble + 8_000_000_000_000, actualBytes: preamble))
        // A zero extent makes the array empty, whatever the other extents are.
        let empty = "{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 9223372036854775807, 0), }"
        #expect(try NumPyFile.decode(handMadeNPY(empty)).count == 0)
    }

    @Test func negativeExtent() {
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3), }"
        #expect(problem { try NumPyFile.decode(handMadeNPY(header)) } == .negativeExtent(shape: [2, -3]))
    }

    @Test func sizeLimit() throws {
        let options = NumPyReadOptions(maximumByteCount: 40)
        #expect(problem { try NumPyFile.decode(valid, options: options) } == .arrayTooLarge(byteCount: 48, limit: 40))
        #expect(try NumPyFile.decode(valid, options: NumPyReadOptions(maximumByteCount: 48)).count == 6)
    }

    @Test func nanForbidden() throws {
        let url = Fixture.url("nan_f8_2x3.npy")
        #expect(try NumPyFile.read(contentsOf: url).count == 6, "allowed by default")
        let strict = NumPyReadOptions(allowNonFinite: false)
        let error = numPyError { try NumPyFile.read(contentsOf: url, options: strict) }
        guard case .nonFiniteValue(let index, let value)? = error?.problem else {
            Issue.record("expected nonFiniteValue, got \(String(describing: error))")
            return
        }
        #expect(index == [1, 2] && value.isNaN)
        #expect(error?.file == url.path)
        #expect(problem { try NumPyFile.readTensor(contentsOf: url, as: Float.self, options: strict) } != nil)
    }

    @Test func negativeInfinityCanBeAllowedSeparately() throws {
        let url = Fixture.url("neginf_f4_2x3.npy")
        let strict = NumPyReadOptions(allowNonFinite: false)
        #expect(problem { try NumPyFile.read(contentsOf: url, options: strict) } == .nonFiniteValue(index: [0, 1], value: -.infinity))
        let rewards = NumPyReadOptions(allowNonFinite: false, allowNegativeInfinity: true)
        let tensor = try NumPyFile.readTensor(contentsOf: url, as: Float.self, options: rewards)
        #expect(tensor[0, 1] == -.infinity)
        #expect(problem { try NumPyFile.read(contentsOf: Fixture.url("nan_f8_2x3.npy"), options: rewards) } != nil)
    }

    @Test func wrongDtypeForTheCaller() throws {
        let ints = Fixture.url("v1_i4_2x2.npy")
        guard case .dtypeMismatch(_, .int32)? = problem({ try NumPyFile.readTensor(contentsOf: ints, as: Double.self) }) else {
            Issue.record("int32 must not silently become Double")
            return
        }
        #expect(
            try NumPyFile.readTensor(contentsOf: ints, as: Double.self, convertingIntegers: true).scalars
                == (0..<4).map { Double(Fixture.int32($0)) })
        guard
            case .dtypeMismatch("int32 or int64", .float64)? = problem({
                try NumPyFile.readIndices(contentsOf: Fixture.url("v1_f8_2x3.npy"))
            })
        else {
            Issue.record("float64 must not be read as indices")
            return
        }
        guard case .dtypeMismatch("bool", .int32)? = problem({ try NumPyFile.read(contentsOf: ints).flags() }) else {
            Issue.record("int32 is not bool")
            return
        }
    }

    @Test func wrongShapeForTheCaller() {
        let error = numPyError { try NumPyFile.readTensor(contentsOf: Fixture.url("v1_f8_2x3.npy"), as: Double.self, shape: [3, 2]) }
        #expect(error?.problem == .shapeMismatch(expected: [3, 2], actual: [2, 3]))
        #expect(error?.description.hasSuffix("v1_f8_2x3.npy: shape is [2, 3], expected [3, 2]") == true)
        #expect(
            problem { try NumPyFile.readIndices(contentsOf: Fixture.url("v1_i8_5.npy"), shape: [4]) }
                == .shapeMismatch(expected: [4], actual: [5]))
    }

    @Test func valuesThatDoNotConvert() throws {
        let big = NumPyArray(.float64([1, 1e300]))
        #expect(problem { try big.tensor(of: Float.self) } == .valueNotRepresentable(index: [1], value: "1e+300", target: "Float"))
        #expect(try NumPyArray(.float64([1, .infinity])).tensor(of: Float.self).scalars == [1, .infinity])
        let ints = NumPyArray(.int64([1, 16_777_217]))
        #expect(
            problem { try ints.tensor(of: Float.self, convertingIntegers: true) }
                == .valueNotRepresentable(index: [1], value: "16777217", target: "Float"))
        #expect(try ints.tensor(of: Double.self, convertingIntegers: true).scalars == [1, 16_777_217])
        #expect(try NumPyArray(flags: [true, false]).tensor(of: Double.self, convertingIntegers: true).scalars == [1, 0])
    }

    @Test func invalidArrayConstruction() {
        #expect(problem { try NumPyArray(shape: [2, 2], elements: .int32([1, 2, 3])) } == .elementCountMismatch(shape: [2, 2], count: 3))
        #expect(problem { try NumPyArray(shape: [-1], elements: .int32([])) } == .negativeExtent(shape: [-1]))
    }

    @Test func missingFile() {
        let error = numPyError { try NumPyFile.read(contentsOf: URL(fileURLWithPath: "/nonexistent/dir/x.npy")) }
        guard case .fileSystem(let reason)? = error?.problem else {
            Issue.record("expected fileSystem, got \(String(describing: error))")
            return
        }
        #expect(error?.file == "/nonexistent/dir/x.npy")
        #expect(reason.contains("No such file or directory"))
        #expect(problem { try NumPyFile.read(contentsOf: Fixture.directory) } == .fileSystem("not a regular file"))
    }
}

@Suite struct MalformedArchiveTests {
    @Test func missingMember() throws {
        let archive = try NumPyArchive.read(contentsOf: Fixture.url("savez_stored.npz"))
        let error = numPyError { try archive.array(named: "policy") }
        #expect(error?.problem == .missingMember(name: "policy", available: ["mask", "rewards", "scalar", "states"]))
        #expect(error?.file == Fixture.url("savez_stored.npz").path)
    }

    @Test func notAZipFile() throws {
        guard case .invalidArchive? = problem({ try NumPyArchive.decode(try! Fixture.bytes("v1_f8_2x3.npy")) }) else {
            Issue.record("a .npy is not an archive")
            return
        }
        guard case .invalidArchive? = problem({ try NumPyArchive.decode(Data()) }) else {
            Issue.record("empty data is not an archive")
            return
        }
    }

    @Test func corruptedMemberIsReportedWithItsName() throws {
        var bytes = try Fixture.bytes("savez_stored.npz")
        // The first member is rewards.npy (176 bytes); damage its magic string inside the ZIP.
        let range = try #require(bytes.firstRange(of: Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59])))
        bytes[range.lowerBound + 1] = UInt8(ascii: "X")
        let error = numPyError { try NumPyArchive.decode(bytes, source: "demo.npz") }
        // The CRC-32 check catches the damage before the .npy reader sees it.
        #expect(error?.file == "demo.npz:rewards.npy")
        guard case .invalidArchive(let reason)? = error?.problem else {
            Issue.record("expected invalidArchive, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("CRC-32"))
    }

    @Test func badMemberInsideAValidZip() throws {
        // Written by make_fixtures.py: good.npy, broken.npy (data cut short), notes.txt (ignored).
        let url = Fixture.url("bad_member.npz")
        let error = numPyError { try NumPyArchive.read(contentsOf: url) }
        #expect(error?.file == url.path + ":broken.npy")
        #expect(error?.problem == .truncatedData(expectedBytes: 176, actualBytes: 170))
    }

    @Test func memberSizeLimit() throws {
        let archive = NumPyArchive(["x": NumPyArray(.float64(Array(repeating: 0, count: 100_000)))])
        let data = try archive.encoded(compression: .deflated)
        let options = NumPyReadOptions(maximumByteCount: 1000)
        guard case .arrayTooLarge? = problem({ try NumPyArchive.decode(data, options: options) }) else {
            Issue.record("expected arrayTooLarge")
            return
        }
    }

    @Test func nanForbiddenInsideArchive() throws {
        let data = try NumPyArchive(["r": NumPyArray(.float32([0, .nan]))]).encoded()
        let error = numPyError { try NumPyArchive.decode(data, source: "a.npz", options: NumPyReadOptions(allowNonFinite: false)) }
        #expect(error?.file == "a.npz:r.npy")
        guard case .nonFiniteValue([1], _)? = error?.problem else {
            Issue.record("expected nonFiniteValue at [1], got \(String(describing: error))")
            return
        }
    }

    @Test func invalidMemberNames() {
        #expect(problem { try NumPyArchive(["": NumPyArray(indices: [])]).encoded() } == .invalidMemberName(""))
        #expect(problem { try NumPyArchive(["a\u{0}b": NumPyArray(indices: [])]).encoded() } == .invalidMemberName("a\u{0}b"))
    }
}
