import Testing
@testable import CORSSim

/// Chromium's request header order (Sources/CORSSim/Browsers/BlinkHeaderMap.swift): WTF's
/// case-folding rapidhash, the HashTable's sizing and probing, and the order it gives, held to
/// Chromium's own hash test vectors and to what Chromium 156 sent and reported (Tests/Conformance).
@Suite struct BlinkHeaderMapTests {
    // MARK: The hash

    /// third_party/blink/renderer/platform/wtf/text/string_hasher_test.cc (kEmptyStringHash,
    /// kSingleNullCharacterHash, kTestAHash over kTestALChars, kTestBHash over kTestBUChars as bytes).
    @Test("rapidhash gives Chromium's string_hasher_test.cc values",
          arguments: [
              ([UInt8](), UInt64(0x5A6E_F770_74EB_C84B)),
              ([UInt8]([0x00]), UInt64(0x48DF_CE10_8249_B3F8)),
              ([UInt8]([0x41, 0x95, 0xFF, 0x50, 0x01]), UInt64(0xE942_2771_E0A5_DDE6)),
              ([UInt8]([0x41, 0x00, 0x95, 0x00, 0xFF, 0xFF, 0x80, 0x10, 0x01, 0x00]), UInt64(0x4A2D_A770_EEA7_5C1E)),
          ] as [([UInt8], UInt64)])
    func rapidhashTestVectors(bytes: [UInt8], expected: UInt64) {
        #expect(WTFCaseFoldingHash.rapidhash(bytes, reader: .plain) == expected)
    }

    /// string_hasher_test.cc CaseFoldingHash: equal under ASCII case, different for other text.
    @Test("The case-folding hash ignores ASCII case and keeps 24 bits")
    func caseFoldingHashIgnoresCase() {
        #expect(WTFCaseFoldingHash.hash("foo") == WTFCaseFoldingHash.hash("FOO"))
        #expect(WTFCaseFoldingHash.hash("foo") == WTFCaseFoldingHash.hash("Foo"))
        #expect(WTFCaseFoldingHash.hash("Longer string 123") == WTFCaseFoldingHash.hash("longEr String 123"))
        #expect(WTFCaseFoldingHash.hash("foo") != WTFCaseFoldingHash.hash("bar"))
        for name in ["x", "Content-Type", "X-A-Much-Longer-Header-Name-That-Takes-The-Long-Rapidhash-Loop"] {
            let hash = WTFCaseFoldingHash.hash(name)
            #expect(hash != 0 && hash <= 0xFF_FFFF)
        }
    }

    // MARK: The table

    @Test("The table starts at 8 slots and doubles when keys reach half of it (kMaxLoad 2)")
    func tableGrowth() {
        var map = BlinkHeaderMap()
        let sizes = (1...9).map { i -> Int in
            map.add("x-\(i)")
            return map.slots.count
        }
        #expect(sizes == [8, 8, 8, 16, 16, 16, 16, 32, 32])
        map.add("X-1")
        #expect(map.names.count == 9, "a name already in the map (in any case) keeps its slot")
    }

    // MARK: Recorded orders

    struct WireCase: Sendable, CustomTestStringConvertible {
        /// Tests/Conformance/recordings/chromium/<recording>.json, the first actual request.
        var recording: String
        /// The request's header list as fetch() built it (Content-Type of the body included).
        var names: [String]
        var clientHints: Bool
        /// The headers Blink's map held, in the order they went out on the wire.
        var wire: [String]
        var testDescription: String { recording }
    }

    static let wireCases: [WireCase] = [
        .init(recording: "header-acrh-serialization", names: ["content-type", "x-alpha", "x-mid", "x-zeta"], clientHints: true,
              wire: ["x-zeta", "x-alpha", "sec-ch-ua-platform", "sec-ch-ua", "sec-ch-ua-mobile", "x-mid", "user-agent", "content-type"]),
        .init(recording: "header-order-blink-20-redirect", names: ["accept-language", "if-none-match", "x-csrf-token", "x-tenant"], clientHints: true,
              wire: ["if-none-match", "x-csrf-token", "sec-ch-ua-platform", "accept-language", "sec-ch-ua", "sec-ch-ua-mobile", "x-tenant", "user-agent"]),
        .init(recording: "dt-9001-00480", names: ["accept", "accept-language", "content-language"], clientHints: true,
              wire: ["sec-ch-ua-platform", "accept-language", "accept", "sec-ch-ua", "content-language", "sec-ch-ua-mobile", "user-agent"]),
        .init(recording: "dt-9001-00910", names: ["authorization", "x-http-method-override"], clientHints: true,
              wire: ["sec-ch-ua-platform", "authorization", "user-agent", "x-http-method-override", "sec-ch-ua", "sec-ch-ua-mobile"]),
        .init(recording: "header-acrh-duplicate-names", names: ["x-bar", "x-foo"], clientHints: true,
              wire: ["sec-ch-ua-platform", "user-agent", "x-bar", "sec-ch-ua", "x-foo", "sec-ch-ua-mobile"]),
        .init(recording: "redirect-authorization-cross-origin-preflight", names: ["authorization", "content-type"], clientHints: true,
              wire: ["sec-ch-ua-platform", "authorization", "user-agent", "sec-ch-ua", "content-type", "sec-ch-ua-mobile"]),
        .init(recording: "cache-custom-header-reuse", names: ["content-type", "x-foo"], clientHints: true,
              wire: ["sec-ch-ua-platform", "user-agent", "sec-ch-ua", "content-type", "x-foo", "sec-ch-ua-mobile"]),
        .init(recording: "dt-9001-00023", names: ["content-language", "content-type"], clientHints: true,
              wire: ["sec-ch-ua-platform", "user-agent", "sec-ch-ua", "content-language", "content-type", "sec-ch-ua-mobile"]),
    ]

