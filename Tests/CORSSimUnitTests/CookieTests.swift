import Testing
@testable import CORSSim

// The cookie jar (Sources/CORSSim/Cookies/): Set-Cookie parsing, sites, what requests carry and
// what responses store, per profile.

private let app = try! Origin(parsing: "https://app.example")
private let apiURL = try! FetchURL(parsing: "https://api.example/res")

@Suite struct SetCookieParsingTests {
    @Test(arguments: [
        ("a=1", "a", "1"), (" a = 1 ", "a", "1"), ("a=", "a", ""), ("=v", "", "v"), ("novalue", "", "novalue"),
        ("a=1=2; Path=/", "a", "1=2"), ("a=\"q\"", "a", "\"q\""),
    ])
    func theNameAndValueAreCutAtTheFirstEqualsSign(_ text: String, _ name: String, _ value: String) throws {
        let c = try ParsedSetCookie.parse(text).get()
        #expect(c.name == name && c.value == value)
    }

    @Test(arguments: [("a=1\u{01}", ParsedSetCookie.Rejection.controlCharacter), ("=", .emptyNameAndValue), (" ; Path=/", .emptyNameAndValue),
                      (String(repeating: "n", count: 4000) + "=" + String(repeating: "v", count: 100), .tooLong)])
    func aMalformedStringIsIgnoredWhole(_ text: String, _ why: ParsedSetCookie.Rejection) {
        #expect(throws: why) { try ParsedSetCookie.parse(text).get() }
    }

    @Test func attributesAreCaseInsensitiveAndTheLastMaxAgeWins() throws {
        let c = try ParsedSetCookie.parse("s=1; DOMAIN=.Example.COM; path=/a; SECURE; httponly; SameSite=lax; Max-Age=5; max-age=7; Partitioned").get()
        #expect(c.domain == "example.com" && c.path == "/a" && c.secure && c.httpOnly && c.sameSite == .lax)
        #expect(c.maxAge == 7 && c.partitioned)
        #expect(try ParsedSetCookie.parse("s=1; SameSite=bogus").get().sameSite == .unspecified)
        #expect(try ParsedSetCookie.parse("s=1; Path=rel").get().path == nil)
        #expect(try ParsedSetCookie.parse("s=1; Max-Age=1x").get().maxAge == nil)
    }

    @Test(arguments: [
        ("Wed, 01 Jan 2026 00:00:10 GMT", Int64(10)), ("Thu Jan  1 00:01:00 2026", 60), ("1 jan 26 00:00:00", 0),
        ("01-Jan-2026 00:00:01 GMT", 1),
    ])
    func expiresReadsTheCookieDateForms(_ date: String, _ seconds: Int64) throws {
        #expect(try ParsedSetCookie.parse("a=1; Expires=\(date)").get().expires == seconds)
    }

    @Test func anUnreadableExpiresIsIgnored() throws {
        #expect(try ParsedSetCookie.parse("a=1; Expires=tomorrow").get().expires == nil)
        #expect(try ParsedSetCookie.parse("a=1; Expires=Wed, 32 Jan 2026 00:00:00 GMT").get().expires == nil)
    }
}

@Suite struct CookieSiteTests {
    @Test(arguments: [
        ("api.example.com", "example.com"), ("example.com", "example.com"), ("a.b.example.co.uk", "example.co.uk"),
        ("me.github.io", "me.github.io"), ("x.me.github.io", "me.github.io"), ("localhost", "localhost"),
        ("127.0.0.1", "127.0.0.1"), ("[::1]", "[::1]"), ("www1.ck9.example", "ck9.example"),
    ])
    func theRegistrableDomainIsOneLabelAboveThePublicSuffix(_ host: String, _ domain: String) {
        #expect(CookieSite.registrableDomain(host) == domain)
    }

