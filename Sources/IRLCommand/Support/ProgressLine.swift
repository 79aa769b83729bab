import Foundation

/// The live progress line of an iterative solver, on standard error.
///
/// On a terminal the line is rewritten in place (carriage return, then "erase to end of line");
/// otherwise (a pipe or a file) a plain line is written for the first iteration, every
/// `every`-th one and the last, so logs stay short and readable. Disabled, it writes nothing.
final class ProgressLine {
    private let enabled: Bool
    private let every: Int
    private let isTerminal: Bool
    private let start = ContinuousClock.now
    private var pending = false
    private var lastDrawn = -1.0

    /// - Parameters:
    ///   - enabled: `false` for `--quiet`.
    ///   - every: the interval between plain lines when standard error is not a terminal.
    init(enabled: Bool, every: Int) {
        self.enabled = enabled
        self.every = Swift.max(1, every)
        self.isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Seconds since the line was created.
    var elapsed: Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Shows one iteration.
    func update(iteration: Int, of total: Int, mismatch: Double, logLikelihood: Double?, isLast: Bool) {
        guard enabled else { return }
        // On a terminal, redraw at most every 50 ms (and always the last iteration).
        if isTerminal, !isLast, elapsed - lastDrawn < 0.05 { return }
        var text = "iteration \(iteration)/\(total)  mismatch \(Self.number(mismatch))"
        if let logLikelihood { text += "  log-likelihood \(Self.number(logLikelihood))" }
        text += "  elapsed " + String(format: "%.2f s", elapsed)
        if isTerminal {
            lastDrawn = elapsed
            Self.write("\r" + text + "\u{1B}[K")
            pending = true
            if isLast { finish() }
        } else if iteration == 1 || iteration % every == 0 || isLast {
            Self.write(text + "\n")
        }
    }

    /// Ends an in-place line with a newline.
    func finish() {
        guard enabled, pending else { return }
        Self.write("\n")
        pending = false
    }

    /// Writes a message line to standard error (unless disabled).
    func note(_ message: String) {
        guard enabled else { return }
        finish()
        Self.write(message + "\n")
    }

    static func number(_ x: Double) -> String {
        x == 0 || (Swift.abs(x) >= 1e-3 && Swift.abs(x) < 1e5) ? String(format: "%.4f", x) : String(format: "%.3e", x)
    }

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
