// swift-tools-version: 6.0
// The README's "Using it from Swift" example as a package of its own, the way a server project
// depends on cors-sim: only the CORSSim product and its documented API. `.ci/run` builds and
// tests it.
import PackageDescription

let package = Package(
    name: "ConsumerTests",
    // Named, because a path dependency is otherwise known by its folder's name (a clone may not be
    // called cors-sim).
    dependencies: [.package(name: "cors-sim", path: "../..")],
    targets: [
        // Stands in for your server: a handler from WireRequest to WireResponse.
        .target(name: "MyApp", dependencies: [.product(name: "CORSSim", package: "cors-sim")]),
        .testTarget(name: "ConsumerTests", dependencies: ["MyApp", .product(name: "CORSSim", package: "cors-sim")]),
    ],
    swiftLanguageModes: [.v6]
)