    @Test func sitesAreSchemeful() throws {
        #expect(CookieSite.site(of: try! Origin(parsing: "https://api.example.com:8443")) == "https://example.com")
        #expect(CookieSite.site(of: try! Origin(parsing: "http://example.com")) != CookieSite.site(of: try! Origin(parsing: "https://example.com")))
        // Cache partitions use the same sites: one site under a multi-label public suffix, two
        // customers of a hosting platform, never the suffix itself.
        #expect(try Origin(parsing: "https://a.shop.co.uk").site == Origin(parsing: "https://b.shop.co.uk").site)
        #expect(try Origin(parsing: "https://a.shop.co.uk").site == "https://shop.co.uk")
        #expect(try Origin(parsing: "https://alice.github.io").site != Origin(parsing: "https://bob.github.io").site)
        #expect(try Origin(parsing: "http://127.0.0.1:8801").site == "http://127.0.0.1")
    }
}

@Suite struct CookieJarTests {
    private func context(_ profile: BrowserProfile, page: String = "https://app.example", url: FetchURL = apiURL) -> CookieContext {
        CookieContext.request(to: url, page: try! Origin(parsing: page), topLevel: try! Origin(parsing: page), crossSiteHop: false,
                              rules: profile.cookies)
    }

    @Test func aHostOnlyCookieGoesToItsHostAndADomainCookieToSubdomains() {
        var jar = CookieJar()
        let url = try! FetchURL(parsing: "https://api.site.example/x")
        let ctx = context(.chrome, page: "https://app.site.example", url: url)
        jar.store("h=1", from: url, context: ctx, rules: BrowserProfile.chrome.cookies, now: 0)
        jar.store("d=1; Domain=site.example", from: url, context: ctx, rules: BrowserProfile.chrome.cookies, now: 0)
        let www = try! FetchURL(parsing: "https://www.site.example/x")
        let sent = jar.decisions(for: www, context: context(.chrome, page: "https://app.site.example", url: www),
                                 rules: BrowserProfile.chrome.cookies, now: 0)
        #expect(sent.map(\.cookie.name) == ["d"])
        #expect(CookieJar.header(jar.decisions(for: url, context: ctx, rules: BrowserProfile.chrome.cookies, now: 0)) == "h=1; d=1")
    }

    @Test func theDomainAttributeMustCoverTheHostAndNotBeAPublicSuffix() {
        var jar = CookieJar()
        let url = try! FetchURL(parsing: "https://api.site.example/x")
        let ctx = context(.chrome, page: "https://app.site.example", url: url)
        let rules = BrowserProfile.chrome.cookies
        #expect(jar.store("a=1; Domain=other.example", from: url, context: ctx, rules: rules, now: 0).refusal == .domainMismatch("other.example"))
        #expect(jar.store("a=1; Domain=example", from: url, context: ctx, rules: rules, now: 0).refusal == .publicSuffixDomain("example"))
        #expect(jar.store("__Host-a=1; Secure; Domain=site.example; Path=/", from: url, context: ctx, rules: rules, now: 0).refusal != nil)
        #expect(jar.store("__Host-a=1; Secure; Path=/", from: url, context: ctx, rules: rules, now: 0).refusal == nil)
        let http = try! FetchURL(parsing: "http://api.site.example/x")
        #expect(jar.store("s=1; Secure", from: http, context: ctx, rules: rules, now: 0).refusal == .secureFromInsecureURL)
    }

    @Test func longerPathsGoFirstAndPathsMatchOnSegments() {
        var jar = CookieJar()
        let url = try! FetchURL(parsing: "https://api.example/a/b/c")
        let ctx = context(.firefox, page: "https://api.example", url: url)
        let rules = BrowserProfile.firefox.cookies
        jar.store("root=1; Path=/", from: url, context: ctx, rules: rules, now: 0)
        jar.store("deep=1; Path=/a/b", from: url, context: ctx, rules: rules, now: 0)
        jar.store("dflt=1", from: url, context: ctx, rules: rules, now: 0)   // default path /a/b
        jar.store("other=1; Path=/a/bc", from: url, context: ctx, rules: rules, now: 0)
        #expect(CookieJar.header(jar.decisions(for: url, context: ctx, rules: rules, now: 0)) == "deep=1; dflt=1; root=1")
    }

