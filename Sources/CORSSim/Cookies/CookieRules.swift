/// Where the browsers' cookie policies differ: the profile's `cookies` rules. Every profile states
/// each field with its evidence (a recording in Tests/Conformance/ or the engine's source).
public struct CookieRules: Sendable, Hashable {
    /// What a browser does with a cookie for a cross-site request (the request's site, or the
    /// page's, differs from the top-level page's site): a third-party context.
    public enum ThirdParty: String, Sendable, Hashable {
        /// Sent and stored as in a first-party context (SameSite still applies).
        case allowed
        /// Kept in a jar of the top-level site's own (Firefox's Total Cookie Protection): a
        /// cross-site request carries only cookies stored while that same top-level site was open.
        case partitioned
        /// Neither sent nor stored (Safari's full third-party cookie blocking).
        case blocked
    }

    /// The `SameSite` a cookie set without the attribute gets: `.lax` (Chrome's Lax by default)
    /// or `.none`.
    public var unspecifiedSameSite: CookieSameSite
    /// Whether a `SameSite=None` cookie without `Secure` is refused when set.
    public var sameSiteNoneRequiresSecure: Bool
    /// Third-party cookies.
    public var thirdParty: ThirdParty
    /// Whether the `Partitioned` attribute (CHIPS) keys the cookie by the top-level site, and is
    /// then sent in a third-party context even when unpartitioned cookies are not.
    public var partitionedCookies: Bool
    /// Whether sites are schemeful for SameSite (`http://example.com` and `https://example.com`
    /// are different sites).
    public var schemefulSameSite: Bool
    /// Whether a cross-site URL earlier in a request's redirect chain makes the request cross-site
    /// for SameSite (RFC 6265bis section 5.2), so a hop back to the page's site carries no Lax or
    /// Strict cookie and stores none. False: only the request's own URL, page and top-level page count.
    public var sameSiteConsidersRedirectChain: Bool

    public init(unspecifiedSameSite: CookieSameSite, sameSiteNoneRequiresSecure: Bool, thirdParty: ThirdParty,
                partitionedCookies: Bool, schemefulSameSite: Bool, sameSiteConsidersRedirectChain: Bool) {
        self.unspecifiedSameSite = unspecifiedSameSite
        self.sameSiteNoneRequiresSecure = sameSiteNoneRequiresSecure
        self.thirdParty = thirdParty
        self.partitionedCookies = partitionedCookies
        self.schemefulSameSite = schemefulSameSite
        self.sameSiteConsidersRedirectChain = sameSiteConsidersRedirectChain
    }

    /// The site of an origin or URL for SameSite: schemeful or not, per `schemefulSameSite`.
    func site(scheme: String, host: String) -> String {
        let domain = CookieSite.registrableDomain(host)
        return schemefulSameSite ? "\(scheme)://\(domain)" : domain
    }

    func site(_ origin: Origin) -> String {
        switch origin {
        case .opaque(let id): return "null#\(id)"
        case let .tuple(scheme, host, _): return site(scheme: scheme, host: host)
        }
    }
}
