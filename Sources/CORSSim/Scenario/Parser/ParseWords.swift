// Origins and URLs, words on a line, and source locations and errors.

extension ScenarioParser.FileParser {
    // MARK: Origins and URLs

    /// An origin such as `https://app.example.com`.
    func parseOrigin(_ range: Range<Int>, _ line: Line) throws(ScenarioError) -> Origin {
        do throws(OriginParseError) {
            return try Origin(parsing: string(range))
        } catch {
            let message: String
            switch error {
            case .invalidURL(let urlError): message = expectation(for: urlError, found: range)
            case .hasPath, .hasCredentials: message = "expected \(error)"
            }
            throw failure(message, line, at: range.lowerBound)
        }
    }

    /// "expected ..." for a URL error; the error's description already quotes what it found,
    /// except when the scheme or host is missing.
    func expectation(for error: FetchURL.ParseError, found range: Range<Int>) -> String {
        switch error {
        case .missingScheme, .missingHost: return "expected \(error), found \(quoted(range))"
        case .unsupportedScheme, .invalidPort, .invalidHost, .invalidHostReason, .tooLong: return "expected \(error)"
        }
    }

    // MARK: Words

    /// A cursor over `line` from `position`; with `comments`, the part read stops before a
    /// ` #` comment. Trailing spaces and tabs are left out.
    func cursor(_ line: Line, from position: Int, comments: Bool) -> Cursor {
        var end = line.end
        if comments {
            var i = max(position, line.contentStart + 1)
            while i < end {
                if bytes[i] == Byte.hash, Byte.isBlank(bytes[i - 1]) {
                    end = i
                    break
                }
                i += 1
            }
        }
        while end > position, Byte.isBlank(bytes[end - 1]) { end -= 1 }
        return Cursor(line: line, position: position, end: max(position, end))
    }

    func skipBlanks(_ cursor: inout Cursor) {
        while cursor.position < cursor.end, Byte.isBlank(bytes[cursor.position]) { cursor.position += 1 }
    }

    /// The next word: skips spaces and tabs, then runs to the next space or tab.
    func word(_ cursor: inout Cursor) -> Range<Int>? {
        skipBlanks(&cursor)
        guard cursor.position < cursor.end else { return nil }
        let start = cursor.position
        while cursor.position < cursor.end, !Byte.isBlank(bytes[cursor.position]) { cursor.position += 1 }
        return start..<cursor.position
    }

    /// Nothing but a comment may follow.
    func expectEnd(_ cursor: inout Cursor, after what: String) throws(ScenarioError) {
        if let extra = word(&cursor) {
            throw failure("expected the end of the line after \(what), found \(quoted(extra))", cursor.line, at: extra.lowerBound)
        }
    }

    /// The first word of a line.
    func firstWord(_ line: Line) -> Range<Int> {
        var cursor = Cursor(line: line, position: line.contentStart, end: line.end)
        return word(&cursor) ?? line.contentStart..<line.contentStart
    }

    /// `range` without leading and trailing spaces and tabs.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, Byte.isBlank(bytes[lower]) { lower += 1 }
        while upper > lower, Byte.isBlank(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        range.first { bytes[$0] == byte }
    }

    /// A decimal number of 1 to `maxDigits` digits.
    func number(_ range: Range<Int>, maxDigits: Int) -> Int? {
        guard !range.isEmpty, range.count <= maxDigits else { return nil }
        var value = 0
        for i in range {
            guard Byte.isDigit(bytes[i]) else { return nil }
            value = value * 10 + Int(bytes[i] - Byte.zero)
        }
        return value
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// `'text'` for a message, shortened when long.
    func quoted(_ range: Range<Int>) -> String {
        let text = string(range)
        let limit = 60
        guard text.count > limit else { return "'\(text)'" }
        return "'\(text.prefix(limit))…'"
    }

    /// `a, b or c`.
    static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " or " + last
    }

    func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    // MARK: Locations and errors

    /// The location of byte `offset` on `line`; the column counts characters.
    func location(_ line: Line, at offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line.number, column: column(lineStart: line.start, at: offset))
    }

    private func column(lineStart: Int, at offset: Int) -> Int {
        let prefix = UnsafeBufferPointer(rebasing: bytes[lineStart..<offset])
        if prefix.allSatisfy({ $0 < 0x80 }) { return prefix.count + 1 }
        return String(decoding: prefix, as: UTF8.self).count + 1
    }

    /// An error at byte `offset` of a scanned line.
    func failure(_ message: String, _ line: Line, at offset: Int) -> ScenarioError {
        failure(message, lineStart: line.start, number: line.number, at: offset)
    }

    /// An error at byte `offset` of the line being scanned.
    func failure(_ message: String, lineStart: Int, at offset: Int) -> ScenarioError {
        failure(message, lineStart: lineStart, number: lineNumber, at: offset)
    }

    /// An error on the line starting at `lineStart`; a nil offset is column 1.
    func failure(_ message: String, lineStart: Int, number: Int, at offset: Int?) -> ScenarioError {
        // The source line, cut at the line limit on a character boundary.
        var end = lineStart
        let cap = min(bytes.count, lineStart + limits.lineBytes)
        while end < cap, bytes[end] != Byte.newline { end += 1 }
        if end == cap, end < bytes.count, bytes[end] != Byte.newline {
            while end > lineStart, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        }
        if end > lineStart, bytes[end - 1] == Byte.carriageReturn { end -= 1 }
        let column = offset.map { self.column(lineStart: lineStart, at: $0) } ?? 1
        return ScenarioError(message: message,
                             location: SourceLocation(file: file, line: number, column: column),
                             sourceLine: String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]), as: UTF8.self))
    }
}
