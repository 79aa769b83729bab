public import DenseTensors

/// An array loaded from or destined for a `.npy` file: a dtype, a shape, and the elements in
/// row-major (C) order, in the machine's byte order — a value type.
///
/// Files in Fortran order or in the other byte order are converted when read, so `elements`
/// is always C order and native. A 0-d array has shape `[]` and one element; an array with a
/// zero extent has no elements.
public struct NumPyArray: Sendable, Equatable {
    /// The typed element storage; the case is the dtype.
    public enum Elements: Sendable, Equatable {
        /// `float32` elements.
        case float32([Float])
        /// `float64` elements.
        case float64([Double])
        /// `int32` elements.
        case int32([Int32])
        /// `int64` elements.
        case int64([Int64])
        /// `bool` elements.
        case bool([Bool])

        /// The dtype of these elements.
        /// - Complexity: O(1).
        public var dtype: NumPyDType {
            switch self {
            case .float32: return .float32
            case .float64: return .float64
            case .int32: return .int32
            case .int64: return .int64
            case .bool: return .bool
            }
        }

        /// The number of elements.
        /// - Complexity: O(1).
        public var count: Int {
            switch self {
            case .float32(let values): return values.count
            case .float64(let values): return values.count
            case .int32(let values): return values.count
            case .int64(let values): return values.count
            case .bool(let values): return values.count
            }
        }
    }

    /// The extent of each axis, outermost first; `[]` for a 0-d (scalar) array.
    public let shape: [Int]
    /// The elements in row-major order.
    public let elements: Elements

    /// The element type.
    /// - Complexity: O(1).
    public var dtype: NumPyDType { elements.dtype }
    /// The number of elements (the product of `shape`, 1 for a 0-d array).
    /// - Complexity: O(1).
    public var count: Int { elements.count }
    /// The number of axes.
    /// - Complexity: O(1).
    public var rank: Int { shape.count }

    /// Creates an array from a shape and its row-major elements.
    /// - Parameters:
    ///   - shape: The extent of each axis; `[]` for a scalar.
    ///   - elements: The elements in row-major order; their count must be the product of `shape`.
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/negativeExtent(shape:)``,
    ///   ``NumPyError/Problem/shapeOverflow(shape:itemSize:)`` or
    ///   ``NumPyError/Problem/elementCountMismatch(shape:count:)``.
    /// - Complexity: O(rank).
    public init(shape: [Int], elements: Elements) throws(NumPyError) {
        let count = try ShapeArithmetic.elementCount(shape, itemSize: elements.dtype.itemSize, file: nil)
        guard count == elements.count else {
            throw NumPyError(file: nil, .elementCountMismatch(shape: shape, count: elements.count))
        }
        self.shape = shape
        self.elements = elements
    }

    /// Creates a rank-1 array holding `elements`.
    /// - Parameter elements: The elements; the shape is `[elements.count]`.
    /// - Complexity: O(1).
    public init(_ elements: Elements) {
        self.shape = [elements.count]
        self.elements = elements
    }

    /// Creates a `float32` (for `Tensor<Float>`) or `float64` (for `Tensor<Double>`) array with the
    /// tensor's shape and scalars.
    /// - Parameter tensor: The tensor to store.
    /// - Complexity: O(1) for `Float` and `Double` (the storage is shared).
    public init<Scalar: BLASScalar>(_ tensor: Tensor<Scalar>) {
        self.shape = tensor.shape
        if let values = tensor.scalars as? [Float] {
            self.elements = .float32(values)
        } else if let values = tensor.scalars as? [Double] {
            self.elements = .float64(values)
        } else {
            // Another BLASScalar would be a new binary floating-point type; Double holds it best.
            self.elements = .float64(tensor.scalars.map { Double($0) })
        }
    }

    /// Creates a rank-1 `int64` array of indices (states, actions, time steps), the dtype NumPy
    /// uses for `np.array([...])` of Python integers on 64-bit platforms.
    /// - Parameter indices: The indices.
    /// - Complexity: O(n).
    public init(indices: [Int]) {
        self.init(.int64(indices.map { Int64($0) }))
    }

    /// Creates a rank-1 `bool` array.
    /// - Parameter flags: The flags.
    /// - Complexity: O(1).
    public init(flags: [Bool]) {
        self.init(.bool(flags))
    }

    /// Creates an array without checking; the caller has established `shape` fits `elements`.
    init(unchecked shape: [Int], elements: Elements) {
        self.shape = shape
        self.elements = elements
    }
}
