/// A request's mode (https://fetch.spec.whatwg.org/#concept-request-mode), as `fetch()` can set it.
public enum RequestMode: String, Sendable, Hashable, CaseIterable, Codable {
    case cors
    case noCORS = "no-cors"
    case sameOrigin = "same-origin"
    /// Only navigations have it; the `Request` constructor throws when a script asks for it
    /// (https://fetch.spec.whatwg.org/#dom-request, "If mode is "navigate", then throw a TypeError").
    case navigate
}

/// `RequestInit`'s `duplex` member (https://fetch.spec.whatwg.org/#dom-requestinit-duplex):
/// whether the script passed `duplex: 'half'`. Only a `ReadableStream` body needs it.
public enum RequestDuplex: String, Sendable, Hashable, CaseIterable, Codable {
    /// `duplex: 'half'`.
    case half
    /// No `duplex` member in `RequestInit`.
    case omitted
}

/// `RequestInit`'s `signal` member, as far as it decides anything before the request is made: none,
/// or a signal already aborted without a reason (`AbortSignal.abort()`), which makes `fetch()`
/// reject with its abort reason, an "AbortError" DOMException
/// (https://fetch.spec.whatwg.org/#dom-global-fetch, step 4).
public enum RequestSignal: String, Sendable, Hashable, CaseIterable, Codable {
    case none
    case aborted
}

/// `RequestInit`'s `priority` member (https://fetch.spec.whatwg.org/#dom-requestinit-priority).
public enum RequestPriority: String, Sendable, Hashable, CaseIterable, Codable {
    case auto, high, low
}

/// A referrer policy (https://w3c.github.io/webappsec-referrer-policy/#referrer-policies), as
/// `RequestInit.referrerPolicy` takes it: the eight policies and the empty string (the default
/// applies: `strict-origin-when-cross-origin` in the three engines).
public enum ReferrerPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    case empty = ""
    case noReferrer = "no-referrer"
    case noReferrerWhenDowngrade = "no-referrer-when-downgrade"
    case sameOrigin = "same-origin"
    case origin
    case strictOrigin = "strict-origin"
    case originWhenCrossOrigin = "origin-when-cross-origin"
    case strictOriginWhenCrossOrigin = "strict-origin-when-cross-origin"
    case unsafeURL = "unsafe-url"

    /// The policy a `Referrer-Policy` header value names
    /// (https://w3c.github.io/webappsec-referrer-policy/#parse-referrer-policy-from-header): the
    /// last of its comma-separated tokens that is a policy; nil when none is (the empty string is
    /// not one).
    public static func parse(header value: String) -> ReferrerPolicy? {
        var found: ReferrerPolicy?
        for token in value.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = String(token).trimmingHTTPWhitespace().byteLowercased()
            if !trimmed.isEmpty, let policy = ReferrerPolicy(rawValue: trimmed) { found = policy }
        }
        return found
    }
}

/// A request's credentials mode (https://fetch.spec.whatwg.org/#concept-request-credentials-mode).
public enum CredentialsMode: String, Sendable, Hashable, CaseIterable, Codable {
    case omit
    case sameOrigin = "same-origin"
    case include
}

/// A request's redirect mode (https://fetch.spec.whatwg.org/#concept-request-redirect-mode).
public enum RedirectMode: String, Sendable, Hashable, CaseIterable, Codable {
    case follow, error, manual
}

/// A request's cache mode (https://fetch.spec.whatwg.org/#concept-request-cache-mode).
public enum CacheMode: String, Sendable, Hashable, CaseIterable, Codable {
    case `default`
    case noStore = "no-store"
    case reload
    case noCache = "no-cache"
    case forceCache = "force-cache"
    case onlyIfCached = "only-if-cached"
}

/// The body a script passed to `fetch()`, as far as CORS cares: which `Content-Type` it brings
/// and whether it is a stream.
public enum RequestBody: Sendable, Hashable {
    /// A string: `text/plain;charset=UTF-8` unless the script set a Content-Type.
    case text(String)
    /// `URLSearchParams`: `application/x-www-form-urlencoded;charset=UTF-8`.
    case urlEncoded
    /// `FormData`: `multipart/form-data; boundary=...`.
    case formData
    /// A `ReadableStream`: no Content-Type, and the use-CORS-preflight flag. `FetchRequest.duplex`
    /// says whether the script passed `duplex: 'half'`.
    case stream
    /// A `Blob` made with the given `type` option, as the script wrote it; the Blob's own type
    /// (`blobType`) is what fetch() sends, and an empty one adds no Content-Type.
    case blob(type: String)

    /// SIMULATION: browsers draw a random multipart boundary; this fixed one keeps output
    /// deterministic.
    public static let formDataBoundary = "----CORSSimFormBoundary7MA4YWxkTrZu0gW"

    /// The Content-Type `fetch()` adds when the script set none
    /// (https://fetch.spec.whatwg.org/#concept-bodyinit-extract).
    public var defaultContentType: String? {
        switch self {
        case .text: return "text/plain;charset=UTF-8"
        case .urlEncoded: return "application/x-www-form-urlencoded;charset=UTF-8"
        case .formData: return "multipart/form-data; boundary=" + RequestBody.formDataBoundary
        case .stream: return nil
        case .blob(let type):
            let blobType = RequestBody.blobType(type)
            return blobType.isEmpty ? nil : blobType
        }
    }

