import Testing
@testable import CORSSim

/// Mixed content and potentially trustworthy URLs (no recording yet: the recorder serves http
/// only), held to each engine's source as the profiles cite it.
@Suite("Mixed content")
struct MixedContentTests {
    static let https = try! Origin(parsing: "https://app.example.com")
    static var open: ClosureServer { ClosureServer { request in
        if request.url.path == "/hop" {
            return WireResponse(status: 302, headers: [("Access-Control-Allow-Origin", "*"), ("Location", "http://api.example.com/res")])
        }
        return WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*")])
    }
    }

    static func fetch(_ name: BrowserName, _ url: String, page: Origin = https, topLevel: Origin? = nil,
                      mode: RequestMode = .cors) throws -> FetchOutcome {
        var browser = Browser(.named(name), page: page, topLevel: topLevel)
        return browser.fetch(FetchRequest("GET", try FetchURL(parsing: url), mode: mode), server: open)
    }

    @Test("Loopback hosts as Is origin potentially trustworthy? lists them", arguments: [
        ("127.0.0.1", true), ("127.255.0.9", true), ("128.0.0.1", false), ("[::1]", true), ("[0:0:0:0:0:0:0:1]", true),
        ("[::2]", false), ("[::ffff:127.0.0.1]", false), ("localhost", true), ("LOCALHOST", true), ("localhost.", true),
        ("api.localhost", true), ("a.b.localhost.", true), ("localhost.example", false), ("notlocalhost", false),
        ("example.com", false), ("256.0.0.1", false), ("127.0.0", true), ("0x7f.1", true), ("2130706433", true),
        ("[0::1]", true),
    ])
    func loopbackHosts(_ host: String, _ loopback: Bool) {
        #expect(isLoopbackHost(host) == loopback)
    }

    @Test("An https page's fetch to a plain http URL is blocked before anything is sent, in every engine's words")
    func blockedOnTheFirstRequest() throws {
        let expected: [BrowserName: [String]] = [
            .chrome: ["Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but requested an insecure resource 'http://api.example.com/res'. This request has been blocked; the content must be served over HTTPS."],
            .firefox: ["Blocked loading mixed active content “http://api.example.com/res”"],
            .safari: ["[blocked] The page at https://app.example.com/ requested insecure content from http://api.example.com/res. This content was blocked and must be served over HTTPS.",
                      "Not allowed to request resource", "Fetch API cannot load http://api.example.com/res due to access control checks."],
        ]
        for (name, lines) in expected {
            for mode in [RequestMode.cors, .noCORS] {
                let o = try Self.fetch(name, "http://api.example.com/res", mode: mode)
                #expect(o.verdict == .blocked && !o.requestSent && o.preflightsSent.isEmpty, "\(name) \(mode)")
                #expect(o.failure?.reason == .mixedContent && o.failure?.phase == .beforeSend, "\(name)")
                #expect(o.console.map(\.text) == lines, "\(name)")
                #expect(o.scriptError == "TypeError: " + BrowserProfile.named(name).typeErrorMessage, "\(name)")
            }
        }
    }

    @Test("http loopback is trustworthy in Chromium, Gecko and the standard, not in WebKit", arguments: [
        "http://127.0.0.1:8080/res", "http://localhost/res", "http://api.localhost/res", "http://[::1]/res",
    ])
    func loopback(_ url: String) throws {
        for name in [BrowserName.chrome, .firefox, .spec] {
            // Not mixed content; Chrome and Firefox then ask for Local Network Access (LocalNetworkAccessTests).
            let o = try Self.fetch(name, url)
            #expect(o.verdict == .readable || o.failure?.reason == .localNetworkDenied, "\(name)")
        }
        #expect(try Self.fetch(.safari, url).failure?.reason == .mixedContent)
    }

    @Test("An http page is not restricted; https targets never are mixed content")
    func httpPages() throws {
        let http = try Origin(parsing: "http://app.example.com")
        for name in BrowserName.allCases {
            #expect(try Self.fetch(name, "http://api.example.com/res", page: http).verdict == .readable, "\(name)")
            #expect(try Self.fetch(name, "https://api.example.com/res").verdict == .readable, "\(name)")
        }
    }

    @Test("The standard restricts an http://localhost page too; the engines only https pages")
    func trustworthyHTTPPage() throws {
        let local = try Origin(parsing: "http://localhost:8000")
        #expect(try Self.fetch(.spec, "http://api.example.com/res", page: local).failure?.reason == .mixedContent)
        for name in [BrowserName.chrome, .firefox, .safari] {
            #expect(try Self.fetch(name, "http://api.example.com/res", page: local).verdict == .readable, "\(name)")
        }
    }

    @Test("An http page embedded in an https top-level page: Chromium and the standard look at the top")
    func embedded() throws {
        let http = try Origin(parsing: "http://widget.example.com")
        for (name, blocked) in [(BrowserName.chrome, true), (.spec, true), (.firefox, false), (.safari, false)] {
            let o = try Self.fetch(name, "http://api.example.com/res", page: http, topLevel: Self.https)
            #expect((o.failure?.reason == .mixedContent) == blocked, "\(name)")
        }
    }

    @Test("A redirect from https to http is blocked at the hop, after the first request")
    func redirectHop() throws {
        for name in BrowserName.allCases {
            let o = try Self.fetch(name, "https://api.example.com/hop")
            #expect(o.verdict == .blocked, "\(name)")
            #expect(o.failure?.reason == .mixedContent && o.failure?.phase == .redirect, "\(name)")
            #expect(o.requestsReceived.count == 1, "\(name)")
        }
        let chrome = try Self.fetch(.chrome, "https://api.example.com/hop")
        #expect(chrome.console.first?.text.contains("requested an insecure resource 'http://api.example.com/res'") == true)
    }

