import Testing
@testable import CORSSim

private let page = "https://app.example"
private let resource = "https://api.example/res"

private func makeBrowser(_ name: BrowserName, seed: UInt64 = PreflightCache.defaultSeed) throws -> Browser {
    Browser(BrowserProfile.named(name), page: try Origin(parsing: page), seed: seed)
}

/// An API whose preflight allows the requested method and headers (echoing the request), with
/// `Access-Control-Max-Age` set as given; `credentials` adds Allow-Credentials on both responses.
/// A request whose body is "fail" gets an actual response without ACAO.
private struct API {
    var maxAge: String? = "60"
    var allowMethods: String?
    var allowHeaders: String?
    var credentials = false

    var server: ClosureServer {
        let config = self
        return ClosureServer { req in
            var headers: HeaderList = [("Access-Control-Allow-Origin", page)]
            if config.credentials { headers.append("Access-Control-Allow-Credentials", "true") }
            if req.isPreflight {
                let methods = config.allowMethods ?? req.headers.get("Access-Control-Request-Method")
                if let methods { headers.append("Access-Control-Allow-Methods", methods) }
                let names = config.allowHeaders ?? req.headers.get("Access-Control-Request-Headers")
                if let names { headers.append("Access-Control-Allow-Headers", names) }
                if let maxAge = config.maxAge { headers.append("Access-Control-Max-Age", maxAge) }
                return WireResponse(status: 204, headers: headers)
            }
            if req.body == "fail" { return WireResponse(status: 200, body: "no acao") }
            return WireResponse(status: 200, headers: headers, body: "ok")
        }
    }
}

private func put(_ headers: HeaderList = [], url: String = resource, credentials: CredentialsMode = .omit,
                 cache: CacheMode = .default, body: String? = nil, method: String = "PUT") throws -> FetchRequest {
    FetchRequest(method, try FetchURL(parsing: url), headers: headers, body: body.map(RequestBody.text),
                 credentials: credentials, cache: cache)
}

/// The CORS-preflight cache per browser (https://fetch.spec.whatwg.org/#cors-preflight-cache):
/// Max-Age parsing and caps, expiry, shape (merge or replace), credentials, invalidation, wildcards,
/// capacity, cache modes, restart and partitioning.
@Suite("Cache")
struct CacheTests {

    // MARK: Access-Control-Max-Age

    @Test("Chrome reads Max-Age as a 64-bit integer: default 5, negative is 0, capped at 7200",
          arguments: [
              (String?.none, MaxAgeDecision.cache(seconds: 5, asked: nil, capped: false, defaulted: true)),
              ("0", .cache(seconds: 0, asked: "0", capped: false, defaulted: false)),
              ("-1", .cache(seconds: 0, asked: "-1", capped: false, defaulted: false)),
              ("abc", .cache(seconds: 5, asked: "abc", capped: false, defaulted: true)),
              ("1.5", .cache(seconds: 5, asked: "1.5", capped: false, defaulted: true)),
              ("+5", .cache(seconds: 5, asked: "+5", capped: false, defaulted: false)),
              ("600", .cache(seconds: 600, asked: "600", capped: false, defaulted: false)),
              ("7200", .cache(seconds: 7200, asked: "7200", capped: false, defaulted: false)),
              ("7201", .cache(seconds: 7200, asked: "7201", capped: true, defaulted: false)),
              ("86400", .cache(seconds: 7200, asked: "86400", capped: true, defaulted: false)),
          ])
    func chromeMaxAge(value: String?, decision: MaxAgeDecision) {
        #expect(BrowserProfile.chrome.cache.maxAge(value) == decision)
    }

    @Test("Firefox caches only digits: 0, negatives and non-integers are not cached; capped at 86400",
          arguments: [
              (String?.none, MaxAgeDecision.cache(seconds: 5, asked: nil, capped: false, defaulted: true)),
              ("0", .doNotCache(asked: "0")),
              ("-1", .doNotCache(asked: "-1")),
              ("abc", .doNotCache(asked: "abc")),
              ("1.5", .doNotCache(asked: "1.5")),
              ("+5", .doNotCache(asked: "+5")),
              ("600", .cache(seconds: 600, asked: "600", capped: false, defaulted: false)),
              ("86400", .cache(seconds: 86400, asked: "86400", capped: false, defaulted: false)),
              ("86401", .cache(seconds: 86400, asked: "86401", capped: true, defaulted: false)),
              ("99999999999999999999999", .cache(seconds: 86400, asked: "99999999999999999999999", capped: true, defaulted: false)),
          ])
    func firefoxMaxAge(value: String?, decision: MaxAgeDecision) {
        #expect(BrowserProfile.firefox.cache.maxAge(value) == decision)
    }

