/// `cors-sim run` in text or JSON: each file is read twice in pieces and never held. The first
/// pass validates every file completely (parse errors, the order of steps, consent for live
/// servers, the lint warnings the header lists) and prints nothing on standard output; the second
/// parses the file again step by step, runs each step in every profile as it is parsed and writes
/// its output at once. So memory depends on the browsers' state, not on the length of the file
/// (`ScenarioParser.maximumStreamedFileBytes`).
import CORSSim

extension CommandLineTool {
    /// A file the first pass found valid.
    struct ValidatedFile {
        /// As given (`-` for standard input).
        var path: String
        /// As errors and output name it (`<stdin>` for standard input).
        var name: String
        var warnings: [ScenarioWarning]
    }

    func streamedRun(_ p: Parsed, files: [String], profiles names: [BrowserProfile], json: Bool,
                     mapping: [Origin: String], allowLive: Bool) throws -> ExitStatus {
        // Pass 1: every file validated to its end before anything runs.
        var validated: [ValidatedFile] = []
        var inputBytes = 0
        var declaresLive = false
        var ok = true
        let mapped = Set(mapping.keys)
        for file in files {
            let name = file == "-" ? "<stdin>" : file
            var stream = ScenarioStepStream(file: name)
            var order = ScenarioRunner.StepOrder()
            var orderProblem: (message: String, location: SourceLocation)?
            var consentProblem: (message: String, location: SourceLocation)?
            var warnings: [ScenarioWarning] = []
            var parseError: ScenarioError?
            func check(_ step: Step) {
                if orderProblem == nil { orderProblem = order.check(step) }
                if consentProblem == nil { consentProblem = ScenarioRunner.liveWithoutConsent(step, allowLive: allowLive, mapped: mapped) }
                if case .server(let server) = step {
                    warnings += ScenarioLint.warnings(server)
                    if server.live { declaresLive = true }
                }
            }
            let count: Int
            do {
                count = try readChunks(file, limit: ScenarioParser.maximumStreamedFileBytes) { chunk in
                    // After a parse error the file is still read to its end, so that a file over
                    // the limit says that first, as when files were read whole.
                    guard parseError == nil else { return true }
                    do throws(ScenarioError) { try stream.feed(chunk, check) } catch { parseError = error }
                    return true
                }
            } catch {
                env.writeErr("error: cannot read '\(TerminalText.escaped(name))': \(error)\n")
                ok = false
                continue
            }
            inputBytes += count
            if parseError == nil {
                do throws(ScenarioError) { try stream.finish(check) } catch { parseError = error }
            }
            if let parseError {
                env.writeErr(parseError.rendered + "\n")
                ok = false
            } else if let problem = orderProblem ?? consentProblem {
                let error = ScenarioError(message: problem.message, location: problem.location,
                                          sourceLine: sourceLine(file, number: problem.location.line))
                env.writeErr(error.rendered + "\n")
                ok = false
            } else {
                validated.append(ValidatedFile(path: file, name: name, warnings: warnings))
            }
        }
        guard ok else { return .usage }

        // Real servers: `--live ORIGIN=URL` for whole runs, `server ORIGIN live` in a file (with --allow-live).
        var shared: SharedExchanges?
        if !mapping.isEmpty || declaresLive || p.options["--cacert"] != nil || p.options["--timeout"] != nil {
            // Only origins given with --live or declared `server ORIGIN live` reach the real
            // server (others are the file's mock servers), so nothing else needs guarding here.
            shared = SharedExchanges(try makeLiveServer(mapping, p, command: "run"), allowed: nil)
        }

        // Pass 2: each file parsed again and run step by step; output past the budget is not
        // written, the run stops and exits 2.
        var out = StreamedOutput(budget: OutputBudget(inputBytes: inputBytes, base: env.outputBudget.base,
                                                      perInputByte: env.outputBudget.perInputByte),
                                 write: env.writeBytes ?? { [writeOut = env.writeOut] in writeOut(String(decoding: $0, as: UTF8.self)) })
        let writeErr = { (text: String) in
            out.flush()
            env.writeErr(text)
        }
        var runner = ScenarioRunner(profiles: names)
        if let shared { runner.willFetch = { shared.begin($0) } }
        let text = TextRenderer(color: env.color, showsContextHeaders: p.options["--context-headers"] != nil)
        var failed = false
        for file in validated {
            if json {
                out.emit(JSONRenderer.header(file: file.name, profiles: names, warnings: file.warnings))
            } else {
                out.emit(text.header(file: file.name, profiles: names, warnings: file.warnings))
            }
            var session = runner.session(live: shared, liveOrigins: mapped)
            var stream = ScenarioStepStream(file: file.name)
            func runStep(_ step: Step) {
                guard !out.budget.exceeded else { return }
                let report = session.run(step)
                if json { out.emit { JSONRenderer.render(report, into: &$0) } } else { out.emit { text.render(report, into: &$0) } }
                // Said loudly: a browser whose request differed was sent separately. On standard
                // error for JSON, which must stay one object per line.
                for note in shared?.takeNotes() ?? [] {
                    if json { writeErr("warning: \(note)\n") } else { out.emit(text.warning(note)) }
                }
                shared?.newStep()
            }
            var failure: String?
            do {
                _ = try readChunks(file.path, limit: ScenarioParser.maximumStreamedFileBytes) { chunk in
                    do throws(ScenarioError) { try stream.feed(chunk, runStep) } catch {
                        failure = error.rendered
                        return false
                    }
                    return !out.budget.exceeded
                }
                if failure == nil, !out.budget.exceeded {
                    do throws(ScenarioError) { try stream.finish(runStep) } catch { failure = error.rendered }
                }
            } catch {
                failure = "\(error)"
            }
            if let failure {
                // The file was valid a moment ago: it changed while it ran.
                writeErr("error: '\(TerminalText.escaped(file.name))' changed while it ran; the run stopped there:\n\(failure)\n")
                return .usage
            }
            let summary = session.summary
            if json {
                out.emit(JSONRenderer.footer(file: file.name, summary: summary))
            } else {
                out.emit(text.footer(file: file.name, summary: summary))
            }
            if out.budget.exceeded {
                writeErr("error: \(out.budget.message)\n")
                return .usage
            }
            if !summary.failures.isEmpty { failed = true }
        }
        out.flush()
        return failed ? .expectationFailed : .ok
    }

