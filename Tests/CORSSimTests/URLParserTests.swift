import Testing
@testable import CORSSim

/// The WHATWG URL parser (`Sources/CORSSim/Fetch/URLParser.swift`) and `FetchURL` built on it.
@Suite("URL parser")
struct URLParserTests {
    @Test("The parser gives each WPT urltestdata.json vector's href or failure", arguments: WPTURLTestData.vectors)
    func wptVector(_ vector: URLVector) {
        #expect(vector.parsed() == vector.expected)
    }

    @Test("The parser gives the URL Standard's examples and the issues' cases", arguments: URLStandardExamples.vectors)
    func standardExample(_ vector: URLVector) {
        #expect(vector.parsed() == vector.expected)
    }
}

@Suite("Domain to ASCII")
struct DomainToASCIITests {
    @Test("Domain to ASCII gives each IdnaTestV2 vector's toAsciiN or failure", arguments: IdnaTestV2Data.vectors)
    func idnaVector(_ vector: IDNAVector) {
        #expect(vector.converted() == vector.ascii)
    }
}
