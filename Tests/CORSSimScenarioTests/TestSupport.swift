import Foundation
@testable import CORSSim
@testable import CORSSimCommand

/// Paths and helpers shared by the scenario-level tests.
enum TestFiles {
    /// The package root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scenarios = root.appendingPathComponent("Scenarios")
    static let fixtures = root.appendingPathComponent("Tests/CORSSimScenarioTests/Fixtures")
    static let golden = root.appendingPathComponent("Tests/CORSSimScenarioTests/Golden")

    /// Every `.cors` file below a folder, sorted, as paths relative to the package root.
    static func corsFiles(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        let rootPrefix = root.path + "/"
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".cors") }.sorted()
            .map { folder.appendingPathComponent($0).path.replacingOccurrences(of: rootPrefix, with: "") }
    }

    static func read(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    /// Runs the command in-process, from the package root's point of view, capturing its output.
    static func runTool(_ arguments: [String], stdin: [UInt8] = [], color: Bool = false) -> (out: String, err: String, status: Int32) {
        var out = "", err = ""
        let tool = CommandLineTool(CommandLineTool.Environment(
            readFile: { path in
                if path == "-" { return stdin }
                let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
                return Array(try Data(contentsOf: url))
            },
            writeOut: { out += $0 },
            writeErr: { err += $0 },
            color: color))
        let status = tool.run(arguments)
        return (out, err, status.rawValue)
    }
}
