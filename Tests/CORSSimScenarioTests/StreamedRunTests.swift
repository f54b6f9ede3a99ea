import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimCommand

/// `cors-sim run` in text and JSON streams its files (StreamedRun.swift): it validates each file
/// completely, then parses and runs it step by step from pieces of the file. What it prints must
/// be what the whole-file parse and run gives, byte for byte, wherever the pieces are cut.
@Suite struct StreamedRunTests {
    /// Piece sizes that cut lines, CRLF pairs and UTF-8 sequences in every place.
    static let pieceSizes = [1, 2, 3, 7, 64, 1000, 65_536]

    /// Every step `ScenarioStepStream` gives for `bytes` fed in pieces of `size`, or its error.
    static func streamed(_ bytes: [UInt8], file: String, pieces size: Int,
                         limits: ScenarioParser.Limits = .streamed) -> Result<[Step], ScenarioError> {
        var stream = ScenarioStepStream(file: file, limits: limits)
        var steps: [Step] = []
        var i = 0
        do throws(ScenarioError) {
            while i < bytes.count {
                let end = min(bytes.count, i + size)
                try stream.feed(Array(bytes[i..<end])) { steps.append($0) }
                i = end
            }
            try stream.finish { steps.append($0) }
        } catch {
            return .failure(error)
        }
        return .success(steps)
    }

    static func whole(_ bytes: [UInt8], file: String) -> Result<[Step], ScenarioError> {
        do throws(ScenarioError) { return .success(try ScenarioParser.parse(data: bytes, file: file).steps) } catch { return .failure(error) }
    }

    /// A file of every kind of step, with comments, blank lines, CRLF line ends, a byte order
    /// mark and multi-byte text, generated from a seed.
    static func generatedFile(steps: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var text = "\u{FEFF}# generated\r\npage https://app.example.com\r\n\n"
        let origins = ["https://a.example", "https://b.example", "http://localhost:8080"]
        for (i, origin) in origins.enumerated() {
            text += "server \(origin)\n  # routes\n  OPTIONS *\n    204\n    Access-Control-Allow-Origin: {origin}\n"
                + "    Access-Control-Allow-Methods: PUT\n    Access-Control-Max-Age: \(i * 300)\n"
                + "  * *\n    200 OK\n    Access-Control-Allow-Origin: {origin}\n    Access-Control-Alow-Headers: x\n\n"
                + "    {\"ok\": \(i)}\n\n    second body line é\n\n"
        }
        for n in 0..<steps {
            let origin = origins[Int(random.next(upperBound: UInt64(origins.count)))]
            let path = "/p\(random.next(upperBound: 50))"
            switch random.next(upperBound: 8) {
            case 0: text += "fetch GET \(origin)\(path)\n"
            case 1: text += "fetch PUT \(origin)\(path)\r\n  Content-Type: application/json\r\n  expect readable\r\n"
            case 2: text += "fetch GET \(origin)\(path) credentials=include\n\n  # a comment inside\n  expect blocked\n"
            case 3: text += "note step \(n): café ✓\n"
            case 4: text += "wait 1s\n# between steps\n\n"
            case 5: text += "cookie id=\(n); Path=/\n"
            case 6: text += "fetch DELETE \(origin)\(path)\n  X-Request-Id: \(n)\n  expect preflight sent\n"
            default: text += n % 50 == 0 ? "restart\n" : "fetch POST \(origin)\(path)\n  body hello\n"
            }
        }
        return Array(text.utf8)
    }

    static var corpus: [String] { ScenarioFileTests.lessonFiles + ScenarioFileTests.oracleFiles + MalformedCorpusTests.files }

    @Test(arguments: pieceSizes)
    func theStreamGivesTheWholeFileParsesStepsAndErrorsForEveryCorpusFile(_ size: Int) throws {
        for file in Self.corpus {
            let bytes = try TestFiles.read(file)
            let expected = Self.whole(bytes, file: file)
            let got = Self.streamed(bytes, file: file, pieces: size)
            #expect(got == expected, "\(file) in pieces of \(size)")
        }
    }

