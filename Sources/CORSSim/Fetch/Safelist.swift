/// The Fetch Standard's header classifications (https://fetch.spec.whatwg.org/#terminology-headers),
/// parameterized where a browser departs from them (`RequestHeaderRules`).

/// Why a request header makes a request need a preflight.
public enum UnsafeHeaderReason: Sendable, Hashable {
    /// The name is not a CORS-safelisted request-header name.
    case nameNotSafelisted
    /// The value is longer than 128 bytes.
    case valueTooLong(bytes: Int)
    /// The value holds a CORS-unsafe request-header byte (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte).
    case unsafeByte(UInt8)
    /// Accept-Language or Content-Language with a byte outside `0-9 A-Z a-z SP *,-.;=`.
    case languageByte(UInt8)
    /// Content-Type that does not parse as a MIME type.
    case invalidMIMEType
    /// Content-Type whose essence is not one of the three form types.
    case mimeEssence(String)
    /// Range that is not a single `bytes=N-` or `bytes=N-M`.
    case rangeForm
    /// A browser-specific value rule (Chrome's client hints) not met.
    case valueRule
    /// The safelisted values add up to more than 1024 bytes, so all of them count as unsafe.
    case safelistTotalTooLarge(bytes: Int)
}

/// Why `fetch()` dropped a header the script set.
public enum ForbiddenHeaderReason: Sendable, Hashable {
    /// A forbidden request-header name (https://fetch.spec.whatwg.org/#forbidden-request-header).
    case forbiddenName
    /// The name starts with `Proxy-` or `Sec-`.
    case forbiddenPrefix(String)
    /// X-HTTP-Method(-Override) or X-Method-Override naming CONNECT, TRACE or TRACK.
    case methodOverride(String)
    /// Forbidden by this browser although the standard no longer forbids it (Chrome: User-Agent).
    case browserForbidden
}

/// A browser's own extra value rules for safelisted names outside the standard.
public enum ExtraSafelistRule: Sendable, Hashable {
    case any
    case digits
    case decimal
    case oneOf([String])
}

/// The parts of request-header classification that differ between browsers.
public struct RequestHeaderRules: Sendable, Hashable {
    /// Names a browser safelists beyond the standard's five, with their value rules.
    public var extraSafelistedNames: [String: ExtraSafelistRule]
    /// Whether safelisted values above 1024 bytes in total make them all unsafe.
    public var appliesSafelistTotalLimit: Bool
    /// Names this browser forbids beyond the standard's list (lower-case).
    public var extraForbiddenNames: Set<String>
    /// Whether a safelisted `Range` may spell its unit in any case (`BYTES=0-3`); the standard
    /// compares `bytes` byte for byte.
    public var rangeUnitCaseInsensitive: Bool
    /// Whether a safelisted `Range` bound may carry a leading `+` (`bytes=+1-3`).
    public var rangeBoundsAllowPlusSign: Bool
    /// Whether bytes 0x80 and above count as CORS-unsafe request-header bytes in `Accept` and
    /// `Content-Type` (the standard lets them through).
    public var nonASCIIBytesAreUnsafe: Bool
    /// Whether each header line the script set is judged on its own instead of the combined
    /// value of its name (the standard combines repeated names first): a line that is unsafe is
    /// listed in `Access-Control-Request-Headers` once per line (`x-foo,x-foo`), a safe line
    /// repeated with an unsafe one is not, and values that are only unsafe together (two safe
    /// `Accept` lines above 128 bytes combined) need no preflight.
    public var judgesEachLine: Bool
    /// How a `Content-Type` value is parsed to decide its essence.
    public var contentTypeParser: ContentTypeParser
    /// Whether the `Accept: */*` appended to a request the script gave no `Accept` is in the
    /// header list the CORS check sees, so its 3 bytes count in the 1,024-byte safelist total and
    /// `accept` is listed once the total is exceeded (the standard's fetch step 12 appends it
    /// before main fetch); false: the browser adds it later, below its CORS check.
    public var countsDefaultAcceptInSafelistTotal: Bool
    /// Whether each value of the header list, repeated names combined, loses its leading and
    /// trailing spaces and tabs, then trailing CRs and LFs, before the CORS checks, so the
    /// safelist's byte limits and the wire see it trimmed. As `Headers` already stripped every
    /// value the script gave, only the `, ` the combination puts before an empty last value can go:
    /// `a` then an empty line is `a,` (https://fetch.spec.whatwg.org/#concept-header-list-combine
    /// gives `a, `).
    public var trimsCombinedValues: Bool
    /// Whether the Content-Type `fetch()` adds for the body (a `Blob`'s type) is set past the
    /// `Headers` object's no-cors guard, so a no-cors request carries a type the guard would refuse
    /// (`application/json`); the standard appends it through the guard, which drops it.
    public var bodyContentTypeSkipsNoCORSGuard: Bool

