"""Seeded variations of scenarios near the edges the simulator models, to record and compare.

    python3 Tools/recorder/vary.py --seed 1401 --count 260 --out /tmp/vary
    python3 Tools/recorder/record.py /tmp/vary/*.cors           # recordings in /tmp/vary/recordings/
    python3 Tools/recorder/compare.py /tmp/vary/*.cors          # every field that disagrees

Each scenario is one small case (one fetch, two for Max-Age) under its own /case/<name>/ path,
so a whole batch records in one browser session: request headers around the CORS-safelist
(names in several spellings, values at the byte and length edges), Access-Control-Allow-Origin
/ -Credentials / -Methods / -Headers / -Max-Age / -Expose-Headers spellings, duplicates and
whitespace, response and preflight statuses, and redirect chains of 1 to 4 hops across three
origins. The same seed always writes the same files (random.Random(seed), no clock).
A disagreeing case is then reduced by hand to a named scenario in Tests/Conformance/.
"""
import argparse
import os
import random
PAGE = "http://127.0.0.1:8801"
API = "http://localhost:8802"

ACCEPT = ["", "text/html", 'a"b', "(x)", "a:b", "<x>", "a?b", "a@b", "[x]", "a\\b", "{x}", "x;q=0.9", "a" * 128, "a" * 129,
          "\u00e9", "a\tb", "*/*", "a,b", "a=b", "a/b"]
LANG = ["en-US", "en_US", "en US", "*", "en;q=0.5", "en,fr", "", "en.US", "=", "en/us", "\u00e9", "en-US;q=0.9, fr;q=0.8", "a" * 129, "en\tus", "0-9"]
CTYPE = ["text/plain", "TEXT/PLAIN", "text/plain;charset=utf-8", 'text/plain; charset="utf-8"', "text/plain;", "text/plain,application/json",
         "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x", "text/ plain",
         "text/plain;charset=utf-8;charset=latin1", "text/html", "application/json", "text/plain ;a=b", "*/*", "text/*",
         "text/plain;a=\u00e9", "application/x-www-form-urlencoded;charset=UTF-8", "Text/Plain; Charset=UTF-8", "text/plain\tx",
         "text/plain;" + "a" * 120, "text/plain;" + "a" * 125]
RANGE = ["bytes=0-", "bytes=0-3", "bytes=-5", "bytes=0-3,5-6", "bytes= 0-3", "bytes=3-0", "bytes=a-b", "bytes=00-3", "bytes=-",
         "bytes=0-99999999999999999999", "bytes=0-3;", "bytes=0 -3", "bytes=1-1", "bits=0-3", "bytes=0x1-3", "bytes=+1-3"]
NAMES = {"Accept": ["Accept", "accept", "ACCEPT"], "Accept-Language": ["Accept-Language", "accept-language"],
         "Content-Language": ["Content-Language", "content-language"], "Content-Type": ["Content-Type", "content-type", "CONTENT-TYPE"],
         "Range": ["Range", "range", "RANGE"]}
ACAO = ["*", "http://127.0.0.1:8801", "http://127.0.0.1:8801/", "HTTP://127.0.0.1:8801", "http://127.0.0.1:8801,http://x.example",
        "null", '"*"', "*, *", "http://127.0.0.1", "http://127.0.0.1:08801", "http://127.0.0.1:8801 http://x", "*;", "http://127.0.0.1:8801\t"]
ACAC = ["true", "True", "TRUE", "true, true", "1", "yes", "true;", "\"true\""]
ACAM = ["PUT", "put", "PUT,", ",PUT", "PUT, ,GET", "PUT GET", "*", "PUT;", "GET", "PUT,PUT", "Put", "PUT , GET", ",", ""]
ACAH = ["x-foo", "X-FOO", "x-foo,", " ,x-foo", "x-foo x-bar", "*", "x-foo;", "x-bar", "x-foo,x-foo", "X-Foo, X-Bar", ",", "", "x-foo\t,x-bar"]
MAXAGE = ["60", "+60", "060", "60.0", "6e1", "0x3c", "60, 60", "-0", "9999999999", "60 ", "1e3", "60s", "\"60\"", "600000000000000000000"]
ACEH = ["X-A", "x-a", "X-A, X-B", "X-A,,X-B", "*", "X-A X-B", "X-A;", "x-a,x-b,*", ",X-B", "X-A\t,X-B"]
STATUS = [200, 201, 202, 203, 204, 205, 206, 226, 299, 300, 304, 305, 306, 399, 400, 401, 403, 404, 405, 410, 418, 429, 451, 500, 501, 503, 599]
PF_STATUS = [200, 201, 202, 203, 204, 205, 206, 299, 300, 304, 400, 403, 404, 500]

