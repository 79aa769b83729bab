import DenseTensors
import Testing

/// The cache of large scratch arrays: reuse of the same storage, capacity and release. The suite
/// is serialized and sets its own capacity because the cache is process-wide (other suites'
/// solvers use it too; they only ever see arrays they must overwrite).
@Suite("scratch arrays", .serialized)
struct ScratchArraysTests {
    let count = (2 << 20) / 8  // 2 MiB of Double: above the 1 MiB floor

    @Test func aGivenBackArrayIsReusedInPlace() {
        ScratchArrays.capacityBytes = 64 << 20
        defer { ScratchArrays.capacityBytes = 2 << 30 }
        var first = ScratchArrays.take(Double.self, count: count)
        #expect(first.count == count)
        first[17] = 42
        let address = first.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
        ScratchArrays.giveBack(&first)
        #expect(first.isEmpty)
        var second = ScratchArrays.take(Double.self, count: count)
        second[0] = 1  // a write must not copy: the cache gave up its reference
        #expect(second.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } == address)
        #expect(second[17] == 42)
        // Another type or count gets a new array of zeros.
        let other = ScratchArrays.take(Float.self, count: 2 * count)
        #expect(other.allSatisfy { $0 == 0 })
        ScratchArrays.giveBack(&second)
        ScratchArrays.release()
        #expect(ScratchArrays.heldBytes == 0)
    }

    @Test func capacityBoundsWhatIsKept() {
        ScratchArrays.release()
        ScratchArrays.capacityBytes = 5 << 20  // room for two 2 MiB arrays
        defer { ScratchArrays.capacityBytes = 2 << 30 }
        var arrays = (0..<3).map { _ in ScratchArrays.take(Double.self, count: count) }
        for i in arrays.indices { arrays[i][0] = Double(i) }
        for i in arrays.indices { ScratchArrays.giveBack(&arrays[i]) }
        #expect(ScratchArrays.heldBytes == 2 * count * 8)
        // The least recently given back (marked 0) was dropped; the newest comes back first.
        #expect(ScratchArrays.take(Double.self, count: count)[0] == 2)
        #expect(ScratchArrays.take(Double.self, count: count)[0] == 1)
        #expect(ScratchArrays.heldBytes == 0)
        ScratchArrays.capacityBytes = 0
        var small = ScratchArrays.take(Double.self, count: count)
        ScratchArrays.giveBack(&small)
        #expect(ScratchArrays.heldBytes == 0)
    }

    @Test func smallArraysAreNotKept() {
        ScratchArrays.release()
        var small = ScratchArrays.take(Double.self, count: 1000)
        ScratchArrays.giveBack(&small)
        #expect(ScratchArrays.heldBytes == 0)
    }
}
