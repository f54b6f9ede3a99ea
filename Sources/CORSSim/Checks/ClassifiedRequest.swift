/// A script's request with what every fetch of it derives before anything is sent: its
/// classification (`classify`), the request as the engine keeps it, the URL as the engine's parser
/// serializes it and the CORS-unsafe request headers. All of it depends only on the request and the
/// browser's profile, so it is made once and shared (by reference) by the fetch, its outcome and,
/// through `Browser`, by the next fetch of a request with the same bytes.
final class ClassifiedRequest: Sendable {
    /// The request exactly as the script made it (what `sameBytes(as:)` compares).
    let original: FetchRequest
    /// The request as the engine keeps it: an engine that stores the use-CORS-preflight flag as a
    /// mode fetches a stream-bodied same-origin request as `cors`.
    let request: FetchRequest
    let classification: Classification
    /// The request's URL as the engine's parser serializes it (`RequestValidationRules.engineURL`).
    let initialURL: FetchURL
    /// The CORS-unsafe request headers of the request as the script made it.
    let unsafeHeaders: [Header]
    /// Whether the script set a CORS-unsafe header.
    let scriptSetUnsafeHeader: Bool

    init(_ request: FetchRequest, profile: BrowserProfile) {
        original = request
        let classification = classify(request, rules: profile.requestHeaders, validation: profile.requestValidation)
        self.classification = classification
        // After the constructor's checks (which saw the mode the script gave), an engine that keeps
        // the use-CORS-preflight flag as a mode fetches a stream-bodied same-origin request as cors.
        var effective = request
        if classification.body == .stream, effective.mode == .sameOrigin, profile.requestValidation.streamBodyReplacesMode {
            effective.mode = .cors
        }
        self.request = effective
        initialURL = profile.requestValidation.engineURL(request.url)
        unsafeHeaders = classification.preflightReasons.compactMap {
            if case let .header(name, value, _) = $0 { return Header(name, value) } else { return nil }
        }
        scriptSetUnsafeHeader = !unsafeHeaders.isEmpty
    }

    /// Whether `other` is byte for byte the request this was made from, so that classifying it
    /// again would give the same result. Compares UTF-8 bytes, not `String` equality: two strings
    /// Swift calls equal (canonically equivalent) can differ in bytes, which the checks look at.
    func sameBytes(as other: FetchRequest) -> Bool {
        let a = original
        guard a.mode == other.mode, a.credentials == other.credentials, a.redirect == other.redirect,
              a.cache == other.cache, a.duplex == other.duplex,
              a.keepalive == other.keepalive, a.signal == other.signal, a.priority == other.priority,
              sameUTF8(a.integrity, other.integrity), a.referrerPolicy == other.referrerPolicy,
              a.referrer.map { r in other.referrer.map { sameUTF8(r, $0) } ?? false } ?? (other.referrer == nil),
              sameUTF8(a.method, other.method), a.url.sharesParts(with: other.url) || sameURL(a.url, other.url),
              a.headers.count == other.headers.count
        else { return false }
        switch (a.body, other.body) {
        case (nil, nil): break
        case let (.text(x)?, .text(y)?), let (.blob(x)?, .blob(y)?): if !sameUTF8(x, y) { return false }
        case (.urlEncoded?, .urlEncoded?), (.formData?, .formData?), (.stream?, .stream?): break
        default: return false
        }
        // One array storage shared by both (the same value passed again) holds the same lines: this
        // object keeps `original` alive, so that storage is neither freed nor mutated in place.
        let shared = a.headers.headers.withUnsafeBufferPointer { p in
            other.headers.headers.withUnsafeBufferPointer { q in p.baseAddress == q.baseAddress }
        }
        if shared { return true }
        for (x, y) in zip(a.headers.headers, other.headers.headers)
        where !sameUTF8(x.name, y.name) || !sameUTF8(x.value, y.value) {
            return false
        }
        return true
    }

    private func sameURL(_ a: FetchURL, _ b: FetchURL) -> Bool {
        a.port == b.port && sameUTF8(a.scheme, b.scheme) && sameUTF8(a.username, b.username)
            && sameUTF8(a.password, b.password) && sameUTF8(a.host, b.host) && sameUTF8(a.path, b.path)
            && sameOptionalUTF8(a.query, b.query) && sameOptionalUTF8(a.fragment, b.fragment)
    }

    private func sameOptionalUTF8(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return sameUTF8(x, y)
        default: return false
        }
    }
}

/// Whether two strings hold the same UTF-8 bytes (one storage shared by both is found at once).
func sameUTF8(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    var a = a, b = b
    return a.withUTF8 { p in b.withUTF8 { q in p.baseAddress == q.baseAddress || p.elementsEqual(q) } }
}
