"""Third generator family for the differential tester: sites, cookies, resource policies and state
across pages (issue 14: the misses are in behaviour nobody recorded).

    python3 Tools/recorder/gen3.py --seed 9201 --count 20 --out /tmp/gen3     # same seed, same files
    python3 Tools/recorder/difftest.py --family site --seed 9201 --count 150 --out /tmp/dt9201

gen.py draws the CORS check itself on three http loopback origins; gen2.py URL and Location edges,
mixed content, `page null`/`in TOP`, exposure, statuses, fetch() refusals and cache validators.
This family draws what the format supports and neither of them generates, one kind per scenario:

* `cookie`: Set-Cookie lines with attribute mixes (SameSite any spelling or invalid, Secure over
  http and https, Domain of the host, its site, a sibling, another site or a public suffix, Path,
  Max-Age / Expires past and future, Partitioned, HttpOnly, `__Secure-`/`__Host-` prefixes in
  any case) set by a credentialed fetch's response or by `cookie` steps; then a second fetch,
  with a credentials mode, to the same origin, the same site or another site, directly or through
  a redirect that crosses sites, sometimes after a `wait` past Max-Age, a `restart` or a page switch;
* `corp`: no-cors fetches answered with Cross-Origin-Resource-Policy values (and spellings) and
  Opaque Response Blocking inputs: Content-Types, nosniff, bodies that sniff as HTML/JSON/JS/image,
  statuses (204, 206 with a Range request, 304 unasked, 404, 500), a redirect on the way, from the
  page's origin, its site or another site, on http and https; sometimes fetched again with
  `cache=force-cache` (what was blocked is not stored), maybe from another page;
* `state`: preflight cache and HTTP cache across a `restart`, a page switch to another origin,
  the same page under another top-level site (`page P in TOP`), or `page null`;
* `cred`: https pages, credentials modes x Allow-Origin x Allow-Credentials values (spellings,
  lists, `*`, `null`), simple and preflighted (the preflight answering on its own), with cookies
  planted first so the wire shows which requests carried them.

A fifth kind, `revalidate`, is drawn only by `generate_revalidate` (`gen3.py --revalidate`,
`difftest.py --family reval`, files `dt4-SEED-N`, seeded by ("reval", seed, index)), so the files
of the four kinds above stay what their seeds wrote: a GET whose 200 has validators (`ETag`,
`Last-Modified`) and a freshness that makes it stale soon or at once (`no-cache`, `max-age=0`,
`max-age=1`, an `Expires` in the past, `must-revalidate`; sometimes fresh for 600 s), with or
without Allow-Origin (`{origin}`, `*`, another origin) and Allow-Credentials, `Vary: Origin`,
Expose-Headers; a `GET PATH when header If-None-Match|If-Modified-Since` route answers 304 with
the CORS headers lacking, the same, changed or new, maybe new freshness, `X-B`, Expose-Headers or
`Vary: Origin`; sometimes a `when header Cookie and not header ...` route gives another 200 to a
request with a cookie (a `cookie` step on a same-origin target). Then, after a `wait` (and maybe
a switch to another page of the site, www.), the same URL in cors, no-cors or same-origin mode,
credentials as before or changed, cache mode default, no-cache, force-cache, reload or no-store,
sometimes with the conditional header set by the script itself (not safelisted: a preflight for
a cross-origin cors request; the page then sees the 304); sometimes a third fetch
(`force-cache` or default) reads what the 304 left stored.

Host names: every scenario uses the same names (the recorder resolves each to 127.0.0.1; each
origin carries `address loopback`), one site `site.example` (app., api.), another
`other.example`, plus `localhost` and 127.0.0.1. Ports: http 8801-8803 and 8806, https 8443-8445
(one scheme per port in a run). A scenario that sets cookies gets a fresh browser profile from
the recorder, so cookies never leak between scenarios.

Not drawn (why): `Set-Cookie` on a preflight's answer is drawn but only the actual requests'
Cookie headers are compared (record.py records cookie presence on preflights, compare.py the
names on actual requests); Safari's third-party cookie policy differs from the recorded
WebKitGTK's libsoup policy (ConformanceTests `pending`, cookie entries), so those differences are
known; `cors` middleware blocks (the recorder's servers answer from the routes alone and refuse
a scenario with one).
A persistent cookie or a stored response across `restart` is recordable since the recorder ends
the browser as a user quitting does (Tools/recorder/README.md, "restart"); runs before 2026-12-02
signalled it and lost what the engines write to disk lazily.

Every file is a case under its own /case/<name>/ path. The same seed writes the same files
(random.Random("site/seed/index"); no clock, no set or dict iteration order).
"""

