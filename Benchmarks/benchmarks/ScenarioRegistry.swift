/// Every scenario the benchmarks know, in the order they run.
///
/// To add a scenario, add one entry to ``standard`` (and, when it has a cheap variant CI can run,
/// one to ``smoke``). A soft-VI pass on another operator is
/// `SoftVIPassScenario(model: SomeTransitionModel<Double>(…), horizon: H, batch: B)`; anything
/// else (a MaxEnt IRL run, …) is a new type conforming to ``Scenario``.
enum ScenarioRegistry {
    /// The default set: dense soft VI at S ∈ {1024, 4096}, A = 5, H = 100, B ∈ {1, 64}, Float and
    /// Double — small before large, so a filtered or interrupted run still gives the cheap rows.
    static var standard: [any Scenario] {
        var list: [any Scenario] = []
        for states in [1024, 4096] {
            for batch in [1, 64] {
                list.append(SoftVIPassScenario(model: DenseTransitionModel<Float>(stateCount: states, actionCount: 5),
                                               horizon: 100, batch: batch))
                list.append(SoftVIPassScenario(model: DenseTransitionModel<Double>(stateCount: states, actionCount: 5),
                                               horizon: 100, batch: batch))
            }
        }
        list.append(contentsOf: GridworldDoorScenario.Door.allCases.map { GridworldDoorScenario(door: $0) })
        list.append(contentsOf: GridworldScenarios.standard)
        list.append(contentsOf: MaxEntScenarios.standard)
        // Future entries, one line each, e.g.:
        // list.append(SoftVIPassScenario(model: StencilGridworldModel<Double>(side: 1024), horizon: 100, batch: 1))
        return list
    }

    /// Tiny versions of the same code paths for CI (`--smoke`): a few seconds in all.
    static var smoke: [any Scenario] {
        var list: [any Scenario] = []
        for batch in [1, 8] {
            list.append(SoftVIPassScenario(model: DenseTransitionModel<Float>(stateCount: 64, actionCount: 5),
                                           horizon: 10, batch: batch))
            list.append(SoftVIPassScenario(model: DenseTransitionModel<Double>(stateCount: 64, actionCount: 5),
                                           horizon: 10, batch: batch))
        }
        list.append(GridworldPassScenario<Double>(side: 32, kind: .stencil, horizon: 10, batch: 1))
        return list
    }
}
