import Testing
@testable import CORSSim

/// How a request's header list becomes the lines a server receives (Checks/WireHeaders.swift):
/// each table row is a value recorded in Tests/Conformance/header-range-wire-spelling.cors or
/// header-repeated-singleton-wire.cors.
@Suite struct WireHeaderTests {
    @Test("Chromium re-spells a single valid range and leaves any other value as written", arguments: [
        ("bytes = 0 - 3", "bytes=0-3"), ("bytes=00-03", "bytes=0-3"), ("BYTES = -5", "bytes=-5"),
        ("BYTES=5-", "bytes=5-"), ("bytes=+1-3", "bytes=1-3"), ("bytes=0-3,", "bytes=0-3"), ("Bytes=0-3", "bytes=0-3"),
    ])
    func chromiumRespellsOneRange(_ written: String, _ sent: String) {
        #expect(ByteRangeSpec.parseSingle(written)?.headerValue == sent)
    }

    @Test("Chromium's HTTP cache leaves several ranges and invalid ones alone",
          arguments: ["Bytes=0-1, 3-4", "BYTES=5-3", "bits=0-3", "bytes=", "bytes=-0", "bytes=a-3", "bytes 0-3", "bytes=0-99999999999999999999"])
    func chromiumLeavesOtherRangesAlone(_ written: String) {
        #expect(ByteRangeSpec.parseSingle(written) == nil)
    }

    @Test func geckoKeepsTheLastValueOfASingletonTheFirstOfStrictTransportSecurityAndEmptiesOnAnEmptyLine() {
        let necko = BrowserProfile.firefox.networkStack.repeatedRequestHeaders
        guard case let .necko(singletons, keepsFirst) = necko else { Issue.record("firefox is not .necko"); return }
        let lines: HeaderList = [("Authorization", "Bearer a"), ("X-A", "1"), ("authorization", "Bearer b"), ("X-A", ""),
                                 ("X-B", ""), ("X-B", "2"), ("Strict-Transport-Security", "max-age=1"),
                                 ("Strict-Transport-Security", "max-age=2"), ("X-C", "a"), ("X-C", "b")]
        let array = neckoHeaderArray(lines, singletons: singletons, keepsFirst: keepsFirst)
        #expect(array.headers.map { "\($0.name): \($0.value)" }
                == ["Authorization: Bearer b", "X-A: ", "X-B: 2", "Strict-Transport-Security: max-age=1", "X-C: a, b"])
    }

    /// Recorded: Tests/Conformance response-repeated-header-values (the first four names); the
    /// empty lines and X-Frame-Options follow nsHttpHeaderArray.h MergeHeader.
    @Test func geckoShowsAResponsesRepeatedLinesAsItsMergedHeaderArrayHoldsThem() {
        let lines: HeaderList = [("Content-Type", "text/plain"), ("X-A", "1"), ("Max-Forwards", "1"), ("x-a", "2"),
                                 ("content-type", "text/html"), ("Max-Forwards", "2"), ("WWW-Authenticate", "Basic"),
                                 ("WWW-Authenticate", "Bearer"), ("X-B", ""), ("X-B", "2"), ("X-C", "1"), ("X-C", ""),
                                 ("X-Frame-Options", "DENY"), ("X-Frame-Options", "")]
        let seen = BrowserProfile.firefox.networkStack.repeatedResponseHeaderValues.scriptLines(lines)
        #expect(seen.headers.map { "\($0.name): \($0.value)" }
                == ["Content-Type: text/plain,text/html", "X-A: 1, 2", "Max-Forwards: 1", "X-B: 2", "X-C: 1",
                    "X-Frame-Options: DENY,"])
        #expect(BrowserProfile.chrome.networkStack.repeatedResponseHeaderValues.scriptLines(lines) == lines)
    }

    @Test func libsoupWritesAHeaderValueAsUTF8AndChromiumAsOneBytePerCharacter() {
        #expect(BrowserProfile.webkitgtk.networkStack.wireValue("caf\u{E9}") == "caf\u{C3}\u{A9}")
        #expect(BrowserProfile.chrome.networkStack.wireValue("caf\u{E9}") == "caf\u{E9}")
        #expect(BrowserProfile.webkitgtk.networkStack.wireValue("plain") == "plain")
    }

    /// The CORS checks read WebCore's value, not libsoup's bytes: 128 `é` are 128 bytes to the
    /// safelist in the webkitgtk profile (256 on the wire), so `Accept` stays safelisted.
    @Test func theSafelistLimitCountsTheEnginesBytesNotTheWires() {
        let value = String(repeating: "\u{E9}", count: 128)
        var browser = Browser(.webkitgtk, page: try! Origin(parsing: "https://app.example"))
        let outcome = browser.fetch(FetchRequest("GET", try! FetchURL(parsing: "https://api.example/r"), headers: [("Accept", value)]),
                                    server: ClosureServer { _ in WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*")]) })
        #expect(outcome.preflightsSent.isEmpty)
        #expect(outcome.requestsReceived.first?.headers.get("Accept")?.unicodeScalars.count == 256)
    }
}
