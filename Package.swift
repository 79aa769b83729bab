// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ImitationGame",
    products: [
        .library(name: "DenseTensors", targets: ["DenseTensors"]),
        .library(name: "IRL", targets: ["IRL"]),
        .library(name: "NumPyIO", targets: ["NumPyIO"]),
        .library(name: "Plots", targets: ["Plots"]),
        .executable(name: "irl", targets: ["IRLCommand"]),
        .executable(name: "benchmarks", targets: ["benchmarks"]),
        .library(name: "imitationgame", type: .dynamic, targets: ["IRLCABI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The C system library. Its module map must live here, not at the package root:
        // a root module.modulemap turns the whole package into a legacy system package.
        .systemLibrary(
            name: "COpenBLAS",
            path: "Sources/COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // The C kernels (array exp/log, stencil rows, sparse row patterns, state blocks, the dense
        // scan), compiled for AVX2 + FMA and for the baseline with one run-time choice: Swift code
        // cannot target wider instruction sets per function.
        .target(name: "CKernels"),
        .target(
            name: "DenseTensors",
            dependencies: [
                "COpenBLAS",
                "CKernels",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "IRL",
            dependencies: [
                "DenseTensors",
                "CKernels",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "NumPyIO",
            dependencies: ["DenseTensors", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(name: "Plots"),
        .target(name: "IRLCABI", dependencies: ["IRL", "DenseTensors"]),
        .executableTarget(
            name: "IRLCommand",
            dependencies: [
                "IRL", "DenseTensors", "NumPyIO", "Plots",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Seeded random problems (the tests' random MDPs, tensors and gridworlds, the benchmarks'
        // dense transitions) shared by every test target and the benchmarks. Not a product.
        .target(name: "_TestSupport", dependencies: ["IRL", "DenseTensors"]),
        .executableTarget(
            name: "benchmarks",
            dependencies: [
                "IRL", "DenseTensors", "_TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/benchmarks"
        ),
        .testTarget(name: "DenseTensorsTests", dependencies: ["DenseTensors", "_TestSupport"]),
        .testTarget(
            name: "IRLTests",
            dependencies: ["IRL", "DenseTensors", "_TestSupport"],
            resources: [.copy("Golden")]
        ),
        // Fixtures and the fuzz corpus are read through #filePath, not bundled.
        .testTarget(name: "NumPyIOTests", dependencies: ["NumPyIO", "DenseTensors"], exclude: ["Fixtures", "FuzzCorpus"]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots"]),
        .testTarget(name: "IRLCommandTests", dependencies: ["IRLCommand", "IRL", "DenseTensors", "NumPyIO", "_TestSupport"]),
        .testTarget(name: "IRLCABITests", dependencies: ["IRLCABI", "IRL", "DenseTensors"]),
    ],
    swiftLanguageModes: [.v6]
)
