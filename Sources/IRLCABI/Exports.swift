// The exported C symbols of libimitationgame, declared in include/imitation_game.h. Each is a
// one-line forward to a generic body (CEntryPoints, TransitionsFactory) inside `withCStatus`,
// which turns every failure into a status code and a thread-local message.

// MARK: Options

/// `void ig_options_default(ig_options *options)`.
@_cdecl("ig_options_default")
public func ig_options_default(_ options: UnsafeMutableRawPointer?) {
    guard let options else { return }
    SolveOptions.writeDefaults(options)
}

// MARK: Transitions

@_cdecl("ig_transitions_dense_f64")
public func ig_transitions_dense_f64(
    _ p: UnsafePointer<Double>?, _ states: Int64, _ actions: Int64, _ storage: Int32, _ tolerance: Double,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        guard let out else { throw CFailure(.nullArgument, "out (the handle's address) is NULL") }
        out.pointee = nil
        out.pointee = try TransitionsFactory.dense(p, states: states, actions: actions, storage: storage, tolerance: tolerance)
            .retainedPointer()
    }
}

@_cdecl("ig_transitions_dense_f32")
public func ig_transitions_dense_f32(
    _ p: UnsafePointer<Float>?, _ states: Int64, _ actions: Int64, _ storage: Int32, _ tolerance: Double,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        guard let out else { throw CFailure(.nullArgument, "out (the handle's address) is NULL") }
        out.pointee = nil
        out.pointee = try TransitionsFactory.dense(p, states: states, actions: actions, storage: storage, tolerance: tolerance)
            .retainedPointer()
    }
}

@_cdecl("ig_transitions_csr_f64")
public func ig_transitions_csr_f64(
    _ states: Int64, _ actions: Int64, _ indptr: UnsafeRawPointer?, _ indices: UnsafeRawPointer?, _ indexBits: Int32,
    _ data: UnsafePointer<Double>?, _ nonzeros: Int64, _ tolerance: Double, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        guard let out else { throw CFailure(.nullArgument, "out (the handle's address) is NULL") }
        out.pointee = nil
        out.pointee = try TransitionsFactory.csr(
            states: states, actions: actions, indptr: indptr, indices: indices,
            indexBits: indexBits, data: data, nonzeros: nonzeros, tolerance: tolerance
        )
        .retainedPointer()
    }
}

@_cdecl("ig_transitions_csr_f32")
public func ig_transitions_csr_f32(
    _ states: Int64, _ actions: Int64, _ indptr: UnsafeRawPointer?, _ indices: UnsafeRawPointer?, _ indexBits: Int32,
    _ data: UnsafePointer<Float>?, _ nonzeros: Int64, _ tolerance: Double, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        guard let out else { throw CFailure(.nullArgument, "out (the handle's address) is NULL") }
        out.pointee = nil
        out.pointee = try TransitionsFactory.csr(
            states: states, actions: actions, indptr: indptr, indices: indices,
            indexBits: indexBits, data: data, nonzeros: nonzeros, tolerance: tolerance
        )
        .retainedPointer()
    }
}

/// `void ig_transitions_free(ig_transitions *)`; `NULL` is ignored.
@_cdecl("ig_transitions_free")
public func ig_transitions_free(_ handle: OpaquePointer?) {
    guard let handle else { return }
    Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(handle)).release()
}

/// `ig_status ig_transitions_describe(const ig_transitions *, int64_t *state_count, int64_t *action_count,
/// int32_t *scalar_bits, int32_t *storage, int64_t *nonzero_count, int64_t *owned_bytes)`; each output may be `NULL`.
@_cdecl("ig_transitions_describe")
public func ig_transitions_describe(
    _ handle: OpaquePointer?, _ states: UnsafeMutablePointer<Int64>?, _ actions: UnsafeMutablePointer<Int64>?,
    _ scalarBits: UnsafeMutablePointer<Int32>?, _ storage: UnsafeMutablePointer<Int32>?,
    _ nonzeros: UnsafeMutablePointer<Int64>?, _ ownedBytes: UnsafeMutablePointer<Int64>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        func fill<Scalar>(_ h: TransitionsHandle<Scalar>, bits: Int32) {
            states?.pointee = Int64(h.dynamics.stateCount)
            actions?.pointee = Int64(h.dynamics.actionCount)
            scalarBits?.pointee = bits
            storage?.pointee = h.storage
            nonzeros?.pointee = Int64(h.nonzeros)
            ownedBytes?.pointee = Int64(h.ownedBytes)
        }
        if let h = try? TransitionsHandle<Double>.from(handle) {
            fill(h, bits: 64)
        } else {
            fill(try TransitionsHandle<Float>.from(handle), bits: 32)
        }
    }
}

// MARK: Soft value iteration

