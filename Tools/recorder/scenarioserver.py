"""The recorder's loopback servers and step controller (Python 3 standard library only).

One process serves every origin the scenarios name (page origins and `server` origins), each
as a `ThreadingHTTPServer` bound to 127.0.0.1 (and ::1 for `localhost`) on the origin's port.
A request is routed by its `Host` header, so `http://127.0.0.1:8802` and
`http://localhost:8802` can be two origins on one socket.

* `/favicon.ico` requests without an Origin (the browser's own) are answered 404 and not logged.
* `/__rec/...` on any origin is the control channel of the runner page (`static/runner.js`):
  it pulls one action at a time (`POST /__rec/next`): navigate to the page origin, sleep for a
  `wait`, run one `fetch` exactly as written, or stop for a browser relaunch (`restart`, or a
  fresh browser session). The controller applies `page`, `server` and `note` steps itself, so
  a `server` block takes effect exactly between the fetches it sits between.
* Every other request is scenario traffic: it is logged under the fetch being run (method,
  URL, all headers, Origin, Access-Control-Request-*, cookie presence) and answered from the
  routes currently installed for its origin, with the simulator's rules (scenario-format.md):
  first route whose method matches case-sensitively (`*`: any), whose path matches (a
  trailing `*` is a prefix) and whose `when` condition holds, else 404 with no headers; a header
  in a `when` group whose condition fails is left out; `{origin}` and `{request.NAME}` reflect the
  request's headers (the header is left out when one is absent); `Content-Length` is added unless the
  route sets it or the status is 1xx or 204. A request to an origin that has no `server` block in the current scenario is
  logged as `unserved` and its connection is dropped without a response.
"""

import json
import os
import re
import ssl
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = os.path.join(HERE, "static")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
MAX_BODY = 10 * 1024 * 1024


def now_ms():
    return time.time() * 1000.0


def origin_of(url):
    p = urlsplit(url)
    port = p.port or (443 if p.scheme == "https" else 80)
    host = p.hostname or ""
    if ":" in host:
        host = "[%s]" % host
    return "%s://%s:%d" % (p.scheme, host, port)


def host_port(origin):
    """'http://localhost:8802' -> ('localhost', 8802)."""
    p = urlsplit(origin)
    host = p.hostname or ""
    if ":" in host:
        host = "[%s]" % host
    return host, p.port or (443 if p.scheme == "https" else 80)


def canonical_origin(origin):
    """'http://localhost' -> 'http://localhost:80': the form the servers route by (the Host
    header of a request to a default port has no port)."""
    host, port = host_port(origin)
    return "%s://%s:%d" % (urlsplit(origin).scheme, host, port)


def url_origin(origin):
    """An origin as a URL serializes it: the scheme's default port left out
    ('http://localhost:80' -> 'http://localhost')."""
    p = urlsplit(origin)
    default = {"http": 80, "https": 443}.get(p.scheme)
    if p.port is not None and p.port == default:
        return origin[: origin.rfind(":")]
    return origin


def _ipv4_number(part):
    """One part of a WHATWG IPv4 host (decimal, 0x hex or 0 octal), or None."""
    try:
        if part[:2].lower() == "0x":
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part[0] == "0":
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError:
        return None


def is_loopback_host(host):
    """Whether a URL's host names loopback once a browser's URL parser has read it: localhost,
    an IPv4 address in 127.0.0.0/8 in any WHATWG form (0x7f.0.0.1, 127.1, 2130706433), or ::1 in
    any IPv6 spelling. Only used to refuse scenarios that would leave loopback."""
    import ipaddress
    host = host.lower()
    if host in ("localhost", "localhost."):
        return True
    if host.startswith("[") and host.endswith("]"):
        try:
            return ipaddress.IPv6Address(host[1:-1]) == ipaddress.IPv6Address("::1")
        except ValueError:
            return False
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts.pop()
    if not parts or len(parts) > 4:
        return False
    nums = [_ipv4_number(x) for x in parts]
    if any(n is None for n in nums) or any(n > 255 for n in nums[:-1]):
        return False
    value = 0
    for n in nums[:-1]:
        value = value * 256 + n
    rest = 4 - (len(nums) - 1)
    if nums[-1] >= 256 ** rest:
        return False
    value = value * (256 ** rest) + nums[-1]
    return value >> 24 == 127


_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def is_domain(host):
    """A DNS name the recorder can point at loopback (private hosts file, resolver rules): letters,
    digits and hyphens in dot-separated labels, not all-numeric (that would be an IPv4 address)."""
    host = host.lower().rstrip(".")
    labels = host.split(".")
    if not host or len(host) > 253 or not all(_LABEL.match(x) for x in labels):
        return False
    return not re.match(r"^(0x[0-9a-f]*|[0-9]+)$", labels[-1])


def recordable_host(host):
    """Loopback in any spelling, or a domain name that the recorder resolves to 127.0.0.1."""
    return is_loopback_host(host) or is_domain(host)


# What a declared `address` (scenario-format.md, Local Network Access) becomes in the recorder's
# network namespace: the name resolves to an address on lo, so the browser classifies a real
# address. TEST-NET-1 (RFC 5737) is public for Chromium (ip_address_space_util.cc) and Gecko
# (netwerk/dns/DNS.cpp); 10.255.0.1 is local (RFC 1918). Nothing routes either off lo.
SPACE_ADDRESSES = {"public": "192.0.2.1", "local": "10.255.0.1", "loopback": "127.0.0.1"}


