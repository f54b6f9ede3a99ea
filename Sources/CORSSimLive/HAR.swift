/// `cors-sim har`: replays the cross-origin requests of a HAR file (HTTP Archive 1.2, as Chrome
/// and Firefox DevTools export it) through each browser profile, with the recorded responses
/// standing in for the server, and explains each request that fails or would fail in another
/// browser.
import CORSSim
import Foundation

/// A HAR file, reduced to what CORS needs.
public struct HARLog: Sendable {
    /// `log.creator.name` and `version`: "WebInspector" (Chrome DevTools), "Firefox", …
    public var creator: String
    public var creatorVersion: String
    /// `log.pages`: id → the page's title (a URL in Chrome's exports, the document title in Firefox's).
    public var pages: [String: String]
    public var entries: [HAREntry]

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The recording browser, as a profile name, when the creator says.
    public var recordedBy: BrowserName? {
        let c = creator.lowercased()
        if c.contains("firefox") { return .firefox }
        if c.contains("webinspector") || c.contains("chrom") { return .chrome }
        if c.contains("safari") || c.contains("webkit") { return .safari }
        return nil
    }

    public init(data: Data) throws {
        try self.init(bytes: Array(data))
    }

    /// Parses a HAR file: JSON (errors say line:column), at most `HARLimits.maximumBytes`,
    /// `maximumEntries` entries and `maximumHeaders` headers per request or response.
    public init(bytes: [UInt8]) throws {
        guard bytes.count <= HARLimits.maximumBytes else {
            throw ParseError(description: "the file is larger than \(HARLimits.maximumBytes) bytes, the limit for a HAR file")
        }
        let root: JSONInput
        do { root = try JSONInputReader.parse(bytes) } catch {
            throw ParseError(description: "\(error.line):\(error.column): not JSON: \(error.message)")
        }
        guard let log = root["log"], log.isObject else {
            throw ParseError(description: "expected a HAR file: a JSON object with a \"log\" object")
        }
        guard let entries = log["entries"]?.array else {
            throw ParseError(description: "expected \"log.entries\", an array")
        }
        guard entries.count <= HARLimits.maximumEntries else {
            throw ParseError(description: "\(entries.count) entries; expected at most \(HARLimits.maximumEntries), the limit for a HAR file")
        }
        let creator = log["creator"]
        self.creator = creator?["name"]?.string ?? "unknown"
        self.creatorVersion = creator?["version"]?.string ?? ""
        var pages: [String: String] = [:]
        for page in log["pages"]?.array ?? [] {
            if let id = page["id"]?.string, pages[id] == nil { pages[id] = page["title"]?.string ?? "" }
        }
        self.pages = pages
        var list: [HAREntry] = []
        list.reserveCapacity(entries.count)
        for (n, e) in entries.enumerated() { list.append(try HAREntry(index: n + 1, e)) }
        self.entries = list
    }
}

/// The limits on a HAR file (README, "Input limits").
public enum HARLimits {
    /// Bytes in the file (or on standard input): the same as a scenario file's.
    public static let maximumBytes = ScenarioParser.maximumFileBytes
    /// Entries in `log.entries`.
    public static let maximumEntries = 100_000
    /// Headers in one request's or one response's `headers` array.
    public static let maximumHeaders = 10_000
}

/// One request and its response, as recorded.
public struct HAREntry: Sendable {
    /// 1-based position in the file.
    public var index: Int
    public var pageref: String?
    public var method: String
    public var url: String
    public var requestHeaders: HeaderList
    public var requestBody: String?
    public var status: Int
    public var statusText: String
    public var responseHeaders: HeaderList
    public var responseBody: String
    /// Chrome's `_resourceType` (`fetch`, `xhr`, `preflight`, `document`, …), when present.
    public var resourceType: String?
    /// Chrome's `_error` (`net::ERR_FAILED`), when present.
    public var error: String?
    /// Cookies sent, from the `Cookie` header or `request.cookies`.
    public var sentCookies: Bool