    @Test("Safari reads a signed integer: default 5, zero or negative already expired, capped at 600",
          arguments: [
              (String?.none, MaxAgeDecision.cache(seconds: 5, asked: nil, capped: false, defaulted: true)),
              ("0", .cache(seconds: 0, asked: "0", capped: false, defaulted: false)),
              ("-1", .cache(seconds: -1, asked: "-1", capped: false, defaulted: false)),
              ("abc", .cache(seconds: 5, asked: "abc", capped: false, defaulted: true)),
              ("1.5", .cache(seconds: 5, asked: "1.5", capped: false, defaulted: true)),
              ("+5", .cache(seconds: 5, asked: "+5", capped: false, defaulted: false)),
              ("600", .cache(seconds: 600, asked: "600", capped: false, defaulted: false)),
              ("601", .cache(seconds: 600, asked: "601", capped: true, defaulted: false)),
              ("7200", .cache(seconds: 600, asked: "7200", capped: true, defaulted: false)),
          ])
    func safariMaxAge(value: String?, decision: MaxAgeDecision) {
        #expect(BrowserProfile.safari.cache.maxAge(value) == decision)
    }

    @Test("The standard reads delta-seconds: anything else is 5, and there is no cap",
          arguments: [
              (String?.none, MaxAgeDecision.cache(seconds: 5, asked: nil, capped: false, defaulted: true)),
              ("0", .cache(seconds: 0, asked: "0", capped: false, defaulted: false)),
              ("-1", .cache(seconds: 5, asked: "-1", capped: false, defaulted: true)),
              ("abc", .cache(seconds: 5, asked: "abc", capped: false, defaulted: true)),
              ("1.5", .cache(seconds: 5, asked: "1.5", capped: false, defaulted: true)),
              ("+5", .cache(seconds: 5, asked: "+5", capped: false, defaulted: true)),
              ("86401", .cache(seconds: 86401, asked: "86401", capped: false, defaulted: false)),
              ("31536000", .cache(seconds: 31_536_000, asked: "31536000", capped: false, defaulted: false)),
          ])
    func specMaxAge(value: String?, decision: MaxAgeDecision) {
        #expect(BrowserProfile.spec.cache.maxAge(value) == decision)
    }

    // MARK: Expiry, end to end

    // Recorded: oracle cache-maxage-absent-1s, -absent-6s, cache-maxage-2-after-1s, cache-maxage-invalid-abc.
    @Test("A cached preflight is used before it expires and not after",
          arguments: [
              (BrowserName.chrome, String?.none, Int64(1_000), true), (.chrome, nil, 6_000, false),
              (.firefox, nil, 1_000, true), (.firefox, nil, 6_000, false),
              (.safari, nil, 1_000, true), (.safari, nil, 6_000, false),
              (.spec, nil, 1_000, true), (.spec, nil, 6_000, false),
              (.chrome, "2", 1_000, true), (.firefox, "2", 1_000, true), (.safari, "2", 1_000, true),
              (.chrome, "abc", 1_000, true), (.firefox, "abc", 1_000, false), (.safari, "abc", 1_000, true),
              (.chrome, "7200", 7_199_999, true), (.chrome, "86400", 7_200_001, false),
              (.firefox, "86400", 86_399_999, true), (.firefox, "100000", 86_400_001, false),
              (.safari, "600", 599_999, true), (.safari, "7200", 600_001, false),
              (.spec, "100000", 99_999_999, true),
          ])
    func hitBeforeExpiryMissAfter(browser: BrowserName, maxAge: String?, wait: Int64, hit: Bool) throws {
        var b = try makeBrowser(browser)
        let api = API(maxAge: maxAge)
        let first = b.fetch(try put([("X-A", "1")]), server: api.server)
        #expect(first.preflight == .sent)
        #expect(first.verdict == .readable)
        b.advance(milliseconds: wait)
        let second = b.fetch(try put([("X-A", "2")]), server: api.server)
        #expect(second.preflight == (hit ? .cached : .sent))
        #expect(second.preflightsSent.count == (hit ? 0 : 1))
        #expect(second.verdict == .readable)
    }

