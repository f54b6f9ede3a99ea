import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimCommand

/// What a newcomer met in the lessons (issue 12), each held so it cannot come back.
@Suite struct LessonFixesTests {
    static let misspelled = """
    page https://app.example.com
    server https://api.example.com
      GET /data
        200
        Access-Control-Allow-Orgin: https://app.example.com
        Acess-Control-Max-Age: 60
        X-Request-Id: 7
        Vary: Origin
    fetch GET https://api.example.com/data
      expect blocked

    """

    @Test func aMisspelledCORSHeaderGetsAWarningWithTheNameItMeant() throws {
        let r = TestFiles.runTool(["run", "-"], stdin: Array(Self.misspelled.utf8))
        #expect(r.status == 0)
        #expect(r.out.contains("warning: <stdin>:3: response header 'Access-Control-Allow-Orgin' is not a header browsers read; did you mean 'Access-Control-Allow-Origin'?\n"), "\(r.out)")
        #expect(r.out.contains("did you mean 'Access-Control-Max-Age'?"))
        #expect(!r.out.contains("'X-Request-Id'") && !r.out.contains("'Vary' is not"))
        let json = TestFiles.runTool(["run", "-", "--format", "json"], stdin: Array(Self.misspelled.utf8))
        let first = try #require(json.out.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.map { $0["header"] as? String } == ["Access-Control-Allow-Orgin", "Acess-Control-Max-Age"])
        #expect(warnings.map { $0["suggestion"] as? String } == ["Access-Control-Allow-Origin", "Access-Control-Max-Age"])
        #expect(warnings.first?["line"] as? Int == 3)
        let compare = TestFiles.runTool(["compare", "-"], stdin: Array(Self.misspelled.utf8))
        #expect(compare.out.hasPrefix("warning: <stdin>:3: response header 'Access-Control-Allow-Orgin'"))
    }

    @Test(arguments: [
        ("access-control-allow-orgin", "Access-Control-Allow-Origin"),
        ("Access-Control-Alow-Methods", "Access-Control-Allow-Methods"),
        ("Access-Control-Allow-Hedaers", "Access-Control-Allow-Headers"),   // two letters swapped
        ("Access-Control-Expose-Header", "Access-Control-Expose-Headers"),
        ("Access-Control-Allow-Credential", "Access-Control-Allow-Credentials"),
        ("Locaton", "Location"),
    ])
    func nearNamesAreSuggested(_ written: String, _ meant: String) {
        let route = Route(method: "GET", path: "/", isPrefix: false, status: 200, statusText: nil,
                          headers: [Header(written, "x")], body: "", location: SourceLocation(file: "f", line: 1, column: 1))
        let scenario = Scenario(file: "f", steps: [.server(ServerStep(origin: "https://a.example", routes: [route], location: route.location))])
        #expect(ScenarioLint.warnings(scenario).map(\.suggestion) == [meant])
    }

    @Test(arguments: ["Access-Control-Allow-Origin", "access-control-max-age", "Via", "Vary", "X-Access-Control", "Server", "Content-Language", "ETag"])
    func realNamesAndUnrelatedNamesAreNotWarnedAbout(_ name: String) {
        let route = Route(method: "GET", path: "/", isPrefix: false, status: 200, statusText: nil,
                          headers: [Header(name, "x")], body: "", location: SourceLocation(file: "f", line: 1, column: 1))
        let scenario = Scenario(file: "f", steps: [.server(ServerStep(origin: "https://a.example", routes: [route], location: route.location))])
        #expect(ScenarioLint.warnings(scenario).isEmpty)
    }

    @Test func noLessonHasAMisspelledHeader() throws {
        for file in TestFiles.corsFiles(under: TestFiles.scenarios) + TestFiles.corsFiles(under: TestFiles.root.appendingPathComponent("Tests/Conformance")) {
            let scenario = try ScenarioParser.parse(data: TestFiles.read(file), file: file)
            #expect(ScenarioLint.warnings(scenario).isEmpty, "\(file)")
        }
    }

    @Test(arguments: [(204, false), (101, false), (200, true), (304, true), (404, true)])
    func theMockServerSendsContentLengthOnlyWhereAServerMay(_ status: Int, _ sends: Bool) throws {
        var servers = MockServers()
        let route = Route(method: nil, path: "/", isPrefix: true, status: status, statusText: nil, headers: [], body: "",
                          location: SourceLocation(file: "f", line: 1, column: 1))
        servers.install([route], for: "https://api.example.com")
        guard case .response(let r) = servers.respond(to: WireRequest(method: "GET", url: "https://api.example.com/x", headers: [])) else {
            Issue.record("no response")
            return
        }
        #expect(r.headers.contains("Content-Length") == sends)
    }

    /// A lesson that promises a console warning shows one: some browser's outcome has a
    /// warning-level console line (lesson 10 once promised one no browser prints).
    @Test func aLessonPromisingAConsoleWarningShowsOne() throws {
        for file in TestFiles.corsFiles(under: TestFiles.scenarios) {
            let text = String(decoding: try TestFiles.read(file), as: UTF8.self).lowercased()
            let promises = text.contains("console warning") || text.contains("with a warning")
            let run = RecordedRun(try ScenarioParser.parse(data: TestFiles.read(file), file: file), browsers: [.chrome, .firefox, .safari])
            let shows = run.reports.contains { $0.outcomes.contains { $0.console.contains { $0.level == .warning } } }
            #expect(!promises || shows, "\(file) promises a console warning that no browser shows")
        }
    }
}
