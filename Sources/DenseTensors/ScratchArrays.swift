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
/// the same scalar type and count reuses it without a page fault.
///
/// The cache holds memory that no result references: call ``release()`` after the last solve
/// of a long-lived process, or set ``capacityBytes`` to 0 to keep nothing. The default capacity
/// is the environment variable `IMITATION_GAME_SCRATCH_MB` (mebibytes) when set, else 2 GiB.
/// Thread-safe.
public enum ScratchArrays {
    struct Entry: @unchecked Sendable {
        let type: ObjectIdentifier
        let count: Int
        let bytes: Int
        /// The array itself (an `Array<Scalar>` boxed as `Any`: the box shares its storage).
        let storage: Any
    }

    struct State {
        var capacity: Int
        var held = 0
        /// Least recently given back first.
        var entries: [Entry] = []
    }

    static let state = Mutex(State(capacity: defaultCapacity()))

    static func defaultCapacity() -> Int {
        if let text = ProcessInfo.processInfo.environment["IMITATION_GAME_SCRATCH_MB"], let mib = Double(text), mib >= 0, mib.isFinite {
            return Int(min(mib, Double(Int.max >> 21)) * 1_048_576)
        }
        return 2 << 30
    }

    /// The most bytes the cache keeps between calls. Setting it drops the least recently given
    /// back arrays beyond the new capacity (0 keeps nothing); negative values count as 0.
    public static var capacityBytes: Int {
        get { state.withLock { $0.capacity } }
        set {
            state.withLock { s in
                s.capacity = max(0, newValue)
                trim(&s)
            }
        }
    }

    /// The bytes the cache holds now (arrays that no caller uses).
    public static var heldBytes: Int { state.withLock { $0.held } }

    /// Drops every kept array (their memory goes back to the system).
    public static func release() {
        state.withLock { s in
            s.entries.removeAll()
            s.held = 0
        }
    }

    /// An array of `count` scalars for the caller to own until ``giveBack(_:)``: a kept one of
    /// the same type and count when there is one (its contents are what its last user left),
    /// else a new array of zeros with huge-page advice (see `Array(largeRepeating:count:)`).
    /// Callers must not read a scalar before writing it.
    /// - Complexity: O(1) when reused, O(count) for a new array.
    @inlinable
    public static func take<Scalar: BLASScalar>(_ type: Scalar.Type, count: Int) -> [Scalar] {
        if let kept: [Scalar] = _takeKept(type, count: count) { return kept }
        return [Scalar](largeRepeating: 0, count: count)
    }

    @usableFromInline
    static func _takeKept<Scalar>(_ type: Scalar.Type, count: Int) -> [Scalar]? {
        let id = ObjectIdentifier(type)
        return state.withLock { s -> [Scalar]? in
            guard let i = s.entries.lastIndex(where: { $0.type == id && $0.count == count }) else { return nil }
            let entry = s.entries.remove(at: i)
            s.held -= entry.bytes
            return entry.storage as? [Scalar]
        }
    }

    /// Keeps `array` for a later ``take(_:count:)`` when it fits within ``capacityBytes``
    /// (dropping older arrays as needed) and leaves `array` empty. Arrays under 1 MiB are
    /// simply freed (the allocator reuses small blocks without page faults).
    /// - Complexity: O(number of kept arrays).
    public static func giveBack<Scalar>(_ array: inout [Scalar]) {
        let bytes = array.count * MemoryLayout<Scalar>.stride
        var kept = [Scalar]()
        swap(&kept, &array)
        guard bytes >= 1 << 20 else { return }
        let entry = Entry(type: ObjectIdentifier(Scalar.self), count: kept.count, bytes: bytes, storage: kept)
        kept = []  // the entry holds the only reference: a later take mutates in place
        state.withLock { s in
            guard bytes <= s.capacity else { return }
            s.entries.append(entry)
            s.held += bytes
            trim(&s)
        }
    }

    static func trim(_ s: inout State) {
        while s.held > s.capacity, !s.entries.isEmpty {
            s.held -= s.entries.removeFirst().bytes
        }
    }
}
