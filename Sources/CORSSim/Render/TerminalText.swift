/// The one escaping function for untrusted text in human-readable output (text traces, check,
/// audit, har, live responses, the stepper, console lines): header names and values, status
/// texts, URLs, bodies, HAR strings and scenario strings echoed back. JSON, HTML and Mermaid
/// output escape in their own syntax and do not use it.
public enum TerminalText {
    /// `text` with every code point a terminal would act on shown visibly instead:
    /// - C0 controls: `\0`, `\t`, `\n`, `\r`, `\x1b` (ESC) and `\xNN` for the others; DEL as `\x7f`;
    /// - C1 controls (U+0080-U+009F, which some terminals take as CSI and OSC) as `\u0085`;
    /// - bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A-U+202E,
    ///   U+2066-U+2069), which reorder what a reader sees ("Trojan Source"), as `\u202e`.
    /// Everything else, including a backslash, is kept as is.
    public static func escaped(_ text: String) -> String { escaped(text, keepingLines: false) }

    /// `escaped(text)`, appended to `out` as UTF-8 bytes (the text renderer writes bytes).
    public static func escape(_ text: String, into out: inout [UInt8]) {
        var text = text
        let appended = text.withUTF8 { bytes -> Bool in
            for b in bytes where mayStartEscape(b) { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !appended { out += escaped(text, keepingLines: false).utf8 }
    }

    // Fast path: only bytes below 0x20, DEL and the lead bytes of the escaped ranges
    // (0xC2 for C1, 0xD8 for U+061C, 0xE2 for U+200E-U+2069) can start an escape.
    private static func mayStartEscape(_ b: UInt8) -> Bool { b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xD8 || b == 0xE2 }

    static func escaped(_ text: String, keepingLines: Bool) -> String {
        // On the contiguous bytes when the string has them (native strings do): a plain loop.
        let mayNeed = text.utf8.withContiguousStorageIfAvailable { bytes in
            for b in bytes where mayStartEscape(b) { return true }
            return false
        } ?? text.utf8.contains(where: mayStartEscape)
        guard mayNeed else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for u in text.unicodeScalars {
            switch u.value {
            case 0: out += "\\0"
            case 9: out += keepingLines ? "\t" : "\\t"
            case 10: out += keepingLines ? "\n" : "\\n"
            case 13: out += "\\r"
            case 0x01...0x1F, 0x7F: out += "\\x" + hex(u.value, width: 2)
            case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u" + hex(u.value, width: 4)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Like `escaped`, but keeps line feeds and tabs: for multi-line untrusted text such as a
    /// response body shown as lines. CR is still shown as `\r`.
    public static func escapedKeepingLines(_ text: String) -> String { escaped(text, keepingLines: true) }

    /// Whether `escaped` would change `text`.
    public static func needsEscaping(_ text: String) -> Bool { escaped(text) != text }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

