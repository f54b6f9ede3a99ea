import CORSSim
import Testing
import VaporApp
import VaporTesting

// What Chrome, Firefox and Safari make of the example app's answers, with Vapor's CORSMiddleware
// set up three ways: the app runs in-process behind `VaporServer`, cors-sim plays the browser.

// BEGIN README TEST
let browsers: [BrowserProfile] = [.chrome, .firefox, .safari]

/// Runs `body` against the example app with CORS set up as `cors`, booted, shut down afterwards.
func withExampleApp<T>(_ cors: CORSSetup, _ body: (VaporServer) async throws -> T) async throws -> T {
    try await withApp(configure: { app in
        VaporApp.configure(app, cors: cors)
        try await app.asyncBoot()
    }) { app in
        try await body(VaporServer(app: app))
    }
}

@Test(arguments: browsers)
func theFrontEndUpdatesDataWithCookies(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.allowlist) { api in
        var browser = Browser(profile, page: "https://app.example")
        let put = FetchRequest("PUT", "https://api.example/data", headers: [("Content-Type", "application/json")],
                               body: .text("{}"), credentials: .include)
        let outcome = await browser.fetch(put, server: api)
        #expect(outcome.verdict == .readable, "\(outcome)")
        #expect(outcome.preflight == .sent)
        #expect(outcome.response?.body == "ok")
    }
}
// END README TEST

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
func anAllowlistedOriginReadsTheExposedHeader(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.allowlist) { api in
        var browser = Browser(profile, page: "https://admin.app.example")
        let outcome = await browser.fetch(FetchRequest("GET", "https://api.example/data", credentials: .include), server: api)
        #expect(outcome.verdict == .readable, "\(outcome)")
        #expect(outcome.preflight == .none)
        // Vapor sends Access-Control-Expose-Headers on every answer (lower-casing the names it was
        // given), so X-Total is visible.
        #expect(outcome.response?.headers.get("X-Total") == "1")
        #expect(outcome.wireResponse?.headers.get("Access-Control-Expose-Headers") == "x-total")
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
        // The request was served all the same: the middleware only leaves the header out.
        #expect(outcome.wireResponse?.status == 200)
    }
}

@Test(arguments: browsers)
func theAllowlistSendsNoVarySoTheHTTPCacheServesOneOriginsAnswerToAnother(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.allowlist) { api in
        // `.any([...])` answers each listed origin with its own Access-Control-Allow-Origin but no
        // `Vary: Origin`: the browser's HTTP cache keys the answer by URL alone.
        var browser = Browser(profile, page: "https://admin.app.example")
        let first = await browser.fetch(FetchRequest("GET", "https://api.example/cached"), server: api)
        #expect(first.verdict == .readable, "\(first)")
        #expect(first.wireResponse?.headers.contains("Vary") == false)

        browser.navigate(to: "https://app.example")   // same site: the same cache partition
        let second = await browser.fetch(FetchRequest("GET", "https://api.example/cached"), server: api)
        #expect(!second.requestSent, "answered from the HTTP cache: \(second)")
        #expect(second.verdict == .blocked)
        #expect(second.failure?.reason == .allowOriginMismatch)
        #expect(second.failure?.value == "https://admin.app.example")
    }
}

@Test(arguments: browsers)
func reflectingTheOriginSendsVarySoTheHTTPCacheKeepsOriginsApart(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.default) { api in
        var browser = Browser(profile, page: "https://admin.app.example")
        let first = await browser.fetch(FetchRequest("GET", "https://api.example/cached"), server: api)
        #expect(first.verdict == .readable, "\(first)")
        #expect(first.wireResponse?.headers.get("Vary") == "origin")

        browser.navigate(to: "https://app.example")
        let second = await browser.fetch(FetchRequest("GET", "https://api.example/cached"), server: api)
        #expect(second.requestSent, "the stored answer varies on Origin: \(second)")
        #expect(second.verdict == .readable)
    }
}

@Test(arguments: browsers)
func thePreflightIsAnsweredBeforeRoutingSoAMethodWithoutARouteGetsThrough(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.default) { api in
        // /private has only a GET route; CORSMiddleware answers the DELETE preflight itself.
        var browser = Browser(profile, page: "https://app.example")
        let outcome = await browser.fetch(FetchRequest("DELETE", "https://api.example/private"), server: api)
        #expect(outcome.preflightWireResponse?.status == 200)
        #expect(outcome.preflightWireResponse?.headers.get("Access-Control-Allow-Methods")?.contains("DELETE") == true)
        #expect(outcome.requestSent)
        #expect(outcome.verdict == .readable, "\(outcome)")
        #expect(outcome.response?.status == 404)
    }
}

@Test(arguments: browsers, ["/private", "/error"])
func anErrorCarriesCORSWhenTheMiddlewareComesFirst(_ profile: BrowserProfile, path: String) async throws {
    try await withExampleApp(.default) { api in
        var browser = Browser(profile, page: "https://app.example")
        let get = FetchRequest("GET", try FetchURL(parsing: "https://api.example" + path),
                               headers: [("Authorization", "Bearer expired")])
        let outcome = await browser.fetch(get, server: api)
        #expect(outcome.preflight == .sent)
        #expect(outcome.verdict == .readable, "\(outcome)")
        #expect(outcome.response?.status == (path == "/private" ? 401 : 500))
    }
}

@Test(arguments: browsers, ["/private", "/error"])
func anErrorLosesCORSWhenTheMiddlewareIsAppendedAfterTheErrorMiddleware(_ profile: BrowserProfile, path: String) async throws {
    try await withExampleApp(.defaultAppended) { api in
        var browser = Browser(profile, page: "https://app.example")
        let get = FetchRequest("GET", try FetchURL(parsing: "https://api.example" + path),
                               headers: [("Authorization", "Bearer expired")])
        let outcome = await browser.fetch(get, server: api)
        // The preflight passes (CORSMiddleware answers it), the route's error skips the middleware
        // on its way out: the 401/500 has no Access-Control-Allow-Origin, and the script sees a
        // TypeError instead of a status it could act on.
        #expect(outcome.preflightWireResponse?.headers.get("Access-Control-Allow-Origin") == "https://app.example")
        #expect(outcome.wireResponse?.status == (path == "/private" ? 401 : 500))
        #expect(outcome.wireResponse?.headers.contains("Access-Control-Allow-Origin") == false)
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .missingAllowOrigin)
        #expect(outcome.failure?.phase == .response)
        #expect(outcome.scriptError?.hasPrefix("TypeError") == true, "\(outcome)")
    }
}

@Test(arguments: browsers)
func theDefaultReflectsOriginNullSoASandboxedFrameReads(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.default) { api in
        var browser = Browser(profile, page: "https://app.example")
        browser.navigate(to: nil)   // a sandboxed iframe: an opaque origin, `Origin: null`
        let outcome = await browser.fetch(FetchRequest("GET", "https://api.example/data"), server: api)
        #expect(outcome.lastOrigin == "null")
        #expect(outcome.wireResponse?.headers.get("Access-Control-Allow-Origin") == "null")
        #expect(outcome.verdict == .readable, "\(outcome)")
    }
}

@Test(arguments: browsers)
func aCredentialedFetchFailsWithTheDefaultBecauseItNeverAllowsCredentials(_ profile: BrowserProfile) async throws {
    try await withExampleApp(.default) { api in
        var browser = Browser(profile, page: "https://app.example")
        let outcome = await browser.fetch(FetchRequest("GET", "https://api.example/data", credentials: .include), server: api)
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .missingAllowCredentials, "\(outcome)")
    }
}
