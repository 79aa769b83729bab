import DenseTensors

extension PrimalMomentMatching {
    /// What one round measured, per batch column (arrays of length `B`).
    public struct Record: Sendable {
        /// `k`, from 1.
        public let iteration: Int
        /// `η_k`, the policy player's step after this round.
        public let policyStepSize: Scalar
        /// `η'_k`, the reward player's step after this round.
        public let rewardStepSize: Scalar
        /// `‖F_{π_k} − F_E‖∞` of the last iterate.
        public let mismatchInfinity: [Scalar]
        /// `‖F_{π_k} − F_E‖₂` of the last iterate.
        public let mismatchTwo: [Scalar]
        /// `‖F_π̄ − F_E‖∞` of the averaged policy.
        public let averagedMismatchInfinity: [Scalar]
        /// `‖F_π̄ − F_E‖₂` of the averaged policy.
        public let averagedMismatchTwo: [Scalar]
        /// `λ_k·(F_{π_k} − F_E)`, the game's payoff at the pair played this round.
        public let payoff: [Scalar]
        /// The exact duality gap of the averaged pair `(π̄_k, λ̄_k)`, when measured this round.
        public let dualityGap: [Scalar]?
        /// `J(π_E, r*) − J(π_k, r*)` under the true reward, when one is given.
        public let performanceGap: [Scalar]?
        /// `J(π_E, r*) − J(π̄_k, r*)`, when a true reward is given.
        public let averagedPerformanceGap: [Scalar]?
    }

    /// What the progress callback receives after every round.
    public struct Progress: Sendable {
        /// This round's measurements.
        public let record: Record
        /// `T`.
        public let iterations: Int

        /// `k`.
        public var iteration: Int { record.iteration }
    }

    /// The result of ``solve(_:expert:initialWeights:initialPolicy:trueReward:progress:)``.
    public struct Solution: Sendable {
        /// `π_T`, the last policy played (`H` tables for a finite horizon).
        public let lastPolicy: Policy<Scalar>
        /// `λ_T`, the last weights played, `[K, B]`.
        public let lastWeights: Tensor<Scalar>
        /// `F_{π_T}`, `[K, B]`.
        public let lastFeatureExpectations: Tensor<Scalar>
        /// `π̄`, the policy whose occupancy is the mean of the iterates' occupancies.
        public let averagedPolicy: Policy<Scalar>
        /// `λ̄ = (1/T) Σ_k λ_k`, `[K, B]` (inside the ball, which is convex).
        public let averagedWeights: Tensor<Scalar>
        /// The forward pass of `π̄` (equal to the mean occupancy up to rounding).
        public let averagedOccupancy: OccupancyMeasure<Scalar>
        /// `F_π̄`, from that forward pass, `[K, B]`.
        public let averagedFeatureExpectations: Tensor<Scalar>
        /// `F_E`, `[K, B]`.
        public let expertFeatureExpectations: Tensor<Scalar>
        /// The exact duality gap of `(π̄, λ̄)` per column (see ``GameMetrics``).
        public let dualityGap: [Scalar]
        /// One record per round.
        public let history: [Record]
        /// The number of rounds played.
        public let iterations: Int
    }
}
