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
    static func softValueIteration<Scalar: FastExpScalar>(
        _ transitions: OpaquePointer?, horizon: Int64, discount: Double, reward: UnsafePointer<Scalar>?, batch: Int64,
        terminal: UnsafePointer<Scalar>?, options rawOptions: UnsafeRawPointer?,
        values: UnsafeMutablePointer<Scalar>?, policy: UnsafeMutablePointer<Scalar>?, qValues: UnsafeMutablePointer<Scalar>?,
        initial: UnsafePointer<Scalar>?, stateDistributions: UnsafeMutablePointer<Scalar>?,
        occupancy: UnsafeMutablePointer<Scalar>?
    ) throws(CFailure) {
        let handle = try TransitionsHandle<Scalar>.from(transitions)
        let options = try SolveOptions(rawOptions)
        let forward = stateDistributions != nil || occupancy != nil
        let mdp = try CArrays.mdp(
            handle, horizon: horizon, discount: discount, initial: initial, initialRequired: forward,
            terminal: terminal, options: options)
        let b = try CArrays.batch(batch)
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        guard case let .finite(h) = mdp.horizon else {
            let r = try CArrays.tensor(reward, shape: [s, a, b], argument: "reward", allowNegativeInfinity: true)
            let solver = SoftValueIteration<Scalar>(
                temperature: Scalar(options.temperature), keepsQValues: qValues != nil,
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
            return
        }
        // Finite horizon: straight into the caller's buffers (scratch only for what it did not ask for).
        let wantsPolicy = policy != nil || forward
        try CArrays.checkMemory(
            "soft value iteration (S = \(s), A = \(a), B = \(b), H = \(h))",
            callers: [
                values == nil ? [0] : [h &+ 1, s, b], policy == nil ? [0] : [h, s, a, b], qValues == nil ? [0] : [h, s, a, b],
                stateDistributions == nil ? [0] : [h &+ 1, s, b], occupancy == nil ? [0] : [s, a, b],
            ],
            own: [values == nil ? [h &+ 1, s, b] : [0], wantsPolicy && policy == nil ? [h, s, a, b] : [0], [s, a, b], [2, s, b]],
            Scalar.self)
        let (sb, sab) = (s * b, s * a * b)
        let r = try CArrays.borrowed(reward, count: sab, shape: [s, a, b], argument: "reward", allowNegativeInfinity: true)
        let v = CArrays.buffer(values, count: (h + 1) * sb)
        let pi: ScratchOrCaller<Scalar>? = wantsPolicy ? CArrays.buffer(policy, count: h * sab) : nil
        let scratch = ScratchOrCaller<Scalar>(count: sab + 2 * sb)
        defer { v.release(); pi?.release(); scratch.release() }
        for state in 0..<s {
            let vH = mdp.terminalValues?.scalars[state] ?? 0
            for col in 0..<b { v.buffer[h * sb + state * b + col] = vH }
        }
        let q = qValues.map { UnsafeMutableBufferPointer(start: $0, count: h * sab) }
        try CFailure.library { () throws(IRLError) in
            try FiniteHorizonPasses.softBackward(
                mdp.dynamics, horizon: h, discount: mdp.discount, temperature: Scalar(options.temperature), batch: b,
                reward: r, values: v.buffer, policy: pi?.buffer, qValues: q,
                scratch: UnsafeMutableBufferPointer(rebasing: scratch.buffer[0..<sab]), threads: options.threadCount)
        }
        if forward, let pi {
            mdp.initialDistribution.withUnsafeBufferPointer { rho in
                FiniteHorizonPasses.forward(
                    mdp.dynamics, horizon: h, discount: mdp.discount, batch: b, initial: rho,
                    policy: UnsafeBufferPointer(pi.buffer), steps: h,
                    stateDistributions: stateDistributions.map { UnsafeMutableBufferPointer(start: $0, count: (h + 1) * sb) },
                    occupancy: occupancy.map { UnsafeMutableBufferPointer(start: $0, count: sab) },
                    scratch: scratch.buffer, threads: options.threadCount)
            }
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
        let mdp = try CArrays.mdp(
            handle, horizon: horizon, discount: discount, initial: initial, initialRequired: true,
            terminal: nil, options: options)
        let b = try CArrays.batch(batch)
        guard case let .finite(h) = mdp.horizon else {
            let pi = try CArrays.policy(policy, steps: policySteps, mdp: mdp, batch: b, options: options)
            let measure = try CFailure.library { () throws(IRLError) in try mdp.occupancy(of: pi) }
            CArrays.write(measure.stateDistributions, to: stateDistributions)
            CArrays.write(measure.stateActionOccupancy, to: occupancy)
            return
        }
        // Finite horizon: the caller's policy is validated and read in place.
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        try CArrays.checkMemory(
            "forward pass (S = \(s), A = \(a), B = \(b), H = \(h))",
            callers: [stateDistributions == nil ? [0] : [h &+ 1, s, b], occupancy == nil ? [0] : [s, a, b]],
            own: [[s, a, b], [2, s, b]], Scalar.self)
        let (sb, sab) = (s * b, s * a * b)
        guard policySteps == 1 || policySteps == Int64(h) else {
            throw CFailure(.shapeMismatch, "policy_steps: \(policySteps) must be 1 (stationary) or the horizon \(h)")
        }
        guard let policy else { throw CFailure(.nullArgument, "policy is NULL") }
        let steps = Int(policySteps)
        let pi = UnsafeBufferPointer(start: policy, count: steps * sab)
        try CFailure.library { () throws(IRLError) in
            try Policy<Scalar>.validate(
                pi, steps: steps, states: s, actions: a, batch: b,
                tolerance: options.probabilityTolerance(Scalar.self) ?? Scalar.ulpOfOne.squareRoot())
        }
        let scratch = ScratchOrCaller<Scalar>(count: sab + 2 * sb)
        defer { scratch.release() }
        mdp.initialDistribution.withUnsafeBufferPointer { rho in
            FiniteHorizonPasses.forward(
                mdp.dynamics, horizon: h, discount: mdp.discount, batch: b, initial: rho, policy: pi, steps: steps,
                stateDistributions: stateDistributions.map { UnsafeMutableBufferPointer(start: $0, count: (h + 1) * sb) },
                occupancy: occupancy.map { UnsafeMutableBufferPointer(start: $0, count: sab) },
                scratch: scratch.buffer, threads: options.threadCount)
        }
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
        let mdp = try CArrays.mdp(
            handle, horizon: horizon, discount: discount, initial: initial, initialRequired: true,
            terminal: terminal, options: options)
        let b = try CArrays.batch(batch)
        let pi = try CArrays.policy(policy, steps: policySteps, mdp: mdp, batch: b, options: options)
        let r = try CArrays.tensor(
            reward, shape: [mdp.stateCount, mdp.actionCount, b], argument: "reward",
            allowNegativeInfinity: true)
        let evaluation = try CFailure.library { () throws(IRLError) in try mdp.evaluate(pi, stateActionRewards: r) }
        CArrays.write(evaluation.qValues, to: qValues)
        CArrays.write(evaluation.values, to: values)
        CArrays.write(evaluation.returns, to: returns)
    }
}
