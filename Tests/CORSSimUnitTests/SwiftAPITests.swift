import Testing
import CORSSim

/// The README's example, as a server test suite would write it: the public API only
/// (no @testable), an async server, virtual time.
@Suite struct SwiftAPITests {
    /// Stands in for "your handler": answers preflights and PUTs for one front end.
    static func handle(_ request: WireRequest) async -> WireResponse {
        let origin = request.headers.get("Origin") ?? ""
        guard origin == "https://app.example.com" else { return WireResponse(status: 403) }
        var headers: HeaderList = [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true")]
        if request.isPreflight {
            headers.append("Access-Control-Allow-Methods", "PUT")
            headers.append("Access-Control-Allow-Headers", "Content-Type")
            headers.append("Access-Control-Max-Age", "86400")
            return WireResponse(status: 204, headers: headers)
        }
        return WireResponse(status: 200, headers: headers, body: "{}")
    }

    @Test func theAPIAllowsTheFrontEndToUpdateAUser() async throws {
        let api = AsyncClosureServer { request in await Self.handle(request) }
        for profile in [BrowserProfile.chrome, .firefox, .safari] {
            var browser = Browser(profile, page: try Origin(parsing: "https://app.example.com"))
            let put = FetchRequest("PUT", try FetchURL(parsing: "https://api.example.com/users/7"),
                                   headers: [("Content-Type", "application/json")], body: .text("{}"),
                                   credentials: .include)
            let outcome = await browser.fetch(put, server: api)
            #expect(outcome.verdict == .readable, "\(profile.displayName): \(outcome.console)")
            #expect(outcome.preflight == .sent)

            browser.advance(by: .seconds(700))   // virtual time: Safari's 600 s cap has passed
            let again = await browser.fetch(put, server: api)
            #expect(again.preflight == (profile.name == .safari ? .sent : .cached))
        }
    }

    @Test func anotherOriginIsBlockedAndTheReasonIsData() async throws {
        let api = AsyncClosureServer { request in await Self.handle(request) }
        var browser = Browser(.firefox, page: try Origin(parsing: "https://evil.example"))
        let outcome = await browser.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example.com/users/7")), server: api)
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .missingAllowOrigin)
        #expect(outcome.requestSent)
        #expect(outcome.scriptError == "TypeError: NetworkError when attempting to fetch resource.")
    }

    @Test func aRouteTableServesScenarioRoutes() throws {
        var servers = MockServers()
        servers.install([Route(method: "GET", path: "/data", isPrefix: false, status: 200, statusText: "OK",
                               headers: [Header("Access-Control-Allow-Origin", "*")], body: "[]",
                               location: SourceLocation(file: "inline", line: 1, column: 1))],
                        for: try Origin(parsing: "https://api.example.com"))
        var browser = Browser(.chrome, page: try Origin(parsing: "https://app.example.com"))
        let outcome = browser.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example.com/data")), server: servers)
        #expect(outcome.verdict == .readable)
        #expect(outcome.response?.body == "[]")
    }
}
