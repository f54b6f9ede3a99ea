import Testing
@testable import CORSSim

/// Opaque Response Blocking (`Checks/OpaqueResponseBlocking.swift`): Chromium's decision on one
/// response, step by step as services/network/orb/orb_impl.cc takes them, and what a blocked
/// response does to a fetch and to the HTTP cache in each profile. The matrix recorded in the three
/// engines is `Tests/Conformance/orb-*` (ConformanceTests).
@Suite("Opaque Response Blocking")
struct OpaqueResponseBlockingTests {
    typealias Reason = OpaqueResponseBlockingDecision.Reason

    private static func decide(_ contentType: String?, _ body: String, nosniff: Bool = false, status: Int = 200,
                               extra: [(String, String)] = [], sameOrigin: Bool = false) -> OpaqueResponseBlockingDecision? {
        var headers = HeaderList()
        if let contentType { headers.append("Content-Type", contentType) }
        if nosniff { headers.append("X-Content-Type-Options", "nosniff") }
        for (name, value) in extra { headers.append(name, value) }
        return opaqueResponseBlocking(status: status, headers: headers, body: Array(body.utf8), sameOriginWithPage: sameOrigin,
                                      analyzer: .chromium)
    }

    @Test("Chromium: the header steps, then the sniffers, each named by the step that decides",
          arguments: [
              // 3.i: opaque-safelisted as Chromium reads it: CSS, SVG, audio/video, DASH, WebVTT.
              ("text/css", "{\"a\": 1}", true, false, Reason.safelistedMIMEType),
              ("image/svg+xml", "<html>", true, false, .safelistedMIMEType),
              ("audio/mpeg", "{\"a\": 1}", false, false, .safelistedMIMEType),
              ("application/ogg", "<html>", false, false, .safelistedMIMEType),
              ("TEXT/VTT; charset=utf-8", "<html>", false, false, .safelistedMIMEType),
              // 3.ii: never sniffed.
              ("application/pdf", "var a = 1;", false, true, .neverSniffedMIMEType),
              ("text/csv", "a,b", false, true, .neverSniffedMIMEType),
              ("multipart/byteranges", "", false, true, .neverSniffedMIMEType),
              // 3.iv: nosniff with HTML, JSON, XML (+json, +xml) or text/plain.
              ("application/json", "var a = 1;", true, true, .nosniffBlocklisted),
              ("text/plain", "hello world", true, true, .nosniffBlocklisted),
              ("application/ld+json", "var a = 1;", true, true, .nosniffBlocklisted),
              ("application/atom+xml", "var a = 1;", true, true, .nosniffBlocklisted),
              // ...but not for JavaScript, octet-stream or images (sniffed instead).
              ("application/javascript", "var a = 1;", true, false, .notSniffedAsData),
              ("application/octet-stream", "hello world", true, false, .notSniffedAsData),
              ("image/png", "hello world", true, false, .notSniffedAsData),
              // Sniffing: images and media by their signatures (net/base/mime_sniffer.cc), any type.
              ("text/html", "GIF89a<html>", false, false, .sniffedImage),
              ("application/json", "BM{\"a\": 1}", false, false, .sniffedImage),
              ("text/plain", "#define X 1", false, false, .sniffedImage),
              ("text/html", "ID3<html>", false, false, .sniffedMedia),
              ("text/html", "#!AMR\n<html>", false, false, .sniffedMedia),
              ("text/html", "RIFF1234WAVEfmt <html>", false, false, .sniffedMedia),
              // "#!" alone is text/plain in the table: not an image.
              ("text/html", "#!<html>", false, false, .notSniffedAsData),
              // No Content-Type: allowed whatever the body.
              (nil, "{\"a\": 1}", false, false, .noMIMEType),
              ("not a mime type", "<html>", false, false, .noMIMEType),
              // HTML signatures after whitespace and comments, case-insensitive.
              ("application/javascript", "<!DOCTYPE html><p>", false, true, .sniffedHTML),
              ("text/plain", "  \n<HTML>", false, true, .sniffedHTML),
              ("text/plain", "<!-- c -->\n<p>x", false, true, .sniffedHTML),
              ("text/plain", "<!-- c --> var a = 1;", false, false, .notSniffedAsData),
              ("text/plain", "<br>", false, true, .sniffedHTML),
              ("text/plain", "<x-tag>", false, false, .notSniffedAsData),
              // XML: `<?xml` after whitespace, case-sensitive.
              ("application/octet-stream", "\n<?xml version=\"1.0\"?>", false, true, .sniffedXML),
              ("application/octet-stream", "<?XML version=\"1.0\"?>", false, false, .notSniffedAsData),
              // JSON objects and parser breakers.
              ("application/javascript", "{\"a\": 1}", false, true, .sniffedJSON),
              ("text/plain", " { \"k\\\"ey\" :", false, true, .sniffedJSON),
              ("text/plain", ")]}'\n[1]", false, true, .sniffedJSON),
              ("text/plain", "for(;;);{}", false, true, .sniffedJSON),
              ("text/plain", "{}&&{}", false, true, .sniffedJSON),
              ("text/plain", "[1, 2]", false, false, .notSniffedAsData),
              ("text/plain", "{a: 1}", false, false, .notSniffedAsData),
              ("text/plain", "{\"a\" 1}", false, false, .notSniffedAsData),
              ("text/plain", "{\"unterminated", false, false, .notSniffedAsData),
              // Empty bodies are allowed (nothing sniffs).
              ("application/json", "", false, false, .notSniffedAsData),
          ] as [(String?, String, Bool, Bool, Reason)])
    func chromiumSteps(contentType: String?, body: String, nosniff: Bool, blocked: Bool, reason: Reason) throws {
        let decision = try #require(Self.decide(contentType, body, nosniff: nosniff))
        #expect(decision.blocked == blocked)
        #expect(decision.reason == reason)
    }

