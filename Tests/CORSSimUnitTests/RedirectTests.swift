import Testing
@testable import CORSSim

private let page = "https://app.example"

private func makeBrowser(_ name: BrowserName, page pageOrigin: String = page) throws -> Browser {
    Browser(BrowserProfile.named(name), page: try Origin(parsing: pageOrigin))
}

private func redirect(_ status: Int = 302, to location: String, allowOrigin: String? = page) -> WireResponse {
    var headers: HeaderList = [("Location", location)]
    if let allowOrigin { headers.append("Access-Control-Allow-Origin", allowOrigin) }
    return WireResponse(status: status, headers: headers)
}

private func final(allowOrigin: String? = page, body: String = "final") -> WireResponse {
    WireResponse(status: 200, headers: allowOrigin.map { [("Access-Control-Allow-Origin", $0)] } ?? [], body: body)
}

/// A server routing on "host path" of each request; preflights get `preflight`, other requests the route.
private func routes(_ table: [String: WireResponse], preflight: @escaping (WireRequest) -> WireResponse? = { _ in nil }) -> ClosureServer {
    ClosureServer { req in
        if req.isPreflight { return preflight(req) ?? WireResponse(status: 404) }
        return table[req.url.host + req.url.path]
    }
}

/// HTTP-redirect fetch (https://fetch.spec.whatwg.org/#http-redirect-fetch) for CORS requests: redirect
/// modes, the limit, origin tainting, userinfo, preflights after a redirect, method rewriting and
/// Authorization removal.
@Suite("Redirect")
struct RedirectTests {

    // MARK: Redirect modes