def hdrs(lines):
    return "".join("    %s\n" % l for l in lines)

def case_safelist(n):
    kind = R.choice(["Accept", "Accept-Language", "Content-Language", "Content-Type", "Range"])
    pool = {"Accept": ACCEPT, "Accept-Language": LANG, "Content-Language": LANG, "Content-Type": CTYPE, "Range": RANGE}[kind]
    value = R.choice(pool)
    name = R.choice(NAMES[kind])
    method = "POST" if kind == "Content-Type" else R.choice(["GET", "GET", "POST", "HEAD"])
    body = ["body x"] if method == "POST" else []
    srv = "server %s\n  * /case/%s/*\n    200\n    Access-Control-Allow-Origin: *\n\n    ok\n" % (API, n)
    return "request header %s: %r" % (name, value), srv, "fetch %s %s/case/%s/res\n  %s: %s\n%s" % (method, API, n, name, value, "".join("  %s\n" % b for b in body))

def case_acao(n):
    vals = [R.choice(ACAO)]
    if R.random() < 0.2:
        vals.append(R.choice(ACAO))
    cred = R.random() < 0.35
    lines = ["Access-Control-Allow-Origin: %s" % v for v in vals]
    if cred:
        lines += ["Access-Control-Allow-Credentials: %s" % R.choice(ACAC)]
        if R.random() < 0.15:
            lines.append("Access-Control-Allow-Credentials: true")
    nm = R.choice(["Access-Control-Allow-Origin", "access-control-allow-origin"])
    lines = [l.replace("Access-Control-Allow-Origin", nm) for l in lines]
    srv = "server %s\n  * /case/%s/*\n    200\n%s\n    ok\n" % (API, n, hdrs(lines))
    return "ACAO %r%s" % (vals, " credentials" if cred else ""), srv, "fetch GET %s/case/%s/res%s\n" % (API, n, " credentials=include" if cred else "")

def case_preflight(n):
    method = R.choice(["PUT", "PUT", "DELETE", "PATCH"])
    custom = R.random() < 0.5
    pf = ["Access-Control-Allow-Origin: *", "Access-Control-Allow-Methods: %s" % R.choice(ACAM).replace("PUT", method).replace("Put", method.title()).replace("put", method.lower())]
    if R.random() < 0.2:
        pf.append("Access-Control-Allow-Methods: %s" % method)
    if custom:
        pf.append("Access-Control-Allow-Headers: %s" % R.choice(ACAH))
        if R.random() < 0.2:
            pf.append("Access-Control-Allow-Headers: x-foo")
    st = R.choice(PF_STATUS) if R.random() < 0.3 else 204
    srv = "server %s\n  OPTIONS /case/%s/*\n    %d\n%s  * /case/%s/*\n    200\n    Access-Control-Allow-Origin: *\n\n    ok\n" % (API, n, st, hdrs(pf), n)
    f = "fetch %s %s/case/%s/res\n  body x\n" % (method, API, n)
    if custom:
        f += "  X-Foo: 1\n"
    return "preflight %s status %d %r" % (method, st, pf[1:]), srv, f

def case_maxage(n):
    vals = [R.choice(MAXAGE)]
    if R.random() < 0.2:
        vals.append(R.choice(MAXAGE))
    pf = ["Access-Control-Allow-Origin: *", "Access-Control-Allow-Methods: PUT"] + ["Access-Control-Max-Age: %s" % v for v in vals]
    srv = "server %s\n  OPTIONS /case/%s/*\n    204\n%s  * /case/%s/*\n    200\n    Access-Control-Allow-Origin: *\n\n    ok\n" % (API, n, hdrs(pf), n)
    f = "fetch PUT %s/case/%s/res\n  body 1\n\nwait 200ms\n\nfetch PUT %s/case/%s/res\n  body 2\n" % (API, n, API, n)
    return "Max-Age %r" % vals, srv, f

