"""Seeded generator of random, valid, recordable scenarios drawn from the whole scenario contract
(Docs/scenario-format.md), for the differential tester (difftest.py).

    python3 Tools/recorder/gen.py --seed 7 --count 20 --out /tmp/gen     # same seed, same files

Unlike vary.py (one small kind of case at a time), every scenario here is composed from
independent random parts, so features meet in combinations nobody wrote down:

* requests: methods in every case (`get`, `Put`, `M-SEARCH`, tokens with `!`, `~`, `.`), modes
  (`cors`, `no-cors`, `same-origin`), credentials, cache modes (incl. `only-if-cached`), redirect
  modes; 0 to 4 request headers: the CORS-safelisted names in any spelling with values at the
  edges (lengths 127/128/129, the forbidden bytes `"():<>?@[\\]{}` and DEL, Range forms,
  Content-Type essences and parameters, non-ASCII), custom and forbidden names, `Authorization`,
  repeated names; bodies (`body TEXT`, urlencoded, form-data, blob TYPE, stream), sometimes on
  GET/HEAD;
* server answers: preflight routes (status, Allow-Origin/-Methods/-Headers/-Credentials/-Max-Age
  values, lists with empty items and whitespace, `*`, duplicates split over lines, names in odd
  spellings) or none, actual routes with statuses 200-599, Expose-Headers lists, extra headers,
  `Cache-Control`; redirect chains of 1 to 3 hops (301/302/303/307/308, absolute or relative
  `Location`) across three origins, which taints the origin when they cross;
* time: a second fetch of the same URL after 100 ms, or after 4 s / 6 s (around the 5 s
  default preflight Max-Age), or after a `server` block changed the answers.

Every file is a case under its own /case/<name>/ path on loopback origins, so a whole batch records
in one browser session (Tools/recorder/record.py). The same seed writes the same files
(random.Random(seed); no clock).
"""
import argparse
import os
import random

PAGE = "http://127.0.0.1:8801"
API = "http://localhost:8802"
THIRD = "http://127.0.0.1:8803"
ORIGINS = [API, API, THIRD, PAGE]

METHODS = [("GET", 14), ("get", 2), ("Get", 1), ("HEAD", 3), ("head", 1), ("POST", 10), ("post", 2), ("pOsT", 1),
           ("PUT", 5), ("put", 2), ("DELETE", 4), ("delete", 2), ("PATCH", 3), ("patch", 3), ("OPTIONS", 1), ("options", 1),
           ("FOO", 1), ("M-SEARCH", 1), ("PROPFIND", 1), ("X!Y", 1), ("A~B", 1), ("G.T", 1), ("connect", 1), ("Track", 1)]

FORBIDDEN_BYTES = ['"', "(", ")", ":", "<", ">", "?", "@", "[", "\\", "]", "{", "}"]


def edge_len(n, fill="a"):
    return fill * n


def accept_value(r):
    c = r.random()
    if c < 0.25:
        return r.choice(["*/*", "text/html", "application/json", "text/html, */*;q=0.8", "a,b", "a=b", "a/b", ""])
    if c < 0.5:
        return "a" + r.choice(FORBIDDEN_BYTES) + "b"
    if c < 0.8:
        return edge_len(r.choice([127, 128, 129]))
    return r.choice(["\u00e9", "a\tb", "x;q=0.9", "text/plain; a=\u00e9"])


def lang_value(r):
    c = r.random()
    if c < 0.4:
        return r.choice(["en-US", "en", "*", "en;q=0.5", "en,fr", "en-US;q=0.9, fr;q=0.8", "0-9", "en US", "en_US", "en.US", "=", ""])
    if c < 0.7:
        return edge_len(r.choice([127, 128, 129]))
    return r.choice(["en" + r.choice(FORBIDDEN_BYTES), "\u00e9", "en\tus", "en/us"])


ESSENCES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "TEXT/PLAIN", "Text/Plain",
            "application/json", "text/html", "text/*", "*/*", "text/ plain", "multipart/form-data; boundary=x"]
PARAMS = ["", ";charset=utf-8", "; charset=UTF-8", ';charset="utf-8"', ";", ";a=b", " ;a=b", ";charset=utf-8;charset=latin1",
          ";a=\u00e9", ";a=\"b;c\"", "," + "text/plain", ",application/json", "\tx", ";a=(b)"]


def ctype_value(r):
    c = r.random()
    if c < 0.8:
        return r.choice(ESSENCES) + r.choice(PARAMS)
    base = "text/plain;a="
    return base + edge_len(r.choice([128 - len(base) - 1, 128 - len(base), 128 - len(base) + 1]))


