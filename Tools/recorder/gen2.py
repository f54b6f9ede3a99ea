"""Second generator family for the differential tester: random, valid, recordable scenarios near
the edges gen.py never reaches (issues 14 and 20: the misses are in behaviour nobody recorded).

    python3 Tools/recorder/gen2.py --seed 9101 --count 20 --out /tmp/gen2     # same seed, same files
    python3 Tools/recorder/difftest.py --family edge --seed 9101 --count 300 --out /tmp/dt9101

gen.py draws http origins on three loopback hosts, methods, modes, headers, bodies, preflight
answers, redirect chains and waits. This family draws, one kind per scenario (weights below):

* `url`: fetch URLs that exercise the WHATWG URL parser: dot segments (`/a/../b`, `%2e`, `.%2E`),
  `//`, `%2f`, percent-encoding of `|^{}"<>'` and backtick, non-ASCII, bad escapes (`%zz`, `%`),
  backslashes, upper-case scheme and host, `:080`-style ports, IPv4 in every number form
  (`127.1`, `0x7f.1`, `2130706433`, octal, a trailing dot, percent-encoded digits), queries and
  fragments; sometimes a second fetch of the same resource in another spelling (cache keys);
* `location`: 1 or 2 redirects whose `Location` is such a URL: relative (`h1`, `./`, `../`,
  `?q`, `#f`), scheme-relative, backslashed, a space, non-ASCII, userinfo, other schemes
  (`data:`, `about:`, `ftp:`, `javascript:`), `http:/path`, and URLs the parser refuses;
* `mixed`: an https page asking for http targets (another host, `localhost`, `127.0.0.1`,
  `*.localhost`, IPv4 spellings), directly or after an https redirect, in every mode;
* `page`: `page null` (opaque origin, `Origin: null`) and `page ... in TOP` (an embedded page),
  with credentials, preflights, redirects and a cached response fetched again from another top;
* `expose`: which response headers the script sees: Access-Control-Expose-Headers lists (`*`,
  spellings, separators, empty items, quoted names, two lines) with and without credentials,
  the safelisted response headers, `Set-Cookie`, same-origin and no-cors responses;
* `status`: the final response's status (200-599: 203, 205, 206, 226, 299, 300, 304 unasked,
  305, 306, 3xx without Location, 401 with WWW-Authenticate, 407, 408, 421, 425, 511, 599)
  in every mode and with HEAD;
* `ctor`: what `fetch()` refuses before sending: forbidden methods in any case, non-Latin-1 and
  Latin-1-edge header values, forbidden header names, token-edge header names, method-override
  headers naming forbidden methods, userinfo in the URL, bodies on GET/HEAD, no-cors with
  redirect error/manual, only-if-cached outside same-origin;
* `cache`: the HTTP cache with validators: ETag/Last-Modified responses with `no-cache`,
  `max-age=0`, `must-revalidate`, heuristic freshness, `Vary`, fetched again after a wait with
  every cache mode, sometimes with the script's own If-None-Match.

Not drawn (why): cookies (gen3.py draws them), 304 answers to conditional requests (gen3.py's
`revalidate` kind: the recorder's servers evaluate `when` conditions since 2026-12-02; before, they
answered the first route whatever the request), 1xx final statuses (browsers wait for a final response), `keepalive`/`priority`/`integrity` and
invalid header names or values (not expressible in the format, Tools/recorder/README.md).

Every file is a case under its own /case/<name>/ path, so a batch records in one browser
session. The same seed writes the same files (random.Random("seed/index"); no clock).
"""
import os
import re

import gen  # write_scenarios: how both families write their files

PAGE = "http://127.0.0.1:8801"
API = "http://localhost:8802"
THIRD = "http://127.0.0.1:8803"
NAMED = "http://api.example:8802"          # a DNS name (resolved to 127.0.0.1 by the recorder)
HPAGE = "https://app.example:8443"
HAPI = "https://api.example:8444"

