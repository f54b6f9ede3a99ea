import Testing
@testable import CORSSim

/// The cross-origin resource policy check (Sources/CORSSim/Checks/ResourcePolicy.swift), on its
/// own: parsing the header and the verdict for a page origin and a response URL.
struct ResourcePolicyTests {
    private static func headers(_ values: [String]) -> HeaderList {
        HeaderList(values.map { Header("Cross-Origin-Resource-Policy", $0) })
    }

    @Test("the header parses only as one exact lower-case token, whitespace trimmed; lists, doubled lines and other cases are no policy",
          arguments: [
              ([], nil), (["same-origin"], ResourcePolicy.sameOrigin), (["same-site"], .sameSite),
              (["cross-origin"], .crossOrigin), ([" same-origin\t"], .sameOrigin), (["SAME-ORIGIN"], nil),
              (["Same-Site"], nil), (["same-origin, cross-origin"], nil), (["same-origin", "same-origin"], nil),
              (["none"], nil), ([""], nil), (["same-origin;"], nil), (["same origin"], nil),
          ] as [([String], ResourcePolicy?)])
    func parsesLikeTheEngines(values: [String], expected: ResourcePolicy?) {
        #expect(ResourcePolicy.parse(Self.headers(values)) == expected)
    }

    @Test("the header name is matched in any case")
    func headerNameAnyCase() {
        #expect(ResourcePolicy.parse([("cross-ORIGIN-resource-policy", "same-origin")]) == .sameOrigin)
    }

    private static func check(_ value: String, page: String, url: String, mode: RequestMode = .noCORS,
                              rules: ResourcePolicyRules = .standard) throws -> ResourcePolicyBlock? {
        resourcePolicyCheck(headers([value]), mode: mode, requestOrigin: try Origin(parsing: page),
                            responseURL: try FetchURL(parsing: url), rules: rules)
    }

    @Test("verdicts: same-origin refuses every other origin, same-site every other site and an https response to an http page",
          arguments: [
              // (policy, page, response URL, blocked)
              ("same-origin", "http://app.corp.example:8801", "http://app.corp.example:8801/r", false),
              ("same-origin", "http://app.corp.example:8801", "http://api.corp.example:8802/r", true),
              ("same-origin", "http://app.corp.example:8801", "http://app.corp.example:8802/r", true),
              ("same-site", "http://app.corp.example:8801", "http://api.corp.example:8802/r", false),
              ("same-site", "http://app.corp.example:8801", "http://api.other.example:8803/r", true),
              ("same-site", "http://app.corp.example:8801", "https://api.corp.example/r", true),
              ("same-site", "https://app.corp.example", "http://api.corp.example/r", false),
              ("same-site", "https://app.corp.example", "https://api.corp.example/r", false),
              ("same-site", "http://localhost:8801", "http://localhost:8802/r", false),
              ("same-site", "http://localhost:8801", "http://127.0.0.1:8802/r", true),
              ("same-site", "https://a.example.co.uk", "https://b.example.co.uk/r", false),
              ("same-site", "https://a.co.uk", "https://b.co.uk/r", true),
              ("cross-origin", "http://app.corp.example:8801", "http://api.other.example:8803/r", false),
          ])
    func verdicts(policy: String, page: String, url: String, blocked: Bool) throws {
        #expect((try Self.check(policy, page: page, url: url) != nil) == blocked)
    }

    @Test("only no-cors requests are checked")
    func onlyNoCORS() throws {
        for mode in [RequestMode.cors, .sameOrigin] {
            #expect(try Self.check("same-origin", page: "http://a.example", url: "http://b.example/r", mode: mode) == nil)
        }
        #expect(try Self.check("same-origin", page: "http://a.example", url: "http://b.example/r") != nil)
    }

    @Test("an IP-address host is same site with itself unless the rules say no (Chromium)")
    func ipAddressSameSite() throws {
        let page = "http://127.0.0.1:8801", url = "http://127.0.0.1:8803/r"
        #expect(try Self.check("same-site", page: page, url: url) == nil)
        let chromium = ResourcePolicyRules(ipAddressIsSameSite: false)
        let block = try Self.check("same-site", page: page, url: url, rules: chromium)
        #expect(block == ResourcePolicyBlock(policy: .sameSite, sameSite: false))
        // Still same-origin when the ports match: the policy never applies.
        #expect(try Self.check("same-site", page: page, url: "http://127.0.0.1:8801/r", rules: chromium) == nil)
    }

    @Test("an opaque page is same site with nothing")
    func opaquePage() throws {
        let block = resourcePolicyCheck(Self.headers(["same-site"]), mode: .noCORS, requestOrigin: .opaque(id: 1),
                                        responseURL: try FetchURL(parsing: "http://a.example/r"), rules: .standard)
        #expect(block?.policy == .sameSite)
    }

    @Test("a same-site block of a same-site response is the https rule")
    func httpsRuleIsReported() throws {
        let block = try Self.check("same-site", page: "http://app.corp.example", url: "https://api.corp.example/r")
        #expect(block == ResourcePolicyBlock(policy: .sameSite, sameSite: true))
    }
}
