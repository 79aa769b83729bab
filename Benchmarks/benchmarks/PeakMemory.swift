import Foundation

/// The process's peak resident memory (`VmHWM` in `/proc/self/status`, Linux).
///
/// `VmHWM` is a process-wide high-water mark. To report a peak per scenario, the benchmarks reset
/// it before each scenario by writing `5` to `/proc/self/clear_refs` (Linux ≥ 4.0), which sets
/// the mark to the current resident size; every scenario frees its data before the next starts,
/// so the reported peak is that scenario's plus the small resident baseline of the process.
/// Where the reset is refused, the mark is the high-water mark so far and the reports say so.
enum PeakMemory {
    /// Whether the reported peak covers one scenario or the whole process so far.
    enum Scope: String, Sendable {
        case scenario
        case process
    }

    /// Resets the high-water mark to the current resident size.
    /// - Returns: `.scenario` when the kernel accepted the reset, `.process` otherwise.
    static func resetHighWaterMark() -> Scope {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return .process }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return .scenario
        } catch {
            return .process
        }
    }

    /// The peak resident memory in bytes, or `nil` where `/proc/self/status` has no `VmHWM`.
    static func highWaterMarkBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            // "VmHWM:     12345 kB"
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
