// swift-tools-version: 6.0
// The libFuzzer harness for NumPyIO's readers, kept out of the main package so that a normal
// `swift build` never sees it. Build and run it with Fuzz/run-numpy-fuzzer.sh.
import Foundation
import PackageDescription

// The main package is the parent directory; its identity is that directory's name.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "NumPyFuzz",
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(
            name: "NumPyFuzzer",
            dependencies: [.product(name: "NumPyIO", package: root.lastPathComponent)],
            // `@_extern(c)` declares libFuzzer's C driver entry point (see main.swift).
            swiftSettings: [.enableExperimentalFeature("Extern")]
        )
    ],
    swiftLanguageModes: [.v6]
)
