// Entry point. Timings from a debug build are meaningless (no optimisation, bounds checks in
// every kernel), so a debug build refuses to run instead of printing misleading numbers.
import Foundation

#if DEBUG
FileHandle.standardError.write(
    Data("benchmarks: refusing to run a debug build; use `swift run -c release benchmarks`\n".utf8))
exit(2)
#else
BenchmarksCommand.main()
#endif
