/// Filtered responses (https://fetch.spec.whatwg.org/#concept-filtered-response): what the script's
/// `Response` shows of the response that came back, as pure functions of that response.

/// The headers a filtered response of this type shows: a basic one hides the forbidden response
/// headers; a CORS one also hides every header that is neither CORS-safelisted nor named by
/// Access-Control-Expose-Headers (`*` exposes all without credentials); opaque ones show none.
/// Repeated names come out combined, as `response.headers` shows them.
/// `exposeListFailure` is what an unparsable Access-Control-Expose-Headers still exposes.
func filteredResponseHeaders(_ headers: HeaderList, type: ResponseType, includeCredentials: Bool,
                             exposeListFailure: ResponseCheckRules.ExposeListFailure = .ignoresList) -> HeaderList {
    var visible = HeaderList()
    switch type {
    case .opaque, .opaqueredirect:
        return visible
    case .basic:
        // https://fetch.spec.whatwg.org/#concept-filtered-response-basic
        for h in headers where !isForbiddenResponseHeaderName(lowercased: h.lowercasedName) { visible.append(h) }
        return visible.combined
    case .cors:
        // https://fetch.spec.whatwg.org/#concept-filtered-response-cors
        var exposed: [String] = []
        var all = false
        if headers.contains(lowercased: "access-control-expose-headers") {
            switch extractTokenList(headers, "access-control-expose-headers") {
            case .success(let names):
                if !includeCredentials && names.contains("*") { all = true }
                exposed = names.map { $0.byteLowercased() }
            case .failure(let error):
                // Gecko stops at the bad item: a `*` before it still counts, the names do not
                // (recorded: Tests/Conformance expose-star-with-invalid-item).
                if exposeListFailure == .keepsEarlierWildcard, !includeCredentials,
                   let value = headers.value(lowercased: "access-control-expose-headers") {
                    all = value.splitHTTPList(keepEmpty: false).prefix { $0 != error.token }.contains("*")
                }
            }
        }
        for h in headers where !isForbiddenResponseHeaderName(lowercased: h.lowercasedName) {
            if all || isCORSSafelistedResponseHeaderName(lowercased: h.lowercasedName) || exposed.contains(h.lowercasedName) {
                visible.append(h)
            }
        }
        return visible.combined
    }
}

/// The script's view of a response: an opaque-redirect filtered response for a manual redirect,
/// an opaque one for a no-cors cross-origin fetch, else a basic or CORS one with its URL (no
/// fragment) and filtered headers.
func filteredResponse(_ response: WireResponse, type: ResponseType, url: FetchURL, redirected: Bool,
                      includeCredentials: Bool,
                      exposeListFailure: ResponseCheckRules.ExposeListFailure = .ignoresList) -> ScriptResponse {
    switch type {
    case .opaqueredirect:
        return ScriptResponse(type: .opaqueredirect, status: 0, statusText: "", url: url.serialized(), redirected: false,
                              headers: [], body: "")
    case .opaque:
        return ScriptResponse(type: .opaque, status: 0, statusText: "", url: "", redirected: false, headers: [], body: "")
    case .basic, .cors:
        return ScriptResponse(type: type, status: response.status, statusText: response.statusText,
                              url: url.serialized(excludingFragment: true), redirected: redirected,
                              headers: byteStringView(filteredResponseHeaders(response.headers, type: type,
                                                                              includeCredentials: includeCredentials,
                                                                              exposeListFailure: exposeListFailure)),
                              body: response.body)
    }
}

/// The header values as `response.headers` gives them to the script: a header value is bytes and
/// the IDL ByteString holds one character per byte, so a value the server sent as UTF-8 (`café`,
/// bytes 63 61 66 C3 A9) reads as `cafÃ©`. Recorded in the three engines: Tests/Conformance
/// response-header-value-non-ascii.
func byteStringView(_ headers: HeaderList) -> HeaderList {
    guard headers.contains(where: { h in h.value.utf8.contains { $0 >= 0x80 } }) else { return headers }
    return HeaderList(headers.map { h in
        var scalars = String.UnicodeScalarView()
        for byte in h.value.utf8 { scalars.append(Unicode.Scalar(byte)) }
        return Header(h.name, lowercased: h.lowercasedName, String(scalars))
    })
}
