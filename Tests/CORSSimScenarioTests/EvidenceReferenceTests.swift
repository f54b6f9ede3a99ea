import Foundation
import Testing
import CORSSimTestSupport

/// Every evidence reference in the code's comments resolves: a repository path to a file or
/// folder here, a recorded case (`oracle: NAME`) to Tests/Conformance/NAME.cors, an engine or
/// WPT file to a public URL in Docs/evidence/README.md. And nothing cites the project's shared
/// notes outside the repository.
@Suite struct EvidenceReferenceTests {
    /// The comment text of every Swift file under Sources/ and Tests/, with file and line.
    static func comments() throws -> [(file: String, line: Int, text: String)] {
        var result: [(String, Int, String)] = []
        for folder in ["Sources", "Tests"] {
            let base = TestFiles.root.appendingPathComponent(folder)
            let walker = FileManager.default.enumerator(atPath: base.path)
            while let path = walker?.nextObject() as? String {
                guard path.hasSuffix(".swift") else { continue }
                let text = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    guard let start = line.range(of: "//") else { continue }
                    result.append(("\(folder)/\(path)", n + 1, String(line[start.upperBound...])))
                }
            }
        }
        return result
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            Range(m.range(at: m.numberOfRanges > 1 ? 1 : 0), in: text).map { String(text[$0]) }
        }
    }

    /// A path exists; a glob (`*`, `{a,b}`) or a placeholder in capitals (`NAME.cors`,
    /// `corpus/TARGET/`) names a folder that must exist.
    static func resolves(_ path: String) -> Bool {
        var components: [Substring] = []
        for component in path.split(separator: "/") {
            let placeholder = component.contains("*") || component.contains("{")
                || !matches(#"\b[A-Z]{2,}\b"#, in: String(component.split(separator: ".").first ?? component)).filter { $0 != "README" }.isEmpty
            if placeholder { break }
            components.append(component)
        }
        return FileManager.default.fileExists(atPath: TestFiles.root.appendingPathComponent(components.joined(separator: "/")).path)
    }

    @Test func repositoryPathsInCommentsExist() throws {
        var checked = 0
        for c in try Self.comments() {
            for path in Self.matches(#"(?<![\w/.])((?:Docs|Tests|Tools|Sources|Scenarios)/[\w./*{}-]*[\w*/])"#, in: c.text) {
                #expect(Self.resolves(path), "\(c.file):\(c.line): \(path) does not exist")
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    @Test func recordedCasesCitedByNameExist() throws {
        var checked = 0
        for c in try Self.comments() {
            for name in Self.matches(#"oracle:? ([a-z0-9]+(?:-[a-z0-9]+)+)"#, in: c.text) {
                let file = TestFiles.root.appendingPathComponent("Tests/Conformance/\(name).cors")
                #expect(FileManager.default.fileExists(atPath: file.path), "\(c.file):\(c.line): oracle case \(name) is not in Tests/Conformance/")
                checked += 1
            }
        }
        #expect(checked > 5)
    }

    @Test func engineAndWPTFilesCitedHaveAPublicURLInTheIndex() throws {
        let index = try String(contentsOf: TestFiles.root.appendingPathComponent("Docs/evidence/README.md"), encoding: .utf8)
        let rows = index.split(separator: "\n").filter { $0.hasPrefix("| `") && $0.contains("https://") }
        let listed = Set(rows.compactMap { row in row.split(separator: "`").dropFirst().first.map(String.init) })
        var checked = 0
        for c in try Self.comments() {
            for path in Self.matches(#"([\w/.-]*\b[A-Za-z_]\w*\.(?:cc|cpp|h|mm|properties|any\.js|js))\b"#, in: c.text) {
                let name = String(path.split(separator: "/").last!)
                #expect(listed.contains(name), "\(c.file):\(c.line): \(path) has no public URL in Docs/evidence/README.md")
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    @Test func nothingCitesNotesOutsideTheRepository() throws {
        for c in try Self.comments() {
            #expect(!c.text.contains("shared/"), "\(c.file):\(c.line): cites shared/, which is not in the repository")
            #expect(!c.text.contains("oracle/results"), "\(c.file):\(c.line): oracle/results is Docs/evidence/oracle/ here")
        }
    }

    /// The scenario contract and the evidence index the README points to are in the repository.
    @Test func theReadmePointsToDocumentsThatExist() throws {
        let readme = try String(contentsOf: TestFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        for path in Self.matches(#"`((?:Docs|Tests|Tools|Scenarios|Examples|Sources)/[\w./-]*[\w/])`"#, in: readme) {
            #expect(Self.resolves(path), "README.md cites \(path), which does not exist")
        }
        #expect(readme.contains("Docs/scenario-format.md"))
        #expect(readme.contains("Docs/evidence/README.md"))
    }
}