    @Test func maxAgeRunsOnTheVirtualClockAndZeroDeletes() {
        var jar = CookieJar()
        let ctx = context(.chrome, page: "https://api.example")
        let rules = BrowserProfile.chrome.cookies
        jar.store("a=1; Max-Age=10", from: apiURL, context: ctx, rules: rules, now: 0)
        #expect(jar.decisions(for: apiURL, context: ctx, rules: rules, now: 9_999).count == 1)
        #expect(jar.decisions(for: apiURL, context: ctx, rules: rules, now: 10_000).isEmpty)
        jar.store("b=1", from: apiURL, context: ctx, rules: rules, now: 0)
        let deleted = jar.store("b=1; Max-Age=0", from: apiURL, context: ctx, rules: rules, now: 1)
        #expect(deleted.deleted && jar.live(at: 1).isEmpty == false && !jar.live(at: 1).contains { $0.name == "b" })
    }

    /// One cross-site exchange per profile: which of four cookies a response to app.example's
    /// credentialed fetch stores, and which come back.
    @Test(arguments: [
        (BrowserProfile.chrome, ["none"], ["none"]),
        (BrowserProfile.firefox, ["none", "plain"], ["none", "plain"]),
        (BrowserProfile.safari, [String](), [String]()),
        (BrowserProfile.spec, ["none", "plain"], ["none", "plain"]),
    ])
    func crossSiteCookiesFollowEachBrowsersPolicy(_ profile: BrowserProfile, _ stored: [String], _ sent: [String]) {
        var jar = CookieJar()
        let ctx = context(profile)
        var kept: [String] = []
        for text in ["none=1; SameSite=None; Secure", "lax=1; SameSite=Lax; Secure", "strict=1; SameSite=Strict; Secure", "plain=1; Secure"] {
            let r = jar.store(text, from: apiURL, context: ctx, rules: profile.cookies, now: 0)
            if r.refusal == nil { kept.append(r.name) }
        }
        #expect(kept == stored)
        let back = jar.decisions(for: apiURL, context: ctx, rules: profile.cookies, now: 0).filter { $0.withheld == nil }.map(\.cookie.name)
        #expect(back == sent)
    }

    @Test func firefoxKeepsAFirstPartyCookieOutOfCrossSiteRequests() {
        var jar = CookieJar()
        let rules = BrowserProfile.firefox.cookies
        jar.store("session=1; SameSite=None; Secure", from: apiURL, context: context(.firefox, page: "https://api.example"), rules: rules, now: 0)
        let d = jar.decisions(for: apiURL, context: context(.firefox), rules: rules, now: 0)
        #expect(d.map(\.withheld) == [.otherPartition(stored: nil, request: "https://app.example")])
        #expect(CookieJar.header(jar.decisions(for: apiURL, context: context(.firefox, page: "https://api.example"), rules: rules, now: 0))
                == "session=1")
    }

    @Test func withheldCookiesSayWhyInTheBrowsersTerms() {
        #expect(CookieWithheld.thirdPartyBlocked.text("Safari") == "blocked: third-party cookie in Safari")
        #expect(CookieWithheld.sameSite(.lax, byDefault: true).text("Chrome").contains("no SameSite attribute, so Chrome treats it as SameSite=Lax"))
        #expect(CookieRefusal.sameSiteNoneInsecure.code == "samesite-none-insecure")
    }
}

@Suite struct CookieFetchTests {
    private static var api: ClosureServer { ClosureServer { req in
        var headers: HeaderList = [("Access-Control-Allow-Origin", "https://app.example"), ("Access-Control-Allow-Credentials", "true")]
        if req.url.path == "/login" { headers.append("Set-Cookie", "session=s3cret; SameSite=None; Secure; HttpOnly") }
        if req.url.path == "/nocors" { return WireResponse(status: 200, headers: [("Set-Cookie", "late=1; SameSite=None; Secure")]) }
        if req.url.path == "/hop" {
            headers.append("Location", "https://api.example/me")
            headers.append("Set-Cookie", "hop=1; SameSite=None; Secure")
            return WireResponse(status: 302, headers: headers)
        }
        if req.url.path == "/echo" { headers.append("X-Cookie", req.headers.get("Cookie") ?? "none") }
        return WireResponse(status: 200, headers: headers)
    } }