    /// Reads `file` in pieces through `env.readChunks`, or cuts what `env.readFile` returns.
    func readChunks(_ file: String, limit: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> Int {
        if let read = env.readChunks { return try read(file, limit, body) }
        let bytes = try env.readFile(file)
        if bytes.count > limit { throw BoundedInput.TooLarge(limit: limit, kind: "a scenario") }
        BoundedInput.pieces(of: bytes, body)
        return bytes.count
    }

    /// Line `number` of a file (1-based), split on line feeds with a carriage return before one
    /// dropped; empty past the end. Read again for an error's excerpt.
    func sourceLine(_ file: String, number: Int) -> String {
        var line: [UInt8] = []
        var current = 1
        _ = try? readChunks(file, limit: ScenarioParser.maximumStreamedFileBytes) { chunk in
            var i = chunk.startIndex
            while i < chunk.endIndex {
                let newline = chunk[i...].firstIndex(of: UInt8(ascii: "\n"))
                if current == number { line += chunk[i..<(newline ?? chunk.endIndex)] }
                guard let newline else { return true }
                if current == number { return false }
                current += 1
                i = newline + 1
            }
            return true
        }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }
}

/// The output of a streamed run: each step's output counted against the budget whole, then
/// appended to one byte buffer that is written in `BoundedInput.chunkBytes` pieces.
struct StreamedOutput {
    var budget: OutputBudget
    let write: (UnsafeBufferPointer<UInt8>) -> Void
    private(set) var buffer: [UInt8] = []

    init(budget: OutputBudget, write: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.budget = budget
        self.write = write
        buffer.reserveCapacity(2 * BoundedInput.chunkBytes)
    }

    /// Text that is written if it fits the budget.
    mutating func emit(_ text: String) {
        guard budget.allows(text) else { return }
        buffer += text.utf8
        if buffer.count >= BoundedInput.chunkBytes { flush() }
    }

    /// Output that `render` appends to the buffer, kept if it fits the budget.
    mutating func emit(_ render: (inout [UInt8]) -> Void) {
        let mark = buffer.count
        render(&buffer)
        guard budget.allows(byteCount: buffer.count - mark) else {
            buffer.removeSubrange(mark...)
            return
        }
        if buffer.count >= BoundedInput.chunkBytes { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer { write($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
