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

    public init(site: SiteRule, preflightSiteFromTaintedOrigin: Bool, preflightAlwaysCarriesMode: Bool,
                crossOriginCORSHopDropsFetchMetadata: Bool, opaqueDocumentSendsReferrer: Bool) {
        self.site = site
        self.preflightSiteFromTaintedOrigin = preflightSiteFromTaintedOrigin
        self.preflightAlwaysCarriesMode = preflightAlwaysCarriesMode
        self.crossOriginCORSHopDropsFetchMetadata = crossOriginCORSHopDropsFetchMetadata
        self.opaqueDocumentSendsReferrer = opaqueDocumentSendsReferrer
    }

    /// The standards' rules.
    public static let standard = ContextHeaderRules(site: .schemefulOverURLList, preflightSiteFromTaintedOrigin: false,
                                                    preflightAlwaysCarriesMode: false,
                                                    crossOriginCORSHopDropsFetchMetadata: false,
                                                    opaqueDocumentSendsReferrer: false)
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

/// The referrer a request carries, per the default referrer policy, `strict-origin-when-cross-origin`
/// (https://w3c.github.io/webappsec-referrer-policy/#determine-requests-referrer), which all three
/// engines apply when neither the page nor the fetch names a policy: the whole URL (no fragment,
/// username or password) to the same origin; the origin alone to another origin; nothing from an
/// `https:` URL to an `http:` one. The standard says "not potentially trustworthy"; the engines
/// compare schemes, so `http://127.0.0.1` gets none from an https page either (recorded:
/// Tests/Conformance mixed-content-http-127, -localhost, -ipv6-loopback in Chromium and Firefox;
/// Chromium's net/url_request/url_request_job.cc ComputeReferrerForPolicy, `secure_referrer_but_insecure_destination`).
///
/// - Parameters:
///   - referrer: the request's referrer so far: the document's URL, or what the last hop sent
///     (a redirect determines it again from that: once cut to an origin it stays so).
///   - url: the request's current URL.
/// - Returns: the URL to send, or nil for no `Referer`.
func referrerForRequest(_ referrer: FetchURL?, to url: FetchURL) -> FetchURL? {
    guard let referrer, referrer.isHTTPScheme else { return nil }
    let full = FetchURL(scheme: referrer.scheme, host: referrer.host, port: referrer.port, path: referrer.path,
                        query: referrer.query)
    let originOnly = FetchURL(scheme: referrer.scheme, host: referrer.host, port: referrer.port, path: "/")
    if referrer.scheme == "https", url.scheme != "https" { return nil }
    return referrer.origin == url.origin ? full : originOnly
}

/// Whether a request to `url` carries the Fetch Metadata headers: a potentially trustworthy URL
/// (https://w3c.github.io/secure-contexts/#is-url-trustworthy), loopback included in every engine,
/// WebKit too, whose mixed-content checks do not count it (recorded: the Sec-Fetch-* headers of
/// every request to http://127.0.0.1 and http://localhost in Tests/Conformance/recordings/webkitgtk;
/// none to a host name over http: http-cache-after-cached-permanent-redirect-https).
func sendsFetchMetadata(to url: FetchURL) -> Bool {
    isPotentiallyTrustworthy(url, rules: .standard)
}