    @Test("The spec profile checks mixed content before the mode checks; the engines after")
    func orderAgainstSameOriginMode() throws {
        #expect(try Self.fetch(.spec, "http://api.example.com/res", mode: .sameOrigin).failure?.reason == .mixedContent)
        for name in [BrowserName.chrome, .firefox, .safari] {
            #expect(try Self.fetch(name, "http://api.example.com/res", mode: .sameOrigin).failure?.reason == .sameOriginMode,
                    "\(name)")
        }
    }
}

@Suite("Issue 14 quirks")
struct Issue14QuirkTests {
    static let page = try! Origin(parsing: "https://app.example.com")

    @Test("WebKit safelists Range with the unit in any case; the standard does not")
    func rangeUnit() {
        let upper = Header("Range", "BYTES=0-3")
        #expect(corsSafelistedRequestHeaderFailure(upper, rules: BrowserProfile.safari.requestHeaders) == nil)
        #expect(corsSafelistedRequestHeaderFailure(upper, rules: .standard) == .rangeForm)
        #expect(corsSafelistedRequestHeaderFailure(Header("Range", "bites=0-3"), rules: BrowserProfile.safari.requestHeaders) == .rangeForm)
    }

    @Test("Firefox counts bytes above 0x7F as unsafe in Accept and Content-Type")
    func nonASCII() {
        let accept = Header("Accept", "é")
        #expect(corsSafelistedRequestHeaderFailure(accept, rules: BrowserProfile.firefox.requestHeaders) == .unsafeByte(0xC3))
        #expect(corsSafelistedRequestHeaderFailure(accept, rules: BrowserProfile.chrome.requestHeaders) == nil)
    }

    @Test("Firefox lists a repeated unsafe header once per line in Access-Control-Request-Headers")
    func repeatedNames() throws {
        let server = ClosureServer { _ in
            WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", "*")])
        }
        let request = FetchRequest("GET", try FetchURL(parsing: "https://api.example.com/r"),
                                   headers: [("X-Foo", "1"), ("X-Bar", "2"), ("x-foo", "3")])
        for (name, acrh) in [(BrowserName.firefox, "x-bar,x-foo,x-foo"), (.chrome, "x-bar,x-foo"), (.safari, "x-bar,x-foo")] {
            var browser = Browser(.named(name), page: Self.page)
            let o = browser.fetch(request, server: server)
            #expect(o.preflightsSent.first?.headers.get("Access-Control-Request-Headers") == acrh, "\(name)")
        }
    }

    @Test("A preflight after a tainting redirect is never reused in Chromium and WebKit; Firefox reuses it")
    func taintedPreflight() throws {
        let server = ClosureServer { request in
            if request.url.host == "a.example.com", !request.isPreflight {
                return WireResponse(status: 307, headers: [("Access-Control-Allow-Origin", "*"),
                                                           ("Location", "https://b.example.com/final")])
            }
            return WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT"),
                                                       ("Access-Control-Max-Age", "60")])
        }
        let put = FetchRequest("PUT", try FetchURL(parsing: "https://a.example.com/start"))
        for (name, second) in [(BrowserName.chrome, 2), (.safari, 2), (.firefox, 1)] {
            var browser = Browser(.named(name), page: Self.page)
            let first = browser.fetch(put, server: server)
            let again = browser.fetch(put, server: server)
            #expect(first.verdict == .readable, "\(name)")
            // The hop to a.example.com is preflighted too (PUT), so count the preflights to b.
            let toB = again.preflightsSent.filter { $0.url.host == "b.example.com" }.count
            #expect(toB == (second == 2 ? 1 : 0), "\(name): \(toB) preflights to b on the second fetch")
        }
    }
}

@Suite("only-if-cached and the HTTP cache")
struct OnlyIfCachedTests {
    static let page = try! Origin(parsing: "https://app.example.com")

    @Test("only-if-cached answers from the HTTP cache without a request; a miss fails except in WebKit")
    func hitAndMiss() throws {
        var served = 0
        let server = ClosureServer { _ in
            served += 1
            return WireResponse(status: 200, headers: [("Cache-Control", "max-age=600")], body: "ok")
        }
        let url = try FetchURL(parsing: "https://app.example.com/r")
        let cached = FetchRequest("GET", url, mode: .sameOrigin, cache: .onlyIfCached)
        for (name, missSends) in [(BrowserName.chrome, false), (.firefox, false), (.safari, true), (.spec, false)] {
            served = 0
            var browser = Browser(.named(name), page: Self.page)
            let miss = browser.fetch(cached, server: server)
            #expect(miss.requestSent == missSends && (miss.verdict == .readable) == missSends, "\(name)")
            if !missSends { #expect(miss.failure?.reason == .onlyIfCachedMiss, "\(name)") }
            _ = browser.fetch(FetchRequest("GET", url), server: server)
            let hit = browser.fetch(cached, server: server)
            #expect(hit.verdict == .readable && !hit.requestSent && hit.response?.status == 200, "\(name)")
            // WebKit stored what its missed only-if-cached fetched, so the default fetch is a hit there too.
            #expect(served == 1, "\(name)")
            // Default mode takes the fresh response too (Tests/CORSSimScenarioTests/HTTPCacheTests.swift has the rest).
            #expect(!browser.fetch(FetchRequest("GET", url), server: server).requestSent, "\(name)")
        }
    }
}
