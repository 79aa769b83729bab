import DenseTensors
import Foundation
import NumPyIO
import Testing

/// Files written by NumPy itself (Fixtures/make_fixtures.py).
@Suite struct NumPyFixtureTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let dtype: NumPyDType
        let shape: [Int]
        /// Whether encoding the expected array (little- or big-endian as named) gives NumPy's bytes.
        let byteIdentical: NumPyByteOrder?
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "v1_f8_2x3.npy", dtype: .float64, shape: [2, 3], byteIdentical: .littleEndian),
        Case(file: "v1_f4_4.npy", dtype: .float32, shape: [4], byteIdentical: .littleEndian),
        Case(file: "v1_i4_2x2.npy", dtype: .int32, shape: [2, 2], byteIdentical: .littleEndian),
        Case(file: "v1_i8_5.npy", dtype: .int64, shape: [5], byteIdentical: .littleEndian),
        Case(file: "v1_b1_2x3.npy", dtype: .bool, shape: [2, 3], byteIdentical: .littleEndian),
        Case(file: "v1_f8_empty_0x3.npy", dtype: .float64, shape: [0, 3], byteIdentical: .littleEndian),
        Case(file: "v1_f4_2x3x4.npy", dtype: .float32, shape: [2, 3, 4], byteIdentical: .littleEndian),
        Case(file: "v2_f8_2x3.npy", dtype: .float64, shape: [2, 3], byteIdentical: nil),
        Case(file: "v3_i4_3.npy", dtype: .int32, shape: [3], byteIdentical: nil),
        Case(file: "be_f8_2x3.npy", dtype: .float64, shape: [2, 3], byteIdentical: .bigEndian),
        Case(file: "be_f4_4.npy", dtype: .float32, shape: [4], byteIdentical: .bigEndian),
        Case(file: "be_i4_2x2.npy", dtype: .int32, shape: [2, 2], byteIdentical: .bigEndian),
        Case(file: "be_i8_5.npy", dtype: .int64, shape: [5], byteIdentical: .bigEndian),
        Case(file: "fortran_f8_2x3.npy", dtype: .float64, shape: [2, 3], byteIdentical: nil),
        Case(file: "fortran_i4_2x3x4.npy", dtype: .int32, shape: [2, 3, 4], byteIdentical: nil),
        Case(file: "fortran_b1_3x2.npy", dtype: .bool, shape: [3, 2], byteIdentical: nil),
    ]

    @Test(arguments: cases)
    func readsNumPyFile(_ c: Case) throws {
        let array = try NumPyFile.read(contentsOf: Fixture.url(c.file))
        #expect(array.dtype == c.dtype)
        #expect(array.shape == c.shape)
        #expect(array == Fixture.expected(c.dtype, c.shape))
    }

    @Test(arguments: cases.filter { $0.byteIdentical != nil })
    func writesTheSameBytesAsNumPy(_ c: Case) throws {
        let ours = try NumPyFile.encode(Fixture.expected(c.dtype, c.shape), byteOrder: c.byteIdentical!)
        #expect(ours == (try Fixture.bytes(c.file)))
    }

    @Test func zeroDimensionalScalar() throws {
        let array = try NumPyFile.read(contentsOf: Fixture.url("v1_f8_scalar.npy"))
        #expect(array.shape == [] && array.elements == .float64([3.25]))
        #expect(try NumPyFile.encode(array) == Fixture.bytes("v1_f8_scalar.npy"))
        let tensor = try NumPyFile.readTensor(contentsOf: Fixture.url("v1_f8_scalar.npy"), as: Double.self)
        #expect(tensor.shape == [] && tensor.scalars == [3.25])
    }

    @Test func versionsAreRecognisedFromTheirPreambles() throws {
        #expect(try Fixture.bytes("v1_f8_2x3.npy")[6] == 1)
        #expect(try Fixture.bytes("v2_f8_2x3.npy")[6] == 2)
        #expect(try Fixture.bytes("v3_i4_3.npy")[6] == 3)
        #expect(
            try NumPyFile.read(contentsOf: Fixture.url("v2_f8_2x3.npy"))
                == NumPyFile.read(contentsOf: Fixture.url("v1_f8_2x3.npy")))
    }

    @Test func fortranOrderIsConvertedToCOrder() throws {
        let tensor = try NumPyFile.readTensor(contentsOf: Fixture.url("fortran_f8_2x3.npy"), as: Double.self)
        #expect(tensor[1, 0] == Fixture.float(3))
        #expect(tensor[0, 2] == Fixture.float(2))
        let cube = try NumPyFile.read(contentsOf: Fixture.url("fortran_i4_2x3x4.npy"))
        guard case .int32(let v) = cube.elements else { Issue.record("dtype"); return }
        #expect(v[1 * 12 + 2 * 4 + 3] == Fixture.int32(23))
    }

    @Test(arguments: ["savez_stored.npz", "savez_compressed.npz"])
    func readsNumPyArchives(_ file: String) throws {
        let archive = try NumPyArchive.read(contentsOf: Fixture.url(file))
        #expect(archive.names == ["mask", "rewards", "scalar", "states"])
        #expect(try archive.array(named: "rewards") == Fixture.expected(.float64, [2, 3]))
        #expect(try archive.array(named: "states") == Fixture.expected(.int64, [5]))
        #expect(try archive.array(named: "mask") == Fixture.expected(.bool, [2, 3]))
        #expect(try archive.array(named: "scalar").elements == .float64([3.25]))
        #expect(try archive.indices(named: "states", shape: [5]) == (0..<5).map { Int(Fixture.int64($0)) })
        let rewards = try archive.tensor(named: "rewards", as: Float.self, shape: [2, 3])
        #expect(rewards.scalars == (0..<6).map { Float(Fixture.float($0)) })
    }

    @Test func archiveMembersMatchTheStandaloneFiles() throws {
        let stored = try NumPyArchive.read(contentsOf: Fixture.url("savez_stored.npz"))
        let compressed = try NumPyArchive.read(contentsOf: Fixture.url("savez_compressed.npz"))
        #expect(stored == compressed)
        #expect(try stored.array(named: "rewards") == NumPyFile.read(contentsOf: Fixture.url("v1_f8_2x3.npy")))
    }
}
