import DenseTensors
import Foundation
import Testing
import _TestSupport

@testable import IRL

@Suite("MaxEnt IRL")
struct MaxEntIRLTests {
    /// From the exact occupancy of the soft-optimal expert of `r* = Φλ*` (one-hot state features on
    /// a 4×4 slippery gridworld, H = 10), MaxEnt IRL recovers the expert's policy and `r*` up to a
    /// constant. The start distribution is uniform over all cells and soft policies have full
    /// support, so the expert visits every cell and `λ` is identifiable up to the constant shift
    /// (a constant reward changes no policy) — the comparison covers every cell.
    @Test func recoversExpertPolicyAndRewardOnGridworld() throws {
        let (grid, mdp) = try GameFixtures.gridworld(horizon: 10)
        let s = grid.stateCount
        let truth: Tensor<Double> = randomTensor([s, 1], seed: 5)
        let (expertPolicy, expert) = try GameFixtures.softExpert(mdp, weights: truth)
        let visits = (0..<s).map { st in (0..<mdp.actionCount).reduce(0.0) { $0 + expert.occupancy[st, $1, 0] } }
        #expect(visits.allSatisfy { $0 > 0 })

        let irl = MaxEntIRL<Double>(options: .init(stepSize: 0.3, maxIterations: 1000, mismatchTolerance: 1e-6))
        let solution = try irl.solve(mdp, expert: expert, trueReward: TrueReward(.linear(weights: truth), expertPolicy: expertPolicy))
        #expect(solution.converged == [true])
        #expect(solution.stopReasons == [.mismatchTolerance])

        let tv = try GameFixtures.totalVariationOnExpert(mdp, expert: expertPolicy, learner: solution.policy)
        #expect(tv < 1e-3)
        let learned = solution.weights.scalars, target = truth.scalars
        let shift = zip(learned, target).reduce(0.0) { $0 + $1.0 - $1.1 } / Double(s)
        let rewardError = zip(learned, target).map { abs($0 - $1 - shift) }.max() ?? .infinity
        #expect(rewardError < 1e-2)

        // Lemma 1 on every iterate: |J(π_E, Φλ*) − J(π_t, Φλ*)| = |λ*·(F_E − F_t)| ≤ ‖λ*‖₁·‖F_E − F_t‖∞.
        // (Per-step moments f = F/H give the lecture's form H·‖λ*‖₁·‖f_E − f_t‖∞, the same number.)
        let l1 = VectorNorm.one(target)
        for record in solution.history {
            let gap = try #require(record.performanceGap)[0]
            #expect(abs(gap) <= l1 * record.mismatchInfinity[0] * (1 + 1e-12) + 1e-12)
            #expect(abs(gap) <= 10 * l1 * (record.mismatchInfinity[0] / 10) * (1 + 1e-12) + 1e-12)
        }
        let first = try #require(solution.history.first?.performanceGap?[0])
        let last = try #require(solution.history.last?.performanceGap?[0])
        #expect(abs(last) < 1e-5 && abs(last) < abs(first))
        // The solution is the soft-optimal plan of its own reward.
        let replanned = try SoftValueIteration<Double>().solve(mdp, reward: .linear(weights: solution.weights))
        #expect(replanned.policy.probabilities.maxAbsDifference(solution.policy.probabilities) < 1e-12)
    }

