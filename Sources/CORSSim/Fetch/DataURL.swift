/// The `data:` URL processor (https://fetch.spec.whatwg.org/#data-url-processor), with the MIME
/// type parser and serializer it uses (https://mimesniff.spec.whatwg.org/#parsing-a-mime-type)
/// and forgiving-base64 decode (https://infra.spec.whatwg.org/#forgiving-base64-decode). Works on
/// the bytes of the URL's serialization, which is ASCII: the URL parser percent-encoded the rest.

/// A `data:` URL struct: a MIME type and a body
/// (https://fetch.spec.whatwg.org/#data-url-struct).
public struct DataURL: Sendable, Hashable {
    /// The MIME type, serialized (https://mimesniff.spec.whatwg.org/#serializing-a-mime-type):
    /// what the response's `Content-Type` header says.
    public var mimeType: String
    /// The body's bytes.
    public var body: [UInt8]
    /// Whether the URL marked its body `;base64` (step 11).
    public var isBase64: Bool
    /// `mimeType` with the parameter values written quoted kept quoted (`serialized(keepingQuotes:)`).
    public var mimeTypeKeepingQuotes: String

    public init(mimeType: String, body: [UInt8], isBase64: Bool = false, mimeTypeKeepingQuotes: String? = nil) {
        self.mimeType = mimeType
        self.body = body
        self.isBase64 = isBase64
        self.mimeTypeKeepingQuotes = mimeTypeKeepingQuotes ?? mimeType
    }

    /// The MIME type given to a `data:` URL whose own does not parse (step 14).
    public static let defaultMIMEType = "text/plain;charset=US-ASCII"

    /// Why the processor returned failure.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// No `,` after the MIME type (step 7).
        case noComma
        /// The body is marked `;base64` but is not forgiving-base64 (step 11.3).
        case invalidBase64

        public var description: String {
            switch self {
            case .noComma: return "no ',' after the MIME type"
            case .invalidBase64: return "the body is marked ';base64' but is not base64"
            }
        }
    }

    /// The `data:` URL processor (https://fetch.spec.whatwg.org/#data-url-processor) for a
    /// serialized `data:` URL. The fragment, if any, is left out first (step 2).
    public static func process(_ url: FetchURL) -> Result<DataURL, Failure> {
        process(serialized: Array(url.serialized(excludingFragment: true).utf8))
    }

    /// The processor on a serialization without its fragment (`data:...`).
    static func process(serialized input: [UInt8]) -> Result<DataURL, Failure> {
        // 1-3. The serialization without its fragment, with the leading "data:" removed.
        let prefix = 5
        guard input.count >= prefix else { return .failure(.noComma) }
        // 4-5. Collect a sequence of code points that are not U+002C (,).
        var position = prefix
        while position < input.count, input[position] != 0x2C { position += 1 }
        // 6. Strip leading and trailing ASCII whitespace from mimeType.
        var mimeType = stripped(input[prefix..<position], isASCIIWhitespace)
        // 7. If position is past the end of input, then return failure.
        guard position < input.count else { return .failure(.noComma) }
        // 8-10. Advance past the comma; body is the percent-decoding of the remainder.
        var body = percentDecode(Array(input[(position + 1)...]))
        // 11. If mimeType ends with U+003B (;), followed by zero or more U+0020 SPACE, followed by
        // an ASCII case-insensitive match for "base64":
        let isBase64 = endsWithBase64Marker(mimeType)
        if isBase64 {
            // 11.1-3. Forgiving-base64 decode of the isomorphic decode of body.
            guard let decoded = forgivingBase64Decode(body) else { return .failure(.invalidBase64) }
            body = decoded
            // 11.4-6. Remove "base64", trailing spaces, and the ";".
            mimeType.removeLast(6)
            while mimeType.last == 0x20 { mimeType.removeLast() }
            mimeType.removeLast()
        }
        // 12. If mimeType starts with ";", prepend "text/plain".
        if mimeType.first == 0x3B { mimeType = Array("text/plain".utf8) + mimeType }
        // 13-14. Parse it; on failure, text/plain;charset=US-ASCII.
        let record = MIMETypeRecord.parse(mimeType)
        // 15.
        return .success(DataURL(mimeType: record?.serialized ?? defaultMIMEType, body: body, isBase64: isBase64,
                                mimeTypeKeepingQuotes: record?.serialized(keepingQuotes: true)))
    }

    private static func endsWithBase64Marker(_ m: [UInt8]) -> Bool {
        guard m.count >= 7 else { return false }
        let tail = m[(m.count - 6)...].map { $0 | 0x20 }
        guard tail.elementsEqual("base64".utf8) else { return false }
        var i = m.count - 7
        while i >= 0, m[i] == 0x20 { i -= 1 }
        return i >= 0 && m[i] == 0x3B
    }
}

