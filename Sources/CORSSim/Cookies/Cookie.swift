/// A cookie and the parsing of `Set-Cookie` (and `document.cookie = ...`) strings, on UTF-8
/// bytes, per RFC 6265bis (https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/),
/// sections 5.1.1 (dates), 5.6 (the Set-Cookie header field) and 5.7 (the storage model's
/// attribute handling).

/// A cookie's `SameSite` attribute as written; `unspecified` when absent or not one of the three.
public enum CookieSameSite: String, Sendable, Hashable, CaseIterable {
    case strict, lax, none, unspecified

    /// How the attribute reads in messages: `SameSite=Lax`, or "no SameSite attribute".
    public var text: String {
        switch self {
        case .strict: return "SameSite=Strict"
        case .lax: return "SameSite=Lax"
        case .none: return "SameSite=None"
        case .unspecified: return "no SameSite attribute"
        }
    }
}

/// One cookie in a browser's jar.
public struct Cookie: Sendable, Hashable {
    public var name: String
    public var value: String
    /// The host (host-only cookie) or the `Domain` attribute's domain, lower case, no leading dot.
    public var domain: String
    /// No `Domain` attribute: sent to exactly this host.
    public var hostOnly: Bool
    public var path: String
    public var secure: Bool
    public var httpOnly: Bool
    public var sameSite: CookieSameSite
    /// The top-level site whose partition holds the cookie (CHIPS `Partitioned`, or Firefox's
    /// Total Cookie Protection); nil: the unpartitioned jar.
    public var partition: String?
    /// Virtual time (ms) after which the cookie is gone; nil: a session cookie.
    public var expires: Int64?
    /// Virtual time (ms) it was first stored, and its place among cookies stored then.
    public var created: Int64
    public var order: Int

    public init(name: String, value: String, domain: String, hostOnly: Bool = true, path: String = "/",
                secure: Bool = false, httpOnly: Bool = false, sameSite: CookieSameSite = .unspecified,
                partition: String? = nil, expires: Int64? = nil, created: Int64 = 0, order: Int = 0) {
        self.name = name
        self.value = value
        self.domain = domain
        self.hostOnly = hostOnly
        self.path = path
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
        self.partition = partition
        self.expires = expires
        self.created = created
        self.order = order
    }

    /// `name=value` as it goes in a `Cookie` header (a nameless cookie is its value alone).
    public var pair: String { name.isEmpty ? value : "\(name)=\(value)" }
}

/// A parsed `Set-Cookie` string: the name, value and attributes, before the storage model
/// decides (against the request's URL and context) whether and how it is stored.
public struct ParsedSetCookie: Sendable, Hashable {
    public var name: String
    public var value: String
    /// The `Domain` attribute, lower case, leading dot removed; nil when absent.
    public var domain: String?
    /// The `Path` attribute when it starts with `/`; nil: the default path.
    public var path: String?
    public var secure = false
    public var httpOnly = false
    public var partitioned = false
    public var sameSite: CookieSameSite = .unspecified
    /// `Max-Age` in seconds (the last one wins, and wins over `Expires`).
    public var maxAge: Int64?
    /// `Expires` as virtual seconds (`HTTPCache.virtualEpochUnixSeconds` is time 0).
    public var expires: Int64?
    /// Whether the last `Expires` came after the last `Max-Age` (`CookieRules.lastOfMaxAgeAndExpiresWins`).
    public var expiresAfterMaxAge = false

    /// Why a `Set-Cookie` string is ignored as a whole.
    public enum Rejection: String, Error, Sendable, Hashable {
        case controlCharacter = "control-character"
        case emptyNameAndValue = "empty-name-and-value"
        case tooLong = "too-long"

        public var text: String {
            switch self {
            case .controlCharacter: return "it holds a control character"
            case .emptyNameAndValue: return "its name and value are both empty"
            case .tooLong: return "its name and value are longer than 4096 bytes together"
            }
        }
    }

