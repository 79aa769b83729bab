import DenseTensors
import IRL

/// `ig_maxent_options` read from the caller's struct (nine 8-byte fields; the header asserts
/// `sizeof(ig_maxent_options) == 72`), or the library's defaults when the pointer is `NULL`.
struct MaxEntOptionsC: Sendable {
    var maxIterations = 500
    var stepSize = 0.1
    var mismatchTolerance = 1e-6
    var gradientTolerance = 0.0
    var l2Regularization = 0.0
    var temperature = 1.0
    /// 0 gradient descent, 1 Adam (β₁ 0.9, β₂ 0.999, ε 1e-8).
    var optimizer = 0
    /// 0 constant, 1 η/√t, 2 η/t.
    var schedule = 0
    /// ≤ 0: all cores.
    var threads = 0

    init() {}

    init(_ raw: UnsafeRawPointer?) {
        guard let raw else { return }
        maxIterations = Int(raw.loadUnaligned(fromByteOffset: 0, as: Int64.self))
        stepSize = raw.loadUnaligned(fromByteOffset: 8, as: Double.self)
        mismatchTolerance = raw.loadUnaligned(fromByteOffset: 16, as: Double.self)
        gradientTolerance = raw.loadUnaligned(fromByteOffset: 24, as: Double.self)
        l2Regularization = raw.loadUnaligned(fromByteOffset: 32, as: Double.self)
        temperature = raw.loadUnaligned(fromByteOffset: 40, as: Double.self)
        optimizer = Int(raw.loadUnaligned(fromByteOffset: 48, as: Int64.self))
        schedule = Int(raw.loadUnaligned(fromByteOffset: 56, as: Int64.self))
        threads = Int(raw.loadUnaligned(fromByteOffset: 64, as: Int64.self))
    }

    static func writeDefaults(_ raw: UnsafeMutableRawPointer) {
        let d = MaxEntOptionsC()
        raw.storeBytes(of: Int64(d.maxIterations), toByteOffset: 0, as: Int64.self)
        raw.storeBytes(of: d.stepSize, toByteOffset: 8, as: Double.self)
        raw.storeBytes(of: d.mismatchTolerance, toByteOffset: 16, as: Double.self)
        raw.storeBytes(of: d.gradientTolerance, toByteOffset: 24, as: Double.self)
        raw.storeBytes(of: d.l2Regularization, toByteOffset: 32, as: Double.self)
        raw.storeBytes(of: d.temperature, toByteOffset: 40, as: Double.self)
        raw.storeBytes(of: Int64(d.optimizer), toByteOffset: 48, as: Int64.self)
        raw.storeBytes(of: Int64(d.schedule), toByteOffset: 56, as: Int64.self)
        raw.storeBytes(of: Int64(d.threads), toByteOffset: 64, as: Int64.self)
    }

    /// The library's options; the library validates the numbers and names a bad field.
    func libraryOptions<Scalar: BLASScalar>(_: Scalar.Type) throws(CFailure) -> MaxEntIRL<Scalar>.Options {
        let rule: MaxEntIRL<Scalar>.Optimizer
        switch optimizer {
        case 0: rule = .gradientDescent
        case 1: rule = .adam()
        default:
            throw CFailure(
                .invalidArgument, "options.optimizer: \(optimizer) is not IG_OPTIMIZER_GRADIENT_DESCENT (0) or IG_OPTIMIZER_ADAM (1)")
        }
        let steps: StepSchedule
        switch schedule {
        case 0: steps = .constant
        case 1: steps = .inverseSquareRoot
        case 2: steps = .inverseTime
        default: throw CFailure(.invalidArgument, "options.schedule: \(schedule) is not 0 (constant), 1 (1/√t) or 2 (1/t)")
        }
        guard maxIterations >= 1, maxIterations <= 10_000_000 else {
            throw CFailure(.invalidArgument, "options.max_iterations: \(maxIterations) must be in 1...10000000")
        }
        return MaxEntIRL<Scalar>.Options(
            optimizer: rule, stepSize: Scalar(stepSize), schedule: steps, maxIterations: maxIterations,
            mismatchTolerance: Scalar(mismatchTolerance), gradientTolerance: Scalar(gradientTolerance),
            l2Regularization: Scalar(l2Regularization), temperature: Scalar(temperature),
            threads: threads > 0 ? threads : CThreads.processDefault)
    }
}

