import Testing
@testable import CORSSim

/// The preflight-response check as a pure function (`checkPreflightResponse`): a response and the
/// request's needs in, the first failure in the profile's order and the parsed allow lists out.
@Suite("Preflight check")
struct PreflightCheckTests {
    static let origin = "https://app.example"

    static func input(_ method: String = "PUT", headers: HeaderList = [], credentials: Bool = false,
                      url: String = "https://api.example/res", redirectMode: RedirectMode = .follow) -> PreflightCheckInput {
        PreflightCheckInput(method: method, unsafeHeaders: Array(headers), includeCredentials: credentials,
                            usesCORSPreflightFlag: false, serializedOrigin: origin,
                            url: try! FetchURL(parsing: url), pageOrigin: try! Origin(parsing: origin),
                            redirectMode: redirectMode)
    }

    /// Gecko's preflight channel goes through nsCORSListenerProxy: a refused redirect's 3xx is
    /// checked again (against `null` after a cross-origin hop), a fetch that does not follow
    /// redirects gets the 3xx judged as a response, and a preflight to the page's own origin has
    /// no CORS check (recorded: Tests/Conformance preflight-redirect-acao-checked-again,
    /// preflight-redirect-mode-error-manual, redirect-then-preflight-page-origin-no-acao).
    @Test("Firefox judges a redirected preflight as its listener proxy does",
          arguments: [
              // Matching ACAO, redirect to another origin: refused, then "does not match" (null).
              (response(307, [("Access-Control-Allow-Origin", origin), ("Location", "https://other.example/x")]), input(),
               ReasonCode.preflightRedirect, ReasonCode?.some(.allowOriginMismatch)),
              // The same on one origin: refused, then the status.
              (response(307, [("Access-Control-Allow-Origin", origin), ("Location", "/x")]), input(),
               .preflightRedirect, nil),
              // `*` passes the second check against null.
              (response(307, [("Access-Control-Allow-Origin", "*"), ("Location", "https://other.example/x")]), input(),
               .preflightRedirect, nil),
              // Redirect mode error: no redirect, the status fails.
              (response(307, [("Access-Control-Allow-Origin", origin), ("Location", "https://other.example/x")]),
               input(redirectMode: .error), .preflightStatus, nil),
              // To the page's own origin without ACAO: only the status is judged.
              (response(500, []), input(url: origin + "/res"), .preflightStatus, nil),
          ])
    func geckoRedirectedPreflight(_ response: WireResponse, _ input: PreflightCheckInput, _ reason: ReasonCode,
                                  _ also: ReasonCode?) {
        let profile = BrowserProfile.firefox
        let result = checkPreflightResponse(response, input, rules: profile.preflight, responseRules: profile.responseCheck)
        #expect(result.failure?.reason == reason)
        #expect(result.failure?.alsoOriginFailure == also)
    }

