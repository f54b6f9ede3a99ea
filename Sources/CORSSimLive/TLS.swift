/// TLS for https live servers: the system's OpenSSL 3 (`libssl.so.3`), loaded at run time with
/// `dlopen`, so the package keeps no dependencies and the bytes on the wire are exactly the
/// ones `HTTPExchange` writes (URLSession would add headers, decompress and follow redirects).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The OpenSSL functions used, looked up once.
final class OpenSSL: @unchecked Sendable {
    typealias CtxNew = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias Method = @convention(c) () -> OpaquePointer?
    typealias PtrVoid = @convention(c) (OpaquePointer?) -> Void
    typealias PtrInt = @convention(c) (OpaquePointer?) -> Int32
    typealias SetVerify = @convention(c) (OpaquePointer?, Int32, OpaquePointer?) -> Void
    typealias LoadVerify = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    typealias SetFD = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias Ctrl = @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    typealias PtrString = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias PtrPtr = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias GetError = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias PtrLong = @convention(c) (OpaquePointer?) -> Int
    typealias LongString = @convention(c) (Int) -> UnsafePointer<CChar>?
    typealias ErrGet = @convention(c) () -> UInt
    typealias ErrString = @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void
    typealias Clear = @convention(c) () -> Void
    typealias Write = @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int32) -> Int32
    typealias Read = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    typealias SetFlags = @convention(c) (OpaquePointer?, UInt32) -> Void
    typealias ExtByNID = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    typealias StackValue = @convention(c) (OpaquePointer?, Int32) -> OpaquePointer?

    let clientMethod: Method
    let ctxNew: CtxNew
    let ctxFree: PtrVoid
    let ctxSetVerify: SetVerify
    let ctxDefaultPaths: PtrInt
    let ctxLoadVerify: LoadVerify
    let sslNew: PtrPtr
    let sslFree: PtrVoid
    let setFD: SetFD
    let ctrl: Ctrl
    let set1Host: PtrString
    let get0Param: PtrPtr
    let paramSetIP: PtrString
    let connect: PtrInt
    let getError: GetError
    let verifyResult: PtrLong
    let verifyString: LongString
    let errGet: ErrGet
    let errString: ErrString
    let errClear: Clear
    let write: Write
    let read: Read
    let shutdown: PtrInt
    let setHostFlags: SetFlags
    let peerChain: PtrPtr
    let stackValue: StackValue
    let extByNID: ExtByNID

    /// The library, or why it could not be loaded.
    static let shared: Result<OpenSSL, LoadFailure> = load()

    struct LoadFailure: Error { var message: String }

    private init(_ sym: (String) throws(LoadFailure) -> UnsafeMutableRawPointer) throws(LoadFailure) {
        func f<T>(_ name: String, _: T.Type) throws(LoadFailure) -> T { unsafeBitCast(try sym(name), to: T.self) }
        clientMethod = try f("TLS_client_method", Method.self)
        ctxNew = try f("SSL_CTX_new", CtxNew.self)
        ctxFree = try f("SSL_CTX_free", PtrVoid.self)
        ctxSetVerify = try f("SSL_CTX_set_verify", SetVerify.self)
        ctxDefaultPaths = try f("SSL_CTX_set_default_verify_paths", PtrInt.self)
        ctxLoadVerify = try f("SSL_CTX_load_verify_locations", LoadVerify.self)
        sslNew = try f("SSL_new", PtrPtr.self)
        sslFree = try f("SSL_free", PtrVoid.self)
        setFD = try f("SSL_set_fd", SetFD.self)
        ctrl = try f("SSL_ctrl", Ctrl.self)
        set1Host = try f("SSL_set1_host", PtrString.self)
        get0Param = try f("SSL_get0_param", PtrPtr.self)
        paramSetIP = try f("X509_VERIFY_PARAM_set1_ip_asc", PtrString.self)
        connect = try f("SSL_connect", PtrInt.self)
        getError = try f("SSL_get_error", GetError.self)
        verifyResult = try f("SSL_get_verify_result", PtrLong.self)
        verifyString = try f("X509_verify_cert_error_string", LongString.self)
        errGet = try f("ERR_get_error", ErrGet.self)
        errString = try f("ERR_error_string_n", ErrString.self)
        errClear = try f("ERR_clear_error", Clear.self)
        write = try f("SSL_write", Write.self)
        read = try f("SSL_read", Read.self)
        shutdown = try f("SSL_shutdown", PtrInt.self)
        setHostFlags = try f("SSL_set_hostflags", SetFlags.self)
        peerChain = try f("SSL_get_peer_cert_chain", PtrPtr.self)
        stackValue = try f("OPENSSL_sk_value", StackValue.self)
        extByNID = try f("X509_get_ext_by_NID", ExtByNID.self)
    }

    private static func load() -> Result<OpenSSL, LoadFailure> {
        let names = ["libssl.so.3", "libssl.so", "libssl.3.dylib"]
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            return .failure(LoadFailure(message: "https needs OpenSSL 3 (libssl.so.3), which could not be loaded"))
        }
        do {
            return .success(try OpenSSL { (name: String) throws(LoadFailure) -> UnsafeMutableRawPointer in
                guard let p = dlsym(handle, name) else { throw LoadFailure(message: "https needs OpenSSL 3: libssl has no \(name)") }
                return p
            })
        } catch {
            return .failure(error)
        }
    }

    /// The error queue as text, emptied.
    func drainErrors() -> String {
        var parts: [String] = []
        while true {
            let e = errGet()
            if e == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            errString(e, &buffer, buffer.count)
            parts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return parts.joined(separator: "; ")
    }
}

