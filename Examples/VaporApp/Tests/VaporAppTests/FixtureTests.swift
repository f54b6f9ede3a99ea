import Foundation
import MiddlewareProbes
import Testing
import VaporApp

// The answers of Vapor's CORSMiddleware to Tests/Middlewares/probes.json, in each setup, against the
// committed fixtures Tests/Middlewares/vapor-<setup>.json (cors-sim's Vapor preset is compared with
// those). CORS_SIM_RECORD_FIXTURES=1 re-records them; read the diff before keeping it.

/// The Vapor version Package.swift pins (a test checks the pin).
let vaporVersion = "4.122.3"

/// The fixture file of a setup: vapor-default.json, vapor-allowlist.json, vapor-default-appended.json.
func fixtureFile(_ setup: CORSSetup) -> String {
    switch setup {
    case .default: return "vapor-default.json"
    case .allowlist: return "vapor-allowlist.json"
    case .defaultAppended: return "vapor-default-appended.json"
    }
}

@Test(arguments: CORSSetup.allCases)
func theMiddlewareAnswersTheProbesAsTheCommittedFixtureSays(_ setup: CORSSetup) async throws {
    let probes = try ProbeSet.load()
    let answers = try await withExampleApp(setup) { api in try await MiddlewareProbes.answers(of: api, to: probes) }
    let fixture = MiddlewareFixture(
        middleware: "Vapor CORSMiddleware",
        version: "vapor \(vaporVersion)",
        source: "https://github.com/vapor/vapor/blob/\(vaporVersion)/Sources/Vapor/Middleware/CORSMiddleware.swift",
        configuration: setup.code,
        probesVersion: probes.version,
        answers: answers)
    let differences = try Fixtures.check(fixture, file: fixtureFile(setup))
    #expect(differences.isEmpty, "Vapor's answers differ from \(fixtureFile(setup)):\n\(differences.joined(separator: "\n"))")
}

@Test(arguments: CORSSetup.allCases)
func theRecordedConfigurationIsTheCodeTheAppRuns(_ setup: CORSSetup) throws {
    let appSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/VaporApp/App.swift")
    let trimmed = { (text: String) in
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
    let file = trimmed(try String(contentsOf: appSource, encoding: .utf8))
    let code = trimmed(setup.code)
    // `install(on:)` runs these lines: they appear twice in App.swift, once as `code`'s text and
    // once as code.
    let occurrences = file.indices.filter { start in
        start + code.count <= file.count && Array(file[start..<start + code.count]) == code
    }
    #expect(occurrences.count == 2, "App.swift holds \(setup)'s code \(occurrences.count) times")
}

@Test func theFixturesNameTheVaporVersionPackageSwiftPins() throws {
    let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Package.swift")
    #expect(try String(contentsOf: manifest, encoding: .utf8)
        .contains(#".package(url: "https://github.com/vapor/vapor", exact: "\#(vaporVersion)")"#))
}