    /// The wire order of an actual request is the network::ResourceRequest header vector's (net
    /// adds Host, Connection and Content-Length before it, Origin, Sec-Fetch-*, Referer and the
    /// rest after), so it shows the map's slot order directly.
    @Test("Blink's header map iterates in the order Chromium 156 sent the headers", arguments: wireCases)
    func wireOrder(_ c: WireCase) {
        #expect(BlinkRequestHeaderOrder.vector(names: c.names, clientHints: c.clientHints) == c.wire)
    }

    struct ConsoleCase: Sendable, CustomTestStringConvertible {
        /// Tests/Conformance/<recording>.cors and its Chromium recording.
        var recording: String
        /// The request's header list; every one is CORS-unsafe and the preflight allows none.
        var names: [String]
        var clientHints: Bool
        /// The header Chromium's console named.
        var reported: String
        var testDescription: String { "\(recording): \(reported)" }
    }

    static let consoleCases: [ConsoleCase] = [
        .init(recording: "header-order-blink-01-n2", names: ["x-very-long-custom-header-name-x", "x_under"], clientHints: true, reported: "x_under"),
        .init(recording: "header-order-blink-02-n3", names: ["content-language", "content-type", "x-b3-traceid"], clientHints: true, reported: "x-b3-traceid"),
        .init(recording: "header-order-blink-03-n4", names: ["content-language", "if-none-match", "x-abc", "x-very-long-custom-header-name-x"], clientHints: true, reported: "if-none-match"),
        .init(recording: "header-order-blink-04-n5", names: ["x-custom-header", "x-feature-flags", "x-forwarded-proto", "x-tenant", "x-zed"], clientHints: true, reported: "x-forwarded-proto"),
        .init(recording: "header-order-blink-05-n6", names: ["content-language", "pragma", "x-amz-date", "x-b3-traceid", "x-session", "x-trace"], clientHints: true, reported: "x-trace"),
        .init(recording: "header-order-blink-06-n2", names: ["x-custom-header", "x-trace"], clientHints: true, reported: "x-trace"),
        .init(recording: "header-order-blink-07-n3", names: ["accept", "x-amz-date", "x-requested-by"], clientHints: true, reported: "x-amz-date"),
        .init(recording: "header-order-blink-08-n4", names: ["content-language", "x-forwarded-proto", "x-session", "x-very-long-custom-header-name-x"], clientHints: true, reported: "x-session"),
        .init(recording: "header-order-blink-09-n5", names: ["x-api-key", "x-b3-traceid", "x-feature-flags", "x-session", "x.dot"], clientHints: true, reported: "x-session"),
        .init(recording: "header-order-blink-10-n6", names: ["authorization", "content-language", "content-type", "pragma", "x-custom-header", "x-session"], clientHints: true, reported: "x-session"),
        .init(recording: "header-order-blink-11-n2", names: ["range", "x-tenant"], clientHints: true, reported: "x-tenant"),
        .init(recording: "header-order-blink-12-n3", names: ["content-type", "x-abc", "x-forwarded-proto"], clientHints: true, reported: "x-abc"),
        .init(recording: "header-order-blink-13-n4", names: ["accept", "if-none-match", "x-amz-date", "x-request-id"], clientHints: true, reported: "if-none-match"),
        .init(recording: "header-order-blink-14-n5", names: ["range", "x-1", "x-b3-traceid", "x-correlation-id", "x-tenant"], clientHints: true, reported: "x-correlation-id"),
        .init(recording: "header-order-blink-15-long", names: ["content-type", "x-a-much-longer-header-name-that-takes-the-long-rapidhash-loop"], clientHints: true,
              reported: "x-a-much-longer-header-name-that-takes-the-long-rapidhash-loop"),
        .init(recording: "header-order-blink-16-nohints", names: ["accept", "content-language", "x-abc", "x-goog-api-client", "x-request-id"], clientHints: false, reported: "x-abc"),
        .init(recording: "header-order-blink-17-nohints", names: ["authorization", "range", "x-a-much-longer-header-name-that-takes-the-long-rapidhash-loop", "x-abc", "x-amz-date", "x.dot"], clientHints: false, reported: "x-abc"),
        .init(recording: "header-order-blink-18-cred", names: ["content-language", "x-abc", "x-amz-date", "x-forwarded-proto"], clientHints: true, reported: "x-forwarded-proto"),
        .init(recording: "header-order-blink-19-repeat", names: ["accept", "authorization", "range"], clientHints: true, reported: "authorization"),
        .init(recording: "header-order-blink-20-redirect", names: ["accept-language", "if-none-match", "x-csrf-token", "x-tenant"], clientHints: true, reported: "if-none-match"),
        .init(recording: "dt-9001-00084", names: ["content-type", "range"], clientHints: true, reported: "range"),
    ]

    @Test("The first of the request's names in the vector is the one Chromium 156 reported", arguments: consoleCases)
    func reportedHeader(_ c: ConsoleCase) {
        let vector = BlinkRequestHeaderOrder.vector(names: c.names, clientHints: c.clientHints)
        #expect(vector.first(where: c.names.contains) == c.reported)
    }

    @Test("Without client hints the map holds fewer keys, so names can land in other slots")
    func clientHintsChangeTheOrder() {
        let names = ["accept", "content-language", "x-abc", "x-goog-api-client", "x-request-id"]
        let with = BlinkRequestHeaderOrder.vector(names: names, clientHints: true).filter(names.contains)
        let without = BlinkRequestHeaderOrder.vector(names: names, clientHints: false).filter(names.contains)
        #expect(with != without)
        #expect(without.first == "x-abc")
    }
}
