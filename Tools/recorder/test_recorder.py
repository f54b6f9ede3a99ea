"""Browser-free tests of the recorder's server rules and controller:
    python3 -m unittest discover -s Tools/recorder -p 'test_*.py'
"""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record          # noqa: E402
import compare         # noqa: E402
import scenarioserver as ss  # noqa: E402


def route(method, path, status=200, headers=(), body="", prefix=False, status_text=None):
    return {"method": method, "path": path, "prefix": prefix, "status": status, "status_text": status_text,
            "headers": [list(h) for h in headers], "body": body}


def _cors_sim():
    import record
    try:
        return record.find_cors_sim(None)
    except SystemExit:
        return None


O = lambda origin: [("Origin", origin)]


class Answer(unittest.TestCase):
    def test_first_match_method_case_sensitive_and_prefix(self):
        routes = [route("put", "/a"), route("PUT", "/a", 201), route(None, "/p/", 202, prefix=True)]
        self.assertEqual(ss.answer(routes, "PUT", "/a", [])[0], 201)
        self.assertEqual(ss.answer(routes, "OPTIONS", "/p/x", [])[0], 202)
        self.assertEqual(ss.answer(routes, "GET", "/b", []), (404, "Not Found", [], b""))

    def test_origin_reflection_and_content_length(self):
        routes = [route("GET", "/", headers=[("ACAO", "{origin}"), ("X", "1")], body="ok")]
        self.assertEqual(ss.answer(routes, "GET", "/", O("http://a:1"))[2], [("ACAO", "http://a:1"), ("X", "1"), ("Content-Length", "2")])
        self.assertEqual(ss.answer(routes, "GET", "/", [])[2], [("X", "1"), ("Content-Length", "2")])
        routes = [route("GET", "/", headers=[("content-length", "0")])]
        self.assertEqual(ss.answer(routes, "GET", "/", [])[2], [("content-length", "0")])

    def test_request_templates_join_lines_and_drop_the_header_when_absent(self):
        routes = [route("GET", "/", headers=[("ACAH", "{request.Access-Control-Request-Headers}"), ("E", "<{request.if-none-match}>"),
                                             ("Y", "{request.}")])]
        got = ss.answer(routes, "GET", "/", [("access-control-request-headers", "x-a"), ("If-None-Match", '"v1"'),
                                             ("If-None-Match", '"v2"')])[2]
        self.assertEqual(got, [("ACAH", "x-a"), ("E", '<"v1", "v2">'), ("Y", "{request.}"), ("Content-Length", "0")])
        self.assertEqual(ss.answer(routes, "GET", "/", [])[2], [("Y", "{request.}"), ("Content-Length", "0")])


def cond(test, **kw):
    return dict(test=test, **kw)