    init(index: Int, _ e: JSONInput) throws {
        self.index = index
        guard let request = e["request"], let method = request["method"]?.string, let url = request["url"]?.string else {
            throw HARLog.ParseError(description: "entry \(index): expected request.method and request.url")
        }
        let response = e["response"]
        self.pageref = e["pageref"]?.string
        self.method = method
        self.url = url
        self.requestHeaders = try HAREntry.headers(request["headers"], entry: index, "request")
        self.requestBody = request["postData"]?["text"]?.string
        // A recorded status is 0 (no response: failed or blocked) or a status code 100-599.
        if let value = response?["status"], case .null = value {
            self.status = 0
        } else if let value = response?["status"] {
            guard let text = value.number, text.utf8.count <= 3, let status = Int(text), status == 0 || (100...599).contains(status) else {
                let shown = value.number ?? "a non-number"
                throw HARLog.ParseError(description: "entry \(index): response.status \(TerminalText.escaped(String(shown.prefix(40)))): expected 0 (no response) or a status code 100-599")
            }
            self.status = status
        } else {
            self.status = 0
        }
        self.statusText = response?["statusText"]?.string ?? ""
        self.responseHeaders = try HAREntry.headers(response?["headers"], entry: index, "response")
        let content = response?["content"]
        self.responseBody = content?["encoding"]?.string == "base64" ? "" : content?["text"]?.string ?? ""
        self.resourceType = e["_resourceType"]?.string
        self.error = response?["_error"]?.string ?? e["_error"]?.string
        self.sentCookies = requestHeaders.contains("Cookie") || !(request["cookies"]?.array ?? []).isEmpty
    }

    /// HTTP/2 pseudo-headers (`:authority`) are left out.
    static func headers(_ value: JSONInput?, entry: Int, _ side: String) throws -> HeaderList {
        var list = HeaderList()
        let items = value?.array ?? []
        guard items.count <= HARLimits.maximumHeaders else {
            throw HARLog.ParseError(description: "entry \(entry): \(items.count) \(side) headers; expected at most \(HARLimits.maximumHeaders), the limit for a HAR file")
        }
        for h in items {
            guard let name = h["name"]?.string, !name.hasPrefix(":"), let v = h["value"]?.string else { continue }
            list.append(name, v)
        }
        return list
    }

    /// A preflight: OPTIONS with `Access-Control-Request-Method`.
    public var isPreflight: Bool { method == "OPTIONS" && requestHeaders.contains("Access-Control-Request-Method") }

    /// Whether a response was recorded (failed requests have status 0 and no headers).
    public var hasResponse: Bool { status > 0 }

    public var wireResponse: WireResponse {
        WireResponse(status: status, statusText: statusText, headers: responseHeaders, body: responseBody)
    }
}

/// One cross-origin request replayed in each browser.
public struct HARReplay: Sendable {
    public var entry: HAREntry
    /// The page's origin, and where it was learned (`Origin header`, `page URL`, `Referer`).
    public var page: Origin
    public var pageSource: String
    /// The matched preflight's entry number, if the recording has one.
    public var preflightEntry: Int?
    public var request: FetchRequest
    public var outcomes: [FetchOutcome]
    /// Things the recording lacked for a browser, so its verdict cannot be trusted.
    public var gaps: [BrowserName: String]

    /// The outcomes the recording has enough to judge.
    public var judged: [FetchOutcome] { outcomes.filter { gaps[$0.browser] == nil } }

    /// Whether some browser that can be judged does not let the script read the response.
    public var fails: Bool { judged.contains { $0.verdict != .readable } }
}

/// Picks the cross-origin CORS requests out of a HAR log and replays them.
public struct HARReplayer {
    public var browsers: [BrowserName]
    /// nil: inferred per request (`include` when cookies were sent, else the `same-origin` default).
    public var credentials: CredentialsMode?

    public init(browsers: [BrowserName] = BrowserName.browsers, credentials: CredentialsMode? = nil) {
        self.browsers = browsers
        self.credentials = credentials
    }

    /// Headers the browser adds itself: never the script's unless a preflight named them.
    static let browserAdded: Set<String> = ["accept", "accept-language", "user-agent", "pragma", "cache-control", "priority",
                                            "upgrade-insecure-requests", "if-none-match", "if-modified-since"]

