/// A browser's cookie jar on the virtual clock: which cookies a request carries (RFC 6265bis
/// section 5.8.3, "Retrieval Algorithm") and what a `Set-Cookie` or `document.cookie` stores
/// (section 5.7, "Storage Model"), with the profile's SameSite default, third-party policy and
/// partitioning.

/// Where a request (or a script setting `document.cookie`) stands, for cookies.
public struct CookieContext: Sendable, Hashable {
    /// The top-level page's schemeful site: the partition key of partitioned cookies.
    public var topLevelSite: String
    /// Whether the request is same-site for SameSite (its URL, the page and the top-level page
    /// share a site, and no earlier hop of its redirect chain was cross-site).
    public var sameSite: Bool
    /// Whether the request is third-party for the browser's cookie policy (its URL's site, or the
    /// page's, is not the top-level page's).
    public var thirdParty: Bool
    /// The top-level page's host, against which a `.notStored` policy judges a cookie's domain
    /// (nil: an opaque top-level page, to which every cookie is a third party).
    public var firstPartyHost: String?

    public init(topLevelSite: String, sameSite: Bool, thirdParty: Bool, firstPartyHost: String? = nil) {
        self.topLevelSite = topLevelSite
        self.sameSite = sameSite
        self.thirdParty = thirdParty
        self.firstPartyHost = firstPartyHost
    }

    /// The context of a request to `url` from a page, per the profile's rules.
    /// `crossSiteHop`: a cross-site URL came earlier in the redirect chain; it makes the request
    /// cross-site for SameSite only where the profile's `sameSiteConsidersRedirectChain` says so
    /// (RFC 6265bis section 5.2's redirect rule; Chromium has it behind a feature that is off).
    public static func request(to url: FetchURL, page: Origin, topLevel: Origin, crossSiteHop: Bool,
                               rules: CookieRules) -> CookieContext {
        let top = rules.site(topLevel)
        let frameCrossSite = rules.site(page) != top
        let urlSite = rules.site(scheme: url.scheme, host: url.host)
        // Third party: the same site comparison as SameSite's (schemeful where SameSite is), with
        // the profile's sites for hosts under unlisted TLDs. Only a profile that partitions or
        // blocks third-party cookies reads it (Firefox, Safari: both compare sites without the
        // scheme, recorded in cookie-schemeful-same-site).
        // (Without `unlistedTLDHostIsOwnSite` those sites are SameSite's: nothing to compute again.)
        let thirdParty: Bool
        if rules.unlistedTLDHostIsOwnSite {
            let thirdPartyTop = rules.thirdPartySite(topLevel)
            thirdParty = rules.thirdPartySite(scheme: url.scheme, host: url.host) != thirdPartyTop
                || rules.thirdPartySite(page) != thirdPartyTop
        } else {
            thirdParty = urlSite != top || frameCrossSite
        }
        var firstPartyHost: String?
        if case let .tuple(_, host, _) = topLevel { firstPartyHost = host }
        return CookieContext(topLevelSite: CookieSite.site(of: topLevel),
                             sameSite: !frameCrossSite && urlSite == top && !(crossSiteHop && rules.sameSiteConsidersRedirectChain),
                             thirdParty: thirdParty, firstPartyHost: firstPartyHost)
    }

    static func registrable(_ origin: Origin) -> String {
        switch origin {
        case .opaque(let id): return "null#\(id)"
        case .tuple(_, let host, _): return CookieSite.registrableDomain(host)
        }
    }
}

/// Why a cookie whose domain and path match a request was not sent.
public enum CookieWithheld: Sendable, Hashable {
    /// `Secure` cookie, `http:` request.
    case secureOnly
    /// SameSite=Strict or Lax (or no attribute where the default is Lax) on a cross-site request.
    case sameSite(CookieSameSite, byDefault: Bool)
    /// A third-party request in a browser that blocks third-party cookies.
    case thirdPartyBlocked
    /// Stored in another partition than this request's (`nil`: the unpartitioned jar).
    case otherPartition(stored: String?, request: String?)
}

/// A cookie considered for a request: sent, or withheld and why.
public struct CookieDecision: Sendable, Hashable {
    public var cookie: Cookie
    /// nil: sent.
    public var withheld: CookieWithheld?
}

