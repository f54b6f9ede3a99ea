import Testing
@testable import CORSSim

/// Engine differences recorded in real browsers (Tests/Conformance) and kept as profile data:
/// each test changes one input across the edge the recording found.
@Suite("Recorded engine quirks")
struct RecordedEngineQuirkTests {
    private static let page = "https://app.example"

    private static func fetch(_ browser: BrowserName, _ request: FetchRequest,
                              _ answer: @escaping @Sendable (WireRequest) -> WireResponse) throws -> FetchOutcome {
        var b = Browser(BrowserProfile.named(browser), page: try Origin(parsing: page))
        return b.fetch(request, server: ClosureServer(answer))
    }

    @Test("Which statuses with a Location are followed (WebKitGTK: every 3xx but 300 and 304-306)",
          arguments: [(301, true, true), (307, true, true), (300, false, false), (304, false, false),
                      (306, false, false), (309, false, true), (399, false, true), (200, false, false)])
    func redirectStatuses(status: Int, standard: Bool, webKitGTK: Bool) {
        #expect(RedirectStatuses.standard.isRedirect(status) == standard)
        #expect(RedirectStatuses.any3xxBut300And304To306.isRedirect(status) == webKitGTK)
    }

    @Test("A 399 with a Location is followed by WebKit (safari, webkitgtk) only", arguments: BrowserName.allCases)
    func status399(browser: BrowserName) throws {
        let outcome = try Self.fetch(browser, FetchRequest("GET", try FetchURL(parsing: "https://api.example/a"))) { req in
            req.url.path == "/a"
                ? WireResponse(status: 399, headers: [("Access-Control-Allow-Origin", "*"), ("Location", "/b")])
                : WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*")])
        }
        #expect(outcome.response?.status == ([.safari, .webkitgtk].contains(browser) ? 200 : 399))
    }

    @Test("Range bounds with a leading + are safelisted by WebKit only",
          arguments: [("bytes=+1-3", true), ("bytes=1-+3", true), ("bytes=+-3", false), ("bytes=++1-3", false), ("bytes=1-3", true)])
    func rangePlusSign(value: String, webKit: Bool) {
        #expect((parseSingleRangeHeaderValue(value, allowWhitespace: false, boundsAllowPlusSign: true) != nil) == webKit)
        #expect((parseSingleRangeHeaderValue(value, allowWhitespace: false) != nil) == (value == "bytes=1-3"))
    }

    @Test("Firefox keeps a * read before an invalid Expose-Headers item; the others ignore the list",
          arguments: [("*, X-A X-B", true), ("X-A X-B, *", false), ("X-A, *", true)])
    func exposeListFailure(value: String, firefoxExposesAll: Bool) throws {
        for browser in [BrowserName.chrome, .firefox, .safari, .webkitgtk] {
            let outcome = try Self.fetch(browser, FetchRequest("GET", try FetchURL(parsing: "https://api.example/a"))) { _ in
                WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", value), ("X-B", "2")])
            }
            let valid = !value.contains("X-A X-B")
            let exposed = outcome.response?.headers.get("X-B") != nil
            #expect(exposed == (valid || (browser == .firefox && firefoxExposesAll)), "\(browser) \(value)")
        }
    }

    @Test("Firefox counts only exactly spelled Access-Control-Allow-Origin lines as multiple")
    func firefoxCountsExactSpelling() throws {
        for (name, reason) in [("Access-Control-Allow-Origin", ReasonCode.multipleAllowOrigin), ("access-control-allow-origin", .allowOriginMismatch)] {
            let outcome = try Self.fetch(.firefox, FetchRequest("GET", try FetchURL(parsing: "https://api.example/a"))) { _ in
                WireResponse(status: 200, headers: [(name, Self.page), (name, Self.page)])
            }
            #expect(outcome.failure?.reason == reason, "\(name)")
        }
    }

    @Test("redirect: 'error' meets a 307 without a Location: a network error in Firefox, the 307 elsewhere; 'manual' is opaque-redirect everywhere",
          arguments: BrowserName.allCases)
    func redirectModeWithoutLocation(browser: BrowserName) throws {
        let url = try FetchURL(parsing: "https://api.example/a")
        let answer: @Sendable (WireRequest) -> WireResponse = { _ in WireResponse(status: 307, headers: [("Access-Control-Allow-Origin", "*")]) }
        let error = try Self.fetch(browser, FetchRequest("GET", url, redirect: .error), answer)
        let ignores = BrowserProfile.named(browser).redirects.errorModeIgnoresRedirectWithoutLocation
        #expect(error.verdict == (ignores ? .readable : .blocked))
        #expect(ignores == [.chrome, .safari, .webkitgtk].contains(browser))
        let manual = try Self.fetch(browser, FetchRequest("GET", url, redirect: .manual), answer)
        #expect(manual.verdict == .opaqueRedirect)
    }

    @Test("A DELETE redirected to another origin becomes a GET in WebKit (safari, webkitgtk) only", arguments: BrowserName.allCases)
    func crossOriginDelete(browser: BrowserName) throws {
        for (target, crossOrigin) in [("https://other.example/b", true), ("https://api.example/b", false)] {
            let outcome = try Self.fetch(browser, FetchRequest("DELETE", try FetchURL(parsing: "https://api.example/a"))) { req in
                if req.isPreflight {
                    return WireResponse(status: 204, headers: [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "DELETE")])
                }
                return req.url.path == "/a"
                    ? WireResponse(status: 307, headers: [("Access-Control-Allow-Origin", "*"), ("Location", target)])
                    : WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*")])
            }
            let expected = [.safari, .webkitgtk].contains(browser) && crossOrigin ? "GET" : "DELETE"
            #expect(outcome.requestsReceived.map(\.method) == ["DELETE", expected], "\(target)")
        }
    }

    @Test("Safari prints header names WebKit knows in its spelling, others as written",
          arguments: [("content-type", "Content-Type"), ("ACCEPT", "Accept"), ("x-foo", "x-foo"), ("X-Foo", "X-Foo")])
    func webKitSpelling(name: String, printed: String) {
        #expect(ConsoleText.webKitHeaderNameSpelling(name) == printed)
    }
}
