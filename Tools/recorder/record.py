#!/usr/bin/env python3
"""Record what real browsers do with cors-sim scenario files.

    python3 Tools/recorder/record.py Tests/Conformance/*.cors
    python3 Tools/recorder/record.py --browser firefox Tests/Conformance/cache-*.cors

For each browser (Chromium, Firefox ESR, WebKitGTK MiniBrowser; all three by default) it
serves the scenarios' origins on loopback, drives the browser headless through every step
(`server` blocks applied between the fetches they sit between, `wait` a jump of the browsers'
virtual clock (vclock.c; `--clock real` waits in real time),
`restart` a real browser restart, each `fetch` made exactly as written from a page on the
`page` origin) and writes one recording per scenario:

    <out>/<browser>/<scenario>.json      (<out> defaults to recordings/ beside the scenario)

Scenario files are read through `cors-sim parse` (the project's own parser), so build the
package first (`swift build`), or point --cors-sim / $CORS_SIM at the binary.

By default everything runs inside a private network namespace (`unshare -n`) whose only
interface is loopback: nothing can leave 127.0.0.0/8 and ::1. Python 3 standard library only.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import bidi            # noqa: E402
import browsers        # noqa: E402
import netsetup        # noqa: E402
import scenarioserver  # noqa: E402
import vclock          # noqa: E402

FORMAT = "cors-sim/recording"
FORMAT_VERSION = 1
MARK_RE = re.compile(r"\[rec\] (begin|end|idle|finished)(?: (\S+))?")
MAX_OUTPUT_LINES = 400000


# --------------------------------------------------------------------------- processes

class Proc:
    """A child in its own session; output collected line by line. stop() signals only that
    process group (pgid == the child's pid), never anything we did not start."""

    def __init__(self, argv, env, tag, sink):
        self.tag, self.sink = tag, sink
        self.p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.p.pid
        self.reader = threading.Thread(target=self._read, daemon=True, name="read-" + tag)
        self.reader.start()

    def _read(self):
        echo = os.environ.get("RECORDER_ECHO") == "1"
        for raw in iter(self.p.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if echo:
                sys.stderr.write("  | %s\n" % line[:400])
            if len(self.sink) < MAX_OUTPUT_LINES:
                self.sink.append((time.time(), self.tag, line))

    def alive(self):
        return self.p.poll() is None

    def stop(self, grace=5.0, quit=None, quit_wait=20.0):
        """Ends the browser. quit: a callable that asks the browser to quit as a user does (the
        browser then writes its profile: persistent cookies, the disk HTTP cache); the process
        group gets up to quit_wait seconds to exit by itself before SIGTERM, then SIGKILL.
        self.ended says which ended it: "quit", "sigterm" or "sigkill"."""
        self.ended = None
        if quit is not None:
            try:
                asked = quit()
            except Exception as e:      # never take the run down: fall back to signals
                self.sink.append((time.time(), "quit-status", "QUIT-STATUS failed: %r" % (e,)))
                asked = False
            if asked:
                t_end = time.time() + quit_wait
                while time.time() < t_end and _group_alive(self.pid):
                    time.sleep(0.1)
                    self.p.poll()
                if not _group_alive(self.pid):
                    self.ended = "quit"
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            if self.ended:
                break
            try:
                os.killpg(self.pid, sig)
            except ProcessLookupError:
                self.ended = self.ended or "exited"
                break
            self.ended = "sigterm" if sig == signal.SIGTERM else "sigkill"
            t_end = time.time() + wait
            while time.time() < t_end and _group_alive(self.pid):
                time.sleep(0.1)
                self.p.poll()
            if not _group_alive(self.pid):
                break
        try:
            self.p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.reader.join(timeout=3)


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def start_xvfb():
    """A private Xvfb on a free display (-displayfd); returns (Proc-like, ':N')."""
    r, w = os.pipe()
    p = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-nolisten", "tcp", "-screen", "0", "1280x800x24",
                          "-noreset"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, pass_fds=(w,), start_new_session=True)
    os.close(w)
    buf = b""
    deadline = time.time() + 20
    while time.time() < deadline and not buf.endswith(b"\n"):
        rd, _, _ = select.select([r], [], [], 0.5)
        if rd:
            chunk = os.read(r, 64)
            if not chunk:
                break
            buf += chunk
    os.close(r)
    if not buf.strip():
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        raise SystemExit("Xvfb did not start")
    wrapper = Proc.__new__(Proc)
    wrapper.tag, wrapper.sink, wrapper.p, wrapper.pid = "xvfb", [], p, p.pid
    wrapper.reader = threading.Thread(target=lambda: None)
    wrapper.reader.start()
    return wrapper, ":" + buf.decode().strip()


# --------------------------------------------------------------------------- netns

def maybe_reexec_in_netns(args):
    if args.no_netns or os.environ.get("RECORDER_IN_NETNS") == "1":
        return
    if not shutil.which("unshare") or subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        print("[rec] unshare -n not available: running without a private network namespace "
              "(browser flags still keep traffic on loopback)", file=sys.stderr)
        return
    env = dict(os.environ, RECORDER_IN_NETNS="1")
    ns = ["unshare", "-n"]
    # a private mount namespace too (for the run's hosts file and CA bundle; propagation private)
    if subprocess.run(["unshare", "-n", "-m", "true"], capture_output=True).returncode == 0:
        ns, env["RECORDER_IN_MNTNS"] = ["unshare", "-n", "-m"], "1"
    child = subprocess.Popen(ns + ["--", sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env=env)

    def forward(signum, _frame):
        try:
            child.send_signal(signum)
        except ProcessLookupError:
            pass
    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    sys.exit(child.wait())


def bring_up_loopback():
    if os.environ.get("RECORDER_IN_NETNS") == "1":
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)


# --------------------------------------------------------------------------- scenarios

def find_cors_sim(explicit):
    for cand in (explicit, os.environ.get("CORS_SIM"), os.path.join(REPO, ".build", "debug", "cors-sim"),
                 os.path.join(REPO, ".build", "release", "cors-sim"), shutil.which("cors-sim")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    raise SystemExit("cors-sim not found: run `swift build` in %s, or pass --cors-sim PATH" % REPO)


def _quoted_end(rest):
    """The index of the closing quote of the quoted string `rest` starts with."""
    i = 1
    while i < len(rest) and rest[i] != '"':
        i += 2 if rest[i] == "\\" else 1
    return i


def _unescape(text):
    """The scenario format's escapes (JSON's, plus \\xHH for U+00HH) decoded."""
    return json.loads('"' + re.sub(r'\\\\|\\x([0-9A-Fa-f]{2})',
                                   lambda m: "\\u00" + m.group(1) if m.group(1) else m.group(0), text) + '"')


def raw_fetch_url(line):
    """The URL of a `fetch METHOD URL ...` line as written, or None. The method and the URL may
    each be a quoted string with backslash escapes (`fetch "GET X" URL`, `fetch GET "data:; base64,WA"`)."""
    rest = line.replace("\t", " ").lstrip(" ")
    if not rest.startswith("fetch "):
        return None
    rest = rest[len("fetch "):].lstrip(" ")
    if rest.startswith('"'):
        rest = rest[_quoted_end(rest) + 1:]
    else:
        rest = rest.partition(" ")[2]
    rest = rest.lstrip(" ")
    if rest.startswith('"'):
        return _unescape(rest[1:_quoted_end(rest)])
    words = [w for w in rest.split(" ") if w]
    return words[0] if words else None


def load_scenarios(files, cors_sim):
    out, seen = [], {}
    for f in files:
        r = subprocess.run([cors_sim, "parse", f], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise SystemExit("cors-sim parse %s failed:\n%s" % (f, r.stderr.strip()))
        tree = json.loads(r.stdout)
        if tree.get("schema") != "cors-sim/scenario" or tree.get("version") != 1:
            raise SystemExit("%s: unexpected parse schema %r v%r" % (f, tree.get("schema"), tree.get("version")))
        stem = os.path.splitext(os.path.basename(f))[0]
        if stem in seen:
            raise SystemExit("two scenarios named %s: %s and %s" % (stem, seen[stem], f))
        seen[stem] = f
        with open(f, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        with open(f, "rb") as fh:
            file_lines = fh.read().decode("utf-8", "replace").split("\n")
        for st in tree["steps"]:
            if st["step"] in ("page", "server") and st.get("origin"):
                st["origin"] = scenarioserver.canonical_origin(st["origin"])
            if st["step"] == "page" and st.get("top_level"):
                st["top_level"] = scenarioserver.canonical_origin(st["top_level"])
            if st["step"] == "fetch":
                # fetch() gets the URL exactly as the file wrote it (the parser's serialization
                # may already have normalized it, e.g. an upper-case host or a port 08802)
                # (words split at ASCII spaces and tabs only, as the parser does: str.split() would
                # also cut at U+3000 or U+00A0 inside the URL)
                st["raw_url"] = raw_fetch_url(file_lines[st["line"] - 1]) or st["url"]
        out.append({"file": f, "stem": stem, "steps": tree["steps"], "sha256": digest,
                    "path": os.path.relpath(os.path.abspath(f), REPO)})
    return out


# --------------------------------------------------------------------------- console

def attribute_console(lines, browser):
    """Console lines by fetch token, using the runner's '[rec] begin S.F' markers (which travel
    through the same stream as the browser's own console messages)."""
    per, unattributed, cur = {}, [], None
    if any(tag == "bidi" for _t, tag, _l in lines):
        lines = [x for x in lines if x[1] == "bidi"]       # Firefox: one ordered BiDi stream
    for _t, _tag, line in lines:
        text = browser.console_text(line)
        if text is None:
            continue
        m = MARK_RE.search(text)
        if m:
            if m.group(1) == "begin":
                cur = m.group(2)
            elif m.group(1) in ("idle", "finished"):
                cur = None
            continue
        if "[rec]" in text:
            continue
        if cur is None:
            if len(unattributed) < 200:
                unattributed.append(text)
            continue
        per.setdefault(cur, []).append(text)
    return per, unattributed


# --------------------------------------------------------------------------- one browser

def record_browser(browser, scenarios, args, net):
    vstring, version = browser.version_string(), browser.version()
    clock = vclock.VirtualClock(args.clock) if args.clock != "real" else None
    ctl = scenarioserver.Controller(scenarios, step_timeout_ms=args.step_timeout_ms,
                                    warmup_ms=args.warmup_ms, fresh_each=args.fresh_browser_per_scenario,
                                    clock=clock)
    extra = sorted({a for a in net.addresses.values() if a != "127.0.0.1"})
    servers = scenarioserver.start_servers(ctl, net.server_context(), extra)
    waits = [st["milliseconds"] for sc in scenarios for st in sc["steps"] if st["step"] == "wait"]
    # with the virtual clock a wait takes no real time
    stall_s = (0 if clock else max(waits + [0]) / 1000.0) + 2 * args.step_timeout_ms / 1000.0 + 30
    hard_deadline = time.time() + args.max_minutes * 60
    out_lines, commands, bidi_stops = [], [], []
    profile_root = tempfile.mkdtemp(prefix="cors-sim-rec-%s-" % browser.name)
    xvfb, display, proc, launches, prof, bidi_quit = None, None, None, 0, None, None
    started = time.time()
    started_utc = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    end_reason = "finished"
    print("[rec] %s %s: %d scenarios" % (browser.name, version, len(scenarios)), file=sys.stderr)
    try:
        if browser.needs_display:
            xvfb, display = start_xvfb()
        while not ctl.finished.is_set():                     # bounded by launches and the deadline
            if time.time() > hard_deadline:
                end_reason = "hard deadline reached (--max-minutes)"
                break
            wanted = ctl.relaunch
            died = proc is not None and not proc.alive() and not wanted
            if proc is None or died or wanted:
                fresh = proc is None or died or wanted == "fresh" or prof is None
                if died:
                    ctl.abort_current("browser exited (rc=%s)" % proc.p.returncode)
                if proc is not None:
                    quit = None
                    if wanted == "restart" and not died:
                        # the profile is kept: end the browser as a user quitting does, so it
                        # writes its profile (persistent cookies, disk cache) before it goes
                        if bidi_quit is not None:
                            quit = lambda ev=bidi_quit: ev.set() or True  # noqa: E731
                        else:
                            quit = lambda p=prof: browser.quit(p, display)  # noqa: E731
                    proc.stop(quit=quit)
                    if quit is not None:
                        ctl.note_quit(proc.ended)
                        print("[rec] restart: %s ended by %s" % (browser.name, proc.ended), file=sys.stderr)
                    proc = None
                for ev in bidi_stops:
                    ev.set()
                if launches >= args.max_launches:
                    end_reason = "too many browser launches (--max-launches)"
                    break
                if fresh:
                    prof = os.path.join(profile_root, "launch%d" % launches)
                    os.makedirs(prof)
                url = ctl.launch_origin() + scenarioserver.RUNNER_PATH
                argv, env = browser.command(prof, url, net)
                if clock is not None:
                    env.update(clock.env())           # the browser's processes only
                if display:
                    env["DISPLAY"] = display
                commands.append([a.replace(profile_root, "<profile>") for a in argv])
                launches += 1
                ctl.note_launch(launches, fresh)
                first_line = len(out_lines)
                use_bidi = getattr(browser, "console_via_bidi", False)
                if use_bidi:
                    ctl.ready.clear()
                proc = Proc(argv, env, "browser", out_lines)
                bidi_quit = None
                if use_bidi:
                    stop = threading.Event()
                    bidi_stops.append(stop)
                    bidi_quit = threading.Event()

                    def find_listen(start=first_line):
                        for _t, tag, line in out_lines[start:]:
                            m = bidi.LISTEN_RE.search(line) if tag == "browser" else None
                            if m:
                                return m.group(1), int(m.group(2))
                        return None
                    threading.Thread(target=bidi.capture_firefox_console, daemon=True, name="bidi",
                                     args=(out_lines, ctl.ready, stop, find_listen),
                                     kwargs={"quit": bidi_quit}).start()
                print("[rec] launched %s (launch %d, %s profile)" % (browser.name, launches,
                                                                    "fresh" if fresh else "same"), file=sys.stderr)
            if ctl.frozen_fetch_overdue(args.step_timeout_ms / 1000.0):
                print("[rec] a fetch is overdue while the clock is frozen: the clock runs again", file=sys.stderr)
            if time.time() - ctl.last_progress > stall_s:
                print("[rec] no progress for %.0fs: relaunching" % stall_s, file=sys.stderr)
                ctl.abort_current("stalled: no progress for %.0fs" % stall_s)
                proc.stop()
                proc = None
                continue
            ctl.finished.wait(0.25)
        time.sleep(0.5)                                      # let the last console lines arrive
    finally:
        for ev in bidi_stops:
            ev.set()
        if proc is not None:
            proc.stop()
        if xvfb is not None:
            xvfb.stop()
        scenarioserver.stop_servers(servers)
        if clock is not None:
            clock_meta = clock.describe()
            clock.close()
        if not args.keep_profile:
            shutil.rmtree(profile_root, ignore_errors=True)
    duration = round(time.time() - started, 1)
    if clock is None:
        clock_meta = {"mode": "real"}

    console, unattributed = attribute_console(out_lines, browser)
    meta_browser = {
        "name": browser.name, "engine": browser.engine, "profile": browser.profile,
        "version": version, "version_string": vstring, "package": browser.package_version(),
        "user_agent": (ctl.hello or {}).get("user_agent"),
    }
    written, complete = [], 0
    for si, sc in enumerate(scenarios):
        rec = ctl.records[si]
        if rec["status"] == "pending":
            rec["status"], rec["reason"] = "not-run", end_reason
        if rec["status"] == "complete":
            complete += 1
        fetches = []
        for fi, f in enumerate(rec["fetches"]):
            reqs = [{k: v for k, v in r.items() if k != "t_ms"} for r in f["requests"]]
            fetches.append({
                "line": f["line"], "method": f["method"], "url": f["url"],
                "outcome": f["outcome"],
                "preflights": [{"url": r["url"], "origin": r["origin"], "acrm": r["acrm"], "acrh": r["acrh"],
                                "cookie": r["cookie"]} for r in reqs if r["kind"] == "preflight"],
                "actuals": [{"url": r["url"], "method": r["method"], "origin": r["origin"], "cookie": r["cookie"],
                             "cookie_header": r.get("cookie_header"),
                             "content_type": r["content_type"]} for r in reqs if r["kind"] == "actual"],
                "unserved": [{"url": r["url"], "method": r["method"]} for r in f["unserved"]],
                "console": console.get("%d.%d" % (si, fi), []),
                "requests": reqs,
            })
            if "clock_ms" in f:
                # the browsers' (virtual) clock at this fetch, since the scenario's first step
                fetches[-1]["clock_ms"] = round(f["clock_ms"], 3)
                fetches[-1]["clock_frozen"] = f["clock_frozen"]
                if f.get("clock_ran"):
                    fetches[-1]["clock_ran"] = True
                if f.get("clock_overdue"):
                    # the fetch outlasted the step timeout with the clock frozen, so the clock ran
                    # again for it: its timing is not exact
                    fetches[-1]["clock_overdue"] = True
        doc = {
            "format": FORMAT, "version": FORMAT_VERSION,
            "scenario": sc["path"], "scenario_sha256": sc["sha256"],
            "browser": meta_browser,
            "recorded_utc": started_utc,
            "status": rec["status"], "reason": rec["reason"],
            "clock": clock_meta["mode"],
            "wall_ms": (rec["ended_epoch_ms"] - rec["started_epoch_ms"])
            if rec["ended_epoch_ms"] and rec["started_epoch_ms"] else None,
            "fetches": fetches,
        }
        if rec.get("restarts"):
            doc["restarts"] = rec["restarts"]          # how the browser ended at each `restart`
        out_dir = os.path.join(args.out or os.path.join(os.path.dirname(os.path.abspath(sc["file"])), "recordings"),
                               browser.name)
        os.makedirs(out_dir, exist_ok=True)
        path = os.path.join(out_dir, sc["stem"] + ".json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        written.append(path)
    run_meta = {
        "format": FORMAT + "-run", "version": FORMAT_VERSION, "browser": meta_browser,
        "started_utc": started_utc, "duration_s": duration, "end_reason": end_reason,
        "scenarios": len(scenarios), "complete": complete, "launches": launches, "commands": commands,
        "netns_loopback_only": os.environ.get("RECORDER_IN_NETNS") == "1",
        "names_and_tls": net.describe(), "tls_errors": ctl.tls_errors[:50], "pages": ctl.pages_seen[:100],
        "console_capture": {"chromium": "--enable-logging=stderr", "webkitgtk": "--enable-write-console-messages-to-stdout",
                            "firefox": "WebDriver BiDi log.entryAdded" if getattr(browser, "console_via_bidi", False)
                            else "none"}[browser.name],
        "bidi_status": [l for _t, tag, l in out_lines if tag == "bidi-status"],
        "warmup_ms": args.warmup_ms, "step_timeout_ms": args.step_timeout_ms, "clock": clock_meta,
        "warmup_requests": ctl.warmup_log[:100], "orphan_requests": ctl.orphans[:50],
        "runner_logs": ctl.runner_logs, "runner_loads_per_launch": ctl.hellos_per_launch,
        "stray_runners": ctl.stray_runners, "console_unattributed": unattributed,
        "host": {"platform": platform.platform(), "python": platform.python_version()},
    }
    if written:
        with open(os.path.join(os.path.dirname(written[0]), args.run_file), "w", encoding="utf-8") as fh:
            json.dump(run_meta, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
    if args.log_dir:
        os.makedirs(args.log_dir, exist_ok=True)
        with open(os.path.join(args.log_dir, "%s-%s.log" % (browser.name, version)), "w") as fh:
            for t, tag, line in out_lines:
                fh.write("%.3f %s %s\n" % (t - started, tag, line))
    print("[rec] %s %s: %d/%d scenarios complete in %.1fs (%s)" % (
        browser.name, version, complete, len(scenarios), duration, end_reason), file=sys.stderr)
    for si, sc in enumerate(scenarios):
        if ctl.records[si]["status"] != "complete":
            print("[rec]   %s: %s (%s)" % (sc["stem"], ctl.records[si]["status"], ctl.records[si]["reason"]), file=sys.stderr)
    return complete == len(scenarios)


# --------------------------------------------------------------------------- main

def _sigterm(signum, _frame):
    raise SystemExit(128 + signum)


def main():
    signal.signal(signal.SIGTERM, _sigterm)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", help="scenario files (.cors)")
    ap.add_argument("--browser", default="chromium,firefox,webkitgtk",
                    help="comma list of chromium|firefox|webkitgtk (aliases chrome, safari); default all three")
    ap.add_argument("--out", help="output folder (default: recordings/ beside each scenario file)")
    ap.add_argument("--cors-sim", help="the cors-sim binary (default $CORS_SIM or .build/debug/cors-sim)")
    ap.add_argument("--no-netns", action="store_true", help="do not isolate in a loopback-only network namespace")
    ap.add_argument("--step-timeout-ms", type=int, default=8000, help="per fetch (default 8000)")
    ap.add_argument("--warmup-ms", type=int, default=1000,
                    help="idle after the warm-up at each browser launch; 0 skips the warm-up (default 1000)")
    ap.add_argument("--max-minutes", type=float, default=20.0, help="hard bound per browser (default 20)")
    ap.add_argument("--max-launches", type=int, default=20, help="browser launches per browser (default 20)")
    ap.add_argument("--fresh-browser-per-scenario", action="store_true",
                    help="a new browser session for every scenario (default: only when two scenarios share a URL)")
    ap.add_argument("--no-console-capture", action="store_true", help="Firefox: no WebDriver BiDi console listener")
    ap.add_argument("--keep-profile", action="store_true")
    ap.add_argument("--clock", choices=("frozen", "running", "real"), default="frozen",
                    help="the browsers' clock (vclock.c, LD_PRELOAD): frozen (default) stands still during a "
                         "scenario and moves exactly by each wait; running runs in real time and jumps by each "
                         "wait; real: no shim, waits are slept")
    ap.add_argument("--run-file", default="_run.json",
                    help="name of the per-browser run summary beside the recordings (default _run.json); "
                         "give a subset's run its own name so the full corpus run's summary stays")
    ap.add_argument("--log-dir", default=os.path.join(tempfile.gettempdir(), "cors-sim-recorder-logs"),
                    help="raw browser output per run (default: $TMPDIR/cors-sim-recorder-logs)")
    args = ap.parse_args()

    if os.path.basename(args.run_file) != args.run_file or not args.run_file.endswith(".json"):
        raise SystemExit("--run-file takes a file name ending in .json, not a path: %r" % args.run_file)
    chosen = [browsers.get(b.strip()) for b in args.browser.split(",") if b.strip()]
    for b in chosen:
        if b.name == "firefox" and args.no_console_capture:
            b.console_via_bidi = False
        if not b.available():
            raise SystemExit("%s is not installed (%s); see Tools/recorder/README.md" % (b.name, b.binary))
    cors_sim = find_cors_sim(args.cors_sim)
    scenarios = load_scenarios(args.files, cors_sim)
    for sc in scenarios:
        try:
            scenarioserver.check_scenario(sc)
        except scenarioserver.ScenarioError as e:
            raise SystemExit(str(e))
    maybe_reexec_in_netns(args)
    bring_up_loopback()
    names = scenarioserver.scenario_host_names(scenarios)
    try:
        addresses = scenarioserver.scenario_host_addresses(scenarios)
        permissions = scenarioserver.scenario_permissions(scenarios)
    except scenarioserver.ScenarioError as e:
        raise SystemExit(str(e))
    need_tls = any(st["step"] in ("page", "server") and (st.get("origin") or "").startswith("https:")
                   or st["step"] == "fetch" and st.get("raw_url", st["url"]).lower().startswith("https:")
                   for sc in scenarios for st in sc["steps"])
    if names and os.environ.get("RECORDER_IN_NETNS") == "1":
        # getaddrinfo(AI_ADDRCONFIG), which GLib and so WebKitGTK use, answers nothing for a name
        # while the only IPv4 addresses are loopback ones: give lo one documentation address
        # (TEST-NET-1, RFC 5737; nothing routes it anywhere but lo)
        subprocess.run(["ip", "addr", "add", "192.0.2.1/32", "dev", "lo"], check=True)
        for a in sorted(set(addresses.values()) - {"127.0.0.1", "192.0.2.1"}):
            subprocess.run(["ip", "addr", "add", a + "/32", "dev", "lo"], check=True)
    net_dir = tempfile.mkdtemp(prefix="cors-sim-rec-net-")
    try:
        total_wait_ms = sum(st["milliseconds"] for sc in scenarios for st in sc["steps"] if st["step"] == "wait")
        cert_days = 2 + (-(-total_wait_ms // 86400000) if args.clock != "real" else 0)
        net = netsetup.setup(names, need_tls, net_dir, cert_days, addresses)
        net.permissions = permissions
        return _record_all(chosen, scenarios, args, net)
    finally:
        shutil.rmtree(net_dir, ignore_errors=True)


def _record_all(chosen, scenarios, args, net):
    ok = True
    for b in chosen:
        ok = record_browser(b, scenarios, args, net) and ok
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
