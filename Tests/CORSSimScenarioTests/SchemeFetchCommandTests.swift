import Foundation
import Testing
import CORSSimTestSupport

/// The command line with fetches of URLs whose scheme is not HTTP(S): hostile data: URLs give
/// escaped output or a located error, never raw control bytes or a crash.
@Suite("Scheme fetch: the command line")
struct SchemeFetchCommandTests {
    @Test("A data: body with ESC, BEL, NUL and a C1 control is shown escaped in the text trace, with its expectations")
    func controlBytesEscaped() {
        let text = "page http://a.example\nfetch GET data:,%1B[31mred%07%00%C2%9B\n  expect readable\n  expect status 200\n  expect exposed content-type\n"
        let r = TestFiles.runTool(["run", "-", "--browser", "chrome"], stdin: Array(text.utf8))
        #expect(r.status == 0)
        #expect(r.out.contains("    body: \\x1b[31mred\\x07\\0\\u009b\n"))
        #expect(!r.out.utf8.contains(0x1B) && !r.out.utf8.contains(0x07) && !r.out.utf8.contains(0x00))
        #expect(r.out.contains("made by the browser from the data: URL (nothing sent)"))
    }

    @Test("A fetch expects each engine's reason for another scheme")
    func reasonsExpected() {
        let text = """
        page http://a.example
        fetch GET data:;base64,a
          expect reason invalid-data-url
        fetch GET blob:http://a.example/x
          expect reason unknown-blob-url
        fetch GET about:blank mode=no-cors
          expect chrome: reason unsupported-scheme
          expect firefox: opaque
          expect safari: reason unsupported-scheme

        """
        let r = TestFiles.runTool(["run", "-"], stdin: Array(text.utf8))
        #expect(r.status == 0, "\(r.out)")
    }

    @Test("Views of a data: fetch: compare shows the whole URL, the diagram draws no server lane and says CORS does not apply, a refused one never reached a server")
    func viewsOfADataFetch() {
        let text = "page https://a.example\nfetch GET data:text/plain,hi\nfetch GET data:;base64,a\n"
        let compare = TestFiles.runTool(["compare", "-"], stdin: Array(text.utf8))
        #expect(compare.status == 0)
        #expect(compare.out.contains("GET data:text/plain,hi "), "\(compare.out)")
        let mermaid = TestFiles.runTool(["run", "-", "--browser", "chrome", "--format", "mermaid"], stdin: Array(text.utf8))
        #expect(mermaid.status == 0)
        #expect(!mermaid.out.contains("participant S1"), "\(mermaid.out)")
        #expect(mermaid.out.contains("a data: URL: nothing goes to the network, CORS does not apply"))
        #expect(!mermaid.out.contains("no preflight needed"))
        let run = TestFiles.runTool(["run", "-", "--browser", "chrome"], stdin: Array(text.utf8))
        #expect(run.out.contains("    a data: URL: nothing goes to the network, CORS does not apply\n"))
        #expect(run.out.contains("no request: a data: URL never goes to a server"))
    }

    @Test("A data: URL longer than a line may be is a located error, exit status 2 (the URL limit is the line limit's)")
    func hugeDataURL() {
        let text = "page http://a.example\nfetch GET data:;base64," + String(repeating: "QUJD", count: 5000) + "\n"
        let r = TestFiles.runTool(["run", "-"], stdin: Array(text.utf8))
        #expect(r.status == 2)
        #expect(r.err.contains("<stdin>:2:"))
        #expect(r.out.isEmpty)
    }
}