KINDS = [("url", 22), ("location", 18), ("mixed", 10), ("page", 10), ("expose", 14), ("status", 10), ("ctor", 8), ("cache", 8)]

# Spellings of the hosts above that the URL Standard parses to them.
API_SPELL = ["http://localhost:8802", "http://LOCALHOST:8802", "HTTP://localhost:8802", "http://LocalHost:8802",
             "http://localhost:08802", "Http://LOCALHOST:008802", "http:\\\\localhost:8802", "http:/\\localhost:8802",
             "http://loc%61lhost:8802", "http://localhost.:8802"]
THIRD_SPELL = ["http://127.0.0.1:8803", "http://127.1:8803", "http://127.0.1:8803", "http://0x7f.1:8803", "http://0X7F.0.0.1:8803",
               "http://2130706433:8803", "http://0x7f000001:8803", "http://0177.0.0.1:8803", "http://017700000001:8803",
               "http://127.0.0.1.:8803", "http://127.000.000.001:8803", "http://%31%32%37.0.0.1:8803", "http://127.0.0.1:08803",
               "http://\uff11\uff12\uff17.0.0.1:8803", "http://0x7f.0x0.0x0.0x1:8803", "http://127.0.0.0x1:8803"]
PATHS = ["/a", "/a/../b", "/a/./b", "/a/%2e%2e/b", "/a/%2E%2E/b", "/a/.%2e/b", "/a/%2e./b", "/%2e/b", "/a/..", "/a/.", "/a/%2e",
         "//b", "/a//b", "/a%2fb", "/a%2Fb", "/a%20b", "/\u00e9", "/%C3%A9", "/%c3%a9", "/a|b", "/a^b", "/a{b}", "/a\"b", "/a<b>",
         "/a`b", "/a'b", "/a\\b", "/a%zz", "/a%", "/a%2", "/~a", "/a;b=c", "/a[b]", "/a%00b", "/\U0001F600", "/A/../B",
         "/a/b/../../c", "/a/./../b", "/a%7Cb", "/a%5E", "/a+b", "/a$b", "/a!b", "/a=b", "/a@b", "/a:b", "/a,b", "/a*b",
         "/\u00ff", "/\u0100", "/a\u3000b", "/..%2f", "/a%252e"]
QUERIES = ["", "", "", "?", "?a=1", "?a=\u00e9", "?a='b'", "?a=\"<>\"", "?a=%zz", "?a=|^{}", "?a=`x`", "??", "?a=1&a=2",
           "?a\\b", "?%2e%2e", "?a=%C3%A9", "?\U0001F600", "?a#"]
FRAGS = ["", "", "", "", "#", "#f", "#\u00e9", "#a#b", "#\"<>`", "#%zz", "#a|b"]
ACAO_SIMPLE = ["*", "*", "{origin}", PAGE, "null"]


def spell(r, name):
    return r.choice([name, name, name.lower(), name.upper()])


def route(path, status, headers, body=None):
    text = "  %s\n    %d\n%s" % (path, status, "".join("    %s\n" % h for h in headers))
    if body is None:
        body = "" if status in (204, 304) else "ok"
    if body:
        text += "\n    %s\n" % body
    return text


def addressed(origin):
    """The origin with `address loopback` when its host is a DNS name: the recorder resolves every
    name to 127.0.0.1 (Tools/recorder/README.md), and a name without an address is public in the
    simulator (Local Network Access would then refuse its requests to loopback)."""
    host = origin.split("//", 1)[1].rsplit(":", 1)[0]
    if host[0].isdigit() or host == "localhost" or host.endswith(".localhost") or host.startswith("["):
        return origin
    return origin + " address loopback"


def server(origin, routes):
    return "server %s\n%s\n" % (addressed(origin), "".join(routes))


TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def fetch(method, url, opts=(), headers=(), body=()):
    # A name that is not a token (`X-\u00e9`) is written as a `raw-header` line, which the format
    # needs for a header the Request constructor refuses (Docs/scenario-format.md).
    return "fetch %s %s%s\n" % (method, url, "".join(" " + o for o in opts)) + \
        "".join(("  %s: %s\n" if TOKEN.match(n) else "  raw-header %s: %s\n") % (n, v) for n, v in headers) + \
        "".join("  %s\n" % b for b in body)


def mode_opts(r, weights=(70, 18, 12)):
    opts = []
    mode = r.choices(["cors", "no-cors", "same-origin"], weights)[0]
    if mode != "cors":
        opts.append("mode=" + mode)
    cred = r.choices(["same-origin", "include", "omit"], [60, 30, 10])[0]
    if cred != "same-origin":
        opts.append("credentials=" + cred)
    return opts, cred == "include"


def preflight_trigger(r):
    """(method, headers, body) of a request that needs a preflight half of the time."""
    c = r.random()
    if c < 0.5:
        return r.choice(["GET", "GET", "POST", "HEAD"]), [], []
    if c < 0.75:
        return "GET", [("X-Foo", "1")], []
    return r.choice(["PUT", "DELETE", "PATCH"]), [], (["body x"] if r.random() < 0.5 else [])


def allow_routes(r, n, cred, method, headers):
    """The CORS answer of an API server: an OPTIONS route (sometimes) and a catch-all route."""
    acao = "{origin}" if cred or r.random() < 0.3 else "*"
    lines = ["Access-Control-Allow-Origin: " + acao]
    if cred:
        lines.append("Access-Control-Allow-Credentials: true")
    routes = []
    if r.random() < 0.85:
        pf = list(lines) + ["Access-Control-Allow-Methods: " + (method if method.upper() not in ("GET", "HEAD", "POST") else "PUT")]
        if headers:
            pf.append("Access-Control-Allow-Headers: " + ", ".join(h for h, _ in headers))
        if r.random() < 0.3:
            pf.append("Access-Control-Max-Age: 60")
        routes.append(route("OPTIONS /case/%s/*" % n, 204, pf))
    routes.append(route("* /case/%s/*" % n, 200, lines))
    return routes


# ------------------------------------------------------------------ kinds

def k_url(r, n):
    method, headers, body = preflight_trigger(r)
    opts, cred = mode_opts(r, (80, 15, 5))
    c = r.random()
    if c < 0.45:
        origin, spells = API, API_SPELL
    elif c < 0.9:
        origin, spells = THIRD, THIRD_SPELL
    else:
        origin, spells = PAGE, ["http://127.0.0.1:8801", "HTTP://127.1:8801", "http://0x7f.1:8801", "http://127.0.0.1:08801"]
    host = r.choice(spells)
    path = "/case/%s%s" % (n, r.choice(PATHS))
    if r.random() < 0.2:
        path = "/case/%s%s%s" % (n, r.choice(PATHS), r.choice(PATHS))
    url = host + path + r.choice(QUERIES) + r.choice(FRAGS)
    blocks = [server(origin, allow_routes(r, n, cred, method, headers))]
    steps = [fetch(method, url, opts, headers, body)]
    if r.random() < 0.35:
        # the same resource again, maybe in another spelling: preflight cache and HTTP cache keys
        url2 = r.choice(spells) + r.choice([path, "/case/%s%s" % (n, r.choice(PATHS))]) + r.choice(QUERIES) + r.choice(FRAGS)
        steps.append(fetch(method, url2, opts, headers, body))
    return "url: %s %s" % (method, " ".join(opts) or "defaults"), PAGE, blocks, steps


