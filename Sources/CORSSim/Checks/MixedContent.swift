/// Mixed content (https://w3c.github.io/webappsec-mixed-content/#should-block-fetch): a document
/// that prohibits mixed security contexts never fetches a URL that is not potentially trustworthy
/// (https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy). `fetch()` is blockable
/// content in every engine (only images, audio and video are upgraded), so such a request is a
/// network error before CORS applies: on the first request and on every redirect hop.

/// How an engine decides mixed content for `fetch()`.
public struct MixedContentRules: Sendable, Hashable {
    /// Which documents prohibit mixed security contexts.
    public enum RestrictingDocuments: String, Sendable, Hashable {
        /// Documents whose origin's scheme is `https` (Chromium's restricting schemes, Gecko's
        /// `parentIsHttps`, WebKit's non-localhost potentially trustworthy origins).
        case httpsScheme
        /// Documents whose origin is potentially trustworthy, `http://localhost` included (the standard).
        case potentiallyTrustworthy
        /// None: for judging a server's CORS policy alone, whatever the scheme of the page.
        case none
    }

    public var restrictingDocuments: RestrictingDocuments
    /// Whether an https top-level document also restricts the fetches of a document it embeds.
    public var topLevelRestricts: Bool
    /// Whether `http:` URLs whose host is loopback (127.0.0.0/8, ::1, `localhost`, `*.localhost`)
    /// count as potentially trustworthy.
    public var httpLoopbackIsTrustworthy: Bool
    /// Whether the check runs before main fetch's mode checks (same-origin mode, no-cors redirect
    /// mode), as the standard orders them, or after, as the engines' loaders do.
    public var checkedBeforeModeChecks: Bool

    public init(restrictingDocuments: RestrictingDocuments, topLevelRestricts: Bool, httpLoopbackIsTrustworthy: Bool,
                checkedBeforeModeChecks: Bool) {
        self.restrictingDocuments = restrictingDocuments
        self.topLevelRestricts = topLevelRestricts
        self.httpLoopbackIsTrustworthy = httpLoopbackIsTrustworthy
        self.checkedBeforeModeChecks = checkedBeforeModeChecks
    }

    /// No mixed-content blocking at all (a copy of a profile that judges CORS alone).
    public static let off = MixedContentRules(restrictingDocuments: .none, topLevelRestricts: false,
                                              httpLoopbackIsTrustworthy: true, checkedBeforeModeChecks: false)

    /// The Mixed Content and Secure Contexts standards.
    public static let standard = MixedContentRules(restrictingDocuments: .potentiallyTrustworthy, topLevelRestricts: true,
                                                   httpLoopbackIsTrustworthy: true, checkedBeforeModeChecks: true)
}

/// Whether a host is loopback as "Is origin potentially trustworthy?" steps 4 and 5 say: an IPv4
/// address in 127.0.0.0/8, the IPv6 address ::1, or the names `localhost` and `localhost.` and those
/// ending in `.localhost` or `.localhost.`, compared ASCII case-insensitively
/// (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy).
///
/// SIMULATION: IPv4 addresses are recognised in dotted-decimal form only (`127.1` or `0x7f.0.0.1`
/// are taken as names), as the simulator's URL parser leaves them.
public func isLoopbackHost(_ host: String) -> Bool {
    let bytes = Array(host.utf8)
    if bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") {
        return ipv6Pieces(bytes[1..<(bytes.count - 1)]) == [0, 0, 0, 0, 0, 0, 0, 1]
    }
    if let octets = dottedIPv4(bytes) { return octets[0] == 127 }
    var name = host.byteLowercased()
    if name.hasSuffix(".") { name.removeLast() }
    return name == "localhost" || name.hasSuffix(".localhost")
}

/// The four octets of a dotted-decimal IPv4 address, or nil.
private func dottedIPv4(_ bytes: [UInt8]) -> [Int]? {
    var octets: [Int] = []
    var current = -1
    for byte in bytes {
        if byte == UInt8(ascii: ".") {
            guard current >= 0 else { return nil }
            octets.append(current)
            current = -1
        } else if byte >= 0x30, byte <= 0x39 {
            current = (current < 0 ? 0 : current * 10) + Int(byte - 0x30)
            if current > 255 { return nil }
        } else {
            return nil
        }
    }
    guard current >= 0 else { return nil }
    octets.append(current)
    return octets.count == 4 ? octets : nil
}

/// The eight 16-bit pieces of an IPv6 address written with hex pieces and at most one `::`, or nil.
private func ipv6Pieces(_ bytes: ArraySlice<UInt8>) -> [Int]? {
    let colon = UInt8(ascii: ":")
    var gap: Int?
    var i = bytes.startIndex
    while i + 1 < bytes.endIndex {
        if bytes[i] == colon, bytes[i + 1] == colon {
            if gap != nil { return nil }
            gap = i
        }
        i += 1
    }
    func pieces(_ part: ArraySlice<UInt8>) -> [Int]? {
        if part.isEmpty { return [] }
        var out: [Int] = []
        for piece in part.split(separator: colon, omittingEmptySubsequences: false) {
            guard (1...4).contains(piece.count), let n = Int(String(decoding: piece, as: UTF8.self), radix: 16) else { return nil }
            out.append(n)
        }
        return out
    }
    guard let gap else {
        guard let all = pieces(bytes), all.count == 8 else { return nil }
        return all
    }
    guard let head = pieces(bytes[bytes.startIndex..<gap]), let tail = pieces(bytes[(gap + 2)...]),
          head.count + tail.count < 8 else { return nil }
    return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
}

/// Is url potentially trustworthy? (https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy),
/// for the `http:` and `https:` URLs the simulator knows, with the engine's view of loopback.
public func isPotentiallyTrustworthy(_ url: FetchURL, rules: MixedContentRules) -> Bool {
    if url.scheme == "https" || url.scheme == "wss" { return true }
    return rules.httpLoopbackIsTrustworthy && isLoopbackHost(url.host)
}

/// Does settings prohibit mixed security contexts?
/// (https://w3c.github.io/webappsec-mixed-content/#categorize-settings-object), for a document of
/// origin `page` in a top-level document of origin `topLevel`.
///
/// SIMULATION: an opaque page origin (`page null`) restricts nothing; Chromium would look at the
/// origin it was derived from.
public func prohibitsMixedSecurityContexts(page: Origin, topLevel: Origin, rules: MixedContentRules) -> Bool {
    func restricts(_ origin: Origin) -> Bool {
        guard case let .tuple(scheme, host, _) = origin else { return false }
        switch rules.restrictingDocuments {
        case .httpsScheme: return scheme == "https"
        case .potentiallyTrustworthy: return scheme == "https" || (scheme == "http" && isLoopbackHost(host))
        case .none: return false
        }
    }
    return restricts(page) || (rules.topLevelRestricts && restricts(topLevel))
}

/// Should fetching request be blocked as mixed content?
/// (https://w3c.github.io/webappsec-mixed-content/#should-block-fetch): the document prohibits mixed
/// security contexts and the URL is not potentially trustworthy. `fetch()` is never upgraded.
public func shouldBlockAsMixedContent(_ url: FetchURL, page: Origin, topLevel: Origin, rules: MixedContentRules) -> Bool {
    prohibitsMixedSecurityContexts(page: page, topLevel: topLevel, rules: rules) && !isPotentiallyTrustworthy(url, rules: rules)
}