class When(unittest.TestCase):
    """`when` conditions, as RequestCondition.holds (Sources/CORSSim/Scenario/RequestCondition.swift)."""

    CASES = [
        # (condition, method, headers, holds)
        (cond("origin-in", values=["http://a:1", "null"]), "GET", O("http://a:1"), True),
        (cond("origin-in", values=["http://a:1", "null"]), "GET", O("null"), True),
        (cond("origin-in", values=["http://a:1"]), "GET", O("http://A:1"), False),         # byte for byte
        (cond("origin-in", values=["http://a:1"]), "GET", [], False),                     # no Origin: no origin test holds
        (cond("not", condition=cond("origin-in", values=["http://a:1"])), "GET", [], True),
        (cond("origin-matches", value="app\\.example$"), "GET", O("https://evilapp.example"), True),   # searched
        (cond("origin-matches", value="^https://app"), "GET", O("http://app"), False),
        (cond("origin-starts-with", value="https://app"), "GET", O("https://app.evil"), True),
        (cond("origin-ends-with", value="app.example"), "GET", O("https://evilapp.example"), True),
        (cond("origin-contains", value="app"), "GET", O("https://x.example"), False),
        (cond("header", name="If-None-Match"), "GET", [("if-none-match", '"v1"')], True),   # any case
        (cond("header", name="If-None-Match"), "GET", [("if-none-match", "")], True),       # any value
        (cond("header", name="If-None-Match"), "GET", [("If-Modified-Since", "x")], False),
        (cond("header", name="Sec-Fetch-Site", values=["same-origin", "same-site"]), "GET",
         [("Sec-Fetch-Site", "same-site")], True),
        (cond("header", name="Sec-Fetch-Site", values=["same-origin"]), "GET", [("Sec-Fetch-Site", "cross-site")], False),
        (cond("header", name="Sec-Fetch-Site", values=["same-origin"]), "GET", [], False),   # absent
        (cond("header", name="X", values=["a, b"]), "GET", [("X", "a"), ("x", "b")], True),  # lines combined
        (cond("method", values=["PUT", "DELETE"]), "PUT", [], True),
        (cond("method", values=["PUT"]), "put", [], False),                                # case-sensitive
        (cond("all", conditions=[cond("header", name="Cookie"), cond("not", condition=cond("method", values=["POST"]))]),
         "GET", [("Cookie", "a=1")], True),
        (cond("all", conditions=[cond("header", name="Cookie"), cond("not", condition=cond("method", values=["POST"]))]),
         "POST", [("Cookie", "a=1")], False),
    ]

    def test_the_runner_cookie_is_not_the_scenarios(self):
        r = dict(route("GET", "/r", 200, headers=[("C", "{request.Cookie}")]), condition=cond("header", name="Cookie"))
        routes = [r, route("GET", "/r", 204)]
        self.assertEqual(ss.answer(routes, "GET", "/r", ss.scenario_headers([("Cookie", "rec_sid=1")]))[0], 204)
        self.assertEqual(ss.answer(routes, "GET", "/r", ss.scenario_headers([("Cookie", "rec_sid=1; k=1")]))[2][0], ("C", "k=1"))

    def test_conditions(self):
        for c, method, headers, holds in self.CASES:
            with self.subTest(c=c, method=method, headers=headers):
                self.assertEqual(ss.condition_holds(c, method, headers), holds)

    def test_a_route_whose_condition_fails_falls_through_and_header_groups_filter(self):
        r304 = dict(route("GET", "/r", 304, headers=[("ETag", '"v1"')]), condition=cond("header", name="If-None-Match"))
        r200 = dict(route("GET", "/r", 200, headers=[("ETag", '"v1"'), ("ACAO", "{origin}")], body="ok"),
                    header_conditions=[None, cond("origin-in", values=["http://a:1"])])
        routes = [r304, r200]
        self.assertEqual(ss.answer(routes, "GET", "/r", [("If-None-Match", '"v1"')])[:3], (304, "Not Modified", [("ETag", '"v1"'), ("Content-Length", "0")]))
        self.assertEqual(ss.answer(routes, "GET", "/r", O("http://a:1"))[2], [("ETag", '"v1"'), ("ACAO", "http://a:1"), ("Content-Length", "2")])
        self.assertEqual(ss.answer(routes, "GET", "/r", O("http://b:1"))[2], [("ETag", '"v1"'), ("Content-Length", "2")])

    @unittest.skipUnless(_cors_sim(), "needs .build/debug/cors-sim (swift build)")
    def test_parse_prints_conditions_as_trees_the_servers_evaluate(self):
        import subprocess
        import tempfile
        text = ("page http://127.0.0.1:8801\n\nserver http://127.0.0.1:8803\n"
                "  GET /r when header If-None-Match and not origin in http://127.0.0.1:8809\n    304\n    ETag: \"v1\"\n"
                "  GET /r when method GET\n    200\n    ETag: \"v1\"\n    when origin matches ^http://127\\.0\\.0\\.1:880[0-5]$\n"
                "      Access-Control-Allow-Origin: {origin}\n\n    ok\n\n"
                "fetch GET http://127.0.0.1:8803/r\n")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "w.cors")
            with open(path, "w") as fh:
                fh.write(text)
            r = subprocess.run([_cors_sim(), "parse", path], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            tree = json.loads(r.stdout)
        server = next(s for s in tree["steps"] if s["step"] == "server")
        ss.check_scenario(dict(tree, file="w.cors"))
        routes = server["routes"]
        self.assertEqual(routes[0]["condition"], cond("all", conditions=[cond("header", name="If-None-Match"),
                                                                          cond("not", condition=cond("origin-in", values=["http://127.0.0.1:8809"]))]))
        page = O("http://127.0.0.1:8801")
        inm = [("If-None-Match", '"v1"')]
        self.assertEqual(ss.answer(routes, "GET", "/r", page + inm)[0], 304)
        self.assertEqual(ss.answer(routes, "GET", "/r", O("http://127.0.0.1:8809") + inm)[0], 200)
        self.assertEqual(ss.answer(routes, "GET", "/r", page)[2][1], ("Access-Control-Allow-Origin", "http://127.0.0.1:8801"))
        self.assertEqual(len(ss.answer(routes, "GET", "/r", O("http://127.0.0.1:8809"))[2]), 2)
        self.assertEqual(ss.answer(routes, "POST", "/r", page)[0], 404)

    def test_a_cors_block_is_refused(self):
        sc = scenario([PAGE, {"line": 2, "step": "server", "origin": "http://127.0.0.1:8803", "routes": [], "cors": "express"}])
        with self.assertRaises(ss.ScenarioError):
            ss.check_scenario(sc)


def scenario(steps):
    return {"file": "t.cors", "stem": "t", "steps": steps}


PAGE = {"line": 1, "step": "page", "origin": "http://127.0.0.1:8801", "top_level": None}


def fetch(url, line=3):
    return {"line": line, "step": "fetch", "method": "GET", "url": url, "mode": "cors", "credentials": "same-origin",
            "redirect": "follow", "cache": "default", "headers": [], "body": None, "expectations": []}


class Controller(unittest.TestCase):
    def test_steps_become_actions(self):
        steps = [PAGE, {"line": 2, "step": "server", "origin": "http://localhost:8802", "routes": [route(None, "/", prefix=True)]},
                 {"line": 3, "step": "wait", "milliseconds": 250}, fetch("http://localhost:8802/x", 4),
                 {"line": 5, "step": "restart"}, fetch("http://localhost:8802/x", 6)]
        c = ss.Controller([scenario(steps)])
        page = "http://127.0.0.1:8801"
        self.assertEqual(c.next_action("http://localhost:9"),
                         {"action": "navigate", "url": page + "/__rec-runner.html?ctx=o%3Ahttp%3A%2F%2F127.0.0.1%3A8801"})
        self.assertEqual(c.next_action(page), {"action": "sleep", "ms": 250})
        a = c.next_action(page)
        self.assertEqual((a["action"], a["fetch"]), ("fetch", {"url": "http://localhost:8802/x", "method": "GET"}))
        self.assertEqual(c.serve("http://localhost:8802", "GET", "/x", {"origin": page, "headers": [["Origin", page]]})[0], 200)
        self.assertIsNone(c.serve("http://127.0.0.1:8803", "GET", "/x", {"origin": page, "headers": [["Origin", page]]}))   # no server block
        self.assertEqual(c.next_action(page), {"action": "relaunch"})
        c.note_launch(2, fresh=False)
        self.assertEqual(c.next_action(page)["action"], "fetch")
        self.assertEqual(c.next_action(page), {"action": "done"})
        self.assertEqual(c.records[0]["status"], "complete")
        self.assertEqual(len(c.records[0]["fetches"][0]["requests"]), 1)
        self.assertEqual(len(c.records[0]["fetches"][0]["unserved"]), 1)

    def test_a_restart_launch_skips_the_warm_up_and_notes_how_the_browser_ended(self):
        steps = [PAGE, {"line": 2, "step": "server", "origin": "http://localhost:8802", "routes": [route(None, "/", prefix=True)]},
                 fetch("http://localhost:8802/x", 3), {"line": 4, "step": "restart"}, fetch("http://localhost:8802/x", 5)]
        c = ss.Controller([scenario(steps)], warmup_ms=700)
        page = "http://127.0.0.1:8801"
        c.note_launch(1, fresh=True)
        self.assertEqual(c.hello_msg({"origin": page})["warmup_ms"], 700)       # a fresh session warms up
        c.next_action("http://localhost:9")
        self.assertEqual(c.next_action(page)["action"], "fetch")
        self.assertEqual(c.next_action(page), {"action": "relaunch"})
        c.note_quit("quit")
        c.note_launch(2, fresh=False)
        self.assertEqual(c.hello_msg({"origin": page})["warmup_ms"], 0)         # the restarted one does not
        self.assertEqual(c.records[0]["restarts"], ["quit"])
        c.note_launch(3, fresh=True)
        self.assertEqual(c.hello_msg({"origin": page})["warmup_ms"], 700)

    def test_the_scenario_after_a_restart_gets_a_fresh_browser(self):
        page = "http://127.0.0.1:8801"
        server = {"line": 2, "step": "server", "origin": "http://localhost:8802", "routes": [route(None, "/", prefix=True)]}
        a = scenario([PAGE, server, fetch("http://localhost:8802/a", 3), {"line": 4, "step": "restart"},
                      fetch("http://localhost:8802/a", 5)])
        b = scenario([PAGE, server, fetch("http://localhost:8802/b", 3)])
        c = ss.Controller([a, b, scenario([PAGE, server, fetch("http://localhost:8802/c", 3)])])
        c.note_launch(1, fresh=True)
        self.assertEqual(c.next_action(page)["action"], "fetch")
        self.assertEqual(c.next_action(page), {"action": "relaunch"})
        c.note_launch(2, fresh=False)                                            # the restart keeps the profile
        self.assertEqual(c.next_action(page)["action"], "fetch")
        self.assertEqual(c.next_action(page), {"action": "relaunch"})            # b starts a fresh browser
        self.assertEqual(c.relaunch, "fresh")
        c.note_launch(3, fresh=True)
        self.assertEqual(c.next_action(page)["action"], "fetch")
        self.assertEqual(c.next_action(page)["action"], "fetch")                # c shares b's browser

    def test_each_network_partition_is_warmed_once_per_launch(self):
        steps = [PAGE, {"line": 2, "step": "server", "origin": "http://127.0.0.1:8803", "routes": [route(None, "/", prefix=True)]},
                 fetch("http://127.0.0.1:8803/x", 3)]
        c = ss.Controller([scenario(steps)], warmup_ms=700)
        page, api = "http://127.0.0.1:8801", ["http://127.0.0.1:8803"]
        c.note_launch(1, fresh=True)
        first = c.hello_msg({"origin": page})
        self.assertEqual((first["warmup_kind"], first["warmup_ms"], first["warmup_origins"]), ("full", 700, api))
        self.assertIsNone(c.hello_msg({"origin": page, "ctx": "o:" + page})["warmup_kind"])   # the same partition
        # every `page null` under one top-level host shares one partition; its document came from that host,
        # so loopback origins are warmed from it, the host's own origin too (cross-origin to the opaque page)
        null1 = c.hello_msg({"origin": "null", "ctx": "n:%s|1" % page})
        self.assertEqual((null1["warmup_kind"], null1["warmup_ms"], null1["warmup_origins"]), ("partition", 0, api))
        self.assertIsNone(c.hello_msg({"origin": "null", "ctx": "n:%s|2" % page})["warmup_kind"])
        other = c.hello_msg({"origin": "http://localhost:8801", "ctx": "o:http://localhost:8801"})
        self.assertEqual(other["warmup_kind"], "partition")
        framed = c.hello_msg({"origin": page, "ctx": "t:http://localhost:8801|" + page})
        self.assertEqual(framed["warmup_kind"], "partition")
        c.note_launch(2, fresh=False)                      # a restart: no warm-up at all
        self.assertIsNone(c.hello_msg({"origin": "null", "ctx": "n:%s|3" % page})["warmup_kind"])
        c.note_launch(3, fresh=True)
        self.assertEqual(c.hello_msg({"origin": "null", "ctx": "n:%s|4" % page})["warmup_kind"], "full")
        self.assertEqual(ss.warmup_partition("n:http://a:1|7", "null"), "n:http://a:1")
        self.assertEqual(ss.runner_document_origins("n:http://a:1|7", "null"), ["http://a:1"])
        self.assertEqual(ss.runner_document_origins(None, "http://b:2"), ["http://b:2"])
        # an embedded page warms nothing more private than its top-level document's space either
        addresses = {"pub.example": "192.0.2.1"}
        self.assertEqual(ss.warmup_origins(api, page, addresses, ss.runner_document_origins("t:http://pub.example:8805|" + page, page)), [])
        self.assertEqual(ss.warmup_origins(api, page, addresses, ss.runner_document_origins("t:http://localhost:8805|" + page, page)), api)

    def test_one_runner_page_runs_the_steps_another_is_told_to_stop(self):
        steps = [PAGE, {"line": 2, "step": "server", "origin": "http://localhost:8802", "routes": [route(None, "/", prefix=True)]},
                 fetch("http://localhost:8802/x", 3), fetch("http://localhost:8802/y", 4)]
        c = ss.Controller([scenario(steps)])
        page = "http://127.0.0.1:8801"
        c.note_launch(1, fresh=True)
        self.assertEqual(c.next_action("http://localhost:9", rid="a")["action"], "navigate")
        self.assertEqual(c.next_action(page, rid="b")["action"], "fetch")         # the page after the navigation
        self.assertEqual(c.next_action(page, rid="c"), {"action": "stray"})        # a second tab
        self.assertEqual(c.next_action(page, rid="b")["action"], "fetch")
        self.assertEqual(c.stray_runners, ["%s None" % page])
        self.assertEqual(c.next_action(page, rid="b"), {"action": "done"})

    def test_scenarios_sharing_a_url_get_a_fresh_browser(self):
        a = scenario([PAGE, fetch("http://localhost:8802/x")])
        b = scenario([PAGE, fetch("http://localhost:8802/y")])
        c = ss.Controller([a, b, dict(a)])
        page = "http://127.0.0.1:8801"
        kinds = [c.next_action(page)["action"] for _ in range(3)]
        self.assertEqual(kinds, ["fetch", "fetch", "relaunch"])
        c.note_launch(2, fresh=True)
        self.assertEqual([c.next_action(page)["action"] for _ in range(2)], ["fetch", "done"])

    def test_cookie_steps_run_on_the_page_and_cookie_scenarios_get_fresh_browsers(self):
        page = "http://127.0.0.1:8801"
        cookie = {"line": 2, "step": "cookie", "text": "a=1; Path=/"}
        setter = {"line": 2, "step": "server", "origin": "http://localhost:8802",
                  "routes": [route("GET", "/s", headers=[("Set-Cookie", "b=1")])]}
        a = scenario([PAGE, cookie, fetch("http://localhost:8802/x")])
        b = scenario([PAGE, fetch("http://localhost:8802/y")])
        c = ss.Controller([a, b, scenario([PAGE, setter, fetch("http://localhost:8802/s")])])
        self.assertTrue(ss.uses_cookies(c.scenarios[0]) and ss.uses_cookies(c.scenarios[2]))
        self.assertFalse(ss.uses_cookies(b))
        self.assertEqual(c.next_action(page), {"action": "cookie", "text": "a=1; Path=/", "line": 2})
        self.assertEqual(c.next_action(page)["action"], "fetch")
        # the scenario after a cookie scenario, and a cookie scenario itself, start a fresh browser
        self.assertEqual(c.next_action(page), {"action": "relaunch"})
        c.note_launch(2, fresh=True)
        self.assertEqual(c.next_action(page)["action"], "fetch")
        self.assertEqual(c.next_action(page), {"action": "relaunch"})

    def test_unrecordable_origins_are_refused(self):
        for origin in ("https://10.0.0.1", "http://[2001:db8::1]:8801", "http://app_example"):
            with self.assertRaises(ss.ScenarioError, msg=origin):
                ss.check_scenario(scenario([{"line": 1, "step": "page", "origin": origin, "top_level": None}]))
        ss.check_scenario(scenario([{"line": 1, "step": "page", "origin": "https://app.example", "top_level": None}]))
        ss.check_scenario(scenario([{"line": 1, "step": "page", "origin": None, "top_level": None}]))
        ss.check_scenario(scenario([{"line": 1, "step": "page", "origin": "http://127.0.0.1:8801",
                                     "top_level": "http://app.example:8802"}]))
        with self.assertRaises(ss.ScenarioError):
            ss.check_scenario(scenario([{"line": 1, "step": "page", "origin": "http://127.0.0.1:8801",
                                         "top_level": "http://10.0.0.1:8802"}]))
        ss.check_scenario(scenario([PAGE, fetch("http://localhost:8802/x")]))
        for extra in ({"via_cdn": True}, {"live": True}):
            with self.assertRaises(ss.ScenarioError, msg=str(extra)):
                ss.check_scenario(scenario([PAGE, dict({"line": 2, "step": "server", "origin": "http://localhost:8802",
                                                        "routes": []}, **extra)]))

    def test_embedded_and_null_pages_are_reached_through_a_frame_document(self):
        top = {"line": 1, "step": "page", "origin": "http://127.0.0.1:8801", "top_level": "http://localhost:8802"}
        null = {"line": 3, "step": "page", "origin": None, "top_level": None}
        c = ss.Controller([scenario([top, fetch("http://127.0.0.1:8803/x", 2), null, fetch("http://127.0.0.1:8803/y", 4)])])
        self.assertIn("http://localhost:8802", c.served_origins)
        a = c.next_action("http://127.0.0.1:8801")
        self.assertEqual(a["action"], "navigate")
        self.assertTrue(a["url"].startswith("http://localhost:8802/__rec/frame.html?src=http%3A%2F%2F127.0.0.1%3A8801"), a["url"])
        framed = "t:http://localhost:8802|http://127.0.0.1:8801"
        self.assertEqual(c.next_action("http://localhost:8802")["action"], "navigate")    # the top is not the runner
        self.assertEqual(c.next_action("http://127.0.0.1:8801", framed)["action"], "fetch")
        a = c.next_action("http://127.0.0.1:8801", framed)                                # page null
        self.assertEqual(a["action"], "navigate")
        self.assertIn("sandbox=1", a["url"])
        self.assertTrue(a["url"].startswith("http://localhost:8802/__rec/frame.html"), a["url"])  # the previous page's server
        self.assertEqual(c.next_action("http://localhost:8802", "n:http://localhost:8802|1")["action"], "fetch")

    def test_a_wait_moves_the_virtual_clock_instead_of_sleeping(self):
        class FakeClock:
            mode, frozen, now = "frozen", False, 0
            def freeze(self): self.frozen = True
            def unfreeze(self): self.frozen = False
            def advance(self, ms): self.now += ms * 1000000
            def now_ns(self, k=1): return self.now
        clock = FakeClock()
        steps = [PAGE, fetch("http://localhost:8802/x", 2), {"line": 3, "step": "wait", "milliseconds": 7200000},
                 fetch("http://localhost:8802/x", 4)]
        c = ss.Controller([scenario(steps), scenario([PAGE, fetch("http://localhost:8802/z")])], clock=clock)
        page = "http://127.0.0.1:8801"
        self.assertEqual(c.next_action(page)["action"], "fetch")
        self.assertTrue(clock.frozen)
        self.assertEqual(c.next_action(page)["action"], "fetch")                        # no sleep action
        self.assertEqual(c.records[0]["fetches"][1]["clock_ms"], 7200000)
        self.assertEqual(c.next_action(page)["action"], "fetch")                        # the next scenario
        self.assertFalse(clock.frozen)                   # unfrozen after the first; the second has no wait

    def test_declared_addresses_and_permissions(self):
        steps = [{"line": 1, "step": "page", "origin": "https://pub.example:8443", "top_level": None,
                  "address": "public", "local_network": "granted"},
                 {"line": 2, "step": "server", "origin": "http://dev.example:8803", "address": "192.168.1.10", "routes": []}]
        self.assertEqual(ss.scenario_host_addresses([scenario(steps)]), {"pub.example": "192.0.2.1", "dev.example": "192.168.1.10"})
        self.assertEqual(ss.scenario_permissions([scenario(steps)]), {"https://pub.example:8443": "granted"})
        other = dict(steps[0], local_network="denied")
        with self.assertRaises(ss.ScenarioError):
            ss.scenario_permissions([scenario(steps), scenario([other])])
        with self.assertRaises(ss.ScenarioError):
            ss.scenario_host_addresses([scenario([dict(steps[1], address="fd00::1")])])

    def test_the_warm_up_stays_out_of_more_private_address_spaces(self):
        addresses = {"pub.example": "192.0.2.1", "lan.example": "10.255.0.1", "lo.example": "127.0.0.1"}
        apis = ["http://lan.example:8802", "http://pub.example:8803", "http://lo.example:8804", "http://127.0.0.1:8803"]
        self.assertEqual(ss.warmup_origins(apis, "http://pub.example:8801", addresses), ["http://pub.example:8803"])
        self.assertEqual(ss.warmup_origins(apis, "http://lan.example:8801", addresses), apis[:2])
        self.assertEqual(ss.warmup_origins(apis, "http://127.0.0.1:8801", addresses), apis)
        self.assertEqual(ss.warmup_origins(apis, "http://pub.example:8803", addresses), [])   # not its own origin


class Quit(unittest.TestCase):
    """Proc.stop: a browser that quits when asked is not signalled; one that does not, or that
    cannot be asked, gets SIGTERM."""

    def _proc(self, code):
        import sys as _sys
        return record.Proc([_sys.executable, "-c", code], dict(os.environ), "t", [])

    def test_a_browser_that_quits_when_asked_is_not_signalled(self):
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            flag = os.path.join(d, "quit")
            # exits 0 once the flag file exists; SIGTERM would end it with -15
            p = self._proc("import os,time\nwhile not os.path.exists(%r): time.sleep(0.05)" % flag)

            def ask():
                open(flag, "w").close()
                return True
            p.stop(quit=ask, quit_wait=10)
            self.assertEqual((p.ended, p.p.returncode), ("quit", 0))

    def test_a_browser_that_cannot_be_asked_or_does_not_quit_gets_sigterm(self):
        p = self._proc("import time\ntime.sleep(60)")
        p.stop(quit=lambda: False)
        self.assertEqual((p.ended, p.p.returncode), ("sigterm", -15))
        p = self._proc("import time\ntime.sleep(60)")
        p.stop(quit=lambda: True, quit_wait=0.5)
        self.assertEqual((p.ended, p.p.returncode), ("sigterm", -15))

    def test_launch_commands_allow_a_user_like_quit_and_persistent_cookies(self):
        import tempfile
        import browsers
        with tempfile.TemporaryDirectory() as d:
            ud = os.path.join(d, "user-data")
            os.makedirs(ud)
            open(os.path.join(ud, "DevToolsActivePort"), "w").write("1\n/devtools/browser/old\n")
            argv, _env = browsers.get("chromium").command(d, "http://127.0.0.1:8801/")
            self.assertIn("--remote-debugging-port=0", argv)
            self.assertFalse(os.path.exists(os.path.join(ud, "DevToolsActivePort")))   # not the last launch's
            self.assertFalse(browsers.get("chromium").quit(d))                         # nothing listening: signals
            argv, _env = browsers.get("webkitgtk").command(d, "http://127.0.0.1:8801/")
            self.assertIn("--cookies-file=" + os.path.join(d, "cookies.sqlite"), argv)
            self.assertFalse(browsers.get("webkitgtk").quit(d, display=None))


class ChromiumPreferences(unittest.TestCase):
    def test_chromes_cookie_default_is_merged_with_the_site_settings_and_what_is_there(self):
        import json
        import tempfile
        import browsers

        class Net:
            names, tls = [], False
            permissions = {"http://127.0.0.1:8801": "granted"}

            def address_of(self, name):
                return "127.0.0.1"

        with tempfile.TemporaryDirectory() as prof:
            path = os.path.join(prof, "user-data", "Default", "Preferences")
            os.makedirs(os.path.dirname(path))
            with open(path, "w") as fh:       # as Chromium left it before a restart
                json.dump({"profile": {"name": "Person 1", "content_settings": {"exceptions": {"cookies": {}}}},
                           "browser": {"x": 1}}, fh)
            browsers.Chromium().command(prof, "http://127.0.0.1:8801/", Net())
            with open(path) as fh:
                prefs = json.load(fh)
            self.assertEqual(prefs["profile"]["cookie_controls_mode"], 2)     # Chrome's kIncognitoOnly
            exceptions = prefs["profile"]["content_settings"]["exceptions"]
            self.assertEqual(exceptions["local_network"]["http://127.0.0.1:8801,*"]["setting"], 1)
            self.assertEqual(exceptions["cookies"], {})
            self.assertEqual((prefs["profile"]["name"], prefs["browser"]), ("Person 1", {"x": 1}))
            # without site settings the cookie default is still written
            browsers.Chromium().command(os.path.join(prof, "b"), "http://127.0.0.1:8801/", None)
            with open(os.path.join(prof, "b", "user-data", "Default", "Preferences")) as fh:
                self.assertEqual(json.load(fh), {"profile": {"cookie_controls_mode": 2}})


@unittest.skipUnless(__import__("vclock").compiler() and os.path.isdir("/dev/shm"), "needs a C compiler and /dev/shm")
class VirtualClock(unittest.TestCase):
    def run_child(self, clock, code):
        import subprocess
        env = dict(os.environ, **clock.env())
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=20).stdout.split()

    def test_the_shim_moves_and_freezes_the_childs_clocks_only(self):
        import time
        import vclock
        clock = vclock.VirtualClock("frozen")
        try:
            before = time.monotonic()
            clock.advance(3 * 3600 * 1000)
            child = float(self.run_child(clock, "import time; print(time.monotonic())")[0])
            self.assertGreater(child - before, 3 * 3600 - 5)
            self.assertLess(time.monotonic() - before, 60)                # the recorder's own clock did not move
            clock.freeze()
            a, b = self.run_child(clock, "import time; a = time.monotonic(); time.sleep(0.2); print(a, time.monotonic())")
            self.assertEqual(a, b)                                         # frozen, and the sleep still ended
            self.assertEqual(float(a) % 1, 0)                              # on a whole second
            clock.advance(1500)
            self.assertEqual(float(self.run_child(clock, "import time; print(time.monotonic())")[0]), float(a) + 1.5)
        finally:
            clock.close()


