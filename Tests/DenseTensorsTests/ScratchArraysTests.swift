import Testing
@testable import DenseTensors

/// The cache of large scratch arrays: reuse of the same storage, capacity, dropping on a new
/// working set, release. Each test uses its own cache (the process-wide one serves the solvers
/// that other suites run at the same time).
@Suite("scratch arrays")
struct ScratchArraysTests {
    let count = (2 << 20) / 8  // 2 MiB of Double: above the 1 MiB floor

    func take(_ cache: ScratchCache, _ count: Int) -> [Double] { ScratchArrays._take(Double.self, count: count, from: cache) }

    @Test func aGivenBackArrayIsReusedInPlace() {
        let cache = ScratchCache(capacity: 64 << 20)
        var first = take(cache, count)
        #expect(first.count == count && first.allSatisfy { $0 == 0 })
        first[17] = 42
        let address = first.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
        cache.giveBack(&first)
        #expect(first.isEmpty)
        #expect(cache.held == count * 8)
        var second = take(cache, count)
        second[0] = 1  // a write must not copy: the cache gave up its reference
        #expect(second.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } == address)
        #expect(second[17] == 42)
        #expect(cache.held == 0)
        cache.giveBack(&second)
        // Another type or count gets a new array of zeros, and the kept array is dropped.
        let other = ScratchArrays._take(Float.self, count: 2 * count, from: cache)
        #expect(other.count == 2 * count && other.allSatisfy { $0 == 0 })
        #expect(cache.held == 0)
    }

    @Test func capacityBoundsWhatIsKept() {
        let cache = ScratchCache(capacity: 5 << 20)  // room for two 2 MiB arrays
        var arrays = (0..<3).map { _ in take(cache, count) }
        for i in arrays.indices { arrays[i][0] = Double(i + 1) }
        for i in arrays.indices { cache.giveBack(&arrays[i]) }
        #expect(cache.held == 2 * count * 8)
        // The least recently given back (marked 1) was dropped; the newest comes back first.
        #expect(take(cache, count)[0] == 3)
        #expect(take(cache, count)[0] == 2)
        #expect(cache.held == 0)
        #expect(take(cache, count)[0] == 0)  // a new one
        // Lowering the capacity drops what no longer fits; 0 keeps nothing.
        var a = take(cache, count), b = take(cache, count)
        cache.giveBack(&a)
        cache.giveBack(&b)
        cache.capacity = 3 << 20
        #expect(cache.held == count * 8)
        cache.capacity = 0
        #expect(cache.held == 0)
        var c = take(cache, count)
        cache.giveBack(&c)
        #expect(cache.held == 0)
    }

    @Test func smallArraysAreNeitherKeptNorFlushTheCache() {
        let cache = ScratchCache(capacity: 64 << 20)
        var big = take(cache, count)
        cache.giveBack(&big)
        var small = take(cache, 1000)
        #expect(cache.held == count * 8)  // the small request did not drop the kept array
        cache.giveBack(&small)
        #expect(cache.held == count * 8)
        cache.release()
        #expect(cache.held == 0)
    }

    @Test func aMissOnASizeInUseKeepsTheOtherArrays() {
        // A loop that holds the previous call's result (size `count`) while the next call takes
        // its scratch (size `2·count`) and its result: the result's miss must not drop the scratch.
        let cache = ScratchCache(capacity: 64 << 20)
        var scratch = take(cache, 2 * count)
        let held = take(cache, count)  // the previous result, still in the caller's hands
        cache.giveBack(&scratch)
        var next = take(cache, count)  // a miss, but arrays of this size are in use
        #expect(cache.held == 2 * count * 8)
        #expect(take(cache, 2 * count).count == 2 * count && cache.held == 0)
        cache.giveBack(&next)
        // No array of a new size is in use: its miss drops what is kept.
        _ = take(cache, 3 * count)
        #expect(cache.held == 0)
        _ = held
    }

    @Test func aGivenBackBufferIsReusedWhateverItsElementType() {
        let cache = ScratchCache(capacity: 64 << 20)
        let floats = cache.takeBuffer(Double.self, count: 8192)  // 64 KiB: kept although under 1 MiB
        #expect(Int(bitPattern: floats.baseAddress) % ScratchCache.bufferAlignment == 0)
        floats.initialize(repeating: 1.5)
        let address = Int(bitPattern: floats.baseAddress)
        cache.giveBack(buffer: floats)
        #expect(cache.held == 65536)
        // The same bytes as another type: the same memory, and what its last user left.
        let words = cache.takeBuffer(UInt64.self, count: 8192)
        #expect(Int(bitPattern: words.baseAddress) == address)
        #expect(words[8191] == (1.5 as Double).bitPattern)
        #expect(cache.held == 0)
        cache.giveBack(buffer: words)
        // Another size is a new allocation; the kept buffer stays (small requests start no new working set).
        let other = cache.takeBuffer(Int32.self, count: 100_000)
        #expect(other.count == 100_000 && Int(bitPattern: other.baseAddress) != address)
        #expect(cache.held == 65536)
        cache.giveBack(buffer: other)
        #expect(cache.held == 65536 + 400_000)
        cache.release()
        #expect(cache.held == 0)
    }

    @Test func buffersUnder16KiBAreFreedAndLargeOnesFollowTheArrayRules() {
        let cache = ScratchCache(capacity: 64 << 20)
        let tiny = cache.takeBuffer(Double.self, count: 1000)
        tiny.initialize(repeating: 0)
        cache.giveBack(buffer: tiny)
        #expect(cache.held == 0)
        // A 2 MiB buffer is kept like an array of that size; a miss on a new large size drops it.
        let big = cache.takeBuffer(Double.self, count: count)
        cache.giveBack(buffer: big)
        #expect(cache.held == count * 8)
        let small = cache.takeBuffer(Double.self, count: 4096)  // a small miss drops nothing
        #expect(cache.held == count * 8)
        let larger = cache.takeBuffer(Double.self, count: 2 * count)
        #expect(cache.held == 0)
        cache.giveBack(buffer: small)
        cache.giveBack(buffer: larger)
        // Arrays and buffers of the same bytes are separate kinds: an array request does not get the buffer.
        var array = take(cache, 2 * count)
        #expect(array.allSatisfy { $0 == 0 })
        cache.giveBack(&array)
        cache.release()
    }

    @Test func keptSmallBuffersAreCappedAt64MiB() {
        let cache = ScratchCache(capacity: 1 << 30)
        let bytes = 900 << 10  // under 1 MiB: a small buffer
        let buffers = (0..<80).map { _ in cache.takeBuffer(UInt8.self, count: bytes) }
        for (i, buffer) in buffers.enumerated() {
            buffer.initialize(repeating: UInt8(i))
            cache.giveBack(buffer: buffer)
        }
        let kept = ScratchCache.smallBufferCapacity / bytes
        #expect(cache.held == kept * bytes)
        // The least recently given back went first: the newest comes back first.
        let newest = cache.takeBuffer(UInt8.self, count: bytes)
        #expect(newest[0] == 79)
        cache.giveBack(buffer: newest)
        cache.release()
        #expect(cache.held == 0)
    }

    @Test func theProcessWideCacheHonoursItsCapacity() {
        // Only reads and a no-op set: other suites use the shared cache concurrently.
        let capacity = ScratchArrays.capacityBytes
        #expect(capacity >= 0)
        ScratchArrays.capacityBytes = capacity
        #expect(ScratchArrays.capacityBytes == capacity)
        #expect(ScratchArrays.heldBytes <= capacity)
    }
}
