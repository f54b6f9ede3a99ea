/// The console lines and the script's TypeError each browser produces for a failure. Templates
/// are copied from the engines' sources and checked against recorded runs of Chromium 156,
/// Firefox ESR 153 and WebKitGTK 2.50 (`Docs/evidence/oracle/*.json`, field `console`); where a
/// recording and the source disagree, the recording wins and the comment says so.

/// What a console message needs beyond the failure itself.
struct ConsoleContext {
    var pageOrigin: Origin
    /// The origin of the document's URL (an opaque page's: the page it was created from).
    var documentOrigin: Origin
    /// The serialized request origin (`null` when tainted).
    var requestOrigin: String
    var initialURL: FetchURL
    var method: String
    var includeCredentials: Bool
    /// The top-level document's origin.
    var topLevel: Origin
    /// The request's integrity metadata, empty for none.
    var integrity: String = ""
    /// The length in bytes of the body of the response a failure is about.
    var responseBodyBytes: Int = 0
    /// The request's mode (Gecko's CORS listener, which logs, exists for cors mode only; the lines
    /// for a URL whose scheme is not HTTP(S) depend on it).
    var mode: RequestMode = .cors
    /// The request's redirect mode (Gecko judges a 3xx under "error" or "manual" as the response).
    var redirect: RedirectMode = .follow

    /// The document's URL, as mixed-content messages name it.
    /// SIMULATION: a scenario knows the page's origin only; its URL is taken as the origin plus `/`.
    var pageURL: String { documentOrigin.serialized + "/" }
}

enum ConsoleText {
    /// WTF's URL::stringCenterEllipsizedToLength: a string longer than `length` keeps its first
    /// `length / 2 - 1` and last `length / 2 - 2` characters around `...`.
    static func centerEllipsized(_ s: String, _ length: Int) -> String {
        let utf16 = Array(s.utf16)
        guard utf16.count > length else { return s }
        return String(decoding: utf16[..<(length / 2 - 1)], as: UTF16.self) + "..."
            + String(decoding: utf16[(utf16.count - (length / 2 - 2))...], as: UTF16.self)
    }

    /// The port of a refused URL as WebKit's restricted-port line names it.
    private static func badPortNumber(_ serialized: String) -> String {
        guard let u = try? FetchURL(parsing: serialized) else { return "" }
        return String(u.port ?? (u.scheme == "https" ? 443 : 80))
    }

    static func lines(for failure: CORSFailure, style: ConsoleStyle, context: ConsoleContext) -> [ConsoleMessage] {
        switch style {
        case .chrome: return chrome(failure, context)
        case .firefox: return firefox(failure, context)
        case .safari: return safari(failure, context)
        case .spec: return spec(failure)
        }
    }

    /// The error `fetch()` rejects with, as `name: message`.
    static func scriptError(for failure: CORSFailure, rejection: EarlyRejection?, profile: BrowserProfile) -> String {
        if let rejection, let text = earlyRejectionText(rejection, profile.console) {
            return rejection.errorName + ": " + text
        }
        return "TypeError: " + profile.typeErrorMessage
    }