    @Test("At exactly Max-Age: Chrome and Firefox miss, Safari still hits",
          arguments: [(BrowserName.chrome, false), (.firefox, false), (.safari, true), (.spec, false)])
    func exactlyAtExpiry(browser: BrowserName, hit: Bool) throws {
        var b = try makeBrowser(browser)
        let api = API(maxAge: "5")
        _ = b.fetch(try put([("X-A", "1")]), server: api.server)
        b.advance(milliseconds: 4_999)
        #expect(b.fetch(try put([("X-A", "1")]), server: api.server).preflight == .cached)
        b.advance(milliseconds: 1)
        #expect(b.fetch(try put([("X-A", "1")]), server: api.server).preflight == (hit ? .cached : .sent))
    }

    // WPT cors/preflight-cache.htm: max_age=0 and max_age=-1 are not cached. Facts: Chrome stores
    // 0 as already stale, Firefox does not cache, Safari's entry is expired "in effect"; the standard
    // reads -1 as a parse failure (5 s).
    @Test("Max-Age 0 or -1: a second request at the same instant preflights again (the standard caches -1 for 5 s)",
          arguments: [
              (BrowserName.chrome, "0", false), (.chrome, "-1", false),
              (.firefox, "0", false), (.firefox, "-1", false),
              (.safari, "0", false), (.safari, "-1", false),
              (.spec, "0", false), (.spec, "-1", true),
          ])
    func zeroOrNegativeMaxAge(browser: BrowserName, maxAge: String, hit: Bool) throws {
        var b = try makeBrowser(browser)
        let api = API(maxAge: maxAge)
        #expect(b.fetch(try put([("X-A", "1")]), server: api.server).preflight == .sent)
        #expect(b.fetch(try put([("X-A", "1")]), server: api.server).preflight == (hit ? .cached : .sent))
    }

    @Test("Firefox and the standard keep an expiry per token: a merged header outlives an older one",
          arguments: [BrowserName.firefox, .spec])
    func perTokenExpiry(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let api = API(maxAge: "10")
        _ = b.fetch(try put([("X-A", "1")]), server: api.server)
        b.advance(milliseconds: 5_000)
        #expect(b.fetch(try put([("X-B", "1")]), server: api.server).preflight == .sent)
        b.advance(milliseconds: 7_000)   // t = 12 s: x-a expired at 10 s, x-b and PUT (refreshed) at 15 s
        #expect(b.fetch(try put([("X-B", "1")]), server: api.server).preflight == .cached)
        #expect(b.fetch(try put([("X-A", "1")]), server: api.server).preflight == .sent)
    }

    /// Chrome erased the entry at the lookup; Firefox and the standard clear the URL's entries when
    /// the preflight fails (recorded: Tests/Conformance cache-uncovered-then-original); Safari stored
    /// the failed preflight's result, which still allows X-A.
    @Test("An entry that did not cover a request, then a failed preflight: only Safari still hits",
          arguments: [(BrowserName.chrome, false), (.firefox, false), (.safari, true), (.spec, false)])
    func missThenFailedPreflight(browser: BrowserName, thirdHits: Bool) throws {
        var b = try makeBrowser(browser)
        let api = API(allowHeaders: "x-a")
        #expect(b.fetch(try put([("X-A", "1")]), server: api.server).verdict == .readable)
        let denied = b.fetch(try put([("X-B", "1")]), server: api.server)
        #expect(denied.preflight == .sent)
        #expect(denied.failure?.reason == .headerNotAllowed)
        #expect(b.fetch(try put([("X-A", "1")]), server: api.server).preflight == (thirdHits ? .cached : .sent))
    }