@_cdecl("ig_soft_value_iteration_f64")
public func ig_soft_value_iteration_f64(
    _ transitions: OpaquePointer?, _ horizon: Int64, _ discount: Double, _ reward: UnsafePointer<Double>?, _ batch: Int64,
    _ terminal: UnsafePointer<Double>?, _ options: UnsafeRawPointer?,
    _ values: UnsafeMutablePointer<Double>?, _ policy: UnsafeMutablePointer<Double>?, _ qValues: UnsafeMutablePointer<Double>?,
    _ initial: UnsafePointer<Double>?, _ stateDistributions: UnsafeMutablePointer<Double>?,
    _ occupancy: UnsafeMutablePointer<Double>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        try CEntryPoints.softValueIteration(
            transitions, horizon: horizon, discount: discount, reward: reward, batch: batch, terminal: terminal,
            options: options, values: values, policy: policy, qValues: qValues, initial: initial,
            stateDistributions: stateDistributions, occupancy: occupancy)
    }
}

@_cdecl("ig_soft_value_iteration_f32")
public func ig_soft_value_iteration_f32(
    _ transitions: OpaquePointer?, _ horizon: Int64, _ discount: Double, _ reward: UnsafePointer<Float>?, _ batch: Int64,
    _ terminal: UnsafePointer<Float>?, _ options: UnsafeRawPointer?,
    _ values: UnsafeMutablePointer<Float>?, _ policy: UnsafeMutablePointer<Float>?, _ qValues: UnsafeMutablePointer<Float>?,
    _ initial: UnsafePointer<Float>?, _ stateDistributions: UnsafeMutablePointer<Float>?,
    _ occupancy: UnsafeMutablePointer<Float>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        try CEntryPoints.softValueIteration(
            transitions, horizon: horizon, discount: discount, reward: reward, batch: batch, terminal: terminal,
            options: options, values: values, policy: policy, qValues: qValues, initial: initial,
            stateDistributions: stateDistributions, occupancy: occupancy)
    }
}

// MARK: Occupancy measures

@_cdecl("ig_occupancy_measures_f64")
public func ig_occupancy_measures_f64(
    _ transitions: OpaquePointer?, _ horizon: Int64, _ discount: Double, _ initial: UnsafePointer<Double>?,
    _ policy: UnsafePointer<Double>?, _ policySteps: Int64, _ batch: Int64, _ options: UnsafeRawPointer?,
    _ stateDistributions: UnsafeMutablePointer<Double>?, _ occupancy: UnsafeMutablePointer<Double>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        try CEntryPoints.occupancyMeasures(
            transitions, horizon: horizon, discount: discount, initial: initial, policy: policy, policySteps: policySteps,
            batch: batch, options: options, stateDistributions: stateDistributions, occupancy: occupancy)
    }
}

@_cdecl("ig_occupancy_measures_f32")
public func ig_occupancy_measures_f32(
    _ transitions: OpaquePointer?, _ horizon: Int64, _ discount: Double, _ initial: UnsafePointer<Float>?,
    _ policy: UnsafePointer<Float>?, _ policySteps: Int64, _ batch: Int64, _ options: UnsafeRawPointer?,
    _ stateDistributions: UnsafeMutablePointer<Float>?, _ occupancy: UnsafeMutablePointer<Float>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        try CEntryPoints.occupancyMeasures(
            transitions, horizon: horizon, discount: discount, initial: initial, policy: policy, policySteps: policySteps,
            batch: batch, options: options, stateDistributions: stateDistributions, occupancy: occupancy)
    }
}

// MARK: Policy evaluation

@_cdecl("ig_evaluate_policy_f64")
public func ig_evaluate_policy_f64(
    _ transitions: OpaquePointer?, _ horizon: Int64, _ discount: Double, _ initial: UnsafePointer<Double>?,
    _ terminal: UnsafePointer<Double>?, _ policy: UnsafePointer<Double>?, _ policySteps: Int64,
    _ reward: UnsafePointer<Double>?, _ batch: Int64, _ options: UnsafeRawPointer?,
    _ qValues: UnsafeMutablePointer<Double>?, _ values: UnsafeMutablePointer<Double>?, _ returns: UnsafeMutablePointer<Double>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        try CEntryPoints.evaluatePolicy(
            transitions, horizon: horizon, discount: discount, initial: initial, terminal: terminal, policy: policy,
            policySteps: policySteps, reward: reward, batch: batch, options: options, qValues: qValues, values: values,
            returns: returns)
    }
}

@_cdecl("ig_evaluate_policy_f32")
public func ig_evaluate_policy_f32(
    _ transitions: OpaquePointer?, _ horizon: Int64, _ discount: Double, _ initial: UnsafePointer<Float>?,
    _ terminal: UnsafePointer<Float>?, _ policy: UnsafePointer<Float>?, _ policySteps: Int64,
    _ reward: UnsafePointer<Float>?, _ batch: Int64, _ options: UnsafeRawPointer?,
    _ qValues: UnsafeMutablePointer<Float>?, _ values: UnsafeMutablePointer<Float>?, _ returns: UnsafeMutablePointer<Float>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        try CEntryPoints.evaluatePolicy(
            transitions, horizon: horizon, discount: discount, initial: initial, terminal: terminal, policy: policy,
            policySteps: policySteps, reward: reward, batch: batch, options: options, qValues: qValues, values: values,
            returns: returns)
    }
}
