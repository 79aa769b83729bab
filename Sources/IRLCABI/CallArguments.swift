import DenseTensors
import IRL

/// `ig_options` read from the caller's struct (five 8-byte fields, no padding — the header
/// asserts `sizeof(ig_options) == 40`), or the defaults when the pointer is `NULL`.
struct SolveOptions: Sendable {
    var temperature = 1.0
    var tolerance = 1e-10
    var maxIterations = 100_000
    /// `|Σ − 1|` allowed for ρ₀ and policy rows; ≤ 0 means √ε of the scalar type.
    var probabilityTolerance = 0.0
    /// Threads for the log-sum-exp kernel; ≤ 0 means the number of cores.
    var threads = 0

    static let byteCount = 40

    init() {}

    init(_ raw: UnsafeRawPointer?) throws(CFailure) {
        guard let raw else { return }
        temperature = raw.loadUnaligned(fromByteOffset: 0, as: Double.self)
        tolerance = raw.loadUnaligned(fromByteOffset: 8, as: Double.self)
        maxIterations = Int(raw.loadUnaligned(fromByteOffset: 16, as: Int64.self))
        probabilityTolerance = raw.loadUnaligned(fromByteOffset: 24, as: Double.self)
        threads = Int(raw.loadUnaligned(fromByteOffset: 32, as: Int64.self))
        guard temperature > 0, temperature.isFinite else {
            throw CFailure(.invalidArgument, "options.temperature: \(temperature) must be positive and finite")
        }
        guard tolerance > 0, tolerance.isFinite else {
            throw CFailure(.invalidArgument, "options.tolerance: \(tolerance) must be positive and finite")
        }
        guard maxIterations >= 1 else {
            throw CFailure(.invalidArgument, "options.max_iterations: \(maxIterations) must be at least 1")
        }
        guard !probabilityTolerance.isNaN else {
            throw CFailure(.invalidArgument, "options.probability_tolerance: NaN is not a tolerance")
        }
    }

    /// Writes the defaults into a caller's struct.
    static func writeDefaults(_ raw: UnsafeMutableRawPointer) {
        let d = SolveOptions()
        raw.storeBytes(of: d.temperature, toByteOffset: 0, as: Double.self)
        raw.storeBytes(of: d.tolerance, toByteOffset: 8, as: Double.self)
        raw.storeBytes(of: Int64(d.maxIterations), toByteOffset: 16, as: Int64.self)
        raw.storeBytes(of: d.probabilityTolerance, toByteOffset: 24, as: Double.self)
        raw.storeBytes(of: Int64(d.threads), toByteOffset: 32, as: Int64.self)
    }

    var threadCount: Int { threads > 0 ? threads : CThreads.processDefault }

    func probabilityTolerance<Scalar: BLASScalar>(_: Scalar.Type) -> Scalar? {
        probabilityTolerance > 0 && probabilityTolerance.isFinite ? Scalar(probabilityTolerance) : nil
    }
}

/// Reading the caller's arrays into library values, and writing results back.
enum CArrays {
    /// The horizon argument: `H ≥ 1` decisions, or `IG_INFINITE_HORIZON` (0).
    static func horizon(_ h: Int64) throws(CFailure) -> Horizon {
        if h == 0 { return .infinite }
        guard h >= 1 else {
            throw CFailure(.invalidHorizon, "horizon: \(h) is neither a positive number of decisions nor IG_INFINITE_HORIZON (0)")
        }
        guard h <= Int64(Int32.max) else {
            throw CFailure(.invalidHorizon, "horizon: \(h) decisions exceed the largest supported horizon, 2³¹ − 1")
        }
        return .finite(Int(h))
    }

    static func batch(_ b: Int64) throws(CFailure) -> Int {
        guard b >= 1 else { throw CFailure(.invalidArgument, "batch: \(b) must be at least 1") }
        guard b <= Int64(Int32.max) else {
            throw CFailure(.invalidArgument, "batch: \(b) columns exceed the largest supported batch, 2³¹ − 1")
        }
        return Int(b)
    }

    /// Checks a call's arrays before the call allocates anything: the caller's arrays (`callers`,
    /// the outputs it passed) and the ones the call allocates itself (`own`) together — the memory
    /// the call needs — against the budget (``MemoryBudget/default``: `IMITATION_GAME_MEMORY_MB`
    /// or half the RAM), with overflow-checked sizes.
    /// - Throws: ``CStatus/exceedsMemoryBudget`` naming the call, its sizes, the bytes and the budget.
    static func checkMemory<Scalar>(
        _ what: @autoclosure () -> String, callers: [[Int]], own: [[Int]], _: Scalar.Type
    ) throws(CFailure) {
        try CFailure.library { () throws(IRLError) in
            try MemoryBudget.default.check(
                what(), arrays: callers + own, of: Scalar.self,
                suggestion: "reduce the horizon or the batch, or raise \(MemoryBudget.environmentVariable)")
        }
    }

