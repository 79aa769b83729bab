import DenseTensors

/// MaxEnt IRL's per-column bookkeeping: which columns still run, why and when each stopped, and
/// the running sums of the weights and feature expectations for the averaged iterates.
struct DualColumns<Scalar: BLASScalar>: Sendable {
    let k: Int
    let b: Int
    private(set) var active: [Bool]
    private(set) var reasons: [MaxEntIRL<Scalar>.StopReason]
    private(set) var stoppedAt: [Int]
    private var sumWeights: [Scalar]
    private var sumFeatures: [Scalar]
    private var counted: [Int]

    init(k: Int, b: Int, maxIterations: Int) {
        (self.k, self.b) = (k, b)
        active = Array(repeating: true, count: b)
        reasons = Array(repeating: .iterationLimit, count: b)
        stoppedAt = Array(repeating: maxIterations, count: b)
        sumWeights = Array(repeating: 0, count: k * b)
        sumFeatures = sumWeights
        counted = Array(repeating: 0, count: b)
    }

    var activeCount: Int { active.filter { $0 }.count }

    /// Adds the active columns' weights `λ_t` and features `F_{π_t}` to the running sums.
    mutating func accumulate(weights: [Scalar], features f: Tensor<Scalar>) {
        for i in 0..<(k * b) where active[i % b] {
            sumWeights[i] += weights[i]
            sumFeatures[i] += f.scalars[i]
        }
        for col in 0..<b where active[col] { counted[col] += 1 }
    }

    /// Stops the active columns that meet a tolerance at iteration `t`.
    mutating func stop(iteration t: Int, mismatch: [Scalar], gradientNorm: [Scalar], options: MaxEntIRL<Scalar>.Options) {
        for col in 0..<b where active[col] {
            if mismatch[col] <= options.mismatchTolerance {
                (active[col], reasons[col], stoppedAt[col]) = (false, .mismatchTolerance, t)
            } else if gradientNorm[col] <= options.gradientTolerance {
                (active[col], reasons[col], stoppedAt[col]) = (false, .gradientTolerance, t)
            }
        }
    }

    /// `λ̄`, the mean weights of each column over its iterations, `[K, B]`.
    var meanWeights: Tensor<Scalar> { Tensor(shape: [k, b]) { sumWeights[$0] / Scalar(Swift.max(counted[$0 % b], 1)) } }
    /// `F_π̄`, the mean feature expectations, `[K, B]`.
    var meanFeatures: Tensor<Scalar> { Tensor(shape: [k, b]) { sumFeatures[$0] / Scalar(Swift.max(counted[$0 % b], 1)) } }
}
