"""Fourth generator family for the differential tester: Local Network Access, the address spaces
of pages and servers (issue 14: the misses are in behaviour nobody recorded).

    python3 Tools/recorder/gen4.py --seed 9401 --count 20 --out /tmp/gen4     # same seed, same files
    python3 Tools/recorder/difftest.py --family net --seed 9401 --count 100 --out /tmp/dt9401

gen.py, gen2.py and gen3.py give every host name `address loopback` (or use loopback literals),
so every request they draw stays inside one address space and Local Network Access never
decides anything. This family draws, one kind per scenario:

* `lna`: a page in one address space (public, local or loopback; http or https; sometimes a
  `page null` embedded in it) with the user's answer to the permission prompt (granted, denied,
  or none), fetching a server in another or the same space (a public, local or loopback host
  name, `127.0.0.1`, `localhost`), in cors or no-cors mode, simple or preflighted, with or
  without credentials, answered with or without Access-Control-Allow-Origin (and now and then
  the Private Network Access preflight answer `Access-Control-Allow-Private-Network: true`);
  sometimes on a page of the other scheme (an https page asking for an http server: mixed
  content against the permission), sometimes fetched a second time;
* `hop`: the same through a redirect, so the address space changes on the way (a public server
  redirecting to a local or loopback one, or back), in every redirect mode.

Names (the recorder gives each its address in its network namespace; one address per name and
one permission answer per page origin in a run): pages `granted.pub.example`,
`denied.pub.example` and `prompt.pub.example` (public; granted, denied, no answer),
`lan.example` and `granted.lan.example` (local; no answer, granted) and `127.0.0.1`; servers
`api.pub.example` (public), `dev.lan.example` (local), `lo.example` (loopback), `127.0.0.1`,
`localhost`. Ports: http 8801-8804, https 8443-8446 (one scheme per port).

Not drawn (why): IPv6 addresses and IP-literal private addresses (the recorder refuses them:
Tools/recorder/README.md, "What a scenario may use"), WebSockets and WebRTC (not fetch), a second
answer to the prompt for one page origin in a run (the recorder sets the permission before launch).

Every file is a case under its own /case/<name>/ path. The same seed writes the same files
(random.Random("net/seed/index"); no clock, no set or dict iteration order).
"""

import gen  # write_scenarios: how every family writes its files
from gen2 import route, fetch

KINDS = [("lna", 65), ("hop", 35)]

# (host, address, permission answer) of the pages; 127.0.0.1 needs no address.
PAGES = [("granted.pub.example", "public", "granted"), ("denied.pub.example", "public", "denied"),
         ("prompt.pub.example", "public", None), ("lan.example", "local", None),
         ("granted.lan.example", "local", "granted"), ("127.0.0.1", None, None)]
PAGE_WEIGHTS = [22, 16, 20, 14, 12, 16]
# (host, address) of the servers.
SERVERS = [("api.pub.example", "public"), ("dev.lan.example", "local"), ("lo.example", "loopback"),
           ("127.0.0.1", None), ("localhost", None)]
SERVER_WEIGHTS = [20, 30, 20, 18, 12]
# One scheme per port in a run: http 8801 (pages), 8802-8804; https 8443 (pages), 8444-8446.
PORT = {("http", "page"): 8801, ("https", "page"): 8443,
        ("http", 0): 8802, ("http", 1): 8803, ("http", 2): 8804,
        ("https", 0): 8444, ("https", 1): 8445, ("https", 2): 8446}


def page_line(scheme, page):
    host, address, answer = page
    line = "page %s://%s:%d" % (scheme, host, PORT[(scheme, "page")])
    if address:
        line += " address " + address
    if answer:
        line += " local-network " + answer
    return line + "\n"


def server_origin(scheme, srv, slot):
    return "%s://%s:%d" % (scheme, srv[0], PORT[(scheme, slot)])


def server_block(origin, srv, routes):
    return "server %s%s\n%s\n" % (origin, " address " + srv[1] if srv[1] else "", "".join(routes))


def request(r):
    """(method, headers, body, opts, credentialed) of the fetch: simple or preflighted, cors or no-cors."""
    mode = r.choices(["cors", "no-cors"], [78, 22])[0]
    cred = r.choices(["same-origin", "include", "omit"], [55, 30, 15])[0]
    opts = [] if mode == "cors" else ["mode=no-cors"]
    if cred != "same-origin":
        opts.append("credentials=" + cred)
    method, headers, body = "GET", [], []
    if mode == "cors":
        c = r.random()
        if c < 0.2:
            method, headers = "GET", [("X-Foo", "1")]
        elif c < 0.35:
            method, headers, body = "POST", [("Content-Type", "application/json")], ["body {}"]
        elif c < 0.45:
            method = r.choice(["PUT", "DELETE"])
        elif c < 0.55:
            method, body = "POST", ["body x"]
    elif r.random() < 0.3:
        method, body = "POST", ["body x"]
    return method, headers, body, opts, cred == "include"