    /// Replays each cross-origin CORS request; `skipped` says why other entries were left out.
    public func replay(_ log: HARLog) -> (replays: [HARReplay], skipped: [(Int, String)]) {
        var replays: [HARReplay] = []
        var skipped: [(Int, String)] = []
        var redirectHops = Set<Int>()
        let index = HARIndex(log)
        for entry in log.entries {
            if entry.isPreflight || redirectHops.contains(entry.index) { continue }
            guard let url = try? FetchURL(parsing: entry.url), url.scheme == "http" || url.scheme == "https" else {
                skipped.append((entry.index, "not an http(s) URL")); continue
            }
            // CORS requests: Sec-Fetch-Mode: cors where the browser recorded it; else an Origin
            // header, or Chrome's fetch/xhr resource type (a request blocked before it was sent
            // is recorded without its Origin).
            let mode = entry.requestHeaders.get("Sec-Fetch-Mode")
            if let mode, mode != "cors" { continue }                       // navigations, no-cors loads
            let scripted = ["fetch", "xhr"].contains(entry.resourceType ?? "")
            guard mode == "cors" || entry.requestHeaders.contains("Origin") || scripted else { continue }
            guard let (page, source) = pageOrigin(entry, log) else {
                skipped.append((entry.index, "cannot tell the page's origin (no Origin header, page URL or Referer)"))
                continue
            }
            if page == url.origin { continue }                                 // same-origin: no CORS

            // The preflight for this request: the nearest OPTIONS to the URL asking for its method
            // (Chrome records it before the request, Firefox after), each used once.
            let preflight = index.takeNearestPreflight(url: entry.url, method: entry.method, to: entry.index).map { log.entries[$0 - 1] }
            let request = fetchRequest(entry, url: url, preflight: preflight)
            var outcomes: [FetchOutcome] = []
            var gaps: [BrowserName: String] = [:]
            for name in browsers {
                let server = RecordedServer(log: log, index: index, actual: entry, preflight: preflight)
                // The recording shows the request was made: any Local Network Access prompt was granted.
                var browser = Browser(.named(name), page: page)
                browser.navigate(to: page, localNetworkPermission: .granted)
                outcomes.append(browser.fetch(request, server: server))
                if let gap = server.gap { gaps[name] = gap }
                redirectHops.formUnion(server.hops)
            }
            replays.append(HARReplay(entry: entry, page: page, pageSource: source, preflightEntry: preflight?.index,
                                     request: request, outcomes: outcomes, gaps: gaps))
        }
        return (replays, skipped)
    }

    /// The page's origin: the request's `Origin` header, else the page's URL (Chrome's page
    /// titles), else the `Referer`.
    func pageOrigin(_ entry: HAREntry, _ log: HARLog) -> (Origin, String)? {
        if let o = entry.requestHeaders.get("Origin") {
            if o == "null" { return (.opaque(id: 1), "Origin header") }
            if let origin = try? Origin(parsing: o) { return (origin, "Origin header") }
        }
        if let ref = entry.pageref, let title = log.pages[ref], let url = try? FetchURL(parsing: title),
           url.scheme == "http" || url.scheme == "https" {
            return (url.origin, "page URL")
        }
        if let referer = entry.requestHeaders.get("Referer"), let url = try? FetchURL(parsing: referer) {
            return (url.origin, "Referer")
        }
        return nil
    }

    /// The `fetch()` call that produced the recorded request, as far as the recording shows it.
    func fetchRequest(_ entry: HAREntry, url: FetchURL, preflight: HAREntry?) -> FetchRequest {
        let named = Set((preflight?.requestHeaders.getDecodeSplit("Access-Control-Request-Headers") ?? [])
            .map { $0.trimmingHTTPWhitespace().lowercased() })
        var headers = HeaderList()
        for h in entry.requestHeaders {
            let n = h.lowercasedName
            if forbiddenRequestHeaderReason(h) != nil || n == "user-agent" || n == "priority" { continue }
            if preflight != nil {
                guard named.contains(n) || n == "content-type" else { continue }
            } else if HARReplayer.browserAdded.contains(n) {
                continue
            }
            headers.append(h)
        }
        let credentials = self.credentials ?? (entry.sentCookies ? .include : .sameOrigin)
        return FetchRequest(entry.method, url, headers: headers, body: entry.requestBody.map(RequestBody.text), credentials: credentials)
    }
}

/// Lookups into a HAR log by URL, so that a replay is linear in the number of entries (issue 11:
/// 64k entries took 167 s when each request scanned the whole log).
final class HARIndex: @unchecked Sendable {
    /// Entry numbers (1-based, ascending) of the preflights for a URL, all methods.
    private var preflightsByURL: [String: [Int]] = [:]
    /// Entry numbers of the preflights for a URL asking for a method, with "next unused"
    /// links for taking each at most once (a union-find over positions, path-compressed).
    private var preflightsByRequest: [String: Slots] = [:]
    /// Entry numbers of the other requests, by method and URL.
    private var requests: [String: [Int]] = [:]

