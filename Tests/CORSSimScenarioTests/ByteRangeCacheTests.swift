import Testing
import CORSSimTestSupport
@testable import CORSSim

/// Byte ranges in the HTTP cache (`HTTPCacheRules.RangeRequestCache.byteRanges`, Chromium's
/// PartialData): the parsing of one range, the stored runs, and whole fetches against a server
/// that answers ranges as RFC 9110 section 14 says.
@Suite("Byte ranges in the HTTP cache")
struct ByteRangeCacheTests {
    static let page = try! Origin(parsing: "https://app.example.com")
    static let url = try! FetchURL(parsing: "https://api.example.com/video")

    // MARK: Parsing one range (HttpUtil::ParseRangeHeader, one range)

    @Test("A Range value is one byte range, or none the cache handles", arguments: [
        ("bytes=0-3", ByteRangeSpec(first: 0, last: 3)),
        ("Bytes = 0-3", ByteRangeSpec(first: 0, last: 3)),
        ("bytes=5-", ByteRangeSpec(first: 5)),
        ("bytes=-4", ByteRangeSpec(suffixLength: 4)),
        ("bytes=0-3,", ByteRangeSpec(first: 0, last: 3)),
        ("bytes=0-1,4-5", nil),
        ("bytes=3-0", nil),
        ("bytes=-0", nil),
        ("bytes=-", nil),
        ("items=0-3", nil),
        ("bytes=a-3", nil),
        ("bytes 0-3", nil),
    ] as [(String, ByteRangeSpec?)])
    func parse(_ value: String, _ expected: ByteRangeSpec?) {
        #expect(ByteRangeSpec.parseSingle(value) == expected, "\(value)")
    }

    @Test("Bounds against the resource size cut an end past it and refuse a start past it", arguments: [
        (ByteRangeSpec(first: 0, last: 3), 10, 0...3 as ClosedRange<Int>?),
        (ByteRangeSpec(first: 2, last: 30), 10, 2...9),
        (ByteRangeSpec(first: 4), 10, 4...9),
        (ByteRangeSpec(suffixLength: 4), 10, 6...9),
        (ByteRangeSpec(suffixLength: 40), 10, 0...9),
        (ByteRangeSpec(first: 20, last: 30), 10, nil),
        (ByteRangeSpec(first: 10), 10, nil),
    ] as [(ByteRangeSpec, Int, ClosedRange<Int>?)])
    func bounds(_ spec: ByteRangeSpec, _ size: Int, _ expected: ClosedRange<Int>?) {
        #expect(spec.bounds(size: size) == expected)
    }

    @Test("Chromium sends the range as it parsed it")
    func headerValue() {
        #expect(ByteRangeSpec.parseSingle("Bytes = 0 - 3")?.headerValue == "bytes=0-3")
        #expect(ByteRangeSpec(first: 5).headerValue == "bytes=5-")
        #expect(ByteRangeSpec(suffixLength: 4).headerValue == "bytes=-4")
    }

    // MARK: Stored runs (a sparse entry)

    @Test("Stored runs join where they touch or overlap, and tell what is available from a position")
    func runs() {
        var stored = StoredByteRanges(resourceSize: 10, start: 0, bytes: Array("0123".utf8))
        stored.write(start: 6, bytes: Array("67".utf8))
        #expect(stored.runs.count == 2)
        #expect(stored.available(from: 0, length: 10) == (0, 4))
        #expect(stored.available(from: 4, length: 6) == (6, 2))
        #expect(stored.available(from: 8, length: 2) == (8, 0))
        stored.write(start: 4, bytes: Array("45".utf8))
        #expect(stored.runs.count == 1)
        #expect(stored.read(2...7) == Array("234567".utf8))
    }