    @Test("Firefox passes a preflight to the page's own origin without Access-Control-Allow-Origin")
    func geckoPageOriginPreflightHasNoCORSCheck() {
        let profile = BrowserProfile.firefox
        let ok = Self.response(204, [("Access-Control-Allow-Methods", "PUT")])
        let toPage = Self.input(url: Self.origin + "/res")
        #expect(checkPreflightResponse(ok, toPage, rules: profile.preflight,
                                       responseRules: profile.responseCheck).failure == nil)
        let chrome = BrowserProfile.chrome
        #expect(checkPreflightResponse(ok, toPage, rules: chrome.preflight,
                                       responseRules: chrome.responseCheck).failure?.reason == .missingAllowOrigin)
    }

    static func response(_ status: Int = 204, _ headers: HeaderList) -> WireResponse {
        WireResponse(status: status, headers: headers)
    }

    @Test("Each engine reports the first failure in its own order",
          arguments: [
              // A 500 without ACAO: the CORS check first (Chromium, Gecko), the status first (WebKit).
              (BrowserName.chrome, response(500, []), input(), ReasonCode.missingAllowOrigin),
              (.safari, response(500, []), input(), .preflightStatus),
              // Methods do not allow PUT and Allow-Headers does not parse: parse both first, or
              // check the methods before parsing the headers (Gecko).
              (.chrome, response(204, [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "GET"),
                                       ("Access-Control-Allow-Headers", "x y")]), input(headers: [("X-A", "1")]), .invalidAllowHeaders),
              (.firefox, response(204, [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "GET"),
                                        ("Access-Control-Allow-Headers", "x y")]), input(headers: [("X-A", "1")]), .methodNotAllowed),
              // `*` and Authorization: the standard never lets it through; the engines do.
              (.spec, response(204, [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", "*")]),
               input("GET", headers: [("Authorization", "t")]), .headerNotAllowed),
              (.chrome, response(302, [("Location", "/elsewhere")]), input(), .preflightRedirect),
          ] as [(BrowserName, WireResponse, PreflightCheckInput, ReasonCode)])
    func firstFailureInOrder(browser: BrowserName, response: WireResponse, input: PreflightCheckInput, reason: ReasonCode) {
        let profile = BrowserProfile.named(browser)
        let result = checkPreflightResponse(response, input, rules: profile.preflight, responseRules: profile.responseCheck)
        #expect(result.failure?.reason == reason)
    }

    @Test("A pass returns both lists parsed once, header names lower-cased, and whether * let Authorization through")
    func passReturnsLists() {
        let response = Self.response(204, [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT, PATCH"),
                                           ("Access-Control-Allow-Headers", "X-A, *")])
        let result = checkPreflightResponse(response, Self.input(headers: [("X-A", "1"), ("Authorization", "t")]),
                                            rules: BrowserProfile.chrome.preflight, responseRules: BrowserProfile.chrome.responseCheck)
        #expect(result.failure == nil)
        #expect(result.allowLists == PreflightAllowLists(methods: ["PUT", "PATCH"], headerNames: ["x-a", "*"]))
        #expect(result.authorizationByWildcard)
    }

    @Test("A failure only at the method or header comparison still carries the lists (what WebKit caches)")
    func methodFailureKeepsLists() {
        let response = Self.response(204, [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "GET")])
        let result = checkPreflightResponse(response, Self.input(), rules: BrowserProfile.safari.preflight,
                                            responseRules: BrowserProfile.safari.responseCheck)
        #expect(result.failure?.reason == .methodNotAllowed)
        #expect(result.failedOnlyMethodOrHeaderCheck)
        #expect(result.allowLists == PreflightAllowLists(methods: ["GET"], headerNames: []))
        let unparsable = Self.response(204, [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "G T")])
        let bad = checkPreflightResponse(unparsable, Self.input(), rules: BrowserProfile.safari.preflight,
                                         responseRules: BrowserProfile.safari.responseCheck)
        #expect(bad.failure == PreflightCheckFailure(reason: .invalidAllowMethods, value: "G T", headerValue: "G T"))
        #expect(bad.allowLists == nil && !bad.failedOnlyMethodOrHeaderCheck)
    }

    @Test("Response filtering: CORS shows safelisted and exposed headers, * only without credentials; basic hides Set-Cookie")
    func filtering() {
        let headers: HeaderList = [("Content-Type", "text/plain"), ("X-A", "1"), ("X-B", "2"), ("Set-Cookie", "s=1"),
                                   ("Access-Control-Expose-Headers", "x-a")]
        #expect(filteredResponseHeaders(headers, type: .cors, includeCredentials: false).map(\.name) == ["Content-Type", "X-A"])
        var star = headers
        star.set("Access-Control-Expose-Headers", "*")
        #expect(filteredResponseHeaders(star, type: .cors, includeCredentials: false).map(\.name)
                    == ["Content-Type", "X-A", "X-B", "Access-Control-Expose-Headers"])
        #expect(filteredResponseHeaders(star, type: .cors, includeCredentials: true).map(\.name) == ["Content-Type"])
        #expect(filteredResponseHeaders(headers, type: .basic, includeCredentials: false).map(\.name)
                    == ["Content-Type", "X-A", "X-B", "Access-Control-Expose-Headers"])
        #expect(filteredResponseHeaders(headers, type: .opaque, includeCredentials: false).isEmpty)
    }

    /// Recorded: Tests/Conformance header-order-blink-21-budget (Chromium names x-foo, sixth in its
    /// header map order, before viewport-width, first, which is unsafe only by the 1,024-byte total).
    @Test("Chrome names a header unsafe by its value before those unsafe only by the safelist total")
    func chromeBudgetNamesComeLast() {
        let names = ["Viewport-Width", "Width", "X-Foo"]
        var input = Self.input("GET", headers: HeaderList(names.map { Header($0, "1") }))
        input.requestHeaderNames = names.map { $0.lowercased() }
        input.requestURLIsPotentiallyTrustworthy = true
        let lists = PreflightAllowLists(methods: [], headerNames: [])
        func reported() -> String? {
            lists.firstHeaderNotAllowed(input, wildcardCoversAuthorization: true, order: .blinkHeaderMap).notAllowed?.lowercasedName
        }
        let vector = BlinkRequestHeaderOrder.vector(names: input.requestHeaderNames, clientHints: true).filter(input.requestHeaderNames.contains)
        #expect(vector == ["viewport-width", "width", "x-foo"])
        #expect(reported() == "viewport-width")
        input.unsafeByBudgetOnly = ["viewport-width", "width"]
        #expect(reported() == "x-foo")
    }
}
