// swift-tools-version:6.0
import PackageDescription

// Release builds of the numeric core drop exclusivity checks: the inner loops
// run over unsafe buffers whose aliasing is managed by hand. On x86-64 they
// may use AVX2 and FMA (every x86 CPU since 2013): 8 floats per instruction
// instead of baseline SSE2's 4.
#if arch(x86_64)
let numericFlags: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked", "-target-cpu", "haswell"])]
#else
let numericFlags: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
#endif

let package = Package(
    name: "FashionCNNWorkbench",
    platforms: [.macOS(.v13)],
    products: [.executable(name: "workbench", targets: ["Workbench"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG"),
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .target(name: "NN", dependencies: ["CBLAS"], swiftSettings: numericFlags),
        .target(name: "Dataset", dependencies: ["CZlib", "CPNG", "CJPEG"], swiftSettings: numericFlags),
        .target(name: "Experiments", dependencies: ["NN", "Dataset", "Yams"]),
        .target(name: "Charts"),
        .executableTarget(name: "Workbench", dependencies: [
            "Experiments", "NN", "Dataset", "Charts", "CNCurses",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "NNTests", dependencies: ["NN"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DatasetTests", dependencies: ["Dataset"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Dataset"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        // Drives the built binary (.build/release/workbench); ./test builds it first.
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "Experiments", "Dataset", "Charts"], exclude: ["Layouts"]),
    ],
    swiftLanguageModes: [.v5]
)
