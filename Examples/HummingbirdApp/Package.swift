// swift-tools-version: 6.0
// A Hummingbird 2 app with Hummingbird's CORSMiddleware, tested in-process with cors-sim: the
// browsers' verdicts on its answers, without a socket. `.ci/run` builds and tests it.
import PackageDescription

let package = Package(
    name: "HummingbirdApp",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named, because a path dependency is otherwise known by its folder's name.
        .package(name: "cors-sim", path: "../.."),
        // The probe set and fixture files of Tests/Middlewares/.
        .package(path: "../MiddlewareProbes"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        // HTTPField names (Hummingbird re-exports HTTPFields, HTTPRequest and HTTPResponse only).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "HummingbirdApp",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "HummingbirdAppTests",
            dependencies: [
                "HummingbirdApp",
                .product(name: "CORSSim", package: "cors-sim"),
                .product(name: "MiddlewareProbes", package: "MiddlewareProbes"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
