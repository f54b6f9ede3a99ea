/// The request headers a browser adds about the request's context, which servers act on (a
/// resource isolation policy reads `Sec-Fetch-Site`, a hotlink check `Referer`): Fetch Metadata
/// (https://w3c.github.io/webappsec-fetch-metadata/) and the referrer
/// (https://w3c.github.io/webappsec-referrer-policy/). The CORS checks never read them.

/// How an engine builds the context headers, where engines differ.
public struct ContextHeaderRules: Sendable, Hashable {
    /// How `Sec-Fetch-Site` tells same-site from cross-site.
    public enum SiteRule: String, Sendable, Hashable {
        /// The standard's: every URL of the request's URL list against the request's origin,
        /// same site meaning the same scheme and registrable domain; the least related wins.
        case schemefulOverURLList
        /// Gecko's (dom/security/SecFetch.cpp `IsSameOrigin`, `IsSameSite`): same-origin only if
        /// the current URL and every URL a redirect came from are of one origin with the page;
        /// same-site only if the page's base domain and every earlier URL's equal the current
        /// URL's, the page is https or a loopback host, and every earlier URL is https (no scheme
        /// is compared otherwise): a redirect from an `http:` URL makes any other origin cross-site.
        case geckoSecureRedirectChain
    }
    public var site: SiteRule
    /// Whether a preflight's `Sec-Fetch-Site` is judged from the request's origin as a redirect
    /// left it: once a redirect tainted it (`Origin: null`), an opaque origin, cross-site to
    /// everything. (The actual request's is judged from the page's origin in every engine.)
    public var preflightSiteFromTaintedOrigin: Bool
    /// Whether a preflight carries `Sec-Fetch-Mode: cors` to a URL that is not potentially
    /// trustworthy too, without the other Fetch Metadata headers.
    public var preflightAlwaysCarriesMode: Bool
    /// Whether the actual request of a cors-mode redirect hop that crossed origins goes without the
    /// Fetch Metadata headers.
    public var crossOriginCORSHopDropsFetchMetadata: Bool
    /// Whether a document of an opaque origin (a sandboxed iframe) sends its URL as the referrer.
    /// The standard's "determine request's referrer" gives no referrer for it.
    public var opaqueDocumentSendsReferrer: Bool
    /// Which `Referer` a CORS preflight carries.
    public enum PreflightReferrer: String, Sendable, Hashable {
        /// The request's referrer as its policy gives it for the preflight's URL, as for the request.
        case policy
        /// After a redirect: the `Referer` the hop before sent, as it was (the policy does not cut
        /// it again for the preflight's URL); before any redirect: as `policy`.
        case lastHopsAfterRedirect
    }
    public var preflightReferrer: PreflightReferrer
    /// Whether `unsafe-url`, `no-referrer-when-downgrade` and `origin-when-cross-origin` act as
    /// the default policy on a hop whose URL is cross-site from the page (base domains compared,
    /// no scheme), and the request's own policy applies again, from the request's first referrer,
    /// on a later hop that is not. The standard has no such rule.
    public var crossSiteIgnoresRelaxingPolicies: Bool

    /// Every field is stated: a profile cannot leave one to a default.
    public init(site: SiteRule, preflightSiteFromTaintedOrigin: Bool, preflightAlwaysCarriesMode: Bool,
                crossOriginCORSHopDropsFetchMetadata: Bool, opaqueDocumentSendsReferrer: Bool,
                preflightReferrer: PreflightReferrer, crossSiteIgnoresRelaxingPolicies: Bool) {
        self.site = site
        self.preflightSiteFromTaintedOrigin = preflightSiteFromTaintedOrigin
        self.preflightAlwaysCarriesMode = preflightAlwaysCarriesMode
        self.crossOriginCORSHopDropsFetchMetadata = crossOriginCORSHopDropsFetchMetadata
        self.opaqueDocumentSendsReferrer = opaqueDocumentSendsReferrer
        self.preflightReferrer = preflightReferrer
        self.crossSiteIgnoresRelaxingPolicies = crossSiteIgnoresRelaxingPolicies
    }

    /// The standards' rules.
    public static let standard = ContextHeaderRules(site: .schemefulOverURLList, preflightSiteFromTaintedOrigin: false,
                                                    preflightAlwaysCarriesMode: false,
                                                    crossOriginCORSHopDropsFetchMetadata: false,
                                                    opaqueDocumentSendsReferrer: false, preflightReferrer: .policy,
                                                    crossSiteIgnoresRelaxingPolicies: false)
}

