import DenseTensors
import IRL
import IRLCABI
import Testing

/// A MaxEnt IRL problem: features `Φ [S, A, K]`, true weights `λ* [K, B]`, and the expert's
/// occupancy: the forward pass of the soft-optimal policy for `r = Φλ*` (the reference's).
struct MaxEntProblem {
    var pr: CProblem
    let features: Int
    let horizon: Int
    let discount: Double
    var phi: [Double]
    var expertOccupancy: [Double]

    init(states: Int, actions: Int, features k: Int, batch: Int, horizon h: Int, discount g: Double, seed: UInt64) {
        pr = CProblem(states: states, actions: actions, batch: batch, seed: seed, maskedFraction: 0)
        var rng = SplitMix64(seed: seed ^ 0xABCD)
        features = k
        horizon = h
        discount = g
        phi = (0..<(states * actions * k)).map { _ in Double.random(in: 0...1, using: &rng) }
        let lambda = (0..<(k * batch)).map { _ in Double.random(in: -1...1, using: &rng) }
        pr.reward = linearReward(phi: phi, weights: lambda, rows: states * actions, features: k, batch: batch)
        if h == 0 {
            let soft = referenceSoftVIInfinite(pr, discount: g)
            expertOccupancy = referenceForwardInfinite(pr, stationaryPolicy: soft.policy, discount: g).mu
        } else {
            let soft = referenceSoftVI(pr, horizon: h, discount: g)
            expertOccupancy = referenceForward(pr, policy: soft.policy, steps: h, horizon: h, discount: g).mu
        }
    }
}

/// `r[i, b] = Σ_k Φ[i, k] λ[k, b]` over the `S·A` rows `i`.
func linearReward(phi: [Double], weights: [Double], rows: Int, features k: Int, batch b: Int) -> [Double] {
    (0..<(rows * b)).map { j in (0..<k).reduce(0.0) { $0 + phi[(j / b) * k + $1] * weights[$1 * b + j % b] } }
}

/// `F[k, b] = Σ_i Φ[i, k] μ[i, b]`.
func featureExpectations(phi: [Double], occupancy mu: [Double], rows: Int, features k: Int, batch b: Int) -> [Double] {
    (0..<(k * b)).map { j in (0..<rows).reduce(0.0) { $0 + phi[$1 * k + j / b] * mu[$1 * b + j % b] } }
}

/// The outputs of `ig_maxent_irl_*`.
struct MaxEntOutputs<Scalar: CABIScalar> {
    var status: Int32
    var weights: [Scalar]?, reward: [Scalar]?, policy: [Scalar]?, occupancy: [Scalar]?, features: [Scalar]?, history: [Scalar]?
    var iterations: [Int64]
    var historyLength: Int64
}

func callMaxEnt<Scalar: CABIScalar>(
    _: Scalar.Type, _ handle: OpaquePointer, _ m: MaxEntProblem, options: IGMaxEntOptions?, initialWeights: [Double]? = nil,
    expertOccupancy: [Double]? = nil
) -> MaxEntOutputs<Scalar> {
    let (s, a, k, b) = (m.pr.states, m.pr.actions, m.features, m.pr.batch)
    let steps = max(m.horizon, 1)
    let limit = Int(options?.maxIterations ?? 500)
    let weights = OutputBuffer<Scalar>(count: k * b), reward = OutputBuffer<Scalar>(count: s * a * b)
    let policy = OutputBuffer<Scalar>(count: steps * s * a * b), occupancy = OutputBuffer<Scalar>(count: s * a * b)
    let features = OutputBuffer<Scalar>(count: k * b), history = OutputBuffer<Scalar>(count: limit * b)
    var iterations = [Int64](repeating: -1, count: b)
    var historyLength: Int64 = -1
    let rho = scalars(m.pr.rho, as: Scalar.self), phi = scalars(m.phi, as: Scalar.self)
    let mu = scalars(expertOccupancy ?? m.expertOccupancy, as: Scalar.self)
    let status = withOptionalPointer(initialWeights.map { scalars($0, as: Scalar.self) }) { lambda0 in
        withOptions(options) { o in
            Scalar.maxEntIRL(
                handle, Int64(m.horizon), m.discount, rho, phi, Int64(k), mu, Int64(b), lambda0, o, weights.pointer,
                reward.pointer, policy.pointer, occupancy.pointer, features.pointer, history.pointer, &iterations, &historyLength)
        }
    }
    return MaxEntOutputs(
        status: status, weights: weights.take(), reward: reward.take(), policy: policy.take(), occupancy: occupancy.take(),
        features: features.take(), history: history.take(), iterations: iterations, historyLength: historyLength)
}