    @Test(arguments: pieceSizes)
    func theStreamGivesTheWholeFileParsesStepsForAGeneratedFile(_ size: Int) {
        let bytes = Self.generatedFile(steps: 2_000, seed: UInt64(size))
        let expected = Self.whole(bytes, file: "gen.cors")
        guard case .success(let steps) = expected else {
            Issue.record("the generated file does not parse: \(expected)")
            return
        }
        #expect(steps.count > 2_000)
        #expect(Self.streamed(bytes, file: "gen.cors", pieces: size) == expected)
    }

    /// An error anywhere in a generated file, reported the same by both parsers.
    @Test(arguments: [
        ("fetch GET https://a.example/x\n  expect redable\n", "an unknown expectation"),
        ("    indented after a note\n", "an indented line"),
        ("fetch GET https://a.example/\u{1}x\n", "a control character"),
        ("server https://a.example\n  GET /x\n", "a route without a status"),
        ("note " + String(repeating: "é", count: 9_000) + "\n", "an overlong line"),
        ("note x\r\r\n", "a lone carriage return"),
        ("\tfetch GET https://a.example/x\n", "a tab at column 1"),
    ])
    func anErrorDeepInAFileIsTheWholeFilesError(_ bad: String, _ what: String) {
        for size in [1, 5, 4096] {
            var bytes = Self.generatedFile(steps: 300, seed: 7)
            bytes += Array("note before\n".utf8) + Array(bad.utf8) + Self.generatedFile(steps: 50, seed: 8).dropFirst(3)
            let expected = Self.whole(bytes, file: "bad.cors")
            guard case .failure = expected else {
                Issue.record("\(what): expected an error")
                continue
            }
            #expect(Self.streamed(bytes, file: "bad.cors", pieces: size) == expected, "\(what), pieces of \(size)")
        }
    }

    @Test func aFileWithoutStepsIsTheSameErrorInPieces() {
        for text in ["", "\u{FEFF}", "# only a comment\n\n", "\u{FEFF}# é comment\r\n   \n"] {
            let bytes = Array(text.utf8)
            for size in [1, 2, 100] {
                #expect(Self.streamed(bytes, file: "e.cors", pieces: size) == Self.whole(bytes, file: "e.cors"), "\(text.debugDescription)")
            }
        }
    }

    @Test func aStepLargerThanTheStepLimitIsALocatedError() {
        var limits = ScenarioParser.Limits.streamed
        limits.stepBytes = 200
        let routes = (0..<20).map { "  GET /r\($0)\n    200\n" }.joined()
        let bytes = Array(("page https://app.example.com\nserver https://a.example\n" + routes + "note end\n").utf8)
        let result = Self.streamed(bytes, file: "s.cors", pieces: 64, limits: limits)
        guard case .failure(let error) = result else {
            Issue.record("expected the step limit's error, got \(result)")
            return
        }
        #expect(error.message.hasPrefix("expected a step of at most 200 bytes"))
        #expect(error.location.line == 2)
        // Under the limit, the same file parses.
        #expect((try? Self.streamed(bytes, file: "s.cors", pieces: 64).get().count) == 3)
    }

    @Test func theStreamedLimits() {
        #expect(ScenarioParser.maximumStreamedFileBytes == 4 * 1024 * 1024 * 1024)
        #expect(ScenarioParser.maximumStreamedSteps == 100_000_000)
        #expect(ScenarioParser.maximumStepBytes == ScenarioParser.maximumFileBytes)
        #expect(ScenarioParser.Limits.streamed.lineBytes == ScenarioParser.maximumLineBytes)
    }

    // MARK: The command

