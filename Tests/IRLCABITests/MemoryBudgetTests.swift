import DenseTensors
import IRL
import IRLCABI
import Testing

/// The C door refuses what the memory budget does not allow, with the status and a message that
/// names the request, its sizes and the budget — before allocating anything.
@Suite("C ABI: the memory budget")
struct CMemoryBudgetTests {
    @Test func hugeHorizonsAndBatchesAreRefused() throws {
        let pr = CProblem(states: 4, actions: 3, batch: 1, seed: 5)
        try withDenseTransitions(scalars(pr.p, as: Double.self), states: 4, actions: 3) { t in
            let reward = pr.reward
            // H = 2³¹ − 1 with every output left to the library: (H+1)·S·B values and H·S·A·B
            // policy scalars, far over any budget, refused before allocation.
            let h = Int64(Int32.max)
            var status = reward.withUnsafeBufferPointer { r in
                pr.rho.withUnsafeBufferPointer { rho in
                    ig_soft_value_iteration_f64(t, h, 0.9, r.baseAddress, 1, nil, nil, nil, nil, nil, rho.baseAddress, nil, nil)
                }
            }
            expectFailure(status, IGStatus.memoryBudget, "soft value iteration (S = 4, A = 3, B = 1, H = 2147483647)", "memory budget of")
            // Above 2³¹ − 1 the horizon and the batch are named with their limit.
            status = reward.withUnsafeBufferPointer { r in
                ig_soft_value_iteration_f64(t, 1 << 40, 0.9, r.baseAddress, 1, nil, nil, nil, nil, nil, nil, nil, nil)
            }
            expectFailure(status, IGStatus.invalidHorizon, "1099511627776", "largest supported horizon")
            status = reward.withUnsafeBufferPointer { r in
                ig_soft_value_iteration_f64(t, 3, 0.9, r.baseAddress, 1 << 62, nil, nil, nil, nil, nil, nil, nil, nil)
            }
            expectFailure(status, IGStatus.invalidArgument, "batch: 4611686018427387904", "largest supported batch")
        }
    }
}
