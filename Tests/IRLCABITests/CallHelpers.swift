// Calls of the solver functions with every output allocated by the test (or NULL when not
// wanted), as a C caller writes them; the results come back as arrays.

/// The outputs of `ig_soft_value_iteration_*` (`nil` where the pointer was NULL).
struct SoftOutputs<Scalar: CABIScalar> {
    var status: Int32
    var values: [Scalar]?
    var policy: [Scalar]?
    var q: [Scalar]?
    var d: [Scalar]?
    var mu: [Scalar]?
}

/// Which outputs a call asks for.
struct Wanted: OptionSet {
    let rawValue: Int
    static let values = Wanted(rawValue: 1)
    static let policy = Wanted(rawValue: 2)
    static let q = Wanted(rawValue: 4)
    static let d = Wanted(rawValue: 8)
    static let mu = Wanted(rawValue: 16)
    static let all: Wanted = [.values, .policy, .q, .d, .mu]
}

/// `ig_soft_value_iteration_*` on `pr` (converted to `Scalar`); `horizon` 0 is the infinite one.
/// The initial distribution is passed only when the forward pass is wanted (it is optional otherwise).
func callSoftVI<Scalar: CABIScalar>(
    _: Scalar.Type, _ handle: OpaquePointer, _ pr: CProblem, horizon h: Int, discount: Double,
    options: IGOptions? = nil, terminal: Bool = false, wanted: Wanted = .all
) -> SoftOutputs<Scalar> {
    let rows = max(h, 1)
    let (sb, sab) = (pr.states * pr.batch, pr.states * pr.actions * pr.batch)
    let values = OutputBuffer<Scalar>(count: (h == 0 ? 1 : h + 1) * sb, wanted: wanted.contains(.values))
    let policy = OutputBuffer<Scalar>(count: rows * sab, wanted: wanted.contains(.policy))
    let q = OutputBuffer<Scalar>(count: rows * sab, wanted: wanted.contains(.q))
    let d = OutputBuffer<Scalar>(count: (h == 0 ? 1 : h + 1) * sb, wanted: wanted.contains(.d))
    let mu = OutputBuffer<Scalar>(count: sab, wanted: wanted.contains(.mu))
    let reward = scalars(pr.reward, as: Scalar.self)
    let terminalValues: [Scalar]? = terminal ? scalars(pr.terminal, as: Scalar.self) : nil
    let rho: [Scalar]? = wanted.isDisjoint(with: [.d, .mu]) ? nil : scalars(pr.rho, as: Scalar.self)
    let status = withOptionalPointer(terminalValues) { vH in
        withOptionalPointer(rho) { rho0 in
            withOptions(options) { o in
                Scalar.softValueIteration(
                    handle, Int64(h), discount, reward, Int64(pr.batch), vH, o, values.pointer, policy.pointer, q.pointer,
                    rho0, d.pointer, mu.pointer)
            }
        }
    }
    return SoftOutputs(status: status, values: values.take(), policy: policy.take(), q: q.take(), d: d.take(), mu: mu.take())
}

/// `body` with a pointer to the array's elements, or NULL.
func withOptionalPointer<T, R>(_ array: [T]?, _ body: (UnsafePointer<T>?) throws -> R) rethrows -> R {
    guard let array else { return try body(nil) }
    return try array.withUnsafeBufferPointer { try body($0.baseAddress) }
}

/// `body` with a pointer to an options struct (`ig_options`, `ig_maxent_options`), or NULL.
func withOptions<T, R>(_ options: T?, _ body: (UnsafeRawPointer?) throws -> R) rethrows -> R {
    guard var options else { return try body(nil) }
    return try withUnsafeBytes(of: &options) { try body($0.baseAddress) }
}

/// `ig_occupancy_measures_*` of `policy` `[steps, S, A, B]`; returns the status, `d` and `μ`.
func callOccupancy<Scalar: CABIScalar>(
    _: Scalar.Type, _ handle: OpaquePointer, _ pr: CProblem, policy: [Double], steps: Int, horizon h: Int,
    discount: Double, options: IGOptions? = nil, wanted: Wanted = [.d, .mu]
) -> (status: Int32, d: [Scalar]?, mu: [Scalar]?) {
    let (sb, sab) = (pr.states * pr.batch, pr.states * pr.actions * pr.batch)
    let d = OutputBuffer<Scalar>(count: (h == 0 ? 1 : h + 1) * sb, wanted: wanted.contains(.d))
    let mu = OutputBuffer<Scalar>(count: sab, wanted: wanted.contains(.mu))
    let pi = scalars(policy, as: Scalar.self)
    let rho = scalars(pr.rho, as: Scalar.self)
    let status = withOptions(options) { o in
        Scalar.occupancyMeasures(handle, Int64(h), discount, rho, pi, Int64(steps), Int64(pr.batch), o, d.pointer, mu.pointer)
    }
    return (status, d.take(), mu.take())
}

/// `ig_evaluate_policy_*` of `policy` `[steps, S, A, B]` under `pr.reward`; returns the status, `Q`, `V`, `J`.
func callEvaluate<Scalar: CABIScalar>(
    _: Scalar.Type, _ handle: OpaquePointer, _ pr: CProblem, policy: [Double], steps: Int, horizon h: Int,
    discount: Double, terminal: Bool = false, wanted: Wanted = [.q, .values, .mu]
) -> (status: Int32, q: [Scalar]?, v: [Scalar]?, returns: [Scalar]?) {
    let (sb, sab) = (pr.states * pr.batch, pr.states * pr.actions * pr.batch)
    let q = OutputBuffer<Scalar>(count: max(h, 1) * sab, wanted: wanted.contains(.q))
    let v = OutputBuffer<Scalar>(count: (h == 0 ? 1 : h + 1) * sb, wanted: wanted.contains(.values))
    // `.mu` stands for the returns here.
    let returns = OutputBuffer<Scalar>(count: pr.batch, wanted: wanted.contains(.mu))
    let pi = scalars(policy, as: Scalar.self)
    let rho = scalars(pr.rho, as: Scalar.self)
    let reward = scalars(pr.reward, as: Scalar.self)
    let vH: [Scalar]? = terminal ? scalars(pr.terminal, as: Scalar.self) : nil
    let status = withOptionalPointer(vH) { terminalValues in
        Scalar.evaluatePolicy(
            handle, Int64(h), discount, rho, terminalValues, pi, Int64(steps), reward, Int64(pr.batch), nil, q.pointer,
            v.pointer, returns.pointer)
    }
    return (status, q.take(), v.take(), returns.take())
}
