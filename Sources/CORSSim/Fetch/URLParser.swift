/// The WHATWG URL Standard's basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser)
/// and URL serializer, working on UTF-8 bytes.
///
/// Every scheme is parsed as the standard says (special schemes, `file:`, and other schemes with
/// an opaque host or an opaque path), so that a URL the simulator refuses is refused for the
/// standard's reason; `FetchURL` then accepts only `http:` and `https:`. Setters and the state
/// override are not needed and not implemented. Non-ASCII input is handled byte by byte: every
/// byte of a multi-byte UTF-8 sequence is in every percent-encode set, so encoding bytes is the
/// same as UTF-8 percent-encoding code points.

/// A host (https://url.spec.whatwg.org/#concept-host).
enum URLHost: Sendable, Hashable {
    /// An ASCII domain, lower-cased, Punycode for non-ASCII labels.
    case domain(String)
    case ipv4(UInt32)
    /// Eight 16-bit pieces.
    case ipv6([UInt16])
    /// The host of a non-special URL, percent-encoded.
    case opaque(String)
    /// The empty host (`file:///`).
    case empty

    /// The host serializer (https://url.spec.whatwg.org/#concept-host-serializer).
    var serialized: String {
        switch self {
        case .domain(let d), .opaque(let d): return d
        case .empty: return ""
        case .ipv4(let a): return serializeIPv4(a)
        case .ipv6(let pieces): return "[" + serializeIPv6(pieces) + "]"
        }
    }
}

/// The URL Standard's failure-causing validation errors
/// (https://url.spec.whatwg.org/#validation-error), named as the standard names them.
public enum URLValidationError: String, Error, Sendable, Hashable, CustomStringConvertible {
    case missingSchemeNonRelativeURL = "missing-scheme-non-relative-URL"
    case hostMissing = "host-missing"
    case hostInvalidCodePoint = "host-invalid-code-point"
    case domainInvalidCodePoint = "domain-invalid-code-point"
    case domainToASCII = "domain-to-ASCII"
    case ipv4TooManyParts = "IPv4-too-many-parts"
    case ipv4NonNumericPart = "IPv4-non-numeric-part"
    case ipv4OutOfRangePart = "IPv4-out-of-range-part"
    case ipv6Unclosed = "IPv6-unclosed"
    case ipv6InvalidCompression = "IPv6-invalid-compression"
    case ipv6TooManyPieces = "IPv6-too-many-pieces"
    case ipv6MultipleCompression = "IPv6-multiple-compression"
    case ipv6InvalidCodePoint = "IPv6-invalid-code-point"
    case ipv6TooFewPieces = "IPv6-too-few-pieces"
    case ipv4InIPv6TooManyPieces = "IPv4-in-IPv6-too-many-pieces"
    case ipv4InIPv6InvalidCodePoint = "IPv4-in-IPv6-invalid-code-point"
    case ipv4InIPv6OutOfRangePart = "IPv4-in-IPv6-out-of-range-part"
    case ipv4InIPv6TooFewParts = "IPv4-in-IPv6-too-few-parts"
    case portOutOfRange = "port-out-of-range"
    case portInvalid = "port-invalid"

    public var description: String { rawValue }

    /// Whether the error is about the host (as opposed to the scheme or port).
    var isHostError: Bool {
        switch self {
        case .missingSchemeNonRelativeURL, .hostMissing, .portOutOfRange, .portInvalid: return false
        default: return true
        }
    }
}

/// A URL record (https://url.spec.whatwg.org/#concept-url). Components are kept as the bytes the
/// serializer writes.
struct URLRecord: Sendable, Hashable {
    /// The special schemes (https://url.spec.whatwg.org/#special-scheme), and every other.
    enum SchemeKind: Sendable, Hashable {
        case http, https, ws, wss, ftp, file, other

        init(_ s: [UInt8]) {
            switch s.count {
            case 2 where s[0] == 0x77 && s[1] == 0x73: self = .ws
            case 3 where s[0] == 0x77 && s[1] == 0x73 && s[2] == 0x73: self = .wss
            case 3 where s[0] == 0x66 && s[1] == 0x74 && s[2] == 0x70: self = .ftp
            case 4 where s[0] == 0x68 && s[1] == 0x74 && s[2] == 0x74 && s[3] == 0x70: self = .http
            case 4 where s[0] == 0x66 && s[1] == 0x69 && s[2] == 0x6C && s[3] == 0x65: self = .file
            case 5 where s[0] == 0x68 && s[1] == 0x74 && s[2] == 0x74 && s[3] == 0x70 && s[4] == 0x73: self = .https
            default: self = .other
            }
        }

        /// The default port; nil for `file` and non-special schemes.
        var defaultPort: Int? {
            switch self {
            case .http, .ws: return 80
            case .https, .wss: return 443
            case .ftp: return 21
            case .file, .other: return nil
            }
        }
    }

    /// The scheme, ASCII lower-case; `schemeKind` follows it.
    var scheme: [UInt8] = [] { didSet { schemeKind = SchemeKind(scheme) } }
    private(set) var schemeKind = SchemeKind.other
    var username: [UInt8] = []
    var password: [UInt8] = []
    var host: URLHost?
    var port: Int?
    /// The path segments; unused when `opaquePath` is set.
    var path: [[UInt8]] = []
    /// The opaque path of a URL such as `mailto:a@b` (https://url.spec.whatwg.org/#url-opaque-path).
    var opaquePath: [UInt8]?
    var query: [UInt8]?
    var fragment: [UInt8]?

    var isSpecial: Bool { schemeKind != .other }
    static let fileScheme: [UInt8] = Array("file".utf8)
    var isFile: Bool { schemeKind == .file }

    var schemeString: String { String(decoding: scheme, as: UTF8.self) }

    /// The serialized path (https://url.spec.whatwg.org/#url-path-serializer).
    var serializedPath: [UInt8] {
        if let opaquePath { return opaquePath }
        var out: [UInt8] = []
        for segment in path {
            out.append(URLByte.slash)
            out.append(contentsOf: segment)
        }
        return out
    }

