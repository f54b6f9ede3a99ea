// Paths and helpers the scenario and live test targets share (a plain target, not a product).
import Foundation
import CORSSimCommand

/// The package root, its scenario files and an in-process run of the command line.
package enum TestFiles {
    /// The package root, found from this file's path (Tests/CORSSimTestSupport/TestFiles.swift).
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    package static let scenarios = root.appendingPathComponent("Scenarios")
    package static let fixtures = root.appendingPathComponent("Tests/CORSSimScenarioTests/Fixtures")
    package static let golden = root.appendingPathComponent("Tests/CORSSimScenarioTests/Golden")

    /// Every `.cors` file below a folder, sorted, as paths relative to the package root.
    package static func corsFiles(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        let rootPrefix = root.path + "/"
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".cors") }.sorted()
            .map { folder.appendingPathComponent($0).path.replacingOccurrences(of: rootPrefix, with: "") }
    }

    package static func read(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    /// Runs the command in-process, from the package root's point of view, capturing its output.
    package static func runTool(_ arguments: [String], stdin: [UInt8] = [], color: Bool = false) -> (out: String, err: String, status: Int32) {
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
