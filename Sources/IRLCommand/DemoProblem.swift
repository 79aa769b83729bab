import DenseTensors
import IRL

/// The problem `irl demo` solves: a gridworld whose reward is hidden from the learner, expert
/// demonstrations, MaxEnt IRL and behavioural cloning.
///
/// A `size × size` gridworld with 5 actions, slip 0.1 and a uniform start; 2×2 region features;
/// the hidden reward `r* = Φ·λ*` is +1 on the bottom-right block (the goal), −1 on the centre
/// block and on the block right of it (a hazard wall), and +0.3 on the bottom-left block.
/// The expert is soft-optimal at temperature 1 (the temperature MaxEnt IRL assumes), and
/// `demonstrations` trajectories of `H` decisions are sampled from it with `SplitMix64(seed)`.
struct DemoProblem {
    let size: Int
    let horizon: Int
    let demonstrationCount: Int
    let seed: UInt64
    let grid: Gridworld
    let environment: Environment<Double>
    let trueWeights: Tensor<Double>
    let expert: Policy<Double>
    let demonstrations: Demonstrations<Double>

    static let slip = 0.1
    static let regionSize = 2

    init(size: Int, horizon: Int, demonstrations count: Int, seed: UInt64) throws {
        self.size = size
        self.horizon = horizon
        self.demonstrationCount = count
        self.seed = seed
        grid = try Gridworld(width: size, height: size, actionCount: 5, slip: Self.slip)
        let phi: Tensor<Double> = try grid.regionFeatures(size: Self.regionSize)
        let blocks = (size + Self.regionSize - 1) / Self.regionSize
        let k = blocks * blocks
        var weights = [Double](repeating: 0, count: k)
        let centre = (blocks / 2) * blocks + blocks / 2
        weights[centre] = -1
        if blocks / 2 + 1 < blocks - 1 { weights[centre + 1] = -1 }
        weights[(blocks - 1) * blocks] = 0.3
        weights[k - 1] = 1
        trueWeights = Tensor(weights)
        environment = try grid.environment(features: phi, trueReward: .linear(weights: trueWeights), horizon: .finite(horizon))
        expert = try SoftValueIteration<Double>(temperature: 1).solve(environment.mdp, reward: .linear(weights: trueWeights)).policy
        var generator = SplitMix64(seed: seed)
        demonstrations = try Demonstrations.sample(policy: expert, on: environment.mdp, count: count, using: &generator)
    }

    var mdp: TabularMDP<Double> { environment.mdp }
    var featureCount: Int { trueWeights.count }
    var nonzeroWeights: Int { trueWeights.scalars.filter { $0 != 0 }.count }
}

/// What `irl demo` computed.
struct DemoOutcome {
    let problem: DemoProblem
    let solution: MaxEntIRL<Double>.Solution
    let cloned: Policy<Double>
    let expertOccupancy: OccupancyMeasure<Double>
    let learnerOccupancy: OccupancyMeasure<Double>
    let clonedOccupancy: OccupancyMeasure<Double>
    let empiricalOccupancy: Tensor<Double>
    let expertReturn: Double
    let learnerReturn: Double
    let clonedReturn: Double
    let uniformReturn: Double
    let learnerLoss: Double
    let clonedLoss: Double
    let rewardError: (error: Double, shift: Double)
    /// The median of `r* − r̂` (the ℓ1-best constant), used to draw `r̂` next to `r*`.
    let displayShift: Double
    let seconds: Double

    /// Runs MaxEnt IRL and behavioural cloning on the problem.
    static func run(
        _ problem: DemoProblem, iterations: Int, progress: ((MaxEntIRL<Double>.Progress) -> Void)?, clock: () -> Double
    ) throws -> DemoOutcome {
        let mdp = problem.mdp
        guard let counts = problem.demonstrations.timeIndexedCounts, let reward = problem.environment.reward else {
            throw CommandFailure("the demo problem has no demonstrations or no true reward")
        }
        let statistics = try ExpertStatistics(counts: counts, trajectories: [problem.demonstrationCount], discount: mdp.discount)
        let options = MaxEntIRL<Double>.Options(
            optimizer: .adam(), stepSize: 0.05, maxIterations: iterations,
            mismatchTolerance: 1e-3)
        let solution = try MaxEntIRL<Double>(options: options).solve(
            mdp, expert: statistics, trueReward: TrueReward(reward, expertPolicy: problem.expert), progress: progress)
        let cloned = try BehavioralCloning<Double>().fit(problem.demonstrations, on: mdp)
        let returns = { (policy: Policy<Double>) throws -> Double in try mdp.evaluate(policy, reward: reward).returns.scalars[0] }
        let loss = { (policy: Policy<Double>) throws -> Double in
            try mdp.policyDivergence(expert: problem.expert, learner: policy).totalVariation.scalars[0]
        }
        let s = mdp.stateCount
        let learned = Tensor<Double>(shape: [s]) { solution.rewards.scalars[$0 * mdp.actionCount] }
        let truth = Tensor<Double>(shape: [s]) { problem.environment.trueReward?.scalars[$0 * mdp.actionCount] ?? 0 }
        return DemoOutcome(
            problem: problem, solution: solution, cloned: cloned,
            expertOccupancy: try mdp.occupancy(of: problem.expert), learnerOccupancy: solution.occupancy,
            clonedOccupancy: try mdp.occupancy(of: cloned),
            empiricalOccupancy: try problem.demonstrations.empiricalOccupancy(for: mdp),
            expertReturn: try returns(problem.expert), learnerReturn: try returns(solution.policy),
            clonedReturn: try returns(cloned), uniformReturn: try returns(Policy.uniform(on: mdp)),
            learnerLoss: try loss(solution.policy), clonedLoss: try loss(cloned),
            rewardError: try Metrics.rewardError(learned: learned, truth: truth, norm: .infinity),
            displayShift: try Metrics.rewardError(learned: learned, truth: truth, norm: .one).shift, seconds: clock())
    }

    /// `r*(s)` and `r̂(s)` as `[S]` (state rewards: the features are state features).
    var trueStateReward: [Double] {
        let (s, a) = (problem.mdp.stateCount, problem.mdp.actionCount)
        return (0..<s).map { problem.environment.trueReward?.scalars[$0 * a] ?? 0 }
    }

    var learnedStateReward: [Double] {
        let (s, a) = (problem.mdp.stateCount, problem.mdp.actionCount)
        return (0..<s).map { solution.rewards.scalars[$0 * a] }
    }

    /// `Σ_a μ(s, a)` of column 0.
    static func stateOccupancy(_ mu: Tensor<Double>) -> [Double] {
        let (s, a) = (mu.shape[0], mu.shape[1])
        let b = mu.rank == 3 ? mu.shape[2] : 1
        return (0..<s).map { state in (0..<a).reduce(0.0) { $0 + mu.scalars[(state * a + $1) * b] } }
    }
}
