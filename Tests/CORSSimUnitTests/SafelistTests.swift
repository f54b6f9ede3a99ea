import Testing
@testable import CORSSim

/// CORS-safelisted request headers (https://fetch.spec.whatwg.org/#cors-safelisted-request-header),
/// forbidden request headers (https://fetch.spec.whatwg.org/#forbidden-request-header) and the
/// `Access-Control-Request-Headers` value, per browser where they differ.
@Suite("Safelist")
struct SafelistTests {

    private static let chrome = BrowserProfile.chrome.requestHeaders
    private static let firefox = BrowserProfile.firefox.requestHeaders
    private static let spec = BrowserProfile.spec.requestHeaders

    private static let digits129 =
        "012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678"

    // MARK: Web Platform Tests

    // WPT cors/cors-safelisted-request-header.any.js: the Content-Type table (a POST with this
    // Content-Type must preflight unless marked as safe).
    @Test("Content-Type values from WPT cors-safelisted-request-header.any.js",
          arguments: [
              ("text /plain", UnsafeHeaderReason.invalidMIMEType as UnsafeHeaderReason?),
              ("text\t/\tplain", .invalidMIMEType),
              ("text/plain;", nil),
              ("text/plain;garbage", nil),
              ("text/plain;garbage\u{1}\u{2}", .unsafeByte(0x01)),
              ("text/plain,", .invalidMIMEType),
              (",text/plain", .invalidMIMEType),
              ("text/plain,text/plain", .invalidMIMEType),
              ("text/plain,x/x", .invalidMIMEType),
              ("text/plain\u{B}", .unsafeByte(0x0B)),
              ("text/plain\u{C}", .unsafeByte(0x0C)),
              ("application/www-form-urlencoded", .mimeEssence("application/www-form-urlencoded")),
              ("application/x-www-form-urlencoded;\u{7F}", .unsafeByte(0x7F)),
              ("multipart/form-data", nil),
              ("multipart/form-data;\"", .unsafeByte(0x22)),
          ])
    func wptContentType(value: String, reason: UnsafeHeaderReason?) {
        #expect(corsSafelistedRequestHeaderFailure(Header("content-type", value)) == reason)
        #expect(corsSafelistedRequestHeaderFailure(Header("content-type", value), rules: Self.chrome) == reason)
        #expect(corsSafelistedRequestHeaderFailure(Header("content-type", value), rules: Self.firefox) == reason)
    }

    // netwerk/base/nsURLHelper.cpp net_ParseRequestContentType (Firefox's profile) against the MIME
    // Sniffing parse (Chromium's and the standard's); recorded: Tests/Conformance dt-9001-00535.
    @Test("Gecko's strict request parse fails a trailing `;` after a parameter and an unquoted `,`",
          arguments: [
              ("multipart/form-data; boundary=x;", UnsafeHeaderReason.invalidMIMEType as UnsafeHeaderReason?, nil as UnsafeHeaderReason?),
              ("text/plain; a=b;;", .invalidMIMEType, nil),
              ("text/plain;", nil, nil),
              ("text/plain; a=b; ", nil, nil),
              ("text/plain; a=b; c=d;", .invalidMIMEType, nil),
              ("text/plain; a=b,c", .invalidMIMEType, nil),
              (",text/plain", .invalidMIMEType, .invalidMIMEType),
              ("text/plain x", .invalidMIMEType, .invalidMIMEType),
          ])
    func geckoStrictContentType(value: String, firefox: UnsafeHeaderReason?, chrome: UnsafeHeaderReason?) {
        #expect(corsSafelistedRequestHeaderFailure(Header("content-type", value), rules: Self.firefox) == firefox)
        #expect(corsSafelistedRequestHeaderFailure(Header("content-type", value), rules: Self.chrome) == chrome)
        var flipped = Self.firefox
        flipped.contentTypeParser = .mimeSniff
        #expect(corsSafelistedRequestHeaderFailure(Header("content-type", value), rules: flipped) == chrome)
    }