/// One TLS client session over a connected socket.
final class TLSSession {
    private let ssl: OpenSSL
    private let ctx: OpaquePointer
    private let session: OpaquePointer
    private let fd: Int32

    /// The codes `SSL_get_error` returns that matter here.
    private enum Code { static let ssl: Int32 = 1, wantRead: Int32 = 2, wantWrite: Int32 = 3, syscall: Int32 = 5, zeroReturn: Int32 = 6 }

    /// Handshakes on `fd`, verifying the certificate against the system's roots and `caFile`
    /// and against `host` (a name or an IP address): only the certificate's subjectAltName
    /// counts, never its subject's common name, as browsers do (Chromium since version 58:
    /// net/cert/cert_verify_proc.cc refuses a certificate without subjectAltName,
    /// ERR_CERT_COMMON_NAME_INVALID; Firefox since 48). `deadline` bounds the handshake: the
    /// socket is non-blocking and each wait is a poll for the time left.
    init(fd: Int32, host: String, caFile: String?, server: String, deadline: Deadline) throws(LiveError) {
        let ssl: OpenSSL
        switch OpenSSL.shared {
        case .success(let s): ssl = s
        case .failure(let f): throw LiveError(.tls, server: server, f.message)
        }
        self.ssl = ssl
        self.fd = fd
        ssl.errClear()
        guard let ctx = ssl.ctxNew(ssl.clientMethod()) else {
            throw LiveError(.tls, server: server, "TLS: cannot create a context: \(ssl.drainErrors())")
        }
        ssl.ctxSetVerify(ctx, 1 /* SSL_VERIFY_PEER */, nil)
        _ = ssl.ctxDefaultPaths(ctx)
        if let caFile, ssl.ctxLoadVerify(ctx, caFile, nil) != 1 {
            ssl.ctxFree(ctx)
            throw LiveError(.tls, server: server, "TLS: cannot load the certificates in '\(caFile)': \(ssl.drainErrors())")
        }
        guard let session = ssl.sslNew(ctx) else {
            ssl.ctxFree(ctx)
            throw LiveError(.tls, server: server, "TLS: cannot create a session: \(ssl.drainErrors())")
        }
        self.ctx = ctx
        self.session = session
        _ = ssl.setFD(session, fd)
        if TLSSession.isIPAddress(host) {
            _ = ssl.paramSetIP(ssl.get0Param(session), host)
        } else {
            // SSL_set_tlsext_host_name (a macro for SSL_ctrl with SSL_CTRL_SET_TLSEXT_HOSTNAME, 55).
            _ = host.withCString { ssl.ctrl(session, 55, 0, UnsafeMutableRawPointer(mutating: $0)) }
            _ = ssl.set1Host(session, host)
        }
        // X509_CHECK_FLAG_NEVER_CHECK_SUBJECT (0x20): the common name never stands in for a
        // missing subjectAltName.
        ssl.setHostFlags(session, 0x20)
        while true {
            let r = ssl.connect(session)
            if r == 1 { break }
            let code = ssl.getError(session, r)
            let err = errno
            if code == Code.wantRead || code == Code.wantWrite || (code == Code.syscall && (err == EAGAIN || err == EWOULDBLOCK || err == EINTR)) {
                let events = code == Code.wantWrite ? Int16(POLLOUT) : Int16(POLLIN)
                if HTTPExchange.wait(fd, for: events, deadline: deadline) { continue }
                close()
                throw LiveError(.connectTimeout, server: server,
                                "no TLS handshake within \(formatSeconds(deadline.seconds)) s (--timeout bounds the whole exchange; is it an https server?)")
            }
            let verify = ssl.verifyResult(session)
            var message: String
            // The server's certificate, first in the chain it sent (kept by OpenSSL even when
            // verification failed; owned by the session, not freed here).
            if verify == 62 /* X509_V_ERR_HOSTNAME_MISMATCH */ || verify == 64 /* X509_V_ERR_IP_ADDRESS_MISMATCH */,
               let chain = ssl.peerChain(session), let cert = ssl.stackValue(chain, 0) {
                let hasSAN = ssl.extByNID(cert, 85 /* NID_subject_alt_name */, -1) >= 0
                _ = ssl.drainErrors()
                if !hasSAN {
                    close()
                    throw LiveError(.tls, server: server,
                                    "TLS: certificate verify failed: the certificate has no subjectAltName, only a common name; browsers refuse such certificates (ERR_CERT_COMMON_NAME_INVALID)")
                }
                message = "TLS: certificate verify failed: \(ssl.verifyString(verify).map { String(cString: $0) } ?? "hostname mismatch")"
            } else if verify != 0, let text = ssl.verifyString(verify) {
                message = "TLS: certificate verify failed: \(String(cString: text))"
                _ = ssl.drainErrors()
            } else {
                let queue = ssl.drainErrors()
                message = "TLS handshake failed" + (queue.isEmpty ? (code == Code.syscall ? ": the server closed the connection" : "") : ": " + queue)
            }
            close()
            throw LiveError(.tls, server: server, message)
        }
    }

