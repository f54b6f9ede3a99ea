"""Fifth generator family for the differential tester: the CORS-preflight cache as a state machine.

    python3 Tools/recorder/gen5.py --seed 9501 --count 20 --out /tmp/gen5     # same seed, same files
    python3 Tools/recorder/difftest.py --family pfcache --seed 9501 --count 120 --out /tmp/dt9501

The other families make one or two fetches, 100 ms, 4 s or 6 s apart. Here every scenario is 3 to
6 fetches against one or two cross-origin servers, so a preflight-cache entry made by one fetch is
looked up by the next ones, and drawn between them:

* the request: a method (PUT, DELETE, PATCH, a lower-case `put`, or a safelisted GET/POST/HEAD)
  and a subset of unsafe headers (X-A, X-B, `x-a` in another case, a JSON Content-Type, now and
  then Authorization),
  mostly a variation of an earlier fetch's (one method or header more or less), so entries are
  learnt by one fetch and reused or missed by another; credentials `omit`, `include` or the
  default (the cache's key or stored flag), and now and then a cache mode (no-store, reload,
  no-cache, force-cache);
* the URL: the same path, the same with a `?query` or a `#fragment`, another path, or the other
  server; now and then through a 301/302/307/308 of the first server to the second, so the
  preflight after the redirect is made for a tainted origin (`Origin: null`);
* the preflight answer (mostly one that passes, so entries are made and looked up): 204 or 200
  (now and then 403 or 500), Allow-Origin `{origin}`, `*` or
  the page's origin, Allow-Credentials, Allow-Methods and Allow-Headers as named lists (any
  case), `*`, or lists that leave something out, and Access-Control-Max-Age absent, 0, negative,
  `+5`, `5.0`, `1e2`, ` 7 `, `5, 10`, two header lines, the caps' neighbours (600, 7200, 86400
  and one more), huge or overflowing values, or not a number;
* between two fetches: nothing, a `wait` around the 5 s default, around the drawn Max-Age or
  around each engine's cap (WebKit 10 min, Chromium 2 h, Firefox 24 h; Sources/CORSSim/Browsers),
  a `restart`, a page switch (another origin, `page null`, the page under another top-level
  site), or a `server` block that changes the answers (a cached entry must not ask it again; a
  preflight that now fails after a success: does the failure evict?).

Names: the page `http://127.0.0.1:8801` (or `http://localhost:8801`), servers
`http://localhost:8802` and `http://127.0.0.1:8803`, a top-level document
`http://localhost:8805` for `page P in TOP`: loopback literals and `localhost`, so no name needs
an address. Boundary waits (1 ms either side) are drawn only while the page has not changed (the
virtual clock runs while a page loads: Tools/recorder/README.md, "The virtual clock"); after a
page switch or a restart the waits keep a margin of a second.

Not drawn (why): cache capacity (100+ distinct URLs per scenario), https (no engine keys the
preflight cache on the scheme apart from the origin), cookies (gen3.py draws them).

Every file is a case under its own /case/<name>/ path. The same seed writes the same files
(random.Random("pfcache/seed/index"); no clock, no set or dict iteration order).
"""

import gen  # write_scenarios: how every family writes its files
from gen2 import route, fetch

PAGE = "http://127.0.0.1:8801"
OTHER_PAGE = "http://localhost:8801"
TOP = "http://localhost:8805"
SERVERS = ["http://localhost:8802", "http://127.0.0.1:8803"]

METHODS = ["PUT", "DELETE", "PATCH", "put", "GET", "POST", "HEAD"]
METHOD_WEIGHTS = [30, 14, 12, 5, 18, 14, 7]
HEADERS = [("X-A", "1"), ("X-B", "2"), ("x-a", "3"), ("Content-Type", "application/json"), ("Authorization", "Bearer t")]

# Access-Control-Max-Age lines: each entry is the list of header values (two entries: two lines).
MAX_AGES = [[], ["0"], ["-1"], ["+5"], ["5.0"], ["1e2"], [" 7 "], ["5, 10"], ["5", "10"], ["2"], ["10"],
            ["60"], ["600"], ["601"], ["7200"], ["7201"], ["86400"], ["86401"], ["100000000"],
            ["99999999999999999999"], ["abc"], ["-5"], [""]]
MAX_AGE_WEIGHTS = [12, 4, 3, 4, 4, 3, 3, 3, 3, 4, 5, 8, 7, 3, 7, 3, 7, 3, 5, 3, 3, 2, 2]

# Waits around the default 5 s and each engine's cap (WebKit 600 s, Chromium 7200 s, Firefox 86400 s).
WAITS_NEAR = ["100ms", "100ms", "1s", "1s", "3s", "4s", "4999ms", "5s", "5001ms", "6s", "11s", "599999ms", "600s", "600001ms",
              "7199999ms", "7200s", "7200001ms", "86399999ms", "86400s", "86400001ms"]