/// Forgiving-base64 decode (https://infra.spec.whatwg.org/#forgiving-base64-decode) of an
/// isomorphic string given as its bytes; nil for failure.
func forgivingBase64Decode(_ input: [UInt8]) -> [UInt8]? {
    // 1. Remove all ASCII whitespace from data.
    var data = input.filter { !isASCIIWhitespace($0) }
    // 2. If data's length divides by 4 leaving no remainder: remove one or two trailing "=".
    if data.count % 4 == 0 {
        if data.last == 0x3D { data.removeLast() }
        if data.last == 0x3D { data.removeLast() }
    }
    // 3. If data's length divides by 4 leaving a remainder of 1, return failure.
    if data.count % 4 == 1 { return nil }
    // 4-8. Every code point one of the base64 alphabet; then 6 bits each, discarding the
    // leftover bits of a last 12- or 18-bit buffer.
    var out: [UInt8] = []
    out.reserveCapacity(data.count * 3 / 4)
    var buffer: UInt32 = 0, bits = 0
    for c in data {
        let v: UInt32
        switch c {
        case 0x41...0x5A: v = UInt32(c - 0x41)
        case 0x61...0x7A: v = UInt32(c - 0x61 + 26)
        case 0x30...0x39: v = UInt32(c - 0x30 + 52)
        case 0x2B: v = 62
        case 0x2F: v = 63
        default: return nil
        }
        buffer = buffer << 6 | v
        bits += 6
        if bits >= 8 {
            bits -= 8
            out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            buffer &= (1 << UInt32(bits)) - 1
        }
    }
    return out
}

/// ASCII whitespace (https://infra.spec.whatwg.org/#ascii-whitespace): tab, LF, FF, CR, space.
func isASCIIWhitespace(_ b: UInt8) -> Bool { b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D || b == 0x20 }

/// HTTP whitespace (https://fetch.spec.whatwg.org/#http-whitespace): tab, LF, CR, space.
private func isHTTPWhitespace(_ b: UInt8) -> Bool { b == 0x09 || b == 0x0A || b == 0x0D || b == 0x20 }

private func stripped(_ s: ArraySlice<UInt8>, _ ws: (UInt8) -> Bool) -> [UInt8] {
    guard let first = s.firstIndex(where: { !ws($0) }) else { return [] }
    let last = s.lastIndex(where: { !ws($0) })!
    return Array(s[first...last])
}

/// A MIME type record with its parameters (https://mimesniff.spec.whatwg.org/#mime-type-representation),
/// as the data: URL processor needs it; `MIMEType` (Safelist.swift) finds only the essence, on the
/// request-classification hot path.
struct MIMETypeRecord: Sendable, Hashable {
    var type: [UInt8]
    var subtype: [UInt8]
    /// Names (lower case) and values, in order, each name once.
    var parameters: [(name: [UInt8], value: [UInt8])]
    /// The names whose value was written as a quoted string (not part of equality).
    var quotedNames: [[UInt8]] = []

    static func == (a: MIMETypeRecord, b: MIMETypeRecord) -> Bool {
        a.type == b.type && a.subtype == b.subtype && a.parameters.elementsEqual(b.parameters) { $0.name == $1.name && $0.value == $1.value }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(subtype)
        for p in parameters { hasher.combine(p.name); hasher.combine(p.value) }
    }

