/// The `--help` texts.
enum Help {
    static let main = """
    cors-sim \(CommandLineTool.version): how Chrome, Firefox and Safari enforce CORS, simulated step by step.

    Usage:
      cors-sim run FILE... [--browser chrome|firefox|safari|spec|all] [--format text|json|mermaid|html]
      cors-sim compare FILE [--browser ...] [--format text|json|mermaid|html]
      cors-sim step FILE [--browser ...]
      cors-sim check METHOD URL --from ORIGIN [-H 'Name: value']... [--credentials omit|same-origin|include]
                                [--mode cors|no-cors|same-origin] [--body TEXT] [--format text|json]
      cors-sim parse FILE...
      cors-sim audit URL --from ORIGIN [--method M] [-H 'Name: value']... [--credentials include]
                         [--min-severity low|medium|high] [--format text|json]
      cors-sim har FILE.har [--browser ...] [--credentials auto|omit|include] [--format text|json]
      cors-sim help [run|compare|step|check|parse|audit|har]
      cors-sim --version

    A FILE of - reads the scenario from standard input.
    Exit status: 0 every expectation held, 1 an expectation failed, 2 a bad file or bad arguments.
    Colours only on a terminal, never when NO_COLOR is set.

    """

    static let run = """
    Usage: cors-sim run FILE... [--browser chrome|firefox|safari|spec|all] [--format text|json|mermaid|html]
                                [--live ORIGIN=BASEURL]... [--allow-live] [--cacert FILE] [--timeout SECONDS]

    Replays each scenario file in every browser (chrome, firefox and safari unless --browser says
    otherwise; 'all' adds spec, the Fetch Standard itself; a comma list such as chrome,safari works
    too) and shows, for each fetch: the request, why it is simple or preflighted, every exchange on
    the wire, the preflight cache's decisions, the verdict, the console text and what the script
    sees; then which expectations failed, with file:line.

      --browser NAMES   which profiles to run
      --format FORMAT   text (default), json (JSON Lines, schema cors-sim/run version 1),
                        mermaid (Markdown: a Mermaid sequence diagram per browser) or html
                        (one self-contained page: an SVG sequence diagram per browser, the
                        preflight cache over time, each failure's console text)
      --live O=URL      send the requests for origin O to the real server at URL (e.g.
                        https://api.example.com=http://127.0.0.1:8080), repeatable
      --allow-live      let a file's 'server ORIGIN live' steps send real requests to ORIGIN
                        itself; without it (or --live for that origin) such a file is refused
      --cacert FILE     PEM certificates to trust for https live servers (besides the system's)
      --timeout SECONDS deadline for each whole live exchange: connect, TLS, request, response
                        (default 10)

    All files are parsed before any runs. Output stops at 64 MiB plus 256 bytes per input byte.
    Exit status 0 / 1 (an expectation failed) / 2 (bad file or arguments, or the output budget
    ran out; wins over 1).

    """

    static let compare = """
    Usage: cors-sim compare FILE [--browser NAMES] [--format text|json|mermaid|html]

    One table: a row per fetch, a column per browser (preflight sent / cached / none, and the
    verdict). Rows where the browsers differ are marked with ≠ and explained below the table.
    With --format mermaid the table is Markdown followed by a sequence diagram per browser; with
    --format html the browsers' diagrams stand side by side, each step at the same height.

    """

    static let step = """
    Usage: cors-sim step FILE [--browser NAMES]

    Walks through a scenario one step per screen: the lesson's note, the request the script
    made, why it is simple or preflighted, the exchanges on the wire, the preflight cache before
    and after (key URL, allowed methods and headers, expiry in virtual time), the verdict, the
    console and what the script sees.

    Keys: n, space or → next · b or ← back · tab or 1-4 switch browser · ↑ ↓ scroll · q quit

    Without a terminal (standard input or output redirected) it prints every screen, each step
    in each browser, and exits 0.

    """

    static let check = """
    Usage: cors-sim check METHOD URL --from ORIGIN [-H 'Name: value']... [--credentials MODE]
                          [--mode MODE] [--body TEXT] [--format text|json] [--live[=BASEURL]]

    One request, no scenario: is it simple or preflighted and why, the exact preflight each
    browser sends, and the minimal response headers a server must return to allow it.

      --from ORIGIN        the page's origin, e.g. https://app.example.com
      -H, --header 'N: v'  a header the script sets (repeatable)
      --credentials MODE   omit, same-origin (default) or include
      --mode MODE          cors (default), no-cors or same-origin
      --body TEXT          a string body (fetch() adds Content-Type: text/plain;charset=UTF-8)
      --live[=BASEURL]     send the exact preflight and request to the real server (at URL, or
                           at BASEURL such as http://127.0.0.1:8080) and judge its responses per
                           browser; exit status 1 when a browser blocks it (--cacert, --timeout
                           as for run)

    """

    static let parse = """
    Usage: cors-sim parse FILE...

    Checks each scenario file and prints its parsed form as JSON, one object per file (schema
    cors-sim/scenario version 1): how tools in other languages read scenario files.

    """

    static func forCommand(_ name: String) -> String? {
        switch name {
        case "run": return run
        case "compare": return compare
        case "step": return step
        case "check": return check
        case "parse": return parse
        default: return nil
        }
    }
}
