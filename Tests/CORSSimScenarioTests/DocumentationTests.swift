import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimCommand

/// The documents a newcomer follows say what the code does.
@Suite struct DocumentationTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: TestFiles.root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The README's Swift example is the one `Examples/ConsumerTests` compiles and runs (as a
    /// separate package, in .ci/run), and the DocC getting-started article shows the same code.
    @Test func theSwiftExampleIsTheOneTheConsumerPackageRuns() throws {
        let source = try Self.text("Examples/ConsumerTests/Tests/ConsumerTests/CORSTests.swift")
        let begin = try #require(source.range(of: "// BEGIN README EXAMPLE\n"))
        let end = try #require(source.range(of: "// END README EXAMPLE"))
        let example = String(source[begin.upperBound..<end.lowerBound])
        #expect(example.contains("@Test"))
        #expect(try Self.text("README.md").contains(example))
        // The article indents nothing differently; its handler call is on one line.
        let article = try Self.text("Sources/CORSSim/CORSSim.docc/GettingStarted.md")
        for line in example.split(separator: "\n") where !line.contains("MyApp.handle") && !line.contains("AsyncClosureServer") && line != "    }" {
            #expect(article.contains(line), "GettingStarted.md lacks: \(line)")
        }
    }

    /// Every command line in Scenarios/README.md's code block runs and exits 0 or 1 (1: a lesson
    /// that shows a failure on purpose), never 2.
    @Test func theLessonsReadmeCommandsRun() throws {
        let readme = try Self.text("Scenarios/README.md")
        let commands = readme.split(separator: "\n").filter { $0.hasPrefix("swift run cors-sim ") }
        #expect(commands.count >= 3)
        for command in commands {
            var words = command.split(separator: "#")[0].split(separator: " ").map(String.init).dropFirst(3).map { $0 }
            // The shell would expand the glob.
            if let glob = words.firstIndex(of: "Scenarios/*.cors") {
                words.replaceSubrange(glob...glob, with: TestFiles.corsFiles(under: TestFiles.scenarios).filter { !$0.contains("/compare/") })
            }
            let r = TestFiles.runTool(words)
            #expect(r.status != 2, "\(command): \(r.err)")
        }
        #expect(!readme.contains("run Scenarios/01-same-origin.cors            # step through"))
    }

    /// The contract documents every reason code the parser accepts.
    @Test func theContractListsEveryReasonCode() throws {
        let contract = try Self.text("Docs/scenario-format.md")
        for code in ReasonCode.allCases {
            #expect(contract.contains("`\(code.rawValue)`"), "Docs/scenario-format.md lacks \(code.rawValue)")
        }
    }

    /// The top-level help and the README's command synopsis name every command.
    @Test func helpAndReadmeNameEveryCommand() throws {
        let readme = try Self.text("README.md")
        for command in Help.commands {
            #expect(Help.main.contains("cors-sim \(command) "), "\(command)")
            #expect(readme.contains("cors-sim \(command) "), "\(command)")
        }
    }

    /// The README says how to install the command and where the binary is.
    @Test func theReadmeSaysHowToInstall() throws {
        let readme = try Self.text("README.md")
        for text in ["swift build -c release", ".build/release/cors-sim", "swift run cors-sim", "PATH", "## How the code is laid out"] {
            #expect(readme.contains(text), "README.md lacks \(text)")
        }
        // Every target the layout section names exists.
        for target in ["Sources/CORSSim/", "Sources/CORSSimLive/", "Sources/CORSSimCommand/", "Tests/CORSSimUnitTests/",
                       "Tests/CORSSimScenarioTests/", "Tests/CORSSimLiveTests/", "Examples/ConsumerTests/"] {
            #expect(readme.contains(target))
            #expect(FileManager.default.fileExists(atPath: TestFiles.root.appendingPathComponent(target).path), "\(target)")
        }
    }
}