    /// How a request's `Content-Type` value is parsed for the safelist.
    public enum ContentTypeParser: String, Sendable, Hashable {
        /// The MIME Sniffing Standard's "parse a MIME type" (steps 1 to 8 decide the essence).
        case mimeSniff
        /// Gecko's strict request parse (netwerk/base/nsURLHelper.cpp net_ParseRequestContentType):
        /// a `,` outside a quoted string fails it; the type ends at the first space, tab or `;`;
        /// the parameters are walked from `;` to `;` (quoted strings skipped) while the next
        /// starts before the end, and what follows the last one reached must be spaces or tabs.
        /// So a value ending in a `;` after a parameter (`a/b; x=y;`) fails, `a/b;` does not.
        case geckoStrictRequest
    }

    /// Every field is stated: a profile cannot leave one to a default.
    public init(extraSafelistedNames: [String: ExtraSafelistRule], appliesSafelistTotalLimit: Bool,
                extraForbiddenNames: Set<String>, rangeUnitCaseInsensitive: Bool, nonASCIIBytesAreUnsafe: Bool,
                rangeBoundsAllowPlusSign: Bool, judgesEachLine: Bool, contentTypeParser: ContentTypeParser,
                countsDefaultAcceptInSafelistTotal: Bool, trimsCombinedValues: Bool,
                bodyContentTypeSkipsNoCORSGuard: Bool) {
        self.bodyContentTypeSkipsNoCORSGuard = bodyContentTypeSkipsNoCORSGuard
        self.countsDefaultAcceptInSafelistTotal = countsDefaultAcceptInSafelistTotal
        self.trimsCombinedValues = trimsCombinedValues
        self.contentTypeParser = contentTypeParser
        self.judgesEachLine = judgesEachLine
        self.rangeBoundsAllowPlusSign = rangeBoundsAllowPlusSign
        self.extraSafelistedNames = extraSafelistedNames
        self.appliesSafelistTotalLimit = appliesSafelistTotalLimit
        self.extraForbiddenNames = extraForbiddenNames
        self.rangeUnitCaseInsensitive = rangeUnitCaseInsensitive
        self.nonASCIIBytesAreUnsafe = nonASCIIBytesAreUnsafe
    }

    /// The Fetch Standard's rules.
    public static let standard = RequestHeaderRules(extraSafelistedNames: [:], appliesSafelistTotalLimit: true,
                                                    extraForbiddenNames: [], rangeUnitCaseInsensitive: false,
                                                    nonASCIIBytesAreUnsafe: false, rangeBoundsAllowPlusSign: false,
                                                    judgesEachLine: false, contentTypeParser: .mimeSniff,
                                                    // https://fetch.spec.whatwg.org/#fetching step 12
                                                    // appends Accept before main fetch's CORS decisions.
                                                    countsDefaultAcceptInSafelistTotal: true,
                                                    trimsCombinedValues: false,
                                                    // https://fetch.spec.whatwg.org/#dom-request step 37.3:
                                                    // "append (`Content-Type`, contentType) to this's headers".
                                                    bodyContentTypeSkipsNoCORSGuard: false)
}

/// A forbidden request-header name (https://fetch.spec.whatwg.org/#forbidden-request-header).
let forbiddenRequestHeaderNames: Set<String> = [
    "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
    "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive",
    "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via",
]

/// Whether `fetch()` drops this header, and why
/// (https://fetch.spec.whatwg.org/#forbidden-request-header).
public func forbiddenRequestHeaderReason(_ header: Header, rules: RequestHeaderRules = .standard) -> ForbiddenHeaderReason? {
    let name = header.lowercasedName
    if forbiddenRequestHeaderNames.contains(name) { return .forbiddenName }
    if name.hasPrefix("proxy-") { return .forbiddenPrefix("Proxy-") }
    if name.hasPrefix("sec-") { return .forbiddenPrefix("Sec-") }
    if name == "x-http-method" || name == "x-http-method-override" || name == "x-method-override" {
        for value in header.value.splitHTTPList(keepEmpty: false) where Method(value).isForbidden {
            return .methodOverride(value)
        }
    }
    if rules.extraForbiddenNames.contains(name) { return .browserForbidden }
    return nil
}

