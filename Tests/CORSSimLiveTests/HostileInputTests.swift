// Issue 11, beyond the response reader: HAR files (limits, statuses, JSON errors with a location,
// linear replay), bounded standard input, live requests only with consent, the output budget and
// certificates without subjectAltName.
import Foundation
import Testing
@testable import CORSSim
@testable import CORSSimLive
@testable import CORSSimCommand

struct HARHostileTests {
    static func entry(_ url: String = "http://api.test/x", status: String = "200", responseHeaders: String = "") -> String {
        """
        {"request": {"method": "GET", "url": "\(url)", "headers": [{"name": "Origin", "value": "http://app.test"}]},
         "response": {"status": \(status), "statusText": "OK",
                      "headers": [{"name": "Access-Control-Allow-Origin", "value": "*"}\(responseHeaders)]}}
        """
    }

    static func har(_ entries: [String]) -> [UInt8] {
        Array(#"{"log": {"creator": {"name": "WebInspector", "version": "1"}, "entries": ["#.utf8) + Array(entries.joined(separator: ",").utf8) + Array("]}}".utf8)
    }

    @Test(arguments: ["9223372036854775807", "-1", "600", "99", "1", "200.5", "\"200\"", "true", "1e3"])
    func aStatusOutsideZeroOrOneHundredToFiveNinetyNineIsRefused(_ status: String) {
        #expect { try HARLog(bytes: Self.har([Self.entry(status: status)])) } throws: { error in
            "\(error)".contains("entry 1: response.status") && "\(error)".contains("expected 0 (no response) or a status code 100-599")
        }
    }

    @Test(arguments: ["0", "100", "204", "599", "null"])
    func zeroAndRealStatusesAreAccepted(_ status: String) throws {
        let log = try HARLog(bytes: Self.har([Self.entry(status: status)]))
        #expect(log.entries[0].status == (status == "null" ? 0 : Int(status)!))
    }

    @Test(arguments: [
        ("{\"log\": {\"entries\": [1,]}}", "1:24: not JSON: expected a JSON value, found ']'"),
        ("{\n  \"log\": {\n    \"entries\": [\n      {\"a\" 1}\n", "4:12: not JSON: expected ':' after a member name, found '1'"),
        ("{\"log\": \"\u{1}\"}", "1:10: not JSON: expected no control character in a string"),
        ("{\"log\": {}} x", "1:13: not JSON: expected the end of the JSON text, found 'x'"),
        ("{\"log\": \"abc", "1:9: not JSON: expected '\"' to close the string that starts here"),
        ("", "1:1: not JSON: expected a JSON value, found the end of the file"),
        (String(repeating: "[", count: 600), "1:513: not JSON: expected at most 512 nested arrays and objects"),
        ("{\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\"}}]}}", "entry 1: expected request.method and request.url"),
    ])
    func jsonErrorsSayLineAndColumn(_ text: String, _ message: String) {
        #expect { try HARLog(bytes: Array(text.utf8)) } throws: { "\($0)".hasPrefix(message) }
    }

