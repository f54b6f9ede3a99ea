import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimCommand

/// Golden files of the commands and views besides `run`'s text and JSON: `check` (text and
/// JSON), `compare --format json` and `--why`, Mermaid and HTML. Re-record with
/// `CORS_SIM_RECORD_GOLDEN=1 swift test --filter CommandGoldenTests` and review the diff.
@Suite struct CommandGoldenTests {
    static let app = "https://app.example.com"
    static let fixed: [(name: String, arguments: [String])] = [
        ("check-simple-get.txt", ["check", "GET", "https://api.example.com/items", "--from", app]),
        ("check-simple-get.json", ["check", "GET", "https://api.example.com/items", "--from", app, "--format", "json"]),
        ("check-put-json-credentials.txt", ["check", "PUT", "https://api.example.com/users/7", "--from", app,
                                            "-H", "Content-Type: application/json", "-H", "X-Trace: 1", "--credentials", "include"]),
        ("check-put-json-credentials.json", ["check", "PUT", "https://api.example.com/users/7", "--from", app,
                                             "-H", "Content-Type: application/json", "-H", "X-Trace: 1", "--credentials", "include", "--format", "json"]),
        ("check-trace.txt", ["check", "TRACE", "https://api.example.com/x", "--from", app]),
        ("check-null-origin.json", ["check", "DELETE", "https://api.example.com/x", "--from", "null", "--format", "json"]),
        ("check-user-agent-firefox.txt", ["check", "GET", "https://api.example.com/x", "--from", app, "-H", "User-Agent: probe", "--browser", "chrome,firefox"]),
        ("compare-why__01-max-age-caps.txt", ["compare", "Scenarios/compare/01-max-age-caps.cors", "--why"]),
        ("mermaid-run__08-json-post-preflight.md", ["run", "Scenarios/08-json-post-preflight.cors", "--format", "mermaid"]),
        ("mermaid-compare__07-merge-or-replace.md", ["compare", "Scenarios/compare/07-merge-or-replace.cors", "--format", "mermaid"]),
        ("html-run__08-json-post-preflight.html", ["run", "Scenarios/08-json-post-preflight.cors", "--format", "html"]),
        ("html-compare__07-merge-or-replace.html", ["compare", "Scenarios/compare/07-merge-or-replace.cors", "--format", "html"]),
    ]

    static func compareJSON(_ file: String) -> (name: String, arguments: [String]) {
        let stem: String = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let arguments: [String] = ["compare", file, "--browser", "all", "--format", "json"]
        return ("compare-json__" + stem + ".json", arguments)
    }

    static let cases: [(name: String, arguments: [String])] =
        fixed + TestFiles.corsFiles(under: TestFiles.scenarios.appendingPathComponent("compare")).map(compareJSON)

    @Test(arguments: cases.indices)
    func outputMatchesTheGoldenFile(_ index: Int) throws {
        let (name, arguments) = Self.cases[index]
        let result = TestFiles.runTool(arguments)
        #expect(result.status != 2, "\(name): \(result.err)")
        #expect(result.err.isEmpty, "\(name): \(result.err)")
        let url = TestFiles.golden.appendingPathComponent("commands/\(name)")
        if GoldenTests.record {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try result.out.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(result.out == expected, "output of cors-sim \(arguments.joined(separator: " ")) differs from Golden/commands/\(name); re-record with CORS_SIM_RECORD_GOLDEN=1 if intended")
    }

    @Test func everyGoldenFileHasACase() throws {
        let folder = TestFiles.golden.appendingPathComponent("commands")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == Self.cases.map(\.name).sorted())
    }
}
