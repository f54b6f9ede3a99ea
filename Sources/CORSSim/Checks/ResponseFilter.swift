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

/// The values `response.headers` shows for header lines a response repeats: what the engine's
/// network stack keeps of them before the script's `Headers` object is filled.
public enum RepeatedResponseHeaderValues: Sendable, Hashable {
    /// Every line kept; `get` joins a name's values with `, `
    /// (https://fetch.spec.whatwg.org/#concept-header-list-get).
    case combined
    /// Gecko's merged response header array
    /// (https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsHttpHeaderArray.cpp),
    /// which FetchDriver::OnStartRequest (dom/fetch/FetchDriver.cpp) copies into the response with
    /// `VisitResponseHeaders`, one value per name: `SetHeaderFromNet` keeps the first line of a
    /// name in `singletons` (`IsSingletonHeader`; a different Content-Length, Content-Disposition
    /// or Location line already refused the response) and merges any other (`MergeHeader` in
    /// nsHttpHeaderArray.h): a later empty line changes nothing, a line after an empty value takes
    /// its place, else `, ` and the value (empty lines too for a name in `keepsEmpty`:
    /// X-Frame-Options), a newline instead for a name in `newlineJoined`, which
    /// the `Headers` object then refuses as a value (InternalHeaders.cpp Append, which trims each
    /// value first; FillResponseHeaders drops the name). nsHttpResponseHead.cpp ParseContentTypeValue replaces the value of a name in
    /// `commaJoined` (Content-Type) by all its lines joined with `,`. Names in lower case.
    case necko(singletons: Set<String>, commaJoined: Set<String>, newlineJoined: Set<String>, keepsEmpty: Set<String>)

    /// The header lines the script's `Headers` object is filled from.
    func scriptLines(_ headers: HeaderList) -> HeaderList {
        guard case let .necko(singletons, commaJoined, newlineJoined, keepsEmpty) = self, headers.hasRepeatedNames else {
            return headers
        }
        var position: [String: Int] = [:]
        var merged: [(name: String, lowercased: String, value: String)] = []
        for h in headers {
            let name = h.lowercasedName
            guard let k = position[name] else {
                position[name] = merged.count
                merged.append((h.name, name, h.value))
                continue
            }
            if commaJoined.contains(name) {
                // The buffer of every line: `,` before each value but when the buffer is empty.
                if !merged[k].value.isEmpty { merged[k].value += "," }
                merged[k].value += h.value
            } else if singletons.contains(name) || (h.value.isEmpty && !keepsEmpty.contains(name)) {
                continue
            } else if merged[k].value.isEmpty && !keepsEmpty.contains(name) {
                merged[k].value = h.value
            } else {
                merged[k].value += (newlineJoined.contains(name) ? "\n" : ", ") + h.value
            }
        }
        var result = HeaderList()
        // InternalHeaders::Append trims the value and refuses one holding a newline.
        for m in merged {
            let value = m.value.trimmingHTTPWhitespace()
            if !value.contains("\n") { result.append(Header(m.name, lowercased: m.lowercased, value)) }
        }
        return result
    }
}
