#if canImport(Glibc)
    import Glibc
#endif

// libFuzzer's own `main` only forwards to its driver. SwiftPM gives debug executables an
// entry point of their own (it links `main` to `NumPyFuzzer_main`, for testability), which
// would shadow libFuzzer's; so this top-level code calls the driver itself, through libFuzzer's
// public C entry point `LLVMFuzzerRunDriver`, and the harness works in debug and release.
@_extern(c, "LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv) { data, size in numPyFuzzerTestOneInput(data, size) })