/// Why a cookie was not stored.
public enum CookieRefusal: Sendable, Hashable {
    case malformed(ParsedSetCookie.Rejection)
    /// The request did not include credentials: the browser ignores `Set-Cookie`.
    case notCredentialed
    /// The `Domain` attribute does not cover the request's host.
    case domainMismatch(String)
    /// The `Domain` attribute has no dot after its first character (libsoup's parse_one_cookie).
    case domainWithoutDot(String)
    /// The `Domain` attribute is a public suffix.
    case publicSuffixDomain(String)
    /// `Secure` from an `http:` URL.
    case secureFromInsecureURL
    /// `__Secure-` / `__Host-` prefix requirements not met.
    case prefix(String)
    /// `HttpOnly` from `document.cookie`, or `document.cookie` overwriting an HttpOnly cookie.
    case httpOnlyFromScript
    /// SameSite Strict or Lax (stated or by default) set by a cross-site response.
    case sameSiteCrossSite(CookieSameSite, byDefault: Bool)
    /// SameSite=None without Secure.
    case sameSiteNoneInsecure
    /// `Partitioned` without `Secure`.
    case partitionedInsecure
    /// A third-party response in a browser that blocks third-party cookies.
    case thirdPartyBlocked
    /// An insecure cookie may not shadow a Secure one of the same name.
    case overwritesSecure
    /// `document.cookie` in a document with an opaque origin (a sandboxed iframe) stores nothing.
    case opaqueOrigin
}

/// What happened to one `Set-Cookie` (or `document.cookie` assignment).
public struct CookieStoreResult: Sendable, Hashable {
    /// The cookie's name ("" when the string could not be parsed).
    public var name: String
    /// The cookie as stored (its value empty and `expires` in the past when it deleted one); nil: refused.
    public var stored: Cookie?
    /// Whether the cookie was already expired, so storing it removed the matching one.
    public var deleted: Bool
    public var refusal: CookieRefusal?
}

public struct CookieJar: Sendable, Hashable {
    /// The cookies, in storage order.
    public private(set) var cookies: [Cookie] = []
    private var nextOrder = 0

    public init() {}

    /// The cookies still alive at virtual time `now`.
    public func live(at now: Int64) -> [Cookie] { cookies.filter { $0.expires.map { $0 > now } ?? true } }

    /// Removes every cookie (the user cleared them).
    public mutating func removeAll() { cookies.removeAll() }

    /// Removes session cookies (a browser restart). SIMULATION: browsers that restore the last
    /// session keep them; a `restart` step here is a fresh start.
    public mutating func removeSessionCookies() { cookies.removeAll { $0.expires == nil } }

    // MARK: Retrieval

    /// The cookies a request to `url` carries, in the `Cookie` header's order (longer paths first,
    /// then earlier stored), and those whose domain and path match but are withheld, with why.
    public func decisions(for url: FetchURL, context: CookieContext, rules: CookieRules, now: Int64) -> [CookieDecision] {
        var out: [CookieDecision] = []
        let secureURL = url.scheme == "https"
        let readsPartition: String? = context.thirdParty && rules.thirdParty == .partitioned ? context.topLevelSite : nil
        for c in cookies {
            if let e = c.expires, e <= now { continue }
            guard domainMatches(url.host, c), Self.pathMatches(url.path, c.path) else { continue }
            var withheld: CookieWithheld?
            if c.secure && !secureURL {
                withheld = .secureOnly
            } else if let p = c.partition, p != context.topLevelSite {
                withheld = .otherPartition(stored: p, request: context.topLevelSite)
            } else if c.partition == nil, let wanted = readsPartition {
                withheld = .otherPartition(stored: nil, request: wanted)
            } else if context.thirdParty, rules.thirdParty == .blocked, !(c.partition != nil && rules.partitionedCookies) {
                withheld = .thirdPartyBlocked
            } else if !context.sameSite {
                let effective = c.sameSite == .unspecified ? rules.unspecifiedSameSite : c.sameSite
                if effective == .strict || effective == .lax {
                    withheld = .sameSite(effective, byDefault: c.sameSite == .unspecified)
                }
            }
            out.append(CookieDecision(cookie: c, withheld: withheld))
        }
        // RFC 6265bis section 5.8.3 step 2: longer paths first, then earlier creation times.
        switch rules.headerOrder {
        case .creationTime:
            out.sort { a, b in
                if a.cookie.path.utf8.count != b.cookie.path.utf8.count { return a.cookie.path.utf8.count > b.cookie.path.utf8.count }
                if a.cookie.created != b.cookie.created { return a.cookie.created < b.cookie.created }
                return a.cookie.order < b.cookie.order
            }
        case .domainLookup:
            // libsoup looks up ".host", "host", then ".parent" for each parent: a longer domain
            // first, and at one length the Domain cookie (its key has the dot) before the
            // host-only one. A Domain cookie of an IP address keeps no dot (parse_one_cookie), so
            // it shares the host-only cookies' list.
            func dotted(_ c: Cookie) -> Bool { !c.hostOnly && !CookieSite.isIPAddress(c.domain) }
            out.sort { a, b in
                if a.cookie.path.utf8.count != b.cookie.path.utf8.count { return a.cookie.path.utf8.count > b.cookie.path.utf8.count }
                if a.cookie.domain.utf8.count != b.cookie.domain.utf8.count { return a.cookie.domain.utf8.count > b.cookie.domain.utf8.count }
                if dotted(a.cookie) != dotted(b.cookie) { return dotted(a.cookie) }
                return a.cookie.order < b.cookie.order
            }
        }
        return out
    }

