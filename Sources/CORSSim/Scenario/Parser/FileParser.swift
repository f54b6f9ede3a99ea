// MARK: - Lines

extension ScenarioParser {
    /// ASCII bytes the grammar uses.
    enum Byte {
        static let tab = UInt8(ascii: "\t")
        static let newline = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")
        static let space = UInt8(ascii: " ")
        static let hash = UInt8(ascii: "#")
        static let colon = UInt8(ascii: ":")
        static let quote = UInt8(ascii: "\"")
        static let equals = UInt8(ascii: "=")
        static let slash = UInt8(ascii: "/")
        static let star = UInt8(ascii: "*")
        static let question = UInt8(ascii: "?")
        static let zero = UInt8(ascii: "0")
        static let nine = UInt8(ascii: "9")

        /// RFC 9110 `tchar`: the characters of a method or a header name.
        static func isToken(_ byte: UInt8) -> Bool { byte.isHTTPTokenByte }

        static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }
        static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }
    }

    /// One physical line of the file, as byte offsets.
    struct Line {
        /// 1-based.
        var number: Int
        /// The offset of its first byte.
        var start: Int
        /// The offset just past its last byte; the line break (`\n` or `\r\n`) is not part of it.
        var end: Int
        /// The offset where the next line starts.
        var next: Int
        /// How many spaces it starts with.
        var indent: Int
        /// Whether it holds nothing but spaces and tabs.
        var isBlank: Bool

        /// The offset of its first byte that is not a space.
        var contentStart: Int { start + indent }
    }

    /// A position on one line and where the part being read ends (before a trailing comment).
    struct Cursor {
        let line: Line
        var position: Int
        var end: Int
    }
}

// MARK: - The parser

extension ScenarioParser {
    /// Reads one file. All methods work on byte offsets into `bytes`.
    struct FileParser {
        let bytes: UnsafeBufferPointer<UInt8>
        let file: String
        let limits: Limits

        typealias Line = ScenarioParser.Line
        typealias Cursor = ScenarioParser.Cursor
        typealias Byte = ScenarioParser.Byte
        /// Where the next unread line starts.
        private(set) var offset: Int
        /// The number of the next unread line.
        private(set) var lineNumber = 1
        /// The next line, once it has been scanned.
        private var lookahead: Line?

        init(bytes: UnsafeBufferPointer<UInt8>, file: String, limits: Limits) {
            self.bytes = bytes
            self.file = file
            self.limits = limits
            // A UTF-8 byte order mark is not part of the first line.
            offset = Self.byteOrderMarkLength(bytes)
        }

        /// A parser over a window of a file that is read piece by piece (`StepStream`): `bytes`
        /// starts at the start of line `lineNumber`; a byte order mark is skipped only at the start
        /// of the file.
        init(window bytes: UnsafeBufferPointer<UInt8>, file: String, limits: Limits, lineNumber: Int, atFileStart: Bool) {
            self.bytes = bytes
            self.file = file
            self.limits = limits
            self.lineNumber = lineNumber
            offset = atFileStart ? Self.byteOrderMarkLength(bytes) : 0
        }

        // MARK: Reading lines

        /// The next line, without consuming it. Checks that the line is text (UTF-8, no control
        /// characters other than tab) and not longer than the limit.
        mutating func peekLine() throws(ScenarioError) -> Line? {
            if let lookahead { return lookahead }
            guard offset < bytes.count else { return nil }
            let line = try scanLine()
            lookahead = line
            return line
        }

        /// Consumes the line `peekLine()` returned.
        mutating func consumeLine() {
            guard let line = lookahead else { return }
            offset = line.next
            lineNumber += 1
            lookahead = nil
        }

        /// The next line that is neither blank nor a comment, without consuming it; the lines
        /// skipped are consumed. A tab in the indentation of a line it meets is an error.
        mutating func peekSignificantLine() throws(ScenarioError) -> Line? {
            while let line = try peekLine() {
                if line.isBlank {
                    consumeLine()
                    continue
                }
                try checkIndentation(line)
                if bytes[line.contentStart] == Byte.hash {
                    consumeLine()
                    continue
                }
                return line
            }
            return nil
        }

        /// Indentation is spaces only.
        func checkIndentation(_ line: Line) throws(ScenarioError) {
            if bytes[line.contentStart] == Byte.tab {
                throw failure("expected spaces for indentation, found a tab", line, at: line.contentStart)
            }
        }

        /// Whether a line (not blank) is a comment line.
        func isComment(_ line: Line) -> Bool { bytes[line.contentStart] == Byte.hash }

        /// Scans the line at `offset` in one pass over its bytes.
        private func scanLine() throws(ScenarioError) -> Line {
            let start = offset
            let count = bytes.count
            let limit = start + limits.lineBytes
            var i = start
            var contentStart = -1
            var isBlank = true
            var end = count
            var next = count
            while i < count {
                let byte = bytes[i]
                if byte == Byte.newline {
                    end = i
                    next = i + 1
                    break
                }
                if byte == Byte.carriageReturn, i + 1 == count || bytes[i + 1] == Byte.newline {
                    end = i
                    next = min(i + 2, count)
                    break
                }
                if i >= limit { throw lineTooLong(start: start, at: i) }
                if byte == Byte.space {
                    i += 1
                    continue
                }
                if contentStart < 0 { contentStart = i }
                if byte == Byte.tab {
                    i += 1
                    continue
                }
                isBlank = false
                if byte < 0x80 {
                    if byte < 0x20 || byte == 0x7F { throw controlCharacter(byte, start: start, at: i) }
                    i += 1
                } else {
                    guard let length = utf8SequenceLength(at: i) else {
                        throw failure("expected UTF-8 text, found the byte 0x\(hex(bytes[i])), which is not valid UTF-8",
                                      lineStart: start, at: i)
                    }
                    if i + length > limit { throw lineTooLong(start: start, at: i) }
                    i += length
                }
            }
            let indent = (contentStart < 0 ? end : contentStart) - start
            return Line(number: lineNumber, start: start, end: end, next: next, indent: indent, isBlank: isBlank)
        }

        /// The length of the well-formed UTF-8 sequence at `i`, or nil when it is not one
        /// (Unicode table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF).
        private func utf8SequenceLength(at i: Int) -> Int? {
            let lead = bytes[i]
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return nil
            }
            guard i + length <= bytes.count, secondRange.contains(bytes[i + 1]) else { return nil }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return nil }
            return length
        }

        private func controlCharacter(_ byte: UInt8, start: Int, at i: Int) -> ScenarioError {
            let name = byte == 0 ? "a NUL byte (U+0000); is this a binary file?"
                                 : "the control character U+00\(hex(byte))"
            return failure("expected text, found \(name)", lineStart: start, at: i)
        }

        private func lineTooLong(start: Int, at i: Int) -> ScenarioError {
            var end = i
            while end < bytes.count, bytes[end] != Byte.newline { end += 1 }
            if end > start, bytes[end - 1] == Byte.carriageReturn { end -= 1 }
            return failure("expected a line of at most \(limits.lineBytes) bytes, found one of \(end - start) bytes",
                           lineStart: start, at: i)
        }
    }
}
