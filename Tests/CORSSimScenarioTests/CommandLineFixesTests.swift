import Foundation
import Testing
import CORSSimTestSupport
@testable import CORSSim
@testable import CORSSimCommand

/// What a newcomer met on the command line (issue 12): each fix, so that it cannot come back.
@Suite struct CommandLineFixesTests {
    @Test func checkOfAForbiddenMethodDoesNotTellTheServerHowToAnswer() {
        let r = TestFiles.runTool(["check", "TRACE", "https://api.example.com/x", "--from", "https://app.example.com"])
        #expect(r.status == 0)
        #expect(r.out.contains("fetch() throws before sending"))
        #expect(r.out.contains("No browser sends this request, so no server response can make it work."))
        #expect(!r.out.contains("The server must answer"))
        #expect(!r.out.contains("Access-Control-Allow-Methods"))
        let json = TestFiles.runTool(["check", "TRACE", "https://api.example.com/x", "--from", "https://app.example.com", "--format", "json"])
        #expect(json.out.contains(#""preflight_response_headers":[],"actual_response_headers":[],"alternatives":[]"#), "\(json.out)")
        #expect(json.out.contains(#""sent":false"#))
    }

    @Test("A check refused before anything leaves the browser (port blocking, mixed content) asks nothing of the server",
          arguments: [("http://api.example.com:6000/x", "http://app.example.com", "bad-port"),
                      ("http://api.example.com/x", "https://app.example.com", "mixed-content")])
    func checkOfARequestNeverSent(url: String, from: String, reason: String) {
        let r = TestFiles.runTool(["check", "GET", url, "--from", from])
        #expect(r.status == 0)
        #expect(r.out.contains("blocked before anything is sent (\(reason): "))
        #expect(r.out.contains("No browser sends this request, so no server response can make it work."))
        #expect(!r.out.contains("The server must answer"))
        let json = TestFiles.runTool(["check", "GET", url, "--from", from, "--format", "json"])
        #expect(json.status == 0)
        #expect(json.out.contains(#""sent":false"#) && !json.out.contains(#""sent":true"#), "\(json.out)")
        #expect(json.out.contains(#""verdict_with_minimal_headers":"blocked","reason":"\#(reason)""#), "\(json.out)")
    }

    @Test("A file without expectations ends with 'no expectations', not '0 of 0 expectations held', in text and Mermaid")
    func totalsOfAFileWithoutExpectations() {
        let text = Array("page https://a.example\nfetch GET data:,x\n".utf8)
        let run = TestFiles.runTool(["run", "-", "--browser", "chrome"], stdin: text)
        #expect(run.status == 0)
        #expect(run.out.hasSuffix(": 1 fetch, no expectations\n"), "\(run.out)")
        let mermaid = TestFiles.runTool(["run", "-", "--browser", "chrome", "--format", "mermaid"], stdin: text)
        #expect(mermaid.out.contains("1 fetch, no expectations."), "\(mermaid.out)")
    }