    /// The `Cookie` header value for the cookies sent (nil when none).
    public static func header(_ decisions: [CookieDecision]) -> String? {
        var value = ""
        for d in decisions where d.withheld == nil {
            if !value.isEmpty { value += "; " }
            value += d.cookie.pair
        }
        return value.isEmpty ? nil : value
    }

    private func domainMatches(_ host: String, _ c: Cookie) -> Bool {
        if c.hostOnly { return host == c.domain }
        return Self.domainMatch(host, c.domain)
    }

    /// Domain-match (RFC 6265bis section 5.1.3).
    static func domainMatch(_ host: String, _ domain: String) -> Bool {
        if host == domain { return true }
        guard !CookieSite.isIPAddress(host), host.utf8.count > domain.utf8.count, host.hasSuffix(domain) else { return false }
        let u = host.utf8
        return u[u.index(u.endIndex, offsetBy: -domain.utf8.count - 1)] == 0x2E
    }

    /// Path-match (RFC 6265bis section 5.1.4).
    static func pathMatches(_ requestPath: String, _ cookiePath: String) -> Bool {
        if requestPath == cookiePath { return true }
        guard requestPath.hasPrefix(cookiePath) else { return false }
        if cookiePath.hasSuffix("/") { return true }
        let u = requestPath.utf8
        return u[u.index(u.startIndex, offsetBy: cookiePath.utf8.count)] == 0x2F
    }

    /// The default path (RFC 6265bis section 5.1.4) of a URL's path.
    static func defaultPath(_ path: String) -> String {
        guard path.hasPrefix("/"), let slash = path.utf8.lastIndex(of: 0x2F), slash != path.utf8.startIndex else { return "/" }
        return String(path[..<slash])
    }

    // MARK: Storage

