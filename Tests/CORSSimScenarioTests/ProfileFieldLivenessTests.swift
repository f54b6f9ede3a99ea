import Testing
@testable import CORSSim

// "Profile field is live": for every rule field of a browser profile, a small run of fetches whose
// observable outcome (verdict, failure, script error, console, what went on the wire, what the
// script sees) changes when that one field is flipped. A field no run can tell apart is inert:
// it must be made live or deleted. The table names each field by its path in `BrowserProfile`.

private let page = "https://app.example"
private let api = "https://api.example"

/// A test server: preflights echo what was asked unless told otherwise; paths in `redirects` answer
/// with that status and Location; a request whose body is "fail" gets a response without ACAO.
private struct Server {
    var allowOrigin = "*"
    var credentials = false
    var allowMethods: String?
    var allowHeaders: String?
    var maxAge: String? = "60"
    var preflightStatus = 204
    var redirects: [String: (status: Int, location: String)] = [:]
    var extraHeaders: HeaderList = []
    /// Paths that answer with this status and no Location.
    var statusWithoutLocation: [String: Int] = [:]
    /// Paths whose responses (preflights too) carry this Access-Control-Allow-Origin instead.
    var allowOriginAt: [String: String] = [:]
    /// Paths whose responses carry these headers besides `extraHeaders`.
    var extraHeadersAt: [String: HeaderList] = [:]
    /// When set, a request with `If-None-Match` is answered 304 with these headers (and the ACAO).
    var notModifiedHeaders: HeaderList?

    var closure: ClosureServer {
        let config = self
        return ClosureServer { req in
            var headers = config.extraHeaders
            for h in config.extraHeadersAt[req.url.path] ?? [] { headers.append(h) }
            headers.append("Access-Control-Allow-Origin", config.allowOriginAt[req.url.path] ?? config.allowOrigin)
            if config.credentials { headers.append("Access-Control-Allow-Credentials", "true") }
            if req.isPreflight {
                if let m = config.allowMethods ?? req.headers.get("Access-Control-Request-Method") {
                    headers.append("Access-Control-Allow-Methods", m)
                }
                if let h = config.allowHeaders ?? req.headers.get("Access-Control-Request-Headers") {
                    headers.append("Access-Control-Allow-Headers", h)
                }
                if let maxAge = config.maxAge { headers.append("Access-Control-Max-Age", maxAge) }
                return WireResponse(status: config.preflightStatus, headers: headers)
            }
            if let extra = config.notModifiedHeaders, req.headers.contains(lowercased: "if-none-match") {
                var notModified: HeaderList = [("Access-Control-Allow-Origin", config.allowOrigin)]
                for h in extra { notModified.append(h) }
                return WireResponse(status: 304, headers: notModified)
            }
            if let status = config.statusWithoutLocation[req.url.path] {
                return WireResponse(status: status, headers: headers, body: "status body")
            }
            if let r = config.redirects[req.url.path] {
                headers.append("Location", r.location)
                return WireResponse(status: r.status, headers: headers)
            }
            if req.body == "fail" { return WireResponse(status: 200, body: "no acao") }
            return WireResponse(status: 200, headers: headers, body: "ok")
        }
    }
}

/// One step of a run.
private enum Step {
    case fetch(FetchRequest)
    case advance(Int64)
    case navigate(page: String, topLevel: String?)
    /// The page, with the user's answer to the Local Network Access prompt.
    case navigateAnswered(page: String, permission: LocalNetworkPermission)
    /// A fresh opaque origin (a sandboxed iframe).
    case navigateOpaque
    /// The page's script sets `document.cookie`.
    case setCookie(String)
}

private func request(_ method: String = "PUT", _ url: String = api + "/res", headers: HeaderList = [],
                     body: RequestBody? = nil, mode: RequestMode = .cors, credentials: CredentialsMode = .omit,
                     redirect: RedirectMode = .follow, cache: CacheMode = .default,
                     referrerPolicy: ReferrerPolicy = .empty, referrer: String? = nil) -> Step {
    .fetch(FetchRequest(method, try! FetchURL(parsingAnyScheme: url), headers: headers, body: body, mode: mode,
                        credentials: credentials, redirect: redirect, cache: cache, referrerPolicy: referrerPolicy,
                        referrer: referrer))
}

/// Everything the run shows from outside: per fetch the verdict, failure, script error, console,
/// the preflights and requests on the wire, and the response the script got.
private func observe(_ profile: BrowserProfile, page: String = page, topLevel: String? = nil, server: Server,
                     _ steps: [Step]) -> String {
    var browser = Browser(profile, page: try! Origin(parsing: page), topLevel: topLevel.map { try! Origin(parsing: $0) })
    var lines: [String] = []
    for step in steps {
        switch step {
        case .advance(let ms):
            browser.advance(milliseconds: ms)
        case let .navigate(page, topLevel):
            browser.navigate(to: try! Origin(parsing: page), topLevel: topLevel.map { try! Origin(parsing: $0) })
        case .navigateOpaque:
            browser.navigate(to: nil)
        case let .navigateAnswered(page, permission):
            browser.navigate(to: try! Origin(parsing: page), localNetworkPermission: permission)
        case .setCookie(let text):
            browser.setCookie(text)
        case .fetch(let r):
            let o = browser.fetch(r, server: server.closure)
            var line = "\(o.verdict) \(o.failure.map { "\($0.reason) \($0.value ?? "")" } ?? "ok") \(o.scriptError ?? "")"
            line += " console=\(o.console.map(\.text))"
            for p in o.preflightsSent { line += " P[\(p.url.serialized()) \(p.headers.map { "\($0.name): \($0.value)" })]" }
            for q in o.requestsReceived { line += " R[\(q.method) \(q.url.serialized()) \(q.headers.map { "\($0.name): \($0.value)" })]" }
            if let resp = o.response {
                line += " resp[\(resp.type) \(resp.status) \(resp.url) \(resp.body) \(resp.headers.map { "\($0.name): \($0.value)" })]"
            }
            lines.append(line)
        }
    }
    return lines.joined(separator: "\n")
}

/// One row: a field, the profile to start from, the flip, and the run that must tell them apart.
private struct Row: CustomTestStringConvertible, Sendable {
    var field: String
    var base: BrowserProfile
    var flip: @Sendable (inout BrowserProfile) -> Void
    var run: @Sendable (BrowserProfile) -> String
    var testDescription: String { "\(field) (from \(base.displayName))" }
}

private func row(_ field: String, _ base: BrowserProfile, flip: @escaping @Sendable (inout BrowserProfile) -> Void,
                 server: Server = Server(), page: String = page, topLevel: String? = nil, _ steps: [Step]) -> Row {
    nonisolated(unsafe) let steps = steps
    return Row(field: field, base: base, flip: flip) { observe($0, page: page, topLevel: topLevel, server: server, steps) }
}

/// Nine different names Chrome safelists, 128 bytes each: 1152 bytes together.
private let nineSafelistedNames = HeaderList(
    ["Accept", "Accept-Language", "Content-Language", "Intervention"].map { Header($0, String(repeating: "a", count: 128)) }
        + ["Width", "Viewport-Width", "RTT", "DPR", "Downlink"].map { Header($0, String(repeating: "1", count: 128)) })
/// Safelisted values of 1,022 bytes in all, no Accept: 7 × 128 + 126.
private let eightSafelistedNamesWithoutAccept = HeaderList(
    ["Accept-Language", "Content-Language", "Intervention"].map { Header($0, String(repeating: "a", count: 128)) }
        + ["Width", "Viewport-Width", "RTT", "DPR"].map { Header($0, String(repeating: "1", count: 128)) }
        + [Header("Downlink", String(repeating: "1", count: 126))])
