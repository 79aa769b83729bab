import RealModule

/// A dense, row-major, shape-checked array of `Float` or `Double` — a value type.
///
/// The last axis is contiguous. Library code uses these layouts (see docs/Conventions.md):
/// transitions `[S, A, S']`, state-action arrays `[S, A, B]` with the batch axis `B` last,
/// time-indexed arrays with time first (`[H, S, A, B]`).
///
/// Copies are cheap until mutated (the storage is a Swift `Array`). The solvers' large outputs
/// are *recycled* tensors (``init(recycledShape:uninitializedScalars:)``): their storage comes
/// from ``ScratchArrays`` and goes back there when the last copy is dropped, so the next call of
/// the same size writes into memory that is already mapped.
public struct Tensor<Scalar: BLASScalar>: Sendable, Equatable {
    /// The extent of each axis, outermost first.
    public let shape: [Int]
    /// The scalars in row-major order; `scalars.count == shape.reduce(1, *)`.
    @inlinable public var scalars: [Scalar] { _recycled?.scalars ?? _scalars }
    /// The storage of an ordinary tensor (empty for a recycled one).
    @usableFromInline var _scalars: [Scalar]
    /// The storage of a recycled tensor, shared by its copies (`nil` for an ordinary one).
    @usableFromInline var _recycled: RecycledScalars<Scalar>?

