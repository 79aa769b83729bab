import DenseTensors
import Testing
import _TestSupport
@testable import IRL

/// The one memory budget: byte counts with overflow checks, and refusals before allocation.
@Suite("memory budget")
struct MemoryBudgetTests {
    @Test func byteCountsAreCheckedForOverflow() {
        #expect(MemoryBudget.bytes([[3, 4], [5]], scalarBytes: 8) == 8 * 17)
        #expect(MemoryBudget.bytes([[1 << 31, 1 << 31, 1 << 3]], scalarBytes: 8) == nil)
        #expect(MemoryBudget.bytes([[Int.max / 2], [Int.max / 2], [4]], scalarBytes: 1) == nil)
        #expect(MemoryBudget.bytes([[-1]], scalarBytes: 8) == nil)
        #expect(MemoryBudget.mebibytes(2).bytes == 2 << 20)
        #expect(MemoryBudget.gibibytes(.infinity).bytes == 0)
    }

    @Test func checkNamesTheRequestTheBytesAndTheBudget() {
        let budget = MemoryBudget(bytes: 1000)
        do {
            try budget.check("a plan (S = 10)", arrays: [[10, 20]], of: Double.self, suggestion: "make it smaller")
            Issue.record("accepted 1600 bytes under a budget of 1000")
        } catch {
            #expect(error.description == "a plan (S = 10) needs 1600 bytes, over the memory budget of 1000 bytes; make it smaller")
        }
        do {
            try budget.check("a huge plan", arrays: [[1 << 40, 1 << 40]], of: Double.self, suggestion: "no")
            Issue.record("accepted an overflowing size")
        } catch {
            #expect(error.description.contains("its size overflows 64-bit arithmetic"), "\(error)")
            #expect(error.description.contains("more than 2⁶³ − 1 bytes"), "\(error)")
        }
    }

    /// Horizons, batches and plans that would overflow or exceed the budget are refused by the
    /// solvers before allocating (a horizon of 10¹² used to abort the process).
    @Test func solversRefuseWhatDoesNotFit() throws {
        let pr = RandomProblem(states: 4, actions: 2, seed: 11)
        let huge = try pr.mdp(horizon: .finite(1_000_000_000_000), discount: 0.9)
        let r = try huge.stateActionRewards(.stateAction(pr.rewards))
        func refusal(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        let plan = refusal { _ = try SoftValueIteration<Double>().solve(huge, stateActionRewards: r) }
        #expect(plan.contains("soft value iteration's plan (S = 4, A = 2, B = 1, H = 1000000000000)"), "\(plan)")
        #expect(plan.contains("over the memory budget"), "\(plan)")
        let hard = refusal { _ = try HardValueIteration<Double>().solve(huge, stateActionRewards: r) }
        #expect(hard.contains("hard value iteration's plan") && hard.contains("over the memory budget"), "\(hard)")
        let forward = refusal { _ = try huge.occupancy(of: Policy.uniform(on: huge)) }
        #expect(forward.contains("forward pass (S = 4, A = 2, B = 1, H = 1000000000000)"), "\(forward)")
        let evaluation = refusal { _ = try huge.evaluate(Policy.uniform(on: huge), stateActionRewards: r) }
        #expect(evaluation.contains("policy evaluation") && evaluation.contains("over the memory budget"), "\(evaluation)")
        let lean = refusal { _ = try SoftValueIteration<Double>().occupancy(huge, stateActionRewards: r) }
        #expect(lean.contains("over the memory budget"), "\(lean)")
        // An explicit budget is obeyed: a tiny one refuses even H = 3.
        let small = try pr.mdp(horizon: .finite(3), discount: 0.9)
        let tiny = refusal {
            _ = try SoftValueIteration<Double>().occupancy(small, stateActionRewards: r, budget: MemoryBudget(bytes: 64))
        }
        #expect(tiny.contains("over the memory budget of 64 bytes"), "\(tiny)")
        #expect(throws: Never.self) { _ = try SoftValueIteration<Double>().solve(small, stateActionRewards: r) }
    }

    /// An iteration limit is a limit, not an allocation: a huge one costs nothing up front.
    @Test func hugeIterationLimitsAllocateNothingUpFront() throws {
        let mdp = try GameFixtures.randomMDP(states: 4, actions: 2, features: 2, horizon: .finite(3), discount: 0.9, seed: 5)
        let expert = try ExpertStatistics(occupancy: mdp.occupancy(of: Policy.uniform(on: mdp)).stateActionOccupancy)
        // The uniform policy is MaxEnt's starting point (λ = 0): the mismatch is 0 at once.
        let run = try MaxEntIRL<Double>(options: .init(maxIterations: Int.max, mismatchTolerance: 1e-9)).solve(mdp, expert: expert)
        #expect(run.history.count <= 2)
        #expect(run.iterations.allSatisfy { $0 <= 2 })
    }

    /// The Pareto experiment checks its batch of weights before building the rewards.
    @Test func paretoWeightsAreChecked() {
        do {
            _ = try ParetoFrontierExperiment(weightCount: 1_000_000_000).run()
            Issue.record("a billion weights were accepted")
        } catch {
            #expect(error.description.contains("Pareto frontier with 1000000000 weights"), "\(error)")
        }
    }
}