    /// Parse a MIME type (https://mimesniff.spec.whatwg.org/#parse-a-mime-type); nil for failure.
    static func parse(_ raw: [UInt8]) -> MIMETypeRecord? {
        // 1. Remove any leading and trailing HTTP whitespace from input.
        let input = stripped(raw[...], isHTTPWhitespace)
        // 2-3. type: code points that are not "/".
        var position = 0
        while position < input.count, input[position] != 0x2F { position += 1 }
        let type = Array(input[0..<position])
        // 4. If type is empty or not solely HTTP token code points, return failure.
        guard !type.isEmpty, type.allSatisfy(isTokenByte) else { return nil }
        // 5. If position is past the end of input, then return failure.
        guard position < input.count else { return nil }
        // 6-7. Advance past "/"; subtype: code points that are not ";".
        position += 1
        let subtypeStart = position
        while position < input.count, input[position] != 0x3B { position += 1 }
        // 8. Remove any trailing HTTP whitespace from subtype.
        var subtype = Array(input[subtypeStart..<position])
        while let last = subtype.last, isHTTPWhitespace(last) { subtype.removeLast() }
        // 9. If subtype is empty or not solely HTTP token code points, return failure.
        guard !subtype.isEmpty, subtype.allSatisfy(isTokenByte) else { return nil }
        // 10. type and subtype in ASCII lowercase.
        var mime = MIMETypeRecord(type: type.map(asciiLower), subtype: subtype.map(asciiLower), parameters: [])
        // 11. While position is not past the end of input:
        while position < input.count {
            // 11.1. Advance position by 1 (past ";").
            position += 1
            // 11.2. Collect HTTP whitespace.
            while position < input.count, isHTTPWhitespace(input[position]) { position += 1 }
            // 11.3-4. parameterName: code points that are not ";" or "=", in ASCII lowercase.
            let nameStart = position
            while position < input.count, input[position] != 0x3B, input[position] != 0x3D { position += 1 }
            let name = input[nameStart..<position].map(asciiLower)
            // 11.5. If position is not past the end: ";" continues; else skip "=".
            if position < input.count {
                if input[position] == 0x3B { continue }
                position += 1
            }
            // 11.6. If position is past the end of input, then break.
            if position >= input.count { break }
            // 11.7-9. parameterValue.
            var value: [UInt8]
            let wasQuoted = input[position] == 0x22
            if wasQuoted {
                value = collectQuotedString(input, &position)
                while position < input.count, input[position] != 0x3B { position += 1 }
            } else {
                let valueStart = position
                while position < input.count, input[position] != 0x3B { position += 1 }
                value = Array(input[valueStart..<position])
                while let last = value.last, isHTTPWhitespace(last) { value.removeLast() }
                if value.isEmpty { continue }
            }
            // 11.10. Set it when the name is a token, the value quoted-string token code points,
            // and the name is new.
            if !name.isEmpty, name.allSatisfy(isTokenByte), value.allSatisfy(isQuotedStringTokenByte),
               !mime.parameters.contains(where: { $0.name == name }) {
                mime.parameters.append((name, value))
                if wasQuoted { mime.quotedNames.append(name) }
            }
        }
        return mime
    }

    /// Collect an HTTP quoted string with extract-value true
    /// (https://fetch.spec.whatwg.org/#collect-an-http-quoted-string); position is at the `"`.
    private static func collectQuotedString(_ input: [UInt8], _ position: inout Int) -> [UInt8] {
        var value: [UInt8] = []
        position += 1
        while true {
            while position < input.count, input[position] != 0x22, input[position] != 0x5C {
                value.append(input[position])
                position += 1
            }
            if position >= input.count { break }
            let quoteOrBackslash = input[position]
            position += 1
            if quoteOrBackslash == 0x5C {
                if position >= input.count { value.append(0x5C); break }
                value.append(input[position])
                position += 1
            } else {
                break
            }
        }
        return value
    }

    /// Serialize a MIME type (https://mimesniff.spec.whatwg.org/#serializing-a-mime-type). Values
    /// may hold bytes 0x80-0xFF (isomorphic), written as the code points U+0080-U+00FF.
    var serialized: String { serialized(keepingQuotes: false) }

    /// `serialized`, or with `keepingQuotes` a value written quoted stays quoted, `charset`'s
    /// excepted (Chromium's data: URL Content-Type; recorded: Tests/Conformance scheme-data-quoted-parameter).
    func serialized(keepingQuotes: Bool) -> String {
        var out = type
        out.append(0x2F)
        out += subtype
        for (name, value) in parameters {
            out.append(0x3B)
            out += name
            out.append(0x3D)
            if value.isEmpty || !value.allSatisfy(isTokenByte)
                || (keepingQuotes && name != Array("charset".utf8) && quotedNames.contains(name)) {
                out.append(0x22)
                for b in value {
                    if b == 0x22 || b == 0x5C { out.append(0x5C) }
                    out.append(b)
                }
                out.append(0x22)
            } else {
                out += value
            }
        }
        return String(out.map { Character(Unicode.Scalar($0)) })
    }
}

private func asciiLower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

/// An HTTP token code point (https://mimesniff.spec.whatwg.org/#http-token-code-point).
private func isTokenByte(_ b: UInt8) -> Bool {
    switch b {
    case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: return true
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
    default: return false
    }
}

/// An HTTP quoted-string token code point
/// (https://mimesniff.spec.whatwg.org/#http-quoted-string-token-code-point).
private func isQuotedStringTokenByte(_ b: UInt8) -> Bool { b == 0x09 || (b >= 0x20 && b != 0x7F) }
