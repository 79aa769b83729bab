import DenseTensors
import RealModule

/// The reward player's optimiser state for the weights `λ[K, B]` (flat, batch last), shared by
/// the plain, Adam and exponentiated-gradient updates of ``MaxEntIRL``. Columns step only while
/// active, each with its own step counter (so a batched run equals separate runs).
struct WeightOptimizerState<Scalar: BLASScalar>: Sendable {
    let optimizer: MaxEntIRL<Scalar>.Optimizer
    let k: Int
    let b: Int
    /// The current weights `λ`, `[K·B]`.
    private(set) var weights: [Scalar]
    /// Adam's first and second moments.
    private var m: [Scalar] = []
    private var v: [Scalar] = []
    private var steps: [Int]
    /// Exponentiated gradient: `log w⁺` and `log w⁻` with `λ = w⁺ − w⁻`.
    private var logPositive: [Scalar] = []
    private var logNegative: [Scalar] = []

    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` when initial weights lie
    ///   outside the exponentiated-gradient set.
    init(_ optimizer: MaxEntIRL<Scalar>.Optimizer, initial: Tensor<Scalar>?, k: Int, b: Int) throws(IRLError) {
        self.optimizer = optimizer
        self.k = k
        self.b = b
        self.steps = Array(repeating: 0, count: b)
        self.weights = initial?.scalars ?? Array(repeating: 0, count: k * b)
        switch optimizer {
        case .gradientDescent:
            break
        case .adam:
            m = Array(repeating: 0, count: k * b)
            v = m
        case let .exponentiatedGradient(radius, signed):
            logPositive = Array(repeating: -.infinity, count: k * b)
            logNegative = logPositive
            for col in 0..<b {
                let column = (0..<k).map { weights[$0 * b + col] }
                let l1 = VectorNorm.one(column)
                let slack = Scalar.ulpOfOne.squareRoot() * radius
                if signed {
                    // Default λ = 0; otherwise split λ = w⁺ − w⁻ and share the slack R − ‖λ‖₁ evenly.
                    guard l1 <= radius + slack else {
                        throw .invalidParameter(
                            argument: "initialWeights (column \(col))", value: Double(l1),
                            reason: "has ℓ1 norm above the exponentiated-gradient radius \(radius)")
                    }
                    let share = Swift.max(radius - l1, 0) / Scalar(2 * k)
                    for i in 0..<k {
                        logPositive[i * b + col] = Scalar.log(Swift.max(column[i], 0) + share)
                        logNegative[i * b + col] = Scalar.log(Swift.max(-column[i], 0) + share)
                    }
                } else if initial == nil {
                    for i in 0..<k { logPositive[i * b + col] = Scalar.log(radius / Scalar(k)) }
                } else {
                    guard column.allSatisfy({ $0 >= 0 }), Swift.abs(l1 - radius) <= slack else {
                        throw .invalidParameter(
                            argument: "initialWeights (column \(col))", value: Double(l1),
                            reason: "must be non-negative with sum equal to the simplex radius \(radius)")
                    }
                    for i in 0..<k { logPositive[i * b + col] = Scalar.log(column[i]) }
                }
            }
            refreshExponentiatedWeights(columns: Array(repeating: true, count: b))
        }
    }

    /// One step `λ ← update(λ, g, η)` on the active columns.
    mutating func step(gradient g: [Scalar], stepSize eta: Scalar, active: [Bool]) {
        for col in 0..<b where active[col] { steps[col] += 1 }
        switch optimizer {
        case .gradientDescent:
            for i in 0..<(k * b) where active[i % b] { weights[i] -= eta * g[i] }
        case let .adam(beta1, beta2, epsilon):
            for i in 0..<(k * b) where active[i % b] {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                let t = steps[i % b]
                let mHat = m[i] / (1 - Scalar.pow(beta1, t))
                let vHat = v[i] / (1 - Scalar.pow(beta2, t))
                weights[i] -= eta * mHat / (vHat.squareRoot() + epsilon)
            }
        case .exponentiatedGradient:
            for i in 0..<(k * b) where active[i % b] {
                logPositive[i] -= eta * g[i]
                logNegative[i] += eta * g[i]
            }
            refreshExponentiatedWeights(columns: active)
        }
    }

    /// Renormalises `log w±` so that `Σ_k (w⁺ + w⁻) = R` per column and sets `λ = w⁺ − w⁻`.
    private mutating func refreshExponentiatedWeights(columns: [Bool]) {
        guard case let .exponentiatedGradient(radius, signed) = optimizer else { return }
        let logRadius = Scalar.log(radius)
        for col in 0..<b where columns[col] {
            var top = -Scalar.infinity
            for i in 0..<k {
                top = Swift.max(top, logPositive[i * b + col])
                if signed { top = Swift.max(top, logNegative[i * b + col]) }
            }
            var sum: Scalar = 0
            for i in 0..<k {
                sum += Scalar.exp(logPositive[i * b + col] - top)
                if signed { sum += Scalar.exp(logNegative[i * b + col] - top) }
            }
            let shift = top + Scalar.log(sum) - logRadius
            for i in 0..<k {
                let j = i * b + col
                logPositive[j] -= shift
                logNegative[j] -= shift
                weights[j] = Scalar.exp(logPositive[j]) - (signed ? Scalar.exp(logNegative[j]) : 0)
            }
        }
    }
}
