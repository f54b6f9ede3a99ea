/// A small JSON reader (RFC 8259) for HAR files: linear in time and memory, on UTF-8 bytes, with
/// a nesting limit, and errors that say where (line:column) and what was expected.

/// A JSON value. Objects keep their members in order (a lookup takes the first of a name).
enum JSONInput: Sendable {
    case null
    case bool(Bool)
    /// The number's text, as written.
    case number(String)
    case string(String)
    case array([JSONInput])
    case object([(String, JSONInput)])

    subscript(_ key: String) -> JSONInput? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var array: [JSONInput]? { if case .array(let a) = self { return a } else { return nil } }
    var isObject: Bool { if case .object = self { return true } else { return false } }
    var number: String? { if case .number(let n) = self { return n } else { return nil } }
}

struct JSONInputError: Error, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String
    var description: String { "\(line):\(column): \(message)" }
}

struct JSONInputReader {
    /// Arrays and objects nest at most this deep.
    static let maximumDepth = 512

    private let bytes: [UInt8]
    private var i = 0

    /// Parses one JSON text (surrounding whitespace allowed; a UTF-8 byte order mark skipped).
    static func parse(_ bytes: [UInt8]) throws(JSONInputError) -> JSONInput {
        var reader = JSONInputReader(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.i = 3 }
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.i == bytes.count else { throw reader.error("expected the end of the JSON text") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// The line and column (1-based, in characters) of byte offset `at`.
    private func error(_ message: String, at offset: Int? = nil) -> JSONInputError {
        let end = min(offset ?? i, bytes.count)
        var line = 1, column = 1
        for k in 0..<end {
            if bytes[k] == 10 { line += 1; column = 1 } else if bytes[k] & 0xC0 != 0x80 { column += 1 }
        }
        let found: String
        if end >= bytes.count {
            found = "the end of the file"
        } else {
            let b = bytes[end]
            found = b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
        }
        return JSONInputError(line: line, column: column, message: "\(message), found \(found)")
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
    }

    private mutating func value(depth: Int) throws(JSONInputError) -> JSONInput {
        guard i < bytes.count else { throw error("expected a JSON value") }
        switch bytes[i] {
        case 123: return try object(depth: depth + 1)
        case 91: return try array(depth: depth + 1)
        case 34: return .string(try string())
        case 116: try literal("true"); return .bool(true)
        case 102: try literal("false"); return .bool(false)
        case 110: try literal("null"); return .null
        case 45, 48...57: return .number(try number())
        default: throw error("expected a JSON value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONInputError) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard i + w.count <= bytes.count, bytes[i..<(i + w.count)].elementsEqual(w) else { throw error("expected a JSON value") }
        i += w.count
    }

    private mutating func object(depth: Int) throws(JSONInputError) -> JSONInput {
        guard depth <= Self.maximumDepth else { throw error("expected at most \(Self.maximumDepth) nested arrays and objects") }
        i += 1
        var members: [(String, JSONInput)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == 125 { i += 1; return .object(members) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == 34 else { throw error("expected a member name in double quotes") }
            let name = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == 58 else { throw error("expected ':' after a member name") }
            i += 1
            skipSpace()
            members.append((name, try value(depth: depth)))
            skipSpace()
            guard i < bytes.count else { throw error("expected ',' or '}'") }
            if bytes[i] == 44 { i += 1; continue }
            if bytes[i] == 125 { i += 1; return .object(members) }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func array(depth: Int) throws(JSONInputError) -> JSONInput {
        guard depth <= Self.maximumDepth else { throw error("expected at most \(Self.maximumDepth) nested arrays and objects") }
        i += 1
        var items: [JSONInput] = []
        skipSpace()
        if i < bytes.count, bytes[i] == 93 { i += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth))
            skipSpace()
            guard i < bytes.count else { throw error("expected ',' or ']'") }
            if bytes[i] == 44 { i += 1; continue }
            if bytes[i] == 93 { i += 1; return .array(items) }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func number() throws(JSONInputError) -> String {
        let start = i
        if bytes[i] == 45 { i += 1 }
        func digits() -> Int {
            let s = i
            while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
            return i - s
        }
        guard i < bytes.count else { throw error("expected a digit") }
        if bytes[i] == 48 { i += 1 } else { guard digits() > 0 else { throw error("expected a digit") } }
        if i < bytes.count, bytes[i] == 46 {
            i += 1
            guard digits() > 0 else { throw error("expected a digit after '.'") }
        }
        if i < bytes.count, bytes[i] == 101 || bytes[i] == 69 {
            i += 1
            if i < bytes.count, bytes[i] == 43 || bytes[i] == 45 { i += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func string() throws(JSONInputError) -> String {
        let open = i
        i += 1
        var out: [UInt8] = []
        var start = i
        while true {
            guard i < bytes.count else { throw error("expected '\"' to close the string that starts here", at: open) }
            let b = bytes[i]
            if b == 34 {
                out += bytes[start..<i]
                i += 1
                break
            }
            if b < 0x20 { throw error("expected no control character in a string (write it as \\u00\(b < 16 ? "0" : "")\(String(b, radix: 16)))") }
            if b != 92 { i += 1; continue }
            out += bytes[start..<i]
            i += 1
            guard i < bytes.count else { throw error("expected an escape after '\\'") }
            let e = bytes[i]
            i += 1
            switch e {
            case 34, 92, 47: out.append(e)
            case 98: out.append(8)
            case 102: out.append(12)
            case 110: out.append(10)
            case 114: out.append(13)
            case 116: out.append(9)
            case 117:
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar), i + 1 < bytes.count, bytes[i] == 92, bytes[i + 1] == 117 {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
                // A lone surrogate becomes U+FFFD, as a browser's JSON.parse-then-encode would.
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out += Array(String(Character(u)).utf8)
            default:
                i -= 1
                throw error("expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
            }
            start = i
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func hex4() throws(JSONInputError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("expected four hex digits after \\u") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 48...57: d = UInt32(b - 48)
            case 65...70: d = UInt32(b - 55)
            case 97...102: d = UInt32(b - 87)
            default: throw error("expected four hex digits after \\u")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }
}
