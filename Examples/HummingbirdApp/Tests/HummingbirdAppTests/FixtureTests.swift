import Foundation
import MiddlewareProbes
import Testing
import HummingbirdApp

// The answers of Hummingbird's CORSMiddleware to Tests/Middlewares/probes.json, in each setup, against the
// committed fixtures Tests/Middlewares/hummingbird-<setup>.json (cors-sim's Hummingbird preset is compared with
// those). CORS_SIM_RECORD_FIXTURES=1 re-records them; read the diff before keeping it.

/// The Hummingbird version Package.swift pins (a test checks the pin).
let hummingbirdVersion = "2.28.1"

/// The fixture file of a setup: hummingbird-default.json, hummingbird-allowlist.json,
/// hummingbird-default-after-routes.json.
func fixtureFile(_ setup: CORSSetup) -> String {
    switch setup {
    case .default: return "hummingbird-default.json"
    case .allowlist: return "hummingbird-allowlist.json"
    case .defaultAfterRoutes: return "hummingbird-default-after-routes.json"
    }
}

@Test(arguments: CORSSetup.allCases)
func theMiddlewareAnswersTheProbesAsTheCommittedFixtureSays(_ setup: CORSSetup) async throws {
    let probes = try ProbeSet.load()
    let answers = try await withExampleApp(setup) { api in try await MiddlewareProbes.answers(of: api, to: probes) }
    let fixture = MiddlewareFixture(
        middleware: "Hummingbird CORSMiddleware",
        version: "hummingbird \(hummingbirdVersion)",
        source: "https://github.com/hummingbird-project/hummingbird/blob/\(hummingbirdVersion)/Sources/Hummingbird/Middleware/CORSMiddleware.swift",
        configuration: setup.code,
        probesVersion: probes.version,
        answers: answers)
    let differences = try Fixtures.check(fixture, file: fixtureFile(setup))
    #expect(differences.isEmpty, "Hummingbird's answers differ from \(fixtureFile(setup)):\n\(differences.joined(separator: "\n"))")
}

@Test(arguments: CORSSetup.allCases)
func theRecordedConfigurationIsTheCodeTheAppRuns(_ setup: CORSSetup) throws {
    let appSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/HummingbirdApp/App.swift")
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

@Test func theFixturesNameTheHummingbirdVersionPackageSwiftPins() throws {
    let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Package.swift")
    #expect(try String(contentsOf: manifest, encoding: .utf8)
        .contains(#".package(url: "https://github.com/hummingbird-project/hummingbird", exact: "\#(hummingbirdVersion)")"#))
}
