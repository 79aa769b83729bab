import Foundation

/// The most memory a solve may allocate for its arrays, in bytes.
///
/// Solves that can trade time for memory (the soft backward + forward pass)
/// pick the fastest mode that fits; when none fits they throw
/// ``IRLError/exceedsMemoryBudget(what:bytes:budget:suggestion:)`` before allocating anything,
/// rather than being killed by the operating system.
public struct MemoryBudget: Sendable, Hashable, Comparable {
    /// The budget in bytes.
    public var bytes: Int

    /// A budget of `bytes` bytes.
    public init(bytes: Int) { self.bytes = Swift.max(0, bytes) }

    /// A budget in gibibytes (2³⁰ bytes).
    public static func gibibytes(_ g: Double) -> MemoryBudget { MemoryBudget(bytes: Int(g * 1_073_741_824)) }

    /// Half of the machine's physical memory: room for the solve and for whatever else runs.
    public static var `default`: MemoryBudget {
        MemoryBudget(bytes: Int(clamping: ProcessInfo.processInfo.physicalMemory / 2))
    }

    /// No limit.
    public static var unlimited: MemoryBudget { MemoryBudget(bytes: .max) }

    public static func < (lhs: MemoryBudget, rhs: MemoryBudget) -> Bool { lhs.bytes < rhs.bytes }
}
