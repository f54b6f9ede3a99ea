/// Parsing a scenario file that is read piece by piece: bytes go in as they are read, steps come
/// out as soon as they are whole, and nothing is kept but the unparsed tail of the last piece.
/// `cors-sim run` reads a file twice through one of these: once to validate it completely
/// (nothing runs before the whole file is known to be valid, as the contract requires), once to
/// run it step by step, so its memory does not grow with the file.
///
/// The steps and the errors are exactly those of `ScenarioParser.parse(data:file:)` on the whole
/// file: the same parser reads windows of whole lines that end just after the first line of a
/// step. A line that starts at column 1 with anything but a space, a tab, `#` or a line break
/// ends every block the grammar has (each block's lines are indented deeper than the line that
/// opens it), so the step before it can be parsed without reading further; that line is in the
/// window too, whole, so the lookahead the parser takes is the same as on the whole file.
///
///     var stream = ScenarioStepStream(file: "big.cors")
///     for chunk in chunks { try stream.feed(chunk) { step in ... } }
///     try stream.finish { step in ... }
public struct ScenarioStepStream: Sendable {
    /// The name errors and source locations carry.
    public let file: String
    let limits: ScenarioParser.Limits
    /// Bytes read and not yet parsed start at `start`; `pending[..<start]` is parsed.
    private var pending: [UInt8] = []
    private var start = 0
    /// The number of the line at `start`.
    private var lineNumber = 1
    private var atFileStart = true
    private var top = ScenarioParser.FileParser.TopLevel()
    /// The offset in `pending` of its last line feed, or -1.
    private var lastNewline = -1
    /// No line starting in `start + 1 ..< checkedUpTo` opens a step (already looked at).
    private var checkedUpTo = 0
    /// The file's first line, byte order mark included (for the error on a file without steps).
    private var firstLine: [UInt8] = []
    private var firstLineDone = false
    /// Every byte fed.
    public private(set) var byteCount = 0
    private var finished = false

    /// The steps parsed so far.
    public var stepCount: Int { top.count }

    public init(file: String) {
        self.init(file: file, limits: .streamed)
    }

    init(file: String, limits: ScenarioParser.Limits) {
        self.file = file
        self.limits = limits
    }

