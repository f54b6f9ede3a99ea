/// The scenario-file parser: text of a `*.cors` file in, the syntax tree of `Syntax.swift` out.
///
/// The contract is `Docs/scenario-format.md`. The parser reads the file's UTF-8 bytes once, line by
/// line, with one line of lookahead, so its work is linear in the size of the file; it makes
/// strings only for the values the tree keeps. A file is parsed whole: the first error stops the
/// parse, names `file:line:column`, says what was expected and what was found, and renders like a
/// compiler's (`ScenarioError.rendered`).
///
/// The parser's files: this one (limits, entry points, errors); `FileParser.swift` (lines and the
/// lookahead); then one file per part of the format: `ParseSteps.swift` (the file, page, wait,
/// note), `ParseServer.swift` (server blocks, routes, headers), `ParseFetch.swift`,
/// `ParseExpect.swift`, and `ParseWords.swift` (origins, URLs, words, locations).
public enum ScenarioParser {

    // MARK: Limits

    /// The largest file parsed whole, in bytes (64 MiB): `parse`, and the commands that hold a
    /// whole run (`compare`, `step`, `parse`, `run --format mermaid|html`, standard input).
    public static let maximumFileBytes = 64 * 1024 * 1024
    /// The largest file `cors-sim run` streams (text or JSON), in bytes (4 GiB): it is read in
    /// pieces and never held (`ScenarioStepStream`), so memory does not depend on it.
    public static let maximumStreamedFileBytes = 4 * 1024 * 1024 * 1024
    /// The largest step of a streamed file, in bytes (64 MiB, as a whole file): a step with its
    /// indented lines, and the comments and blank lines up to the next step, is held while it is parsed.
    public static let maximumStepBytes = 64 * 1024 * 1024
    /// The longest line accepted, in bytes, without its line break (16 KiB): room for URLs well
    /// past Chrome's 1024-character preflight-cache key limit.
    public static let maximumLineBytes = 16 * 1024
    /// The most top-level steps in one file parsed whole.
    public static let maximumSteps = 2_000_000
    /// The most top-level steps in one streamed file.
    public static let maximumStreamedSteps = 100_000_000
    /// The most routes in one `server` block.
    public static let maximumRoutesPerServer = 10_000
    /// The most header lines on one message: a route's response or a fetch's request.
    public static let maximumHeadersPerMessage = 1_000
    /// The largest response body of a route, in bytes (1 MiB), lines joined with `\n`.
    public static let maximumBodyBytes = 1024 * 1024

    // MARK: Entry points

    /// Parses the text of a scenario file.
    /// - Parameters:
    ///   - text: the whole file.
    ///   - file: the name errors and source locations carry (`<stdin>` for standard input).
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        try parse(text, file: file, limits: Limits())
    }

    /// Parses a scenario file's raw bytes; bytes that are not UTF-8 are an error with a location.
    public static func parse(data: [UInt8], file: String) throws(ScenarioError) -> Scenario {
        try parse(data: data, file: file, limits: Limits())
    }

    /// `parse(_:file:)` with limits that tests can make small.
    static func parse(_ text: String, file: String, limits: Limits) throws(ScenarioError) -> Scenario {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(ScenarioError) -> Scenario in
                var parser = FileParser(bytes: bytes, file: file, limits: limits)
                return try parser.parseScenario()
            }
        }
        return try result.get()
    }

    /// `parse(data:file:)` with limits that tests can make small.
    static func parse(data: [UInt8], file: String, limits: Limits) throws(ScenarioError) -> Scenario {
        let result = data.withUnsafeBufferPointer { bytes in
            Result { () throws(ScenarioError) -> Scenario in
                var parser = FileParser(bytes: bytes, file: file, limits: limits)
                return try parser.parseScenario()
            }
        }
        return try result.get()
    }

    /// The limits one parse enforces; the public constants above unless a test says otherwise.
    struct Limits: Sendable {
        var fileBytes = ScenarioParser.maximumFileBytes
        var lineBytes = ScenarioParser.maximumLineBytes
        var steps = ScenarioParser.maximumSteps
        var routesPerServer = ScenarioParser.maximumRoutesPerServer
        var headersPerMessage = ScenarioParser.maximumHeadersPerMessage
        var bodyBytes = ScenarioParser.maximumBodyBytes
        var stepBytes = ScenarioParser.maximumStepBytes

        /// The limits of a streamed file (`ScenarioStepStream`).
        static var streamed: Limits {
            var limits = Limits()
            limits.fileBytes = ScenarioParser.maximumStreamedFileBytes
            limits.steps = ScenarioParser.maximumStreamedSteps
            return limits
        }
    }
}

