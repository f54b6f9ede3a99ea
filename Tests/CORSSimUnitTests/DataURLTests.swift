import Testing
@testable import CORSSim

/// The `data:` URL processor (`Sources/CORSSim/Fetch/DataURL.swift`) against the Web Platform
/// Tests' vectors, and inputs no vector has.
@Suite("data: URL processor")
struct DataURLTests {
    /// The processor's result for a URL as a script writes it, or nil when the URL does not parse.
    private func processed(_ input: String) -> Result<DataURL, DataURL.Failure>? {
        guard let url = try? FetchURL(parsingAnyScheme: input) else { return nil }
        return DataURL.process(url)
    }

    @Test("Each WPT data-urls.json vector gives its MIME type and body, or a network error", arguments: WPTDataURLData.vectors)
    func wptVector(_ vector: DataURLVector) {
        switch processed(vector.input) {
        case .success(let data)?:
            #expect(data.mimeType == vector.mimeType)
            #expect(data.body == vector.body)
        case .failure?, nil:
            #expect(vector.mimeType == nil)
        }
    }

    @Test("Spaces around the ;base64 marker: as Chromium, Firefox and WebKitGTK decode them", arguments: [
        ("data:;  base64,WA", DataURL.defaultMIMEType),
        ("data:;base64 ,WA", DataURL.defaultMIMEType),
        ("data:text/plain; base64,WA", "text/plain"),
        ("data:; base64 ,WA", DataURL.defaultMIMEType),
    ])
    func spacesAroundBase64(_ input: String, _ mimeType: String) throws {
        // Recorded: Tests/Conformance scheme-data-space-before-base64 (each body `X`, in all three engines).
        let data = try #require(try? processed(input)?.get())
        #expect(data.mimeType == mimeType)
        #expect(data.body == [88])
    }

    @Test("Each WPT base64.json vector decodes to its bytes, or fails, inside a data: URL and alone",
          arguments: WPTBase64Data.vectors.indices)
    func wptBase64(_ index: Int) {
        let vector = WPTBase64Data.vectors[index]
        // As the test does it: fetch("data:;base64," + input).
        switch processed("data:;base64," + vector.input) {
        case .success(let data)?: #expect(data.body == vector.bytes)
        case .failure?, nil: #expect(vector.bytes == nil)
        }
        // Forgiving-base64 decode on the string's bytes (a code point above U+007F is no base64 byte either way).
        #expect(forgivingBase64Decode(Array(vector.input.utf8)) == vector.bytes)
    }

    @Test("No comma is a failure; a fragment is left out before the body is read")
    func noCommaAndFragment() throws {
        #expect(processed("data:text/plain") == .failure(.noComma))
        #expect(processed("data:") == .failure(.noComma))
        let data = try #require(try? processed("data:,a%ZZb#frag")?.get())
        #expect(data.body == Array("a%ZZb".utf8))           // a bad escape is kept as it is
        #expect(data.mimeType == "text/plain;charset=US-ASCII")
    }

    @Test("A quoted parameter value is unquoted and quoted again only when it needs it")
    func quotedParameters() throws {
        #expect(MIMETypeRecord.parse(Array("text/plain;a=\"b\\\"c\"".utf8))?.serialized == "text/plain;a=\"b\\\"c\"")
        #expect(MIMETypeRecord.parse(Array("text/plain;a=\"bc\"".utf8))?.serialized == "text/plain;a=bc")
        #expect(MIMETypeRecord.parse(Array("text/plain;a=\"b\\".utf8))?.serialized == "text/plain;a=\"b\\\\\"")
        #expect(MIMETypeRecord.parse(Array("text/plain;a=b;A=c".utf8))?.serialized == "text/plain;a=b")
        #expect(MIMETypeRecord.parse(Array("/plain".utf8)) == nil)
        #expect(MIMETypeRecord.parse(Array("text/".utf8)) == nil)
    }

    @Test("Hostile input: control bytes, invalid base64 and the longest URL give a result or a failure")
    func hostileInput() throws {
        // Control bytes are percent-encoded by the URL parser and decoded into the body.
        let controls = try #require(try? processed("data:,%00%1B%7F%9B")?.get())
        #expect(controls.body == [0x00, 0x1B, 0x7F, 0x9B])
        #expect(processed("data:;base64,%00%00") == .failure(.invalidBase64))
        #expect(processed("data:;base64,====") == .failure(.invalidBase64))
        // The longest URL the simulator takes decodes; one byte more is refused before the processor.
        let body = String(repeating: "QUJD", count: (FetchURL.maximumLength - "data:;base64,".count) / 4)
        let long = try #require(try? processed("data:;base64," + body)?.get())
        #expect(long.body.count == body.count / 4 * 3)
        #expect(throws: FetchURL.ParseError.tooLong(FetchURL.maximumLength + 1)) {
            try FetchURL(parsingAnyScheme: "data:," + String(repeating: "a", count: FetchURL.maximumLength - 5))
        }
    }
}
