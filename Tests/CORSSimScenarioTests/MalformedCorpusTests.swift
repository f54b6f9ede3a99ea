import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimCommand

/// The malformed-input corpus (`Tests/Malformed/NN-name.cors`, each with `NN-name.expected`, the
/// exact standard error): every file exits 2 with a compiler-style `file:line:column` error and
/// prints nothing else. `CORS_SIM_RECORD_MALFORMED=1 swift test --filter MalformedCorpus`
/// rewrites the `.expected` files; a reviewer reads the diff.
@Suite struct MalformedCorpusTests {
    static let folder = TestFiles.root.appendingPathComponent("Tests/Malformed")
    static let record = ProcessInfo.processInfo.environment["CORS_SIM_RECORD_MALFORMED"] == "1"

    /// The corpus, as paths relative to the package root.
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".cors") }.sorted().map { "Tests/Malformed/" + $0 }
    }()

    @Test func theCorpusHasAtLeastFiftyFilesEachWithItsExpectedError() {
        #expect(Self.files.count >= 50)
        for file in Self.files {
            let expected = TestFiles.root.appendingPathComponent(file.replacingOccurrences(of: ".cors", with: ".expected"))
            #expect(FileManager.default.fileExists(atPath: expected.path), "\(file) has no .expected file")
        }
    }

    @Test(arguments: files)
    func aMalformedFileExitsTwoWithOnlyItsLocatedError(_ file: String) throws {
        let r = TestFiles.runTool(["run", file])
        let expectedURL = TestFiles.root.appendingPathComponent(file.replacingOccurrences(of: ".cors", with: ".expected"))
        if Self.record { try Data(r.err.utf8).write(to: expectedURL) }
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err == (try String(contentsOf: expectedURL, encoding: .utf8)))
        #expect(r.err.hasPrefix("error: expected "))
        #expect(Self.hasLocation(r.err, file: file), "no \(file):line:column in \(r.err)")
        // The other commands that read files report the same error.
        for command in [["run", file, "--format", "json", "--browser", "all"], ["compare", file], ["parse", file]] {
            let other = TestFiles.runTool(command)
            #expect(other.status == 2, "\(command)")
            #expect(other.out.isEmpty, "\(command)")
            #expect(other.err == r.err, "\(command)")
        }
    }

    /// ` --> FILE:LINE:COLUMN` on the error's second line.
    static func hasLocation(_ error: String, file: String) -> Bool {
        let lines = error.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 2, lines[1].hasPrefix(" --> \(file):") else { return false }
        let parts = lines[1].dropFirst(" --> \(file):".count).split(separator: ":")
        return parts.count == 2 && parts.allSatisfy { Int($0).map { $0 >= 1 } ?? false }
    }

    // MARK: Enormous inputs, generated here rather than committed

    @Test func anEnormousLineIsALocatedErrorWithAShortExcerpt() {
        let input = "page https://app.example.com\nnote " + String(repeating: "a", count: 1_000_000) + "\n"
        let r = TestFiles.runTool(["run", "-"], stdin: Array(input.utf8))
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("error: expected a line of at most 16384 bytes, found one of 1000005 bytes\n --> <stdin>:2:16385\n"))
        #expect(r.err.utf8.count < 800, "the error repeats the whole line")
    }

    @Test func anEnormousFileWithoutALineBreakIsALocatedError() {
        let r = TestFiles.runTool(["run", "-"], stdin: [UInt8](repeating: UInt8(ascii: "x"), count: 3_000_000))
        #expect(r.status == 2)
        #expect(r.err.hasPrefix("error: expected a line of at most 16384 bytes, found one of 3000000 bytes\n --> <stdin>:1:16385\n"))
        #expect(r.err.utf8.count < 800)
    }

    @Test func aLongLineOfMultibyteCharactersIsCutOnACharacterBoundary() {
        let input = "page https://app.example.com\nnote " + String(repeating: "é", count: 10_000) + "\n"
        let r = TestFiles.runTool(["run", "-"], stdin: Array(input.utf8))
        #expect(r.status == 2)
        #expect(r.err.hasPrefix("error: expected a line of at most 16384 bytes, found one of 20005 bytes\n --> <stdin>:2:"))
        #expect(!r.err.contains("\u{FFFD}"), "the excerpt split a character")
    }

    @Test func thousandsOfLinesOfGarbageStopAtTheFirstError() {
        var rng = SplitMix64(seed: 6)
        let bytes = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let r = TestFiles.runTool(["run", "-"], stdin: bytes)
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("error: expected "))
        #expect(r.err.contains(" --> <stdin>:1:"))
    }

    // MARK: Command-line errors

    @Test(arguments: [
        (["run", "-", "--browser"], "error: option '--browser' expects a value\n  see 'cors-sim run --help'\n"),
        (["run", "-", "--browser", "chrome,opera"],
         "error: unknown browser 'opera'; expected chrome, firefox, safari, webkitgtk, spec or all\n  see 'cors-sim run --help'\n"),
        (["run", "-", "--browser", "chrome", "--browser", "safari"],
         "error: option '--browser' given more than once\n  see 'cors-sim run --help'\n"),
        (["run", "-", "--format=yaml"],
         "error: unknown format 'yaml'; expected text, json, mermaid or html\n  see 'cors-sim run --help'\n"),
        (["step"], "error: 'step' expects exactly one scenario file\n  see 'cors-sim step --help'\n"),
        (["compare", "a.cors", "b.cors"], "error: 'compare' expects exactly one scenario file\n  see 'cors-sim compare --help'\n"),
        (["parse"], "error: 'parse' expects at least one scenario file\n  see 'cors-sim parse --help'\n"),
        (["check", "GET"],
         "error: 'check' expects METHOD and URL, e.g. cors-sim check PUT https://api.example.com/x --from https://app.example.com\n"
            + "  see 'cors-sim check --help'\n"),
        (["check", "GET", "https://api.example.com/", "--from", "app.example.com"],
         "error: --from: expected a URL starting with http:// or https://\n  see 'cors-sim check --help'\n"),
        (["check", "GET", "https://api.example.com:70000/", "--from", "https://app.example.com"],
         "error: URL: expected a port number from 0 to 65535, not '70000'\n  see 'cors-sim check --help'\n"),
        (["check", "GET", "https://[evil.com]/", "--from", "https://app.example.com"],
         "error: URL: expected a valid host, not '[evil.com]' (not an IPv6 address [URL Standard: IPv6-invalid-code-point])\n"
            + "  see 'cors-sim check --help'\n"),
        (["check", "GET", "https://a\u{1B}]0;pwned\u{7}.example/", "--from", "https://app.example.com"],
         "error: URL: expected a valid host, not 'a\\x1b]0;pwned\\x07.example': '\\x1b' is not allowed in a domain [URL Standard: domain-invalid-code-point]\n"
            + "  see 'cors-sim check --help'\n"),
        (["check", "GET", "https://0x100.0.0.1/", "--from", "https://app.example.com"],
         "error: URL: expected a valid host, not '0x100.0.0.1' (an IPv4 address part out of range [URL Standard: IPv4-out-of-range-part])\n"
            + "  see 'cors-sim check --help'\n"),
        (["check", "GET", "https://api.example.com/", "--from", "https://app.example.com", "-H", "NoColon"],
         "error: -H expects 'Name: value', found 'NoColon'\n  see 'cors-sim check --help'\n"),
        (["check", "GET", "https://api.example.com/", "--from", "https://app.example.com", "-H", "Bad Name: 1"],
         "error: -H expects 'Name: value', found 'Bad Name: 1'\n  see 'cors-sim check --help'\n"),
        (["check", "GET", "https://api.example.com/", "--from", "https://app.example.com", "--credentials", "always"],
         "error: --credentials expects omit, same-origin or include, found 'always'\n  see 'cors-sim check --help'\n"),
        (["check", "GET", "https://api.example.com/", "--from", "https://app.example.com", "--mode", "navigate"],
         "error: --mode expects cors, no-cors or same-origin, found 'navigate'\n  see 'cors-sim check --help'\n"),
        (["check", "GET", "https://api.example.com/", "--from", "https://app.example.com", "--format", "html"],
         "error: unknown format 'html'; expected text or json\n  see 'cors-sim check --help'\n"),
    ])
    func aCommandLineErrorExitsTwoWithItsMessage(_ arguments: [String], _ message: String) {
        let r = TestFiles.runTool(arguments, stdin: Array("page https://app.example.com\n".utf8))
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err == message)
    }

    @Test func aFileThatCannotBeReadExitsTwo() {
        let r = TestFiles.runTool(["run", "Tests/Malformed/no-such-file.cors"])
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("error: cannot read 'Tests/Malformed/no-such-file.cors': "))
    }

    /// Each error ends with a line break, so the next error or the shell prompt starts afresh.
    @Test func eachErrorEndsWithALineBreak() {
        let r = TestFiles.runTool(["run", Self.files[6], Self.files[23]])
        #expect(r.status == 2)
        #expect(r.err.hasSuffix("^\n"))
        #expect(!r.err.contains("^error:"))
    }

    /// The source line of an error found after parsing (a fetch before any page) is found in a
    /// file with CRLF line endings too.
    @Test func aFetchBeforeAnyPageInACRLFFileShowsItsLine() {
        let r = TestFiles.runTool(["run", "-"], stdin: Array("# comment\r\nfetch GET https://api.example.com/\r\n".utf8))
        #expect(r.status == 2)
        #expect(r.err.contains(" --> <stdin>:2:1\n"))
        #expect(r.err.contains("2 | fetch GET https://api.example.com/\n"))
    }

    @Test func everyBadFileIsReportedAndNothingRuns() {
        let files = Array(Self.files.prefix(3))
        let r = TestFiles.runTool(["run"] + files + ["Scenarios/01-same-origin.cors"])
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        for file in files { #expect(r.err.contains(" --> \(file):")) }
    }
}

