import Testing
@testable import CORSSim

/// Inputs the fuzzers (`Tools/fuzz/run.sh`) found that broke an invariant or crashed, each kept
/// as a test once fixed. The comment on each names the target and what went wrong.
@Suite struct FuzzRegressionTests {
    /// Target `headers`, input `e/\re` (bytes 65 2F 0D 65): `MIMEType(parsing:)` accepted it as
    /// `e/e` while the essence used by classification refused it. The parser trimmed leading
    /// whitespace from the subtype (the standard removes only trailing whitespace) and walked
    /// `Character`s, so a `;` followed by a combining mark was not seen. Fixed by parsing through
    /// `MIMEType.essence(of:)`.
    @Test(arguments: ["e/\re", "text/ plain", "text/\tplain", "text/plain;\u{301}", "text/plain\u{301}", "a/b;\u{301}c=d",
                      "text/plain", " Text/Plain ;x=y", "text /plain", "/plain", "text/", "text/plain\r\n"])
    func mimeTypeParsingAgreesWithTheEssenceClassificationUses(_ value: String) {
        let essence = MIMEType.essence(of: value).map { String(decoding: $0, as: UTF8.self).lowercased() }
        #expect(MIMEType(parsing: value)?.essence == essence)
    }

    @Test func aSubtypeWithLeadingWhitespaceIsNotAMIMEType() {
        #expect(MIMEType(parsing: "text/ plain") == nil)
        #expect(MIMEType(parsing: "text/plain;\u{301}")?.essence == "text/plain")
    }
}

/// Target `headers`, input `https://\r\n/\r` (base64 aHR0cHM6Ly8NCi8N): `Origin(parsing:)`
/// accepted it as an origin whose host is CR LF, and its serialization `https://\r\n` did not
/// parse again. Since the URL parser follows the URL Standard, tabs and newlines are removed before
/// parsing (so `https://\r\n/\r` has no host), the Kelvin sign maps to `k` and a non-ASCII
/// label is Punycode: whatever parses serializes to ASCII that parses to itself.
@Suite struct FuzzRegressionURLTests {
    @Test(arguments: ["https://\r\n/\r", "https://\r\n"])
    func aHostMadeOfLineBreaksIsMissing(_ text: String) {
        #expect(throws: FetchURL.ParseError.missingHost) { try FetchURL(parsing: text) }
        #expect(throws: OriginParseError.self) { try Origin(parsing: text) }
    }

    @Test(arguments: [("https://a\r\nb/", "https://ab/"), ("http://x\r\ny:80/p", "http://xy/p"),
                      ("https://\u{212A}.example/", "https://k.example/"),
                      ("https://caf\u{E9}.example/", "https://xn--caf-dma.example/")])
    func aHostIsSerializedAsASCIIThatParsesToItself(_ text: String, _ serialized: String) throws {
        let url = try FetchURL(parsing: text)
        #expect(url.serialized() == serialized)
        #expect(try FetchURL(parsing: url.serialized()) == url)
        #expect(url.serialized().utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F })
    }

    @Test func anOriginWithATrailingSlashAndWhitespaceIsRefused() {
        #expect(throws: OriginParseError.hasPath("https://app.example.com/ ")) { try Origin(parsing: "https://app.example.com/ ") }
        #expect(throws: OriginParseError.hasPath("https://app.example.com/\r\n")) { try Origin(parsing: "https://app.example.com/\r\n") }
        #expect((try? Origin(parsing: " https://app.example.com ")) == .tuple(scheme: "https", host: "app.example.com", port: nil))
    }

    @Test(arguments: ["https://app.example.com", "http://localhost:8080", "https://[::1]:8443", "HTTPS://APP.Example.COM:443"])
    func anOriginRoundTrips(_ text: String) throws {
        let origin = try Origin(parsing: text)
        #expect(try Origin(parsing: origin.serialized) == origin)
    }
}
