import DenseTensors

/// The library's default thread count, read once per process for the C entry points.
///
/// `defaultThreadCount` asks Foundation's `activeProcessorCount`, which reads the cgroup CPU
/// quota files on every call (tens of microseconds, and a C call asked several times: the
/// handle's scan and operator, the solver options). Results never depend on the thread count,
/// only the speed; a process whose CPU quota changes later keeps the count of its first call.
enum CThreads {
    static let processDefault = defaultThreadCount
}
