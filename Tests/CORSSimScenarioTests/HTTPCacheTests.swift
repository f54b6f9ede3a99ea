import Testing
import CORSSimTestSupport
@testable import CORSSim
import CORSSimCommand

/// The browser HTTP cache (RFC 9111 as each engine applies it to fetch()), on the virtual clock.
@Suite("The HTTP cache")
struct HTTPCacheTests {
    static let page = try! Origin(parsing: "https://app.example.com")
    static let url = try! FetchURL(parsing: "https://api.example.com/data")

    /// A server that counts requests and answers with the given headers (plus a reflected ACAO
    /// when `reflect`), or 304 to a conditional request when `answers304`.
    final class Counter: Server, @unchecked Sendable {
        var headers: [(String, String)]
        var status: Int
        var answers304 = false
        var reflect = true
        var received: [WireRequest] = []
        init(_ headers: [(String, String)], status: Int = 200) { self.headers = headers; self.status = status }
        func respond(to request: WireRequest) -> ServerReply {
            received.append(request)
            var list = HeaderList(headers.map { Header($0.0, $0.1) })
            if reflect, let origin = request.headers.get("Origin") { list.append(Header("Access-Control-Allow-Origin", origin)) }
            let conditional = request.headers.contains(lowercased: "if-none-match") || request.headers.contains(lowercased: "if-modified-since")
            if answers304 && conditional { return .response(WireResponse(status: 304, headers: list)) }
            return .response(WireResponse(status: status, headers: list, body: "ok"))
        }
    }

    static let engines: [BrowserName] = [.chrome, .firefox, .safari, .spec]

    @Test("Freshness decides a hit: max-age, Expires, heuristic 10 % of Date - Last-Modified, Age; s-maxage is for shared caches",
          arguments: [
        ([("Cache-Control", "max-age=600")], Int64(0), true),
        ([("Cache-Control", "max-age=600")], Int64(601_000), false),
        ([("Cache-Control", "max-age=600"), ("Age", "599")], Int64(2_000), false),
        ([("Cache-Control", "max-age=600"), ("Age", "590")], Int64(2_000), true),
        ([("Cache-Control", "s-maxage=600")], Int64(0), false),
        ([("Expires", "Thu, 01 Jan 2099 00:00:00 GMT")], Int64(0), true),
        ([("Expires", "Thu, 01 Jan 2015 00:00:00 GMT")], Int64(0), false),
        ([("Expires", "0")], Int64(0), false),
        // Last-Modified 10 days before the virtual epoch: fresh for one day.
        ([("Last-Modified", "Mon, 22 Dec 2025 00:00:00 GMT")], Int64(86_399_000), true),
        ([("Last-Modified", "Mon, 22 Dec 2025 00:00:00 GMT")], Int64(86_401_000), false),
        ([("Cache-Control", "max-age=600, no-store")], Int64(0), false),
        ([("Cache-Control", "no-cache, max-age=600")], Int64(0), false),
        ([], Int64(0), false),
    ] as [([(String, String)], Int64, Bool)])
    func freshness(_ headers: [(String, String)], _ after: Int64, _ hit: Bool) {
        for name in Self.engines {
            let server = Counter(headers)
            var browser = Browser(.named(name), page: Self.page)
            _ = browser.fetch(FetchRequest("GET", Self.url), server: server)
            browser.advance(milliseconds: after)
            let again = browser.fetch(FetchRequest("GET", Self.url), server: server)
            #expect(again.requestSent == !hit, "\(name) \(headers) after \(after) ms")
            #expect(again.verdict == .readable, "\(name)")
        }
    }

    @Test("HTTP dates parse in the three forms and against the virtual epoch")
    func httpDates() {
        #expect(HTTPCache.parseHTTPDate("Thu, 01 Jan 2026 00:00:00 GMT") == 0)
        #expect(HTTPCache.parseHTTPDate("Thursday, 01-Jan-26 00:00:10 GMT") == 10)
        #expect(HTTPCache.parseHTTPDate("Thu Jan  1 00:01:00 2026") == 60)
        #expect(HTTPCache.parseHTTPDate("Wed, 31 Dec 2025 23:59:59 GMT") == -1)
        #expect(HTTPCache.parseHTTPDate("0") == nil)
        #expect(HTTPCache.parseHTTPDate("Thu, 01 Jan 2026 25:00:00 GMT") == nil)
        #expect(HTTPCache.parseHTTPDate("") == nil)
    }

