/// A parsed absolute `http:` or `https:` URL: what fetch() can send.
///
/// Parsed by the URL Standard's basic URL parser (`parseURL` in URLParser.swift), so that
/// serialization is exact and identical on every platform: C0 controls and space trimmed, tabs
/// and newlines removed, `\` read as `/`, hosts percent-decoded, lower-cased, IDNA-encoded and
/// validated, IPv4 in every number form (`0x7f.1` is `127.0.0.1`), IPv6 compressed, default
/// ports dropped, dot segments removed (`/x/../res` is `/res`), and path, query, fragment and
/// userinfo percent-encoded with their sets. Whatever reaches a request line is this
/// serialization, so it never holds a space, a C0 control or DEL.
///
/// `init(parsing:)` accepts only `http:` and `https:` (origins, servers, `Location` targets: what
/// fetch() sends over HTTP); other schemes parse, so that `ws:` or `mailto:` are refused with a
/// named error. `init(parsingAnyScheme:)` accepts every URL the standard's parser accepts (`data:`,
/// `about:blank`, `blob:`, `file:`, `foo:bar`): what a script may pass to fetch(), whose main fetch
/// then answers it by scheme fetch or a network error (`isHTTPScheme` tells them apart).
public struct FetchURL: Sendable, Hashable, CustomStringConvertible {
    /// The parts, held in one shared immutable object: a fetch copies its URL into requests,
    /// events, cache keys and its outcome, and copying one reference costs less than copying
    /// eight strings.
    private final class Parts: Sendable {
        let scheme: String
        let username: String
        let password: String
        let host: String
        let port: Int?
        let path: String
        let query: String?
        let fragment: String?
        /// The serialization without the fragment, computed once: wire requests use it.
        let serializedWithoutFragment: String
        let hostIsPlainDomain: Bool
        /// Whether the scheme is `http` or `https` (https://fetch.spec.whatwg.org/#http-scheme).
        let isHTTPScheme: Bool

        init(scheme: String, username: String, password: String, host: String, port: Int?, path: String,
             query: String?, fragment: String?, serializedWithoutFragment: String) {
            self.scheme = scheme
            self.username = username
            self.password = password
            self.host = host
            self.port = port
            self.path = path
            self.query = query
            self.fragment = fragment
            self.serializedWithoutFragment = serializedWithoutFragment
            hostIsPlainDomain = isPlainDomain(host)
            isHTTPScheme = scheme == "http" || scheme == "https"
        }
    }

    private let parts: Parts

    public var scheme: String { parts.scheme }
    /// Percent-encoded, as serialized.
    public var username: String { parts.username }
    /// Percent-encoded, as serialized.
    public var password: String { parts.password }
    /// The serialized host: a lower-case ASCII domain, a dotted IPv4 address, or a bracketed IPv6
    /// address; for a URL of another scheme its opaque host, or empty when it has none (`data:`).
    public var host: String { parts.host }
    /// The port, or nil when the URL uses its scheme's default port.
    public var port: Int? { parts.port }
    /// The serialized path, starting with `/` for an `http:` or `https:` URL; the opaque path of a
    /// URL such as `data:text/plain,hi` (`text/plain,hi`).
    public var path: String { parts.path }
    /// Whether the scheme is `http` or `https` (https://fetch.spec.whatwg.org/#http-scheme): only
    /// such a URL is fetched over the network.
    public var isHTTPScheme: Bool { parts.isHTTPScheme }
    /// The query without its `?`, or nil when there is none.
    public var query: String? { parts.query }
    /// The fragment without its `#`, or nil when there is none.
    public var fragment: String? { parts.fragment }
    /// The serialization without the fragment.
    private var serializedWithoutFragment: String { parts.serializedWithoutFragment }
    /// Whether `host` is a plain domain (`isPlainDomain`), found once when the URL is made: the
    /// Local Network Access check asks on every hop.
    var hostIsPlainDomain: Bool { parts.hostIsPlainDomain }

    /// Whether both are the same parts object (then they are equal without comparing strings).
    func sharesParts(with other: FetchURL) -> Bool { parts === other.parts }

