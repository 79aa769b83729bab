import DenseTensors

/// Running sums over the primal solver's iterates: `Σ_k x^k_t(s, a)`, `Σ_k d^k_t(s)`, `Σ_k λ_k`,
/// `Σ_k F_{π_k}` and the performance gaps, from which the averaged pair is built exactly.
struct OccupancyAverages<Scalar: BLASScalar>: Sendable {
    let tables: Int
    let states: Int
    let actions: Int
    let features: Int
    let batch: Int
    private var stateAction: [Scalar]
    private var state: [Scalar]
    private var weightSum: [Scalar]
    private var featureSum: [Scalar]
    private var gapSum: [Scalar]?
    private(set) var count = 0

    init(tables: Int, states: Int, actions: Int, features: Int, batch: Int) {
        (self.tables, self.states, self.actions, self.features, self.batch) = (tables, states, actions, features, batch)
        stateAction = Array(repeating: 0, count: tables * states * actions * batch)
        state = Array(repeating: 0, count: tables * states * batch)
        weightSum = Array(repeating: 0, count: features * batch)
        featureSum = weightSum
    }

    /// Adds one iterate: `x_t = d_t·π_t` for each table `t` (finite horizon: the undiscounted
    /// `d_t`; infinite: the discounted `d`), its weights, features and performance gap.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    mutating func add(
        policy: Policy<Scalar>, occupancy: OccupancyMeasure<Scalar>, weights: Tensor<Scalar>,
        features f: Tensor<Scalar>, performanceGap gap: [Scalar]?
    ) {
        let (s, a, b) = (states, actions, batch)
        let (sb, sab) = (s * b, s * a * b)
        occupancy.stateDistributions.withUnsafeBufferPointer { pd in
            policy.probabilities.withUnsafeBufferPointer { pp in
                stateAction.withUnsafeMutableBufferPointer { x in
                    state.withUnsafeMutableBufferPointer { d in
                        for t in 0..<tables {
                            for i in 0..<sb { d[t * sb + i] += pd[t * sb + i] }
                            for i in 0..<sab {
                                let (st, col) = (i / (a * b), i % b)
                                x[t * sab + i] += pd[t * sb + st * b + col] * pp[t * sab + i]
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<(features * b) {
            weightSum[i] += weights.scalars[i]
            featureSum[i] += f.scalars[i]
        }
        if let g = gap { gapSum = zip(gapSum ?? Array(repeating: 0, count: b), g).map { $0 + $1 } }
        count += 1
    }

    /// `λ̄ = (1/T) Σ_k λ_k`, `[K, B]`.
    var meanWeights: Tensor<Scalar> { Tensor(shape: [features, batch]) { weightSum[$0] / Scalar(Swift.max(count, 1)) } }
    /// `(1/T) Σ_k F_{π_k} = F_π̄`, `[K, B]`.
    var meanFeatures: Tensor<Scalar> { Tensor(shape: [features, batch]) { featureSum[$0] / Scalar(Swift.max(count, 1)) } }
    /// `J(π_E, r*) − J(π̄, r*)`, the mean of the iterates' gaps (returns are linear in the occupancy).
    var meanPerformanceGap: [Scalar]? { gapSum?.map { $0 / Scalar(Swift.max(count, 1)) } }

    /// `π̄_t(a|s) = Σ_k x^k_t(s, a) / Σ_k d^k_t(s)`; rows no iterate reaches copy `fallback`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func averagedPolicy(fallback: Policy<Scalar>) -> Policy<Scalar> {
        let (s, a, b) = (states, actions, batch)
        let (sb, sab) = (s * b, s * a * b)
        let p = Tensor<Scalar>(shape: [tables, s, a, b]) { i in
            let (t, rest) = (i / sab, i % sab)
            let (st, col) = (rest / (a * b), rest % b)
            let mass = state[t * sb + st * b + col]
            return mass > 0 ? stateAction[i] / mass : fallback.probabilities.scalars[i]
        }
        return Policy(unchecked: p)
    }
}