    @Test("A no-cors response stored without ACAO and without Vary: Origin fails a later cors fetch with nothing sent; Vary: Origin fetches again")
    func poisoning() {
        for vary in [false, true] {
            for name in Self.engines {
                let server = Counter([("Cache-Control", "max-age=600")] + (vary ? [("Vary", "Origin")] : []))
                var browser = Browser(.named(name), page: Self.page)
                let opaque = browser.fetch(FetchRequest("GET", Self.url, mode: .noCORS), server: server)
                #expect(opaque.verdict == .opaque)
                let cors = browser.fetch(FetchRequest("GET", Self.url), server: server)
                if vary {
                    #expect(cors.verdict == .readable && cors.requestSent, "\(name)")
                    #expect(cors.events.contains { if case .httpCache(.miss(_, .varyMismatch(name: "origin", stored: nil, sent: _))) = $0 { return true } else { return false } })
                } else {
                    #expect(cors.verdict == .blocked && !cors.requestSent, "\(name)")
                    #expect(cors.failure?.reason == .missingAllowOrigin)
                    #expect(server.received.count == 1)
                }
            }
        }
    }

    @Test("Revalidation: a stale or no-cache response with a validator sends a conditional request; a 304 serves the stored body with updated headers")
    func revalidation() {
        for (validator, conditional) in [(("ETag", "\"v1\""), "if-none-match"), (("Last-Modified", "Wed, 01 Jan 2020 00:00:00 GMT"), "if-modified-since")] {
            for name in Self.engines {
                let server = Counter([("Cache-Control", "no-cache"), validator])
                server.answers304 = true
                var browser = Browser(.named(name), page: Self.page)
                _ = browser.fetch(FetchRequest("GET", Self.url), server: server)
                server.headers = [validator, ("X-Later", "1")]
                let again = browser.fetch(FetchRequest("GET", Self.url), server: server)
                #expect(server.received.count == 2 && server.received[1].headers.value(lowercased: conditional) == validator.1, "\(name)")
                #expect(again.verdict == .readable && again.response?.status == 200 && again.response?.body == "ok", "\(name)")
                #expect(again.events.contains(.httpCache(.revalidated(url: Self.url))), "\(name)")
            }
        }
    }

    @Test("Cache modes: reload and no-store skip the lookup, no-cache revalidates, force-cache takes a stale response, no-store stores nothing")
    func modes() {
        for name in Self.engines {
            let server = Counter([("Cache-Control", "max-age=1"), ("ETag", "\"e\"")])
            var browser = Browser(.named(name), page: Self.page)
            let first = browser.fetch(FetchRequest("GET", Self.url, cache: .noStore), server: server)
            #expect(first.requestsReceived[0].headers.get("Pragma") == "no-cache" && first.requestsReceived[0].headers.get("Cache-Control") == "no-cache")
            #expect(browser.fetch(FetchRequest("GET", Self.url), server: server).requestSent, "no-store stored nothing: \(name)")
            #expect(browser.fetch(FetchRequest("GET", Self.url, cache: .reload), server: server).requestSent)
            #expect(!browser.fetch(FetchRequest("GET", Self.url), server: server).requestSent)
            let noCache = browser.fetch(FetchRequest("GET", Self.url, cache: .noCache), server: server)
            #expect(noCache.requestsReceived.first?.headers.get("If-None-Match") == "\"e\"")
            #expect(noCache.requestsReceived.first?.headers.get("Cache-Control") == "max-age=0")
            browser.advance(milliseconds: 5_000)
            #expect(!browser.fetch(FetchRequest("GET", Self.url, cache: .forceCache), server: server).requestSent, "\(name)")
            #expect(browser.fetch(FetchRequest("GET", Self.url), server: server).requestSent, "stale by default: \(name)")
        }
    }

