import Testing

/// README's "Testing your Vapor or Hummingbird app" shows the code that Examples/VaporApp and
/// Examples/HummingbirdApp compile and run (separate packages, built and tested by .ci/run).
@Suite struct FrameworkExampleTests {
    @Test(arguments: [
        ("Examples/VaporApp/Tests/VaporAppTests/VaporServer.swift", "README ADAPTER"),
        ("Examples/VaporApp/Tests/VaporAppTests/CORSTests.swift", "README TEST"),
        ("Examples/HummingbirdApp/Tests/HummingbirdAppTests/HummingbirdServer.swift", "README ADAPTER"),
    ])
    func theReadmeShowsTheCodeTheExamplePackagesRun(_ path: String, _ marker: String) throws {
        let source = try DocumentationTests.text(path)
        let begin = try #require(source.range(of: "// BEGIN \(marker)\n"), "\(path) has no BEGIN \(marker)")
        let end = try #require(source.range(of: "// END \(marker)"), "\(path) has no END \(marker)")
        let shown = String(source[begin.upperBound..<end.lowerBound])
        #expect(shown.contains("AsyncServer") || shown.contains("@Test"))
        #expect(try DocumentationTests.text("README.md").contains(shown), "README.md lacks the block of \(path)")
    }

    @Test func ciBuildsAndTestsBothExamplePackages() throws {
        let ci = try DocumentationTests.text(".ci/run")
        #expect(ci.contains("for example in Examples/VaporApp Examples/HummingbirdApp; do"))
        #expect(ci.contains("swift build --build-tests && swift test --skip-build"))
    }
}
