import Testing
@testable import CORSSim
import CORSSimLive

private let page = "https://app.example"

private func browser(_ name: BrowserName) throws -> Browser {
    Browser(BrowserProfile.named(name), page: try Origin(parsing: page))
}

/// An API that allows any preflight for 60 s and answers `redirects[path]` with a 302 to that
/// Location, everything else with 200; both allow the page's origin.
private func api(redirects: [String: String] = [:]) -> ClosureServer {
    ClosureServer { req in
        var headers: HeaderList = [("Access-Control-Allow-Origin", page)]
        if req.isPreflight {
            headers.append("Access-Control-Allow-Methods", req.headers.get("Access-Control-Request-Method") ?? "")
            headers.append("Access-Control-Max-Age", "60")
            return WireResponse(status: 204, headers: headers)
        }
        if let location = redirects[req.url.path] {
            headers.append("Location", location)
            return WireResponse(status: 302, headers: headers)
        }
        return WireResponse(status: 200, headers: headers, body: "ok")
    }
}

private func put(_ url: String) throws -> FetchRequest { FetchRequest("PUT", try FetchURL(parsing: url)) }

/// What the URL parser changes in fetches: the URL sent, the preflight cache key, redirect targets,
/// and what can reach a request line.
@Suite("URLs in fetches")
struct URLFetchTests {

    // MARK: The preflight cache key

    @Test("/x/../res is /res and shares its preflight cache entry", arguments: BrowserName.allCases)
    func dotSegmentsShareTheCacheEntry(name: BrowserName) throws {
        var b = try browser(name)
        let server = api()
        let first = b.fetch(try put("https://api.example/res"), server: server)
        #expect(first.preflight == .sent)
        let second = b.fetch(try put("https://api.example/x/../res"), server: server)
        #expect(second.preflight == .cached)
        #expect(second.requestsReceived.map(\.url.requestTarget) == ["/res"])
    }

    // Recorded in Chromium 156, Firefox ESR 153, WebKitGTK 2.50.6 (issue 14): /res then /res#a is a miss.
    @Test("The preflight cache key includes the fragment: /res then /res#a is a miss", arguments: BrowserName.allCases)
    func theFragmentIsPartOfTheCacheKey(name: BrowserName) throws {
        var b = try browser(name)
        let server = api()
        _ = b.fetch(try put("https://api.example/res"), server: server)
        let withFragment = b.fetch(try put("https://api.example/res#a"), server: server)
        #expect(withFragment.preflight == .sent)
        // The wire never carries the fragment.
        #expect(withFragment.preflightsSent.map { $0.url.serialized(excludingFragment: true) } == ["https://api.example/res"])
        #expect(withFragment.preflightsSent.allSatisfy { $0.url.fragment == nil })
        #expect(withFragment.requestsReceived.allSatisfy { $0.url.fragment == nil && $0.url.requestTarget == "/res" })
        let again = b.fetch(try put("https://api.example/res#a"), server: server)
        #expect(again.preflight == .cached)
    }

    @Test("The cache key's URL is the serialization with the fragment")
    func cacheKeyURL() throws {
        #expect(PreflightCacheKey.url(for: try FetchURL(parsing: "https://API.example/a/./b?q#f")) == "https://api.example/a/b?q#f")
    }

    // MARK: Redirects

