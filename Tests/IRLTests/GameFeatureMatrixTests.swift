import DenseTensors
import Foundation
import Testing
import _TestSupport

@testable import IRL

/// Features `Φ[S, A, K]` with one or two nonzeros (uniform in `[−1, 1]`) in each `(s, a)` row, at
/// random columns: at most `2/K` of the entries.
func sparseFeatures<Scalar: BLASScalar>(_: Scalar.Type, _ shape: [Int], seed: UInt64) -> Tensor<Scalar> {
    var rng = SplitMix64(seed: seed)
    let k = shape[2]
    var phi = Tensor<Scalar>(zeros: shape)
    phi.withUnsafeMutableBufferPointer { p in
        for row in 0..<(shape[0] * shape[1]) {
            for _ in 0..<(Bool.random(using: &rng) ? 2 : 1) {
                p[row * k + Int.random(in: 0..<k, using: &rng)] = Scalar(Double.random(in: -1...1, using: &rng))
            }
        }
    }
    return phi
}

/// One-hot state features `Φ[s, a, k] = [k = s]`, shape `[S, A, S]`.
func stateIndicators<Scalar: BLASScalar>(_: Scalar.Type, states s: Int, actions a: Int) -> Tensor<Scalar> {
    Tensor(shape: [s, a, s]) { i in i / (a * s) == i % s ? 1 : 0 }
}

@Suite("game features: the compressed rows of sparse Φ")
struct GameFeatureMatrixTests {
    /// A game on a random gridworld with the given features (and, when `masked`, one forbidden
    /// action in every other state), the expert the soft-optimal occupancy of random rewards.
    func problem<Scalar: BLASScalar>(
        _: Scalar.Type, seed: UInt64, batch b: Int, features: (Int, Int) -> Tensor<Scalar>, masked: Bool = false,
        grid given: Gridworld? = nil
    ) throws -> GameProblem<Scalar> {
        let grid = given ?? randomGridworld(seed: seed, maxSide: 5)
        let (s, a) = (grid.stateCount, grid.actionCount)
        let base: TabularMDP<Scalar> = try grid.mdp(horizon: .finite(6), discount: Scalar(0.9), operator: .dense, threads: 2)
        let mask: [[Bool]]? = masked ? (0..<s).map { st in (0..<a).map { st % 2 == 1 || $0 != st % a } } : nil
        let mdp = try TabularMDP(
            dynamics: base.dynamics, initialDistribution: base.initialDistribution, horizon: base.horizon,
            discount: base.discount, actionMask: mask, features: features(s, a))
        let truth = try mdp.applyingMask(randomRewards(Scalar.self, states: s, actions: a, batch: b, seed: seed &+ 5))
        let occupancy = try SoftValueIteration<Scalar>().occupancy(mdp, stateActionRewards: truth, mode: .full)
        return try GameProblem(mdp, expert: try ExpertStatistics(occupancy: occupancy.stateActionOccupancy), trueReward: nil)
    }

    /// `Φλ` and `Φᵀx` over the compressed rows equal the dense GEMMs (``TabularMDP/stateActionRewards(_:)``
    /// and ``featureProduct(_:_:)``), masked actions included, in both precisions.
    @Test(arguments: [(UInt64(1), 1, false), (2, 3, false), (3, 1, true), (4, 3, true)])
    func sparseProductsMatchDense(seed: UInt64, batch: Int, masked: Bool) throws {
        try check(Double.self, seed: seed, batch: batch, masked: masked, tolerance: 1e-12)
        try check(Float.self, seed: seed, batch: batch, masked: masked, tolerance: 1e-5)
    }

    func check<Scalar: BLASScalar>(_: Scalar.Type, seed: UInt64, batch b: Int, masked: Bool, tolerance: Scalar) throws {
        for k in [16, 40] {
            let game = try problem(
                Scalar.self, seed: seed, batch: b,
                features: { s, a in sparseFeatures(Scalar.self, [s, a, k], seed: seed) }, masked: masked)
            #expect(game.featureMatrix.sparse != nil)
            let lambda: Tensor<Scalar> = randomTensor([k, b], seed: seed &+ 9, in: -3...3)
            let dense = try game.mdp.stateActionRewards(.linear(weights: lambda))
            #expect(agree(dense, try game.rewards(lambda), tolerance))
            let x: Tensor<Scalar> = randomTensor([game.mdp.stateCount, game.mdp.actionCount, b], seed: seed &+ 11, in: 0...1)
            #expect(agree(try featureProduct(game.features, x), try game.featureExpectations(x), tolerance))
            #expect(agree(try game.expert.featureExpectations(game.features), game.expertFeatures, tolerance))
        }
    }