def location_value(r, n, nxt_origin, nxt_path):
    """A Location naming nxt_origin + nxt_path (or failing to), drawn from the parser's edges."""
    hop = nxt_path.rsplit("/", 1)[-1]
    host = nxt_origin
    if nxt_origin == API:
        host = r.choice(API_SPELL[:8])
    elif nxt_origin == THIRD:
        host = r.choice(THIRD_SPELL)
    c = r.random()
    if c < 0.3:
        return host + nxt_path + r.choice(["", "", "?q=1", "#l", "?a=\u00e9", "#\u00e9"])
    auth = nxt_origin.split("//", 1)[1]
    if c < 0.4:
        return "//" + auth + nxt_path
    if c < 0.47:
        return r.choice(["http:\\\\", "\\\\", "/\\"]) + auth + nxt_path.replace("/", "\\")
    # relative forms resolve against the redirecting URL: only when it is the same origin
    if c < 0.75:
        return r.choice([hop, "./" + hop, "../%s/%s" % (n, hop), "/case/%s/x/../%s" % (n, hop), "/case/%s/%s" % (n, hop),
                         "/case/%s/x/%%2e%%2e/%s" % (n, hop), "\\case\\%s\\%s" % (n, hop), "/case/%s/%s " % (n, hop),
                         "/case/%s/%s x" % (n, hop), "/case/%s/%s\u00e9" % (n, hop), "/case/%s/%s|^{}" % (n, hop),
                         "/case/%s/%s?a b" % (n, hop), "/case/%s/%s#f g" % (n, hop), "%s?%s" % (hop, "q"),
                         "http:/case/%s/%s" % (n, hop), "/case/%s/%s%%zz" % (n, hop), "/case/%s/%s\U0001F600" % (n, hop)])
    if c < 0.85:
        return r.choice(["http://u:p@", "http://u@", "http://@", "http://:@", "http://:p@"]) + auth + nxt_path
    return r.choice(["http://[::1", "http://a b/", "http://256.0.0.1/", "http://0x100000000/", "http://127.0.0.1:99999/",
                     "http://localhost:8802:1/", "data:text/plain,x", "about:blank", "ftp://localhost/x", "javascript:1",
                     "blob:http://127.0.0.1:8801/x", "http://", "http:", "//", "#only", "?", "http://%zz/", "http://a%2fb/",
                     "http://[::1]:8802/case/%s/%s" % (n, hop), "https://localhost:8802/case/%s/%s" % (n, hop)])


def k_location(r, n):
    method, headers, body = preflight_trigger(r)
    opts, cred = mode_opts(r, (80, 20, 0))
    redirect = r.choices(["follow", "manual", "error"], [85, 10, 5])[0]
    if redirect != "follow":
        opts.append("redirect=" + redirect)
    hops = r.choice([1, 1, 1, 2])
    chain = [r.choice([API, THIRD, PAGE])] + [r.choice([API, THIRD, PAGE, API]) for _ in range(hops)]
    routes = {}
    desc = []
    for i, origin in enumerate(chain):
        path = "/case/%s/h%d" % (n, i)
        if i < hops:
            st = r.choice([301, 302, 303, 307, 308])
            loc = location_value(r, n, chain[i + 1], "/case/%s/h%d" % (n, i + 1))
            lines = ["Access-Control-Allow-Origin: " + ("{origin}" if cred else r.choice(["*", "{origin}"]))]
            if cred:
                lines.append("Access-Control-Allow-Credentials: true")
            lines.append("Location: " + loc)
            routes.setdefault(origin, []).append(route("* " + path, st, lines, body=""))
            desc.append("%d %s" % (st, loc))
    # In chain order, each origin once: iterating a set would follow Python's per-process string
    # hash seed, so the routes and the random draws after them would differ run to run.
    for origin in dict.fromkeys(chain):
        routes.setdefault(origin, []).extend(allow_routes(r, n, cred, method, headers))
    blocks = [server(o, rs) for o, rs in routes.items()]
    steps = [fetch(method, "%s/case/%s/h0" % (chain[0], n), opts, headers, body)]
    return "location: %s" % "; ".join(desc), PAGE, blocks, steps


