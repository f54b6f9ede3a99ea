import Testing
@testable import CORSSim

/// What a script's own `Cache-Control` on a default-mode request does to a stored response, per
/// engine (`HTTPCacheRules.RequestDirectives`); the cases are the WPT fetch/http-cache/cc-request
/// ones recorded in Tests/Conformance/wpt-http-cache-cc-request-*.
@Suite("Request cache directives")
struct RequestCacheDirectiveTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var browser: BrowserName
        var cacheControl: String
        var age: Int64
        var lifetime: Int64
        /// nil: the directives decide nothing (the response's own freshness stands).
        var fresh: Bool?
        var testDescription: String { "\(browser) \(cacheControl) age \(age) of \(lifetime): \(fresh.map { "\($0)" } ?? "usual")" }
    }

    static let cases: [Case] = [
        // Chromium reads only no-cache (not read at all: below) and max-age=0.
        Case(browser: .chrome, cacheControl: "max-age=0", age: 0, lifetime: 600, fresh: false),
        Case(browser: .chrome, cacheControl: "max-age=1", age: 3, lifetime: 600, fresh: nil),
        Case(browser: .chrome, cacheControl: "max-stale=1000", age: 3, lifetime: 1, fresh: nil),
        Case(browser: .chrome, cacheControl: "min-fresh=2000", age: 0, lifetime: 1500, fresh: nil),
        // Gecko: the first of max-stale, max-age, min-fresh decides; its age is the Age header's.
        Case(browser: .firefox, cacheControl: "no-cache", age: 0, lifetime: 600, fresh: false),
        Case(browser: .firefox, cacheControl: "max-age=0", age: 0, lifetime: 600, fresh: false),
        Case(browser: .firefox, cacheControl: "max-age=600", age: 1800, lifetime: 3600, fresh: false),
        Case(browser: .firefox, cacheControl: "max-age=1", age: 0, lifetime: 600, fresh: true),
        Case(browser: .firefox, cacheControl: "max-stale=1000", age: 2000, lifetime: 1500, fresh: true),
        Case(browser: .firefox, cacheControl: "min-fresh=1000", age: 1000, lifetime: 1500, fresh: false),
        Case(browser: .firefox, cacheControl: "min-fresh=2000", age: 0, lifetime: 1500, fresh: false),
        // WebKit: no-cache and max-age=0 revalidate, max-stale widens, the rest is not read.
        Case(browser: .safari, cacheControl: "no-cache", age: 0, lifetime: 600, fresh: false),
        Case(browser: .safari, cacheControl: "max-age=0", age: 0, lifetime: 600, fresh: false),
        Case(browser: .safari, cacheControl: "max-age=600", age: 1800, lifetime: 3600, fresh: nil),
        Case(browser: .safari, cacheControl: "max-stale=1000", age: 3, lifetime: 1, fresh: true),
        Case(browser: .safari, cacheControl: "max-stale=1000", age: 2501, lifetime: 1500, fresh: false),
        Case(browser: .safari, cacheControl: "min-fresh=2000", age: 0, lifetime: 1500, fresh: nil),
        // RFC 9111 section 5.2.1: each narrows or widens the response's own freshness.
        Case(browser: .spec, cacheControl: "max-age=600", age: 1800, lifetime: 3600, fresh: false),
        Case(browser: .spec, cacheControl: "max-stale=1000", age: 2000, lifetime: 1500, fresh: true),
        Case(browser: .spec, cacheControl: "min-fresh=1000", age: 1000, lifetime: 1500, fresh: false),
    ]

    @Test("A request directive decides reuse as the engine reads it", arguments: cases)
    func directiveDecides(_ c: Case) {
        let rules = BrowserProfile.named(c.browser).httpCache.requestDirectives
        let decided = HTTPCache.requestDirectiveFreshness([("Cache-Control", c.cacheControl)], rules: rules, age: c.age,
                                                          lifetime: c.lifetime, usualFresh: c.age < c.lifetime)
        #expect(decided?.fresh == c.fresh)
    }

    @Test("Only Chromium and Gecko skip the stored response for no-cache or no-store")
    func notRead() {
        let noCache: HeaderList = [("Cache-Control", "no-cache")]
        let noStore: HeaderList = [("Cache-Control", "no-store")]
        let pragma: HeaderList = [("Pragma", "no-cache")]
        func skipped(_ b: BrowserName, _ h: HeaderList) -> Bool {
            HTTPCache.requestDirectiveNotRead(h, rules: BrowserProfile.named(b).httpCache.requestDirectives) != nil
        }
        #expect(skipped(.chrome, noCache) && skipped(.chrome, pragma) && !skipped(.chrome, noStore))
        #expect(!skipped(.firefox, noCache) && skipped(.firefox, noStore))
        #expect(!skipped(.safari, noCache) && !skipped(.safari, noStore) && !skipped(.safari, pragma))
    }
}
