/// Plain-language phrases for the engine's data, shared by every renderer.
public enum Describe {
    /// The tool's version, shown by `cors-sim --version` and in the HTML report's footer.
    package static let toolVersion = "0.1.0"

    /// A virtual time or duration in milliseconds: `0s`, `500ms`, `1h30m`, `2d`.
    public static func duration(_ ms: Int64) -> String {
        if ms <= 0 { return "0s" }
        if ms == Int64.max { return "forever" }
        var rest = ms
        var parts: [String] = []
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] {
            if rest >= size {
                parts.append("\(rest / size)\(unit)")
                rest %= size
            }
        }
        return parts.joined()
    }

    public static func seconds(_ s: Int64) -> String { "\(s) s" }

    /// `1 fetch`, `2 fetches`: a count with its noun in the singular or plural.
    package static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }

    /// A run's totals of expectations: `3 of 4 expectations held`, or `no expectations` for a file
    /// without any (not `0 of 0 expectations held`).
    package static func expectationsHeld(checked: Int, failed: Int) -> String {
        checked == 0 ? "no expectations" : "\(checked - failed) of \(count(checked, "expectation")) held"
    }

    public static func preflightReason(_ reason: PreflightReason) -> String {
        switch reason {
        case .method(let m): return "method \(m) is not GET, HEAD or POST"
        case .streamBody: return "a ReadableStream body always needs a preflight"
        case let .header(name, value, why):
            switch why {
            case .nameNotSafelisted: return "\(name) is not a CORS-safelisted header"
            case .valueTooLong(let n): return "\(name) value is \(n) bytes, over the 128-byte limit"
            case .unsafeByte(let b): return "\(name) value holds the CORS-unsafe byte \(byte(b))"
            case .languageByte(let b): return "\(name) value holds \(byte(b)), outside 0-9 A-Z a-z space * , - . ; ="
            case .invalidMIMEType: return "\(name): \(value) is not a MIME type"
            case .mimeEssence(let e): return "\(name) \(e) is not application/x-www-form-urlencoded, multipart/form-data or text/plain"
            case .rangeForm: return "\(name): \(value) is not a single bytes=N- or bytes=N-M range"
            case .valueRule: return "\(name): \(value) is not a value this browser safelists"
            case .safelistTotalTooLarge(let n): return "\(name): the safelisted headers' values add up to \(n) bytes, over 1024"
            }
        }
    }

    private static func byte(_ b: UInt8) -> String {
        let hex = "0x" + String(b, radix: 16, uppercase: true)
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))' (\(hex))" }
        return hex
    }

    public static func dropped(_ d: DroppedHeader) -> String {
        switch d.reason {
        case .forbidden(.forbiddenName): return "\(d.header.name) dropped: a forbidden request header, only the browser sets it"
        case .forbidden(.forbiddenPrefix(let p)): return "\(d.header.name) dropped: names starting with \(p) are forbidden"
        case .forbidden(.methodOverride(let m)): return "\(d.header.name) dropped: it names the forbidden method \(m)"
        case .forbidden(.browserForbidden): return "\(d.header.name) dropped: this browser still forbids it"
        case .noCORSGuard: return "\(d.header.name) dropped: no-cors keeps only safelisted Accept, Accept-Language, Content-Language and Content-Type"
        }
    }

    /// Text from a scenario or a server made safe for a terminal and for XML: the one escaping
    /// function, `TerminalText.escaped` (C0, DEL, C1 and bidi controls shown visibly, e.g. the
    /// NUL, CR, LF or ESC a `raw-header` line can carry). `keepingLineBreaks` leaves LF and tab
    /// to a caller that handles them (HTML, Mermaid); CR is still shown as `\r`.
    public static func printable(_ s: String, keepingLineBreaks: Bool = false) -> String {
        keepingLineBreaks ? TerminalText.escapedKeepingLines(s) : TerminalText.escaped(s)
    }

    public static func rejection(_ r: EarlyRejection) -> String {
        switch r {
        case .invalidMethod(let m): return "'\(m)' is not a valid method: fetch() throws"
        case .forbiddenMethod(let m): return "\(m) is a forbidden method: fetch() throws before sending"
        case .noCORSMethod(let m): return "no-cors allows only GET, HEAD and POST, not \(m): fetch() throws"
        case .noCORSStream: return "a ReadableStream body cannot be sent in no-cors mode: fetch() throws"
        case .onlyIfCachedWithoutSameOrigin(let mode): return "only-if-cached needs mode same-origin, not \(mode.rawValue): fetch() throws"
        case .credentialsInURL: return "the URL carries a username or password: fetch() throws"
        case .headerNotByteString(_, let unit):
            return "a header holds U+\(String(unit, radix: 16, uppercase: true)), above U+00FF: fetch() throws"
        case .invalidReferrer(let text): return "referrer '\(text)' is not a URL: fetch() throws"
        case .navigateMode: return "mode navigate is only for navigations: fetch() throws"
        case .invalidHeaderName(let name): return "'\(name)' is not a valid header name: fetch() throws"
        case .invalidHeaderValue(let name, _): return "the value of \(name) holds NUL, CR or LF: fetch() throws"
        case .bodyWithGetOrHead(let m): return "a \(m) request cannot have a body: fetch() throws"
        case .streamWithoutDuplex: return "a ReadableStream body needs duplex: 'half': fetch() throws"
        case .streamUploadUnsupported: return "this browser cannot upload a ReadableStream: fetch() rejects with NotSupportedError"
        case .keepaliveStream: return "a keepalive request cannot have a ReadableStream body: fetch() throws"
        case .aborted: return "the signal is already aborted: fetch() rejects with an AbortError"
        }
    }

    public static func cacheLookup(_ result: PreflightCacheLookup, profile: BrowserProfile) -> String {
        switch result {
        case .hit(let expiry): return "cache hit: the cached preflight is valid until t=\(duration(expiry))"
        case let .miss(miss, erased):
            let tail = erased ? "; the entry is erased" : ""
            switch miss {
            case .noEntry: return "cache miss: no entry for this URL"
            case .expired(let at): return "cache miss: the entry expired at t=\(duration(at))" + tail
            case .credentialsMismatch: return "cache miss: the entry came from a preflight without credentials" + tail
            case .methodNotCovered(let m): return "cache miss: the entry does not allow method \(m)" + tail
            case .headerNotCovered(let h): return "cache miss: the entry does not allow header \(h)" + tail
            case .taintedOrigin:
                return "cache not consulted: after a tainting redirect \(profile.displayName) keys the request by a fresh opaque origin"
            case .opaquePage:
                return "cache not consulted: \(profile.displayName) reuses no preflight for a page with an opaque origin"
            case .wildcardNotHonoured(let h):
                return "cache miss: only a cached * covers \(h), which \(profile.displayName) does not honour on a cache hit" + tail
            }
        }
    }

    public static func cacheStore(_ decision: MaxAgeDecision, _ result: PreflightCacheStore, profile: BrowserProfile) -> String {
        let who = profile.displayName
        switch result {
        case .notStored(.urlTooLong(let length, let limit)):
            return "not cached: the URL is \(length) characters; \(who) caches none of \(limit) or more"
        case .notStored(.maxAge(let asked)):
            return "not cached: \(who) does not cache Access-Control-Max-Age '\(asked)'"
        case .notStored(.taintedOrigin):
            return "not reusable: after a tainting redirect \(who) keys the result by a fresh opaque origin"
        case .notStored(.opaquePage):
            return "not reusable: \(who) reuses no preflight for a page with an opaque origin"
        case let .stored(expiry, replaced, merged, evicted):
            var why: String
            guard case let .cache(seconds, asked, capped, defaulted) = decision else { return "cached" }
            if seconds <= 0 {
                why = "cached already stale (Max-Age \(asked ?? "")): the next request preflights again"
            } else if capped, let asked {
                why = "cached for \(seconds) s: server asked \(asked), \(who) caps at \(seconds)"
            } else if defaulted, let asked {
                why = "cached for \(seconds) s: '\(asked)' is not a number, \(who) uses the default \(seconds) s"
            } else if defaulted {
                why = "cached for \(seconds) s: no Access-Control-Max-Age, the default"
            } else {
                why = "cached for \(seconds) s, as the server asked"
            }
            if seconds > 0 { why += " (until t=\(duration(expiry)))" }
            if replaced { why += "; replaced the previous entry" }
            if merged { why += "; merged into the existing entry" }
            if !evicted.isEmpty { why += "; evicted \(evicted.count) entries to make room" }
            return why
        }
    }

    public static func redirect(_ r: Redirect) -> String {
        var s = "redirect \(r.status) to \(r.to.serialized())"
        if let m = r.newMethod { s += "; the method becomes \(m) and the body is dropped" }
        if r.removedAuthorization { s += "; Authorization removed (cross-origin)" }
        if r.taintsOrigin { s += "; the origin is now tainted: later requests send Origin: null" }
        return s
    }

    /// An Opaque Response Blocking decision that blocked a `no-cors` response.
    public static func opaqueResponseBlocked(_ reason: OpaqueResponseBlockingDecision.Reason, droppedFromHTTPCache: Bool,
                                             browser: String) -> String {
        "Opaque Response Blocking: \(browser) blocks this no-cors response (\(reason.rawValue)); the script still gets "
            + "an empty opaque response" + (droppedFromHTTPCache ? ", and the HTTP cache drops it (the load is cancelled)" : "")
    }

    /// The verdict line: `readable: status 200; script sees content-type, x-id`.
    /// The line under a blocked verdict: whether the request reached the server, and, when it
    /// did, what hid the response from the script (a blocked response is not an unsent request:
    /// the server has acted on it).
    public static func reachNote(_ o: FetchOutcome) -> String {
        guard o.request.url.isHTTPScheme else { return "no request: a \(o.request.url.scheme): URL never goes to a server" }
        guard o.requestSent else { return "the actual request never reached the server" }
        let hider: String
        switch o.failure?.reason {
        case .crossOriginResourcePolicy?: hider = "Cross-Origin-Resource-Policy only hides the response"
        case .integrityMismatch?, .integrityNotEligible?: hider = "the integrity check only hides the response"
        case .unexpectedProxyAuth?: hider = "the browser's network stack refused the 407 it answered with"
        case .redirectErrorMode?, .redirectLimit?, .redirectCredentialsInURL?, .redirectInvalidLocation?,
             .redirectEmptyLocation?, .redirectCredentialedSubresource?, .noCORSRedirectMode?,
             .mixedContent?, .badPort?, .localNetworkDenied?, .sameOriginMode?:
            hider = "the browser refused a redirect it answered with"
        default: hider = "CORS only hides the response"
        }
        return "the request DID reach the server: " + hider
    }

    /// Why an error answer was blocked, when the cause is on the server: the actual response was
    /// a 4xx/5xx without Access-Control-Allow-Origin. The script sees only a TypeError, never the
    /// status, so the hint names the usual causes (issue 16: a CORS middleware placed after the
    /// error handler, nginx `add_header` without `always`). nil otherwise.
    public static func errorResponseHint(_ o: FetchOutcome) -> String? {
        guard o.verdict == .blocked, o.failure?.reason == .missingAllowOrigin else { return nil }
        var status: Int?
        var preflightPassed = false
        for event in o.events {
            switch event {
            case .response(let r): status = r.status
            case .preflightPassed: preflightPassed = true
            case .cacheLookup(_, let result): if case .hit = result { preflightPassed = true }
            default: break
            }
        }
        guard let status, status >= 400 else { return nil }
        let causes = "(a CORS middleware after the error handler, nginx add_header without 'always')"
        if preflightPassed {
            return "the preflight passed, but the \(status) answer carries no CORS headers: error responses need them too "
                + causes + "; the script sees a TypeError, never the \(status)"
        }
        return "the \(status) answer carries no Access-Control-Allow-Origin; if the server's successful answers do, "
            + "its error responses lack them " + causes + ": the script sees a TypeError, never the \(status)"
    }

    /// Why a no-cors fetch was refused by the response's Cross-Origin-Resource-Policy: which
    /// response carried it and what it allows. nil for any other outcome.
    public static func resourcePolicyHint(_ o: FetchOutcome) -> String? {
        guard o.verdict == .blocked, let f = o.failure, f.reason == .crossOriginResourcePolicy else { return nil }
        let which = f.phase == .redirect ? "the \(f.status.map(String.init) ?? "") redirect from" : "the response from"
        let allows = f.value == ResourcePolicy.sameSite.rawValue
            ? "only pages of its own site may load it in no-cors mode (an https response: only https pages)"
            : "only pages of its own origin may load it in no-cors mode"
        return "\(which) \(f.url.origin.serialized) carries Cross-Origin-Resource-Policy: \(f.value ?? ""): \(allows); "
            + "mode cors with Access-Control-Allow-Origin is not subject to it"
    }

    public static func verdict(_ o: FetchOutcome) -> String {
        switch o.verdict {
        case .readable:
            let r = o.response!
            let names = r.headers.distinctNames.map { $0.lowercased() }.sorted()
            let seen = names.isEmpty ? "no headers" : names.joined(separator: ", ")
            return "readable (\(r.type.rawValue)): status \(r.status); the script can read \(seen)"
        case .opaque: return "opaque: status 0, no headers, no body"
        case .opaqueRedirect: return "opaque-redirect: status 0"
        case .blocked:
            let f = o.failure!
            return "blocked: \(f.reason.rawValue) (\(f.reason.summary))"
        }
    }

    /// What the script passed as the body.
    /// A response body for a trace: at most 200 characters, then `…` (renderers escape it).
    public static func responseBody(_ body: String) -> String {
        guard body.count > 200 else { return body.isEmpty ? "(empty)" : body }
        return String(body.prefix(200)) + "…"
    }

    public static func body(_ b: RequestBody) -> String {
        switch b {
        case .text(let s): return s
        case .urlEncoded: return "URLSearchParams"
        case .formData: return "FormData"
        case .stream: return "ReadableStream"
        case .blob(let type): return "Blob (\(type.isEmpty ? "no type" : type))"
        }
    }

    /// The request line as the script wrote it.
    public static func request(_ r: FetchRequest) -> String {
        var s = "fetch \(r.method) \(r.url.serialized())"
        if r.mode != .cors { s += " mode=\(r.mode.rawValue)" }
        if r.credentials != .sameOrigin { s += " credentials=\(r.credentials.rawValue)" }
        if r.redirect != .follow { s += " redirect=\(r.redirect.rawValue)" }
        if r.cache != .default { s += " cache=\(r.cache.rawValue)" }
        if r.referrerPolicy != .empty { s += " referrerPolicy=\(r.referrerPolicy.rawValue)" }
        if let referrer = r.referrer { s += " referrer=\(referrer)" }
        return s
    }

    /// What the script sees: the Response, or the rejected promise.
    package static func scriptView(_ o: FetchOutcome) -> String {
        switch o.verdict {
        case .readable:
            let r = o.response!
            let names = r.headers.distinctNames.map { $0.lowercased() }.sorted()
            return "a Response: type \(r.type.rawValue), status \(r.status), headers \(names.isEmpty ? "(none)" : names.joined(separator: ", "))"
        case .opaque: return "an opaque Response: type opaque, status 0, no headers, no body"
        case .opaqueRedirect: return "an opaque-redirect Response: status 0, no headers"
        case .blocked: return "a rejected promise: " + Describe.printable(o.scriptError ?? "TypeError")
        }
    }

    /// A cache entry's methods or header names, each with its own expiry when it differs from the entry's.
    package static func cacheTokens(_ list: [(name: String, expiresAt: Int64)], entry: Int64) -> String {
        if list.isEmpty { return "–" }
        return list.map { $0.expiresAt == entry ? $0.name : "\($0.name) (t=\(Describe.duration($0.expiresAt)))" }.joined(separator: ", ")
    }
}