    // WPT cors/cors-safelisted-request-header.any.js: the Range table. Only `bytes=100-200` and
    // `bytes=200-` are safelisted. The 60-digit case is 129 bytes long, so the length check
    // (step 1 of the algorithm) refuses it before the range is parsed.
    @Test("Range values from WPT cors-safelisted-request-header.any.js",
          arguments: [
              ("100-200", UnsafeHeaderReason.rangeForm as UnsafeHeaderReason?),
              ("MB=100-200", .rangeForm),
              ("bytes=100-200", nil),
              ("bytes =100-200", .rangeForm),
              ("bytes\t=100-200", .rangeForm),
              ("bytes=  100-200", .rangeForm),
              ("bytes=\t\t100-200", .rangeForm),
              ("bytes= \t100-200", .rangeForm),
              ("bytes=100 -200", .rangeForm),
              ("bytes=100\t-200", .rangeForm),
              ("bytes=100- 200", .rangeForm),
              ("bytes=100-\t200", .rangeForm),
              ("bytes=100-200hello", .rangeForm),
              ("bytes=abc-def", .rangeForm),
              ("bytes=100-200,300-400", .rangeForm),
              ("bytes=-200", .rangeForm),
              ("bytes=200-", nil),
              ("bytes=200-100", .rangeForm),
              ("bytes=1" + String(repeating: "0", count: 60) + "-2" + String(repeating: "0", count: 60), .valueTooLong(bytes: 129)),
              ("bytes 100-200", .rangeForm),
              ("bytes = 100-200", .rangeForm),
              (",bytes=100-200", .rangeForm),
              ("bytes=,100-200", .rangeForm),
          ])
    func wptRange(value: String, expected: UnsafeHeaderReason?) {
        #expect(corsSafelistedRequestHeaderFailure(Header("range", value)) == expected)
        #expect(corsSafelistedRequestHeaderFailure(Header("Range", value), rules: Self.chrome) == expected)
    }

    // WPT cors/cors-safelisted-request-header.any.js: the Last-Event-ID table. That revision is
    // stale: it expects `abc123` to stay simple, but today's standard safelists no Last-Event-ID
    // at all, so every value preflights (the 129-byte one fails the length check first).
    @Test("Last-Event-ID values from WPT cors-safelisted-request-header.any.js (current standard)",
          arguments: [
              ("abc123", UnsafeHeaderReason.nameNotSafelisted),
              ("\"", .nameNotSafelisted),
              ("e5p3n<3k0k0s", .nameNotSafelisted),
              (SafelistTests.digits129, .valueTooLong(bytes: 129)),
          ])
    func wptLastEventID(value: String, reason: UnsafeHeaderReason) {
        #expect(corsSafelistedRequestHeaderFailure(Header("last-event-id", value)) == reason)
    }

    // WPT fetch/api/cors/resources/not-cors-safelisted.json (used by
    // fetch/api/cors/cors-preflight-not-cors-safelisted.any.js): every pair must preflight.
    @Test("Every pair in WPT not-cors-safelisted.json needs a preflight",
          arguments: [
              ("accept", "\"", UnsafeHeaderReason.unsafeByte(0x22)),
              ("accept", SafelistTests.digits129, .valueTooLong(bytes: 129)),
              ("accept-language", "\u{1}", .languageByte(0x01)),
              ("accept-language", "@", .languageByte(0x40)),
              ("authorization", "basics", .nameNotSafelisted),
              ("content-language", "\u{1}", .languageByte(0x01)),
              ("content-language", "@", .languageByte(0x40)),
              ("content-type", "text/html", .mimeEssence("text/html")),
              ("content-type",
               "text/plain; long=0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901",
               .valueTooLong(bytes: 129)),
              ("last-event-id", "\"", .nameNotSafelisted),
              ("last-event-id", SafelistTests.digits129, .valueTooLong(bytes: 129)),
              ("range", "bytes 0-", .rangeForm),
              ("test", "hi", .nameNotSafelisted),
          ])
    func wptNotCORSSafelisted(name: String, value: String, reason: UnsafeHeaderReason) {
        for rules in [Self.spec, Self.chrome, Self.firefox] {
            #expect(corsSafelistedRequestHeaderFailure(Header(name, value), rules: rules) == reason)
        }
        // And end to end: classify() lists the header as a preflight reason.
        let url = FetchURL(scheme: "https", host: "api.example", path: "/x")
        let classification = classify(FetchRequest("POST", url, headers: [(name, value)], body: .text("data")),
                                      rules: Self.spec)
        #expect(!classification.isSimple)
        #expect(classification.unsafeHeaderNames.contains(name))
    }

