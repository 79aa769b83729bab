import DenseTensors

/// An operator that finds per-state blocks in itself: when a model is small enough for the
/// single-column fused steps (``StateBlockedTransitions/fusedMaximumEntries`` stored entries),
/// the sparse and stencil operators keep a ``StateBlockedTransitions`` copy of their rows, so a
/// finite pass with `B = 1` runs the same fused kernels whichever door built the operator
/// (a dense tensor, CSR arrays, a `SparseTransitionOperator`, a `Gridworld` stencil).
/// Larger models, and other batches, keep the operator's own products.
package protocol BlockBackedFusedSteps<Scalar>: SingleColumnFusedSteps where Scalar: FastExpScalar {
    /// The blocks, or `nil` when the model is too large for the fused steps (or does not fit blocks).
    var fusedBlocks: StateBlockedTransitions<Scalar>? { get }
}

extension BlockBackedFusedSteps {
    package func usesFusedSteps(threads: Int) -> Bool { fusedBlocks?.usesFusedSteps(threads: threads) ?? false }

    package func backwardOnTwoThreads(
        horizon h: Int, reward: UnsafeBufferPointer<Scalar>, discount gamma: Scalar, temperature: Scalar,
        values: UnsafeMutableBufferPointer<Scalar>, policy: UnsafeMutableBufferPointer<Scalar>?,
        qValues: UnsafeMutableBufferPointer<Scalar>?, threads: Int
    ) -> Int? {
        fusedBlocks?.backwardOnTwoThreads(
            horizon: h, reward: reward, discount: gamma, temperature: temperature, values: values, policy: policy,
            qValues: qValues, threads: threads)
    }

    package func softBackup(
        next: UnsafeBufferPointer<Scalar>, reward: UnsafeBufferPointer<Scalar>, discount gamma: Scalar,
        temperature alpha: Scalar, values: UnsafeMutableBufferPointer<Scalar>,
        policy: UnsafeMutableBufferPointer<Scalar>?, qValues: UnsafeMutableBufferPointer<Scalar>?
    ) -> Bool {
        fusedBlocks?.softBackup(
            next: next, reward: reward, discount: gamma, temperature: alpha, values: values, policy: policy, qValues: qValues)
            ?? false
    }

    package func forwardStep(
        _ d: UnsafeBufferPointer<Scalar>, policy pi: UnsafeBufferPointer<Scalar>,
        occupancy: UnsafeMutableBufferPointer<Scalar>?, weight occupancyWeight: Scalar,
        into out: UnsafeMutableBufferPointer<Scalar>
    ) {
        guard let fusedBlocks else { preconditionFailure("the fused steps run only with blocks (usesFusedSteps)") }
        fusedBlocks.forwardStep(d, policy: pi, occupancy: occupancy, weight: occupancyWeight, into: out)
    }
}

extension StateBlockedTransitions {
    /// The blocks of CSR rows when the model is small enough for the fused single-column steps
    /// (at most ``fusedMaximumEntries`` stored entries) and fits blocks; else `nil`. One thread:
    /// a small model's blocks take well under a millisecond.
    /// - Complexity: O(nnz + S·A·width).
    package static func forFusedSteps(
        rowStart: UnsafeBufferPointer<Int32>, nextState: UnsafeBufferPointer<Int32>, probability: UnsafeBufferPointer<Scalar>,
        states s: Int, actions a: Int
    ) -> Self? {
        // S·A·width ≥ nnz: a model with more nonzeros cannot qualify.
        guard probability.count <= fusedMaximumEntries,
            let blocks = Self(rowStart: rowStart, nextState: nextState, probability: probability, states: s, actions: a, threads: 1),
            s * a * blocks.width <= fusedMaximumEntries, StateBlockKernels.supports(actions: a, width: blocks.width)
        else { return nil }
        return blocks
    }

    /// ``forFusedSteps(rowStart:nextState:probability:states:actions:)`` of rows given by their
    /// successors (an operator's ``TransitionOperator/successors(state:action:)``).
    package static func forFusedSteps(
        states s: Int, actions a: Int, successors: (_ state: Int, _ action: Int) -> [(state: Int, probability: Scalar)]
    ) -> Self? {
        guard s * a <= fusedMaximumEntries else { return nil }
        var rowStart: [Int32] = [0]
        var nextState: [Int32] = []
        var probability: [Scalar] = []
        rowStart.reserveCapacity(s * a + 1)
        for state in 0..<s {
            for action in 0..<a {
                for (next, p) in successors(state, action) {
                    nextState.append(Int32(truncatingIfNeeded: next))
                    probability.append(p)
                }
                guard probability.count <= fusedMaximumEntries else { return nil }
                rowStart.append(Int32(truncatingIfNeeded: probability.count))
            }
        }
        return rowStart.withUnsafeBufferPointer { r in
            nextState.withUnsafeBufferPointer { n in
                probability.withUnsafeBufferPointer { p in forFusedSteps(rowStart: r, nextState: n, probability: p, states: s, actions: a) }
            }
        }
    }
}
