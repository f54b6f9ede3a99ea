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
        // The command line (arguments, commands, help, the stepper's terminal loop): not a
        // product, so none of it is API for library users.
        .target(name: "CORSSimCommand", dependencies: ["CORSSim", "CORSSimLive"]),
        .executableTarget(name: "cors-sim", dependencies: ["CORSSimCommand"]),
        // The benchmark: swift run -c release cors-sim-bench
        .executableTarget(name: "cors-sim-bench", dependencies: ["CORSSim"]),
        // Tests by level, like swift-argument-parser: the engine's units; whole scenarios
        // (golden files, real-browser conformance, malformed files, the command line); real
        // servers on loopback (some need python3 with flask-cors, or openssl, and skip without).
        // What the scenario and live tests share (package root, scenario files, the command
        // run in-process): a plain target under Tests/, not a product.
        .target(name: "CORSSimTestSupport", dependencies: ["CORSSimCommand"], path: "Tests/CORSSimTestSupport"),
        .testTarget(name: "CORSSimUnitTests", dependencies: ["CORSSim"]),
        .testTarget(
            name: "CORSSimScenarioTests",
            dependencies: ["CORSSim", "CORSSimCommand", "CORSSimTestSupport"],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(name: "CORSSimLiveTests", dependencies: ["CORSSim", "CORSSimLive", "CORSSimCommand", "CORSSimTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
