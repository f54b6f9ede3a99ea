/// Deciding, before anything is sent, what `fetch()` does with the script's request: which
/// headers it drops, whether it throws at once, and whether a cross-origin request will need a
/// CORS preflight and why.

/// Why a request needs a CORS preflight.
public enum PreflightReason: Sendable, Hashable {
    /// The method is not GET, HEAD or POST (after normalization).
    case method(String)
    /// A header the script set is not CORS-safelisted.
    case header(name: String, value: String, reason: UnsafeHeaderReason)
    /// A ReadableStream body sets the use-CORS-preflight flag.
    case streamBody
}

/// A header the script set that `fetch()` left out, and why.
public struct DroppedHeader: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        case forbidden(ForbiddenHeaderReason)
        /// `no-cors` keeps only no-CORS-safelisted request-headers.
        case noCORSGuard
    }

    public var header: Header
    public var reason: Reason
}

/// The request as `fetch()` builds it, classified.
public struct Classification: Sendable, Hashable {
    /// The normalized method.
    public var method: Method
    /// The headers that will be sent (repeated names combined), the body's Content-Type included.
    public var headers: HeaderList
    /// The same headers one line per append, in the order the script gave them (the body's
    /// Content-Type last): what an engine that keeps the `Headers` object's lines starts from
    /// (`RepeatedRequestHeaders.necko`).
    public var headerLines: HeaderList = []
    public var dropped: [DroppedHeader]
    /// Whether `fetch()` added a Content-Type for the body.
    public var addedContentType: String?
    /// Every reason the request needs a preflight when it is cross-origin; empty for a simple request.
    public var preflightReasons: [PreflightReason]
    /// `fetch()` throws before sending, if set.
    public var rejection: EarlyRejection?
    /// The body as the engine extracted it (Gecko turns a ReadableStream into a string).
    public var body: RequestBody?

    /// Whether a cross-origin request in `cors` mode goes without a preflight.
    public var isSimple: Bool { preflightReasons.isEmpty }

    /// The value of `Access-Control-Request-Headers`: the CORS-unsafe names, sorted lower-case,
    /// joined by `,` (https://fetch.spec.whatwg.org/#cors-preflight-fetch-0, step 5).
    public var unsafeHeaderNames: [String] {
        sortedLowercaseSet(preflightReasons.compactMap { if case .header(let n, _, _) = $0 { return n } else { return nil } })
    }

    public var usesCORSPreflightFlag: Bool { preflightReasons.contains(.streamBody) }
}

/// No-CORS-safelisted request-header names (https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name).
let noCORSSafelistedRequestHeaderNames: Set<String> = ["accept", "accept-language", "content-language", "content-type"]

