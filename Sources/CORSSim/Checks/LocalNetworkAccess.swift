/// Local Network Access (https://wicg.github.io/local-network-access/) and the Private Network
/// Access that came before it (https://wicg.github.io/private-network-access/): a page in a more
/// public IP address space asking for a resource in a less public one. Where the engines gate it,
/// the gate runs when the connection is made, before anything is sent: a denied request reaches
/// no server (neither does its preflight).

/// An IP address space (https://wicg.github.io/local-network-access/#ip-address-space), in the
/// names of Local Network Access. Private Network Access called `loopback` "local" and `local`
/// "private" (`LocalNetworkAccessRules.Naming`).
public enum IPAddressSpace: String, Sendable, Hashable, CaseIterable, Codable {
    case loopback, local, `public`

    /// Whether a request from `client` to `self` goes to a less public space, as both Chromium
    /// and Gecko gate it today: only a `public` client is gated. Chromium's
    /// `IsLessPublicAddressSpaceLNA` collapses `loopback` and `local` ("Requests from local ->
    /// loopback are not blocked at present", services/network/local_network_access_checker.cc);
    /// Gecko's `IsLocalOrPrivateNetworkAccess` gates Public -> Private/Local and Private -> Local,
    /// and `network.lna.local-network-to-localhost.skip-checks` (default true) skips the second
    /// (netwerk/protocol/http/nsHttpTransaction.cpp AllowedToConnectToIpAddressSpace).
    func isLessPublic(than client: IPAddressSpace) -> Bool {
        client == .public && self != .public
    }
}

/// The IP address space of an address, from the non-public address table of
/// https://wicg.github.io/local-network-access/#non-public-ip-address-blocks as Chromium ships it
/// (services/network/public/cpp/ip_address_space_util.cc NonPublicAddressSpaceMap): loopback
/// 127.0.0.0/8, ::1, 0.0.0.0 and ::; local 10/8, 172.16/12, 192.168/16, 169.254/16, 100.64/10,
/// 0/8, fc00::/7, fe80::/10, and (`documentationBlocksAreLocal`) fec0::/10, 2001:db8::/32 and
/// 3fff::/20, which Gecko's `NetAddr::GetIpAddressSpace` (netwerk/dns/DNS.cpp) leaves public.
/// Anything else is public. nil: `address` is not an IPv4 or IPv6 literal.
///
/// IP literals are read by the URL Standard's host parser (Fetch/URLParser.swift), so every IPv4
/// number form (`0x7f.1`, `2130706433`) and IPv6 spelling is the address it names; an IPv6
/// literal may be given with or without brackets.
///
/// SIMULATION: IPv4-mapped IPv6 addresses (`::ffff:192.168.0.1`) are not recognised (public).
public func ipAddressSpace(ofAddress address: String, documentationBlocksAreLocal: Bool = true) -> IPAddressSpace? {
    // A plain domain name is no IP literal (the parser would return it as a domain).
    if isPlainDomain(address) { return nil }
    var bytes = Array(address.utf8)
    if bytes.contains(UInt8(ascii: ":")), bytes.first != UInt8(ascii: "[") { bytes = [UInt8(ascii: "[")] + bytes + [UInt8(ascii: "]")] }
    switch parseHost(bytes, isOpaque: false) {
    case .success(.ipv4(let v4)):
        let (a, b) = (Int(v4 >> 24), Int((v4 >> 16) & 0xFF))
        if a == 127 || v4 == 0 { return .loopback }
        if a == 10 || a == 0 || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
            || (a == 169 && b == 254) || (a == 100 && (64...127).contains(b)) { return .local }
        return .public
    case .success(.ipv6(let p)):
        if p == [0, 0, 0, 0, 0, 0, 0, 1] || p == [0, 0, 0, 0, 0, 0, 0, 0] { return .loopback }
        let first = p[0]
        if first & 0xFE00 == 0xFC00 || first & 0xFFC0 == 0xFE80 { return .local }
        if documentationBlocksAreLocal,
           first & 0xFFC0 == 0xFEC0 || (first == 0x2001 && p[1] == 0x0DB8) || first & 0xFFF0 == 0x3FF0 { return .local }
        return .public
    default:
        return nil
    }
}

/// The address space of a host as the scenario knows it: an IP literal's own, `localhost` names
/// loopback (Chromium and Gecko resolve them to the loopback address), else the address the
/// scenario gave the host (`server ORIGIN address ...`), else public.
///
/// SIMULATION: a host name without a declared address is taken as public (the engines classify
/// the address the name resolves to; a scenario has no DNS).
public func ipAddressSpace(ofHost host: String, addresses: HostAddresses, documentationBlocksAreLocal: Bool = true) -> IPAddressSpace {
    ipAddressSpace(ofHost: host, plainDomain: isPlainDomain(host), addresses: addresses,
                   documentationBlocksAreLocal: documentationBlocksAreLocal)
}