    /// `B` problems in one call give what `B` separate calls give, for every optimiser, including
    /// columns that stop at different iterations.
    @Test(arguments: [
        MaxEntIRL<Double>.Options(stepSize: 0.2, maxIterations: 80, mismatchTolerance: 2e-2),
        MaxEntIRL<Double>.Options(
            optimizer: .adam(), stepSize: 0.05, schedule: .inverseSquareRoot, maxIterations: 40,
            l2Regularization: 0.01, augmentedLagrangian: 0.3, gapBall: WeightBall(norm: .two, radius: 3)),
        MaxEntIRL<Double>.Options(
            optimizer: .exponentiatedGradient(radius: 4), stepSize: 0.1,
            schedule: .exponential(decay: 0.99), maxIterations: 40, mismatchNorm: .two),
    ])
    func batchedCallEqualsSeparateCalls(options: MaxEntIRL<Double>.Options) throws {
        let (s, a, k, h, b) = (7, 3, 4, 6, 3)
        let mdp = try GameFixtures.randomMDP(states: s, actions: a, features: k, horizon: .finite(h), discount: 0.95, seed: 41)
        let policies = try GameFixtures.randomPolicy(tables: h, states: s, actions: a, batch: b, seed: 42)
        let counts = try GameFixtures.expectedCounts(mdp, policy: policies, trajectories: 5)
        let batched = try ExpertStatistics(counts: counts, trajectories: [5], discount: 0.95)
        let truth: Tensor<Double> = randomTensor([s, a, b], seed: 43, in: 0...1)
        let irl = MaxEntIRL<Double>(options: options)
        let together = try irl.solve(mdp, expert: batched, trueReward: TrueReward(.stateAction(truth), expertPolicy: policies))
        if options.mismatchTolerance == 2e-2 { #expect(Set(together.iterations).count > 1) }
        for col in 0..<b {
            let single = try ExpertStatistics(
                counts: Tensor(shape: [h, s, a, 1]) { counts.scalars[$0 * b + col] }, trajectories: [5], discount: 0.95)
            let policy = try Policy(timeIndexed: Tensor(shape: [h, s, a, 1]) { policies.probabilities.scalars[$0 * b + col] })
            let reward = Tensor<Double>(shape: [s, a, 1]) { truth.scalars[$0 * b + col] }
            let alone = try irl.solve(mdp, expert: single, trueReward: TrueReward(.stateAction(reward), expertPolicy: policy))
            #expect(alone.iterations[0] == together.iterations[col])
            #expect(alone.stopReasons[0] == together.stopReasons[col])
            #expect(GameFixtures.maxColumnDifference(together.weights, alone.weights, col) < 1e-10)
            #expect(GameFixtures.maxColumnDifference(together.rewards, alone.rewards, col) < 1e-10)
            #expect(GameFixtures.maxColumnDifference(together.policy.probabilities, alone.policy.probabilities, col) < 1e-10)
            #expect(
                GameFixtures.maxColumnDifference(together.occupancy.stateActionOccupancy, alone.occupancy.stateActionOccupancy, col) < 1e-10
            )
            #expect(GameFixtures.maxColumnDifference(together.averagedWeights, alone.averagedWeights, col) < 1e-10)
            // The history agrees while the column runs; afterwards the batched record repeats it.
            for (t, record) in together.history.enumerated() {
                let own = alone.history[min(t, alone.history.count - 1)]
                for (x, y) in [
                    (record.mismatchInfinity, own.mismatchInfinity), (record.mismatchTwo, own.mismatchTwo),
                    (record.gradientNorm, own.gradientNorm), (record.dualObjective, own.dualObjective),
                    (record.logLikelihood ?? [], own.logLikelihood ?? []),
                    (record.performanceGap ?? [], own.performanceGap ?? []),
                ] {
                    #expect(abs(x[col] - y[0]) < 1e-10)
                }
                if t < alone.history.count, let gap = record.dualityGap, let ownGap = own.dualityGap {
                    #expect(abs(gap[col] - ownGap[0]) < 1e-10)
                }
            }
        }
    }

