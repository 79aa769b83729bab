/// `exp` and `log` over whole arrays, on the C kernels of the `CKernels` target: AVX2 + FMA
/// (four doubles or eight floats per instruction) when the CPU has them, a portable variant
/// otherwise, the same algorithms and accuracy as the `SIMD4` functions (within 2 ulp).
///
/// Hot loops call these on a block of a few thousand entries at a time — prepare the arguments
/// in a buffer, exponentiate it in place, use the results — instead of ``FastExp/exp(_:)`` per
/// `SIMD4`: Swift compiles `SIMD4<Double>` arithmetic for 128-bit registers, several times slower.
extension FastExp {
    /// `y[i] = e^{x[i]}` for every `i < x.count`. `y` may be the same buffer as `x`.
    /// - Precondition: `y.count ≥ x.count` (checked; a shorter `y` traps, as a programming error).
    /// - Complexity: O(n), about 2 ns per Double on AVX2 (one core).
    @inlinable
    public static func exp<T: FastExpScalar>(_ x: UnsafeBufferPointer<T>, into y: UnsafeMutableBufferPointer<T>) {
        precondition(y.count >= x.count, "FastExp.exp: output shorter than input")
        guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
        T._exp(xs, ys, x.count)
    }

    /// `x[i] = e^{x[i]}` in place.
    /// - Complexity: O(n).
    @inlinable
    public static func exp<T: FastExpScalar>(inPlace x: UnsafeMutableBufferPointer<T>) {
        guard let xs = x.baseAddress else { return }
        T._exp(xs, xs, x.count)
    }

    /// `y[i] = log x[i]` for every `i < x.count` (zero, negative, subnormal, infinite and NaN
    /// entries by the C library's `log`). `y` may be the same buffer as `x`.
    /// - Precondition: `y.count ≥ x.count` (checked).
    /// - Complexity: O(n).
    @inlinable
    public static func log<T: FastExpScalar>(_ x: UnsafeBufferPointer<T>, into y: UnsafeMutableBufferPointer<T>) {
        precondition(y.count >= x.count, "FastExp.log: output shorter than input")
        guard let xs = x.baseAddress, let ys = y.baseAddress else { return }
        T._log(xs, ys, x.count)
    }

    /// `x[i] = log x[i]` in place.
    /// - Complexity: O(n).
    @inlinable
    public static func log<T: FastExpScalar>(inPlace x: UnsafeMutableBufferPointer<T>) {
        guard let xs = x.baseAddress else { return }
        T._log(xs, xs, x.count)
    }

    /// The instruction set the C kernels (these array kernels and every other family) run on in
    /// the calling thread: AVX2 + FMA when the CPU has them, unless a test forced another.
    public static var instructionSet: InstructionSet { _kernelActiveISA() == 1 ? .avx2FMA : .portable }

    /// The variants of the C kernels.
    public enum InstructionSet: Sendable, Equatable {
        /// Compiled for the target's baseline (SSE2 on x86-64, NEON on arm64).
        case portable
        /// AVX2 with fused multiply-add (x86-64).
        case avx2FMA
    }

    /// Tests only: runs `body` with every C kernel family forced to `set` (when the CPU has it)
    /// on the calling thread and the worker threads it starts (see ``KernelOverrides``), then
    /// restores the previous choice. Other threads are not affected.
    /// - Returns: what `body` returns, and whether `set` was available.
    package static func _withInstructionSet<R>(_ set: InstructionSet, _ body: () throws -> R) rethrows -> (R, Bool) {
        // `adopted` restores the thread's overrides afterwards.
        try KernelOverrides.current.adopted {
            let active = KernelOverrides.overrideInstructionSet(set == .avx2FMA ? 1 : 0)
            return (try body(), (active == 1) == (set == .avx2FMA))
        }
    }
}