def scenario_host_addresses(scenarios):
    """{name: IPv4 address} for the names a `page` or `server` step gives an `address`; raises
    ScenarioError when one name is given two addresses in a run, or an IPv6 address."""
    import ipaddress
    out = {}
    for sc in scenarios:
        for st in sc["steps"]:
            if st["step"] not in ("page", "server") or not st.get("address") or not st.get("origin"):
                continue
            host = (urlsplit(st["origin"]).hostname or "").lower()
            addr = SPACE_ADDRESSES.get(st["address"], st["address"].strip("[]"))
            try:
                if ipaddress.ip_address(addr).version != 4:
                    raise ValueError
            except ValueError:
                raise ScenarioError("%s:%d: address %s is not recordable: use public, local, loopback or an "
                                    "IPv4 address" % (sc["file"], st["line"], st["address"]))
            if out.setdefault(host, addr) != addr:
                raise ScenarioError("%s:%d: %s has two addresses in this run (%s, %s)" % (
                    sc["file"], st["line"], host, out[host], addr))
    return out


def address_space_rank(origin, addresses):
    """0 loopback, 1 local, 2 public: the address space of an origin's host in the recorder's
    namespace (`addresses` from scenario_host_addresses; every other name resolves to 127.0.0.1)."""
    import ipaddress
    if origin == "null":
        return 2                # a sandboxed page's space is its embedder's: warm only public origins
    host = (urlsplit(origin).hostname or "").lower().rstrip(".")
    addr = ipaddress.ip_address(addresses.get(host, "127.0.0.1"))
    if addr.is_loopback:
        return 0
    # RFC 1918 and link-local are local; Python's is_private also counts TEST-NET-1 (192.0.2.0/24),
    # which Chromium and Gecko treat as public (SPACE_ADDRESSES)
    local = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")
    return 1 if any(addr in ipaddress.ip_network(n) for n in local) else 2


def warmup_partition(ctx, origin):
    """The network partition a runner page's fetches go out in, as far as the warm-up is concerned:
    one per page context (page_context() key), all `page null` under one top-level document sharing
    one (Firefox keys their preflights and DNS records alike: Tests/Conformance page-null-preflight-shared).
    A runner without a ctx is the launch URL, the plain page on its origin ('o:ORIGIN')."""
    if not ctx:
        return "o:" + (origin or "")
    if ctx.startswith("n:"):
        return ctx.rsplit("|", 1)[0]
    return ctx


def runner_document_origins(ctx, origin):
    """The origins whose address spaces Local Network Access may judge a runner's fetches by: the
    server of its document (a `page null` runner's own origin is opaque, its document comes from
    the host in its ctx, 'n:HOST|N', its embedder) and, for an embedded page ('t:TOP|ORIGIN'), its
    top-level document's too (Firefox takes the top-level page's answer:
    `localNetworkAccess.permissionOfTopLevelDocument`)."""
    if ctx and ctx.startswith("n:"):
        return [ctx[2:].rsplit("|", 1)[0]]
    if ctx and ctx.startswith("t:"):
        return [ctx[2:].split("|", 1)[0], origin]
    return [origin]


def warmup_origins(api_origins, page_origin, addresses, document_origins=None):
    """The API origins the runner warms from page_origin: none the page's own, and none in a more
    private address space than any of document_origins (runner_document_origins; by default
    page_origin), which Local Network Access would hold behind its permission prompt (Chromium
    never answers it headless, so a warm-up fetch waited for ever)."""
    rank = max(address_space_rank(o, addresses) for o in (document_origins or [page_origin]))
    return [o for o in api_origins if o != page_origin and address_space_rank(o, addresses) >= rank]


def scenario_permissions(scenarios):
    """{page origin: 'granted'|'denied'} from `page ... local-network PERMISSION`
    (prompt-dismissed, the default, sets nothing); raises ScenarioError on a conflict in a run."""
    out = {}
    for sc in scenarios:
        for st in sc["steps"]:
            if st["step"] != "page" or not st.get("origin"):
                continue
            perm = st.get("local_network") or "prompt-dismissed"
            if out.setdefault(st["origin"], perm) != perm:
                raise ScenarioError("%s:%d: page %s has two Local Network Access answers in this run; record "
                                    "them separately or give the pages different origins" % (sc["file"], st["line"], st["origin"]))
    return {o: p for o, p in out.items() if p != "prompt-dismissed"}


def scenario_host_names(scenarios):
    """Every domain name (not an IP literal, not localhost) that a page, server, fetch URL or
    absolute Location names: each resolves to 127.0.0.1 in the recorder's namespace."""
    names = set()

    def add(url):
        try:
            h = urlsplit(url).hostname
        except ValueError:
            return
        if h and h.lower() not in ("localhost",) and is_domain(h) and not is_loopback_host(h):
            names.add(h.lower().rstrip("."))
    for sc in scenarios:
        for st in sc["steps"]:
            if st["step"] in ("page", "server") and st.get("origin"):
                add(st["origin"])
            if st["step"] == "page" and st.get("top_level"):
                add(st["top_level"])
            elif st["step"] == "fetch":
                add(st.get("raw_url", st["url"]))
            if st["step"] == "server":
                for r in st["routes"]:
                    for n, v in r.get("headers", []):
                        if n.lower() == "location" and "://" in v:
                            add(v)
    return sorted(names)


RUNNER_COOKIE = "rec_sid"


def scenario_headers(headers):
    """The request's headers as the scenario's servers see them: the runner's own cookie
    (`rec_sid`, static/runner.js, which the simulator's jar never has) taken out of Cookie, and a
    Cookie left empty dropped, so `when header Cookie` and `{request.Cookie}` see only the
    scenario's cookies."""
    out = []
    for n, v in headers:
        if n.lower() == "cookie":
            pairs = [p for p in v.split(";") if p.strip() and p.strip().split("=", 1)[0].strip() != RUNNER_COOKIE]
            if not pairs:
                continue
            v = ";".join(pairs).strip()
        out.append((n, v))
    return out


