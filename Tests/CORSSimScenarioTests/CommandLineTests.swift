import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimCommand

/// The command line end to end: exact output where it is short, exit statuses always.
@Suite struct CommandLineTests {
    static let passing = """
    page https://app.example.com
    server https://api.example.com
      GET /data
        200
        Access-Control-Allow-Origin: https://app.example.com
    fetch GET https://api.example.com/data
      expect readable
      expect status 200

    """

    static let failing = """
    page https://app.example.com
    server https://api.example.com
      GET /data
        200
    fetch GET https://api.example.com/data
      expect readable

    """

    @Test func versionPrintsTheVersion() {
        let r = TestFiles.runTool(["--version"])
        #expect(r.out == "cors-sim \(CommandLineTool.version)\n")
        #expect(r.status == 0)
    }

    @Test(arguments: [["--help"], ["help"], ["run", "--help"], ["compare", "--help"], ["check", "--help"], ["help", "check"]])
    func helpExitsZeroAndShowsUsage(_ args: [String]) {
        let r = TestFiles.runTool(args)
        #expect(r.status == 0)
        #expect(r.out.contains("Usage"))
        #expect(r.err.isEmpty)
    }

    @Test func noArgumentsIsAUsageError() {
        let r = TestFiles.runTool([])
        #expect(r.status == 2)
        #expect(r.err.contains("Usage"))
    }

    @Test func aPassingScenarioFromStandardInputExitsZero() {
        let r = TestFiles.runTool(["run", "-"], stdin: Array(Self.passing.utf8))
        #expect(r.status == 0)
        #expect(r.out.hasSuffix("<stdin>: 1 fetch, 6 of 6 expectations held\n"))
    }

    @Test func aFailedExpectationExitsOneAndNamesTheLineAndBrowser() {
        let r = TestFiles.runTool(["run", "-"], stdin: Array(Self.failing.utf8))
        #expect(r.status == 1)
        #expect(r.out.contains("FAIL <stdin>:6: chrome: expected readable, got blocked (missing-allow-origin)\n"))
        #expect(r.out.contains("FAIL <stdin>:6: firefox: expected readable, got blocked (missing-allow-origin)\n"))
        #expect(r.out.contains("FAIL <stdin>:6: safari: expected readable, got blocked (missing-allow-origin)\n"))
    }