    /// The error thrown by the `Request` constructor (or, for a stream WebKit cannot upload, by
    /// `fetch()`) before anything is sent, in each engine's words. nil: the generic text.
    static func earlyRejectionText(_ r: EarlyRejection, _ style: ConsoleStyle) -> String? {
        switch style {
        case .chrome:
            // third_party/blink/renderer/core/fetch/request.cc and headers.cc; the bindings prefix
            // the operation. Recorded: Tests/Conformance forbidden-method-trace, no-cors-put.
            let text: String
            switch r {
            case .headerNotByteString:
                // Recorded: Tests/Conformance header-value-non-latin1.
                text = "Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point."
            case .credentialsInURL(let url): text = "Request cannot be constructed from a URL that includes credentials: \(url)"
            case .navigateMode: text = "Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'."
            // Recorded: Tests/Conformance referrer-policy-request-referrer.
            case .invalidReferrer(let value): text = "Referrer '\(value)' is not a valid URL."
            case .onlyIfCachedWithoutSameOrigin: text = "'only-if-cached' can be set only with 'same-origin' mode"
            case .invalidMethod(let m): text = "'\(m)' is not a valid HTTP method."
            case .forbiddenMethod(let m): text = "'\(m)' HTTP method is unsupported."
            case .noCORSMethod(let m): text = "'\(m)' is unsupported in no-cors mode."
            case .invalidHeaderName: text = "Invalid name"
            case .invalidHeaderValue: text = "Invalid value"
            case .bodyWithGetOrHead: text = "Request with GET/HEAD method cannot have body."
            case .streamWithoutDuplex: text = "The `duplex` member must be specified for a request with a streaming body"
            case .noCORSStream: text = "If request is made from ReadableStream, mode should be\"same-origin\" or \"cors\""
            // request.cc; recorded: Tests/Conformance init-keepalive-stream.
            case .keepaliveStream: text = "Keepalive request cannot have a ReadableStream body."
            // The default reason of `AbortSignal.abort()` (an AbortError DOMException), given as
            // is, without the bindings' prefix; recorded: Tests/Conformance init-signal-aborted.
            case .aborted: return "signal is aborted without reason"
            case .streamUploadUnsupported: return nil
            }
            return "Failed to execute 'fetch' on 'Window': " + text
        case .firefox:
            // dom/bindings/Errors.msg (MSG_URL_HAS_CREDENTIALS, MSG_INVALID_REQUEST_MODE,
            // MSG_ONLY_IF_CACHED_WITHOUT_SAME_ORIGIN, MSG_INVALID_REQUEST_METHOD, MSG_INVALID_HEADER_NAME,
            // MSG_INVALID_HEADER_VALUE) and dom/fetch/Request.cpp, with the "Window.fetch: " context.
            // Recorded: Tests/Conformance forbidden-method-trace, no-cors-put ("Invalid request method").
            let text: String
            switch r {
            case let .headerNotByteString(index, unit):
                // MSG_INVALID_BYTESTRING for the sequence-of-pairs form; recorded: header-value-non-latin1.
                text = "Cannot convert element of element of sequence<sequence<ByteString>> branch of (sequence<sequence<ByteString>> or record<ByteString, ByteString>) to ByteString because the character at index \(index) has value \(unit) which is greater than 255."
            case .credentialsInURL(let url): text = "\(url) is an url with embedded credentials."
            case .navigateMode: text = "Invalid request mode navigate."
            // Recorded: Tests/Conformance referrer-policy-request-referrer.
            case .invalidReferrer(let value): text = "Invalid referrer URL \(value)."
            case .onlyIfCachedWithoutSameOrigin(let mode):
                text = "Request mode '\(mode.rawValue)' was used, but request cache mode 'only-if-cached' can only be used with request mode 'same-origin'."
            case .invalidMethod(let m), .forbiddenMethod(let m), .noCORSMethod(let m): text = "Invalid request method \(m)."
            // InternalHeaders::Append lowercases the name before checking it, and the message is
            // formatted from a C string, so a value stops at its first NUL. Recorded: Tests/Conformance
            // ctor-header-name-space ("x foo"), ctor-header-value-nul ("a is an invalid header value.").
            // The ByteString goes into the message read as UTF-8 (dom/fetch/InternalHeaders.cpp
            // IsInvalidName, IsInvalidValue: ThrowTypeError with the nsACString), so a Latin-1 byte
            // is U+FFFD there. Recorded: Tests/Conformance ctor-header-latin1-invalid (dt2-9612-00019).
            case .invalidHeaderName(let name): text = "\(byteStringReadAsUTF8(asciiLowercased(name))) is an invalid header name."
            case .invalidHeaderValue(_, let value):
                text = "\(byteStringReadAsUTF8(String(value.prefix { $0 != "\u{0}" }))) is an invalid header value."
            case .bodyWithGetOrHead: text = "HEAD or GET Request cannot have a body."
            // NS_ERROR_DOM_ABORT_ERR's message (dom/base/domerr.msg), trailing space included;
            // recorded: Tests/Conformance init-signal-aborted.
            case .aborted: return "The operation was aborted. "
            case .streamWithoutDuplex, .noCORSStream, .streamUploadUnsupported, .keepaliveStream: return nil
            }
            return "Window.fetch: " + text
        case .safari:
            // Source/WebCore/Modules/fetch/FetchRequest.cpp, FetchHeaders.cpp canWriteHeader and
            // FetchResponse::fetch. Recorded: Tests/Conformance forbidden-method-trace, no-cors-put.
            switch r {
            case .headerNotByteString: return "Type error"  // JSC's ByteString conversion; recorded: header-value-non-latin1
            case .credentialsInURL: return "URL is not valid or contains user credentials."
            case .navigateMode: return "Request constructor does not accept navigate fetch mode."
            // Recorded: Tests/Conformance referrer-policy-request-referrer.
            case .invalidReferrer: return "Referrer is not a valid URL."
            case .onlyIfCachedWithoutSameOrigin: return "only-if-cached cache option requires fetch mode to be same-origin."
            case .invalidMethod: return "Method is not a valid HTTP token."
            case .forbiddenMethod: return "Method is forbidden."
            case .noCORSMethod: return "Method must be GET, POST or HEAD in no-cors mode."
            case .invalidHeaderName(let name): return "Invalid header name: '\(name)'"
            case .invalidHeaderValue(let name, let value): return "Header '\(name)' has invalid value: '\(value)'"
            case .bodyWithGetOrHead(let m): return "Request has method '\(m)' and cannot have a body"
            case .streamUploadUnsupported: return "ReadableStream uploading is not supported"
            // FetchRequest::setBody; recorded: Tests/Conformance init-keepalive-stream.
            case .keepaliveStream: return "Request cannot have a ReadableStream body and keepalive set to true"
            // AbortError's default message (DOMException.cpp); recorded: Tests/Conformance init-signal-aborted.
            case .aborted: return "The operation was aborted."
            case .streamWithoutDuplex, .noCORSStream: return nil
            }
        case .spec:
            return nil
        }
    }

