import DenseTensors
import Foundation
import IRL

/// The status codes of the C API — `ig_status` in include/imitation_game.h. The raw values are
/// part of the ABI: never renumber a case.
enum CStatus: Int32, Sendable {
    case ok = 0
    case nullArgument = 1
    case shapeMismatch = 2
    case nonFinite = 3
    case negativeProbability = 4
    case notNormalized = 5
    case invalidHorizon = 6
    case invalidDiscount = 7
    case invalidArgument = 8
    case indexOutOfRange = 9
    case noValidAction = 10
    case didNotConverge = 11
    case exceedsMemoryBudget = 12
    case singularMatrix = 13
    case wrongPrecision = 14
    case unavailable = 15
    case internalError = 99

    /// The C enumerator's name, for `ig_status_name`.
    var name: String {
        switch self {
        case .ok: return "IG_OK"
        case .nullArgument: return "IG_ERROR_NULL_ARGUMENT"
        case .shapeMismatch: return "IG_ERROR_SHAPE_MISMATCH"
        case .nonFinite: return "IG_ERROR_NON_FINITE"
        case .negativeProbability: return "IG_ERROR_NEGATIVE_PROBABILITY"
        case .notNormalized: return "IG_ERROR_NOT_NORMALIZED"
        case .invalidHorizon: return "IG_ERROR_INVALID_HORIZON"
        case .invalidDiscount: return "IG_ERROR_INVALID_DISCOUNT"
        case .invalidArgument: return "IG_ERROR_INVALID_ARGUMENT"
        case .indexOutOfRange: return "IG_ERROR_INDEX_OUT_OF_RANGE"
        case .noValidAction: return "IG_ERROR_NO_VALID_ACTION"
        case .didNotConverge: return "IG_ERROR_DID_NOT_CONVERGE"
        case .exceedsMemoryBudget: return "IG_ERROR_MEMORY_BUDGET"
        case .singularMatrix: return "IG_ERROR_SINGULAR_MATRIX"
        case .wrongPrecision: return "IG_ERROR_WRONG_PRECISION"
        case .unavailable: return "IG_ERROR_UNAVAILABLE"
        case .internalError: return "IG_ERROR_INTERNAL"
        }
    }
}

/// A failed C call: the status returned to the caller and the message stored for
/// `ig_last_error_message()`.
struct CFailure: Error, Sendable {
    var status: CStatus
    var message: String

    init(_ status: CStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    /// Maps a library error to its status; the message is the library's own description,
    /// which names the argument, the index and the value.
    init(_ error: IRLError) {
        let status: CStatus
        switch error {
        case .shapeMismatch: status = .shapeMismatch
        case .nonFinite: status = .nonFinite
        case .negativeProbability: status = .negativeProbability
        case .notNormalized: status = .notNormalized
        case .invalidHorizon: status = .invalidHorizon
        case .invalidDiscount: status = .invalidDiscount
        case .invalidParameter, .missing, .empty: status = .invalidArgument
        case .indexOutOfRange: status = .indexOutOfRange
        case .noValidAction: status = .noValidAction
        case .didNotConverge: status = .didNotConverge
        case .exceedsMemoryBudget: status = .exceedsMemoryBudget
        case let .tensor(_, inner):
            if case .singularMatrix = inner { status = .singularMatrix } else { status = .invalidArgument }
        }
        self.init(status, Self.cNames(error.description))
    }

    /// The library's Swift argument names, as the C header and the Python package spell them.
    static func cNames(_ message: String) -> String {
        var text = message
        for (swift, c) in [
            ("initialDistribution", "initial_distribution"), ("terminalValues", "terminal_values"),
            ("state-action rewards", "reward"), ("stepSize", "options.step_size"),
            ("mismatchTolerance", "options.mismatch_tolerance"), ("gradientTolerance", "options.gradient_tolerance"),
            ("l2Regularization", "options.l2_regularization"), ("maxIterations", "options.max_iterations"),
            ("initialWeights", "initial_weights"),
        ] {
            text = text.replacingOccurrences(of: swift, with: c)
        }
        return text
    }
}

/// Runs the body of an exported function: clears the calling thread's error message, and turns
/// a thrown failure into its status code with the message stored. Nothing escapes as a trap.
func withCStatus(_ body: () throws(CFailure) -> Void) -> Int32 {
    LastErrorMessage.clear()
    do {
        try body()
        return CStatus.ok.rawValue
    } catch {
        LastErrorMessage.set(error.message)
        return error.status.rawValue
    }
}

extension CFailure {
    /// Runs a library call, mapping its ``IRLError``.
    static func library<R>(_ body: () throws(IRLError) -> R) throws(CFailure) -> R {
        do { return try body() } catch { throw CFailure(error) }
    }
}
