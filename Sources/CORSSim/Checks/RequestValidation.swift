/// The checks the `Request` constructor and `fetch()` make on their arguments before anything goes
/// on the wire (https://fetch.spec.whatwg.org/#dom-request), one pure function per check, run in the
/// order each engine runs them. A failed check throws a TypeError (WebKit rejects a stream body with a
/// NotSupportedError): no preflight, no request.

/// Why `fetch()` throws (or rejects) before anything goes on the wire.
public enum EarlyRejection: Sendable, Hashable {
    /// The URL carries a username or a password; the URL as the script passed it.
    case credentialsInURL(String)
    /// `mode: 'navigate'`.
    case navigateMode
    /// `init.referrer` is not a URL the parser takes (with the document's URL as its base); as written.
    case invalidReferrer(String)
    /// `cache: 'only-if-cached'` with a mode other than same-origin; the mode.
    case onlyIfCachedWithoutSameOrigin(RequestMode)
    /// The method is not a token; as the script wrote it.
    case invalidMethod(String)
    /// CONNECT, TRACE or TRACK in any case; as the script wrote it.
    case forbiddenMethod(String)
    /// no-cors with a method other than GET, HEAD and POST; the normalized method.
    case noCORSMethod(String)
    /// A header name or value holding a character above U+00FF, which the IDL conversion of
    /// `RequestInit` to ByteString refuses; the UTF-16 index of that character in its string and
    /// the code unit.
    case headerNotByteString(index: Int, codeUnit: Int)
    /// A header name that is not a token.
    case invalidHeaderName(String)
    /// A header value (normalized) holding NUL, CR or LF.
    case invalidHeaderValue(name: String, value: String)
    /// A body with GET or HEAD; the normalized method.
    case bodyWithGetOrHead(String)
    /// A ReadableStream body without `duplex: 'half'`.
    case streamWithoutDuplex
    /// A ReadableStream body in a mode other than cors and same-origin.
    case noCORSStream
    /// The engine cannot upload a ReadableStream body at all.
    case streamUploadUnsupported
    /// `keepalive: true` with a ReadableStream body ("extract a body" with the keepalive flag).
    case keepaliveStream
    /// `init.signal` was already aborted (without a reason) when `fetch()` was called: it rejects with
    /// an "AbortError" DOMException (https://fetch.spec.whatwg.org/#dom-global-fetch, step 4), after
    /// every `Request` constructor check.
    case aborted

    /// The name of the error `fetch()` rejects with.
    public var errorName: String {
        switch self {
        case .streamUploadUnsupported: return "NotSupportedError"
        case .aborted: return "AbortError"
        default: return "TypeError"
        }
    }

    public var reasonCode: ReasonCode {
        switch self {
        case .credentialsInURL: return .credentialsInURL
        case .navigateMode: return .navigateMode
        case .invalidReferrer: return .invalidReferrer
        case .onlyIfCachedWithoutSameOrigin: return .onlyIfCachedMode
        case .invalidMethod: return .invalidMethod
        case .forbiddenMethod: return .forbiddenMethod
        case .noCORSMethod: return .noCORSMethod
        case .headerNotByteString: return .nonLatin1Header
        case .invalidHeaderName: return .invalidHeaderName
        case .invalidHeaderValue: return .invalidHeaderValue
        case .bodyWithGetOrHead: return .bodyWithGetOrHead
        case .streamWithoutDuplex: return .streamWithoutDuplex
        case .noCORSStream: return .noCORSStream
        case .streamUploadUnsupported: return .streamUploadUnsupported
        case .keepaliveStream: return .keepaliveStream
        case .aborted: return .aborted
        }
    }

