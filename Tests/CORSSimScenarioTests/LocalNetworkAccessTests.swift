import Testing
import CORSSimTestSupport
@testable import CORSSim

/// Local Network Access per engine and permission state (no recording: the recorder cannot yet
/// give a page a public-looking address), held to the engines' sources as the profiles cite them:
/// Chromium services/network/local_network_access_checker.cc and ip_address_space_util.cc, Gecko
/// netwerk/protocol/http/nsHttpTransaction.cpp and netwerk/dns/DNS.cpp, WebKit
/// UnifiedWebPreferences.yaml (LocalNetworkAccessEnabled off).
@Suite("Local Network Access")
struct LocalNetworkAccessTests {
    static let publicPage = try! Origin(parsing: "https://app.example.com")
    static var server: ClosureServer { ClosureServer { request in
        if request.url.path == "/hop" {
            return WireResponse(status: 302, headers: [("Access-Control-Allow-Origin", "*"), ("Location", "https://router.example/admin")])
        }
        return WireResponse(status: request.method == "OPTIONS" ? 204 : 200,
                            headers: [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT"),
                                      ("Access-Control-Allow-Headers", "*")])
    }
    }

    static func fetch(_ profile: BrowserProfile, _ url: String, page: Origin = publicPage, pageAddress: DeclaredAddress? = nil,
                      permission: LocalNetworkPermission = .promptDismissed, method: String = "GET",
                      headers: [(String, String)] = []) throws -> FetchOutcome {
        var browser = Browser(profile, page: page)
        browser.resolve(host: "router.example", to: .ip("192.168.1.1"))
        if let pageAddress, case let .tuple(_, host, _) = page { browser.resolve(host: host, to: pageAddress) }
        browser.navigate(to: page, localNetworkPermission: permission)
        return browser.fetch(FetchRequest(method, try FetchURL(parsing: url), headers: HeaderList(headers.map { Header($0.0, $0.1) })), server: server)
    }

    @Test("IP address spaces follow Chromium's NonPublicAddressSpaceMap; Gecko leaves the documentation blocks public", arguments: [
        ("127.0.0.1", IPAddressSpace.loopback, IPAddressSpace.loopback), ("127.9.9.9", .loopback, .loopback),
        ("0.0.0.0", .loopback, .loopback), ("[::1]", .loopback, .loopback), ("::", .loopback, .loopback),
        ("10.1.2.3", .local, .local), ("172.16.0.1", .local, .local), ("172.31.255.255", .local, .local),
        ("172.32.0.1", .public, .public), ("192.168.1.1", .local, .local), ("192.169.0.1", .public, .public),
        ("169.254.1.1", .local, .local), ("100.64.0.1", .local, .local), ("100.127.255.254", .local, .local),
        ("100.128.0.0", .public, .public), ("0.1.2.3", .local, .local), ("[fd00::1]", .local, .local),
        ("[fe80::1]", .local, .local), ("[fec0::1]", .local, .public), ("[2001:db8::1]", .local, .public),
        ("[3fff::1]", .local, .public), ("8.8.8.8", .public, .public), ("[2606:4700::1]", .public, .public),
    ])
    func addressSpaces(_ address: String, _ chromium: IPAddressSpace, _ gecko: IPAddressSpace) {
        #expect(ipAddressSpace(ofAddress: address, documentationBlocksAreLocal: true) == chromium)
        #expect(ipAddressSpace(ofAddress: address, documentationBlocksAreLocal: false) == gecko)
    }

    @Test("Host names: localhost is loopback, a declared address decides, an undeclared name is public")
    func hostNames() {
        var addresses = HostAddresses()
        addresses.set(.ip("10.0.0.7"), for: "NAS.example")
        addresses.set(.space(.loopback), for: "dev.example")
        #expect(ipAddressSpace(ofHost: "localhost", addresses: addresses) == .loopback)
        #expect(ipAddressSpace(ofHost: "api.localhost", addresses: addresses) == .loopback)
        #expect(ipAddressSpace(ofHost: "nas.example", addresses: addresses) == .local)
        #expect(ipAddressSpace(ofHost: "dev.example", addresses: addresses) == .loopback)
        #expect(ipAddressSpace(ofHost: "www.example", addresses: addresses) == .public)
        #expect(DeclaredAddress(parsing: "192.168.0.300") == nil)
        #expect(DeclaredAddress(parsing: "private") == nil)
    }