extension CEntryPoints {
    /// MaxEnt IRL (the library's ``MaxEntIRL``) from an expert occupancy measure.
    ///
    /// `mismatchHistory` receives `‖F_π − F_E‖∞` per iteration and column, `[max_iterations, B]`,
    /// its first `historyLength` rows written.
    /// - Complexity: per iteration one soft value iteration and one forward pass.
    static func maxEntIRL<Scalar: BLASScalar>(
        _ transitions: OpaquePointer?, horizon: Int64, discount: Double, initial: UnsafePointer<Scalar>?,
        features: UnsafePointer<Scalar>?, featureCount: Int64, expertOccupancy: UnsafePointer<Scalar>?, batch: Int64,
        initialWeights: UnsafePointer<Scalar>?, options rawOptions: UnsafeRawPointer?,
        weights: UnsafeMutablePointer<Scalar>?, reward: UnsafeMutablePointer<Scalar>?,
        policy: UnsafeMutablePointer<Scalar>?, occupancy: UnsafeMutablePointer<Scalar>?,
        featureExpectations: UnsafeMutablePointer<Scalar>?, mismatchHistory: UnsafeMutablePointer<Scalar>?,
        iterations: UnsafeMutablePointer<Int64>?, historyLength: UnsafeMutablePointer<Int64>?
    ) throws(CFailure) {
        let handle = try TransitionsHandle<Scalar>.from(transitions)
        let cOptions = MaxEntOptionsC(rawOptions)
        let options = try cOptions.libraryOptions(Scalar.self)
        guard featureCount >= 1, featureCount <= Int64(Int32.max) else {
            throw CFailure(.invalidArgument, "feature_count: \(featureCount) must be at least 1")
        }
        let (s, a, k, b) = (handle.dynamics.stateCount, handle.dynamics.actionCount, Int(featureCount), try CArrays.batch(batch))
        let phi = try CArrays.tensor(features, shape: [s, a, k], argument: "features")
        let base = try CArrays.mdp(
            handle, horizon: horizon, discount: discount, initial: initial, initialRequired: true,
            terminal: nil, options: SolveOptions())
        let mdp = try CFailure.library { () throws(IRLError) in try base.with(features: phi) }
        let mu = try CArrays.tensor(expertOccupancy, shape: [s, a, b], argument: "expert_occupancy")
        let lambda0: Tensor<Scalar>? =
            initialWeights == nil
            ? nil
            : try CArrays.tensor(initialWeights, shape: [k, b], argument: "initial_weights")
        let solution = try CFailure.library { () throws(IRLError) in
            let expert = try ExpertStatistics(occupancy: mu)
            return try MaxEntIRL(options: options).solve(mdp, expert: expert, initialWeights: lambda0)
        }
        CArrays.write(solution.weights, to: weights)
        CArrays.write(solution.rewards, to: reward)
        CArrays.write(solution.policy.probabilities, to: policy)
        CArrays.write(solution.occupancy.stateActionOccupancy, to: occupancy)
        CArrays.write(solution.featureExpectations, to: featureExpectations)
        if let out = mismatchHistory {
            for (row, record) in solution.history.enumerated() {
                for col in 0..<b { out[row * b + col] = record.mismatchInfinity[col] }
            }
        }
        if let out = iterations {
            for col in 0..<b { out[col] = Int64(solution.iterations[col]) }
        }
        historyLength?.pointee = Int64(solution.history.count)
    }
}

/// `void ig_maxent_options_default(ig_maxent_options *options)`.
@_cdecl("ig_maxent_options_default")
public func ig_maxent_options_default(_ options: UnsafeMutableRawPointer?) {
    guard let options else { return }
    MaxEntOptionsC.writeDefaults(options)
}

@_cdecl("ig_maxent_irl_f64")
public func ig_maxent_irl_f64(
    _ transitions: OpaquePointer?, _ horizon: Int64, _ discount: Double, _ initial: UnsafePointer<Double>?,
    _ features: UnsafePointer<Double>?, _ featureCount: Int64, _ expertOccupancy: UnsafePointer<Double>?, _ batch: Int64,
    _ initialWeights: UnsafePointer<Double>?, _ options: UnsafeRawPointer?,
    _ weights: UnsafeMutablePointer<Double>?, _ reward: UnsafeMutablePointer<Double>?, _ policy: UnsafeMutablePointer<Double>?,
    _ occupancy: UnsafeMutablePointer<Double>?, _ featureExpectations: UnsafeMutablePointer<Double>?,
    _ mismatchHistory: UnsafeMutablePointer<Double>?, _ iterations: UnsafeMutablePointer<Int64>?,
    _ historyLength: UnsafeMutablePointer<Int64>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        try CEntryPoints.maxEntIRL(
            transitions, horizon: horizon, discount: discount, initial: initial, features: features,
            featureCount: featureCount, expertOccupancy: expertOccupancy, batch: batch, initialWeights: initialWeights,
            options: options, weights: weights, reward: reward, policy: policy, occupancy: occupancy,
            featureExpectations: featureExpectations, mismatchHistory: mismatchHistory, iterations: iterations,
            historyLength: historyLength)
    }
}

@_cdecl("ig_maxent_irl_f32")
public func ig_maxent_irl_f32(
    _ transitions: OpaquePointer?, _ horizon: Int64, _ discount: Double, _ initial: UnsafePointer<Float>?,
    _ features: UnsafePointer<Float>?, _ featureCount: Int64, _ expertOccupancy: UnsafePointer<Float>?, _ batch: Int64,
    _ initialWeights: UnsafePointer<Float>?, _ options: UnsafeRawPointer?,
    _ weights: UnsafeMutablePointer<Float>?, _ reward: UnsafeMutablePointer<Float>?, _ policy: UnsafeMutablePointer<Float>?,
    _ occupancy: UnsafeMutablePointer<Float>?, _ featureExpectations: UnsafeMutablePointer<Float>?,
    _ mismatchHistory: UnsafeMutablePointer<Float>?, _ iterations: UnsafeMutablePointer<Int64>?,
    _ historyLength: UnsafeMutablePointer<Int64>?
) -> Int32 {
    withCStatus { () throws(CFailure) in
        try CEntryPoints.maxEntIRL(
            transitions, horizon: horizon, discount: discount, initial: initial, features: features,
            featureCount: featureCount, expertOccupancy: expertOccupancy, batch: batch, initialWeights: initialWeights,
            options: options, weights: weights, reward: reward, policy: policy, occupancy: occupancy,
            featureExpectations: featureExpectations, mismatchHistory: mismatchHistory, iterations: iterations,
            historyLength: historyLength)
    }
}