    /// The value at fault, for `CORSFailure.value`.
    public var offendingValue: String? {
        switch self {
        case .credentialsInURL(let url): return url
        case .invalidReferrer(let text): return text
        case .navigateMode: return RequestMode.navigate.rawValue
        case .onlyIfCachedWithoutSameOrigin(let mode): return mode.rawValue
        case .invalidMethod(let m), .forbiddenMethod(let m), .noCORSMethod(let m), .bodyWithGetOrHead(let m): return m
        case .invalidHeaderName(let name): return name
        case .invalidHeaderValue(_, let value): return value
        case .headerNotByteString(_, let unit): return "U+" + String(unit, radix: 16, uppercase: true)
        case .streamWithoutDuplex, .noCORSStream, .streamUploadUnsupported, .keepaliveStream, .aborted: return nil
        }
    }
}

/// One argument check of the `Request` constructor, named after the step of
/// https://fetch.spec.whatwg.org/#dom-request it implements.
public enum RequestCheck: String, Sendable, Hashable, CaseIterable {
    /// Web IDL: converting `init.headers` (a `sequence<sequence<ByteString>>`) throws a TypeError on a
    /// character above U+00FF (https://webidl.spec.whatwg.org/#es-ByteString), before the
    /// constructor's own steps run.
    ///
    /// SIMULATION: the method is a ByteString too; a method above U+00FF is reported by the token
    /// check (same verdict, the engines' IDL wording for it not recorded).
    case headerByteStrings
    /// "If parsedURL includes credentials, then throw a TypeError."
    case urlCredentials
    /// "If init["referrer"] exists: ... let parsedReferrer be the result of parsing referrer with
    /// baseURL. If parsedReferrer is failure, then throw a TypeError."
    case referrer
    /// "If mode is "navigate", then throw a TypeError."
    case navigateMode
    /// "If request's cache mode is "only-if-cached" and request's mode is not "same-origin", then throw a TypeError."
    case onlyIfCached
    /// "If method is not a method ... then throw a TypeError."
    case methodToken
    /// "... or method is a forbidden method, then throw a TypeError."
    case forbiddenMethod
    /// "If this's request's mode is "no-cors": if this's request's method is not a CORS-safelisted method, throw a TypeError."
    case noCORSMethod
    /// "Fill this's headers object with headers": a name that is not a header name or a value that is not
    /// a header value throws (https://fetch.spec.whatwg.org/#concept-headers-append, step 2).
    case headers
    /// "If either init["body"] exists and is non-null ..., and request's method is `GET` or `HEAD`, throw a TypeError."
    case bodyWithGetOrHead
    /// "If init["keepalive"] exists and is true, then set initBody and Content-Type to the result of
    /// extracting init["body"], with keepalive set to true": extracting a ReadableStream with
    /// keepalive throws a TypeError (https://fetch.spec.whatwg.org/#concept-bodyinit-extract, step 4).
    case keepaliveStream
    /// "If initBody is non-null and init["duplex"] does not exist, then throw a TypeError."
    case streamDuplex
    /// "If this's request's mode is neither "same-origin" nor "cors", then throw a TypeError."
    case streamMode

