import Testing
@testable import CORSSim

/// A browser reuses the classification of the request it fetched last when the script passes the
/// same request again (`ClassifiedRequest`). Reuse must follow the bytes, not `String` equality:
/// Swift calls canonically equivalent strings equal, while the checks look at the bytes.
@Suite struct SharedClassificationTests {
    static let url = try! FetchURL(parsing: "https://api.example.com/users/7")
    static let base = FetchRequest("PUT", url, headers: [("Content-Type", "application/json")], body: .text("{}"))

    /// One field changed each: the classification made for `base` must not be reused.
    static let variants: [(String, FetchRequest)] = {
        var list: [(String, FetchRequest)] = []
        func variant(_ name: String, _ change: (inout FetchRequest) -> Void) {
            var r = base
            change(&r)
            list.append((name, r))
        }
        variant("method") { $0.method = "put" }
        variant("url path") { $0.url = try! FetchURL(parsing: "https://api.example.com/users/8") }
        variant("url query") { $0.url = try! FetchURL(parsing: "https://api.example.com/users/7?") }
        variant("url fragment") { $0.url = try! FetchURL(parsing: "https://api.example.com/users/7#") }
        variant("url port") { $0.url = try! FetchURL(parsing: "https://api.example.com:8443/users/7") }
        variant("header value") { $0.headers = [("Content-Type", "text/plain")] }
        variant("header name case") { $0.headers = [("content-type", "application/json")] }
        variant("one more header") { $0.headers = [("Content-Type", "application/json"), ("X-A", "1")] }
        variant("no header") { $0.headers = [] }
        variant("body text") { $0.body = .text("{ }") }
        variant("body kind") { $0.body = .blob(type: "{}") }
        variant("no body") { $0.body = nil }
        variant("mode") { $0.mode = .noCORS }
        variant("credentials") { $0.credentials = .include }
        variant("redirect") { $0.redirect = .manual }
        variant("cache") { $0.cache = .noStore }
        variant("duplex") { $0.duplex = .omitted }
        variant("referrer policy") { $0.referrerPolicy = .unsafeURL }
        variant("referrer") { $0.referrer = "https://app.example.com/doc" }
        variant("no referrer") { $0.referrer = "" }
        return list
    }()

    @Test func aRequestWithTheSameBytesReusesTheClassification() {
        let classified = ClassifiedRequest(Self.base, profile: .chrome)
        // Built again from scratch: other storage, same bytes.
        let again = FetchRequest(String("PU") + "T", try! FetchURL(parsing: "https://api.example.com/users/" + "7"),
                                 headers: [("Content-" + "Type", "application/" + "json")], body: .text("{" + "}"))
        #expect(classified.sameBytes(as: Self.base))
        #expect(classified.sameBytes(as: again))
    }

    @Test(arguments: variants)
    func aRequestDifferingInOneFieldIsClassifiedAgain(_ name: String, _ request: FetchRequest) {
        #expect(!ClassifiedRequest(Self.base, profile: .chrome).sameBytes(as: request), "\(name)")
    }

    /// `é` precomposed (U+00E9) and decomposed (e + U+0301) are equal Swift strings, but a header
    /// value's bytes decide the safelist's checks: the second request is classified on its own.
    @Test func canonicallyEquivalentStringsWithOtherBytesAreNotTheSameRequest() {
        let composed = FetchRequest("GET", Self.url, headers: [("Accept-Language", "caf\u{E9}")])
        let decomposed = FetchRequest("GET", Self.url, headers: [("Accept-Language", "cafe\u{301}")])
        #expect(composed == decomposed)
        #expect(!ClassifiedRequest(composed, profile: .chrome).sameBytes(as: decomposed))
        #expect(!sameUTF8("caf\u{E9}", "cafe\u{301}"))
        #expect(sameUTF8("caf\u{E9}", "caf\u{E9}"))
    }

    /// Fetching one request, then another, then the first again: each outcome is classified as
    /// `classify` says for its own request, in every profile.
    @Test(arguments: BrowserName.allCases)
    func outcomesCarryTheirOwnRequestsClassification(_ name: BrowserName) {
        let profile = BrowserProfile.named(name)
        var browser = Browser(profile, page: try! Origin(parsing: "https://app.example.com"))
        let server = ClosureServer { _ in
            WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT"),
                                                ("Access-Control-Allow-Headers", "*")])
        }
        let requests = [Self.base] + Self.variants.map(\.1) + [Self.base, Self.base]
        for request in requests {
            let outcome = browser.fetch(request, server: server)
            let expected = classify(request, rules: profile.requestHeaders, validation: profile.requestValidation)
            #expect(outcome.classification == expected)
            #expect(outcome.request.url == request.url && outcome.request.headers == request.headers)
        }
    }

    @Test func responseHeaderNamePredicatesAgreeWithTheirSets() {
        let names = Array(corsSafelistedResponseHeaderNames) + Array(forbiddenResponseHeaderNames)
            + ["set-cookie3", "content-typ", "x-custom", "", "expiresx", "pragma ", "access-control-allow-origin"]
        for name in names {
            #expect(isCORSSafelistedResponseHeaderName(lowercased: name) == corsSafelistedResponseHeaderNames.contains(name), "\(name)")
            #expect(isForbiddenResponseHeaderName(lowercased: name) == forbiddenResponseHeaderNames.contains(name), "\(name)")
        }
    }
}
