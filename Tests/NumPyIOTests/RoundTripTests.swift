import DenseTensors
import Foundation
import NumPyIO
import Testing

/// Every dtype and a range of shapes, including 0-d, empty and 3-d, through .npy and .npz.
@Suite struct RoundTripTests {
    static let shapes: [[Int]] = [[], [0], [0, 3], [3, 0, 2], [1], [7], [2, 3], [2, 3, 4], [1, 1, 1, 5]]

    @Test(arguments: NumPyDType.allCases, [NumPyByteOrder.littleEndian, .bigEndian])
    func npyInMemory(dtype: NumPyDType, byteOrder: NumPyByteOrder) throws {
        for (k, shape) in Self.shapes.enumerated() {
            let array = randomArray(dtype, shape: shape, seed: UInt64(k))
            let data = try NumPyFile.encode(array, byteOrder: byteOrder)
            #expect(data.count % 64 == shape.reduce(1, *) * dtype.itemSize % 64, "data starts on a 64-byte boundary")
            let back = try NumPyFile.decode(data)
            #expect(identical(array, back), "\(dtype) \(shape) \(byteOrder)")
            #expect(back.dtype == dtype && back.shape == shape)
        }
    }

    @Test(arguments: NumPyDType.allCases)
    func npyThroughFiles(dtype: NumPyDType) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        for (k, shape) in Self.shapes.enumerated() {
            let array = randomArray(dtype, shape: shape, seed: 100 + UInt64(k))
            let url = directory.file("a\(k).npy")
            try NumPyFile.write(array, to: url)
            #expect(identical(array, try NumPyFile.read(contentsOf: url)), "\(dtype) \(shape)")
        }
        #expect(try directory.contents().allSatisfy { !$0.hasPrefix(".") }, "no temporary files left")
    }

    @Test(arguments: [NumPyArchive.Compression.stored, .deflated])
    func npzWithEveryDtypeAndShape(compression: NumPyArchive.Compression) throws {
        var arrays: [String: NumPyArray] = [:]
        for dtype in NumPyDType.allCases {
            for (k, shape) in Self.shapes.enumerated() {
                arrays["\(dtype)_\(k)"] = randomArray(dtype, shape: shape, seed: 200 + UInt64(k))
            }
        }
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = directory.file("all.npz")
        try NumPyArchive.write(arrays, to: url, compression: compression)
        let back = try NumPyArchive.read(contentsOf: url)
        #expect(back.names == arrays.keys.sorted())
        for (name, array) in arrays {
            #expect(identical(array, try back.array(named: name)), "\(name)")
        }
        // In memory too, big-endian members.
        let data = try NumPyArchive(arrays).encoded(compression: compression, byteOrder: .bigEndian)
        let decoded = try NumPyArchive.decode(data)
        for (name, array) in arrays {
            #expect(identical(array, try decoded.array(named: name)), "\(name)")
        }
    }

    @Test func deflatedArchiveIsSmallerForRepetitiveData() throws {
        let array = NumPyArray(.float64(Array(repeating: 1.5, count: 4096)))
        let stored = try NumPyArchive(["x": array]).encoded(compression: .stored)
        let deflated = try NumPyArchive(["x": array]).encoded(compression: .deflated)
        #expect(deflated.count * 10 < stored.count)
    }

    @Test func encodingIsDeterministic() throws {
        let archive = NumPyArchive(["a": randomArray(.float32, shape: [3, 4], seed: 1), "b": NumPyArray(indices: [1, 2])])
        #expect(try archive.encoded() == archive.encoded())
        #expect(try archive.encoded(compression: .deflated) == archive.encoded(compression: .deflated))
    }

    @Test func tensorIndicesAndFlagsConvenience() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let tensor = try Tensor<Double>(shape: [2, 3, 2], scalars: (0..<12).map { Double($0) / 3 })
        try NumPyFile.write(tensor, to: directory.file("t.npy"))
        #expect(try NumPyFile.readTensor(contentsOf: directory.file("t.npy"), as: Double.self) == tensor)
        #expect(try NumPyFile.readTensor(contentsOf: directory.file("t.npy"), as: Double.self, shape: [2, 3, 2]) == tensor)
        let single = try Tensor<Float>(shape: [4], scalars: [1, -2, 0.5, .infinity])
        try NumPyFile.write(single, to: directory.file("f.npy"))
        #expect(try NumPyFile.read(contentsOf: directory.file("f.npy")).dtype == .float32)
        #expect(try NumPyFile.readTensor(contentsOf: directory.file("f.npy"), as: Float.self) == single)

        try NumPyFile.write(indices: [0, 3, 2, -1, Int.max], to: directory.file("i.npy"))
        #expect(try NumPyFile.readIndices(contentsOf: directory.file("i.npy")) == [0, 3, 2, -1, Int.max])
        #expect(try NumPyFile.read(contentsOf: directory.file("i.npy")).dtype == .int64)

        try NumPyFile.write(flags: [true, false, true], to: directory.file("b.npy"))
        #expect(try NumPyFile.read(contentsOf: directory.file("b.npy")).flags() == [true, false, true])
    }

    @Test func emptyArchive() throws {
        let data = try NumPyArchive().encoded()
        #expect(try NumPyArchive.decode(data).arrays.isEmpty)
    }
}
