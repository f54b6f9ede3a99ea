/// What a browser does with a fetch() of a URL whose scheme is not HTTP(S): main fetch step 12
/// and scheme fetch (https://fetch.spec.whatwg.org/#main-fetch, #scheme-fetch), as data. The
/// algorithm is `FetchProcess.fetchOtherScheme`; the data: URL processor is `Fetch/DataURL.swift`.
public struct SchemeFetchRules: Sendable, Hashable {
    /// Whether a `data:` response carries `Content-Length` with its body's length (after the
    /// `Content-Type` line the script sees second, as headers are sorted).
    public var dataURLContentLength: Bool
    /// Whether the `data:` response's `Content-Type` has a `charset` parameter moved after the
    /// others (`text/plain;foo=bar;charset=UTF-8`), where the standard keeps the URL's order.
    public var dataURLCharsetLast: Bool
    /// Whether the response to a `;base64` data: URL has the URL without its ASCII whitespace as
    /// its `url` (the body decodes the same either way).
    public var dataURLBase64URLStripsWhitespace: Bool
    /// Whether a data: URL's Content-Type keeps a parameter value written quoted in quotes
    /// (`text/plain;a="b"`), where the standard's serializer writes `a=b`.
    public var dataURLKeepsQuotedParameters: Bool
    /// Whether mode "no-cors" with redirect mode "error" or "manual" fails a `data:` URL too (the
    /// standard answers a `data:` URL before that check).
    public var noCORSRedirectModeCheckedForData: Bool
    /// Whether scheme fetch answers `about:blank` with an empty `text/html;charset=utf-8`
    /// response (the standard's text before it made every `about:` URL a network error in a
    /// fetch), so a no-cors fetch resolves, opaque.
    public var answersAboutBlank: Bool
    /// Whether a no-cors request for a `file:` URL, or a `blob:` URL of another origin, is refused
    /// as a local resource before its redirect mode is checked (the standard checks the redirect
    /// mode first).
    public var localURLRefusedBeforeNoCORSRedirectMode: Bool
    /// Where mixed content is checked for such a URL from a page that restricts it (an https
    /// page): a URL that is not potentially trustworthy (`ftp:`, `foo:`; not `data:`,
    /// `about:blank` or a `blob:` of an https origin) is blocked.
    public var mixedContent: MixedContentCheck

    /// Where mixed content is checked for a URL whose scheme is not HTTP(S).
    public enum MixedContentCheck: String, Sendable, Hashable {
        /// Never: the engine's scheme checks fail it first, or it fails silently.
        case never
        /// In mode no-cors only (in mode cors the engine's CORS scheme check fails it first).
        case noCORSOnly
        /// In every mode, before the mode checks (main fetch step 7).
        case everyMode
    }

    /// Every field is stated: a profile cannot leave one to a default.
    public init(dataURLContentLength: Bool, dataURLCharsetLast: Bool, dataURLBase64URLStripsWhitespace: Bool,
                dataURLKeepsQuotedParameters: Bool,
                noCORSRedirectModeCheckedForData: Bool,
                answersAboutBlank: Bool, localURLRefusedBeforeNoCORSRedirectMode: Bool, mixedContent: MixedContentCheck) {
        self.dataURLBase64URLStripsWhitespace = dataURLBase64URLStripsWhitespace
        self.dataURLKeepsQuotedParameters = dataURLKeepsQuotedParameters
        self.mixedContent = mixedContent
        self.localURLRefusedBeforeNoCORSRedirectMode = localURLRefusedBeforeNoCORSRedirectMode
        self.dataURLContentLength = dataURLContentLength
        self.dataURLCharsetLast = dataURLCharsetLast
        self.noCORSRedirectModeCheckedForData = noCORSRedirectModeCheckedForData
        self.answersAboutBlank = answersAboutBlank
    }

    /// The response scheme fetch makes for a processed `data:` URL
    /// (https://fetch.spec.whatwg.org/#scheme-fetch, "data", steps 3-7): status 200 `OK`, the
    /// `Content-Type`, and the body (none for HEAD: main fetch step 21 drops it).
    func response(for data: DataURL, method: String) -> WireResponse {
        var mimeType = dataURLKeepsQuotedParameters ? data.mimeTypeKeepingQuotes : data.mimeType
        if dataURLCharsetLast { mimeType = charsetMovedLast(mimeType) }
        var headers: HeaderList = [("Content-Type", mimeType)]
        if dataURLContentLength { headers.append("Content-Length", String(data.body.count)) }
        let body = method.utf8.elementsEqual("HEAD".utf8) ? [] : data.body
        return WireResponse(status: 200, statusText: "OK", headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    /// The response's URL for a processed `data:` URL: the URL itself, or without its ASCII
    /// whitespace for a `;base64` one where the profile says so (`dataURLBase64URLStripsWhitespace`).
    func responseURL(for data: DataURL, url: FetchURL) -> FetchURL {
        guard data.isBase64, dataURLBase64URLStripsWhitespace else { return url }
        let compact = url.serialized().utf8.filter { !isASCIIWhitespace($0) }
        return (try? FetchURL(parsingAnyScheme: String(decoding: compact, as: UTF8.self))) ?? url
    }

    /// A serialized MIME type with its `charset` parameter (lower-case name, as the serializer
    /// writes it) moved after the others.
    /// SIMULATION: a quoted parameter value holding `;` is split there too (not recorded).
    private func charsetMovedLast(_ serialized: String) -> String {
        var parts = serialized.split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count > 2, let i = parts.dropFirst().firstIndex(where: { $0.hasPrefix("charset=") }),
              i < parts.count - 1 else { return serialized }
        parts.append(parts.remove(at: i))
        return parts.joined(separator: ";")
    }
}