    @Test("Partitioning: Chromium and Gecko key by top-level site; the recorded WebKitGTK does not")
    func partitions() throws {
        for (name, partitioned) in [(BrowserName.chrome, true), (.firefox, true), (.safari, false)] {
            let server = Counter([("Cache-Control", "max-age=600"), ("Access-Control-Allow-Origin", "*")])
            server.reflect = false
            var browser = Browser(.named(name), page: Self.page)
            _ = browser.fetch(FetchRequest("GET", Self.url), server: server)
            browser.navigate(to: try Origin(parsing: "https://other.example.org"))
            let other = browser.fetch(FetchRequest("GET", Self.url), server: server)
            #expect(other.requestSent == partitioned, "\(name)")
            browser.navigate(to: try Origin(parsing: "https://other.example.org"), topLevel: Self.page)
            // Chromium keys the frame's site too; Gecko keys a fetch from a third-party context
            // apart (thirdPartyFetchInKey), so only WebKit finds the first page's response.
            #expect(browser.fetch(FetchRequest("GET", Self.url), server: server).requestSent == (name != .safari),
                    "embedded under the first site: \(name)")
        }
    }

    @Test("Gecko's stored head leaves out empty and hop-by-hop fields; the other engines keep the response whole")
    func storedHeadPruning() {
        let response = WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", ""), ("Set-Cookie", "a=1"),
                                                           ("Keep-Alive", "timeout=5"), ("X-Kept", "1")])
        for name in [BrowserName.chrome, .firefox, .safari, .spec] {
            let stored = HTTPCache.stored(response, rules: BrowserProfile.named(name).httpCache)
            let names = stored.headers.map(\.name)
            #expect(names == (name == .firefox ? ["X-Kept"] : ["Access-Control-Allow-Origin", "Set-Cookie", "Keep-Alive", "X-Kept"]),
                    "\(name)")
        }
    }

    @Test("Gecko's POST removes the stored GET only under its own key: its credentials, not a third party's fetch, not a HEAD")
    func keyScopedInvalidation() throws {
        let rules = BrowserProfile.firefox.httpCache
        let url = try FetchURL(parsing: "http://127.0.0.1:8801/t")
        func entry(_ method: String, credentialed: Bool, thirdParty: Bool) -> HTTPCacheEntry {
            var e = HTTPCacheEntry(url: url, method: method, response: WireResponse(status: 200), responseTime: 0,
                                   varyValues: [], credentialed: credentialed, partition: "http://127.0.0.1")
            e.thirdPartyFetch = thirdParty
            return e
        }
        var cache = HTTPCache()
        let all = [entry("GET", credentialed: false, thirdParty: false), entry("GET", credentialed: true, thirdParty: false),
                   entry("GET", credentialed: false, thirdParty: true), entry("HEAD", credentialed: false, thirdParty: false)]
        for e in all { cache.store(e, rules: rules) }
        #expect(cache.count == 4)
        cache.apply([.invalidateKey(url: url, partition: "http://127.0.0.1", credentialed: false)], rules: rules)
        #expect(Set(cache.all) == Set(all.dropFirst()))
        cache.apply([.invalidate(url: url, partition: "http://127.0.0.1")], rules: rules)
        #expect(cache.count == 0, "the request-URL rule removes every entry of the URL in the partition")
    }

    @Test("Credentials: Gecko keys the cache on them, Chromium and WebKit do not")
    func credentials() {
        for (name, keyed) in [(BrowserName.chrome, false), (.firefox, true), (.safari, false)] {
            let server = Counter([("Cache-Control", "max-age=600"), ("Access-Control-Allow-Credentials", "true")])
            var browser = Browser(.named(name), page: Self.page)
            _ = browser.fetch(FetchRequest("GET", Self.url, credentials: .include), server: server)
            #expect(browser.fetch(FetchRequest("GET", Self.url, credentials: .omit), server: server).requestSent == keyed, "\(name)")
        }
    }

    /// Answers `/r` with the given status, `Location: /final` and headers, `/final` with a no-store
    /// 200, and counts the requests for `/r`.
    final class RedirectCounter: Server, @unchecked Sendable {
        let status: Int
        let headers: [(String, String)]
        var redirectRequests = 0
        init(_ status: Int, _ headers: [(String, String)]) { self.status = status; self.headers = headers }
        func respond(to request: WireRequest) -> ServerReply {
            var list = HeaderList(headers.map { Header($0.0, $0.1) })
            list.append(Header("Access-Control-Allow-Origin", "*"))
            if request.url.path == "/r" {
                redirectRequests += 1
                list.append(Header("Location", "/final"))
                return .response(WireResponse(status: status, headers: list))
            }
            return .response(WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*"), ("Cache-Control", "no-store")], body: "ok"))
        }
    }

    /// `/r` answers a 302 fresh for 600 s to `/final`, which has an ETag and no freshness; a
    /// conditional request is answered 304 at the paths in `notModifiedAt`.
    final class StaleTargetServer: Server, @unchecked Sendable {
        let notModifiedAt: Set<String>
        var received: [WireRequest] = []
        init(notModifiedAt: Set<String>) { self.notModifiedAt = notModifiedAt }
        func respond(to request: WireRequest) -> ServerReply {
            received.append(request)
            if request.headers.contains(lowercased: "if-none-match"), notModifiedAt.contains(request.url.path) {
                return .response(WireResponse(status: 304, headers: [("ETag", "\"v1\"")]))
            }
            if request.url.path == "/r" {
                return .response(WireResponse(status: 302, headers: [("Cache-Control", "max-age=600"), ("Location", "/final")]))
            }
            return .response(WireResponse(status: 200, headers: [("ETag", "\"v1\""), ("Content-Type", "text/plain")], body: "ok"))
        }
    }

    @Test("WebKit revalidates a cached redirect's stale target by sending the fetch's first request with the target's validators; a 304 answers with the stored target",
          arguments: [
        // The target answers the conditional request 304, or sends itself again.
        (Set(["/final"]), ["/r", "/final"], true),
        (Set<String>(), ["/r", "/final"], false),
        // The first URL itself answers 304: the stored target answers the fetch, at its own URL.
        (Set(["/r", "/final"]), ["/r"], true),
    ] as [(Set<String>, [String], Bool)])
    func staleTargetOfCachedRedirect(_ notModifiedAt: Set<String>, _ webkitPaths: [String], _ revalidated: Bool) throws {
        let page = try Origin(parsing: "https://api.example.com")
        let start = try FetchURL(parsing: "https://api.example.com/r")
        for (name, paths) in [(BrowserName.webkitgtk, webkitPaths), (.safari, webkitPaths), (.chrome, ["/final"])] {
            let server = StaleTargetServer(notModifiedAt: notModifiedAt)
            var browser = Browser(.named(name), page: page)
            _ = browser.fetch(FetchRequest("GET", start), server: server)
            browser.advance(milliseconds: 100)
            server.received = []
            let again = browser.fetch(FetchRequest("GET", start), server: server)
            #expect(server.received.map(\.url.path) == paths, "\(name)")
            #expect(server.received.allSatisfy { $0.headers.get("If-None-Match") == "\"v1\"" }, "\(name)")
            #expect(again.response?.status == 200 && again.response?.body == "ok", "\(name)")
            #expect(again.response?.url == "https://api.example.com/final" && again.response?.redirected == true, "\(name)")
            let wasRevalidated = again.events.contains { if case .httpCache(.revalidated) = $0 { true } else { false } }
            if name != .chrome { #expect(wasRevalidated == revalidated, "\(name)") }
        }
    }

    @Test("Gecko keeps a 303 only with a positive max-age or any Expires, and without no-cache (Pragma only without Cache-Control); Chromium keeps every 303",
          arguments: [
        ([("Cache-Control", "max-age=600")], true),
        ([("Expires", "Thu, 01 Jan 1998 00:00:00 GMT")], true),
        ([("Expires", "0")], true),
        ([("Cache-Control", "max-age=0")], false),
        ([("Cache-Control", "max-age=600, no-cache")], false),
        ([("Expires", "Thu, 01 Jan 2099 00:00:00 GMT"), ("Pragma", "no-cache")], false),
        ([("Cache-Control", "max-age=600"), ("Pragma", "no-cache")], true),
        ([("Last-Modified", "Mon, 22 Dec 2025 00:00:00 GMT")], false),
        ([], false),
    ] as [([(String, String)], Bool)])
    func seeOtherNeedsExplicitFreshness(_ headers: [(String, String)], _ geckoKeeps: Bool) throws {
        let start = try FetchURL(parsing: "https://api.example.com/r")
        for (name, keeps) in [(BrowserName.firefox, geckoKeeps), (.chrome, true)] {
            let server = RedirectCounter(303, headers)
            var browser = Browser(.named(name), page: Self.page)
            _ = browser.fetch(FetchRequest("GET", start), server: server)
            browser.advance(milliseconds: 100)
            let again = browser.fetch(FetchRequest("GET", start, cache: .forceCache), server: server)
            #expect(again.verdict == .readable, "\(name) \(headers)")
            #expect(server.redirectRequests == (keeps ? 1 : 2), "\(name) \(headers)")
        }
    }

    @Test("Gecko drops a redirect it refuses for its own Location or Cross-Origin-Resource-Policy from its cache; Chromium keeps it",
          arguments: [
        (302, [], "http://[bad", RequestMode.cors),
        (301, [("Cross-Origin-Resource-Policy", "same-origin")], "/final", RequestMode.noCORS),
    ] as [(Int, [(String, String)], String, RequestMode)])
    func refusedRedirectDropped(_ status: Int, _ extra: [(String, String)], _ location: String, _ mode: RequestMode) throws {
        for (name, keeps) in [(BrowserName.firefox, false), (.chrome, true)] {
            let server = Counter(extra + [("Cache-Control", "max-age=600"), ("Location", location)], status: status)
            var browser = Browser(.named(name), page: Self.page)
            let first = browser.fetch(FetchRequest("GET", Self.url, mode: mode), server: server)
            #expect(first.verdict != .readable, "\(name) \(status)")
            let again = browser.fetch(FetchRequest("GET", Self.url, mode: mode, cache: .forceCache), server: server)
            #expect(again.requestSent == !keeps, "\(name) \(status)")
            #expect(again.verdict != .readable, "\(name) \(status)")
        }
    }

    @Test("A HEAD response is stored only in Gecko, and answers only a later HEAD: a GET is sent")
    func headResponses() {
        for (name, stores) in [(BrowserName.chrome, false), (.firefox, true), (.safari, false), (.spec, false)] {
            let server = Counter([("Cache-Control", "max-age=600")])
            var browser = Browser(.named(name), page: Self.page)
            _ = browser.fetch(FetchRequest("HEAD", Self.url), server: server)
            #expect(browser.fetch(FetchRequest("HEAD", Self.url), server: server).requestSent == !stores, "\(name)")
            #expect(browser.fetch(FetchRequest("GET", Self.url), server: server).requestSent, "\(name)")
        }
    }

    @Test("Vary: * never matches; an unsafe method invalidates the stored response")
    func varyStarAndInvalidation() {
        for name in Self.engines {
            let star = Counter([("Cache-Control", "max-age=600"), ("Vary", "*")])
            var browser = Browser(.named(name), page: Self.page)
            _ = browser.fetch(FetchRequest("GET", Self.url), server: star)
            #expect(browser.fetch(FetchRequest("GET", Self.url), server: star).requestSent)
            let plain = Counter([("Cache-Control", "max-age=600")])
            var b2 = Browser(.named(name), page: Self.page)
            _ = b2.fetch(FetchRequest("GET", Self.url), server: plain)
            _ = b2.fetch(FetchRequest("POST", Self.url), server: plain)
            #expect(b2.fetch(FetchRequest("GET", Self.url), server: plain).requestSent, "\(name)")
        }
    }
}

/// The shared cache in front of a mock server (`server ORIGIN via cdn`), RFC 9111 shared-cache rules.
@Suite("The CDN (shared cache)")
struct SharedCacheTests {
    static let url = try! FetchURL(parsing: "https://api.example.com/data")

    func exchange(_ cdn: SharedCache, _ headers: [(String, String)], request: [(String, String)] = [],
                  method: String = "GET") -> (hit: Bool, forwarded: Int) {
        var forwarded = 0
        let reply = cdn.respond(to: WireRequest(method: method, url: Self.url, headers: HeaderList(request.map { Header($0.0, $0.1) }))) { _ in
            forwarded += 1
            return .response(WireResponse(status: 200, headers: HeaderList(headers.map { Header($0.0, $0.1) })))
        }
        guard case .response(let r) = reply else { return (false, forwarded) }
        return (r.headers.get("X-Cache") == "HIT", forwarded)
    }

    /// WebKit's NetworkCache makeStoreDecision (recorded: Tests/Conformance
    /// http-cache-force-cache-store-decision, http-cache-redirect-from-cache, -permanent): a response
    /// needs a validator or a positive lifetime (no-cache cancels it); a status outside the
    /// cacheable-by-default list only with a valid Expires or a max-age; never a 308 or a 500.
    /// Chromium stores every one of them.
    @Test("Which responses WebKit stores for a later force-cache request, and Chromium stores all", arguments: [
        (200, [("Expires", "Thu, 01 Jan 2015 00:00:00 GMT")], false),
        (200, [("Expires", "Thu, 01 Jan 2015 00:00:00 GMT"), ("ETag", "\"v1\"")], true),
        (200, [("Expires", "0"), ("Last-Modified", "Thu, 01 Jan 2015 00:00:00 GMT")], true),
        (200, [("Cache-Control", "max-age=0")], false),
        (200, [("Cache-Control", "max-age=0"), ("Last-Modified", "Thu, 01 Jan 2015 00:00:00 GMT")], true),
        (200, [("Cache-Control", "no-cache, max-age=600")], false),
        (200, [("Cache-Control", "no-cache"), ("ETag", "\"v1\"")], true),
        (200, [("Cache-Control", "max-age=600, no-cache=\"X-A\"")], true),
        (403, [("Cache-Control", "max-age=600")], true),
        (403, [("Expires", "Thu, 01 Jan 2015 00:00:00 GMT")], false),
        (403, [("ETag", "\"v1\"")], false),
        (500, [("Cache-Control", "max-age=600")], false),
        (302, [("Location", "/t"), ("Expires", "Fri, 01 Jan 2100 00:00:00 GMT")], true),
        (302, [("Location", "/t")], false),
        (308, [("Location", "/t"), ("Cache-Control", "max-age=600")], false),
        (301, [("Location", "/t")], true),
        (404, [("Expires", "Thu, 01 Jan 2015 00:00:00 GMT"), ("ETag", "\"v1\"")], true),
    ] as [(Int, [(String, String)], Bool)])
    func webKitStoreDecision(_ status: Int, _ headers: [(String, String)], _ webKitStores: Bool) {
        let response = WireResponse(status: status, headers: HeaderList(headers.map { Header($0.0, $0.1) }), body: "ok")
        let safari = HTTPCache.storability(method: "GET", response: response, requestCache: .default,
                                           rules: BrowserProfile.safari.httpCache, receivedAt: 0,
                                           requestURLHasFragment: false, redirected: false, redirectsSoFar: 0)
        #expect((safari == nil) == webKitStores, "\(status) \(headers): \(String(describing: safari))")
        let chrome = HTTPCache.storability(method: "GET", response: response, requestCache: .default,
                                           rules: BrowserProfile.chrome.httpCache, receivedAt: 0,
                                           requestURLHasFragment: false, redirected: false, redirectsSoFar: 0)
        #expect(chrome == nil, "\(status) \(headers)")
    }

    @Test("What a shared cache stores and reuses", arguments: [
        ([("Cache-Control", "s-maxage=60")], [(String, String)](), true),
        ([("Cache-Control", "max-age=60")], [], true),
        ([("Cache-Control", "max-age=0, s-maxage=60")], [], true),
        ([("Cache-Control", "s-maxage=0, max-age=60")], [], false),
        ([("Cache-Control", "private, max-age=60")], [], false),
        ([("Cache-Control", "no-store, s-maxage=60")], [], false),
        ([("Cache-Control", "max-age=60")], [("Authorization", "Bearer x")], false),
        ([("Cache-Control", "public, max-age=60")], [("Authorization", "Bearer x")], true),
        ([("Cache-Control", "s-maxage=60"), ("Vary", "*")], [], false),
        ([], [], false),
    ] as [([(String, String)], [(String, String)], Bool)])
    func storesAndReuses(_ response: [(String, String)], _ request: [(String, String)], _ reused: Bool) {
        let cdn = SharedCache()
        #expect(exchange(cdn, response, request: request).hit == false)
        let second = exchange(cdn, response, request: request)
        #expect(second.hit == reused && second.forwarded == (reused ? 0 : 1), "\(response) \(request)")
    }

    @Test("The CDN's copy expires on the virtual clock; Vary: Origin keeps a copy per origin; a request's no-cache goes to the origin")
    func expiryVaryAndBypass() {
        let cdn = SharedCache()
        _ = exchange(cdn, [("Cache-Control", "s-maxage=60"), ("Vary", "Origin")], request: [("Origin", "https://a.example")])
        #expect(exchange(cdn, [], request: [("Origin", "https://a.example")]).hit)
        #expect(!exchange(cdn, [], request: [("Origin", "https://b.example")]).hit)
        #expect(!exchange(cdn, [], request: [("Origin", "https://a.example"), ("Cache-Control", "no-cache")]).hit)
        cdn.now = 61_000
        #expect(!exchange(cdn, [], request: [("Origin", "https://a.example")]).hit)
    }

    @Test("Scenario syntax: server ORIGIN via cdn, expect cdn hit|miss, from-cache, revalidated; mistakes name line and column")
    func syntax() throws {
        let text = """
        page https://app.example.com
        server https://api.example.com via cdn
          GET /x
            200
            Cache-Control: s-maxage=60
        fetch GET https://api.example.com/x
          expect cdn miss
          expect revalidated
        fetch GET https://api.example.com/x
          expect cdn hit
          expect from-cache
        """
        let scenario = try ScenarioParser.parse(data: Array(text.utf8), file: "t.cors")
        guard case .server(let s) = scenario.steps[1] else { Issue.record("no server step"); return }
        #expect(s.viaCDN && s.routes.count == 1)
        var results: [ExpectationResult] = []
        ScenarioRunner(browsers: [.chrome, .firefox]).run(scenario) { results += $0.checks }
        // cdn miss then cdn hit hold; revalidated and from-cache do not (max-age absent: the browser refetches).
        // Per fetch, per browser: cdn miss holds, revalidated does not; cdn hit holds, from-cache does not
        // (no max-age: the browser fetches again, and the CDN answers).
        #expect(results.map(\.passed) == [true, false, true, false, true, false, true, false])
        for bad in ["server https://a.example via proxy\n", "page https://a.example\nfetch GET https://a.example/\n  expect cdn maybe\n"] {
            #expect(throws: ScenarioError.self) { try ScenarioParser.parse(data: Array(bad.utf8), file: "bad.cors") }
        }
    }
}

/// The views show the HTTP cache: the stepper's panel and the HTML report's timeline.
@Suite("HTTP cache in the views")
struct HTTPCacheViewTests {
    static func run(_ file: String) throws -> RecordedRun {
        RecordedRun(try ScenarioParser.parse(data: try TestFiles.read(file), file: file), browsers: [.chrome, .safari])
    }

    @Test("The stepper shows an HTTP CACHE panel with freshness and Vary once something is stored")
    func stepperPanel() throws {
        let stepper = Stepper(try Self.run("Scenarios/26-browser-cache-and-vary-origin.cors"))
        let screens = stepper.pages.indices.map { stepper.screen($0, browser: 0, width: 120, color: false).joined(separator: "\n") }
        #expect(screens.contains { $0.contains("HTTP CACHE after") && $0.contains("3600 s more (max-age)") })
        #expect(screens.contains { $0.contains("origin=https://app.example.com") })
        #expect(screens.contains { $0.contains("HTTP cache: answered from the browser's cache") })
    }

    @Test("The HTML report has an HTTP cache timeline only when a reusable response was stored")
    func htmlTimeline() throws {
        let withCache = HTMLReport.document([try Self.run("Scenarios/26-browser-cache-and-vary-origin.cors")], layout: .run)
        #expect(withCache.contains("HTTP cache over time") && withCache.contains("Vary origin=https://app.example.com"))
        let without = HTMLReport.document([try Self.run("Scenarios/02-simple-get-allowed.cors")], layout: .run)
        #expect(!without.contains("HTTP cache over time"))
    }
}