def case_expose(n):
    vals = [R.choice(ACEH)]
    if R.random() < 0.25:
        vals.append(R.choice(ACEH))
    cred = R.random() < 0.3
    acao = "{origin}" if cred else "*"
    lines = ["Access-Control-Allow-Origin: %s" % acao] + (["Access-Control-Allow-Credentials: true"] if cred else []) + \
            ["Access-Control-Expose-Headers: %s" % v for v in vals] + ["X-A: 1", "X-B: 2", "Content-Type: text/plain", "Cache-Control: no-cache", "Content-Length: 2"]
    if R.random() < 0.3:
        lines += ["Content-Language: en", "Expires: 0", "Last-Modified: x", "Pragma: x", "Set-Cookie: a=1", "Content-Encoding: identity"]
    srv = "server %s\n  * /case/%s/*\n    200\n%s\n    ok\n" % (API, n, hdrs(lines))
    return "Expose %r%s" % (vals, " credentials" if cred else ""), srv, "fetch GET %s/case/%s/res%s\n" % (API, n, " credentials=include" if cred else "")

def case_status(n):
    st = R.choice(STATUS)
    acao = R.choice(["*", "*", None])
    lines = (["Access-Control-Allow-Origin: %s" % acao] if acao else [])
    if st in (300, 399) and R.random() < 0.5:
        lines.append("Location: /case/%s/final" % n)
    srv = "server %s\n  * /case/%s/final\n    200\n    Access-Control-Allow-Origin: *\n\n    final\n  * /case/%s/*\n    %d\n%s\n    body\n" % (API, n, n, st, hdrs(lines))
    method = R.choice(["GET", "GET", "HEAD", "POST"])
    return "status %d acao %s %s" % (st, acao, method), srv, "fetch %s %s/case/%s/res\n%s" % (method, API, n, "  body x\n" if method == "POST" else "")

ORIGS = ["http://localhost:8802", "http://127.0.0.1:8803", "http://127.0.0.1:8801"]
def case_chain(n):
    hops = R.randint(1, 4)
    method = R.choice(["GET", "POST", "PUT"])
    custom = R.random() < 0.3
    servers = {}
    cur_origin = R.choice(ORIGS[:2])
    start = cur_origin
    desc = []
    for i in range(hops):
        nxt = R.choice(ORIGS)
        st = R.choice([301, 302, 303, 307, 308])
        acao = R.choice(["*", "*", "http://127.0.0.1:8801", None])
        lines = (["Access-Control-Allow-Origin: %s" % acao] if acao else []) + ["Location: %s/case/%s/h%d" % (nxt, n, i + 1)]
        servers.setdefault(cur_origin, []).append("  * /case/%s/h%d\n    %d\n%s" % (n, i, st, hdrs(lines)))
        desc.append("%d->%s" % (st, nxt[7:]))
        cur_origin = nxt
    facao = R.choice(["*", "null", "http://127.0.0.1:8801", "*"])
    servers.setdefault(cur_origin, []).append("  * /case/%s/h%d\n    200\n    Access-Control-Allow-Origin: %s\n\n    final\n" % (n, hops, facao))
    for o in servers:
        if o != PAGE:
            servers[o].insert(0, "  OPTIONS /case/%s/*\n    204\n    Access-Control-Allow-Origin: *\n    Access-Control-Allow-Methods: PUT, POST\n    Access-Control-Allow-Headers: x-foo\n" % n)
    srv = "".join("server %s\n%s\n" % (o, "".join(r)) for o, r in servers.items())
    f = "fetch %s %s/case/%s/h0\n" % (method, start, n)
    if method != "GET":
        f += "  body x\n"
    if custom:
        f += "  X-Foo: 1\n"
    return "chain %s %s final ACAO %s%s" % (method, " ".join(desc), facao, " x-foo" if custom else ""), srv, f

