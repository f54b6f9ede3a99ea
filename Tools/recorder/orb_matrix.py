"""Writes the Opaque Response Blocking matrix, Tests/Conformance/orb-*.cors: no-cors GETs from a page
to another origin whose responses vary by Content-Type, X-Content-Type-Options: nosniff, body (JSON,
HTML, JavaScript, plain text), status (404, 204, 206) and redirects, each fetched once and then
again with cache=force-cache, which shows whether the engine kept the response (Chromium cancels a
blocked load, so it does not). Run from the repository root, then record the files
(Tools/recorder/README.md)."""
import os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Conformance")
PAGE = "http://127.0.0.1:8801"
API = "http://localhost:8802"
BODIES = [("json", '{"a": 1}'), ("html", "<!DOCTYPE html><html><body>hi</body></html>"),
          ("js", "var a = 1;"), ("text", "hello world")]
MIMES = [("json", "application/json"), ("html", "text/html"), ("plain", "text/plain"), ("xml", "text/xml"),
         ("javascript", "application/javascript"), ("css", "text/css"), ("png", "image/png"),
         ("octet-stream", "application/octet-stream"), ("none", None)]

def route(path, status, headers, body):
    s = "  GET %s\n    %s\n" % (path, status)
    for h in headers:
        s += "    %s\n" % h
    if body is not None:
        s += "\n    %s\n" % body
    return s

def twice_all(urls):
    # every URL once, then every URL again with force-cache: the second pass comes after the
    # whole first one, so a cache write has time to finish (WebKit writes its disk cache
    # asynchronously; recorded back to back, some entries were not yet readable)
    first = "".join("fetch GET %s mode=no-cors\n\n" % u for u in urls)
    second = "".join("fetch GET %s mode=no-cors cache=force-cache\n\n" % u for u in urls)
    return first + "wait 100ms\n\n" + second

for slug, mime in MIMES:
    name = "orb-mime-%s" % slug
    routes, urls = "", []
    for bslug, body in BODIES:
        for ns in (False, True):
            p = "/case/%s/%s%s" % (name, bslug, "-nosniff" if ns else "")
            hs = ([] if mime is None else ["Content-Type: %s" % mime]) + ["Cache-Control: max-age=600"]
            if ns:
                hs.append("X-Content-Type-Options: nosniff")
            routes += route(p, 200, hs, body)
            urls.append(API + p)
    fetches = twice_all(urls)
    text = ("# %s: Opaque Response Blocking: no-cors GETs from the page to another origin answered 200 with %s, "
            "a JSON, HTML, JavaScript or plain-text body, without and with X-Content-Type-Options: nosniff; each fetched "
            "again with force-cache (max-age=600), which shows whether the first response was stored.\n" % (name, "Content-Type " + mime if mime else "no Content-Type"))
    text += "page %s\n\nserver %s\n%s\n%s" % (PAGE, API, routes, fetches)
    open(os.path.join(OUT, name + ".cors"), "w").write(text.rstrip("\n") + "\n")

# statuses
name = "orb-status"
routes, urls = "", []
cases = []
for st in (404,):
    for mslug, mime, body in (("json", "application/json", '{"a": 1}'), ("html", "text/html", "<!DOCTYPE html><html><body>hi</body></html>"),
                              ("javascript", "application/javascript", "var a = 1;"), ("plain-js", "text/plain", "var a = 1;"),
                              ("plain-text", "text/plain", "hello world"), ("png", "image/png", "hello world")):
        cases.append(("%d-%s" % (st, mslug), st, ["Content-Type: %s" % mime, "Cache-Control: max-age=600"], body))
for mslug, mime in (("json", "application/json"), ("html", "text/html"), ("plain", "text/plain"), ("javascript", "application/javascript")):
    cases.append(("204-%s" % mslug, 204, ["Content-Type: %s" % mime, "Cache-Control: max-age=600"], None))
for mslug, mime, body in (("json", "application/json", '{"a": 1}'), ("html", "text/html", "<html>hi</html>"),
                          ("plain-js", "text/plain", "var a = 1;"), ("javascript", "application/javascript", "var a = 1;"),
                          ("png", "image/png", "hello world")):
    for first in (True, False):
        rng = "bytes 0-%d/100" % (len(body) - 1) if first else "bytes 10-%d/100" % (10 + len(body) - 1)
        cases.append(("206-%s-%s" % (mslug, "first" if first else "later"), 206,
                      ["Content-Type: %s" % mime, "Content-Range: %s" % rng, "Cache-Control: max-age=600"], body))
def write_status(name, cases, what):
    routes, urls = "", []
    for slug, st, hs, body in cases:
        p = "/case/%s/%s" % (name, slug)
        routes += route(p, st, hs, body)
        urls.append(API + p)
    fetches = twice_all(urls)
    text = ("# %s: Opaque Response Blocking by status: no-cors GETs to another origin answered %s "
            "with blocklisted, JavaScript, plain-text and image types; then each again with force-cache (max-age=600).\n" % (name, what))
    text += "page %s\n\nserver %s\n%s\n%s" % (PAGE, API, routes, fetches)
    open(os.path.join(OUT, name + ".cors"), "w").write(text.rstrip("\n") + "\n")

write_status("orb-status", [c for c in cases if c[1] != 206], "404 or 204")
write_status("orb-status-206", [(c[0], c[1], c[2], c[3]) for c in cases if c[1] == 206], "206 (a Content-Range from byte 0, or from byte 10)")

# redirects
name = "orb-redirect"
text = ("# %s: Opaque Response Blocking after redirects: a no-cors GET to another origin redirected (302) to "
        "a third origin or back to the page's origin, whose response is JSON, plain text, or JavaScript; each fetched again with force-cache.\n" % name)
text += "page %s\n\n" % PAGE
targets = [("json", "application/json", '{"a": 1}'), ("plain-text", "text/plain", "hello world"),
           ("plain-js", "text/plain", "var a = 1;"), ("html-nosniff", "text/html", "<html>hi</html>")]
srv_a = "server %s\n" % API
srv_b = "server http://127.0.0.1:8803\n"
srv_p = "server %s\n" % PAGE
urls = []
for tslug, mime, body in targets:
    hs = ["Content-Type: %s" % mime, "Cache-Control: max-age=600"] + (["X-Content-Type-Options: nosniff"] if "nosniff" in tslug else [])
    for where, srv in (("cross", "http://127.0.0.1:8803"), ("page", PAGE)):
        p0 = "/case/%s/%s-to-%s" % (name, tslug, where)
        p1 = "/case/%s/%s-at-%s" % (name, tslug, where)
        srv_a += route(p0, 302, ["Location: %s%s" % (srv, p1), "Cache-Control: max-age=600"], None)
        block = route(p1, 200, hs, body)
        if where == "cross":
            srv_b += block
        else:
            srv_p += block
        urls.append(API + p0)
fetches = twice_all(urls)
text += srv_a + "\n" + srv_b + "\n" + srv_p + "\n" + fetches
open(os.path.join(OUT, name + ".cors"), "w").write(text.rstrip("\n") + "\n")