def header_value(headers, name):
    """A request header's value as the library reads it (`HeaderList.value(lowercased:)`): its
    lines joined with ", ", or None when the request has none. headers: [(name, value)] pairs."""
    name = name.lower()
    values = [v for n, v in headers if n.lower() == name]
    return ", ".join(values) if values else None


def _bytes(text):
    """Header values arrive as http.server decodes them (ISO-8859-1: one character per byte);
    scenario text is UTF-8. The library compares bytes, so both become bytes."""
    return text.encode("latin-1", "replace")


def condition_holds(cond, method, headers):
    """Whether a `when` condition (the tree `cors-sim parse` prints as `condition`) holds for a
    request, exactly as RequestCondition.holds in Sources/CORSSim/Scenario/RequestCondition.swift:
    a test on Origin is false without one; `header` is any value (or, with `values`, one of
    them), by name case-insensitively;
    `method` compares case-sensitively; `all` is every one."""
    test = cond["test"]
    if test == "not":
        return not condition_holds(cond["condition"], method, headers)
    if test == "all":
        return all(condition_holds(c, method, headers) for c in cond["conditions"])
    if test == "header":
        value = header_value(headers, cond["name"])
        if value is None:
            return False
        # `header NAME in VALUE...`: the combined value equals one of them, byte for byte.
        return "values" not in cond or _bytes(value) in [v.encode("utf-8") for v in cond["values"]]
    if test == "method":
        return method in cond["values"]
    origin = header_value(headers, "origin")
    if origin is None:
        return False
    if test == "origin-in":
        return origin in cond["values"]
    if test == "origin-matches":
        # RegExp.prototype.test: searched, anchored only where the pattern says so (the library
        # compiles it with Swift's Regex; the constructs origin patterns use mean the same in both).
        try:
            return re.search(cond["value"], origin) is not None
        except re.error:
            return False
    raw, text = _bytes(origin), cond["value"].encode("utf-8")
    if test == "origin-starts-with":
        return raw.startswith(text)
    if test == "origin-ends-with":
        return raw.endswith(text)
    if test == "origin-contains":
        return text in raw
    raise ScenarioError("unknown condition test %r (a newer cors-sim parse?)" % test)


_PLACEHOLDER = re.compile(r"\{(origin|request\.([!#$%&'*+.^_`|~0-9A-Za-z-]+))\}")


def expand_template(value, headers):
    """`{origin}` and `{request.NAME}` in a header value (HeaderTemplate.expand): the request's
    header, its lines joined; None when a header it reflects is absent (the header is then left out)."""
    missing = []

    def sub(m):
        v = header_value(headers, "origin" if m.group(1) == "origin" else m.group(2))
        if v is None:
            missing.append(m.group(0))
            return ""
        return v
    out = _PLACEHOLDER.sub(sub, value)
    return None if missing else out


def route_matches(route, method, path, headers=()):
    if route.get("method") is not None and route["method"] != method:
        return False
    if route.get("prefix"):
        if not path.startswith(route["path"]):
            return False
    elif path != route["path"]:
        return False
    cond = route.get("condition")
    return cond is None or condition_holds(cond, method, headers)


def answer(routes, method, path, headers):
    """(status, reason, headers, body) for a request, by the simulator's mock-server rules
    (MockServers.answer): the first route whose method, path and `when` match, else 404 with no
    headers; a header whose `when` group fails is left out; templates expanded. headers: the
    request's [(name, value)] pairs as received."""
    route = next((r for r in routes if route_matches(r, method, path, headers)), None)
    if route is None:
        return 404, "Not Found", [], b""
    out = []
    conds = route.get("header_conditions") or [None] * len(route.get("headers", []))
    for (name, value), cond in zip(route.get("headers", []), conds):
        if cond is not None and not condition_holds(cond, method, headers):
            continue
        if "{" in value:
            value = expand_template(value, headers)
            if value is None:
                continue
        out.append((name, value))
    headers = out
    body = route.get("body", "").encode("utf-8")
    # As the simulator's mock servers: no Content-Length where a server must not send one,
    # 1xx and 204 (RFC 9110 section 8.6).
    forbids_length = 100 <= route["status"] <= 199 or route["status"] == 204
    if not forbids_length and not any(n.lower() == "content-length" for n, _ in headers):
        headers.append(("Content-Length", str(len(body))))
    reason = route.get("status_text")
    if reason is None:
        try:
            reason = HTTPStatus(route["status"]).phrase
        except ValueError:
            reason = ""
    return route["status"], reason, headers, body


# --------------------------------------------------------------------------- scenarios

class ScenarioError(Exception):
    pass