    /// Stores a cookie from a `Set-Cookie` header of a response to `url` (`fromScript`: a
    /// `document.cookie` assignment by a page at `url`), as the storage model and the profile say.
    @discardableResult
    public mutating func store(_ text: String, from url: FetchURL, context: CookieContext, rules: CookieRules, now: Int64,
                               fromScript: Bool = false) -> CookieStoreResult {
        let parsed: ParsedSetCookie
        switch ParsedSetCookie.parse(text, syntax: rules.setCookieSyntax) {
        case .failure(let r): return CookieStoreResult(name: "", stored: nil, deleted: false, refusal: .malformed(r))
        case .success(let p): parsed = p
        }
        func refuse(_ r: CookieRefusal) -> CookieStoreResult {
            CookieStoreResult(name: parsed.name, stored: nil, deleted: false, refusal: r)
        }
        let host = url.host
        let secureURL = url.scheme == "https"
        // Domain (section 5.7 steps 5-7).
        var domain = host
        var hostOnly = true
        // The domain as the third-party judgement reads it: as written (libsoup's).
        var judgedDomain = host
        // libsoup's parse_one_cookie refuses a Domain with no dot after its first character
        // (`Domain=localhost`, `Domain=.localhost`), before any other check.
        if rules.domainNeedsDot, let d = parsed.domain, !d.utf8.contains(0x2E) { return refuse(.domainWithoutDot(d)) }
        if let d = parsed.domain, CookieSite.hasUpperCaseASCII(d) {
            // Kept as written (`lowercasesDomainAttribute` false): libsoup's parse_one_cookie
            // takes it when soup_host_matches_host(".D", host) does, which is D equal to the host
            // but for case (its suffix test is case-sensitive, and the host is lower case). Once
            // stored it matches as a lower-case one does: the jar's table of domains hashes and
            // compares ignoring case (soup_str_case_hash), and soup_cookie_applies_to_uri does not
            // look at the domain.
            guard CookieSite.equalIgnoringASCIICase(d, host) else { return refuse(.domainMismatch(d)) }
            domain = host
            judgedDomain = "." + d
            hostOnly = false
        } else if let d = parsed.domain {
            if CookieSite.isPublicSuffix(d) {
                guard d == host else { return refuse(.publicSuffixDomain(d)) }
            } else {
                guard Self.domainMatch(host, d) else { return refuse(.domainMismatch(d)) }
                domain = d
                judgedDomain = "." + d
                hostOnly = false
            }
        }
        if parsed.secure && !secureURL { return refuse(.secureFromInsecureURL) }
        if parsed.httpOnly && fromScript { return refuse(.httpOnlyFromScript) }
        // Cookie name prefixes (section 4.1.3).
        func hasPrefix(_ prefix: String) -> Bool {
            guard rules.prefixesMatchCaseInsensitively else { return parsed.name.hasPrefix(prefix) }
            return parsed.name.utf8.count >= prefix.utf8.count
                && String(decoding: parsed.name.utf8.prefix(prefix.utf8.count), as: UTF8.self).byteLowercased() == prefix.byteLowercased()
        }
        if rules.enforcesNamePrefixes, hasPrefix("__Secure-"), !(parsed.secure && secureURL) {
            return refuse(.prefix("__Secure- needs Secure from an https: URL"))
        }
        if rules.enforcesNamePrefixes, hasPrefix("__Host-"), !(parsed.secure && secureURL && hostOnly && (parsed.path ?? "") == "/") {
            return refuse(.prefix("__Host- needs Secure, no Domain and Path=/"))
        }
        let effective = parsed.sameSite == .unspecified ? rules.unspecifiedSameSite : parsed.sameSite
        if parsed.sameSite == .none, rules.sameSiteNoneRequiresSecure, !parsed.secure { return refuse(.sameSiteNoneInsecure) }
        // Section 5.7 step 14: a SameSite cookie is not set from a cross-site context.
        if !context.sameSite, effective == .strict || effective == .lax {
            return refuse(.sameSiteCrossSite(effective, byDefault: parsed.sameSite == .unspecified))
        }
        var partition: String?
        if parsed.partitioned && rules.partitionedCookies {
            guard parsed.secure else { return refuse(.partitionedInsecure) }
            partition = context.topLevelSite
        } else if context.thirdParty {
            switch rules.thirdParty {
            case .allowed: break
            case .partitioned: partition = context.topLevelSite
            case .blocked: return refuse(.thirdPartyBlocked)
            case .notStored: break
            }
        }
        // libsoup judges the cookie's domain, not the URL that set it: a Domain cookie for the
        // top-level page's site is first-party from any of its hosts (soup-cookie-jar.c
        // soup_cookie_jar_add_cookie_full). SIMULATION: an opaque top-level page (no host) makes
        // every cookie third-party.
        if rules.thirdParty == .notStored, partition == nil,
           context.firstPartyHost.map({ rules.cookieIsThirdParty(domain: judgedDomain, firstPartyHost: $0) }) ?? true {
            return refuse(.thirdPartyBlocked)
        }
        let path = parsed.path ?? Self.defaultPath(url.path)
        // Leave Secure cookies alone (section 5.7 step 16): an insecure URL cannot shadow one.
        if !secureURL, cookies.contains(where: { old in
            old.secure && old.name == parsed.name && old.partition == partition
                && (Self.domainMatch(domain, old.domain) || Self.domainMatch(old.domain, domain)) && Self.pathMatches(path, old.path)
        }) {
            return refuse(.overwritesSecure)
        }
        var expires: Int64?
        if let maxAge = parsed.maxAge {
            // RFC 6265bis caps a lifetime at 400 days (section 5.6.2); libsoup 3.2 has no cap,
            // and its Max-Age fits a C int.
            let cap: Int64 = rules.maxAgeSyntax == .libsoupStrtolToInt ? Int64(Int32.max) : 400 * 86_400
            expires = maxAge <= 0 ? Int64.min : now + min(maxAge, cap) * 1000
        } else if let e = parsed.expires {
            expires = max(Int64.min / 2, min(e, Int64.max / 2000)) * 1000
        }
        var cookie = Cookie(name: parsed.name, value: parsed.value, domain: domain, hostOnly: hostOnly, path: path,
                            secure: parsed.secure, httpOnly: parsed.httpOnly, sameSite: parsed.sameSite, partition: partition,
                            expires: expires, created: now, order: nextOrder)
        nextOrder += 1
        if let i = cookies.firstIndex(where: { $0.name == cookie.name && $0.domain == cookie.domain && $0.hostOnly == cookie.hostOnly
            && $0.path == cookie.path && $0.partition == cookie.partition }) {
            if fromScript && cookies[i].httpOnly { return refuse(.httpOnlyFromScript) }
            cookie.created = cookies[i].created
            cookie.order = cookies[i].order
            cookies.remove(at: i)
        }
        if let e = expires, e <= now {
            return CookieStoreResult(name: cookie.name, stored: cookie, deleted: true, refusal: nil)
        }
        cookies.append(cookie)
        return CookieStoreResult(name: cookie.name, stored: cookie, deleted: false, refusal: nil)
    }

    /// Puts a cookie in the jar as it is (for tests and the Swift API); replaces the one with the
    /// same name, domain, path and partition.
    public mutating func insert(_ cookie: Cookie) {
        var c = cookie
        c.order = nextOrder
        nextOrder += 1
        cookies.removeAll { $0.name == c.name && $0.domain == c.domain && $0.path == c.path && $0.partition == c.partition }
        cookies.append(c)
    }
}