    /// The rejection this check makes, or nil when it passes. `method` is the normalized method and
    /// `body` the body as the engine extracts it.
    func rejection(_ request: FetchRequest, method: Method, body: RequestBody?) -> EarlyRejection? {
        switch self {
        case .headerByteStrings:
            func mayHoldWideCodePoint(_ text: String) -> Bool { text.utf8.contains { $0 >= 0xC4 } }
            for header in request.headers {
                // A code point above U+00FF has a UTF-8 lead byte of 0xC4 or more: headers without
                // one are skipped without walking their UTF-16 views.
                guard mayHoldWideCodePoint(header.name) || mayHoldWideCodePoint(header.value) else { continue }
                for text in [header.name, header.value] {
                    if let (index, unit) = text.utf16.enumerated().first(where: { $0.element > 0xFF }) {
                        return .headerNotByteString(index: index, codeUnit: Int(unit))
                    }
                }
            }
            return nil
        case .urlCredentials:
            return request.url.includesCredentials ? .credentialsInURL(request.url.serialized()) : nil
        case .referrer:
            // The base is the document's URL, which this check does not know: whether a reference
            // parses does not depend on which http(s) URL is its base (it either brings its own
            // host or takes the base's, which is valid).
            guard let text = request.referrer, !text.isEmpty else { return nil }
            do throws(FetchURL.ParseError) {
                _ = try referrerBase.resolvingAnyScheme(text)
                return nil
            } catch {
                return .invalidReferrer(text)
            }
        case .navigateMode:
            return request.mode == .navigate ? .navigateMode : nil
        case .onlyIfCached:
            return request.cache == .onlyIfCached && request.mode != .sameOrigin ? .onlyIfCachedWithoutSameOrigin(request.mode) : nil
        case .methodToken:
            return Method(request.method).isToken ? nil : .invalidMethod(request.method)
        case .forbiddenMethod:
            return Method(request.method).isForbidden ? .forbiddenMethod(request.method) : nil
        case .noCORSMethod:
            return request.mode == .noCORS && !method.isCORSSafelisted ? .noCORSMethod(method.rawValue) : nil
        case .headers:
            return firstInvalidHeader(request.headers)
        case .bodyWithGetOrHead:
            return body != nil && (method == .get || method == .head) ? .bodyWithGetOrHead(method.rawValue) : nil
        case .keepaliveStream:
            return body == .stream && request.keepalive ? .keepaliveStream : nil
        case .streamDuplex:
            return body == .stream && request.duplex == .omitted ? .streamWithoutDuplex : nil
        case .streamMode:
            return body == .stream && request.mode != .cors && request.mode != .sameOrigin ? .noCORSStream : nil
        }
    }
}

/// How an engine treats a `ReadableStream` body.
public enum StreamBodySupport: String, Sendable, Hashable {
    /// Uploaded as the standard says: the duplex and mode checks apply, the use-CORS-preflight flag is set.
    case uploaded
    /// As `uploaded`, but only over HTTP/2 or QUIC: on an HTTP/1.1 connection the request fails
    /// (after its preflight) without being sent.
    case uploadedOverHTTP2Only
    /// `BodyInit` has no `ReadableStream`, so the stream is converted to the string
    /// `[object ReadableStream]` and sent as `text/plain;charset=UTF-8`.
    case stringified
    /// `fetch()` rejects a stream body with a NotSupportedError after the constructor's checks.
    case rejected
}

/// The parts of the `Request` constructor's checks that differ between engines.
public struct RequestValidationRules: Sendable, Hashable {
    /// The checks in the order the engine runs them; the first that fails decides the error.
    public var order: [RequestCheck]
    public var streamBodies: StreamBodySupport
    /// Whether the engine's URL parser percent-encodes `|` in a path (`/a|b` is `/a%7Cb`), where
    /// the URL Standard's path percent-encode set leaves it. It applies to the URL `fetch()` is given
    /// and to every `Location` a redirect is followed to, so the request line and the preflight
    /// cache key both carry `%7C`.
    public var pathEncodesPipe: Bool
    /// Whether a `ReadableStream` body replaces the request's mode with `cors` (the engine stores
    /// the use-CORS-preflight flag as a mode), where the standard only sets the flag. A
    /// `same-origin` request to another origin is then preflighted and CORS-checked like a `cors`
    /// one instead of failing before anything is sent.
    public var streamBodyReplacesMode: Bool

    public init(order: [RequestCheck], streamBodies: StreamBodySupport, pathEncodesPipe: Bool,
                streamBodyReplacesMode: Bool) {
        self.order = order
        self.streamBodies = streamBodies
        self.pathEncodesPipe = pathEncodesPipe
        self.streamBodyReplacesMode = streamBodyReplacesMode
    }

    /// The URL as this engine's parser serializes it: the URL Standard's, with `|` in the path
    /// percent-encoded where the engine does so.
    public func engineURL(_ url: FetchURL) -> FetchURL {
        guard pathEncodesPipe, url.path.utf8.contains(0x7C) else { return url }
        return url.replacingPath(url.path.replacing("|", with: "%7C"))
    }