def answers(r, n, cred, method, headers, preflight_path):
    """The target's routes: an OPTIONS route (usually) and the answer, with or without CORS headers."""
    acao = r.choices(["{origin}", "*", None], [55, 30, 15])[0]
    lines = []
    if acao is not None:
        lines.append("Access-Control-Allow-Origin: " + ("{origin}" if cred and r.random() < 0.8 else acao))
    if cred and r.random() < 0.85:
        lines.append("Access-Control-Allow-Credentials: true")
    routes = []
    needs = headers or method not in ("GET", "HEAD", "POST")
    if needs or r.random() < 0.2:
        if r.random() < 0.9:
            pf = list(lines) + ["Access-Control-Allow-Methods: " + r.choice(["PUT, DELETE, POST", "*", method])]
            if headers:
                pf.append("Access-Control-Allow-Headers: " + r.choice(["X-Foo, Content-Type", "*", "content-type, x-foo"]))
            if r.random() < 0.3:
                pf.append(r.choice(["Access-Control-Allow-Private-Network: true", "Access-Control-Allow-Local-Network: true"]))
            routes.append(route("OPTIONS " + preflight_path, r.choice([204, 200]), pf))
    if r.random() < 0.15:
        lines.append("Cache-Control: max-age=600")
    routes.append(route("* /case/%s/*" % n, 200, lines))
    return "; ".join(lines) or "no CORS headers", routes


def pick(r, table, weights):
    return r.choices(table, weights)[0]


def k_lna(r, n):
    page = pick(r, PAGES, PAGE_WEIGHTS)
    scheme = r.choices(["https", "http"], [65, 35])[0]
    srv = pick(r, SERVERS, SERVER_WEIGHTS)
    # an https page asking for an http server now and then (mixed content against the permission)
    tscheme = "http" if scheme == "http" or r.random() < 0.2 else "https"
    target = server_origin(tscheme, srv, r.randrange(3))
    method, headers, body, opts, cred = request(r)
    desc, routes = answers(r, n, cred, method, headers, "/case/%s/*" % n)
    steps = [page_line(scheme, page)]
    if r.random() < 0.12:
        steps.append("page null\n")
    url = "%s/case/%s/r" % (target, n)
    steps.append(server_block(target, srv, routes))
    steps.append(fetch(method, url, opts, headers, body))
    if r.random() < 0.25:
        steps.append(fetch(method, url + r.choice(["", "?again"]), opts, headers, body))
    return "lna: %s page %s to %s %s %s; %s" % (scheme, page[0], method, target, " ".join(opts), desc), steps


def k_hop(r, n):
    page = pick(r, PAGES, PAGE_WEIGHTS)
    scheme = r.choices(["https", "http"], [65, 35])[0]
    first = pick(r, SERVERS, SERVER_WEIGHTS)
    second = pick(r, [s for s in SERVERS if s != first], [w for s, w in zip(SERVERS, SERVER_WEIGHTS) if s != first])
    a = server_origin(scheme, first, 0)
    b = server_origin(scheme, second, 1)
    method, headers, body, opts, cred = request(r)
    redirect = r.choices([None, "manual", "error"], [80, 12, 8])[0]
    if redirect:
        opts = opts + ["redirect=" + redirect]
    status = r.choice([301, 302, 307, 308])
    ra = []
    pf_a = r.random() < 0.8
    lines_a = ["Access-Control-Allow-Origin: " + ("{origin}" if cred else r.choice(["*", "{origin}"]))]
    if cred:
        lines_a.append("Access-Control-Allow-Credentials: true")
    if pf_a:
        ra.append(route("OPTIONS /case/%s/*" % n, 204, lines_a + ["Access-Control-Allow-Methods: PUT, DELETE, POST",
                                                               "Access-Control-Allow-Headers: X-Foo, Content-Type"]))
    ra.append(route("* /case/%s/*" % n, status, lines_a + ["Location: %s/case/%s/to" % (b, n)], ""))
    desc, rb = answers(r, n, cred, method, headers, "/case/%s/*" % n)
    steps = [page_line(scheme, page)]
    if r.random() < 0.1:
        steps.append("page null\n")
    steps.append(server_block(a, first, ra))
    steps.append(server_block(b, second, rb))
    steps.append(fetch(method, "%s/case/%s/r" % (a, n), opts, headers, body))
    return "hop: %s page %s to %s %s %d to %s %s; %s" % (scheme, page[0], method, a, status, b, " ".join(opts), desc), steps


GEN = {"lna": k_lna, "hop": k_hop}


def scenario(r, n):
    kind = r.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    desc, steps = GEN[kind](r, n)
    head = "# %s: generated by Tools/recorder/gen4.py (%s)\n" % (n, desc.replace("\n", " ")[:300])
    return head + "\n".join(steps)


# Writes scenarios start..count-1 of a seed, named dt5-SEED-NNNNN; returns their paths.
generate = gen.family("dt5", "net", scenario)


def main():
    gen.command_line(__doc__, generate)


if __name__ == "__main__":
    main()
