import Testing
@testable import CORSSim

private let page = "http://127.0.0.1:8801"

/// fetch() of a URL whose scheme is not HTTP(S): main fetch step 12 and scheme fetch
/// (https://fetch.spec.whatwg.org/#main-fetch, #scheme-fetch), per engine as recorded in
/// Tests/Conformance/scheme-*.cors.
@Suite("Scheme fetch")
struct SchemeFetchTests {
    /// A fetch of `url` against a server that fails the test if anything reaches it.
    private func fetch(_ browser: BrowserName, _ url: String, method: String = "GET", mode: RequestMode = .cors,
                       redirect: RedirectMode = .follow, headers: HeaderList = [], body: RequestBody? = nil) throws -> FetchOutcome {
        var b = Browser(BrowserProfile.named(browser), page: try Origin(parsing: page))
        let request = FetchRequest(method, try FetchURL(parsingAnyScheme: url), headers: headers, body: body, mode: mode,
                                   redirect: redirect)
        let outcome = b.fetch(request, server: ClosureServer { _ in
            Issue.record("a URL whose scheme is not HTTP(S) reached a server")
            return nil
        })
        #expect(!outcome.requestSent)
        #expect(outcome.preflightsSent.isEmpty)
        return outcome
    }

    @Test("A data: URL gives a basic 200 in every mode, method and header set, with no preflight",
          arguments: BrowserName.allCases, [RequestMode.cors, .noCORS, .sameOrigin])
    func dataURLEveryMode(browser: BrowserName, mode: RequestMode) throws {
        let method = mode == .noCORS ? "POST" : "PUT"
        let headers: HeaderList = mode == .noCORS ? [] : [("X-Foo", "1"), ("Content-Type", "application/json")]
        let o = try fetch(browser, "data:text/plain,hello", method: method, mode: mode, headers: headers, body: .text("{}"))
        #expect(o.verdict == .readable)
        #expect(o.response?.type == .basic)
        #expect(o.response?.status == 200)
        #expect(o.response?.statusText == "OK")
        #expect(o.response?.body == "hello")
        #expect(o.response?.url == "data:text/plain,hello")
        #expect(o.response?.headers.value(lowercased: "content-type") == "text/plain")
        #expect(o.console.isEmpty)
    }

    @Test("Firefox adds Content-Length to a data: response; the others give Content-Type only")
    func dataURLContentLength() throws {
        for browser in BrowserName.allCases {
            let o = try fetch(browser, "data:;base64,aGVsbG8=")
            #expect(o.response?.headers.value(lowercased: "content-length") == (browser == .firefox ? "5" : nil), "\(browser)")
            #expect(o.response?.body == "hello")
        }
    }

    @Test("Chrome moves the charset parameter last; the others keep the URL's order")
    func dataURLCharset() throws {
        let chrome = try fetch(.chrome, "data:TEXT/PLAIN;CHARSET=UTF-8;foo=bar,x")
        #expect(chrome.response?.headers.value(lowercased: "content-type") == "text/plain;foo=bar;charset=UTF-8")
        for browser in [BrowserName.firefox, .safari, .webkitgtk, .spec] {
            let o = try fetch(browser, "data:TEXT/PLAIN;CHARSET=UTF-8;foo=bar,x")
            #expect(o.response?.headers.value(lowercased: "content-type") == "text/plain;charset=UTF-8;foo=bar")
        }
    }

    @Test("HEAD of a data: URL has no body", arguments: BrowserName.allCases)
    func dataURLHead(browser: BrowserName) throws {
        let o = try fetch(browser, "data:,hello", method: "HEAD")
        #expect(o.verdict == .readable)
        #expect(o.response?.body == "")
    }

    @Test("A data: URL the processor refuses is a network error: no comma, bad base64", arguments: BrowserName.allCases)
    func invalidDataURL(browser: BrowserName) throws {
        for url in ["data:text/plain", "data:;base64,a", "data:;base64,aGVsbG8=x"] {
            let o = try fetch(browser, url)
            #expect(o.verdict == .blocked)
            #expect(o.failure?.reason == .invalidDataURL)
            // WebKit alone names the URL in its console (recorded: scheme-data-processor).
            if browser != .spec {
                let webKit = browser == .safari || browser == .webkitgtk
                #expect(o.console.map(\.text) == (webKit ? ["Fetch API cannot load \(url)."] : []))
            }
        }
    }

