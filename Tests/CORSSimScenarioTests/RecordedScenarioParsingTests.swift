import Foundation
import Testing
@testable import CORSSim

/// The scenarios recorded against real browsers parse (the conformance tests run them).
@Suite struct RecordedScenarioParsingTests {
    // MARK: Recorded scenarios

    /// The scenarios recorded against real browsers, in Fixtures/ beside this file.
    static let oracleDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/oracle-scenarios")

    static var oracleFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: oracleDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".cors") }.sorted()
    }

    @Test func oracleFixturesArePresent() {
        #expect(Self.oracleFiles.count == 48, "expected the 48 recorded scenarios in \(Self.oracleDirectory.path)")
    }

    @Test(arguments: oracleFiles)
    func oracleScenarioParses(_ name: String) throws {
        let url = Self.oracleDirectory.appendingPathComponent(name)
        let bytes = try [UInt8](Data(contentsOf: url))
        let scenario = try ScenarioParser.parse(data: bytes, file: name)
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let expectLines = lines.filter { $0.hasPrefix("  expect ") }.count
        let stepLines = lines.filter { line in
            ["page ", "server ", "fetch ", "wait ", "restart", "note "].contains { line.hasPrefix($0) }
        }.count
        var expectations = 0
        for case .fetch(let fetch) in scenario.steps { expectations += fetch.expectations.count }
        #expect(scenario.steps.count == stepLines)
        #expect(expectations == expectLines)
        // The same bytes given as a String parse to the same tree.
        #expect(try ScenarioParser.parse(text, file: name) == scenario)
    }

}
