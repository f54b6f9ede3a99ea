/// Request-dependent routes and headers: what a `when` clause in a scenario tests, and the
/// `{origin}` / `{request.NAME}` templates a header value may reflect. The contract is
/// `Docs/scenario-format.md` ("Routes", "Conditions").

/// A test on the request a mock server receives: `when origin in https://a.example`, `when origin
/// matches ^https://.*\.a\.example$`, `when header Authorization`, `when header Sec-Fetch-Site in
/// same-origin same-site`, `when method PUT DELETE`,
/// `not ...`, and several joined with `and`.
public indirect enum RequestCondition: Sendable, Hashable {
    /// The request's `Origin` header equals one of these, byte for byte (`null` included).
    case originIn([String])
    /// The `Origin` header contains a match of this regular expression (searched, as JavaScript's
    /// `RegExp.prototype.test` does: anchored only where the pattern says `^` or `$`).
    case originMatches(String)
    /// The `Origin` header starts with this text (a hand-written `strings.HasPrefix` check).
    case originStartsWith(String)
    /// The `Origin` header ends with this text (a hand-written `endsWith` check).
    case originEndsWith(String)
    /// The `Origin` header contains this text (an `indexOf(...) !== -1` check).
    case originContains(String)
    /// The request carries a header of this name (any value, compared case-insensitively).
    case header(String)
    /// The request's header of this name (its lines combined as `a, b`) equals one of these values,
    /// byte for byte: `when header Sec-Fetch-Site in same-origin same-site` is a resource isolation
    /// policy. False when the request has no such header.
    case headerIn(String, [String])
    /// The request's method is one of these (case-sensitively, as routes match).
    case method([String])
    case not(RequestCondition)
    /// Every one holds.
    case all([RequestCondition])

    /// Whether the condition holds for this request. A condition on the `Origin` header is false
    /// when the request has none (`not` makes it true).
    public func holds(for request: WireRequest) -> Bool {
        switch self {
        case .originIn(let origins):
            guard let origin = request.headers.value(lowercased: "origin") else { return false }
            return origins.contains(origin)
        case .originMatches(let pattern):
            guard let origin = request.headers.value(lowercased: "origin") else { return false }
            return OriginPattern.matches(pattern, origin, anchoring: .search)
        case .originStartsWith(let text):
            guard let origin = request.headers.value(lowercased: "origin") else { return false }
            return origin.utf8.starts(with: text.utf8)
        case .originEndsWith(let text):
            guard let origin = request.headers.value(lowercased: "origin") else { return false }
            return origin.utf8.reversed().starts(with: text.utf8.reversed())
        case .originContains(let text):
            guard let origin = request.headers.value(lowercased: "origin") else { return false }
            return origin.utf8.containsSubsequence(Array(text.utf8))
        case .header(let name):
            return request.headers.contains(name)
        case let .headerIn(name, values):
            guard let value = request.headers.get(name) else { return false }
            return values.contains(value)
        case .method(let methods):
            return methods.contains(request.method)
        case .not(let inner):
            return !inner.holds(for: request)
        case .all(let conditions):
            return conditions.allSatisfy { $0.holds(for: request) }
        }
    }

    /// The condition as the scenario writes it (after `when`).
    public var text: String {
        switch self {
        case .originIn(let origins): return "origin in " + origins.joined(separator: " ")
        case .originMatches(let p): return "origin matches " + p
        case .originStartsWith(let t): return "origin starts-with " + t
        case .originEndsWith(let t): return "origin ends-with " + t
        case .originContains(let t): return "origin contains " + t
        case .header(let name): return "header " + name
        case let .headerIn(name, values): return "header " + name + " in " + values.joined(separator: " ")
        case .method(let methods): return "method " + methods.joined(separator: " ")
        case .not(let inner): return "not " + inner.text
        case .all(let conditions): return conditions.map(\.text).joined(separator: " and ")
        }
    }
}