private let xa: HeaderList = [("X-A", "1")]
private let xb: HeaderList = [("X-B", "1")]
private let onlyXA = Server(allowHeaders: "x-a")
private var longURL: String { api + "/" + String(repeating: "p", count: 1100) }
/// Chrome whose lookups keep what they miss, so that the shape alone decides what a third fetch finds.
private let chromeKeepingMisses: BrowserProfile = {
    var p = BrowserProfile.chrome
    p.cache.erasesOnMiss = false
    return p
}()
private let withSpecAuthorizationByStar: BrowserProfile = {
    var p = BrowserProfile.spec
    p.preflight.wildcardCoversAuthorization = true
    return p
}()

/// Chrome 141: Private Network Access preflights in warning mode (Browsers/History.swift).
private let chrome141 = try! BrowserProfile.named("chrome@141")

private let cacheable = Server(extraHeaders: [("Cache-Control", "max-age=600")])

/// A credentialed cross-site API (page https://app.example, API https://api.example) setting one cookie.
private func cookieServer(_ setCookie: String, allowOrigin: String = page) -> Server {
    Server(allowOrigin: allowOrigin, credentials: true, extraHeaders: [("Set-Cookie", setCookie)])
}
private func credentialedGET(_ url: String = api + "/res") -> Step { request("GET", url, credentials: .include) }