/// A CORS-unsafe request-header byte (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte).
public func isCORSUnsafeRequestHeaderByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x09: return false
    case 0x00..<0x20, 0x7F: return true
    case UInt8(ascii: "\""), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ":"), UInt8(ascii: "<"),
         UInt8(ascii: ">"), UInt8(ascii: "?"), UInt8(ascii: "@"), UInt8(ascii: "["), UInt8(ascii: "\\"),
         UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
        return true
    default: return false
    }
}

/// Why a header is not a CORS-safelisted request-header, or nil when it is
/// (https://fetch.spec.whatwg.org/#cors-safelisted-request-header).
public func corsSafelistedRequestHeaderFailure(_ header: Header, rules: RequestHeaderRules = .standard) -> UnsafeHeaderReason? {
    let value = header.value.utf8
    // 1. If value's length is greater than 128, then return false.
    let length = headerValueByteLength(header.value)
    if length > 128 { return .valueTooLong(bytes: length) }
    // 2. Byte-lowercase name and switch on the result.
    switch header.lowercasedName {
    case "accept":
        if let bad = value.first(where: { isCORSUnsafeRequestHeaderByte($0) || (rules.nonASCIIBytesAreUnsafe && $0 >= 0x80) }) {
            return .unsafeByte(bad)
        }
    case "accept-language", "content-language":
        if let bad = value.first(where: { !isLanguageByte($0) }) { return .languageByte(bad) }
    case "content-type":
        if let bad = value.first(where: { isCORSUnsafeRequestHeaderByte($0) || (rules.nonASCIIBytesAreUnsafe && $0 >= 0x80) }) {
            return .unsafeByte(bad)
        }
        let parsed = rules.contentTypeParser == .mimeSniff ? MIMEType.essence(of: header.value)
            : MIMEType.geckoStrictRequestEssence(of: header.value)
        guard let essence = parsed else { return .invalidMIMEType }
        if !MIMEType.isFormEssence(essence) { return .mimeEssence(String(decoding: essence, as: UTF8.self).byteLowercased()) }
    case "range":
        guard let range = parseSingleRangeHeaderValue(header.value, allowWhitespace: false,
                                                      unitCaseInsensitive: rules.rangeUnitCaseInsensitive,
                                                      boundsAllowPlusSign: rules.rangeBoundsAllowPlusSign),
              range.start != nil else {
            return .rangeForm
        }
    default:
        guard let rule = rules.extraSafelistedNames[header.lowercasedName] else { return .nameNotSafelisted }
        if !rule.accepts(header.value) { return .valueRule }
    }
    // 3. Return true.
    return nil
}

private func isLanguageByte(_ b: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
        return true
    default:
        return " *,-.;=".utf8.contains(b)
    }
}

extension ExtraSafelistRule {
    func accepts(_ value: String) -> Bool {
        switch self {
        case .any: return true
        case .digits: return !value.isEmpty && value.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        case .decimal:
            let parts = value.split(separator: ".", omittingEmptySubsequences: false)
            return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
        case .oneOf(let allowed): return allowed.contains(value.lowercased())
        }
    }
}

/// One request header the browser will ask the server about, with the reason.
public struct UnsafeRequestHeader: Sendable, Hashable {
    public var header: Header
    public var reason: UnsafeHeaderReason
}

/// CORS-unsafe request-header names (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names),
/// with the reason for each header, in request order.
public func corsUnsafeRequestHeaders(_ headers: HeaderList, rules: RequestHeaderRules = .standard) -> [UnsafeRequestHeader] {
    var unsafe: [UnsafeRequestHeader] = []
    var potentiallyUnsafe: [Header] = []
    var safelistValueSize = 0
    for header in headers {
        if let reason = corsSafelistedRequestHeaderFailure(header, rules: rules) {
            unsafe.append(UnsafeRequestHeader(header: header, reason: reason))
        } else {
            potentiallyUnsafe.append(header)
            safelistValueSize += headerValueByteLength(header.value)
        }
    }
    if rules.appliesSafelistTotalLimit, safelistValueSize > 1024 {
        unsafe += potentiallyUnsafe.map { UnsafeRequestHeader(header: $0, reason: .safelistTotalTooLarge(bytes: safelistValueSize)) }
    }
    return unsafe
}

/// Convert header names to a sorted-lowercase set
/// (https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set).
public func sortedLowercaseSet(_ names: [String]) -> [String] {
    Array(Set(names.map { $0.lowercased() })).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
}

