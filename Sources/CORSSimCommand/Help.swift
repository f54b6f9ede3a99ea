import CORSSim

/// The `--help` texts.
enum Help {
    static let main = """
    cors-sim \(CommandLineTool.version): how Chrome, Firefox and Safari enforce CORS, simulated step by step.

    Usage:
      cors-sim run FILE... [--browser chrome|firefox|safari|webkitgtk|spec|all] [--format text|json|mermaid|html]
                           [--live ORIGIN=BASEURL]... [--allow-live] [--cacert FILE] [--timeout SECONDS]
                           [--context-headers]
      cors-sim compare FILE [--browser ...] [--format text|json|mermaid|html] [--why]
      cors-sim step FILE [--browser ...]
      cors-sim check METHOD URL --from ORIGIN|null [-H 'Name: value']... [--browser ...]
                                [--credentials omit|same-origin|include] [--mode cors|no-cors|same-origin]
                                [--body TEXT] [--format text|json]
                                [--live[=BASEURL] [--follow-unmapped] [--cacert FILE] [--timeout SECONDS]]
      cors-sim parse FILE...
      cors-sim audit URL --from ORIGIN [--method M] [-H 'Name: value']... [--credentials include]
                         [--min-severity low|medium|high] [--format text|json] [--cacert FILE] [--timeout SECONDS]
      cors-sim har FILE.har [--browser ...] [--credentials auto|omit|include] [--format text|json]
      cors-sim help [run|compare|step|check|parse|audit|har]
      cors-sim --version

    --live sends real requests to a server you run (run: ORIGIN=BASEURL; check: the URL itself,
    or BASEURL); a file's 'server ORIGIN live' steps need --allow-live; --cacert FILE trusts more
    certificates for https, --timeout SECONDS bounds each whole exchange (default 10).
    'cors-sim help COMMAND' says more.

    A FILE of - reads the scenario from standard input.
    Exit status: 0 every expectation held, 1 an expectation failed, 2 a bad file or bad arguments.
    Colours only on a terminal, never when NO_COLOR is set.

    """

    static let run = """
    Usage: cors-sim run FILE... [--browser chrome|firefox|safari|webkitgtk|spec|all] [--format text|json|mermaid|html]
                                [--live ORIGIN=BASEURL]... [--allow-live] [--cacert FILE] [--timeout SECONDS]
                                [--context-headers]

    Replays each scenario file in every browser (chrome, firefox and safari unless --browser says
    otherwise; 'all' adds spec, the Fetch Standard itself; webkitgtk, WebKit's GTK port, runs when
    named; a comma list such as chrome,safari works too) and shows, for each fetch: the request, why it is simple or preflighted, every exchange on
    the wire, the preflight cache's decisions, the verdict, the console text and what the script
    sees; then which expectations failed, with file:line.

      --browser NAMES   which profiles to run; NAME@VERSION for an older version
                        (chrome@75; chrome 70-156 and firefox 115-153 are modelled)
      --format FORMAT   text (default), json (JSON Lines, schema cors-sim/run version 1),
                        mermaid (Markdown: a Mermaid sequence diagram per browser) or html
                        (one self-contained page: an SVG sequence diagram per browser, the
                        preflight cache and HTTP cache over time, each failure's console text)
      --live O=URL      send the requests for origin O to the real server at URL (e.g.
                        https://api.example.com=http://127.0.0.1:8080), repeatable
      --allow-live      let a file's 'server ORIGIN live' steps send real requests to ORIGIN
                        itself; without it (or --live for that origin) such a file is refused
      --cacert FILE     PEM certificates to trust for https live servers (besides the system's)
      --timeout SECONDS deadline for each whole live exchange: connect, TLS, request, response
                        (default 10)
      --context-headers also show each request's Referer and Sec-Fetch-* lines in the text
                        trace (they are always sent to servers and listed in JSON)

    All files are parsed before any runs. Output stops at 64 MiB plus 256 bytes per input byte.
    Exit status 0 / 1 (an expectation failed) / 2 (bad file or arguments, or the output budget
    ran out; wins over 1).

    """

    static let compare = """
    Usage: cors-sim compare FILE [--browser NAMES] [--format text|json|mermaid|html] [--why]

    One table: a row per fetch, a column per browser (preflight sent / cached / none, and the
    verdict). Rows where the browsers differ are marked with ≠ and explained below the table;
    with --why every row is explained (the cache's decisions, the failure).
    With --format mermaid the table is Markdown followed by a sequence diagram per browser; with
    --format html the browsers' diagrams stand side by side, each step at the same height.
    Versions of one browser compare too: --browser chrome@75,chrome.

    """

