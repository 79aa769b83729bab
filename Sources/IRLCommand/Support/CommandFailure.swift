/// A failure the command reports as one line (`Error: <message>`) with a non-zero exit status.
struct CommandFailure: Error, CustomStringConvertible {
    /// The sentence shown to the user.
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