    /// Takes the next bytes of the file and calls `step` for every step they complete, in order.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ step: (Step) -> Void) throws(ScenarioError) {
        precondition(!finished, "feed after finish")
        byteCount += bytes.count
        if byteCount > limits.fileBytes {
            throw ScenarioError(message: "expected a file of at most \(limits.fileBytes) bytes, found more",
                                location: SourceLocation(file: file, line: 1, column: 1),
                                sourceLine: String(decoding: firstLine.prefix { $0 != ScenarioParser.Byte.newline }, as: UTF8.self))
        }
        if !firstLineDone { keepFirstLine(bytes) }
        if start > 0 {
            // Parsed bytes go; what is left is at most one step and the line after it.
            pending.removeSubrange(0..<start)
            lastNewline -= start
            checkedUpTo = max(0, checkedUpTo - start)
            start = 0
        }
        let appendedAt = pending.count
        pending.append(contentsOf: bytes)
        var i = pending.count - 1
        while i >= appendedAt {
            if pending[i] == ScenarioParser.Byte.newline { lastNewline = i; break }
            i -= 1
        }
        guard let cut = lastStepStart() else {
            if pending.count - start > limits.stepBytes { throw stepTooLarge() }
            return
        }
        try parse(through: lastNewline + 1, stopAt: cut, step)
    }

    /// `feed` for bytes in an array.
    public mutating func feed(_ bytes: [UInt8], _ step: (Step) -> Void) throws(ScenarioError) {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(ScenarioError) in try feed(buffer, step) }
        }
        try result.get()
    }

    /// The end of the file: parses what is left and calls `step` for each step in it. A file
    /// without a step is an error, as for the whole-file parser.
    public mutating func finish(_ step: (Step) -> Void) throws(ScenarioError) {
        precondition(!finished, "finish twice")
        finished = true
        if pending.count - start > limits.stepBytes { throw stepTooLarge() }
        try parse(through: pending.count, stopAt: Int.max, step)
        if top.count == 0 {
            let failure = firstLine.withUnsafeBufferPointer { bytes in
                let parser = ScenarioParser.FileParser(bytes: bytes, file: file, limits: limits)
                let bom = ScenarioParser.FileParser.byteOrderMarkLength(bytes)
                return parser.noStepFailure(fileHasContent: byteCount > bom)
            }
            throw failure
        }
    }

    /// Parses `pending[start..<end]`, whole lines, up to the step starting at `stopAt` (an
    /// offset in `pending`) or to the end.
    private mutating func parse(through end: Int, stopAt: Int, _ step: (Step) -> Void) throws(ScenarioError) {
        guard end > start else { return }
        var top = self.top
        let (start, file, limits, firstNumber, atFileStart) = (self.start, self.file, self.limits, self.lineNumber, self.atFileStart)
        let result = pending.withUnsafeBufferPointer { all in
            Result { () throws(ScenarioError) -> (line: Int, offset: Int) in
                let window = UnsafeBufferPointer(rebasing: all[start..<end])
                var parser = ScenarioParser.FileParser(window: window, file: file, limits: limits,
                                                       lineNumber: firstNumber, atFileStart: atFileStart)
                let stop = stopAt == Int.max ? Int.max : stopAt - start
                while let next = try parser.parseTopLevelStep(&top, stopAt: stop) { step(next) }
                return (parser.lineNumber, parser.offset)
            }
        }
        self.top = top
        let parsed = try result.get()
        lineNumber = parsed.line
        self.atFileStart = false
        self.start += parsed.offset
        checkedUpTo = self.start
    }

    /// The start of the last whole line (its line feed read) that opens a step, after `start`.
    private mutating func lastStepStart() -> Int? {
        guard lastNewline >= start else { return nil }
        var lineEnd = lastNewline
        let floor = max(start + 1, checkedUpTo)
        while lineEnd >= floor {
            var lineStart = lineEnd
            while lineStart > start, pending[lineStart - 1] != ScenarioParser.Byte.newline { lineStart -= 1 }
            if lineStart < floor { break }
            if Self.opensStep(pending[lineStart]) { return lineStart }
            lineEnd = lineStart - 1
        }
        checkedUpTo = lastNewline + 1
        return nil
    }

    /// Whether a line starting with this byte starts at column 1 with something other than a
    /// comment or blank: it ends the step before it.
    static func opensStep(_ byte: UInt8) -> Bool {
        switch byte {
        case ScenarioParser.Byte.space, ScenarioParser.Byte.tab, ScenarioParser.Byte.hash,
             ScenarioParser.Byte.newline, ScenarioParser.Byte.carriageReturn: return false
        default: return true
        }
    }

    private mutating func keepFirstLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Longer than any line the parser accepts, so an excerpt of it is cut as on the whole file.
        let room = limits.lineBytes + 8 - firstLine.count
        let newline = bytes.firstIndex(of: ScenarioParser.Byte.newline)
        firstLine.append(contentsOf: bytes[..<min(newline.map { $0 + 1 } ?? bytes.count, max(0, room))])
        if newline != nil || firstLine.count >= limits.lineBytes + 8 { firstLineDone = true }
    }

    private func stepTooLarge() -> ScenarioError {
        pending.withUnsafeBufferPointer { all in
            let window = UnsafeBufferPointer(rebasing: all[start...])
            let parser = ScenarioParser.FileParser(window: window, file: file, limits: limits,
                                                   lineNumber: lineNumber, atFileStart: atFileStart)
            return parser.failure("expected a step of at most \(limits.stepBytes) bytes with its indented lines (and the comments "
                                  + "and blank lines after them), found more from this line on",
                                  lineStart: parser.offset, number: lineNumber, at: nil)
        }
    }
}
