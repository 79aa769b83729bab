import DenseTensors
import IRL
import IRLCABI
import Testing

/// A small random MDP as flat row-major arrays, the layouts of the header: `P[S, A, S]`,
/// `r[S, A, B]` (some actions masked with `−∞`, never all of a state's), `ρ₀[S]`, `V_H[S]`.
struct CProblem {
    let states: Int
    let actions: Int
    let batch: Int
    var p: [Double]
    var reward: [Double]
    var rho: [Double]
    var terminal: [Double]

    /// - Parameters:
    ///   - successors: the nonzeros per row (`nil`: every entry nonzero).
    ///   - sharedSuccessors: the actions of a state move to the same successor set (per-state
    ///     blocks when extracted as CSR) rather than each to its own.
    ///   - maskedFraction: the chance that a reward entry is `−∞`.
    init(
        states: Int, actions: Int, batch: Int, seed: UInt64, successors: Int? = nil, sharedSuccessors: Bool = false,
        maskedFraction: Double = 0.3
    ) {
        var rng = SplitMix64(seed: seed)
        self.states = states
        self.actions = actions
        self.batch = batch
        p = [Double](repeating: 0, count: states * actions * states)
        for s in 0..<states {
            var shared = Array((0..<states).shuffled(using: &rng).prefix(successors ?? states))
            for a in 0..<actions {
                if !sharedSuccessors { shared = Array((0..<states).shuffled(using: &rng).prefix(successors ?? states)) }
                let weights = shared.map { _ in Double.random(in: 0.05...1, using: &rng) }
                let total = weights.reduce(0, +)
                for (next, w) in zip(shared, weights) { p[(s * actions + a) * states + next] = w / total }
            }
        }
        reward = (0..<(states * actions * batch)).map { _ in Double.random(in: -2...2, using: &rng) }
        for s in 0..<states {
            for b in 0..<batch {
                let kept = Int.random(in: 0..<actions, using: &rng)
                for a in 0..<actions where a != kept && Double.random(in: 0..<1, using: &rng) < maskedFraction {
                    reward[(s * actions + a) * batch + b] = -.infinity
                }
            }
        }
        let weights = (0..<states).map { _ in Double.random(in: 0.1...1, using: &rng) }
        let total = weights.reduce(0, +)
        rho = weights.map { $0 / total }
        terminal = (0..<states).map { _ in Double.random(in: -1...1, using: &rng) }
    }

    /// `P(s'|s,a)`.
    func probability(_ s: Int, _ a: Int, _ next: Int) -> Double { p[(s * actions + a) * states + next] }

    /// The number of masked reward entries (a test with none would not test masking).
    var maskedCount: Int { reward.filter { $0 == -.infinity }.count }

    /// The transition tensor as CSR arrays over the `S·A` rows, with each row's entries in
    /// reverse order and its first entry split into two halves (indices need not be sorted;
    /// duplicates add up).
    func csr<Index: FixedWidthInteger>(_: Index.Type) -> (indptr: [Index], indices: [Index], data: [Double]) {
        var indptr: [Index] = [0]
        var indices: [Index] = []
        var data: [Double] = []
        for row in 0..<(states * actions) {
            let entries = (0..<states).reversed().filter { p[row * states + $0] != 0 }
            for (k, next) in entries.enumerated() {
                let x = p[row * states + next]
                if k == 0 {
                    indices += [Index(next), Index(next)]
                    data += [x / 2, x - x / 2]
                } else {
                    indices.append(Index(next))
                    data.append(x)
                }
            }
            indptr.append(Index(indices.count))
        }
        return (indptr, indices, data)
    }
}

/// Converts the Double arrays of a problem to the scalar type under test.
func scalars<Scalar: CABIScalar>(_ x: [Double], as _: Scalar.Type) -> [Scalar] { x.map { Scalar($0) } }

