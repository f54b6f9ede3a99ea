"""Compares recordings with the simulator, field by field, without Swift's test runner:

    python3 Tools/recorder/compare.py /tmp/vary/*.cors > disagreements.md

For each scenario FILE it reads recordings/<browser>/<name>.json beside it and the simulator's
`cors-sim run --format json`, and prints a Markdown table of every disagreement: the fields
Tests/CORSSimScenarioTests/ConformanceTests.swift checks (verdict, status, response type, readable
header names, preflights and their Origin / Access-Control-Request-* and cache and context
headers, the requests that reached a server with their method, URL, Origin and cookie names, the
values of the headers the script set and of the cache and context headers (Referer,
Sec-Fetch-Dest/-Mode/-Site) on each of them, the CORS console lines) and, in addition, the text
of the TypeError the script caught (`script error`), which the Swift test does not compare.
ConformanceTests stays the judge for Tests/Conformance/; this is for batches outside it (vary.py).
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import record  # noqa: E402

# The simulator profile each recorded engine is compared with (WebKitGTK with the webkitgtk profile:
# Safari's WebCore with WebKitGTK's network stack, Sources/CORSSim/Browsers/WebKitGTK.swift).
BR = {"chrome": "chromium", "firefox": "firefox", "webkitgtk": "webkitgtk"}
USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@")


def cors_console(line, prof):
    if prof == "chrome":
        return line if ("CORS policy" in line or line.startswith("Fetch API cannot load")) else None
    if prof == "firefox":
        for p in ("javascript error ", "javascript warn ", "javascript warning "):
            if line.startswith(p):
                m = line[len(p):]
                return m if m.startswith("Cross-Origin Request") else None
        return None
    for p in ("SECURITY ERROR ", "JS ERROR ", "ERROR "):
        if line.startswith(p):
            return line[len(p):]
    return None

def cookie_list(header):
    """The cookie names of a Cookie header, in order, without the recorder's own rec_sid
    (ConformanceTests.cookieList)."""
    names = [p.split("=", 1)[0].strip() for p in (header or "").split(";")]
    return "[%s]" % ", ".join(n for n in names if n and n != "rec_sid")


def hget(headers, name):
    for k, v in headers:
        if k.lower() == name.lower():
            return v
    return None


# https://fetch.spec.whatwg.org/#forbidden-request-header (and any `proxy-` or `sec-` name): the
# browser drops such a header the script set and sends its own, so its value is not compared
# (ConformanceTests leaves out the names the classification dropped as forbidden).
FORBIDDEN = {"accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
             "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive",
             "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via"}
# The profiles' extra forbidden names (Sources/CORSSim/Browsers/Chrome.swift extraForbiddenNames).
EXTRA_FORBIDDEN = {"chrome": {"user-agent", "access-control-request-private-network"}}
# Names the browser owns on the wire: compared on their own below, or not at all (ConformanceTests).
BROWSER_OWNED = {"if-none-match", "if-modified-since", "cache-control", "pragma", "origin", "cookie"}
CONSOLE_PREFIXES = {"firefox": ("javascript error ", "javascript warn ", "javascript warning ",
                                "javascript info ", "javascript log "),
                    "webkitgtk": ("SECURITY ERROR ", "SECURITY WARN ", "JS ERROR ", "JS WARN ", "ERROR ", "WARN ",
                                  "CONSOLE ERROR ", "CONSOLE WARN ", "NETWORK ERROR ")}
RUNNER_PATH = re.compile(r"/__rec[^ '\"”\t]*")
NULL_PRINCIPAL = re.compile(r"moz-nullprincipal:\{[^}]*\}")


def runner_paths_as_root(text):
    """ConformanceTests.runnerPathsAsRoot: the recorder's runner page read as the origin's `/`, a
    null principal's UUID as zeros."""
    text = RUNNER_PATH.sub("/", text)
    return NULL_PRINCIPAL.sub("moz-nullprincipal:{00000000-0000-0000-0000-000000000000}", text)


def console_text(line, prof):
    """ConformanceTests.consoleText: a recorded console line as the simulator would print it."""
    for p in CONSOLE_PREFIXES.get(prof, ()):
        if line.startswith(p):
            line = line[len(p):]
            break
    return runner_paths_as_root(line)