METHODS = ["GET", "get", "Get", "HEAD", "head", "POST", "post", "pOsT", "PUT", "put", "DELETE", "delete", "OPTIONS", "options",
           "PATCH", "patch", "FOO", "foo", "M-SEARCH", "PROPFIND", "connect", "Track", "G.T", "X!Y", "A~B"]
MODES = ["cors", "cors", "no-cors", "same-origin"]
CACHES = ["default", "no-store", "reload", "no-cache", "force-cache"]


def case_method(n):
    method = R.choice(METHODS)
    mode = R.choice(MODES)
    body = R.random() < 0.4
    cred = R.choice(["omit", "same-origin", "include"])
    acam = R.choice([method, method.upper(), method.lower(), "*", "GET, POST"])
    target = R.choice([API, API, PAGE])
    pf = ["Access-Control-Allow-Origin: %s" % ("{origin}" if cred == "include" else "*"), "Access-Control-Allow-Methods: %s" % acam]
    if cred == "include":
        pf.append("Access-Control-Allow-Credentials: true")
    srv = "server %s\n  OPTIONS /case/%s/*\n    204\n%s  * /case/%s/*\n    200\n%s\n    ok\n" % (
        target, n, hdrs(pf), n, hdrs([pf[0]] + (["Access-Control-Allow-Credentials: true"] if cred == "include" else [])))
    opts = []
    if mode != "cors":
        opts.append("mode=" + mode)
    if cred != "same-origin":
        opts.append("credentials=" + cred)
    cache = R.choice(CACHES)
    if cache != "default":
        opts.append("cache=" + cache)
    f = "fetch %s %s/case/%s/res%s\n" % (method, target, n, "".join(" " + o for o in opts))
    if body:
        f += "  body x\n"
    return "method %s mode %s credentials %s cache %s body %s ACAM %s to %s" % (method, mode, cred, cache, body, acam, target), srv, f


def case_credentials(n):
    target = R.choice([API, "http://127.0.0.1:8803"])
    custom = R.random() < 0.5
    put = R.random() < 0.5
    pf = ["Access-Control-Allow-Origin: %s" % R.choice(["{origin}", "*", "http://127.0.0.1:8801"]),
          "Access-Control-Allow-Methods: %s" % R.choice(["PUT", "*", "PUT, *"])]
    if R.random() < 0.7:
        pf.append("Access-Control-Allow-Credentials: %s" % R.choice(ACAC))
    if custom:
        pf.append("Access-Control-Allow-Headers: %s" % R.choice(["x-foo", "*", "*, x-foo", "X-FOO"]))
    actual = ["Access-Control-Allow-Origin: %s" % R.choice(["{origin}", "*", "http://127.0.0.1:8801"]),
              "Access-Control-Allow-Credentials: %s" % R.choice(["true", "true", "True", "false"])]
    srv = "server %s\n  OPTIONS /case/%s/*\n    204\n%s  * /case/%s/*\n    200\n%s\n    ok\n" % (target, n, hdrs(pf), n, hdrs(actual))
    f = "fetch %s %s/case/%s/res credentials=include\n" % ("PUT" if put else "GET", target, n)
    if put:
        f += "  body x\n"
    if custom:
        f += "  X-Foo: 1\n"
    return "credentials include %s%s preflight %r actual %r" % ("PUT" if put else "GET", " x-foo" if custom else "", pf, actual), srv, f


EXPOSE2 = [None, "*", "X-A", "x-a, *", "X-A, Set-Cookie", "*, X-B"]


def case_credmix(n):
    """credentials mode x mode x ACAO/ACAC/Expose-Headers, GET or HEAD, cross-origin or to the page's own origin."""
    target = R.choice([API, API, PAGE])
    mode = R.choice(["cors", "cors", "no-cors", "same-origin"])
    cred = R.choice(["omit", "same-origin", "include"])
    method = R.choice(["GET", "GET", "HEAD"])
    acao = R.choice(["*", "{origin}", "http://127.0.0.1:8801", None])
    lines = (["Access-Control-Allow-Origin: %s" % acao] if acao else [])
    acac = R.choice([None, "true", "true", "false", "TRUE"])
    if acac:
        lines.append("Access-Control-Allow-Credentials: %s" % acac)
    ex = R.choice(EXPOSE2)
    if ex:
        lines.append("Access-Control-Expose-Headers: %s" % ex)
    lines += ["X-A: 1", "X-B: 2", "Content-Language: en"]
    srv = "server %s\n  * /case/%s/*\n    200\n%s\n    ok\n" % (target, n, hdrs(lines))
    opts = ([] if mode == "cors" else ["mode=" + mode]) + ([] if cred == "same-origin" else ["credentials=" + cred])
    f = "fetch %s %s/case/%s/res%s\n" % (method, target, n, "".join(" " + o for o in opts))
    return "credmix %s mode %s credentials %s to %s %r" % (method, mode, cred, target, lines[:-3]), srv, f