class Hosts(unittest.TestCase):
    def test_loopback_in_every_url_parser_spelling(self):
        for host in ("127.0.0.1", "0x7f.0.0.1", "127.1", "2130706433", "0177.0.0.1", "LOCALHOST",
                     "[::1]", "[0:0:0:0:0:0:0:1]"):
            self.assertTrue(ss.is_loopback_host(host), host)
        for host in ("10.0.0.1", "128.0.0.1", "0x80.0.0.1", "example.com", "[::2]", "127.0.0.256.1", "4294967296", ""):
            self.assertFalse(ss.is_loopback_host(host), host)

    def test_a_fetch_url_that_leaves_loopback_is_refused(self):
        with self.assertRaises(ss.ScenarioError):
            ss.check_scenario(scenario([PAGE, fetch("http://10.0.0.1:8802/x")]))
        ss.check_scenario(scenario([PAGE, fetch("http://0x7f.0.0.1:8802/x")]))
        ss.check_scenario(scenario([PAGE, dict(fetch("http://localhost:8802/x"), raw_url="http://LOCALHOST:08802/x")]))

    def test_a_fetch_url_of_another_scheme_reaches_no_server_and_is_recordable(self):
        for url in ("data:text/plain,hello", "about:blank", "blob:http://10.0.0.1/x", "file:///etc/hostname",
                    "ftp://10.0.0.1/x", "javascript:1", "foo:bar", "foo://10.0.0.1/x", "ws://127.0.0.1:8801/x"):
            ss.check_scenario(scenario([PAGE, fetch(url)]))
        with self.assertRaises(ss.ScenarioError):
            ss.check_scenario(scenario([PAGE, fetch("HTTP://10.0.0.1:8802/x")]))

    def test_domain_names_resolve_to_loopback_ip_literals_must_be_loopback(self):
        self.assertTrue(ss.is_domain("api.example.com"))
        self.assertTrue(ss.is_domain("xn--caf-dma.example"))
        for host in ("1.2.3.4", "127.1", "0x7f", "a..b", "-a.example", "a_b.example", ""):
            self.assertFalse(ss.is_domain(host), host)
        steps = [dict(PAGE, origin="https://app.example"),
                 {"line": 2, "step": "server", "origin": "http://api.example:8802",
                  "routes": [route("GET", "/", 302, headers=[("Location", "https://Other.Example/x")])]},
                 dict(fetch("http://localhost:8802/x"), raw_url="http://0x7f.1:8802/x")]
        self.assertEqual(ss.scenario_host_names([scenario(steps)]), ["api.example", "app.example", "other.example"])

    def test_one_port_serves_one_scheme(self):
        self.assertEqual(ss.port_schemes(["https://a.example", "https://b.example:443", "http://localhost:8802"]),
                         {443: ("https", {"a.example", "b.example"}), 8802: ("http", {"localhost"})})
        with self.assertRaises(ss.ScenarioError):
            ss.port_schemes(["http://a.example:8443", "https://b.example:8443"])

    def test_default_ports(self):
        self.assertEqual(ss.canonical_origin("http://localhost"), "http://localhost:80")
        self.assertEqual(ss.canonical_origin("https://app.example"), "https://app.example:443")
        self.assertEqual(ss.url_origin("https://app.example:443"), "https://app.example")
        self.assertEqual(ss.canonical_origin("http://[::1]:8803"), "http://[::1]:8803")
        self.assertEqual(ss.url_origin("http://localhost:80"), "http://localhost")
        self.assertEqual(ss.url_origin("http://127.0.0.1:8801"), "http://127.0.0.1:8801")

    def test_the_runner_fetches_the_url_as_written(self):
        st = dict(fetch("http://localhost:8802/x"), raw_url="http://LOCALHOST:8802/x")
        self.assertEqual(ss.fetch_spec(st)["url"], "http://LOCALHOST:8802/x")

    def test_the_url_as_written_follows_a_quoted_method(self):
        self.assertEqual(record.raw_fetch_url('fetch "GET X" http://LOCALHOST:8802/x mode=cors'), "http://LOCALHOST:8802/x")
        self.assertEqual(record.raw_fetch_url('  fetch "" http://a:8802/y'), "http://a:8802/y")
        self.assertEqual(record.raw_fetch_url('fetch "G\\"T" http://a:8802/z'), "http://a:8802/z")
        self.assertEqual(record.raw_fetch_url("fetch\tPUT\thttp://a:8802/t"), "http://a:8802/t")
        self.assertIsNone(record.raw_fetch_url("page http://a:8801"))
        self.assertEqual(record.raw_fetch_url('fetch GET "data:; base64,WA" mode=no-cors'), "data:; base64,WA")
        self.assertEqual(record.raw_fetch_url('fetch "G T"  "data:,\\x41\\\\x41\\"\\t"'), 'data:,A\\x41"\t')