extension Describe {
    /// One HTTP cache decision in the user's terms.
    public static func httpCache(_ event: HTTPCacheEvent) -> String {
        func age(_ a: Int64, _ l: Int64) -> String { "age \(a) s, fresh for \(l) s" }
        func staleWhy(_ w: HTTPCacheEvent.StaleReason, _ a: Int64, _ l: Int64) -> String {
            switch w {
            case .expired: return "stale (\(age(a, l)))"
            case .responseNoCache: return "stored with Cache-Control: no-cache, so it must be checked with the server"
            case .requestNoCache: return "cache=no-cache: it must be checked with the server"
            case .requestDirective(let d): return "the request's \(d) asks for it to be checked with the server (\(age(a, l)))"
            case .statusMustValidate(let s): return "a stored \(s) response, which this browser always checks with the server"
            case .varyMismatch(let name): return "stored for another \(name), so this browser checks it with the server"
            }
        }
        switch event {
        case let .hit(_, a, l, mode):
            let why: String
            switch mode {
            case .forceCache: why = "cache=force-cache takes it stale or fresh"
            case .onlyIfCached: why = "cache=only-if-cached takes it stale or fresh"
            default: why = "fresh: \(age(a, l))"
            }
            return "HTTP cache: answered from the browser's cache (\(why)): nothing sent, the server never sees this request"
        case .miss(_, let reason):
            switch reason {
            case .nothingStored: return "HTTP cache: nothing stored for this URL"
            case .otherPartition(let p):
                return "HTTP cache: a response is stored for this URL, but under another top-level site (\(printable(p))): partitioned, not used"
            case .otherCredentials: return "HTTP cache: a response is stored for this URL, but for a request with another credentials mode: not used"
            case .varyStar: return "HTTP cache: the stored response has Vary: *, which matches no request"
            case .redirectForURLWithFragment: return "HTTP cache: a redirect is stored, but this browser takes none for a URL with a fragment in this cache mode: sent"
            case .cachedRedirectLimit(let n): return "HTTP cache: not read past \(n) redirects of one fetch: sent"
            case .redirectHop: return "HTTP cache: not read for a request a redirect from the network leads to (this browser reads it for a fetch's first request and after a redirect from its cache): sent"
            case .persistentAfterCachedPermanentRedirect:
                return "HTTP cache: a permanent redirect of this fetch came from the cache, so this request reads only the memory-only cache: the response stored for this URL is dropped and the request sent"
            case .otherThirdPartyKey:
                return "HTTP cache: a response is stored for this URL, but for a fetch of another site's page (this browser keys a third party's fetch apart): not used"
            case let .otherRange(stored, sent):
                return "HTTP cache: a response is stored for this URL, but for \(stored.map { "Range: " + printable($0) } ?? "a request without Range"), and this browser keys on the Range value (this request: \(sent.map { "Range: " + printable($0) } ?? "no Range")): not used"
            case .byteRangeOnlyIfCached:
                return "HTTP cache: only-if-cached never takes a byte range, nor a stored 206, from this browser's cache: not used"
            case let .varyMismatch(name, stored, sent):
                return "HTTP cache: the stored response varies on \(name) (stored for \(printable(stored ?? "no \(name)")), this request sends \(printable(sent ?? "none"))): not used"
            }
        case let .revalidating(_, a, l, validators, why):
            return "HTTP cache: the stored response is \(staleWhy(why, a, l)); asking the server with "
                + validators.map { printable("\($0.name): \($0.value)") }.joined(separator: ", ")
        case let .revalidatingThroughFirstRequest(_, first):
            return "HTTP cache: a redirect from the cache led here, so this browser asks by sending the fetch's first request (\(printable(first.serialized()))) again with these validators, and follows its redirects on the network"
        case let .stale(_, a, l, why):
            return "HTTP cache: the stored response is \(staleWhy(why, a, l)) and has no ETag or Last-Modified: fetched again"
        case .revalidated:
            return "HTTP cache: 304 Not Modified: the stored response is used, its headers updated"
        case .lookupSkipped(let mode):
            return "HTTP cache: not consulted (cache=\(mode.rawValue))"
        case .requestDirectiveSkipped(_, let directive):
            return "HTTP cache: not consulted: the script set \(directive) on the request (the response is stored as usual)"
        case .scriptConditional(_, let rule):
            return rule.matching304UpdatesStored
                ? "HTTP cache: the script made the request conditional: not consulted; the page gets the server's answer, a 304 too, and a 304 matching the stored response updates it"
                : "HTTP cache: the script made the request conditional: not consulted, nothing stored; the page gets the server's answer, a 304 too"
        case .subrangeBypassed:
            return "HTTP cache: the request's Range is one this cache leaves alone: not consulted, nothing stored"
        case let .rangeFromStored(_, r, size):
            return "HTTP cache: bytes \(r.lowerBound)-\(r.upperBound) of \(size) are stored: answered from the cache"
        case let .rangeMissing(_, r):
            return "HTTP cache: bytes \(r.lowerBound)-\(r.upperBound) are not stored: asked for with Range"
        case .partialEntryDropped:
            return "HTTP cache: the stored response cannot serve this range request: removed, the request sent again as made"
        case .updatedByScriptConditional:
            return "HTTP cache: the 304 updates the stored response's headers and freshness (the page sees the 304)"
        case let .stored(_, l, source, _):
            switch source {
            case .none: return "HTTP cache: stored, with no freshness information (fresh for 0 s: reused only when revalidated or by force-cache)"
            default: return "HTTP cache: stored, fresh for \(l) s (\(source.rawValue))"
            }
        case .notStored(_, let why):
            switch why {
            case .requestNoStore: return "HTTP cache: not stored (cache=no-store)"
            case .responseNoStore: return "HTTP cache: not stored (Cache-Control: no-store)"
            case .method(let m): return "HTTP cache: not stored (a \(printable(m)) response is not reused)"
            case .status(let s): return "HTTP cache: not stored (status \(s))"
            case .nothingToReuse: return "HTTP cache: not stored (no validator and no positive freshness lifetime)"
            case .redirectForURLWithFragment: return "HTTP cache: not stored (a redirect, or a response reached through one, for a URL with a fragment)"
            case .pastCachedRedirectLimit(let n): return "HTTP cache: not stored (a redirect past the first \(n) of one fetch)"
            case .noExplicitFreshness(let s): return "HTTP cache: not stored (a \(s) is stored only with a positive max-age or an Expires, and without no-cache)"
            case .scriptConditional: return "HTTP cache: not stored (the script made the request conditional)"
            case .subrangeRequest: return "HTTP cache: not stored (a Range request this cache leaves alone)"
            case .partialContentNotResumable: return "HTTP cache: not stored (a 206 that is not the range asked for, of an unknown length, without a strong validator, or with Accept-Ranges: none)"
            }
        }
    }
}
