@testable import CORSSim
import Testing

/// The referrer each policy sends (Checks/FetchMetadata.swift `referrerForRequest`), the
/// `Referrer-Policy` header's parsing, and the `Request` constructor's `referrer`.
struct ReferrerPolicyTests {
    static let doc = try! FetchURL(parsing: "https://app.example/doc/page.html?q=1#frag")
    static let same = try! FetchURL(parsing: "https://app.example/api")
    static let cross = try! FetchURL(parsing: "https://api.example/api")
    static let down = try! FetchURL(parsing: "http://api.example/api")
    static let full = "https://app.example/doc/page.html?q=1"
    static let origin = "https://app.example/"

    /// Policy → what the same-origin, cross-origin and downgrade requests carry (nil: none).
    static let table: [(ReferrerPolicy, String?, String?, String?)] = [
        (.noReferrer, nil, nil, nil),
        (.noReferrerWhenDowngrade, full, full, nil),
        (.sameOrigin, full, nil, nil),
        (.origin, origin, origin, origin),
        (.strictOrigin, origin, origin, nil),
        (.originWhenCrossOrigin, full, origin, origin),
        (.strictOriginWhenCrossOrigin, full, origin, nil),
        (.unsafeURL, full, full, full),
        (.empty, full, origin, nil),
    ]

    @Test(arguments: table.map(\.0))
    func eachPolicy(_ policy: ReferrerPolicy) {
        let row = Self.table.first { $0.0 == policy }!
        #expect(referrerForRequest(Self.doc, to: Self.same, policy: policy)?.serialized() == row.1)
        #expect(referrerForRequest(Self.doc, to: Self.cross, policy: policy)?.serialized() == row.2)
        #expect(referrerForRequest(Self.doc, to: Self.down, policy: policy)?.serialized() == row.3)
    }

    @Test func headerTakesTheLastPolicyItKnows() {
        #expect(ReferrerPolicy.parse(header: "no-referrer, unsafe-url, bogus") == .unsafeURL)
        #expect(ReferrerPolicy.parse(header: " Origin ") == .origin)
        #expect(ReferrerPolicy.parse(header: "no-such-policy") == nil)
        #expect(ReferrerPolicy.parse(header: "") == nil)
        #expect(ReferrerPolicy.parse(header: "same-origin,,") == .sameOrigin)
    }

    @Test func constructorReferrer() throws {
        let page = try Origin(parsing: "https://app.example")
        let client = FetchURL(scheme: "https", host: "app.example")
        func r(_ written: String?) -> String? {
            requestReferrer(written, client: client, pageOrigin: page, documentURL: client)?.serialized()
        }
        #expect(r(nil) == "https://app.example/")
        #expect(r("") == nil)
        #expect(r("about:client") == "https://app.example/")
        #expect(r("/doc?x=1") == "https://app.example/doc?x=1")
        #expect(r("https://other.example/doc") == "https://app.example/")
        #expect(r("data:,x") == "https://app.example/")
        #expect(requestReferrer("https://app.example/doc", client: nil, pageOrigin: .opaque(id: 1), documentURL: nil) == nil)
    }
}