    @Test("A hit does not refresh the expiry", arguments: BrowserName.allCases)
    func hitDoesNotRefresh(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let api = API(maxAge: "10")
        _ = b.fetch(try put([("X-A", "1")]), server: api.server)
        b.advance(milliseconds: 9_000)
        #expect(b.fetch(try put([("X-A", "1")]), server: api.server).preflight == .cached)
        b.advance(milliseconds: 2_000)
        #expect(b.fetch(try put([("X-A", "1")]), server: api.server).preflight == .sent)
    }

    // Recorded: oracle cache-custom-header-reuse (a different value of the same header hits).
    // WPT fetch/api/cors/cors-preflight-cache.any.js.
    @Test("A different value of the same header is a hit", arguments: BrowserName.allCases)
    func differentValueHits(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let api = API(maxAge: "12000")
        _ = b.fetch(try put([("X-Test-Header", "1")], method: "POST"), server: api.server)
        let second = b.fetch(try put([("X-Test-Header", "2")], method: "POST"), server: api.server)
        #expect(second.preflight == .cached)
    }

    // Recorded: oracle cache-method-then-extra-header.
    @Test("A cached entry that lacks a header the request now sends is a miss", arguments: BrowserName.allCases)
    func extraHeaderMisses(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let api = API()
        _ = b.fetch(try put(), server: api.server)
        let second = b.fetch(try put([("X-Extra", "1")]), server: api.server)
        #expect(second.preflight == .sent)
        #expect(second.preflightsSent.first?.headers.get("Access-Control-Request-Headers") == "x-extra")
    }

    // MARK: Shape: merge or replace

    @Test("X-A, then X-B, then X-A: Firefox and the standard merge (hit), Chrome and Safari replace (miss)",
          arguments: [(BrowserName.chrome, false), (.firefox, true), (.safari, false), (.spec, true)])
    func mergeVersusReplace(browser: BrowserName, thirdHits: Bool) throws {
        var b = try makeBrowser(browser)
        let api = API()
        let first = b.fetch(try put([("X-A", "1")]), server: api.server)
        #expect(first.preflight == .sent)
        let second = b.fetch(try put([("X-B", "1")]), server: api.server)
        #expect(second.preflight == .sent)
        #expect(second.preflightsSent.first?.headers.get("Access-Control-Request-Headers") == "x-b")
        let third = b.fetch(try put([("X-A", "1")]), server: api.server)
        #expect(third.preflight == (thirdHits ? .cached : .sent))
    }

    // MARK: Credentials

    // Recorded: oracle cache-cred-include-then-omit.
    @Test("A credentialed entry serves a later omit request in Chrome and Safari; Firefox preflights again",
          arguments: [(BrowserName.chrome, true), (.firefox, false), (.safari, true), (.spec, true)])
    func credentialedEntryServesOmit(browser: BrowserName, hit: Bool) throws {
        var b = try makeBrowser(browser)
        let api = API(credentials: true)
        let first = b.fetch(try put(credentials: .include), server: api.server)
        #expect(first.verdict == .readable)
        let second = b.fetch(try put(credentials: .omit), server: api.server)
        #expect(second.preflight == (hit ? .cached : .sent))
        #expect(second.verdict == .readable)
    }

    // Recorded: oracle cache-cred-include-twice.
    @Test("A credentialed entry serves the next credentialed request", arguments: BrowserName.allCases)
    func credentialedEntryServesInclude(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let api = API(credentials: true)
        _ = b.fetch(try put(credentials: .include), server: api.server)
        #expect(b.fetch(try put(credentials: .include), server: api.server).preflight == .cached)
    }

    @Test("A non-credentialed entry never serves an include request", arguments: BrowserName.allCases)
    func uncredentialedEntryNeverServesInclude(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let api = API(credentials: true)
        _ = b.fetch(try put(credentials: .omit), server: api.server)
        let second = b.fetch(try put(credentials: .include), server: api.server)
        #expect(second.preflight == .sent)
        #expect(second.verdict == .readable)
    }

    // MARK: Invalidation after a failed actual response

