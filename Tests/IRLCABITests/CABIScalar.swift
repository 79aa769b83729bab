import IRLCABI

// The exported functions of include/imitation_game.h, reached through their C signatures: raw
// pointers, Int64 sizes, Int32 statuses, `OpaquePointer?` handles and `UnsafeRawPointer?`
// options structs, exactly what a C caller passes. One protocol picks the `_f64` or `_f32`
// symbol, so that every test is written once and run for both precisions.

/// `ig_transitions_dense_*`: `(p, state_count, action_count, storage, tolerance, out)`.
typealias DenseTransitionsFunction<S> = (
    UnsafePointer<S>?, Int64, Int64, Int32, Double, UnsafeMutablePointer<OpaquePointer?>?
) -> Int32

/// `ig_transitions_csr_*`: `(state_count, action_count, indptr, indices, index_bits, data, nonzero_count, tolerance, out)`.
typealias CSRTransitionsFunction<S> = (
    Int64, Int64, UnsafeRawPointer?, UnsafeRawPointer?, Int32, UnsafePointer<S>?, Int64, Double,
    UnsafeMutablePointer<OpaquePointer?>?
) -> Int32

/// `ig_soft_value_iteration_*`: `(transitions, horizon, discount, reward, batch, terminal_values, options,
/// values, policy, q_values, initial_distribution, state_distributions, occupancy)`.
typealias SoftValueIterationFunction<S> = (
    OpaquePointer?, Int64, Double, UnsafePointer<S>?, Int64, UnsafePointer<S>?, UnsafeRawPointer?,
    UnsafeMutablePointer<S>?, UnsafeMutablePointer<S>?, UnsafeMutablePointer<S>?,
    UnsafePointer<S>?, UnsafeMutablePointer<S>?, UnsafeMutablePointer<S>?
) -> Int32

/// `ig_occupancy_measures_*`: `(transitions, horizon, discount, initial_distribution, policy, policy_steps, batch,
/// options, state_distributions, occupancy)`.
typealias OccupancyMeasuresFunction<S> = (
    OpaquePointer?, Int64, Double, UnsafePointer<S>?, UnsafePointer<S>?, Int64, Int64, UnsafeRawPointer?,
    UnsafeMutablePointer<S>?, UnsafeMutablePointer<S>?
) -> Int32

/// `ig_evaluate_policy_*`: `(transitions, horizon, discount, initial_distribution, terminal_values, policy,
/// policy_steps, reward, batch, options, q_values, values, returns)`.
typealias EvaluatePolicyFunction<S> = (
    OpaquePointer?, Int64, Double, UnsafePointer<S>?, UnsafePointer<S>?, UnsafePointer<S>?, Int64,
    UnsafePointer<S>?, Int64, UnsafeRawPointer?,
    UnsafeMutablePointer<S>?, UnsafeMutablePointer<S>?, UnsafeMutablePointer<S>?
) -> Int32

/// `ig_maxent_irl_*`: `(transitions, horizon, discount, initial_distribution, features, feature_count,
/// expert_occupancy, batch, initial_weights, options, weights, reward, policy, occupancy,
/// feature_expectations, mismatch_history, iterations, history_length)`.
typealias MaxEntIRLFunction<S> = (
    OpaquePointer?, Int64, Double, UnsafePointer<S>?, UnsafePointer<S>?, Int64, UnsafePointer<S>?, Int64,
    UnsafePointer<S>?, UnsafeRawPointer?,
    UnsafeMutablePointer<S>?, UnsafeMutablePointer<S>?, UnsafeMutablePointer<S>?, UnsafeMutablePointer<S>?,
    UnsafeMutablePointer<S>?, UnsafeMutablePointer<S>?, UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Int64>?
) -> Int32

/// A scalar type of the C API (`double` or `float`) with its family of exported functions.
protocol CABIScalar: BinaryFloatingPoint, Sendable {
    /// `scalar_bits` as `ig_transitions_describe` reports it.
    static var bits: Int32 { get }
    /// The allowed difference from the Double reference, relative to `max(1, |reference|)`.
    static var referenceTolerance: Double { get }
    static var transitionsDense: DenseTransitionsFunction<Self> { get }
    static var transitionsCSR: CSRTransitionsFunction<Self> { get }
    static var softValueIteration: SoftValueIterationFunction<Self> { get }
    static var occupancyMeasures: OccupancyMeasuresFunction<Self> { get }
    static var evaluatePolicy: EvaluatePolicyFunction<Self> { get }
    static var maxEntIRL: MaxEntIRLFunction<Self> { get }
}

