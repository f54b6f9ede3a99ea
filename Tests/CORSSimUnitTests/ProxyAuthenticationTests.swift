import Testing
@testable import CORSSim

/// A `407 Proxy Authentication Required` from a server reached without a proxy
/// (`NetworkStackRules.directProxyAuthenticationIsNetworkError`), recorded in the three engines:
/// Tests/Conformance dt2-9104-00005 (no-cors GET), dt2-9104-00081 (cors POST).
@Suite("407 from a server reached directly")
struct ProxyAuthenticationTests {
    private static func fetch(_ profile: BrowserProfile, method: String = "GET", mode: RequestMode = .cors,
                              status: Int = 407) throws -> FetchOutcome {
        var b = Browser(profile, page: try Origin(parsing: "http://app.example"))
        var request = FetchRequest(method, try FetchURL(parsing: "http://api.example/x"))
        request.mode = mode
        return b.fetch(request, server: ClosureServer { req in
            WireResponse(status: req.method == "OPTIONS" ? 204 : status,
                         headers: [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT"),
                                   ("Access-Control-Allow-Headers", "x-a")])
        })
    }

    @Test("Chrome: a 407 is a network error in every mode, after the request reached the server")
    func chromeNetworkError() throws {
        for mode in [RequestMode.cors, .noCORS] {
            let o = try Self.fetch(.chrome, mode: mode)
            #expect(o.verdict == .blocked)
            #expect(o.failure?.reason == .unexpectedProxyAuth)
            #expect(o.requestSent)
            #expect(o.scriptError == "TypeError: Failed to fetch")
        }
        // Any other 4xx is a response.
        #expect(try Self.fetch(.chrome, status: 401).verdict == .readable)
    }

    @Test("Chrome: a preflight answered 407 is a network error, the actual request is never sent")
    func chromePreflight() throws {
        var b = Browser(.chrome, page: try Origin(parsing: "http://app.example"))
        var request = FetchRequest("PUT", try FetchURL(parsing: "http://api.example/x"))
        request.mode = .cors
        let o = b.fetch(request, server: ClosureServer { _ in WireResponse(status: 407, headers: [("Access-Control-Allow-Origin", "*")]) })
        #expect(o.failure?.reason == .unexpectedProxyAuth)
        #expect(o.preflightsSent.count == 1)
        #expect(!o.requestSent)
    }

    @Test("Firefox, Safari, WebKitGTK and the standard hand the 407 to the script",
          arguments: [BrowserName.firefox, .safari, .webkitgtk, .spec])
    func othersPassItOn(browser: BrowserName) throws {
        #expect(try Self.fetch(.named(browser)).verdict == .readable)
        #expect(try Self.fetch(.named(browser), mode: .noCORS).verdict == .opaque)
    }

    @Test("The profile field decides: Chrome without it reads the 407")
    func profileFieldDecides() throws {
        var profile = BrowserProfile.chrome
        profile.networkStack.directProxyAuthenticationIsNetworkError = false
        let o = try Self.fetch(profile)
        #expect(o.verdict == .readable)
        #expect(o.response?.status == 407)
    }
}