/// The documented limits (README, "Limits"): each is enforced with a located error, and input
/// just inside it is accepted. Big inputs are built in memory; the file-size and step limits use
/// the parser's `Limits` override where the real size would make the test slow.
@Suite struct LimitTests {
    static let page = "page https://app.example.com\n"

    func parse(_ text: String, limits: ScenarioParser.Limits = .init()) -> Result<Scenario, ScenarioError> {
        Result { () throws(ScenarioError) -> Scenario in try ScenarioParser.parse(data: Array(text.utf8), file: "t.cors", limits: limits) }
    }

    func error(_ text: String, limits: ScenarioParser.Limits = .init()) -> ScenarioError? {
        if case .failure(let e) = parse(text, limits: limits) { return e }
        return nil
    }

    @Test func theDocumentedLimits() {
        #expect(ScenarioParser.maximumFileBytes == 64 * 1024 * 1024)
        #expect(ScenarioParser.maximumLineBytes == 16 * 1024)
        #expect(ScenarioParser.maximumSteps == 2_000_000)
        #expect(ScenarioParser.maximumRoutesPerServer == 10_000)
        #expect(ScenarioParser.maximumHeadersPerMessage == 1_000)
        #expect(ScenarioParser.maximumBodyBytes == 1024 * 1024)
        #expect(FetchURL.maximumLength == 16_384)
        for name in BrowserName.allCases { #expect(BrowserProfile.named(name).redirects.limit == 20) }
    }

    @Test func aFileOverSixtyFourMebibytesIsRefusedBeforeParsing() {
        var bytes = [UInt8](repeating: UInt8(ascii: "\n"), count: ScenarioParser.maximumFileBytes + 1)
        bytes.replaceSubrange(0..<7, with: "restart".utf8)
        let result = Result { () throws(ScenarioError) -> Scenario in try ScenarioParser.parse(data: bytes, file: "big.cors") }
        guard case .failure(let e) = result else { Issue.record("a 64 MiB + 1 file parsed"); return }
        #expect(e.message == "expected a file of at most 67108864 bytes, found 67108865 bytes")
        #expect(e.location.description == "big.cors:1:1")
    }

    @Test func theFileLimitCountsBytes() {
        var limits = ScenarioParser.Limits()
        limits.fileBytes = 64
        let fits = String(repeating: "restart\n", count: 8)
        #expect((try? parse(fits, limits: limits).get()) != nil)
        #expect(error(fits + "\n", limits: limits)?.message == "expected a file of at most 64 bytes, found 65 bytes")
    }

    @Test func aLineOfSixteenKibibytesIsAcceptedAndOneByteMoreIsNot() {
        let note = "note " + String(repeating: "n", count: ScenarioParser.maximumLineBytes - 5)
        #expect((try? parse(Self.page + note + "\n").get()) != nil)
        let e = error(Self.page + note + "n\n")
        #expect(e?.message == "expected a line of at most 16384 bytes, found one of 16385 bytes")
        #expect(e?.location.description == "t.cors:2:16385")
    }

    @Test func aLineEndingInCRLFCountsWithoutItsLineBreak() {
        let note = "note " + String(repeating: "n", count: ScenarioParser.maximumLineBytes - 5)
        #expect((try? parse(Self.page + note + "\r\n").get()) != nil)
    }

    @Test func stepsOverTheLimitAreALocatedError() {
        var limits = ScenarioParser.Limits()
        limits.steps = 10
        #expect((try? parse(String(repeating: "restart\n", count: 10), limits: limits).get()) != nil)
        let e = error(String(repeating: "restart\n", count: 11), limits: limits)
        #expect(e?.message == "expected at most 10 steps in a file, found step 11")
        #expect(e?.location.description == "t.cors:11:1")
    }

    func server(routes: Int, headers: Int = 0) -> String {
        var text = Self.page + "server https://api.example.com\n"
        for i in 0..<routes {
            text += "  GET /r\(i)\n    200\n"
            for j in 0..<headers { text += "    X-H\(j): \(j)\n" }
        }
        return text
    }

    @Test func tenThousandRoutesAreAcceptedAndOneMoreIsNot() {
        guard case .success(let scenario) = parse(server(routes: 10_000)),
              case .server(let s) = scenario.steps[1] else { Issue.record("10,000 routes refused"); return }
        #expect(s.routes.count == 10_000)
        let e = error(server(routes: 10_001))
        #expect(e?.message == "expected at most 10000 routes in one server block, found route 10001")
        #expect(e?.location.description == "t.cors:20003:3")
    }

    @Test func aThousandHeadersOnAResponseAreAcceptedAndOneMoreIsNot() {
        #expect((try? parse(server(routes: 1, headers: 1_000)).get()) != nil)
        let e = error(server(routes: 1, headers: 1_001))
        #expect(e?.message == "expected at most 1000 headers on one request or response, found header 1001")
        #expect(e?.location.description == "t.cors:1005:5")
    }

    @Test func aThousandHeadersOnAFetchAreAcceptedAndOneMoreIsNot() {
        func fetch(_ n: Int) -> String {
            Self.page + "fetch GET https://api.example.com/\n" + (0..<n).map { "  X-H\($0): 1\n" }.joined()
        }
        #expect((try? parse(fetch(1_000)).get()) != nil)
        let e = error(fetch(1_001))
        #expect(e?.message == "expected at most 1000 headers on one request or response, found header 1001")
        #expect(e?.location.description == "t.cors:1003:3")
    }

    @Test func aBodyOfOneMebibyteIsAcceptedAndOneByteMoreIsNot() {
        // 1023 lines of 1023 bytes, a last line of `last` bytes, and 1023 line breaks between
        // them: exactly 1 MiB when `last` is 1024.
        func body(last: Int) -> String {
            let line = String(repeating: "b", count: 1023)
            var text = server(routes: 1) + "\n"
            for _ in 0..<1023 { text += "    " + line + "\n" }
            return text + "    " + String(repeating: "b", count: last) + "\n"
        }
        guard case .success(let scenario) = parse(body(last: 1024)), case .server(let s) = scenario.steps[1] else {
            Issue.record("a 1 MiB body refused"); return
        }
        #expect(s.routes[0].body.utf8.count == ScenarioParser.maximumBodyBytes)
        let e = error(body(last: 1025))
        #expect(e?.message == "expected a response body of at most 1048576 bytes, found 1048577 bytes by this line")
        #expect(e?.location.description == "t.cors:1029:5")
    }

    @Test func aURLOverTheLimitIsRefused() {
        let long = "https://api.example.com/" + String(repeating: "p", count: FetchURL.maximumLength - 24)
        #expect((try? FetchURL(parsing: long)) != nil)
        #expect(throws: FetchURL.ParseError.tooLong(16_385)) { try FetchURL(parsing: long + "p") }
        let r = TestFiles.runTool(["check", "GET", long + "p", "--from", "https://app.example.com"])
        #expect(r.status == 2)
        #expect(r.err == "error: URL: expected a URL of at most 16384 bytes, not 16385\n  see 'cors-sim check --help'\n")
    }

    @Test func aURLInAScenarioIsBoundByTheLineLimitFirst() {
        let url = "https://api.example.com/" + String(repeating: "p", count: ScenarioParser.maximumLineBytes - 34)
        #expect((try? parse(Self.page + "fetch GET " + url + "\n").get()) != nil)
        #expect(error(Self.page + "fetch GET " + url + "p\n")?.message
                == "expected a line of at most 16384 bytes, found one of 16385 bytes")
    }