class RequestInit(unittest.TestCase):
    def test_only_what_the_scenario_wrote_goes_into_init(self):
        st = dict(fetch("http://localhost:8802/x"), duplex="half", keepalive=False, signal="none", integrity="",
                  priority="auto", referrerPolicy="", referrer=None)
        self.assertEqual(ss.fetch_spec(st), {"url": "http://localhost:8802/x", "method": "GET"})

    def test_referrer_options_reach_fetch_as_written(self):
        # referrer "" (no referrer) is passed; referrerPolicy "" is the default, left out.
        st = dict(fetch("http://localhost:8802/x"), referrerPolicy="unsafe-url", referrer="")
        self.assertEqual(ss.fetch_spec(st), {"url": "http://localhost:8802/x", "method": "GET",
                                             "referrerPolicy": "unsafe-url", "referrer": ""})
        st = dict(fetch("http://localhost:8802/x"), referrerPolicy="", referrer="http://[::1")
        self.assertEqual(ss.fetch_spec(st), {"url": "http://localhost:8802/x", "method": "GET", "referrer": "http://[::1"})

    def test_argument_checks_reach_fetch_as_written(self):
        st = dict(fetch("http://localhost:8802/x"), method="GET X", mode="navigate", duplex="omitted", keepalive=True,
                  signal="aborted", integrity="sha256-abc", priority="high", headers=[["X Foo", "a\u0000b"]],
                  body={"kind": "stream"})
        self.assertEqual(ss.fetch_spec(st), {"url": "http://localhost:8802/x", "method": "GET X", "mode": "navigate",
                                             "keepalive": True, "signal": "aborted", "integrity": "sha256-abc",
                                             "priority": "high", "duplex": "omitted",
                                             "headers": [["X Foo", "a\u0000b"]], "body": {"kind": "stream"}})


