import CORSSim
import HummingbirdApp
import HummingbirdTesting
import Testing

// What Chrome, Firefox and Safari make of the example app's answers, with Hummingbird's
// CORSMiddleware set up three ways: the app runs in-process behind `HummingbirdServer` (the router
// test client), cors-sim plays the browser.

let browsers: [BrowserProfile] = [.chrome, .firefox, .safari]

/// Runs `body` against the example app with CORS set up as `cors`, in-process.
func withExampleApp<T>(_ cors: CORSSetup, _ body: @Sendable (HummingbirdServer) async throws -> T) async throws -> T {
    try await buildApplication(cors: cors).test(.router) { client in
        try await body(HummingbirdServer(client: client))
    }
}

extension FetchOutcome {
    /// The preflight's response as the server sent it (nil: no preflight went out).
    var preflightWireResponse: WireResponse? {
        events.lazy.compactMap { if case .preflightResponse(let response) = $0 { response } else { nil } }.first
    }

    /// The actual request's last response as the server sent it (nil: none came).
    var wireResponse: WireResponse? {
        events.lazy.compactMap { if case .response(let response) = $0 { response } else { nil } }.last
    }
}

@Test(arguments: browsers)
func theFrontEndPostsJSONWithCookies(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.allowlist) { api in
        var browser = Browser(profile, page: "https://app.example")
        let post = FetchRequest("POST", "https://api.example/data", headers: [("Content-Type", "application/json")],
                                body: .text("{}"), credentials: .include)
        let outcome = await browser.fetch(post, server: api)
        #expect(outcome.verdict == .readable, "\(outcome)")
        #expect(outcome.preflight == .sent)
        #expect(outcome.response?.body == "ok")
    }
}

@Test(arguments: browsers)
func theExposeListGoesOnlyOnThePreflightSoTheScriptNeverSeesXTotal(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.allowlist) { api in
        var browser = Browser(profile, page: "https://app.example")
        // A simple GET: no preflight, and the answer carries no Access-Control-Expose-Headers.
        let get = await browser.fetch(FetchRequest("GET", "https://api.example/data", credentials: .include), server: api)
        #expect(get.verdict == .readable, "\(get)")
        #expect(get.wireResponse?.headers.get("X-Total") == "1")
        #expect(get.wireResponse?.headers.contains("Access-Control-Expose-Headers") == false)
        #expect(get.response?.headers.get("X-Total") == nil)

        // A preflighted PUT: the preflight exposes X-Total, which browsers ignore on a preflight;
        // the PUT's own answer exposes nothing.
        let put = await browser.fetch(FetchRequest("PUT", "https://api.example/data", headers: [("X-Custom", "1")],
                                                   credentials: .include), server: api)
        #expect(put.preflightWireResponse?.headers.get("Access-Control-Expose-Headers") == "X-Total")
        #expect(put.verdict == .readable, "\(put)")
        #expect(put.wireResponse?.headers.contains("Access-Control-Expose-Headers") == false)
        #expect(put.response?.headers.get("X-Total") == nil)
    }
}

@Test(arguments: browsers, ["PUT", "DELETE"])
func theDefaultAllowsNoPutOrDelete(_ profile: BrowserProfile, method: String) async throws {
    try await withExampleApp(.default) { api in
        var browser = Browser(profile, page: "https://app.example")
        let outcome = await browser.fetch(FetchRequest(method, "https://api.example/data"), server: api)
        #expect(outcome.preflightWireResponse?.status == 204)
        #expect(outcome.preflightWireResponse?.headers.get("Access-Control-Allow-Methods") == "GET, POST, HEAD, OPTIONS")
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .methodNotAllowed, "\(outcome)")
        #expect(outcome.failure?.value == method)
        #expect(!outcome.requestSent)
    }
}

@Test(arguments: browsers, ["https://evil.example", "https://app.example.evil.example", "https://evilapp.example",
                            "http://app.example"])
func anOriginOffTheAllowlistIsBlocked(_ profile: BrowserProfile, origin: String) async throws {
    try await withExampleApp(.allowlist) { api in
        var browser = Browser(profile, page: try Origin(parsing: origin))
        let outcome = await browser.fetch(FetchRequest("GET", "https://api.example/data"), server: api)
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .missingAllowOrigin, "\(outcome)")
        #expect(outcome.wireResponse?.status == 200)
    }
}

@Test(arguments: browsers, ["/private", "/error", "/missing"])
func anErrorCarriesCORS(_ profile: BrowserProfile, path: String) async throws {
    try await withExampleApp(.default) { api in
        // The middleware adds its headers to a thrown error, which the router then answers.
        var browser = Browser(profile, page: "https://app.example")
        let get = FetchRequest("GET", try FetchURL(parsing: "https://api.example" + path),
                               headers: [("Authorization", "Bearer expired")])
        let outcome = await browser.fetch(get, server: api)
        #expect(outcome.preflight == .sent)
        #expect(outcome.verdict == .readable, "\(outcome)")
        #expect(outcome.response?.status == ["/private": 401, "/error": 500, "/missing": 404][path])
    }
}

@Test(arguments: browsers)
func theDefaultDoesNotReflectOriginNullSoASandboxedFrameIsBlocked(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.default) { api in
        var browser = Browser(profile, page: "https://app.example")
        browser.navigate(to: nil)   // a sandboxed iframe: an opaque origin, `Origin: null`
        let outcome = await browser.fetch(FetchRequest("GET", "https://api.example/data"), server: api)
        #expect(outcome.lastOrigin == "null")
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .missingAllowOrigin, "\(outcome)")
    }
}

@Test(arguments: browsers)
func aMiddlewareAddedAfterTheRoutesPassesThePreflightThenBlocksTheAnswer(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.defaultAfterRoutes) { api in
        // The OPTIONS request has no route: the not-found answer runs every middleware, so the
        // preflight passes; GET /data was routed before the middleware was added and runs without it.
        var browser = Browser(profile, page: "https://app.example")
        let get = FetchRequest("GET", "https://api.example/data", headers: [("Authorization", "Bearer t")])
        let outcome = await browser.fetch(get, server: api)
        #expect(outcome.preflightWireResponse?.status == 204)
        #expect(outcome.requestSent)
        #expect(outcome.wireResponse?.status == 200)
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .missingAllowOrigin, "\(outcome)")
        #expect(outcome.scriptError?.hasPrefix("TypeError") == true)
    }
}