def check_scenario(sc):
    """Raises ScenarioError when a scenario cannot be recorded on loopback."""
    saw_page = False
    for st in sc["steps"]:
        kind = st["step"]
        where = "%s:%d" % (sc["file"], st["line"])
        if kind == "page":
            saw_page = True
            if st.get("origin") is None:
                continue                          # page null: a sandboxed iframe (no origin to serve)
            if st.get("top_level") is not None:
                top = st["top_level"]
                if not top.startswith(("http://", "https://")) or not recordable_host(host_port(top)[0]):
                    raise ScenarioError("%s: top-level origin %s is not recordable: use http:// or https:// with "
                                        "a host name or a loopback address" % (where, top))
        if kind == "server" and st.get("via_cdn"):
            raise ScenarioError("%s: 'server ... via cdn' is not recordable: the recorder has no shared cache in "
                                "front of its servers (the CDN is the simulator's model)" % where)
        if kind == "server" and st.get("cors"):
            raise ScenarioError("%s: a 'cors' block is not recordable: the recorder's servers answer from the routes "
                                "alone (the middleware presets are the simulator's model); write its headers as routes" % where)
        if kind == "server" and any(r.get("when") and "condition" not in r for r in st["routes"]):
            raise ScenarioError("%s: 'when' conditions need a cors-sim parse that prints them as trees: rebuild" % where)
        if kind == "server" and st.get("live"):
            raise ScenarioError("%s: 'server ... live' is not recordable: the recorder serves every origin itself" % where)
        if kind in ("page", "server") and st.get("origin") is not None:
            origin = st["origin"]
            host, _port = host_port(origin)
            if not origin.startswith(("http://", "https://")) or not recordable_host(host):
                raise ScenarioError("%s: origin %s is not recordable: use http:// or https:// with a host "
                                    "name (served on loopback) or a loopback address" % (where, origin))
        if kind == "fetch":
            if not saw_page:
                raise ScenarioError("%s: fetch before any page step" % where)
            # the host as the parser read it (`cors-sim parse`'s serialization): the raw spelling may
            # be percent-encoded (`loc%61lhost`) or backslashed (`http:/\\localhost`), which urlsplit misreads
            host = urlsplit(st["url"]).netloc.rpartition("@")[2]
            host = host if host.endswith("]") else host.rsplit(":", 1)[0]
            # a URL of another scheme (data:, about:, blob:, file:, ftp:, ...) reaches no server: the
            # browser answers it or fails it by itself, so any host it names is never contacted
            if st["url"].lower().startswith(("http:", "https:")) and not recordable_host(host):
                raise ScenarioError("%s: %s is not a loopback URL" % (where, st["url"]))
            if st.get("body") and st["body"]["kind"] == "stream":
                pass   # recorded as written (ReadableStream, duplex 'half' unless `duplex=omitted`)


def scenario_urls(sc):
    """Every URL a scenario can make the browser cache something for: fetch URLs and
    absolute Location targets. Two scenarios sharing one must not share a browser session."""
    urls = set()
    for st in sc["steps"]:
        if st["step"] == "fetch":
            urls.add(st["url"].split("#")[0])
        elif st["step"] == "server":
            for r in st["routes"]:
                for n, v in r.get("headers", []):
                    if n.lower() == "location" and "://" in v:
                        urls.add(v.split("#")[0])
    return urls


def uses_cookies(sc):
    """Whether a scenario sets cookies (a `cookie` step or a Set-Cookie route header): it gets a
    fresh browser profile, and so does the scenario after it, so no cookie leaks between them."""
    for st in sc["steps"]:
        if st["step"] == "cookie":
            return True
        if st["step"] == "server":
            for r in st["routes"]:
                if any(n.lower() == "set-cookie" for n, _v in r.get("headers", [])):
                    return True
    return False


def first_page_origin(sc):
    """The first origin a scenario's runner document is served from (the top-level origin of an
    embedded page; `page null` has none)."""
    for st in sc["steps"]:
        if st["step"] == "page" and (st.get("top_level") or st.get("origin")):
            return st.get("top_level") or st["origin"]
    return None


# The runner page's URL. Its path has one slash, so its directory is `/`: a cookie the script sets
# without a Path attribute (a scenario's `cookie` step) gets the default path `/` (RFC 6265bis
# 5.1.4 default-path: the request path up to its last slash), which is what the simulator gives it.
# Under /__rec/ it got `/__rec` and was never sent to a scenario's URL.
RUNNER_PATH = "/__rec-runner.html"


def page_context(st, counter, host):
    """Where the runner must be for a `page` step: (key, top-level document URL).

    * `page ORIGIN`: the runner page itself on ORIGIN (key 'o:ORIGIN');
    * `page ORIGIN in TOP`: a document on TOP whose iframe is the runner on ORIGIN;
    * `page null`: a document on `host` (the scenario's last page origin) whose iframe is the
      runner in `sandbox="allow-scripts"`: an opaque origin, a new one for each `page null`.
    The key travels in the runner's URL (?ctx=), so the controller knows where a runner is."""
    from urllib.parse import quote
    origin, top = st.get("origin"), st.get("top_level")
    if origin is not None and top is None:
        key = "o:" + origin
        return key, origin + RUNNER_PATH + "?ctx=" + quote(key, safe="")
    if origin is not None:
        key = "t:%s|%s" % (top, origin)
        inner = origin + RUNNER_PATH + "?ctx=" + quote(key, safe="")
        return key, top + "/__rec/frame.html?src=" + quote(inner, safe="")
    key = "n:%s|%d" % (host, counter)
    inner = host + RUNNER_PATH + "?ctx=" + quote(key, safe="")
    return key, host + "/__rec/frame.html?sandbox=1&src=" + quote(inner, safe="")


# --------------------------------------------------------------------------- controller