def uncaptured(message, prof):
    """ConformanceTests.uncapturedConsoleLine: lines the recorder's capture cannot see."""
    text = message["text"] if isinstance(message, dict) else message
    level = message.get("level") if isinstance(message, dict) else "error"
    if prof == "chrome":
        return " net::ERR_" in text
    if prof == "firefox":
        return level == "warning"
    return text.startswith("Failed to load resource: ")


CACHE_HEADERS = ["If-None-Match", "If-Modified-Since", "Cache-Control", "Pragma"]
# The headers about the request's context, compared on every request and preflight
# (ConformanceTests.contextHeaderNames; Sources/CORSSim/Checks/FetchMetadata.swift).
CONTEXT_HEADERS = ["Referer", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site"]
RUNNER_REFERER = re.compile(r"^([^:/?#]+://[^/?#]*)/__rec")


def recorded_value(name, value):
    """A recorded header value as the simulator would give it (ConformanceTests.recordedValue): the
    recorder's page document is its runner (`/__rec-runner.html`, `/__rec/runner.html?ctx=...`,
    Tools/recorder/static/), where a scenario's page is its origin's root, so a `Referer` naming
    the runner is read as the origin's `/`."""
    if name == "Referer":
        m = RUNNER_REFERER.match(value)
        if m:
            return m.group(1) + "/"
    return value


def recorded_joined(headers, name):
    """joined() of the recorded lines of `name`, each read with recorded_value()."""
    values = [recorded_value(name, v) for k, v in headers if k.lower() == name.lower()]
    return ", ".join(values) if values else None
# Names the browser appends its own value for when the request has none (Fetch, HTTP-network-or-
# cache fetch: "user agents should append `Accept-Language`"): where the script's value was dropped
# (the no-cors guard), the recording shows the browser's, which is the recorder's locale
# (`en-US,en;q=0.9` in Chromium and Firefox, `C` in WebKitGTK; seed 9004, dt-9004-00049), not
# modelled. Compared only when the simulator's request carries the name (ConformanceTests too).
BROWSER_DEFAULTED = {"accept-language"}


def script_header_names(script_headers, prof):
    """The lower-cased names whose wire values are compared for a fetch whose script set
    `script_headers` ([[name, value]], as `cors-sim parse` gives them): those names plus
    Content-Type and Authorization, less the browser's own and the forbidden ones
    (ConformanceTests.disagreements)."""
    names = {n.lower() for n, _ in script_headers} | {"content-type", "authorization"}
    forbidden = FORBIDDEN | EXTRA_FORBIDDEN.get(prof, set())
    return sorted(n for n in names - BROWSER_OWNED
                  if n not in forbidden and not n.startswith("proxy-") and not n.startswith("sec-"))


def joined(headers, name):
    """Every line of `name` in `headers` ([[name, value]]), values joined with `, `; None when there is none."""
    values = [v for k, v in headers if k.lower() == name.lower()]
    return ", ".join(values) if values else None


def shown(value):
    """A value as compared: `none` for no header, a form-data boundary cut (random in the browser)."""
    if value is None:
        return "none"
    cut = value.find("; boundary=")
    return value[:cut] + "; boundary=…" if cut >= 0 else value


def compare(cors_sim, files):
    """[(file, line, browser, field, recorded, simulated)] for every disagreement."""
    rows = []
    for f in files:
        rows += compare_file(cors_sim, f)
    return rows


def compare_file(CS, f):
    rows = []
    out = subprocess.run([CS, "run", "--format", "json", "--browser", ",".join(BR), f],
                         capture_output=True, text=True, timeout=120)
    if out.returncode == 2:
        return [(f, 0, "-", "scenario", "cors-sim run failed: " + out.stderr.strip()[:300], "")]
    steps = [json.loads(l) for l in out.stdout.split("\n") if l.strip()]
    fetches = [s for s in steps if s.get("type") == "step" and s.get("step") == "fetch"]
    stem = os.path.splitext(os.path.basename(f))[0]
    parsed = subprocess.run([CS, "parse", f], capture_output=True, text=True, timeout=120)
    script = [st.get("headers") or [] for st in json.loads(parsed.stdout)["steps"] if st.get("step") == "fetch"] \
        if parsed.returncode == 0 else []
    for prof, br in BR.items():
        rp = os.path.join(os.path.dirname(f), "recordings", br, stem + ".json")
        if not os.path.exists(rp):
            rows.append((f, 0, br, "recording", "missing", "")); continue
        rec = json.load(open(rp))
        ver = rec["browser"]["version"]
        if rec["status"] != "complete":
            rows.append((f, 0, br, "status", rec["status"] + " " + str(rec["reason"]), "complete"))
        for i, (r, s) in enumerate(zip(rec["fetches"], fetches)):
            line = s["line"]
            o = s["results"][prof]
            def chk(field, a, b):
                if a != b:
                    rows.append((f, line, "%s %s" % (br, ver), field, a, b))
            oc = r["outcome"] or {}
            kind, typ = oc.get("kind"), oc.get("type")
            rv = {("resolved", "basic"): "readable", ("resolved", "cors"): "readable", ("resolved", "opaque"): "opaque",
                  ("resolved", "opaqueredirect"): "opaque-redirect"}.get((kind, typ), "blocked" if kind == "rejected" else "%s %s" % (kind, typ))
            chk("verdict", rv, o["verdict"])
            if kind == "resolved" and o.get("response"):
                chk("status", str(oc.get("status")), str(o["response"]["status"]))
                chk("response type", typ, o["response"]["type"])
                chk("readable headers", "[%s]" % ", ".join(sorted({h.lower() for h in oc.get("header_names") or []})),
                    "[%s]" % ", ".join(sorted({h[0].lower() for h in o["response"]["headers"]})))
                # What else the script reads, as ConformanceTests compares it.
                if "status_text" in oc and "status_text" in o["response"]:
                    chk("status text", oc["status_text"], o["response"]["status_text"])
                if "body" in oc and "body" in o["response"]:
                    chk("body", oc["body"], o["response"]["body"])
                if "redirected" in oc:
                    chk("redirected", str(oc["redirected"]).lower(), str(o["response"]["redirected"]).lower())
                if "url" in oc:
                    chk("response URL", oc["url"], o["response"]["url"])
                if oc.get("headers") is not None:
                    combined = {}
                    for n, v in o["response"]["headers"]:
                        combined.setdefault(n.lower(), []).append(v)
                    chk("header values",
                        " | ".join(sorted("%s: %s" % (n.lower(), runner_paths_as_root(v)) for n, v in oc["headers"])),
                        " | ".join(sorted("%s: %s" % (n, ", ".join(v)) for n, v in combined.items())))
            if kind == "rejected":
                recmsg = "%s: %s" % (oc.get("error_name"), oc.get("error_message"))
                chk("script error", recmsg, o.get("script_error"))
            pf = [e["request"] for e in o["events"] if e["event"] == "preflight-sent"]
            # a request the simulator sent to a port nobody serves did not reach a server
            # (ConformanceTests counts FetchOutcome.requestsReceived the same way)
            evs = o["events"]
            act = [e["request"] for k, e in enumerate(evs) if e["event"] == "request-sent"
                   and not (k + 1 < len(evs) and evs[k + 1]["event"] == "connection-refused")]
            if len(pf) != len(r["preflights"]) or (o["preflight"] == "sent") != bool(r["preflights"]):
                rows.append((f, line, "%s %s" % (br, ver), "preflight", "%s (%d on the wire)" % ("sent" if r["preflights"] else "cached or none", len(r["preflights"])),
                             "%s (%d on the wire)" % (o["preflight"], len(pf))))
            for k, (p, q) in enumerate(zip(r["preflights"], pf)):
                chk("preflight %d URL" % (k + 1), p["url"], USERINFO.sub(r"\1", q["url"]))
                chk("preflight %d Origin" % (k + 1), p["origin"] or "none", hget(q["headers"], "Origin") or "none")
                chk("preflight %d ACRM" % (k + 1), p["acrm"] or "none", hget(q["headers"], "Access-Control-Request-Method") or "none")
                chk("preflight %d ACRH" % (k + 1), p["acrh"] or "none", hget(q["headers"], "Access-Control-Request-Headers") or "none")
            # The cache and context headers each preflight carried (recordings that list every
            # request's header lines), as ConformanceTests compares them.
            wire_pf = [q for q in (r.get("requests") or []) if q.get("kind") == "preflight"]
            if len(wire_pf) == len(r["preflights"]):
                for k, (p, q) in enumerate(zip(wire_pf, pf)):
                    if p.get("headers") is None:
                        continue
                    for name in ["Cache-Control", "Pragma"] + CONTEXT_HEADERS:
                        chk("preflight %d %s" % (k + 1, name), recorded_joined(p["headers"], name) or "none",
                            joined(q["headers"], name) or "none")
            chk("request reached the server", "sent" if r["actuals"] else "not-sent", "sent" if o["request_sent"] else "not-sent")
            chk("actual requests on the wire", str(len(r["actuals"])), str(len(act)))
            for k, (a, q) in enumerate(zip(r["actuals"], act)):
                chk("request %d method" % (k + 1), a["method"], q["method"])
                # the recorder's server never sees a username or password (not in the request line)
                chk("request %d URL" % (k + 1), a["url"], USERINFO.sub(r"\1", q["url"]))
                chk("request %d Origin" % (k + 1), a["origin"] or "none", hget(q["headers"], "Origin") or "none")
                # the cookies it carried, by name and in order, as ConformanceTests compares them
                # (recordings from the cookie work on have `cookie_header`)
                if "cookie_header" in a:
                    chk("request %d cookies" % (k + 1), cookie_list(a["cookie_header"]), cookie_list(hget(q["headers"], "Cookie")))
            # The header values on each actual request (recordings from the HTTP cache work on
            # list every request's header lines), as ConformanceTests compares them.
            wire = [q for q in (r.get("requests") or []) if q.get("kind") == "actual"]
            if len(wire) == len(r["actuals"]) and i < len(script):
                for k, (a, q) in enumerate(zip(wire, act)):
                    if a.get("headers") is None:
                        continue
                    for name in script_header_names(script[i], prof):
                        if name in BROWSER_DEFAULTED and joined(q["headers"], name) is None:
                            continue
                        chk("request %d %s" % (k + 1, name), shown(joined(a["headers"], name)), shown(joined(q["headers"], name)))
                    for name in CACHE_HEADERS + CONTEXT_HEADERS:
                        chk("request %d %s" % (k + 1, name), recorded_joined(a["headers"], name) or "none",
                            joined(q["headers"], name) or "none")
            # And the other way: every simulated line the recorder could capture was printed.
            recorded_texts = {console_text(l, prof) for l in r["console"]}
            for c in o["console"]:
                text = c["text"] if isinstance(c, dict) else c
                if text in recorded_texts or uncaptured(c, prof):
                    continue
                if prof == "webkitgtk" and any(t and text.startswith(t) for t in recorded_texts):
                    continue
                rows.append((f, line, "%s %s" % (br, ver), "console line the browser did not print",
                             " + ".join("“%s”" % x for x in r["console"]) or "no console line", "“%s”" % text))
            simc = {c["text"] if isinstance(c, dict) else c for c in o["console"]}
            for l in r["console"]:
                m = cors_console(l, prof)
                if m is not None and m not in simc:
                    rows.append((f, line, "%s %s" % (br, ver), "console", "“%s”" % m,
                                 " + ".join("“%s”" % x for x in simc) or "no console line"))
    return rows


def esc(x):
    return str(x).replace("|", "\\|").replace("\n", " ")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--cors-sim", help="the cors-sim binary (default $CORS_SIM or .build/debug/cors-sim)")
    args = ap.parse_args()
    rows = compare(record.find_cors_sim(args.cors_sim), args.files)
    print("| scenario:line | browser | field | recorded | simulated |")
    print("| --- | --- | --- | --- | --- |")
    for f, line, br, field, a, b in rows:
        print("| %s:%d | %s | %s | %s | %s |" % (os.path.basename(f), line, br, field, esc(a), esc(b)))
    print("\n%d disagreements in %d files" % (len(rows), len(args.files)), file=sys.stderr)
    return 1 if rows else 0


if __name__ == "__main__":
    sys.exit(main())