    /// Why a string is not a URL the simulator accepts.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Neither an absolute URL nor a reference a base resolves (missing-scheme-non-relative-URL).
        case missingScheme
        /// A URL whose scheme fetch() does not send (the URL itself may be valid).
        case unsupportedScheme(String)
        /// A special URL without a host (host-missing).
        case missingHost
        /// A port that is not digits (port-invalid) or above 65535 (port-out-of-range).
        case invalidPort(String)
        /// A host the URL Standard refuses; `invalidHostReason` names the rule.
        case invalidHost(String)
        case tooLong(Int)
        /// A host the URL Standard refuses, with the validation error that refused it
        /// (domain-invalid-code-point, IPv4-out-of-range-part, IPv6-unclosed, ...).
        case invalidHostReason(String, URLValidationError)

        public var description: String {
            switch self {
            case .missingScheme: return "a URL starting with http:// or https://"
            case .unsupportedScheme(let s): return "an http: or https: URL, not '\(visibleURLText(s)):'"
            case .missingHost: return "a host after '//'"
            case .invalidPort(let p): return "a port number from 0 to 65535, not '\(visibleURLText(p))'"
            case .invalidHost(let h): return "a host name, not '\(visibleURLText(h))'"
            case .tooLong(let n): return "a URL of at most \(FetchURL.maximumLength) bytes, not \(n)"
            case .invalidHostReason(let h, let e):
                if e == .domainInvalidCodePoint, let c = percentDecode(Array(h.utf8)).first(where: isForbiddenDomainCodePoint) {
                    let shown = visibleURLText(String(decoding: [c], as: UTF8.self))
                    return "a valid host, not '\(visibleURLText(h))': '\(shown)' is not allowed in a domain [URL Standard: \(e.rawValue)]"
                }
                return "a valid host, not '\(visibleURLText(h))' (\(e.phrase))"
            }
        }
    }

    /// The longest URL accepted, in bytes. Longer than Chrome's 1024-character cache-key limit,
    /// so that limit can be shown; short enough that no input can make parsing costly.
    public static let maximumLength = 16_384

    public static func defaultPort(for scheme: String) -> Int? {
        switch scheme {
        case "http", "ws": return 80
        case "https", "wss": return 443
        default: return nil
        }
    }

    /// A URL from its parts, for URLs built by code. The path, query and fragment are
    /// percent-encoded with their sets (`%` is kept, so already-encoded parts stay as they are);
    /// the scheme, userinfo and host are taken as given and must already be valid and serialized.
    public init(scheme: String, username: String = "", password: String = "", host: String,
                port: Int? = nil, path: String = "/", query: String? = nil, fragment: String? = nil) {
        let special = URLRecord.SchemeKind(Array(scheme.utf8)) != .other
        func encoded(_ s: String, _ set: PercentEncodeSet) -> String {
            guard s.utf8.contains(where: { set.contains($0) }) else { return s }
            var out: [UInt8] = []
            for c in s.utf8 { appendPercentEncoded(c, set, to: &out) }
            return String(decoding: out, as: UTF8.self)
        }
        var path = encoded(path, .path)
        if !path.hasPrefix("/") { path = "/" + path }
        self.init(scheme: scheme, username: username, password: password, host: host,
                  port: port == FetchURL.defaultPort(for: scheme) ? nil : port, serializedPath: path,
                  query: query.map { encoded($0, special ? .specialQuery : .query) },
                  fragment: fragment.map { encoded($0, .fragment) })
    }

    private init(scheme: String, username: String, password: String, host: String, port: Int?,
                 serializedPath: String, query: String?, fragment: String?) {
        var s = scheme + "://"
        if !username.isEmpty || !password.isEmpty {
            s += username
            if !password.isEmpty { s += ":" + password }
            s += "@"
        }
        s += host
        if let port { s += ":\(port)" }
        s += serializedPath
        if let query { s += "?" + query }
        parts = Parts(scheme: scheme, username: username, password: password, host: host, port: port, path: serializedPath,
                      query: query, fragment: fragment, serializedWithoutFragment: s)
    }

    /// A URL from a parsed record, refused unless its scheme is `http` or `https`.
    init(record: URLRecord) throws(ParseError) {
        let scheme = record.schemeString
        guard scheme == "http" || scheme == "https", let host = record.host else {
            throw .unsupportedScheme(scheme)
        }
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        // A reference resolved against a long base can outgrow the limit the input kept.
        let length = record.serialized().count
        if length > FetchURL.maximumLength { throw .tooLong(length) }
        self.init(scheme: scheme, username: text(record.username), password: text(record.password),
                  host: host.serialized, port: record.port, serializedPath: text(record.serializedPath),
                  query: record.query.map(text), fragment: record.fragment.map(text))
    }

    /// This URL as a URL record, to resolve a reference against. The host keeps its
    /// serialization (which is all a base contributes).
    var record: URLRecord {
        if !isHTTPScheme, case .success(let r) = parseURL(serialized()) { return r }
        var r = URLRecord()
        r.scheme = Array(scheme.utf8)
        r.username = Array(username.utf8)
        r.password = Array(password.utf8)
        r.host = .domain(host)
        r.port = port
        r.path = path.utf8.split(separator: URLByte.slash, omittingEmptySubsequences: false).dropFirst().map(Array.init)
        r.query = query.map { Array($0.utf8) }
        r.fragment = fragment.map { Array($0.utf8) }
        return r
    }

    private static func error(_ failure: URLParseFailure) -> ParseError {
        let context = String(decoding: failure.context, as: UTF8.self)
        switch failure.error {
        case .missingSchemeNonRelativeURL: return .missingScheme
        case .hostMissing: return .missingHost
        case .portInvalid, .portOutOfRange: return .invalidPort(context)
        default: return .invalidHostReason(context, failure.error)
        }
    }

    /// Parses an absolute `http:` or `https:` URL with the URL Standard's basic URL parser.
    public init(parsing input: String) throws(ParseError) {
        let length = input.utf8.count
        if length > FetchURL.maximumLength { throw .tooLong(length) }
        switch parseURL(input) {
        case .success(let record): try self.init(record: record)
        case .failure(let failure): throw FetchURL.error(failure)
        }
    }

    /// Parses an absolute URL of any scheme with the URL Standard's basic URL parser: what a script
    /// may pass to fetch() (https://fetch.spec.whatwg.org/#dom-request step 5 parses the input
    /// with no other check of its scheme). An `http:` or `https:` URL is the same value
    /// `init(parsing:)` gives.
    public init(parsingAnyScheme input: String) throws(ParseError) {
        let length = input.utf8.count
        if length > FetchURL.maximumLength { throw .tooLong(length) }
        let record: URLRecord
        switch parseURL(input) {
        case .success(let r): record = r
        case .failure(let failure): throw FetchURL.error(failure)
        }
        let scheme = record.schemeString
        if scheme == "http" || scheme == "https" {
            try self.init(record: record)
            return
        }
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        self.init(parts: Parts(scheme: scheme, username: text(record.username), password: text(record.password),
                      host: record.host?.serialized ?? "", port: record.port, path: text(record.serializedPath),
                      query: record.query.map(text), fragment: record.fragment.map(text),
                      serializedWithoutFragment: text(record.serialized(excludeFragment: true))))
    }

    private init(parts: Parts) { self.parts = parts }

    /// Parses `reference` with this URL as the base (https://url.spec.whatwg.org/#concept-basic-url-parser):
    /// absolute URLs, scheme-relative (`//host/p`), path-absolute (`/p`), query-only (`?q`),
    /// fragment-only (`#f`) and path-relative (`p`, `../p`) forms, and `http:p` (same special
    /// scheme: relative). The result keeps the reference's own fragment, if any.
    public func resolving(_ reference: String) throws(ParseError) -> FetchURL {
        let length = reference.utf8.count
        if length > FetchURL.maximumLength { throw .tooLong(length) }
        switch parseURL(reference, base: record) {
        case .success(let url): return try FetchURL(record: url)
        case .failure(let failure): throw FetchURL.error(failure)
        }
    }

    /// Parses `reference` with this URL as the base, as `resolving(_:)`, into a URL of any scheme
    /// (`about:client`, `data:,x`): what the `Request` constructor does with `init.referrer`.
    public func resolvingAnyScheme(_ reference: String) throws(ParseError) -> FetchURL {
        let length = reference.utf8.count
        if length > FetchURL.maximumLength { throw .tooLong(length) }
        let parsed: URLRecord
        switch parseURL(reference, base: record) {
        case .success(let url): parsed = url
        case .failure(let failure): throw FetchURL.error(failure)
        }
        let scheme = parsed.schemeString
        if scheme == "http" || scheme == "https" { return try FetchURL(record: parsed) }
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        return FetchURL(parts: Parts(scheme: scheme, username: text(parsed.username), password: text(parsed.password),
                                     host: parsed.host?.serialized ?? "", port: parsed.port, path: text(parsed.serializedPath),
                                     query: parsed.query.map(text), fragment: parsed.fragment.map(text),
                                     serializedWithoutFragment: text(parsed.serialized(excludeFragment: true))))
    }

    /// The location URL of a redirect response whose `Location` value is `location`
    /// (https://fetch.spec.whatwg.org/#concept-response-location-url): the value parsed against
    /// this URL (the response's URL); when it has no fragment, it takes this URL's fragment (step 4).
    public func locationURL(_ location: String) throws(ParseError) -> FetchURL {
        let target = try resolving(location)
        guard target.fragment == nil, let fragment else { return target }
        return FetchURL(scheme: target.scheme, username: target.username, password: target.password, host: target.host,
                        port: target.port, serializedPath: target.path, query: target.query, fragment: fragment)
    }

    /// This URL with another serialized path (already percent-encoded, starting with `/`).
    func replacingPath(_ serializedPath: String) -> FetchURL {
        guard isHTTPScheme else { return self }
        return FetchURL(scheme: scheme, username: username, password: password, host: host, port: port,
                 serializedPath: serializedPath, query: query, fragment: fragment)
    }

    /// This URL with its path and query normalized as GLib's GUri does (guri.c uri_decoder, in
    /// normalizing mode): a percent-encoded unreserved character (ALPHA, DIGIT, `-`, `.`, `_`,
    /// `~`) becomes that character; every other escape keeps its `%` with upper-case hex digits.
    func normalizingUnreservedEscapes() -> FetchURL {
        guard isHTTPScheme else { return self }
        func normalized(_ part: String) -> String {
            guard part.utf8.contains(0x25) else { return part }
            let bytes = Array(part.utf8)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x25, i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                    let c = hi << 4 | lo
                    let unreserved = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
                        || c == 0x2D || c == 0x2E || c == 0x5F || c == 0x7E
                    if unreserved {
                        out.append(c)
                    } else {
                        out.append(0x25)
                        out.append(upperHex(bytes[i + 1]))
                        out.append(upperHex(bytes[i + 2]))
                    }
                    i += 3
                } else {
                    out.append(b)
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            case 0x61...0x66: return b - 0x61 + 10
            default: return nil
            }
        }
        func upperHex(_ b: UInt8) -> UInt8 { b >= 0x61 && b <= 0x66 ? b - 0x20 : b }
        let path = normalized(self.path), query = self.query.map(normalized)
        guard path != self.path || query != self.query else { return self }
        return FetchURL(scheme: scheme, username: username, password: password, host: host, port: port,
                        serializedPath: path, query: query, fragment: fragment)
    }

    /// The URL's origin (https://url.spec.whatwg.org/#concept-url-origin). A `blob:` URL has the
    /// origin of the `http:` or `https:` URL in its path; every other URL of a scheme that is not
    /// HTTP(S) has an opaque origin, here the one id `FetchURL.opaqueOriginID`, which no page has
    /// (a page's opaque origins count up from 1): it is never same origin with a page.
    public var origin: Origin {
        if isHTTPScheme { return .tuple(scheme: scheme, host: host, port: port) }
        if scheme == "blob", let inner = try? FetchURL(parsing: path + (query.map { "?" + $0 } ?? "")) { return inner.origin }
        return .opaque(id: FetchURL.opaqueOriginID)
    }

    /// The id of the opaque origin of a URL whose scheme is not HTTP(S) (`origin`).
    public static let opaqueOriginID = -1

    /// Whether the URL carries a username or a password
    /// (https://url.spec.whatwg.org/#include-credentials).
    public var includesCredentials: Bool { !username.isEmpty || !password.isEmpty }

    /// This URL without its username and password: what a server can see of it (the request line
    /// and `Host` never carry them; https://fetch.spec.whatwg.org/#concept-http-network-fetch).
    public var withoutCredentials: FetchURL {
        guard includesCredentials, isHTTPScheme else { return self }
        return FetchURL(scheme: scheme, username: "", password: "", host: host, port: port, serializedPath: path, query: query,
                        fragment: fragment)
    }

    /// The path and query, as a server sees it in its request line: `/users/7?full=1` for
    /// `https://api.example.com/users/7?full=1#top` (the fragment is never sent).
    public var pathAndQuery: String { query.map { path + "?" + $0 } ?? path }

    /// The request target of an origin-form request line (RFC 9112 section 3.2.1): the path and
    /// query, never the fragment. The same bytes as `pathAndQuery`.
    public var requestTarget: String { pathAndQuery }

    /// The URL serializer (https://url.spec.whatwg.org/#concept-url-serializer).
    public func serialized(excludingFragment: Bool = false) -> String {
        if excludingFragment { return serializedWithoutFragment }
        return fragment.map { serializedWithoutFragment + "#" + $0 } ?? serializedWithoutFragment
    }

    /// Equal when the parts are equal (the cached serialization follows from them).
    public static func == (a: FetchURL, b: FetchURL) -> Bool {
        a.parts === b.parts || (a.serializedWithoutFragment == b.serializedWithoutFragment && a.fragment == b.fragment)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(serializedWithoutFragment)
        hasher.combine(fragment)
    }

    public var description: String { serialized() }
}