    /// Creates a tensor from a shape and its row-major scalars.
    /// - Throws: ``TensorError/invalidShape(argument:shape:)`` for a negative extent,
    ///   ``TensorError/scalarCountMismatch(argument:shape:count:)`` when the counts differ.
    public init(shape: [Int], scalars: [Scalar]) throws(TensorError) {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .invalidShape(argument: "shape", shape: shape) }
        guard shape.reduce(1, *) == scalars.count else {
            throw .scalarCountMismatch(argument: "scalars", shape: shape, count: scalars.count)
        }
        self.shape = shape
        self._scalars = scalars
        self._recycled = nil
    }

    /// Creates a tensor of the given shape with every scalar equal to `value`.
    /// - Precondition: no extent is negative (a programming error, not data).
    @inlinable
    public init(repeating value: Scalar, shape: [Int]) {
        // Through the uninitialised initialiser, so that large tensors get the huge-page advice.
        self.init(shape: shape, unsafeUninitializedScalars: { $0.initialize(repeating: value) })
    }

    /// Creates a tensor whose scalars `body` writes, without zero-filling them first (for large
    /// outputs that a kernel overwrites anyway). `body` must write every scalar; a scalar it
    /// skips holds an unspecified value.
    /// - Complexity: O(1) plus `body`.
    @inlinable
    public init(shape: [Int], unsafeUninitializedScalars body: (UnsafeMutableBufferPointer<Scalar>) throws -> Void) rethrows {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        let n = shape.reduce(1, *)
        self.shape = shape
        self._scalars = try Array(unsafeUninitializedCapacity: n) { buffer, initialized in
            if let base = buffer.baseAddress { _adviseHugePages(UnsafeMutableRawPointer(base), bytes: n * MemoryLayout<Scalar>.stride) }
            try body(buffer)
            initialized = n
        }
        self._recycled = nil
    }

    /// Like ``init(shape:unsafeUninitializedScalars:)``, for a large output that callers tend to
    /// drop before the next call of the same size (a solver's values and policy): a tensor of
    /// 1 MiB or more takes its storage from ``ScratchArrays`` and gives it back when its last copy
    /// is dropped. `body` must write every scalar (a reused storage holds old numbers).
    ///
    /// Fresh pages are expensive: the kernel zeroes them on first touch, and on a virtual machine
    /// that returns freed memory to its host, each fault also waits for the host — measured at
    /// ≈ 1 GB/s here, a tenth of a dense `B = 64` pass. Recycling makes a loop of solves (MaxEnt
    /// IRL, a benchmark) write into pages that are already mapped.
    ///
    /// Value semantics are unchanged: copies share the storage until one is mutated, and an
    /// array taken out through ``scalars`` keeps its numbers (the next user then copies it).
    /// - Complexity: O(1) plus `body` when the storage is reused.
    public init(recycledShape shape: [Int], uninitializedScalars body: (UnsafeMutableBufferPointer<Scalar>) throws -> Void) rethrows {
        try self.init(recycledShape: shape, uninitializedScalars: body, cache: nil)
    }

    /// A recycled tensor (see ``init(recycledShape:uninitializedScalars:)``) of zeros.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public init(recycledZeros shape: [Int]) {
        self.init(recycledShape: shape, uninitializedScalars: { $0.update(repeating: 0) })
    }

    /// The recycling initialiser on a given cache (`nil`: the process-wide one); tests pass their own.
    init(recycledShape shape: [Int], uninitializedScalars body: (UnsafeMutableBufferPointer<Scalar>) throws -> Void,
         cache: ScratchCache?) rethrows {
        let n = shape.reduce(1, *)
        guard n * MemoryLayout<Scalar>.stride >= ScratchCache.minimumBytes else {
            try self.init(shape: shape, unsafeUninitializedScalars: body)
            return
        }
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        let cache = cache ?? ScratchArrays.shared
        // One owner only (no `if let` binding alive next to it), so the write below does not copy.
        var storage: [Scalar] = cache.takeKept(Scalar.self, count: n) ?? []
        if !storage.isEmpty {
            try storage.withUnsafeMutableBufferPointer { try body($0) }
        } else {
            storage = try Array(unsafeUninitializedCapacity: n) { buffer, initialized in
                if let base = buffer.baseAddress { _adviseHugePages(UnsafeMutableRawPointer(base), bytes: n * MemoryLayout<Scalar>.stride) }
                try body(buffer)
                initialized = n
            }
        }
        self.init(shape: shape, recycled: RecycledScalars(storage, cache: cache))
    }

    private init(shape: [Int], recycled: RecycledScalars<Scalar>) {
        self.shape = shape
        self._scalars = []
        self._recycled = recycled
    }

    /// Calls `body` with the storage to mutate, made unique first. A recycled tensor whose storage
    /// another copy shares becomes an ordinary one (its array is copied on write, as usual).
    @inlinable
    mutating func _mutateScalars<R>(_ body: (inout [Scalar]) throws -> R) rethrows -> R {
        if _recycled != nil {
            if isKnownUniquelyReferenced(&_recycled) { return try body(&_recycled!.scalars) }
            _scalars = _recycled!.scalars
            _recycled = nil
        }
        return try body(&_scalars)
    }

    /// Same shape and scalars (how the storage is held does not matter).
    @inlinable
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
    }

    /// Creates a tensor of zeros.
    @inlinable public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

    /// Creates a rank-1 tensor.
    public init(_ vector: [Scalar]) {
        self.shape = [vector.count]
        self._scalars = vector
        self._recycled = nil
    }

    /// Creates a tensor of `shape` whose scalars are `body(flatIndex)`, in row-major order.
    public init(shape: [Int], generator body: (Int) throws -> Scalar) rethrows {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        self.shape = shape
        let n = shape.reduce(1, *)
        var s = [Scalar]()
        s.reserveCapacity(n)
        for i in 0..<n { s.append(try body(i)) }
        self._scalars = s
        self._recycled = nil
    }

    /// The number of axes.
    @inlinable public var rank: Int { shape.count }
    /// The number of scalars.
    @inlinable public var count: Int { scalars.count }

    /// The row-major flat offset of a multi-index. Traps on a wrong rank or an index out of range,
    /// like `Array`'s subscript.
    @inlinable
    public func offset(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "index rank \(indices.count) ≠ tensor rank \(shape.count)")
        var o = 0
        for (i, n) in zip(indices, shape) {
            precondition(i >= 0 && i < n, "index \(indices) out of range for shape \(shape)")
            o = o * n + i
        }
        return o
    }

    /// The scalar at a multi-index (`t[s, a, b]`).
    @inlinable
    public subscript(_ indices: Int...) -> Scalar {
        get { scalars[offset(indices)] }
        set { let o = offset(indices); _mutateScalars { $0[o] = newValue } }
    }

    /// The scalar at a multi-index given as an array (`t[[s, a, b]]`).
    @inlinable
    public subscript(_ indices: [Int]) -> Scalar {
        get { scalars[offset(indices)] }
        set { let o = offset(indices); _mutateScalars { $0[o] = newValue } }
    }

    /// The same scalars under another shape with the same count.
    /// - Throws: ``TensorError/scalarCountMismatch(argument:shape:count:)``.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        guard let recycled = _recycled else { return try Tensor(shape: newShape, scalars: scalars) }
        guard newShape.allSatisfy({ $0 >= 0 }) else { throw .invalidShape(argument: "shape", shape: newShape) }
        guard newShape.reduce(1, *) == count else {
            throw .scalarCountMismatch(argument: "scalars", shape: newShape, count: count)
        }
        return Tensor(shape: newShape, recycled: recycled)  // shares the recycled storage
    }

    /// The sub-tensor at `index` along the first axis (`t[i]`), with the first axis removed.
    public func slice(_ index: Int) -> Tensor {
        precondition(rank >= 1 && index >= 0 && index < shape[0], "slice \(index) out of range for shape \(shape)")
        let inner = Array(shape.dropFirst())
        let n = inner.reduce(1, *)
        return try! Tensor(shape: inner, scalars: Array(scalars[(index * n)..<((index + 1) * n)]))
    }

    /// Converts every scalar to another precision.
    public func converted<Other: BLASScalar>(to: Other.Type = Other.self) -> Tensor<Other> {
        try! Tensor<Other>(shape: shape, scalars: scalars.map { Other($0) })
    }

    /// Calls `body` with the contiguous row-major storage. The pointer must not escape.
    @inlinable
    public func withUnsafeBufferPointer<R, E>(
        _ body: (UnsafeBufferPointer<Scalar>) throws(E) -> R
    ) throws(E) -> R {
        // Array's own closure is `rethrows`; route typed errors through a Result.
        let result: Result<R, E> = scalars.withUnsafeBufferPointer { buffer in
            do throws(E) { return .success(try body(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Calls `body` with the mutable contiguous row-major storage. The pointer must not escape.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R, E>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws(E) -> R
    ) throws(E) -> R {
        let result: Result<R, E> = _mutateScalars { scalars in
            scalars.withUnsafeMutableBufferPointer { buffer in
                do throws(E) { return .success(try body(buffer)) } catch { return .failure(error) }
            }
        }
        return try result.get()
    }

    /// The index and value of the first scalar that is NaN or ±∞ (`allowNegativeInfinity`
    /// lets −∞ through), as a multi-index, or `nil` when all are allowed.
    /// - Complexity: O(count), one pass over the storage.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func firstNonFinite(allowNegativeInfinity: Bool = false) -> (index: [Int], value: Scalar)? {
        // Specialised, and over the raw storage: the generic `enumerated()` loop paid a metadata
        // lookup per scalar (~100 ms for a 256×5×256 feature tensor).
        let hit: Int? = withUnsafeBufferPointer { p in
            for i in 0..<p.count where !p[i].isFinite && !(allowNegativeInfinity && p[i] == -.infinity) { return i }
            return nil
        }
        guard let i = hit else { return nil }
        return (multiIndex(i), scalars[i])
    }

    /// The multi-index of a row-major flat offset.
    public func multiIndex(_ flat: Int) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    /// The largest absolute difference to another tensor of the same shape (∞ if shapes differ).
    public func maxAbsDifference(_ other: Tensor) -> Scalar {
        guard shape == other.shape else { return .infinity }
        var m: Scalar = 0
        for (x, y) in zip(scalars, other.scalars) {
            if x == y { continue }  // equal infinities
            m = Swift.max(m, Swift.abs(x - y))
        }
        return m
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let head = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor<\(Scalar.scalarName)>(shape: \(shape), [\(head)\(scalars.count > 8 ? ", …" : "")])"
    }
}
