import Foundation
import Synchronization

/// Large scratch arrays kept between solver calls, so that a loop of passes (MaxEnt IRL, a
/// benchmark, a parameter sweep) does not pay for fresh pages on every call.
///
/// A fresh array of hundreds of megabytes is zeroed by the kernel page by page when it is first
/// written, and freed straight back to it: for the lean soft pass on a 1024² gridworld the
/// `(H+1)·S·B` values (808 MB in Double) cost about a tenth of the pass in page zeroing alone.
/// The solvers therefore ``take(_:count:)`` such scratch arrays here and ``giveBack(_:)`` them
/// when the call returns (or throws); an array given back is kept while the held total stays
/// within ``capacityBytes`` (least recently given back dropped first), and the next request of
/// the same scalar type and count reuses it without a page fault. The solvers' large outputs
/// are recycled tensors (``Tensor/init(recycledShape:uninitializedScalars:)``), whose storage
/// comes from here and goes back here when the caller drops the last copy.
///
/// A request of 1 MiB or more that no kept array matches, for a type and count of which no array
/// from the cache is in use, starts a new working set (another problem size or scalar type): it
/// first drops every kept array, so the cache never adds to the peak memory of a new working
/// set. A miss on a size that is in use (a loop that still holds the previous call's results
/// while it makes the next call) drops nothing.
///
/// Raw buffers (``takeBuffer(_:count:)``, ``giveBack(buffer:)``) serve the solvers' unsafe
/// arrays the same way — the C ABI's transitions handle (its blocks, the scan's collected
/// entries). They are kept from 16 KiB up, since glibc returns freed blocks of a few hundred
/// kilobytes to the system as well; those under 1 MiB hold at most 64 MiB in all and never
/// start a new working set.
///
/// The cache holds memory that no result references: call ``release()`` after the last solve
/// of a long-lived process, or set ``capacityBytes`` to 0 to keep nothing. The default capacity
/// is the environment variable `IMITATION_GAME_SCRATCH_MB` (mebibytes) when set, else 2 GiB.
/// Thread-safe.
public enum ScratchArrays {
    /// The process-wide cache behind the static API.
    static let shared = ScratchCache(capacity: defaultCapacity())

    static func defaultCapacity() -> Int {
        if let text = ProcessInfo.processInfo.environment["IMITATION_GAME_SCRATCH_MB"], let mib = Double(text), mib >= 0, mib.isFinite {
            return Int(min(mib, Double(Int.max >> 21)) * 1_048_576)
        }
        return 2 << 30
    }

    /// The most bytes the cache keeps between calls. Setting it drops the least recently given
    /// back arrays beyond the new capacity (0 keeps nothing); negative values count as 0.
    public static var capacityBytes: Int {
        get { shared.capacity }
        set { shared.capacity = newValue }
    }

    /// The bytes the cache holds now (arrays that no caller uses).
    public static var heldBytes: Int { shared.held }

    /// Drops every kept array (their memory goes back to the system).
    public static func release() { shared.release() }

    /// An array of `count` scalars for the caller to own until ``giveBack(_:)``: a kept one of
    /// the same type and count when there is one (its contents are what its last user left),
    /// else — after dropping every kept array — a new array of zeros with huge-page advice
    /// (see `Array(largeRepeating:count:)`). Callers must not read a scalar before writing it.
    /// - Complexity: O(1) when reused, O(count) for a new array.
    @inlinable
    public static func take<Scalar: BLASScalar>(_ type: Scalar.Type, count: Int) -> [Scalar] {
        _take(type, count: count, from: nil)
    }

    /// Keeps `array` for a later ``take(_:count:)`` when it fits within ``capacityBytes``
    /// (dropping older arrays as needed) and leaves `array` empty. Arrays under 1 MiB are
    /// simply freed (the allocator reuses small blocks without page faults).
    /// - Complexity: O(number of kept arrays).
    public static func giveBack<Scalar>(_ array: inout [Scalar]) { shared.giveBack(&array) }

    @inlinable
    static func _take<Scalar: BLASScalar>(_ type: Scalar.Type, count: Int, from cache: ScratchCache?) -> [Scalar] {
        if count * MemoryLayout<Scalar>.stride >= ScratchCache.minimumBytes,
            let kept: [Scalar] = (cache ?? _shared).takeKept(type, count: count)
        {
            return kept
        }
        return [Scalar](largeRepeating: 0, count: count)
    }

    @usableFromInline static var _shared: ScratchCache { shared }

