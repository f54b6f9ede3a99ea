import Testing
@testable import CORSSim

/// `Origin: null` on a request that is not CORS from an https page to a URL that is not https
/// (https://fetch.spec.whatwg.org/#append-a-request-origin-header step 3.1), rules field
/// `nullsOriginOnDowngrade`. Recorded: Tests/Conformance dt2-9104-00114.
@Suite("Origin of a non-CORS request that leaves https")
struct OriginOnDowngradeTests {
    // The page is https://localhost: a loopback page, so a loopback http URL passes both mixed
    // content and Local Network Access, and only the Origin header differs.
    private static func origin(_ profile: BrowserProfile, _ url: String, method: String = "POST",
                               mode: RequestMode = .noCORS) throws -> String? {
        var b = Browser(profile, page: try Origin(parsing: "https://localhost"))
        var request = FetchRequest(method, try FetchURL(parsing: url))
        request.mode = mode
        let o = b.fetch(request, server: ClosureServer { _ in
            WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*")])
        })
        return o.requestsReceived.last?.headers.get("Origin")
    }

    @Test("Firefox and the standard send null to an http loopback URL; Chrome sends the page's origin")
    func downgradeNulls() throws {
        #expect(try Self.origin(.firefox, "http://127.0.0.1:8802/x") == "null")
        #expect(try Self.origin(.spec, "http://127.0.0.1:8802/x") == "null")
        #expect(try Self.origin(.chrome, "http://127.0.0.1:8802/x") == "https://localhost")
    }

    @Test("Only a downgrade, only outside mode cors", arguments: [BrowserName.firefox, .spec])
    func scope(browser: BrowserName) throws {
        let p = BrowserProfile.named(browser)
        #expect(try Self.origin(p, "https://api.example/x") == "https://localhost")
        #expect(try Self.origin(p, "http://127.0.0.1:8802/x", mode: .cors) == "https://localhost")
    }

    @Test("The profile field decides")
    func profileFieldDecides() throws {
        var p = BrowserProfile.firefox
        p.nullsOriginOnDowngrade = false
        #expect(try Self.origin(p, "http://127.0.0.1:8802/x") == "https://localhost")
        var c = BrowserProfile.chrome
        c.nullsOriginOnDowngrade = true
        #expect(try Self.origin(c, "http://127.0.0.1:8802/x") == "null")
    }
}
