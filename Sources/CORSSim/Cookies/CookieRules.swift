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

    /// How a `Cookie` header orders cookies whose paths are equally long (longer paths come first
    /// everywhere).
    public enum HeaderOrder: String, Sendable, Hashable {
        /// Earlier created first (RFC 6265bis section 5.8.3 step 2).
        case creationTime
        /// libsoup 3.2's jar order (soup-cookie-jar.c get_cookies): Domain cookies of the request's
        /// host itself, then its host-only cookies, then Domain cookies of each parent domain,
        /// longest first; within one domain, in the order stored (a replaced cookie keeps its
        /// place). compare_cookies would order equal paths by creation serial, but it looks the
        /// serials up for the copies get_cookies returns, finds none, and g_slist_sort keeps
        /// the lookup order.
        case domainLookup
    }

    /// How `Max-Age` is read.
    public enum MaxAgeSyntax: String, Sendable, Hashable {
        /// An optional `-` and digits, else ignored; 0 or less expires the cookie; capped at 400
        /// days (RFC 6265bis sections 5.6.2 and 5.7).
        case rfc6265bis
        /// As `rfc6265bis`, but a leading `+` is allowed too (Chromium's canonical_cookie.cc
        /// ParseExpiration reads Max-Age with base::StringToInt64, which takes either sign).
        case signedInteger
        /// libsoup 3.2 (soup-cookie.c parse_one_cookie): strtol, so a `+` sign is allowed and an
        /// empty value reads 0; a negative value is 0; then cut to a C `int` for
        /// soup_cookie_set_max_age (4294967296 is 0: expired; 4294967295 is -1: a session
        /// cookie; 2147483648 is negative: expired). No cap.
        case libsoupStrtolToInt
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
    /// The order of the `Cookie` header among cookies of equally long paths.
    public var headerOrder: HeaderOrder
    /// Whether the `Domain` attribute is lower-cased before it is checked against the request's
    /// host (RFC 6265bis section 5.6.3). False (libsoup 3.2): checked as written, so one with an
    /// upper-case letter is refused unless it is the host but for case; one stored matches hosts
    /// as its lower-case spelling would.
    public var lowercasesDomainAttribute: Bool
    /// Whether an empty `Domain` attribute unsets an earlier one (the cookie is host-only unless a
    /// later `Domain` has a value), as Chromium, Gecko and libsoup do. Otherwise it is ignored
    /// (RFC 6265bis section 5.6.3: the behaviour is undefined, the user agent SHOULD ignore it).
    public var emptyDomainUnsetsDomain: Bool
    /// Whether a `Domain` attribute without a dot (after a leading one) makes the cookie refused
    /// (libsoup 3.2). Otherwise one that is the host itself (`localhost`) makes a host-only
    /// cookie (RFC 6265bis section 5.7 step 9: a public suffix equal to the host).
    public var domainNeedsDot: Bool
    /// Whether the `__Secure-` and `__Host-` name prefixes are enforced (RFC 6265bis section 4.1.3).
    public var enforcesNamePrefixes: Bool
    /// Whether `Max-Age` wins over `Expires` whatever their order (RFC 6265bis section 5.7). False:
    /// the last of the two sets the expiry, and an `Expires` that is not a date makes a session
    /// cookie (libsoup 3.2 keeps one expiry, which each attribute overwrites).
    public var maxAgeWinsOverExpires: Bool
    /// How `Max-Age` is read.
    public var maxAgeSyntax: MaxAgeSyntax
    /// Whether a name and value of more than 4096 bytes together make the cookie ignored, and an
    /// attribute value of more than 1024 bytes the attribute (RFC 6265bis section 5.6).
    public var sizeLimits: Bool
    /// Whether the `__Secure-` and `__Host-` name prefixes match in any case (`__HOST-`, `__secure-`),
    /// as RFC 6265bis section 4.1.3 now says, or only as spelled.
    public var prefixesMatchCaseInsensitively: Bool

    /// Every field is stated: a profile cannot leave one to a default.
    public init(unspecifiedSameSite: CookieSameSite, sameSiteNoneRequiresSecure: Bool, thirdParty: ThirdParty,
                partitionedCookies: Bool, schemefulSameSite: Bool, unlistedTLDHostIsOwnSite: Bool,
                sameSiteConsidersRedirectChain: Bool, headerOrder: HeaderOrder, lowercasesDomainAttribute: Bool,
                emptyDomainUnsetsDomain: Bool, domainNeedsDot: Bool, enforcesNamePrefixes: Bool, maxAgeWinsOverExpires: Bool, maxAgeSyntax: MaxAgeSyntax, sizeLimits: Bool,
                prefixesMatchCaseInsensitively: Bool) {
        self.headerOrder = headerOrder
        self.lowercasesDomainAttribute = lowercasesDomainAttribute
        self.domainNeedsDot = domainNeedsDot
        self.emptyDomainUnsetsDomain = emptyDomainUnsetsDomain
        self.enforcesNamePrefixes = enforcesNamePrefixes
        self.maxAgeWinsOverExpires = maxAgeWinsOverExpires
        self.maxAgeSyntax = maxAgeSyntax
        self.sizeLimits = sizeLimits
        self.unlistedTLDHostIsOwnSite = unlistedTLDHostIsOwnSite
        self.unspecifiedSameSite = unspecifiedSameSite
        self.sameSiteNoneRequiresSecure = sameSiteNoneRequiresSecure
        self.thirdParty = thirdParty
        self.partitionedCookies = partitionedCookies
        self.schemefulSameSite = schemefulSameSite
        self.sameSiteConsidersRedirectChain = sameSiteConsidersRedirectChain
        self.prefixesMatchCaseInsensitively = prefixesMatchCaseInsensitively
    }

    /// The parsing fields, for `ParsedSetCookie.parse`.
    var setCookieSyntax: ParsedSetCookie.Syntax {
        ParsedSetCookie.Syntax(lowercasesDomain: lowercasesDomainAttribute, emptyDomainUnsetsDomain: emptyDomainUnsetsDomain,
                               maxAgeWinsOverExpires: maxAgeWinsOverExpires, maxAge: maxAgeSyntax, sizeLimits: sizeLimits)
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
    /// with the first party's base domain (else its host) by soup_host_matches_host.
    func cookieIsThirdParty(domain: String, firstPartyHost: String) -> Bool {
        let normalized = domain.hasPrefix(".") ? String(domain.dropFirst()) : domain
        // A domain kept with upper-case letters (`lowercasesDomainAttribute` false) has no base
        // domain: libpsl matches the name as given against its lower-case list (psl.c
        // psl_unregistrable_domain wants "lowercase" input; libpsl 0.21.2 of Debian 12 gives
        // `COM` for WWW.SITE.COM, which psl_is_public_suffix2 without the star rule denies).
        let cookieBase = (CookieSite.hasUpperCaseASCII(normalized) ? nil : baseDomain(normalized)) ?? domain
        let firstParty = baseDomain(firstPartyHost) ?? firstPartyHost
        return !Self.soupHostMatchesHost(cookieBase, firstParty)
    }

    /// libsoup's soup_host_matches_host (soup-misc.c): `host` equals `compareWith` ignoring ASCII
    /// case, or starts with a dot and the rest equals it ignoring case, or (case-sensitively) is
    /// a suffix of it.
    static func soupHostMatchesHost(_ host: String, _ compareWith: String) -> Bool {
        if CookieSite.equalIgnoringASCIICase(host, compareWith) { return true }
        guard host.hasPrefix(".") else { return false }
        return CookieSite.equalIgnoringASCIICase(String(host.dropFirst()), compareWith) || compareWith.hasSuffix(host)
    }
}