    private func get(_ path: String, _ credentials: CredentialsMode = .include) -> FetchRequest {
        FetchRequest("GET", try! FetchURL(parsing: "https://api.example" + path), credentials: credentials)
    }

    @Test func aCredentialedRequestCarriesTheCookieHeaderOnTheWire() {
        var chrome = Browser(.firefox, page: app)   // Firefox: the cookie lives in app.example's partition
        _ = chrome.fetch(get("/login"), server: Self.api)
        #expect(chrome.cookies.cookies.map(\.name) == ["session"])
        let o = chrome.fetch(get("/me"), server: Self.api)
        #expect(o.requestsReceived.last?.headers.get("Cookie") == "session=s3cret")
        let omitted = chrome.fetch(get("/me", .omit), server: Self.api)
        #expect(omitted.requestsReceived.last?.headers.get("Cookie") == nil)
        let expected = FetchEvent.cookies(.notCredentialed(url: try! FetchURL(parsing: "https://api.example/me"), names: ["session"],
                                                           mode: CredentialsMode.omit))
        #expect(omitted.events.contains(expected))
    }

    @Test func safariSendsNoThirdPartyCookieAndSaysSo() {
        var safari = Browser(.safari, page: app)
        let login = safari.fetch(get("/login"), server: Self.api)
        #expect(safari.cookies.cookies.isEmpty)
        #expect(login.events.contains { if case .cookies(.setCookie(_, let r)) = $0 { return r.refusal == .thirdPartyBlocked } else { return false } })
    }

    @Test func cookiesAreStoredBeforeTheCORSCheckAndOnRedirects() {
        var chrome = Browser(.firefox, page: app)
        let blocked = chrome.fetch(get("/nocors"), server: Self.api)
        #expect(blocked.verdict == Verdict.blocked)
        let redirected = chrome.fetch(get("/hop"), server: Self.api)
        #expect(redirected.requestsReceived.last?.headers.get("Cookie") == "late=1; hop=1")
    }

    @Test func preflightsCarryNoCookies() {
        var chrome = Browser(.chrome, page: app)
        _ = chrome.fetch(get("/login"), server: Self.api)
        let put = FetchRequest("PUT", try! FetchURL(parsing: "https://api.example/me"), credentials: .include)
        let o = chrome.fetch(put, server: Self.api)
        #expect(o.preflightsSent.allSatisfy { $0.headers.get("Cookie") == nil })
    }

    @Test func aPageSetsCookiesWithSetCookieAndTheJarShowsThem() {
        var firefox = Browser(.firefox, page: try! Origin(parsing: "https://api.example"))
        #expect(firefox.setCookie("theme=dark; Path=/").stored?.name == "theme")
        #expect(firefox.setCookie("h=1; HttpOnly").refusal == .httpOnlyFromScript)
        firefox.navigate(to: app)
        let o = firefox.fetch(get("/echo"), server: Self.api)
        #expect(o.response?.headers.get("X-Cookie") == nil)   // not exposed, but:
        #expect(o.requestsReceived.last?.headers.get("Cookie") == nil)   // Total Cookie Protection
        firefox.navigate(to: nil)
        #expect(firefox.setCookie("x=1").refusal == .opaqueOrigin)
        firefox.restart()
        #expect(firefox.cookies.cookies.isEmpty)   // session cookies end with the browser
    }
}

