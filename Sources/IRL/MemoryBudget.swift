import Foundation
import Synchronization

/// The most memory a call may allocate for its arrays, in bytes: the one budget of the package.
///
/// Every door — the Swift solvers, the CLI, the C ABI and the Python package over it — computes
/// the bytes a call needs with overflow-checked arithmetic (``bytes(_:scalarBytes:)``) and checks
/// them here (``check(_:bytes:suggestion:)``) *before* allocating. A request beyond the budget,
/// or one whose size does not even fit 64-bit arithmetic, is a thrown
/// ``IRLError/exceedsMemoryBudget(what:bytes:budget:suggestion:)`` naming the request, its sizes,
/// the bytes and the budget — never a trap or a process killed by the operating system. Solves
/// that can trade time for memory (the soft backward + forward pass) pick the fastest mode that
/// fits.
///
/// The budget in force (``default``) is, in order: the one set with ``setProcessDefault(_:)``
/// (the CLI's `--memory-budget`), the environment variable `IMITATION_GAME_MEMORY_MB` (mebibytes),
/// or half of the machine's physical memory.
public struct MemoryBudget: Sendable, Hashable, Comparable {
    /// The budget in bytes.
    public var bytes: Int

    /// A budget of `bytes` bytes.
    public init(bytes: Int) { self.bytes = Swift.max(0, bytes) }

    /// A budget in gibibytes (2³⁰ bytes).
    public static func gibibytes(_ g: Double) -> MemoryBudget {
        MemoryBudget(bytes: g.isFinite && g > 0 ? Int(clamping: UInt64(Swift.min(g * 1_073_741_824, 9.2e18))) : 0)
    }

    /// A budget in mebibytes (2²⁰ bytes).
    public static func mebibytes(_ m: Double) -> MemoryBudget { gibibytes(m / 1024) }

    /// Half of the machine's physical memory: room for the solve and for whatever else runs.
    public static var halfOfPhysicalMemory: MemoryBudget {
        MemoryBudget(bytes: Int(clamping: ProcessInfo.processInfo.physicalMemory / 2))
    }

    /// The budget in force: the process default if set, else `IMITATION_GAME_MEMORY_MB`, else
    /// ``halfOfPhysicalMemory``.
    public static var `default`: MemoryBudget {
        if let set = processDefault.withLock({ $0 }) { return set }
        if let fromEnvironment = try? environmentBudget() { return fromEnvironment }
        return halfOfPhysicalMemory
    }

    /// Sets (or, with `nil`, clears) the budget every call of this process uses by default.
    public static func setProcessDefault(_ budget: MemoryBudget?) {
        processDefault.withLock { $0 = budget }
    }

    /// The budget that `IMITATION_GAME_MEMORY_MB` sets, `nil` when it is not set.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` when it is not a positive number.
    public static func environmentBudget() throws(IRLError) -> MemoryBudget? {
        // getenv, not ProcessInfo's environment dictionary: the solvers read the budget on every
        // pass, and building that dictionary costs ~30 µs a call.
        guard let raw = getenv(environmentVariable) else { return nil }
        let text = String(cString: raw)
        guard let mb = Double(text.trimmingCharacters(in: .whitespaces)), mb.isFinite, mb > 0 else {
            throw .invalidParameter(
                argument: environmentVariable, value: Double(text) ?? .nan, reason: "must be a positive number of mebibytes (got \"\(text)\")")
        }
        return mebibytes(mb)
    }

    /// The environment variable that sets the default budget in mebibytes.
    public static let environmentVariable = "IMITATION_GAME_MEMORY_MB"

    private static let processDefault = Mutex<MemoryBudget?>(nil)

    /// No limit.
    public static var unlimited: MemoryBudget { MemoryBudget(bytes: .max) }

    public static func < (lhs: MemoryBudget, rhs: MemoryBudget) -> Bool { lhs.bytes < rhs.bytes }

    /// `Σ_i Π(counts[i]) · scalarBytes`: the bytes of several arrays, each given by its shape,
    /// or `nil` when a count is negative or the total overflows `Int`.
    /// - Complexity: O(total rank).
    public static func bytes(_ arrays: [[Int]], scalarBytes: Int) -> Int? {
        var total = 0
        for shape in arrays {
            var n = scalarBytes
            for count in shape {
                guard count >= 0 else { return nil }
                let (product, overflow) = n.multipliedReportingOverflow(by: count)
                if overflow { return nil }
                n = product
            }
            let (sum, overflow) = total.addingReportingOverflow(n)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    /// Checks a request before it allocates.
    /// - Parameters:
    ///   - what: the request and its sizes, e.g. `"soft value iteration (S = 10, A = 4, B = 1, H = 10¹²)"`.
    ///   - bytes: the bytes it needs, `nil` when the size overflowed (see ``bytes(_:scalarBytes:)``).
    ///   - suggestion: what would make it fit.
    /// - Throws: ``IRLError/exceedsMemoryBudget(what:bytes:budget:suggestion:)`` (with `bytes = Int.max`
    ///   and "(more than 2⁶³ − 1)" in `what` on overflow).
    public func check(_ what: @autoclosure () -> String, bytes: Int?, suggestion: @autoclosure () -> String) throws(IRLError) {
        guard let bytes else {
            throw .exceedsMemoryBudget(what: "\(what()) (its size overflows 64-bit arithmetic)", bytes: .max, budget: self.bytes,
                                       suggestion: suggestion())
        }
        guard bytes <= self.bytes else {
            throw .exceedsMemoryBudget(what: what(), bytes: bytes, budget: self.bytes, suggestion: suggestion())
        }
    }

    /// ``check(_:bytes:suggestion:)`` of arrays given by their shapes.
    public func check<Scalar>(
        _ what: @autoclosure () -> String, arrays: [[Int]], of _: Scalar.Type, suggestion: @autoclosure () -> String
    ) throws(IRLError) {
        try check(what(), bytes: Self.bytes(arrays, scalarBytes: MemoryLayout<Scalar>.stride), suggestion: suggestion())
    }
}