    @Test("WebKit refuses a no-cors data: fetch whose redirect mode is not follow; Chrome and Firefox read it")
    func dataURLNoCORSRedirectMode() throws {
        for browser in BrowserName.allCases {
            let o = try fetch(browser, "data:,x", mode: .noCORS, redirect: .manual)
            let webKit = browser == .safari || browser == .webkitgtk
            #expect(o.verdict == (webKit ? .blocked : .readable), "\(browser)")
            if webKit { #expect(o.failure?.reason == .noCORSRedirectMode) }
        }
    }

    @Test("about:blank: a network error in mode cors everywhere; Firefox resolves a no-cors fetch, opaque")
    func aboutBlank() throws {
        for browser in BrowserName.allCases {
            let cors = try fetch(browser, "about:blank")
            #expect(cors.verdict == .blocked)
            #expect(cors.failure?.reason == .unsupportedScheme)
            let noCORS = try fetch(browser, "about:blank", mode: .noCORS)
            #expect(noCORS.verdict == (browser == .firefox ? .opaque : .blocked), "\(browser)")
            let sameOrigin = try fetch(browser, "about:blank", mode: .sameOrigin)
            #expect(sameOrigin.failure?.reason == .sameOriginMode)
        }
        #expect(try fetch(.chrome, "about:blank").console.map(\.text)
                == ["Fetch API cannot load about:blank. URL scheme \"about\" is not supported."])
        #expect(try fetch(.firefox, "about:blank").console.map(\.text)
                == ["Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at about:blank. (Reason: CORS request not http)."])
        #expect(try fetch(.webkitgtk, "about:blank").console.map(\.text)
                == ["Cross origin requests are only supported for HTTP.", "Fetch API cannot load about:blank due to access control checks."])
    }

    @Test("A blob: URL of the page's origin is looked up and not found, silently; one of another origin is refused",
          arguments: BrowserName.allCases)
    func blobURLs(browser: BrowserName) throws {
        for mode in [RequestMode.cors, .noCORS, .sameOrigin] {
            let own = try fetch(browser, "blob:\(page)/00000000-0000-4000-8000-000000000000", mode: mode)
            #expect(own.failure?.reason == .unknownBlobURL)
            if browser != .spec { #expect(own.console.isEmpty) }
        }
        let other = try fetch(browser, "blob:http://localhost:8802/00000000-0000-4000-8000-000000000000")
        #expect(other.failure?.reason == .unsupportedScheme)
    }

    @Test("file:, ftp:, javascript:, ws: and unknown schemes fail in every mode, with each engine's words")
    func otherSchemes() throws {
        for url in ["file:///etc/hostname", "ftp://127.0.0.1/x", "javascript:1", "ws://127.0.0.1:8801/x", "foo:bar", "foo://127.0.0.1/x"] {
            for browser in BrowserName.allCases {
                for mode in [RequestMode.cors, .noCORS] {
                    let o = try fetch(browser, url, mode: mode)
                    #expect(o.verdict == .blocked, "\(browser) \(url) \(mode)")
                    // The standard's http://127.0.0.1 page is potentially trustworthy, so it blocks
                    // every URL that is not as mixed content first (main fetch step 7).
                    #expect(o.failure?.reason == (browser == .spec ? .mixedContent : .unsupportedScheme))
                }
            }
        }
        #expect(try fetch(.chrome, "file:///etc/hostname").console.map(\.text) == ["Not allowed to load local resource: file:///etc/hostname"])
        #expect(try fetch(.chrome, "foo:bar", mode: .noCORS).console.map(\.text)
                == ["Fetch API cannot load foo:bar. URL scheme \"foo\" is not supported."])
        #expect(try fetch(.firefox, "foo:bar", mode: .noCORS).console.isEmpty)
        #expect(try fetch(.firefox, "ws://127.0.0.1:8801/x").console.isEmpty)
        #expect(try fetch(.webkitgtk, "ftp://127.0.0.1/x", mode: .noCORS).console.map(\.text)
                == ["FTP URLs are disabled", "Fetch API cannot load ftp://127.0.0.1/x due to access control checks."])
    }

    @Test("WebKit refuses a no-cors file: URL as a local resource before its redirect mode; Chrome names the redirect mode")
    func fileNoCORSRedirectMode() throws {
        #expect(try fetch(.webkitgtk, "file:///x", mode: .noCORS, redirect: .manual).failure?.reason == .unsupportedScheme)
        #expect(try fetch(.chrome, "file:///x", mode: .noCORS, redirect: .manual).failure?.reason == .noCORSRedirectMode)
    }

    @Test("From an https page WebKit blocks a no-cors ftp: or foo: fetch as mixed content; data: and about:blank are trustworthy")
    func mixedContentFromHTTPSPage() throws {
        func run(_ browser: BrowserName, _ url: String, mode: RequestMode) throws -> FetchOutcome {
            var b = Browser(BrowserProfile.named(browser), page: try Origin(parsing: "https://app.example"))
            return b.fetch(FetchRequest("GET", try FetchURL(parsingAnyScheme: url), mode: mode), server: ClosureServer { _ in nil })
        }
        #expect(try run(.webkitgtk, "foo:bar", mode: .noCORS).failure?.reason == .mixedContent)
        #expect(try run(.webkitgtk, "ftp://127.0.0.1/x", mode: .noCORS).failure?.reason == .mixedContent)
        #expect(try run(.webkitgtk, "ftp://127.0.0.1/x", mode: .cors).failure?.reason == .unsupportedScheme)
        #expect(try run(.webkitgtk, "about:blank", mode: .noCORS).failure?.reason == .unsupportedScheme)
        #expect(try run(.webkitgtk, "data:,x", mode: .noCORS).verdict == .readable)
        #expect(try run(.chrome, "foo:bar", mode: .noCORS).failure?.reason == .unsupportedScheme)
        #expect(try run(.spec, "foo:bar", mode: .cors).failure?.reason == .mixedContent)
        #expect(try run(.spec, "blob:https://app.example/x", mode: .cors).failure?.reason == .unknownBlobURL)
    }

    @Test("The Request constructor's checks still come first: a forbidden method, a GET body, a no-cors PUT")
    func constructorChecksFirst() throws {
        #expect(try fetch(.chrome, "data:,x", method: "CONNECT").failure?.reason == .forbiddenMethod)
        #expect(try fetch(.firefox, "data:,x", method: "GET", body: .text("a")).failure?.reason == .bodyWithGetOrHead)
        #expect(try fetch(.webkitgtk, "data:,x", method: "PUT", mode: .noCORS).failure?.reason == .noCORSMethod)
    }
}