    @Test("Chromium sniffs only the first 1024 bytes")
    func sniffWindow() throws {
        let late = String(repeating: " ", count: orbSniffLength) + "{\"a\": 1}"
        #expect(try #require(Self.decide("text/plain", late)).blocked == false)
        let early = String(repeating: " ", count: orbSniffLength - 9) + "{\"a\": 1}"
        #expect(try #require(Self.decide("text/plain", early)).blocked == true)
    }

    @Test("Chromium: a 206 from the middle of a resource is blocked, the first part is sniffed")
    func partialContent() throws {
        let later = try #require(Self.decide("application/javascript", "var a = 1;", status: 206,
                                             extra: [("Content-Range", "bytes 10-19/100")]))
        #expect(later.blocked && later.reason == .partialNotFirst)
        let first = try #require(Self.decide("application/javascript", "var a = 1;", status: 206,
                                             extra: [("Content-Range", "bytes 0-9/100")]))
        #expect(!first.blocked)
        let unparsable = try #require(Self.decide("application/javascript", "var a = 1;", status: 206,
                                                  extra: [("Content-Range", "items 10-19/100")]))
        #expect(!unparsable.blocked)
        // A 200 with a Content-Range is not a partial response.
        #expect(try #require(Self.decide("application/javascript", "var a = 1;", extra: [("Content-Range", "bytes 10-19/100")])).blocked == false)
    }

    @Test("Chromium: nosniff is the header's whole value, any case")
    func nosniffValue() throws {
        var headers = HeaderList()
        headers.append("Content-Type", "application/json")
        headers.append("X-Content-Type-Options", "NoSniff")
        #expect(opaqueResponseBlocking(status: 200, headers: headers, body: Array("var a;".utf8), sameOriginWithPage: false,
                                       analyzer: .chromium)?.reason == .nosniffBlocklisted)
        headers.append("X-Content-Type-Options", "nosniff")   // combined: "NoSniff, nosniff"
        #expect(opaqueResponseBlocking(status: 200, headers: headers, body: Array("var a;".utf8), sameOriginWithPage: false,
                                       analyzer: .chromium)?.reason == .notSniffedAsData)
    }

    @Test("Chromium exempts a response from the page's own origin; profiles without ORB decide nothing")
    func exemptions() {
        #expect(Self.decide("application/json", "{\"a\": 1}", sameOrigin: true)?.reason == .sameOrigin)
        #expect(Self.decide("application/json", "{\"a\": 1}", sameOrigin: true)?.blocked == false)
        #expect(opaqueResponseBlocking(status: 200, headers: [("Content-Type", "application/json")], body: Array("{\"a\": 1}".utf8),
                                       sameOriginWithPage: false, analyzer: .none) == nil)
    }

    // MARK: - What a blocked response does to a fetch and the HTTP cache

    private static let scenario = """
        page http://127.0.0.1:8801

        server http://localhost:8802
          GET /data
            200
            Content-Type: application/json
            Cache-Control: max-age=600

            {"a": 1}
          GET /script
            200
            Content-Type: application/json
            Cache-Control: max-age=600

            var a = 1;

        fetch GET http://localhost:8802/data mode=no-cors
        fetch GET http://localhost:8802/data mode=no-cors cache=force-cache
        fetch GET http://localhost:8802/script mode=no-cors
        fetch GET http://localhost:8802/script mode=no-cors cache=force-cache
        """

    @Test("A blocked response is still opaque to the script; Chrome's HTTP cache drops it, Firefox's and Safari's keep it",
          arguments: [(BrowserName.chrome, true), (.firefox, false), (.safari, false), (.spec, false)])
    func blockedResponseAndTheHTTPCache(browser: BrowserName, dropped: Bool) throws {
        let scenario = try ScenarioParser.parse(Self.scenario, file: "orb.cors")
        var outcomes: [FetchOutcome] = []
        _ = ScenarioRunner(browsers: [browser]).run(scenario) { outcomes += $0.outcomes }
        try #require(outcomes.count == 4)
        #expect(outcomes.allSatisfy { $0.verdict == .opaque && $0.response?.status == 0 && $0.console.isEmpty })
        // The JSON object is blocked in Chrome: requested again by force-cache; the script is not.
        #expect(outcomes[1].requestSent == dropped)
        #expect(outcomes[3].requestSent == false)
        let blockedEvents = outcomes[0].events.filter { if case .opaqueResponseBlocked = $0 { return true } else { return false } }
        #expect(blockedEvents == (dropped ? [.opaqueResponseBlocked(url: try FetchURL(parsing: "http://localhost:8802/data"),
                                                                     reason: .sniffedJSON, droppedFromHTTPCache: true)] : []))
    }
}