    // Recorded: oracle cache-actual-fail-then-next.
    @Test("After the actual response fails the CORS check, Firefox drops the entry; Chrome and Safari keep it",
          arguments: [(BrowserName.chrome, true), (.firefox, false), (.safari, true), (.spec, false)])
    func actualFailureInvalidates(browser: BrowserName, stillCached: Bool) throws {
        var b = try makeBrowser(browser)
        let api = API()
        let first = b.fetch(try put(body: "1"), server: api.server)
        #expect(first.verdict == .readable)
        let failing = b.fetch(try put(body: "fail"), server: api.server)
        #expect(failing.preflight == .cached)
        #expect(failing.failure?.reason == .missingAllowOrigin)
        let third = b.fetch(try put(body: "3"), server: api.server)
        #expect(third.preflight == (stillCached ? .cached : .sent))
        #expect(third.verdict == .readable)
    }

    // MARK: A preflight that failed the method check

    @Test("Safari caches a preflight that failed only the method check; Chrome and Firefox do not",
          arguments: [(BrowserName.chrome, false), (.firefox, false), (.safari, true), (.spec, false)])
    func failedMethodCheckCached(browser: BrowserName, cached: Bool) throws {
        var b = try makeBrowser(browser)
        let api = API(allowMethods: "DELETE")
        let first = b.fetch(try put(), server: api.server)
        #expect(first.failure?.reason == .methodNotAllowed)
        let second = b.fetch(try put(method: "DELETE"), server: api.server)
        #expect(second.preflight == (cached ? .cached : .sent))
        #expect(second.verdict == .readable)
    }

    // MARK: A cached `*`

    @Test("A cached * for methods and headers: Firefox never hits, Chrome, Safari and the standard do",
          arguments: [(BrowserName.chrome, true), (.firefox, false), (.safari, true), (.spec, true)])
    func cachedWildcard(browser: BrowserName, hit: Bool) throws {
        var b = try makeBrowser(browser)
        let api = API(allowMethods: "*", allowHeaders: "*")
        let first = b.fetch(try put([("X-A", "1")]), server: api.server)
        #expect(first.verdict == .readable)
        let second = b.fetch(try put([("X-A", "1")]), server: api.server)
        #expect(second.preflight == (hit ? .cached : .sent))
        #expect(second.verdict == .readable)
    }

    @Test("A cached Allow-Headers * and Authorization: Chrome and Firefox preflight again, Safari hits",
          arguments: [(BrowserName.chrome, false), (.firefox, false), (.safari, true)])
    func cachedWildcardAuthorization(browser: BrowserName, hit: Bool) throws {
        var b = try makeBrowser(browser)
        let api = API(allowHeaders: "*")
        let first = b.fetch(try put([("Authorization", "Bearer t")], method: "GET"), server: api.server)
        #expect(first.verdict == .readable)
        let second = b.fetch(try put([("Authorization", "Bearer t")], method: "GET"), server: api.server)
        #expect(second.preflight == (hit ? .cached : .sent))
        #expect(second.verdict == .readable)
    }

    // MARK: Capacity

    private static func key(_ i: Int, credentials: Bool? = nil) -> PreflightCacheKey {
        PreflightCacheKey(partition: "https://app.example", origin: page, url: "https://api.example/r\(i)",
                          credentials: credentials)
    }

    private static let entry = PreflightResult(methods: ["PUT"], headerNames: [], credentials: false)

    /// Firefox's least-recently-used list keeps one live record per entry: looking up one entry
    /// again and again must not grow it (it did, and every lookup then copied the whole list).
    @Test func repeatedLookupsOfOneEntryKeepTheRecencyListBounded() throws {
        guard case .merging(let eviction) = BrowserProfile.firefox.cache.shape else {
            Issue.record("Firefox's preflight cache merges")
            return
        }
        var cache = MergingPreflightCache(rules: BrowserProfile.firefox.cache, eviction: eviction)
        _ = cache.store(Self.entry, key: Self.key(0), expiry: 60_000, now: 0)
        _ = cache.store(Self.entry, key: Self.key(1), expiry: 60_000, now: 0)
        for _ in 0..<10_000 {
            let query = PreflightCacheQuery(key: Self.key(0), method: "PUT", headerNames: [], includeCredentials: false)
            guard case .hit = cache.lookup(query, now: 1) else {
                Issue.record("the stored entry answers")
                return
            }
        }
        #expect(cache.recencyRecords <= 65)
        // The least recently used entry is still the one not looked up: filling the cache past its
        // capacity evicts entry 1 and keeps entry 0.
        guard case .expiredThenLeastRecentlyUsed(let capacity) = eviction else {
            Issue.record("Firefox evicts expired entries, then the least recently used")
            return
        }
        for i in 2...capacity { _ = cache.store(Self.entry, key: Self.key(i), expiry: 60_000, now: 2) }
        let probe = { (i: Int) in PreflightCacheQuery(key: Self.key(i), method: "PUT", headerNames: [], includeCredentials: false) }
        guard case .miss = cache.lookup(probe(1), now: 3) else {
            Issue.record("entry 1, the least recently used, is evicted")
            return
        }
        guard case .hit = cache.lookup(probe(0), now: 3) else {
            Issue.record("entry 0, looked up 10,000 times, stays")
            return
        }
    }

