/// A header (https://fetch.spec.whatwg.org/#concept-header): a name that keeps the spelling it
/// was given and compares case-insensitively, and a value.
public struct Header: Sendable, Hashable {
    /// The name as written (`Content-Type`); compare with ``lowercasedName``.
    public let name: String
    /// The value, without leading or trailing whitespace as sent.
    public let value: String
    /// The byte-lowercased name, computed once.
    public let lowercasedName: String

    /// A header line: `Header("Content-Type", "application/json")`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
        self.lowercasedName = name.byteLowercased()
    }

    /// A header whose name's lower-case form is already known (the engine's own headers).
    init(_ name: String, lowercased: String, _ value: String) {
        self.name = name
        self.value = value
        self.lowercasedName = lowercased
    }
}

/// A header list (https://fetch.spec.whatwg.org/#concept-header-list): ordered, duplicates
/// kept, names matched case-insensitively.
public struct HeaderList: Sendable, Hashable, Sequence, ExpressibleByArrayLiteral {
    /// The header lines in order, names as given.
    public private(set) var headers: [Header]

    /// A list of these headers, in order (empty by default).
    public init(_ headers: [Header] = []) { self.headers = headers }
    /// A list from a literal of `(name, value)` pairs: `[("Content-Type", "application/json")]`.
    /// For an array value built at run time, use `HeaderList(_:)` with `[(String, String)]`.
    public init(arrayLiteral elements: (String, String)...) { headers = elements.map { Header($0.0, $0.1) } }

    /// Iterates over the header lines in order.
    public func makeIterator() -> IndexingIterator<[Header]> { headers.makeIterator() }
    /// The number of header lines (a name given twice counts twice).
    public var count: Int { headers.count }
    /// Whether there is no header line.
    public var isEmpty: Bool { headers.isEmpty }

    /// Whether the list contains a header with this name (case-insensitive).
    public func contains(_ name: String) -> Bool {
        let lower = name.byteLowercased()
        return headers.contains { $0.lowercasedName == lower }
    }

    /// How many header lines carry this name.
    public func count(of name: String) -> Int {
        let lower = name.byteLowercased()
        return headers.reduce(0) { $0 + ($1.lowercasedName == lower ? 1 : 0) }
    }

    /// Get a header's value (https://fetch.spec.whatwg.org/#concept-header-list-get): the values
    /// of every line with that name, combined as `a, b`; nil when there is none.
    public func get(_ name: String) -> String? {
        let lower = name.byteLowercased()
        return value(lowercased: lower)
    }

    /// `get` for a name already in lower case: the engine's own lookups skip lower-casing.
    func value(lowercased name: String) -> String? {
        // Linear: values are gathered, then joined once (appending to a growing string would copy
        // it per line: 100k lines of one name took minutes, issue 11).
        var first: String?
        var more: [String] = []
        for header in headers where sameName(header.lowercasedName, name) {
            if first == nil { first = header.value } else { more.append(header.value) }
        }
        guard let first else { return nil }
        return more.isEmpty ? first : ([first] + more).joined(separator: ", ")
    }

    func contains(lowercased name: String) -> Bool { headers.contains { sameName($0.lowercasedName, name) } }

    func count(lowercased name: String) -> Int {
        headers.reduce(0) { $0 + (sameName($1.lowercasedName, name) ? 1 : 0) }
    }

    /// Get, decode and split (https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split),
    /// simplified to splitting on commas outside double quotes and trimming HTTP whitespace.
    public func getDecodeSplit(_ name: String) -> [String]? {
        guard let value = get(name) else { return nil }
        return value.splitHTTPList(keepEmpty: true)
    }

    /// Append (https://fetch.spec.whatwg.org/#concept-header-list-append).
    public mutating func append(_ name: String, _ value: String) { headers.append(Header(name, value)) }

    /// Appends a header as it is (its lower-cased name already computed).
    public mutating func append(_ header: Header) { headers.append(header) }

    /// Whether some name occurs on more than one line.
    var hasRepeatedNames: Bool {
        if headers.count > 16 {   // linear for long lists (a hostile response or HAR entry)
            var seen = Set<String>()
            return headers.contains { !seen.insert($0.lowercasedName).inserted }
        }
        for i in headers.indices {
            for j in headers.index(after: i)..<headers.endIndex where headers[i].lowercasedName == headers[j].lowercasedName {
                return true
            }
        }
        return false
    }