def case_redirmode(n):
    """redirect modes (follow/manual/error) x modes x 3xx statuses, with and without Location, one hop."""
    st = R.choice([300, 301, 302, 303, 304, 305, 306, 307, 308, 399])
    start = R.choice([API, API, PAGE])
    dest = R.choice([API, PAGE, "http://127.0.0.1:8803"])
    mode = R.choice(["cors", "cors", "no-cors", "same-origin"])
    redirect = R.choice(["follow", "manual", "error"])
    method = R.choice(["GET", "POST", "HEAD"])
    acao = R.choice(["*", None])
    lines = (["Access-Control-Allow-Origin: %s" % acao] if acao else [])
    if R.random() < 0.85:
        lines.append("Location: %s/case/%s/final" % (dest, n))
    servers = {start: ["  * /case/%s/res\n    %d\n%s\n    body\n" % (n, st, hdrs(lines))]}
    servers.setdefault(dest, []).append("  * /case/%s/final\n    200\n    Access-Control-Allow-Origin: *\n\n    final\n" % n)
    srv = "".join("server %s\n%s\n" % (o, "".join(r)) for o, r in servers.items())
    opts = ([] if mode == "cors" else ["mode=" + mode]) + ([] if redirect == "follow" else ["redirect=" + redirect])
    f = "fetch %s %s/case/%s/res%s\n" % (method, start, n, "".join(" " + o for o in opts))
    if method == "POST":
        f += "  body x\n"
    return "redirmode %s %d from %s to %s mode %s redirect %s %r" % (method, st, start, dest, mode, redirect, lines), srv, f



def case_redirpf(n):
    """a preflighted request (method or header) redirected once, same-origin or cross-origin, by any redirect
    status; each server answers preflights with its own lists, and may allow credentials."""
    method = R.choice(["PUT", "DELETE", "PATCH", "POST", "GET"])
    custom = method in ("POST", "GET") or R.random() < 0.4
    st = R.choice([301, 302, 303, 307, 308])
    start = R.choice([API, "http://127.0.0.1:8803"])
    dest = R.choice([API, "http://127.0.0.1:8803", PAGE])
    cred = R.random() < 0.3
    def pf(origin):
        acao = "{origin}" if cred else R.choice(["*", "*", "{origin}"])
        lines = ["Access-Control-Allow-Origin: %s" % acao, "Access-Control-Allow-Methods: %s" % R.choice([method, "GET, " + method, "*", "GET"])]
        if custom:
            lines.append("Access-Control-Allow-Headers: %s" % R.choice(["x-foo", "*", "x-foo, content-type", "content-type"]))
        if cred:
            lines.append("Access-Control-Allow-Credentials: true")
        return "  OPTIONS /case/%s/*\n    204\n%s" % (n, hdrs(lines))
    acao = "{origin}" if cred else "*"
    servers = {}
    servers.setdefault(start, []).append(pf(start))
    servers[start].append("  * /case/%s/start\n    %d\n%s\n" % (n, st, hdrs(["Access-Control-Allow-Origin: %s" % acao] + (["Access-Control-Allow-Credentials: true"] if cred else []) + ["Location: %s/case/%s/final" % (dest, n)])))
    if dest not in servers and dest != PAGE:
        servers.setdefault(dest, []).append(pf(dest))
    servers.setdefault(dest, []).append("  * /case/%s/final\n    200\n%s\n    final\n" % (n, hdrs(["Access-Control-Allow-Origin: %s" % acao] + (["Access-Control-Allow-Credentials: true"] if cred else []))))
    srv = "".join("server %s\n%s\n" % (o, "".join(r)) for o, r in servers.items())
    f = "fetch %s %s/case/%s/start%s\n" % (method, start, n, " credentials=include" if cred else "")
    if method not in ("GET", "DELETE"):
        f += "  body x\n"
    if custom:
        f += "  X-Foo: 1\n"
        if method == "POST" and R.random() < 0.5:
            f += "  Content-Type: application/json\n"
    return "redirpf %s%s %d %s -> %s%s" % (method, " x-foo" if custom else "", st, start, dest, " credentials" if cred else ""), srv, f


