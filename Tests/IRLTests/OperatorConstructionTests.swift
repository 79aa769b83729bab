import DenseTensors
import Testing
@testable import IRL

@Suite("sparse operator construction")
struct OperatorConstructionTests {
    typealias Entry = SparseTransitionOperator<Double>.Entry

    /// A valid 3-state, 2-action model.
    var entries: [Entry] {
        [Entry(state: 0, action: 0, next: 1, probability: 0.25), Entry(state: 0, action: 0, next: 0, probability: 0.75),
         Entry(state: 0, action: 1, next: 2, probability: 1), Entry(state: 1, action: 0, next: 1, probability: 1),
         Entry(state: 1, action: 1, next: 0, probability: 0.5), Entry(state: 1, action: 1, next: 2, probability: 0.5),
         Entry(state: 2, action: 0, next: 2, probability: 1), Entry(state: 2, action: 1, next: 0, probability: 1)]
    }

    func build(_ e: [Entry]) throws(IRLError) -> SparseTransitionOperator<Double> {
        try SparseTransitionOperator(stateCount: 3, actionCount: 2, entries: e)
    }

    @Test func entriesInAnyOrderGiveTheDenseMatrix() throws {
        let op = try build(entries.reversed())
        var dense = Tensor<Double>(zeros: [3, 2, 3])
        for e in entries { dense[e.state, e.action, e.next] = e.probability }
        #expect(op.denseTransitions() == dense)
        #expect(op.nonzeroCount == 8)
        #expect(try SparseTransitionOperator(transitions: dense).denseTransitions() == dense)
    }

    @Test func duplicateEntryIsNamed() {
        var e = entries
        e.append(Entry(state: 1, action: 1, next: 2, probability: 0.5))
        #expect(throws: IRLError.invalidParameter(argument: "entries[8]", value: 0.5,
                                                  reason: "duplicates entries[5] for (s, a, s') = (1, 1, 2)")) { try build(e) }
    }

    @Test func outOfRangeIndicesAreNamed() {
        var e = entries
        e[3].next = 3
        #expect(throws: IRLError.indexOutOfRange(argument: "entries[3].next", index: 3, bound: 3)) { try build(e) }
        e = entries
        e[2].action = -1
        #expect(throws: IRLError.indexOutOfRange(argument: "entries[2].action", index: -1, bound: 2)) { try build(e) }
        e = entries
        e[6].state = 5
        #expect(throws: IRLError.indexOutOfRange(argument: "entries[6].state", index: 5, bound: 3)) { try build(e) }
    }

    @Test func negativeAndNaNProbabilitiesAreNamed() {
        var e = entries
        e[1].probability = -0.75
        #expect(throws: IRLError.negativeProbability(argument: "entries[1].probability", index: [0, 0, 0], value: -0.75)) { try build(e) }
        e = entries
        e[4].probability = .nan
        #expect {
            try build(e)
        } throws: { error in
            guard case let .nonFinite(argument, index, value) = error as? IRLError else { return false }
            return argument == "entries[4].probability" && index == [1, 1, 0] && value.isNaN
        }
    }

    @Test func rowsThatDoNotSumToOneAreNamed() {
        var e = entries
        e[5].probability = 0.4
        #expect(throws: IRLError.notNormalized(argument: "transitions", index: [1, 1], sum: 0.9,
                                               tolerance: Double.ulpOfOne.squareRoot())) { try build(e) }
        // A row with no entry sums to 0.
        e = entries
        e.remove(at: 2)
        #expect(throws: IRLError.notNormalized(argument: "transitions", index: [0, 1], sum: 0,
                                               tolerance: Double.ulpOfOne.squareRoot())) { try build(e) }
        // A looser tolerance accepts it.
        e = entries
        e[5].probability = 0.4999
        #expect(throws: Never.self) { try SparseTransitionOperator(stateCount: 3, actionCount: 2, entries: e, tolerance: 1e-3) }
    }

    @Test func denseConversionValidatesRows() {
        var p = Tensor<Double>(zeros: [2, 1, 2])
        p[0, 0, 0] = 1
        p[1, 0, 0] = 1.5
        p[1, 0, 1] = -0.5
        #expect(throws: IRLError.negativeProbability(argument: "transitions", index: [1, 0, 1], value: -0.5)) {
            try SparseTransitionOperator(transitions: p)
        }
        #expect(throws: IRLError.shapeMismatch(argument: "transitions", expected: "[S, A, S] with S, A ≥ 1", actual: [2, 2])) {
            try SparseTransitionOperator(transitions: Tensor<Double>(zeros: [2, 2]))
        }
    }

    @Test func badCountsAreErrors() {
        #expect(throws: IRLError.self) { try SparseTransitionOperator<Double>(stateCount: 0, actionCount: 2, entries: []) }
        #expect(throws: IRLError.self) { try SparseTransitionOperator<Double>(stateCount: 2, actionCount: 0, entries: []) }
    }
}