    /// Parses a `Set-Cookie` value (RFC 6265bis section 5.6). Works on the string's UTF-8 bytes.
    public static func parse(_ text: String) -> Result<ParsedSetCookie, Rejection> {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Result<ParsedSetCookie, Rejection> {
        // 1. A CTL other than HTAB aborts.
        for c in b where (c < 0x20 && c != 0x09) || c == 0x7F { return .failure(.controlCharacter) }
        let end = b.count
        var semicolon = 0
        while semicolon < end, b[semicolon] != 0x3B { semicolon += 1 }
        // 2-4. name-value-pair up to the first ';'; a pair without '=' is a nameless cookie.
        var eq = 0
        while eq < semicolon, b[eq] != 0x3D { eq += 1 }
        let nameRange = eq < semicolon ? trim(b, 0..<eq) : 0..<0
        let valueRange = eq < semicolon ? trim(b, (eq + 1)..<semicolon) : trim(b, 0..<semicolon)
        if nameRange.isEmpty && valueRange.isEmpty { return .failure(.emptyNameAndValue) }
        if nameRange.count + valueRange.count > 4096 { return .failure(.tooLong) }
        var cookie = ParsedSetCookie(name: string(b, nameRange), value: string(b, valueRange))
        // 5.6, cookie-av: each ';'-separated attribute, name case-insensitive.
        var i = semicolon
        while i < end {
            let start = i + 1
            var j = start
            while j < end, b[j] != 0x3B { j += 1 }
            i = j
            var k = start
            while k < j, b[k] != 0x3D { k += 1 }
            let attrName = trim(b, start..<k)
            let attrValue = k < j ? trim(b, (k + 1)..<j) : j..<j
            // An attribute value over 1024 bytes is ignored (RFC 6265bis section 5.6 step 4.7).
            if attrValue.count > 1024 { continue }
            switch lowercased(b, attrName) {
            case "expires":
                if let t = parseCookieDate(b, attrValue) { cookie.expires = t; cookie.expiresAfterMaxAge = cookie.maxAge != nil }
            case "max-age":
                if let n = parseMaxAge(b, attrValue) { cookie.maxAge = n; cookie.expiresAfterMaxAge = false }
            case "domain":
                // An empty Domain is ignored; a leading dot is dropped.
                var d = attrValue
                if !d.isEmpty, b[d.lowerBound] == 0x2E { d = (d.lowerBound + 1)..<d.upperBound }
                if !attrValue.isEmpty { cookie.domain = lowercased(b, d) }
            case "path":
                // A Path that does not start with '/' leaves the default path.
                if !attrValue.isEmpty, b[attrValue.lowerBound] == 0x2F { cookie.path = string(b, attrValue) } else { cookie.path = nil }
            case "secure": cookie.secure = true
            case "httponly": cookie.httpOnly = true
            case "partitioned": cookie.partitioned = true
            case "samesite":
                switch lowercased(b, attrValue) {
                case "strict": cookie.sameSite = .strict
                case "lax": cookie.sameSite = .lax
                case "none": cookie.sameSite = .none
                default: cookie.sameSite = .unspecified
                }
            default: break
            }
        }
        return .success(cookie)
    }

    init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    private static func isWhitespace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    private static func trim(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, isWhitespace(b[lo]) { lo += 1 }
        while hi > lo, isWhitespace(b[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    private static func string(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
    }

    private static func lowercased(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: b[r].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// `Max-Age`: an optional `-` and digits (RFC 6265bis section 5.6.2); other values are ignored.
    private static func parseMaxAge(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int64? {
        guard !r.isEmpty else { return nil }
        var i = r.lowerBound
        let negative = b[i] == 0x2D
        if negative { i += 1 }
        guard i < r.upperBound else { return nil }
        var n: Int64 = 0
        while i < r.upperBound {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            // Saturate: a huge Max-Age is "forever" (later capped), never an overflow.
            if n < 1_000_000_000_000 { n = n * 10 + Int64(c - 0x30) }
            i += 1
        }
        return negative ? -n : n
    }

    /// The cookie-date algorithm (RFC 6265bis section 5.1.1): tokens between delimiters; the
    /// first time, day of month, month and year found, in virtual seconds. nil when a part is
    /// missing or out of range.
    static func parseCookieDate(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int64? {
        func isDelimiter(_ c: UInt8) -> Bool {
            c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E)
        }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        var time: (Int64, Int64, Int64)?, day: Int64?, month: Int64?, year: Int64?
        var i = r.lowerBound
        while i < r.upperBound {
            while i < r.upperBound, isDelimiter(b[i]) { i += 1 }
            let start = i
            while i < r.upperBound, !isDelimiter(b[i]) { i += 1 }
            let token = start..<i
            if token.isEmpty { continue }
            // Leading digits of the token, and the digits-only value.
            func digits(_ from: Int, max: Int) -> (Int64, Int)? {
                var j = from, n: Int64 = 0
                while j < token.upperBound, isDigit(b[j]), j - from < max { n = n * 10 + Int64(b[j] - 0x30); j += 1 }
                return j > from ? (n, j) : nil
            }
            if time == nil, let (h, a) = digits(token.lowerBound, max: 2), a < token.upperBound, b[a] == 0x3A,
               let (m, c) = digits(a + 1, max: 2), c < token.upperBound, b[c] == 0x3A, let (s, e) = digits(c + 1, max: 2),
               e == token.upperBound || !isDigit(b[e]) {
                time = (h, m, s)
                continue
            }
            if day == nil, let (d, e) = digits(token.lowerBound, max: 2), e == token.upperBound || !isDigit(b[e]) {
                day = d
                continue
            }
            if month == nil, token.count >= 3 {
                let prefix = lowercased(b, token.lowerBound..<(token.lowerBound + 3))
                if let m = months.firstIndex(of: prefix) { month = Int64(m + 1); continue }
            }
            if year == nil, let (y, e) = digits(token.lowerBound, max: 4), e - token.lowerBound >= 2,
               e == token.upperBound || !isDigit(b[e]) {
                year = y
                continue
            }
        }
        guard var y = year, let d = day, let mo = month, let (hh, mm, ss) = time else { return nil }
        if (70...99).contains(y) { y += 1900 } else if (0...69).contains(y) { y += 2000 }
        guard (1...31).contains(d), y >= 1601, hh <= 23, mm <= 59, ss <= 59 else { return nil }
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (mo + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + hh * 3600 + mm * 60 + ss - HTTPCache.virtualEpochUnixSeconds
    }
}
