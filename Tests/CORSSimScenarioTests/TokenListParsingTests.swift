import Testing
@testable import CORSSim

/// The Access-Control-Allow-Methods/-Headers/-Expose-Headers list parser works on UTF-8 bytes; it
/// must split, trim and judge exactly as `splitHTTPList` followed by a token check does.
@Suite("Token lists on bytes")
struct TokenListParsingTests {
    /// The reference: split outside quotes, trim, skip empty items, first non-token fails.
    static func reference(_ value: String) -> Result<[String], TokenListError> {
        var items: [String] = []
        for item in value.splitHTTPList(keepEmpty: false) {
            guard item.isHTTPToken else { return .failure(TokenListError(token: item, headerValue: value)) }
            items.append(item)
        }
        return .success(items)
    }

    @Test("Token-list parsing agrees with splitting then checking each item",
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

    /// `splitHTTPList` itself, on bytes: literal expectations, so the reference above cannot drift.
    @Test("Splitting a list value on bytes: quotes, escapes, whitespace, empty items, non-ASCII",
          arguments: [
            ("", true, [""]), ("", false, []), (" a , b ", false, ["a", "b"]), ("a,,b", true, ["a", "", "b"]),
            ("a,,b", false, ["a", "b"]), ("\"a,b\", c", false, ["\"a,b\"", "c"]),
            ("\"a\\\",b\",c", false, ["\"a\\\",b\"", "c"]), ("\r\na,\tb\r\n", false, ["a", "b"]),
            ("é, ü ,日本", false, ["é", "ü", "日本"]), ("a,\u{301}b", false, ["a", "\u{301}b"]),
            ("\"open, a", false, ["\"open, a"]),
          ] as [(String, Bool, [String])])
    func splitsOnBytes(value: String, keepEmpty: Bool, expected: [String]) {
        #expect(value.splitHTTPList(keepEmpty: keepEmpty) == expected)
    }
}