    @Test func theJSONReaderDecodesEscapesAndSurrogates() throws {
        let log = try HARLog(bytes: Array(#"{"log": {"creator": {"name": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x"}, "entries": []}}"#.utf8))
        #expect(log.creator == "a\"\\/\u{8}\u{C}\n\r\té😀\u{FFFD}x")
    }

    @Test func entriesAndHeadersAreLimited() throws {
        let header = #",{"name": "Access-Control-Expose-Headers", "value": "X-A"}"#
        let many = String(repeating: header, count: HARLimits.maximumHeaders)   // plus ACAO: one over
        #expect { try HARLog(bytes: Self.har([Self.entry(responseHeaders: many)])) } throws: {
            "\($0)" == "entry 1: \(HARLimits.maximumHeaders + 1) response headers; expected at most \(HARLimits.maximumHeaders), the limit for a HAR file"
        }
        let fits = String(repeating: header, count: HARLimits.maximumHeaders - 1)
        #expect(try HARLog(bytes: Self.har([Self.entry(responseHeaders: fits)])).entries[0].responseHeaders.count == HARLimits.maximumHeaders)
        let tooMany = Array(#"{"log": {"entries": ["#.utf8) + Array(repeating: "{}", count: HARLimits.maximumEntries + 1).joined(separator: ",").utf8 + Array("]}}".utf8)
        #expect { try HARLog(bytes: tooMany) } throws: { "\($0)".contains("\(HARLimits.maximumEntries + 1) entries; expected at most \(HARLimits.maximumEntries)") }
    }

    @Test func theSizeErrorNamesHARNotScenario() {
        let big = [UInt8](repeating: 32, count: HARLimits.maximumBytes + 1)
        #expect { try HARLog(bytes: big) } throws: { "\($0)".contains("the limit for a HAR file") }
        var out = "", err = ""
        let tool = CommandLineTool(CommandLineTool.Environment(
            readFile: { _ in throw BoundedInput.TooLarge(limit: 64 << 20, kind: "a scenario") },
            writeOut: { out += $0 }, writeErr: { err += $0 }, color: false))
        #expect(tool.run(["har", "-"]) == .usage)
        #expect(err == "error: cannot read '<stdin>': the input is larger than 67108864 bytes (64 MiB), the limit for a HAR file\n")
        #expect(out.isEmpty)
    }

    /// Replay is linear: many entries to one URL, each with its preflight, and one entry with
    /// thousands of Expose-Headers lines. (No time is asserted; these used to take minutes, and
    /// the test checks the pairing the index must keep.)
    @Test func preflightsArePairedWithTheNearestUnusedOneThroughTheIndex() throws {
        var entries: [String] = []
        for i in 0..<2000 {
            entries.append("""
            {"request": {"method": "OPTIONS", "url": "http://api.test/x", "headers": [{"name": "Origin", "value": "http://app.test"},
              {"name": "Access-Control-Request-Method", "value": "PUT"}]},
             "response": {"status": 204, "headers": [{"name": "Access-Control-Allow-Origin", "value": "*"},
              {"name": "Access-Control-Allow-Methods", "value": "\(i == 1000 ? "GET" : "PUT")"}]}}
            """)
            entries.append("""
            {"request": {"method": "PUT", "url": "http://api.test/x", "headers": [{"name": "Origin", "value": "http://app.test"}]},
             "response": {"status": 200, "headers": [{"name": "Access-Control-Allow-Origin", "value": "*"}]}}
            """)
        }
        let log = try HARLog(bytes: Self.har(entries))
        let (replays, _) = HARReplayer(browsers: [.chrome]).replay(log)
        #expect(replays.count == 2000)
        for (k, r) in replays.enumerated() {
            #expect(r.preflightEntry == 2 * k + 1, "request #\(r.entry.index)")
            // The one preflight that does not allow PUT fails exactly its own request.
            #expect(r.fails == (k == 1000), "request #\(r.entry.index)")
        }
    }

    @Test func thousandsOfExposeHeadersLinesAreCombinedOnce() throws {
        let lines = (0..<HARLimits.maximumHeaders - 2).map { #",{"name": "Access-Control-Expose-Headers", "value": "X-H\#($0)"}"# }.joined()
        let log = try HARLog(bytes: Self.har([Self.entry(responseHeaders: lines + #",{"name": "X-H9997", "value": "v"}"#)]))
        let (replays, _) = HARReplayer(browsers: [.chrome]).replay(log)
        let response = try #require(replays.first?.outcomes.first?.response)
        #expect(response.headers.get("X-H9997") == "v")
        #expect(log.entries[0].responseHeaders.get("Access-Control-Expose-Headers")?.utf8.count
                == (0..<HARLimits.maximumHeaders - 2).map { "X-H\($0)" }.joined(separator: ", ").utf8.count)
    }
}

struct BoundedInputTests {
    /// A source that never ends: the reader asks for exactly limit + 1 bytes, then stops.
    @Test(arguments: [0, 1, 65535, 65536, 65537, 200_000])
    func anEndlessInputIsReadOnlyToTheLimitPlusOne(_ limit: Int) {
        var given = 0
        #expect {
            try BoundedInput.read(limit: limit, kind: "a HAR file") { buffer in
                for i in 0..<buffer.count { buffer[i] = 65 }
                given += buffer.count
                return buffer.count
            }
        } throws: { ($0 as? BoundedInput.TooLarge)?.kind == "a HAR file" }
        #expect(given == limit + 1)
    }

    @Test(arguments: [0, 1, 100, 65536, 70000])
    func anInputAtTheLimitIsReadWhole(_ size: Int) throws {
        var offset = 0
        let data = try BoundedInput.read(limit: 70000) { buffer in
            let n = min(buffer.count, size - offset, 1000)   // short reads, as pipes give
            for i in 0..<n { buffer[i] = UInt8((offset + i) % 251) }
            offset += n
            return n
        }
        #expect(data.count == size)
        #expect(data == (0..<size).map { UInt8($0 % 251) })
    }
}

struct LiveConsentTests {
    static let scenario = """
    page https://app.example.com
    # a lesson someone handed you
    server https://internal.example.com live
    fetch GET https://internal.example.com/admin
    """

    @Test func aScenarioFileAloneNeverSendsRealRequests() {
        let r = runLiveTool(["run", "-"], stdin: Array(Self.scenario.utf8))
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("""
            error: 'server https://internal.example.com live' sends real requests to https://internal.example.com; \
            pass --allow-live to allow them, or --live https://internal.example.com=BASEURL to choose the server
             --> <stdin>:3:1
            """), "\(r.err)")
        #expect(r.err.contains("3 | server https://internal.example.com live"))
    }

    @Test func allowLiveOrAMappingIsConsent() throws {
        let server = try LoopbackHTTPServer { _ in .respond(Array("HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\nok".utf8)) }
        defer { server.stop() }
        // --live for that origin: consent, and the mapped server answers.
        let mapped = runLiveTool(["run", "-", "--live", "https://internal.example.com=\(server.base)"], stdin: Array(Self.scenario.utf8))
        #expect(mapped.status == 0, "\(mapped.err)")
        // One exchange: the three browsers send the same bytes and share it (SharedExchanges).
        #expect(server.received.count == 1)
        // --live for another origin is not consent for this one.
        let other = runLiveTool(["run", "-", "--live", "https://other.example.com=\(server.base)"], stdin: Array(Self.scenario.utf8))
        #expect(other.status == 2 && other.err.contains("pass --allow-live"))
        // --allow-live: the file's origin itself (a host that does not resolve here) is tried.
        let allowed = runLiveTool(["run", "-", "--allow-live", "--timeout", "2"],
                                  stdin: Array(Self.scenario.replacingOccurrences(of: "internal.example.com", with: "nonexistent.invalid").utf8))
        #expect(allowed.status == 0, "\(allowed.err)")
        #expect(allowed.err.contains("live server https://nonexistent.invalid"), "\(allowed.err)")
        // Views never contact a server, so they need no consent.
        #expect(runLiveTool(["run", "-", "--format", "mermaid"], stdin: Array(Self.scenario.utf8)).status == 0)
    }
}

struct OutputBudgetTests {
    @Test func theBudgetGrowsWithTheInput() {
        #expect(OutputBudget(inputBytes: 0).limit == 64 << 20)
        #expect(OutputBudget(inputBytes: 500_000).limit == (64 << 20) + 256 * 500_000)
        #expect(OutputBudget(inputBytes: Int.max).limit == Int.max)
        var b = OutputBudget(inputBytes: 1, base: 10, perInputByte: 5)
        let first = b.allows(String(repeating: "a", count: 15))
        let second = b.allows("b")
        let third = b.allows("")
        #expect(first && !second && b.exceeded && !third)
    }

    /// The `{origin}` amplification of issue 11, scaled down: a budget of 4 KiB plus 16 bytes per
    /// input byte stops the run, writes nothing past the budget, and exits 2.
    @Test func anAmplifyingScenarioStopsAtTheBudget() {
        let headers = (0..<20).map { "    X-\($0): " + String(repeating: "{origin}", count: 20) }.joined(separator: "\n")
        let scenario = "page https://app.example.com\nserver https://api.example.com\n  GET /x\n    200\n    Access-Control-Allow-Origin: *\n"
            + headers + "\n" + String(repeating: "fetch GET https://api.example.com/x\n", count: 200)
        var out = "", err = ""
        var env = CommandLineTool.Environment(readFile: { _ in Array(scenario.utf8) }, writeOut: { out += $0 }, writeErr: { err += $0 }, color: false)
        env.outputBudget = (4096, 16)
        let budget = 4096 + 16 * scenario.utf8.count
        for format in ["text", "json", "html"] {
            out = ""; err = ""
            let status = CommandLineTool(env).run(["run", "-", "--format", format])
            #expect(status == .usage, "\(format)")
            #expect(out.utf8.count <= budget, "\(format): \(out.utf8.count) > \(budget)")
            #expect(err.hasPrefix("error: the output reached \(budget) bytes, the output budget"), "\(format): \(err)")
        }
        for command in [["step", "-"], ["compare", "-", "--format", "html"]] {
            out = ""; err = ""
            #expect(CommandLineTool(env).run(command) == .usage, "\(command)")
            #expect(out.isEmpty && err.hasPrefix("error: the output reached \(budget) bytes"), "\(command): \(err)")
        }
        // The same file with the real budget runs to the end.
        #expect(CommandLineTool(CommandLineTool.Environment(readFile: { _ in Array(scenario.utf8) }, writeOut: { _ in }, writeErr: { err += $0 }, color: false))
            .run(["run", "-"]) == .ok)
    }
}

struct CertificateTests {
    /// A certificate whose only name is its subject's CN (no subjectAltName): refused, as
    /// browsers do, with an error that says why. Skipped (visibly) without openssl or python3.
    @Test func aCertificateWithOnlyACommonNameIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cors-sim-cn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cert = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                       "-keyout", key, "-out", cert]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { print("SKIPPED aCertificateWithOnlyACommonNameIsRefused: openssl is missing"); return }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { print("SKIPPED aCertificateWithOnlyACommonNameIsRefused: openssl failed"); return }
        let server: PythonServer
        do { server = try PythonServer("Tests/LiveServers/flask_cors_app.py", ["correct", cert, key]) } catch {
            print("SKIPPED aCertificateWithOnlyACommonNameIsRefused: \(error)")
            return
        }
        defer { server.stop() }
        let wire = WireRequest(method: "GET", url: try FetchURL(parsing: "https://localhost/api/me"), headers: [])
        #expect {
            try HTTPExchange.send(wire, to: LiveEndpoint(parsing: "https://localhost:\(server.port)"),
                                  options: LiveOptions(connectTimeout: 5, readTimeout: 5, caFile: cert))
        } throws: { error in
            guard let e = error as? LiveError else { return false }
            return e.kind == .tls && e.detail.contains("no subjectAltName, only a common name")
        }
    }
}