def k_mixed(r, n):
    page = r.choice([HPAGE, HPAGE, "https://app.example"])
    method, headers, body = preflight_trigger(r)
    opts, cred = mode_opts(r, (65, 35, 0))
    targets = [(NAMED, ["http://api.example:8802", "http://API.EXAMPLE:8802", "http://api.example.:8802"]),
               (API, ["http://localhost:8802", "http://LOCALHOST:8802"]),
               (THIRD, ["http://127.0.0.1:8803", "http://127.1:8803", "http://0x7f.1:8803", "http://2130706433:8803"]),
               ("http://sub.localhost:8802", ["http://sub.localhost:8802", "http://SUB.localhost:8802"]),
               ("http://app.example:8805", ["http://app.example:8805"])]
    origin, spells = r.choice(targets)
    blocks = []
    if r.random() < 0.4:
        # an https hop first, redirected to the http target
        st = r.choice([301, 302, 307, 308])
        loc = r.choice(spells) + "/case/%s/t" % n
        lines = ["Access-Control-Allow-Origin: " + ("{origin}" if cred else "*"), "Location: " + loc]
        if cred:
            lines.append("Access-Control-Allow-Credentials: true")
        blocks.append(server(HAPI, [route("* /case/%s/h0" % n, st, lines, body="")] + allow_routes(r, n, cred, method, headers)))
        url = HAPI + "/case/%s/h0" % n
        desc = "https %d -> %s" % (st, loc)
    else:
        url = r.choice(spells) + "/case/%s/t" % n
        desc = url
    blocks.append(server(origin, allow_routes(r, n, cred, method, headers)))
    return "mixed: %s %s" % (desc, " ".join(opts)), page, blocks, [fetch(method, url, opts, headers, body)]


def k_page(r, n):
    method, headers, body = preflight_trigger(r)
    opts, cred = mode_opts(r, (75, 20, 5))
    c = r.random()
    target = r.choice([API, THIRD, PAGE])
    acao = r.choice(["*", "null", "{origin}", PAGE, "Null", "null, null", "", None])
    lines = [] if acao is None else ["Access-Control-Allow-Origin: " + acao]
    if cred or r.random() < 0.1:
        lines.append("Access-Control-Allow-Credentials: " + r.choice(["true", "true", "false"]))
    cacheable = r.random() < 0.4
    if cacheable:
        lines.append("Cache-Control: max-age=600")
    routes = []
    if r.random() < 0.85:
        pf = list(lines) + ["Access-Control-Allow-Methods: %s" % method]
        if headers:
            pf.append("Access-Control-Allow-Headers: " + ", ".join(h for h, _ in headers))
        routes.append(route("OPTIONS /case/%s/*" % n, 204, pf))
    if r.random() < 0.25:
        st = r.choice([301, 302, 307])
        loc = r.choice([API, THIRD]) + "/case/%s/h1" % n
        routes.append(route("* /case/%s/h0" % n, st, lines + ["Location: " + loc], body=""))
        extra = [loc.split("/case/")[0]]
    else:
        extra = []
    routes.append(route("* /case/%s/*" % n, 200, lines))
    blocks = [server(o, routes) for o in sorted(set([target] + extra))]
    url = "%s/case/%s/h0" % (target, n)
    if c < 0.5:
        page_lines = ["page null"]
        steps = [fetch(method, url, opts, headers, body)]
        if r.random() < 0.4:
            steps.append(r.choice(["page null\n", "wait 100ms\n"]))
            steps.append(fetch(method, url, opts, headers, body))
        desc = "page null"
    else:
        top = r.choice(["http://localhost:8806", "http://127.0.0.1:8806", "http://top.example:8806", PAGE])
        page_lines = ["page %s in %s" % (PAGE, top)]
        steps = [fetch(method, url, opts + (["cache=force-cache"] if cacheable and r.random() < 0.5 else []), headers, body)]
        if cacheable or r.random() < 0.3:
            top2 = r.choice(["http://localhost:8807", "http://other.example:8807", top])
            steps.append("page %s%s\n" % (PAGE, r.choice(["", " in " + top2])))
            steps.append(fetch(method, url, opts, headers, body))
        desc = page_lines[0]
    return "page: %s, %s %s" % (desc, method, " ".join(opts)), PAGE, blocks, steps, page_lines