    /// Features with more than one nonzero in eight keep the dense GEMMs.
    @Test func denseFeaturesStayDense() throws {
        let phi: Tensor<Double> = randomTensor([7, 4, 3], seed: 31)
        #expect(FeatureMatrix(phi).sparse == nil)
        let pairs = sparseFeatures(Double.self, [7, 4, 8], seed: 32)  // more than one in eight
        #expect(FeatureMatrix(pairs).sparse == nil)
        let indicators = stateIndicators(Double.self, states: 9, actions: 4)
        let rows = try #require(FeatureMatrix(indicators).sparse)
        #expect(rows.values.count == 9 * 4 && rows.rowStarts.count == 9 * 4 + 1)
    }

    /// The sparse path reports diverged weights as the dense one does: non-finite weights
    /// ("reward weights"), a product that overflows to `+∞` ("reward Φ·λ"), and a state whose
    /// every action overflows to `−∞` (no valid action).
    @Test func divergedWeightsThrowTheSameErrors() throws {
        let grid = try Gridworld(width: 3, height: 3, actionCount: 4)
        let game = try problem(
            Double.self, seed: 41, batch: 1, features: { s, a in Tensor(shape: [s, a, s]) { i in i / (a * s) == i % s ? 1e300 : 0 } },
            grid: grid)
        let k = game.featureCount
        func failure(_ lambda: Tensor<Double>) -> IRLError? {
            do {
                _ = try game.rewards(lambda)
                return nil
            } catch { return error }
        }
        var nan = Tensor<Double>(zeros: [k, 1])
        nan[0, 0] = .nan
        guard case .nonFinite(let argument, _, _)? = failure(nan) else { Issue.record("NaN weights"); return }
        #expect(argument == "reward weights")
        var up = Tensor<Double>(zeros: [k, 1])
        up[0, 0] = 1e300
        guard case .nonFinite(let overflow, _, _)? = failure(up) else { Issue.record("+∞ reward"); return }
        #expect(overflow == "reward Φ·λ")
        var down = Tensor<Double>(zeros: [k, 1])
        down[0, 0] = -1e300
        guard case .noValidAction(let state, _, _)? = failure(down) else { Issue.record("−∞ rewards"); return }
        #expect(state == 0)
    }

    /// MaxEnt IRL on one-hot state features (the compressed rows) follows plain gradient descent
    /// written out with the public dense pieces: `r = Φλ`, one soft backward + forward pass,
    /// `F_π = Φᵀμ`, `λ ← λ − η(F_π − F_E)`.
    @Test(arguments: [(UInt64(51), 1), (52, 2)])
    func maxEntOnIndicatorsFollowsDenseGradientDescent(seed: UInt64, batch b: Int) throws {
        let grid = try Gridworld(width: 4, height: 3, actionCount: 5, slip: 0.1, walls: [(1, 1)], terminals: [(2, 3)])
        let game = try problem(
            Double.self, seed: seed, batch: b, features: { s, a in stateIndicators(Double.self, states: s, actions: a) }, grid: grid)
        #expect(game.featureMatrix.sparse != nil)
        let (eta, iterations) = (0.2, 6)
        let solution = try MaxEntIRL<Double>(options: .init(stepSize: eta, maxIterations: iterations, mismatchTolerance: 0))
            .solve(game.mdp, expert: game.expert)
        let fE = try game.expert.featureExpectations(game.features)
        var lambda = Tensor<Double>(zeros: [game.featureCount, b])
        for t in 0..<iterations {
            let r = try game.mdp.stateActionRewards(.linear(weights: lambda))
            let pass = try SoftValueIteration<Double>().occupancy(game.mdp, stateActionRewards: r, mode: .full)
            let f = try OccupancyMeasure(stateDistributions: pass.finalDistribution, stateActionOccupancy: pass.stateActionOccupancy)
                .featureExpectations(game.features)
            let mismatch = (0..<b).map { col in (0..<game.featureCount).map { abs(f[$0, col] - fE[$0, col]) }.max()! }
            #expect(agree(mismatch, solution.history[t].mismatchInfinity, 1e-12))
            if t + 1 < iterations { lambda = Tensor(shape: lambda.shape) { lambda.scalars[$0] - eta * (f.scalars[$0] - fE.scalars[$0]) } }
        }
        #expect(agree(lambda, solution.weights, 1e-12))
    }
}

extension TabularMDP {
    /// `r` with this MDP's masked actions set to `−∞`.
    func applyingMask(_ r: Tensor<Scalar>) throws -> Tensor<Scalar> {
        var masked = r
        try applyActionMask(&masked)
        return masked
    }
}
