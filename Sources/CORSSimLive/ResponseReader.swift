/// The HTTP/1.1 response reader for live servers: a strict parser of the response's framing,
/// modelled on Chromium's (net/http/http_stream_parser.cc, net/http/http_chunked_decoder.cc) and
/// curl's (lib/http.c, lib/http_chunks.c). Every framing it cannot read unambiguously is refused
/// with a named `ResponseFraming` reason, so a hostile server can neither crash it, hold it past
/// the deadline, nor make it read a response differently from a browser.
import CORSSim

/// Why a response's framing was refused: the `reason` of a `LiveError` of kind `.malformed`,
/// `.tooLarge` or `.closed`.
public enum ResponseFraming: String, Sendable, Hashable, CaseIterable {
    /// The first line is not `HTTP/1.x SP 3DIGIT [SP reason]`.
    case statusLine = "status-line"
    /// A status code outside 100-599: 1xx are interim, 2xx-5xx final; anything else is refused.
    /// SIMULATION: refused as a network error; how each browser treats codes 600-999 is not
    /// recorded here (the Fetch Standard's status is 0-999, its Response constructor allows 200-599).
    case statusCode = "status-code"
    /// A line of the head is longer than `ResponseLimits.maximumLineBytes`.
    case lineTooLong = "line-too-long"
    /// The head (status line and headers) is larger than `ResponseLimits.maximumHeadBytes`.
    case headTooLarge = "head-too-large"
    /// More than `ResponseLimits.maximumHeaderCount` header lines.
    case tooManyHeaders = "too-many-headers"
    /// A header line without a colon, or with an empty name.
    case headerWithoutColon = "header-without-colon"
    /// A header name that is not a token (e.g. a space before the colon).
    case headerName = "header-name"
    /// A header line that starts with a space or tab (obsolete line folding, RFC 9112 §5.2).
    case obsoleteFold = "obs-fold"
    /// A CR not followed by LF, anywhere in the head.
    case bareCR = "bare-cr"
    /// A LF not preceded by CR in the head.
    case bareLF = "bare-lf"
    /// NUL or another control byte (not tab) in a header value or the reason phrase.
    case controlByte = "control-byte"
    /// A Content-Length that is not digits, or several different ones.
    case contentLength = "content-length"
    /// Both Content-Length and Transfer-Encoding.
    case contentLengthWithTransferEncoding = "content-length-with-transfer-encoding"
    /// A chunk size that is not 1 to 15 hex digits (a sign, `0x`, spaces inside, overflow).
    case chunkSize = "chunk-size"
    /// A chunk extension that is not `;name[=value]` with token names and token or quoted values.
    case chunkExtension = "chunk-extension"
    /// Chunk data not followed by CRLF.
    case chunkTerminator = "chunk-terminator"
    /// A chunk-size or trailer line longer than `ResponseLimits.maximumLineBytes`.
    case chunkLineTooLong = "chunk-line-too-long"
    /// The response (head and body) is larger than the size cap.
    case tooLarge = "too-large"
    /// The stream ended before the end of the head, the Content-Length or the last chunk.
    case truncated
    /// 101 Switching Protocols: no response to read.
    case switchingProtocols = "switching-protocols"
}

/// The reader's limits. Browsers' own: Chromium reads at most 256 KiB of response head
/// (kMaxHeaderBufSize in net/http/http_stream_parser.cc) and 16 KiB per chunk line
/// (HttpChunkedDecoder::kMaxLineBufLen in net/http/http_chunked_decoder.cc); curl refuses more
/// than 5000 response header lines (MAX_HTTP_RESP_HEADER_COUNT in lib/http.h).
public enum ResponseLimits {
    public static let maximumHeadBytes = 256 * 1024
    public static let maximumLineBytes = 16 * 1024
    public static let maximumHeaderCount = 5000
}