EXPOSE_VALUES = ["*", "X-A", "x-a", "X-A, X-B", "X-A,X-B", "X-A , X-B", "X-A,,X-B", ",X-A", "X-A,", "X-A;X-B", '"X-A"', "X-A X-B",
                 "*, X-A", "X-A, *", "**", "* ", "x-a,x-b,*", "Set-Cookie", "set-cookie, x-a", "Access-Control-Allow-Origin",
                 "X-A\u00e9", "X-\u00c1", "X-A, x-a", "X_B", "X-A\t,\tX-B", ",", "Content-Length", "x-a:", "X-A\u00a0X-B", "ETag, Vary",
                 "WWW-Authenticate", "x-b, X-A, x-c"]
RESPONSE_HEADERS = ["X-A: 1", "X-B: 2", "x-c: 3", "Cache-Control: no-cache", "Content-Language: en", "Content-Type: text/plain",
                    "Expires: 0", "Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT", "Pragma: no-cache", "Set-Cookie: a=1",
                    "Set-Cookie2: b=1", "ETag: \"e1\"", "Vary: Origin", "Link: </x>; rel=preload", "X_B: 4", "Server: sim",
                    "WWW-Authenticate: Basic", "Content-Disposition: inline", "X-A: 5", "Age: 3", "Date: Mon, 01 Jan 2024 00:00:00 GMT"]


def k_expose(r, n):
    opts, cred = mode_opts(r, (80, 12, 8))
    target = r.choice([API, API, THIRD, PAGE])
    lines = []
    if r.random() < 0.93:
        lines.append("Access-Control-Allow-Origin: " + ("{origin}" if cred and r.random() < 0.85 else r.choice(["*", "{origin}"])))
    if cred and r.random() < 0.9:
        lines.append("Access-Control-Allow-Credentials: true")
    for _ in range(r.choice([1, 1, 1, 2])):
        lines.append("%s: %s" % (spell(r, "Access-Control-Expose-Headers"), r.choice(EXPOSE_VALUES)))
    lines += r.sample(RESPONSE_HEADERS, r.choice([2, 3, 4, 5]))
    method = r.choice(["GET", "GET", "HEAD", "POST"])
    blocks = [server(target, [route("* /case/%s/*" % n, r.choice([200, 200, 200, 201, 404]), lines)])]
    return "expose: %s %s" % (method, " ".join(opts)), PAGE, blocks, [fetch(method, "%s/case/%s/r" % (target, n), opts)]


FINAL_STATUSES = [200, 201, 202, 203, 204, 205, 206, 207, 226, 250, 299, 300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 399,
                  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 425,
                  426, 428, 429, 431, 451, 499, 500, 501, 502, 503, 504, 505, 507, 511, 520, 598, 599]


def k_status(r, n):
    opts, cred = mode_opts(r, (70, 20, 10))
    redirect = r.choices(["follow", "manual", "error"], [70, 20, 10])[0]
    if redirect != "follow":
        opts.append("redirect=" + redirect)
    st = r.choice(FINAL_STATUSES)
    method = r.choice(["GET", "GET", "HEAD", "POST", "PUT"])
    target = r.choice([API, API, THIRD, PAGE])
    lines = []
    if r.random() < 0.9:
        lines.append("Access-Control-Allow-Origin: " + ("{origin}" if cred else r.choice(["*", "{origin}"])))
    if cred:
        lines.append("Access-Control-Allow-Credentials: true")
    if st in (401, 407) and r.random() < 0.7:
        lines.append("%s: Basic realm=\"x\"" % ("WWW-Authenticate" if st == 401 else "Proxy-Authenticate"))
    if st in (201, 300, 303, 305, 306, 309, 399) and r.random() < 0.5:
        lines.append("Location: /case/%s/other" % n)
    if st == 206 and r.random() < 0.5:
        lines.append("Content-Range: bytes 0-1/2")
    if r.random() < 0.3:
        lines.append("Access-Control-Expose-Headers: X-A")
        lines.append("X-A: 1")
    routes = [route("* /case/%s/r" % n, st, lines), route("* /case/%s/*" % n, 200, lines[:2])]
    if method in ("PUT",):
        routes.insert(0, route("OPTIONS /case/%s/*" % n, 204, lines[:2] + ["Access-Control-Allow-Methods: PUT"]))
    blocks = [server(target, routes)]
    return "status %d: %s %s" % (st, method, " ".join(opts)), PAGE, blocks, [fetch(method, "%s/case/%s/r" % (target, n), opts,
                                                                                  body=["body x"] if method in ("POST", "PUT") else [])]