/// The fetch line takes any URL the URL Standard's parser accepts; pages and servers stay HTTP(S).
@Suite("Scheme fetch: the scenario format")
struct SchemeFetchFormatTests {
    private func fetchURL(_ line: String) throws -> FetchURL {
        let scenario = try ScenarioParser.parse("page http://127.0.0.1:8801\n\(line)\n", file: "test.cors")
        guard case .fetch(let fetch) = scenario.steps.last else { throw CancellationError() }
        return fetch.url
    }

    @Test("A fetch line takes data:, about:, blob:, file:, ftp:, javascript:, ws: and unknown schemes, serialized",
          arguments: [("data:text/plain,hello", "data:text/plain,hello"), ("DATA:,a b", "data:,a b"),
                      ("about:blank", "about:blank"), ("blob:http://127.0.0.1:8801/x", "blob:http://127.0.0.1:8801/x"),
                      ("file:///etc/hostname", "file:///etc/hostname"), ("FTP://127.0.0.1:21/x", "ftp://127.0.0.1/x"),
                      ("javascript:1", "javascript:1"), ("ws://127.0.0.1:80/x", "ws://127.0.0.1/x"), ("foo:bar", "foo:bar"),
                      ("foo://h/x#f", "foo://h/x#f"), ("data:,%00%1b", "data:,%00%1b")])
    func fetchLineTakesAnyScheme(_ written: String, _ serialized: String) throws {
        // A space ends the URL word, so the test writes "a b" percent-free only where it is the last word.
        let line = written.contains(" ") ? "fetch GET \(written.replacing(" ", with: "%20"))" : "fetch GET \(written)"
        let expected = written.contains(" ") ? serialized.replacing(" ", with: "%20") : serialized
        let url = try fetchURL(line)
        #expect(url.serialized() == expected)
        #expect(!url.isHTTPScheme)
    }

    @Test("An http(s) URL parsed for any scheme is the same value the http(s) parser gives")
    func httpURLSameEitherWay() throws {
        for text in ["https://API.example:443/a/../b?q#f", "http://127.1/x"] {
            #expect(try FetchURL(parsingAnyScheme: text) == FetchURL(parsing: text))
            #expect(try FetchURL(parsingAnyScheme: text).isHTTPScheme)
        }
    }

    @Test("A URL the standard refuses is still a located error in a fetch line")
    func refusedURL() {
        #expect(throws: ScenarioError.self) { try fetchURL("fetch GET data://test:test/,X") }
        #expect(throws: ScenarioError.self) { try fetchURL("fetch GET nothing-here") }
        #expect(throws: ScenarioError.self) { try fetchURL("fetch GET data:," + String(repeating: "a", count: FetchURL.maximumLength)) }
    }

    @Test("page and server lines stay http(s)")
    func pagesAndServersStayHTTP() {
        #expect(throws: ScenarioError.self) { try ScenarioParser.parse("page data:,x\n", file: "test.cors") }
        #expect(throws: ScenarioError.self) { try ScenarioParser.parse("page about:blank\n", file: "test.cors") }
        #expect(throws: ScenarioError.self) {
            try ScenarioParser.parse("page http://a.example\nserver blob:http://a.example/x\n  GET /\n    200\n", file: "test.cors")
        }
    }
}
