#!/usr/bin/env python3
"""Records a HAR file from headless Chromium, assembled from DevTools protocol Network events.

    python3 Tools/har/capture_chromium.py OUT.har

Chromium headless has no HAR export, so this does what DevTools' "Export HAR" does: it listens
to the Network domain over --remote-debugging-pipe (no sockets: NUL-separated JSON on fds 3
and 4) and writes HAR 1.2 in DevTools' layout (creator "WebInspector", `_resourceType`,
`_initiator`, `_error`, preflights as their own entries). Request and response headers come
from the *ExtraInfo events, which carry what went on the wire (Origin, Cookie, Host).
Everything is on loopback; the browser gets a dead proxy and no other network.
"""
import base64
import datetime
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import servers  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class Pipe:
    def __init__(self, proc, to_browser, from_browser):
        self.proc, self.w, self.r = proc, to_browser, from_browser
        self.next_id = 0
        self.buf = b""
        self.events = []
        self.replies = {}
        self.lock = threading.Condition()
        threading.Thread(target=self.reader, daemon=True).start()

    def reader(self):
        while True:
            chunk = os.read(self.r, 65536)
            if not chunk:
                break
            self.buf += chunk
            while b"\0" in self.buf:
                msg, self.buf = self.buf.split(b"\0", 1)
                m = json.loads(msg)
                with self.lock:
                    if "id" in m:
                        self.replies[m["id"]] = m
                    else:
                        self.events.append(m)
                    self.lock.notify_all()

    def call(self, method, params=None, session=None, timeout=20):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        end = time.time() + timeout
        with self.lock:
            while self.next_id not in self.replies:
                if time.time() > end:
                    raise TimeoutError(method)
                self.lock.wait(0.2)
            reply = self.replies.pop(self.next_id)
        if "error" in reply:
            raise RuntimeError("%s: %s" % (method, reply["error"]))
        return reply.get("result", {})


def headers_list(h):
    return [{"name": k, "value": v} for k, vs in (h or {}).items() for v in str(vs).split("\n")]


def iso(wall):
    return datetime.datetime.fromtimestamp(wall, datetime.timezone.utc).isoformat().replace("+00:00", "Z")