    // MARK: Values that stay simple

    @Test("Safelisted names with safe values need no preflight",
          arguments: [
              ("Accept", "*/*"),
              ("Accept", "text/html, application/json;q=0.9, */*;q=0.8"),
              ("Accept-Language", "en-US,en;q=0.9"),
              ("Accept-Language", "*"),
              ("Content-Language", "de-DE"),
              ("Content-Type", "text/plain"),
              ("Content-Type", "text/plain;charset=UTF-8"),
              ("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8"),
              ("Content-Type", "multipart/form-data; boundary=----x"),
              ("Range", "bytes=0-3"),
              ("Range", "bytes=0-"),
          ])
    func safeValues(name: String, value: String) {
        #expect(corsSafelistedRequestHeaderFailure(Header(name, value)) == nil)
        #expect(corsSafelistedRequestHeaderFailure(Header(name, value), rules: Self.chrome) == nil)
        #expect(corsSafelistedRequestHeaderFailure(Header(name, value), rules: Self.firefox) == nil)
    }

    // MARK: The 128-byte limit

    @Test("A safelisted value may be 128 bytes, not 129",
          arguments: ["Accept", "Accept-Language", "Content-Language"])
    func valueLengthLimit(name: String) {
        #expect(corsSafelistedRequestHeaderFailure(Header(name, String(repeating: "a", count: 128))) == nil)
        #expect(corsSafelistedRequestHeaderFailure(Header(name, String(repeating: "a", count: 129)))
                == .valueTooLong(bytes: 129))
    }

    @Test("The 128-byte limit counts the value's bytes: one per ByteString character")
    func valueLengthCountsBytes() {
        // A header value is a byte sequence: `é` from a script's ByteString is the one byte 0xE9
        // (however a network stack writes it later: NetworkStackRules.headerValueBytes).
        // (é is not an unsafe byte for Accept.)
        #expect(corsSafelistedRequestHeaderFailure(Header("Accept", String(repeating: "é", count: 128))) == nil)
        #expect(corsSafelistedRequestHeaderFailure(Header("Accept", String(repeating: "é", count: 129)))
                == .valueTooLong(bytes: 129))
        // A character beyond U+00FF (given in code) counts its UTF-8 bytes.
        #expect(corsSafelistedRequestHeaderFailure(Header("Accept", String(repeating: "€", count: 43)))
                == .valueTooLong(bytes: 129))
    }

    @Test("A Content-Type of exactly 128 bytes stays simple; 129 does not")
    func contentTypeLengthLimit() {
        let pad128 = "text/plain;" + String(repeating: "a", count: 117)
        let pad129 = "text/plain;" + String(repeating: "a", count: 118)
        #expect(pad128.utf8.count == 128)
        #expect(corsSafelistedRequestHeaderFailure(Header("Content-Type", pad128)) == nil)
        #expect(corsSafelistedRequestHeaderFailure(Header("Content-Type", pad129)) == .valueTooLong(bytes: 129))
    }

    // MARK: CORS-unsafe request-header bytes

    static let unsafeBytes: [UInt8] = Array(0x00...0x08) + Array(0x0A...0x1F) + [0x7F]
        + Array("\"():<>?@[\\]{}".utf8)

    @Test("Every CORS-unsafe byte in Accept or Content-Type needs a preflight", arguments: SafelistTests.unsafeBytes)
    func unsafeByte(byte: UInt8) {
        let value = "text/plain;a=" + String(decoding: [byte], as: UTF8.self)
        #expect(isCORSUnsafeRequestHeaderByte(byte))
        #expect(corsSafelistedRequestHeaderFailure(Header("Accept", value)) == .unsafeByte(byte))
        #expect(corsSafelistedRequestHeaderFailure(Header("Content-Type", value)) == .unsafeByte(byte))
    }

    @Test("Tab and printable bytes outside the unsafe set are safe in Accept",
          arguments: Array("\t !#$%&'*+,-./;=^_`|~azAZ09".utf8))
    func safeByte(byte: UInt8) {
        #expect(!isCORSUnsafeRequestHeaderByte(byte))
        #expect(corsSafelistedRequestHeaderFailure(Header("Accept", "a" + String(decoding: [byte], as: UTF8.self))) == nil)
    }

    // MARK: Language bytes

    @Test("Accept-Language and Content-Language allow only 0-9 A-Z a-z, space and *,-.;=",
          arguments: Array("09AZaz *,-.;=".utf8))
    func languageByteAllowed(byte: UInt8) {
        let value = "en" + String(decoding: [byte], as: UTF8.self)
        #expect(corsSafelistedRequestHeaderFailure(Header("Accept-Language", value)) == nil)
        #expect(corsSafelistedRequestHeaderFailure(Header("Content-Language", value)) == nil)
    }

    @Test("Any other byte in a language header needs a preflight",
          arguments: Array("\t_/'\"+:!#()[]@?~".utf8) + [0x00, 0x7F])
    func languageByteRefused(byte: UInt8) {
        let value = "en" + String(decoding: [byte], as: UTF8.self)
        #expect(corsSafelistedRequestHeaderFailure(Header("Accept-Language", value)) == .languageByte(byte))
        #expect(corsSafelistedRequestHeaderFailure(Header("content-language", value)) == .languageByte(byte))
    }

    // MARK: Content-Type: the MIME type's essence

    @Test("Content-Type is judged by its MIME essence; parameters are ignored",
          arguments: [
              ("text/plain; charset=utf-8", UnsafeHeaderReason?.none),
              ("Text/Plain;Charset=UTF-8", nil),
              ("TEXT/PLAIN", nil),
              ("text/plain ; x=y", nil),
              (" text/plain", nil),
              ("multipart/form-data;boundary=something", nil),
              ("application/x-www-form-urlencoded", nil),
              ("application/json", .mimeEssence("application/json")),
              ("application/json; charset=utf-8", .mimeEssence("application/json")),
              ("text/html;text/plain", .mimeEssence("text/html")),
              ("Text/HTML", .mimeEssence("text/html")),
              ("text", .invalidMIMEType),
              ("text/", .invalidMIMEType),
              ("/plain", .invalidMIMEType),
              ("", .invalidMIMEType),
          ])
    func contentTypeEssence(value: String, reason: UnsafeHeaderReason?) {
        #expect(corsSafelistedRequestHeaderFailure(Header("Content-Type", value)) == reason)
    }

    @Test("MIMEType parsing lower-cases type and subtype and drops parameters")
    func mimeTypeParsing() {
        let mime = MIMEType(parsing: " Multipart/Form-Data ; boundary=X")
        #expect(mime?.type == "multipart")
        #expect(mime?.subtype == "form-data")
        #expect(mime?.essence == "multipart/form-data")
        #expect(MIMEType(parsing: "text /plain") == nil)
        #expect(MIMEType(parsing: "text/plain,") == nil)
        #expect(MIMEType(parsing: "noslash") == nil)
    }

    // MARK: Range

    @Test("Parsing a single range header value",
          arguments: [
              ("bytes=0-3", false, SingleRange(start: 0, end: 3) as SingleRange?),
              ("bytes=5-", false, SingleRange(start: 5, end: nil)),
              ("bytes=-5", false, SingleRange(start: nil, end: 5)),
              ("bytes=3-3", false, SingleRange(start: 3, end: 3)),
              ("bytes=4-3", false, nil),
              ("bytes=-", false, nil),
              ("bytes=1-2,3-4", false, nil),
              ("bytes = 1 - 2", false, nil),
              ("bytes = 1 - 2", true, SingleRange(start: 1, end: 2)),
              ("bytes=\t7-", true, SingleRange(start: 7, end: nil)),
              ("Bytes=1-2", false, nil),
              ("bytes=99999999999999999999-", false, nil),
          ])
    func singleRangeParsing(value: String, allowWhitespace: Bool, range: SingleRange?) {
        #expect(parseSingleRangeHeaderValue(value, allowWhitespace: allowWhitespace) == range)
    }

    @Test("A suffix range parses but is not safelisted")
    func suffixRangeNotSafelisted() {
        #expect(parseSingleRangeHeaderValue("bytes=-500", allowWhitespace: false) != nil)
        #expect(corsSafelistedRequestHeaderFailure(Header("Range", "bytes=-500")) == .rangeForm)
    }

    // MARK: The 1024-byte total

    /// Nine `Accept` lines of 128 bytes: each safelisted, 1152 bytes together.
    private static let nineAccepts = HeaderList((0..<9).map { _ in Header("Accept", String(repeating: "a", count: 128)) })

    @Test("Safelisted values above 1024 bytes in total all become unsafe (Chrome and the standard)",
          arguments: [BrowserName.chrome, .spec])
    func safelistTotalApplies(browser: BrowserName) {
        let rules = BrowserProfile.named(browser).requestHeaders
        let unsafe = corsUnsafeRequestHeaders(Self.nineAccepts, rules: rules)
        #expect(unsafe.count == 9)
        #expect(unsafe.allSatisfy { $0.reason == .safelistTotalTooLarge(bytes: 1152) })
        #expect(unsafe.allSatisfy { $0.header.name == "Accept" })
    }

    @Test("Firefox has no 1024-byte total")
    func safelistTotalFirefox() {
        #expect(corsUnsafeRequestHeaders(Self.nineAccepts, rules: Self.firefox).isEmpty)
    }

    @Test("Exactly 1024 bytes of safelisted values is still within the total",
          arguments: [BrowserName.chrome, .firefox, .spec])
    func safelistTotalBoundary(browser: BrowserName) {
        let eight = HeaderList((0..<8).map { _ in Header("Accept", String(repeating: "a", count: 128)) })
        #expect(corsUnsafeRequestHeaders(eight, rules: BrowserProfile.named(browser).requestHeaders).isEmpty)
    }

    @Test("In Chrome, one byte over 1024 in a fetch() makes every safelisted header unsafe")
    func safelistTotalChromeFetch() {
        let a128 = String(repeating: "a", count: 128), d128 = String(repeating: "1", count: 128)
        var headers: HeaderList = [
            ("Accept", a128), ("Accept-Language", a128), ("Content-Language", a128),
            ("Content-Type", "text/plain;" + String(repeating: "a", count: 117)),
            ("Intervention", a128), ("DPR", d128), ("Device-Memory", d128), ("Downlink", d128),
        ]
        let url = FetchURL(scheme: "https", host: "api.example", path: "/x")
        let atLimit = classify(FetchRequest("GET", url, headers: headers), rules: Self.chrome)
        #expect(atLimit.isSimple)

        headers.append("Width", "1")
        let over = classify(FetchRequest("GET", url, headers: headers), rules: Self.chrome)
        #expect(over.preflightReasons.count == 9)
        #expect(over.unsafeHeaderNames == ["accept", "accept-language", "content-language", "content-type", "device-memory",
                                           "downlink", "dpr", "intervention", "width"])
        for reason in over.preflightReasons {
            guard case .header(_, _, let why) = reason else {
                Issue.record("unexpected preflight reason \(reason)")
                continue
            }
            #expect(why == .safelistTotalTooLarge(bytes: 1025))
        }
    }

    // MARK: Chrome's extra safelisted names

    @Test("Chrome safelists client hints and Intervention with value rules; the standard does not",
          arguments: [
              ("DPR", "2", true), ("DPR", "1.5", true), ("DPR", "abc", false), ("DPR", "1.", false),
              ("Width", "1024", true), ("Width", "10.5", false),
              ("Viewport-Width", "800", true), ("Viewport-Width", "wide", false),
              ("Device-Memory", "0.5", true), ("Device-Memory", "8", true),
              ("RTT", "50", true), ("RTT", "-1", false),
              ("Downlink", "1.7", true),
              ("ECT", "4g", true), ("ECT", "slow-2g", true), ("ECT", "5g", false),
              ("Save-Data", "on", true), ("Save-Data", "off", false),
              ("Intervention", "<https://www.chromestatus.com/feature/1>", true),
          ])
    func chromeExtraSafelist(name: String, value: String, chromeSafelisted: Bool) {
        let header = Header(name, value)
        #expect(corsSafelistedRequestHeaderFailure(header, rules: Self.chrome) == (chromeSafelisted ? nil : .valueRule))
        #expect(corsSafelistedRequestHeaderFailure(header, rules: Self.spec) == .nameNotSafelisted)
        #expect(corsSafelistedRequestHeaderFailure(header, rules: Self.firefox) == .nameNotSafelisted)
        #expect(corsSafelistedRequestHeaderFailure(header, rules: BrowserProfile.safari.requestHeaders) == .nameNotSafelisted)
    }

    // MARK: Forbidden request headers

    @Test("Forbidden request-header names are dropped in every browser",
          arguments: [
              "Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers", "Access-Control-Request-Method",
              "Connection", "Content-Length", "Cookie", "Cookie2", "Date", "DNT", "Expect", "Host", "Keep-Alive",
              "Origin", "Referer", "Set-Cookie", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Via",
              "cookie", "HOST", "content-length",
          ])
    func forbiddenNames(name: String) {
        for browser in BrowserName.allCases {
            #expect(forbiddenRequestHeaderReason(Header(name, "x"), rules: BrowserProfile.named(browser).requestHeaders)
                    == .forbiddenName)
        }
    }

    @Test("Names starting Proxy- or Sec- are forbidden",
          arguments: [
              ("Proxy-Authorization", "Proxy-"), ("proxy-foo", "Proxy-"), ("PROXY-", "Proxy-"),
              ("Sec-Fetch-Mode", "Sec-"), ("sec-ch-ua", "Sec-"), ("Sec-WebSocket-Key", "Sec-"),
          ])
    func forbiddenPrefixes(name: String, prefix: String) {
        #expect(forbiddenRequestHeaderReason(Header(name, "x")) == .forbiddenPrefix(prefix))
    }

    @Test("Method-override headers are forbidden only when they name CONNECT, TRACE or TRACK",
          arguments: [
              ("X-HTTP-Method-Override", "TRACE", ForbiddenHeaderReason.methodOverride("TRACE") as ForbiddenHeaderReason?),
              ("X-HTTP-Method", "connect", .methodOverride("connect")),
              ("X-Method-Override", "GET, track", .methodOverride("track")),
              ("x-http-method-override", "Trace", .methodOverride("Trace")),
              ("X-HTTP-Method-Override", "PUT", nil),
              ("X-HTTP-Method-Override", "DELETE, PATCH", nil),
              ("X-Other-Override", "TRACE", nil),
          ])
    func methodOverrideHeaders(name: String, value: String, reason: ForbiddenHeaderReason?) {
        #expect(forbiddenRequestHeaderReason(Header(name, value)) == reason)
    }

    @Test("User-Agent is forbidden in Chrome only",
          arguments: [(BrowserName.chrome, true), (.firefox, false), (.safari, false), (.spec, false)])
    func userAgent(browser: BrowserName, forbidden: Bool) {
        let rules = BrowserProfile.named(browser).requestHeaders
        #expect(forbiddenRequestHeaderReason(Header("User-Agent", "bot/1"), rules: rules)
                == (forbidden ? .browserForbidden : nil))
    }

    @Test("Ordinary names are not forbidden",
          arguments: ["X-Custom", "Authorization", "Content-Type", "Accept", "X-Requested-With", "Secret", "Proxyish"])
    func notForbidden(name: String) {
        #expect(forbiddenRequestHeaderReason(Header(name, "x")) == nil)
        #expect(forbiddenRequestHeaderReason(Header(name, "x"), rules: Self.chrome) == nil)
    }

    @Test("fetch() drops forbidden headers: they neither go on the wire nor trigger a preflight")
    func forbiddenHeadersDropped() throws {
        var browser = Browser(.chrome, page: try Origin(parsing: "https://app.example"))
        let request = FetchRequest("GET", try FetchURL(parsing: "https://api.example/x"),
                                   headers: [("Cookie", "a=1"), ("Sec-Fetch-Mode", "navigate"), ("User-Agent", "bot"),
                                             ("Accept", "text/plain")])
        let outcome = browser.fetch(request, server: ClosureServer { _ in
            WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "https://app.example")])
        })
        #expect(outcome.preflight == .none)
        #expect(outcome.classification.dropped.map(\.header.name) == ["Cookie", "Sec-Fetch-Mode", "User-Agent"])
        #expect(outcome.requestsReceived.count == 1)
        // The browser's own Sec-Fetch-Mode goes out, not the script's.
        #expect(outcome.requestsReceived[0].headers == [("Accept", "text/plain"), ("Origin", "https://app.example"),
                                                        ("Referer", "https://app.example/"), ("Sec-Fetch-Dest", "empty"),
                                                        ("Sec-Fetch-Mode", "cors"), ("Sec-Fetch-Site", "cross-site")])
    }

    // MARK: Access-Control-Request-Headers

    @Test("The sorted lower-case set removes duplicates and sorts by bytes")
    func sortedLowercase() {
        #expect(sortedLowercaseSet(["X-B", "x-a", "X-A", "Content-Type"]) == ["content-type", "x-a", "x-b"])
        #expect(sortedLowercaseSet([]) == [])
    }

    // Recorded in all three browsers (oracle header-acrh-serialization).
    @Test("Access-Control-Request-Headers is sorted, lower-case and joined without spaces",
          arguments: BrowserName.allCases)
    func acrhSerialization(browser: BrowserName) throws {
        var b = Browser(BrowserProfile.named(browser), page: try Origin(parsing: "https://app.example"))
        let request = FetchRequest("POST", try FetchURL(parsing: "https://api.example/x"),
                                   headers: [("X-Zeta", "1"), ("X-Alpha", "2"), ("Content-Type", "application/json"),
                                             ("X-Mid", "3")],
                                   body: .text("{}"))
        let outcome = b.fetch(request, server: ClosureServer { req in
            WireResponse(status: req.isPreflight ? 204 : 200,
                         headers: [("Access-Control-Allow-Origin", "https://app.example"),
                                   ("Access-Control-Allow-Headers", "X-Zeta, X-Alpha, X-Mid, Content-Type")])
        })
        #expect(outcome.verdict == .readable)
        #expect(outcome.preflightsSent.count == 1)
        #expect(outcome.preflightsSent.first?.headers.get("Access-Control-Request-Headers")
                == "content-type,x-alpha,x-mid,x-zeta")
        #expect(outcome.preflightsSent.first?.headers.get("Access-Control-Request-Method") == "POST")
    }
}
