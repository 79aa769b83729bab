import Foundation
import Testing

/// libimitationgame.so beside the test executable, when `swift build` made it (it is a product,
/// built with the tests by `swift build --build-tests`); `nil` otherwise.
func sharedLibraryPath() -> String? {
    #if os(Linux)
        let folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let path = folder.appendingPathComponent("libimitationgame.so").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    #else
        return nil
    #endif
}

/// The shipped library itself, opened with `dlopen` and called through `@convention(c)` function
/// pointers from `dlsym`: exactly a C caller's view (the other suites call the same symbols
/// linked into the test executable).
@Suite("C ABI: the shared library through dlsym", .enabled(if: sharedLibraryPath() != nil))
struct SharedLibraryTests {
    typealias VersionC = @convention(c) () -> UnsafePointer<CChar>
    typealias StatusNameC = @convention(c) (Int32) -> UnsafePointer<CChar>
    typealias DenseC =
        @convention(c) (
            UnsafePointer<Double>?, Int64, Int64, Int32, Double, UnsafeMutablePointer<OpaquePointer?>?
        ) -> Int32
    typealias SoftVIC =
        @convention(c) (
            OpaquePointer?, Int64, Double, UnsafePointer<Double>?, Int64, UnsafePointer<Double>?, UnsafeRawPointer?,
            UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
            UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?
        ) -> Int32
    typealias FreeC = @convention(c) (OpaquePointer?) -> Void
    typealias MessageC = @convention(c) () -> UnsafePointer<CChar>

    /// Every function of the header is a dynamic symbol of the library, and a small solve
    /// through the function pointers equals the reference.
    @Test func everyHeaderFunctionResolvesAndSolves() throws {
        let path = try #require(sharedLibraryPath())
        // Never closed: unloading a Swift image takes its conformance records from under the runtime.
        let library = try #require(dlopen(path, RTLD_NOW | RTLD_LOCAL), "\(String(cString: dlerror()))")
        let header = try headerText()
        let names = header.split(separator: "\n").compactMap { line -> String? in
            guard !line.hasPrefix(" "), !line.hasPrefix("#"), let open = line.firstIndex(of: "(") else { return nil }
            let head = line[..<open].split(separator: " ").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "*")) }
            return head.flatMap { $0.hasPrefix("ig_") ? $0 : nil }
        }
        #expect(names.count == 21)
        for name in names { #expect(dlsym(library, name) != nil, "dlsym(\(name))") }

        func symbol<F>(_ name: String, as _: F.Type) throws -> F { unsafeBitCast(try #require(dlsym(library, name)), to: F.self) }
        let version = try symbol("ig_version", as: VersionC.self)
        #expect(header.contains("#define IG_VERSION_STRING \"\(String(cString: version()))\""))
        let statusName = try symbol("ig_status_name", as: StatusNameC.self)
        #expect(String(cString: statusName(7)) == "IG_ERROR_INVALID_DISCOUNT")

        let pr = CProblem(states: 4, actions: 3, batch: 2, seed: 1200)
        let reference = referenceSoftVI(pr, horizon: 3, discount: 0.9)
        let dense = try symbol("ig_transitions_dense_f64", as: DenseC.self)
        let solve = try symbol("ig_soft_value_iteration_f64", as: SoftVIC.self)
        let free = try symbol("ig_transitions_free", as: FreeC.self)
        let message = try symbol("ig_last_error_message", as: MessageC.self)
        var values = [Double](repeating: .nan, count: 4 * 4 * 2)
        var policy = [Double](repeating: .nan, count: 3 * 4 * 3 * 2)
        try pr.p.withUnsafeBufferPointer { p in
            var handle: OpaquePointer?
            #expect(dense(p.baseAddress, 4, 3, 0, 0, &handle) == 0)
            defer { free(handle) }
            let status = solve(handle, 3, 0.9, pr.reward, 2, nil, nil, &values, &policy, nil, nil, nil, nil)
            #expect(status == 0, "\(String(cString: message()))")
            #expect(solve(handle, 3, 1.5, pr.reward, 2, nil, nil, &values, nil, nil, nil, nil, nil) == 7)
            #expect(String(cString: message()) == "discount: 1.5 is outside [0, 1]")
            _ = try #require(handle)
        }
        expectClose(values, reference.values, "V through dlsym")
        expectClose(policy, reference.policy, "π through dlsym")
    }
}