    final class Slots {
        let entries: [Int]
        /// next[k]: the first unused position >= k (entries.count: none); prev[k]: the last
        /// unused position <= k (-1: none).
        var next: [Int]
        var prev: [Int]
        init(_ entries: [Int]) {
            self.entries = entries
            next = Array(0...entries.count)
            prev = Array(0..<entries.count)
        }
        func findNext(_ k: Int) -> Int {
            var r = k
            while r < entries.count, next[r] != r { r = next[r] }
            var c = k
            while c < entries.count, next[c] != c { let n = next[c]; next[c] = r; c = n }
            return r
        }
        func findPrev(_ k: Int) -> Int {
            var r = k
            while r >= 0, prev[r] != r { r = prev[r] }
            var c = k
            while c >= 0, prev[c] != c { let n = prev[c]; prev[c] = r; c = n }
            return r
        }
        func take(_ k: Int) {
            next[k] = k + 1
            prev[k] = k - 1
        }
    }

    init(_ log: HARLog) {
        var byRequest: [String: [Int]] = [:]
        for e in log.entries {
            if e.isPreflight {
                preflightsByURL[e.url, default: []].append(e.index)
                let method = e.requestHeaders.get("Access-Control-Request-Method") ?? ""
                byRequest[method + " " + e.url, default: []].append(e.index)
            } else {
                requests[e.method + " " + e.url, default: []].append(e.index)
            }
        }
        for (key, list) in byRequest { preflightsByRequest[key] = Slots(list) }
    }

    /// The unused preflight for `method url` nearest to entry `index` (the earlier on a tie), marked used.
    func takeNearestPreflight(url: String, method: String, to index: Int) -> Int? {
        guard let slots = preflightsByRequest[method + " " + url] else { return nil }
        let k = firstPosition(in: slots.entries, notBefore: index)
        let after = slots.findNext(k)
        let before = k > 0 ? slots.findPrev(k - 1) : -1
        let pick: Int
        switch (before >= 0, after < slots.entries.count) {
        case (false, false): return nil
        case (true, false): pick = before
        case (false, true): pick = after
        case (true, true): pick = index - slots.entries[before] <= slots.entries[after] - index ? before : after
        }
        slots.take(pick)
        return slots.entries[pick]
    }

    /// The last preflight for `url` recorded before entry `index`, else the first one.
    func preflight(for url: String, before index: Int) -> Int? {
        guard let list = preflightsByURL[url], !list.isEmpty else { return nil }
        let k = firstPosition(in: list, notBefore: index)
        return k > 0 ? list[k - 1] : list[0]
    }

    /// The first request `method url` at or after entry `index` that `used` does not hold.
    func request(_ method: String, _ url: String, from index: Int, skipping used: Set<Int>) -> Int? {
        guard let list = requests[method + " " + url] else { return nil }
        var k = firstPosition(in: list, notBefore: index)
        while k < list.count, used.contains(list[k]) { k += 1 }
        return k < list.count ? list[k] : nil
    }

    /// The first position in ascending `list` whose value is >= `value` (binary search).
    private func firstPosition(in list: [Int], notBefore value: Int) -> Int {
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// The recorded responses standing in for the server.
final class RecordedServer: Server {
    let log: HARLog
    let index: HARIndex
    let actual: HAREntry
    let preflight: HAREntry?
    /// What the recording lacked, if anything.
    private(set) var gap: String?
    private var used = Set<Int>()
    /// The entries answered as later hops of a redirect chain.
    var hops: Set<Int> { used.filter { $0 != actual.index } }

    init(log: HARLog, index: HARIndex, actual: HAREntry, preflight: HAREntry?) {
        self.log = log
        self.index = index
        self.actual = actual
        self.preflight = preflight
    }

    func respond(to request: WireRequest) -> ServerReply {
        let url = request.url.serialized()
        let entry: HAREntry?
        if request.isPreflight {
            // The matched preflight, else any recorded preflight for that URL (another request's,
            // or the recording browser answered this one from its cache).
            entry = (preflight.map { p in p.url == url ? p : nil } ?? nil)
                ?? index.preflight(for: url, before: actual.index).map { log.entries[$0 - 1] }
        } else {
            // The request itself, then the hops of a redirect chain after it.
            entry = index.request(request.method, url, from: actual.index, skipping: used).map { log.entries[$0 - 1] }
        }
        guard let entry else {
            gap = request.isPreflight
                ? "the recording has no preflight for \(url) (the recording browser did not send one, or answered it from its cache)"
                : "the recording has no response for \(request.method) \(url)"
            return .unreachable
        }
        if !request.isPreflight { used.insert(entry.index) }
        guard entry.hasResponse else {
            gap = "entry #\(entry.index) has no recorded response\(entry.error.map { " (\($0))" } ?? "")"
            return .unreachable
        }
        return .response(entry.wireResponse)
    }
}