/// `ig_maxent_irl_*`: a small run that recovers the expert's feature expectations, with every
/// output checked against the equations it must satisfy (computed here from the outputs).
@Suite("C ABI: MaxEnt IRL")
struct MaxEntIRLTests {
    func run<Scalar: CABIScalar>(_: Scalar.Type, horizon: Int, batch: Int) throws {
        let m = MaxEntProblem(
            states: 5, actions: 3, features: 3, batch: batch, horizon: horizon, discount: horizon == 0 ? 0.6 : 0.95, seed: 900)
        var options = IGMaxEntOptions.defaults
        options.maxIterations = 3000
        options.stepSize = 0.05
        options.optimizer = 1  // Adam
        options.mismatchTolerance = Scalar.self == Double.self ? 1e-7 : 1e-4
        let (rows, k, b) = (m.pr.states * m.pr.actions, m.features, batch)
        let label = "\(Scalar.self) H = \(horizon) B = \(batch)"
        try withDenseTransitions(scalars(m.pr.p, as: Scalar.self), states: 5, actions: 3) { handle in
            let out = callMaxEnt(Scalar.self, handle, m, options: options)
            #expect(out.status == IGStatus.ok, "\(label): \(lastErrorMessage())")
            let weights = try #require(out.weights).map(Double.init)
            // reward = Φλ, and the policy, occupancy and F_π are those of that reward.
            var learned = m.pr
            learned.reward = linearReward(phi: m.phi, weights: weights, rows: rows, features: k, batch: b)
            expectClose(out.reward, learned.reward, "\(label) reward = Φλ")
            let soft =
                horizon == 0
                ? referenceSoftVIInfinite(learned, discount: m.discount) : referenceSoftVI(learned, horizon: horizon, discount: m.discount)
            let mu =
                horizon == 0
                ? referenceForwardInfinite(learned, stationaryPolicy: soft.policy, discount: m.discount).mu
                : referenceForward(learned, policy: soft.policy, steps: horizon, horizon: horizon, discount: m.discount).mu
            expectClose(out.policy, soft.policy, "\(label) π of Φλ")
            expectClose(out.occupancy, mu, "\(label) μ of Φλ")
            let f = featureExpectations(phi: m.phi, occupancy: mu, rows: rows, features: k, batch: b)
            expectClose(out.features, f, "\(label) F_π = Φᵀμ")
            // Every column stopped on its mismatch tolerance, which the history records.
            let fE = featureExpectations(phi: m.phi, occupancy: m.expertOccupancy, rows: rows, features: k, batch: b)
            let history = try #require(out.history)
            #expect(out.historyLength >= 1 && out.historyLength < options.maxIterations, "\(label): \(out.historyLength) iterations")
            for col in 0..<b {
                let mismatch = (0..<k).map { abs(f[$0 * b + col] - fE[$0 * b + col]) }.max()!
                #expect(mismatch <= options.mismatchTolerance + 10 * Scalar.referenceTolerance, "\(label) ‖F_π − F_E‖∞ column \(col)")
                #expect(out.iterations[col] >= 1 && out.iterations[col] <= out.historyLength)
                let stopped = Int(out.iterations[col]) - 1
                expectClose([history[stopped * b + col]], [mismatch], "\(label) mismatch history at the stop, column \(col)")
                #expect(Double(history[col]) > Double(history[stopped * b + col]), "\(label) the mismatch decreased")
            }
            // Starting from the learned weights, the first iterate already matches.
            var once = options
            once.maxIterations = 1
            let again = callMaxEnt(Scalar.self, handle, m, options: once, initialWeights: weights)
            #expect(again.status == IGStatus.ok && again.historyLength == 1 && again.iterations == Array(repeating: 1, count: b))
            expectClose(again.weights, weights, "\(label) initial weights kept")
        }
    }

    @Test func finiteHorizonRecoversTheExpertFeatures() throws {
        try run(Double.self, horizon: 5, batch: 2)
        try run(Float.self, horizon: 5, batch: 1)
    }

    @Test func infiniteHorizonRecoversTheExpertFeatures() throws {
        try run(Double.self, horizon: 0, batch: 1)
    }

    /// NULL options are the defaults: the same numbers as `ig_maxent_options_default`'s struct.
    @Test func nullOptionsAreTheDefaults() throws {
        let m = MaxEntProblem(states: 4, actions: 2, features: 2, batch: 1, horizon: 3, discount: 1, seed: 901)
        try withDenseTransitions(m.pr.p, states: 4, actions: 2) { handle in
            let withNull = callMaxEnt(Double.self, handle, m, options: nil)
            let withDefaults = callMaxEnt(Double.self, handle, m, options: IGMaxEntOptions.defaults)
            #expect(withNull.status == IGStatus.ok && withDefaults.status == IGStatus.ok)
            #expect(withNull.weights == withDefaults.weights && withNull.historyLength == withDefaults.historyLength)
            #expect(withNull.historyLength >= 1 && withNull.historyLength <= 500)
            let history = try #require(withNull.history)
            #expect(history[0] > history[Int(withNull.historyLength) - 1])
        }
    }
}
