// swift-tools-version: 6.0
// The probe set of Tests/Middlewares/probes.json, asked of any cors-sim `AsyncServer` (an app behind
// an adapter), and the fixture files that record a middleware's answers. Shared by the Vapor and
// Hummingbird examples; depends on cors-sim only.
import PackageDescription

let package = Package(
    name: "MiddlewareProbes",
    products: [.library(name: "MiddlewareProbes", targets: ["MiddlewareProbes"])],
    // Named, because a path dependency is otherwise known by its folder's name.
    dependencies: [.package(name: "cors-sim", path: "../..")],
    targets: [
        .target(name: "MiddlewareProbes", dependencies: [.product(name: "CORSSim", package: "cors-sim")]),
    ],
    swiftLanguageModes: [.v6]
)
