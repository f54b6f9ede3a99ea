/// Sites for cookies: the registrable domain of a host (RFC 6265bis section 5.1.2 and the URL
/// Standard's "site"), from a small public-suffix rule set of the simulator's own.

/// The registrable domain and schemeful site of a host, as cookies see them.
///
/// SIMULATION: browsers ship the whole Public Suffix List (https://publicsuffix.org/list/); the
/// simulator ships `CookieSite.multiLabelSuffixes` below plus the list's default rule (every
/// top-level label, `com`, `example`, `test`, is a public suffix). A host under a suffix the
/// list has and this set lacks (`a.s3.amazonaws.com`, say) counts here as one site with its
/// neighbours. IP addresses and single-label hosts (`localhost`) are their own site.
public enum CookieSite {
    /// Public suffixes of more than one label that lessons and tests are likely to meet: the
    /// common second-level country registries and the hosting platforms whose customers share a
    /// parent domain (each of these is a PRIVATE-section entry of the Public Suffix List).
    public static let multiLabelSuffixes: Set<String> = [
        "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au",
        "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp",
        "co.nz", "org.nz", "net.nz", "com.br", "net.br", "org.br", "co.in", "co.za", "com.cn", "com.mx",
        "github.io", "gitlab.io", "herokuapp.com", "appspot.com", "vercel.app", "netlify.app", "pages.dev",
        "workers.dev", "web.app", "firebaseapp.com", "azurewebsites.net", "cloudfront.net", "blogspot.com",
        "s3.amazonaws.com", "onrender.com", "fly.dev", "glitch.me", "ngrok.io", "ngrok-free.app",
    ]

    /// Top-level domains the Public Suffix List does not list: the special-use names of RFC 2606
    /// (`example`, `test`, `invalid`, `localhost`), RFC 6762's `local`, RFC 9476's `alt` and ICANN's
    /// `internal` (https://publicsuffix.org/list/public_suffix_list.dat lists every delegated TLD,
    /// none of these).
    /// SIMULATION: other names outside the root zone (`lan`, `home`, `corp`) are unlisted too in the
    /// real list; here only these count as unlisted (`CookieRules.unlistedTLDHostIsOwnSite`).
    public static let unlistedTopLevelDomains: Set<String> = ["example", "test", "invalid", "localhost", "local", "alt", "internal"]

    /// Whether a host's last label is one of `unlistedTopLevelDomains`.
    static func hasUnlistedTopLevelDomain(_ host: String) -> Bool {
        if isIPAddress(host) { return false }
        let tld = host.utf8.lastIndex(of: 0x2E).map { String(host[host.utf8.index(after: $0)...]) } ?? host
        return unlistedTopLevelDomains.contains(tld)
    }

    /// Whether a host is an IP address (IPv4 dotted or a bracketed IPv6 literal).
    static func isIPAddress(_ host: String) -> Bool {
        let u = host.utf8
        guard let first = u.first else { return false }
        if first == UInt8(ascii: "[") { return true }
        return u.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E } && u.contains(0x2E)
    }

    /// Whether `domain` (lower case, no leading dot) is a public suffix: a single label, or one
    /// of `multiLabelSuffixes`.
    public static func isPublicSuffix(_ domain: String) -> Bool {
        if isIPAddress(domain) { return false }
        if !domain.utf8.contains(0x2E) { return true }
        return multiLabelSuffixes.contains(domain)
    }

    /// The registrable domain (eTLD+1) of a host; the host itself for an IP address or a host
    /// that is a public suffix (`localhost`).
    public static func registrableDomain(_ host: String) -> String {
        if isIPAddress(host) || isPublicSuffix(host) { return host }
        // The longest public suffix is the first dot-suffix (from the left) that is one; the
        // registrable domain adds the label before it.
        var labelStart = host.startIndex
        var i = host.startIndex
        while i < host.endIndex {
            if host.utf8[i] == 0x2E {
                let next = host.index(after: i)
                let suffix = String(host[next...])
                if isPublicSuffix(suffix) { return String(host[labelStart...]) }
                labelStart = next
            }
            i = host.index(after: i)
        }
        return host
    }

    /// The schemeful site (https://html.spec.whatwg.org/multipage/browsers.html#obtain-a-site):
    /// `https://example.com` for `https://api.example.com:8443`. Opaque origins are their own site.
    public static func site(of origin: Origin) -> String {
        switch origin {
        case .opaque(let id): return "null#\(id)"
        case let .tuple(scheme, host, _): return "\(scheme)://\(registrableDomain(host))"
        }
    }

    /// The schemeful site of a URL.
    public static func site(of url: FetchURL) -> String { "\(url.scheme)://\(registrableDomain(url.host))" }

    /// Whether a name has an ASCII upper-case letter.
    static func hasUpperCaseASCII(_ name: String) -> Bool { name.utf8.contains { $0 >= 0x41 && $0 <= 0x5A } }

    /// ASCII case-insensitive equality (g_ascii_strcasecmp's).
    static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        return a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { lower($0) == lower($1) }
    }
}
