// Real servers on loopback for the live, audit and HAR tests: a tiny HTTP server in Swift
// (serving the project's mock servers, or raw bytes for the error cases), and Python servers
// (flask-cors, TLS) started as subprocesses. Everything is bounded: sockets time out, servers
// stop at the end of each test, Python servers exit when their standard input closes.
import Foundation
import Testing
@testable import CORSSim
import CORSSimLive
@testable import CORSSimCommand
import CORSSimTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 server on 127.0.0.1 and an ephemeral port; one thread per connection, one
/// request per connection.
final class LoopbackHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [(String, String)]
        var body: [UInt8]
        /// Every byte received, head and body.
        var raw: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    enum Action: Sendable {
        /// Writes these bytes, then closes.
        case respond([UInt8])
        /// Writes these bytes, then keeps the connection open for this many seconds.
        case respondAndHold([UInt8], seconds: Double)
        /// Sends nothing for this many seconds, then closes.
        case hang(seconds: Double)
        /// Closes at once.
        case close
    }

    let port: Int
    private let listener: Int32
    private let handler: @Sendable (Request) -> Action
    private let lock = NSLock()
    private var requests: [Request] = []
    private var stopped = false

    init(handler: @escaping @Sendable (Request) -> Action) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw TestServerError("cannot listen on 127.0.0.1") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Serves a `Server` (e.g. a scenario's `MockServers`): the request's URL is `origin` plus
    /// the request target.
    convenience init(serving server: some Server & Sendable, origin: @escaping @Sendable (Request) -> (Origin, target: String)?) throws {
        try self.init { request in
            guard let (o, target) = origin(request), let url = try? FetchURL(parsing: o.serialized + target) else { return .close }
            var headers = HeaderList()
            for (n, v) in request.headers { headers.append(n, v) }
            let wire = WireRequest(method: request.method, url: url, headers: headers, body: String(decoding: request.body, as: UTF8.self))
            guard case .response(let r) = server.respond(to: wire) else { return .close }
            return .respond(LoopbackHTTPServer.bytes(r))
        }
    }

    static func bytes(_ r: WireResponse) -> [UInt8] {
        var head = "HTTP/1.1 \(r.status) \(r.statusText)\r\n"
        for h in r.headers { head += "\(h.name): \(h.value)\r\n" }
        // As the mock servers do: no Content-Length on 1xx and 204 (RFC 9110 section 8.6).
        if !r.headers.contains("Content-Length"), r.status >= 200, r.status != 204 { head += "Content-Length: \(r.body.utf8.count)\r\n" }
        return Array((head + "\r\n").utf8) + Array(r.body.utf8)
    }

    var received: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Stops listening, once: closing the descriptor twice could close a socket that reused it.
    func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        guard !already else { return }
        // Only shut down: the accept thread closes the descriptor when it sees this, so no other
        // socket can reuse the number while that thread may still call accept() on it.
        shutdown(listener, Int32(SHUT_RDWR))
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 && errno == EINTR { continue }
            if client < 0 {
                lock.lock()
                let done = stopped
                lock.unlock()
                if done || errno == EBADF || errno == EINVAL {
                    close(listener)
                    return
                }
                continue
            }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        var headEnd: Int?
        while headEnd == nil {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }   // a child process ended (SIGCHLD)
            if n <= 0 { return }
            data += buffer[0..<n]
            if data.first == 0x16 {
                // A TLS ClientHello to a plain server: answer as real servers do.
                let answer = Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8)
                _ = answer.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                return
            }
            headEnd = data.indices.dropLast(3).first { data[$0] == 13 && data[$0 + 1] == 10 && data[$0 + 2] == 13 && data[$0 + 3] == 10 }
        }
        let head = String(decoding: data[..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        while data.count < headEnd! + 4 + length {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        let body = Array(data[(headEnd! + 4)...].prefix(length))
        let request = Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body, raw: data)
        lock.lock()
        requests.append(request)
        lock.unlock()
        switch handler(request) {
        case .respond(let bytes):
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        case .respondAndHold(let bytes, let seconds):
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            Thread.sleep(forTimeInterval: seconds)
        case .hang(let seconds):
            Thread.sleep(forTimeInterval: seconds)
        case .close:
            break
        }
    }
}

/// Tools some live tests need besides Swift. Without them those tests are skipped, with the
/// reason shown in the test output; `.ci/run` installs them and runs everything.
enum ExternalTools {
    /// Whether `command` runs and exits 0 (found on PATH through /usr/bin/env).
    static func succeeds(_ arguments: [String]) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// python3 with Flask and flask-cors, for the real CORS middleware (Tests/LiveServers/flask_cors_app.py).
    static let flaskCORS = succeeds(["python3", "-c", "import flask, flask_cors"])
    /// openssl, to make a throwaway certificate for the https tests.
    static let openssl = succeeds(["openssl", "version"])
}

extension Trait where Self == ConditionTrait {
    /// Skips the test, with a visible reason, unless python3 with flask and flask-cors is installed.
    static var needsFlaskCORS: Self {
        .enabled(if: ExternalTools.flaskCORS, "needs python3 with flask and flask-cors (python3 -m venv .build/venv && .build/venv/bin/pip install flask flask-cors, then PATH=.build/venv/bin:$PATH; or apt-get install python3-flask python3-flask-cors; .ci/run does this)")
    }
    /// Skips the test, with a visible reason, unless openssl is installed.
    static var needsOpenSSL: Self {
        .enabled(if: ExternalTools.openssl, "needs the openssl command to make a test certificate")
    }
}

struct TestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A Python script serving on an ephemeral loopback port, which it prints on its first line.
final class PythonServer {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    let port: Int

    init(_ script: String, _ arguments: [String], timeout: Double = 30) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestFiles.root.appendingPathComponent(script).path] + arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line, with a deadline.
        let fd = output.fileHandleForReading.fileDescriptor
        var line: [UInt8] = []
        let end = Date().addingTimeInterval(timeout)
        while !line.contains(10) {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(0, end.timeIntervalSinceNow) * 1000)
            guard left > 0, poll(&pfd, 1, left) > 0 else { break }
            var byte: UInt8 = 0
            guard read(fd, &byte, 1) == 1 else { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            process.waitUntilExit()
            throw TestServerError("\(script) \(arguments.joined(separator: " ")) did not print a port (is flask-cors installed? python3 -m pip install flask flask-cors)")
        }
        self.port = port
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost, made by `openssl` in a fresh folder.
struct TestCertificate {
    let folder: URL
    var cert: String { folder.appendingPathComponent("cert.pem").path }
    var key: String { folder.appendingPathComponent("key.pem").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cors-sim-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                       "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                       "-keyout", folder.appendingPathComponent("key.pem").path, "-out", folder.appendingPathComponent("cert.pem").path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestServerError("openssl could not make a test certificate") }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// The flask-cors test API in one configuration (Tests/LiveServers/flask_cors_app.py).
func withFlaskCORS<T>(_ config: String, tls: TestCertificate? = nil, _ body: (Int) throws -> T) throws -> T {
    let server = try PythonServer("Tests/LiveServers/flask_cors_app.py", [config] + (tls.map { [$0.cert, $0.key] } ?? []))
    defer { server.stop() }
    return try body(server.port)
}
