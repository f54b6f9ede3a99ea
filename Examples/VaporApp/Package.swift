// swift-tools-version: 6.0
// A Vapor app with Vapor's CORSMiddleware, tested in-process with cors-sim: the browsers' verdicts
// on its answers, without a socket. `.ci/run` builds and tests it.
import PackageDescription

let package = Package(
    name: "VaporApp",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named, because a path dependency is otherwise known by its folder's name.
        .package(name: "cors-sim", path: "../.."),
        // The probe set and fixture files of Tests/Middlewares/.
        .package(path: "../MiddlewareProbes"),
        .package(url: "https://github.com/vapor/vapor", exact: "4.122.3"),
    ],
    targets: [
        .target(name: "VaporApp", dependencies: [.product(name: "Vapor", package: "vapor")]),
        .testTarget(
            name: "VaporAppTests",
            dependencies: [
                "VaporApp",
                .product(name: "CORSSim", package: "cors-sim"),
                .product(name: "MiddlewareProbes", package: "MiddlewareProbes"),
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
