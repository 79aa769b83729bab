import DenseTensors
import Foundation
import Testing

@testable import IRL

/// The compounding-error experiment: part (a) against the closed forms of Figure 18.1, part (b)
/// on a tiny gridworld.
@Suite("experiments: compounding errors")
struct ExperimentCompoundingTests {
    @Test(arguments: [0.0, 1e-4, 0.01, 0.3])
    func figurePartReproducesTheClosedForms(epsilon: Double) throws {
        let horizons = [1, 2, 10, 40, 160]
        let result = try CompoundingErrorExperiment(figure: .init(epsilon: epsilon, horizons: horizons)).runFigure()
        #expect(result.rows.map(\.horizon) == horizons)
        for row in result.rows {
            let h = Double(row.horizon)
            // The closed forms, recomputed here from their definitions (sums over t).
            var (q, stay, gap1, gap2) = (0.0, 1.0, 0.0, 0.0)
            for _ in 1..<max(row.horizon, 1) {
                q = epsilon * (1 - q)
                stay *= 1 - epsilon
                gap1 += q
                gap2 += 1 - stay
            }
            let tolerance = 1e-12 * max(h, 1) * max(h, 1)
            #expect(abs(row.gapRecovering - gap1) <= tolerance, "H = \(row.horizon)")
            #expect(abs(row.gapAbsorbed - gap2) <= tolerance, "H = \(row.horizon)")
            #expect(abs(row.closedFormRecovering - gap1) <= tolerance)
            #expect(abs(row.closedFormAbsorbed - gap2) <= tolerance)
            #expect(abs(row.expertReturn - (h - 1)) <= 1e-12 * h)
            // Equal behavioural-cloning loss: both disagree with the expert with probability ε.
            #expect(abs(row.lossRecovering - epsilon) <= 1e-12)
            #expect(abs(row.lossAbsorbed - epsilon) <= 1e-12)
            #expect(row.epsilonH == epsilon * h && row.epsilonHSquaredHalf == epsilon * h * h / 2)
        }
    }

    @Test func figureExponentsAreOneAndTwoWhileEpsilonHIsSmall() throws {
        let result = try CompoundingErrorExperiment(figure: .init(epsilon: 1e-5, horizons: [10, 20, 40, 80, 160])).runFigure()
        // gap1 ≈ ε(H − 1) and gap2 ≈ εH(H − 1)/2: the log–log slopes of (H − 1) and H(H − 1).
        let h = result.rows.map { Double($0.horizon) }
        let linear = try #require(GrowthExponent.fit(x: h, y: h.map { $0 - 1 }).exponent)
        let quadratic = try #require(GrowthExponent.fit(x: h, y: h.map { $0 * ($0 - 1) }).exponent)
        #expect(abs(try #require(result.exponentRecovering.exponent) - linear) < 1e-3)
        #expect(abs(try #require(result.exponentAbsorbed.exponent) - quadratic) < 1e-3)
        #expect(abs(linear - 1) < 0.05 && abs(quadratic - 2) < 0.05)
    }

    @Test func figureTableHasOneRowPerHorizon() throws {
        let result = try CompoundingErrorExperiment(figure: .init(epsilon: 0.1, horizons: [3, 5])).runFigure()
        let table = result.table
        #expect(table.rows.count == 2 && table.columns.count == 10)
        #expect(table.column("gap π2") == result.rows.map(\.gapAbsorbed))
        #expect(result.series.count == 4 && result.series.filter(\.isReference).count == 2)
    }

    @Test func badFigureSettingsAreThrown() {
        #expect(throws: IRLError.self) { try CompoundingErrorExperiment(figure: .init(epsilon: 1.5, horizons: [10])).runFigure() }
        #expect(throws: IRLError.self) { try CompoundingErrorExperiment(figure: .init(epsilon: 0.1, horizons: [])).runFigure() }
        #expect(throws: IRLError.self) { try CompoundingErrorExperiment(figure: .init(epsilon: 0.1, horizons: [10, 10])).runFigure() }
        #expect(throws: IRLError.self) { try CompoundingErrorExperiment(figure: .init(epsilon: 0.1, horizons: [0])).runFigure() }
    }