def case_multiset(n):
    """Access-Control-* response headers split over several lines, in mixed name casing."""
    def spell(name):
        return R.choice([name, name.lower(), name.upper()])
    method = R.choice(["PUT", "DELETE"])
    pf = ["%s: *" % spell("Access-Control-Allow-Origin")]
    for part in R.choice([["GET", method], [method, method], ["", method], [method + ",", "GET"]]):
        pf.append("%s: %s" % (spell("Access-Control-Allow-Methods"), part))
    for part in R.choice([["x-foo", "x-bar"], ["x-bar", ""], ["x-foo"], ["x-bar,", "x-foo"]]):
        pf.append("%s: %s" % (spell("Access-Control-Allow-Headers"), part))
    actual = ["%s: *" % spell("Access-Control-Allow-Origin")]
    for part in R.choice([["X-A", "X-B"], ["X-A", "*"], ["", "X-B"], ["X-A,", "X-B"]]):
        actual.append("%s: %s" % (spell("Access-Control-Expose-Headers"), part))
    actual += ["X-A: 1", "X-B: 2"]
    srv = "server %s\n  OPTIONS /case/%s/*\n    204\n%s  * /case/%s/*\n    200\n%s\n    ok\n" % (API, n, hdrs(pf), n, hdrs(actual))
    f = "fetch %s %s/case/%s/res\n  X-Foo: 1\n  X-Bar: 2\n" % (method, API, n)
    return "multiset %s %r %r" % (method, pf, actual[:-2]), srv, f



def case_nocors(n):
    """no-cors requests: methods, request headers (safelisted or not), a redirect across origins and
    back, and what the script may read (an opaque response)."""
    method = R.choice(["GET", "POST", "HEAD", "get", "post"])
    hdr = R.choice([None, ("X-Foo", "1"), ("Content-Type", "application/json"), ("Content-Type", "text/plain"),
                    ("Accept", "(x)"), ("Range", "bytes=0-3"), ("Authorization", "x")])
    hops = R.choice([0, 0, 1, 2])
    chain = [R.choice([API, PAGE, "http://127.0.0.1:8803"]) for _ in range(hops + 1)]
    st = R.choice([301, 302, 303, 307, 308])
    servers = {}
    for i, o in enumerate(chain):
        if i < hops:
            servers.setdefault(o, []).append("  * /case/%s/h%d\n    %d\n    Location: %s/case/%s/h%d\n\n" % (n, i, st, chain[i + 1], n, i + 1))
        else:
            servers.setdefault(o, []).append("  * /case/%s/h%d\n    200\n%s\n    ok\n" % (n, i, hdrs(R.choice([["Access-Control-Allow-Origin: *"], [], ["X-A: 1"]]))))
    srv = "".join("server %s\n%s\n" % (o, "".join(r)) for o, r in servers.items())
    f = "fetch %s %s/case/%s/h0 mode=no-cors%s\n" % (method, chain[0], n, R.choice(["", " credentials=include", " credentials=omit"]))
    if hdr:
        f += "  %s: %s\n" % hdr
    if method.upper() == "POST":
        f += "  body x\n"
    return "nocors %s %r %d hops %d %r" % (method, hdr, hops, st, chain), srv, f


