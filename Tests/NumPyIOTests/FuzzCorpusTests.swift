import Foundation
import NumPyIO
import Testing

/// Replays the fuzzing corpus (seeds and every crasher found, Fuzz/run-numpy-fuzzer.sh)
/// through both readers: each input either parses or throws a NumPyError — never traps.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzCorpus")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func corpusIsPresent() {
        #expect(Self.inputs.count >= 10)
    }

    @Test func everyInputParsesOrThrowsNumPyError() throws {
        let options = NumPyReadOptions(maximumByteCount: 1 << 24)
        for name in Self.inputs {
            let data = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
            // The typed throws make any other error a compile error; a trap fails the whole run.
            if let array = try? NumPyFile.decode(data, source: name, options: options) {
                #expect(identical(array, try NumPyFile.decode(try NumPyFile.encode(array))), "\(name)")
            }
            if let archive = try? NumPyArchive.decode(data, source: name, options: options) {
                let again = try NumPyArchive.decode(try archive.encoded())
                #expect(again.names == archive.names, "\(name)")
            }
        }
    }
}