    static let step = """
    Usage: cors-sim step FILE [--browser NAMES]

    Walks through a scenario one step per screen: the lesson's note, the request the script
    made, why it is simple or preflighted, the exchanges on the wire, the preflight cache before
    and after (key URL, allowed methods and headers, expiry in virtual time), the HTTP cache
    after it, the verdict, the console and what the script sees.

    Keys: n, space or → next · b or ← back · tab or 1-9 switch browser · ↑ ↓ scroll · q quit

    Without a terminal (standard input or output redirected) it prints every screen, each step
    in each browser, and exits 0.

    """

    static let check = """
    Usage: cors-sim check METHOD URL --from ORIGIN [-H 'Name: value']... [--browser NAMES]
                          [--credentials MODE] [--mode MODE] [--body TEXT] [--format text|json]
                          [--live[=BASEURL]] [--follow-unmapped] [--cacert FILE] [--timeout SECONDS]

    One request, no scenario: is it simple or preflighted and why, the exact preflight each
    browser sends, and the minimal response headers a server must return to allow it.

      --from ORIGIN        the page's origin, e.g. https://app.example.com, or null (an opaque
                           origin: a sandboxed iframe, a document after a tainting redirect)
      --browser NAMES      chrome, firefox, safari, webkitgtk, spec (default: chrome, firefox,
                           safari and spec; with --live the first three), or a comma list
      -H, --header 'N: v'  a header the script sets (repeatable)
      --credentials MODE   omit, same-origin (default) or include
      --mode MODE          cors (default), no-cors or same-origin
      --body TEXT          a string body (fetch() adds Content-Type: text/plain;charset=UTF-8)
      --format FORMAT      text (default) or json (schema cors-sim/check, or cors-sim/check-live
                           with --live; README, "JSON output")
      --live[=BASEURL]     send the exact preflight and request to the real server (at URL, or
                           at BASEURL such as http://127.0.0.1:8080) and judge its responses per
                           browser; exit status 1 when a browser blocks it. Each distinct request
                           is sent once and shared by the browsers that send the same bytes; a
                           browser whose request differs is sent separately, with a warning
      --follow-unmapped    with --live: let a redirect take the request to another origin's real
                           host (without it the tool stops there and says so)
      --cacert FILE, --timeout SECONDS   as for run

    """

    static let parse = """
    Usage: cors-sim parse FILE...

    Checks each scenario file and prints its parsed form as JSON, one object per file (schema
    cors-sim/scenario version 1): how tools in other languages read scenario files.

    """

    static let audit = """
    Usage: cors-sim audit URL --from ORIGIN [--method M] [-H 'Name: value']... [--body TEXT]
                          [--credentials omit|same-origin|include] [--min-severity low|medium|high]
                          [--format text|json] [--cacert FILE] [--timeout SECONDS]

    Probes a real endpoint for the CORS misconfigurations tutorials warn about. The request
    (--method, -H, --body) is sent from the front end's origin (--from) and from origins an
    attacker controls: an arbitrary one (https://evil.com), null, a suffix match
    (evil-example.com), a prefix match (example.com.evil.com) and plain http: for an https:
    site; each with and without credentials, through the Chrome, Firefox and Safari profiles.
    It also checks * (with and without credentials), Allow-Credentials values other than true,
    Vary: Origin, Expose-Headers sent only on the preflight, error responses (a path that
    404s) without CORS headers, and Max-Age above a browser's cap or unparsable.

    Severity is what a browser lets a script do: high, another site reads credentialed data;
    medium, it needs a network attacker (http:) ; low, it breaks your own requests or exposes
    only what needs no credentials; informational, no browser lets a script exploit it.

    Exit status: 1 when a finding at or above --min-severity (default medium) exists, 0 when
    none, 2 on bad arguments or when the server cannot be reached.
    The probes are real requests: audit a server you own (a development or staging instance).

    """

    static let har = """
    Usage: cors-sim har FILE.har [--browser NAMES] [--credentials auto|omit|include] [--format text|json]

    Replays the cross-origin CORS requests of a HAR file (exported from Chrome's or Firefox's
    DevTools network panel) in each browser profile, with the recorded responses standing in
    for the server: recorded preflights are matched to their requests. For each request it
    prints every browser's verdict and, for each one that fails, the console message.

      --browser NAMES     chrome, firefox, safari (default: all three), webkitgtk, spec, or a
                          comma list
      --credentials MODE  the fetch() credentials mode; HAR files do not record it. auto
                          (default): include when the request carried cookies, else same-origin
      --format FORMAT     text (default) or json (schema cors-sim/har version 1)

    The page's origin comes from the request's Origin header, else the page's URL, else its
    Referer. Exit status: 0 every request is readable in every browser, 1 some browser fails
    one, 2 a bad file or bad arguments.

    """

    /// Every command, in the order the usage lists them.
    static let commands = ["run", "compare", "step", "check", "parse", "audit", "har"]

    static func forCommand(_ name: String) -> String? {
        switch name {
        case "run": return run
        case "compare": return compare
        case "step": return step
        case "check": return check
        case "parse": return parse
        case "audit": return audit
        case "har": return har
        default: return nil
        }
    }
}
