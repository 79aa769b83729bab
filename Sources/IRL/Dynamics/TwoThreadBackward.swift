import DenseTensors
import Glibc
import Synchronization

/// The blocks of the backward pass as a queue shared by two threads: task `i` is block
/// `i mod blocks` of step `i / blocks` (counted from `t = H−1`), taken in order; a task starts
/// only once every block of the previous step is done (the step reads all of `V_{t+1}`).
/// Whichever thread is running takes the next task, so a thread the machine does not schedule
/// leaves its share to the other instead of holding it up.
package final class BackwardTaskQueue: Sendable {
    /// The next task to hand out.
    package let next = Atomic<Int>(0)
    /// Tasks finished.
    package let done = Atomic<Int>(0)
    /// The time step `t` of a failed backup, or `-1`.
    package let failedStep = Atomic<Int>(-1)

    /// Waits until at least `count` tasks are finished: spins briefly, then yields the core.
    package func waitUntilDone(_ count: Int) {
        var spins = 0
        while done.load(ordering: .acquiring) < count {
            spins += 1
            if spins > 256 { sched_yield() }
        }
    }
}

/// The helper thread's work, passed through `pthread_create`'s context pointer.
private final class HelperWork: @unchecked Sendable {
    package let run: () -> Void
    package init(_ run: @escaping () -> Void) { self.run = run }
}

extension StateBlockedTransitions where Scalar: FastExpScalar {
    /// States from which ``laneBackwardOnTwoThreads(horizon:reward:discount:temperature:values:policy:qValues:)``
    /// is used (below, one step is too short to share: the waits cost more than they save).
    package static var twoThreadMinimumStates: Int { 512 }

    /// All `H` soft Bellman backups (`t = H−1 … 0`) on the lane kernels, on the calling thread and
    /// one helper thread that share the blocks of ``backupBlockStates`` states through a
    /// ``BackwardTaskQueue`` (step `t` starts once all of `V_{t+1}` is written). Each block is
    /// computed exactly as by ``laneBackup(next:reward:discount:temperature:values:policy:qValues:)``,
    /// so the results are those of the one-thread pass, bit for bit, whichever thread took which block.
    ///
    /// - Parameters:
    ///   - values: `[H+1, S]`, row `H` holding `V_H`; `policy`, `qValues`: `[H, S, A]` or `nil`.
    /// - Returns: `nil` when the kernels do not take this shape or no thread could be started
    ///   (nothing written); else `-1` when every step is done, or the step `t` at which
    ///   some state had no finite `Q` (rows above `t` are complete; rerun `t` for the error).
    /// - Complexity: O(H·S·A·width), `H·S·A` exponentials, one thread started.
    package func backwardOnTwoThreads(
        horizon h: Int, reward: UnsafeBufferPointer<Scalar>, discount gamma: Scalar, temperature alpha: Scalar,
        values: UnsafeMutableBufferPointer<Scalar>, policy: UnsafeMutableBufferPointer<Scalar>?,
        qValues: UnsafeMutableBufferPointer<Scalar>?, threads: Int
    ) -> Int? {
        guard threads >= 2, stateCount >= Self.twoThreadMinimumStates, StateBlockKernels.supports(actions: actionCount, width: width),
            let r = reward.baseAddress
        else { return nil }
        return laneBackwardOnTwoThreads(
            horizon: h, reward: r, discount: gamma, temperature: alpha, values: values, policy: policy, qValues: qValues)
    }

    package func laneBackwardOnTwoThreads(
        horizon h: Int, reward r: UnsafePointer<Scalar>, discount gamma: Scalar, temperature alpha: Scalar,
        values: UnsafeMutableBufferPointer<Scalar>, policy: UnsafeMutableBufferPointer<Scalar>?,
        qValues: UnsafeMutableBufferPointer<Scalar>?
    ) -> Int? {
        guard let vBase = values.baseAddress else { return nil }
        let (s, a, blocks) = (stateCount, actionCount, laneBlockCount)
        let queue = BackwardTaskQueue()
        let scratchCount = laneScratchCount
        let total = h * blocks
        // Takes tasks until none is left (or a step failed).
        let worker: () -> Void = {
            let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: scratchCount)
            defer { scratch.deallocate() }
            while true {
                let task = queue.next.add(1, ordering: .relaxed).oldValue
                guard task < total else { return }
                let (k, block) = task.quotientAndRemainder(dividingBy: blocks)
                queue.waitUntilDone(k * blocks)
                if queue.failedStep.load(ordering: .relaxed) >= 0 {
                    queue.done.add(1, ordering: .releasing)
                    continue
                }
                let t = h - 1 - k
                let row = t * s * a
                let ok = self.laneBackupBlocks(
                    block..<(block + 1), next: UnsafePointer(vBase + (t + 1) * s), reward: r, discount: gamma,
                    temperature: alpha, values: UnsafeMutableBufferPointer(start: vBase + t * s, count: s),
                    policy: policy.flatMap { $0.baseAddress }.map { UnsafeMutableBufferPointer(start: $0 + row, count: s * a) },
                    qValues: qValues.flatMap { $0.baseAddress }.map { UnsafeMutableBufferPointer(start: $0 + row, count: s * a) },
                    scratch: scratch)
                if ok != true {
                    // The largest failing t is the first step that failed (steps run from H−1 down).
                    var seen = queue.failedStep.load(ordering: .relaxed)
                    while seen < t {
                        let (exchanged, original) = queue.failedStep.compareExchange(
                            expected: seen, desired: t, ordering: .relaxed)
                        if exchanged { break }
                        seen = original
                    }
                }
                queue.done.add(1, ordering: .releasing)
            }
        }
        // The helper runs the kernels as this thread does (a test may have forced a variant).
        let overrides = KernelOverrides.current
        let work = HelperWork { overrides.adopted(worker) }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(work).toOpaque()
        let started = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<HelperWork>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, context)
        guard started == 0 else {
            Unmanaged<HelperWork>.fromOpaque(context).release()
            return nil
        }
        worker()
        pthread_join(thread, nil)
        return queue.failedStep.load(ordering: .relaxed)
    }
}
