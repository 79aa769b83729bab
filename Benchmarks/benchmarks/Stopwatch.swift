/// Wall-clock timing on the monotonic clock.
enum Stopwatch {
    /// The seconds `body` takes, and its result.
    static func time<R>(_ body: () throws -> R) rethrows -> (seconds: Double, result: R) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        return (seconds(clock.now - start), result)
    }

    /// The seconds `body` takes.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        try time(body).seconds
    }

    /// A duration in seconds.
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// The time of one call of a short kernel: each of `samples` samples calls `body` as often as
    /// needed to last at least `minimumSeconds` (so clock resolution and call overhead vanish) and
    /// records the mean time per call; the first call is an untimed warm-up.
    static func secondsPerCall(samples: Int, minimumSeconds: Double, _ body: () -> Void) -> Summary {
        body()
        let first = seconds(body)
        let calls = max(1, Int((minimumSeconds / max(first, 1e-9)).rounded(.up)))
        var perCall = [Double]()
        for _ in 0..<max(1, samples) {
            let elapsed = seconds { for _ in 0..<calls { body() } }
            perCall.append(elapsed / Double(calls))
        }
        return Summary(perCall)
    }
}
