/// A parsed absolute URL, as far as CORS needs one.
///
/// The simulator parses URLs itself rather than through Foundation so that serialization is
/// exact and identical on every platform. It covers the special schemes `http` and `https`
/// (https://url.spec.whatwg.org/#special-scheme): scheme and host are lower-cased, a default
/// port is dropped, an empty path becomes `/`.
///
/// SIMULATION: no percent-encoding normalization, no IDNA, no IPv4 number forms such as
/// `0x7f.1`; hosts are compared as written (lower-cased).
public struct FetchURL: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let username: String
    public let password: String
    public let host: String
    /// The port, or nil when the URL uses its scheme's default port.
    public let port: Int?
    public let path: String
    /// The query without its `?`, or nil when there is none.
    public let query: String?
    /// The fragment without its `#`, or nil when there is none.
    public let fragment: String?
    /// The serialization without the fragment, computed once: cache keys and wire requests use it.
    private let serializedWithoutFragment: String

    /// Why a string is not a URL the simulator accepts.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case missingScheme
        case unsupportedScheme(String)
        case missingHost
        case invalidPort(String)
        case invalidHost(String)
        case tooLong(Int)

        public var description: String {
            switch self {
            case .missingScheme: return "a URL starting with http:// or https://"
            case .unsupportedScheme(let s): return "an http: or https: URL, not '\(s):'"
            case .missingHost: return "a host after '//'"
            case .invalidPort(let p): return "a port number from 0 to 65535, not '\(p)'"
            case .invalidHost(let h): return "a host name, not '\(h)'"
            case .tooLong(let n): return "a URL of at most \(FetchURL.maximumLength) bytes, not \(n)"
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

    public init(scheme: String, username: String = "", password: String = "", host: String,
                port: Int? = nil, path: String = "/", query: String? = nil, fragment: String? = nil) {
        self.scheme = scheme
        self.username = username
        self.password = password
        self.host = host
        self.port = port == FetchURL.defaultPort(for: scheme) ? nil : port
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.fragment = fragment
        var s = scheme + "://"
        if !username.isEmpty || !password.isEmpty {
            s += username
            if !password.isEmpty { s += ":" + password }
            s += "@"
        }
        s += host
        if let port = self.port { s += ":\(port)" }
        s += self.path
        if let query { s += "?" + query }
        self.serializedWithoutFragment = s
    }

    /// Parses an absolute `http:` or `https:` URL.
    public init(parsing input: String) throws(ParseError) {
        let bytes = Array(input.utf8)
        if bytes.count > FetchURL.maximumLength { throw .tooLong(bytes.count) }
        let text = input.trimmingHTTPWhitespace()
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { throw .missingScheme }
        let scheme = text[..<colon].lowercased()
        guard scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else {
            throw .missingScheme
        }
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme(scheme) }
        var rest = text[text.index(after: colon)...]
        guard rest.hasPrefix("//") else { throw .missingHost }
        rest = rest.dropFirst(2)

        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query: String?
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]

        var username = "", password = ""
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            if let c = userinfo.firstIndex(of: ":") {
                username = String(userinfo[..<c])
                password = String(userinfo[userinfo.index(after: c)...])
            } else {
                username = String(userinfo)
            }
            authority = authority[authority.index(after: at)...]
        }

        var hostPart = authority
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidHost(String(authority)) }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidHost(String(authority)) }
                port = try FetchURL.parsePort(after.dropFirst())
            }
        } else if let c = authority.lastIndex(of: ":") {
            hostPart = authority[..<c]
            port = try FetchURL.parsePort(authority[authority.index(after: c)...])
        }
        guard !hostPart.isEmpty else { throw .missingHost }
        let host = hostPart.lowercased()
        // Checked byte by byte, before lower-casing: as a `Character`, "\r\n" is one grapheme equal
        // to neither "\r" nor "\n", and lower-casing turns some non-ASCII letters (K, U+212A) into ASCII.
        let forbidden = Set(" \t\n\r#%/:<>?@\\^|".utf8)
        if !host.hasPrefix("["), hostPart.utf8.contains(where: { forbidden.contains($0) || $0 >= 0x80 }) {
            throw .invalidHost(String(hostPart))
        }
        self.init(scheme: scheme, username: username, password: password, host: host, port: port,
                  path: String(path), query: query, fragment: fragment)
    }

    private static func parsePort(_ text: Substring) throws(ParseError) -> Int? {
        if text.isEmpty { return nil }
        guard text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(text), n <= 65535 else {
            throw .invalidPort(String(text))
        }
        return n
    }

    /// Resolves a `Location` header value against this URL: absolute URLs, scheme-relative
    /// (`//host/p`), path-absolute (`/p`), query-only (`?q`) and path-relative (`p`) forms.
    public func resolving(_ reference: String) throws(ParseError) -> FetchURL {
        let ref = reference.trimmingHTTPWhitespace()
        if let colon = ref.firstIndex(of: ":"), !ref[..<colon].contains("/"), !ref[..<colon].isEmpty {
            return try FetchURL(parsing: ref)
        }
        if ref.hasPrefix("//") { return try FetchURL(parsing: scheme + ":" + ref) }
        var base = "\(scheme)://\(host)"
        if let port { base += ":\(port)" }
        if ref.hasPrefix("/") { return try FetchURL(parsing: base + ref) }
        if ref.hasPrefix("?") { return try FetchURL(parsing: base + path + ref) }
        if ref.hasPrefix("#") { return try FetchURL(parsing: base + path + (query.map { "?" + $0 } ?? "") + ref) }
        let directory = path.lastIndex(of: "/").map { path[...$0] } ?? "/"
        return try FetchURL(parsing: base + directory + ref)
    }

    /// The URL's origin (https://url.spec.whatwg.org/#concept-url-origin).
    public var origin: Origin { .tuple(scheme: scheme, host: host, port: port) }

    /// Whether the URL carries a username or a password
    /// (https://url.spec.whatwg.org/#include-credentials).
    public var includesCredentials: Bool { !username.isEmpty || !password.isEmpty }

    /// The path and query, as a server sees it in its request line: `/users/7?full=1` for
    /// `https://api.example.com/users/7?full=1#top` (the fragment is never sent).
    public var pathAndQuery: String { query.map { path + "?" + $0 } ?? path }

    /// The URL serializer (https://url.spec.whatwg.org/#concept-url-serializer).
    public func serialized(excludingFragment: Bool = false) -> String {
        if excludingFragment { return serializedWithoutFragment }
        return fragment.map { serializedWithoutFragment + "#" + $0 } ?? serializedWithoutFragment
    }

    /// Equal when the parts are equal (the cached serialization follows from them).
    public static func == (a: FetchURL, b: FetchURL) -> Bool {
        a.serializedWithoutFragment == b.serializedWithoutFragment && a.fragment == b.fragment
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(serializedWithoutFragment)
        hasher.combine(fragment)
    }

    public var description: String { serialized() }
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
