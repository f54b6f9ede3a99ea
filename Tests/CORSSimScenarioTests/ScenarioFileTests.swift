import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimCommand

/// Every scenario file in the repository runs, and every expectation in it holds for every
/// browser it names.
@Suite struct ScenarioFileTests {
    /// The 48 cases recorded in real Chromium 156, Firefox ESR 153 and WebKitGTK 2.50
    /// (Docs/evidence/oracle/); their expectations are the recorded outcomes, so this is the simulator
    /// agreeing with real browsers.
    static let oracleFiles = TestFiles.corsFiles(under: TestFiles.fixtures.appendingPathComponent("oracle-scenarios"))
    static let lessonFiles = TestFiles.corsFiles(under: TestFiles.scenarios)

    @Test func theRecordedCorpusIsComplete() {
        #expect(Self.oracleFiles.count == 48)
    }

    @Test func theCurriculumHasTwentyLessonsAndACompareSet() {
        #expect(Self.lessonFiles.filter { !$0.contains("/compare/") }.count >= 20)
        #expect(Self.lessonFiles.filter { $0.contains("/compare/") }.count >= 6)
    }

    @Test(arguments: oracleFiles)
    func agreesWithTheRecordedBrowsers(_ file: String) throws {
        try expectGreen(file, browsers: [.chrome, .firefox, .safari, .webkitgtk])
    }

    @Test(arguments: lessonFiles)
    func lessonHoldsInEveryBrowser(_ file: String) throws {
        try expectGreen(file, browsers: BrowserName.allCases)
    }

    private func expectGreen(_ file: String, browsers: [BrowserName]) throws {
        let scenario = try ScenarioParser.parse(data: try TestFiles.read(file), file: file)
        #expect(ScenarioRunner.validate(scenario) == nil)
        let summary = ScenarioRunner(browsers: browsers).run(scenario) { _ in }
        #expect(summary.expectationsChecked > 0, "\(file) states no expectation")
        for f in summary.failures {
            Issue.record("\(file):\(f.expectation.location.line): \(f.browser.rawValue): expected \(f.expectation.text), got \(f.actual)")
        }
    }
}

/// Golden files of the text and JSON output for every lesson. Re-record with
/// `CORS_SIM_RECORD_GOLDEN=1 swift test --filter GoldenTests` and review the diff.
@Suite struct GoldenTests {
    static let record = ProcessInfo.processInfo.environment["CORS_SIM_RECORD_GOLDEN"] == "1"

    @Test(arguments: ScenarioFileTests.lessonFiles, ["text", "json"])
    func outputMatchesTheGoldenFile(_ file: String, format: String) throws {
        let result = TestFiles.runTool(["run", file, "--browser", "all", "--format", format])
        #expect(result.status == 0, "\(result.err)")
        let name = file.replacingOccurrences(of: "Scenarios/", with: "").replacingOccurrences(of: "/", with: "__")
            .replacingOccurrences(of: ".cors", with: format == "json" ? ".jsonl" : ".txt")
        let url = TestFiles.golden.appendingPathComponent(name)
        if Self.record {
            try result.out.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(result.out == expected, "output of \(file) (\(format)) differs from \(name); re-record with CORS_SIM_RECORD_GOLDEN=1 if intended")
    }

    /// The same input gives byte-identical output.
    @Test(arguments: ScenarioFileTests.lessonFiles)
    func runsAreDeterministic(_ file: String) {
        let first = TestFiles.runTool(["run", file, "--browser", "all", "--format", "json"])
        let second = TestFiles.runTool(["run", file, "--browser", "all", "--format", "json"])
        #expect(first.out == second.out)
        #expect(!first.out.isEmpty)
    }
}
