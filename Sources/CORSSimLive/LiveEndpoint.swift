/// Where a real server listens, and what goes wrong talking to one.
import CORSSim

/// A real server's base URL: `http://127.0.0.1:8080` or `https://localhost:8443/api`. A request
/// for `https://api.example.com/users?x=1` mapped to the latter goes to `localhost:8443` as
/// `GET /api/users?x=1` with `Host: api.example.com` (the scenario's host), like curl's
/// `--connect-to`.
public struct LiveEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`: the transport, whatever the scenario's origin says.
    public var scheme: String
    /// The host to connect to (an IPv6 literal without brackets).
    public var host: String
    public var port: Int
    /// A path the request's path is appended to ("" for none; never ends with `/`).
    public var pathPrefix: String

    public init(scheme: String, host: String, port: Int, pathPrefix: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
    }

    /// Parses a base URL: `http` or `https`, no credentials, query or fragment.
    public init(parsing text: String) throws(LiveError) {
        let url: FetchURL
        do { url = try FetchURL(parsing: text) } catch {
            throw LiveError(.badURL, server: text, "expected a base URL such as http://127.0.0.1:8080: \(error.description)")
        }
        guard url.scheme == "http" || url.scheme == "https" else {
            throw LiveError(.badURL, server: text, "expected an http: or https: base URL, found '\(url.scheme):'")
        }
        guard !url.includesCredentials, url.query == nil, url.fragment == nil else {
            throw LiveError(.badURL, server: text, "expected a base URL without credentials, query or fragment")
        }
        self.init(url: url)
        var prefix = url.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        pathPrefix = prefix
    }

    /// The server of a request's own URL (no mapping).
    public init(url: FetchURL) {
        var host = url.host
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(scheme: url.scheme, host: host, port: url.port ?? FetchURL.defaultPort(for: url.scheme) ?? 80)
    }

    public var isTLS: Bool { scheme == "https" }

    public var description: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(h):\(port)\(pathPrefix)"
    }
}

/// A failed exchange with a real server: what went wrong and which server it was.
public struct LiveError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The base URL or the request cannot be sent as given.
        case badURL = "bad-url"
        case badRequest = "bad-request"
        /// The host name does not resolve.
        case resolve
        /// Nothing listens there.
        case refused
        case connectTimeout = "connect-timeout"
        case readTimeout = "read-timeout"
        /// The TLS handshake failed (certificate, protocol) or TLS is unavailable.
        case tls
        /// The bytes that came back are not an HTTP/1.x response.
        case malformed
        /// The response is larger than the size cap.
        case tooLarge = "too-large"
        /// The server closed the connection before a complete response.
        case closed
        /// Any other socket error.
        case io
    }

    public var kind: Kind
    /// The server as the user named it (the base URL, or the request's origin).
    public var server: String
    public var detail: String
    /// For a response the reader refused: which framing rule it broke.
    public var reason: ResponseFraming?
    /// For a request refused before sending: what in it could not go on the wire.
    public var requestProblem: RequestProblem?

    public init(_ kind: Kind, server: String, _ detail: String, reason: ResponseFraming? = nil, requestProblem: RequestProblem? = nil) {
        self.kind = kind
        self.server = server
        self.detail = detail
        self.reason = reason
        self.requestProblem = requestProblem
    }

    public var description: String { "live server \(server): \(detail)" }
}

/// Limits for talking to real servers.
public struct LiveOptions: Sendable {
    /// Seconds to establish the TCP connection (bounded by `readTimeout` too).
    public var connectTimeout: Double
    /// Seconds for the whole exchange: connecting, the TLS handshake, sending the request and
    /// reading the whole response (`--timeout`). One deadline, not a per-read timeout: a server
    /// trickling one byte at a time is cut off when it passes.
    public var readTimeout: Double
    /// The most bytes a response (head and body) may have.
    public var maxResponseBytes: Int
    /// A PEM file of certificates to trust for https, besides the system's.
    public var caFile: String?

    public init(connectTimeout: Double = 10, readTimeout: Double = 10, maxResponseBytes: Int = 8 << 20, caFile: String? = nil) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.maxResponseBytes = maxResponseBytes
        self.caFile = caFile
    }
}
