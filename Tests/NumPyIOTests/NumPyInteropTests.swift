import Foundation
import NumPyIO
import Testing

/// Whether `python3` on the PATH imports NumPy (the interop test is skipped otherwise).
let pythonHasNumPy: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import numpy"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

/// NumPy itself reads what this library writes (skipped when python3 with NumPy is absent;
/// the committed fixtures cover the other direction).
@Suite struct NumPyInteropTests {
    @Test(.enabled(if: pythonHasNumPy, "needs python3 with numpy on the PATH"))
    func numPyLoadsOurFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        try NumPyFile.write(Fixture.expected(.float64, [2, 3, 4]), to: directory.file("f8.npy"))
        try NumPyFile.write(Fixture.expected(.int32, [5]), to: directory.file("i4be.npy"), byteOrder: .bigEndian)
        try NumPyFile.write(Fixture.expected(.bool, []), to: directory.file("b1.npy"))
        let members = ["rewards": Fixture.expected(.float32, [2, 3]), "states": Fixture.expected(.int64, [0])]
        try NumPyArchive.write(members, to: directory.file("stored.npz"))
        try NumPyArchive.write(members, to: directory.file("deflated.npz"), compression: .deflated)
        let script = """
            import sys, numpy as np
            d = sys.argv[1]
            def ref(dtype, shape):
                n = int(np.prod(shape)); i = np.arange(n, dtype=np.int64)
                k = np.dtype(dtype).kind
                v = i * 0.25 - 1.0 if k == 'f' else (i % 3 == 0 if k == 'b' else (i * 1009 - 5 if np.dtype(dtype).itemsize == 4 else i * 1000000007 - 5))
                return v.astype(dtype).reshape(shape)
            def same(a, b):
                assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b), (a, b)
            same(np.load(d + '/f8.npy'), ref('<f8', (2, 3, 4)))
            same(np.load(d + '/i4be.npy'), ref('>i4', (5,)))
            same(np.load(d + '/b1.npy'), ref('?', ()))
            for name in ['stored', 'deflated']:
                with np.load(d + '/' + name + '.npz') as z:
                    assert sorted(z.files) == ['rewards', 'states'], z.files
                    same(z['rewards'], ref('<f4', (2, 3)))
                    same(z['states'], ref('<i8', (0,)))
            print('ok')
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, directory.url.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.hasSuffix("ok\n"), "\(text)")
    }
}