    /// The URL serializer (https://url.spec.whatwg.org/#concept-url-serializer).
    func serialized(excludeFragment: Bool = false) -> [UInt8] {
        // 1. Let output be url's scheme and U+003A (:) concatenated.
        var out = scheme
        out.append(URLByte.colon)
        // 2. If url's host is non-null:
        if let host {
            out.append(URLByte.slash); out.append(URLByte.slash)
            if !username.isEmpty || !password.isEmpty {
                out.append(contentsOf: username)
                if !password.isEmpty { out.append(URLByte.colon); out.append(contentsOf: password) }
                out.append(URLByte.at)
            }
            out.append(contentsOf: host.serialized.utf8)
            if let port { out.append(URLByte.colon); out.append(contentsOf: String(port).utf8) }
        }
        // 3. If url's host is null, url does not have an opaque path, url's path's size is greater
        // than 1, and url's path[0] is the empty string, then append U+002F (/) followed by U+002E (.).
        if host == nil, opaquePath == nil, path.count > 1, path[0].isEmpty {
            out.append(URLByte.slash); out.append(URLByte.dot)
        }
        // 4. Append the result of URL path serializing url to output.
        out.append(contentsOf: serializedPath)
        // 5-6. Query and fragment.
        if let query { out.append(URLByte.question); out.append(contentsOf: query) }
        if !excludeFragment, let fragment { out.append(URLByte.hash); out.append(contentsOf: fragment) }
        return out
    }

    /// Shorten a URL's path (https://url.spec.whatwg.org/#shorten-a-urls-path).
    mutating func shortenPath() {
        if isFile, path.count == 1, isNormalizedWindowsDriveLetter(path[0]) { return }
        if !path.isEmpty { path.removeLast() }
    }
}

/// The bytes the parser names.
enum URLByte {
    static let tab: UInt8 = 0x09, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20
    static let quote: UInt8 = 0x22, hash: UInt8 = 0x23, percent: UInt8 = 0x25, apostrophe: UInt8 = 0x27
    static let plus: UInt8 = 0x2B, minus: UInt8 = 0x2D, dot: UInt8 = 0x2E, slash: UInt8 = 0x2F
    static let colon: UInt8 = 0x3A, lessThan: UInt8 = 0x3C, greaterThan: UInt8 = 0x3E, question: UInt8 = 0x3F
    static let at: UInt8 = 0x40, openBracket: UInt8 = 0x5B, backslash: UInt8 = 0x5C, closeBracket: UInt8 = 0x5D
    static let pipe: UInt8 = 0x7C
}