/// `Sec-Fetch-Site`: how the request's URL list relates to the request's origin
/// (https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header).
public enum FetchSite: String, Sendable, Hashable, Comparable {
    case sameOrigin = "same-origin"
    case sameSite = "same-site"
    case crossSite = "cross-site"

    private var rank: Int {
        switch self {
        case .sameOrigin: return 0
        case .sameSite: return 1
        case .crossSite: return 2
        }
    }

    public static func < (a: FetchSite, b: FetchSite) -> Bool { a.rank < b.rank }

    /// How one URL relates to the request's origin (an opaque origin is cross-site to everything).
    ///
    /// Same site is schemeful (https://html.spec.whatwg.org/multipage/browsers.html#same-site):
    /// the scheme and the registrable domain (the host for an IP address or a host with no
    /// registrable domain) must match.
    static func of(_ url: FetchURL, from origin: Origin) -> FetchSite {
        guard case let .tuple(scheme, host, _) = origin else { return .crossSite }
        if url.origin == origin { return .sameOrigin }
        guard scheme == url.scheme else { return .crossSite }
        return CookieSite.registrableDomain(host) == CookieSite.registrableDomain(url.host) ? .sameSite : .crossSite
    }

    /// `Sec-Fetch-Site` of a request from `origin` whose current URL is `url`, after redirects
    /// from `earlier` (a preflight passes none: every engine judges it by its URL alone).
    static func of(_ url: FetchURL, after earlier: [FetchURL], from origin: Origin, rule: ContextHeaderRules.SiteRule) -> FetchSite {
        switch rule {
        case .schemefulOverURLList:
            return earlier.reduce(of(url, from: origin)) { max($0, of($1, from: origin)) }
        case .geckoSecureRedirectChain:
            guard case let .tuple(scheme, host, _) = origin else { return .crossSite }
            if url.origin == origin, earlier.allSatisfy({ $0.origin == url.origin }) { return .sameOrigin }
            let domain = CookieSite.registrableDomain(url.host)
            let sameSite = CookieSite.registrableDomain(host) == domain && (scheme == "https" || isLoopbackHost(host))
                && earlier.allSatisfy { CookieSite.registrableDomain($0.host) == domain && $0.scheme == "https" }
            return sameSite ? .sameSite : .crossSite
        }
    }
}

/// The referrer a request carries under `policy`
/// (https://w3c.github.io/webappsec-referrer-policy/#determine-requests-referrer; the empty policy
/// is the default, `strict-origin-when-cross-origin`, which all three engines apply when neither
/// the page nor the fetch names one): the whole URL (no fragment, username or password) or the
/// origin alone, or none. A "downgrade" is an `https:` referrer to a URL that is not `https:`:
/// the standard says "not potentially trustworthy"; the engines compare schemes, so
/// `http://127.0.0.1` gets none from an https page either (recorded: Tests/Conformance
/// mixed-content-http-127, -localhost, -ipv6-loopback in Chromium and Firefox,
/// referrer-policy-downgrade in the three engines; Chromium's net/url_request/url_request_job.cc
/// ComputeReferrerForPolicy, `secure_referrer_but_insecure_destination`).
///
/// - Parameters:
///   - referrer: the request's referrer so far: the document's URL (or `RequestInit.referrer`),
///     or what the last hop sent (a redirect determines it again from that: once cut to an origin
///     it stays so).
///   - url: the request's current URL.
/// - Returns: the URL to send, or nil for no `Referer`.
func referrerForRequest(_ referrer: FetchURL?, to url: FetchURL, policy: ReferrerPolicy = .empty) -> FetchURL? {
    guard let referrer, referrer.isHTTPScheme else { return nil }
    let full = FetchURL(scheme: referrer.scheme, host: referrer.host, port: referrer.port, path: referrer.path,
                        query: referrer.query)
    let originOnly = FetchURL(scheme: referrer.scheme, host: referrer.host, port: referrer.port, path: "/")
    let downgrade = referrer.scheme == "https" && url.scheme != "https"
    let sameOrigin = referrer.origin == url.origin
    switch policy {
    case .noReferrer: return nil
    case .origin: return originOnly
    case .unsafeURL: return full
    case .sameOrigin: return sameOrigin ? full : nil
    case .originWhenCrossOrigin: return sameOrigin ? full : originOnly
    case .strictOrigin: return downgrade ? nil : originOnly
    case .noReferrerWhenDowngrade: return downgrade ? nil : full
    case .strictOriginWhenCrossOrigin, .empty:
        if sameOrigin { return full }
        return downgrade ? nil : originOnly
    }
}

