import HTTPTypes
import Hummingbird

// A small Hummingbird 2 app of the kind cors-sim's Hummingbird example tests: the app behind
// Tests/Middlewares/probes.json, with Hummingbird's CORSMiddleware set up in one of three ways.

/// An error that is no `HTTPResponseError`: Hummingbird answers it with 500.
struct DatabaseUnavailable: Error {}

/// Adds the app's routes: GET/POST/PUT/DELETE /data answer 200 "ok" with `X-Total: 1` (a header a
/// front end reads only if it is exposed); GET /private throws `HTTPError(.unauthorized)` (401);
/// GET /error throws an error of its own (500).
public func addRoutes(to router: Router<BasicRequestContext>) {
    for method in [HTTPRequest.Method.get, .post, .put, .delete] {
        router.on("data", method: method) { _, _ in
            Response(status: .ok, headers: [.xTotal: "1"], body: ResponseBody(byteBuffer: ByteBuffer(string: "ok")))
        }
    }
    router.get("private") { _, _ -> String in throw HTTPError(.unauthorized) }
    router.get("error") { _, _ -> String in throw DatabaseUnavailable() }
}

extension HTTPField.Name {
    static let xTotal = Self("X-Total")!
}

/// How the app is given CORS: each case is the code a Hummingbird user writes, verbatim in `code`.
public enum CORSSetup: String, CaseIterable, Sendable {
    /// Zero configuration, added before the routes.
    case `default`
    /// Two allowed origins, credentials, four methods, two request headers, one exposed header.
    case allowlist
    /// Zero configuration added after the routes: Hummingbird applies a middleware only to the
    /// endpoints added after it, and to the not-found answer (which OPTIONS requests get).
    case defaultAfterRoutes

    /// The Swift code that sets the router up, exactly as `install(on:)` runs it (a test checks
    /// that these lines are in this file).
    public var code: String {
        switch self {
        case .default:
            return """
                router.add(middleware: CORSMiddleware())
                addRoutes(to: router)
                """
        case .allowlist:
            return """
                router.add(middleware: CORSMiddleware(
                    allowOrigin: .oneOf("https://app.example", "https://admin.app.example"),
                    allowHeaders: [.contentType, HTTPField.Name("X-Custom")!],
                    allowMethods: [.get, .post, .put, .delete],
                    allowCredentials: true,
                    exposedHeaders: ["X-Total"],
                    maxAge: .seconds(600)
                ))
                addRoutes(to: router)
                """
        case .defaultAfterRoutes:
            return """
                addRoutes(to: router)
                router.add(middleware: CORSMiddleware())
                """
        }
    }

    /// Adds the CORS middleware and the routes to the router.
    public func install(on router: Router<BasicRequestContext>) {
        switch self {
        case .default:
            router.add(middleware: CORSMiddleware())
            addRoutes(to: router)
        case .allowlist:
            router.add(middleware: CORSMiddleware(
                allowOrigin: .oneOf("https://app.example", "https://admin.app.example"),
                allowHeaders: [.contentType, HTTPField.Name("X-Custom")!],
                allowMethods: [.get, .post, .put, .delete],
                allowCredentials: true,
                exposedHeaders: ["X-Total"],
                maxAge: .seconds(600)
            ))
            addRoutes(to: router)
        case .defaultAfterRoutes:
            addRoutes(to: router)
            router.add(middleware: CORSMiddleware())
        }
    }
}

/// The app, its router set up as `cors` says.
public func buildApplication(cors: CORSSetup) -> some ApplicationProtocol {
    let router = Router()
    cors.install(on: router)
    return Application(router: router)
}