    /// A buffer of `count` elements (64-byte aligned) for the caller to own until
    /// ``giveBack(buffer:)``: a kept one of the same size in bytes when there is one, else a new
    /// allocation. Its contents are unspecified (what its last user left, of whatever type):
    /// callers write every element before reading it.
    ///
    /// Buffers serve the solvers' own unsafe arrays (the transitions handle's blocks, the scan's
    /// collected entries). Unlike arrays, buffers from 16 KiB up are kept: glibc hands blocks of
    /// a few hundred kilobytes back to the system when they are freed, so that each call
    /// page-faulted its blocks afresh (0.4 ms of a 2.9 ms handle over a 42 MB gridworld tensor).
    /// Kept buffers under 1 MiB are capped at 64 MiB in all and never start a new working set.
    /// - Complexity: O(number of kept arrays and buffers).
    public static func takeBuffer<Element: BitwiseCopyable>(_ type: Element.Type, count: Int) -> UnsafeMutableBufferPointer<Element> {
        shared.takeBuffer(type, count: count)
    }

    /// Keeps a buffer from ``takeBuffer(_:count:)`` for a later request of the same size in bytes
    /// (within the capacities), or frees it. The caller must not use it afterwards.
    public static func giveBack<Element: BitwiseCopyable>(buffer: UnsafeMutableBufferPointer<Element>) {
        shared.giveBack(buffer: buffer)
    }
}

/// The memory of a kept buffer (``ScratchArrays/takeBuffer(_:count:)``): freed when the cache
/// drops it, unless a caller took the pointer out first.
final class ScratchBlock: @unchecked Sendable {
    var pointer: UnsafeMutableRawPointer?

    init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }

    deinit { pointer?.deallocate() }
}

/// One cache of kept arrays (``ScratchArrays`` uses one per process; tests make their own).
@usableFromInline
final class ScratchCache: Sendable {
    struct Entry: @unchecked Sendable {
        let type: ObjectIdentifier
        let count: Int
        let bytes: Int
        /// The array itself (an `Array<Scalar>` boxed as `Any`: the box shares its storage).
        let storage: Any
    }

    /// A scalar type and count.
    struct Size: Hashable {
        let type: ObjectIdentifier
        let count: Int
    }

    struct State {
        var capacity: Int
        var held = 0
        /// The part of `held` in buffers under ``ScratchCache/minimumBytes``.
        var smallHeld = 0
        /// Least recently given back first.
        var entries: [Entry] = []
        /// How many arrays of each size were handed out (kept or new) and not given back yet.
        var inUse: [Size: Int] = [:]
    }

    /// Arrays smaller than this are neither kept nor looked up; buffers smaller than this are
    /// kept (from ``smallestKeptBufferBytes``) but never start a new working set.
    @usableFromInline static let minimumBytes = 1 << 20
    /// Buffers smaller than this are simply freed (malloc reuses such blocks without faults).
    static let smallestKeptBufferBytes = 16 << 10
    /// The most bytes kept in buffers under ``minimumBytes``.
    static let smallBufferCapacity = 64 << 20
    /// The alignment of buffers.
    static let bufferAlignment = 64

    let state: Mutex<State>

    init(capacity: Int) { state = Mutex(State(capacity: max(0, capacity))) }

    var capacity: Int {
        get { state.withLock { $0.capacity } }
        set {
            let dropped = state.withLock { s in
                s.capacity = max(0, newValue)
                return Self.trim(&s)
            }
            _ = dropped  // freed here, outside the lock
        }
    }

    var held: Int { state.withLock { $0.held } }

    func release() {
        let dropped = state.withLock { s -> [Entry] in
            defer { (s.entries, s.held, s.smallHeld) = ([], 0, 0) }
            return s.entries
        }
        _ = dropped  // freed here, outside the lock
    }

    /// A kept array of this type and count (removed from the cache), or nil — after dropping
    /// every kept array when no array of this size is in use (a new working set). Either way the
    /// caller's array counts as in use until ``giveBack(_:)``.
    @usableFromInline
    func takeKept<Scalar>(_ type: Scalar.Type, count: Int) -> [Scalar]? {
        let id = ObjectIdentifier(type)
        var dropped = [Entry]()
        let kept = state.withLock { s -> [Scalar]? in
            let size = Size(type: id, count: count)
            defer { s.inUse[size, default: 0] += 1 }
            guard let i = s.entries.lastIndex(where: { $0.type == id && $0.count == count }) else {
                // A new working set: the kept arrays would only add to its peak memory.
                if s.inUse[size, default: 0] == 0 {
                    swap(&dropped, &s.entries)
                    s.held = 0
                }
                return nil
            }
            let entry = s.entries.remove(at: i)
            s.held -= entry.bytes
            return entry.storage as? [Scalar]
        }
        dropped.removeAll()  // freed outside the lock
        return kept
    }

