"""The pages and the API the HAR captures record, on loopback only.

The page is served from http://127.0.0.1:PAGE_PORT and calls an API at http://127.0.0.1:API_PORT:
two origins (the ports differ) but one site, so the page's SameSite=Lax cookie goes with
`credentials: "include"` calls and the HAR shows a Cookie header. Each call is chosen to show
something in the replay: allowed, missing headers, a preflight that 404s, `*` with
credentials, and a header Chrome safelists but Firefox and Safari preflight.
"""
import http.server
import json
import threading

PAGE = """<!doctype html>
<meta charset="utf-8"><title>cors-sim HAR capture</title>
<img src="/hold" alt="">
<script>
const api = "http://127.0.0.1:%(api)d";
const calls = [
  ["public GET, allowed", api + "/api/public", {}],
  ["JSON PUT, preflight allowed", api + "/api/items/7", {method: "PUT", headers: {"Content-Type": "application/json", "X-Request-Id": "abc"}, body: "{\\"name\\":\\"Ada\\"}"}],
  ["GET without CORS headers", api + "/api/no-cors", {}],
  ["JSON POST, preflight 404", api + "/api/orders", {method: "POST", headers: {"Content-Type": "application/json"}, body: "{}"}],
  ["credentials with *", api + "/api/me", {credentials: "include"}],
  ["Device-Memory header (Chrome safelists it)", api + "/api/hints", {headers: {"Device-Memory": "8"}}],
];
(async () => {
  // ?delay=MS: wait before the calls (Firefox's network monitor needs time to attach).
  const delay = Number(new URLSearchParams(location.search).get("delay") || 0);
  await new Promise(r => setTimeout(r, delay));
  for (const [name, url, init] of calls) {
    try { const r = await fetch(url, init); await r.text(); console.log("OK " + name + " " + r.status); }
    catch (e) { console.log("FAIL " + name + " " + e); }
  }
  document.title = "done";
  // Release the image that holds the load event: Firefox exports its HAR when the page has loaded.
  await fetch("/release");
})();
</script>
"""


class PageHandler(http.server.BaseHTTPRequestHandler):
    api_port = 0
    release = threading.Event()

    def do_GET(self):
        if self.path == "/hold":
            PageHandler.release.wait(30)      # until the page's calls are done (or 30 s)
            self.send_response(204)
            self.end_headers()
            return
        if self.path == "/release":
            PageHandler.release.set()
            body = b"ok"
        elif self.path.startswith("/start"):
            # Firefox: its network monitor attaches after startup; the capture page loads later.
            body = b'<!doctype html><title>start</title><script>setTimeout(() => { location.href = "/"; }, 3000);</script>'
        elif self.path.startswith("/done"):
            body = b"<!doctype html><title>done</title>done"
        else:
            body = (PAGE % {"api": self.api_port}).encode()
        self.send_response(200)
        self.send_header("Set-Cookie", "session=cors-sim; Path=/; SameSite=Lax")
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class APIHandler(http.server.BaseHTTPRequestHandler):
    page_origin = ""

    def answer(self, status, headers, body=b""):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_OPTIONS(self):
        origin = self.headers.get("Origin", "")
        if self.path == "/api/items/7":
            self.answer(204, [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Methods", "PUT"),
                              ("Access-Control-Allow-Headers", "content-type, x-request-id"), ("Access-Control-Max-Age", "60"),
                              ("Vary", "Origin")])
        else:
            self.answer(404, [("Content-Type", "text/plain")], b"not found")

    def do_GET(self):
        data = json.dumps({"path": self.path}).encode()
        if self.path == "/api/public":
            self.answer(200, [("Content-Type", "application/json"), ("Access-Control-Allow-Origin", "*")], data)
        elif self.path == "/api/me":
            self.answer(200, [("Content-Type", "application/json"), ("Access-Control-Allow-Origin", "*"),
                              ("Access-Control-Allow-Credentials", "true")], data)
        elif self.path == "/api/hints":
            self.answer(200, [("Content-Type", "application/json"), ("Access-Control-Allow-Origin", self.page_origin)], data)
        else:
            self.answer(200, [("Content-Type", "application/json")], data)

    def do_PUT(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self.answer(200, [("Content-Type", "application/json"), ("Access-Control-Allow-Origin", self.headers.get("Origin", "")),
                          ("Access-Control-Expose-Headers", "X-Request-Id"), ("X-Request-Id", "abc"), ("Vary", "Origin")],
                    b'{"id":7}')

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self.answer(201, [("Content-Type", "application/json"), ("Access-Control-Allow-Origin", self.page_origin)], b"{}")

    def log_message(self, *args):
        pass


def start():
    """Starts both servers on ephemeral loopback ports; returns (page_url, api_port, stop)."""
    api = http.server.ThreadingHTTPServer(("127.0.0.1", 0), APIHandler)
    page = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PageHandler)
    PageHandler.api_port = api.server_port
    APIHandler.page_origin = "http://127.0.0.1:%d" % page.server_port
    for s in (api, page):
        threading.Thread(target=s.serve_forever, daemon=True).start()

    def stop():
        for s in (api, page):
            s.shutdown()
            s.server_close()
    return "http://127.0.0.1:%d/" % page.server_port, api.server_port, stop