/// A point in real time after which the exchange gives up.
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
    /// Reads into the buffer: a count, 0 at the end of the stream, nil when nothing came in time
    /// (the deadline decides whether to try again).
    let source: (UnsafeMutableRawBufferPointer) throws(LiveError) -> Int?
    private var buffer: [UInt8] = []
    private var position = 0
    private var total = 0
    private var ended = false
    /// One read's room, allocated once per response.
    private var scratch = [UInt8](repeating: 0, count: 16384)

    init(server: String, limit: Int, deadline: Deadline, source: @escaping (UnsafeMutableRawBufferPointer) throws(LiveError) -> Int?) {
        self.server = server
        self.limit = limit
        self.deadline = deadline
        self.source = source
    }

    /// Reads a response from bytes in memory, `pieceSize` bytes per read (the tests and the fuzz
    /// target's way in: the same code as a socket's).
    static func read(_ bytes: [UInt8], pieceSize: Int = 16384, limit: Int = 8 << 20, method: String = "GET") throws(LiveError) -> WireResponse {
        var offset = 0
        var reader = ResponseReader(server: "memory", limit: limit, deadline: Deadline(seconds: 3600)) { buffer in
            let n = min(pieceSize, buffer.count, bytes.count - offset)
            for k in 0..<n { buffer[k] = bytes[offset + k] }
            offset += n
            return n
        }
        return try reader.readResponse(method: method)
    }

    private func fail(_ reason: ResponseFraming, _ detail: String) -> LiveError {
        let kind: LiveError.Kind = reason == .tooLarge ? .tooLarge : reason == .truncated ? .closed : .malformed
        return LiveError(kind, server: server, detail, reason: reason)
    }

    /// Reads more bytes; false at the end of the stream.
    mutating func fill() throws(LiveError) -> Bool {
        if ended { return false }
        if position > 65536 {
            buffer.removeFirst(position)
            position = 0
        }
        while true {
            guard deadline.remaining != nil else {
                throw LiveError(.readTimeout, server: server,
                                "no complete response within \(formatSeconds(deadline.seconds)) s (read timeout: --timeout bounds the whole exchange)")
            }
            let read = source
            var result: Result<Int?, LiveError> = .success(nil)
            scratch.withUnsafeMutableBytes { p in
                do throws(LiveError) { result = .success(try read(p)) } catch { result = .failure(error) }
            }
            guard let n = try result.get() else { continue }
            if n == 0 { ended = true; return false }
            total += n
            if total > limit {
                throw fail(.tooLarge, "the response is larger than \(limit) bytes, the size cap")
            }
            buffer += scratch[0..<n]
            return true
        }
    }

    /// The head's bytes up to (not including) the CRLF CRLF that ends it, consumed with it; nil
    /// when the stream ended before any byte.
    mutating func readHead() throws(LiveError) -> ArraySlice<UInt8>? {
        var i = position
        while true {
            while i < buffer.count {
                let b = buffer[i]
                if b == 10 {
                    guard i > position, buffer[i - 1] == 13 else {
                        throw fail(.bareLF, "malformed response: a line break without CR (bare LF) in the head")
                    }
                    if i - 3 >= position, buffer[i - 2] == 10, buffer[i - 3] == 13 {
                        defer { position = i + 1 }
                        return buffer[position..<(i - 1)]   // the last header line keeps its CRLF
                    }
                } else if b == 13 {
                    guard i + 1 < buffer.count else { break }   // wait for the byte after it
                    guard buffer[i + 1] == 10 else { throw fail(.bareCR, "malformed response: a CR not followed by LF in the head") }
                }
                i += 1
            }
            if buffer.count - position > ResponseLimits.maximumHeadBytes {
                throw fail(.headTooLarge, "malformed response: no end of the headers within \(ResponseLimits.maximumHeadBytes / 1024) KiB")
            }
            let start = position
            guard try fill() else {
                if buffer.count == position { return nil }
                throw fail(.truncated, "the server closed the connection in the middle of the response headers")
            }
            i -= start - position   // fill may have dropped consumed bytes
        }
    }

    mutating func readResponse(method: String) throws(LiveError) -> WireResponse {
        while true {
            guard let head = try readHead() else {
                throw fail(.truncated, "the server closed the connection without a response")
            }
            var response = try parseHead(head)
            if (100...199).contains(response.status) {
                if response.status == 101 { throw fail(.switchingProtocols, "the server switched protocols (101) instead of answering") }
                continue   // an interim response (100 Continue, 103 Early Hints): the final one follows
            }
            let body = try readBody(response, method: method)
            response.body = String(decoding: body, as: UTF8.self)
            return response
        }
    }

    /// The head's lines, each ending in CRLF (RFC 9112 §2.2). A bare CR or a LF without CR is
    /// refused: Chromium and curl accept a lone LF as a line end, and RFC 9112 allows it, but an
    /// ambiguous line end is how responses are smuggled past proxies.
    /// SIMULATION: stricter than browsers about bare LF line ends.
    func lines(_ head: ArraySlice<UInt8>) throws(LiveError) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = head.startIndex
        var i = head.startIndex
        while i < head.endIndex {
            let b = head[i]
            if b == 13 {
                guard i + 1 < head.endIndex, head[i + 1] == 10 else {
                    throw fail(.bareCR, "malformed response: a CR not followed by LF in line \(lines.count + 1) of the head")
                }
                if i - start > ResponseLimits.maximumLineBytes {
                    throw fail(.lineTooLong, "malformed response: line \(lines.count + 1) of the head is longer than \(ResponseLimits.maximumLineBytes / 1024) KiB")
                }
                lines.append(head[start..<i])
                if lines.count > ResponseLimits.maximumHeaderCount + 1 {
                    throw fail(.tooManyHeaders, "malformed response: more than \(ResponseLimits.maximumHeaderCount) header lines")
                }
                i += 2
                start = i
                continue
            }
            if b == 10 {
                throw fail(.bareLF, "malformed response: a line break without CR (bare LF) in line \(lines.count + 1) of the head")
            }
            i += 1
        }
        return lines
    }

    func parseHead(_ head: ArraySlice<UInt8>) throws(LiveError) -> WireResponse {
        let lines = try lines(head)
        guard let statusLine = lines.first else { throw fail(.statusLine, "malformed response: an empty head") }
        // HTTP/1.x SP 3DIGIT [SP reason-phrase]
        let s = statusLine
        let b = s.startIndex
        let prefix: [UInt8] = Array("HTTP/1.".utf8)
        guard s.count >= 12, s.prefix(7).elementsEqual(prefix), (48...57).contains(s[b + 7]), s[b + 8] == 32,
              s[(b + 9)..<(b + 12)].allSatisfy({ (48...57).contains($0) }), s.count == 12 || s[b + 12] == 32 else {
            throw fail(.statusLine, "malformed response: expected a status line such as 'HTTP/1.1 200 OK', found \(quoted(s))")
        }
        let status = s[(b + 9)..<(b + 12)].reduce(0) { $0 * 10 + Int($1 - 48) }
        guard (100...599).contains(status) else {
            throw fail(.statusCode, "malformed response: status \(status) is outside 100-599, the codes browsers accept")
        }
        let reason = s.count > 12 ? s[(b + 13)...] : []
        guard !reason.contains(where: isControl) else {
            throw fail(.controlByte, "malformed response: a control character in the reason phrase \(quoted(reason))")
        }
        var list = HeaderList()
        for (n, line) in lines.dropFirst().enumerated() {
            if let first = line.first, first == 32 || first == 9 {
                // Obsolete line folding: a proxy and a browser may join it differently. Chromium
                // joins it; RFC 9112 §5.2 lets a client refuse it.
                // SIMULATION: refused, where Chromium would unfold it.
                throw fail(.obsoleteFold, "malformed response: header line \(n + 1) starts with whitespace (obsolete line folding)")
            }
            guard let colon = line.firstIndex(of: 58), colon > line.startIndex else {
                throw fail(.headerWithoutColon, "malformed response: expected a header 'Name: value', found \(quoted(line))")
            }
            guard line[..<colon].allSatisfy(isToken) else {
                throw fail(.headerName, "malformed response: the header name \(quoted(line[..<colon])) is not a token")
            }
            var value = line[(colon + 1)...]
            while let f = value.first, f == 32 || f == 9 { value = value.dropFirst() }
            while let l = value.last, l == 32 || l == 9 { value = value.dropLast() }
            guard !value.contains(where: isControl) else {
                throw fail(.controlByte, "malformed response: a control character in the value of \(quoted(line[..<colon]))")
            }
            list.append(String(decoding: line[..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
        return WireResponse(status: status, statusText: String(decoding: reason, as: UTF8.self), headers: list)
    }

    /// How the body is delimited (RFC 9112 §6.3), refusing what a browser and a proxy could read
    /// differently: several different Content-Lengths (Chromium:
    /// ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH in HttpStreamParser), and Content-Length with
    /// Transfer-Encoding (RFC 9112 §6.3 item 3: "ought to be handled as an error").
    /// SIMULATION: Chromium lets Transfer-Encoding override Content-Length instead of refusing.
    mutating func readBody(_ response: WireResponse, method: String) throws(LiveError) -> [UInt8] {
        let codings = response.headers.getDecodeSplit("Transfer-Encoding")
        let lengths = response.headers.getDecodeSplit("Content-Length")
        if codings != nil, lengths != nil {
            throw fail(.contentLengthWithTransferEncoding, "malformed response: both Content-Length and Transfer-Encoding")
        }
        var length: Int?
        if let lengths {
            guard let first = lengths.first, lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
                  first.utf8.allSatisfy({ (48...57).contains($0) }), let n = Int(first) else {
                throw fail(.contentLength, "malformed response: Content-Length \(quoted(ArraySlice((response.headers.get("Content-Length") ?? "").utf8)))")
            }
            length = n
        }
        if method == "HEAD" || response.status == 204 || response.status == 304 { return [] }
        if let last = codings?.last, last.lowercased() == "chunked" { return try readChunked() }
        if let length {
            if length > limit { throw fail(.tooLarge, "the response body (\(length) bytes) is larger than \(limit) bytes, the size cap") }
            while buffer.count - position < length {
                guard try fill() else {
                    throw fail(.truncated, "the server closed the connection after \(buffer.count - position) of \(length) body bytes")
                }
            }
            defer { position += length }
            return Array(buffer[position..<(position + length)])
        }
        while try fill() {}
        defer { position = buffer.count }
        return Array(buffer[position...])
    }

    /// One line of a chunked body, without its CRLF (a lone LF is accepted here, as Chromium's
    /// HttpChunkedDecoder::ScanForChunkRemaining does).
    mutating func readChunkLine() throws(LiveError) -> ArraySlice<UInt8> {
        var from = position
        while true {
            if let nl = buffer[from...].firstIndex(of: 10) {
                var end = nl
                if end > position, buffer[end - 1] == 13 { end -= 1 }
                if end - position > ResponseLimits.maximumLineBytes {
                    throw fail(.chunkLineTooLong, "malformed chunked body: a line longer than \(ResponseLimits.maximumLineBytes / 1024) KiB")
                }
                defer { position = nl + 1 }
                return buffer[position..<end]
            }
            if buffer.count - position > ResponseLimits.maximumLineBytes {
                throw fail(.chunkLineTooLong, "malformed chunked body: a line longer than \(ResponseLimits.maximumLineBytes / 1024) KiB")
            }
            let start = position
            let scanned = buffer.count
            guard try fill() else { throw fail(.truncated, "the server closed the connection in the middle of a chunked body") }
            from = scanned - (start - position)
        }
    }

    /// The chunk size: hex digits, then optional spaces (Chromium's ParseChunkSize:
    /// `^\X+[ ]*$`; no sign, no `0x`), then optional well-formed extensions, which are ignored.
    func chunkSize(_ line: ArraySlice<UInt8>) throws(LiveError) -> Int {
        var i = line.startIndex
        var size = 0
        while i < line.endIndex, let d = hexValue(line[i]) {
            guard i - line.startIndex < 15 else {
                throw fail(.chunkSize, "malformed chunked body: the chunk size \(quoted(line)) has more than 15 hex digits")
            }
            size = size * 16 + d
            i += 1
        }
        guard i > line.startIndex else {
            throw fail(.chunkSize, "malformed chunked body: expected a chunk size in hex, found \(quoted(line))")
        }
        while i < line.endIndex, line[i] == 32 || line[i] == 9 { i += 1 }
        if i < line.endIndex {
            guard line[i] == 59, validExtensions(line[i...]) else {
                let what: ResponseFraming = line[i] == 59 ? .chunkExtension : .chunkSize
                throw fail(what, what == .chunkSize
                    ? "malformed chunked body: expected a chunk size in hex, found \(quoted(line))"
                    : "malformed chunked body: a malformed chunk extension in \(quoted(line))")
            }
        }
        return size
    }

    mutating func readChunked() throws(LiveError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let size = try chunkSize(try readChunkLine())
            if size == 0 {
                while try !readChunkLine().isEmpty {}   // trailers, dropped
                return body
            }
            guard size <= limit - body.count else { throw fail(.tooLarge, "the response body is larger than \(limit) bytes, the size cap") }
            while buffer.count - position < size + 2 {
                guard try fill() else { throw fail(.truncated, "the server closed the connection in the middle of a chunk") }
            }
            body += buffer[position..<(position + size)]
            position += size
            // After the data: CRLF (or a lone LF, as Chromium accepts), nothing else.
            if buffer[position] == 13, buffer[position + 1] == 10 {
                position += 2
            } else if buffer[position] == 10 {
                position += 1
            } else {
                throw fail(.chunkTerminator, "malformed chunked body: a chunk's data is not followed by CRLF (the chunk is longer than its size)")
            }
        }
    }

    private func quoted(_ s: ArraySlice<UInt8>) -> String {
        "'" + TerminalText.escaped(String(decoding: s.prefix(80), as: UTF8.self)) + (s.count > 80 ? "…" : "") + "'"
    }
}

/// `;name[=value]` extensions (RFC 9112 §7.1.1): token names, token or quoted-string values,
/// optional whitespace around `;` and `=` (BWS).
private func validExtensions(_ s: ArraySlice<UInt8>) -> Bool {
    var i = s.startIndex
    func skipSpace() { while i < s.endIndex, s[i] == 32 || s[i] == 9 { i += 1 } }
    func token() -> Bool {
        let start = i
        while i < s.endIndex, isToken(s[i]) { i += 1 }
        return i > start
    }
    while i < s.endIndex {
        guard s[i] == 59 else { return false }
        i += 1
        skipSpace()
        guard token() else { return false }
        skipSpace()
        if i < s.endIndex, s[i] == 61 {
            i += 1
            skipSpace()
            if i < s.endIndex, s[i] == 34 {
                i += 1
                var closed = false
                while i < s.endIndex {
                    let c = s[i]
                    if c == 34 { closed = true; i += 1; break }
                    if c == 92 { i += 2; continue }
                    if isControl(c) { return false }
                    i += 1
                }
                guard closed, i <= s.endIndex else { return false }
            } else {
                guard token() else { return false }
            }
            skipSpace()
        }
    }
    return true
}

private func hexValue(_ b: UInt8) -> Int? {
    switch b {
    case 48...57: return Int(b - 48)
    case 65...70: return Int(b - 55)
    case 97...102: return Int(b - 87)
    default: return nil
    }
}

/// C0 controls other than tab, and DEL.
private func isControl(_ b: UInt8) -> Bool { (b < 32 && b != 9) || b == 127 }

private func isToken(_ b: UInt8) -> Bool {
    switch b {
    case 48...57, 65...90, 97...122, 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: return true
    default: return false
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}