class Vary(unittest.TestCase):
    def test_a_seed_always_writes_the_same_scenarios(self):
        import tempfile
        import vary
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b, tempfile.TemporaryDirectory() as c:
            pa, pb, pc = vary.generate(7, 40, a), vary.generate(7, 40, b), vary.generate(8, 40, c)
            read = lambda paths: [open(x, encoding="utf-8").read().split("\n", 1)[1] for x in paths]
            self.assertEqual([os.path.basename(x) for x in pa], [os.path.basename(x) for x in pb])
            self.assertEqual(read(pa), read(pb))
            self.assertNotEqual([x.replace("vary-8-", "vary-7-") for x in read(pc)], read(pa))
            for text in read(pa):           # each case under its own path, one page, at least one fetch
                self.assertIn("page http://127.0.0.1:8801", text)
                self.assertIn("\nfetch ", text)

def seeded_family_texts(case, generate, seed, other_seed, count, start, prefix):
    """What every generator family promises (gen.family): a seed and index always write the same
    file (a slice of a run is the same files), another seed writes others, and every file is named
    PREFIX-SEED-N, runs under its own /case/NAME/ path and holds a fetch. Returns (name, text) of
    each file of the first run, for the family's own checks."""
    import tempfile
    read = lambda p: open(p, encoding="utf-8").read()
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b, tempfile.TemporaryDirectory() as c:
        pa = generate(seed, count, a)
        pb = generate(seed, count, b, start=start)
        pc = generate(other_seed, count, c)
        case.assertEqual([read(x) for x in pa[start:]], [read(x) for x in pb])
        files = [(os.path.basename(x)[:-5], read(x)) for x in pa]
        ours, theirs = "%s-%d-" % (prefix, seed), "%s-%d-" % (prefix, other_seed)
        case.assertNotEqual([read(x).replace(theirs, ours) for x in pc], [text for _, text in files])
    for name, text in files:
        case.assertTrue(name.startswith(ours), name)
        case.assertIn("\nfetch ", text)
        case.assertIn("/case/%s/" % name, text)
    return files