    /// Adam and exponentiated gradient (ℓ1 ball and simplex) each reduce the moment mismatch.
    @Test(arguments: [
        MaxEntIRL<Double>.Optimizer.adam(), .exponentiatedGradient(radius: 6), .exponentiatedGradient(radius: 3, signed: false),
    ])
    func optimisersReduceMismatch(optimizer: MaxEntIRL<Double>.Optimizer) throws {
        let (s, a, k) = (6, 3, 4)
        let mdp = try GameFixtures.randomMDP(states: s, actions: a, features: k, horizon: .finite(6), discount: 1, seed: 51)
        // λ* lies in both sets: inside the ℓ1 ball of radius 6, and on the simplex of radius 3.
        let truth = try Tensor<Double>(shape: [k, 1], scalars: [1.2, 0.3, 0.9, 0.6])
        let (_, expert) = try GameFixtures.softExpert(mdp, weights: truth)
        let eta: Double = if case .adam = optimizer { 0.1 } else { 0.2 }
        let irl = MaxEntIRL<Double>(options: .init(optimizer: optimizer, stepSize: eta, maxIterations: 60, mismatchTolerance: 0))
        var calls = [Int]()
        let solution = try irl.solve(mdp, expert: expert) { progress in
            calls.append(progress.iteration)
            #expect(progress.maxIterations == 60 && progress.worstMismatch == progress.record.mismatchInfinity[0])
        }
        #expect(calls == Array(1...60) && solution.history.count == 60)
        let first = try #require(solution.history.first).mismatchInfinity[0]
        let last = try #require(solution.history.last).mismatchInfinity[0]
        #expect(last < first / 4, "\(optimizer): \(first) → \(last)")
        if case let .exponentiatedGradient(radius, signed) = optimizer {
            let w = solution.weights.scalars
            #expect(VectorNorm.one(w) <= radius * (1 + 1e-12))
            if !signed { #expect(w.allSatisfy { $0 >= 0 } && abs(w.reduce(0, +) - radius) < 1e-9) }
        }
    }

    /// Invalid options and inputs are thrown errors naming the argument.
    @Test func invalidOptionsAreNamedErrors() throws {
        let mdp = try GameFixtures.randomMDP(states: 4, actions: 2, features: 3, horizon: .finite(3), discount: 1, seed: 61)
        let (_, expert) = try GameFixtures.softExpert(mdp, weights: Tensor(shape: [3, 1]) { Double($0) })
        func argument(_ body: () throws -> Void) -> String? {
            do { try body() } catch let error as IRLError {
                switch error {
                case let .invalidParameter(argument, _, _), let .shapeMismatch(argument, _, _), let .missing(argument, _),
                    let .nonFinite(argument, _, _):
                    return argument
                default: return "\(error)"
                }
            } catch { return "\(error)" }
            return nil
        }
        func run(_ options: MaxEntIRL<Double>.Options, weights: Tensor<Double>? = nil, on m: TabularMDP<Double>? = nil) -> String? {
            argument { _ = try MaxEntIRL(options: options).solve(m ?? mdp, expert: expert, initialWeights: weights) }
        }
        #expect(run(.init(stepSize: -0.1)) == "stepSize")
        #expect(run(.init(stepSize: .nan)) == "stepSize")
        #expect(run(.init(maxIterations: 0)) == "maxIterations")
        #expect(run(.init(mismatchTolerance: -1)) == "mismatchTolerance")
        #expect(run(.init(l2Regularization: -1)) == "l2Regularization")
        #expect(run(.init(augmentedLagrangian: .infinity)) == "augmentedLagrangian")
        #expect(run(.init(temperature: 0)) == "temperature")
        #expect(run(.init(schedule: .exponential(decay: 1.5))) == "schedule.decay")
        #expect(run(.init(optimizer: .adam(beta1: 1))) == "adam.beta1")
        #expect(run(.init(optimizer: .exponentiatedGradient(radius: 0))) == "exponentiatedGradient.radius")
        #expect(run(.init(gapBall: WeightBall(norm: .two, radius: -1))) == "gapBall.radius")
        #expect(run(.init(), weights: Tensor(zeros: [4, 1])) == "initialWeights")
        #expect(run(.init(), weights: Tensor([0, .nan, 0])) == "initialWeights")
        #expect(run(.init(optimizer: .exponentiatedGradient(radius: 1)), weights: Tensor([2, 0, 0])) == "initialWeights (column 0)")
        #expect(run(.init(), on: try mdp.with(features: nil)) == "features")
        #expect(run(.init(), on: try mdp.with(horizon: .finite(4))) == "expert occupancy mass (column 0)")
        let discounted = try mdp.with(horizon: .finite(3), discount: 0.5)
        let counted = try ExpertStatistics(counts: Tensor(shape: [3, 4, 2]) { $0 % 8 == 0 ? 1 : 0 }, trajectories: [1], discount: 0.9)
        #expect(argument { _ = try MaxEntIRL<Double>().solve(discounted, expert: counted) } == "expert discount")
        // Absurd steps never produce NaN: the run stays finite (soft VI takes rewards near 1e306)
        // or stops with an error naming the diverged quantity.
        for eta in [1e307, 1.7e308] {
            var wild: MaxEntIRL<Double>.Solution? = nil
            let failure = argument {
                wild = try MaxEntIRL<Double>(options: .init(stepSize: eta, maxIterations: 50)).solve(mdp, expert: expert)
            }
            if let run = wild {
                #expect(run.weights.firstNonFinite() == nil && run.policy.probabilities.firstNonFinite() == nil)
                #expect(run.history.allSatisfy { $0.mismatchInfinity[0].isFinite })
            } else {
                #expect(failure == "reward weights" || failure == "reward Φ·λ", "\(failure ?? "")")
            }
        }
    }

    /// Float and Double runs agree to Float precision.
    @Test func floatAgreesWithDouble() throws {
        let mdp = try GameFixtures.randomMDP(states: 6, actions: 3, features: 4, horizon: .finite(5), discount: 0.9, seed: 71)
        let truth = try Tensor<Double>(shape: [4, 1], scalars: [0.5, -1, 0.25, 0.8])
        let (_, expert) = try GameFixtures.softExpert(mdp, weights: truth)
        let double = try MaxEntIRL<Double>(options: .init(optimizer: .adam(), stepSize: 0.1, maxIterations: 30))
            .solve(mdp, expert: expert)
        let phi = try #require(mdp.features)
        let floatMDP = try TabularMDP<Float>(
            transitions: Tensor(shape: [6, 3, 6]) { i in
                Float(
                    mdp.dynamics.successors(state: i / 18, action: (i / 6) % 3)
                        .first { $0.state == i % 6 }?.probability ?? 0)
            },
            initialDistribution: mdp.initialDistribution.converted(), horizon: .finite(5), discount: 0.9,
            features: phi.converted())
        let floatExpert = try ExpertStatistics<Float>(occupancy: expert.occupancy.converted())
        let single = try MaxEntIRL<Float>(options: .init(optimizer: .adam(), stepSize: 0.1, maxIterations: 30))
            .solve(floatMDP, expert: floatExpert)
        let scale = max(1, double.weights.scalars.map(abs).max() ?? 1)
        #expect(Double(single.weights.converted(to: Double.self).maxAbsDifference(double.weights)) < 1e-3 * scale)
        #expect(single.policy.probabilities.converted(to: Double.self).maxAbsDifference(double.policy.probabilities) < 1e-4)
        for (x, y) in zip(single.history, double.history) {
            #expect(abs(Double(x.mismatchInfinity[0]) - y.mismatchInfinity[0]) < 1e-3 * max(1, y.mismatchInfinity[0]))
        }
    }
}
