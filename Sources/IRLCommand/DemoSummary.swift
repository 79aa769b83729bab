import Foundation
import IRL

/// The summary table `irl demo` prints.
enum DemoSummary {
    static func text(_ o: DemoOutcome) -> String {
        let p = o.problem
        let f = { (x: Double) in ExperimentTable.format(x, digits: 4) }
        let stop: String
        switch o.solution.stopReasons.first {
        case .some(.mismatchTolerance): stop = "mismatch tolerance reached"
        case .some(.gradientTolerance): stop = "gradient tolerance reached"
        default: stop = "iteration limit"
        }
        let last = o.solution.history.last
        let table = ExperimentTable(
            columns: ["J(π, r*)", "gap J(π_E) − J(π)", "ℓ_BC (TV on expert states)"],
            rows: [
                [o.expertReturn, 0, 0],
                [o.learnerReturn, o.expertReturn - o.learnerReturn, o.learnerLoss],
                [o.clonedReturn, o.expertReturn - o.clonedReturn, o.clonedLoss],
                [o.uniformReturn, o.expertReturn - o.uniformReturn, .nan],
            ]
        ).formatted().trimmingCharacters(in: .newlines)
        let labels = ["", "", "expert (soft-optimal)", "MaxEnt IRL", "behavioural cloning", "uniform policy"]
        let rows = table.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, row in
            (i < labels.count ? labels[i] : "").padding(toLength: 22, withPad: " ", startingAt: 0) + row
        }
        return """

            \(p.size)×\(p.size) gridworld, slip \(DemoProblem.slip), 5 actions, H = \(p.horizon), \(p.featureCount) region features \
            (\(p.nonzeroWeights) nonzero in the hidden reward), \(p.demonstrationCount) demonstrations (seed \(p.seed))

            MaxEnt IRL: \(o.solution.iterations.first ?? 0) iterations (\(stop)) in \(String(format: "%.2f", o.seconds)) s
              final moment mismatch ‖F_π − F_E‖∞ = \(f(last?.mismatchInfinity.first ?? .nan)), \
            ‖·‖₂ = \(f(last?.mismatchTwo.first ?? .nan))
              demonstrations' log-likelihood per trajectory = \(f(last?.logLikelihood?.first ?? .nan))
              recovered reward vs hidden reward, up to a constant shift: ‖r̂ + c − r*‖∞ = \(f(o.rewardError.error))

            Under the hidden reward r*:
            \(rows.joined(separator: "\n"))
            """
    }
}