    /// The tiny configuration the gridworld tests share: 6×6, an optimal expert, 5 demonstrations.
    static func tinySettings(learners: [CompoundingErrorExperiment.Learner], seed: UInt64 = 0)
        -> CompoundingErrorExperiment.GridworldSettings
    {
        var maxEnt = CompoundingErrorExperiment.GridworldSettings.defaultMaxEntOptions
        maxEnt.maxIterations = 100
        var primal = CompoundingErrorExperiment.GridworldSettings.defaultPrimalOptions
        primal.iterations = 60
        return .init(
            width: 6, height: 6, horizons: [8, 32, 128], demonstrations: 5, daggerIterations: 2, maxEnt: maxEnt,
            primal: primal, learners: learners, seed: seed)
    }

    @Test func gridworldGapsAreFiniteAndBehaviouralCloningCompoundsFasterThanMaxEnt() throws {
        let experiment = CompoundingErrorExperiment(gridworld: Self.tinySettings(learners: [.behavioralCloning, .maxEntIRL]))
        let result = try experiment.runGridworld()
        #expect(result.rows.map(\.horizon) == [8, 32, 128])
        for row in result.rows {
            for learner in [CompoundingErrorExperiment.Learner.behavioralCloning, .maxEntIRL] {
                let gap = try #require(row.gaps[learner])
                #expect(gap.isFinite)
                // The expert is optimal: no learner beats it (up to rounding).
                #expect(gap >= -1e-9 * row.expertReturn)
                #expect(try #require(row.losses[learner]) >= 0)
            }
        }
        let bc = try #require(result.exponents[.behavioralCloning]?.exponent)
        let maxEnt = try #require(result.exponents[.maxEntIRL]?.exponent)
        #expect(bc > maxEnt, "BC exponent \(bc), MaxEnt exponent \(maxEnt)")
        #expect(bc > 1.3)
        // At the longest horizon BC has fallen far behind MaxEnt IRL.
        let last = try #require(result.rows.last)
        #expect(try #require(last.gaps[.behavioralCloning]) > 5 * (try #require(last.gaps[.maxEntIRL])))
    }

    @Test func gridworldRunsEveryLearnerAndIsDeterministicForASeed() throws {
        var settings = Self.tinySettings(learners: CompoundingErrorExperiment.Learner.allCases, seed: 7)
        settings.horizons = [6, 12]
        let experiment = CompoundingErrorExperiment(gridworld: settings)
        let first = try experiment.runGridworld()
        let second = try experiment.runGridworld()
        #expect(first.rows == second.rows)
        #expect(first.table.columns.count == 2 + 2 * 4)
        for row in first.rows {
            #expect(row.gaps.count == 4 && row.gaps.values.allSatisfy(\.isFinite))
        }
        var other = settings
        other.seed = 8
        #expect(try CompoundingErrorExperiment(gridworld: other).runGridworld().rows != first.rows)
    }

    @Test func gridworldGapsEqualPerformanceGapsOfTheLearnersRecomputedHere() throws {
        // Behavioural cloning alone, recomputed from the same seeded demonstrations.
        var settings = Self.tinySettings(learners: [.behavioralCloning])
        settings.horizons = [10]
        let result = try CompoundingErrorExperiment(gridworld: settings).runGridworld()
        let environment = try settings.environment(horizon: 10)
        let reward = try #require(environment.reward)
        let expert = try HardValueIteration<Double>().solve(environment.mdp, reward: reward).policy
        var generator = SplitMix64(seed: CompoundingErrorExperiment.derivedSeed(settings.seed, horizon: 10, repetition: 0, stream: 0))
        let demos = try Demonstrations.sample(policy: expert, on: environment.mdp, count: 5, using: &generator)
        let cloned = try BehavioralCloning<Double>(timeIndexed: true).fit(demos, on: environment.mdp)
        let gap = try environment.mdp.performanceGap(expert: expert, learner: cloned, reward: reward).scalars[0]
        #expect(abs(try #require(result.rows[0].gaps[.behavioralCloning]) - gap) <= 1e-12 * max(1, abs(gap)))
    }

    @Test func gridworldEnvironmentHasTheDocumentedReward() throws {
        let settings = CompoundingErrorExperiment.GridworldSettings()
        let environment = try settings.environment(horizon: 5)
        let grid = try #require(environment.gridworld)
        let reward = try #require(environment.trueReward)
        let at = { (row: Int, column: Int) in reward[grid.state(row: row, column: column), 0] }
        #expect(at(2, 2) == 1 && at(3, 3) == 1)  // goal block around (3, 3)
        #expect(at(0, 2) == -1 && at(1, 3) == -1)  // hazard block on the top edge
        #expect(at(0, 0) == 0 && at(7, 7) == 0)
        #expect(environment.mdp.initialDistribution[0] == 1)
    }
}