RANGES = ["bytes=0-", "bytes=0-3", "bytes=-5", "bytes=0-3,5-6", "bytes= 0-3", "bytes=3-0", "bytes=a-b", "bytes=00-3",
          "bytes=-", "bytes=0-99999999999999999999", "bytes=0-3;", "bytes=0 -3", "bytes=1-1", "bits=0-3", "bytes=+1-3",
          "BYTES=0-3", "Bytes=0-", "bytes =0-3", "bytes=0-3 ", "bytes=0x1-3"]


def spell(r, name):
    return r.choice([name, name, name.lower(), name.upper(), "".join(ch.upper() if i % 2 else ch.lower() for i, ch in enumerate(name))])


def request_headers(r):
    out = []
    for _ in range(r.choice([0, 0, 0, 1, 1, 1, 2, 2, 3, 4])):
        c = r.random()
        if c < 0.14:
            out.append((spell(r, "Accept"), accept_value(r)))
        elif c < 0.25:
            out.append((spell(r, r.choice(["Accept-Language", "Content-Language"])), lang_value(r)))
        elif c < 0.42:
            out.append((spell(r, "Content-Type"), ctype_value(r)))
        elif c < 0.52:
            out.append((spell(r, "Range"), r.choice(RANGES)))
        elif c < 0.72:
            out.append((r.choice(["X-Foo", "x-foo", "X-BAR", "x-b\u0061z", "X_Under", "x.dot", "X-Foo"]), r.choice(["1", "a b", "", "\u00e9", "x" * 200])))
        elif c < 0.8:
            out.append((spell(r, "Authorization"), r.choice(["Bearer x", "Basic eDp5", ""])))
        elif c < 0.9:
            out.append((r.choice(["Cookie", "Host", "Origin", "Referer", "Connection", "Content-Length", "Sec-Foo", "Proxy-Foo",
                                  "Keep-Alive", "Access-Control-Request-Method", "Date", "DNT", "Via", "Expect"]), r.choice(["1", "x"])))
        else:
            out.append((r.choice(["X-HTTP-Method-Override", "X-Method-Override", "x-http-method"]), r.choice(["PUT", "CONNECT", "get", "TRACE"])))
    if out and r.random() < 0.1:
        out.append((out[0][0], out[0][1] if r.random() < 0.5 else "2"))        # a repeated name
    return out


def body_lines(r, method):
    upper = method.upper()
    if upper in ("GET", "HEAD") and r.random() > 0.06:
        return []
    c = r.random()
    if c < 0.25:
        return []
    if c < 0.65:
        return ["body " + r.choice(["x", "{\"a\":1}", "a=1&b=2", "caf\u00e9"])]
    if c < 0.75:
        return ["body-type urlencoded"]
    if c < 0.85:
        return ["body-type form-data"]
    if c < 0.96:
        return ["body-type blob " + r.choice(["text/plain", "application/json", "text/plain;charset=utf-8", "multipart/form-data"])]
    return ["body-type stream"]


ACAO = ["*", "*", "*", "{origin}", "{origin}", PAGE, PAGE + "/", "HTTP://127.0.0.1:8801", "null", "*, *", '"*"', PAGE + "," + API,
        "http://127.0.0.1", "*;", "http://127.0.0.1:08801"]
ACAC = ["true", "true", "true", "True", "TRUE", "false", "true, true", "1"]
MAXAGE = [None, None, None, "0", "1", "60", "+60", "060", "6e1", "-1", "60, 60", "4", "6", "600", "86400"]


def list_value(r, items, extras):
    """A comma list of items with odd spacing, empty items and duplicates now and then."""
    items = list(items)
    if r.random() < 0.25:
        items.append(r.choice(extras))
    if r.random() < 0.15 and items:
        items.insert(r.randrange(len(items) + 1), "")
    if r.random() < 0.1 and items:
        items.append(items[0])
    sep = r.choice([",", ", ", " , ", ",\t", ","])
    return sep.join(items)


def method_list(r, method):
    c = r.random()
    if c < 0.1:
        return "*"
    if c < 0.2:
        return "GET, POST"
    base = [r.choice([method, method, method.upper(), method.lower(), method.title()])]
    return list_value(r, base, ["GET", "*", "PUT", "DELETE", "PATCH", "post"])


def header_list(r, headers):
    c = r.random()
    if c < 0.12:
        return "*"
    names = []
    for n, _ in headers:
        if r.random() < 0.85:
            names.append(r.choice([n, n.lower(), n.upper()]))
    return list_value(r, names, ["x-other", "*", "content-type", "authorization", "X-FOO"])