/// WebKitGTK's libsoup policy (`thirdParty: .notStored`, `unlistedTLDHostIsOwnSite`): the cookie's
/// domain against the top-level host, base domains from the Public Suffix List or the whole host.
@Suite struct LibsoupThirdPartyTests {
    @Test("A cookie's domain is judged against the top-level page's host as soup-cookie-jar.c does", arguments: [
        // (cookie domain as stored, top-level host, third party?)
        ("api.ck3.example", "app.ck3.example", true),    // no base domain under .example: whole hosts differ
        (".ck3.example", "app.ck3.example", false),      // a Domain cookie: ".ck3.example" is a suffix of the host
        ("app.ck3.example", "app.ck3.example", false),
        ("api.shop.com", "www.shop.com", false),         // .com is listed: both have base domain shop.com
        ("api.other.com", "www.shop.com", true),
        ("127.0.0.1", "127.0.0.1", false),               // an IP address has no base domain: compared whole
        ("127.0.0.1", "localhost", true),
        ("localhost", "localhost", false),
        ("a.github.io", "b.github.io", true),            // github.io is a public suffix (private section)
    ])
    func theThirdPartyJudgement(_ domain: String, _ top: String, _ thirdParty: Bool) {
        #expect(BrowserProfile.webkitgtk.cookies.cookieIsThirdParty(domain: domain, firstPartyHost: top) == thirdParty)
    }

    @Test func withoutTheWholeHostRuleAnExampleHostSharesItsRegistrableDomain() {
        var rules = BrowserProfile.webkitgtk.cookies
        rules.unlistedTLDHostIsOwnSite = false
        #expect(!rules.cookieIsThirdParty(domain: "api.ck3.example", firstPartyHost: "app.ck3.example"))
    }

    @Test func aThirdPartyCookieIsRefusedButAStoredOneGoesCrossSite() throws {
        var gtk = Browser(.webkitgtk, page: try Origin(parsing: "https://api.example"))
        #expect(gtk.setCookie("first=1").stored != nil)
        gtk.navigate(to: app)
        let server = ClosureServer { _ in
            WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "https://app.example"),
                                               ("Access-Control-Allow-Credentials", "true"), ("Set-Cookie", "third=1")])
        }
        let first = gtk.fetch(FetchRequest("GET", apiURL, credentials: .include), server: server)
        #expect(first.requestsReceived.first?.headers.get("Cookie") == "first=1")
        #expect(gtk.cookies.cookies.map(\.name) == ["first"])
        var safari = Browser(.safari, page: try Origin(parsing: "https://api.example"))
        safari.setCookie("first=1")
        safari.navigate(to: app)
        let blocked = safari.fetch(FetchRequest("GET", apiURL, credentials: .include), server: server)
        #expect(blocked.requestsReceived.first?.headers.get("Cookie") == nil)
    }
}

/// libsoup 3.2's parser and jar order (the webkitgtk profile's `cookies` parsing fields).
@Suite struct LibsoupCookieParsingTests {
    static let soup = BrowserProfile.webkitgtk.cookies.setCookieSyntax

    @Test("Max-Age is read with strtol and cut to a C int", arguments: [
        // (Max-Age value, ParsedSetCookie.maxAge: nil for a session cookie)
        ("3600", Int64?(3600)), ("+3600", 3600), ("", 0), ("-5", 0), ("4294967296", 0),
        ("4294967295", nil), ("2147483648", -2_147_483_648), ("99999999999999999999", nil), ("60s", nil), ("-", nil),
    ])
    func maxAgeStrtolToInt(_ value: String, _ maxAge: Int64?) throws {
        let c = try ParsedSetCookie.parse("a=1; Max-Age=\(value)", syntax: Self.soup).get()
        #expect(c.maxAge == maxAge)
        #expect(c.expires == nil)
    }

    @Test func theLastOfMaxAgeAndExpiresWins() throws {
        let expiresLast = try ParsedSetCookie.parse("a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT", syntax: Self.soup).get()
        #expect(expiresLast.maxAge == nil && expiresLast.expires != nil)
        let garbageLast = try ParsedSetCookie.parse("a=1; Max-Age=60; Expires=garbage", syntax: Self.soup).get()
        #expect(garbageLast.maxAge == nil && garbageLast.expires == nil)
        let maxAgeLast = try ParsedSetCookie.parse("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", syntax: Self.soup).get()
        #expect(maxAgeLast.maxAge == 60 && maxAgeLast.expires == nil)
        // The standard: Max-Age wins in either order.
        #expect(try ParsedSetCookie.parse("a=1; Max-Age=60; Expires=garbage").get().maxAge == 60)
    }

