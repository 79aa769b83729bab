import DenseTensors
import Foundation
import NumPyIO
import Testing

/// Writes go to a temporary file in the same directory and are renamed into place.
@Suite struct AtomicWriteTests {
    @Test func replacingAFileLeavesNoTemporaryBehind() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = directory.file("v.npy")
        try NumPyFile.write(indices: [1, 2, 3], to: url)
        try NumPyFile.write(indices: [4, 5], to: url)
        #expect(try NumPyFile.readIndices(contentsOf: url) == [4, 5])
        try NumPyArchive.write(["a": NumPyArray(indices: [1])], to: directory.file("z.npz"))
        #expect(try directory.contents() == ["v.npy", "z.npz"])
    }

    @Test func failedRenameKeepsTheOldTargetAndRemovesTheTemporary() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        // The destination is a non-empty directory, so the final rename fails after the data is written.
        let target = directory.file("out.npy")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data([1]).write(to: target.appendingPathComponent("keep"))
        let error = numPyError { try NumPyFile.write(indices: [1], to: target) }
        guard case .fileSystem(let reason)? = error?.problem else {
            Issue.record("expected fileSystem, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("rename"))
        #expect(error?.file == target.path)
        #expect(try directory.contents() == ["out.npy"])
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("keep").path))

        let archiveError = numPyError { try NumPyArchive.write(["a": NumPyArray(indices: [1])], to: target) }
        #expect(archiveError != nil)
        #expect(try directory.contents() == ["out.npy"])
    }

    @Test func missingDirectoryIsAnError() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.npy")
        let error = numPyError { try NumPyFile.write(flags: [true], to: url) }
        guard case .fileSystem(let reason)? = error?.problem else {
            Issue.record("expected fileSystem, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("No such file or directory"))
    }

    @Test func invalidArchiveIsRefusedBeforeTouchingTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = directory.file("z.npz")
        try NumPyArchive.write(["a": NumPyArray(indices: [7])], to: url)
        let error = numPyError { try NumPyArchive.write(["": NumPyArray(indices: [1])], to: url) }
        #expect(error?.problem == .invalidMemberName(""))
        #expect(error?.file == url.path)
        #expect(try NumPyArchive.read(contentsOf: url).indices(named: "a") == [7])
        #expect(try directory.contents() == ["z.npz"])
    }
}