/// A MIME type (https://mimesniff.spec.whatwg.org/#mime-type), as far as the safelist needs it.
public struct MIMEType: Sendable, Hashable {
    public var type: String
    public var subtype: String
    public var essence: String { type + "/" + subtype }

    /// The essence's bytes as written (not yet lower-cased), by the same steps as `init(parsing:)`,
    /// without allocating: the hot path of request classification.
    static func essence(of input: String) -> ArraySlice<UInt8>? {
        let bytes = Array(input.utf8)
        func isWS(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var start = 0, end = bytes.count
        while start < end, isWS(bytes[start]) { start += 1 }
        while end > start, isWS(bytes[end - 1]) { end -= 1 }
        guard let slash = bytes[start..<end].firstIndex(of: UInt8(ascii: "/")), slash > start,
              bytes[start..<slash].allSatisfy(\.isHTTPTokenByte) else { return nil }
        var subEnd = bytes[(slash + 1)..<end].firstIndex(of: UInt8(ascii: ";")) ?? end
        while subEnd > slash + 1, isWS(bytes[subEnd - 1]) { subEnd -= 1 }
        guard subEnd > slash + 1, bytes[(slash + 1)..<subEnd].allSatisfy(\.isHTTPTokenByte) else { return nil }
        return bytes[start..<subEnd]
    }

    /// The essence as Gecko's strict request parse finds it (`ContentTypeParser.geckoStrictRequest`),
    /// bytes as written, or nil when the parse fails.
    static func geckoStrictRequestEssence(of input: String) -> ArraySlice<UInt8>? {
        let bytes = Array(input.utf8)
        let end = bytes.count
        func isLWS(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        // The next `delimiter` at or after `from` outside a quoted string (`"`, with `\` escapes;
        // one left open runs to the end), or `end`.
        func delimiter(_ d: UInt8, from: Int) -> Int {
            var i = from
            while i < end {
                if bytes[i] == d { return i }
                if bytes[i] == UInt8(ascii: "\"") {
                    i += 1
                    while i < end, bytes[i] != UInt8(ascii: "\"") {
                        if bytes[i] == UInt8(ascii: "\\") { i += 1 }
                        i += 1
                    }
                    if i >= end { return end }
                }
                i += 1
            }
            return end
        }
        // One media type only: a `,` outside quotes fails the parse.
        guard delimiter(UInt8(ascii: ","), from: 0) == end else { return nil }
        var type = 0
        while type < end, isLWS(bytes[type]) { type += 1 }
        var typeEnd = type
        while typeEnd < end, !isLWS(bytes[typeEnd]), bytes[typeEnd] != UInt8(ascii: ";") { typeEnd += 1 }
        var consumed = typeEnd
        if let paramStart = bytes[typeEnd...].firstIndex(of: UInt8(ascii: ";")) {
            var next = paramStart + 1
            repeat {
                let paramEnd = delimiter(UInt8(ascii: ";"), from: next)
                consumed = paramEnd
                next = paramEnd + 1
            } while next < end
        }
        guard typeEnd > type, bytes[type..<typeEnd].contains(UInt8(ascii: "/")),
              bytes[consumed...].allSatisfy(isLWS) else { return nil }
        return bytes[type..<typeEnd]
    }

    /// Whether an essence is one of the three a simple request may send, compared case-insensitively.
    static func isFormEssence(_ essence: ArraySlice<UInt8>) -> Bool {
        for candidate in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"] {
            if candidate.utf8.count == essence.count,
               zip(candidate.utf8, essence).allSatisfy({ $0 == ($1 >= 65 && $1 <= 90 ? $1 + 32 : $1) }) {
                return true
            }
        }
        return false
    }

    /// Parse a MIME type (https://mimesniff.spec.whatwg.org/#parse-a-mime-type), steps 1 to 8;
    /// parameters are not needed to decide the essence and are not kept.
    /// It works on bytes through `essence(of:)`, as classification does: the steps are in terms
    /// of code points, and a `Character` walk would miss a `;` or `/` that a combining mark
    /// follows, and trim leading whitespace from the subtype, which step 8 does not.
    public init?(parsing input: String) {
        // 1. Remove any leading and trailing HTTP whitespace from input.
        // 3-5. Collect the type up to "/"; it must be a non-empty token.
        // 6-8. Collect the subtype up to ";", remove trailing HTTP whitespace; a non-empty token.
        guard let essence = MIMEType.essence(of: input),
              let slash = essence.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        self.type = String(decoding: essence[..<slash], as: UTF8.self).byteLowercased()
        self.subtype = String(decoding: essence[(slash + 1)...], as: UTF8.self).byteLowercased()
    }
}


/// A parsed single range: `bytes=start-end`, either bound optional.
public struct SingleRange: Sendable, Hashable {
    public var start: UInt64?
    public var end: UInt64?
}

/// Parse a single range header value (https://fetch.spec.whatwg.org/#simple-range-header-value).
/// `unitCaseInsensitive` accepts `bytes` in any case and `boundsAllowPlusSign` a `+` before each
/// bound, as WebKit does.
public func parseSingleRangeHeaderValue(_ value: String, allowWhitespace: Bool, unitCaseInsensitive: Bool = false,
                                        boundsAllowPlusSign: Bool = false) -> SingleRange? {
    var bytes = Array(value.utf8)[...]
    func skipWhitespace() { if allowWhitespace { while let b = bytes.first, b == 0x20 || b == 0x09 { bytes.removeFirst() } } }
    // .some(nil): a bound that cannot be read (overflow, or a sign without digits); nil: no bound.
    func digits() -> UInt64?? {
        var n: UInt64 = 0
        var any = false
        if boundsAllowPlusSign, bytes.first == UInt8(ascii: "+") {
            bytes.removeFirst()
            guard let b = bytes.first, b >= 48, b <= 57 else { return .some(nil) }
        }
        while let b = bytes.first, b >= 48, b <= 57 {
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(b - 48))
            if o1 || o2 { return .some(nil) }
            n = s
            any = true
            bytes.removeFirst()
        }
        return any ? .some(n) : nil
    }
    // 2-4. "bytes", whitespace, "=".
    let unit = bytes.prefix(5).map { unitCaseInsensitive && $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    guard unit.elementsEqual("bytes".utf8) else { return nil }
    bytes.removeFirst(5)
    skipWhitespace()
    guard bytes.first == UInt8(ascii: "=") else { return nil }
    bytes.removeFirst()
    skipWhitespace()
    // 7-8. rangeStart.
    let start = digits()
    if case .some(.none) = start { return nil }
    skipWhitespace()
    guard bytes.first == UInt8(ascii: "-") else { return nil }
    bytes.removeFirst()
    skipWhitespace()
    let end = digits()
    if case .some(.none) = end { return nil }
    // 14. If position is not past the end of input, return failure.
    guard bytes.isEmpty else { return nil }
    let s = start.flatMap { $0 }, e = end.flatMap { $0 }
    // 15-16. Both null fails; an end before the start fails.
    if s == nil && e == nil { return nil }
    if let s, let e, s > e { return nil }
    return SingleRange(start: s, end: e)
}

/// CORS-safelisted response-header names (https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name).
public let corsSafelistedResponseHeaderNames: Set<String> = [
    "cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma",
]

/// Forbidden response-header names (https://fetch.spec.whatwg.org/#forbidden-response-header-name).
public let forbiddenResponseHeaderNames: Set<String> = ["set-cookie", "set-cookie2"]

/// `corsSafelistedResponseHeaderNames.contains(name)` for a lower-cased name, without hashing it
/// (every response's every header asks).
func isCORSSafelistedResponseHeaderName(lowercased name: String) -> Bool {
    switch name.utf8.count {
    case 6: return name == "pragma"
    case 7: return name == "expires"
    case 12: return name == "content-type"
    case 13: return name == "cache-control" || name == "last-modified"
    case 14: return name == "content-length"
    case 16: return name == "content-language"
    default: return false
    }
}

/// `forbiddenResponseHeaderNames.contains(name)` for a lower-cased name, without hashing it.
func isForbiddenResponseHeaderName(lowercased name: String) -> Bool {
    let count = name.utf8.count
    return (count == 10 && name == "set-cookie") || (count == 11 && name == "set-cookie2")
}

/// A header value's length in bytes (https://fetch.spec.whatwg.org/#header-value): the value is a
/// byte sequence, one character U+0000 to U+00FF per byte as the script's ByteString gave it, so
/// `é` is one byte (0xE9) to the CORS checks of every engine, whatever the network stack writes
/// later (`NetworkStackRules.headerValueBytes`). A value with a character beyond U+00FF (given in
/// code, not by a script) counts its UTF-8 bytes.
func headerValueByteLength(_ value: String) -> Int {
    var utf8 = 0, scalars = 0, beyondLatin1 = false
    for byte in value.utf8 {
        utf8 += 1
        if byte & 0xC0 != 0x80 { scalars += 1 }
        if byte >= 0xC4 { beyondLatin1 = true }
    }
    return beyondLatin1 ? utf8 : scalars
}