import gen  # write_scenarios: how every family writes its files
from gen2 import route, addressed, server, fetch

HTTP_PAGE = "http://app.site.example:8801"
HTTPS_PAGE = "https://app.site.example:8443"
KINDS = [("cookie", 40), ("corp", 25), ("state", 15), ("cred", 20)]


def origins(page):
    """(same-origin, same-site, cross-site, more) targets for a page, on the page's scheme first."""
    if page.startswith("https:"):
        return page, "https://api.site.example:8444", "https://api.other.example:8445", \
            ["https://www.site.example:8444", "https://other.example:8445", "https://localhost:8444", "https://site.example:8444"]
    return page, "http://api.site.example:8802", "http://api.other.example:8803", \
        ["http://localhost:8802", "http://127.0.0.1:8803", "http://other.example:8803", "http://site.example:8802"]


def page_in(page, top):
    """`page PAGE in TOP`: the address of a named page goes after the top (the top names a site only)."""
    return "page %s in %s%s\n" % (page, top, addressed(page)[len(page):])


def pick_page(r, https_weight=0.6):
    return HTTPS_PAGE if r.random() < https_weight else HTTP_PAGE


def cors_lines(r, cred, page):
    """Allow-Origin/-Credentials lines that mostly pass for a credentialed request."""
    if cred:
        acao = r.choices(["{origin}", page, "*"], [80, 10, 10])[0]
        acac = r.choices(["true", "TRUE", None], [88, 6, 6])[0]
        lines = ["Access-Control-Allow-Origin: " + acao]
        if acac is not None:
            lines.append("Access-Control-Allow-Credentials: " + acac)
        return lines
    return ["Access-Control-Allow-Origin: " + r.choice(["*", "{origin}"])]


# ------------------------------------------------------------------ cookies