/// Builds and classifies the request a `fetch(url, init)` call makes, following the `Request`
/// constructor (https://fetch.spec.whatwg.org/#dom-request, with the engine's order of checks) and
/// main fetch's preflight decision (https://fetch.spec.whatwg.org/#main-fetch).
public func classify(_ request: FetchRequest, rules: RequestHeaderRules,
                     validation: RequestValidationRules = .standard) -> Classification {
    let method = Method.normalized(request.method)
    let rejection = validateRequest(request, rules: validation)
    let body = validation.effectiveBody(request.body)

    var dropped: [DroppedHeader] = []
    var kept = HeaderList()
    for header in request.headers.lazy.map(normalizedHeader) {
        if let reason = forbiddenRequestHeaderReason(header, rules: rules) {
            dropped.append(DroppedHeader(header: header, reason: .forbidden(reason)))
        } else {
            kept.append(header)
        }
    }
    var headers = kept.combined
    var lines = kept
    // The Request constructor fills its Headers (guard "request-no-cors" in no-cors mode) before
    // it looks at the body, so a Content-Type the guard dropped leaves room for the body's own
    // (https://fetch.spec.whatwg.org/#dom-request, steps 32-37; recorded: Tests/Conformance
    // no-cors-post-json, `application/json` dropped and `text/plain;charset=UTF-8` sent, in all
    // three engines). The body's type is appended through the same guard, except in WebKit.
    func passesNoCORSGuard(_ header: Header) -> Bool {
        noCORSSafelistedRequestHeaderNames.contains(header.lowercasedName) && corsSafelistedRequestHeaderFailure(header, rules: rules) == nil
    }
    if request.mode == .noCORS {
        // The guard judges each append with the value it would make, the name's earlier values
        // joined with it (https://fetch.spec.whatwg.org/#headers-validate: "temporaryValue"): a
        // later line that pushes the total past a limit is the one left out. Recorded:
        // Tests/Conformance dt-9001-00023 (a 128-byte Content-Language, then `2`: the first sent
        // alone in all three engines).
        var guarded = HeaderList()
        for header in kept {
            let joined = guarded.value(lowercased: header.lowercasedName).map { $0 + ", " + header.value } ?? header.value
            if passesNoCORSGuard(Header(header.name, lowercased: header.lowercasedName, joined)) {
                guarded.append(header)
            } else {
                dropped.append(DroppedHeader(header: header, reason: .noCORSGuard))
            }
        }
        headers = guarded.combined
        lines = guarded
        // Fetch appends `Accept: */*` to a request whose header list has none
        // (https://fetch.spec.whatwg.org/#fetching, step 12), so where the guard dropped every
        // `Accept` line the script set, the browser's own goes on the wire. Recorded in the three
        // engines: Tests/Conformance/no-cors-accept-long-dropped.cors (a 129-byte Accept dropped,
        // `*/*` sent). A request whose script set no Accept is shown without it, as the other
        // headers the browser adds on its own.
        if kept.contains(lowercased: "accept"), !guarded.contains(lowercased: "accept") {
            let accept = Header("Accept", lowercased: "accept", "*/*")
            headers.append(accept)
            lines.append(accept)
        }
    }
    var addedContentType: String?
    if let type = body?.defaultContentType, !headers.contains(lowercased: "content-type") {
        let header = Header("Content-Type", lowercased: "content-type", type)
        // WebKit sets it past the guard (`bodyContentTypeSkipsNoCORSGuard`).
        if request.mode != .noCORS || rules.bodyContentTypeSkipsNoCORSGuard || passesNoCORSGuard(header) {
            headers.append(header)
            lines.append(header)
            addedContentType = type
        } else {
            dropped.append(DroppedHeader(header: header, reason: .noCORSGuard))
        }
    }

    // The engine's loader trims each value it hands its network stack, after the Headers guard
    // (which judged the values as combined) and before the CORS checks (`trimsCombinedValues`).
    if rules.trimsCombinedValues, headers.contains(where: { hasEdgeWhitespace($0.value) }) {
        headers = HeaderList(headers.map { Header($0.name, lowercased: $0.lowercasedName, trimmedLWSAndCRLF($0.value)) })
    }

    var reasons: [PreflightReason] = []
    if !method.isCORSSafelisted { reasons.append(.method(method.rawValue)) }
    // A profile that judges each line looks at the lines the script set (and the Content-Type
    // fetch() added), not at the combined values; no-cors requests are never preflighted.
    var judged = headers
    if rules.judgesEachLine, request.mode != .noCORS {
        judged = kept
        if let type = addedContentType { judged.append("Content-Type", type) }
    }
    // The Accept fetch appends when the script set none is in the list the check sees, if the
    // browser appends it before its CORS check: it matters only for the safelist's byte total.
    if rules.countsDefaultAcceptInSafelistTotal, request.mode != .noCORS, !headers.contains(lowercased: "accept") {
        judged.append("Accept", "*/*")
    }
    for unsafe in corsUnsafeRequestHeaders(judged, rules: rules) {
        reasons.append(.header(name: unsafe.header.name, value: unsafe.header.value, reason: unsafe.reason))
    }
    if body == .stream { reasons.append(.streamBody) }
    var classification = Classification(method: method, headers: headers, dropped: dropped, addedContentType: addedContentType,
                                        preflightReasons: reasons, rejection: rejection, body: body)
    classification.headerLines = lines
    return classification
}

/// Whether `value` starts or ends with a space, tab, CR or LF (what `trimmedLWSAndCRLF` removes).
private func hasEdgeWhitespace(_ value: String) -> Bool {
    let edge: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
    return edge(first) || edge(last)
}

/// `value` without leading and trailing spaces and tabs, then without trailing CRs and LFs:
/// Chromium's `TrimLWSAndCRLF` (net::HttpUtil::TrimLWS, then the CR/LF loop) in
/// third_party/blink/renderer/platform/loader/fetch/url_loader/request_conversion.cc.
func trimmedLWSAndCRLF(_ value: String) -> String {
    var scalars = Substring(value).unicodeScalars
    let lws: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
    while let c = scalars.first, lws(c) { scalars.removeFirst() }
    while let c = scalars.last, lws(c) { scalars.removeLast() }
    while let c = scalars.last, c == "\r" || c == "\n" { scalars.removeLast() }
    return String(scalars)
}
