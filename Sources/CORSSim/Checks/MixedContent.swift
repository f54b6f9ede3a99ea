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
/// The host is read by the URL Standard's host parser, so IPv4 in any number form (`127.1`,
/// `0x7f.0.0.1`) and IPv6 in any spelling are recognised, as the engines see the parsed URL.
public func isLoopbackHost(_ host: String) -> Bool {
    if isPlainDomain(host) { return host == "localhost" || host.hasSuffix(".localhost") }
    return isLoopbackHostByParsing(host)
}

/// `isLoopbackHost` through the URL Standard's host parser, whatever the host.
func isLoopbackHostByParsing(_ host: String) -> Bool {
    switch parseHost(Array(host.utf8), isOpaque: false) {
    case .success(.ipv4(let address)): return address >> 24 == 127
    case .success(.ipv6(let pieces)): return pieces == [0, 0, 0, 0, 0, 0, 0, 1]
    case .success(.domain(var name)):
        if name.hasSuffix(".") { name.removeLast() }
        return name == "localhost" || name.hasSuffix(".localhost")
    default: return false
    }
}

/// Whether the host parser would return `host` itself as a domain, seen without running it: the
/// host parser's own output for the common case (what every hop's FetchURL holds). True only for
/// bytes in [a-z0-9-.], no empty label, no label starting `xn--` (those are decoded and checked by
/// IDNA), and a last label starting with a letter (so it does not "end in a number", which would
/// make it IPv4: a number label is digits only or starts `0x`). Such a host maps to itself under
/// UTS #46 and has no forbidden code point. Anything else: false, and the callers run the parser.
func isPlainDomain(_ host: String) -> Bool {
    var labelStart = true
    var lastLabelStartsWithLetter = false
    var label: (UInt8, UInt8, UInt8, UInt8, Int) = (0, 0, 0, 0, 0)
    for b in host.utf8 {
        if b == UInt8(ascii: ".") {
            if labelStart { return false }
            labelStart = true
            continue
        }
        let isLetter = b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")
        guard isLetter || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") else { return false }
        if labelStart {
            lastLabelStartsWithLetter = isLetter
            label = (b, 0, 0, 0, 1)
            labelStart = false
        } else if label.4 < 4 {
            switch label.4 {
            case 1: label.1 = b
            case 2: label.2 = b
            default:
                label.3 = b
                if label.0 == UInt8(ascii: "x") && label.1 == UInt8(ascii: "n") && label.2 == UInt8(ascii: "-") && b == UInt8(ascii: "-") {
                    return false
                }
            }
            label.4 += 1
        }
    }
    return !labelStart && lastLabelStartsWithLetter
}

/// Is url potentially trustworthy? (https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy),
/// with the engine's view of loopback.
public func isPotentiallyTrustworthy(_ url: FetchURL, rules: MixedContentRules) -> Bool {
    if !url.isHTTPScheme {
        // 1. about:blank or about:srcdoc; 2. a data: URL; 3. otherwise its origin: a blob: URL's is
        // the URL in its path, every other scheme's is opaque, so not trustworthy.
        if url.scheme == "about" { return url.path == "blank" || url.path == "srcdoc" }
        if url.scheme == "data" { return true }
        guard case let .tuple(scheme, host, port) = url.origin, url.scheme == "blob" else { return false }
        return isPotentiallyTrustworthy(FetchURL(scheme: scheme, host: host, port: port), rules: rules)
    }
    if url.scheme == "https" || url.scheme == "wss" { return true }
    return rules.httpLoopbackIsTrustworthy && isLoopbackHost(url.host)
}

/// Does settings prohibit mixed security contexts?
/// (https://w3c.github.io/webappsec-mixed-content/#categorize-settings-object), for a document of
/// origin `page` in a top-level document of origin `topLevel`.
///
/// The engines judge a document by its URL, so an opaque page (`page null`, a sandboxed iframe) is
/// passed in as the origin of the page it was created from (FetchProcess `documentOrigin`;
/// recorded: Tests/Conformance page-null-https-mixed-content, blocked in all three engines).
/// SIMULATION: an opaque origin passed in (a `page null` with no page before it) restricts nothing.
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
