// swift-tools-version:6.0
import PackageDescription

// Release builds of the numeric core drop exclusivity checks: the inner loops
// run over unsafe buffers whose aliasing is managed by hand.
let numericFlags: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

// The hot kernels are one set of sources (Sources/Kernels, linked into each
// target below) compiled once per instruction set; NN picks one at run time
// by the CPU's features (Sources/NN/Kernels.swift). Everything else is built
// for baseline x86-64, so no CPU is handed an instruction it lacks.
func kernels(_ name: String, cpu: String?) -> Target {
    #if arch(x86_64)
    let flags = cpu.map { ["-target-cpu", $0] } ?? []
    #else
    let flags: [String] = []   // elsewhere the variants are the same code; only baseline is ever picked
    #endif
    return .target(name: name, dependencies: ["KernelShapes"],
                   swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"] + flags)])
}

let package = Package(
    name: "FashionCNNWorkbench",
    platforms: [.macOS(.v13)],
    products: [.executable(name: "workbench", targets: ["Workbench"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG"),
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
        .target(name: "CMPI"),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .systemLibrary(name: "CCPUID", path: "Sources/CCPUID"),
        .target(name: "KernelShapes", swiftSettings: numericFlags),
        kernels("KernelsBaseline", cpu: nil),
        kernels("KernelsAVX2", cpu: "haswell"),
        kernels("KernelsAVX512", cpu: "skylake-avx512"),
        .target(name: "NN", dependencies: ["CBLAS", "CCPUID", "KernelShapes", "KernelsBaseline", "KernelsAVX2", "KernelsAVX512"],
                swiftSettings: numericFlags),
        .target(name: "Dataset", dependencies: ["CZlib", "CPNG", "CJPEG"], swiftSettings: numericFlags),
        .target(name: "Experiments", dependencies: ["NN", "Dataset", "Yams"]),
        .target(name: "Charts"),
        // ONNX models and TensorBoard event files from runs; Generated/ is scripts/gen-protos' output.
        .target(name: "Interchange", dependencies: ["NN", "Experiments", "Dataset", "CPNG",
                                                    .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .executableTarget(name: "Workbench", dependencies: [
            "Experiments", "NN", "Dataset", "Charts", "CNCurses", "CMPI", "Interchange",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "NNTests", dependencies: ["NN", "KernelShapes"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DatasetTests", dependencies: ["Dataset"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Dataset"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange", "Experiments", "NN", "Dataset"]),
        // Drives the built binary (.build/release/workbench); ./test builds it first.
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "Experiments", "Dataset", "Charts"], exclude: ["Layouts"]),
    ],
    swiftLanguageModes: [.v5]
)