def parsed_family_run(case, generate, seed, count):
    """A whole run of a generator family: every file parses (`cors-sim parse`, in order), passes
    the recorder's checks and holds a fetch, and the run shares the recorder's ports (one scheme
    per port). Returns the parse trees and the files."""
    import subprocess
    import tempfile
    cs = _cors_sim()
    with tempfile.TemporaryDirectory() as a:
        paths = generate(seed, count, a)
        r = subprocess.run([cs, "parse"] + paths, capture_output=True, text=True)
        case.assertEqual(r.returncode, 0, r.stderr[:2000])
        trees = [json.loads(l) for l in r.stdout.split("\n") if l.strip()]
        case.assertEqual([t["file"] for t in trees], paths)
        origins = []
        for t in trees:
            with case.subTest(t["file"]):
                ss.check_scenario(t)
                case.assertTrue([st for st in t["steps"] if st["step"] == "fetch"])
                origins += [st["origin"] for st in t["steps"] if st["step"] in ("page", "server") and st.get("origin")]
        ss.port_schemes(origins)
    return trees


class Gen(unittest.TestCase):
    def test_a_seed_and_index_always_write_the_same_scenario(self):
        import gen
        files = seeded_family_texts(self, gen.generate, 11, 12, 30, 20, "dt")
        self.assertNotEqual(files[0][1], files[1][1])
        for _, text in files:
            self.assertIn("page http://127.0.0.1:8801", text)