@inline(__always) private func isASCIIAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
@inline(__always) private func isASCIIDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
@inline(__always) private func isASCIIHexDigit(_ c: UInt8) -> Bool {
    isASCIIDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66)
}
@inline(__always) private func asciiLower(_ c: UInt8) -> UInt8 { (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }
@inline(__always) private func hexValue(_ c: UInt8) -> UInt8 {
    isASCIIDigit(c) ? c - 0x30 : (c | 0x20) - 0x61 + 10
}

/// A percent-encode set (https://url.spec.whatwg.org/#percent-encoded-bytes).
enum PercentEncodeSet {
    /// C0 controls and every byte above U+007E.
    case c0Control
    /// C0 control set and space, `"`, `<`, `>`, backquote.
    case fragment
    /// C0 control set and space, `"`, `#`, `<`, `>`.
    case query
    /// The query set and `'`.
    case specialQuery
    /// The query set and `?`, `^`, backquote, `{`, `}`.
    case path
    /// The path set and `/`, `:`, `;`, `=`, `@`, `[` to `^`, `|`.
    case userinfo

    @inline(__always) func contains(_ c: UInt8) -> Bool {
        if c < 0x20 || c > 0x7E { return true }
        switch self {
        case .c0Control: return false
        case .fragment: return c == 0x20 || c == 0x22 || c == 0x3C || c == 0x3E || c == 0x60
        case .query: return c == 0x20 || c == 0x22 || c == 0x23 || c == 0x3C || c == 0x3E
        case .specialQuery: return PercentEncodeSet.query.contains(c) || c == 0x27
        case .path: return PercentEncodeSet.query.contains(c) || c == 0x3F || c == 0x5E || c == 0x60 || c == 0x7B || c == 0x7D
        case .userinfo:
            return PercentEncodeSet.path.contains(c) || c == 0x2F || c == 0x3A || c == 0x3B || c == 0x3D || c == 0x40
                || (c >= 0x5B && c <= 0x5E) || c == 0x7C
        }
    }
}

private let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

/// Appends `c`, percent-encoded when it is in `set`.
@inline(__always) func appendPercentEncoded(_ c: UInt8, _ set: PercentEncodeSet, to out: inout [UInt8]) {
    if set.contains(c) {
        out.append(URLByte.percent)
        out.append(upperHex[Int(c >> 4)])
        out.append(upperHex[Int(c & 0xF)])
    } else {
        out.append(c)
    }
}

/// Percent-decode a byte sequence (https://url.spec.whatwg.org/#percent-decode).
func percentDecode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8, C.Index == Int {
    var out: [UInt8] = []
    out.reserveCapacity(input.count)
    var i = input.startIndex
    while i < input.endIndex {
        let c = input[i]
        if c == URLByte.percent, i + 2 < input.endIndex, isASCIIHexDigit(input[i + 1]), isASCIIHexDigit(input[i + 2]) {
            out.append(hexValue(input[i + 1]) << 4 | hexValue(input[i + 2]))
            i += 3
        } else {
            out.append(c)
            i += 1
        }
    }
    return out
}

/// A Windows drive letter: an ASCII alpha followed by `:` or `|`
/// (https://url.spec.whatwg.org/#windows-drive-letter).
private func isWindowsDriveLetter(_ s: [UInt8]) -> Bool {
    s.count == 2 && isASCIIAlpha(s[0]) && (s[1] == URLByte.colon || s[1] == URLByte.pipe)
}

private func isNormalizedWindowsDriveLetter(_ s: [UInt8]) -> Bool {
    s.count == 2 && isASCIIAlpha(s[0]) && s[1] == URLByte.colon
}

/// Whether `input[from...]` starts with a Windows drive letter
/// (https://url.spec.whatwg.org/#start-with-a-windows-drive-letter).
private func startsWithWindowsDriveLetter(_ input: [UInt8], from: Int) -> Bool {
    guard from >= 0, input.count - from >= 2, isASCIIAlpha(input[from]),
          input[from + 1] == URLByte.colon || input[from + 1] == URLByte.pipe else { return false }
    if input.count - from == 2 { return true }
    let c = input[from + 2]
    return c == URLByte.slash || c == URLByte.backslash || c == URLByte.question || c == URLByte.hash
}

/// `.` or `%2e` at `s[from..<from + length]`, case-insensitively.
@inline(__always) private func isDot(_ s: [UInt8], _ from: Int, _ length: Int) -> Bool {
    length == 1 ? s[from] == URLByte.dot
        : s[from] == URLByte.percent && s[from + 1] == 0x32 && (s[from + 2] | 0x20) == 0x65
}

/// `.` or `%2e` (https://url.spec.whatwg.org/#single-dot-path-segment).
private func isSingleDot(_ s: [UInt8]) -> Bool {
    (s.count == 1 || s.count == 3) && isDot(s, 0, s.count)
}

/// `..`, `.%2e`, `%2e.` or `%2e%2e`, case-insensitively
/// (https://url.spec.whatwg.org/#double-dot-path-segment).
private func isDoubleDot(_ s: [UInt8]) -> Bool {
    switch s.count {
    case 2: return isDot(s, 0, 1) && isDot(s, 1, 1)
    case 4: return (isDot(s, 0, 1) && isDot(s, 1, 3)) || (isDot(s, 0, 3) && isDot(s, 3, 1))
    case 6: return isDot(s, 0, 3) && isDot(s, 3, 3)
    default: return false
    }
}

/// Why parsing failed: the validation error and the part of the input it is about (the host or
/// the port as written; empty when there is no such part).
struct URLParseFailure: Error, Sendable, Hashable {
    var error: URLValidationError
    var context: [UInt8]
}

/// The basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser), without the
/// state override. Returns the URL record or the validation error that made parsing fail.
func parseURL(_ text: String, base: URLRecord? = nil) -> Result<URLRecord, URLParseFailure> {
    let raw = Array(text.utf8)
    // 1.1-1.2. Remove any leading and trailing C0 control or space from input.
    var start = 0, end = raw.count
    while start < end, raw[start] <= 0x20 { start += 1 }
    while end > start, raw[end - 1] <= 0x20 { end -= 1 }
    // 2-3. Remove all ASCII tab or newline from input.
    var input: [UInt8] = []
    input.reserveCapacity(end - start)
    for c in raw[start..<end] where c != URLByte.tab && c != URLByte.lf && c != URLByte.cr { input.append(c) }
    var machine = URLStateMachine(input: input, base: base)
    return machine.run()
}

private struct URLStateMachine {
    enum State {
        case schemeStart, scheme, noScheme, specialRelativeOrAuthority, pathOrAuthority, relative, relativeSlash
        case specialAuthoritySlashes, specialAuthorityIgnoreSlashes, authority, host, port
        case file, fileSlash, fileHost, pathStart, path, opaquePath, query, fragment
    }

    let input: [UInt8]
    let base: URLRecord?
    var url = URLRecord()
    var state = State.schemeStart
    var buffer: [UInt8] = []
    var atSignSeen = false, insideBrackets = false, passwordTokenSeen = false
    var pointer = 0

    init(input: [UInt8], base: URLRecord?) {
        self.input = input
        self.base = base
    }

    /// The code point after the pointer, or nil at the end.
    func remaining(_ offset: Int) -> UInt8? {
        let i = pointer + offset
        return i >= 0 && i < input.count ? input[i] : nil
    }

    mutating func run() -> Result<URLRecord, URLParseFailure> {
        while true {
            let c: UInt8? = pointer >= 0 && pointer < input.count ? input[pointer] : nil
            if let failure = step(c) {
                var context = buffer
                if failure == .portInvalid {
                    // The port as written: up to the end of the authority.
                    var i = pointer
                    while i < input.count, ![URLByte.slash, URLByte.question, URLByte.hash, URLByte.backslash].contains(input[i]) {
                        context.append(input[i])
                        i += 1
                    }
                }
                return .failure(URLParseFailure(error: failure, context: context))
            }
            if pointer >= input.count { break }
            pointer += 1
        }
        return .success(url)
    }

    /// One run of the state machine for code point `c` (nil is the EOF code point).
    mutating func step(_ c: UInt8?) -> URLValidationError? {
        let special = url.isSpecial
        let isSlashOrSpecialBackslash = c == URLByte.slash || (special && c == URLByte.backslash)
        switch state {
        case .schemeStart:
            if let c, isASCIIAlpha(c) {
                buffer.append(asciiLower(c))
                state = .scheme
            } else {
                state = .noScheme
                pointer -= 1
            }

        case .scheme:
            if let c, isASCIIAlpha(c) || isASCIIDigit(c) || c == URLByte.plus || c == URLByte.minus || c == URLByte.dot {
                buffer.append(asciiLower(c))
            } else if c == URLByte.colon {
                url.scheme = buffer
                buffer = []
                if url.isFile {
                    state = .file
                } else if url.isSpecial, let base, base.scheme == url.scheme {
                    state = .specialRelativeOrAuthority
                } else if url.isSpecial {
                    state = .specialAuthoritySlashes
                } else if remaining(1) == URLByte.slash {
                    state = .pathOrAuthority
                    pointer += 1
                } else {
                    url.opaquePath = []
                    state = .opaquePath
                }
            } else {
                buffer = []
                state = .noScheme
                pointer = -1
            }

        case .noScheme:
            guard let base, base.opaquePath == nil || c == URLByte.hash else { return .missingSchemeNonRelativeURL }
            if base.opaquePath != nil {
                url.scheme = base.scheme
                url.opaquePath = base.opaquePath
                url.query = base.query
                url.fragment = []
                state = .fragment
            } else if !base.isFile {
                state = .relative
                pointer -= 1
            } else {
                state = .file
                pointer -= 1
            }

        case .specialRelativeOrAuthority:
            if c == URLByte.slash, remaining(1) == URLByte.slash {
                state = .specialAuthorityIgnoreSlashes
                pointer += 1
            } else {
                state = .relative
                pointer -= 1
            }

        case .pathOrAuthority:
            if c == URLByte.slash {
                state = .authority
            } else {
                state = .path
                pointer -= 1
            }

        case .relative:
            let base = self.base!
            url.scheme = base.scheme
            if c == URLByte.slash || (url.isSpecial && c == URLByte.backslash) {
                state = .relativeSlash
            } else {
                url.username = base.username
                url.password = base.password
                url.host = base.host
                url.port = base.port
                url.path = base.path
                url.query = base.query
                if c == URLByte.question {
                    url.query = []
                    state = .query
                } else if c == URLByte.hash {
                    url.fragment = []
                    state = .fragment
                } else if c != nil {
                    url.query = nil
                    url.shortenPath()
                    state = .path
                    pointer -= 1
                }
            }

        case .relativeSlash:
            if special && (c == URLByte.slash || c == URLByte.backslash) {
                state = .specialAuthorityIgnoreSlashes
            } else if c == URLByte.slash {
                state = .authority
            } else {
                let base = self.base!
                url.username = base.username
                url.password = base.password
                url.host = base.host
                url.port = base.port
                state = .path
                pointer -= 1
            }

        case .specialAuthoritySlashes:
            if c == URLByte.slash, remaining(1) == URLByte.slash {
                state = .specialAuthorityIgnoreSlashes
                pointer += 1
            } else {
                state = .specialAuthorityIgnoreSlashes
                pointer -= 1
            }

        case .specialAuthorityIgnoreSlashes:
            if c != URLByte.slash && c != URLByte.backslash {
                state = .authority
                pointer -= 1
            }

        case .authority:
            if c == URLByte.at {
                // 1.2. If atSignSeen is true, then prepend "%40" to buffer.
                if atSignSeen { buffer.insert(contentsOf: [URLByte.percent, 0x34, 0x30], at: 0) }
                atSignSeen = true
                for b in buffer {
                    if b == URLByte.colon && !passwordTokenSeen {
                        passwordTokenSeen = true
                        continue
                    }
                    if passwordTokenSeen {
                        appendPercentEncoded(b, .userinfo, to: &url.password)
                    } else {
                        appendPercentEncoded(b, .userinfo, to: &url.username)
                    }
                }
                buffer = []
            } else if c == nil || c == URLByte.slash || c == URLByte.question || c == URLByte.hash || (special && c == URLByte.backslash) {
                if atSignSeen && buffer.isEmpty { return .hostMissing }
                pointer -= buffer.count + 1
                buffer = []
                state = .host
            } else {
                buffer.append(c!)
            }

        case .host:
            if c == URLByte.colon && !insideBrackets {
                if buffer.isEmpty { return .hostMissing }
                switch parseHost(buffer, isOpaque: !special) {
                case .failure(let e): return e
                case .success(let host): url.host = host
                }
                buffer = []
                state = .port
            } else if c == nil || c == URLByte.slash || c == URLByte.question || c == URLByte.hash || (special && c == URLByte.backslash) {
                pointer -= 1
                if special && buffer.isEmpty { return .hostMissing }
                switch parseHost(buffer, isOpaque: !special) {
                case .failure(let e): return e
                case .success(let host): url.host = host
                }
                buffer = []
                state = .pathStart
            } else {
                if c == URLByte.openBracket { insideBrackets = true }
                if c == URLByte.closeBracket { insideBrackets = false }
                buffer.append(c!)
            }

        case .port:
            if let c, isASCIIDigit(c) {
                buffer.append(c)
            } else if c == nil || c == URLByte.slash || c == URLByte.question || c == URLByte.hash || (special && c == URLByte.backslash) {
                if !buffer.isEmpty {
                    var port = 0
                    for d in buffer {
                        port = port * 10 + Int(d - 0x30)
                        if port > 65535 { return .portOutOfRange }
                    }
                    url.port = url.schemeKind.defaultPort == port ? nil : port
                    buffer = []
                }
                state = .pathStart
                pointer -= 1
            } else {
                return .portInvalid
            }

        case .file:
            if !url.isFile { url.scheme = URLRecord.fileScheme }
            url.host = .empty
            if c == URLByte.slash || c == URLByte.backslash {
                state = .fileSlash
            } else if let base, base.isFile {
                url.host = base.host
                url.path = base.path
                url.query = base.query
                if c == URLByte.question {
                    url.query = []
                    state = .query
                } else if c == URLByte.hash {
                    url.fragment = []
                    state = .fragment
                } else if c != nil {
                    url.query = nil
                    if !startsWithWindowsDriveLetter(input, from: pointer) {
                        url.shortenPath()
                    } else {
                        url.path = []
                    }
                    state = .path
                    pointer -= 1
                }
            } else {
                state = .path
                pointer -= 1
            }

        case .fileSlash:
            if c == URLByte.slash || c == URLByte.backslash {
                state = .fileHost
            } else {
                if let base, base.isFile {
                    url.host = base.host
                    if !startsWithWindowsDriveLetter(input, from: pointer),
                       let first = base.path.first, isNormalizedWindowsDriveLetter(first) {
                        url.path.append(first)
                    }
                }
                state = .path
                pointer -= 1
            }

        case .fileHost:
            if c == nil || c == URLByte.slash || c == URLByte.backslash || c == URLByte.question || c == URLByte.hash {
                pointer -= 1
                if isWindowsDriveLetter(buffer) {
                    // The Windows drive letter quirk: buffer is kept and used in the path state.
                    state = .path
                } else if buffer.isEmpty {
                    url.host = .empty
                    state = .pathStart
                } else {
                    switch parseHost(buffer, isOpaque: !special) {
                    case .failure(let e): return e
                    case .success(let host): url.host = host == .domain("localhost") ? .empty : host
                    }
                    buffer = []
                    state = .pathStart
                }
            } else {
                buffer.append(c!)
            }

        case .pathStart:
            if special {
                state = .path
                if c != URLByte.slash && c != URLByte.backslash { pointer -= 1 }
            } else if c == URLByte.question {
                url.query = []
                state = .query
            } else if c == URLByte.hash {
                url.fragment = []
                state = .fragment
            } else if c != nil {
                state = .path
                if c != URLByte.slash { pointer -= 1 }
            }

        case .path:
            if c == nil || isSlashOrSpecialBackslash || c == URLByte.question || c == URLByte.hash {
                if isDoubleDot(buffer) {
                    url.shortenPath()
                    if !isSlashOrSpecialBackslash { url.path.append([]) }
                } else if isSingleDot(buffer) {
                    if !isSlashOrSpecialBackslash { url.path.append([]) }
                } else {
                    if url.isFile, url.path.isEmpty, isWindowsDriveLetter(buffer) {
                        buffer[1] = URLByte.colon
                    }
                    url.path.append(buffer)
                }
                buffer = []
                if c == URLByte.question {
                    url.query = []
                    state = .query
                } else if c == URLByte.hash {
                    url.fragment = []
                    state = .fragment
                }
            } else {
                appendPercentEncoded(c!, .path, to: &buffer)
            }

        case .opaquePath:
            if c == URLByte.question {
                url.query = []
                state = .query
            } else if c == URLByte.hash {
                url.fragment = []
                state = .fragment
            } else if c == URLByte.space {
                // A space before a query or fragment is encoded so that it is not lost when the
                // query or fragment is removed (https://url.spec.whatwg.org/#cannot-be-a-base-url-path-state).
                if remaining(1) == URLByte.question || remaining(1) == URLByte.hash {
                    url.opaquePath!.append(contentsOf: [URLByte.percent, 0x32, 0x30])
                } else {
                    url.opaquePath!.append(URLByte.space)
                }
            } else if let c {
                appendPercentEncoded(c, .c0Control, to: &url.opaquePath!)
            }

        case .query:
            if c == URLByte.hash {
                url.fragment = []
                state = .fragment
            } else if let c {
                if url.query == nil { url.query = [] }
                appendPercentEncoded(c, special ? .specialQuery : .query, to: &url.query!)
            }

        case .fragment:
            if let c { appendPercentEncoded(c, .fragment, to: &url.fragment!) }
        }
        return nil
    }
}

// MARK: Hosts

/// A forbidden host code point (https://url.spec.whatwg.org/#forbidden-host-code-point).
@inline(__always) func isForbiddenHostCodePoint(_ c: UInt8) -> Bool {
    switch c {
    case 0x00, 0x09, 0x0A, 0x0D, 0x20, 0x23, 0x2F, 0x3A, 0x3C, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D, 0x5E, 0x7C: return true
    default: return false
    }
}

/// A forbidden domain code point (https://url.spec.whatwg.org/#forbidden-domain-code-point):
/// a forbidden host code point, a C0 control, `%` or DEL.
@inline(__always) func isForbiddenDomainCodePoint(_ c: UInt8) -> Bool {
    isForbiddenHostCodePoint(c) || c <= 0x1F || c == URLByte.percent || c == 0x7F
}

/// The host parser (https://url.spec.whatwg.org/#concept-host-parser).
func parseHost(_ input: [UInt8], isOpaque: Bool) -> Result<URLHost, URLValidationError> {
    // 1. If input starts with U+005B ([), then: if input does not end with U+005D (]),
    // IPv6-unclosed validation error, return failure; return the IPv6 parse of the inside.
    if input.first == URLByte.openBracket {
        guard input.count >= 2, input.last == URLByte.closeBracket else { return .failure(.ipv6Unclosed) }
        return parseIPv6(input[1..<(input.count - 1)]).map(URLHost.ipv6)
    }
    // 2. If isOpaque is true, then return the result of opaque-host parsing input.
    if isOpaque {
        if input.contains(where: isForbiddenHostCodePoint) { return .failure(.hostInvalidCodePoint) }
        var out: [UInt8] = []
        for c in input { appendPercentEncoded(c, .c0Control, to: &out) }
        return .success(.opaque(String(decoding: out, as: UTF8.self)))
    }
    // 4. Let domain be the result of running UTF-8 decode without BOM on the percent-decoding of input.
    let decoded = percentDecode(input)
    // 5. Let asciiDomain be the result of running domain to ASCII with domain and false.
    let asciiDomain: [UInt8]
    switch domainToASCII(decoded) {
    case .failure(let e): return .failure(e)
    case .success(let d): asciiDomain = d
    }
    // 6. If asciiDomain ends in a number, then return the result of IPv4 parsing asciiDomain.
    if endsInANumber(asciiDomain) { return parseIPv4(asciiDomain).map(URLHost.ipv4) }
    // 7. Return asciiDomain.
    return .success(.domain(String(decoding: asciiDomain, as: UTF8.self)))
}

/// Domain to ASCII with beStrict false (https://url.spec.whatwg.org/#concept-domain-to-ascii).
func domainToASCII(_ domain: [UInt8]) -> Result<[UInt8], URLValidationError> {
    var result: [UInt8]
    // 1. If domain is an ASCII string and no label starts with "xn--", UTS #46 ToASCII is ASCII lower-casing.
    if domain.allSatisfy({ $0 < 0x80 }) && !hasPunycodeLabel(domain) {
        result = domain.map(asciiLower)
    } else {
        guard let ascii = uts46ToASCII(domain) else { return .failure(.domainToASCII) }
        result = ascii
    }
    // 3. If result is the empty string, domain-to-ASCII validation error, return failure.
    if result.isEmpty { return .failure(.domainToASCII) }
    // 4. If result contains a forbidden domain code point, domain-invalid-code-point validation error.
    if result.contains(where: isForbiddenDomainCodePoint) { return .failure(.domainInvalidCodePoint) }
    return .success(result)
}

private func hasPunycodeLabel(_ domain: [UInt8]) -> Bool {
    domain.split(separator: URLByte.dot, omittingEmptySubsequences: false).contains { label in
        label.count >= 4 && asciiLower(label[label.startIndex]) == 0x78 && asciiLower(label[label.startIndex + 1]) == 0x6E
            && label[label.startIndex + 2] == URLByte.minus && label[label.startIndex + 3] == URLByte.minus
    }
}

/// UTS #46 ToASCII (https://www.unicode.org/reports/tr46/#ToASCII) with the URL Standard's
/// parameters (CheckHyphens, UseSTD3ASCIIRules, VerifyDnsLength and Transitional_Processing
/// false), or nil on failure.
///
/// SIMULATION: the UTS #46 mapping table is not shipped; the Unicode properties the standard
/// library knows stand in for it. A code point is ignored when it is default-ignorable and changes
/// under NFKC_Casefold (U+00AD, U+200B, U+2060, U+FEFF ...); mapped when the simple lower-case
/// mapping, the full-width-to-ASCII mapping, the ideographic full stops (to `.`) or a space
/// separator (to a space, then refused) gives a code point that NFKC_Casefold leaves alone; refused
/// when it is unassigned, a noncharacter, private-use, a control or a format character, or
/// another compatibility character whose mapping needs the table (`①`, mathematical letters),
/// and ZWJ/ZWNJ are refused (no CheckJoiners). No NFC normalization, no CheckBidi. ASCII hosts,
/// which are all the lessons use, are exact.
private func uts46ToASCII(_ domain: [UInt8]) -> [UInt8]? {
    // 1. Map.
    var mapped: [Unicode.Scalar] = []
    for scalar in String(decoding: domain, as: UTF8.self).unicodeScalars {
        let v = scalar.value
        if v < 0x80 {
            mapped.append(Unicode.Scalar(UInt8(v) >= 0x41 && UInt8(v) <= 0x5A ? v | 0x20 : v)!)
            continue
        }
        switch v {
        case 0x3002, 0xFF0E, 0xFF61: mapped.append(".")
        case 0xFF01...0xFF5E: mapped.append(Unicode.Scalar(asciiLower(UInt8(v - 0xFEE0))))
        case 0xDF, 0x3C2: mapped.append(scalar)  // deviation characters, valid in nontransitional processing
        case 0x200C, 0x200D: return nil
        default:
            let p = scalar.properties
            if p.isDefaultIgnorableCodePoint && p.changesWhenNFKCCaseFolded { continue }
            switch p.generalCategory {
            case .unassigned, .privateUse, .surrogate, .control, .format: return nil
            case .spaceSeparator: mapped.append(" "); continue
            default: break
            }
            if p.isNoncharacterCodePoint || v == 0xFFFD { return nil }
            if !p.changesWhenNFKCCaseFolded { mapped.append(scalar); continue }
            let lower = p.lowercaseMapping.unicodeScalars
            guard lower.count == 1, let l = lower.first,
                  l.value == 0xDF || l.value == 0x3C2 || !l.properties.changesWhenNFKCCaseFolded else { return nil }
            mapped.append(l)
        }
    }
    // 2-4. Break into labels; convert each: a Punycode label must decode to a valid non-ASCII
    // label; a non-ASCII label is encoded.
    var out: [UInt8] = []
    var label: [Unicode.Scalar] = []
    func isValid(_ label: [Unicode.Scalar]) -> Bool {
        // With CheckHyphens false, a label must not begin with "xn--" (UTS #46 section 4.1, step 4).
        if label.count >= 4, label[0] == "x", label[1] == "n", label[2] == "-", label[3] == "-" { return false }
        if let first = label.first, [.nonspacingMark, .spacingMark, .enclosingMark].contains(first.properties.generalCategory) {
            return false
        }
        return label.allSatisfy { s in
            if s.isASCII { return !(s.value >= 0x41 && s.value <= 0x5A) }
            if s.value == 0xDF || s.value == 0x3C2 { return true }
            let p = s.properties
            switch p.generalCategory {
            case .unassigned, .privateUse, .surrogate, .control, .format, .spaceSeparator: return false
            default: return !p.isNoncharacterCodePoint && !p.changesWhenNFKCCaseFolded
            }
        }
    }
    func finish() -> Bool {
        defer { label.removeAll(keepingCapacity: true) }
        if label.allSatisfy({ $0.isASCII }) {
            let bytes = label.map { UInt8($0.value) }
            if bytes.count >= 4, bytes[0] == 0x78, bytes[1] == 0x6E, bytes[2] == URLByte.minus, bytes[3] == URLByte.minus {
                guard let decoded = punycodeDecode(Array(bytes[4...])), !decoded.isEmpty,
                      !decoded.allSatisfy({ $0.isASCII }), isValid(decoded) else { return false }
            }
            out.append(contentsOf: bytes)
            return true
        }
        guard isValid(label), let encoded = punycodeEncode(label) else { return false }
        out.append(contentsOf: Array("xn--".utf8))
        out.append(contentsOf: encoded)
        return true
    }
    for s in mapped {
        if s == "." {
            guard finish() else { return nil }
            out.append(URLByte.dot)
        } else {
            label.append(s)
        }
    }
    guard finish() else { return nil }
    return out
}

// MARK: Punycode (https://www.rfc-editor.org/rfc/rfc3492)

private let punyBase = 36, punyTMin = 1, punyTMax = 26, punySkew = 38, punyDamp = 700
private let punyInitialBias = 72, punyInitialN = 128

private func punyAdapt(_ delta: Int, _ numPoints: Int, _ firstTime: Bool) -> Int {
    var delta = firstTime ? delta / punyDamp : delta / 2
    delta += delta / numPoints
    var k = 0
    while delta > ((punyBase - punyTMin) * punyTMax) / 2 {
        delta /= punyBase - punyTMin
        k += punyBase
    }
    return k + (punyBase - punyTMin + 1) * delta / (delta + punySkew)
}

private func punyDigit(_ d: Int) -> UInt8 { UInt8(d < 26 ? d + 0x61 : d - 26 + 0x30) }

/// Punycode-encodes a label (RFC 3492 section 6.3); nil on overflow.
func punycodeEncode(_ input: [Unicode.Scalar]) -> [UInt8]? {
    let codePoints = input.map { Int($0.value) }
    var out: [UInt8] = codePoints.filter { $0 < 0x80 }.map { UInt8($0) }
    let basicCount = out.count
    var handled = basicCount
    if basicCount > 0 { out.append(URLByte.minus) }
    var n = punyInitialN, delta = 0, bias = punyInitialBias
    let limit = Int(Int32.max)
    while handled < codePoints.count {
        let m = codePoints.filter { $0 >= n }.min()!
        guard (m - n) <= (limit - delta) / (handled + 1) else { return nil }
        delta += (m - n) * (handled + 1)
        n = m
        for c in codePoints {
            if c < n {
                delta += 1
                guard delta <= limit else { return nil }
            }
            if c == n {
                var q = delta
                var k = punyBase
                while true {
                    let t = k <= bias ? punyTMin : (k >= bias + punyTMax ? punyTMax : k - bias)
                    if q < t { break }
                    out.append(punyDigit(t + (q - t) % (punyBase - t)))
                    q = (q - t) / (punyBase - t)
                    k += punyBase
                }
                out.append(punyDigit(q))
                bias = punyAdapt(delta, handled + 1, handled == basicCount)
                delta = 0
                handled += 1
            }
        }
        delta += 1
        n += 1
    }
    return out
}

/// Punycode-decodes a label's ASCII form after `xn--` (RFC 3492 section 6.2); nil when invalid.
func punycodeDecode(_ input: [UInt8]) -> [Unicode.Scalar]? {
    var output: [Int] = []
    var start = 0
    if let lastDelimiter = input.lastIndex(of: URLByte.minus) {
        for c in input[..<lastDelimiter] {
            guard c < 0x80 else { return nil }
            output.append(Int(c))
        }
        start = lastDelimiter + 1
    }
    var n = punyInitialN, i = 0, bias = punyInitialBias
    var pos = start
    let limit = Int(Int32.max)
    while pos < input.count {
        let oldI = i
        var w = 1
        var k = punyBase
        while true {
            guard pos < input.count else { return nil }
            let c = input[pos]
            pos += 1
            let digit: Int
            switch c {
            case 0x30...0x39: digit = Int(c) - 0x30 + 26
            case 0x41...0x5A: digit = Int(c) - 0x41
            case 0x61...0x7A: digit = Int(c) - 0x61
            default: return nil
            }
            guard digit <= (limit - i) / w else { return nil }
            i += digit * w
            let t = k <= bias ? punyTMin : (k >= bias + punyTMax ? punyTMax : k - bias)
            if digit < t { break }
            guard w <= limit / (punyBase - t) else { return nil }
            w *= punyBase - t
            k += punyBase
        }
        bias = punyAdapt(i - oldI, output.count + 1, oldI == 0)
        guard i / (output.count + 1) <= limit - n else { return nil }
        n += i / (output.count + 1)
        i %= output.count + 1
        guard n >= 0x80, n <= 0x10FFFF, !(0xD800...0xDFFF).contains(n) else { return nil }
        output.insert(n, at: i)
        i += 1
    }
    return output.map { Unicode.Scalar(UInt32($0))! }
}

// MARK: IPv4

/// Ends in a number (https://url.spec.whatwg.org/#ends-in-a-number-checker).
func endsInANumber(_ input: [UInt8]) -> Bool {
    // 1. Let parts be the result of strictly splitting input on U+002E (.).
    var parts = input.split(separator: URLByte.dot, omittingEmptySubsequences: false)
    // 2. If the last item in parts is the empty string: if parts's size is 1, return false;
    // remove the last item from parts.
    if parts.last!.isEmpty {
        if parts.count == 1 { return false }
        parts.removeLast()
    }
    // 3-4. If last is non-empty and contains only ASCII digits, then return true.
    let last = parts.last!
    if !last.isEmpty && last.allSatisfy(isASCIIDigit) { return true }
    // 5. If parsing last as an IPv4 number does not return failure, then return true.
    return parseIPv4Number(last) != nil
}

/// The IPv4 number parser (https://url.spec.whatwg.org/#ipv4-number-parser): decimal, `0x`
/// hexadecimal or `0`-prefixed octal. Values above 2^32 saturate (they are failures anyway).
private func parseIPv4Number(_ part: ArraySlice<UInt8>) -> UInt64? {
    // 1. If input is the empty string, then return failure.
    if part.isEmpty { return nil }
    var input = part
    var radix: UInt64 = 10
    // 3-4. A "0x" or "0X" prefix means hexadecimal; a leading "0" means octal.
    if input.count >= 2, input[input.startIndex] == 0x30, (input[input.startIndex + 1] | 0x20) == 0x78 {
        input = input.dropFirst(2)
        radix = 16
    } else if input.count >= 2, input[input.startIndex] == 0x30 {
        input = input.dropFirst(1)
        radix = 8
    }
    // 5. If input is the empty string, then return (0, true).
    if input.isEmpty { return 0 }
    // 6. If input contains a code point that is not a radix-R digit, then return failure.
    var value: UInt64 = 0
    for c in input {
        let digit: UInt64
        switch radix {
        case 8: guard c >= 0x30 && c <= 0x37 else { return nil }; digit = UInt64(c - 0x30)
        case 10: guard isASCIIDigit(c) else { return nil }; digit = UInt64(c - 0x30)
        default: guard isASCIIHexDigit(c) else { return nil }; digit = UInt64(hexValue(c))
        }
        value = min(value * radix + digit, 1 << 40)
    }
    return value
}

/// The IPv4 parser (https://url.spec.whatwg.org/#concept-ipv4-parser).
func parseIPv4(_ input: [UInt8]) -> Result<UInt32, URLValidationError> {
    // 1. Let parts be the result of strictly splitting input on U+002E (.).
    var parts = input.split(separator: URLByte.dot, omittingEmptySubsequences: false)
    // 2. If the last item in parts is the empty string: if parts's size is greater than 1,
    // remove the last item from parts.
    if parts.last!.isEmpty, parts.count > 1 { parts.removeLast() }
    // 3. If parts's size is greater than 4, IPv4-too-many-parts validation error, return failure.
    if parts.count > 4 { return .failure(.ipv4TooManyParts) }
    // 4-5. Parse each part; a failure is an IPv4-non-numeric-part validation error.
    var numbers: [UInt64] = []
    for part in parts {
        guard let n = parseIPv4Number(part) else { return .failure(.ipv4NonNumericPart) }
        numbers.append(n)
    }
    // 7. If any but the last item in numbers is greater than 255, return failure.
    if numbers.dropLast().contains(where: { $0 > 255 }) { return .failure(.ipv4OutOfRangePart) }
    // 8. If the last item in numbers is greater than or equal to 256^(5 − numbers's size), failure.
    if numbers.last! >= UInt64(1) << (8 * UInt64(5 - numbers.count)) { return .failure(.ipv4OutOfRangePart) }
    // 9-11. ipv4 is the last item plus each other item times 256^(3 − counter).
    var ipv4 = numbers.last!
    for (counter, n) in numbers.dropLast().enumerated() { ipv4 += n << (8 * UInt64(3 - counter)) }
    return .success(UInt32(ipv4))
}

/// The IPv4 serializer (https://url.spec.whatwg.org/#concept-ipv4-serializer).
func serializeIPv4(_ address: UInt32) -> String {
    "\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)"
}

// MARK: IPv6

/// The IPv6 parser (https://url.spec.whatwg.org/#concept-ipv6-parser).
func parseIPv6(_ input: ArraySlice<UInt8>) -> Result<[UInt16], URLValidationError> {
    let input = Array(input)
    // 1-4. address is eight 0 pieces; pieceIndex 0; compress null; pointer 0.
    var address = [UInt16](repeating: 0, count: 8)
    var pieceIndex = 0
    var compress: Int?
    var pointer = 0
    func c(_ i: Int) -> UInt8? { i < input.count ? input[i] : nil }
    // 5. If c is U+003A (:): if remaining does not start with U+003A (:), IPv6-invalid-compression;
    // increase pointer by 2, pieceIndex by 1, set compress to pieceIndex.
    if c(pointer) == URLByte.colon {
        guard c(pointer + 1) == URLByte.colon else { return .failure(.ipv6InvalidCompression) }
        pointer += 2
        pieceIndex += 1
        compress = pieceIndex
    }
    // 6. While c is not the EOF code point:
    while c(pointer) != nil {
        // 6.1. If pieceIndex is 8, IPv6-too-many-pieces validation error, return failure.
        if pieceIndex == 8 { return .failure(.ipv6TooManyPieces) }
        // 6.2. If c is U+003A (:): if compress is non-null, IPv6-multiple-compression; else
        // increase pointer and pieceIndex, set compress, and continue.
        if c(pointer) == URLByte.colon {
            if compress != nil { return .failure(.ipv6MultipleCompression) }
            pointer += 1
            pieceIndex += 1
            compress = pieceIndex
            continue
        }
        // 6.3-6.4. Up to four hex digits.
        var value: UInt16 = 0
        var length = 0
        while length < 4, let d = c(pointer), isASCIIHexDigit(d) {
            value = value << 4 | UInt16(hexValue(d))
            pointer += 1
            length += 1
        }
        // 6.5. If c is U+002E (.): the IPv4 part.
        if c(pointer) == URLByte.dot {
            if length == 0 { return .failure(.ipv4InIPv6InvalidCodePoint) }
            pointer -= length
            if pieceIndex > 6 { return .failure(.ipv4InIPv6TooManyPieces) }
            var numbersSeen = 0
            while let ch = c(pointer) {
                var ipv4Piece: Int?
                if numbersSeen > 0 {
                    if ch == URLByte.dot, numbersSeen < 4 {
                        pointer += 1
                    } else {
                        return .failure(.ipv4InIPv6InvalidCodePoint)
                    }
                }
                guard let first = c(pointer), isASCIIDigit(first) else { return .failure(.ipv4InIPv6InvalidCodePoint) }
                while let d = c(pointer), isASCIIDigit(d) {
                    let number = Int(d - 0x30)
                    if ipv4Piece == nil {
                        ipv4Piece = number
                    } else if ipv4Piece == 0 {
                        return .failure(.ipv4InIPv6InvalidCodePoint)
                    } else {
                        ipv4Piece = ipv4Piece! * 10 + number
                    }
                    if ipv4Piece! > 255 { return .failure(.ipv4InIPv6OutOfRangePart) }
                    pointer += 1
                }
                address[pieceIndex] = address[pieceIndex] &* 0x100 &+ UInt16(ipv4Piece!)
                numbersSeen += 1
                if numbersSeen == 2 || numbersSeen == 4 { pieceIndex += 1 }
            }
            if numbersSeen != 4 { return .failure(.ipv4InIPv6TooFewParts) }
            break
        // 6.6. Otherwise, if c is U+003A (:): increase pointer; if c is EOF, IPv6-invalid-code-point.
        } else if c(pointer) == URLByte.colon {
            pointer += 1
            if c(pointer) == nil { return .failure(.ipv6InvalidCodePoint) }
        // 6.7. Otherwise, if c is not the EOF code point, IPv6-invalid-code-point.
        } else if c(pointer) != nil {
            return .failure(.ipv6InvalidCodePoint)
        }
        // 6.8-6.9.
        address[pieceIndex] = value
        pieceIndex += 1
    }
    // 7. If compress is non-null: move the pieces after compress to the end.
    if let compress {
        var swaps = pieceIndex - compress
        pieceIndex = 7
        while pieceIndex != 0 && swaps > 0 {
            address.swapAt(pieceIndex, compress + swaps - 1)
            pieceIndex -= 1
            swaps -= 1
        }
    // 8. Otherwise, if pieceIndex is not 8, IPv6-too-few-pieces validation error, return failure.
    } else if pieceIndex != 8 {
        return .failure(.ipv6TooFewPieces)
    }
    return .success(address)
}

/// The IPv6 serializer (https://url.spec.whatwg.org/#concept-ipv6-serializer): lower-case hex,
/// the first longest run of two or more 0 pieces compressed to `::`.
func serializeIPv6(_ address: [UInt16]) -> String {
    var compress: Int?
    var bestLength = 1
    var i = 0
    while i < 8 {
        if address[i] == 0 {
            var j = i
            while j < 8 && address[j] == 0 { j += 1 }
            if j - i > bestLength {
                bestLength = j - i
                compress = i
            }
            i = j
        } else {
            i += 1
        }
    }
    var out = ""
    var ignore0 = false
    for pieceIndex in 0..<8 {
        if ignore0 && address[pieceIndex] == 0 { continue }
        ignore0 = false
        if compress == pieceIndex {
            out += pieceIndex == 0 ? "::" : ":"
            ignore0 = true
            continue
        }
        out += String(address[pieceIndex], radix: 16)
        if pieceIndex != 7 { out += ":" }
    }
    return out
}