    @Test func checkAcceptsANullOrigin() {
        let r = TestFiles.runTool(["check", "PUT", "https://api.example.com/x", "--from", "null"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Origin: null\n"))
        #expect(r.out.contains("      Access-Control-Allow-Origin: null\n"))
    }

    @Test func checkRunsOnlyTheBrowsersAsked() {
        let r = TestFiles.runTool(["check", "PUT", "https://api.example.com/x", "--from", "https://app.example.com", "--browser", "firefox"])
        #expect(r.status == 0)
        #expect(r.out.contains("\nFirefox\n"))
        #expect(!r.out.contains("Chrome") && !r.out.contains("Safari") && !r.out.contains("Fetch Standard"))
        #expect(r.out.contains("(Firefox caps it at 86400 s)"))
        let bad = TestFiles.runTool(["check", "PUT", "https://api.example.com/x", "--from", "https://app.example.com", "--browser", "opera"])
        #expect(bad.status == 2)
    }

    @Test func checkJSONGivesHeaderValuesAndTheirAlternativesAsData() throws {
        let r = TestFiles.runTool(["check", "GET", "https://api.example.com/x", "--from", "https://app.example.com", "--format", "json"])
        #expect(r.status == 0)
        #expect(!r.out.contains("(or *"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect((object["actual_response_headers"] as? [[String]]) == [["Access-Control-Allow-Origin", "https://app.example.com"]])
        let alternatives = try #require(object["alternatives"] as? [[String: String]])
        #expect(alternatives == [["name": "Access-Control-Allow-Origin", "value": "*", "when": "the request does not include credentials"]])
        // With credentials * does not work: no alternative.
        let credentialed = TestFiles.runTool(["check", "GET", "https://api.example.com/x", "--from", "https://app.example.com",
                                              "--credentials", "include", "--format", "json"])
        #expect(credentialed.out.contains(#""alternatives":[]"#))
        // The text says it on a line of its own.
        let text = TestFiles.runTool(["check", "GET", "https://api.example.com/x", "--from", "https://app.example.com"])
        #expect(text.out.contains("      Access-Control-Allow-Origin: https://app.example.com\n    or\n      Access-Control-Allow-Origin: *   (when the request does not include credentials)\n"))
    }

    @Test func topLevelHelpListsTheLiveOptions() {
        let r = TestFiles.runTool(["--help"])
        for option in ["--live", "--cacert", "--timeout", "--why", "--follow-unmapped", "audit", "har"] {
            #expect(r.out.contains(option), "\(option)")
        }
    }

    @Test(arguments: Help.commands)
    func everyCommandHasHelp(_ command: String) {
        let r = TestFiles.runTool(["help", command])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("Usage: cors-sim \(command)"))
    }

    @Test func compareWhyExplainsEveryRow() throws {
        let r = TestFiles.runTool(["compare", "Scenarios/compare/01-max-age-caps.cors", "--why"])
        let plain = TestFiles.runTool(["compare", "Scenarios/compare/01-max-age-caps.cors"])
        #expect(r.status == plain.status)
        let table = try #require(CompareTable.build(try ScenarioParser.parse(data: TestFiles.read("Scenarios/compare/01-max-age-caps.cors"), file: "x"),
                                                    profiles: [.chrome, .firefox, .safari]).rows as [CompareTable.Row]?)
        #expect(table.contains { !$0.differs }, "the file needs a row where the browsers agree")
        for row in table {
            #expect(r.out.contains("  line \(row.line), t="), "line \(row.line) is not explained")
        }
        #expect(r.out.contains("Why, fetch by fetch:"))
        #expect(r.out.count > plain.out.count)
    }

    @Test func countsAgreeWithTheirNouns() {
        let one = """
        page https://app.example.com
        server https://api.example.com
          GET /data
            200
            Access-Control-Allow-Origin: https://app.example.com
        fetch GET https://api.example.com/data
          expect readable

        """
        let r = TestFiles.runTool(["run", "-"], stdin: Array(one.utf8))
        #expect(r.out.contains("1 route\n"), "\(r.out)")
        #expect(r.out.contains("<stdin>: 1 fetch, 3 of 3 expectations held"), "\(r.out)")
        #expect(!r.out.contains("route(s)") && !r.out.contains("1 fetches"))
    }

    @Test func maxAgeFieldsHaveOneTypeEach() throws {
        var seen = (numbers: 0, nulls: 0)
        for file in TestFiles.corsFiles(under: TestFiles.scenarios) {
            let r = TestFiles.runTool(["run", file, "--format", "json"])
            for line in r.out.split(separator: "\n") {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                guard let results = object["results"] as? [String: [String: Any]] else { continue }
                for result in results.values {
                    for event in result["events"] as? [[String: Any]] ?? [] where event["event"] as? String == "cache-store" {
                        let asked = try #require(event["max_age_asked"])
                        let header = try #require(event["max_age_header"])
                        let seconds = try #require(event["max_age_seconds"])
                        #expect(asked is NSNull || (asked is NSNumber && !(asked is String)), "\(file): \(event)")
                        #expect(seconds is NSNull || seconds is NSNumber, "\(file): \(event)")
                        #expect(header is NSNull || header is String, "\(file): \(event)")
                        if let h = header as? String, let n = Int64(h.trimmingCharacters(in: .whitespaces)) {
                            #expect((asked as? NSNumber)?.int64Value == n, "\(file): \(event)")
                        }
                        if asked is NSNull { seen.nulls += 1 } else { seen.numbers += 1 }
                    }
                }
            }
        }
        // The lessons have both: Max-Age given as a number, and absent or not a number.
        #expect(seen.numbers > 0 && seen.nulls > 0)
    }
}