WAITS_MARGIN = ["100ms", "100ms", "1s", "1s", "3s", "7s", "11s", "598s", "602s", "7198s", "7202s", "86398s", "86402s", "3d"]


def wait_near(age):
    """Waits 1 ms either side of a numeric Max-Age of a few seconds or more."""
    try:
        n = int(age.strip())
    except ValueError:
        return []
    if n < 2 or n > 10 ** 6:
        return []
    return ["%dms" % (n * 1000 - 1), "%ds" % n, "%dms" % (n * 1000 + 1)]


class Answer:
    """One server's answers: the preflight route and the actual route."""

    def __init__(self, r, cred_hint):
        # Mostly answers that pass, so that entries are made and looked up again.
        self.status = r.choices([204, 200, 403, 500], [72, 22, 3, 3])[0]
        self.acao = r.choices(["{origin}", "*", PAGE], [75, 15, 10])[0]
        self.acac = cred_hint and r.random() < 0.9 or r.random() < 0.6
        self.methods = r.choices(["PUT, DELETE, PATCH", "*", "PUT", "put, delete", "DELETE, PATCH", None, "PUT, PATCH, *",
                                  "PUT, DELETE, PATCH, GET, HEAD"], [50, 14, 7, 5, 4, 3, 5, 8])[0]
        self.headers = r.choices(["X-A, X-B, Content-Type", "*", "x-a", "X-B", "content-type, x-b", None, "X-A, *",
                                  "x-a, x-b, content-type, authorization"], [46, 14, 5, 4, 5, 3, 5, 14])[0]
        self.max_age = r.choices(MAX_AGES, MAX_AGE_WEIGHTS)[0]
        self.actual_acao = r.choices(["{origin}", "*"], [85, 15])[0]
        self.actual_acac = cred_hint or r.random() < 0.8
        self.body = "ok"

    def change(self, r):
        """A server block that changes some answers mid-scenario."""
        c = r.choices(["fail", "methods", "headers", "max-age", "body", "origin"], [30, 20, 15, 10, 15, 10])[0]
        if c == "fail":
            self.status = r.choice([403, 500, 204])
            if self.status == 204:
                self.acao = None
        elif c == "methods":
            self.methods = r.choice(["GET", "PATCH", "*", None, "PUT, DELETE, PATCH"])
        elif c == "headers":
            self.headers = r.choice(["X-B", "*", None, "X-A, X-B, Content-Type"])
        elif c == "max-age":
            self.max_age = r.choices(MAX_AGES, MAX_AGE_WEIGHTS)[0]
        elif c == "origin":
            self.actual_acao = r.choice(["{origin}", "*", "http://other.invalid"])
        self.body = "changed"
        return c

    def routes(self, n, redirect=None):
        pf = []
        if self.acao is not None:
            pf.append("Access-Control-Allow-Origin: " + self.acao)
        if self.acac:
            pf.append("Access-Control-Allow-Credentials: true")
        if self.methods is not None:
            pf.append("Access-Control-Allow-Methods: " + self.methods)
        if self.headers is not None:
            pf.append("Access-Control-Allow-Headers: " + self.headers)
        pf += ["Access-Control-Max-Age: " + v for v in self.max_age]
        out = [route("OPTIONS /case/%s/*" % n, self.status, pf)]
        if redirect:
            status, target = redirect
            out.append(route("* /case/%s/redir" % n, status, ["Access-Control-Allow-Origin: " + self.actual_acao,
                                                                  "Access-Control-Allow-Credentials: true",
                                                                  "Location: " + target], ""))
        lines = ["Access-Control-Allow-Origin: " + self.actual_acao]
        if self.actual_acac:
            lines.append("Access-Control-Allow-Credentials: true")
        out.append(route("* /case/%s/*" % n, 200, lines, self.body))
        return out


def server_text(origin, answer, n, redirect=None):
    return "server %s\n%s\n" % (origin, "".join(answer.routes(n, redirect)))


