/// What a fetch did with cookies, for every view: the text trace, the stepper, the diagrams and
/// JSON (`Docs/scenario-format.md`, "Cookies").

public enum CookieEvent: Sendable, Hashable {
    /// A credentialed request: the cookies it carried (its `Cookie` header) and those whose
    /// domain and path match but stayed home, with why.
    case attached(url: FetchURL, decisions: [CookieDecision])
    /// A request without credentials (`credentials=omit`, or `same-origin` across origins): no
    /// cookie goes; `names` are the jar's cookies that would otherwise have been considered.
    case notCredentialed(url: FetchURL, names: [String], mode: CredentialsMode)
    /// A `Set-Cookie` of a response: stored, deleted or refused.
    case setCookie(url: FetchURL, result: CookieStoreResult)
}

extension CookieWithheld {
    /// A stable code for JSON.
    public var code: String {
        switch self {
        case .secureOnly: return "secure-only"
        case .sameSite(let s, let byDefault): return byDefault ? "samesite-\(s.rawValue)-by-default" : "samesite-\(s.rawValue)"
        case .thirdPartyBlocked: return "third-party-blocked"
        case .otherPartition: return "other-partition"
        }
    }

    /// Why, in the user's terms.
    public func text(_ browser: String) -> String {
        switch self {
        case .secureOnly: return "a Secure cookie goes only to https: URLs"
        case let .sameSite(s, byDefault):
            if byDefault {
                return "blocked: the cookie has no SameSite attribute, so \(browser) treats it as \(s.text); a cross-site fetch() does not carry it"
            }
            return "blocked: \(s.text) cookie on a cross-site request"
        case .thirdPartyBlocked: return "blocked: third-party cookie in \(browser)"
        case let .otherPartition(stored, request):
            let theirs = stored.map { "the jar of top-level site \($0)" } ?? "the unpartitioned (first-party) jar"
            let ours = request.map { "a cross-site request under top-level site \($0) reads only that site's partition" }
                ?? "this request reads the unpartitioned jar"
            return "not sent: \(browser) keeps it in \(theirs); \(ours) (partitioned cookies)"
        }
    }
}

extension CookieRefusal {
    /// A stable code for JSON.
    public var code: String {
        switch self {
        case .malformed: return "malformed"
        case .notCredentialed: return "not-credentialed"
        case .domainMismatch: return "domain-mismatch"
        case .domainWithoutDot: return "domain-without-dot"
        case .publicSuffixDomain: return "public-suffix-domain"
        case .secureFromInsecureURL: return "secure-from-insecure-url"
        case .prefix: return "prefix"
        case .httpOnlyFromScript: return "httponly-from-script"
        case .sameSiteCrossSite(let s, let byDefault): return byDefault ? "samesite-\(s.rawValue)-by-default" : "samesite-\(s.rawValue)"
        case .sameSiteNoneInsecure: return "samesite-none-insecure"
        case .partitionedInsecure: return "partitioned-insecure"
        case .thirdPartyBlocked: return "third-party-blocked"
        case .overwritesSecure: return "overwrites-secure"
        case .opaqueOrigin: return "opaque-origin"
        }
    }

    /// Why, in the user's terms.
    public func text(_ browser: String) -> String {
        switch self {
        case .malformed(let r): return "ignored: the Set-Cookie string is malformed (\(r.text))"
        case .notCredentialed: return "ignored: the request was sent without credentials, so the browser ignores Set-Cookie"
        case .domainMismatch(let d): return "refused: Domain=\(d) does not cover the request's host"
        case .domainWithoutDot(let d): return "refused: Domain=\(d) has no dot"
        case .publicSuffixDomain(let d): return "refused: Domain=\(d) is a public suffix"
        case .secureFromInsecureURL: return "refused: a Secure cookie cannot be set from an http: URL"
        case .prefix(let why): return "refused: \(why)"
        case .httpOnlyFromScript: return "refused: document.cookie cannot set or overwrite an HttpOnly cookie"
        case let .sameSiteCrossSite(s, byDefault):
            if byDefault {
                return "blocked: no SameSite attribute, so \(browser) treats it as \(s.text), which a cross-site response cannot set"
            }
            return "blocked: a cross-site response cannot set a \(s.text) cookie"
        case .sameSiteNoneInsecure: return "refused: \(browser) requires Secure with SameSite=None"
        case .partitionedInsecure: return "refused: a Partitioned cookie needs Secure"
        case .thirdPartyBlocked: return "blocked: third-party cookie in \(browser)"
        case .overwritesSecure: return "refused: an http: response cannot replace a Secure cookie of the same name"
        case .opaqueOrigin: return "ignored: a document with an opaque origin (a sandboxed iframe) has no cookies"
        }
    }
}