    @Test("A 206 is kept only with a strong validator, a known length and without Accept-Ranges: none", arguments: [
        ([("ETag", "\"s\"")], true),
        ([("ETag", "W/\"w\"")], false),
        ([("ETag", " w /\"w\"")], false),
        ([("Last-Modified", "Tue, 01 Jan 2019 00:00:00 GMT")], false),
        ([("Last-Modified", "Tue, 01 Jan 2019 00:00:00 GMT"), ("Date", "Tue, 01 Jan 2019 00:01:00 GMT")], true),
        ([("Last-Modified", "Tue, 01 Jan 2019 00:00:00 GMT"), ("Date", "Tue, 01 Jan 2019 00:00:59 GMT")], false),
        ([("ETag", "\"s\""), ("Accept-Ranges", "bytes, none")], false),
    ] as [([(String, String)], Bool)])
    func kept(_ headers: [(String, String)], _ expected: Bool) {
        let response = WireResponse(status: 206, headers: HeaderList(headers.map { Header($0.0, $0.1) }))
        #expect(HTTPCache.partialResponseKept(response, complete: 10) == expected)
    }

    @Test("A 206 matches the range asked for: same start, same end (or the resource's end), a known complete length",
          arguments: [
        ("bytes=0-3", "bytes 0-3/10", true),
        ("bytes=0-3", "bytes 0-4/10", false),
        ("bytes=1-3", "bytes 0-3/10", false),
        ("bytes=0-", "bytes 0-9/10", true),
        ("bytes=0-30", "bytes 0-9/10", true),
        ("bytes=-4", "bytes 6-9/10", true),
        ("bytes=0-3", "bytes 0-3/*", false),
        ("bytes=0-3", "bytes 0-3/3", false),
    ])
    func matches(_ range: String, _ contentRange: String, _ expected: Bool) throws {
        let spec = try #require(ByteRangeSpec.parseSingle(range))
        let response = WireResponse(status: 206, headers: [("Content-Range", contentRange)])
        #expect((HTTPCache.partialResponseMatches(response, asked: spec) != nil) == expected, "\(range) \(contentRange)")
    }

    @Test("A stored response cut to a range says so in Content-Range; a whole one from stored parts is a 200 without it")
    func heads() {
        let stored = WireResponse(status: 200, headers: [("Content-Length", "10"), ("ETag", "\"e\"")], body: "0123456789")
        let cut = HTTPCache.cut(stored, to: 2...5, of: 10, body: Array("2345".utf8), status206: true)
        #expect(cut.status == 206 && cut.body == "2345")
        #expect(cut.headers.get("Content-Range") == "bytes 2-5/10" && cut.headers.get("Content-Length") == "4")
        let part = WireResponse(status: 206, headers: [("Content-Range", "bytes 0-3/10"), ("Content-Length", "10")])
        let whole = HTTPCache.whole(part, size: 10, body: Array("0123456789".utf8))
        #expect(whole.status == 200 && whole.headers.get("Content-Range") == nil && whole.headers.get("Content-Length") == "10")
    }

    // MARK: Whole fetches

    /// A server of a 10-byte resource that answers `Range` with a 206 (a 416 past the end), a
    /// matching `If-None-Match` with 304 and a non-matching `If-Range` with the whole 200.
    final class RangeServer: Server, @unchecked Sendable {
        let body = Array("0123456789".utf8)
        var headers: [(String, String)]
        var received: [WireRequest] = []
        init(_ headers: [(String, String)]) { self.headers = headers }
        func respond(to request: WireRequest) -> ServerReply {
            received.append(request)
            var list = HeaderList(headers.map { Header($0.0, $0.1) })
            list.append(Header("Access-Control-Allow-Origin", "*"))
            let etag = list.get("ETag")
            if let inm = request.headers.get("If-None-Match"), inm == etag {
                return .response(WireResponse(status: 304, headers: list))
            }
            let ifRangeHolds = request.headers.get("If-Range").map { $0 == etag } ?? true
            if ifRangeHolds, let value = request.headers.get("Range"), let spec = ByteRangeSpec.parseSingle(value) {
                guard let r = spec.bounds(size: body.count) else {
                    list.append(Header("Content-Range", "bytes */\(body.count)"))
                    return .response(WireResponse(status: 416, headers: list))
                }
                list.append(Header("Content-Range", "bytes \(r.lowerBound)-\(r.upperBound)/\(body.count)"))
                return .response(WireResponse(status: 206, headers: list, body: String(decoding: body[r], as: UTF8.self)))
            }
            return .response(WireResponse(status: 200, headers: list, body: String(decoding: body, as: UTF8.self)))
        }
    }