    // Recorded: oracle redirect-same-api-origin.
    @Test("follow: a redirect within the API's origin is followed with the page's Origin", arguments: BrowserName.allCases)
    func followSameOrigin(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a")), server: routes([
            "api.example/a": redirect(to: "/b"),
            "api.example/b": final(),
        ]))
        #expect(outcome.verdict == .readable)
        #expect(outcome.response?.url == "https://api.example/b")
        #expect(outcome.response?.redirected == true)
        #expect(outcome.response?.body == "final")
        #expect(outcome.requestsReceived.map(\.url.path) == ["/a", "/b"])
        #expect(outcome.requestsReceived.map { $0.headers.get("Origin") } == [page, page])
        #expect(outcome.preflight == .none)
    }

    @Test("error: any redirect fails the fetch", arguments: BrowserName.allCases)
    func errorMode(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a"), redirect: .error),
                              server: routes(["api.example/a": redirect(to: "/b"), "api.example/b": final()]))
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .redirectErrorMode)
        #expect(outcome.requestsReceived.map(\.url.path) == ["/a"])
    }

    @Test("manual: a redirect gives an opaque-redirect response with status 0", arguments: BrowserName.allCases)
    func manualMode(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a"), redirect: .manual),
                              server: routes(["api.example/a": redirect(to: "/b"), "api.example/b": final()]))
        #expect(outcome.verdict == .opaqueRedirect)
        #expect(outcome.response?.type == .opaqueredirect)
        #expect(outcome.response?.status == 0)
        #expect(outcome.response?.headers.isEmpty == true)
        #expect(outcome.requestsReceived.map(\.url.path) == ["/a"])
    }

    // Recorded: oracle redirect-first-hop-no-acao (/final is never requested).
    @Test("A redirect response without Access-Control-Allow-Origin fails and is not followed", arguments: BrowserName.allCases)
    func redirectResponseIsCORSChecked(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a")), server: routes([
            "api.example/a": redirect(to: "https://other.example/final", allowOrigin: nil),
            "other.example/final": final(allowOrigin: "*"),
        ]))
        #expect(outcome.failure?.reason == .missingAllowOrigin)
        #expect(outcome.failure?.phase == .redirect)
        #expect(outcome.failure?.status == 302)
        #expect(outcome.requestsReceived.count == 1)
    }

    // MARK: The limit

    /// A chain of `redirects` redirects within api.example: /r0 -> /r1 -> ... -> /r<redirects>.
    private func chain(_ redirects: Int) -> ClosureServer {
        var table: [String: WireResponse] = [:]
        for i in 0..<redirects { table["api.example/r\(i)"] = redirect(307, to: "/r\(i + 1)") }
        table["api.example/r\(redirects)"] = final()
        return routes(table)
    }

    @Test("20 redirects are followed", arguments: BrowserName.allCases)
    func twentyRedirects(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/r0")), server: chain(20))
        #expect(outcome.verdict == .readable)
        #expect(outcome.response?.url == "https://api.example/r20")
        #expect(outcome.requestsReceived.count == 21)
    }

    @Test("The 21st redirect fails with redirect-limit", arguments: BrowserName.allCases)
    func twentyOneRedirects(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/r0")), server: chain(21))
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .redirectLimit)
        #expect(outcome.failure?.phase == .redirect)
        // /r0 ... /r20 were requested; /r21 never was.
        #expect(outcome.requestsReceived.count == 21)
        #expect(outcome.requestsReceived.last?.url.path == "/r20")
    }

    // MARK: Tainted origin

    // Recorded: oracle redirect-cross-origin-star and redirect-cross-origin-exact-final.
    @Test("After a redirect from one cross origin to another, Origin is null and ACAO must be null or *",
          arguments: [
              (BrowserName.chrome, "https://app.example", ReasonCode?.some(.allowOriginMismatch)),
              (.chrome, "null", nil), (.chrome, "*", nil),
              (.firefox, "https://app.example", .allowOriginMismatch), (.firefox, "null", nil), (.firefox, "*", nil),
              (.safari, "https://app.example", .allowOriginMismatch), (.safari, "null", nil), (.safari, "*", nil),
              (.spec, "https://app.example", .allowOriginMismatch), (.spec, "null", nil), (.spec, "*", nil),
          ])
    func taintedOrigin(browser: BrowserName, finalAllowOrigin: String, reason: ReasonCode?) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a")), server: routes([
            "api.example/a": redirect(to: "https://other.example/final", allowOrigin: "*"),
            "other.example/final": final(allowOrigin: finalAllowOrigin),
        ]))
        #expect(outcome.requestsReceived.map { $0.headers.get("Origin") } == ["https://app.example", "null"])
        #expect(outcome.lastOrigin == "null")
        #expect(outcome.failure?.reason == reason)
        #expect(outcome.verdict == (reason == nil ? .readable : .blocked))
        #expect(outcome.preflight == .none)
    }

    @Test("A redirect from the page's origin to an API does not taint", arguments: BrowserName.allCases)
    func sameOriginToCORSNotTainted(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://app.example/go")), server: routes([
            "app.example/go": WireResponse(status: 302, headers: [("Location", "https://api.example/final")]),
            "api.example/final": final(),
        ]))
        #expect(outcome.verdict == .readable)
        #expect(outcome.requestsReceived.map { $0.headers.get("Origin") } == [nil, "https://app.example"])
        #expect(outcome.response?.type == .cors)
    }

    @Test("A redirect from an API back to the page's origin taints, and stays a CORS request", arguments: BrowserName.allCases)
    func crossOriginBackToPage(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a")), server: routes([
            "api.example/a": redirect(to: "https://app.example/back"),
            "app.example/back": final(allowOrigin: nil),
        ]))
        #expect(outcome.requestsReceived.map { $0.headers.get("Origin") } == ["https://app.example", "null"])
        #expect(outcome.failure?.reason == .missingAllowOrigin)
    }

    @Test("Once tainted, the origin stays null on later hops", arguments: BrowserName.allCases)
    func taintPersists(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a")), server: routes([
            "api.example/a": redirect(to: "https://other.example/b", allowOrigin: "*"),
            "other.example/b": redirect(to: "https://other.example/c", allowOrigin: "*"),
            "other.example/c": final(allowOrigin: "*"),
        ]))
        #expect(outcome.verdict == .readable)
        #expect(outcome.requestsReceived.map { $0.headers.get("Origin") } == ["https://app.example", "null", "null"])
    }

    // MARK: Userinfo in Location

    // WPT fetch/api/cors/cors-redirect-credentials.any.js.
    @Test("A cross-origin redirect to a URL with a username or password fails",
          arguments: BrowserName.allCases, ["user:password@", "user:@", ":password@", "user@"])
    func credentialsInLocation(browser: BrowserName, userinfo: String) throws {
        var b = try makeBrowser(browser)
        let location = "https://\(userinfo)other.example/final"
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a")), server: routes([
            "api.example/a": redirect(to: location, allowOrigin: "*"),
            "other.example/final": final(allowOrigin: "*"),
        ]))
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .redirectCredentialsInURL)
        #expect(outcome.requestsReceived.count == 1)
        let target = try FetchURL(parsing: location)
        #expect(outcome.failure?.value == target.serialized())
    }

    @Test("The same redirect without userinfo passes", arguments: BrowserName.allCases)
    func noCredentialsInLocation(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a")), server: routes([
            "api.example/a": redirect(to: "https://other.example/final", allowOrigin: "*"),
            "other.example/final": final(allowOrigin: "*"),
        ]))
        #expect(outcome.verdict == .readable)
    }

    // MARK: Preflights after a redirect

    @Test("A preflighted request redirected cross-origin is preflighted again at the new URL, with Origin null",
          arguments: BrowserName.allCases)
    func preflightAgainAfterRedirect(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        // Firefox's second preflight still carries the page's origin (recorded: Tests/Conformance
        // redirect-cross-origin-preflighted) and is checked against it (recorded:
        // redirect-custom-header-to-page-origin-no-acah); the actual request carries null in every browser.
        let secondOrigin = BrowserProfile.named(browser).redirects.preflightOriginIgnoresTaint ? "https://app.example" : "null"
        let server = routes([
            "api.example/a": redirect(307, to: "https://other.example/b"),
            "other.example/b": final(allowOrigin: "*"),
        ], preflight: { req in
            WireResponse(status: 204, headers: [
                ("Access-Control-Allow-Origin", req.url.host == "api.example" ? page : secondOrigin),
                ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "x-a"),
            ])
        })
        let outcome = b.fetch(FetchRequest("PUT", try FetchURL(parsing: "https://api.example/a"), headers: [("X-A", "1")]),
                              server: server)
        #expect(outcome.verdict == .readable)
        #expect(outcome.preflightsSent.map { $0.url.serialized() } == ["https://api.example/a", "https://other.example/b"])
        #expect(outcome.preflightsSent.map { $0.headers.get("Origin") } == ["https://app.example", secondOrigin])
        #expect(outcome.requestsReceived.map { $0.headers.get("Origin") } == ["https://app.example", "null"])
        #expect(outcome.preflightsSent.map { $0.headers.get("Access-Control-Request-Method") } == ["PUT", "PUT"])
        #expect(outcome.preflightsSent.map { $0.headers.get("Access-Control-Request-Headers") } == ["x-a", "x-a"])
        #expect(outcome.requestsReceived.map(\.method) == ["PUT", "PUT"])
        #expect(outcome.preflight == .sent)
    }

    @Test("The second preflight after a redirect is checked like the first", arguments: BrowserName.allCases)
    func secondPreflightChecked(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let server = routes([
            "api.example/a": redirect(307, to: "https://other.example/b"),
            "other.example/b": final(allowOrigin: "*"),
        ], preflight: { req in
            if req.url.host == "other.example" {
                return WireResponse(status: 204, headers: [("Access-Control-Allow-Origin", "*")])
            }
            return WireResponse(status: 204, headers: [("Access-Control-Allow-Origin", page), ("Access-Control-Allow-Methods", "PUT")])
        })
        let outcome = b.fetch(FetchRequest("PUT", try FetchURL(parsing: "https://api.example/a")), server: server)
        #expect(outcome.failure?.reason == .methodNotAllowed)
        #expect(outcome.failure?.phase == .preflight)
        #expect(outcome.preflightsSent.count == 2)
        #expect(outcome.requestsReceived.count == 1)
    }

    // MARK: Method rewriting

    @Test("301 and 302 turn POST into GET and drop the body and its Content-Type",
          arguments: BrowserName.allCases, [301, 302])
    func postBecomesGet(browser: BrowserName, status: Int) throws {
        var b = try makeBrowser(browser)
        let outcome = b.fetch(FetchRequest("POST", try FetchURL(parsing: "https://api.example/a"),
                                           headers: [("Content-Language", "en")], body: .text("hello")),
                              server: routes(["api.example/a": redirect(status, to: "/b"), "api.example/b": final()]))
        #expect(outcome.verdict == .readable)
        #expect(outcome.requestsReceived.map(\.method) == ["POST", "GET"])
        #expect(outcome.requestsReceived.map(\.body) == ["hello", ""])
        #expect(outcome.requestsReceived.first?.headers.get("Content-Type") == "text/plain;charset=UTF-8")
        #expect(outcome.requestsReceived.last?.headers.get("Content-Type") == nil)
        #expect(outcome.requestsReceived.last?.headers.get("Content-Language") == nil)
        let redirects = outcome.events.compactMap { event -> Redirect? in
            if case .redirected(let r) = event { return r } else { return nil }
        }
        #expect(redirects.map(\.newMethod) == ["GET"])
    }

    @Test("301, 302, 307 and 308 keep a method other than POST; 307 and 308 keep POST",
          arguments: [(301, "PUT"), (302, "PUT"), (307, "PUT"), (308, "PUT"), (307, "POST"), (308, "POST"), (302, "GET")])
    func methodKept(status: Int, method: String) throws {
        var b = try makeBrowser(.chrome)
        let server = routes(["api.example/a": redirect(status, to: "/b"), "api.example/b": final()], preflight: { _ in
            WireResponse(status: 204, headers: [("Access-Control-Allow-Origin", page), ("Access-Control-Allow-Methods", "PUT")])
        })
        let body: RequestBody? = method == "GET" ? nil : .text("x")
        let outcome = b.fetch(FetchRequest(method, try FetchURL(parsing: "https://api.example/a"), body: body), server: server)
        #expect(outcome.verdict == .readable)
        #expect(outcome.requestsReceived.map(\.method) == [method, method])
        #expect(outcome.requestsReceived.last?.body == (body == nil ? "" : "x"))
    }

    @Test("303 turns any method but GET and HEAD into GET",
          arguments: [("PUT", "GET"), ("POST", "GET"), ("DELETE", "GET"), ("GET", "GET"), ("HEAD", "HEAD")])
    func seeOther(method: String, after: String) throws {
        for browser in BrowserName.allCases {
            var b = try makeBrowser(browser)
            let server = routes(["api.example/a": redirect(303, to: "/b"), "api.example/b": final()], preflight: { _ in
                WireResponse(status: 204, headers: [("Access-Control-Allow-Origin", page),
                                                    ("Access-Control-Allow-Methods", "PUT, DELETE")])
            })
            let body: RequestBody? = method == "GET" || method == "HEAD" ? nil : .text("x")
            let outcome = b.fetch(FetchRequest(method, try FetchURL(parsing: "https://api.example/a"), body: body), server: server)
            #expect(outcome.verdict == .readable, "\(browser)")
            #expect(outcome.requestsReceived.map(\.method) == [method, after], "\(browser)")
            #expect(outcome.requestsReceived.last?.body == "", "\(browser)")
            // The GET after a 303 needs no preflight in Chrome and the standard; Firefox and WebKit
            // preflight every hop of a request that needed one (recorded: Tests/Conformance
            // redirect-303-put, a second preflight with Access-Control-Request-Method GET).
            let everyHop = BrowserProfile.named(browser).redirects.preflightsEveryHopOfAPreflightedRequest
            let expectedPreflights = Method(method).isCORSSafelisted ? 0 : (everyHop ? 2 : 1)
            #expect(outcome.preflightsSent.count == expectedPreflights, "\(browser)")
        }
    }

    // MARK: Authorization

    @Test("Authorization is removed when a redirect crosses origins", arguments: BrowserName.allCases)
    func authorizationRemovedCrossOrigin(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let server = routes([
            "api.example/a": redirect(to: "https://other.example/b", allowOrigin: page),
            "other.example/b": final(allowOrigin: "*"),
        ], preflight: { req in
            WireResponse(status: 204, headers: [("Access-Control-Allow-Origin", req.url.host == "api.example" ? page : "*"),
                                                ("Access-Control-Allow-Headers", "authorization")])
        })
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a"),
                                           headers: [("Authorization", "Bearer t")]), server: server)
        #expect(outcome.verdict == .readable)
        #expect(outcome.requestsReceived.map { $0.headers.get("Authorization") } == ["Bearer t", nil])
        // Without Authorization the GET at the new origin is simple: one preflight in Chrome and
        // the standard; Firefox and WebKit preflight every hop of a request that needed one.
        let everyHop = BrowserProfile.named(browser).redirects.preflightsEveryHopOfAPreflightedRequest
        #expect(outcome.preflightsSent.count == (everyHop ? 2 : 1))
        let redirects = outcome.events.compactMap { event -> Redirect? in
            if case .redirected(let r) = event { return r } else { return nil }
        }
        #expect(redirects.map(\.removedAuthorization) == [true])
        #expect(redirects.map(\.taintsOrigin) == [true])
    }

    @Test("Authorization is kept on a redirect within one origin", arguments: BrowserName.allCases)
    func authorizationKeptSameOrigin(browser: BrowserName) throws {
        var b = try makeBrowser(browser)
        let server = routes(["api.example/a": redirect(to: "/b"), "api.example/b": final()], preflight: { _ in
            WireResponse(status: 204, headers: [("Access-Control-Allow-Origin", page), ("Access-Control-Allow-Headers", "authorization")])
        })
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "https://api.example/a"),
                                           headers: [("Authorization", "Bearer t")]), server: server)
        #expect(outcome.verdict == .readable)
        #expect(outcome.requestsReceived.map { $0.headers.get("Authorization") } == ["Bearer t", "Bearer t"])
    }

    // MARK: Console lines for redirects, against the recorded browsers

    // Recorded: oracle redirect-cross-origin-exact-final (prefixes of the recorder removed).
    @Test("A tainted final response: console lines as recorded",
          arguments: [
              (BrowserName.chrome, ["Access to fetch at 'http://127.0.0.1:8803/case/redirect-cross-origin-exact-final/final' (redirected from 'http://localhost:8802/case/redirect-cross-origin-exact-final/res') from origin 'http://127.0.0.1:8801' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'http://127.0.0.1:8801' that is not equal to the supplied origin. Have the server send the header with a valid value."]),
              (.firefox, ["Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://127.0.0.1:8803/case/redirect-cross-origin-exact-final/final. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://127.0.0.1:8801’)."]),
              (.safari, ["Origin null is not allowed by Access-Control-Allow-Origin. Status code: 200",
                         "Fetch API cannot load http://127.0.0.1:8803/case/redirect-cross-origin-exact-final/final due to access control checks."]),
          ])
    func taintedConsole(browser: BrowserName, lines: [String]) throws {
        var b = try makeBrowser(browser, page: "http://127.0.0.1:8801")
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "http://localhost:8802/case/redirect-cross-origin-exact-final/res")),
                              server: ClosureServer { req in
            if req.url.host == "localhost" {
                return redirect(to: "http://127.0.0.1:8803/case/redirect-cross-origin-exact-final/final", allowOrigin: "*")
            }
            return final(allowOrigin: "http://127.0.0.1:8801")
        })
        #expect(outcome.failure?.reason == .allowOriginMismatch)
        #expect(outcome.console.map(\.text) == lines)
    }

    // Recorded: oracle redirect-first-hop-no-acao.
    @Test("A redirect without ACAO: console lines as recorded",
          arguments: [
              (BrowserName.chrome, ["Access to fetch at 'http://localhost:8802/case/redirect-first-hop-no-acao/res' from origin 'http://127.0.0.1:8801' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."]),
              (.firefox, ["Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:8802/case/redirect-first-hop-no-acao/res. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 302.",
                          "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:8802/case/redirect-first-hop-no-acao/res. (Reason: CORS request did not succeed). Status code: (null)."]),
              (.safari, ["Cross-origin redirection to http://127.0.0.1:8803/case/redirect-first-hop-no-acao/final denied by Cross-Origin Resource Sharing policy: Origin http://127.0.0.1:8801 is not allowed by Access-Control-Allow-Origin. Status code: 302",
                         "Fetch API cannot load http://localhost:8802/case/redirect-first-hop-no-acao/res due to access control checks."]),
          ])
    func firstHopConsole(browser: BrowserName, lines: [String]) throws {
        var b = try makeBrowser(browser, page: "http://127.0.0.1:8801")
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "http://localhost:8802/case/redirect-first-hop-no-acao/res")),
                              server: ClosureServer { req in
            if req.url.host == "localhost" {
                return redirect(to: "http://127.0.0.1:8803/case/redirect-first-hop-no-acao/final", allowOrigin: nil)
            }
            return final(allowOrigin: "*")
        })
        #expect(outcome.failure?.reason == .missingAllowOrigin)
        #expect(outcome.requestsReceived.count == 1)
        #expect(outcome.console.map(\.text) == lines)
    }

    // Recorded: Tests/Conformance dt-9001-00910 (WebKitGTK names `h1#a` for a request to `h0#a`).
    @Test("Safari's redirect line names the target with the request's fragment unless the Location has its own",
          arguments: [("http://127.0.0.1:8803/next", "http://127.0.0.1:8803/next#a"),
                      ("http://127.0.0.1:8803/next#b", "http://127.0.0.1:8803/next#b")])
    func safariRedirectTargetInheritsFragment(location: String, named: String) throws {
        var b = try makeBrowser(.safari, page: "http://127.0.0.1:8801")
        let outcome = b.fetch(FetchRequest("GET", try FetchURL(parsing: "http://localhost:8802/res#a")),
                              server: ClosureServer { _ in redirect(to: location, allowOrigin: nil) })
        #expect(outcome.failure?.reason == .missingAllowOrigin)
        #expect(outcome.console.first?.text.hasPrefix("Cross-origin redirection to \(named) denied") == true)
    }
}