    @Test func theDomainKeepsItsCaseAndNoSizeLimitApplies() throws {
        #expect(try ParsedSetCookie.parse("a=1; Domain=.Site.Example", syntax: Self.soup).get().domain == "Site.Example")
        #expect(try ParsedSetCookie.parse("a=1; Domain=.Site.Example").get().domain == "site.example")
        let big = "a=" + String(repeating: "v", count: 5000)
        #expect(throws: ParsedSetCookie.Rejection.tooLong) { try ParsedSetCookie.parse(big).get() }
        #expect(try ParsedSetCookie.parse(big, syntax: Self.soup).get().value.utf8.count == 5000)
    }

    @Test func anUpperCaseDomainIsRefusedUnlessItIsTheHostThenMatchesAsLowerCase() throws {
        var gtk = Browser(.webkitgtk, page: try Origin(parsing: "http://app.site.example"))
        #expect(gtk.setCookie("a=1; Domain=SITE.EXAMPLE").refusal == .domainMismatch("SITE.EXAMPLE"))
        let b = gtk.setCookie("b=1; Domain=APP.SITE.EXAMPLE").stored
        #expect(b?.domain == "app.site.example" && b?.hostOnly == false)
        var chrome = Browser(.chrome, page: try Origin(parsing: "http://app.site.example"))
        #expect(chrome.setCookie("a=1; Domain=SITE.EXAMPLE").stored?.domain == "site.example")
    }

    @Test func theHeaderListsTheHostsDomainCookiesThenHostOnlyThenParents() throws {
        var jar = CookieJar()
        let url = try FetchURL(parsing: "http://app.site.example/x")
        let context = CookieContext(topLevelSite: "http://site.example", sameSite: true, thirdParty: false, firstPartyHost: "app.site.example")
        for text in ["h1=1", "p=1; Domain=site.example", "d=1; Domain=app.site.example", "h2=1", "deep=1; Path=/x"] {
            jar.store(text, from: url, context: context, rules: BrowserProfile.webkitgtk.cookies, now: 0)
        }
        func names(_ rules: CookieRules) -> [String] {
            jar.decisions(for: url, context: context, rules: rules, now: 0).map(\.cookie.name)
        }
        #expect(names(BrowserProfile.webkitgtk.cookies) == ["deep", "d", "h1", "h2", "p"])
        #expect(names(BrowserProfile.chrome.cookies) == ["deep", "h1", "p", "d", "h2"])
    }
}

@Suite struct GLibURLNormalizationTests {
    @Test("Escaped unreserved characters are decoded, other escapes upper-cased, in the path and query only", arguments: [
        ("https://a.example/%7Eres", "https://a.example/~res"),
        ("https://a.example/%c3%a9%2Fx%2e?q=%7e%2F%c3%a9%2b%41", "https://a.example/%C3%A9%2Fx.?q=~%2F%C3%A9%2BA"),
        ("https://a.example/a?%2e%2e#%7e", "https://a.example/a?..#%7e"),
        ("https://a.example/100%", "https://a.example/100%"),
        ("https://a.example/%zz%4", "https://a.example/%zz%4"),
    ])
    func normalization(_ input: String, _ wire: String) throws {
        #expect(try FetchURL(parsing: input).normalizingUnreservedEscapes().serialized() == wire)
    }

    @Test func aLatin1LocationReadsEachByteAsACharacter() {
        var latin1 = BrowserProfile.chrome.networkStack
        latin1.locationBytes = .latin1
        #expect(latin1.location("/café") == "/cafÃ©")
        #expect(latin1.location("/plain") == "/plain")
        #expect(BrowserProfile.chrome.networkStack.location("/café") == "/café")
    }
}