class Gen2(unittest.TestCase):
    """The second family (gen2.py, `difftest.py --family edge`)."""

    def test_a_seed_and_index_always_write_the_same_scenario_and_seeds_differ(self):
        import gen2
        files = seeded_family_texts(self, gen2.generate, 9101, 9102, 60, 40, "dt2")
        kinds = {text.split("(", 1)[1].split(":", 1)[0].split(" ")[0] for _, text in files}
        self.assertGreaterEqual(len(kinds), 7, kinds)        # 60 scenarios reach (nearly) every kind

    def test_the_files_do_not_depend_on_the_process_hash_seed(self):
        import subprocess
        import tempfile
        outs = []
        with tempfile.TemporaryDirectory() as root:
            for hash_seed in ("1", "2"):
                out = os.path.join(root, hash_seed)
                for family in ("gen.py", "gen2.py", "gen3.py", "gen4.py", "gen5.py"):
                    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), family), "--seed", "9101", "--count", "120", "--out", out],
                                   env=dict(os.environ, PYTHONHASHSEED=hash_seed), check=True, capture_output=True)
                outs.append({f: open(os.path.join(out, f), encoding="utf-8").read() for f in sorted(os.listdir(out))})
        self.assertEqual(len(outs[0]), 600)
        self.assertEqual(outs[0], outs[1])

    def test_a_name_that_is_not_a_token_is_a_raw_header_line(self):
        # The format reads `Name: value` only for a token name (dt2-9612-00019 drew `X-\u00e9`).
        import gen2
        text = gen2.fetch("GET", "http://x/r", headers=[("X-\u00e9", "1"), ("X-!#$%&'*+.^_`|~", "1")])
        self.assertEqual(text, "fetch GET http://x/r\n  raw-header X-\u00e9: 1\n  X-!#$%&'*+.^_`|~: 1\n")

    @unittest.skipUnless(_cors_sim(), "needs .build/debug/cors-sim (swift build)")
    def test_every_generated_scenario_parses_and_is_recordable(self):
        import subprocess
        import tempfile
        import gen2
        import record
        cs = _cors_sim()
        with tempfile.TemporaryDirectory() as a:
            paths = gen2.generate(9101, 300, a)
            r = subprocess.run([cs, "parse"] + paths, capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr[:2000])
            trees = [json.loads(l) for l in r.stdout.split("\n") if l.strip()]
            self.assertEqual([t["file"] for t in trees], paths)
            for t in trees:
                with self.subTest(t["file"]):
                    ss.check_scenario(t)
                    self.assertTrue([s for s in t["steps"] if s["step"] == "fetch"])
            self.assertTrue(record.load_scenarios(paths[:5], cs))


class Gen3(unittest.TestCase):
    """The third family (gen3.py, `difftest.py --family site`): cookies, CORP/ORB, state across pages."""

    @unittest.skipUnless(_cors_sim(), "needs .build/debug/cors-sim (swift build)")
    def test_the_revalidate_kind_is_deterministic_parses_and_answers_304_to_a_conditional_request(self):
        import subprocess
        import tempfile
        import gen3
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            pa = gen3.generate_revalidate(9301, 40, a)
            pb = gen3.generate_revalidate(9301, 40, b, start=30)
            read = lambda p: open(p, encoding="utf-8").read()
            self.assertEqual([read(x) for x in pa[30:]], [read(x) for x in pb])
            self.assertTrue(all(os.path.basename(x).startswith("dt4-9301-") for x in pa))
            r = subprocess.run([_cors_sim(), "parse"] + pa, capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr[:2000])
            trees = [json.loads(l) for l in r.stdout.split("\n") if l.strip()]
        for t in trees:
            with self.subTest(t["file"]):
                ss.check_scenario(t)
                routes = next(s for s in t["steps"] if s["step"] == "server")["routes"]
                path = "/case/%s/r" % os.path.basename(t["file"])[:-5]
                cond = next(r["condition"]["name"] for r in routes if r["status"] == 304)
                self.assertEqual(ss.answer(routes, "GET", path, [(cond, "x")])[0], 304)
                self.assertEqual(ss.answer(routes, "GET", path, [])[0], 200)

    def test_a_seed_and_index_always_write_the_same_scenario_and_seeds_differ(self):
        import gen3
        files = seeded_family_texts(self, gen3.generate, 9201, 9202, 60, 40, "dt3")
        self.assertEqual({text.split("(", 1)[1].split(":", 1)[0] for _, text in files}, {"cookie", "corp", "state", "cred"})

    @unittest.skipUnless(_cors_sim(), "needs .build/debug/cors-sim (swift build)")
    def test_every_generated_scenario_parses_and_a_whole_run_is_recordable(self):
        import gen3
        parsed_family_run(self, gen3.generate, 9201, 200)


class Gen4(unittest.TestCase):
    """The fourth family (gen4.py, `difftest.py --family net`): Local Network Access."""

    def test_a_seed_and_index_always_write_the_same_scenario_and_seeds_differ(self):
        import gen4
        files = seeded_family_texts(self, gen4.generate, 9401, 9402, 60, 40, "dt5")
        self.assertEqual({text.split("(", 1)[1].split(":", 1)[0] for _, text in files}, {"lna", "hop"})
        spaces = {w for _, text in files for w in ("address public", "address local", "address loopback",
                                                   "local-network granted", "local-network denied") if w in text}
        self.assertEqual(len(spaces), 5, spaces)      # every address space and both answers

    @unittest.skipUnless(_cors_sim(), "needs .build/debug/cors-sim (swift build)")
    def test_every_generated_scenario_parses_and_a_whole_run_is_recordable(self):
        import gen4
        trees = parsed_family_run(self, gen4.generate, 9401, 200)
        # one address per name and one permission answer per page origin across the run
        ss.scenario_host_addresses(trees)
        ss.scenario_permissions(trees)


class Gen5(unittest.TestCase):
    """The fifth family (gen5.py, `difftest.py --family pfcache`): the preflight cache as a state machine."""

    def test_a_seed_and_index_always_write_the_same_scenario_and_seeds_differ(self):
        import gen5
        seen = set()
        for name, text in seeded_family_texts(self, gen5.generate, 9501, 9502, 80, 60, "dt6"):
            self.assertTrue(3 <= text.count("\nfetch ") <= 6, name)
            seen |= {w for w in ("\nwait ", "\nrestart", "\npage null", " in http://localhost:8805",
                                 "Access-Control-Max-Age: +5", "credentials=include", "credentials=omit",
                                 "Access-Control-Allow-Methods: *", "Access-Control-Allow-Headers: *",
                                 "/redir", "#frag", "?q=") if w in text}
            if text.count("\nserver ") >= 3:
                seen.add("a server block that changes the answers")
        self.assertEqual(len(seen), 13, seen)

    @unittest.skipUnless(_cors_sim(), "needs .build/debug/cors-sim (swift build)")
    def test_every_generated_scenario_parses_and_a_whole_run_is_recordable(self):
        import gen5
        parsed_family_run(self, gen5.generate, 9501, 200)


class Shrink(unittest.TestCase):
    TEXT = ("# c: x\npage http://127.0.0.1:8801\n\nserver http://localhost:8802\n  * /case/c/*\n    200\n"
            "    Access-Control-Allow-Origin: *\n    X-A: 1\n\n    ok\n\nwait 100ms\n\n"
            "fetch GET http://localhost:8802/case/c/res mode=no-cors cache=reload\n  X-Foo: 1\n  body x\n")

    def test_every_step_route_header_line_and_option_is_a_part(self):
        import shrink
        lines = self.TEXT.split("\n")
        names = [p[0].split(" (line")[0] for p in shrink.parts(lines)]
        self.assertEqual(names, ["step server http://localhost:8802", "route * /case/c/*",
                                 "line Access-Control-Allow-Origin: *", "line X-A: 1", "step wait 100ms",
                                 "step fetch GET http://localhost:8802/case/c/res mode=no-cors cache=reload",
                                 "option mode=no-cors", "option cache=reload", "line X-Foo: 1", "line body x"])

    def test_removing_a_part_keeps_the_rest(self):
        import shrink
        lines = self.TEXT.split("\n")
        parts = {p[0].split(" (line")[0]: p for p in shrink.parts(lines)}
        out = "\n".join(shrink.without(lines, parts["option mode=no-cors"]))
        self.assertIn("fetch GET http://localhost:8802/case/c/res cache=reload\n", out)
        out = "\n".join(shrink.without(lines, parts["route * /case/c/*"]))
        self.assertNotIn("X-A: 1", out)
        self.assertIn("server http://localhost:8802", out)
        self.assertEqual(shrink.renamed("# c: y\\n/case/c/x", "c", "d"), "# d: y\\n/case/d/x")