    /// ASCII upper-case letters lowered, other characters kept.
    private static func asciiLowercased(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }))
    }

    /// `sha256 DIGEST`, the value of an `integrityMismatch` failure, as (algorithm, digest).
    private static func integrityParts(_ value: String) -> (String, String) {
        let parts = value.split(separator: " ", maxSplits: 1)
        return (parts.first.map(String.init) ?? "", parts.count > 1 ? String(parts[1]) : "")
    }

    // MARK: Chrome

    /// Location schemes Chromium's network stack refuses to redirect to without a console line.
    private static let chromeSilentLocationSchemes: Set<String> = ["data", "about", "blob", "file"]

    /// `third_party/blink/renderer/platform/loader/cors/cors_error_string.cc`. Chromium 156 as
    /// recorded prints the Access-Control-Allow-Origin reasons without the source's "If an opaque
    /// response serves your needs..." sentence, and ends the value errors with "Have the server
    /// send the header with a valid value." (oracle: simple-get-acao-missing, -mismatch, -two-headers).
    private static func chrome(_ f: CORSFailure, _ c: ConsoleContext) -> [ConsoleMessage] {
        let url = f.url.serialized()
        var prefix = "Access to fetch at '\(url)' "
        if f.url != c.initialURL { prefix += "(redirected from '\(c.initialURL.serialized())') " }
        prefix += "from origin '\(c.pageOrigin.serialized)' has been blocked by CORS policy: "
        let preflight = f.phase == .preflight ? "Response to preflight request doesn't pass access control check: " : ""
        let validValue = " Have the server send the header with a valid value."
        let v = f.value ?? ""
        let reason: String
        switch f.reason {
        case .missingAllowOrigin:
            reason = preflight + "No 'Access-Control-Allow-Origin' header is present on the requested resource."
        case .multipleAllowOrigin:
            reason = preflight + "The 'Access-Control-Allow-Origin' header contains multiple values '\(v)', but only one is allowed." + validValue
        case .allowOriginMismatch where f.originValueIsInvalidURL:
            reason = preflight + "The 'Access-Control-Allow-Origin' header contains the invalid value '\(v)'." + validValue
        case .allowOriginMismatch:
            reason = preflight + "The 'Access-Control-Allow-Origin' header has a value '\(v)' that is not equal to the supplied origin." + validValue
        case .wildcardWithCredentials:
            reason = preflight + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."
        case .missingAllowCredentials:
            reason = preflight + "The value of the 'Access-Control-Allow-Credentials' header in the response is '\(v)' which must be 'true' when the request's credentials mode is 'include'."
        case .preflightStatus:
            reason = preflight + "It does not have HTTP ok status."
        case .preflightRedirect:
            reason = preflight + "Redirect is not allowed for a preflight request."
        case .invalidAllowMethods:
            reason = "Cannot parse Access-Control-Allow-Methods response header field in preflight response."
        case .invalidAllowHeaders:
            reason = "Cannot parse Access-Control-Allow-Headers response header field in preflight response."
        case .methodNotAllowed:
            reason = "Method \(v) is not allowed by Access-Control-Allow-Methods in preflight response."
        case .headerNotAllowed:
            reason = "Request header field \(v.lowercased()) is not allowed by Access-Control-Allow-Headers in preflight response."
        case .redirectCredentialsInURL:
            // Recorded (Tests/Conformance redirect-userinfo-location): Chromium 156 prints an empty location.
            reason = "Redirect location '' contains a username and password, which is disallowed for cross-origin requests."
        case .sameOriginMode:
            // Recorded (oracle: mode-same-origin-cross): fetch_manager.cc refuses the URL the script
            // gave. A redirect to another origin fails in the network service without a line
            // (recorded: Tests/Conformance mode-same-origin-redirect-to-cross,
            // wpt-basic-mode-same-origin-redirect-remote-origin, -https-origin).
            if f.phase == .redirect { return [] }
            return [ConsoleMessage(.error, "Fetch API cannot load \(url). Request mode is \"same-origin\" but the URL's origin is not same as the request origin \(c.pageOrigin.serialized).")]
        case .unsupportedScheme where f.url.scheme == "file" || (f.url.scheme == "blob" && c.mode == .noCORS):
            // A file: URL, or in no-cors mode a blob: URL of another origin: the loader's
            // "Not allowed to load local resource" (SecurityOrigin::CanDisplay fails). Recorded:
            // Tests/Conformance scheme-file-ftp, scheme-no-cors-redirect-modes.
            return [ConsoleMessage(.error, "Not allowed to load local resource: \(url)")]
        case .unsupportedScheme:
            // fetch_manager.cc PerformSchemeFetch, reached in modes cors and no-cors alike. Recorded:
            // Tests/Conformance scheme-about-blank, scheme-file-ftp (ftp:), scheme-other,
            // scheme-blob-unknown (a blob: URL of another origin), scheme-no-cors-redirect-modes.
            return [ConsoleMessage(.error, "Fetch API cannot load \(url). URL scheme \"\(f.url.scheme)\" is not supported.")]
        case .invalidDataURL, .unknownBlobURL:
            // The data: URL loader's and the blob registry's network errors print nothing.
            // Recorded: Tests/Conformance scheme-data-processor, scheme-blob-unknown.
            return []
        case .noCORSRedirectMode:
            // fetch_manager.cc FileIssueAndPerformNetworkError(kNoCorsRedirectModeNotFollow); issue 14.
            return [ConsoleMessage(.error, "Fetch API cannot load \(url). Request mode is \"no-cors\" but the redirect mode is not \"follow\".")]
        case .mixedContent:
            // core/loader/mixed_content_checker.cc CreateConsoleMessageAboutFetch (FETCH: "resource").
            // Before the request, platform/loader/fetch/resource_fetcher.cc PrepareRequest hands
            // CanRequest the URL through MemoryCache::RemoveFragmentIdentifierIfNeeded: no fragment.
            // Recorded: Tests/Conformance mixed-content-http-fragment.
            let insecure = f.phase == .redirect ? v : f.url.serialized(excludingFragment: true)
            return [ConsoleMessage(.error, "Mixed Content: The page at '\(c.pageURL)' was loaded over HTTPS, but requested an insecure resource '\(insecure)'. This request has been blocked; the content must be served over HTTPS.")]
        case .localNetworkDenied where isSecureContext(c.documentOrigin):
            // third_party/blink/renderer/platform/loader/cors/cors_error_string.cc
            // kLocalNetworkAccessPermissionDenied. SIMULATION: not recorded here.
            reason = "Permission was denied for this request to access the `\(v)` address space."
        case .localNetworkDenied:
            // cors_error_string.cc kInsecureLocalNetwork (kInsecurePrivateNetwork before the rename).
            // SIMULATION: not recorded here.
            reason = "The request client is not a secure context and the resource is in more-private address space `\(v)`."
        case .badPort:
            // net/url_request/url_request_http_job.cc refuses the port with ERR_UNSAFE_PORT (the
            // network-error line DevTools shows; the recorder captures no such line).
            // SIMULATION: not recorded here.
            return [ConsoleMessage(.error, "\(c.method) \(f.phase == .redirect ? v : url) net::ERR_UNSAFE_PORT")]
        case .networkError:
            // SIMULATION: Chrome's network-error line, not recorded here.
            return [ConsoleMessage(.error, "\(c.method) \(url) net::ERR_CONNECTION_REFUSED")]
        case .unexpectedProxyAuth:
            // net/http/http_network_transaction.cc HandleAuthChallenge returns ERR_UNEXPECTED_PROXY_AUTH
            // (the network-error line DevTools shows; the recorder captures no such line: recorded
            // Tests/Conformance dt2-9104-00005, console []). SIMULATION: the line is not recorded here.
            return [ConsoleMessage(.error, "\(c.method) \(url) net::ERR_UNEXPECTED_PROXY_AUTH")]
        case .conflictingResponseHeader:
            // net/http/http_stream_parser.cc: ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH,
            // _CONTENT_DISPOSITION or _LOCATION, a network-error line the recorder captures none
            // of (recorded: Tests/Conformance response-duplicate-content-length-differs, console
            // []). SIMULATION: the line is not recorded here.
            let kind = String((f.value ?? "location").uppercased().map { $0 == "-" ? "_" : $0 })
            return [ConsoleMessage(.error, "\(c.method) \(url) net::ERR_RESPONSE_HEADERS_MULTIPLE_\(kind)")]
        case .redirectLimit:
            // SIMULATION: not recorded; the net error name is from net/base/net_error_list.h.
            return [ConsoleMessage(.error, "\(c.method) \(url) net::ERR_TOO_MANY_REDIRECTS")]
        case .redirectInvalidLocation where f.nonHTTPLocation.map({ $0.corsChecked && !chromeSilentLocationSchemes.contains($0.scheme) }) ?? false:
            // net/url_request/url_request_job_factory.cc IsSafeRedirectTarget refuses (silently) a
            // location whose scheme has a protocol handler that is no safe target (data:, file:;
            // about: and blob: as recorded); another one reaches CorsURLLoader::StartRequest, whose
            // CORS flag fails it as kCorsDisabledScheme (cors_error_string.cc). Recorded:
            // Tests/Conformance redirect-location-non-http-same-origin (ftp:; blob:, data:, about: silent).
            // SIMULATION: of the schemes without a handler only ftp: is recorded.
            let n = f.nonHTTPLocation!
            return [ConsoleMessage(.error, "Access to fetch at '\(n.url)' (redirected from '\(c.initialURL.serialized())') from origin '\(c.pageOrigin.serialized)' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.")]
        case .redirectErrorMode, .redirectInvalidLocation, .forbiddenMethod, .invalidMethod, .noCORSMethod,
             .noCORSStream, .onlyIfCachedMode, .credentialsInURL, .navigateMode, .invalidReferrer, .invalidHeaderName,
             .invalidHeaderValue, .bodyWithGetOrHead, .streamWithoutDuplex, .keepaliveStream, .aborted, .streamUploadUnsupported, .nonLatin1Header,
             .redirectEmptyLocation, .onlyIfCachedMiss, .redirectCredentialedSubresource:
            // No CORS console line; the script sees the TypeError (a renderer-side block,
            // ResourceRequestBlockedReason::kOrigin, prints nothing: recorded
            // Tests/Conformance redirect-userinfo-no-cors).
            return []
        case .streamNeedsHTTP2:
            // Recorded: Tests/Conformance body-stream-post (no console line; net::ERR_H2_OR_QUIC_REQUIRED).
            return []
        case .crossOriginResourcePolicy:
            // net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin / .NotSameSite reaches DevTools' network panel
            // and Issues only: no console line. Recorded: Tests/Conformance corp-same-origin-cross-site,
            // corp-redirect-302-same-origin (console []).
            return []
        case .integrityNotEligible, .integrityMismatch:
            // subresource_integrity.cc CheckSubresourceIntegrity's message, then fetch_manager.cc's
            // "SRI's integrity checks failed.". Recorded: Tests/Conformance init-integrity-no-cors,
            // init-integrity-mismatch.
            let first: String
            if f.reason == .integrityNotEligible {
                first = "Subresource Integrity: The resource '\(url)' has an integrity attribute, but the response is not eligible for integrity validation."
            } else {
                let (algorithm, computed) = integrityParts(v)
                let name = "SHA-" + algorithm.dropFirst(3)
                first = "Failed to find a valid digest in the 'integrity' attribute for resource '\(url)' with computed \(name) integrity '\(computed)'. The resource has been blocked."
            }
            return [ConsoleMessage(.error, first), ConsoleMessage(.error, "Fetch API cannot load \(url). SRI's integrity checks failed.")]
        }
        return [ConsoleMessage(.error, prefix + reason)]
    }

    // MARK: Firefox

    /// `dom/locales/en-US/chrome/security/security.properties`, checked against the recorded
    /// Firefox ESR 153 lines (the recorder's "javascript error " prefix removed). A failed preflight
    /// adds "CORS request did not succeed" for the actual request; so does a redirect that fails.
    /// How Gecko's security messages name the page's principal: a document's URL (the page's
    /// origin plus `/` here), or for an opaque origin its null principal's URI,
    /// `moz-nullprincipal:{UUID}?PRECURSOR` (recorded: Tests/Conformance scheme-page-null-https).
    /// SIMULATION: the UUID is random in Firefox; the simulator prints the zero UUID.
    static func geckoPrincipalURI(_ c: ConsoleContext) -> String {
        guard c.pageOrigin.isOpaque else { return c.pageOrigin.serialized + "/" }
        return "moz-nullprincipal:{00000000-0000-0000-0000-000000000000}?" + c.documentOrigin.serialized
    }

    private static func firefox(_ f: CORSFailure, _ c: ConsoleContext) -> [ConsoleMessage] {
        // The lines name the channel's URL, made from the request's URL by InternalRequest::GetURL
        // (dom/fetch/InternalRequest.h): the URL without its fragment, then "#" and the fragment
        // only when the fragment is not empty, so an empty fragment (`?#`) is not shown. A redirect
        // hop's URL comes from necko's redirect, not GetURL, and keeps its `#`. Recorded:
        // Tests/Conformance url-empty-fragment-console (shrunk from dt2-9101-00102).
        let url = f.url == c.initialURL && f.url.fragment == "" ? f.url.serialized(excludingFragment: true) : f.url.serialized()
        let head = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \(url). "
        let status = f.status.map(String.init) ?? "(null)"
        let didNotSucceed = head + "(Reason: CORS request did not succeed). Status code: (null)."
        let v = f.value ?? ""
        var lines: [String]
        switch f.reason {
        case .missingAllowOrigin:
            lines = [head + "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: \(status)."]
        case .multipleAllowOrigin:
            lines = [head + "(Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."]
        case .allowOriginMismatch:
            lines = [head + "(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘\(v)’)."]
        case .wildcardWithCredentials:
            lines = ["Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘\(url)’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."]
        case .missingAllowCredentials:
            lines = [head + "(Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)."]
        case .preflightStatus:
            lines = [head + "(Reason: CORS preflight response did not succeed). Status code: \(status)."]
        case .preflightRedirect:
            // Recorded (oracle: preflight-status-301): three lines. A page-origin preflight
            // redirected to another origin also reports its ACAO check instead of the status
            // (recorded: Tests/Conformance redirect-then-preflight-301-no-acao-page-origin-to-cross).
            if let also = f.alsoOriginFailure {
                let origin = CORSFailure(reason: also, phase: .response, value: f.alsoOriginValue, url: f.url, status: f.status)
                lines = [head + "(Reason: CORS request external redirect not allowed)."] + firefox(origin, c).map(\.text)
            } else {
                lines = [head + "(Reason: CORS request external redirect not allowed).",
                         head + "(Reason: CORS preflight response did not succeed). Status code: \(status)."]
            }
        case .invalidAllowMethods:
            lines = [head + "(Reason: invalid token ‘\(v)’ in CORS header ‘Access-Control-Allow-Methods’)."]
        case .invalidAllowHeaders:
            lines = [head + "(Reason: invalid token ‘\(v)’ in CORS header ‘Access-Control-Allow-Headers’)."]
        case .methodNotAllowed:
            lines = [head + "(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)."]
        case .headerNotAllowed:
            lines = [head + "(Reason: header ‘\(v.lowercased())’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."]
        case .sameOriginMode:
            // Recorded (oracle: mode-same-origin-cross). SIMULATION: the page's URL is shown as its origin plus "/".
            return [ConsoleMessage(.error, "Security Error: Content at \(geckoPrincipalURI(c)) may not load data from \(url).")]
        case .badPort:
            // nsIOService refuses the channel (NS_ERROR_PORT_ACCESS_NOT_ALLOWED) when it is created:
            // on the first request before any CORS listener exists, no line; on a redirect hop the
            // first channel's CORS listener (cors mode only) reports that it did not succeed.
            // Recorded: Tests/Conformance port-blocking-*, port-blocking-redirect.
            return f.phase == .redirect && c.mode == .cors ? [ConsoleMessage(.error, didNotSucceed)] : []
        case .networkError, .redirectLimit, .redirectCredentialsInURL:
            // Recorded (Tests/Conformance redirect-limit-21, redirect-userinfo-location).
            return [ConsoleMessage(.error, didNotSucceed)]
        case .conflictingResponseHeader:
            // NS_ERROR_CORRUPTED_CONTENT from nsHttpHeaderArray::SetHeaderFromNet: the channel did
            // not succeed. Recorded: Tests/Conformance response-duplicate-content-length-differs,
            // redirect-two-location-headers-differ. Only the CORS listener of a cross-origin cors
            // request logs it (recorded: no-cors-duplicate-content-length-differs,
            // same-origin-duplicate-content-length-differs: no line).
            return c.mode == .cors && (f.url.origin != c.pageOrigin || c.requestOrigin == "null")
                ? [ConsoleMessage(.error, didNotSucceed)] : []
        case .unexpectedProxyAuth:
            // SIMULATION: Gecko passes a 407 on (its profile does not set
            // directProxyAuthenticationIsNetworkError); a profile that does gets Gecko's line for a
            // channel that did not succeed, as for another network error.
            return [ConsoleMessage(.error, didNotSucceed)]
        case .unsupportedScheme:
            let scheme = f.url.scheme
            // nsScriptSecurityManager::CheckLoadURI refuses a file: URL and a privileged about:
            // page ("may not load or link to"), and a blob: URL of another origin ("may not load
            // data from"), in both modes; a cors request whose URL got a channel fails
            // nsCORSListenerProxy's scheme check ("CORS request not http"); one that got none
            // (ws:, about:srcdoc) and every no-cors one fail with no line. Recorded:
            // Tests/Conformance scheme-file-ftp, scheme-blob-unknown, scheme-about-blank,
            // scheme-other, scheme-no-cors-redirect-modes (about:config).
            // SIMULATION: of the about: pages only blank, srcdoc and config are recorded; every
            // other one is taken as config is.
            let aboutPage = scheme == "about" ? f.url.path : ""
            let content = "Security Error: Content at \(geckoPrincipalURI(c)) may not load"
            if scheme == "file" || (scheme == "about" && aboutPage != "blank" && aboutPage != "srcdoc") {
                return [ConsoleMessage(.error, "\(content) or link to \(url).")]
            }
            if scheme == "blob" { return [ConsoleMessage(.error, "\(content) data from \(url).")] }
            if c.mode == .cors, scheme != "ws", scheme != "wss", aboutPage != "srcdoc" {
                return [ConsoleMessage(.error, head + "(Reason: CORS request not http).")]
            }
            return []
        case .invalidDataURL, .unknownBlobURL:
            // Recorded: Tests/Conformance scheme-data-processor, scheme-blob-unknown (no line).
            return []
        case .mixedContent:
            // dom/security/nsMixedContentBlocker.cpp LogMixedContentMessage, security.properties
            // BlockMixedActiveContent (TYPE_FETCH is active content). A blocked redirect also fails
            // the request that was redirected (recorded: Tests/Conformance mixed-content-redirect-https-to-http).
            let blocked = ConsoleMessage(.error, "Blocked loading mixed active content “\(v)”")
            return f.phase == .redirect ? [blocked, ConsoleMessage(.error, didNotSucceed)] : [blocked]
        case .redirectInvalidLocation:
            if let n = f.nonHTTPLocation {
                // nsCORSListenerProxy::UpdateChannel logs CORSRequestNotHttp for a cors channel to
                // another origin whose scheme is not HTTP(S); a data: location fails with no line
                // from a request still on the page's origin (and as below once it left it), a blob:
                // of the page's origin or a no-cors request with none. Recorded: Tests/Conformance
                // redirect-location-non-http-same-origin (about:blank, ftp:), redirect-location-data-url.
                if !n.corsChecked || (n.scheme == "data" && !n.leftPageOrigin) { return [] }
                // A location of the page's own origin (a blob: URL) passes the listener's
                // cross-origin check; the load then fails and the first channel reports that it did
                // not succeed. Recorded: Tests/Conformance dt2-9104-00074 (a cors HEAD to another
                // origin redirected 308 to blob: of the page's origin).
                if n.scheme != "data", !n.sameOriginWithPage {
                    return [ConsoleMessage(.error, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \(n.url). (Reason: CORS request not http).")]
                }
            }
            // Recorded: Tests/Conformance redirect-location-no-host, -bad-ipv6, -data-url.
            return [ConsoleMessage(.error, didNotSucceed)]
        case .crossOriginResourcePolicy:
            // One line naming the response that carried the header, the redirect's own URL for a
            // redirect, and no "CORS request did not succeed" (NS_ERROR_DOM_CORP_FAILED is reported by
            // the channel, not the CORS listener). Recorded: Tests/Conformance corp-same-origin-cross-site,
            // corp-redirect-302-same-origin.
            return [ConsoleMessage(.error, "The resource at “\(url)” was blocked due to its Cross-Origin-Resource-Policy header (or lack thereof). See https://developer.mozilla.org/docs/Web/HTTP/Cross-Origin_Resource_Policy_(CORP)#")]
        case .integrityNotEligible:
            // dom/security/SRICheck.cpp (IneligibleResource); recorded: Tests/Conformance init-integrity-no-cors.
            return [ConsoleMessage(.error, "“\(url)” is not eligible for integrity checks since it’s neither CORS-enabled nor same-origin.")]
        case .integrityMismatch:
            // dom/security/SRICheck.cpp (IntegrityMismatch3); recorded: Tests/Conformance init-integrity-mismatch.
            let (algorithm, computed) = integrityParts(v)
            return [ConsoleMessage(.error, "None of the “\(algorithm)” hashes in the integrity attribute match the content of the subresource at “\(url)”. The computed hash is “\(computed)”.")]
        case .localNetworkDenied:
            // netwerk/locales/en-US/necko.properties LocalNetworkAccessPermissionRequired, then the
            // failed channel's "CORS request did not succeed" (NS_ERROR_LOCAL_NETWORK_ACCESS_DENIED).
            // The second line is recorded (Tests/Conformance lna-secure-public-to-loopback-denied,
            // -prompt, lna-insecure-public-to-loopback-prompt). SIMULATION: the warning is not: the
            // recorder's WebDriver BiDi stream has carried no warning-level line in any recording,
            // so its absence there decides nothing; the sites are shown as origins plus "/" and the
            // target's host stands for its address.
            let port = f.url.port.map(String.init) ?? (f.url.scheme == "https" ? "443" : "80")
            let secure = isSecureContext(c.documentOrigin) ? "True" : "False"
            return [ConsoleMessage(.warning, "Local Network Access permission required: top-level site \"\(c.topLevel.serialized)/\", initiator \"\(c.pageURL)\", attempting to access target \"\(url)\" (\(f.url.host):\(port)) via fetch. Secure context: \(secure)"),
                    ConsoleMessage(.error, didNotSucceed)]
        case .redirectErrorMode, .forbiddenMethod, .invalidMethod,
             .noCORSMethod, .noCORSStream, .onlyIfCachedMode, .credentialsInURL, .navigateMode, .invalidReferrer,
             .invalidHeaderName, .invalidHeaderValue, .bodyWithGetOrHead, .streamWithoutDuplex, .keepaliveStream, .aborted, .streamUploadUnsupported,
             .noCORSRedirectMode, .nonLatin1Header, .streamNeedsHTTP2, .redirectEmptyLocation, .onlyIfCachedMiss,
             .redirectCredentialedSubresource:
            // Gecko fails these without a console line (FetchDriver, nsCORSListenerProxy).
            return []
        }
        // A redirect that failed its check ends the channel: "did not succeed" follows. Under
        // redirect mode "error" or "manual" the 3xx was the response, and no second line comes
        // (recorded: Tests/Conformance redirect-mode-error-no-acao, redirect-mode-manual-no-acao).
        if f.phase == .preflight || (f.phase == .redirect && c.redirect == .follow) { lines.append(didNotSucceed) }
        return lines.map { ConsoleMessage(.error, $0) }
    }

    // MARK: Safari

    /// `Source/WebCore/loader/CrossOriginAccessControl.cpp` and `ThreadableLoader.cpp`, checked
    /// against the recorded WebKitGTK 2.50 lines: the reason, then "Fetch API cannot load <url>
    /// due to access control checks." The header name keeps the script's spelling.
    private static func safari(_ f: CORSFailure, _ c: ConsoleContext) -> [ConsoleMessage] {
        // A hop's URL as the network process followed it: without the username and password a
        // Location gave it (recorded: Tests/Conformance dt2-9101-00012, "Fetch API cannot load"
        // naming the redirect target without them).
        let url = f.url.withoutCredentials.serialized()
        let status = f.status.map(String.init) ?? "0"
        let v = f.value ?? ""
        var reason: String
        switch f.reason {
        case .missingAllowOrigin, .allowOriginMismatch:
            reason = "Origin \(c.requestOrigin) is not allowed by Access-Control-Allow-Origin. Status code: \(status)"
        case .multipleAllowOrigin:
            reason = "Access-Control-Allow-Origin cannot contain more than one origin."
        case .wildcardWithCredentials:
            reason = "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
        case .missingAllowCredentials:
            reason = "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
        case .preflightStatus, .preflightRedirect:
            reason = "Preflight response is not successful. Status code: \(status)"
        case .invalidAllowMethods:
            // The whole header value (recorded: Tests/Conformance acam-invalid-token).
            reason = "Header Access-Control-Allow-Methods has an invalid value: \(f.headerValue ?? v)"
        case .invalidAllowHeaders:
            reason = "Header Access-Control-Allow-Headers has an invalid value: \(f.headerValue ?? v)"
        case .methodNotAllowed:
            reason = "Method \(v) is not allowed by Access-Control-Allow-Methods."
        case .headerNotAllowed:
            reason = "Request header field \(webKitHeaderNameSpelling(v)) is not allowed by Access-Control-Allow-Headers."
        case .redirectCredentialsInURL:
            reason = "redirection URL \(v) has credentials"
        case .redirectErrorMode:
            // Recorded (Tests/Conformance redirect-mode-error, redirect-limit-21), each followed by
            // the "Fetch API cannot load" line below.
            reason = "Not allowed to follow a redirection while loading \(url)"
        case .redirectLimit:
            reason = "Load cannot follow more than 20 redirections"
        case .sameOriginMode where f.phase == .redirect:
            // CachedResourceLoader::canRequest printAccessDeniedMessage; recorded: Tests/Conformance
            // mode-same-origin-redirect-to-cross.
            return [ConsoleMessage(.error, "Unsafe attempt to load URL \(url) from origin \(c.pageOrigin.serialized). Domains, protocols and ports must match."),
                    ConsoleMessage(.error, "Fetch API cannot load \(url) due to access control checks.")]
        case .sameOriginMode:
            // Recorded (oracle: mode-same-origin-cross).
            return [ConsoleMessage(.error, "Fetch API cannot load \(url).")]
        case .redirectInvalidLocation:
            if let n = f.nonHTTPLocation {
                // NetworkLoad::willPerformHTTPRedirection refuses an ftp: location first, naming the
                // request (https://github.com/WebKit/WebKit/blob/main/Source/WebKit/NetworkProcess/NetworkLoad.cpp).
                if n.scheme == "ftp" {
                    return [ConsoleMessage(.error, "FTP URLs are disabled"),
                            ConsoleMessage(.error, "Fetch API cannot load \(url) due to access control checks.")]
                }
                // NetworkLoadChecker::checkRedirection checks the location's scheme only for a cors
                // request whose location is not of the page's origin or that left it (wrapped below);
                // otherwise WebCore's DocumentThreadableLoader::redirectReceived refuses a fetch()
                // redirected to another scheme (reportRedirectionWithBadScheme), naming the location.
                // Recorded: Tests/Conformance redirect-location-non-http-same-origin (from dt2-9102-00121).
                if !n.corsChecked {
                    return [ConsoleMessage(.error, "Redirection to URL with a scheme that is not HTTP(S)."),
                            ConsoleMessage(.error, "Fetch API cannot load \(n.url) due to access control checks.")]
                }
            }
            // Recorded: Tests/Conformance redirect-location-no-host, -bad-ipv6, -data-url (wrapped below).
            reason = "not allowed to follow a cross-origin CORS redirection with non CORS scheme"
        case .crossOriginResourcePolicy:
            // CrossOriginAccessControl.cpp validateCrossOriginResourcePolicy's ResourceError; on a
            // redirect wrapped below as a denied redirection. Recorded: Tests/Conformance
            // corp-same-origin-cross-site, corp-redirect-302-same-origin.
            reason = "Cancelled load to \(url) because it violates the resource's Cross-Origin-Resource-Policy response header."
        case .integrityNotEligible, .integrityMismatch:
            // SubresourceIntegrity.cpp integrityMismatchDescription, one text for both (the expected
            // content length is the body's here). Recorded: Tests/Conformance init-integrity-no-cors,
            // init-integrity-mismatch.
            let n = c.responseBodyBytes
            reason = "Failed integrity metadata check. \(url). Failed integrity metadata check. Content length: \(n), Expected content length: \(n), Expected metadata: \(c.integrity)"
        case .badPort:
            // Source/WebCore/loader/FrameLoader.cpp reportBlockedLoadFailed: the port, then the URL
            // through URL::stringCenterEllipsizedToLength (1,024 characters). Recorded:
            // Tests/Conformance port-blocking-*.
            let refused = f.phase == .redirect ? v : url
            return [ConsoleMessage(.error, "Not allowed to use restricted network port \(badPortNumber(refused)): \(centerEllipsized(refused, 1024))")]
        case .unexpectedProxyAuth:
            // SIMULATION: WebKit passes a 407 on (its profile does not set
            // directProxyAuthenticationIsNetworkError); a profile that does gets no line.
            return []
        case .conflictingResponseHeader:
            // SIMULATION: WebKit reads repeated lines combined (its profile does not refuse them,
            // `networkStack.repeatedResponseFields`); a profile that does gets no line.
            return []
        case .networkError:
            // SIMULATION: not recorded; WebKit's generic network failure text.
            return [ConsoleMessage(.error, "Failed to load resource: Could not connect to the server.")]
        case .unsupportedScheme where c.mode == .cors:
            // DocumentThreadableLoader refuses a cors request to a URL whose scheme is not HTTP(S)
            // ("Cross origin requests are only supported for HTTP.", a blob: or file: URL too).
            // Recorded: Tests/Conformance scheme-about-blank, scheme-file-ftp, scheme-other,
            // scheme-blob-unknown.
            return [ConsoleMessage(.error, "Cross origin requests are only supported for HTTP."),
                    ConsoleMessage(.error, "Fetch API cannot load \(url) due to access control checks.")]
        case .unsupportedScheme:
            // In no-cors mode: ftp: is refused by the network process (NetworkLoad.cpp), file: and a
            // blob: URL of another origin by CachedResourceLoader::canRequest; about:, javascript:,
            // ws: and unknown schemes fail with no line. Recorded: Tests/Conformance scheme-file-ftp,
            // scheme-about-blank, scheme-other, scheme-no-cors-redirect-modes.
            switch f.url.scheme {
            case "ftp":
                return [ConsoleMessage(.error, "FTP URLs are disabled"),
                        ConsoleMessage(.error, "Fetch API cannot load \(url) due to access control checks.")]
            case "file", "blob":
                return [ConsoleMessage(.error, "Not allowed to load local resource: \(url)"),
                        ConsoleMessage(.error, "Not allowed to request resource"),
                        ConsoleMessage(.error, "Fetch API cannot load \(url) due to access control checks.")]
            default:
                return []
            }
        case .invalidDataURL:
            // Recorded: Tests/Conformance scheme-data-processor.
            return [ConsoleMessage(.error, "Fetch API cannot load \(url).")]
        case .unknownBlobURL:
            // Recorded: Tests/Conformance scheme-blob-unknown (no line).
            return []
        case .noCORSRedirectMode, .mixedContent:
            // Source/WebCore/loader/cache/CachedResourceLoader.cpp canRequest: the reason, then the
            // refused load's "Not allowed to request resource" and the access-control line.
            // MixedContentChecker.cpp logConsoleWarning ("blocked and must").
            if f.reason == .mixedContent, f.phase == .redirect {
                // A blocked redirect names the request that was redirected (recorded: Tests/Conformance
                // mixed-content-redirect-https-to-http, -127, -localhost).
                return [ConsoleMessage(.error, "[blocked] The page at \(c.pageURL) requested insecure content from \(v). This content was blocked and must be served over HTTPS."),
                        ConsoleMessage(.error, "Fetch API cannot load \(url) due to access control checks.")]
            }
            // CachedResourceLoader::requestResource checks a request whose URL CachedResourceRequest.cpp
            // already split from its fragment (splitFragmentIdentifierFromRequestURL, for http(s) URLs:
            // MemoryCache::shouldRemoveFragmentIdentifier), so the refused URL has none, in both lines.
            // Recorded: Tests/Conformance no-cors-redirect-manual-fragment, mixed-content-http-fragment.
            let target = f.url.serialized(excludingFragment: true)
            let first = f.reason == .mixedContent
                ? "[blocked] The page at \(c.pageURL) requested insecure content from \(target). This content was blocked and must be served over HTTPS."
                : "No-Cors mode requires follow redirect mode"
            return [ConsoleMessage(.error, first), ConsoleMessage(.error, "Not allowed to request resource"),
                    ConsoleMessage(.error, "Fetch API cannot load \(target) due to access control checks.")]
        case .forbiddenMethod, .invalidMethod, .noCORSMethod, .noCORSStream,
             .onlyIfCachedMode, .localNetworkDenied, .credentialsInURL, .navigateMode, .invalidReferrer, .invalidHeaderName,
             .invalidHeaderValue, .bodyWithGetOrHead, .streamWithoutDuplex, .keepaliveStream, .aborted, .streamUploadUnsupported, .nonLatin1Header,
             .streamNeedsHTTP2, .onlyIfCachedMiss, .redirectCredentialedSubresource:
            return []
        case .redirectEmptyLocation:
            // Recorded: Tests/Conformance redirect-location-empty (rejected, no console line).
            return []
        }
        if f.phase == .redirect, f.reason != .redirectErrorMode, f.reason != .redirectLimit, let target = f.redirectTarget {
            // The target without its username and password (recorded: redirect-userinfo-location), with
            // the fragment of the request's URL when the Location has none: the location URL of
            // https://fetch.spec.whatwg.org/#concept-response-location-url step 4, which WebKit's
            // redirected request carries (recorded: Tests/Conformance dt-9001-00910, `h1#a`).
            let resolved = (try? f.url.resolving(target)).map {
                FetchURL(scheme: $0.scheme, host: $0.host, port: $0.port, path: $0.path, query: $0.query,
                         fragment: $0.fragment ?? f.url.fragment).serialized()
            } ?? target
            reason = "Cross-origin redirection to \(resolved) denied by Cross-Origin Resource Sharing policy: " + reason
        }
        return [ConsoleMessage(.error, reason), ConsoleMessage(.error, "Fetch API cannot load \(url) due to access control checks.")]
    }

    /// WebKit keeps a header it knows as an `HTTPHeaderName` and prints it in that spelling
    /// (`content-type` → `Content-Type`); other names keep the script's spelling. Names from
    /// Source/WebCore/platform/network/HTTPHeaderNames.in. Recorded: Tests/Conformance
    /// console-header-name-lowercase, console-header-name-uppercase.
    /// SIMULATION: the list is the file's long-standing names; names WebKit added later keep the
    /// script's spelling here.
    static func webKitHeaderNameSpelling(_ name: String) -> String {
        webKitHeaderNames[name.byteLowercased()] ?? name
    }

    /// Whether WebKit keeps `lowercasedName` as a common `HTTPHeaderName` (HTTPHeaderMap stores
    /// those apart from the others and iterates them first).
    static func webKitKnowsHeaderName(_ lowercasedName: String) -> Bool {
        webKitHeaderNames[lowercasedName] != nil
    }

    private static let webKitHeaderNames: [String: String] = {
        let names = ["Accept", "Accept-Charset", "Accept-Language", "Accept-Encoding", "Accept-Ranges",
                     "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods",
                     "Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "Access-Control-Max-Age",
                     "Access-Control-Request-Headers", "Access-Control-Request-Method", "Age", "Alternate-Protocol",
                     "Authorization", "Cache-Control", "Connection", "Content-Disposition", "Content-Encoding",
                     "Content-Language", "Content-Length", "Content-Security-Policy", "Content-Security-Policy-Report-Only",
                     "Content-Type", "Content-Transfer-Encoding", "Content-Range", "Cookie", "Cookie2", "Date", "DNT",
                     "Default-Style", "ETag", "Expect", "Expires", "Host", "If-Match", "If-Modified-Since", "If-None-Match",
                     "If-Range", "If-Unmodified-Since", "Keep-Alive", "Last-Event-ID", "Last-Modified", "Location", "Origin",
                     "Ping-From", "Ping-To", "Purpose", "Pragma", "Range", "Referer", "Refresh", "Server", "Set-Cookie",
                     "Set-Cookie2", "TE", "Timing-Allow-Origin", "Trailer", "Transfer-Encoding", "Upgrade", "User-Agent",
                     "Vary", "Via", "X-Content-Type-Options", "X-DNS-Prefetch-Control", "X-Frame-Options", "X-Powered-By",
                     "X-XSS-Protection"]
        var map: [String: String] = [:]
        for n in names { map[n.byteLowercased()] = n }
        return map
    }()

    // MARK: The standard

    /// The standard prints nothing; the spec profile names the step that returned a network error.
    private static func spec(_ f: CORSFailure) -> [ConsoleMessage] {
        var text = "network error (\(f.reason.rawValue)): \(f.reason.summary)"
        if let v = f.value, !v.isEmpty { text += " [\(v)]" }
        return [ConsoleMessage(.error, text)]
    }

    // No line is printed when `Access-Control-Allow-Headers: *` lets `Authorization` through:
    // Gecko's source has a CORSAllowHeaderFromPreflightDeprecation warning, but the recorded
    // Firefox ESR 153 run printed nothing (oracle: header-authorization-acah-star, console []);
    // the recording wins. SIMULATION: Chrome's deprecation issue lives in DevTools' Issues panel
    // and is not modelled; neither are Chrome's "net::ERR_FAILED" lines that accompany CORS errors.
}

/// A ByteString (every scalar at most U+00FF, one byte each) read as UTF-8, as Gecko formats an
/// nsACString into an error message: a byte that does not start or continue a valid sequence is
/// U+FFFD (one per maximal invalid subpart, as the Encoding Standard's UTF-8 decoder replaces).
func byteStringReadAsUTF8(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { $0.value > 0x7F }) else { return s }
    return String(decoding: s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }, as: UTF8.self)
}
