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
        /// Not stored when the cookie's domain is a third party to the top-level page: its base
        /// domain (or, without one, the domain itself) does not domain-match the top-level host's
        /// base domain (or that host). Cookies already stored are sent in every context, SameSite
        /// still applying. libsoup's SOUP_COOKIE_JAR_ACCEPT_NO_THIRD_PARTY (soup-cookie-jar.c
        /// incoming_cookie_is_third_party), WebKitGTK's default policy.
        case notStored
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
    /// Whether, for the third-party judgement (not SameSite's), a host under a top-level domain the
    /// Public Suffix List does not list (`CookieSite.unlistedTopLevelDomains`: `.example`, `.test`)
    /// is a site of its own: the whole host, as libsoup's soup_tld_get_base_domain finds no base
    /// domain for it. Otherwise the list's `*` rule makes its registrable domain the site, as for
    /// any other host (`api.site.example` and `app.site.example` share `site.example`).
    public var unlistedTLDHostIsOwnSite: Bool
    /// Whether a cross-site URL earlier in a request's redirect chain makes the request cross-site
    /// for SameSite (RFC 6265bis section 5.2), so a hop back to the page's site carries no Lax or
    /// Strict cookie and stores none. False: only the request's own URL, page and top-level page count.
    public var sameSiteConsidersRedirectChain: Bool
    /// Whether the `__Secure-` and `__Host-` name prefixes match in any case (`__HOST-`, `__secure-`),
    /// as RFC 6265bis section 4.1.3 now says, or only as spelled.
    public var prefixesMatchCaseInsensitively: Bool
    /// Whether the later of `Max-Age` and `Expires` in the line decides the lifetime (libsoup's
    /// parser sets the expiry at each), not `Max-Age` whatever the order (RFC 6265bis section 5.7).
    public var lastOfMaxAgeAndExpiresWins: Bool

    /// Every field is stated: a profile cannot leave one to a default.
    public init(unspecifiedSameSite: CookieSameSite, sameSiteNoneRequiresSecure: Bool, thirdParty: ThirdParty,
                partitionedCookies: Bool, schemefulSameSite: Bool, unlistedTLDHostIsOwnSite: Bool,
                sameSiteConsidersRedirectChain: Bool, prefixesMatchCaseInsensitively: Bool,
                lastOfMaxAgeAndExpiresWins: Bool) {
        self.unlistedTLDHostIsOwnSite = unlistedTLDHostIsOwnSite
        self.unspecifiedSameSite = unspecifiedSameSite
        self.sameSiteNoneRequiresSecure = sameSiteNoneRequiresSecure
        self.thirdParty = thirdParty
        self.partitionedCookies = partitionedCookies
        self.schemefulSameSite = schemefulSameSite
        self.sameSiteConsidersRedirectChain = sameSiteConsidersRedirectChain
        self.prefixesMatchCaseInsensitively = prefixesMatchCaseInsensitively
        self.lastOfMaxAgeAndExpiresWins = lastOfMaxAgeAndExpiresWins
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

    /// A host's base domain for the third-party judgement; nil where there is none (an IP address,
    /// a public suffix, and per `unlistedTLDHostIsOwnSite` a host under an unlisted TLD), as
    /// libsoup's soup_tld_get_base_domain (soup-tld.c) fails for each.
    func baseDomain(_ host: String) -> String? {
        if CookieSite.isIPAddress(host) || CookieSite.isPublicSuffix(host) { return nil }
        if unlistedTLDHostIsOwnSite, CookieSite.hasUnlistedTopLevelDomain(host) { return nil }
        return CookieSite.registrableDomain(host)
    }

    /// The site of an origin or URL for the third-party judgement: as `site`, but a host without a
    /// base domain is its own site.
    func thirdPartySite(scheme: String, host: String) -> String {
        let domain = baseDomain(host) ?? host
        return schemefulSameSite ? "\(scheme)://\(domain)" : domain
    }

    func thirdPartySite(_ origin: Origin) -> String {
        switch origin {
        case .opaque(let id): return "null#\(id)"
        case let .tuple(scheme, host, _): return thirdPartySite(scheme: scheme, host: host)
        }
    }

    /// Whether a cookie of `domain` (with its leading dot when it came from a Domain attribute) is
    /// a third party to a top-level page on `firstPartyHost`: soup-cookie-jar.c
    /// incoming_cookie_is_third_party compares the cookie's base domain (else its domain as stored)
    /// with the first party's base domain (else its host) by soup_host_matches_host (soup-misc.c):
    /// equal, or the cookie's starts with a dot and is the other without it or a suffix of it.
    func cookieIsThirdParty(domain: String, firstPartyHost: String) -> Bool {
        let normalized = domain.hasPrefix(".") ? String(domain.dropFirst()) : domain
        let cookieBase = baseDomain(normalized) ?? domain
        let firstParty = baseDomain(firstPartyHost) ?? firstPartyHost
        if cookieBase == firstParty { return false }
        guard cookieBase.hasPrefix(".") else { return true }
        return !(cookieBase.dropFirst() == firstParty[...] || firstParty.hasSuffix(cookieBase))
    }
}