    private static func fillChrome(seed: UInt64) -> (cache: PreflightCache, last: PreflightCacheStore) {
        var cache = PreflightCache(rules: BrowserProfile.chrome.cache, seed: seed)
        var last = PreflightCacheStore.notStored(.maxAge(""))
        for i in 0..<1025 {
            last = cache.store(entry, key: key(i), url: FetchURL(scheme: "https", host: "api.example", path: "/r\(i)"),
                               maxAgeSeconds: 60, now: 0)
        }
        return (cache, last)
    }

    @Test("Chrome holds 1024 entries; the 1025th erases a run of 10 and the count is then 1015")
    func chromeCapacity() throws {
        let (cache, last) = Self.fillChrome(seed: 42)
        #expect(cache.count == 1015)
        guard case .stored(_, let replaced, _, let evicted) = last else {
            Issue.record("the 1025th entry was not stored: \(last)")
            return
        }
        #expect(!replaced)
        #expect(evicted.count == 10)
        // The run is ten consecutive keys in key order, and the new entry is kept.
        let all = (0..<1024).map { Self.key($0) }.sorted()
        let start = try #require(all.firstIndex(of: evicted[0]))
        #expect(Array(all[start..<(start + 10)]) == evicted)
        #expect(cache.entries.contains { $0.key == Self.key(1024) })
        #expect(!cache.entries.contains { evicted.contains($0.key) })
    }

    @Test("Chrome's purge is the same on every run with the same seed")
    func chromeCapacityDeterministic() {
        let one = Self.fillChrome(seed: 7), two = Self.fillChrome(seed: 7)
        #expect(one.last == two.last)
        #expect(one.cache.entries.map(\.key) == two.cache.entries.map(\.key))
        let defaultOne = Self.fillChrome(seed: PreflightCache.defaultSeed)
        let defaultTwo = Self.fillChrome(seed: PreflightCache.defaultSeed)
        #expect(defaultOne.cache.entries.map(\.key) == defaultTwo.cache.entries.map(\.key))
    }

    @Test("Chrome never caches a URL of 1024 characters or more",
          arguments: [(1023, true), (1024, false), (2000, false)])
    func chromeLongURL(length: Int, stored: Bool) throws {
        let prefix = "https://api.example/"
        let url = try FetchURL(parsing: prefix + String(repeating: "a", count: length - prefix.count))
        #expect(url.serialized().count == length)
        var cache = PreflightCache(rules: BrowserProfile.chrome.cache)
        let key = PreflightCacheKey(partition: "https://app.example", origin: page, url: url.serialized(), credentials: nil)
        let result = cache.store(Self.entry, key: key, url: url, maxAgeSeconds: 60, now: 0)
        if stored {
            #expect(cache.count == 1)
        } else {
            #expect(result == .notStored(.urlTooLong(length: length, limit: 1024)))
            #expect(cache.count == 0)
        }

        // End to end: the second fetch preflights again when the URL is too long.
        var b = try makeBrowser(.chrome)
        _ = b.fetch(try put(url: url.serialized()), server: API().server)
        #expect(b.fetch(try put(url: url.serialized()), server: API().server).preflight == (stored ? .cached : .sent))
    }

    @Test("Firefox and Safari cache long URLs", arguments: [BrowserName.firefox, .safari])
    func otherBrowsersLongURL(browser: BrowserName) throws {
        let url = "https://api.example/" + String(repeating: "a", count: 2000)
        var b = try makeBrowser(browser)
        _ = b.fetch(try put(url: url), server: API().server)
        #expect(b.fetch(try put(url: url), server: API().server).preflight == .cached)
    }

