/// One HTTP/1.1 exchange with a real server over a fresh TCP connection (TLS for https): the
/// request exactly as the `WireRequest` describes it, the response exactly as it came back.
import CORSSim
#if canImport(Glibc)
import Glibc
private let noSignal = Int32(MSG_NOSIGNAL)
#elseif canImport(Darwin)
import Darwin
private let noSignal: Int32 = 0
#endif

/// The C functions whose names the enum's own members shadow.
private func socketSend(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { send(fd, p, n, noSignal) }
private func socketConnect(_ fd: Int32, _ a: UnsafePointer<sockaddr>?, _ l: socklen_t) -> Int32 { connect(fd, a, l) }
private func socketClose(_ fd: Int32) { _ = close(fd) }

public enum HTTPExchange {
    /// Writing to a socket the peer closed must give an error, not kill the process.
    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// The request's bytes: the request line (`METHOD /prefix/path?query HTTP/1.1`), `Host`
    /// (the request URL's host and port, as a browser writes it), the request's headers in
    /// order, and `Content-Length` when there is a body (or the method is POST, PUT or PATCH,
    /// for which browsers send `Content-Length: 0`). Nothing else: no User-Agent, no
    /// Accept-Encoding, no Connection, no cookies.
    ///
    /// SIMULATION: a credentialed request goes out without cookies or HTTP authentication (the
    /// simulator has no cookie jar), one connection per request, HTTP/1.1 only.
    public static func serialize(_ request: WireRequest, to endpoint: LiveEndpoint) throws(LiveError) -> [UInt8] {
        // The request target is the URL parser's serialization (path and query, percent-encoded,
        // never the fragment), so it holds no space, control character or DEL; a path prefix given
        // in code is checked the same way.
        let target = endpoint.pathPrefix + request.url.requestTarget
        guard !target.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw LiveError(.badRequest, server: endpoint.description, "the request target has a space or control character; not sent")
        }
        var host = request.url.host
        if let port = request.url.port, port != FetchURL.defaultPort(for: request.url.scheme) { host += ":\(port)" }
        var head = "\(request.method) \(target) HTTP/1.1\r\nHost: \(host)\r\n"
        for h in request.headers {
            guard !h.value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }), !h.name.isEmpty else {
                throw LiveError(.badRequest, server: endpoint.description, "the header '\(h.name)' has a line break in its value; not sent")
            }
            head += "\(h.name): \(h.value)\r\n"
        }
        let body = Array(request.body.utf8)
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    /// Sends `request` to `endpoint` and reads the whole response. Never follows a redirect.
    public static func send(_ request: WireRequest, to endpoint: LiveEndpoint, options: LiveOptions = LiveOptions()) throws(LiveError) -> WireResponse {
        _ = ignoreSIGPIPE
        let server = endpoint.description
        let bytes = try serialize(request, to: endpoint)
        let fd = try openSocket(endpoint, timeout: options.connectTimeout)
        var tls: TLSSession?
        defer {
            tls?.close()
            socketClose(fd)
        }
        setTimeout(fd, seconds: options.connectTimeout)
        if endpoint.isTLS {
            tls = try TLSSession(fd: fd, host: endpoint.host, caFile: options.caFile, server: server)
        }
        let deadline = Deadline(seconds: options.readTimeout)
        setTimeout(fd, seconds: options.readTimeout)
        if let tls {
            try tls.write(bytes, server: server)
        } else {
            try writeAll(fd, bytes, server: server)
        }
        var reader = ResponseReader(server: server, limit: options.maxResponseBytes, deadline: deadline) { buffer throws(LiveError) -> Int? in
            if let tls { return try tls.read(into: buffer, server: server) }
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n >= 0 { return n }
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return nil }   // timed out or interrupted: the deadline decides
            if errno == ECONNRESET { return 0 }
            throw LiveError(.io, server: server, "reading the response failed: \(String(cString: strerror(errno)))")
        } setTimeout: { seconds in setTimeout(fd, seconds: seconds) }
        return try reader.readResponse(method: request.method)
    }

    // MARK: Sockets

    static func openSocket(_ endpoint: LiveEndpoint, timeout: Double) throws(LiveError) -> Int32 {
        let server = endpoint.description
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &list)
        guard rc == 0, let first = list else {
            throw LiveError(.resolve, server: server, "cannot resolve '\(endpoint.host)': \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(first) }
        var failure = LiveError(.refused, server: server, "connection refused")
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let ai = next {
            next = ai.pointee.ai_next
            let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            let flags = fcntl(fd, F_GETFL, 0)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var status: Int32 = 0
            if socketConnect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) != 0 {
                status = errno
                if status == EINPROGRESS {
                    var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    let deadline = Deadline(seconds: timeout)
                    var ready: Int32 = -1
                    while ready < 0, let left = deadline.remaining {
                        ready = poll(&pfd, 1, Int32(min(left * 1000 + 1, 2_000_000_000)))
                        if ready < 0 && errno != EINTR { break }
                    }
                    if ready <= 0 {
                        socketClose(fd)
                        failure = LiveError(.connectTimeout, server: server, "no connection within \(format(timeout)) s (connect timeout)")
                        continue
                    }
                    var err: Int32 = 0
                    var len = socklen_t(MemoryLayout<Int32>.size)
                    _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
                    status = err
                }
            }
            if status != 0 {
                socketClose(fd)
                failure = status == ECONNREFUSED
                    ? LiveError(.refused, server: server, "connection refused (nothing listens on \(endpoint.host) port \(endpoint.port))")
                    : LiveError(.io, server: server, "cannot connect: \(String(cString: strerror(status)))")
                continue
            }
            _ = fcntl(fd, F_SETFL, flags)
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return fd
        }
        throw failure
    }

    static func setTimeout(_ fd: Int32, seconds: Double) {
        let s = max(seconds, 0.001)
        var tv = timeval(tv_sec: Int(s), tv_usec: Int((s - Double(Int(s))) * 1_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], server: String) throws(LiveError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { socketSend(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw LiveError(.readTimeout, server: server, "timed out sending the request") }
                throw LiveError(.io, server: server, "sending the request failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// A point in real time after which reading gives up.
struct Deadline {
    let end: ContinuousClock.Instant
    let seconds: Double

    init(seconds: Double) {
        self.seconds = seconds
        self.end = .now + .milliseconds(Int64(seconds * 1000))
    }

    /// Seconds left, or nil when passed.
    var remaining: Double? {
        let left = ContinuousClock.now.duration(to: end)
        guard left > .zero else { return nil }
        let (s, atto) = left.components
        return Double(s) + Double(atto) / 1e18
    }
}

/// Parses an HTTP/1.x response from a byte source: status line, headers (repeated ones kept, in
/// order), then a body delimited by Content-Length, chunked coding or the end of the stream.
struct ResponseReader {
    let server: String
    let limit: Int
    let deadline: Deadline
    /// Reads into the buffer: a count, 0 at the end of the stream, nil when the socket timed out.
    let source: (UnsafeMutableRawBufferPointer) throws(LiveError) -> Int?
    let setTimeout: (Double) -> Void
    private var buffer: [UInt8] = []
    private var position = 0
    private var total = 0
    private var ended = false

    init(server: String, limit: Int, deadline: Deadline,
         source: @escaping (UnsafeMutableRawBufferPointer) throws(LiveError) -> Int?, setTimeout: @escaping (Double) -> Void) {
        self.server = server
        self.limit = limit
        self.deadline = deadline
        self.source = source
        self.setTimeout = setTimeout
    }

    /// Reads more bytes; false at the end of the stream.
    mutating func fill() throws(LiveError) -> Bool {
        if ended { return false }
        if position > 65536 {
            buffer.removeFirst(position)
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            guard let left = deadline.remaining else {
                throw LiveError(.readTimeout, server: server, "no complete response within \(HTTPExchange.format(deadline.seconds)) s (read timeout)")
            }
            setTimeout(left)
            let read = source
            var result: Result<Int?, LiveError> = .success(nil)
            chunk.withUnsafeMutableBytes { p in
                do throws(LiveError) { result = .success(try read(p)) } catch { result = .failure(error) }
            }
            let n = try result.get()
            guard let n else { continue }
            if n == 0 { ended = true; return false }
            total += n
            if total > limit {
                throw LiveError(.tooLarge, server: server, "the response is larger than \(limit) bytes, the size cap")
            }
            buffer += chunk[0..<n]
            return true
        }
    }

    /// The bytes up to (not including) the first empty line (`\r\n\r\n` or `\n\n`), consumed
    /// with it; nil when the stream ended before any byte.
    mutating func readHead() throws(LiveError) -> [UInt8]? {
        var i = position
        while true {
            scan: while i < buffer.count {
                if buffer[i] == 10 {
                    if i + 1 >= buffer.count { break scan }
                    if buffer[i + 1] == 10 {
                        defer { position = i + 2 }
                        return Array(buffer[position..<i])
                    }
                    if buffer[i + 1] == 13 {
                        if i + 2 >= buffer.count { break scan }
                        if buffer[i + 2] == 10 {
                            defer { position = i + 3 }
                            return Array(buffer[position..<i])
                        }
                    }
                }
                i += 1
            }
            if buffer.count - position > 65536 {
                throw LiveError(.malformed, server: server, "malformed response: no end of the headers within 64 KiB")
            }
            let start = position
            guard try fill() else {
                if buffer.count == position { return nil }
                throw LiveError(.closed, server: server, "the server closed the connection in the middle of the response headers")
            }
            i -= start - position   // fill may have dropped consumed bytes
        }
    }

    mutating func readResponse(method: String) throws(LiveError) -> WireResponse {
        while true {
            guard let head = try readHead() else {
                throw LiveError(.closed, server: server, "the server closed the connection without a response")
            }
            var response = try parseHead(head)
            if (100...199).contains(response.status) {
                if response.status == 101 { throw LiveError(.malformed, server: server, "the server switched protocols (101) instead of answering") }
                continue   // an interim response (100 Continue, 103 Early Hints): the final one follows
            }
            let body = try readBody(response, method: method)
            response.body = String(decoding: body, as: UTF8.self)
            return response
        }
    }

    func parseHead(_ head: [UInt8]) throws(LiveError) -> WireResponse {
        var lines = head.split(separator: 10, omittingEmptySubsequences: false).map { line -> ArraySlice<UInt8> in
            line.last == 13 ? line.dropLast() : line
        }
        let statusLine = lines.removeFirst()
        let text = String(decoding: statusLine, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3,
              let status = Int(parts[1]), (100...999).contains(status) else {
            throw LiveError(.malformed, server: server, "malformed response: expected a status line such as 'HTTP/1.1 200 OK', found \(quote(text))")
        }
        var headers: [(String, String)] = []
        for line in lines {
            if let first = line.first, first == 32 || first == 9 {
                // An obsolete line folding: joined to the previous value with a space (RFC 9112 §5.2).
                guard !headers.isEmpty else { throw LiveError(.malformed, server: server, "malformed response: a header line starts with whitespace") }
                headers[headers.count - 1].1 += " " + String(decoding: line, as: UTF8.self).trimmingHTTPWhitespace()
                continue
            }
            guard let colon = line.firstIndex(of: 58), colon > line.startIndex,
                  line[..<colon].allSatisfy(\.isHTTPTokenByte) else {
                throw LiveError(.malformed, server: server, "malformed response: expected a header 'Name: value', found \(quote(String(decoding: line, as: UTF8.self)))")
            }
            headers.append((String(decoding: line[..<colon], as: UTF8.self),
                            String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingHTTPWhitespace()))
        }
        var list = HeaderList()
        for (n, v) in headers { list.append(n, v) }
        return WireResponse(status: status, statusText: parts.count > 2 ? String(parts[2]) : "", headers: list)
    }

    mutating func readBody(_ response: WireResponse, method: String) throws(LiveError) -> [UInt8] {
        if method == "HEAD" || response.status == 204 || response.status == 304 { return [] }
        let codings = response.headers.getDecodeSplit("Transfer-Encoding") ?? []
        if let last = codings.last, last.lowercased() == "chunked" { return try readChunked() }
        if let lengths = response.headers.getDecodeSplit("Content-Length") {
            guard let first = lengths.first, lengths.allSatisfy({ $0 == first }), !first.isEmpty,
                  first.utf8.allSatisfy({ (48...57).contains($0) }), let length = Int(first) else {
                throw LiveError(.malformed, server: server, "malformed response: Content-Length \(quote(response.headers.get("Content-Length") ?? ""))")
            }
            if length > limit { throw LiveError(.tooLarge, server: server, "the response body (\(length) bytes) is larger than \(limit) bytes, the size cap") }
            while buffer.count - position < length {
                guard try fill() else {
                    throw LiveError(.closed, server: server, "the server closed the connection after \(buffer.count - position) of \(length) body bytes")
                }
            }
            defer { position += length }
            return Array(buffer[position..<(position + length)])
        }
        while try fill() {}
        defer { position = buffer.count }
        return Array(buffer[position...])
    }

    mutating func readLine() throws(LiveError) -> String {
        while true {
            if let nl = buffer[position...].firstIndex(of: 10) {
                var end = nl
                if end > position, buffer[end - 1] == 13 { end -= 1 }
                defer { position = nl + 1 }
                return String(decoding: buffer[position..<end], as: UTF8.self)
            }
            if buffer.count - position > 8192 { throw LiveError(.malformed, server: server, "malformed chunked body: a line longer than 8 KiB") }
            guard try fill() else { throw LiveError(.closed, server: server, "the server closed the connection in the middle of a chunked body") }
        }
    }

    mutating func readChunked() throws(LiveError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingHTTPWhitespace() } ?? ""
            guard !sizeText.isEmpty, sizeText.count <= 15, let size = Int(sizeText, radix: 16) else {
                throw LiveError(.malformed, server: server, "malformed chunked body: expected a chunk size in hex, found \(quote(line))")
            }
            if size == 0 {
                while try !readLine().isEmpty {}   // trailers, dropped
                return body
            }
            guard body.count + size <= limit else { throw LiveError(.tooLarge, server: server, "the response body is larger than \(limit) bytes, the size cap") }
            while buffer.count - position < size + 2 {
                guard try fill() else { throw LiveError(.closed, server: server, "the server closed the connection in the middle of a chunk") }
            }
            body += buffer[position..<(position + size)]
            position += size
            guard buffer[position] == 13 || buffer[position] == 10 else {
                throw LiveError(.malformed, server: server, "malformed chunked body: a chunk is longer than its size")
            }
            _ = try readLine()
        }
    }

    private func quote(_ s: String) -> String {
        let cut = s.count > 80 ? String(s.prefix(80)) + "…" : s
        var out = "'"
        for u in cut.unicodeScalars {
            out += u.value < 0x20 || u.value == 0x7F ? "\\u{\(String(u.value, radix: 16))}" : String(u)
        }
        return out + "'"
    }
}


extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingHTTPWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
