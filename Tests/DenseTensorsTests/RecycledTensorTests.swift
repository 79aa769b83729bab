import Testing
@testable import DenseTensors

/// Recycled tensors: their storage goes back to the cache when the last copy is dropped, the
/// next tensor of the same size writes into it, and value semantics hold throughout. Each test
/// uses its own cache (the solvers of other suites use the process-wide one concurrently).
@Suite("recycled tensors")
struct RecycledTensorTests {
    let shape = [4, 256, 128]  // 131,072 Doubles = 1 MiB: just at the floor
    var count: Int { shape.reduce(1, *) }

    func recycled(_ cache: ScratchCache, _ fill: Double, shape: [Int]? = nil) -> Tensor<Double> {
        Tensor(recycledShape: shape ?? self.shape, uninitializedScalars: { $0.update(repeating: fill) }, cache: cache)
    }

    func address(_ t: Tensor<Double>) -> Int { t.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } }

    @Test func storageGoesBackWhenTheLastCopyIsDroppedAndIsReused() {
        let cache = ScratchCache(capacity: 64 << 20)
        var first: Tensor<Double>? = recycled(cache, 1)
        let where1 = address(first!)
        var copy = first
        first = nil
        #expect(cache.held == 0)  // a copy still uses it
        #expect(copy![0, 0, 0] == 1)
        copy = nil
        #expect(cache.held == count * 8)
        let second = recycled(cache, 2)
        #expect(address(second) == where1)
        #expect(second.scalars.allSatisfy { $0 == 2 })
        #expect(cache.held == 0)
    }

    @Test func aTensorWithNoOtherCopyWritesInPlace() {
        let cache = ScratchCache(capacity: 64 << 20)
        var t = recycled(cache, 1)
        let before = address(t)
        t[1, 2, 3] = 7
        t.withUnsafeMutableBufferPointer { $0[0] = 5 }
        #expect(address(t) == before)
        #expect(t[1, 2, 3] == 7 && t[0, 0, 0] == 5)
        // Still recycled: dropping it gives the storage back.
        t = Tensor(zeros: [1])
        #expect(cache.held == count * 8)
    }

    @Test func mutatingACopyLeavesTheOtherAlone() {
        let cache = ScratchCache(capacity: 64 << 20)
        let original = recycled(cache, 1)
        var copy = original
        copy[0, 0, 0] = 9
        copy.withUnsafeMutableBufferPointer { $0[$0.count - 1] = 8 }
        #expect(original.scalars.allSatisfy { $0 == 1 })
        #expect(copy[0, 0, 0] == 9 && copy[3, 255, 127] == 8)
        #expect(address(copy) != address(original))
        #expect(copy != original)
    }

    @Test func scalarsTakenOutKeepTheirNumbersWhenTheStorageIsReused() {
        let cache = ScratchCache(capacity: 64 << 20)
        var t: Tensor<Double>? = recycled(cache, 3)
        let kept = t!.scalars
        t = nil
        #expect(cache.held == count * 8)  // given back although `kept` shares it
        let next = recycled(cache, 4)
        #expect(kept.count == count && kept.allSatisfy { $0 == 3 })
        #expect(next.scalars.allSatisfy { $0 == 4 })
    }

    @Test func reshapedSharesTheRecycledStorage() throws {
        let cache = ScratchCache(capacity: 64 << 20)
        var t: Tensor<Double>? = recycled(cache, 6)
        var flat: Tensor<Double>? = try t!.reshaped([count])
        #expect(address(flat!) == address(t!))
        #expect(throws: TensorError.scalarCountMismatch(argument: "scalars", shape: [3], count: count)) { try t!.reshaped([3]) }
        #expect(throws: TensorError.invalidShape(argument: "shape", shape: [-1, -count])) { try t!.reshaped([-1, -count]) }
        t = nil
        #expect(cache.held == 0)
        #expect(flat![count - 1] == 6)
        flat = nil
        #expect(cache.held == count * 8)
    }

    @Test func zerosEvenInReusedStorageAndEqualityIgnoresHowScalarsAreHeld() {
        let cache = ScratchCache(capacity: 64 << 20)
        var dirty: Tensor<Double>? = recycled(cache, 5)
        dirty = nil
        let zeros = Tensor<Double>(recycledShape: shape, uninitializedScalars: { $0.update(repeating: 0) }, cache: cache)
        #expect(zeros == Tensor(zeros: shape))
        #expect(Tensor<Double>(recycledZeros: [2, 3]) == Tensor(zeros: [2, 3]))
        #expect(zeros != Tensor(zeros: [count]))  // same scalars, other shape
    }

    @Test func smallTensorsDoNotUseTheCache() {
        let cache = ScratchCache(capacity: 64 << 20)
        var big: Tensor<Double>? = recycled(cache, 1)
        big = nil
        var small: Tensor<Double>? = recycled(cache, 2, shape: [10, 10])
        #expect(cache.held == count * 8)  // the small request neither took nor dropped it
        small = nil
        #expect(cache.held == count * 8)
        _ = (big, small)
    }
}