    /// The standard's order (https://fetch.spec.whatwg.org/#dom-request).
    public static let standard = RequestValidationRules(
        order: [.headerByteStrings, .urlCredentials, .referrer, .navigateMode, .onlyIfCached, .methodToken, .forbiddenMethod, .noCORSMethod,
                .headers, .bodyWithGetOrHead, .keepaliveStream, .streamDuplex, .streamMode],
        streamBodies: .uploaded,
        // https://url.spec.whatwg.org/#path-percent-encode-set: `|` is not in it.
        pathEncodesPipe: false,
        // https://fetch.spec.whatwg.org/#dom-request step 41: a stream body sets the
        // use-CORS-preflight flag; the mode stays.
        streamBodyReplacesMode: false)

    /// The string an engine without stream uploads makes of a `ReadableStream` (its `toString()`).
    public static let stringifiedStream = "[object ReadableStream]"

    /// The body as this engine extracts it from what the script passed.
    public func effectiveBody(_ body: RequestBody?) -> RequestBody? {
        if body == .stream, streamBodies == .stringified { return .text(RequestValidationRules.stringifiedStream) }
        return body
    }
}

/// Runs the `Request` constructor's checks in the engine's order, then `fetch()`'s own: an aborted
/// signal (https://fetch.spec.whatwg.org/#dom-global-fetch, step 4), and the engine's refusal of
/// stream uploads; returns the first failure, or nil when `fetch()` may go on.
public func validateRequest(_ request: FetchRequest, rules: RequestValidationRules) -> EarlyRejection? {
    let method = Method.normalized(request.method)
    let body = rules.effectiveBody(request.body)
    for check in rules.order {
        if let rejection = check.rejection(request, method: method, body: body) { return rejection }
    }
    // The aborted signal before WebKit's refusal of a stream upload: recorded, Tests/Conformance
    // init-signal-aborted-stream (an AbortError in all three engines).
    if request.signal == .aborted { return .aborted }
    if body == .stream, rules.streamBodies == .rejected { return .streamUploadUnsupported }
    return nil
}

/// A header as `Headers` append keeps it (https://fetch.spec.whatwg.org/#concept-headers-append,
/// step 1): its value normalized, leading and trailing HTTP whitespace (tab, LF, CR, space) removed.
/// The safelist checks and the wire see the normalized value.
func normalizedHeader(_ header: Header) -> Header {
    let utf8 = header.value.utf8
    func isHTTPWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    guard let first = utf8.first, let last = utf8.last, isHTTPWhitespace(first) || isHTTPWhitespace(last) else { return header }
    return Header(header.name, header.value.trimmingHTTPWhitespace())
}

/// The first header, in the order the script set them, that `Headers` append refuses
/// (https://fetch.spec.whatwg.org/#concept-headers-append): its name is not a token, or its value,
/// normalized (leading and trailing HTTP whitespace removed), holds NUL, LF or CR. Forbidden names
/// pass here: they are dropped silently afterwards.
///
/// Characters above U+00FF were refused before (`RequestCheck.headerByteStrings`); the others are
/// taken as the bytes they stand for.
func firstInvalidHeader(_ headers: HeaderList) -> EarlyRejection? {
    for header in headers {
        if !header.name.isHTTPToken { return .invalidHeaderName(header.name) }
        // Most values hold no NUL, LF or CR at all: only those are trimmed and looked at again.
        guard header.value.utf8.contains(where: { $0 == 0x00 || $0 == 0x0A || $0 == 0x0D }) else { continue }
        let value = header.value.trimmingHTTPWhitespace()
        if value.utf8.contains(where: { $0 == 0x00 || $0 == 0x0A || $0 == 0x0D }) {
            return .invalidHeaderValue(name: header.name, value: value)
        }
    }
    return nil
}

/// The base `RequestCheck.referrer` parses a referrer against.
private let referrerBase = FetchURL(scheme: "http", host: "document.invalid")
