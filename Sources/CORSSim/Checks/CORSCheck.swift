/// The CORS check (https://fetch.spec.whatwg.org/#concept-cors-check) and the checks of a
/// CORS-preflight response (https://fetch.spec.whatwg.org/#cors-preflight-fetch-0), each returning
/// a structured failure: a reason code plus the offending value, as a browser console reports it.

/// Where in a fetch a failure happened.
public enum FailurePhase: String, Sendable, Hashable, Codable {
    /// `fetch()` threw before anything was sent.
    case beforeSend = "before-send"
    /// The preflight's response failed its checks.
    case preflight
    /// A redirect response failed the CORS check or the redirect rules.
    case redirect
    /// The final response failed the CORS check.
    case response
    /// No server answered.
    case network
}

/// Why a fetch failed, with the offending value.
public struct CORSFailure: Sendable, Hashable {
    public var reason: ReasonCode
    public var phase: FailurePhase
    /// The value at fault: the Access-Control-Allow-Origin or -Credentials value, the method, the
    /// header name as the script spelled it, the invalid token, the redirect location.
    public var value: String?
    /// The URL of the request whose response failed (the current URL).
    public var url: FetchURL
    /// The failing response's status, where there was a response.
    public var status: Int?
    /// Chromium reports an Access-Control-Allow-Origin that is not a URL as "invalid value".
    public var originValueIsInvalidURL: Bool
    /// For a failed redirect: where the `Location` pointed.
    public var redirectTarget: String?
    /// For an unparsable Allow-Methods or Allow-Headers: the whole header value (WebKit prints it).
    public var headerValue: String?
    /// For a preflight answered by a redirect: the Access-Control-Allow-Origin failure of that
    /// response, where the browser reports it too (reason and value).
    public var alsoOriginFailure: ReasonCode?
    public var alsoOriginValue: String?
    /// For a redirect to a URL whose scheme is not HTTP(S) (data:, blob:, about:, ftp:): that URL
    /// and where the request stood, which the engines' console lines tell apart.
    public var nonHTTPLocation: NonHTTPLocation?

    public init(reason: ReasonCode, phase: FailurePhase, value: String? = nil, url: FetchURL, status: Int? = nil,
                originValueIsInvalidURL: Bool = false, redirectTarget: String? = nil) {
        self.reason = reason
        self.phase = phase
        self.value = value
        self.url = url
        self.status = status
        self.originValueIsInvalidURL = originValueIsInvalidURL
        self.redirectTarget = redirectTarget
    }
}

/// A redirect's location whose scheme is not HTTP(S), as a failed redirect carries it.
public struct NonHTTPLocation: Sendable, Hashable {
    /// The location URL, serialized.
    public var url: String
    public var scheme: String
    /// Whether its origin is the page's (a `blob:` URL of the page's origin).
    public var sameOriginWithPage: Bool
    /// Whether the request's mode is "cors".
    public var corsMode: Bool
    /// Whether the request had already left the page's origin (its response tainting is cors).
    public var leftPageOrigin: Bool

    public init(url: String, scheme: String, sameOriginWithPage: Bool, corsMode: Bool, leftPageOrigin: Bool) {
        self.url = url
        self.scheme = scheme
        self.sameOriginWithPage = sameOriginWithPage
        self.corsMode = corsMode
        self.leftPageOrigin = leftPageOrigin
    }

    /// Whether a CORS check looks at the location (a cors request whose next URL is not the
    /// page's origin, or that already left it).
    public var corsChecked: Bool { corsMode && (leftPageOrigin || !sameOriginWithPage) }
}

/// The CORS check of a response (https://fetch.spec.whatwg.org/#concept-cors-check), with the
/// reason each browser reports. `origin` is the byte-serialized request origin (`null` when tainted).
/// Returns nil when the check passes.
func corsCheck(_ response: WireResponse, origin: String, includeCredentials: Bool,
               rules: ResponseCheckRules) -> (reason: ReasonCode, value: String?, invalidURL: Bool)? {
    // Gecko counts only the lines spelled exactly `Access-Control-Allow-Origin` (the visitor of
    // the original response headers compares with EqualsLiteral); other spellings still merge into
    // the value below.
    var lines = 0
    for header in response.headers where header.name == "Access-Control-Allow-Origin" { lines += 1 }
    // 1. Let origin be the result of getting `Access-Control-Allow-Origin` from response's header list.
    let allowOrigin = response.headers.value(lowercased: "access-control-allow-origin")
    if rules.multipleOrigins == .headerLines, lines > 1 { return (.multipleAllowOrigin, allowOrigin, false) }
    // 2. If origin is null, then return failure.
    guard let value = allowOrigin else { return (.missingAllowOrigin, nil, false) }
    // 3. If request's credentials mode is not "include" and origin is `*`, then return success.
    if value == "*" {
        if !includeCredentials { return nil }
        return (.wildcardWithCredentials, value, false)
    }
    // 4. If the byte-serialization of request's origin is not origin, then return failure.
    if value != origin {
        switch rules.multipleOrigins {
        case .commaOrSpace where value.contains(",") || value.contains(" "):
            return (.multipleAllowOrigin, value, false)
        case .comma where value.contains(","):
            return (.multipleAllowOrigin, value, false)
        default:
            let invalid = value != "null" && (try? FetchURL(parsing: value)) == nil
            return (.allowOriginMismatch, value, invalid)
        }
    }
    // 5. If request's credentials mode is not "include", then return success.
    if !includeCredentials { return nil }
    // 6. Let credentials be the result of getting `Access-Control-Allow-Credentials`.
    // 7. If credentials is `true`, then return success.
    let credentials = response.headers.value(lowercased: "access-control-allow-credentials")
    if credentials == "true" { return nil }
    // 8. Return failure.
    return (.missingAllowCredentials, credentials ?? "", false)
}

/// Extracts a list header of tokens (Allow-Methods, Allow-Headers, Expose-Headers): items split on
/// commas outside double quotes, empty items skipped, HTTP whitespace trimmed. Returns the first item
/// that is not a token as a failure (https://fetch.spec.whatwg.org/#extract-header-list-values).
func extractTokenList(_ headers: HeaderList, _ name: String) -> Result<[String], TokenListError> {
    guard let value = headers.value(lowercased: name) else { return .success([]) }
    return parseTokenList(value)
}

/// Parses a combined list value on its UTF-8 bytes: one pass, a `String` made only for each item
/// kept (or the one at fault). Splitting happens only at ASCII bytes, so no item splits a character.
func parseTokenList(_ value: String) -> Result<[String], TokenListError> {
    var contiguous = value
    return contiguous.withUTF8 { bytes -> Result<[String], TokenListError> in
        var items: [String] = []
        var bad: String?
        // Empty items are skipped; a token is kept; anything else stops the walk as the failure.
        _ = forEachHTTPListItem(bytes) { item in
            if item.isEmpty { return true }
            let text = String(decoding: item, as: UTF8.self)
            if item.allSatisfy(\.isHTTPTokenByte) { items.append(text); return true }
            bad = text
            return false
        }
        if let bad { return .failure(TokenListError(token: bad, headerValue: value)) }
        return .success(items)
    }
}

struct TokenListError: Error, Hashable {
    var token: String
    var headerValue: String
}