def build_har(events, page_url, version):
    reqs = {}
    order = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        rid = p.get("requestId")
        if m == "Network.requestWillBeSent":
            r = reqs.get(rid)
            if r is None:
                r = reqs[rid] = {"id": rid}
                order.append(rid)
            r.update(request=p["request"], type=p.get("type", "Other"), initiator=p.get("initiator", {}),
                     wall=p.get("wallTime", time.time()), ts=p.get("timestamp", 0))
        elif m == "Network.requestWillBeSentExtraInfo":
            reqs.setdefault(rid, {"id": rid}).setdefault("extra", {}).update(p.get("headers", {}))
            if rid not in order:
                order.append(rid)
        elif m == "Network.responseReceived":
            reqs.setdefault(rid, {"id": rid})["response"] = p["response"]
            reqs[rid]["type"] = p.get("type", reqs[rid].get("type"))
        elif m == "Network.responseReceivedExtraInfo":
            reqs.setdefault(rid, {"id": rid})["responseExtra"] = p
        elif m == "Network.loadingFailed":
            reqs.setdefault(rid, {"id": rid})["failed"] = p
        elif m == "Network.loadingFinished":
            reqs.setdefault(rid, {"id": rid})["finished"] = p
        elif m == "Network.dataReceived":
            pass
    entries = []
    for rid in order:
        r = reqs[rid]
        if "request" not in r:
            continue
        req = r["request"]
        if not req["url"].startswith("http"):
            continue
        # Headers as sent: the ExtraInfo set when there is one (it has Origin, Host, Cookie).
        sent = r.get("extra") or req.get("headers", {})
        resp = r.get("response") or {}
        extra = r.get("responseExtra") or {}
        raw_headers = extra.get("headers") or resp.get("headers") or {}
        status = extra.get("statusCode") or resp.get("status") or 0
        failed = r.get("failed")
        resource = (r.get("type") or "Other").lower()
        if r.get("initiator", {}).get("type") == "preflight" or req.get("method") == "OPTIONS" and "Access-Control-Request-Method" in sent:
            resource = "preflight"
        body = r.get("body")
        entry = {
            "_initiator": r.get("initiator", {}),
            "_priority": req.get("initialPriority", "High"),
            "_resourceType": resource,
            "cache": {},
            "pageref": "page_1",
            "request": {
                "method": req["method"], "url": req["url"], "httpVersion": "http/1.1",
                "headers": headers_list(sent),
                "queryString": [], "cookies": [], "headersSize": -1,
                "bodySize": len(req.get("postData", "") or ""),
            },
            "response": {
                "status": status, "statusText": resp.get("statusText", ""), "httpVersion": "http/1.1" if status else "",
                "headers": headers_list(raw_headers), "cookies": [],
                "content": {"size": len(body or ""), "mimeType": resp.get("mimeType", "x-unknown"), **({"text": body} if body else {})},
                "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 0,
                "_error": (failed or {}).get("errorText"),
            },
            "serverIPAddress": resp.get("remoteIPAddress", ""),
            "startedDateTime": iso(r.get("wall", time.time())),
            "time": 0, "timings": {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": 0, "receive": 0},
        }
        if failed and failed.get("corsErrorStatus"):
            entry["response"]["_corsError"] = failed["corsErrorStatus"]
        if req.get("postData") is not None:
            ctype = next((v for k, v in sent.items() if k.lower() == "content-type"), "")
            entry["request"]["postData"] = {"mimeType": ctype, "text": req["postData"]}
        entries.append(entry)
    return {"log": {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [{"startedDateTime": entries[0]["startedDateTime"] if entries else iso(time.time()),
                   "id": "page_1", "title": page_url, "pageTimings": {"onContentLoad": -1, "onLoad": -1}}],
        "entries": entries,
        "_browser": version,
    }}


def main():
    out = sys.argv[1]
    page_url, api_port, stop = servers.start()
    profile = tempfile.mkdtemp(prefix="cors-sim-har-chromium-")
    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()
    argv = [CHROMIUM, "--headless", "--no-sandbox", "--user-data-dir=" + profile, "--no-first-run",
            "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--disable-gpu", "--disable-dev-shm-usage",
            "--proxy-server=http://127.0.0.1:9", "--remote-debugging-pipe", "about:blank"]

    def child():
        os.dup2(to_r, 3)
        os.dup2(from_w, 4)
    proc = subprocess.Popen(argv, preexec_fn=child, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(to_r)
    os.close(from_w)
    pipe = Pipe(proc, to_w, from_r)
    try:
        version = pipe.call("Browser.getVersion").get("product", "Chromium")
        targets = pipe.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        session = pipe.call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        pipe.call("Network.enable", {}, session)
        pipe.call("Page.enable", {}, session)
        pipe.call("Page.navigate", {"url": page_url}, session)
        end = time.time() + 30
        while time.time() < end:
            title = pipe.call("Runtime.evaluate", {"expression": "document.title"}, session)["result"].get("value")
            if title == "done":
                break
            time.sleep(0.2)
        time.sleep(0.3)
        with pipe.lock:
            events = [e for e in pipe.events if e.get("sessionId") == session]
        # Response bodies, where the browser kept them.
        har = None
        bodies = {}
        for e in events:
            if e.get("method") == "Network.loadingFinished":
                rid = e["params"]["requestId"]
                try:
                    b = pipe.call("Network.getResponseBody", {"requestId": rid}, session, timeout=5)
                    bodies[rid] = base64.b64decode(b["body"]).decode("utf-8", "replace") if b.get("base64Encoded") else b["body"]
                except Exception:
                    pass
        for e in events:
            if e.get("method") == "Network.requestWillBeSent" and e["params"]["requestId"] in bodies:
                e["params"]["__body"] = bodies[e["params"]["requestId"]]
        har = build_har(events, page_url, version)
        # attach bodies
        by_url = {}
        for e in events:
            if e.get("method") == "Network.requestWillBeSent" and "__body" in e["params"]:
                by_url.setdefault((e["params"]["request"]["method"], e["params"]["request"]["url"]), e["params"]["__body"])
        for entry in har["log"]["entries"]:
            body = by_url.get((entry["request"]["method"], entry["request"]["url"]))
            if body and entry["_resourceType"] != "document" and entry["response"]["status"]:
                entry["response"]["content"]["text"] = body
                entry["response"]["content"]["size"] = len(body)
        with open(out, "w") as f:
            json.dump(har, f, indent=2)
            f.write("\n")
        print("wrote %s: %d entries (%s)" % (out, len(har["log"]["entries"]), version))
    finally:
        try:
            pipe.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        stop()


if __name__ == "__main__":
    main()