    static func range(_ value: String, cache: CacheMode = .default) -> FetchRequest {
        FetchRequest("GET", url, headers: [("Range", value)], cache: cache)
    }

    static func chrome(_ rangeRequests: HTTPCacheRules.RangeRequestCache = .byteRanges) -> Browser {
        var profile = BrowserProfile.chrome
        profile.httpCache.rangeRequests = rangeRequests
        return Browser(profile, page: page)
    }

    @Test("A stored 200 answers a byte range as a 206 cut to it; like any request, it answers whole")
    func storedWholeCutToRange() {
        for rule in [HTTPCacheRules.RangeRequestCache.byteRanges, .likeAnyRequest] {
            let server = RangeServer([("Cache-Control", "max-age=600"), ("ETag", "\"f\"")])
            var browser = Self.chrome(rule)
            _ = browser.fetch(FetchRequest("GET", Self.url), server: server)
            let ranged = browser.fetch(Self.range("bytes=2-5"), server: server)
            #expect(!ranged.requestSent, "\(rule)")
            #expect(ranged.response?.status == (rule == .byteRanges ? 206 : 200), "\(rule)")
            #expect(ranged.response?.body == (rule == .byteRanges ? "2345" : "0123456789"), "\(rule)")
            // Content-Range is not CORS-safelisted: the script reads the Content-Length the cut
            // response says (the server sent none).
            #expect(ranged.response?.headers.get("Content-Length") == (rule == .byteRanges ? "4" : nil), "\(rule)")
        }
    }

    @Test("A range past the end of a fresh stored 200 gets the 200 whole; a stale one is revalidated with the range")
    func storedWholeOutsideAndStale() {
        let fresh = RangeServer([("Cache-Control", "max-age=600"), ("ETag", "\"f\"")])
        var browser = Self.chrome()
        _ = browser.fetch(FetchRequest("GET", Self.url), server: fresh)
        let past = browser.fetch(Self.range("bytes=20-30"), server: fresh)
        #expect(!past.requestSent && past.response?.status == 200 && past.response?.body == "0123456789")

        let stale = RangeServer([("Cache-Control", "max-age=0"), ("ETag", "\"s\"")])
        var other = Self.chrome()
        _ = other.fetch(FetchRequest("GET", Self.url), server: stale)
        let revalidated = other.fetch(Self.range("bytes=0-3"), server: stale)
        #expect(revalidated.requestsReceived.count == 1)
        #expect(revalidated.requestsReceived.first?.headers.get("If-None-Match") == "\"s\"")
        #expect(revalidated.requestsReceived.first?.headers.get("Range") == "bytes=0-3")
        #expect(revalidated.response?.status == 206 && revalidated.response?.body == "0123")
    }

    @Test("A 206 with a strong ETag answers its range again; without one it is asked for again")
    func partialKeptWithValidator() {
        for (headers, kept) in [([("Cache-Control", "max-age=600"), ("ETag", "\"r\"")], true),
                                ([("Cache-Control", "max-age=600")], false),
                                ([("Cache-Control", "max-age=600"), ("ETag", "W/\"r\"")], false)] {
            let server = RangeServer(headers)
            var browser = Self.chrome()
            _ = browser.fetch(Self.range("bytes=0-3"), server: server)
            let again = browser.fetch(Self.range("bytes=0-3", cache: .forceCache), server: server)
            #expect(again.requestSent == !kept, "\(headers)")
            #expect(again.response?.status == 206 && again.response?.body == "0123", "\(headers)")
        }
    }

