// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "cors-sim",
    products: [
        .library(name: "CORSSim", targets: ["CORSSim"]),
        .executable(name: "cors-sim", targets: ["cors-sim"]),
    ],
    targets: [
        .target(name: "CORSSim"),
        .executableTarget(name: "cors-sim", dependencies: ["CORSSim"]),
        // The benchmark: swift run -c release cors-sim-bench
        .executableTarget(name: "cors-sim-bench", dependencies: ["CORSSim"]),
        .testTarget(
            name: "CORSSimTests",
            dependencies: ["CORSSim"],
            exclude: ["Fixtures", "Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