class Controller:
    """Walks the scenarios' steps in order, one action at a time for the runner page."""

    def __init__(self, scenarios, step_timeout_ms=8000, warmup_ms=1000, fresh_each=False, clock=None):
        self.lock = threading.RLock()
        self.clock = clock                         # vclock.VirtualClock, or None: waits are slept
        self.fetch_out_since = None                # real time the running fetch was handed out
        self.clock_ran = False                     # the clock ran again within the running scenario
        self.scenarios = scenarios                 # list of dicts: file, stem, steps
        self.step_timeout_ms = step_timeout_ms
        self.warmup_ms = warmup_ms
        self.records = [self._new_record(sc) for sc in scenarios]
        self.queue = list(range(len(scenarios)))
        self.cur = None                            # index of the running scenario
        self.step_i = 0
        self.fetch_no = -1
        self.routes = {}                           # origin -> routes
        self.page_origin = None                    # where the runner document is served from
        self.page_ctx = None                       # page_context() key of the current page step
        self.page_url = None
        self.null_pages = 0
        self.session_urls = set()
        self.session_has_run = False
        self.session_cookies = False               # a scenario of this session set cookies
        self.session_restarted = False             # a scenario of this session had a `restart`
        self.fresh_each = fresh_each
        self.relaunch = None                       # None | "restart" | "fresh"
        self.finished = threading.Event()
        self.ready = threading.Event()             # /hello waits on it (Firefox console capture)
        self.ready.set()
        self.hello = None
        self.hello_count = 0
        self.hellos_per_launch = []                # runner page loads (time, origin, ctx) per browser launch
        self.launched_at = time.time()
        self.runner_pin = None                     # the runner page (rid) that runs the steps
        self.stray_runners = []
        self.warmed = set()                        # warmup_partition() keys warmed in this browser launch
        self.warm_launch = True                    # False after a `restart`: that launch does not warm up
        self.warmup_log = []
        self.orphans = []
        self.runner_logs = []
        self.tls_errors = []
        self.pages_seen = []                       # each page origin and whether it was a secure context
        self.last_progress = time.time()
        self.served_origins = sorted({o for sc in scenarios for st in sc["steps"]
                                      if st["step"] in ("page", "server")
                                      for o in (st.get("origin"), st.get("top_level")) if o})
        self.api_origins = sorted({st["origin"] for sc in scenarios for st in sc["steps"]
                                   if st["step"] == "server"})
        self.host_addresses = scenario_host_addresses(scenarios)

    @staticmethod
    def _new_record(sc):
        fetches = []
        for st in sc["steps"]:
            if st["step"] == "fetch":
                fetches.append({"line": st["line"], "method": st["method"], "url": st["url"],
                                "outcome": None, "requests": [], "unserved": [],
                                "begin_epoch_ms": None})
        return {"status": "pending", "reason": None, "fetches": fetches, "launches": [],
                "started_epoch_ms": None, "ended_epoch_ms": None, "clock_start_ns": None}

    # ---- the virtual clock
    def _clock_stop(self):
        """Frozen mode: the browsers' clocks stand still while a scenario with a `wait` runs its
        steps (a scenario without one needs no exact time, and its timers, e.g. a permission
        prompt's timeout, keep running)."""
        if (self.clock is not None and self.clock.mode == "frozen" and self.cur is not None
                and any(st["step"] == "wait" for st in self.scenarios[self.cur]["steps"])):
            self.clock.freeze()

    def _clock_go(self, interrupting=False):
        """The clocks run again (between scenarios, for a page load or a restart, for an overdue
        fetch); interrupting: within a scenario whose clock had stood still."""
        if self.clock is not None:
            if interrupting and self.clock.frozen:
                self.clock_ran = True
            self.clock.unfreeze()

    def _clock_mark_start(self):
        rec = self.records[self.cur]
        if rec["clock_start_ns"] is None:
            rec["clock_start_ns"] = self.clock.now_ns()

    def frozen_fetch_overdue(self, timeout_s):
        """A fetch outstanding longer than the step timeout while the clock stands still: let the
        clock run so the runner's own timeout (a setTimeout) can fire."""
        with self.lock:
            if (self.clock is not None and self.clock.frozen and self.fetch_out_since is not None
                    and time.time() - self.fetch_out_since > timeout_s):
                self._clock_go(interrupting=True)
                if self.cur is not None and self.fetch_no >= 0:
                    self.records[self.cur]["fetches"][self.fetch_no]["clock_overdue"] = True
                return True
            return False

    def touch(self):
        self.last_progress = time.time()

    # ---- what the harness asks
    def launch_origin(self):
        with self.lock:
            if self.page_origin:
                return self.page_origin
            if self.cur is not None:
                return first_page_origin(self.scenarios[self.cur])
            for i in self.queue:
                o = first_page_origin(self.scenarios[i])
                if o:
                    return o
            return self.served_origins[0] if self.served_origins else "http://127.0.0.1:8801"

    def note_launch(self, n, fresh):
        with self.lock:
            if fresh:
                self.session_urls = set()
                self.session_has_run = False
                self.session_cookies = False
                self.session_restarted = False
            if self.cur is not None:
                self.records[self.cur]["launches"].append(n)
            self.relaunch = None
            self.hellos_per_launch.append([])
            self.runner_pin = None
            self.launched_at = time.time()
            # the warm-up runs in a fresh session only. After a `restart` (same profile) it is
            # left out: it is not part of the scenario, and a restarted Firefox ESR 153 opens a
            # second runner page (the previous launch's start URL), which during the warm-up
            # took the scenario's fetches and sent them with `Pragma: no-cache` and no cookies
            # (Tools/recorder/README.md, "restart"; next_action now stops such a page).
            self.warmed = set()
            self.warm_launch = fresh
            self.touch()

    def note_quit(self, ended):
        """How the browser ended at a `restart` of the running scenario: "quit" (it quit as asked,
        as a user quitting), "sigterm" or "sigkill" (it did not: what it keeps on disk may not
        have been written)."""
        with self.lock:
            if self.cur is not None:
                self.records[self.cur].setdefault("restarts", []).append(ended)

    def abort_current(self, reason):
        """The browser stalled or died: the running scenario is incomplete."""
        with self.lock:
            self._clock_go()
            self.fetch_out_since = None
            if self.cur is not None:
                rec = self.records[self.cur]
                rec["status"] = "incomplete"
                rec["reason"] = reason
                rec["ended_epoch_ms"] = round(now_ms())
                self.cur = None
                self.page_origin = None

    # ---- runner protocol
    def hello_msg(self, msg):
        self.ready.wait(timeout=30)
        with self.lock:
            self.hello_count += 1
            if self.hellos_per_launch:
                self.hellos_per_launch[-1].append("%.1fs %s %s" % (time.time() - self.launched_at, msg.get("origin"), msg.get("ctx")))
            if self.hello is None:
                self.hello = msg
            page = {"origin": msg.get("origin"), "secure_context": msg.get("secure_context")}
            if page not in self.pages_seen:
                self.pages_seen.append(page)
            self.touch()
            # The first runner of a fresh launch warms up in full (connections and preflight cache,
            # then warmup_ms idle). A runner in another network partition later in the launch (a
            # `page null`, another top-level site, an embedded page) warms that partition's
            # preflight cache only ("partition"): in Firefox the DNS records that
            # CORSCacheEntry::CheckDNSCache reads are per partition, and for an IP-literal host they
            # are made by that check itself, so a partition's first two cache entries for the host
            # are dropped on reuse (README, "How it works").
            part = warmup_partition(msg.get("ctx"), msg.get("origin"))
            kind = None
            if self.warm_launch and self.warmup_ms > 0 and part not in self.warmed:
                kind = "partition" if self.warmed else "full"
                self.warmed.add(part)
            doc = runner_document_origins(msg.get("ctx"), msg.get("origin"))
            return {"step_timeout_ms": self.step_timeout_ms,
                    "warmup_ms": self.warmup_ms if kind == "full" else 0,
                    "warmup_kind": kind,
                    "warmup_origins": warmup_origins(self.api_origins, msg.get("origin"), self.host_addresses,
                                                     doc) if kind else []}

    def next_action(self, request_origin, ctx=None, rid=None):
        """The runner's next action; ctx is the page_context() key in the runner's URL (none for
        the launch URL: then it is the plain page on request_origin). rid names the runner page
        (one per load): the first page that asks after a launch or a navigation is the one that
        runs the steps; another one (a second tab a restarted Firefox opens: README, "restart")
        is told to stop and noted in stray_runners."""
        with self.lock:
            if rid is not None:
                if self.runner_pin is None:
                    self.runner_pin = rid
                elif rid != self.runner_pin:
                    if len(self.stray_runners) < 100:
                        self.stray_runners.append("%s %s" % (request_origin, ctx))
                    return {"action": "stray"}
            a = self._next_action(request_origin, ctx)
            if a["action"] in ("navigate", "relaunch", "done"):
                self.runner_pin = None                 # the next page load asks anew
            return a

    def _next_action(self, request_origin, ctx=None):
        here = ctx or "o:" + request_origin
        with self.lock:
            self.touch()
            for _ in range(10000000):                     # bounded: every pass consumes a step
                if self.relaunch:
                    return {"action": "relaunch"}
                if self.cur is None:
                    if not self.queue:
                        self.finished.set()
                        return {"action": "done"}
                    nxt = self.queue[0]
                    urls = scenario_urls(self.scenarios[nxt])
                    cookies = uses_cookies(self.scenarios[nxt])
                    # After a `restart` the browser is not the fresh one a scenario starts in: a
                    # restarted Firefox sent the next scenario's default no-cors GET with `Pragma:
                    # no-cache` and did not answer its force-cache GET from the HTTP cache
                    # (dt3-9613-00041 after -00040; recorded alone it agrees).
                    if self.session_has_run and (self.fresh_each or urls & self.session_urls
                                                 or cookies or self.session_cookies or self.session_restarted):
                        self.relaunch = "fresh"
                        self.page_origin = None
                        return {"action": "relaunch"}
                    self.queue.pop(0)
                    self.cur, self.step_i, self.fetch_no = nxt, 0, -1
                    self.routes, self.page_origin, self.page_ctx = {}, None, None
                    self.clock_ran = False
                    self.session_urls |= urls
                    self.session_has_run = True
                    self.session_cookies = cookies
                    rec = self.records[nxt]
                    rec["status"] = "running"
                    rec["started_epoch_ms"] = round(now_ms())
                sc = self.scenarios[self.cur]
                if self.step_i >= len(sc["steps"]):
                    rec = self.records[self.cur]
                    rec["status"] = "complete"
                    rec["ended_epoch_ms"] = round(now_ms())
                    self.cur, self.page_origin = None, None
                    self._clock_go()
                    continue
                st = sc["steps"][self.step_i]
                kind = st["step"]
                if kind in ("fetch", "cookie") and self.page_ctx != here:
                    self._clock_go(interrupting=True)       # a page loads on a running clock
                    return {"action": "navigate", "url": self.page_url}
                self.step_i += 1
                if kind == "page":
                    if st.get("origin") is None:
                        self.null_pages += 1
                    host = self.page_origin or first_page_origin(sc) or request_origin
                    if st.get("origin") is not None:
                        self.page_origin = st.get("top_level") or st["origin"]
                    self.page_ctx, self.page_url = page_context(st, self.null_pages, host)
                    if self.page_ctx != here or st.get("origin") is None:
                        self._clock_go(interrupting=True)
                        return {"action": "navigate", "url": self.page_url}
                elif kind == "server":
                    self.routes[st["origin"]] = st["routes"]
                elif kind == "wait":
                    if self.clock is not None:
                        self._clock_stop()
                        self._clock_mark_start()
                        self.clock.advance(st["milliseconds"])   # the browsers' clocks jump; nobody sleeps
                        continue
                    return {"action": "sleep", "ms": st["milliseconds"]}
                elif kind == "cookie":
                    return {"action": "cookie", "text": st["text"], "line": st["line"]}
                elif kind == "restart":
                    self._clock_go(interrupting=True)     # the new launch's warm-up sleeps on timers
                    self.relaunch = "restart"
                    self.session_restarted = True
                    return {"action": "relaunch"}
                elif kind == "fetch":
                    self.fetch_no += 1
                    rec = self.records[self.cur]["fetches"][self.fetch_no]
                    rec["begin_epoch_ms"] = round(now_ms())
                    if self.clock is not None:
                        self._clock_stop()
                        self._clock_mark_start()
                        if self.clock_ran:
                            # the clock ran since the scenario's first wait or fetch (a page load, a
                            # restart, an overdue fetch): this fetch's time is not exact
                            rec["clock_ran"] = True
                        start = self.records[self.cur]["clock_start_ns"]
                        start = self.clock.now_ns() if start is None else start
                        rec["clock_ms"] = (self.clock.now_ns() - start) / 1e6
                        rec["clock_frozen"] = self.clock.frozen
                    self.fetch_out_since = time.time()
                    return {"action": "fetch", "token": "%d.%d" % (self.cur, self.fetch_no),
                            "line": st["line"], "fetch": fetch_spec(st)}
            return {"action": "done"}

    def result(self, token, outcome):
        with self.lock:
            self.touch()
            si, fi = (int(x) for x in token.split("."))
            self.records[si]["fetches"][fi]["outcome"] = outcome
            self.fetch_out_since = None

    # ---- scenario traffic
    def serve(self, origin, method, path, entry):
        """Logs a scenario request and returns (status, reason, headers, body), or None when
        the origin has no server in the running scenario (connection dropped)."""
        with self.lock:
            self.touch()
            if self.cur is None or self.fetch_no < 0:
                self.orphans.append(entry)
                return None
            rec = self.records[self.cur]["fetches"][self.fetch_no]
            entry["t_ms"] = round(now_ms() - (rec["begin_epoch_ms"] or now_ms()), 1)
            routes = self.routes.get(origin)
            if routes is None:
                rec["unserved"].append(entry)
                return None
            rec["requests"].append(entry)
            return answer(routes, method, path, scenario_headers(entry["headers"]))