    /// (profile, page, permission, URL) → blocked with local-network-denied, or readable.
    @Test("Public page to a local address: Chrome and Firefox ask the user; denied or dismissed is refused before sending, and in Chrome a non-secure page too; Safari and the standard let it through", arguments: [
        ("chrome", "https://app.example.com", LocalNetworkPermission.promptDismissed, true),
        ("chrome", "https://app.example.com", .denied, true),
        ("chrome", "https://app.example.com", .granted, false),
        ("chrome", "http://app.example.com", .granted, true),
        ("firefox", "https://app.example.com", .promptDismissed, true),
        ("firefox", "https://app.example.com", .denied, true),
        ("firefox", "https://app.example.com", .granted, false),
        // Recorded: Tests/Conformance lna-insecure-public-to-loopback-granted / -prompt.
        ("firefox", "http://app.example.com", .granted, false),
        ("firefox", "http://app.example.com", .promptDismissed, true),
        ("safari", "https://app.example.com", .promptDismissed, false),
        ("safari", "http://app.example.com", .denied, false),
        ("spec", "https://app.example.com", .denied, false),
    ])
    func permissionStates(_ name: String, _ page: String, _ permission: LocalNetworkPermission, _ refused: Bool) throws {
        let o = try Self.fetch(try BrowserProfile.named(name), "https://router.example/admin", page: try Origin(parsing: page),
                               permission: permission)
        if refused {
            #expect(o.failure?.reason == .localNetworkDenied && o.failure?.phase == .network && o.failure?.value == "local")
            #expect(!o.requestSent && o.preflightsSent.isEmpty)
        } else {
            #expect(o.verdict == .readable && o.requestSent, "\(o.failure?.reason.rawValue ?? "")")
        }
    }

    @Test("A preflighted request is refused before its preflight is sent")
    func noPreflightWhenRefused() throws {
        for profile in [BrowserProfile.chrome, .firefox] {
            let o = try Self.fetch(profile, "https://router.example/admin", method: "PUT", headers: [("X-Token", "1")])
            #expect(o.classification.isSimple == false)
            #expect(o.preflightsSent.isEmpty && !o.requestSent && o.failure?.reason == .localNetworkDenied)
            let granted = try Self.fetch(profile, "https://router.example/admin", permission: .granted, method: "PUT",
                                         headers: [("X-Token", "1")])
            #expect(granted.preflight == .sent && granted.verdict == .readable)
        }
    }

    @Test("Only a public page is gated: a local page may reach loopback and local, a loopback page anything")
    func onlyPublicPagesAreGated() throws {
        for profile in [BrowserProfile.chrome, .firefox] {
            // Chromium collapses local and loopback (IsLessPublicAddressSpaceLNA); Gecko skips
            // local -> loopback (network.lna.local-network-to-localhost.skip-checks).
            let intranet = try Origin(parsing: "https://intranet.example")
            #expect(try Self.fetch(profile, "https://localhost/x", page: intranet, pageAddress: .ip("10.0.0.2")).verdict == .readable)
            #expect(try Self.fetch(profile, "https://router.example/admin", page: intranet, pageAddress: .space(.local)).verdict == .readable)
            let dev = try Origin(parsing: "http://localhost:3000")
            #expect(try Self.fetch(profile, "https://router.example/admin", page: dev).verdict == .readable)
            #expect(try Self.fetch(profile, "https://example.net/x").verdict == .readable)
        }
    }

    @Test("A redirect into the local network is refused on that hop")
    func redirectHop() throws {
        let o = try Self.fetch(.chrome, "https://public.example/hop")
        #expect(o.requestsReceived.count == 1 && o.failure?.reason == .localNetworkDenied)
        #expect(o.failure?.url.host == "router.example")
    }