// MARK: - Errors

/// A scenario file that does not follow the contract: what is wrong, where, and the line it is on.
///
/// `rendered` (also `description`) prints like a compiler's error:
///
///     error: expected a duration such as 500ms, 5s, 10m, 3h, 2d or 1h30m, found '3x'
///      --> lesson.cors:12:6
///        |
///     12 | wait 3x
///        |      ^
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was expected and what was found, e.g. `expected a step (...), found 'fetc'`.
    public var message: String
    /// Where: the file, the line and the column (1-based, in characters) of the fault.
    public var location: SourceLocation
    /// The text of the line the fault is on, without its line break (cut at
    /// `ScenarioParser.maximumLineBytes` when the line is longer).
    public var sourceLine: String

    public init(message: String, location: SourceLocation, sourceLine: String) {
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
    }

    /// The longest excerpt of the source line shown; a longer line is shown around the caret.
    static let excerptWidth = 160

    /// The error as a compiler prints it: the message, the location, the source line and a caret
    /// under the fault. Deterministic, no colours, no trailing newline.
    public var rendered: String {
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        let (text, padding) = ScenarioError.excerpt(of: sourceLine, caretColumn: location.column)
        return """
            error: \(TerminalText.escaped(message))
             --> \(TerminalText.escaped("\(location)"))
            \(gutter) |
            \(number) |\(text.isEmpty ? "" : " " + text)
            \(gutter) | \(padding)^
            """
    }

    public var description: String { rendered }

    /// The part of `line` to show and the whitespace that puts a caret under `caretColumn`.
    /// Control characters show as their Unicode control pictures (NUL as `␀`); a tab stays a tab
    /// and the caret line repeats it, so the caret lines up in any terminal.
    static func excerpt(of line: String, caretColumn: Int) -> (text: String, padding: String) {
        let characters = Array(line)
        let caret = max(0, caretColumn - 1)
        var lower = 0
        var upper = characters.count
        if characters.count > excerptWidth {
            lower = max(0, min(caret - excerptWidth / 2, characters.count - excerptWidth))
            upper = lower + excerptWidth
        }
        var text = lower > 0 ? "…" : ""
        var padding = lower > 0 ? " " : ""
        for index in lower..<upper {
            let character = characters[index]
            text += visible(character)
            if index < caret { padding += character == "\t" ? "\t" : " " }
        }
        if upper < characters.count { text += "…" }
        if caret > upper { padding += String(repeating: " ", count: caret - upper) }
        return (text, padding)
    }

    /// A character as it can be shown on a terminal: C0 controls and DEL become control pictures.
    private static func visible(_ character: Character) -> String {
        guard character != "\t", let scalar = character.unicodeScalars.first,
              character.unicodeScalars.count == 1 else { return String(character) }
        switch scalar.value {
        case 0x00..<0x20: return String(Character(Unicode.Scalar(0x2400 + scalar.value) ?? "?"))
        case 0x7F: return "\u{2421}"
        // C1 controls and bidi formatting characters (TerminalText's set): one replacement
        // character each, so the caret stays aligned.
        case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return "\u{FFFD}"
        default: return String(character)
        }
    }
}