extension Double: CABIScalar {
    static var bits: Int32 { 64 }
    static var referenceTolerance: Double { 1e-12 }
    static var transitionsDense: DenseTransitionsFunction<Double> { ig_transitions_dense_f64 }
    static var transitionsCSR: CSRTransitionsFunction<Double> { ig_transitions_csr_f64 }
    static var softValueIteration: SoftValueIterationFunction<Double> { ig_soft_value_iteration_f64 }
    static var occupancyMeasures: OccupancyMeasuresFunction<Double> { ig_occupancy_measures_f64 }
    static var evaluatePolicy: EvaluatePolicyFunction<Double> { ig_evaluate_policy_f64 }
    static var maxEntIRL: MaxEntIRLFunction<Double> { ig_maxent_irl_f64 }
}

extension Float: CABIScalar {
    static var bits: Int32 { 32 }
    static var referenceTolerance: Double { 1e-5 }
    static var transitionsDense: DenseTransitionsFunction<Float> { ig_transitions_dense_f32 }
    static var transitionsCSR: CSRTransitionsFunction<Float> { ig_transitions_csr_f32 }
    static var softValueIteration: SoftValueIterationFunction<Float> { ig_soft_value_iteration_f32 }
    static var occupancyMeasures: OccupancyMeasuresFunction<Float> { ig_occupancy_measures_f32 }
    static var evaluatePolicy: EvaluatePolicyFunction<Float> { ig_evaluate_policy_f32 }
    static var maxEntIRL: MaxEntIRLFunction<Float> { ig_maxent_irl_f32 }
}

/// `ig_status` values, spelled as in the header (the raw values are part of the ABI).
enum IGStatus {
    static let ok: Int32 = 0
    static let nullArgument: Int32 = 1
    static let shapeMismatch: Int32 = 2
    static let nonFinite: Int32 = 3
    static let negativeProbability: Int32 = 4
    static let notNormalized: Int32 = 5
    static let invalidHorizon: Int32 = 6
    static let invalidDiscount: Int32 = 7
    static let invalidArgument: Int32 = 8
    static let indexOutOfRange: Int32 = 9
    static let noValidAction: Int32 = 10
    static let didNotConverge: Int32 = 11
    static let memoryBudget: Int32 = 12
    static let singularMatrix: Int32 = 13
    static let wrongPrecision: Int32 = 14
    static let unavailable: Int32 = 15
    static let internalError: Int32 = 99
}

/// `ig_storage`.
enum IGStorage {
    static let auto: Int32 = 0
    static let dense: Int32 = 1
    static let csr: Int32 = 2
}

/// `ig_options`: five 8-byte fields (the header asserts `sizeof(ig_options) == 40`).
struct IGOptions {
    var temperature = 0.0
    var tolerance = 0.0
    var maxIterations: Int64 = 0
    var probabilityTolerance = 0.0
    var threads: Int64 = 0

    /// The library's defaults, written by `ig_options_default`.
    static var defaults: IGOptions {
        var options = IGOptions()
        ig_options_default(&options)
        return options
    }
}

/// `ig_maxent_options`: nine 8-byte fields (the header asserts `sizeof(ig_maxent_options) == 72`).
struct IGMaxEntOptions {
    var maxIterations: Int64 = 0
    var stepSize = 0.0
    var mismatchTolerance = 0.0
    var gradientTolerance = 0.0
    var l2Regularization = 0.0
    var temperature = 0.0
    var optimizer: Int64 = 0
    var schedule: Int64 = 0
    var threads: Int64 = 0

    /// The library's defaults, written by `ig_maxent_options_default`.
    static var defaults: IGMaxEntOptions {
        var options = IGMaxEntOptions()
        ig_maxent_options_default(&options)
        return options
    }
}

/// The calling thread's `ig_last_error_message()`.
func lastErrorMessage() -> String { String(cString: ig_last_error_message()) }

/// `ig_status_name(status)`.
func statusName(_ status: Int32) -> String { String(cString: ig_status_name(status)) }