extension Describe {
    /// The trace lines of a cookie event (one string per line).
    public static func cookie(_ event: CookieEvent, browser: String) -> [String] {
        switch event {
        case let .attached(_, decisions):
            var lines: [String] = []
            let sent = decisions.filter { $0.withheld == nil }.map(\.cookie.name)
            if !sent.isEmpty { lines.append("cookies sent: " + sent.joined(separator: ", ")) }
            for d in decisions {
                if let w = d.withheld { lines.append("cookie \(d.cookie.name) not sent — \(w.text(browser))") }
            }
            if decisions.isEmpty { lines.append("credentialed, but the jar holds no cookie for this URL") }
            return lines
        case let .notCredentialed(url, names, mode):
            let why = mode == .omit ? "credentials=omit" : "credentials=\(mode.rawValue) and \(url.origin.serialized) is another origin"
            return ["no cookies sent (\(why)): " + names.joined(separator: ", ") + " stay" + (names.count == 1 ? "s" : "") + " in the jar"]
        case let .setCookie(_, result):
            if let r = result.refusal {
                return ["Set-Cookie \(result.name.isEmpty ? "(unnamed)" : result.name) not stored — \(r.text(browser))"]
            }
            guard let c = result.stored else { return [] }
            if result.deleted { return ["Set-Cookie \(c.name): already expired, so the stored cookie is deleted"] }
            return ["cookie stored: \(c.name) " + cookieAttributes(c)]
        }
    }

    /// `(host-only api.example.com, path /, SameSite=None, Secure, session, partition https://app.example)`.
    public static func cookieAttributes(_ c: Cookie) -> String {
        var parts = [(c.hostOnly ? "host-only " : "domain ") + c.domain, "path " + c.path, c.sameSite.text]
        if c.secure { parts.append("Secure") }
        if c.httpOnly { parts.append("HttpOnly") }
        parts.append(c.expires == nil ? "session" : "expires at t=" + duration(c.expires!))
        if let p = c.partition { parts.append("partition " + p) }
        return "(" + parts.joined(separator: ", ") + ")"
    }
}

extension JSONRenderer {
    static func cookieEvent(_ event: CookieEvent) -> JSONValue {
        switch event {
        case let .attached(url, decisions):
            return .object([
                ("event", .string("cookies-sent")), ("url", .string(url.serialized())),
                ("header", .optional(CookieJar.header(decisions))),
                ("sent", .array(decisions.filter { $0.withheld == nil }.map { .string($0.cookie.name) })),
                ("withheld", .array(decisions.compactMap { d in
                    d.withheld.map { w in .object([("name", .string(d.cookie.name)), ("reason", .string(w.code))]) }
                })),
            ])
        case let .notCredentialed(url, names, mode):
            return .object([("event", .string("cookies-not-credentialed")), ("url", .string(url.serialized())),
                            ("credentials", .string(mode.rawValue)), ("cookies", .array(names.map { .string($0) }))])
        case let .setCookie(url, result):
            if let r = result.refusal {
                return .object([("event", .string("cookie-refused")), ("url", .string(url.serialized())),
                                ("name", .string(result.name)), ("reason", .string(r.code))])
            }
            let c = result.stored!
            return .object([
                ("event", .string(result.deleted ? "cookie-deleted" : "cookie-stored")), ("url", .string(url.serialized())),
                ("name", .string(c.name)), ("domain", .string(c.domain)), ("host_only", .bool(c.hostOnly)), ("path", .string(c.path)),
                ("secure", .bool(c.secure)), ("http_only", .bool(c.httpOnly)), ("same_site", .string(c.sameSite.rawValue)),
                ("partition", .optional(c.partition)), ("expires_ms", c.expires.map { .int($0) } ?? .null),
            ])
        }
    }
}

extension Describe {
    /// What a `cookie` step did in one browser.
    public static func cookieStep(_ result: CookieStoreResult, browser: String) -> [String] {
        if let r = result.refusal { return ["not stored — " + r.text(browser)] }
        guard let c = result.stored else { return [] }
        if result.deleted { return ["\(c.name): already expired, so the stored cookie is deleted"] }
        return ["stored \(c.name) " + cookieAttributes(c)]
    }
}

extension JSONRenderer {
    static func cookieStepResult(_ result: CookieStoreResult) -> JSONValue {
        .object([("name", .string(result.name)), ("stored", .bool(result.stored != nil && !result.deleted)),
                 ("deleted", .bool(result.deleted)), ("reason", .optional(result.refusal?.code)),
                 ("partition", .optional(result.stored?.partition))])
    }
}

/// What a `cookie` step did in one browser.
public struct CookieStepResult: Sendable, Hashable {
    /// `chrome`, or `chrome@75`.
    public var profileID: String
    public var displayName: String
    public var result: CookieStoreResult
}
