/// An origin (https://html.spec.whatwg.org/multipage/browsers.html#concept-origin).
public enum Origin: Sendable, Hashable, CustomStringConvertible {
    /// A scheme, host and port. A nil port is the scheme's default port.
    case tuple(scheme: String, host: String, port: Int?)
    /// An opaque origin: a sandboxed document, a `file:` page, or a request whose redirect
    /// chain was tainted. Each has its own identity and equals no other; it serializes as `null`.
    case opaque(id: Int)

    /// Parses a serialized origin such as `https://app.example.com` or `http://localhost:8080`.
    /// A path, query or fragment is refused, so that `https://a.example/` is caught as the
    /// mistake it usually is.
    public init(parsing text: String) throws(OriginParseError) {
        let url: FetchURL
        do { url = try FetchURL(parsing: text) } catch { throw .invalidURL(error) }
        guard url.path == "/", url.query == nil, url.fragment == nil, !text.trimmingHTTPWhitespace().hasSuffix("/") else {
            throw .hasPath(text)
        }
        guard !url.includesCredentials else { throw .hasCredentials(text) }
        self = url.origin
    }

    /// The ASCII serialization of an origin
    /// (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin).
    public var serialized: String {
        switch self {
        case .opaque: return "null"
        case let .tuple(scheme, host, port):
            if let port { return "\(scheme)://\(host):\(port)" }
            return "\(scheme)://\(host)"
        }
    }

    public var description: String { serialized }

    public var isOpaque: Bool { if case .opaque = self { return true } else { return false } }

    /// Same origin (https://html.spec.whatwg.org/multipage/browsers.html#same-origin).
    public func isSameOrigin(_ other: Origin) -> Bool { self == other }

    /// The schemeful site (scheme and registrable domain), used as the top-level site of a
    /// cache partition: the same public-suffix rules as cookies (`CookieSite`), so
    /// `a.example.co.uk` and `b.example.co.uk` are one site and `a.github.io` and `b.github.io`
    /// two. An IP address or a single-label host stands alone.
    public var site: String { CookieSite.site(of: self) }

    /// Whether the origin is a potentially trustworthy origin for the purposes of the lessons
    /// (https, or loopback).
    public var isHTTPS: Bool { if case .tuple("https", _, _) = self { return true } else { return false } }
}

/// Why a string is not an origin.
public enum OriginParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(FetchURL.ParseError)
    case hasPath(String)
    case hasCredentials(String)

    public var description: String {
        switch self {
        case .invalidURL(let e): return e.description
        case .hasPath(let t): return "an origin (scheme://host[:port]) without a path, query or trailing slash, not '\(t)'"
        case .hasCredentials(let t): return "an origin without a username or password, not '\(t)'"
        }
    }
}
