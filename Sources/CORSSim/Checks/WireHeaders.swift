/// How a request's header list becomes the header lines a server receives: what the engine's loader
/// and network stack do after the Fetch Standard's algorithms are done with the list (the CORS
/// checks, the safelist and the HTTP cache's `Vary` read the list as the engine holds it).
/// The profiles choose with `NetworkStackRules`; `FetchProcess.wireHeaderLines` applies them.

/// How header lines the script gave the same name go out.
public enum RepeatedRequestHeaders: Sendable, Hashable {
    /// One line per name, the values combined with `, ` in order
    /// (https://fetch.spec.whatwg.org/#concept-header-list-combine).
    case combined
    /// Gecko's channel header array
    /// (https://searchfox.org/mozilla-central/source/netwerk/protocol/http/nsHttpHeaderArray.cpp):
    /// FetchDriver::SetRequestHeaders (dom/fetch/FetchDriver.cpp) sets each line on the channel, the
    /// second and later lines of a name with merge; `SetHeader` then replaces the value of a name
    /// in `singletons` (the last line wins: `IsSingletonHeader`), keeps the first for a name in
    /// `keepsFirst` (`IsIgnoreMultipleHeader`), and joins any other with `, ` (`MergeHeader`, no
    /// separator after an empty value); an empty line empties the value (`SetEmptyHeader`). With a
    /// body, the first request's `Content-Type` is the first line's value: FetchDriver::HttpFetch
    /// passes `Headers()->GetFirst("content-type")` to ExplicitSetUploadStream after the lines.
    /// Names in lower case.
    case necko(singletons: Set<String>, keepsFirst: Set<String>)
}

/// Which header lines each hop of a redirected request carries.
public enum RedirectHopHeaders: String, Sendable, Hashable {
    /// The request's header list as each redirect changed it, for good: a method-changing redirect
    /// deletes the request-body headers, a cross-origin one `Authorization`
    /// (https://fetch.spec.whatwg.org/#http-redirect-fetch steps 12-13).
    case requestHeaderList
    /// Gecko: FetchDriver::AsyncOnChannelRedirect sets the script's header list on every hop's new
    /// channel (`SetRequestHeaders`), leaving out the request-body headers only when
    /// `HttpBaseChannel::ShouldStripRequestBodyHeader` holds for the fetch's own method (the
    /// `InternalRequest`'s, never rewritten) and this redirect's status (301 or 302 with POST, 303
    /// with anything but GET and HEAD), and `Authorization` only when this redirect crosses origins
    /// (`NS_ShouldRemoveAuthHeaderOnRedirect`). So a later same-origin hop sends `Authorization`
    /// again, and a 307 or 308 after a 303 the request-body headers.
    case scriptHeadersEachHop
    /// WebKit: a hop that NetworkLoadChecker checks as CORS (the fetch has left the page's origin,
    /// cors mode) gets the first request's header fields back
    /// (https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp
    /// `checkCORSRedirectedRequest`: `request.setHTTPHeaderFields(m_firstRequestHeaders)`), without
    /// `Authorization` once a hop went without it; other hops carry the request as the last hop
    /// left it (NetworkDataTaskSoup::continueHTTPRedirection builds it from the current request and
    /// clears `Content-Type` when the method turns into GET).
    /// SIMULATION: the hop whose redirect turned the method into GET goes without the body headers
    /// even when it is checked as CORS, as recorded (redirect-301-post-json-then-302); where WebKit
    /// removes them again after the checker is not pinned down in the source read.
    case firstRequestHeadersOnCORSHop
}

/// The request-body header names (https://fetch.spec.whatwg.org/#request-body-header-name).
let requestBodyHeaderNames: Set<String> = ["content-encoding", "content-language", "content-location", "content-type"]

extension NetworkStackRules {
    /// A header value as it goes on the wire, one character per byte (`headerValueBytes`).
    func wireValue(_ value: String) -> String {
        guard headerValueBytes == .utf8, value.utf8.contains(where: { $0 >= 0x80 }) else { return value }
        var scalars = String.UnicodeScalarView()
        // The engine's value holds one byte per character (U+0000 to U+00FF); its UTF-8 form's
        // bytes, each as the character of that byte.
        for byte in value.utf8 { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }
}

/// Gecko's channel header array after `lines` were set on it in order (`RepeatedRequestHeaders.necko`).
func neckoHeaderArray(_ lines: HeaderList, singletons: Set<String>, keepsFirst: Set<String>) -> HeaderList {
    var entries: [Header] = []
    var index: [String: Int] = [:]
    for line in lines {
        guard let i = index[line.lowercasedName] else {
            index[line.lowercasedName] = entries.count
            entries.append(line)
            continue
        }
        let entry = entries[i]
        let value: String
        if line.value.isEmpty {
            value = ""                                      // SetEmptyHeader truncates the value
        } else if keepsFirst.contains(line.lowercasedName) {
            value = entry.value                             // IsIgnoreMultipleHeader
        } else if singletons.contains(line.lowercasedName) {
            value = line.value                              // replaced
        } else {
            value = entry.value.isEmpty ? line.value : entry.value + ", " + line.value   // MergeHeader
        }
        entries[i] = Header(entry.name, lowercased: entry.lowercasedName, value)
    }
    return HeaderList(entries)
}

