import DenseTensors
import IRL

/// The generic bodies of the exported solver functions: read the caller's arrays, call the
/// library, copy the results into the caller's buffers. The transition tensor is never copied:
/// the handle's operator reads it in place.
enum CEntryPoints {
    /// Soft value iteration, optionally followed by the forward pass of its policy.
    ///
    /// - Complexity: the library's `SoftValueIteration.solve` (`H` pulls, `O(H·S·A·B)`), plus
    ///   `H` pushes when the occupancy is asked for, plus one copy of each requested output.
    static func softValueIteration<Scalar: BLASScalar>(
        _ transitions: OpaquePointer?, horizon: Int64, discount: Double, reward: UnsafePointer<Scalar>?, batch: Int64,
        terminal: UnsafePointer<Scalar>?, options rawOptions: UnsafeRawPointer?,
        values: UnsafeMutablePointer<Scalar>?, policy: UnsafeMutablePointer<Scalar>?, qValues: UnsafeMutablePointer<Scalar>?,
        initial: UnsafePointer<Scalar>?, stateDistributions: UnsafeMutablePointer<Scalar>?,
        occupancy: UnsafeMutablePointer<Scalar>?
    ) throws(CFailure) {
        let handle = try TransitionsHandle<Scalar>.from(transitions)
        let options = try SolveOptions(rawOptions)
        let forward = stateDistributions != nil || occupancy != nil
        let mdp = try CArrays.mdp(handle, horizon: horizon, discount: discount, initial: initial, initialRequired: forward,
                                  terminal: terminal, options: options)
        let b = try CArrays.batch(batch)
        let r = try CArrays.tensor(reward, shape: [mdp.stateCount, mdp.actionCount, b], argument: "reward",
                                   allowNegativeInfinity: true)
        let solver = SoftValueIteration<Scalar>(temperature: Scalar(options.temperature), keepsQValues: qValues != nil,
                                                tolerance: Scalar(options.tolerance), maxIterations: options.maxIterations,
                                                threads: options.threadCount)
        let plan = try CFailure.library { () throws(IRLError) in try solver.solve(mdp, stateActionRewards: r) }
        CArrays.write(plan.values, to: values)
        CArrays.write(plan.policy.probabilities, to: policy)
        if let q = plan.qValues { CArrays.write(q, to: qValues) }
        if forward {
            let measure = try CFailure.library { () throws(IRLError) in try mdp.occupancy(of: plan.policy) }
            CArrays.write(measure.stateDistributions, to: stateDistributions)
            CArrays.write(measure.stateActionOccupancy, to: occupancy)
        }
    }

    /// The forward pass of a given policy.
    /// - Complexity: `H` pushes and `O(H·S·A·B)` (finite), or `B` LAPACK solves of `S × S` (infinite).
    static func occupancyMeasures<Scalar: BLASScalar>(
        _ transitions: OpaquePointer?, horizon: Int64, discount: Double, initial: UnsafePointer<Scalar>?,
        policy: UnsafePointer<Scalar>?, policySteps: Int64, batch: Int64, options rawOptions: UnsafeRawPointer?,
        stateDistributions: UnsafeMutablePointer<Scalar>?, occupancy: UnsafeMutablePointer<Scalar>?
    ) throws(CFailure) {
        let handle = try TransitionsHandle<Scalar>.from(transitions)
        let options = try SolveOptions(rawOptions)
        let mdp = try CArrays.mdp(handle, horizon: horizon, discount: discount, initial: initial, initialRequired: true,
                                  terminal: nil, options: options)
        let pi = try CArrays.policy(policy, steps: policySteps, mdp: mdp, batch: try CArrays.batch(batch), options: options)
        let measure = try CFailure.library { () throws(IRLError) in try mdp.occupancy(of: pi) }
        CArrays.write(measure.stateDistributions, to: stateDistributions)
        CArrays.write(measure.stateActionOccupancy, to: occupancy)
    }

    /// Exact evaluation of a given policy under a given reward.
    /// - Complexity: `H` pulls and `O(H·S·A·B)` (finite), or `B` LAPACK solves (infinite).
    static func evaluatePolicy<Scalar: BLASScalar>(
        _ transitions: OpaquePointer?, horizon: Int64, discount: Double, initial: UnsafePointer<Scalar>?,
        terminal: UnsafePointer<Scalar>?, policy: UnsafePointer<Scalar>?, policySteps: Int64,
        reward: UnsafePointer<Scalar>?, batch: Int64, options rawOptions: UnsafeRawPointer?,
        qValues: UnsafeMutablePointer<Scalar>?, values: UnsafeMutablePointer<Scalar>?, returns: UnsafeMutablePointer<Scalar>?
    ) throws(CFailure) {
        let handle = try TransitionsHandle<Scalar>.from(transitions)
        let options = try SolveOptions(rawOptions)
        let mdp = try CArrays.mdp(handle, horizon: horizon, discount: discount, initial: initial, initialRequired: true,
                                  terminal: terminal, options: options)
        let b = try CArrays.batch(batch)
        let pi = try CArrays.policy(policy, steps: policySteps, mdp: mdp, batch: b, options: options)
        let r = try CArrays.tensor(reward, shape: [mdp.stateCount, mdp.actionCount, b], argument: "reward",
                                   allowNegativeInfinity: true)
        let evaluation = try CFailure.library { () throws(IRLError) in try mdp.evaluate(pi, stateActionRewards: r) }
        CArrays.write(evaluation.qValues, to: qValues)
        CArrays.write(evaluation.values, to: values)
        CArrays.write(evaluation.returns, to: returns)
    }
}