/// The request's referrer as the `Request` constructor leaves it
/// (https://fetch.spec.whatwg.org/#dom-request, step 14): `RequestInit.referrer` absent: the client
/// (the document's URL, `client`); empty: no referrer; `about:client`, or a URL whose origin is not
/// the page's: the client; else that URL. A value that does not parse has already thrown
/// (`RequestCheck.referrer`).
///
/// - Parameters:
///   - written: `RequestInit.referrer`, nil when absent.
///   - client: the referrer the document gives (nil: none, as an opaque origin's document).
///   - pageOrigin: the document's origin.
///   - documentURL: the base `written` is parsed against (nil: an opaque document that gives no
///     referrer, where every parsed URL is of another origin anyway).
func requestReferrer(_ written: String?, client: FetchURL?, pageOrigin: Origin, documentURL: FetchURL?) -> FetchURL? {
    guard let written else { return client }
    if written.isEmpty { return nil }
    let base = documentURL ?? FetchURL(scheme: "http", host: "document.invalid")
    guard let parsed = try? base.resolvingAnyScheme(written) else { return client }
    if parsed.scheme == "about", parsed.path == "client" { return client }
    guard parsed.isHTTPScheme, case .tuple = pageOrigin, parsed.origin == pageOrigin else { return client }
    return parsed
}

/// The referrer and referrer policy of a request across its redirects.
struct ReferrerState: Sendable {
    /// The request's referrer as the `Request` constructor left it (nil: none).
    var original: FetchURL?
    /// The request's policy, or the last a redirect's `Referrer-Policy` set.
    var requestPolicy: ReferrerPolicy
    /// The policy the last hop applied (the default in place of the empty one, or of one a
    /// cross-site hop ignored: `ContextHeaderRules.crossSiteIgnoresRelaxingPolicies`).
    var appliedPolicy: ReferrerPolicy
    /// What the last hop sent: nil before the first hop, `.some(nil)` for none (then every later
    /// hop sends none: the referrer a hop cut stays cut).
    var sent: FetchURL??

    init(_ referrer: FetchURL?, policy: ReferrerPolicy) {
        original = referrer
        requestPolicy = policy
        appliedPolicy = policy
    }

    /// The `Referer` of a request to `url`, and the state after it
    /// (https://w3c.github.io/webappsec-referrer-policy/#determine-requests-referrer; Gecko's
    /// dom/security/ReferrerInfo.cpp ComputeReferrer and ShouldIgnoreLessRestrictedPolicies for
    /// `crossSiteIgnoresRelaxingPolicies`).
    func next(to url: FetchURL, page: Origin, rules: ContextHeaderRules) -> (sent: FetchURL?, state: ReferrerState) {
        var state = self
        var referrer: FetchURL?
        if let sent {
            guard let sent else { return (nil, state) }
            referrer = sent
        }
        guard original != nil, state.appliedPolicy != .noReferrer else {
            state.sent = .some(nil)
            return (nil, state)
        }
        var policy = state.appliedPolicy
        var byDefault = false
        if state.appliedPolicy == .empty
            || (rules.crossSiteIgnoresRelaxingPolicies && [.unsafeURL, .noReferrerWhenDowngrade, .originWhenCrossOrigin].contains(requestPolicy)
                && Self.crossSite(url, from: page)) {
            policy = .strictOriginWhenCrossOrigin
            byDefault = true
        }
        if rules.crossSiteIgnoresRelaxingPolicies, !byDefault, requestPolicy != .empty, policy != requestPolicy {
            // The request's own policy again, from its first referrer.
            referrer = nil
            policy = requestPolicy
        }
        state.appliedPolicy = policy
        let result = referrerForRequest(referrer ?? original, to: url, policy: policy)
        state.sent = .some(result)
        return (result, state)
    }

    /// Gecko's `IsThirdPartyURI` of the page's principal: base domains differ (an opaque page is
    /// cross-site to everything).
    static func crossSite(_ url: FetchURL, from page: Origin) -> Bool {
        guard case let .tuple(_, host, _) = page else { return true }
        return CookieSite.registrableDomain(host) != CookieSite.registrableDomain(url.host)
    }
}

/// Whether a request to `url` carries the Fetch Metadata headers: a potentially trustworthy URL
/// (https://w3c.github.io/secure-contexts/#is-url-trustworthy), loopback included in every engine,
/// WebKit too, whose mixed-content checks do not count it (recorded: the Sec-Fetch-* headers of
/// every request to http://127.0.0.1 and http://localhost in Tests/Conformance/recordings/webkitgtk;
/// none to a host name over http: http-cache-after-cached-permanent-redirect-https).
func sendsFetchMetadata(to url: FetchURL) -> Bool {
    isPotentiallyTrustworthy(url, rules: .standard)
}
