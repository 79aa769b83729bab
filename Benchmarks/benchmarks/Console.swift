import Foundation

/// Where output goes: with `--json`, stdout carries only JSON lines and the human-readable text
/// moves to stderr. Writes are unbuffered so progress shows up in a redirected log at once.
struct Console: Sendable {
    /// Whether stdout is reserved for JSON lines.
    let jsonMode: Bool

    /// Human-readable text (stdout, or stderr in JSON mode).
    func text(_ line: String) {
        let handle = jsonMode ? FileHandle.standardError : FileHandle.standardOutput
        handle.write(Data((line + "\n").utf8))
    }

    /// One JSON object on its own line of stdout.
    func json(_ line: JSONLine) {
        FileHandle.standardOutput.write(Data((line.text + "\n").utf8))
    }

    /// A warning or error, always on stderr.
    func error(_ line: String) {
        FileHandle.standardError.write(Data(("benchmarks: " + line + "\n").utf8))
    }
}
