#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The calling thread's last error message, kept in POSIX thread-specific storage so concurrent
/// callers never see each other's messages. The only process-wide value is the key itself,
/// created once (Swift initialises globals exactly once, thread-safely) and never changed.
enum LastErrorMessage {
    /// The thread-specific key; each thread's value is a `malloc`ed C string freed by the
    /// destructor when the thread exits, or when the next message replaces it.
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        // A failure here leaves key 0, whose get/set calls fail harmlessly (no message is kept).
        _ = pthread_key_create(&key) { value in free(value) }
        return key
    }()

    /// Replaces the calling thread's message.
    static func set(_ message: String) {
        let old = pthread_getspecific(key)
        let copy = strdup(message)
        if pthread_setspecific(key, copy) == 0 {
            free(old)
        } else {
            free(copy)
        }
    }

    /// Forgets the calling thread's message (a successful call leaves none).
    static func clear() {
        guard let old = pthread_getspecific(key) else { return }
        if pthread_setspecific(key, nil) == 0 { free(old) }
    }

    /// The calling thread's message, or `nil`; valid until this thread's next call into the API.
    static var current: UnsafePointer<CChar>? {
        pthread_getspecific(key).map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) }
    }
}

/// `const char *ig_last_error_message(void)`: the message of the calling thread's last failed
/// call, or the empty string when the last call succeeded.
@_cdecl("ig_last_error_message")
public func ig_last_error_message() -> UnsafePointer<CChar> {
    if let message = LastErrorMessage.current { return message }
    return emptyCString
}

/// `const char *ig_status_name(int status)`: the enumerator's name (`"IG_ERROR_NON_FINITE"`),
/// or `"IG_ERROR_UNKNOWN"`. Static storage.
@_cdecl("ig_status_name")
public func ig_status_name(_ status: Int32) -> UnsafePointer<CChar> {
    guard let known = CStatus(rawValue: status) else { return statusNames[statusNames.count - 1] }
    return statusNames[Int(knownIndex(known))]
}

/// `const char *ig_version(void)`: the library's version string. Static storage.
@_cdecl("ig_version")
public func ig_version() -> UnsafePointer<CChar> { versionCString }

/// The API version, in step with `IG_VERSION_STRING` in the header.
let apiVersion = "0.1.0"

// Immutable C strings with process lifetime (allocated once, never freed or changed).
nonisolated(unsafe) let emptyCString: UnsafePointer<CChar> = UnsafePointer(strdup("")!)
nonisolated(unsafe) let versionCString: UnsafePointer<CChar> = UnsafePointer(strdup(apiVersion)!)
let allStatuses: [CStatus] = [
    .ok, .nullArgument, .shapeMismatch, .nonFinite, .negativeProbability, .notNormalized, .invalidHorizon,
    .invalidDiscount, .invalidArgument, .indexOutOfRange, .noValidAction, .didNotConverge, .exceedsMemoryBudget,
    .singularMatrix, .wrongPrecision, .unavailable, .internalError,
]
nonisolated(unsafe) let statusNames: [UnsafePointer<CChar>] =
    (allStatuses.map(\.name) + ["IG_ERROR_UNKNOWN"]).map { UnsafePointer(strdup($0)!) }

func knownIndex(_ status: CStatus) -> Int32 {
    Int32(allStatuses.firstIndex(of: status) ?? allStatuses.count)
}