    /// Writes all of `bytes` before the deadline.
    func write(_ bytes: [UInt8], server: String, deadline: Deadline) throws(LiveError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { ssl.write(session, $0.baseAddress, Int32(min($0.count, 1 << 30))) }
            if n <= 0 {
                let code = ssl.getError(session, n)
                if code == Code.wantWrite || code == Code.wantRead {
                    if HTTPExchange.wait(fd, for: code == Code.wantWrite ? Int16(POLLOUT) : Int16(POLLIN), deadline: deadline) { continue }
                    throw LiveError(.readTimeout, server: server, "timed out sending the request (--timeout bounds the whole exchange)")
                }
                throw LiveError(.io, server: server, "TLS write failed: \(ssl.drainErrors())")
            }
            offset += Int(n)
        }
    }

    /// Reads up to `count` bytes; 0 at the end of the stream; nil when nothing came before the
    /// deadline (or the wait was interrupted: the caller checks the deadline).
    func read(into buffer: UnsafeMutableRawBufferPointer, server: String, deadline: Deadline) throws(LiveError) -> Int? {
        let n = ssl.read(session, buffer.baseAddress, Int32(buffer.count))
        if n > 0 { return Int(n) }
        let code = ssl.getError(session, n)
        let err = errno
        switch code {
        case Code.zeroReturn: return 0
        case Code.wantRead, Code.wantWrite:
            _ = HTTPExchange.wait(fd, for: code == Code.wantWrite ? Int16(POLLOUT) : Int16(POLLIN), deadline: deadline)
            return nil
        case Code.syscall:
            if err == EAGAIN || err == EWOULDBLOCK || err == EINTR {
                _ = HTTPExchange.wait(fd, for: Int16(POLLIN), deadline: deadline)
                return nil
            }
            _ = ssl.drainErrors()
            return 0   // the peer closed without close_notify: treated as the end, as browsers do
        default:
            let queue = ssl.drainErrors()
            if queue.contains("unexpected eof") { return 0 }
            throw LiveError(.tls, server: server, "TLS read failed: \(queue)")
        }
    }

    func close() {
        _ = ssl.shutdown(session)
        ssl.sslFree(session)
        ssl.ctxFree(ctx)
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