    @Test("Console lines per engine, from source (not recorded)")
    func consoleText() throws {
        let denied = try Self.fetch(.chrome, "http://localhost:8080/x")
        #expect(denied.console.map(\.text) == ["Access to fetch at 'http://localhost:8080/x' from origin 'https://app.example.com' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space."])
        let insecure = try Self.fetch(.chrome, "https://router.example/admin", page: try Origin(parsing: "http://app.example.com"))
        #expect(insecure.console.map(\.text) == ["Access to fetch at 'https://router.example/admin' from origin 'http://app.example.com' has been blocked by CORS policy: The request client is not a secure context and the resource is in more-private address space `local`."])
        let firefox = try Self.fetch(.firefox, "https://router.example/admin")
        #expect(firefox.console.map(\.text) == [
            "Local Network Access permission required: top-level site \"https://app.example.com/\", initiator \"https://app.example.com/\", attempting to access target \"https://router.example/admin\" (router.example:443) via fetch. Secure context: True",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://router.example/admin. (Reason: CORS request did not succeed). Status code: (null).",
        ])
        #expect(firefox.scriptError == "TypeError: NetworkError when attempting to fetch resource.")
        #expect(denied.scriptError == "TypeError: Failed to fetch")
    }

    @Test("Chrome lets a granted https page reach http://192.168.x.x (mixed content relaxed); Firefox and Safari block it as mixed content")
    func mixedContentForPrivateLiterals() throws {
        #expect(try Self.fetch(.chrome, "http://192.168.1.10/x", permission: .granted).verdict == .readable)
        #expect(try Self.fetch(.chrome, "http://192.168.1.10/x").failure?.reason == .localNetworkDenied)
        #expect(try Self.fetch(.firefox, "http://192.168.1.10/x", permission: .granted).failure?.reason == .mixedContent)
        #expect(try Self.fetch(.safari, "http://192.168.1.10/x", permission: .granted).failure?.reason == .mixedContent)
        // A name is not a literal: mixed content still decides (Chrome recognises literals, .local and targetAddressSpace).
        #expect(try Self.fetch(.chrome, "http://router.example/x", permission: .granted).failure?.reason == .mixedContent)
    }

    // MARK: Every field of LocalNetworkAccessRules is live: flipping it flips an outcome.

    @Test("gate: none lets the request through")
    func gateIsLive() throws {
        var p = BrowserProfile.chrome
        #expect(try Self.fetch(p, "https://router.example/admin").failure?.reason == .localNetworkDenied)
        p.localNetworkAccess.gate = .none
        p.localNetworkAccess.blocksNonSecureContexts = false
        #expect(try Self.fetch(p, "https://router.example/admin").verdict == .readable)
        p.localNetworkAccess.gate = .preflightWarning
        let warned = try Self.fetch(p, "https://router.example/admin")
        #expect(warned.preflightsSent.first?.headers.get("Access-Control-Request-Private-Network") == "true")
    }

    @Test("blocksNonSecureContexts decides an http page's request; without it the permission decides")
    func nonSecureIsLive() throws {
        var p = BrowserProfile.firefox
        let http = try Origin(parsing: "http://app.example.com")
        p.localNetworkAccess.blocksNonSecureContexts = true
        #expect(try Self.fetch(p, "https://router.example/admin", page: http, permission: .granted).failure?.reason == .localNetworkDenied)
        p.localNetworkAccess.blocksNonSecureContexts = false
        #expect(try Self.fetch(p, "https://router.example/admin", page: http, permission: .granted).verdict == .readable)
        #expect(try Self.fetch(p, "https://router.example/admin", page: http, permission: .denied).failure?.reason == .localNetworkDenied)
    }

    @Test("privateLiteralsSkipMixedContent decides http://192.168.x.x from https")
    func mixedContentFieldIsLive() throws {
        var p = BrowserProfile.chrome
        p.localNetworkAccess.privateLiteralsSkipMixedContent = false
        #expect(try Self.fetch(p, "http://192.168.1.10/x", permission: .granted).failure?.reason == .mixedContent)
    }

    @Test("documentationBlocksAreLocal decides 2001:db8::/32")
    func documentationBlocksAreLive() throws {
        var p = BrowserProfile.chrome
        #expect(try Self.fetch(p, "https://[2001:db8::1]/x").failure?.reason == .localNetworkDenied)
        p.localNetworkAccess.documentationBlocksAreLocal = false
        #expect(try Self.fetch(p, "https://[2001:db8::1]/x").verdict == .readable)
    }

    @Test("privateNetworkOnlyPreflightOmitsAccept and naming change the preflight and the console")
    func pnaFieldsAreLive() throws {
        var p = try BrowserProfile.named("chrome@141")
        #expect(try Self.fetch(p, "https://router.example/admin").preflightsSent.first?.headers.get("Accept") == nil)
        p.localNetworkAccess.privateNetworkOnlyPreflightOmitsAccept = false
        #expect(try Self.fetch(p, "https://router.example/admin").preflightsSent.first?.headers.get("Accept") == "*/*")
        var q = BrowserProfile.chrome
        #expect(try Self.fetch(q, "http://localhost/x").failure?.value == "loopback")
        q.localNetworkAccess.naming = .privateNetworkAccess
        #expect(try Self.fetch(q, "http://localhost/x").failure?.value == "local")
        #expect(try Self.fetch(q, "https://router.example/admin").failure?.value == "private")
    }

    // MARK: Scenario syntax

    @Test("page and server lines take address and local-network")
    func syntax() throws {
        let text = """
        page https://app.example.com address 203.0.113.9 local-network granted
        server https://nas.example address [fd00::5]
          GET /
            200
        server https://dev.example address loopback live
        """
        let s = try ScenarioParser.parse(data: Array(text.utf8), file: "t.cors")
        guard case .page(let page) = s.steps[0], case .server(let nas) = s.steps[1], case .server(let dev) = s.steps[2] else {
            Issue.record("unexpected steps")
            return
        }
        #expect(page.address == .ip("203.0.113.9") && page.localNetwork == .granted)
        #expect(nas.address == .ip("[fd00::5]") && nas.routes.count == 1)
        #expect(dev.address == .space(.loopback) && dev.live)
    }

    @Test("parse shows address and local_network on the steps that set them, and only there")
    func parseJSON() {
        let text = "page https://app.example.com local-network denied\nserver https://nas.example address 10.0.0.1\n  GET /\n    200\n"
        let r = TestFiles.runTool(["parse", "-"], stdin: Array(text.utf8))
        #expect(r.status == 0)
        #expect(r.out.contains("\"local_network\":\"denied\"") && r.out.contains("\"address\":\"10.0.0.1\""))
        let plain = TestFiles.runTool(["parse", "-"], stdin: Array("page https://app.example.com\n".utf8))
        #expect(!plain.out.contains("local_network") && !plain.out.contains("address"))
    }

    @Test("Malformed address and permission values are located errors", arguments: [
        ("page https://a.example address 999.1.1.1", "1:32", "expected an IP address such as 192.168.1.10 or [fd00::1], or loopback, local or public, after 'address', found '999.1.1.1'"),
        ("page https://a.example local-network maybe", "1:38", "expected granted, denied or prompt-dismissed after 'local-network', found 'maybe'"),
        ("page https://a.example address", "1:31", "expected an IP address such as 192.168.1.10 or [fd00::1], or loopback, local or public, after 'address', found the end of the line"),
        ("page https://a.example local-network granted address 1.2.3.4", "1:46", "expected 'address ADDRESS', 'local-network PERMISSION' or the end of the line after the permission, found 'address'"),
        ("server http://192.168.1.1 address public", "1:27", "expected 'address' only for a host name: 192.168.1.1 has its own address space"),
        ("page http://localhost:3000 address public", "1:28", "expected 'address' only for a host name: localhost has its own address space"),
        ("server https://a.example address private", "1:34", "expected an IP address such as 192.168.1.10 or [fd00::1], or loopback, local or public, after 'address', found 'private'"),
    ])
    func malformed(_ text: String, _ at: String, _ message: String) {
        do {
            _ = try ScenarioParser.parse(data: Array(text.utf8), file: "t.cors")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message == message)
            #expect("\(error.location.line):\(error.location.column)" == at)
        }
    }
}