/// `ipAddressSpace(ofHost:addresses:documentationBlocksAreLocal:)` for a host whose
/// `isPlainDomain` is already known (a `FetchURL`'s).
func ipAddressSpace(ofHost host: String, plainDomain: Bool, addresses: HostAddresses,
                    documentationBlocksAreLocal: Bool) -> IPAddressSpace {
    if plainDomain {
        // No IP literal (what `ipAddressSpace(ofAddress:)` and `isLoopbackHost` find without the
        // parser for such a host, looked at once here): loopback only by its name.
        if host == "localhost" || host.hasSuffix(".localhost") { return .loopback }
    } else {
        if let literal = ipAddressSpace(ofAddress: host, documentationBlocksAreLocal: documentationBlocksAreLocal) { return literal }
        if isLoopbackHost(host) { return .loopback }
    }
    if let declared = addresses.address(of: host) {
        switch declared {
        case .space(let space): return space
        case .ip(let ip): return ipAddressSpace(ofAddress: ip, documentationBlocksAreLocal: documentationBlocksAreLocal) ?? .public
        }
    }
    return .public
}

/// What a scenario says a host name resolves to: an IP literal, or just its address space.
public enum DeclaredAddress: Sendable, Hashable {
    case ip(String)
    case space(IPAddressSpace)

    /// `192.168.1.10`, `[fd00::1]`, or `loopback`, `local`, `public`; nil for anything else.
    public init?(parsing text: String) {
        if let space = IPAddressSpace(rawValue: text) {
            self = .space(space)
        } else if ipAddressSpace(ofAddress: text) != nil {
            self = .ip(text)
        } else {
            return nil
        }
    }

    public var text: String {
        switch self {
        case .ip(let ip): return ip
        case .space(let space): return space.rawValue
        }
    }
}

/// The host names a scenario gave addresses to: the simulator's DNS.
public struct HostAddresses: Sendable, Hashable {
    private var table: [String: DeclaredAddress] = [:]
    /// What a host name with no declared address resolves to; nil: it is public.
    public var fallback: DeclaredAddress?

    public init(fallback: DeclaredAddress? = nil) {
        self.fallback = fallback
    }

    public mutating func set(_ address: DeclaredAddress?, for host: String) {
        table[host.byteLowercased()] = address
    }

    public func address(of host: String) -> DeclaredAddress? {
        table.isEmpty ? fallback : table[host.byteLowercased()] ?? fallback
    }
}

/// The user's answer to the Local Network Access permission prompt, as a scenario sets it.
public enum LocalNetworkPermission: String, Sendable, Hashable, CaseIterable, Codable {
    case granted
    case denied
    /// The prompt was closed without an answer, or never answered: the request fails as when
    /// denied. The default: a run without a user never answers (Chromium fails the request with
    /// `kLocalNetworkAccessPermissionDenied` unless the permission is granted; Gecko cancels the
    /// request when the prompt is dismissed or times out, browser/modules/PermissionUI.sys.mjs
    /// LNAPermissionPromptBase).
    case promptDismissed = "prompt-dismissed"
}

/// How an engine gates requests from a more public to a less public address space.
public struct LocalNetworkAccessRules: Sendable, Hashable {
    public enum Gate: String, Sendable, Hashable {
        /// No check at all.
        case none
        /// Private Network Access in warning mode: a secure context's request is preflighted with
        /// `Access-Control-Request-Private-Network: true`, and whatever the answer, the request goes
        /// on (Chromium 104-141).
        case preflightWarning
        /// Local Network Access: the user's permission decides (Chromium 142+, Gecko 153+).
        case permission
    }

    /// What the console calls the spaces.
    public enum Naming: String, Sendable, Hashable {
        /// `loopback`, `local`, `public` (Local Network Access).
        case localNetworkAccess
        /// `local`, `private`, `public` (Private Network Access).
        case privateNetworkAccess
    }

    public var gate: Gate
    /// Whether a page that is not a secure context is refused outright (no prompt, no preflight).
    public var blocksNonSecureContexts: Bool
    /// Whether an `http:` URL whose host is a private IP literal escapes mixed-content blocking to
    /// face the permission instead (Chromium's ShouldBlockFetch with Local Network Access).
    public var privateLiteralsSkipMixedContent: Bool
    /// Whether fec0::/10, 2001:db8::/32 and 3fff::/20 count as local (Chromium) or public (Gecko).
    public var documentationBlocksAreLocal: Bool
    /// Whether a Private Network Access preflight sent only for that reason leaves out `Accept`
    /// (Chromium 123+).
    public var privateNetworkOnlyPreflightOmitsAccept: Bool
    /// Whose answer to the permission prompt counts: the top-level document's (Gecko: a sandboxed
    /// iframe of a page the user granted is allowed) or the requesting document's own (Chromium:
    /// an opaque origin holds no permission, so a sandboxed iframe is refused).
    public var permissionOfTopLevelDocument: Bool
    public var naming: Naming