    /// The command with files in memory, read in pieces of `size` through `readChunks`; counts
    /// how many times each file was read.
    static func runTool(_ arguments: [String], files: [String: [UInt8]], pieces size: Int,
                        reads: UnsafeMutablePointer<Int>? = nil,
                        secondRead: [UInt8]? = nil) -> (out: String, err: String, status: Int32) {
        var out = "", err = ""
        var env = CommandLineTool.Environment(readFile: { path in
            guard let bytes = files[path] else { throw BoundedInput.Failure("no such file") }
            return bytes
        }, writeOut: { out += $0 }, writeErr: { err += $0 }, color: false)
        var count = 0
        env.readChunks = { path, limit, body in
            guard var bytes = files[path] else { throw BoundedInput.Failure("no such file") }
            count += 1
            reads?.pointee = count
            if count > 1, let secondRead { bytes = secondRead }
            var i = 0
            while i < bytes.count {
                let end = min(bytes.count, i + size)
                let more = bytes[i..<end].withUnsafeBufferPointer { body($0) }
                if !more { break }
                i = end
            }
            return bytes.count
        }
        let status = CommandLineTool(env).run(arguments)
        return (out, err, status.rawValue)
    }

    /// What the whole-file parse and run print: the library's renderers over `RecordedRun`-style
    /// steps of the parsed file.
    static func wholeFileOutput(_ bytes: [UInt8], file: String, json: Bool) throws -> String {
        let scenario = try ScenarioParser.parse(data: bytes, file: file)
        let profiles: [BrowserProfile] = [.chrome, .firefox, .safari, .spec]
        let text = TextRenderer(color: false)
        var out = json ? JSONRenderer.header(file: file, profiles: profiles, warnings: ScenarioLint.warnings(scenario))
                       : text.header(file: file, profiles: profiles, warnings: ScenarioLint.warnings(scenario))
        let summary = ScenarioRunner(profiles: profiles).run(scenario) { report in
            out += json ? JSONRenderer.render(report) : text.render(report)
        }
        out += json ? JSONRenderer.footer(file: file, summary: summary) : text.footer(file: file, summary: summary)
        return out
    }

    @Test(arguments: [1, 13, 65_536], [false, true])
    func aStreamedRunPrintsWhatTheWholeFileRunPrints(_ size: Int, _ json: Bool) throws {
        let bytes = Self.generatedFile(steps: 400, seed: 3)
        let r = Self.runTool(["run", "gen.cors", "--browser", "all", "--format", json ? "json" : "text"],
                             files: ["gen.cors": bytes], pieces: size)
        #expect(r.err.isEmpty)
        #expect(r.status != 2)
        let expected = try Self.wholeFileOutput(bytes, file: "gen.cors", json: json)
        #expect(r.out == expected)
        #expect(r.out.contains("did you mean 'Access-Control-Allow-Headers'"), "the header lists the lint warnings of the whole file")
    }

    @Test(arguments: ScenarioFileTests.lessonFiles)
    func aLessonStreamedInSmallPiecesPrintsItsGoldenFile(_ file: String) throws {
        let bytes = try TestFiles.read(file)
        let name = file.replacingOccurrences(of: "Scenarios/", with: "").replacingOccurrences(of: "/", with: "__")
        for json in [false, true] {
            let golden = try String(contentsOf: TestFiles.golden.appendingPathComponent(
                name.replacingOccurrences(of: ".cors", with: json ? ".jsonl" : ".txt")), encoding: .utf8)
            let r = Self.runTool(["run", file, "--browser", "all", "--format", json ? "json" : "text"], files: [file: bytes], pieces: 3)
            #expect(r.out == golden, "\(file)")
        }
    }