extension URLValidationError {
    /// What the rule is, for an error message, with the standard's name for it.
    var phrase: String { "\(summary) [URL Standard: \(rawValue)]" }

    private var summary: String {
        switch self {
        case .missingSchemeNonRelativeURL: return "no scheme and no base URL"
        case .hostMissing: return "no host"
        case .hostInvalidCodePoint: return "a forbidden host code point"
        case .domainInvalidCodePoint: return "a forbidden domain code point"
        case .domainToASCII: return "not a valid domain name (IDNA)"
        case .ipv4TooManyParts: return "an IPv4 address with more than four parts"
        case .ipv4NonNumericPart: return "ends in a number but is not an IPv4 address"
        case .ipv4OutOfRangePart: return "an IPv4 address part out of range"
        case .ipv6Unclosed: return "'[' without ']'"
        case .ipv6InvalidCompression: return "an IPv6 address starting with a single ':'"
        case .ipv6TooManyPieces: return "an IPv6 address with more than eight pieces"
        case .ipv6MultipleCompression: return "an IPv6 address with '::' twice"
        case .ipv6InvalidCodePoint: return "not an IPv6 address"
        case .ipv6TooFewPieces: return "an IPv6 address with fewer than eight pieces and no '::'"
        case .ipv4InIPv6TooManyPieces: return "an embedded IPv4 address after too many IPv6 pieces"
        case .ipv4InIPv6InvalidCodePoint: return "an invalid embedded IPv4 address"
        case .ipv4InIPv6OutOfRangePart: return "an embedded IPv4 part above 255"
        case .ipv4InIPv6TooFewParts: return "an embedded IPv4 address with fewer than four parts"
        case .portOutOfRange: return "a port above 65535"
        case .portInvalid: return "a port that is not digits"
        }
    }
}

/// Text from a URL made visible for a message: C0 controls, DEL and C1 controls as `\xNN`, a
/// backslash doubled; long text shortened.
func visibleURLText(_ text: String) -> String {
    var out = ""
    var count = 0
    for scalar in text.unicodeScalars {
        count += 1
        if count > 80 { out += "…"; break }
        switch scalar.value {
        case 0x00..<0x20, 0x7F..<0xA0:
            let hex = String(scalar.value, radix: 16)
            out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
        case 0x5C: out += "\\\\"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

extension StringProtocol {
    /// Strips HTTP whitespace (tab, LF, CR, space) from both ends
    /// (https://fetch.spec.whatwg.org/#http-whitespace).
    func trimmingHTTPWhitespace() -> String {
        let ws: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !ws($0) }) else { return "" }
        let last = lastIndex(where: { !ws($0) })!
        return String(self[first...last])
    }
}