/// Regular expressions on origins, as the middlewares apply them: JavaScript's `test` searches,
/// Python's `re.match` anchors at the start, a whole match anchors both ends.
public enum OriginPattern {
    public enum Anchoring: Sendable, Hashable {
        /// Anywhere in the text (JavaScript `RegExp.prototype.test`, Go `regexp.MatchString`).
        case search
        /// From the first character (Python `re.match`).
        case start
        /// The whole text (Java `String.matches`).
        case whole
    }

    /// Whether `pattern` is a regular expression Swift's `Regex` accepts (the syntax shared by
    /// JavaScript, Python and PCRE for the patterns origins use); nil when it is, else the reason.
    public static func problem(in pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Whether `text` matches. A pattern that does not compile matches nothing (the parser
    /// refuses such patterns with a located error before anything runs).
    // SIMULATION: patterns are compiled by Swift's Regex, not by each middleware's engine (V8,
    // Python `re`, Go RE2); the constructs origin patterns use (anchors, classes, `.`, `*`, `+`,
    // `?`, groups, alternation, escapes) mean the same in all of them.
    public static func matches(_ pattern: String, _ text: String, anchoring: Anchoring, ignoringCase: Bool = false) -> Bool {
        guard var regex = try? Regex(pattern) else { return false }
        if ignoringCase { regex = regex.ignoresCase() }
        switch anchoring {
        case .search: return (try? regex.firstMatch(in: text)) != nil
        case .start: return (try? regex.prefixMatch(in: text)) != nil
        case .whole: return (try? regex.wholeMatch(in: text)) != nil
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Whether `needle` occurs as a contiguous run.
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        let haystack = Array(self)
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}

/// A header value with `{origin}` and `{request.NAME}` placeholders, split once when the server
/// block is installed.
struct HeaderTemplate: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case text(String)
        /// The request's `Origin` header.
        case origin
        /// A request header, by lower-cased name (its lines combined as `a, b`).
        case request(String)
    }

    var parts: [Part]

    /// nil when the value holds no placeholder (the common case: the header is sent as written).
    init?(_ value: String) {
        let bytes = Array(value.utf8)
        var parts: [Part] = []
        var text: [UInt8] = []
        var i = 0
        var found = false
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "{"), let (part, length) = HeaderTemplate.placeholder(bytes, at: i) {
                if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
                parts.append(part)
                i += length
                found = true
            } else {
                text.append(bytes[i])
                i += 1
            }
        }
        guard found else { return nil }
        if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        self.parts = parts
    }

    /// `{origin}` or `{request.NAME}` (NAME a header-name token) at `i`, and its length.
    static func placeholder(_ bytes: [UInt8], at i: Int) -> (Part, Int)? {
        let origin = Array("{origin}".utf8)
        if bytes.count - i >= origin.count, bytes[i..<(i + origin.count)].elementsEqual(origin) {
            return (.origin, origin.count)
        }
        let prefix = Array("{request.".utf8)
        guard bytes.count - i > prefix.count, bytes[i..<(i + prefix.count)].elementsEqual(prefix) else { return nil }
        var j = i + prefix.count
        while j < bytes.count, bytes[j].isHTTPTokenByte, bytes[j] != UInt8(ascii: "}") { j += 1 }
        guard j < bytes.count, bytes[j] == UInt8(ascii: "}"), j > i + prefix.count else { return nil }
        let name = String(decoding: bytes[(i + prefix.count)..<j], as: UTF8.self)
        return (.request(name.byteLowercased()), j + 1 - i)
    }

    /// The value for this request, or nil when a header it reflects is absent (the header is then
    /// left out, as a server reflecting a missing header sends nothing).
    func expand(for request: WireRequest) -> String? {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .origin:
                guard let origin = request.headers.value(lowercased: "origin") else { return nil }
                out += origin
            case .request(let name):
                guard let value = request.headers.value(lowercased: name) else { return nil }
                out += value
            }
        }
        return out
    }
}