    @Test func aFileIsReadTwiceAndNotAtAllWhenAnEarlierFileIsInvalid() {
        var reads = 0
        let good = Self.generatedFile(steps: 20, seed: 1)
        _ = Self.runTool(["run", "a.cors"], files: ["a.cors": good], pieces: 100, reads: &reads)
        #expect(reads == 2, "validated, then run")
        // An invalid file after a valid one: nothing is printed on standard output.
        let bad = good + Array("fetch GET https://a.example/x\n  expect nonsense\n".utf8)
        let r = Self.runTool(["run", "a.cors", "b.cors"], files: ["a.cors": good, "b.cors": bad], pieces: 100)
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("error: expected "))
        #expect(r.err.contains(" --> b.cors:"))
    }

    @Test(arguments: [false, true])
    func aValidationErrorAtTheEndOfALongFileComesBeforeAnyOutput(_ json: Bool) {
        let bytes = Self.generatedFile(steps: 3_000, seed: 5) + Array("fetch GET https://a.example/x\n  expect nonsense\n".utf8)
        let r = Self.runTool(["run", "big.cors", "--browser", "all", "--format", json ? "json" : "text"],
                             files: ["big.cors": bytes], pieces: 4096)
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("error: expected "))
        #expect(r.err == (Self.whole(bytes, file: "big.cors").failure?.rendered ?? "") + "\n")
    }

    @Test func aStepOrderProblemShowsItsLineAfterAParseErrorWouldHaveWon() {
        // A fetch before the page is reported with its source line, read again from the file.
        let early = Array("# x\r\nfetch GET https://a.example/x\r\npage https://app.example.com\r\n".utf8)
        let r = Self.runTool(["run", "o.cors"], files: ["o.cors": early], pieces: 2)
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.contains(" --> o.cors:2:1"))
        #expect(r.err.contains("2 | fetch GET https://a.example/x\n"))
        // With a parse error later in the file, the parse error is the one reported.
        let both = early + Array("fetch GET https://a.example/x\n  expect nonsense\n".utf8)
        let p = Self.runTool(["run", "o.cors"], files: ["o.cors": both], pieces: 2)
        #expect(p.err.contains(" --> o.cors:5:"))
    }

    @Test func aFileThatChangesBetweenValidationAndTheRunStopsWithAnError() {
        let good = Self.generatedFile(steps: 50, seed: 2)
        let changed = good + Array("fetch GET https://a.example/x\n  expect nonsense\n".utf8)
        let r = Self.runTool(["run", "c.cors"], files: ["c.cors": good], pieces: 512, secondRead: changed)
        #expect(r.status == 2)
        #expect(r.err.hasPrefix("error: 'c.cors' changed while it ran"))
    }

    @Test func standardInputIsReadOnceAndRunFromMemory() {
        let bytes = Self.generatedFile(steps: 100, seed: 4)
        let r = TestFiles.runTool(["run", "-", "--browser", "all"], stdin: bytes)
        #expect(r.out == (try? Self.wholeFileOutput(bytes, file: "<stdin>", json: false)))
    }
}

extension Result {
    var failure: Failure? { if case .failure(let f) = self { return f } else { return nil } }
}


/// The run's JSON lines are written as bytes (`JSONRenderer.render(_:into:)`, what `cors-sim run`
/// prints) and as `JSONValue` trees (`render(_:)`, and the outcome HAR and `check` extend): the
/// two must agree byte for byte on every step.
@Suite struct JSONBytesTests {
    static func steps(_ scenario: Scenario) -> [StepReport] {
        var reports: [StepReport] = []
        ScenarioRunner(profiles: [.chrome, .firefox, .safari, .spec]).run(scenario) { reports.append($0) }
        return reports
    }

    @Test func theBytesAreTheTreeForEveryStepOfEveryLessonAndRecordedScenario() throws {
        var count = 0
        for file in ScenarioFileTests.lessonFiles + ScenarioFileTests.oracleFiles {
            let scenario = try ScenarioParser.parse(data: TestFiles.read(file), file: file)
            for report in Self.steps(scenario) {
                var bytes: [UInt8] = Array("prefix".utf8)
                JSONRenderer.render(report, into: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == "prefix" + JSONRenderer.render(report), "\(file):\(report.step.location.line)")
                count += 1
            }
        }
        #expect(count > 500)
    }

    @Test func theBytesAreTheTreeForAGeneratedFile() throws {
        let scenario = try ScenarioParser.parse(data: StreamedRunTests.generatedFile(steps: 500, seed: 11), file: "g.cors")
        for report in Self.steps(scenario) {
            var bytes: [UInt8] = []
            JSONRenderer.render(report, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == JSONRenderer.render(report))
        }
    }

    @Test(arguments: [Int64.min, -1_000_001, -1, 0, 7, 10, 99, 1_000, Int64.max])
    func numbersAreWrittenAsTheTreeWritesThem(_ n: Int64) {
        var w = JSONOut([])
        w.int(n)
        #expect(String(decoding: w.bytes, as: UTF8.self) == JSONValue.int(n).serialized())
    }
}
