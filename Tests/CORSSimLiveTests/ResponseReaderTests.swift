// The live HTTP response reader against hostile framing (issue 11): every malformed response
// is refused with a named reason, never a crash, a hang or a silently different reading.
import Foundation
import Testing
@testable import CORSSim
@testable import CORSSimLive
#if canImport(Glibc)
import Glibc
#endif

struct ResponseReaderTests {
    static let refused: [(name: String, raw: String, reason: ResponseFraming)] = [
        ("negative chunk size (the SIGILL crash)", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nabc\r\n0\r\n\r\n", .chunkSize),
        ("plus sign", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n", .chunkSize),
        ("0x prefix", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", .chunkSize),
        ("leading space", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n", .chunkSize),
        ("non-hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .chunkSize),
        ("empty chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n", .chunkSize),
        ("overflowing chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nhello\r\n0\r\n\r\n", .chunkSize),
        ("16 hex digits even when small", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000005\r\nhello\r\n0\r\n\r\n", .chunkSize),
        ("huge chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffff\r\nhello\r\n0\r\n\r\n", .tooLarge),
        ("chunk extension without a name", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n0\r\n\r\n", .chunkExtension),
        ("chunk extension with a control byte", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"\u{1}\"\r\nhello\r\n0\r\n\r\n", .chunkExtension),
        ("chunk extension with an unclosed quote", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"x\r\nhello\r\n0\r\n\r\n", .chunkExtension),
        ("chunk data longer than its size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n", .chunkTerminator),
        ("chunk data without CRLF at the end of the stream", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello", .truncated),
        ("no last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", .truncated),
        ("a chunk line over 16 KiB", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=" + String(repeating: "b", count: 17000) + "\r\nhello\r\n0\r\n\r\n", .chunkLineTooLong),
        ("conflicting Content-Length lines", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", .contentLength),
        ("conflicting Content-Length list", "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nab", .contentLength),
        ("signed Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", .contentLength),
        ("overflowing Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n", .contentLength),
        ("Content-Length with Transfer-Encoding", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
         .contentLengthWithTransferEncoding),
        ("Content-Length with Transfer-Encoding on a HEAD-less 204", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n",
         .contentLengthWithTransferEncoding),
        ("obsolete line folding", "HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\nContent-Length: 0\r\n\r\n", .obsoleteFold),
        ("a header line without a colon", "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", .headerWithoutColon),
        ("an empty header name", "HTTP/1.1 200 OK\r\n: v\r\n\r\n", .headerWithoutColon),
        ("a space before the colon", "HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n", .headerName),
        ("bare LF line ends", "HTTP/1.1 204 No Content\nX-A: 1\n\n", .bareLF),
        ("a bare LF inside a header", "HTTP/1.1 200 OK\r\nX-A: 1\nX-B: 2\r\nContent-Length: 0\r\n\r\n", .bareLF),
        ("a bare CR inside a header", "HTTP/1.1 200 OK\r\nX-A: 1\rX-B: 2\r\nContent-Length: 0\r\n\r\n", .bareCR),
        ("NUL in a header value", "HTTP/1.1 200 OK\r\nX-A: a\u{0}b\r\nContent-Length: 0\r\n\r\n", .controlByte),
        ("ESC in a header value", "HTTP/1.1 200 OK\r\nX-A: \u{1B}]0;owned\u{7}\r\nContent-Length: 0\r\n\r\n", .controlByte),
        ("ESC in the reason phrase", "HTTP/1.1 200 \u{1B}[2J\r\nContent-Length: 0\r\n\r\n", .controlByte),
        ("a four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", .statusLine),
        ("a two-digit status", "HTTP/1.1 20 OK\r\n\r\n", .statusLine),
        ("a status with a sign", "HTTP/1.1 +20 OK\r\n\r\n", .statusLine),
        ("status 600", "HTTP/1.1 600 Odd\r\nContent-Length: 0\r\n\r\n", .statusCode),
        ("status 099", "HTTP/1.1 099 Odd\r\nContent-Length: 0\r\n\r\n", .statusCode),
        ("not HTTP", "garbage\r\n\r\n", .statusLine),
        ("HTTP/2 text", "HTTP/2 200 OK\r\n\r\n", .statusLine),
        ("truncated head", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", .truncated),
        ("truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", .truncated),
        ("nothing", "", .truncated),
        ("101 Switching Protocols", "HTTP/1.1 101 Switching Protocols\r\n\r\n", .switchingProtocols),
        ("a head over 256 KiB", "HTTP/1.1 200 OK\r\n" + String(repeating: "X-A: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", count: 7000) + "\r\n", .headTooLarge),
        ("a header line over 16 KiB", "HTTP/1.1 200 OK\r\nX-A: " + String(repeating: "a", count: 17000) + "\r\n\r\n", .lineTooLong),
        ("more than 5000 header lines", "HTTP/1.1 200 OK\r\n" + String(repeating: "A:\r\n", count: 5001) + "\r\n", .tooManyHeaders),
        ("a body over the cap", "HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n", .tooLarge),
    ]

    @Test(arguments: refused.indices)
    func malformedFramingIsRefusedWithANamedReason(_ i: Int) {
        let c = Self.refused[i]
        for piece in [1, 7, 16384] {
            do {
                let r = try ResponseReader.read(Array(c.raw.utf8), pieceSize: piece)
                Issue.record("\(c.name): read as \(r.status) \(r.headers.map { "\($0.name): \($0.value)" }) body \(r.body.debugDescription)")
            } catch {
                #expect(error.reason == c.reason, "\(c.name) (pieces of \(piece)): \(error)")
                // The error's text never carries a raw control character to the terminal.
                #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(c.name): \(error.description.debugDescription)")
            }
        }
    }

    static let accepted: [(name: String, raw: String, status: Int, body: String)] = [
        ("chunk size padded with spaces (as Chromium accepts)", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5   \r\nhello\r\n0\r\n\r\n", 200, "hello"),
        ("well-formed chunk extensions ignored", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 ; a = b ;c=\"x;\\\"y\"\r\nhello\r\n0;z\r\n\r\n", 200, "hello"),
        ("upper-case hex and leading zeros", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n00A\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n", 200, "0123456789"),
        ("repeated identical Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 200, "hello"),
        ("status 599", "HTTP/1.1 599 Whatever\r\nContent-Length: 0\r\n\r\n", 599, ""),
        ("a tab in a header value", "HTTP/1.1 200 OK\r\nX-A: a\tb\r\nContent-Length: 2\r\n\r\nok", 200, "ok"),
        ("HEAD ignores Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 200, ""),
    ]

    @Test(arguments: accepted.indices)
    func wellFormedFramingIsRead(_ i: Int) throws {
        let c = Self.accepted[i]
        for piece in [1, 3, 16384] {
            let r = try ResponseReader.read(Array(c.raw.utf8), pieceSize: piece, method: c.name.hasPrefix("HEAD") ? "HEAD" : "GET")
            #expect(r.status == c.status, "\(c.name)")
            #expect(r.body == c.body, "\(c.name)")
        }
    }

    /// The crash reported in issue 11, over a real socket: `check --live` against a server that
    /// answers with chunk size -1 gets a network error naming the reason.
    @Test func aNegativeChunkSizeFromARealServerIsANamedErrorNotACrash() throws {
        let server = try LoopbackHTTPServer { _ in .respond(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nx\r\n0\r\n\r\n".utf8)) }
        defer { server.stop() }
        let wire = WireRequest(method: "GET", url: try FetchURL(parsing: "http://a.test/"), headers: [])
        #expect {
            try HTTPExchange.send(wire, to: LiveEndpoint(parsing: server.base), options: LiveOptions(connectTimeout: 5, readTimeout: 5))
        } throws: { ($0 as? LiveError)?.reason == .chunkSize }
    }
}

/// The last check before the wire (defense in depth behind the URL parser): a request target,
/// host or header that could split the request is never written.
struct RequestLineTests {
    static let endpoint = try! LiveEndpoint(parsing: "http://127.0.0.1:9")

    static func wire(_ method: String = "GET", headers: [(String, String)] = []) throws -> WireRequest {
        WireRequest(method: method, url: try FetchURL(parsing: "http://a.test/x"), headers: HeaderList(headers.map { Header($0.0, $0.1) }))
    }

    @Test(arguments: [
        ("X-Bad", "a\r\nInjected: 1", RequestProblem.headerValue),
        ("X-Bad", "a\nb", .headerValue),
        ("X-Bad", "a\u{0}b", .headerValue),
        ("X Bad", "1", .headerName),
        ("X-Bad\r\nInjected", "1", .headerName),
        ("", "1", .headerName),
    ])
    func aHeaderThatCouldSplitTheRequestIsNotSent(_ name: String, _ value: String, _ problem: RequestProblem) throws {
        #expect { try HTTPExchange.serialize(try Self.wire(headers: [(name, value)]), to: Self.endpoint) }
            throws: { ($0 as? LiveError)?.requestProblem == problem }
    }

    @Test(arguments: ["GET /a", "GET\r\n", "G\u{0}T", ""])
    func aMethodThatIsNotATokenIsNotSent(_ method: String) throws {
        #expect { try HTTPExchange.serialize(try Self.wire(method), to: Self.endpoint) }
            throws: { ($0 as? LiveError)?.requestProblem == .method }
    }

    @Test(arguments: ["/a b", "/a\tb", "/a\rX-Injected: 2", "/a\nb", "/a\u{0}b", "/a\u{1B}b", "/a\u{7F}b"])
    func aRequestTargetWithSpaceOrControlIsNotSent(_ prefix: String) throws {
        // The base URL's path prefix is the way in that bypasses the URL parser's encoding here.
        let endpoint = LiveEndpoint(scheme: "http", host: "127.0.0.1", port: 9, pathPrefix: prefix)
        #expect { try HTTPExchange.serialize(try Self.wire(), to: endpoint) }
            throws: { ($0 as? LiveError)?.requestProblem == .target }
    }
}

/// `--timeout` bounds the whole exchange (issue 11): a server sending one byte at a time, each
/// well within any per-read timeout, is cut off at the deadline, over TCP and in a TLS handshake.
struct ExchangeDeadlineTests {
    /// A loopback server that, for each connection, writes `bytes` one byte every `interval`
    /// seconds (without reading), then holds the connection until stopped.
    final class TrickleServer: @unchecked Sendable {
        let port: Int
        private let listener: Int32
        private let lock = NSLock()
        private var stopped = false

        init(_ bytes: [UInt8], interval: Double) throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw TestServerError("cannot listen") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
            listener = fd
            Thread.detachNewThread { [self] in
                while true {
                    let client = accept(fd, nil, nil)
                    if client < 0 { if errno == EINTR { continue }; close(fd); return }
                    Thread.detachNewThread { [self] in
                        defer { close(client) }
                        for b in bytes {
                            if isStopped { return }
                            var byte = b
                            guard send(client, &byte, 1, Int32(MSG_NOSIGNAL)) == 1 else { return }
                            Thread.sleep(forTimeInterval: interval)
                        }
                        while !isStopped { Thread.sleep(forTimeInterval: 0.05) }
                    }
                }
            }
        }

        var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

        func stop() {
            lock.lock()
            let already = stopped
            stopped = true
            lock.unlock()
            if !already { shutdown(listener, Int32(SHUT_RDWR)) }
        }
    }

    static func exchange(_ scheme: String, _ bytes: [UInt8]) throws -> (LiveError?, Double) {
        let server = try TrickleServer(bytes, interval: 0.1)
        defer { server.stop() }
        let wire = WireRequest(method: "GET", url: try FetchURL(parsing: "\(scheme)://a.test/"), headers: [])
        let start = Date()
        do {
            _ = try HTTPExchange.send(wire, to: LiveEndpoint(parsing: "\(scheme)://127.0.0.1:\(server.port)"),
                                      options: LiveOptions(connectTimeout: 5, readTimeout: 1))
            return (nil, Date().timeIntervalSince(start))
        } catch {
            return (error, Date().timeIntervalSince(start))
        }
    }

    @Test func aTricklingHTTPResponseIsCutOffAtTheDeadline() throws {
        // A valid head that never ends: X-Pad: aaaa… one byte per 0.1 s.
        let (error, elapsed) = try Self.exchange("http", Array(("HTTP/1.1 200 OK\r\nX-Pad: " + String(repeating: "a", count: 200)).utf8))
        #expect(error?.kind == .readTimeout, "\(String(describing: error))")
        #expect(error?.description.contains("bounds the whole exchange") == true)
        #expect(elapsed >= 0.9 && elapsed < 2.5, "\(elapsed) s")
    }

    @Test func aTricklingTLSHandshakeIsCutOffAtTheDeadline() throws {
        guard case .success = OpenSSL.shared else { return }   // no libssl: https cannot run at all
        // A TLS handshake record header announcing 16 KiB, then its bytes one at a time.
        let (error, elapsed) = try Self.exchange("https", [0x16, 0x03, 0x03, 0x40, 0x00] + Array(repeating: 0x02, count: 200))
        #expect(error?.kind == .connectTimeout, "\(String(describing: error))")
        #expect(error?.description.contains("TLS handshake") == true)
        #expect(elapsed >= 0.9 && elapsed < 2.5, "\(elapsed) s")
    }
}

extension ExchangeDeadlineTests {
    /// After a completed TLS handshake, a response trickled one byte per 0.1 s is cut off at the
    /// deadline. Skipped (visibly) without openssl or python3.
    @Test func aTricklingHTTPSResponseIsCutOffAtTheDeadline() throws {
        guard case .success = OpenSSL.shared, let cert = try? TestCertificate() else {
            print("SKIPPED aTricklingHTTPSResponseIsCutOffAtTheDeadline: no libssl or no openssl")
            return
        }
        defer { cert.remove() }
        let server: PythonServer
        do { server = try PythonServer("Tests/LiveServers/trickle_tls.py", [cert.cert, cert.key]) } catch {
            print("SKIPPED aTricklingHTTPSResponseIsCutOffAtTheDeadline: \(error)")
            return
        }
        defer { server.stop() }
        let wire = WireRequest(method: "GET", url: try FetchURL(parsing: "https://a.test/"), headers: [])
        let start = Date()
        #expect {
            try HTTPExchange.send(wire, to: LiveEndpoint(parsing: "https://127.0.0.1:\(server.port)"),
                                  options: LiveOptions(connectTimeout: 5, readTimeout: 1.5, caFile: cert.cert))
        } throws: { ($0 as? LiveError)?.kind == .readTimeout }
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 1.4 && elapsed < 3, "\(elapsed) s")
    }
}