private let rows: [Row] = [
    // Cookies (Sources/CORSSim/Cookies/): a cookie set by the first fetch's response, sent or not by the second.
    row("cookies.unspecifiedSameSite", .chrome, flip: { $0.cookies.unspecifiedSameSite = .none },
        server: cookieServer("plain=1; Secure"), [credentialedGET(), credentialedGET()]),
    row("cookies.sameSiteNoneRequiresSecure", .chrome, flip: { $0.cookies.sameSiteNoneRequiresSecure = false },
        server: cookieServer("n=1; SameSite=None"), [credentialedGET(), credentialedGET()]),
    row("cookies.thirdParty", .chrome, flip: { $0.cookies.thirdParty = .blocked },
        server: cookieServer("n=1; SameSite=None; Secure"), [credentialedGET(), credentialedGET()]),
    row("cookies.partitionedCookies", .chrome, flip: { $0.cookies.partitionedCookies = false },
        server: cookieServer("c=1; SameSite=None; Secure; Partitioned"),
        [credentialedGET(), .navigate(page: api, topLevel: nil), credentialedGET()]),
    // WebKitGTK refuses api.s.example's cookie for a page on app.s.example (each host under the
    // unlisted TLD .example is its own site for libsoup); with one site, the second fetch carries it.
    row("cookies.unlistedTLDHostIsOwnSite", .webkitgtk, flip: { $0.cookies.unlistedTLDHostIsOwnSite = false },
        server: cookieServer("n=1", allowOrigin: "https://app.s.example"), page: "https://app.s.example",
        [credentialedGET("https://api.s.example/res"), credentialedGET("https://api.s.example/res")]),
    // libsoup 3.2's jar and parser (the webkitgtk profile): cookies set by the page's script, then
    // a credentialed fetch to the page's own origin.
    row("cookies.headerOrder", .chrome, flip: { $0.cookies.headerOrder = .domainLookup },
        server: Server(allowOrigin: page, credentials: true),
        [.setCookie("h=1"), .setCookie("d=1; Domain=app.example"), credentialedGET(page + "/res")]),
    row("cookies.lowercasesDomainAttribute", .chrome, flip: { $0.cookies.lowercasesDomainAttribute = false },
        server: Server(allowOrigin: "https://app.s.example", credentials: true), page: "https://app.s.example",
        [.setCookie("d=1; Domain=S.EXAMPLE"), credentialedGET("https://app.s.example/res")]),
    row("cookies.emptyDomainUnsetsDomain", .chrome, flip: { $0.cookies.emptyDomainUnsetsDomain = false },
        server: Server(allowOrigin: page, credentials: true),
        [.setCookie("d=1; Domain=app.example; Domain="), credentialedGET("https://www.app.example/res")]),
    row("cookies.domainNeedsDot", .chrome, flip: { $0.cookies.domainNeedsDot = true },
        server: Server(allowOrigin: "http://localhost", credentials: true), page: "http://localhost",
        [.setCookie("d=1; Domain=localhost"), credentialedGET("http://localhost/res")]),
    row("cookies.enforcesNamePrefixes", .chrome, flip: { $0.cookies.enforcesNamePrefixes = false },
        server: Server(allowOrigin: page, credentials: true),
        [.setCookie("__Secure-s=1"), credentialedGET(page + "/res")]),
    row("cookies.maxAgeWinsOverExpires", .chrome, flip: { $0.cookies.maxAgeWinsOverExpires = false },
        server: Server(allowOrigin: page, credentials: true),
        [.setCookie("m=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), credentialedGET(page + "/res")]),
    row("cookies.maxAgeSyntax", .chrome, flip: { $0.cookies.maxAgeSyntax = .libsoupStrtolToInt },
        server: Server(allowOrigin: page, credentials: true),
        [.setCookie("m=1; Max-Age="), credentialedGET(page + "/res")]),
    row("cookies.sizeLimits", .chrome, flip: { $0.cookies.sizeLimits = false },
        server: Server(allowOrigin: page, credentials: true),
        [.setCookie("big=" + String(repeating: "v", count: 4094)), credentialedGET(page + "/res")]),
    // MARK: Network stack: GLib's URL normalization on the wire, WebKitGTK's Latin-1 Location.
    row("networkStack.decodesUnreservedEscapes", .chrome, flip: { $0.networkStack.decodesUnreservedEscapes = true },
        [request("GET", api + "/%7Eres?q=%2e")]),
    row("networkStack.locationBytes", .chrome, flip: { $0.networkStack.locationBytes = .latin1 },
        server: Server(redirects: ["/start": (302, "/café")]), [request("GET", api + "/start")]),
    // The header lines on the wire: libsoup's UTF-8, Chromium's Range, Gecko's header array and hops.
    row("networkStack.headerValueBytes", .chrome, flip: { $0.networkStack.headerValueBytes = .utf8 },
        [request("GET", headers: [("X-Foo", "caf\u{E9}")])]),
    row("networkStack.repeatedRequestHeaders", .firefox, flip: { $0.networkStack.repeatedRequestHeaders = .combined },
        [request("GET", headers: [("Authorization", "Bearer a"), ("Authorization", "Bearer b")])]),
    // A PUT turned into GET by a 303, then a 307: Gecko sets the body's Content-Type again.
    row("networkStack.redirectHopHeaders", .firefox, flip: { $0.networkStack.redirectHopHeaders = .requestHeaderList },
        server: Server(redirects: ["/start": (303, api + "/mid"), "/mid": (307, api + "/res")]),
        [request("PUT", api + "/start", body: .text("x"))]),
    row("cookies.schemefulSameSite", .chrome, flip: { $0.cookies.schemefulSameSite = false },
        server: Server(allowOrigin: "http://api.example", credentials: true),
        [.navigate(page: api, topLevel: nil), .setCookie("lax=1; SameSite=Lax"), .navigate(page: "http://api.example", topLevel: nil),
         credentialedGET()]),
    // The page's own Lax cookie on the hop back to the page after a cross-site redirect.
    row("cookies.sameSiteConsidersRedirectChain", .chrome, flip: { $0.cookies.sameSiteConsidersRedirectChain = true },
        server: Server(allowOrigin: page, credentials: true, redirects: ["/start": (302, page + "/res")]),
        [.setCookie("lax=1; SameSite=Lax"), credentialedGET(api + "/start")]),
    // `__HOST-` with a Domain breaks the __Host- prefix's rules only when prefixes match in any case.
    row("cookies.prefixesMatchCaseInsensitively", .chrome, flip: { $0.cookies.prefixesMatchCaseInsensitively = false },
        server: cookieServer("__HOST-n=1; SameSite=None; Secure; Path=/; Domain=api.example"), [credentialedGET(), credentialedGET()]),

    // Recorded engine quirks (Tests/CORSSimUnitTests/RecordedEngineQuirkTests.swift).
    row("preflight.headerCheckOrder", .chrome, flip: { $0.preflight.headerCheckOrder = .knownNamesFirst },
        server: Server(allowHeaders: "x-other"), [request(headers: [("X-Zed", "1"), ("X-Abc", "1")])]),
    row("preflight.originCheckedBeforeRedirect", .firefox, flip: { $0.preflight.originCheckedBeforeRedirect = false },
        server: Server(allowOrigin: "https://nope.example", preflightStatus: 307, extraHeaders: [("Location", "/elsewhere")]),
        [request()]),
    // A preflighted no-cache fetch: `Cache-Control: max-age=0` on its preflight or not.
    row("preflight.carriesCacheModeHeaders", .chrome, flip: { $0.preflight.carriesCacheModeHeaders = false },
        [request("PUT", body: .text("x"), cache: .noCache)]),
    row("preflight.pageOriginPreflightSkipsCORSCheck", .firefox, flip: { $0.preflight.pageOriginPreflightSkipsCORSCheck = false },
        server: Server(redirects: ["/start": (307, page + "/res")], allowOriginAt: ["/res": "https://nope.example"]),
        [request("PUT", api + "/start", body: .text("x"))]),
    row("requestHeaders.rangeBoundsAllowPlusSign", .safari, flip: { $0.requestHeaders.rangeBoundsAllowPlusSign = false },
        [request("GET", headers: [("Range", "bytes=+1-3")])]),
    row("redirects.statuses", .safari, flip: { $0.redirects.statuses = .standard },
        server: Server(redirects: ["/start": (399, "/end")]), [request("GET", api + "/start")]),
    row("redirects.errorModeIgnoresRedirectWithoutLocation", .chrome,
        flip: { $0.redirects.errorModeIgnoresRedirectWithoutLocation = false },
        server: Server(statusWithoutLocation: ["/start": 302]), [request("GET", api + "/start", redirect: .error)]),
    row("redirects.crossOriginDeleteBecomesGET", .safari, flip: { $0.redirects.crossOriginDeleteBecomesGET = false },
        server: Server(redirects: ["/start": (307, "https://other.example/end")]), [request("DELETE", api + "/start")]),
    row("redirects.crossOriginHopNullsNonCORSOrigin", .chrome, flip: { $0.redirects.crossOriginHopNullsNonCORSOrigin = false },
        server: Server(redirects: ["/start": (307, "https://other.example/end")]),
        [request("POST", page + "/start", body: .text("x"), mode: .noCORS)]),
    row("redirects.redirectRecheckedWithInitialCredentials", .safari,
        flip: { $0.redirects.redirectRecheckedWithInitialCredentials = false },
        server: Server(redirects: ["/start": (302, "https://other.example/mid"), "/mid": (302, "/end")]),
        [request("GET", page + "/start", credentials: .sameOrigin)]),
    row("redirects.refusesCredentialsInAnyLocation", .chrome, flip: { $0.redirects.refusesCredentialsInAnyLocation = false },
        server: Server(redirects: ["/start": (307, "https://u:p@other.example/end")]),
        [request("GET", api + "/start", mode: .noCORS)]),
    row("redirects.errorModeAfterLocationChecks", .chrome, flip: { $0.redirects.errorModeAfterLocationChecks = false },
        server: Server(redirects: ["/start": (307, "https://u:p@other.example/end")]),
        [request("GET", page + "/start", redirect: .error)]),
    row("redirects.crossOriginLocationCredentialsRefusedAfterPreflight", .safari,
        flip: { $0.redirects.crossOriginLocationCredentialsRefusedAfterPreflight = false },
        server: Server(redirects: ["/start": (307, "https://u:p@other.example/end")]),
        [request("PUT", page + "/start")]),
    row("appendsOriginWhenStorageAccessInactive", .firefox,
        flip: { $0.appendsOriginWhenStorageAccessInactive = false },
        [.navigateOpaque, request("GET", page + "/res", mode: .noCORS, credentials: .include)]),
    // Schemes that are not HTTP(S) (Checks/SchemeFetch.swift).
    row("schemeFetch.dataURLContentLength", .firefox, flip: { $0.schemeFetch.dataURLContentLength = false },
        [request("GET", "data:,x")]),
    row("schemeFetch.dataURLCharsetLast", .chrome, flip: { $0.schemeFetch.dataURLCharsetLast = false },
        [request("GET", "data:text/plain;charset=UTF-8;a=b,x")]),
    row("schemeFetch.noCORSRedirectModeCheckedForData", .safari, flip: { $0.schemeFetch.noCORSRedirectModeCheckedForData = false },
        [request("GET", "data:,x", mode: .noCORS, redirect: .manual)]),
    row("schemeFetch.answersAboutBlank", .firefox, flip: { $0.schemeFetch.answersAboutBlank = false },
        [request("GET", "about:blank", mode: .noCORS)]),
    row("schemeFetch.localURLRefusedBeforeNoCORSRedirectMode", .safari,
        flip: { $0.schemeFetch.localURLRefusedBeforeNoCORSRedirectMode = false },
        [request("GET", "file:///x", mode: .noCORS, redirect: .manual)]),
    row("schemeFetch.dataURLBase64URLStripsWhitespace", .firefox,
        flip: { $0.schemeFetch.dataURLBase64URLStripsWhitespace = false }, [request("GET", "data:;base64,W A")]),
    row("schemeFetch.dataURLKeepsQuotedParameters", .chrome,
        flip: { $0.schemeFetch.dataURLKeepsQuotedParameters = false }, [request("GET", "data:text/plain;a=\"b\",X")]),
    row("networkStack.bodylessStatuses", .chrome, flip: { $0.networkStack.bodylessStatuses = [204, 304] },
        server: Server(statusWithoutLocation: ["/res": 205]), [request("GET")]),
    row("redirects.manualWithoutLocationKeepsBody", .safari, flip: { $0.redirects.manualWithoutLocationKeepsBody = false },
        server: Server(statusWithoutLocation: ["/res": 307]), [request("GET", redirect: .manual)]),
    row("schemeFetch.mixedContent", .safari, flip: { $0.schemeFetch.mixedContent = .never },
        page: "https://app.example", [request("GET", "foo:bar", mode: .noCORS)]),
    // The context headers (Checks/FetchMetadata.swift). Gecko: a redirect from an http: URL makes
    // a same-site hop cross-site.
    row("contextHeaders.site", .firefox, flip: { $0.contextHeaders.site = .schemefulOverURLList },
        server: Server(redirects: ["/start": (302, "http://localhost:8081/res")]), page: "http://localhost",
        [request("GET", "http://localhost:8080/start", mode: .noCORS)]),
    // The preflight of the hop back to the page's origin after a tainting redirect.
    row("contextHeaders.preflightSiteFromTaintedOrigin", .safari, flip: { $0.contextHeaders.preflightSiteFromTaintedOrigin = false },
        server: Server(redirects: ["/start": (307, page + "/res")]), [request("PUT", api + "/start")]),
    row("contextHeaders.preflightAlwaysCarriesMode", .chrome, flip: { $0.contextHeaders.preflightAlwaysCarriesMode = false },
        page: "http://app.example", [request("PUT", "http://api.example/res")]),
    row("contextHeaders.crossOriginCORSHopDropsFetchMetadata", .safari,
        flip: { $0.contextHeaders.crossOriginCORSHopDropsFetchMetadata = false },
        server: Server(redirects: ["/start": (302, "https://other.example/res")]), [request("GET", api + "/start")]),
    row("contextHeaders.opaqueDocumentSendsReferrer", .safari, flip: { $0.contextHeaders.opaqueDocumentSendsReferrer = false },
        [.navigateOpaque, request("GET")]),
    // unsafe-url to another site: Gecko sends the origin alone.
    row("contextHeaders.crossSiteIgnoresRelaxingPolicies", .firefox,
        flip: { $0.contextHeaders.crossSiteIgnoresRelaxingPolicies = false },
        [request("GET", "https://other.example/res", referrerPolicy: .unsafeURL, referrer: page + "/doc?q")]),
    // The preflight to another origin after a same-origin hop that sent the whole URL.
    row("contextHeaders.preflightReferrer", .safari, flip: { $0.contextHeaders.preflightReferrer = .policy },
        server: Server(redirects: ["/start": (307, api + "/res")]),
        [request("PUT", page + "/start", referrer: page + "/doc?q")]),
    row("schemeFetch.mixedContent", .spec, flip: { $0.schemeFetch.mixedContent = .noCORSOnly },
        page: "https://app.example", [request("GET", "foo:bar")]),
    row("resendsMisdirectedRequest", .chrome, flip: { $0.resendsMisdirectedRequest = false },
        server: Server(statusWithoutLocation: ["/res": 421]), [request("GET")]),
    row("networkStack.directProxyAuthenticationIsNetworkError", .chrome,
        flip: { $0.networkStack.directProxyAuthenticationIsNetworkError = false },
        server: Server(statusWithoutLocation: ["/res": 407]), [request("GET")]),
    // Two different Content-Length lines: Chromium refuses the response, libsoup reads it.
    row("networkStack.repeatedResponseFields", .chrome, flip: { $0.networkStack.repeatedResponseFields = .combined },
        server: Server(extraHeaders: [("Content-Length", "2"), ("Content-Length", "3")]), [request("GET")]),
    // Two Content-Type lines: Gecko shows them joined with `,`, the standard with `, `.
    row("networkStack.repeatedResponseHeaderValues", .firefox,
        flip: { $0.networkStack.repeatedResponseHeaderValues = .combined },
        server: Server(extraHeaders: [("Content-Type", "text/plain"), ("Content-Type", "text/html")]), [request("GET")]),
    // A no-cors POST from an https page (loopback, so Local Network Access stays out) to http.
    row("nullsOriginOnDowngrade", .firefox, flip: { $0.nullsOriginOnDowngrade = false },
        page: "https://localhost", [request("POST", "http://localhost/res", mode: .noCORS)]),
    row("responseCheck.exposeListFailure", .firefox, flip: { $0.responseCheck.exposeListFailure = .ignoresList },
        server: Server(extraHeaders: [("Access-Control-Expose-Headers", "*, X-A X-B"), ("X-A", "1")]), [request("GET")]),
    // The HTTP cache (Cache/HTTPCache.swift).
    row("httpCache.partition", .chrome, flip: { $0.httpCache.partition = .none }, server: cacheable,
        [request("GET"), .navigate(page: "https://other.example", topLevel: nil), request("GET")]),
    // A page null's fetches: its own second one (Chrome: none cached; own partition: answered).
    row("httpCache.opaquePageCache", .chrome, flip: { $0.httpCache.opaquePageCache = .ownPartition }, server: cacheable,
        [.navigateOpaque, request("GET"), request("GET")]),
    // The embedding page stores, the page null it embeds reads (Firefox) or not (own partition).
    row("httpCache.opaquePageCache", .firefox, flip: { $0.httpCache.opaquePageCache = .ownPartition }, server: cacheable,
        [request("GET"), .navigateOpaque, request("GET")]),
    row("httpCache.credentialsInKey", .firefox, flip: { $0.httpCache.credentialsInKey = false },
        server: Server(allowOrigin: page, credentials: true, extraHeaders: [("Cache-Control", "max-age=600")]),
        [request("GET"), request("GET", credentials: .include)]),
    row("httpCache.storesWithoutFreshnessOrValidators", .safari, flip: { $0.httpCache.storesWithoutFreshnessOrValidators = true },
        [request("GET"), request("GET", cache: .forceCache)]),
    row("httpCache.heuristicCapSeconds", .chrome, flip: { $0.httpCache.heuristicCapSeconds = 10 },
        server: Server(extraHeaders: [("Last-Modified", "Thu, 01 Jan 2015 00:00:00 GMT")]),
        [request("GET"), .advance(20_000), request("GET")]),
    row("httpCache.reusableStatuses", .firefox, flip: { $0.httpCache.reusableStatuses = nil },
        server: Server(redirects: ["/res": (404, "/elsewhere")], extraHeaders: [("Cache-Control", "max-age=600")]),
        [request("GET"), request("GET")]),
    row("httpCache.freshAtExactLifetime", .safari, flip: { $0.httpCache.freshAtExactLifetime = false }, server: cacheable,
        [request("GET"), .advance(600_000), request("GET")]),
    row("httpCache.headReadsStoredGET", .chrome, flip: { $0.httpCache.headReadsStoredGET = false }, server: cacheable,
        [request("GET"), request("HEAD")]),
    row("httpCache.storesHEADResponses", .firefox, flip: { $0.httpCache.storesHEADResponses = false }, server: cacheable,
        [request("HEAD"), request("HEAD")]),
    row("httpCache.implicitFreshness", .chrome, flip: { $0.httpCache.implicitFreshness = [:] },
        server: Server(redirects: ["/start": (301, "/res")]), [request("GET", api + "/start"), request("GET", api + "/start")]),
    // A 308 is never stored by WebKit: the second fetch's 308 comes from the network, and its
    // target (stored by the first fetch) is read from the cache only when every hop reads it.
    row("httpCache.redirectHopsReadCache", .safari, flip: { $0.httpCache.redirectHopsReadCache = .always },
        server: Server(redirects: ["/start": (308, "/res")], extraHeaders: [("Cache-Control", "max-age=600")]),
        [request("GET", api + "/start"), request("GET", api + "/start")]),
    row("httpCache.redirectCacheSkipsFragmentURLs", .safari, flip: { $0.httpCache.redirectCacheSkipsFragmentURLs = false },
        server: Server(redirects: ["/start": (302, "/res")], extraHeaders: [("Cache-Control", "max-age=600")]),
        [request("GET", api + "/start#f"), request("GET", api + "/start#f")]),
    // The 302 is fresh, its target stale with an ETag: WebKit sends /start again with the
    // target's If-None-Match, and /res with it too.
    row("httpCache.revalidatesRedirectTargetThroughFirstRequest", .safari,
        flip: { $0.httpCache.revalidatesRedirectTargetThroughFirstRequest = false },
        server: Server(redirects: ["/start": (302, "/res")], extraHeaders: [("ETag", "\"v1\"")],
                       extraHeadersAt: ["/start": [("Cache-Control", "max-age=600")]]),
        [request("GET", api + "/start"), request("GET", api + "/start")]),
    row("httpCache.hopsReadStoresOfSameFetch", .chrome, flip: { $0.httpCache.hopsReadStoresOfSameFetch = false },
        server: Server(redirects: ["/a": (302, "/b"), "/b": (302, "/a")], extraHeaders: [("Cache-Control", "max-age=600")]),
        [request("GET", api + "/a")]),
    row("httpCache.cachedRedirectLimit", .safari, flip: { $0.httpCache.cachedRedirectLimit = nil },
        server: Server(redirects: ["/r1": (302, "/r2"), "/r2": (302, "/r3"), "/r3": (302, "/r4"), "/r4": (302, "/r5"),
                                   "/r5": (302, "/r6"), "/r6": (302, "/res")],
                       extraHeaders: [("Cache-Control", "max-age=600")]),
        [request("GET", api + "/r1"), request("GET", api + "/r1")]),
    row("httpCache.defaultCacheableStatuses", .safari, flip: { $0.httpCache.defaultCacheableStatuses = nil },
        server: Server(redirects: ["/start": (308, "/res")], extraHeaders: [("Cache-Control", "max-age=600")]),
        [request("GET", api + "/start"), request("GET", api + "/start", cache: .forceCache)]),
    row("httpCache.cacheableWithExplicitExpiration", .safari, flip: { $0.httpCache.cacheableWithExplicitExpiration = [] },
        server: Server(redirects: ["/start": (302, "/res")], extraHeaders: [("Cache-Control", "max-age=600")]),
        [request("GET", api + "/start"), request("GET", api + "/start", cache: .forceCache)]),
    row("httpCache.storesPartialResponses", .chrome, flip: { $0.httpCache.storesPartialResponses = true },
        server: Server(extraHeaders: [("Cache-Control", "max-age=600")], statusWithoutLocation: ["/res": 206]),
        [request("GET"), request("GET", cache: .forceCache)]),
    row("httpCache.rangeRequests (a sub-range bypasses the cache)", .firefox,
        flip: { $0.httpCache.rangeRequests = .likeAnyRequest }, server: cacheable,
        [request("GET", headers: [("Range", "bytes=0-3")]), request("GET", headers: [("Range", "bytes=0-3")])]),
    // A stored 200 answers the Range request cut to a 206 (Content-Range bytes 0-3/N) where
    // byte ranges are stored and combined; like any request, it answers whole.
    row("httpCache.rangeRequests (single byte ranges stored and combined)", .chrome,
        flip: { $0.httpCache.rangeRequests = .likeAnyRequest }, server: cacheable,
        [request("GET"), request("GET", headers: [("Range", "bytes=0-3")])]),
    row("httpCache.rangeRequests (the Range value is in the key)", .safari,
        flip: { $0.httpCache.rangeRequests = .likeAnyRequest }, server: cacheable,
        [request("GET"), request("GET", headers: [("Range", "bytes=0-3")])]),
    row("httpCache.ignoresInvalidExpires", .safari, flip: { $0.httpCache.ignoresInvalidExpires = false },
        server: Server(extraHeaders: [("Expires", "0"), ("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")]),
        [request("GET"), request("GET")]),
    row("httpCache.qualifiedNoCacheRequiresValidation", .chrome, flip: { $0.httpCache.qualifiedNoCacheRequiresValidation = true },
        server: Server(extraHeaders: [("Cache-Control", "max-age=600, no-cache=\"X-A\""), ("ETag", "\"v1\"")]),
        [request("GET"), request("GET")]),
    row("httpCache.storesEveryStatus", .chrome, flip: { $0.httpCache.storesEveryStatus = false },
        server: Server(redirects: ["/start": (302, "/res")]),
        [request("GET", api + "/start"), request("GET", api + "/start", cache: .forceCache)]),
    row("httpCache.answering3xxStatuses", .firefox, flip: { $0.httpCache.answering3xxStatuses = nil },
        server: Server(redirects: ["/start": (399, "/res")]),
        [request("GET", api + "/start"), request("GET", api + "/start", cache: .forceCache)]),
    row("httpCache.explicitFreshnessStatuses", .firefox, flip: { $0.httpCache.explicitFreshnessStatuses = [] },
        server: Server(redirects: ["/start": (303, "/res")]),
        [request("GET", api + "/start"), request("GET", api + "/start", cache: .forceCache)]),
    row("httpCache.keepsRefusedRedirect", .firefox, flip: { $0.httpCache.keepsRefusedRedirect = true },
        server: Server(redirects: ["/start": (307, "/res")], extraHeaders: [("Cross-Origin-Resource-Policy", "same-origin")]),
        [request("GET", api + "/start", mode: .noCORS), request("GET", api + "/start", mode: .noCORS, cache: .forceCache)]),
    row("httpCache.keepsResponseFailingCORSCheck", .firefox, flip: { $0.httpCache.keepsResponseFailingCORSCheck = false },
        server: Server(allowOrigin: "https://nope.example", extraHeaders: [("Cache-Control", "max-age=600")]),
        [request("GET"), request("GET")]),
    row("httpCache.keepsRedirectFailingCORSCheck", .firefox, flip: { $0.httpCache.keepsRedirectFailingCORSCheck = true },
        server: Server(allowOrigin: "https://nope.example", redirects: ["/start": (307, "/res")],
                       extraHeaders: [("Cache-Control", "max-age=600")]),
        [request("GET", api + "/start"), request("GET", api + "/start")]),
    row("httpCache.memoryOnlyAfterCachedPermanentRedirect", .firefox,
        flip: { $0.httpCache.memoryOnlyAfterCachedPermanentRedirect = false },
        server: Server(redirects: ["/start": (301, "/res")], extraHeaders: [("Cache-Control", "max-age=600")]),
        page: "http://app.example", [request("GET", "http://api.example/start"), request("GET", "http://api.example/start")]),
    row("httpCache.thirdPartyFetchInKey", .firefox, flip: { $0.httpCache.thirdPartyFetchInKey = false }, server: cacheable,
        [.navigateOpaque, request("GET", page + "/res"), .navigate(page: page, topLevel: nil), request("GET", page + "/res")]),
    row("httpCache.unsafeMethodInvalidation", .firefox, flip: { $0.httpCache.unsafeMethodInvalidation = .requestURL },
        server: cacheable, [request("GET"), request("POST"), request("GET")]),
    // A FOO is not one of Chromium's invalidating methods: the GET after it is answered from the cache.
    row("httpCache.invalidatingMethods", .chrome, flip: { $0.httpCache.invalidatingMethods = nil },
        server: cacheable, [request("GET"), request("FOO"), request("GET")]),
    // Every answer is a 500 fresh for 600 s (Chrome stores and reuses any status): the POST's 500
    // removes the stored GET only where an error response invalidates.
    row("httpCache.invalidatesOnErrorStatus", .chrome, flip: { $0.httpCache.invalidatesOnErrorStatus = true },
        server: Server(extraHeaders: [("Cache-Control", "max-age=600")], statusWithoutLocation: ["/res": 500]),
        [request("GET"), request("POST"), request("GET")]),
    // A stale 203 with Last-Modified: Chrome asks for it again without If-Modified-Since.
    row("httpCache.conditionalStatuses", .chrome, flip: { $0.httpCache.conditionalStatuses = nil },
        server: Server(extraHeaders: [("Cache-Control", "max-age=0"), ("Last-Modified", "Thu, 01 Jan 2015 00:00:00 GMT")],
                       statusWithoutLocation: ["/res": 203]),
        [request("GET"), request("GET")]),
    // A 404 with only Last-Modified: heuristically fresh only where the list has 404.
    row("httpCache.heuristicStatuses", .chrome, flip: { $0.httpCache.heuristicStatuses = nil },
        server: Server(extraHeaders: [("Last-Modified", "Thu, 01 Jan 2015 00:00:00 GMT")], statusWithoutLocation: ["/res": 404]),
        [request("GET"), request("GET")]),
    // The script's Cache-Control: no-cache on a same-origin GET: Chrome does not read the stored response.
    row("httpCache.requestDirectives", .chrome, flip: { $0.httpCache.requestDirectives.noCache = .ignored },
        server: cacheable, [request("GET", page + "/res"), request("GET", page + "/res", headers: [("Cache-Control", "no-cache")])]),
    // max-age=1 three seconds later, no Date: Firefox's age is the Age header's (0), so it reuses.
    row("httpCache.requestDirectives.ageWithoutResidentTime", .firefox,
        flip: { $0.httpCache.requestDirectives.ageWithoutResidentTime = false },
        server: cacheable, [request("GET", page + "/res"), .advance(3_000),
                            request("GET", page + "/res", headers: [("Cache-Control", "max-age=1")])]),
    // max-stale=1000 on a response stale for 2 s: Safari reuses it, where it ignores max-stale.
    row("httpCache.requestDirectives.maxStale", .safari, flip: { $0.httpCache.requestDirectives.maxStale = false },
        server: Server(extraHeaders: [("Cache-Control", "max-age=1")]),
        [request("GET", page + "/res"), .advance(3_000),
         request("GET", page + "/res", headers: [("Cache-Control", "max-stale=1000")])]),
    // min-fresh=2000 on a response fresh for 1500 s: Firefox revalidates (sends it again).
    row("httpCache.requestDirectives.minFresh", .firefox, flip: { $0.httpCache.requestDirectives.minFresh = false },
        server: Server(extraHeaders: [("Cache-Control", "max-age=1500")]),
        [request("GET", page + "/res"), request("GET", page + "/res", headers: [("Cache-Control", "min-fresh=2000")])]),
    row("httpCache.storedHeadDropsEmptyAndTransientFields", .firefox,
        flip: { $0.httpCache.storedHeadDropsEmptyAndTransientFields = false },
        server: Server(allowOrigin: "", extraHeaders: [("Cache-Control", "max-age=600")]), [request("GET"), request("GET")]),
    row("redirects.locationTabIsPercentEncoded", .firefox, flip: { $0.redirects.locationTabIsPercentEncoded = false },
        server: Server(redirects: ["/start": (302, "/fi\tnal")]), [request("GET", api + "/start")]),
    // Local Network Access (Checks/LocalNetworkAccess.swift). The page https://app.example has no
    // declared address, so it is public.
    row("localNetworkAccess.gate", .chrome, flip: { $0.localNetworkAccess.gate = .none },
        [request("GET", "https://192.168.1.10/res")]),
    row("localNetworkAccess.blocksNonSecureContexts", .chrome, flip: { $0.localNetworkAccess.blocksNonSecureContexts = false },
        [.navigateAnswered(page: "http://app.example", permission: .granted), request("GET", "http://192.168.1.10/res")]),
    row("localNetworkAccess.privateLiteralsSkipMixedContent", .chrome, flip: { $0.localNetworkAccess.privateLiteralsSkipMixedContent = false },
        [.navigateAnswered(page: "https://app.example", permission: .granted), request("GET", "http://192.168.1.10/res")]),
    row("localNetworkAccess.documentationBlocksAreLocal", .chrome, flip: { $0.localNetworkAccess.documentationBlocksAreLocal = false },
        [request("GET", "https://[2001:db8::1]/res")]),
    row("localNetworkAccess.privateNetworkOnlyPreflightOmitsAccept", chrome141,
        flip: { $0.localNetworkAccess.privateNetworkOnlyPreflightOmitsAccept = false },
        [request("GET", "https://192.168.1.10/res")]),
    row("localNetworkAccess.naming", .chrome, flip: { $0.localNetworkAccess.naming = .privateNetworkAccess },
        [request("GET", "https://192.168.1.10/res")]),
    // a sandboxed iframe (page null) of a page the user granted
    row("localNetworkAccess.permissionOfTopLevelDocument", .firefox,
        flip: { $0.localNetworkAccess.permissionOfTopLevelDocument = false },
        [.navigateAnswered(page: "https://app.example", permission: .granted), .navigateOpaque,
         request("GET", "https://192.168.1.10/res")]),
    // MARK: Request headers
    row("requestHeaders.extraSafelistedNames", .chrome, flip: { $0.requestHeaders.extraSafelistedNames = [:] },
        [request("GET", headers: [("DPR", "2")])]),
    row("requestHeaders.appliesSafelistTotalLimit", .chrome, flip: { $0.requestHeaders.appliesSafelistTotalLimit = false },
        [request("GET", headers: nineSafelistedNames)]),
    // 1,022 safelisted bytes: over 1,024 only with the appended Accept's 3.
    row("requestHeaders.countsDefaultAcceptInSafelistTotal", .chrome, flip: { $0.requestHeaders.countsDefaultAcceptInSafelistTotal = false },
        [request("GET", headers: eightSafelistedNamesWithoutAccept)]),
    // `1` then an empty line: `1,` on the wire instead of `1, `.
    row("requestHeaders.trimsCombinedValues", .chrome, flip: { $0.requestHeaders.trimsCombinedValues = false },
        [request("GET", headers: [("X-A", "1"), ("X-A", "")])]),
    // A no-cors POST of an application/json Blob: the type sent, or dropped by the guard.
    row("requestHeaders.bodyContentTypeSkipsNoCORSGuard", .safari, flip: { $0.requestHeaders.bodyContentTypeSkipsNoCORSGuard = false },
        [request("POST", body: .blob(type: "application/json"), mode: .noCORS)]),
    row("requestHeaders.extraForbiddenNames", .chrome, flip: { $0.requestHeaders.extraForbiddenNames = [] },
        [request("GET", headers: [("User-Agent", "x")])]),
    row("requestHeaders.rangeUnitCaseInsensitive", .safari, flip: { $0.requestHeaders.rangeUnitCaseInsensitive = false },
        [request("GET", headers: [("Range", "BYTES=0-3")])]),
    row("requestHeaders.nonASCIIBytesAreUnsafe", .firefox, flip: { $0.requestHeaders.nonASCIIBytesAreUnsafe = false },
        [request("GET", headers: [("Accept", "\u{E9}")])]),

    // MARK: Request constructor
    row("requestValidation.order", .firefox, flip: { $0.requestValidation.order = BrowserProfile.safari.requestValidation.order },
        [request("PUT", headers: [("bad name", "x")], mode: .noCORS)]),
    row("requestValidation.streamBodies", .chrome, flip: { $0.requestValidation.streamBodies = .uploaded },
        [request("PUT", body: .stream)]),
    row("requestValidation.streamBodyReplacesMode", .chrome, flip: { $0.requestValidation.streamBodyReplacesMode = false },
        [request("POST", body: .stream, mode: .sameOrigin)]),
    row("requestValidation.pathEncodesPipe", .chrome, flip: { $0.requestValidation.pathEncodesPipe = false },
        [request("GET", api + "/a|b")]),

    // MARK: Cross-Origin-Resource-Policy
    row("resourcePolicy.ipAddressIsSameSite", .chrome, flip: { $0.resourcePolicy.ipAddressIsSameSite = true },
        server: Server(extraHeaders: [("Cross-Origin-Resource-Policy", "same-site")]), page: "http://127.0.0.1:8801",
        [request("GET", "http://127.0.0.1:8803/res", mode: .noCORS)]),

    // MARK: Mixed content
    row("mixedContent.restrictingDocuments", .chrome, flip: { $0.mixedContent.restrictingDocuments = .potentiallyTrustworthy },
        page: "http://localhost:8000", [request("GET", "http://api.example/res")]),
    row("mixedContent.topLevelRestricts", .chrome, flip: { $0.mixedContent.topLevelRestricts = false },
        page: "http://app.example", topLevel: "https://top.example", [request("GET", "http://api.example/res")]),
    row("mixedContent.httpLoopbackIsTrustworthy", .safari, flip: { $0.mixedContent.httpLoopbackIsTrustworthy = true },
        [request("GET", "http://127.0.0.1:8080/res")]),
    row("mixedContent.checkedBeforeModeChecks", .chrome, flip: { $0.mixedContent.checkedBeforeModeChecks = true },
        [request("GET", "http://api.example/res", mode: .sameOrigin)]),
    row("portBlocking.ports", .chrome, flip: { $0.portBlocking = PortBlockingRules(ports: []) },
        [request("GET", "https://api.example:6000/res")]),
    row("onlyIfCachedMiss", .safari, flip: { $0.onlyIfCachedMiss = .networkError },
        [request("GET", page + "/doc", mode: .sameOrigin, cache: .onlyIfCached)]),

    // MARK: Preflight response check
    row("preflight.order", .chrome, flip: { $0.preflight.order = .statusThenOrigin },
        server: Server(allowOrigin: "https://other.example", preflightStatus: 500), [request("PUT")]),
    row("preflight.listOrder", .chrome, flip: { $0.preflight.listOrder = .methodsThenHeaders },
        server: Server(allowMethods: "GET", allowHeaders: "x y"), [request("PUT", headers: xa)]),
    row("preflight.wildcardCoversAuthorization", .spec, flip: { $0.preflight.wildcardCoversAuthorization = true },
        server: Server(allowHeaders: "*"), [request("GET", headers: [("Authorization", "Bearer t")])]),
    row("requestHeaders.contentTypeParser", .firefox, flip: { $0.requestHeaders.contentTypeParser = .mimeSniff },
        [request("POST", headers: [("Content-Type", "text/plain; a=b;")], body: .text("x"))]),
    row("requestHeaders.judgesEachLine", .firefox, flip: { $0.requestHeaders.judgesEachLine = false },
        [request("GET", headers: [("X-Foo", "1"), ("X-Foo", "2")])]),
    row("responseCheck.multipleOrigins", .chrome, flip: { $0.responseCheck.multipleOrigins = .headerLines },
        server: Server(allowOrigin: "\(page), https://x.example"), [request("GET")]),

    // MARK: Redirects
    row("redirects.limit", .chrome, flip: { $0.redirects.limit = 1 },
        server: Server(redirects: ["/r1": (302, api + "/r2"), "/r2": (302, api + "/res")]), [request("GET", api + "/r1")]),
    row("redirects.stripsAuthorizationCrossOrigin", .chrome, flip: { $0.redirects.stripsAuthorizationCrossOrigin = false },
        server: Server(redirects: ["/start": (307, "https://other.example/res")]),
        [request("GET", api + "/start", headers: [("Authorization", "Bearer t")])]),
    row("redirects.preflightsEveryHopOfAPreflightedRequest", .firefox,
        flip: { $0.redirects.preflightsEveryHopOfAPreflightedRequest = false },
        server: Server(redirects: ["/start": (303, api + "/res")]), [request("PUT", api + "/start", body: .text("x"))]),
    row("redirects.preflightOriginIgnoresTaint", .firefox, flip: { $0.redirects.preflightOriginIgnoresTaint = false },
        server: Server(redirects: ["/start": (307, "https://other.example/res")]), [request("PUT", api + "/start", body: .text("x"))]),
    row("redirects.preflightKeepsRemovedBodyHeaders", .safari, flip: { $0.redirects.preflightKeepsRemovedBodyHeaders = false },
        server: Server(redirects: ["/start": (303, api + "/res")]),
        [request("POST", api + "/start", headers: [("Content-Type", "application/json")], body: .text("{}"))]),
    row("redirects.preflightAsksRemovedAuthorizationOnSameOriginHop", .firefox,
        flip: { $0.redirects.preflightAsksRemovedAuthorizationOnSameOriginHop = false },
        server: Server(redirects: ["/start": (307, "https://other.example/mid"), "/mid": (307, "https://other.example/res")]),
        [request("GET", api + "/start", headers: [("Authorization", "Bearer t")])]),
    row("redirects.preflightAsksRemovedBodyHeadersOnLaterHop", .firefox,
        flip: { $0.redirects.preflightAsksRemovedBodyHeadersOnLaterHop = false },
        server: Server(redirects: ["/start": (301, api + "/mid"), "/mid": (302, api + "/res")]),
        [request("POST", api + "/start", headers: [("Content-Type", "application/json")], body: .text("{}"))]),
    row("redirects.keepsOriginHeaderAcrossRedirects", .safari, flip: { $0.redirects.keepsOriginHeaderAcrossRedirects = false },
        server: Server(redirects: ["/start": (302, api + "/res")]),
        [request("POST", api + "/start", body: .text("x"), mode: .noCORS)]),
    row("redirects.crossOriginRedirectDropsCacheModeHeaders", .safari,
        flip: { $0.redirects.crossOriginRedirectDropsCacheModeHeaders = false },
        server: Server(redirects: ["/start": (302, "https://other.example/res")]),
        [request("GET", api + "/start", cache: .noStore)]),
    row("redirects.emptyLocation", .chrome, flip: { $0.redirects.emptyLocation = .networkError },
        server: Server(redirects: ["/start": (302, "")]), [request("GET", api + "/start")]),

    // MARK: Preflight cache
    row("cache.shape (replacing -> merging)", chromeKeepingMisses, flip: { $0.cache.shape = .merging(eviction: .unbounded) },
        [request(headers: xa), request(headers: xb), request(headers: xa)]),
    row("cache.shape (merging -> replacing)", .firefox, flip: { $0.cache.shape = .replacing(eviction: .unbounded) },
        [request(headers: xa), request(headers: xb), request(headers: xa)]),
    row("cache.shape randomRun capacity", .chrome, flip: { $0.cache.shape = .replacing(eviction: .randomRun(capacity: 1, run: 1)) },
        [request("PUT", api + "/1"), request("PUT", api + "/2"), request("PUT", api + "/1")]),
    row("cache.shape unbounded (Safari's capacity)", .safari,
        flip: { $0.cache.shape = .replacing(eviction: .randomRun(capacity: 1, run: 1)) },
        [request("PUT", api + "/1"), request("PUT", api + "/2"), request("PUT", api + "/1")]),
    row("cache.shape expiredThenLeastRecentlyUsed capacity", .firefox,
        flip: { $0.cache.shape = .merging(eviction: .expiredThenLeastRecentlyUsed(capacity: 1)) },
        [request("PUT", api + "/1"), request("PUT", api + "/2"), request("PUT", api + "/1")]),
    row("cache.shape unbounded (the standard's capacity)", .spec,
        flip: { $0.cache.shape = .merging(eviction: .expiredThenLeastRecentlyUsed(capacity: 1)) },
        [request("PUT", api + "/1"), request("PUT", api + "/2"), request("PUT", api + "/1")]),
    row("cache.defaultMaxAge", .chrome, flip: { $0.cache.defaultMaxAge = 10 },
        server: Server(maxAge: nil), [request(), .advance(6000), request()]),
    row("cache.maxAgeCap", .chrome, flip: { $0.cache.maxAgeCap = nil },
        server: Server(maxAge: "10000"), [request(), .advance(7_300_000), request()]),
    row("cache.maxAgeParsing", .chrome, flip: { $0.cache.maxAgeParsing = .digitsOrNotCached },
        server: Server(maxAge: "abc"), [request(), request()]),
    row("cache.expiredAtExactExpiry", .chrome, flip: { $0.cache.expiredAtExactExpiry = false },
        server: Server(maxAge: "1"), [request(), .advance(1000), request()]),
    row("cache.maxURLLength", .chrome, flip: { $0.cache.maxURLLength = nil },
        [request("PUT", longURL), request("PUT", longURL)]),
    row("cache.credentialsInKey", .firefox, flip: { $0.cache.credentialsInKey = false },
        server: Server(allowOrigin: page, credentials: true),
        [request(credentials: .include), request(credentials: .omit)]),
    row("cache.wildcardOnHit (replacing)", .safari, flip: { $0.cache.wildcardOnHit = .never },
        server: Server(allowMethods: "*"), [request(), request()]),
    row("cache.wildcardOnHit Authorization (replacing)", .chrome, flip: { $0.cache.wildcardOnHit = .unlessRequestCredentialed },
        server: Server(allowHeaders: "*"), [request(headers: [("Authorization", "t")]), request(headers: [("Authorization", "t")])]),
    row("cache.wildcardOnHit Authorization (merging)", withSpecAuthorizationByStar,
        flip: { $0.cache.wildcardOnHit = .unlessRequestCredentialed },
        server: Server(allowHeaders: "*"), [request(headers: [("Authorization", "t")]), request(headers: [("Authorization", "t")])]),
    row("cache.wildcardOnHit (merging)", .spec, flip: { $0.cache.wildcardOnHit = .never },
        server: Server(allowMethods: "*"), [request(), request()]),
    row("cache.methodsExemptOnLookup", .firefox, flip: { $0.cache.methodsExemptOnLookup.insert("HEAD") },
        [request("GET", headers: xa), request("HEAD", headers: xa)]),
    row("cache.erasesOnMiss (replacing)", .chrome, flip: { $0.cache.erasesOnMiss = false },
        server: onlyXA, [request(headers: xa), request(headers: xb), request(headers: xa)]),
    row("cache.erasesOnMiss (merging)", .firefox, flip: { $0.cache.erasesOnMiss = true },
        [request(headers: xa), request(headers: xb), request(headers: xa)]),
    row("cache.storesBeforeMethodAndHeaderCheck", .safari, flip: { $0.cache.storesBeforeMethodAndHeaderCheck = false },
        server: onlyXA, [request(headers: [("X-A", "1"), ("X-B", "1")]), request(headers: xa)]),
    row("cache.clearsOnActualFailure", .firefox, flip: { $0.cache.clearsOnActualFailure = false },
        [request(), request(body: .text("fail")), request()]),
    row("cache.clearsOnPreflightFailure", .firefox, flip: { $0.cache.clearsOnPreflightFailure = false },
        server: onlyXA, [request(headers: xa), request(headers: xb), request(headers: xa)]),
    row("cache.cacheModesSkippingLookup", .chrome, flip: { $0.cache.cacheModesSkippingLookup = [] },
        [request(), request(cache: .noCache)]),
    row("cache.cacheModesSkippingStore", .chrome, flip: { $0.cache.cacheModesSkippingStore = [] },
        [request(cache: .noStore), request()]),
    row("cache.partition", .safari, flip: { $0.cache.partition = .topLevelSite },
        page: page, topLevel: "https://x.top.example",
        [request(), .navigate(page: page, topLevel: "https://y.top.example"), request()]),
    row("cache.taintedOrigin", .chrome, flip: { $0.cache.taintedOrigin = .pageOriginKey },
        server: Server(redirects: ["/start": (307, "https://other.example/res")]),
        [request("PUT", api + "/start", body: .text("x")), request("PUT", api + "/start", body: .text("x"))]),
    // The script's own If-None-Match on a force-cache GET: Firefox reads the fresh stored response.
    row("httpCache.scriptConditionalRequest", .firefox,
        flip: { $0.httpCache.scriptConditionalRequest.bypassedModes.insert(.forceCache) },
        server: Server(extraHeaders: [("Cache-Control", "max-age=600"), ("ETag", "\"v1\"")]),
        [request("GET"), request("GET", headers: [("If-None-Match", "\"v1\"")], cache: .forceCache)]),
    // A page of another origin of the site: Chrome revalidates the Vary: Origin variant with its ETag.
    row("httpCache.varyMismatchValidation", .chrome, flip: { $0.httpCache.varyMismatchValidation = .none },
        server: Server(extraHeaders: [("Cache-Control", "max-age=0"), ("ETag", "\"v1\""), ("Vary", "Origin")]),
        [request("GET"), .navigate(page: "https://www.app.example", topLevel: nil), request("GET")]),
    // A no-cache GET with the script's own If-None-Match: Safari merges the 304's X-B into the stored
    // response, which the third GET reads from the cache.
    row("httpCache.scriptConditionalRequest.notModifiedUpdatesStoredInModes", .safari,
        flip: { $0.httpCache.scriptConditionalRequest.notModifiedUpdatesStoredInModes = [] },
        server: Server(extraHeaders: [("Cache-Control", "max-age=600"), ("ETag", "\"v1\"")],
                       notModifiedHeaders: [("X-B", "2"), ("Access-Control-Expose-Headers", "X-B")]),
        [request("GET"), request("GET", headers: [("If-None-Match", "\"v0\"")], cache: .noCache), request("GET")]),
    // Vary: Cookie stored for a same-origin GET that sent the page's cookie: Safari answers a
    // credentials=omit GET from the cache (the jar's cookie matches), the request's own header does not.
    row("httpCache.varyCookieFromJar", .safari, flip: { $0.httpCache.varyCookieFromJar = false },
        server: Server(extraHeaders: [("Cache-Control", "max-age=600"), ("Vary", "Cookie")]),
        [.setCookie("k=1"), credentialedGET(page + "/res"), request("GET", page + "/res")]),
    // A 304 saying no-store: Firefox drops the stored response, so the third GET is unconditional.
    // `max-age="600"`: Chromium does not read a quoted value, the standard does.
    row("httpCache.deltaSecondsSyntax", .chrome, flip: { $0.httpCache.deltaSecondsSyntax = .standard },
        server: Server(extraHeaders: [("Cache-Control", "max-age=\"600\"")]), [request("GET"), request("GET")]),
    // An ISO 8601 Expires: Chromium reads it (fresh), the others take it as invalid (expired).
    row("httpCache.datesAcceptISO8601", .chrome, flip: { $0.httpCache.datesAcceptISO8601 = false },
        server: Server(extraHeaders: [("Expires", "2099-01-02T00:00:00Z")]), [request("GET"), request("GET")]),
    // `Pragma: no-cache` beside a max-age: the browsers revalidate, the standard reuses.
    row("httpCache.responsePragmaNoCache", .chrome, flip: { $0.httpCache.responsePragmaNoCache = false },
        server: Server(extraHeaders: [("Cache-Control", "max-age=600"), ("Pragma", "no-cache")]),
        [request("GET"), request("GET")]),
    row("httpCache.notModifiedNoStoreRemovesStored", .firefox, flip: { $0.httpCache.notModifiedNoStoreRemovesStored = false },
        server: Server(extraHeaders: [("Cache-Control", "no-cache"), ("ETag", "\"v1\"")],
                       notModifiedHeaders: [("Cache-Control", "no-store")]),
        [request("GET"), request("GET"), request("GET")]),
    row("cache.opaquePage", .chrome, flip: { $0.cache.opaquePage = .perOpaqueOrigin },
        [.navigateOpaque, request(), request()]),
    // Two sandboxed iframes, one after the other: Firefox's second reuses the first one's entry.
    row("cache.opaquePage shared", .firefox, flip: { $0.cache.opaquePage = .perOpaqueOrigin },
        [.navigateOpaque, request(), .navigateOpaque, request()]),

    // MARK: Messages
    row("console", .chrome, flip: { $0.console = .firefox }, server: Server(allowOrigin: "https://other.example"),
        [request("GET")]),
    row("typeErrorMessage", .chrome, flip: { $0.typeErrorMessage = "x" }, server: Server(allowOrigin: "https://other.example"),
        [request("GET")]),

    // MARK: Opaque Response Blocking (Checks/OpaqueResponseBlocking.swift): a nosniff JSON response
    // to a no-cors GET is blocked; Chrome's HTTP cache drops it, so force-cache sends it again.
    row("opaqueResponseBlocking.analyzer", .chrome, flip: { $0.opaqueResponseBlocking.analyzer = .none }, server: nosniffJSON,
        [request("GET", mode: .noCORS), request("GET", mode: .noCORS, cache: .forceCache)]),
    row("opaqueResponseBlocking.blockedResponseStored", .chrome, flip: { $0.opaqueResponseBlocking.blockedResponseStored = true },
        server: nosniffJSON, [request("GET", mode: .noCORS), request("GET", mode: .noCORS, cache: .forceCache)]),
]

/// A cacheable JSON response with `X-Content-Type-Options: nosniff`: Opaque Response Blocking's to block.
private let nosniffJSON = Server(extraHeaders: [("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff"),
                                                ("Cache-Control", "max-age=600")])

@Suite("Every profile field is live")
struct ProfileFieldLivenessTests {
    @Test("Flipping the field changes what the run shows", arguments: rows)
    fileprivate func flippingTheFieldChangesTheOutcome(_ row: Row) {
        var flipped = row.base
        row.flip(&flipped)
        #expect(flipped != row.base, "the flip must change the profile")
        let before = row.run(row.base)
        let after = row.run(flipped)
        #expect(before != after, "\(row.field) is inert in this run:\n\(before)")
    }

    /// Every rule field of `BrowserProfile`, one level into each rules struct, by reflection: a field
    /// added later (a new browser version's rule) fails here until the table has its row.
    static var ruleFieldPaths: [String] {
        // Identity, not rules: `version` names which release a profile is (an older version is
        // today's profile with dated rule changes undone, Browsers/History.swift).
        let metadata: Set<String> = ["name", "displayName", "evidence", "version"]
        var paths: [String] = []
        for child in Mirror(reflecting: BrowserProfile.chrome).children {
            guard let label = child.label, !metadata.contains(label) else { continue }
            let inner = Mirror(reflecting: child.value)
            if inner.displayStyle == .struct {
                for field in inner.children { if let name = field.label { paths.append("\(label).\(name)") } }
            } else {
                paths.append(label)
            }
        }
        return paths
    }

    @Test("The table has a row for every rule field of a profile")
    func everyFieldHasARow() {
        let paths = Self.ruleFieldPaths
        #expect(paths.count > 40)
        for path in paths {
            #expect(rows.contains { $0.field == path || $0.field.hasPrefix(path + " ") }, "no liveness row for \(path)")
        }
    }
}
