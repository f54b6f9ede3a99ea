// HAR replay: files captured from the real browsers on this machine (Tests/HAR/firefox-153.har,
// written by Firefox itself; Tests/HAR/chromium-156.har, assembled from Chromium's DevTools
// protocol events by Tools/har/capture_chromium.py) and hand-written edge cases.
import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
import CORSSimLive
@testable import CORSSimCommand

@Suite struct HARTests {
    static func load(_ name: String) throws -> HARLog {
        try HARLog(data: Data(TestFiles.read("Tests/HAR/\(name)")))
    }

    static func replay(_ name: String, credentials: CredentialsMode? = nil) throws -> [HARReplay] {
        HARReplayer(credentials: credentials).replay(try load(name)).replays
    }

    /// Per request path: each browser's verdict (`readable`, `blocked (reason)`, or `?` when the
    /// recording cannot tell).
    static func verdicts(_ replays: [HARReplay]) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: replays.map { r in
            (String(r.entry.url.split(separator: "/", maxSplits: 2).last ?? ""),
             r.outcomes.map { r.gaps[$0.browser] == nil ? "\($0.browser.rawValue) \(verdictText($0))" : "\($0.browser.rawValue) ?" })
        })
    }

    static let capturedCalls: Set<String> = ["api/public", "api/items/7", "api/no-cors", "api/orders", "api/me", "api/hints"]

    @Test func firefoxWritesItsOwnHARAndEveryCallIsReplayed() throws {
        let log = try Self.load("firefox-153.har")
        #expect(log.creator == "Firefox" && log.recordedBy == .firefox)
        let replays = try Self.replay("firefox-153.har")
        let v = Self.verdicts(replays)
        #expect(Set(v.keys) == Self.capturedCalls)
        #expect(v["api/public"] == ["chrome readable", "firefox readable", "safari readable"])
        #expect(v["api/items/7"] == ["chrome readable", "firefox readable", "safari readable"])
        #expect(v["api/no-cors"] == ["chrome blocked (missing-allow-origin)", "firefox blocked (missing-allow-origin)", "safari blocked (missing-allow-origin)"])
        #expect(v["api/orders"] == ["chrome blocked (missing-allow-origin)", "firefox blocked (missing-allow-origin)", "safari blocked (preflight-status)"])
        #expect(v["api/me"] == ["chrome blocked (wildcard-with-credentials)", "firefox blocked (wildcard-with-credentials)", "safari blocked (wildcard-with-credentials)"])
        // Firefox preflights Device-Memory (its preflight got 404, so the GET was never sent);
        // Chrome would not preflight, and the recording has no response for it to judge.
        #expect(v["api/hints"] == ["chrome ?", "firefox blocked (missing-allow-origin)", "safari blocked (preflight-status)"])

        // Firefox records the preflight after its request: matched all the same.
        let put = try #require(replays.first { $0.entry.url.hasSuffix("/api/items/7") })
        #expect(put.preflightEntry == put.entry.index + 1)
        // Credentials come from the Cookie header the request carried.
        #expect(replays.first { $0.entry.url.hasSuffix("/api/me") }?.request.credentials == .include)
    }

    @Test func theFirefoxSimulationAgreesWithWhatFirefoxRecorded() throws {
        for r in try Self.replay("firefox-153.har") {
            let firefox = try #require(r.outcomes.first { $0.browser == .firefox })
            // Status 0: Firefox never sent the request (its preflight failed); the model agrees.
            #expect(firefox.requestSent == r.entry.hasResponse, "#\(r.entry.index) \(r.entry.url)")
        }
    }

    @Test func chromiumHARFromDevToolsProtocolEvents() throws {
        let log = try Self.load("chromium-156.har")
        #expect(log.creator == "WebInspector" && log.recordedBy == .chrome)
        let replays = try Self.replay("chromium-156.har")
        let v = Self.verdicts(replays)
        #expect(Set(v.keys) == Self.capturedCalls)
        #expect(v["api/orders"] == ["chrome blocked (missing-allow-origin)", "firefox blocked (missing-allow-origin)", "safari blocked (preflight-status)"])
        // Chrome safelists Device-Memory: no preflight, readable. Firefox and Safari would
        // preflight, and the recording has no preflight to judge them by.
        #expect(v["api/hints"] == ["chrome readable", "firefox ?", "safari ?"])
        let hints = try #require(replays.first { $0.entry.url.hasSuffix("/api/hints") })
        #expect(hints.outcomes[1].classification.isSimple == false)
        // The POST blocked at its preflight is recorded without an Origin header: the page's
        // origin comes from the page URL, and the preflight recorded after it is matched.
        let orders = try #require(replays.first { $0.entry.url.hasSuffix("/api/orders") })
        #expect(orders.pageSource == "page URL" && orders.preflightEntry != nil)
    }

    @Test func theChromeSimulationAgreesWithWhatChromiumRecorded() throws {
        for r in try Self.replay("chromium-156.har") {
            let chrome = try #require(r.outcomes.first { $0.browser == .chrome })
            // net::ERR_FAILED in the recording exactly when the model blocks the request.
            #expect((chrome.verdict == .blocked) == (r.entry.error != nil), "#\(r.entry.index) \(r.entry.url)")
        }
    }

    @Test func handWrittenEdgeCases() throws {
        let (replays, skipped) = HARReplayer().replay(try Self.load("edge-cases.har"))
        let byPath = Dictionary(uniqueKeysWithValues: replays.map { (String($0.entry.url.split(separator: "/").last!), $0) })
        // A redirect chain is one request: the second hop (Origin: null, allowed by *) is not replayed alone.
        #expect(byPath["new"] == nil)
        let old = try #require(byPath["old"])
        #expect(old.outcomes.allSatisfy { $0.verdict == .readable && $0.response?.url == "http://cdn.test/new" })
        // A sandboxed page: Origin null, allowed by Access-Control-Allow-Origin: null.
        #expect(byPath["sandboxed"]?.outcomes.allSatisfy { $0.verdict == .readable } == true)
        // No Origin, no Sec-Fetch-Mode, HTTP/2 pseudo-headers: an xhr whose page URL gives the origin.
        let xhr = try #require(byPath["xhr"])
        #expect(xhr.pageSource == "page URL" && xhr.page.serialized == "http://app.test")
        #expect(!xhr.request.headers.contains(":authority"))
        // Only a Referer tells the page.
        #expect(byPath["referer-only"]?.pageSource == "Referer")
        #expect(byPath["referer-only"]?.outcomes.allSatisfy { $0.failure?.reason == .missingAllowOrigin } == true)
        // A preflight the recording browser answered from its cache: nothing to judge by.
        let cached = try #require(byPath["cached"])
        #expect(cached.gaps.count == 3 && !cached.fails)
        #expect(cached.request.headers.contains("X-Custom"))
        // Base64 bodies are fine; navigations are not CORS; an orphan is skipped with a reason.
        #expect(byPath["image"]?.outcomes.allSatisfy { $0.verdict == .readable } == true)
        #expect(skipped.map(\.0) == [8])
        #expect(replays.count == 6)
    }

    @Test func theCommandLine() throws {
        let firefox = runLiveTool(["har", "Tests/HAR/firefox-153.har"])
        #expect(firefox.status == 1)
        #expect(firefox.out.contains("→ fails in Firefox, Safari; Chrome cannot be judged from this recording"))
        #expect(firefox.out.contains("console: Preflight response is not successful. Status code: 404"))

        let json = runLiveTool(["har", "Tests/HAR/chromium-156.har", "--format", "json", "--browser", "chrome"])
        #expect(json.status == 1)
        #expect(json.out.hasPrefix("{\"schema\":\"cors-sim/har\",\"version\":1,"))

        // Overriding the credentials mode: without credentials, `*` lets the script read /api/me.
        let omit = HARReplayer(credentials: .omit).replay(try Self.load("chromium-156.har")).replays
        #expect(omit.first { $0.entry.url.hasSuffix("/api/me") }?.outcomes.allSatisfy { $0.verdict == .readable } == true)

        let bad = runLiveTool(["har", "Tests/HAR/not-a-har.har"])
        #expect(bad.status == 2 && bad.err.contains("expected a HAR file"))
        #expect(runLiveTool(["har", "Tests/HAR/missing.har"]).status == 2)
        #expect(runLiveTool(["har"]).status == 2)
        #expect(runLiveTool(["har", "x.har", "--credentials", "sometimes"]).status == 2)
        #expect(runLiveTool(["help", "har"]).out.hasPrefix("Usage: cors-sim har FILE.har"))
    }
}