class Shape:
    """A fetch's request: method, headers, credentials, cache mode, URL choice."""

    def __init__(self, method, headers, cred, cache, target, path):
        self.method, self.headers, self.cred, self.cache, self.target, self.path = method, headers, cred, cache, target, path

    @staticmethod
    def fresh(r):
        method = r.choices(METHODS, METHOD_WEIGHTS)[0]
        k = r.choices([0, 1, 2], [20 if method in ("GET", "POST", "HEAD") else 45, 40, 15])[0]
        if method in ("GET", "POST", "HEAD") and k == 0:
            k = 1
        # Authorization now and then only (its own rule under `*`)
        headers = sorted(r.sample(range(len(HEADERS) - (0 if r.random() < 0.2 else 1)), k))
        return Shape(method, headers, r.choices(["same-origin", "include", "omit"], [55, 27, 18])[0],
                     None, 0, "r")

    def vary(self, r):
        s = Shape(self.method, list(self.headers), self.cred, None, self.target, self.path)
        for _ in range(r.choice([1, 1, 2])):
            c = r.choices(["same", "method", "header", "cred", "cache", "url", "target"], [30, 18, 18, 12, 5, 12, 6])[0]
            if c == "method":
                s.method = r.choices(METHODS, METHOD_WEIGHTS)[0]
            elif c == "header":
                i = r.randrange(len(HEADERS))
                s.headers = sorted(set(s.headers) ^ {i})
            elif c == "cred":
                s.cred = r.choice([x for x in ["same-origin", "include", "omit"] if x != s.cred])
            elif c == "cache":
                s.cache = r.choice(["no-store", "reload", "no-cache", "force-cache"])
            elif c == "url":
                s.path = r.choice(["r?q=1", "r#frag", "r?q=2#f", "other", "r"])
            elif c == "target":
                s.target = 1 - s.target
        return s

    def text(self, n, redirect):
        url = "%s/case/%s/%s" % (SERVERS[self.target], n, "redir" if redirect else self.path)
        opts = []
        if self.cred != "same-origin":
            opts.append("credentials=" + self.cred)
        if self.cache:
            opts.append("cache=" + self.cache)
        headers = [HEADERS[i] for i in self.headers]
        body = ["body x"] if self.method.upper() in ("PUT", "POST", "PATCH") and "Content-Type" not in [h for h, _ in headers] \
            else (["body {}"] if self.method.upper() in ("PUT", "POST", "PATCH") else [])
        return fetch(self.method, url, opts, headers, body)


def scenario(r, n):
    answers = [Answer(r, r.random() < 0.4), Answer(r, r.random() < 0.4)]
    redirect = None
    if r.random() < 0.18:
        # the first server redirects /redir to the second: the preflight after it is for a tainted origin
        redirect = (r.choice([301, 302, 307, 308, 307]), "%s/case/%s/r" % (SERVERS[1], n))
    steps = []
    top = r.random() < 0.08
    steps.append("page %s in %s\n" % (PAGE, TOP) if top else "page %s\n" % PAGE)
    steps.append(server_text(SERVERS[0], answers[0], n, redirect))
    steps.append(server_text(SERVERS[1], answers[1], n))
    count = r.choice([3, 4, 4, 5, 5, 6])
    shapes = [Shape.fresh(r)]
    exact = True   # the clock has not run since the scenario's first step (no page change, no restart)
    desc = []
    redirect_used = False
    for k in range(count):
        if k == 0:
            shape = shapes[0]
        else:
            base = r.choice(shapes) if r.random() < 0.85 else Shape.fresh(r)
            shape = base.vary(r)
            shapes.append(shape)
            between = r.choices(["none", "wait", "restart", "page", "server"], [34, 40, 5, 10, 11])[0]
            if between == "wait":
                src = shapes[-2]
                near = wait_near((answers[src.target].max_age or ["5"])[0]) if exact else []
                pool = (WAITS_NEAR if exact else WAITS_MARGIN) + near * 3
                w = r.choice(pool)
                steps.append("wait %s\n" % w)
                desc.append("wait " + w)
            elif between == "restart":
                steps.append("restart\n")
                exact = False
                desc.append("restart")
            elif between == "page":
                p = r.choices(["other", "null", "top", "back"], [30, 30, 20, 20])[0]
                line = {"other": "page %s\n" % OTHER_PAGE, "null": "page null\n",
                        "top": "page %s in %s\n" % (PAGE, TOP), "back": "page %s\n" % PAGE}[p]
                steps.append(line)
                exact = False
                desc.append("page " + p)
            elif between == "server":
                i = r.randrange(2)
                c = answers[i].change(r)
                steps.append(server_text(SERVERS[i], answers[i], n, redirect if i == 0 else None))
                desc.append("server %d %s" % (i, c))
        use_redirect = redirect is not None and shape.target == 0 and (not redirect_used or r.random() < 0.5) \
            and r.random() < 0.6
        redirect_used = redirect_used or use_redirect
        steps.append(shape.text(n, use_redirect))
        desc.append("%s%s%s %s" % (shape.method, "+" + "+".join(HEADERS[i][0] for i in shape.headers) if shape.headers else "",
                                   " " + shape.cred, "redir" if use_redirect else "s%d/%s" % (shape.target, shape.path)))
    maxages = "/".join(",".join(a.max_age) or "absent" for a in answers)
    head = "# %s: generated by Tools/recorder/gen5.py (max-age %s%s; %s)\n" % (
        n, maxages, "; redirect %d" % redirect[0] if redirect else "", "; ".join(desc))
    return head[:400].rstrip() + "\n" + "\n".join(steps)


# Writes scenarios start..count-1 of a seed, named dt6-SEED-NNNNN; returns their paths.
generate = gen.family("dt6", "pfcache", scenario)


def main():
    gen.command_line(__doc__, generate)


if __name__ == "__main__":
    main()