def case_authz(n):
    """Authorization (and a custom header) against Allow-Headers `*` / named, with credentials modes,
    and across a redirect that may cross origins (Authorization is removed there)."""
    cred = R.choice(["omit", "same-origin", "include"])
    acah = R.choice(["*", "authorization", "Authorization, *", "x-foo", "*, x-foo"])
    start = API
    dest = R.choice([None, API, "http://127.0.0.1:8803"])
    acao = "{origin}" if cred == "include" else R.choice(["*", "{origin}"])
    pf = ["Access-Control-Allow-Origin: %s" % acao, "Access-Control-Allow-Headers: %s" % acah, "Access-Control-Allow-Methods: GET, PUT"]
    if cred == "include":
        pf.append("Access-Control-Allow-Credentials: true")
    ok = ["Access-Control-Allow-Origin: %s" % acao] + (["Access-Control-Allow-Credentials: true"] if cred == "include" else [])
    servers = {}
    servers.setdefault(start, []).append("  OPTIONS /case/%s/*\n    204\n%s" % (n, hdrs(pf)))
    if dest:
        servers[start].append("  * /case/%s/start\n    %d\n%s\n" % (n, R.choice([302, 307]), hdrs(ok + ["Location: %s/case/%s/final" % (dest, n)])))
        if dest not in servers:
            servers.setdefault(dest, []).append("  OPTIONS /case/%s/*\n    204\n%s" % (n, hdrs(pf)))
        servers[dest].append("  * /case/%s/final\n    200\n%s\n    final\n" % (n, hdrs(ok)))
    else:
        servers[start].append("  * /case/%s/start\n    200\n%s\n    ok\n" % (n, hdrs(ok)))
    srv = "".join("server %s\n%s\n" % (o, "".join(r)) for o, r in servers.items())
    f = "fetch %s %s/case/%s/start%s\n  Authorization: Bearer x\n" % (R.choice(["GET", "PUT"]), start, n, "" if cred == "same-origin" else " credentials=" + cred)
    if R.random() < 0.4:
        f += "  X-Foo: 1\n"
    return "authz credentials %s ACAH %r redirect to %s" % (cred, acah, dest), srv, f


KINDS = [("safelist", case_safelist, 3), ("acao", case_acao, 2), ("preflight", case_preflight, 2), ("maxage", case_maxage, 1),
         ("expose", case_expose, 1), ("status", case_status, 1), ("chain", case_chain, 2)]
# kinds added after the seed 1401 and 2077 runs (those seeds use the list above only)
KINDS_MORE = [("method", case_method, 2), ("credentials", case_credentials, 2)]
# kinds added after the seed 3001 run (seeds from 5000 add them; lower seeds reproduce the earlier runs)
KINDS_5000 = [("credmix", case_credmix, 3), ("redirmode", case_redirmode, 3)]
# kinds added after the seed 5101 run (seeds from 5200 add them)
KINDS_5200 = [("redirpf", case_redirpf, 4), ("multiset", case_multiset, 2)]
# kinds added after the seed 5303 run (seeds from 5400 add them)
KINDS_5400 = [("nocors", case_nocors, 4), ("authz", case_authz, 4)]


def generate(seed, count, out):
    """Writes count scenario files to out; returns their paths."""
    global R
    R = random.Random(seed)
    kinds = KINDS + (KINDS_MORE if seed >= 3000 else []) + (KINDS_5000 if seed >= 5000 else []) + \
        (KINDS_5200 if seed >= 5200 else []) + (KINDS_5400 if seed >= 5400 else [])    # lower seeds reproduce the first runs
    bag = [k for k in kinds for _ in range(k[2])]
    os.makedirs(out, exist_ok=True)
    paths = []
    for i in range(count):
        kname, fn, _ = R.choice(bag)
        n = "vary-%d-%03d-%s" % (seed, i, kname)
        desc, srv, f = fn(n)
        path = os.path.join(out, n + ".cors")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("# %s: generated (seed %d): %s\npage %s\n\n%s\n%s" % (n, seed, desc.replace("\n", " "), PAGE, srv, f))
        paths.append(path)
    return paths


R = random.Random(0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--out", required=True, help="folder for the generated .cors files")
    args = ap.parse_args()
    if not 0 < args.count <= 100000:
        raise SystemExit("--count must be 1 to 100000")
    print("%d scenarios in %s" % (len(generate(args.seed, args.count, args.out)), args.out))


if __name__ == "__main__":
    main()
