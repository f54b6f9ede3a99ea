// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "cors-sim",
    products: [
        .library(name: "CORSSim", targets: ["CORSSim"]),
        // Real servers: live runs, the audit, HAR replay (sockets and TLS; the engine has none).
        .library(name: "CORSSimLive", targets: ["CORSSimLive"]),
        .executable(name: "cors-sim", targets: ["cors-sim"]),
    ],
    targets: [
        .target(name: "CORSSim"),
        .target(name: "CORSSimLive", dependencies: ["CORSSim"]),
        .executableTarget(name: "cors-sim", dependencies: ["CORSSim", "CORSSimLive"]),
        // The benchmark: swift run -c release cors-sim-bench
        .executableTarget(name: "cors-sim-bench", dependencies: ["CORSSim"]),
        .testTarget(
            name: "CORSSimTests",
            dependencies: ["CORSSim", "CORSSimLive"],
            exclude: ["Fixtures", "Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
