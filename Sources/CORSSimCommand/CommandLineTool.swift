/// The `cors-sim` command, as a function so it can be tested end to end without a process:
/// arguments and file access come in, text and an exit status go out. `Process.swift` connects it
/// to the real files and streams; the `cors-sim` executable only calls `CommandLineTool.main()`.
import CORSSim

package struct CommandLineTool {
    package static let version = Describe.toolVersion

    /// Exit statuses: every expectation held / one failed / bad file or arguments.
    package enum ExitStatus: Int32, Sendable { case ok = 0, expectationFailed = 1, usage = 2 }

    package struct Environment {
        /// Reads a file's bytes (`-` is standard input).
        package var readFile: (String) throws -> [UInt8]
        package var writeOut: (String) -> Void
        package var writeErr: (String) -> Void
        /// Whether standard output is a terminal and colours are allowed (no NO_COLOR).
        package var color: Bool
        /// The terminal's width in columns, or nil when not a terminal.
        package var width: Int?
        /// Set by the executable when standard input and output are both a terminal: runs the
        /// stepper's key loop and returns when the user quits. Without it `step` prints every screen.
        package var interactiveStepper: ((Stepper) -> Void)?
        /// The output budget's fixed part and bytes per input byte (OutputBudget); tests lower them.
        package var outputBudget: (base: Int, perInputByte: Int) = (OutputBudget.baseBytes, OutputBudget.bytesPerInputByte)
        /// Reads a file in pieces for a streamed run (`run` reads each file twice: to validate it,
        /// then to run it): calls the closure with each piece until it returns false or the file
        /// ends, and returns the bytes read; throws `BoundedInput.TooLarge` past the limit given.
        /// The default cuts what `readFile` returns into `BoundedInput.chunkBytes` pieces.
        package var readChunks: ((String, Int, (UnsafeBufferPointer<UInt8>) -> Bool) throws -> Int)?
        /// Writes bytes of output (whole lines); by default as text through `writeOut`.
        package var writeBytes: ((UnsafeBufferPointer<UInt8>) -> Void)?

        package init(readFile: @escaping (String) throws -> [UInt8], writeOut: @escaping (String) -> Void,
                    writeErr: @escaping (String) -> Void, color: Bool, width: Int? = nil,
                    interactiveStepper: ((Stepper) -> Void)? = nil) {
            self.readFile = readFile
            self.writeOut = writeOut
            self.writeErr = writeErr
            self.color = color
            self.width = width
            self.interactiveStepper = interactiveStepper
        }
    }

    struct UsageError: Error { var message: String; var command: String? }

    package let env: Environment

    package init(_ env: Environment) { self.env = env }

    /// Runs the command line (without the program name) and returns the exit status.
    package func run(_ arguments: [String]) -> ExitStatus {
        do {
            guard let first = arguments.first else {
                env.writeErr(Help.main)
                return .usage
            }
            let rest = Array(arguments.dropFirst())
            switch first {
            case "--help", "-h", "help":
                guard let topic = rest.first else { env.writeOut(Help.main); return .ok }
                guard let text = Help.forCommand(topic) else {
                    throw UsageError(message: "no help for '\(topic)'; expected one of \(Help.commands.joined(separator: ", "))", command: nil)
                }
                env.writeOut(text)
                return .ok
            case "--version": env.writeOut("cors-sim \(CommandLineTool.version)\n"); return .ok
            case "run": return try runCommand(rest)
            case "compare": return try compareCommand(rest)
            case "step": return try stepCommand(rest)
            case "check": return try checkCommand(rest)
            case "parse": return try parseCommand(rest)
            case "audit": return try auditCommand(rest)
            case "har": return try harCommand(rest)
            default:
                throw UsageError(message: "unknown command '\(first)'; expected \(Help.commands.joined(separator: ", ")), help or --version", command: nil)
            }
        } catch let e as UsageError {
            env.writeErr("error: \(TerminalText.escaped(e.message))\n")
            env.writeErr("  see 'cors-sim \(e.command.map { $0 + " " } ?? "")--help'\n")
            return .usage
        } catch {
            env.writeErr("error: \(TerminalText.escaped("\(error)"))\n")
            return .usage
        }
    }

    // MARK: Arguments

    /// Splits `--name value`, `--name=value` and positional arguments, refusing unknown options.
    struct Parsed {
        var positional: [String] = []
        var options: [String: [String]] = [:]
        var help = false
    }

    func parse(_ args: [String], command: String, valued: Set<String>, flags: Set<String> = []) throws -> Parsed {
        var parsed = Parsed()
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg == "--help" || arg == "-h" { parsed.help = true; i += 1; continue }
            if arg == "-" || !arg.hasPrefix("-") { parsed.positional.append(arg); i += 1; continue }
            var name = arg, value: String?
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                name = String(arg[..<eq])
                value = String(arg[arg.index(after: eq)...])
            }
            if flags.contains(name) {
                parsed.options[name, default: []].append("")
                i += 1
                continue
            }
            guard valued.contains(name) else {
                throw UsageError(message: "unknown option '\(name)' for '\(command)'; expected one of \(valued.union(flags).sorted().joined(separator: ", "))", command: command)
            }
            if value == nil {
                guard i + 1 < args.count else { throw UsageError(message: "option '\(name)' expects a value", command: command) }
                value = args[i + 1]
                i += 1
            }
            parsed.options[name, default: []].append(value!)
            i += 1
        }
        return parsed
    }

    func single(_ p: Parsed, _ name: String, command: String) throws -> String? {
        guard let values = p.options[name] else { return nil }
        if values.count > 1 { throw UsageError(message: "option '\(name)' given more than once", command: command) }
        return values[0]
    }

    func browsers(_ value: String?, command: String, default fallback: [BrowserName]? = nil) throws -> [BrowserName] {
        guard let value else { return fallback ?? [.chrome, .firefox, .safari] }
        return try profiles(value, command: command).map(\.name)
    }

    /// `--browser chrome,firefox`, `all`, or versions: `chrome@75,chrome`.
    func profiles(_ value: String?, command: String) throws -> [BrowserProfile] {
        guard let value else { return [.chrome, .firefox, .safari] }
        // `all`: the three browsers and the standard; webkitgtk, the recorded engine's own profile,
        // runs when named (it shows Safari's WebCore again, with its own network stack).
        if value == "all" { return [.chrome, .firefox, .safari, .spec] }
        var result: [BrowserProfile] = []
        for part in value.split(separator: ",", omittingEmptySubsequences: false) {
            if part == "all" {
                throw UsageError(message: "'all' cannot be part of a list; name the browsers instead (chrome,firefox,safari,spec,webkitgtk)",
                                 command: command)
            }
            let profile: BrowserProfile
            do { profile = try BrowserProfile.named(String(part)) } catch {
                if case .unknownBrowser = error {
                    throw UsageError(message: "unknown browser '\(part)'; expected chrome, firefox, safari, webkitgtk, spec or all", command: command)
                }
                throw UsageError(message: "--browser: \(error.description)", command: command)
            }
            if !result.contains(where: { $0.id == profile.id }) { result.append(profile) }
        }
        return result
    }

    /// `-H 'Name: value'` and `--header 'Name: value'`, in order; the name must be a token.
    func headers(_ p: Parsed, command: String) throws -> HeaderList {
        var headers = HeaderList()
        for h in (p.options["-H"] ?? []) + (p.options["--header"] ?? []) {
            guard let colon = h.firstIndex(of: ":"), h[..<colon].isHTTPToken else {
                throw UsageError(message: "-H expects 'Name: value', found '\(h)'", command: command)
            }
            // HTTP whitespace (space, tab) around the value is not part of it.
            var value = h[h.index(after: colon)...]
            while let c = value.first, c == " " || c == "\t" { value.removeFirst() }
            while let c = value.last, c == " " || c == "\t" { value.removeLast() }
            headers.append(String(h[..<colon]), String(value))
        }
        return headers
    }

    enum Format: String { case text, json, mermaid, html }

    /// `run` and `compare` also draw diagrams (`mermaid`, `html`); `check` has text and JSON only.
    func format(_ value: String?, command: String, views: Bool = false) throws -> Format {
        guard let value else { return .text }
        guard let f = Format(rawValue: value), views || f == .text || f == .json else {
            throw UsageError(message: "unknown format '\(value)'; expected \(views ? "text, json, mermaid or html" : "text or json")", command: command)
        }
        return f
    }

    /// Reads and parses every file before anything runs; prints each parse error.
    /// `check` is one more validation (e.g. live servers need consent), reported like the others.
    func load(_ files: [String], check: (Scenario) -> (message: String, location: SourceLocation)? = { _ in nil }) -> [Scenario]? {
        var inputBytes = 0
        return load(files, inputBytes: &inputBytes, check: check)
    }

    /// `load`, adding the bytes read to `inputBytes` (for the output budget).
    func load(_ files: [String], inputBytes: inout Int, check: (Scenario) -> (message: String, location: SourceLocation)? = { _ in nil }) -> [Scenario]? {
        var scenarios: [Scenario] = []
        var ok = true
        for file in files {
            let name = file == "-" ? "<stdin>" : file
            let bytes: [UInt8]
            do { bytes = try env.readFile(file) } catch {
                env.writeErr("error: cannot read '\(TerminalText.escaped(name))': \(error)\n")
                ok = false
                continue
            }
            inputBytes += bytes.count
            do {
                let scenario = try ScenarioParser.parse(data: bytes, file: name)
                if let problem = ScenarioRunner.validate(scenario) ?? check(scenario) {
                    // Lines split on the LF byte, a CR before it dropped: CRLF files show their line too.
                    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                    var source = problem.location.line <= lines.count ? lines[problem.location.line - 1] : []
                    if source.last == UInt8(ascii: "\r") { source = source.dropLast() }
                    let error = ScenarioError(message: problem.message, location: problem.location,
                                              sourceLine: String(decoding: source, as: UTF8.self))
                    env.writeErr(error.rendered + "\n")
                    ok = false
                } else {
                    scenarios.append(scenario)
                }
            } catch {
                env.writeErr(error.rendered + "\n")
                ok = false
            }
        }
        return ok ? scenarios : nil
    }

    // MARK: run

    func runCommand(_ args: [String]) throws -> ExitStatus {
        let p = try parse(args, command: "run", valued: ["--browser", "--format", "--live", "--cacert", "--timeout"],
                          flags: ["--allow-live", "--context-headers"])
        if p.help { env.writeOut(Help.run); return .ok }
        guard !p.positional.isEmpty else { throw UsageError(message: "'run' expects at least one scenario file (or - for standard input)", command: "run") }
        let names = try profiles(single(p, "--browser", command: "run"), command: "run")
        let fmt = try format(single(p, "--format", command: "run"), command: "run", views: true)
        let mapping = try liveMapping(p.options["--live"] ?? [], command: "run")
        let allowLive = p.options["--allow-live"] != nil
        // Views never contact a server; runs need consent for a file's live servers.
        let viewsOnly = fmt == .mermaid || fmt == .html
        if !viewsOnly {
            return try streamedRun(p, files: p.positional, profiles: names, json: fmt == .json, mapping: mapping, allowLive: allowLive)
        }
        // Views hold the whole run (RecordedRun): the files are read whole.
        var inputBytes = 0
        guard let scenarios = load(p.positional, inputBytes: &inputBytes) else { return .usage }
        if p.options["--live"] != nil {
            throw UsageError(message: "--live works with --format text or json", command: "run")
        }
        let runs = scenarios.map { RecordedRun($0, profiles: names) }
        guard writeWithinBudget(fmt == .html ? HTMLReport.document(runs, layout: .run) : runs.map(MermaidRenderer.run).joined(), inputBytes) else {
            return .usage
        }
        return runs.contains { !$0.summary.failures.isEmpty } ? .expectationFailed : .ok
    }

    /// `--live ORIGIN=BASEURL` values (repeatable).
    func liveMapping(_ values: [String], command: String) throws -> [Origin: String] {
        var mapping: [Origin: String] = [:]
        for value in values {
            guard let eq = value.firstIndex(of: "=") else {
                throw UsageError(message: "--live expects ORIGIN=BASEURL, e.g. --live https://api.example.com=http://127.0.0.1:8080, found '\(value)'", command: command)
            }
            let origin: Origin
            do { origin = try Origin(parsing: String(value[..<eq])) } catch {
                throw UsageError(message: "--live: expected \(error.description) before '='", command: command)
            }
            mapping[origin] = String(value[value.index(after: eq)...])
        }
        return mapping
    }

    /// Writes a command's whole output if it fits the output budget for `inputBytes`; else
    /// writes the budget's error and returns false.
    func writeWithinBudget(_ text: String, _ inputBytes: Int) -> Bool {
        var budget = OutputBudget(inputBytes: inputBytes, base: env.outputBudget.base, perInputByte: env.outputBudget.perInputByte)
        guard budget.allows(text) else {
            env.writeErr("error: \(budget.message)\n")
            return false
        }
        env.writeOut(text)
        return true
    }

    // MARK: compare

    func compareCommand(_ args: [String]) throws -> ExitStatus {
        let p = try parse(args, command: "compare", valued: ["--browser", "--format"], flags: ["--why"])
        if p.help { env.writeOut(Help.compare); return .ok }
        guard p.positional.count == 1 else { throw UsageError(message: "'compare' expects exactly one scenario file", command: "compare") }
        let names = try profiles(single(p, "--browser", command: "compare"), command: "compare")
        let fmt = try format(single(p, "--format", command: "compare"), command: "compare", views: true)
        var inputBytes = 0
        guard let scenarios = load(p.positional, inputBytes: &inputBytes) else { return .usage }
        if fmt == .mermaid || fmt == .html {
            let run = RecordedRun(scenarios[0], profiles: names)
            guard writeWithinBudget(fmt == .html ? HTMLReport.document([run], layout: .compare) : MermaidRenderer.compare(run), inputBytes) else { return .usage }
            return run.summary.failures.isEmpty ? .ok : .expectationFailed
        }
        let table = CompareTable.build(scenarios[0], profiles: names)
        let output: String
        switch fmt {
        case .text:
            let text = TextRenderer(color: env.color)
            output = ScenarioLint.warnings(scenarios[0]).map { text.warning("\(TerminalText.escaped($0.location.file)):\($0.location.line): \(TerminalText.escaped($0.message))") }.joined()
                + table.text(color: env.color, why: p.options["--why"] != nil)
        case .json, .mermaid, .html: output = table.json().serialized() + "\n"
        }
        guard writeWithinBudget(output, inputBytes) else { return .usage }
        return table.summary.failures.isEmpty ? .ok : .expectationFailed
    }

    // MARK: step

    /// `cors-sim step FILE [--browser NAMES]`: one screen per step; interactive on a terminal,
    /// else every screen in order.
    func stepCommand(_ args: [String]) throws -> ExitStatus {
        let p = try parse(args, command: "step", valued: ["--browser"])
        if p.help { env.writeOut(Help.step); return .ok }
        guard p.positional.count == 1 else { throw UsageError(message: "'step' expects exactly one scenario file", command: "step") }
        let names = try profiles(single(p, "--browser", command: "step"), command: "step")
        var inputBytes = 0
        guard let scenarios = load(p.positional, inputBytes: &inputBytes) else { return .usage }
        let stepper = Stepper(RecordedRun(scenarios[0], profiles: names))
        guard !stepper.pages.isEmpty else { return .ok }
        if let interactive = env.interactiveStepper {
            interactive(stepper)
        } else {
            guard writeWithinBudget(stepper.transcript(width: env.width ?? 100, color: env.color), inputBytes) else { return .usage }
        }
        return .ok
    }

    // MARK: parse

    /// `cors-sim parse FILE...`: the syntax tree as JSON, one object per line.
    func parseCommand(_ args: [String]) throws -> ExitStatus {
        let p = try parse(args, command: "parse", valued: [])
        if p.help { env.writeOut(Help.parse); return .ok }
        guard !p.positional.isEmpty else { throw UsageError(message: "'parse' expects at least one scenario file", command: "parse") }
        guard let scenarios = load(p.positional) else { return .usage }
        for scenario in scenarios { env.writeOut(ScenarioJSON.render(scenario).serialized() + "\n") }
        return .ok
    }

    // MARK: check

    func checkCommand(_ args: [String]) throws -> ExitStatus {
        // `--live` alone sends to the URL itself; `--live=BASEURL` to another address.
        var liveBase: String?? = nil
        let args = args.filter { arg in
            if arg == "--live" { liveBase = .some(nil); return false }
            if arg.hasPrefix("--live=") { liveBase = .some(String(arg.dropFirst(7))); return false }
            return true
        }
        let p = try parse(args, command: "check", valued: ["--from", "--browser", "-H", "--header", "--credentials", "--mode", "--body", "--format",
                                                          "--cacert", "--timeout"], flags: ["--follow-unmapped"])
        if p.help { env.writeOut(Help.check); return .ok }
        guard p.positional.count == 2 else {
            throw UsageError(message: "'check' expects METHOD and URL, e.g. cors-sim check PUT https://api.example.com/x --from https://app.example.com", command: "check")
        }
        guard let fromText = try single(p, "--from", command: "check") else {
            throw UsageError(message: "'check' expects --from ORIGIN, the page's origin", command: "check")
        }
        let from: Origin
        if fromText == "null" {
            // An opaque origin, such as a sandboxed iframe's or a document after a tainting redirect.
            from = .opaque(id: 1)
        } else {
            do { from = try Origin(parsing: fromText) } catch {
                throw UsageError(message: "--from: expected \(error.description)", command: "check")
            }
        }
        let url: FetchURL
        do { url = try FetchURL(parsing: p.positional[1]) } catch { throw UsageError(message: "URL: expected \(error.description)", command: "check") }
        let headers = try headers(p, command: "check")
        var request = FetchRequest(p.positional[0], url, headers: headers)
        if let c = try single(p, "--credentials", command: "check") {
            guard let mode = CredentialsMode(rawValue: c) else { throw UsageError(message: "--credentials expects omit, same-origin or include, found '\(c)'", command: "check") }
            request.credentials = mode
        }
        if let m = try single(p, "--mode", command: "check") {
            guard let mode = RequestMode(rawValue: m), mode != .navigate else { throw UsageError(message: "--mode expects cors, no-cors or same-origin, found '\(m)'", command: "check") }
            request.mode = mode
        }
        if let body = try single(p, "--body", command: "check") { request.body = .text(body) }
        let fmt = try format(single(p, "--format", command: "check"), command: "check")
        let names = try browsers(single(p, "--browser", command: "check"), command: "check", default: liveBase == nil ? BrowserName.browsers + [.spec] : nil)
        if let liveBase {
            let server = try makeLiveServer(liveBase.map { [url.origin: $0] } ?? [:], p, command: "check")
            let shared = SharedExchanges(server, allowed: p.options["--follow-unmapped"] != nil ? nil : [url.origin])
            return checkLive(request, from: from, browsers: names, server: shared, format: fmt)
        }
        if p.options["--follow-unmapped"] != nil {
            throw UsageError(message: "--follow-unmapped works with --live", command: "check")
        }
        let report = CheckReport.build(request, from: from, browsers: names)
        switch fmt {
        case .text: env.writeOut(report.text(color: env.color))
        case .json, .mermaid, .html: env.writeOut(report.json().serialized() + "\n")
        }
        return .ok
    }

    /// `check --live`: the request in each browser against the real server, traced like a
    /// scenario's fetch. Exit status 1 when a browser blocks it.
    func checkLive(_ request: FetchRequest, from: Origin, browsers names: [BrowserName], server: SharedExchanges, format fmt: Format) -> ExitStatus {
        let outcomes = names.map { name -> FetchOutcome in
            var browser = Browser(.named(name), page: from)
            server.begin(name)
            // SIMULATION: a live check judges the server's CORS policy; the page is granted Local
            // Network Access, as the developer testing a server on their machine would grant it.
            browser.navigate(to: from, localNetworkPermission: .granted)
            return browser.fetch(request, server: server)
        }
        let notes = server.takeNotes()
        switch fmt {
        case .text:
            let text = TextRenderer(color: env.color)
            env.writeOut(text.header(file: "live check from \(from.serialized)", browsers: names))
            // The method, URL, headers and body come from the command line: escaped.
            let e: (String) -> String = TerminalText.escaped
            env.writeOut("\n" + e(Describe.request(request)) + "\n")
            for h in request.headers { env.writeOut("    \(e(h.name)): \(e(h.value))\n") }
            if let body = request.body { env.writeOut("    body: \(e(Describe.body(body)))\n") }
            env.writeOut(text.render(outcomes: outcomes))
            env.writeOut(notes.map(text.warning).joined())
            env.writeOut("\(Describe.count(server.sentCount, "request")) sent to the server for \(Describe.count(names.count, "browser"))\n")
        case .json, .mermaid, .html:
            env.writeOut(JSONValue.object([
                ("schema", .string("cors-sim/check-live")), ("version", .int(1)),
                ("method", .string(request.method)), ("url", .string(request.url.serialized())), ("from", .string(from.serialized)),
                ("results", .object(outcomes.map { ($0.browser.rawValue, JSONRenderer.outcome($0)) })),
                ("requests_sent", .int(Int64(server.sentCount))),
                ("notes", .array(notes.map(JSONValue.string))),
            ]).serialized() + "\n")
        }
        return outcomes.contains { $0.verdict == .blocked } ? .expectationFailed : .ok
    }
}

#if CORS_SIM_NO_LIVE
// The fuzzing build (Tools/fuzz/run.sh) compiles the engine and this command as one module
// without the networking module: the live commands answer with a usage error there.
extension CommandLineTool {
    func makeLiveServer(_ mapping: [Origin: String], _ p: Parsed, command: String) throws -> any Server {
        throw UsageError(message: "this build has no live servers", command: command)
    }
    func auditCommand(_ args: [String]) throws -> ExitStatus { throw UsageError(message: "this build has no live servers", command: "audit") }
    func harCommand(_ args: [String]) throws -> ExitStatus { throw UsageError(message: "this build has no live servers", command: "har") }
}
#endif