    /// The `type` a `Blob` constructor keeps for the `type` option: empty when it holds a
    /// character outside U+0020-U+007E, else ASCII-lower-cased (File API, "Constructors",
    /// https://w3c.github.io/FileAPI/#constructorBlob). Recorded: `TEXT/PLAIN` goes as
    /// `text/plain` in the three engines (`Tests/Conformance/body-blob-type-uppercase.cors`),
    /// `application/json;x=é` as no Content-Type (`body-blob-type-non-ascii-dropped.cors`).
    public static func blobType(_ type: String) -> String {
        if type.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value > 0x7E }) { return "" }
        return String(String.UnicodeScalarView(type.unicodeScalars.map {
            (0x41...0x5A).contains($0.value) ? Unicode.Scalar($0.value + 0x20)! : $0
        }))
    }

    /// The bytes sent, where the simulation knows them.
    public var text: String {
        switch self {
        case .text(let s): return s
        case .urlEncoded, .formData, .stream, .blob: return ""
        }
    }
}

/// What a page's script asks for: the arguments of one `fetch(url, init)` call.
public struct FetchRequest: Sendable, Hashable {
    /// The method as the script wrote it.
    public var method: String
    /// The URL passed to `fetch()`.
    public var url: FetchURL
    /// The headers the script set (`init.headers`), before the browser's rules drop or add any.
    public var headers: HeaderList
    /// `init.body`; nil for none.
    public var body: RequestBody?
    /// `init.mode` (default `cors`).
    public var mode: RequestMode
    /// `init.credentials` (default `same-origin`).
    public var credentials: CredentialsMode
    /// `init.redirect` (default `follow`).
    public var redirect: RedirectMode
    /// `init.cache` (default `default`).
    public var cache: CacheMode
    public var duplex: RequestDuplex
    /// `init.keepalive` (default false).
    public var keepalive: Bool
    /// `init.signal`: none, or one already aborted.
    public var signal: RequestSignal
    /// `init.integrity`: integrity metadata, empty for none.
    public var integrity: String
    /// `init.priority` (default `auto`).
    public var priority: RequestPriority
    /// `init.referrerPolicy` (default the empty string: the default policy).
    public var referrerPolicy: ReferrerPolicy
    /// `init.referrer` as the script wrote it: nil when absent (the client: the document), the
    /// empty string for no referrer, else a URL the `Request` constructor parses against the
    /// document's URL (https://fetch.spec.whatwg.org/#dom-request, step 14).
    public var referrer: String?

    /// `fetch(url, init)`: `FetchRequest("PUT", "https://api.example.com/users/7", headers: [("Content-Type", "application/json")])`.
    public init(_ method: String = "GET", _ url: FetchURL, headers: HeaderList = [], body: RequestBody? = nil,
                mode: RequestMode = .cors, credentials: CredentialsMode = .sameOrigin,
                redirect: RedirectMode = .follow, cache: CacheMode = .default, duplex: RequestDuplex = .half,
                keepalive: Bool = false, signal: RequestSignal = .none, integrity: String = "", priority: RequestPriority = .auto,
                referrerPolicy: ReferrerPolicy = .empty, referrer: String? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.mode = mode
        self.credentials = credentials
        self.redirect = redirect
        self.cache = cache
        self.duplex = duplex
        self.keepalive = keepalive
        self.signal = signal
        self.integrity = integrity
        self.priority = priority
        self.referrerPolicy = referrerPolicy
        self.referrer = referrer
    }
}

/// One HTTP request as it goes on the wire to a server.
public struct WireRequest: Sendable, Hashable {
    /// The method as sent, e.g. `OPTIONS` for a preflight, `PUT`.
    public var method: String
    /// The request's URL; a server sees ``FetchURL/pathAndQuery`` in its request line and the
    /// host in `Host`.
    public var url: FetchURL
    /// The header lines (Origin, Access-Control-Request-*, the script's headers after the
    /// browser's rules, cookies, `Referer` and `Sec-Fetch-*`), without Host, User-Agent and the
    /// other headers no CORS check or server policy here reads (see README, "Limits of the simulation").
    public var headers: HeaderList
    /// The body as text; empty for a preflight and for requests without a body (see `bodyBytes`).
    public var body: String
    /// Whether the browser attached cookies and HTTP authentication.
    public var credentialed: Bool
    /// Whether this is a CORS preflight.
    public var isPreflight: Bool

    /// A request as it goes on the wire; servers receive these, tests build them to call a server.
    public init(method: String, url: FetchURL, headers: HeaderList, body: String = "",
                credentialed: Bool = false, isPreflight: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.credentialed = credentialed
        self.isPreflight = isPreflight
    }
}

/// One HTTP response as a server sent it.
public struct WireResponse: Sendable, Hashable {
    /// The status code, e.g. 204.
    public var status: Int
    /// The reason phrase, e.g. `No Content` (may be empty; browsers ignore it).
    public var statusText: String
    /// The header lines as the server sent them, in order, duplicates kept: the CORS check reads
    /// them as the browser would (two Access-Control-Allow-Origin lines fail it).
    public var headers: HeaderList
    /// The body as text (see `bodyBytes`).
    public var body: String

    /// A response as a server sends it: `WireResponse(status: 204, headers: [("Access-Control-Allow-Origin", "*")])`.
    public init(status: Int, statusText: String = "", headers: HeaderList = [], body: String = "") {
        self.status = status
        self.statusText = statusText
        self.headers = headers
        self.body = body
    }

    /// An ok status (https://fetch.spec.whatwg.org/#ok-status): 200 to 299.
    public var isOK: Bool { (200...299).contains(status) }

    /// A redirect status (https://fetch.spec.whatwg.org/#redirect-status).
    public var isRedirect: Bool {
        switch status {
        case 301, 302, 303, 307, 308: return true
        default: return false
        }
    }
}