    @Test("What is not stored is asked for with If-Range and joined; then a request without Range gets a 200")
    func missingPartJoined() {
        let server = RangeServer([("Cache-Control", "max-age=600"), ("ETag", "\"j\"")])
        var browser = Self.chrome()
        _ = browser.fetch(Self.range("bytes=0-3"), server: server)
        let more = browser.fetch(Self.range("bytes=0-9"), server: server)
        #expect(more.requestsReceived.map { $0.headers.get("Range") } == ["bytes=4-9"])
        #expect(more.requestsReceived.first?.headers.get("If-Range") == "\"j\"")
        #expect(more.response?.status == 206 && more.response?.body == "0123456789")
        #expect(more.response?.headers.get("Content-Length") == "10")
        let whole = browser.fetch(FetchRequest("GET", Self.url), server: server)
        #expect(!whole.requestSent)
        #expect(whole.response?.status == 200 && whole.response?.body == "0123456789")
        #expect(whole.response?.headers.get("Content-Length") == "10")
    }

    @Test("A request without Range revalidates the first stored part; a 206 to that drops the entry and goes again without Range")
    func plainRequestOnPartEntry() {
        let server = RangeServer([("Cache-Control", "max-age=600"), ("ETag", "\"p\"")])
        var browser = Self.chrome()
        _ = browser.fetch(Self.range("bytes=0-3"), server: server)
        // The server answers the conditional request 304: the part is read, the rest asked for.
        let plain = browser.fetch(FetchRequest("GET", Self.url, cache: .forceCache), server: server)
        #expect(plain.requestsReceived.map { $0.headers.get("Range") } == ["bytes=0-3", "bytes=4-9"])
        #expect(plain.requestsReceived.first?.headers.get("If-None-Match") == "\"p\"")
        #expect(plain.response?.status == 200 && plain.response?.body == "0123456789")

        // A server that changed: its 206 to the revalidation means a new object.
        let changed = RangeServer([("Cache-Control", "max-age=600"), ("ETag", "\"q\"")])
        var other = Self.chrome()
        _ = other.fetch(Self.range("bytes=0-3"), server: server)
        let again = other.fetch(FetchRequest("GET", Self.url, cache: .forceCache), server: changed)
        #expect(again.requestsReceived.map { $0.headers.get("Range") } == ["bytes=0-3", nil])
        #expect(again.requestsReceived.last?.headers.get("If-None-Match") == nil)
        #expect(again.response?.status == 200)
        let after = other.fetch(Self.range("bytes=0-3", cache: .forceCache), server: changed)
        #expect(after.requestSent, "the dropped entry answers nothing")
    }

    @Test("Several ranges and a HEAD with Range leave the byte-range cache alone; only-if-cached takes no range")
    func bypassed() {
        // The page's own origin: no preflight for the unsafe Range values, no CORS check.
        let sameOrigin = try! FetchURL(parsing: "https://app.example.com/video")
        let server = RangeServer([("Cache-Control", "max-age=600"), ("ETag", "\"b\"")])
        var browser = Self.chrome()
        _ = browser.fetch(FetchRequest("GET", sameOrigin), server: server)
        #expect(!browser.fetch(FetchRequest("GET", sameOrigin, headers: [("Range", "bytes=0-1")], cache: .forceCache),
                               server: server).requestSent)
        #expect(browser.fetch(FetchRequest("GET", sameOrigin, headers: [("Range", "bytes=0-1,4-5")], cache: .forceCache),
                              server: server).requestSent)
        #expect(browser.fetch(FetchRequest("HEAD", sameOrigin, headers: [("Range", "bytes=0-3")], cache: .forceCache),
                              server: server).requestSent)
        let plain = browser.fetch(FetchRequest("GET", sameOrigin, mode: .sameOrigin, cache: .onlyIfCached), server: server)
        #expect(!plain.requestSent && plain.verdict == .readable)
        let ranged = browser.fetch(FetchRequest("GET", sameOrigin, headers: [("Range", "bytes=0-3")], mode: .sameOrigin,
                                                cache: .onlyIfCached), server: server)
        #expect(!ranged.requestSent && ranged.verdict == .blocked)
    }
}
