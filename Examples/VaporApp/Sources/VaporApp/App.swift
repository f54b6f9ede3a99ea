import Vapor

// A small Vapor app of the kind cors-sim's Vapor example tests: the app behind
// Tests/Middlewares/probes.json, with Vapor's CORSMiddleware set up in one of three ways.

/// An error no `AbortError` describes: Vapor's ErrorMiddleware answers it with 500.
struct DatabaseUnavailable: Error {}

/// The app's routes: GET/POST/PUT/DELETE /data answer 200 "ok" with `X-Total: 1` (a header a
/// front end reads only if it is exposed); GET /private throws `Abort(.unauthorized)` (401); GET
/// /error throws an error of its own (500). Both error answers are made by Vapor's ErrorMiddleware.
/// GET /cached answers "ok" that browsers may keep for a minute (`Cache-Control: max-age=60`).
public func routes(_ app: Application) {
    for method in [HTTPMethod.GET, .POST, .PUT, .DELETE] {
        app.on(method, "data") { _ in
            Response(status: .ok, headers: ["X-Total": "1"], body: .init(string: "ok"))
        }
    }
    app.get("private") { _ -> String in throw Abort(.unauthorized) }
    app.get("error") { _ -> String in throw DatabaseUnavailable() }
    app.get("cached") { _ in
        Response(status: .ok, headers: ["Cache-Control": "max-age=60"], body: .init(string: "ok"))
    }
}

/// How the app is given CORS: each case is the code a Vapor user writes, verbatim in `code`.
public enum CORSSetup: String, CaseIterable, Sendable {
    /// Zero configuration, first in the chain as Vapor's docs say (before the ErrorMiddleware
    /// that `Application.make` installs).
    case `default`
    /// Two allowed origins, credentials, four methods, two request headers, one exposed header.
    case allowlist
    /// Zero configuration appended after the ErrorMiddleware (`use` without `at:`): the order
    /// trap, where an error thrown by a route is turned into a response outside CORSMiddleware.
    case defaultAppended

    /// The Swift code that sets it up, exactly as `install(on:)` runs it (a test checks that these
    /// lines are in this file).
    public var code: String {
        switch self {
        case .default:
            return """
                app.middleware.use(CORSMiddleware(), at: .beginning)
                """
        case .allowlist:
            return """
                let cors = CORSMiddleware(configuration: .init(
                    allowedOrigin: .any(["https://app.example", "https://admin.app.example"]),
                    allowedMethods: [.GET, .POST, .PUT, .DELETE],
                    allowedHeaders: [.contentType, "X-Custom"],
                    allowCredentials: true,
                    cacheExpiration: 600,
                    exposedHeaders: ["X-Total"]
                ))
                app.middleware.use(cors, at: .beginning)
                """
        case .defaultAppended:
            return """
                app.middleware.use(CORSMiddleware())
                """
        }
    }

    /// Adds the CORS middleware to the app.
    public func install(on app: Application) {
        switch self {
        case .default:
            app.middleware.use(CORSMiddleware(), at: .beginning)
        case .allowlist:
            let cors = CORSMiddleware(configuration: .init(
                allowedOrigin: .any(["https://app.example", "https://admin.app.example"]),
                allowedMethods: [.GET, .POST, .PUT, .DELETE],
                allowedHeaders: [.contentType, "X-Custom"],
                allowCredentials: true,
                cacheExpiration: 600,
                exposedHeaders: ["X-Total"]
            ))
            app.middleware.use(cors, at: .beginning)
        case .defaultAppended:
            app.middleware.use(CORSMiddleware())
        }
    }
}

/// Sets the app up: CORS as `cors` says, then the routes.
public func configure(_ app: Application, cors: CORSSetup) {
    cors.install(on: app)
    routes(app)
}