/// Makes a handle with `ig_transitions_dense_*` over the caller's `p`, runs `body`, frees it.
/// The tensor is read in place by the handle, so it stays borrowed for the whole closure.
func withDenseTransitions<Scalar: CABIScalar, R>(
    _ p: [Scalar], states: Int, actions: Int, storage: Int32 = IGStorage.auto, tolerance: Double = 0,
    _ body: (OpaquePointer) throws -> R
) throws -> R {
    try p.withUnsafeBufferPointer { buffer in
        var handle: OpaquePointer?
        let status = Scalar.transitionsDense(buffer.baseAddress, Int64(states), Int64(actions), storage, tolerance, &handle)
        #expect(status == IGStatus.ok, "\(statusName(status)): \(lastErrorMessage())")
        let made = try #require(handle)
        defer { ig_transitions_free(made) }
        return try body(made)
    }
}

/// Makes a handle with `ig_transitions_csr_*` (`Index` is `Int32` or `Int64`), runs `body`, frees it.
func withCSRTransitions<Scalar: CABIScalar, Index: FixedWidthInteger, R>(
    indptr: [Index], indices: [Index], data: [Scalar], states: Int, actions: Int, tolerance: Double = 0,
    _ body: (OpaquePointer) throws -> R
) throws -> R {
    try indptr.withUnsafeBytes { rowStart in
        try indices.withUnsafeBytes { columns in
            try data.withUnsafeBufferPointer { values in
                var handle: OpaquePointer?
                let status = Scalar.transitionsCSR(
                    Int64(states), Int64(actions), rowStart.baseAddress, columns.baseAddress, Int32(Index.bitWidth),
                    values.baseAddress, Int64(data.count), tolerance, &handle)
                #expect(status == IGStatus.ok, "\(statusName(status)): \(lastErrorMessage())")
                let made = try #require(handle)
                defer { ig_transitions_free(made) }
                return try body(made)
            }
        }
    }
}

/// An output array the test allocates for the library to write, filled with NaN so that an
/// entry left unwritten shows; `nil` (NULL to the library) when the output is not wanted.
struct OutputBuffer<Scalar: BinaryFloatingPoint> {
    let buffer: UnsafeMutableBufferPointer<Scalar>?

    init(count: Int, wanted: Bool = true) {
        guard wanted else {
            buffer = nil
            return
        }
        let b = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: count)
        b.initialize(repeating: .nan)
        buffer = b
    }

    var pointer: UnsafeMutablePointer<Scalar>? { buffer?.baseAddress }

    /// The contents, and the memory given back.
    func take() -> [Scalar]? {
        guard let buffer else { return nil }
        defer { buffer.deallocate() }
        return Array(buffer)
    }
}

/// Expects `actual` to match the Double `reference` entry by entry within
/// `tolerance · max(1, |reference|)` (by default `Scalar.referenceTolerance`); infinite
/// reference entries must match exactly.
func expectClose<Scalar: CABIScalar>(
    _ actual: [Scalar]?, _ reference: [Double], _ what: String, relativeTolerance: Double? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let tolerance = relativeTolerance ?? Scalar.referenceTolerance
    guard let actual else {
        Issue.record("\(what): no output", sourceLocation: sourceLocation)
        return
    }
    guard actual.count == reference.count else {
        Issue.record("\(what): \(actual.count) entries, expected \(reference.count)", sourceLocation: sourceLocation)
        return
    }
    var worst = (index: -1, error: 0.0)
    for i in actual.indices {
        let (x, y) = (Double(actual[i]), reference[i])
        if y.isInfinite || x.isInfinite || x.isNaN {
            if x != y {
                Issue.record("\(what)[\(i)] = \(x), expected \(y)", sourceLocation: sourceLocation)
                return
            }
            continue
        }
        let error = abs(x - y) / max(1, abs(y))
        if error > worst.error { worst = (i, error) }
    }
    #expect(
        worst.error <= tolerance,
        "\(what)[\(worst.index)] = \(worst.index >= 0 ? Double(actual[worst.index]) : 0), reference \(worst.index >= 0 ? reference[worst.index] : 0)",
        sourceLocation: sourceLocation)
}

/// Expects a failed call: its status, `ig_status_name` of it, and every `fragment` in the message.
func expectFailure(
    _ status: Int32, _ expected: Int32, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation
) {
    let message = lastErrorMessage()
    #expect(status == expected, "\(statusName(status)) (\(message)), expected \(statusName(expected))", sourceLocation: sourceLocation)
    #expect(statusName(status) == statusName(expected), sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(message.contains(fragment), "message \"\(message)\" lacks \"\(fragment)\"", sourceLocation: sourceLocation)
    }
}
