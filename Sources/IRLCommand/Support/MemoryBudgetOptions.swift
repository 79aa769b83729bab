import ArgumentParser
import IRL

/// `--memory-budget`: the most memory a command's solves may allocate (the library's one
/// ``MemoryBudget``). A request beyond it is refused with a message naming its sizes, before
/// anything is allocated.
struct MemoryBudgetOptions: ParsableArguments {
    @Option(
        name: .customLong("memory-budget"),
        help: ArgumentHelp(
            "The most memory the solves may allocate, in MiB (default: $IMITATION_GAME_MEMORY_MB, else half the physical memory).",
            valueName: "MiB"))
    var mebibytes: Double?

    /// Checks the option and `IMITATION_GAME_MEMORY_MB`, and sets the process's budget: validation
    /// runs before `run()`, so every solve of the command sees it.
    func validate() throws {
        if let mebibytes {
            guard mebibytes.isFinite, mebibytes > 0 else {
                throw ValidationError("--memory-budget must be a positive number of MiB, got \(mebibytes).")
            }
            MemoryBudget.setProcessDefault(.mebibytes(mebibytes))
        } else {
            do {
                _ = try MemoryBudget.environmentBudget()
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }
}