class Wire(unittest.TestCase):
    def test_header_values_go_out_as_utf8(self):
        h = ss.Handler.__new__(ss.Handler)
        h.send_header("Location", "/caf\u00e9")
        self.assertEqual(h._headers_buffer, [b"Location: /caf\xc3\xa9\r\n"])


class Console(unittest.TestCase):
    def test_lines_follow_the_begin_markers(self):
        import browsers
        lines = [(0, "browser", '[1:2:INFO:CONSOLE(9)] "[rec] begin 0.0", source: x'),
                 (0, "browser", '[1:2:INFO:CONSOLE(0)] "Access to fetch blocked", source: x'),
                 (0, "browser", '[1:2:INFO:CONSOLE(9)] "[rec] idle", source: x'),
                 (0, "browser", '[1:2:INFO:CONSOLE(0)] "stray", source: x')]
        per, unattributed = record.attribute_console(lines, browsers.get("chromium"))
        self.assertEqual(per, {"0.0": ["Access to fetch blocked"]})
        self.assertEqual(unattributed, ["stray"])



class CompareWireHeaders(unittest.TestCase):
    """compare.py checks the header values ConformanceTests checks."""

    def test_names_are_the_scripts_plus_content_type_and_authorization_less_owned_and_forbidden(self):
        names = compare.script_header_names([["X-Foo", "1"], ["Range", "bytes=0-3"], ["If-None-Match", "x"],
                                             ["Cookie", "a=1"], ["Sec-X", "1"], ["User-Agent", "u"]], "chrome")
        self.assertEqual(names, ["authorization", "content-type", "range", "x-foo"])
        self.assertIn("user-agent", compare.script_header_names([["User-Agent", "u"]], "firefox"))

    def test_values_are_joined_and_boundaries_cut(self):
        headers = [["Authorization", "Bearer a"], ["authorization", "Bearer b"],
                   ["Content-Type", "multipart/form-data; boundary=----x"]]
        self.assertEqual(compare.joined(headers, "Authorization"), "Bearer a, Bearer b")
        self.assertEqual(compare.shown(compare.joined(headers, "content-type")), "multipart/form-data; boundary=…")
        self.assertEqual(compare.shown(compare.joined(headers, "Range")), "none")

    def test_context_headers_read_the_runner_page_as_the_origins_root(self):
        # ConformanceTests.recordedValue: the runner page is the scenario's page, its origin's `/`.
        self.assertEqual(compare.CONTEXT_HEADERS, ["Referer", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site"])
        self.assertEqual(compare.recorded_value("Referer", "http://127.0.0.1:8801/__rec-runner.html"), "http://127.0.0.1:8801/")
        self.assertEqual(compare.recorded_value("Referer", "https://a.site.example:8443/__rec/runner.html?ctx=3"),
                         "https://a.site.example:8443/")
        self.assertEqual(compare.recorded_value("Referer", "http://127.0.0.1:8801/x/__rec"), "http://127.0.0.1:8801/x/__rec")
        self.assertEqual(compare.recorded_value("Sec-Fetch-Site", "/__rec"), "/__rec")
        headers = [["referer", "http://localhost:8802/__rec-runner.html"], ["Sec-Fetch-Mode", "cors"]]
        self.assertEqual(compare.recorded_joined(headers, "Referer"), "http://localhost:8802/")
        self.assertIsNone(compare.recorded_joined(headers, "Sec-Fetch-Site"))

    def test_context_and_cache_headers_are_compared_on_requests_and_preflights(self):
        import tempfile
        d = tempfile.mkdtemp()
        scen = os.path.join(d, "ctx.cors")
        with open(scen, "w") as fh:
            fh.write("x\n")
        sim_headers = [["Origin", "http://127.0.0.1:8801"], ["Referer", "http://127.0.0.1:8801/"],
                       ["Sec-Fetch-Dest", "empty"], ["Sec-Fetch-Mode", "cors"], ["Sec-Fetch-Site", "same-site"]]
        sim = {"verdict": "readable", "preflight": "sent", "request_sent": True, "console": [], "script_error": None,
               "response": {"type": "cors", "status": 200, "headers": []},
               "events": [{"event": "preflight-sent", "request": {"method": "OPTIONS", "url": "http://x/", "headers":
                           sim_headers + [["Access-Control-Request-Method", "PUT"]]}},
                          {"event": "request-sent", "request": {"method": "PUT", "url": "http://x/", "headers": sim_headers}}]}
        step = {"type": "step", "step": "fetch", "line": 3, "results": {p: sim for p in compare.BR}}
        wire = [["Origin", "http://127.0.0.1:8801"], ["Referer", "http://127.0.0.1:8801/__rec-runner.html"],
                ["Sec-Fetch-Dest", "empty"], ["Sec-Fetch-Mode", "cors"], ["Sec-Fetch-Site", "cross-site"]]
        rec = {"browser": {"version": "1"}, "status": "complete", "reason": None, "fetches": [{
            "outcome": {"kind": "resolved", "type": "cors", "status": 200, "header_names": []}, "console": [],
            "preflights": [{"url": "http://x/", "origin": "http://127.0.0.1:8801", "acrm": "PUT", "acrh": None}],
            "actuals": [{"method": "PUT", "url": "http://x/", "origin": "http://127.0.0.1:8801"}],
            "requests": [{"kind": "preflight", "headers": wire}, {"kind": "actual", "headers": wire[:4]}]}]}
        for br in compare.BR.values():
            os.makedirs(os.path.join(d, "recordings", br))
            with open(os.path.join(d, "recordings", br, "ctx.json"), "w") as fh:
                json.dump(rec, fh)
        fake = os.path.join(d, "cors-sim")
        with open(fake, "w") as fh:
            fh.write("#!/bin/sh\nif [ \"$1\" = parse ]; then echo '{\"steps\": [{\"step\": \"fetch\"}]}'; "
                     "else cat <<'J'\n%s\nJ\nfi\n" % json.dumps(step))
        os.chmod(fake, 0o755)
        rows = compare.compare_file(fake, scen)
        fields = sorted({(r[3], r[4], r[5]) for r in rows})
        # The runner's Referer agrees; Sec-Fetch-Site differs on the preflight and is missing on the request.
        self.assertEqual(fields, [("preflight 1 Sec-Fetch-Site", "cross-site", "same-site"),
                                  ("request 1 Sec-Fetch-Site", "none", "same-site")])
        self.assertEqual(len(rows), 6)


if __name__ == "__main__":
    unittest.main()