def fetch_spec(st):
    """The fetch() call as the runner makes it: only what the scenario wrote (defaults left out)."""
    f = {"url": st.get("raw_url", st["url"]), "method": st["method"]}
    for key, default in (("mode", "cors"), ("credentials", "same-origin"),
                         ("redirect", "follow"), ("cache", "default"), ("keepalive", False),
                         ("signal", "none"), ("integrity", ""), ("priority", "auto")):
        if st.get(key, default) != default:
            f[key] = st[key]
    # referrerPolicy: only when written (the scenario's JSON has "" for not written, as RequestInit
    # treats it); referrer: null when not written, "" is no referrer.
    if st.get("referrerPolicy"):
        f["referrerPolicy"] = st["referrerPolicy"]
    if st.get("referrer") is not None:
        f["referrer"] = st["referrer"]
    if st.get("duplex", "half") == "omitted":
        f["duplex"] = "omitted"      # the runner passes duplex: 'half' with a stream body unless omitted
    if st.get("headers"):
        f["headers"] = st["headers"]
    if st.get("body") is not None:
        f["body"] = st["body"]
    return f


# --------------------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "rec"
    sys_version = ""
    controller = None
    port = 0

    def log_message(self, fmt, *args):
        if os.environ.get("RECORDER_HTTP_DEBUG"):
            sys.stderr.write("[%d] %s\n" % (self.port, fmt % args))

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            out = b""
            for _ in range(100000):                       # bounded number of chunks
                line = self.rfile.readline(1024)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline(1024)
                    break
                out += self.rfile.read(size)
                self.rfile.readline(1024)
                if len(out) > MAX_BODY:
                    break
            return out
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(n, MAX_BODY)) if n > 0 else b""

    def send_header(self, keyword, value):
        """As BaseHTTPRequestHandler.send_header, but a value goes out as its UTF-8 bytes, not
        Latin-1: a scenario is UTF-8 text, and the simulator reads a header value (a non-ASCII
        `Location`) as those bytes, so the recorder must send the same ones."""
        if not hasattr(self, "_headers_buffer"):
            self._headers_buffer = []
        self._headers_buffer.append(("%s: %s\r\n" % (keyword, value)).encode("utf-8", "strict"))
        if keyword.lower() == "connection":
            if value.lower() == "close":
                self.close_connection = True
            elif value.lower() == "keep-alive":
                self.close_connection = False

    def send_raw(self, status, headers, body=b"", reason=None):
        self.send_response_only(status, reason)
        names = {k.lower() for k, _ in headers}
        for k, v in headers:
            self.send_header(k, v)
        if "content-length" not in names and not (100 <= status <= 199 or status == 204):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD" and status not in (204, 304) and status >= 200:
            self.wfile.write(body)

    def send_json(self, obj, status=200):
        body = json.dumps(obj).encode()
        # the runner in a sandboxed iframe (`page null`) is an opaque origin: its control requests
        # are cross-origin (simple POSTs, text/plain), so they need Access-Control-Allow-Origin
        self.send_raw(status, [("Content-Type", "application/json"), ("Cache-Control", "no-store"),
                               ("Access-Control-Allow-Origin", "*")], body)

    scheme = "http"

    def setup(self):
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(30)
            try:
                self.request.do_handshake()      # in this handler's thread, not the accept loop
            except (ssl.SSLError, OSError) as e:
                with self.controller.lock:
                    if len(self.controller.tls_errors) < 50:
                        self.controller.tls_errors.append("%d: %s" % (self.port, e))
                raise ConnectionResetError("TLS handshake failed")
        super().setup()

    def origin(self):
        host = (self.headers.get("Host") or "").lower()
        if ":" not in host.rsplit("]", 1)[-1]:
            host = "%s:%d" % (host, self.port)
        return "%s://%s" % (self.scheme, host)

    def do_any(self):
        try:
            path, _, query = self.path.partition("?")
            if path.startswith("/__rec/"):
                return self.control(path, query)
            if path == RUNNER_PATH:
                return self.control("/__rec/runner.html", query)
            if path == "/favicon.ico" and self.command == "GET" and "origin" not in {k.lower() for k in self.headers}:
                self.read_body()                  # the browser's own favicon request: not scenario traffic
                return self.send_raw(404, [("Content-Type", "text/plain")], b"")
            return self.scenario(path, query)
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_any

    def __getattr__(self, name):
        if name.startswith("do_"):          # any other method token, e.g. 'patch'
            return self.do_any
        raise AttributeError(name)

    # ---- control channel
    def control(self, path, query):
        c = self.controller
        body = self.read_body()
        if path == "/__rec/runner.html":
            return self.send_file("runner.html", "text/html; charset=utf-8")
        if path == "/__rec/runner.js":
            return self.send_file("runner.js", "text/javascript; charset=utf-8")
        if path == "/__rec/frame.html":
            return self.send_file("frame.html", "text/html; charset=utf-8")
        if path == "/__rec/frame.js":
            return self.send_file("frame.js", "text/javascript; charset=utf-8")
        if path.startswith("/__rec/warmup"):
            with c.lock:
                c.warmup_log.append("%s %s %s origin=%s cookie=%s" % (
                    self.origin(), self.command, self.path, self.headers.get("Origin"),
                    "Cookie" in self.headers))
            origin = self.headers.get("Origin") or "*"
            if path == "/__rec/warmup-pf":
                hdrs = [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true")]
                if self.command == "OPTIONS":
                    hdrs += [("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Max-Age", "60")]
                return self.send_raw(204, hdrs)
            ms = 0
            for kv in query.split("&"):
                if kv.startswith("ms=") and kv[3:].isdigit():
                    ms = min(int(kv[3:]), 2000)
            time.sleep(ms / 1000.0)
            return self.send_raw(204, [("Access-Control-Allow-Origin", "*")])
        if self.command != "POST":
            return self.send_raw(404, [("Content-Type", "text/plain")], b"not found")
        try:
            msg = json.loads(body or b"{}")
        except ValueError:
            return self.send_json({"error": "bad json"}, 400)
        if path == "/__rec/hello":
            return self.send_json(c.hello_msg(msg))
        if path == "/__rec/next":
            ctx = msg.get("ctx") if isinstance(msg.get("ctx"), str) else None
            rid = msg.get("rid") if isinstance(msg.get("rid"), str) else None
            return self.send_json(c.next_action(self.origin(), ctx, rid))
        if path == "/__rec/result":
            c.result(msg["token"], msg.get("outcome"))
            return self.send_json({"ok": True})
        if path == "/__rec/log":
            with c.lock:
                if len(c.runner_logs) < 100:
                    c.runner_logs.append(msg.get("msg"))
            return self.send_json({"ok": True})
        return self.send_json({"error": "unknown"}, 404)

    def send_file(self, name, ctype):
        with open(os.path.join(STATIC, name), "rb") as fh:
            data = fh.read()
        self.send_raw(200, [("Content-Type", ctype), ("Cache-Control", "no-store")], data)

    # ---- scenario traffic
    def scenario(self, path, query):
        body = self.read_body()
        hdrs = [[k, v] for k, v in self.headers.items()]
        lower = {}
        for k, v in hdrs:
            lower.setdefault(k.lower(), v)
        origin = self.origin()
        entry = {
            "url": url_origin(origin) + self.path,
            "method": self.command,
            "kind": "preflight" if self.command == "OPTIONS" and "access-control-request-method" in lower else "actual",
            "origin": lower.get("origin"),
            "acrm": lower.get("access-control-request-method"),
            "acrh": lower.get("access-control-request-headers"),
            "cookie": "cookie" in lower,
            "cookie_header": lower.get("cookie"),
            "content_type": lower.get("content-type"),
            "headers": hdrs,
            "body": body[:500].decode("utf-8", "replace"),
        }
        reply = self.controller.serve(origin, self.command, path, entry)
        if reply is None:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        status, reason, headers, rbody = reply
        self.send_raw(status, headers, rbody, reason)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionResetError, BrokenPipeError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _V6Server(_QuietServer):
    address_family = socket.AF_INET6


def port_schemes(origins):
    """{port: (scheme, hosts)}; raises ScenarioError when one port would need http and https."""
    ports = {}
    for o in origins:
        host, port = host_port(o)
        scheme = urlsplit(o).scheme
        have = ports.setdefault(port, (scheme, set()))
        if have[0] != scheme:
            raise ScenarioError("port %d is used by both http and https origins in this run; give them "
                                "different ports" % port)
        have[1].add(host)
    return ports


def start_servers(controller, tls_context=None, extra_addresses=()):
    """One listener per port (127.0.0.1, plus ::1 where a localhost origin uses the port); an
    https port wraps its connections in TLS with the run's leaf certificate (tls_context)."""
    try:
        ports = port_schemes(controller.served_origins)
    except ScenarioError as e:
        raise SystemExit(str(e))
    servers = []
    for port, (scheme, hosts) in sorted(ports.items()):
        if scheme == "https" and tls_context is None:
            raise SystemExit("https origins need the run's TLS setup (record.py makes it)")
        binds = [("127.0.0.1", _QuietServer)] + [(a, _QuietServer) for a in extra_addresses]
        if socket.has_ipv6 and ("localhost" in hosts or "[::1]" in hosts):
            binds.append(("::1", _V6Server))
        handler = type("Handler_%d" % port, (Handler,), {"controller": controller, "port": port, "scheme": scheme})
        for addr, cls in binds:
            try:
                srv = cls((addr, port), handler)
                if scheme == "https":
                    srv.socket = tls_context.wrap_socket(srv.socket, server_side=True,
                                                         do_handshake_on_connect=False)
            except OSError as e:
                if addr == "::1":
                    continue
                stop_servers(servers)
                raise SystemExit("cannot bind %s:%d: %s" % (addr, port, e))
            threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2},
                             name="srv-%s-%d" % (addr, port), daemon=True).start()
            servers.append(srv)
    return servers


def stop_servers(servers):
    for s in servers:
        s.shutdown()
        s.server_close()
