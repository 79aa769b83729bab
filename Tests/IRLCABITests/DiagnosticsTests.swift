import Foundation
import IRLCABI
import Synchronization
import Testing

/// The package's root folder, found from this file (the header and sources are read, not bundled).
func sourceRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// include/imitation_game.h: the tests check the library against it.
func headerText() throws -> String {
    try String(contentsOf: sourceRoot().appendingPathComponent("include/imitation_game.h"), encoding: .utf8)
}

/// Version, status names, the thread's message, option defaults, scratch memory, and the exported
/// symbols themselves.
@Suite("C ABI: diagnostics and defaults")
struct DiagnosticsTests {
    @Test func versionMatchesTheHeader() throws {
        let header = try headerText()
        let line = try #require(header.split(separator: "\n").first { $0.hasPrefix("#define IG_VERSION_STRING") })
        let quoted = try #require(line.split(separator: "\"").dropFirst().first)
        #expect(String(cString: ig_version()) == String(quoted))
        #expect(String(cString: ig_version()).split(separator: ".").count == 3)
    }

    /// Every enumerator of `ig_status` in the header, by name and value, and unknown values.
    @Test func statusNamesMatchTheHeaderEnum() throws {
        let header = try headerText()
        let body = try #require(
            header.range(of: "typedef enum ig_status {").flatMap { start in
                header.range(of: "} ig_status;", range: start.upperBound..<header.endIndex).map { header[start.upperBound..<$0.lowerBound] }
            })
        var seen: [Int32: String] = [:]
        for line in body.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Int32(parts[1].prefix { $0.isNumber }) else { continue }
            seen[value] = parts[0]
        }
        #expect(seen.count == 17)
        for (value, name) in seen { #expect(statusName(value) == name, "ig_status_name(\(value))") }
        let constants: [Int32] = [
            IGStatus.ok, IGStatus.nullArgument, IGStatus.shapeMismatch, IGStatus.nonFinite, IGStatus.negativeProbability,
            IGStatus.notNormalized, IGStatus.invalidHorizon, IGStatus.invalidDiscount, IGStatus.invalidArgument,
            IGStatus.indexOutOfRange, IGStatus.noValidAction, IGStatus.didNotConverge, IGStatus.memoryBudget,
            IGStatus.singularMatrix, IGStatus.wrongPrecision, IGStatus.unavailable, IGStatus.internalError,
        ]
        #expect(Set(constants) == Set(seen.keys))
        #expect(statusName(IGStatus.memoryBudget) == "IG_ERROR_MEMORY_BUDGET")
        for unknown: Int32 in [-1, 16, 98, 100, 1234, .max, .min] { #expect(statusName(unknown) == "IG_ERROR_UNKNOWN") }
    }

    /// The functions the header declares are exactly the `@_cdecl` symbols of Sources/IRLCABI.
    /// (The test process links the target statically, without a dynamic symbol table to `dlsym`.)
    @Test func everyHeaderFunctionIsExported() throws {
        let header = try headerText()
        let declared = Set(
            header.split(separator: "\n").compactMap { line -> String? in
                guard !line.hasPrefix(" "), !line.hasPrefix("#"), !line.hasPrefix("typedef"), let open = line.firstIndex(of: "(")
                else { return nil }
                let head = line[..<open].split(separator: " ").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "*")) }
                return head.flatMap { $0.hasPrefix("ig_") ? $0 : nil }
            })
        let sources = sourceRoot().appendingPathComponent("Sources/IRLCABI")
        var exported = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: sources.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            // `ig_test_*` are debug-build test switches, deliberately absent from the public header.
            for piece in text.components(separatedBy: "@_cdecl(\"").dropFirst() where !piece.hasPrefix("ig_test_") {
                exported.insert(String(piece.prefix { $0 != "\"" }))
            }
        }
        #expect(declared.count == 21, "\(declared.sorted())")
        #expect(declared == exported, "header only: \(declared.subtracting(exported)), exported only: \(exported.subtracting(declared))")
    }

    @Test func aSuccessClearsTheMessage() throws {
        var handle: OpaquePointer?
        #expect(ig_transitions_dense_f64(nil, 2, 1, IGStorage.auto, 0, &handle) == IGStatus.nullArgument)
        #expect(!lastErrorMessage().isEmpty)
        let p: [Double] = [1, 0, 0, 1]
        let status = ig_transitions_dense_f64(p, 2, 1, IGStorage.dense, 0, &handle)
        defer { ig_transitions_free(handle) }
        #expect(status == IGStatus.ok && handle != nil)
        #expect(lastErrorMessage() == "")
    }

    /// Messages are the calling thread's: two threads failing differently each read their own.
    @Test func messagesArePerThread() throws {
        let p: [Double] = [1, 0, 0, 1]
        try withDenseTransitions(p, states: 2, actions: 1) { handle in
            let reward: [Double] = [0, 1]
            let seen = Mutex<[Double: Set<String>]>([:])
            // The handle crosses threads as C code would pass it: an address.
            let address = Int(bitPattern: handle)
            DispatchQueue.concurrentPerform(iterations: 2) { worker in
                let handle = OpaquePointer(bitPattern: address)
                let discount = worker == 0 ? 2.0 : -1.0
                for _ in 0..<100 {
                    let status = ig_soft_value_iteration_f64(handle, 3, discount, reward, 1, nil, nil, nil, nil, nil, nil, nil, nil)
                    let message = "\(status) \(lastErrorMessage())"
                    _ = seen.withLock { $0[discount, default: []].insert(message) }
                }
            }
            let result = seen.withLock { $0 }
            #expect(result[2.0] == ["7 discount: 2.0 is outside [0, 1]"])
            #expect(result[-1.0] == ["7 discount: -1.0 is outside [0, 1]"])
        }
    }

    @Test func optionDefaults() {
        #expect(MemoryLayout<IGOptions>.size == 40 && MemoryLayout<IGMaxEntOptions>.size == 72)
        let o = IGOptions.defaults
        #expect(o.temperature == 1 && o.tolerance == 1e-10 && o.maxIterations == 100_000)
        #expect(o.probabilityTolerance == 0 && o.threads == 0)
        let m = IGMaxEntOptions.defaults
        #expect(m.maxIterations == 500 && m.stepSize == 0.1 && m.mismatchTolerance == 1e-6 && m.gradientTolerance == 0)
        #expect(m.l2Regularization == 0 && m.temperature == 1 && m.optimizer == 0 && m.schedule == 0 && m.threads == 0)
        // NULL is ignored, as in C.
        ig_options_default(nil)
        ig_maxent_options_default(nil)
        ig_transitions_free(nil)
    }

    /// Defaults passed explicitly give the same numbers as NULL options.
    @Test func defaultOptionsEqualNullOptions() throws {
        let pr = CProblem(states: 4, actions: 3, batch: 2, seed: 41)
        try withDenseTransitions(pr.p, states: 4, actions: 3) { handle in
            var options = IGOptions.defaults
            var withDefaults = [Double](repeating: .nan, count: 6 * 4 * 2)
            var withNull = withDefaults
            #expect(ig_soft_value_iteration_f64(handle, 5, 0.9, pr.reward, 2, nil, &options, &withDefaults, nil, nil, nil, nil, nil) == 0)
            #expect(ig_soft_value_iteration_f64(handle, 5, 0.9, pr.reward, 2, nil, nil, &withNull, nil, nil, nil, nil, nil) == 0)
            #expect(withDefaults == withNull)
            expectClose(withNull, referenceSoftVI(pr, horizon: 5, discount: 0.9).values, "V")
        }
    }

    /// The memory kept between calls: the arrays a freed handle extracted are kept, and
    /// `ig_scratch_release` gives them back. Other tests run at the same time and use the same
    /// process-wide cache, so each observation may take a few tries.
    @Test func scratchIsHeldAndReleased() throws {
        // 509 states, 8 successors per row: below 5 % density, so the handle extracts the nonzeros.
        let pr = CProblem(states: 509, actions: 4, batch: 1, seed: 17, successors: 8)
        var heldAfterFree = false
        var zeroAfterRelease = false
        for _ in 0..<20 where !(heldAfterFree && zeroAfterRelease) {
            var owned: Int64 = -1
            try withDenseTransitions(pr.p, states: 509, actions: 4) { handle in
                #expect(ig_transitions_describe(handle, nil, nil, nil, nil, nil, &owned) == IGStatus.ok)
            }
            #expect(owned > 0)
            heldAfterFree = heldAfterFree || ig_scratch_held_bytes() >= 16 << 10
            ig_scratch_release()
            zeroAfterRelease = zeroAfterRelease || ig_scratch_held_bytes() == 0
        }
        #expect(heldAfterFree, "a freed handle's arrays are kept for reuse")
        #expect(zeroAfterRelease, "ig_scratch_release gives everything back")
        #expect(ig_scratch_held_bytes() >= 0)
    }
}