    @Test func aRedirectThatResolvesPastTheURLLimitIsAnInvalidLocation() {
        let path = "/" + String(repeating: "d", count: 10_000) + "/"
        let server = ClosureServer { _ in
            WireResponse(status: 302, headers: [("Location", String(repeating: "x", count: 10_000)),
                                                 ("Access-Control-Allow-Origin", "*")])
        }
        var browser = Browser(.chrome, page: try! Origin(parsing: "https://app.example.com"))
        let outcome = browser.fetch(FetchRequest("GET", try! FetchURL(parsing: "https://api.example.com" + path)), server: server)
        #expect(outcome.verdict == .blocked)
        #expect(outcome.failure?.reason == .redirectInvalidLocation)
    }

    /// A server that redirects `/hop/N` to `/hop/N+1` until `/hop/LAST`, which answers 200.
    func redirectChain(last: Int) -> ClosureServer {
        ClosureServer { request in
            let n = Int(request.url.path.split(separator: "/").last ?? "") ?? 0
            if n >= last { return WireResponse(status: 200, headers: [("Access-Control-Allow-Origin", "*")]) }
            return WireResponse(status: 302, headers: [("Location", "/hop/\(n + 1)"), ("Access-Control-Allow-Origin", "*")])
        }
    }

    @Test(arguments: BrowserName.allCases)
    func twentyRedirectsAreFollowedAndTheTwentyFirstIsANetworkError(_ name: BrowserName) {
        var browser = Browser(.named(name), page: try! Origin(parsing: "https://app.example.com"))
        let request = FetchRequest("GET", try! FetchURL(parsing: "https://api.example.com/hop/0"))
        let twenty = browser.fetch(request, server: redirectChain(last: 20))
        #expect(twenty.verdict == .readable)
        #expect(twenty.requestsReceived.count == 21)
        let twentyOne = browser.fetch(request, server: redirectChain(last: 21))
        #expect(twentyOne.verdict == .blocked)
        #expect(twentyOne.failure?.reason == .redirectLimit)
        #expect(twentyOne.requestsReceived.count == 21)
    }

    @Test func anEndlessRedirectLoopInAScenarioStopsAtTheLimit() {
        let text = Self.page + """
            server https://api.example.com
              GET /loop
                302
                Location: /loop
                Access-Control-Allow-Origin: *
            fetch GET https://api.example.com/loop
              expect blocked
              expect reason redirect-limit
              expect spec: reason redirect-limit

            """
        let r = TestFiles.runTool(["run", "-", "--browser", "all"], stdin: Array(text.utf8))
        #expect(r.status == 0, "\(r.out)")
    }
}
