import ArgumentParser

/// `irl experiment`: the lecture's experiments.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Run one of the lecture's experiments: print its table, write its plots and numbers.",
        subcommands: [CompoundingCommand.self, ParetoCommand.self]
    )
}
