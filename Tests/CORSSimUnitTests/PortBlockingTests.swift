import Testing
@testable import CORSSim

/// Port blocking (https://fetch.spec.whatwg.org/#port-blocking), recorded in the three engines:
/// Tests/Conformance/port-blocking-*.
@Suite("Port blocking")
struct PortBlockingTests {
    private static func fetch(_ profile: BrowserProfile, _ url: String, mode: RequestMode = .cors,
                              _ answer: @escaping @Sendable (WireRequest) -> WireResponse = { _ in
                                  WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*")])
                              }) throws -> FetchOutcome {
        var b = Browser(profile, page: try Origin(parsing: "http://app.example"))
        var request = FetchRequest("GET", try FetchURL(parsing: url))
        request.mode = mode
        return b.fetch(request, server: ClosureServer(answer))
    }

    @Test("A bad port is refused before anything is sent, in every mode", arguments: BrowserName.allCases)
    func refusedBeforeSending(browser: BrowserName) throws {
        for mode in [RequestMode.cors, .noCORS] {
            let o = try Self.fetch(.named(browser), "http://api.example:6000/x", mode: mode)
            #expect(o.verdict == .blocked)
            #expect(o.failure?.reason == .badPort)
            #expect(!o.requestSent)
        }
        // The port next to it is an ordinary one.
        #expect(try Self.fetch(.named(browser), "http://api.example:6001/x").verdict == .readable)
    }

    @Test("The rule is the profile's list: an empty list connects to port 25")
    func profileListDecides() throws {
        var profile = BrowserProfile.chrome
        #expect(try Self.fetch(profile, "http://api.example:25/x").failure?.reason == .badPort)
        profile.portBlocking = PortBlockingRules(ports: [])
        #expect(try Self.fetch(profile, "http://api.example:25/x").verdict == .readable)
    }

    @Test("A redirect to a bad port is refused at that hop, after the first request reached its server",
          arguments: BrowserName.allCases)
    func redirectHop(browser: BrowserName) throws {
        let o = try Self.fetch(.named(browser), "http://api.example/a") { req in
            WireResponse(status: 302, headers: [("Access-Control-Allow-Origin", "*"), ("Location", "http://api.example:25/b")])
        }
        #expect(o.failure?.reason == .badPort)
        #expect(o.requestSent)
    }

    @Test("The default port of the scheme is never on the list; the list is sorted for the lookup")
    func lookup() throws {
        let rules = PortBlockingRules(ports: [6000, 25, 10080])
        #expect(rules.ports == [25, 6000, 10080])
        #expect(rules.blocks(try FetchURL(parsing: "http://h:10080/")))
        #expect(!rules.blocks(try FetchURL(parsing: "http://h/")))
        #expect(!rules.blocks(try FetchURL(parsing: "https://h:10081/")))
    }

    @Test("WebKit's restricted-port line names the port and the URL, center-ellipsized past 1,024 characters")
    func webKitConsoleLine() throws {
        let long = "http://api.example:6000/" + String(repeating: "a", count: 1100)
        let o = try Self.fetch(.webkitgtk, long)
        let line = try #require(o.console.first?.text)
        #expect(line.hasPrefix("Not allowed to use restricted network port 6000: http://api.example:6000/aaa"))
        #expect(line.contains("...") && line.count == "Not allowed to use restricted network port 6000: ".count + 511 + 3 + 510)
        #expect(try Self.fetch(.webkitgtk, "http://api.example:25/x").console.map(\.text)
                == ["Not allowed to use restricted network port 25: http://api.example:25/x"])
        #expect(try Self.fetch(.firefox, "http://api.example:25/x").console.isEmpty)
    }
}