    @Test("A Location with a space is followed to its percent-encoded path", arguments: BrowserName.allCases)
    func locationWithASpace(name: BrowserName) throws {
        var b = try browser(name)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/start")),
                              server: api(redirects: ["/start": "/fin al"]))
        #expect(outcome.verdict == .readable)
        #expect(outcome.requestsReceived.map(\.url.requestTarget) == ["/start", "/fin%20al"])
    }

    @Test("A redirect resolves each Location form against the current URL",
          arguments: [
              ("/x", "https://api.example/x"), ("//other.example/p", "https://other.example/p"),
              ("?q=1", "https://api.example/dir/start?q=1"), ("../a", "https://api.example/a"),
              ("https:next", "https://api.example/dir/next"), ("b\\c", "https://api.example/dir/b/c"),
              ("https://0x5db8d822:443/", "https://93.184.216.34/"), ("  /trim\t\n  ", "https://api.example/trim"),
          ])
    func locationForms(location: String, target: String) throws {
        var b = try browser(.chrome)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/dir/start")),
                              server: api(redirects: ["/dir/start": location]))
        #expect(outcome.requestsReceived.last?.url.serialized() == target)
    }

    @Test("A Location without a fragment keeps the request's fragment (Fetch: location URL, step 4)")
    func locationInheritsTheFragment() throws {
        let url = try FetchURL(parsing: "https://api.example/a#frag")
        #expect(try url.locationURL("/b").serialized() == "https://api.example/b#frag")
        #expect(try url.locationURL("/b#own").serialized() == "https://api.example/b#own")
        #expect(try url.resolving("/b").serialized() == "https://api.example/b")
    }

    @Test("A Location whose host has a NUL, ESC, DEL or brackets is a network error",
          arguments: ["https://evil\u{0}.example/", "https://a\u{1B}b.example/", "https://a\u{7F}.example/",
                      "https://[evil.com]/", "//a%00b/", "https://a b/", "https://999.1.1.1/", "ws://api.example/",
                      "https://api.example:99999/"])
    func invalidLocation(location: String) throws {
        for name in BrowserName.allCases {
            var b = try browser(name)
            let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/start")),
                                  server: api(redirects: ["/start": location]))
            #expect(outcome.verdict == .blocked)
            #expect(outcome.failure?.reason == .redirectInvalidLocation)
            #expect(outcome.requestsReceived.count == 1)
        }
    }

    // MARK: Hosts

    @Test("IPv4 hosts in any number form are one origin",
          arguments: ["http://0x7f.1/", "http://127.1/", "http://0177.0.0.1/", "http://2130706433/", "http://127.0.0.1./",
                      "http://0x7F000001/", "http://%30x7f.1/"])
    func ipv4Forms(text: String) throws {
        let url = try FetchURL(parsing: text)
        #expect(url.host == "127.0.0.1")
        #expect(url.origin == (try Origin(parsing: "http://127.0.0.1")))
    }

    @Test("IPv6 hosts are compressed at the longest zero run and keep an embedded IPv4 as hex",
          arguments: [("https://[0:0:0:0:0:0:0:1]/", "[::1]"), ("https://[1:0:0:2:0:0:0:3]/", "[1:0:0:2::3]"),
                      ("https://[::ffff:192.168.0.1]/", "[::ffff:c0a8:1]"), ("https://[2001:DB8::1]:443/", "[2001:db8::1]")])
    func ipv6Forms(text: String, host: String) throws {
        let url = try FetchURL(parsing: text)
        #expect(url.host == host)
        #expect(url.port == nil)
    }

    @Test("An origin is parsed by the URL parser too", arguments: [("https://0x7f.1", "https://127.0.0.1"),
                                                              ("HTTPS://App.Example:443", "https://app.example")])
    func originForms(text: String, serialized: String) throws {
        #expect(try Origin(parsing: text).serialized == serialized)
    }

    // MARK: What reaches the wire

    static let hostileInputs = [
        "https://a.example/a b", "https://a.example/a\tb", "https://a.example/a\r\nX-Injected: 1", "https://a.example/\u{0}",
        "https://a.example/?q=a b#f g", "https://a.example/\u{7F}\u{1B}[2J", "https://a.example/ HTTP/1.1\r\nHost: x",
        "https://a.example/%0D%0A", "https://a.example/é?é", "https://a.example/\"<>`{}^'",
    ]

    @Test("A request target never holds a space, a C0 control or DEL", arguments: hostileInputs)
    func requestTargetIsEncoded(text: String) throws {
        let url = try FetchURL(parsing: text)
        #expect(url.requestTarget.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F })
        #expect(!url.requestTarget.contains("#"))
        let bytes = try HTTPExchange.serialize(WireRequest(method: "GET", url: url, headers: []),
                                               to: try LiveEndpoint(parsing: "http://127.0.0.1:9"))
        let requestLine = bytes.prefix { $0 != 0x0D }
        #expect(requestLine.filter { $0 == 0x20 }.count == 2)
        #expect(requestLine.allSatisfy { $0 >= 0x20 && $0 != 0x7F })
    }

    @Test("A URL built from parts percent-encodes its path, query and fragment")
    func memberwiseEncodes() {
        let url = FetchURL(scheme: "https", host: "a.example", path: "/a b\r\n", query: "x y", fragment: "f g")
        #expect(url.serialized() == "https://a.example/a%20b%0D%0A?x%20y#f%20g")
    }

    @Test("A live request whose path prefix holds a control character is not sent")
    func livePrefixChecked() throws {
        let wire = WireRequest(method: "GET", url: try FetchURL(parsing: "http://a.test/x"), headers: [])
        #expect(throws: LiveError.self) {
            try HTTPExchange.serialize(wire, to: LiveEndpoint(scheme: "http", host: "127.0.0.1", port: 9, pathPrefix: "/a\r\nb"))
        }
    }
}

extension URLFetchTests {
    // Recorded: Tests/Conformance/redirect-location-tab.cors (Firefox ESR 153 requests /fi%09nal).
    @Test("Firefox percent-encodes a tab inside a Location; the others remove it",
          arguments: [(BrowserName.chrome, "/fi"), (.firefox, "/fi%09"), (.safari, "/fi"), (.spec, "/fi")])
    func locationTab(name: BrowserName, prefix: String) throws {
        var b = try browser(name)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/start")),
                              server: api(redirects: ["/start": "/fi\tnal"]))
        #expect(outcome.requestsReceived.last?.url.requestTarget == prefix + "nal")
    }
}
