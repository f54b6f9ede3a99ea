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
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw ParseError(description: "not JSON: \(error.localizedDescription)")
        }
        guard let log = (root as? [String: Any])?["log"] as? [String: Any] else {
            throw ParseError(description: "expected a HAR file: a JSON object with a \"log\" object")
        }
        guard let entries = log["entries"] as? [[String: Any]] else {
            throw ParseError(description: "expected \"log.entries\", an array")
        }
        let creator = log["creator"] as? [String: Any]
        self.creator = creator?["name"] as? String ?? "unknown"
        self.creatorVersion = creator?["version"] as? String ?? ""
        var pages: [String: String] = [:]
        for page in log["pages"] as? [[String: Any]] ?? [] {
            if let id = page["id"] as? String { pages[id] = page["title"] as? String ?? "" }
        }
        self.pages = pages
        self.entries = try entries.enumerated().map { try HAREntry(index: $0.offset + 1, $0.element) }
    }
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

    init(index: Int, _ e: [String: Any]) throws {
        self.index = index
        guard let request = e["request"] as? [String: Any], let method = request["method"] as? String, let url = request["url"] as? String else {
            throw HARLog.ParseError(description: "entry \(index): expected request.method and request.url")
        }
        let response = e["response"] as? [String: Any] ?? [:]
        self.pageref = e["pageref"] as? String
        self.method = method
        self.url = url
        self.requestHeaders = HAREntry.headers(request["headers"])
        self.requestBody = (request["postData"] as? [String: Any])?["text"] as? String
        self.status = (response["status"] as? NSNumber)?.intValue ?? 0
        self.statusText = response["statusText"] as? String ?? ""
        self.responseHeaders = HAREntry.headers(response["headers"])
        let content = response["content"] as? [String: Any]
        self.responseBody = (content?["encoding"] as? String) == "base64" ? "" : content?["text"] as? String ?? ""
        self.resourceType = e["_resourceType"] as? String
        self.error = (response["_error"] as? String) ?? (e["_error"] as? String)
        self.sentCookies = requestHeaders.contains("Cookie") || !((request["cookies"] as? [Any]) ?? []).isEmpty
    }

    /// HTTP/2 pseudo-headers (`:authority`) are left out.
    static func headers(_ value: Any?) -> HeaderList {
        var list = HeaderList()
        for h in value as? [[String: Any]] ?? [] {
            guard let name = h["name"] as? String, !name.hasPrefix(":"), let v = h["value"] as? String else { continue }
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
        var usedPreflights = Set<Int>()
        var redirectHops = Set<Int>()
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
            // (Chrome records it before the request, Firefox after).
            let preflight = log.entries.filter { p in
                p.isPreflight && p.url == entry.url && !usedPreflights.contains(p.index)
                    && p.requestHeaders.get("Access-Control-Request-Method") == entry.method
            }.min { abs($0.index - entry.index) < abs($1.index - entry.index) }
            if let preflight { usedPreflights.insert(preflight.index) }
            let request = fetchRequest(entry, url: url, preflight: preflight)
            var outcomes: [FetchOutcome] = []
            var gaps: [BrowserName: String] = [:]
            for name in browsers {
                let server = RecordedServer(log: log, actual: entry, preflight: preflight)
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

/// The recorded responses standing in for the server.
final class RecordedServer: Server {
    let log: HARLog
    let actual: HAREntry
    let preflight: HAREntry?
    /// What the recording lacked, if anything.
    private(set) var gap: String?
    private var used = Set<Int>()
    /// The entries answered as later hops of a redirect chain.
    var hops: Set<Int> { used.filter { $0 != actual.index } }

    init(log: HARLog, actual: HAREntry, preflight: HAREntry?) {
        self.log = log
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
                ?? log.entries.last { $0.isPreflight && $0.url == url && $0.index < actual.index }
                ?? log.entries.first { $0.isPreflight && $0.url == url }
        } else {
            // The request itself, then the hops of a redirect chain after it.
            entry = log.entries.first { e in
                e.index >= actual.index && !e.isPreflight && !used.contains(e.index) && e.url == url && e.method == request.method
            }
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