    private static func firefoxStore(_ cache: inout PreflightCache, _ i: Int, maxAge: Int64 = 60, now: Int64 = 0) -> PreflightCacheStore {
        cache.store(entry, key: key(i, credentials: false),
                    url: FetchURL(scheme: "https", host: "api.example", path: "/r\(i)"), maxAgeSeconds: maxAge, now: now)
    }

    @Test("Firefox holds 100 entries and then evicts the least recently used")
    func firefoxLRU() {
        var cache = PreflightCache(rules: BrowserProfile.firefox.cache)
        for i in 0..<100 { _ = Self.firefoxStore(&cache, i, now: Int64(i)) }
        #expect(cache.count == 100)
        // Use r0, so r1 becomes the least recently used.
        let hit = cache.lookup(PreflightCacheQuery(key: Self.key(0, credentials: false), method: "PUT", headerNames: [],
                                                   includeCredentials: false), now: 200)
        #expect(hit == .hit(expiresAtMilliseconds: 60_000))
        let result = Self.firefoxStore(&cache, 100, now: 300)
        #expect(result == .stored(expiresAtMilliseconds: 60_300, replaced: false, merged: false,
                                  evicted: [Self.key(1, credentials: false)]))
        #expect(cache.count == 100)
        #expect(cache.entries.contains { $0.key == Self.key(0, credentials: false) })
    }

    @Test("Firefox purges expired entries first when full")
    func firefoxPurgesExpiredFirst() {
        var cache = PreflightCache(rules: BrowserProfile.firefox.cache)
        for i in 0..<100 { _ = Self.firefoxStore(&cache, i, maxAge: i == 50 || i == 70 ? 1 : 60) }
        let result = Self.firefoxStore(&cache, 100, now: 2_000)
        guard case .stored(_, _, _, let evicted) = result else {
            Issue.record("not stored: \(result)")
            return
        }
        #expect(Set(evicted) == [Self.key(50, credentials: false), Self.key(70, credentials: false)])
        #expect(cache.count == 99)
        // The least recently used live entry survives.
        #expect(cache.entries.contains { $0.key == Self.key(0, credentials: false) })
    }

    @Test("Safari's cache has no capacity")
    func safariUnbounded() {
        var cache = PreflightCache(rules: BrowserProfile.safari.cache)
        for i in 0..<1500 {
            _ = cache.store(Self.entry, key: Self.key(i), url: FetchURL(scheme: "https", host: "api.example", path: "/r\(i)"),
                            maxAgeSeconds: 60, now: 0)
        }
        #expect(cache.count == 1500)
    }

    // MARK: fetch()'s cache modes

    @Test("cache no-store: Chrome and Firefox skip the lookup; Safari does not",
          arguments: [(BrowserName.chrome, false), (.firefox, false), (.safari, true)])
    func noStoreSkipsLookup(browser: BrowserName, hit: Bool) throws {
        var b = try makeBrowser(browser)
        _ = b.fetch(try put(), server: API().server)
        #expect(b.fetch(try put(cache: .noStore), server: API().server).preflight == (hit ? .cached : .sent))
    }

    @Test("cache no-store: Chrome does not store the result; Firefox and Safari do",
          arguments: [(BrowserName.chrome, false), (.firefox, true), (.safari, true)])
    func noStoreStores(browser: BrowserName, stored: Bool) throws {
        var b = try makeBrowser(browser)
        let first = b.fetch(try put(cache: .noStore), server: API().server)
        #expect(first.preflight == .sent)
        #expect(b.fetch(try put(), server: API().server).preflight == (stored ? .cached : .sent))
    }

    @Test("cache reload skips the lookup in Chrome and Firefox but still stores",
          arguments: [BrowserName.chrome, .firefox])
    func reload(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        _ = b.fetch(try put(), server: API().server)
        #expect(b.fetch(try put(cache: .reload), server: API().server).preflight == .sent)
        var fresh = try makeBrowser(browser)
        _ = fresh.fetch(try put(cache: .reload), server: API().server)
        #expect(fresh.fetch(try put(), server: API().server).preflight == .cached)
    }

    // MARK: Restart and partitioning

    @Test("A restart empties the cache; the clock goes on", arguments: BrowserName.allCases)
    func restartEmpties(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        _ = b.fetch(try put(), server: API().server)
        #expect(b.cache.count == 1)
        b.advance(milliseconds: 1_000)
        b.restart()
        #expect(b.cache.count == 0)
        #expect(b.now == 1_000)
        #expect(b.fetch(try put(), server: API().server).preflight == .sent)
        #expect(b.fetch(try put(), server: API().server).preflight == .cached)
    }

    @Test("The same URL from a page embedded in another top-level site misses", arguments: BrowserName.allCases)
    func partitioned(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        _ = b.fetch(try put(), server: API().server)
        #expect(b.fetch(try put(), server: API().server).preflight == .cached)

        b.navigate(to: try Origin(parsing: page), topLevel: try Origin(parsing: "https://news.example"))
        let embedded = b.fetch(try put(), server: API().server)
        #expect(embedded.preflight == .sent)
        #expect(embedded.preflightsSent.first?.headers.get("Origin") == page)

        b.navigate(to: try Origin(parsing: page))
        #expect(b.fetch(try put(), server: API().server).preflight == .cached)
    }

    @Test("Embedded under another origin of the same site: Chrome, Firefox and the standard hit, Safari (top-level origin) misses",
          arguments: [(BrowserName.chrome, true), (.firefox, true), (.safari, false), (.spec, true)])
    func partitionSiteVersusOrigin(browser: BrowserName, hit: Bool) throws {
        var b = try makeBrowser(browser)
        _ = b.fetch(try put(), server: API().server)
        b.navigate(to: try Origin(parsing: page), topLevel: try Origin(parsing: "https://www.app.example"))
        #expect(b.fetch(try put(), server: API().server).preflight == (hit ? .cached : .sent))
    }

    @Test("Another page origin never uses the entry", arguments: BrowserName.allCases)
    func keyedByOrigin(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        _ = b.fetch(try put(), server: API().server)
        b.navigate(to: try Origin(parsing: "https://other.example"))
        let other = b.fetch(try put(), server: ClosureServer { req in
            WireResponse(status: req.isPreflight ? 204 : 200, headers: [
                ("Access-Control-Allow-Origin", "https://other.example"), ("Access-Control-Allow-Methods", "PUT"),
            ])
        })
        #expect(other.preflight == .sent)
    }

    // Recorded (issue 14): the fragment is part of the key in all three engines.
    @Test("The cache key is the full URL with its query and fragment", arguments: BrowserName.allCases)
    func keyedByURLWithQuery(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        _ = b.fetch(try put(url: resource + "?a=1"), server: API().server)
        #expect(b.fetch(try put(url: resource + "?a=2"), server: API().server).preflight == .sent)
        #expect(b.fetch(try put(url: resource + "?a=1#frag"), server: API().server).preflight == .sent)
        #expect(b.fetch(try put(url: resource + "?a=1#frag"), server: API().server).preflight == .cached)
    }
}

@Suite("Expiry queue of the merging cache")
struct ExpiryQueueTests {
    @Test("Records come out earliest expiry first, ties in insertion order, on seeded random sequences",
          arguments: [UInt64(1), 2, 3, 4, 5])
    func ordersByExpiryThenInsertion(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var queue = ExpiryQueue()
        var reference: [(expiry: Int64, order: Int)] = []
        let key = PreflightCacheKey(partition: "p", origin: "o", url: "u", credentials: nil)
        var order = 0
        for _ in 0..<2000 {
            if random.next(upperBound: 3) == 0, let first = queue.min {
                reference.sort { $0.expiry != $1.expiry ? $0.expiry < $1.expiry : $0.order < $1.order }
                #expect(first.expiry == reference[0].expiry)
                #expect(first.name == String(reference[0].order))
                queue.removeMin()
                reference.removeFirst()
            } else {
                let expiry = Int64(random.next(upperBound: 50))
                queue.insert(.init(expiry: expiry, key: key, name: String(order), isHeader: false, credentials: false))
                reference.append((expiry, order))
                order += 1
            }
            #expect(queue.count == reference.count)
        }
        queue.removeAll()
        #expect(queue.min == nil && queue.count == 0)
    }
}