def cookie_attrs(r, name_host, scheme):
    """A Set-Cookie/document.cookie attribute string drawn from the edges."""
    attrs = []
    ss = r.choices([None, "None", "Lax", "Strict", "none", "LAX", "Foo", ""], [30, 25, 15, 10, 5, 5, 5, 5])[0]
    if ss is not None:
        attrs.append("SameSite=" + ss)
    if r.random() < (0.7 if scheme == "https" else 0.25):
        attrs.append(r.choice(["Secure", "Secure", "secure"]))
    if r.random() < 0.3:
        labels = name_host.split(".")
        site = ".".join(labels[-2:]) if len(labels) >= 2 else name_host
        attrs.append("Domain=" + r.choice([site, "." + site, name_host, "SITE.EXAMPLE" if site == "site.example" else site.upper(),
                                           "other.example", "example", "app.site.example", "api.site.example", "localhost"]))
    if r.random() < 0.3:
        attrs.append("Path=" + r.choice(["/", "/case", "/case/", "/nope", "case", "/CASE"]))
    if r.random() < 0.3:
        attrs.append(r.choice(["Max-Age=60", "Max-Age=0", "Max-Age=-1", "Max-Age=abc", "Max-Age=3600",
                               "Expires=Thu, 01 Jan 2099 00:00:00 GMT", "Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                               "Expires=garbage", "Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT"]))
    if r.random() < 0.2:
        attrs.append("Partitioned")
    if r.random() < 0.15:
        attrs.append("HttpOnly")
    r.shuffle(attrs)
    return attrs


def cookie_name(r, i):
    base = "c%d" % i
    p = r.random()
    if p < 0.12:
        return r.choice(["__Secure-", "__secure-", "__SECURE-"]) + base
    if p < 0.22:
        return r.choice(["__Host-", "__host-", "__HOST-"]) + base
    return base


def k_cookie(r, n):
    page = pick_page(r)
    scheme = page.split(":")[0]
    same, site, cross, more = origins(page)
    setter = r.choices([same, site, cross] + more, [20, 30, 25] + [25 / len(more)] * len(more))[0]
    host = setter.split("//")[1].rsplit(":", 1)[0]
    set_scheme = setter.split(":")[0]
    cookies = []
    for i in range(r.choice([1, 2, 2, 3])):
        cookies.append("%s=%d" % (cookie_name(r, i), i) + "".join("; " + a for a in cookie_attrs(r, host, set_scheme)))
    steps = []
    use_step = r.random() < 0.25
    routes = {}

    def add(origin, rt):
        routes.setdefault(origin, []).append(rt)

    if use_step:
        # the page's script sets them (document.cookie; HttpOnly is refused there)
        for c in cookies:
            steps.append("cookie %s\n" % c.replace("; HttpOnly", ""))
        setter = same
    else:
        cred = r.choices(["include", "same-origin", "omit"], [80, 15, 5])[0]
        lines = cors_lines(r, True, page) + ["Set-Cookie: " + c for c in cookies]
        opts = [] if cred == "same-origin" else ["credentials=" + cred]
        if r.random() < 0.1:
            opts.append("mode=no-cors")
        if r.random() < 0.2:
            # set on a redirect hop that crosses to another origin
            final = r.choice([same, site, cross])
            add(setter, route("* /case/%s/set" % n, r.choice([302, 307]), lines + ["Location: %s/case/%s/after" % (final, n)], body=""))
            add(final, route("* /case/%s/after" % n, 200, cors_lines(r, True, page)))
        else:
            add(setter, route("* /case/%s/set" % n, 200, lines))
        steps.append(fetch("GET", "%s/case/%s/set" % (setter, n), opts))
    between = r.choices(["none", "wait", "restart", "page", "top"], [45, 15, 15, 15, 10])[0]
    if between == "wait":
        steps.append("wait %s\n" % r.choice(["59s", "61s", "2h"]))
    elif between == "restart":
        steps.append("restart\n")
    elif between == "page":
        other = r.choice([site.replace("api.", "www."), cross.replace("api.", "www."), same])
        steps.append("page %s\n" % addressed(other))
    elif between == "top":
        # an https top cannot embed an http page (mixed content): an http page gets an http top
        tops = ["http://top.other.example:8803", "http://top.site.example:8806"]
        top = r.choice(tops + (["https://top.other.example:8445"] if scheme == "https" else []))
        steps.append(page_in(page, top))
    checks = r.randint(1, 2)
    for k in range(checks):
        target = r.choices([same, site, cross, setter] + more, [15, 20, 20, 25] + [20 / len(more)] * len(more))[0]
        cred = r.choices(["include", "same-origin", "omit"], [70, 20, 10])[0]
        opts = [] if cred == "same-origin" else ["credentials=" + cred]
        mode = r.choices(["cors", "no-cors"], [85, 15])[0]
        if mode != "cors":
            opts.append("mode=no-cors")
        path = "/case/%s/check%d" % (n, k)
        if r.random() < 0.25:
            # through a redirect that crosses sites
            hop = r.choice([same, site, cross])
            add(hop, route("* /case/%s/hop%d" % (n, k), r.choice([301, 302, 307, 308]),
                           cors_lines(r, True, page) + ["Location: %s%s" % (target, path)], body=""))
            url = "%s/case/%s/hop%d" % (hop, n, k)
        else:
            url = target + path
        add(target, route("* " + path, 200, cors_lines(r, cred == "include", page)))
        steps.append(fetch(r.choice(["GET", "GET", "POST"]), url, opts))
    blocks = [server(o, rs) for o, rs in routes.items()]
    desc = "cookie: %s set by %s; %s" % (" | ".join(cookies), "cookie step" if use_step else setter, between)
    return desc, page, blocks, steps, []


# ------------------------------------------------------------------ CORP and ORB

CORP = [None, None, "same-origin", "same-site", "cross-origin", "SAME-ORIGIN", "Same-Site", "same-origin, cross-origin",
        "bogus", "", "same-origin ", "cross-origin"]
CTYPES = [None, "text/html", "text/html; charset=utf-8", "application/json", "text/json", "application/ld+json", "text/plain",
          "text/javascript", "application/javascript", "text/css", "image/png", "image/gif", "application/octet-stream",
          "video/mp4", "audio/mpeg", "text/xml", "application/xml", "image/svg+xml", "application/pdf", "text/csv",
          "multipart/form-data", "application/zip", "TEXT/HTML", "application/x-unknown", "text/event-stream"]
BODIES = ["{\"a\": 1}", "<!DOCTYPE html><html><body>hi</body></html>", "var a = 1;", "hello world", "GIF89a", ")]}' {\"a\": 1}",
          "<?xml version=\"1.0\"?><a/>", "%PDF-1.4", "[1, 2]", "<script>1</script>", "/* js */ a()", ""]


def k_corp(r, n):
    page = pick_page(r, 0.4)
    same, site, cross, more = origins(page)
    target = r.choices([same, site, cross] + more, [15, 25, 30] + [30 / len(more)] * len(more))[0]
    st = r.choices([200, 204, 206, 304, 404, 500, 301], [55, 5, 10, 4, 12, 7, 7])[0]
    lines = []
    corp = r.choice(CORP)
    if corp is not None:
        lines.append("Cross-Origin-Resource-Policy: " + corp)
    ct = r.choice(CTYPES)
    if ct is not None:
        lines.append("Content-Type: " + ct)
    if r.random() < 0.35:
        lines.append("X-Content-Type-Options: " + r.choice(["nosniff", "nosniff", "NOSNIFF", "nosniff, x"]))
    if r.random() < 0.4:
        lines.append("Cache-Control: max-age=600")
    if r.random() < 0.1:
        lines.append("Access-Control-Allow-Origin: *")
    body = r.choice(BODIES)
    headers = []
    if st == 206 or r.random() < 0.1:
        headers.append(("Range", r.choice(["bytes=0-3", "bytes=0-", "bytes=2-3"])))
        if st == 206:
            lines.append("Content-Range: bytes 0-%d/%d" % (max(len(body), 1) - 1, max(len(body), 1)))
    routes = {}
    url = "%s/case/%s/r" % (target, n)
    if st == 301:
        final = r.choice([same, site, cross])
        hop_lines = list(lines) + ["Location: %s/case/%s/final" % (final, n)]
        routes.setdefault(target, []).append(route("* /case/%s/r" % n, r.choice([301, 302, 307]), hop_lines, body=""))
        fl = []
        corp2 = r.choice(CORP)
        if corp2 is not None:
            fl.append("Cross-Origin-Resource-Policy: " + corp2)
        ct2 = r.choice(CTYPES)
        if ct2 is not None:
            fl.append("Content-Type: " + ct2)
        if r.random() < 0.4:
            fl.append("Cache-Control: max-age=600")
        routes.setdefault(final, []).append(route("* /case/%s/final" % n, 200, fl, body=r.choice(BODIES) or "x"))
    else:
        routes.setdefault(target, []).append(route("* /case/%s/r" % n, st, lines, body="" if st in (204, 304) else body or None))
    mode = r.choices(["no-cors", "cors", "same-origin"], [80, 15, 5])[0]
    opts = ["mode=" + mode] if mode != "cors" else []
    if r.random() < 0.2:
        opts.append("credentials=" + r.choice(["include", "omit"]))
    method = r.choices(["GET", "HEAD", "POST"], [80, 10, 10])[0]
    steps = [fetch(method, url, opts, headers)]
    if r.random() < 0.5:
        between = r.choice(["", "", "page %s\n" % addressed(site.replace("api.", "www.")),
                            page_in(page, "http://top.other.example:8803")])
        if between:
            steps.append(between)
        steps.append(fetch(method, url, ["mode=no-cors", "cache=force-cache"], headers))
    blocks = [server(o, rs) for o, rs in routes.items()]
    return "corp: %s %d %s; %s" % (method, st, " ".join(opts), "; ".join(lines)), page, blocks, steps, []


# ------------------------------------------------------------------ state across pages

def k_state(r, n):
    page = pick_page(r, 0.4)
    same, site, cross, more = origins(page)
    target = r.choice([site, cross, cross] + more[:2])
    trigger = r.choice(["put", "xfoo", "get"])
    method = "PUT" if trigger == "put" else "GET"
    headers = [("X-Foo", "1")] if trigger == "xfoo" else []
    cred = r.random() < 0.3
    lines = cors_lines(r, cred, page)
    opts = ["credentials=include"] if cred else []
    pf = list(lines) + ["Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: X-Foo"]
    if r.random() < 0.8:
        pf.append("Access-Control-Max-Age: " + r.choice(["60", "600", "86400", "3"]))
    final = list(lines)
    if r.random() < 0.6:
        final.append(r.choice(["Cache-Control: max-age=600", "Cache-Control: max-age=600, private", "Cache-Control: public, max-age=600"]))
    if r.random() < 0.25:
        final.append("Vary: " + r.choice(["Origin", "Cookie", "Accept"]))
    routes = [route("OPTIONS /case/%s/*" % n, 204, pf), route("* /case/%s/*" % n, 200, final)]
    url = "%s/case/%s/r" % (target, n)
    steps = [fetch(method, url, opts, headers)]
    for _ in range(r.choice([1, 1, 2])):
        sw = r.choice(["restart", "page-other", "page-top", "page-null", "page-back", "wait"])
        if sw == "restart":
            steps.append("restart\n")
        elif sw == "page-other":
            steps.append("page %s\n" % addressed(r.choice([site.replace("api.", "www."), cross.replace("api.", "www."), more[0]])))
        elif sw == "page-top":
            steps.append(page_in(page, r.choice(["http://top.other.example:8803", "http://top.site.example:8806", "http://localhost:8806"])))
        elif sw == "page-null":
            steps.append("page null\n")
        elif sw == "page-back":
            steps.append("page %s\n" % addressed(page))
        else:
            steps.append("wait %s\n" % r.choice(["2s", "4s", "61s"]))
        o2 = list(opts)
        if method == "GET" and r.random() < 0.4:
            o2.append("cache=" + r.choice(["force-cache", "default", "only-if-cached"]))
            if o2[-1] == "cache=only-if-cached":
                o2[-1] = "cache=force-cache"
        steps.append(fetch(method, url, o2, headers))
    blocks = [server(target, routes)]
    return "state: %s %s to %s; %s" % (method, " ".join(opts), target, " ".join(s.split()[0] for s in steps[1::2])), page, blocks, steps, []


# ------------------------------------------------------------------ credentials x ACAO x ACAC

ACAO = ["{origin}", "{origin}", "*", "null", "HTTPS://APP.SITE.EXAMPLE:8443", "https://app.site.example:8443/",
        "{origin}, {origin}", "https://app.site.example", " {origin}", "https://*.site.example:8443", None]
ACAC = ["true", "true", "True", "TRUE", "false", " true", "true, true", "1", "", None]


def k_cred(r, n):
    page = HTTPS_PAGE if r.random() < 0.8 else HTTP_PAGE
    same, site, cross, more = origins(page)
    target = r.choices([site, cross, more[2], more[3], same], [35, 35, 10, 10, 10])[0]
    plant = r.random() < 0.7
    steps = []
    routes = []
    if plant:
        secure = "; Secure" if target.startswith("https") else ""
        routes.append(route("* /case/%s/set" % n, 200, ["Access-Control-Allow-Origin: {origin}", "Access-Control-Allow-Credentials: true",
                                                         "Set-Cookie: k=1; SameSite=None" + secure, "Set-Cookie: h=1; HttpOnly; SameSite=None" + secure]))
        steps.append(fetch("GET", "%s/case/%s/set" % (target, n), ["credentials=include"]))
    cred = r.choices(["include", "same-origin", "omit"], [60, 25, 15])[0]
    opts = [] if cred == "same-origin" else ["credentials=" + cred]
    acao, acac = r.choice(ACAO), r.choice(ACAC)
    lines = []
    if acao is not None:
        lines.append("Access-Control-Allow-Origin: " + acao)
    if acac is not None:
        lines.append("Access-Control-Allow-Credentials: " + acac)
    if r.random() < 0.3:
        lines.append("Access-Control-Expose-Headers: " + r.choice(["*", "X-A", "*, X-A"]))
        lines.append("X-A: 1")
    pre = r.random() < 0.4
    method, headers = "GET", []
    if pre:
        method, headers = r.choice([("PUT", []), ("GET", [("X-Foo", "1")]), ("DELETE", [])])
        pacao, pacac = r.choice(ACAO), r.choice(ACAC)
        pl = []
        if pacao is not None:
            pl.append("Access-Control-Allow-Origin: " + pacao)
        if pacac is not None:
            pl.append("Access-Control-Allow-Credentials: " + pacac)
        pl.append("Access-Control-Allow-Methods: " + r.choice(["PUT, DELETE", "*", "PUT, DELETE, GET"]))
        pl.append("Access-Control-Allow-Headers: " + r.choice(["X-Foo", "*", "x-foo"]))
        routes.append(route("OPTIONS /case/%s/*" % n, 204, pl))
    routes.append(route("* /case/%s/*" % n, 200, lines))
    steps.append(fetch(method, "%s/case/%s/r" % (target, n), opts, headers))
    return "cred: %s %s to %s; %s" % (method, " ".join(opts), target, "; ".join(lines)), page, [server(target, routes)], steps, []


# ------------------------------------------------------------------ revalidation (304)

OTHER_PAGE_HTTP = "http://www.site.example:8802"
OTHER_PAGE_HTTPS = "https://www.site.example:8444"


def k_revalidate(r, n):
    """A stored response, then a request the cache makes conditional (or the script does), answered
    304 by a `when header If-None-Match|If-Modified-Since` route: what goes on the wire, whether the
    CORS check runs on the stored response updated by the 304, what the page then reads."""
    page = pick_page(r, 0.3)
    same, site, cross, more = origins(page)
    target = r.choices([cross, site, same], [55, 25, 20])[0]
    etag, lm = r.choice([(True, False), (True, False), (False, True), (True, True)])
    validators = (['ETag: "v1"'] if etag else []) + (["Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT"] if lm else [])
    cred1 = r.random() < 0.25
    acao200 = r.choices(["{origin}", "*", None, "other"], [50, 25, 15, 10])[0]
    other_origin = OTHER_PAGE_HTTPS if page.startswith("https") else OTHER_PAGE_HTTP
    def acao_lines(v, cred):
        if v is None:
            return []
        out = ["Access-Control-Allow-Origin: " + (other_origin if v == "other" else v)]
        if cred or r.random() < 0.3:
            out.append("Access-Control-Allow-Credentials: true")
        return out
    cors200 = acao_lines(acao200, cred1)
    stored = cors200 + validators
    stored.append(r.choice(["Cache-Control: no-cache", "Cache-Control: max-age=0", "Cache-Control: max-age=1",
                            "Cache-Control: max-age=0, must-revalidate", "Cache-Control: private, no-cache",
                            "Expires: Mon, 01 Jan 2024 00:00:00 GMT", "Cache-Control: max-age=600"]))
    if r.random() < 0.35:
        stored.append("Vary: " + r.choice(["Origin", "Origin", "Cookie", "Accept-Encoding"]))
    stored += ["X-A: 1"] + (["Access-Control-Expose-Headers: " + r.choice(["X-A", "X-A, X-B", "*"])] if r.random() < 0.5 else [])
    # the 304: its CORS headers lacking, the same, changed or new; sometimes new freshness and headers
    acao304 = r.choices(["same", None, "{origin}", "*", "other"], [35, 30, 15, 10, 10])[0]
    nm = list(cors200) if acao304 == "same" else acao_lines(acao304, cred1)
    nm += ['ETag: "v1"'] if etag and r.random() < 0.7 else []
    if r.random() < 0.4:
        nm.append(r.choice(["Cache-Control: max-age=600", "Cache-Control: no-cache", "Cache-Control: no-store"]))
    if r.random() < 0.4:
        nm.append("X-B: 2")
    if r.random() < 0.25:
        nm.append("Access-Control-Expose-Headers: " + r.choice(["X-B", "*", "X-A, X-B"]))
    if r.random() < 0.2:
        nm.append("Vary: Origin")
    cond = r.choice(["If-None-Match", "If-Modified-Since"]) if etag and lm else ("If-None-Match" if etag else "If-Modified-Since")
    routes = [route("OPTIONS /case/%s/*" % n, 204, ["Access-Control-Allow-Origin: {origin}", "Access-Control-Allow-Credentials: true",
                                                     "Access-Control-Allow-Headers: If-None-Match, If-Modified-Since, X-Foo"]),
              route("GET /case/%s/r when header %s" % (n, cond), 304, nm),
              route("GET /case/%s/r" % n, 200, stored, "v1")]
    if r.random() < 0.2:   # a cookie-dependent answer: another body and header when the request carries a cookie
        routes.insert(1, route("GET /case/%s/r when header Cookie and not header %s" % (n, cond), 200, stored + ["X-Cookie: 1"], "v1c"))
    url = "%s/case/%s/r" % (target, n)

    def opts_for(first):
        o = []
        mode = r.choices(["cors", "no-cors", "same-origin"], [70, 20, 10] if target != same else [60, 15, 25])[0]
        if mode != "cors":
            o.append("mode=" + mode)
        cred = cred1 if first else r.choices([cred1, not cred1], [75, 25])[0]
        if cred:
            o.append("credentials=include")
        elif r.random() < 0.1:
            o.append("credentials=omit")
        return o
    steps = []
    if target == same and r.random() < 0.3:   # a cookie the page's script sets, for the Cookie-dependent route
        steps.append("cookie k=1\n")
    o1 = opts_for(True)
    steps.append(fetch("GET", url, o1))
    steps.append("wait %s\n" % r.choice(["100ms", "2s", "2s", "61s"]))
    if r.random() < 0.2:
        steps.append("page %s\n" % addressed(other_origin))
    o2 = opts_for(False) if r.random() < 0.4 else list(o1)
    cm = r.choices(["default", "no-cache", "force-cache", "reload", "no-store"], [45, 20, 15, 10, 10])[0]
    if cm != "default":
        o2.append("cache=" + cm)
    h2 = []
    if r.random() < 0.2:   # the script makes the request conditional itself (not safelisted: a preflight when cross-origin cors)
        h2 = [(cond, '"v1"' if cond == "If-None-Match" else "Mon, 01 Jan 2024 00:00:00 GMT")]
    steps.append(fetch("GET", url, o2, h2))
    if r.random() < 0.5:   # what the 304 left stored
        steps.append("wait %s\n" % r.choice(["100ms", "2s"]))
        o3 = [o for o in o2 if not o.startswith("cache=")] + [r.choice(["cache=force-cache", "cache=default", "cache=default"])]
        steps.append(fetch("GET", url, [o for o in o3 if o != "cache=default"]))
    desc = "revalidate: %s; 304 %s; then %s%s" % ("; ".join(stored), "; ".join(nm) or "bare", " ".join(o2) or "default",
                                                  " + script " + cond if h2 else "")
    return desc, page, [server(target, routes)], steps, []


GEN = {"cookie": k_cookie, "corp": k_corp, "state": k_state, "cred": k_cred, "revalidate": k_revalidate}


def scenario(r, n, kind=None):
    if kind is None:
        kind = r.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    desc, page, blocks, steps, pages = GEN[kind](r, n)
    head = "# %s: generated by Tools/recorder/gen3.py (%s)\n" % (n, desc.replace("\n", " ")[:300])
    return head + "page %s\n\n%s\n%s" % (addressed(page), "\n".join(blocks), "\n".join(steps))


# Writes scenarios start..count-1 of a seed, named dt3-SEED-NNNNN; returns their paths.
generate = gen.family("dt3", "site", scenario)
# The `revalidate` kind alone (`difftest.py --family reval`), named dt4-SEED-NNNNN.
generate_revalidate = gen.family("dt4", "reval", lambda rng, name: scenario(rng, name, "revalidate"))


def main():
    import sys
    if "--revalidate" in sys.argv:
        sys.argv.remove("--revalidate")
        gen.command_line(__doc__, generate_revalidate)
        return
    gen.command_line(__doc__, generate)


if __name__ == "__main__":
    main()