def preflight_route(r, n, method, headers, cred, answer_path):
    """An OPTIONS route with a random answer, or None (the server has no OPTIONS route)."""
    if r.random() < 0.08:
        return None
    st = 204 if r.random() < 0.6 else r.choice([200, 200, 201, 204, 206, 299, 301, 302, 307, 400, 403, 404, 500])
    lines = []
    if r.random() < 0.93:
        acao = "{origin}" if cred and r.random() < 0.7 else r.choice(ACAO)
        lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Origin"), acao))
        if r.random() < 0.05:
            lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Origin"), r.choice(ACAO)))
    if r.random() < 0.85:
        lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Methods"), method_list(r, method)))
        if r.random() < 0.08:
            lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Methods"), method))
    if headers and r.random() < 0.85 or r.random() < 0.1:
        lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Headers"), header_list(r, headers)))
        if r.random() < 0.08:
            lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Headers"), "x-foo"))
    if cred and r.random() < 0.8 or r.random() < 0.08:
        lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Credentials"), r.choice(ACAC)))
    ma = r.choice(MAXAGE)
    if ma is not None:
        lines.append("%s: %s" % (spell(r, "Access-Control-Max-Age"), ma))
    if st in (301, 302, 307):
        lines.append("Location: %s" % answer_path)
    return "  OPTIONS /case/%s/*\n    %d\n%s" % (n, st, "".join("    %s\n" % l for l in lines))


EXPOSE = ["X-A", "x-a", "X-A, X-B", "X-A,,X-B", "*", "X-A X-B", "x-a,x-b,*", ",X-B", "X-A\t,X-B", "Set-Cookie", "content-length"]
STATUSES = [200] * 14 + [201, 203, 204, 206, 299, 300, 304, 400, 403, 404, 418, 500, 503, 599]


def final_route(r, n, path, cred, cacheable):
    st = r.choice(STATUSES)
    lines = []
    if r.random() < 0.9:
        lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Origin"), "{origin}" if cred and r.random() < 0.7 else r.choice(ACAO)))
        if r.random() < 0.05:
            lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Origin"), r.choice(ACAO)))
    if cred and r.random() < 0.85 or r.random() < 0.05:
        lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Credentials"), r.choice(ACAC)))
    if r.random() < 0.35:
        lines.append("%s: %s" % (spell(r, "Access-Control-Expose-Headers"), r.choice(EXPOSE)))
        if r.random() < 0.15:
            lines.append("%s: %s" % (spell(r, "Access-Control-Expose-Headers"), r.choice(EXPOSE)))
    lines += r.sample(["X-A: 1", "X-B: 2", "Content-Type: text/plain", "Content-Language: en", "Cache-Control: no-cache",
                       "Expires: 0", "Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT", "Pragma: x", "Set-Cookie: a=1", "x-a: 3"],
                      r.choice([0, 1, 2, 3]))
    if cacheable:
        lines.append("Cache-Control: %s" % r.choice(["max-age=60", "no-store", "max-age=0", "public, max-age=60"]))
    if st in (300, 304):
        pass
    body = "" if st in (204, 304) else "\n    ok %s\n" % path.rsplit("/", 1)[-1]
    return "  * %s\n    %d\n%s%s" % (path, st, "".join("    %s\n" % l for l in lines), body)


def redirect_route(r, n, path, target, cred):
    st = r.choice([301, 302, 303, 307, 308])
    lines = []
    if r.random() < 0.85:
        lines.append("%s: %s" % (spell(r, "Access-Control-Allow-Origin"), "{origin}" if cred else r.choice(["*", "*", "{origin}", PAGE])))
    if cred:
        lines.append("Access-Control-Allow-Credentials: true")
    lines.append("%s: %s" % (spell(r, "Location"), target))
    return "  * %s\n    %d\n%s" % (path, st, "".join("    %s\n" % l for l in lines)), st


def fetch_block(r, n, url, method, opts, headers, body):
    line = "fetch %s %s%s\n" % (method, url, "".join(" " + o for o in opts))
    return line + "".join("  %s: %s\n" % h for h in headers) + "".join("  %s\n" % b for b in body)


def options(r, method):
    opts = []
    mode = r.choices(["cors", "no-cors", "same-origin"], [70, 18, 12])[0]
    if mode != "cors":
        opts.append("mode=" + mode)
    cred = r.choices(["same-origin", "include", "omit"], [55, 30, 15])[0]
    if cred != "same-origin" or r.random() < 0.05:
        opts.append("credentials=" + cred)
    cache = r.choices(["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"], [70, 6, 6, 6, 8, 4])[0]
    if cache != "default":
        opts.append("cache=" + cache)
    redirect = r.choices(["follow", "manual", "error"], [80, 10, 10])[0]
    if redirect != "follow" or r.random() < 0.03:
        opts.append("redirect=" + redirect)
    return opts, cred == "include"


