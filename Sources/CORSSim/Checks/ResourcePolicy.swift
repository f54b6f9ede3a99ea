/// The cross-origin resource policy check (https://fetch.spec.whatwg.org/#cross-origin-resource-policy-check):
/// a response to a `no-cors` request that carries `Cross-Origin-Resource-Policy: same-origin` (or
/// `same-site`) and comes from another origin (site) than the request's is a network error, so
/// `fetch()` rejects instead of resolving with an opaque response. HTTP fetch runs it on every
/// response, a redirect included. Kept apart from the CORS check and from Opaque Response Blocking
/// (content-type based): its own reason code, `corp-blocked`.
///
/// Engines (all three agree on everything the scenarios reach; recorded: Tests/Conformance/corp-*):
/// - Chromium: services/network/public/cpp/cross_origin_resource_policy.cc `IsBlocked` returns at
///   once unless the request mode is no-cors; `ParseHeaderByString` compares the normalized header
///   (`GetNormalizedHeader`: the lines joined by `, `, outer whitespace stripped) with `same-origin`,
///   `same-site`, `cross-origin` case-sensitively, anything else is a parsing error, which allows;
///   `ShouldAllowSameSite` compares registrable domains (schemelessly) and then allows only when the
///   initiator's scheme is https or the target's is not.
/// - Gecko: netwerk/protocol/http/HttpBaseChannel.cpp `ProcessCrossOriginResourcePolicyHeader`:
///   returns unless `RequestMode::No_cors`; `EqualsLiteral("same-origin")` / `("same-site")` on the
///   merged header value; same-origin compares the channel's result principal with the loading
///   principal; same-site compares base domains, then blocks an https resource for a page that is not https.
/// - WebKit: Source/WebCore/platform/network/HTTPParsers.cpp `parseCrossOriginResourcePolicyHeader`
///   (trim, exact case-sensitive match) and Source/WebCore/loader/CrossOriginAccessControl.cpp
///   `validateCrossOriginResourcePolicy` (no-cors only; same-site by registrable domain, with the
///   same https rule), called by NetworkLoadChecker for every response, redirects included.

/// Where engines differ in the check.
public struct ResourcePolicyRules: Sendable, Hashable {
    /// Whether two origins whose host is the same IP address are same site for `same-site`
    /// (the standard's "schemelessly same site": equal hosts are). Chromium's `ShouldAllowSameSite`
    /// never counts an IP-address host as same site.
    public var ipAddressIsSameSite: Bool

    public init(ipAddressIsSameSite: Bool) {
        self.ipAddressIsSameSite = ipAddressIsSameSite
    }

    /// The Fetch Standard.
    public static let standard = ResourcePolicyRules(ipAddressIsSameSite: true)
}

/// A `Cross-Origin-Resource-Policy` value as the engines parse it.
public enum ResourcePolicy: String, Sendable, Hashable, Codable {
    case sameOrigin = "same-origin"
    case sameSite = "same-site"
    case crossOrigin = "cross-origin"

    /// Parses the header as the engines do: every line's value combined with `, ` (the header
    /// list's "get"), HTTP whitespace stripped at both ends, then an exact, case-sensitive match.
    /// nil: no header, or a value that is none of the three (a list, another case, `none`), which
    /// the check treats like no header (the ABNF allows one token only).
    public static func parse(_ headers: HeaderList) -> ResourcePolicy? {
        guard let combined = headers.value(lowercased: "cross-origin-resource-policy") else { return nil }
        let bytes = Array(combined.utf8)
        var start = 0
        var end = bytes.count
        func isHTTPWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while start < end, isHTTPWhitespace(bytes[start]) { start += 1 }
        while end > start, isHTTPWhitespace(bytes[end - 1]) { end -= 1 }
        let token = bytes[start..<end]
        for policy in [ResourcePolicy.sameOrigin, .sameSite, .crossOrigin] where token.elementsEqual(policy.rawValue.utf8) {
            return policy
        }
        return nil
    }
}

/// Why the check blocked a response: the policy it carried and how the two origins relate.
public struct ResourcePolicyBlock: Sendable, Hashable {
    public var policy: ResourcePolicy
    /// Whether the request's origin and the response's URL are schemelessly same site (a
    /// `same-site` block with this true was the https rule: an https response for a page that is not https).
    public var sameSite: Bool
}

/// The cross-origin resource policy check for one response
/// (https://fetch.spec.whatwg.org/#cross-origin-resource-policy-internal-check). nil: allowed.
///
/// - Parameters:
///   - mode: the request's mode: only `no-cors` is checked (step 1).
///   - requestOrigin: the request's origin (the page's; a redirect does not change it, it only taints
///     the serialization).
///   - responseURL: the URL the response came from (the request's current URL).
public func resourcePolicyCheck(_ headers: HeaderList, mode: RequestMode, requestOrigin: Origin,
                                responseURL: FetchURL, rules: ResourcePolicyRules) -> ResourcePolicyBlock? {
    // SIMULATION: no Cross-Origin-Embedder-Policy on the page (scenarios have no page headers), so
    // no header never becomes `same-origin` (the standard's step 4 for `require-corp`).
    guard mode == .noCORS else { return nil }
    // 2. Same origin: allowed. (Parsed first: no header, the common case, returns here.)
    guard let policy = ResourcePolicy.parse(headers), policy != .crossOrigin else { return nil }
    if requestOrigin == responseURL.origin { return nil }
    let sameSite = isSchemelesslySameSite(requestOrigin, responseURL, rules: rules)
    switch policy {
    case .sameOrigin:
        return ResourcePolicyBlock(policy: .sameOrigin, sameSite: sameSite)
    case .sameSite:
        // Allowed when same site and the page is https or the response is not (an http page may
        // not read a same-site https resource that asked for same-site).
        if sameSite, requestOrigin.isHTTPS || responseURL.scheme != "https" { return nil }
        return ResourcePolicyBlock(policy: .sameSite, sameSite: sameSite)
    case .crossOrigin:
        return nil
    }
}

/// Whether the page's origin and a URL are schemelessly same site
/// (https://html.spec.whatwg.org/multipage/browsers.html#schemelessly-same-site): equal hosts, or
/// equal registrable domains (an IP address or a public suffix such as `localhost` is its own
/// site); an opaque origin is same site with nothing.
/// SIMULATION: registrable domains come from the simulator's public-suffix rules (CookieSite).
func isSchemelesslySameSite(_ origin: Origin, _ url: FetchURL, rules: ResourcePolicyRules) -> Bool {
    guard case let .tuple(_, host, _) = origin else { return false }
    if !rules.ipAddressIsSameSite, CookieSite.isIPAddress(host) || CookieSite.isIPAddress(url.host) { return false }
    return CookieSite.registrableDomain(host) == CookieSite.registrableDomain(url.host)
}