    /// Set (https://fetch.spec.whatwg.org/#concept-header-list-set): replaces the first line of
    /// that name in place and removes the others, or appends.
    public mutating func set(_ name: String, _ value: String) {
        let lower = name.byteLowercased()
        if let i = headers.firstIndex(where: { $0.lowercasedName == lower }) {
            headers[i] = Header(headers[i].name, value)
            var j = headers.count - 1
            while j > i {
                if headers[j].lowercasedName == lower { headers.remove(at: j) }
                j -= 1
            }
        } else {
            append(name, value)
        }
    }

    /// Delete (https://fetch.spec.whatwg.org/#concept-header-list-delete).
    public mutating func remove(_ name: String) {
        let lower = name.byteLowercased()
        headers.removeAll { $0.lowercasedName == lower }
    }

    /// The names in order of first appearance, each once, in the spelling first given.
    public var distinctNames: [String] {
        var seen = Set<String>()
        var names: [String] = []
        for h in headers where seen.insert(h.lowercasedName).inserted { names.append(h.name) }
        return names
    }

    /// Repeated names combined into one header each, in order of first appearance: what a
    /// `Headers` object holds after the script appended the same name twice.
    public var combined: HeaderList {
        if !hasRepeatedNames { return self }
        // One pass: each name's values gathered at its first position, then joined.
        var position: [String: Int] = [:]
        var groups: [(name: String, values: [String])] = []
        for h in headers {
            if let k = position[h.lowercasedName] {
                groups[k].values.append(h.value)
            } else {
                position[h.lowercasedName] = groups.count
                groups.append((h.name, [h.value]))
            }
        }
        var result = HeaderList()
        for g in groups { result.append(g.name, g.values.joined(separator: ", ")) }
        return result
    }
}

/// Whether two lower-cased header names are the same: their byte counts first (most names asked
/// about differ in length, and `String`'s `==` on two different long strings costs far more).
/// Header names are tokens (ASCII), so equal strings have equal byte counts.
@inline(__always)
func sameName(_ a: String, _ b: String) -> Bool { a.utf8.count == b.utf8.count && a == b }

/// Walks a comma-separated header value's bytes: items split at commas outside double quotes
/// (a backslash escapes inside them), each trimmed of HTTP whitespace and handed to `body`, empty
/// ones included; `body` returns false to stop. Splitting and trimming happen only at ASCII bytes,
/// so no item splits a character (https://fetch.spec.whatwg.org/#header-value-get-decode-and-split).
/// Returns whether the walk reached the end.
@inline(__always)
func forEachHTTPListItem(_ bytes: UnsafeBufferPointer<UInt8>,
                         _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
    func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    func item(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        var lo = start, hi = end
        while lo < hi, isWhitespace(bytes[lo]) { lo += 1 }
        while hi > lo, isWhitespace(bytes[hi - 1]) { hi -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[lo..<hi])
    }
    var start = 0
    var inQuotes = false, escaped = false
    for i in 0..<bytes.count {
        let b = bytes[i]
        if inQuotes {
            if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inQuotes = false }
        } else if b == UInt8(ascii: "\"") {
            inQuotes = true
        } else if b == UInt8(ascii: ",") {
            if !body(item(start, i)) { return false }
            start = i + 1
        }
    }
    return body(item(start, bytes.count))
}

extension StringProtocol {
    /// Splits a comma-separated header value, honouring double quotes, and trims HTTP whitespace
    /// from each item (https://fetch.spec.whatwg.org/#header-value-get-decode-and-split), on the
    /// UTF-8 bytes; a `String` is made only for each item returned.
    func splitHTTPList(keepEmpty: Bool) -> [String] {
        var items: [String] = []
        var bytes = ContiguousArray(utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            _ = forEachHTTPListItem(UnsafeBufferPointer(buffer)) { item in
                if !item.isEmpty || keepEmpty { items.append(String(decoding: item, as: UTF8.self)) }
                return true
            }
        }
        return items
    }
}

extension String {
    /// Byte-lowercase (https://infra.spec.whatwg.org/#byte-lowercase): ASCII A-Z only. Returns the
    /// string itself, without copying, when it has no upper-case letter, as header names usually don't.
    func byteLowercased() -> String {
        var copy = self
        let hasUpper = copy.withUTF8 { bytes in
            for byte in bytes where byte >= 65 && byte <= 90 { return true }
            return false
        }
        guard hasUpper else { return self }
        let source = utf8
        return String(unsafeUninitializedCapacity: source.count) { buffer in
            var i = 0
            for byte in source {
                buffer[i] = byte >= 65 && byte <= 90 ? byte + 32 : byte
                i += 1
            }
            return i
        }
    }

    /// Byte-uppercase: ASCII a-z only; the string itself when it has no lower-case letter.
    func byteUppercased() -> String {
        guard utf8.contains(where: { $0 >= 97 && $0 <= 122 }) else { return self }
        return String(decoding: utf8.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self)
    }
}