    func giveBack<Scalar>(_ array: inout [Scalar]) {
        let bytes = array.count * MemoryLayout<Scalar>.stride
        var kept = [Scalar]()
        swap(&kept, &array)
        guard bytes >= Self.minimumBytes else { return }
        let entry = Entry(type: ObjectIdentifier(Scalar.self), count: kept.count, bytes: bytes, storage: kept)
        kept = []  // the entry holds the only reference: a later take mutates in place
        let dropped = state.withLock { s -> [Entry] in
            let size = Size(type: entry.type, count: entry.count)
            if let n = s.inUse[size] { s.inUse[size] = n > 1 ? n - 1 : nil }
            guard bytes <= s.capacity else { return [entry] }
            s.entries.append(entry)
            s.held += bytes
            return Self.trim(&s)
        }
        _ = dropped
    }

    /// Drops the least recently given back arrays until the held bytes fit the capacity (and
    /// the small buffers theirs); returns them so that the caller frees them outside the lock.
    static func trim(_ s: inout State) -> [Entry] {
        var dropped = [Entry]()
        while s.held > s.capacity, !s.entries.isEmpty {
            let first = s.entries.removeFirst()
            s.held -= first.bytes
            if first.bytes < minimumBytes { s.smallHeld -= first.bytes }
            dropped.append(first)
        }
        while s.smallHeld > smallBufferCapacity, let i = s.entries.firstIndex(where: { $0.bytes < minimumBytes }) {
            let entry = s.entries.remove(at: i)
            s.held -= entry.bytes
            s.smallHeld -= entry.bytes
            dropped.append(entry)
        }
        return dropped
    }

    /// See ``ScratchArrays/takeBuffer(_:count:)``.
    func takeBuffer<Element: BitwiseCopyable>(_ type: Element.Type, count: Int) -> UnsafeMutableBufferPointer<Element> {
        let bytes = max(1, count) * MemoryLayout<Element>.stride
        var raw: UnsafeMutableRawPointer?
        if bytes >= Self.smallestKeptBufferBytes {
            let size = Size(type: ObjectIdentifier(ScratchBlock.self), count: bytes)
            var dropped = [Entry]()
            raw = state.withLock { s -> UnsafeMutableRawPointer? in
                defer { s.inUse[size, default: 0] += 1 }
                guard let i = s.entries.lastIndex(where: { $0.type == size.type && $0.count == bytes }) else {
                    if bytes >= Self.minimumBytes && s.inUse[size, default: 0] == 0 {
                        swap(&dropped, &s.entries)
                        (s.held, s.smallHeld) = (0, 0)
                    }
                    return nil
                }
                let entry = s.entries.remove(at: i)
                s.held -= entry.bytes
                if entry.bytes < Self.minimumBytes { s.smallHeld -= entry.bytes }
                guard let block = entry.storage as? ScratchBlock else { return nil }
                defer { block.pointer = nil }
                return block.pointer
            }
            dropped.removeAll()  // freed outside the lock
        }
        let memory = raw ?? UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: Self.bufferAlignment)
        return UnsafeMutableBufferPointer(start: memory.bindMemory(to: Element.self, capacity: max(1, count)), count: count)
    }

    /// See ``ScratchArrays/giveBack(buffer:)``.
    func giveBack<Element: BitwiseCopyable>(buffer: UnsafeMutableBufferPointer<Element>) {
        guard let base = buffer.baseAddress else { return }
        let raw = UnsafeMutableRawPointer(base)
        let bytes = max(1, buffer.count) * MemoryLayout<Element>.stride
        guard bytes >= Self.smallestKeptBufferBytes else {
            raw.deallocate()
            return
        }
        let entry = Entry(type: ObjectIdentifier(ScratchBlock.self), count: bytes, bytes: bytes, storage: ScratchBlock(raw))
        let dropped = state.withLock { s -> [Entry] in
            let size = Size(type: entry.type, count: bytes)
            if let n = s.inUse[size] { s.inUse[size] = n > 1 ? n - 1 : nil }
            guard bytes <= s.capacity else { return [entry] }
            s.entries.append(entry)
            s.held += bytes
            if bytes < Self.minimumBytes { s.smallHeld += bytes }
            return Self.trim(&s)
        }
        _ = dropped  // freed outside the lock
    }
}
