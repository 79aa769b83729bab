import DenseTensors

extension MaxEntIRL {
    /// Why a batch column stopped.
    public enum StopReason: String, Sendable, Hashable {
        /// `‖F_π − F_E‖ ≤ mismatchTolerance`.
        case mismatchTolerance
        /// `‖∇g‖ ≤ gradientTolerance`.
        case gradientTolerance
        /// `maxIterations` was reached first.
        case iterationLimit
    }

    /// What one iteration measured, per batch column (arrays of length `B`). A column that has
    /// stopped keeps its weights, so its later entries repeat its final values (`active` says).
    public struct Record: Sendable {
        /// `t`, from 1.
        public let iteration: Int
        /// `η_t`, the step the reward player takes after this iteration.
        public let stepSize: Scalar
        /// `‖F_{π_t} − F_E‖∞`.
        public let mismatchInfinity: [Scalar]
        /// `‖F_{π_t} − F_E‖₂`.
        public let mismatchTwo: [Scalar]
        /// `‖∇g(λ_t)‖` in the options' mismatch norm.
        public let gradientNorm: [Scalar]
        /// `g(λ̃_t)`, the dual objective at the weights the policy answered.
        public let dualObjective: [Scalar]
        /// `L(λ̃_t)`, the demonstrations' log-likelihood, when the statistics have counts.
        public let logLikelihood: [Scalar]?
        /// The duality gap of the averaged iterates `(λ̄_t, π̄_t)` on the options' `gapBall`
        /// (`λ̄_t` the mean of the weights, `π̄_t` the policy whose occupancy is the mean
        /// occupancy), when a ball is set.
        public let dualityGap: [Scalar]?
        /// `J(π_E, r*) − J(π_t, r*)` under the true reward, when one is given.
        public let performanceGap: [Scalar]?
        /// Which columns were still being updated at this iteration.
        public let active: [Bool]
    }

    /// What the progress callback receives after every iteration.
    public struct Progress: Sendable {
        /// This iteration's measurements.
        public let record: Record
        /// The iteration limit.
        public let maxIterations: Int
        /// How many columns are still running after this iteration's stopping test.
        public let activeColumns: Int

        /// `t`.
        public var iteration: Int { record.iteration }
        /// The largest `‖F_π − F_E‖∞` over the columns.
        public var worstMismatch: Scalar { record.mismatchInfinity.max() ?? 0 }
    }

    /// The result of ``solve(_:expert:initialWeights:trueReward:progress:)``: each column's last
    /// iterate. `plan` is the soft value iteration of `rewards = Φ·weights`, and `occupancy` its
    /// forward pass (with an augmented-Lagrangian term, `weights` are the shifted `λ̃` the policy
    /// answered; they equal `λ` at a fixed point).
    public struct Solution: Sendable {
        /// `λ`, `[K, B]`.
        public let weights: Tensor<Scalar>
        /// `r = Φλ`, `[S, A, B]`.
        public let rewards: Tensor<Scalar>
        /// The soft-optimal plan for `rewards` (values and policy).
        public let plan: Plan<Scalar>
        /// The forward pass of the policy.
        public let occupancy: OccupancyMeasure<Scalar>
        /// `F_π`, `[K, B]`.
        public let featureExpectations: Tensor<Scalar>
        /// `F_E`, `[K, B]`.
        public let expertFeatureExpectations: Tensor<Scalar>
        /// The mean of the reward player's weights over each column's iterations, `[K, B]`.
        public let averagedWeights: Tensor<Scalar>
        /// One record per iteration.
        public let history: [Record]
        /// Why each column stopped.
        public let stopReasons: [StopReason]
        /// The iteration at which each column stopped.
        public let iterations: [Int]

        /// The learned policy `π = softVI(Φλ)`.
        public var policy: Policy<Scalar> { plan.policy }
        /// Whether each column met a tolerance (rather than the iteration limit).
        public var converged: [Bool] { stopReasons.map { $0 != .iterationLimit } }
    }
}
