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
    /// Accept-Encoding, no Connection; a `Cookie` header only when the browser's jar put one in
    /// the request's headers (cookies the live server set earlier in the run).
    ///
    /// SIMULATION: a credentialed request goes out without HTTP authentication, one connection
    /// per request, HTTP/1.1 only.
    public static func serialize(_ request: WireRequest, to endpoint: LiveEndpoint) throws(LiveError) -> [UInt8] {
        // The request target is the URL parser's serialization (path and query, percent-encoded,
        // never the fragment), so it holds no space, control character or DEL; a path prefix given
        // in code is checked the same way, by RequestProblem below.
        let target = endpoint.pathPrefix + request.url.requestTarget
        var host = request.url.host
        if let port = request.url.port, port != FetchURL.defaultPort(for: request.url.scheme) { host += ":\(port)" }
        let server = endpoint.description
        try RequestProblem.check(method: request.method, target: target, host: host, server: server)
        var head = Array("\(request.method) \(target) HTTP/1.1\r\nHost: \(host)\r\n".utf8)
        for h in request.headers {
            try RequestProblem.check(header: h.name, h.value, server: server)
            // A wire value from a profile holds one character per byte (U+0000 to U+00FF: the
            // profile's NetworkStackRules.headerValueBytes already wrote it), so each character is
            // its byte; a value with a character beyond (given in code, not by a profile) goes as UTF-8.
            head += Array(h.name.utf8) + Array(": ".utf8)
            if h.value.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) {
                head += h.value.unicodeScalars.map { UInt8($0.value) }
            } else {
                head += Array(h.value.utf8)
            }
            head += [13, 10]
        }
        let body = Array(request.body.utf8)
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            head += Array("Content-Length: \(body.count)\r\n".utf8)
        }
        head += [13, 10]
        return head + body
    }

    /// Sends `request` to `endpoint` and reads the whole response. Never follows a redirect.
    /// `options.readTimeout` bounds the whole exchange (connect, TLS handshake, request,
    /// response) with one deadline; the socket is non-blocking and every wait is a `poll` for
    /// the time left.
    public static func send(_ request: WireRequest, to endpoint: LiveEndpoint, options: LiveOptions = LiveOptions()) throws(LiveError) -> WireResponse {
        _ = ignoreSIGPIPE
        let server = endpoint.description
        let bytes = try serialize(request, to: endpoint)
        let deadline = Deadline(seconds: options.readTimeout)
        let fd = try openSocket(endpoint, timeout: min(options.connectTimeout, options.readTimeout))
        var tls: TLSSession?
        defer {
            tls?.close()
            socketClose(fd)
        }
        if endpoint.isTLS {
            tls = try TLSSession(fd: fd, host: endpoint.host, caFile: options.caFile, server: server, deadline: deadline)
        }
        if let tls {
            try tls.write(bytes, server: server, deadline: deadline)
        } else {
            try writeAll(fd, bytes, server: server, deadline: deadline)
        }
        var reader = ResponseReader(server: server, limit: options.maxResponseBytes, deadline: deadline) { buffer throws(LiveError) -> Int? in
            if let tls { return try tls.read(into: buffer, server: server, deadline: deadline) }
            guard wait(fd, for: Int16(POLLIN), deadline: deadline) else { return nil }
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n >= 0 { return n }
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return nil }   // the deadline decides
            if errno == ECONNRESET { return 0 }
            throw LiveError(.io, server: server, "reading the response failed: \(String(cString: strerror(errno)))")
        }
        return try reader.readResponse(method: request.method)
    }

    /// Waits until `fd` is ready for `events` or the deadline passes; false when it passed.
    static func wait(_ fd: Int32, for events: Int16, deadline: Deadline) -> Bool {
        while let left = deadline.remaining {
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            let r = poll(&pfd, 1, Int32(min(left * 1000 + 1, 2_000_000_000)))
            if r > 0 { return true }
            if r < 0 && errno != EINTR { return true }   // let the read or write report the error
        }
        return false
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
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return fd
        }
        throw failure
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], server: String, deadline: Deadline) throws(LiveError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { socketSend(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    guard wait(fd, for: Int16(POLLOUT), deadline: deadline) else {
                        throw LiveError(.readTimeout, server: server, "timed out sending the request (--timeout bounds the whole exchange)")
                    }
                    continue
                }
                throw LiveError(.io, server: server, "sending the request failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    static func format(_ seconds: Double) -> String { formatSeconds(seconds) }
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