    /// Copies `count` scalars of a caller's array into a tensor, rejecting NaN and ±∞
    /// (`allowNegativeInfinity` lets `−∞` through, for rewards).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func tensor<Scalar: BLASScalar>(
        _ p: UnsafePointer<Scalar>?, shape: [Int], argument: String, allowNegativeInfinity: Bool = false
    ) throws(CFailure) -> Tensor<Scalar> {
        guard let p else { throw CFailure(.nullArgument, "\(argument) is NULL") }
        let (count, overflow) = shape.reduce((1, false)) { acc, n in
            let (product, o) = acc.0.multipliedReportingOverflow(by: n)
            return (product, acc.1 || o)
        }
        guard !overflow else { throw CFailure(.exceedsMemoryBudget, "\(argument): shape \(shape) overflows") }
        try checkMemory("a copy of \(argument) \(shape)", callers: [], own: [shape], Scalar.self)
        let buffer = UnsafeBufferPointer(start: p, count: count)
        for i in 0..<count where !buffer[i].isFinite {
            if allowNegativeInfinity && buffer[i] == -.infinity { continue }
            throw CFailure(.nonFinite(argument: argument, index: multiIndex(i, shape), value: Double(buffer[i])))
        }
        return try! Tensor(shape: shape, scalars: Array(buffer))
    }

    /// A caller's array used in place after checking it holds no NaN or `±∞` (`allowNegativeInfinity`
    /// lets `−∞` through, for rewards).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func borrowed<Scalar: BLASScalar>(
        _ p: UnsafePointer<Scalar>?, count: Int, shape: [Int], argument: String, allowNegativeInfinity: Bool = false
    ) throws(CFailure) -> UnsafeBufferPointer<Scalar> {
        guard let p else { throw CFailure(.nullArgument, "\(argument) is NULL") }
        let buffer = UnsafeBufferPointer(start: p, count: count)
        for i in 0..<count where !buffer[i].isFinite {
            if allowNegativeInfinity && buffer[i] == -.infinity { continue }
            throw CFailure(.nonFinite(argument: argument, index: multiIndex(i, shape), value: Double(buffer[i])))
        }
        return buffer
    }

    /// The caller's output buffer when given, else scratch memory of the same size.
    static func buffer<Scalar>(_ p: UnsafeMutablePointer<Scalar>?, count: Int) -> ScratchOrCaller<Scalar> {
        if let p { return ScratchOrCaller(caller: UnsafeMutableBufferPointer(start: p, count: count)) }
        return ScratchOrCaller(count: count)
    }

    /// Copies a result into the caller's buffer when one was given.
    static func write<Scalar: BLASScalar>(_ t: Tensor<Scalar>, to out: UnsafeMutablePointer<Scalar>?) {
        guard let out else { return }
        t.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            out.update(from: base, count: source.count)
        }
    }

    static func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    /// The MDP of one call: the handle's dynamics with this call's horizon, discount, start
    /// distribution (uniform when `NULL` and `initialRequired` is false) and terminal values.
    static func mdp<Scalar: BLASScalar>(
        _ handle: TransitionsHandle<Scalar>, horizon h: Int64, discount: Double, initial: UnsafePointer<Scalar>?,
        initialRequired: Bool, terminal: UnsafePointer<Scalar>?, options: SolveOptions
    ) throws(CFailure) -> TabularMDP<Scalar> {
        let s = handle.dynamics.stateCount
        let horizon = try horizon(h)
        guard discount.isFinite, discount >= 0, discount <= 1 else {
            throw CFailure(.invalidDiscount(discount, reason: "is outside [0, 1]"))
        }
        let rho: Tensor<Scalar>
        if initial == nil && !initialRequired {
            rho = Tensor(repeating: 1 / Scalar(s), shape: [s])
        } else {
            rho = try tensor(initial, shape: [s], argument: "initial_distribution")
        }
        let vH: Tensor<Scalar>? = terminal == nil ? nil : try tensor(terminal, shape: [s], argument: "terminal_values")
        return try CFailure.library { () throws(IRLError) in
            try TabularMDP(
                dynamics: handle.dynamics, initialDistribution: rho, horizon: horizon, discount: Scalar(discount),
                terminalValues: vH, tolerance: options.probabilityTolerance(Scalar.self))
        }
    }

    /// A caller's policy `[T, S, A, B]` with `T = policy_steps` (1 = stationary, or H).
    static func policy<Scalar: BLASScalar>(
        _ p: UnsafePointer<Scalar>?, steps: Int64, mdp: TabularMDP<Scalar>, batch: Int, options: SolveOptions
    ) throws(CFailure) -> Policy<Scalar> {
        guard steps >= 1, steps <= Int64(Int32.max) else {
            throw CFailure(.invalidArgument, "policy_steps: \(steps) must be 1 (stationary) or the horizon")
        }
        let shape = [Int(steps), mdp.stateCount, mdp.actionCount, batch]
        let t = try tensor(p, shape: shape, argument: "policy")
        return try CFailure.library { () throws(IRLError) in
            try Policy(timeIndexed: t, tolerance: options.probabilityTolerance(Scalar.self))
        }
    }
}

/// Memory a call writes to: the caller's output array, or scratch the call allocated (and
/// releases with ``release()`` before returning).
struct ScratchOrCaller<Scalar> {
    let buffer: UnsafeMutableBufferPointer<Scalar>
    let owned: Bool

    init(caller: UnsafeMutableBufferPointer<Scalar>) {
        buffer = caller
        owned = false
    }

    init(count: Int) {
        buffer = .allocate(capacity: Swift.max(count, 1))
        owned = true
    }

    func release() {
        if owned { buffer.deallocate() }
    }
}