def scenario(r, n):
    """(description, text) of one random scenario named n."""
    method = r.choices([m for m, _ in METHODS], [w for _, w in METHODS])[0]
    headers = request_headers(r)
    body = body_lines(r, method)
    opts, cred = options(r, method)
    start = r.choice(ORIGINS)
    hops = r.choices([0, 1, 2, 3], [62, 22, 11, 5])[0]
    cacheable = r.random() < 0.08
    routes = {}                      # origin -> [route text]
    chain = [start] + [r.choice([API, THIRD, PAGE, API]) for _ in range(hops)]
    desc = ["%s %s" % (method, " ".join(opts) or "defaults"), "%d headers" % len(headers), "body" if body else "no body"]
    for i, origin in enumerate(chain):
        path = "/case/%s/h%d" % (n, i)
        if i < hops:
            nxt = chain[i + 1]
            loc = ("/case/%s/h%d" % (n, i + 1)) if nxt == origin and r.random() < 0.5 else "%s/case/%s/h%d" % (nxt, n, i + 1)
            text, st = redirect_route(r, n, path, loc, cred)
            routes.setdefault(origin, []).append(text)
            desc.append("%d->%s" % (st, nxt.split("//")[1]))
        else:
            routes.setdefault(origin, []).append(final_route(r, n, path, cred, cacheable))
    blocks = []
    for origin, rs in routes.items():
        pf = preflight_route(r, n, method, headers, cred, "/case/%s/pf" % n) if origin != PAGE or r.random() < 0.3 else None
        blocks.append("server %s\n%s%s\n" % (origin, pf or "", "".join(rs)))
    url = "%s/case/%s/h0" % (start, n)
    steps = [fetch_block(r, n, url, method, opts, headers, body)]
    c = r.random()
    if c < 0.3:
        # a second fetch: the same request again (preflight cache, HTTP cache), maybe after time or a config change
        gap = r.choices(["100ms", "4s", "6s", "server"], [70, 10, 10, 10])[0]
        if gap == "server":
            origin = r.choice(list(routes))
            steps.append("server %s\n  * /case/%s/*\n    200\n    Access-Control-Allow-Origin: %s\n\n    changed\n" % (origin, n, r.choice(["*", "{origin}"])))
        else:
            steps.append("wait %s\n" % gap)
        if r.random() < 0.3:
            method2 = r.choice(["GET", "PUT", "POST", method])
            steps.append(fetch_block(r, n, url + r.choice(["", "#a", "?q=1"]), method2, opts, headers if r.random() < 0.7 else [],
                                     body if method2.upper() not in ("GET", "HEAD") else []))
        else:
            steps.append(fetch_block(r, n, url, method, opts, headers, body))
        desc.append("then %s" % gap)
    text = "# %s: generated by Tools/recorder/gen.py: %s\npage %s\n\n%s\n%s" % (n, "; ".join(desc), PAGE, "\n".join(blocks), "\n".join(steps))
    return text


def family(prefix, tag, build):
    """A generator family's generate(seed, count, out, start=0, keep_existing=False): scenario i
    of a seed is named PREFIX-SEED-NNNNN and drawn by build(rng, name) from
    random.Random("TAG/SEED/i"), so the same seed and index always give the same file."""
    def generate(seed, count, out, start=0, keep_existing=False):
        def one(i):
            n = "%s-%d-%05d" % (prefix, seed, i)
            return n, build(random.Random("%s/%d/%d" % (tag, seed, i)), n)
        return write_scenarios(out, start, count, one, keep_existing)
    return generate


def write_scenarios(out, start, count, name_and_text, keep_existing=False):
    """Writes scenario i (start <= i < count) as NAME.cors, NAME and text from name_and_text(i),
    rewriting a file only when its text changed; returns the paths. keep_existing: a results
    folder keeps the file its recordings were made from."""
    os.makedirs(out, exist_ok=True)
    paths = []
    for i in range(start, count):
        n, text = name_and_text(i)
        path = os.path.join(out, n + ".cors")
        if not (os.path.exists(path) and (keep_existing or open(path, encoding="utf-8").read() == text)):
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        paths.append(path)
    return paths


def generate(seed, count, out, start=0, keep_existing=False):
    """Writes scenarios start..count-1 of the seed to out (each one seeded by (seed, index), so any
    prefix or slice of a run is the same files); returns their paths."""
    def one(i):
        n = "dt-%d-%05d" % (seed, i)
        return n, scenario(random.Random("%d/%d" % (seed, i)), n)
    return write_scenarios(out, start, count, one, keep_existing)


def command_line(description, generate):
    """The command line every generator family shares: --seed, --count, --out."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if not 0 < a.count <= 1000000:
        raise SystemExit("--count must be 1 to 1000000")
    print("%d scenarios in %s" % (len(generate(a.seed, a.count, a.out)), a.out))


def main():
    command_line(__doc__, generate)


if __name__ == "__main__":
    main()