FORBIDDEN_NAMES = ["Accept-Charset", "accept-encoding", "Access-Control-Request-Headers", "Access-Control-Request-Method",
                   "Access-Control-Request-Private-Network", "Connection", "Content-Length", "Cookie", "Cookie2", "Date", "DNT",
                   "Expect", "Host", "Keep-Alive", "Origin", "Referer", "Set-Cookie", "TE", "Trailer", "Transfer-Encoding",
                   "Upgrade", "Via", "Proxy-Authorization", "proxy-x", "Sec-Fetch-Mode", "sec-x", "Sec-", "Proxy-", "Permissions-Policy"]
TOKEN_NAMES = ["X-!#$%&'*+.^_`|~", "x_y", "X.Y", "X~", "a", "X-" + "a" * 200, "X-Foo", "0", "X-\u00e9"]


def k_ctor(r, n):
    opts, cred = mode_opts(r, (60, 30, 10))
    method, headers, body = "GET", [], []
    url = "%s/case/%s/r" % (API, n)
    c = r.random()
    if c < 0.2:
        method = r.choice(["CONNECT", "connect", "Connect", "TRACE", "trace", "TRACK", "track", "Track", "CONNECTX", "TRACE1"])
    elif c < 0.4:
        headers = [("X-Foo", r.choice(["\u20ac", "\U0001F600", "\u0100", "\u00ff", "\u00a0x", "a\u00e9b", "x\u2028y"]))]
        if r.random() < 0.5:
            headers = [(r.choice(["Accept", "Content-Type", "Content-Language", "Accept-Language"]), headers[0][1])]
    elif c < 0.6:
        headers = [(r.choice(FORBIDDEN_NAMES), r.choice(["1", "x", "a=b"]))]
        if r.random() < 0.4:
            headers.append(("X-Foo", "1"))
    elif c < 0.7:
        headers = [(r.choice(TOKEN_NAMES), "1")]
    elif c < 0.8:
        headers = [(r.choice(["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "x-http-method-override"]),
                    r.choice(["TRACE", "connect", "GET, TRACE", "trace ,get", "TRACK", "GET", "PUT", " CONNECT"]))]
    elif c < 0.88:
        url = r.choice(["http://u:p@localhost:8802", "http://u@localhost:8802", "http://@localhost:8802", "http://:@localhost:8802",
                        "http://:p@localhost:8802", "http://u%40v:p@localhost:8802"]) + "/case/%s/r" % n
    elif c < 0.94:
        method = r.choice(["GET", "HEAD", "get", "head"])
        body = [r.choice(["body x", "body-type urlencoded", "body-type blob text/plain", "body-type stream"])]
    else:
        mode = r.choice(["no-cors", "same-origin", "cors"])
        opts = [o for o in opts if not o.startswith("mode=")] + (["mode=" + mode] if mode != "cors" else []) + \
            [r.choice(["redirect=manual", "redirect=error", "cache=only-if-cached"])]
        url = r.choice([API, PAGE]) + "/case/%s/r" % n
    lines = ["Access-Control-Allow-Origin: " + ("{origin}" if cred else "*"), "Access-Control-Allow-Methods: *, CONNECT, TRACE",
             "Access-Control-Allow-Headers: *"]
    if cred:
        lines.append("Access-Control-Allow-Credentials: true")
    blocks = [server(API, [route("* /case/%s/*" % n, 200, lines)]), server(PAGE, [route("* /case/%s/*" % n, 200, [])])]
    return "ctor: %s %s" % (method, " ".join(opts)), PAGE, blocks, [fetch(method, url, opts, headers, body)]


def k_cache(r, n):
    same = r.random() < 0.3
    target = PAGE if same else r.choice([API, THIRD])
    lines = [] if same else ["Access-Control-Allow-Origin: " + r.choice(["*", "*", "{origin}"])]
    validators = r.choice([["ETag: \"v1\""], ["Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT"],
                           ["ETag: \"v1\"", "Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT"], ["ETag: W/\"v1\""], []])
    cc = r.choice(["Cache-Control: no-cache", "Cache-Control: max-age=0", "Cache-Control: max-age=0, must-revalidate",
                   "Cache-Control: max-age=60", "Cache-Control: max-age=60, must-revalidate", None, None,
                   "Cache-Control: private, max-age=60", "Expires: Mon, 01 Jan 2024 00:00:00 GMT", "Cache-Control: no-store",
                   "Cache-Control: s-maxage=60", "Cache-Control: max-age=60, no-cache=\"X-A\"", "Cache-Control: immutable, max-age=60"])
    lines += validators + ([cc] if cc else [])
    if r.random() < 0.3:
        lines.append("Vary: " + r.choice(["Origin", "*", "Accept", "X-Foo", "Cookie"]))
    if r.random() < 0.2:
        lines.append("Age: " + r.choice(["0", "30", "100"]))
    blocks = [server(target, [route("* /case/%s/*" % n, 200, lines)])]
    url = "%s/case/%s/r" % (target, n)
    o1 = []
    cm1 = r.choices(["default", "force-cache", "no-cache", "reload", "no-store"], [70, 10, 10, 5, 5])[0]
    if cm1 != "default":
        o1.append("cache=" + cm1)
    cm2 = r.choices(["default", "force-cache", "no-cache", "reload", "no-store", "only-if-cached"], [40, 20, 15, 10, 5, 10])[0]
    o2 = ["cache=" + cm2] if cm2 != "default" else []
    if cm2 == "only-if-cached":
        o2.append("mode=same-origin")
    h2 = []
    if r.random() < 0.15:
        h2 = [(r.choice(["If-None-Match", "If-Modified-Since", "Cache-Control", "Pragma"]),
               r.choice(["\"v1\"", "Mon, 01 Jan 2024 00:00:00 GMT", "no-cache", "max-age=0"]))]
    steps = [fetch("GET", url, o1), "wait %s\n" % r.choice(["100ms", "2s", "61s", "1h", "30d"]), fetch("GET", url, o2, h2)]
    return "cache: %s; then %s" % ("; ".join(lines), " ".join(o2) or "default"), PAGE, blocks, steps


GEN = {"url": k_url, "location": k_location, "mixed": k_mixed, "page": k_page, "expose": k_expose, "status": k_status,
       "ctor": k_ctor, "cache": k_cache}


def scenario(r, n):
    kind = r.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    got = GEN[kind](r, n)
    desc, page, blocks, steps = got[:4]
    pages = got[4] if len(got) > 4 else []
    head = "# %s: generated by Tools/recorder/gen2.py (%s)\n" % (n, desc.replace("\n", " ")[:300])
    return head + "page %s\n%s\n%s\n%s" % (addressed(page), "".join(p + "\n" for p in pages), "\n".join(blocks), "\n".join(steps))


# Writes scenarios start..count-1 of a seed, named dt2-SEED-NNNNN; returns their paths.
generate = gen.family("dt2", "edge", scenario)


def main():
    gen.command_line(__doc__, generate)


if __name__ == "__main__":
    main()