    @Test func aMalformedFileExitsTwoWithALocatedErrorAndPrintsNothingElse() {
        let r = TestFiles.runTool(["run", "-"], stdin: Array("page https://app.example.com\nwait 3x\n".utf8))
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("error: "))
        #expect(r.err.contains("--> <stdin>:2:6"))
    }

    @Test func aBadFileWinsOverAFailingOne() {
        let r = TestFiles.runTool(["run", "-", "Tests/CORSSimScenarioTests/Fixtures/does-not-exist.cors"], stdin: Array(Self.failing.utf8))
        #expect(r.status == 2)
        #expect(r.err.contains("cannot read 'Tests/CORSSimScenarioTests/Fixtures/does-not-exist.cors'"))
    }

    @Test func aFetchBeforeAnyPageIsALocatedError() {
        let r = TestFiles.runTool(["run", "-"], stdin: Array("fetch GET https://api.example.com/\n".utf8))
        #expect(r.status == 2)
        #expect(r.err.contains("--> <stdin>:1:1"))
        #expect(r.err.contains("expected a 'page ORIGIN' step before the first fetch"))
    }

    @Test(arguments: [
        (["frobnicate"], "error: unknown command 'frobnicate'; expected run, compare, step, check, parse, audit, har, help or --version\n"),
        (["help", "nonsense"], "error: no help for 'nonsense'; expected one of run, compare, step, check, parse, audit, har\n"),
        (["audit", "http://127.0.0.1:1/", "--from", "https://a.example", "-H", "no colon"], "error: -H expects 'Name: value', found 'no colon'\n"),
        (["har", "x.har", "--browser", "opera"], "error: unknown browser 'opera'; expected chrome, firefox, safari, webkitgtk, spec or all\n"),
        (["run"], "error: 'run' expects at least one scenario file (or - for standard input)\n"),
        (["run", "-", "--browser", "opera"], "error: unknown browser 'opera'; expected chrome, firefox, safari, webkitgtk, spec or all\n"),
        (["run", "-", "--browser", "all,webkitgtk"],
         "error: 'all' cannot be part of a list; name the browsers instead (chrome,firefox,safari,spec,webkitgtk)\n"),
        (["run", "-", "--format", "xml"], "error: unknown format 'xml'; expected text, json, mermaid or html\n"),
        (["run", "-", "--colour"], "error: unknown option '--colour' for 'run'; expected one of --allow-live, --browser"),
        (["check", "GET", "https://api.example.com/"], "error: 'check' expects --from ORIGIN, the page's origin\n"),
        (["check", "GET", "https://api.example.com/", "--from", "https://app.example.com/"],
         "error: --from: expected an origin (scheme://host[:port]) without a path, query or trailing slash, not 'https://app.example.com/'\n"),
        (["check", "GET", "ftp://x/", "--from", "https://a.example"], "error: URL: expected an http: or https: URL, not 'ftp:'\n"),
        (["compare"], "error: 'compare' expects exactly one scenario file\n"),
    ])
    func argumentErrorsExitTwo(_ args: [String], _ message: String) {
        let r = TestFiles.runTool(args, stdin: Array(Self.passing.utf8))
        #expect(r.status == 2)
        #expect(r.err.hasPrefix(message), "\(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test func jsonOutputIsVersionedJSONLines() throws {
        let r = TestFiles.runTool(["run", "-", "--format", "json"], stdin: Array(Self.passing.utf8))
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n")
        #expect(lines.first == #"{"type":"file","schema":"cors-sim/run","version":1,"file":"<stdin>","browsers":["chrome","firefox","safari"],"warnings":[]}"#)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["type"] != nil)
        }
        #expect(lines.last?.contains(#""type":"summary""#) == true)
        #expect(lines.last?.contains(#""failed":0"#) == true)
    }

    @Test func checkShowsThePreflightAndTheHeadersToSend() {
        let r = TestFiles.runTool(["check", "PUT", "https://api.example.com/x", "--from", "https://app.example.com",
                                   "-H", "X-Zeta: 1", "-H", "Content-Type: application/json", "--credentials", "include"])
        #expect(r.status == 0)
        #expect(r.out.contains("Access-Control-Request-Headers: content-type,x-zeta\n"))
        #expect(r.out.contains("      Access-Control-Allow-Methods: PUT\n"))
        #expect(r.out.contains("      Access-Control-Allow-Credentials: true\n"))
        #expect(r.out.contains("      Access-Control-Allow-Headers: content-type, x-zeta\n"))
    }

    @Test func compareMarksTheRowsWhereBrowsersDiffer() {
        let scenario = """
        page https://app.example.com
        server https://api.example.com
          OPTIONS /x
            204
            Access-Control-Allow-Origin: https://app.example.com
            Access-Control-Allow-Methods: PUT
            Access-Control-Max-Age: 86400
          PUT /x
            200
            Access-Control-Allow-Origin: https://app.example.com
        fetch PUT https://api.example.com/x
        wait 11m
        fetch PUT https://api.example.com/x
        wait 3h
        fetch PUT https://api.example.com/x

        """
        var file = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID().uuidString).cors")
        file.standardize()
        try? scenario.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = TestFiles.runTool(["compare", file.path])
        #expect(r.status == 0)
        let rows = r.out.split(separator: "\n").filter { $0.hasPrefix("11 ") || $0.hasPrefix("13 ") || $0.hasPrefix("15 ") }
        #expect(rows.count == 3)
        #expect(!rows[0].hasSuffix("≠"))
        #expect(rows[1].hasSuffix("≠"))   // t=11m: Safari (600 s cap) preflights again
        #expect(rows[2].hasSuffix("≠"))   // t=3h11m: Chrome too; Firefox still cached
        #expect(r.out.contains("Safari: preflight sent · readable: cache miss: the entry expired at t=10m"))
        #expect(r.out.contains("Firefox: preflight cached · readable"))
    }

    @Test func noColourWithoutATerminal() {
        let r = TestFiles.runTool(["run", "-"], stdin: Array(Self.passing.utf8), color: false)
        #expect(!r.out.contains("\u{1B}["))
        let coloured = TestFiles.runTool(["run", "-"], stdin: Array(Self.passing.utf8), color: true)
        #expect(coloured.out.contains("\u{1B}["))
    }
}