    /// Every field is stated: a profile cannot leave one to a default.
    public init(gate: Gate, blocksNonSecureContexts: Bool, privateLiteralsSkipMixedContent: Bool,
                documentationBlocksAreLocal: Bool, privateNetworkOnlyPreflightOmitsAccept: Bool,
                permissionOfTopLevelDocument: Bool, naming: Naming) {
        self.gate = gate
        self.blocksNonSecureContexts = blocksNonSecureContexts
        self.privateLiteralsSkipMixedContent = privateLiteralsSkipMixedContent
        self.documentationBlocksAreLocal = documentationBlocksAreLocal
        self.privateNetworkOnlyPreflightOmitsAccept = privateNetworkOnlyPreflightOmitsAccept
        self.permissionOfTopLevelDocument = permissionOfTopLevelDocument
        self.naming = naming
    }

    /// No address-space checks (WebKit; the Fetch Standard, which does not include Local Network Access).
    public static let off = LocalNetworkAccessRules(gate: .none, blocksNonSecureContexts: false,
                                                    privateLiteralsSkipMixedContent: false, documentationBlocksAreLocal: true,
                                                    privateNetworkOnlyPreflightOmitsAccept: true,
                                                    permissionOfTopLevelDocument: false, naming: .localNetworkAccess)

    /// A space's name in this engine's console.
    public func name(of space: IPAddressSpace) -> String {
        switch (naming, space) {
        case (.localNetworkAccess, _): return space.rawValue
        case (.privateNetworkAccess, .loopback): return "local"
        case (.privateNetworkAccess, .local): return "private"
        case (.privateNetworkAccess, .public): return "public"
        }
    }
}

/// Whether a document of this origin is a secure context, as far as Local Network Access asks
/// (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy): `https`, or a loopback
/// host. An opaque origin is not.
public func isSecureContext(_ origin: Origin) -> Bool {
    guard case let .tuple(scheme, host, _) = origin else { return false }
    return scheme == "https" || scheme == "wss" || isLoopbackHost(host)
}

/// What the address-space check decided for one hop.
enum LocalNetworkDecision: Equatable {
    case allowed
    /// Send a Private Network Access preflight first (warning mode).
    case preflightWarning(target: IPAddressSpace)
    /// Refused: the page is not a secure context.
    case blockedNonSecureContext(target: IPAddressSpace)
    /// Refused: the permission was not granted.
    case permissionDenied(target: IPAddressSpace)
}

/// The check for a request to `url` from a page of origin `page`. The page's address space comes
/// from its host as a server's does. A document's address space is that of the server that
/// served it (Chromium's PolicyContainerPolicies ip_address_space, from the response's IP
/// endpoint), so an opaque page (a sandboxed iframe) has the address space of its server, not of
/// its origin; and whether it is a secure context follows its URL, not its origin.
/// SIMULATION: an opaque page is taken to be loaded from the origin of the page it was created
/// from (`document`; a sandboxed iframe from the embedding page's server), public and not a
/// secure context when there is none. Recorded: Tests/Conformance page-null-simple-get-acao-star
/// (a sandboxed iframe served from 127.0.0.1, not a secure context, reads a loopback server in
/// all three engines: no Local Network Access refusal) and page-null-https-lna-granted-embedder
/// (a sandboxed iframe of an https page is a secure context: Chromium refuses it for want of
/// the permission, not as a non-secure context).
func localNetworkAccessDecision(url: FetchURL, page: Origin, document: Origin? = nil, permission: LocalNetworkPermission,
                                rules: LocalNetworkAccessRules, addresses: HostAddresses) -> LocalNetworkDecision {
    guard rules.gate != .none || rules.blocksNonSecureContexts else { return .allowed }
    let target = ipAddressSpace(ofHost: url.host, plainDomain: url.hostIsPlainDomain, addresses: addresses,
                                documentationBlocksAreLocal: rules.documentationBlocksAreLocal)
    // Most requests go to public addresses: the page's space matters only otherwise.
    guard target != .public else { return .allowed }
    let document = document ?? page
    var pageSpace = IPAddressSpace.public
    if case let .tuple(_, host, _) = document {
        pageSpace = ipAddressSpace(ofHost: host, addresses: addresses, documentationBlocksAreLocal: rules.documentationBlocksAreLocal)
    }
    guard target.isLessPublic(than: pageSpace) else { return .allowed }
    // A potentially trustworthy URL of the page's own origin is exempt
    // (local_network_access_checker.cc is_potentially_trustworthy_same_origin_).
    if url.origin == page, isSecureContext(page) { return .allowed }
    // "LNA blocks all local network access requests coming from non-secure contexts": kBlock
    // (content/browser DerivePolicyForNonSecureContext); Gecko network.lna.block_insecure_contexts.
    // Where non-secure contexts are not refused outright, a permission gate still asks the user
    // (Gecko ESR 153; recorded: lna-insecure-public-to-loopback-granted and -prompt), while
    // Private Network Access's warning-mode preflights were only for secure contexts.
    if !isSecureContext(document) {
        if rules.blocksNonSecureContexts { return .blockedNonSecureContext(target: target) }
        if rules.gate != .permission { return .allowed }
    }
    switch rules.gate {
    case .none: return .allowed
    case .preflightWarning: return .preflightWarning(target: target)
    case .permission: return permission == .granted ? .allowed : .permissionDenied(target: target)
    }
}
