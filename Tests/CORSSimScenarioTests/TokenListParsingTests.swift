import Testing
@testable import CORSSim

/// The Access-Control-Allow-Methods/-Headers/-Expose-Headers list parser works on UTF-8 bytes; it
/// must split, trim and judge exactly as the character-based `splitHTTPList` does.
@Suite("Token lists on bytes")
struct TokenListParsingTests {
    /// The character-based reference: split outside quotes, trim, skip empty items, first non-token fails.
    static func reference(_ value: String) -> Result<[String], TokenListError> {
        var items: [String] = []
        for item in value.splitHTTPList(keepEmpty: false) {
            guard item.isHTTPToken else { return .failure(TokenListError(token: item, headerValue: value)) }
            items.append(item)
        }
        return .success(items)
    }

    @Test("Byte parsing agrees with the character-based split",
          arguments: ["", ",", "PUT", "PUT,DELETE", " PUT , ,DELETE ", "\tx-a,\r\nx-b\n", "*", "a b", "x-a, x b, x-c",
                      "\"a,b\"", "a,\"b\\\",c\",d", "\"unterminated, a", "é", "x-a,é,x-b", "a\u{0}b", "a;b", "GET,,",
                      "  ,  GET  ,  ", "X-Custom-Header"])
    func agreesWithReference(value: String) {
        #expect(parseTokenList(value) == Self.reference(value))
    }

    @Test("The failing item is reported with the whole header value")
    func failureNamesItemAndValue() {
        #expect(parseTokenList("x-a, x b ,x-c") == .failure(TokenListError(token: "x b", headerValue: "x-a, x b ,x-c")))
    }
}
