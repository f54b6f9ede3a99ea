#!/usr/bin/env python3
"""Records a HAR file written by Firefox itself.

    python3 Tools/har/capture_firefox.py OUT.har

Firefox's network monitor exports a HAR on its own when these preferences are set:
devtools.netmonitor.har.enableAutoExportToFile (on), devtools.netmonitor.har.defaultLogDir
(where), and the toolbox open (the -devtools flag, devtools.toolbox.open). It exports when a
page has finished loading, and only for pages whose load began after the toolbox attached, so
the browser starts on /start, which moves to the capture page after 3 s; the capture page holds
its load event (an image the server answers only after the page's calls are done).
Everything is on loopback; the browser gets a dead proxy for anything else.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
import servers  # noqa: E402

FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")

PREFS = """
user_pref("devtools.netmonitor.har.enableAutoExportToFile", true);
user_pref("devtools.netmonitor.har.defaultLogDir", "%(dir)s");
user_pref("devtools.netmonitor.har.includeResponseBodies", true);
user_pref("devtools.toolbox.selectedTool", "netmonitor");
user_pref("devtools.toolbox.open", true);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("network.proxy.type", 1);
user_pref("network.proxy.http", "127.0.0.1");
user_pref("network.proxy.http_port", 9);
user_pref("network.proxy.ssl", "127.0.0.1");
user_pref("network.proxy.ssl_port", 9);
user_pref("network.proxy.allow_hijacking_localhost", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("app.normandy.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
"""


def main():
    out = sys.argv[1]
    work = tempfile.mkdtemp(prefix="cors-sim-har-firefox-")
    profile, logdir, home = (os.path.join(work, d) for d in ("profile", "har", "home"))
    for d in (profile, logdir, home):
        os.makedirs(d)
    with open(os.path.join(profile, "user.js"), "w") as f:
        f.write(PREFS % {"dir": logdir})
    page_url, _, stop = servers.start()
    env = dict(os.environ, HOME=home, MOZ_HEADLESS="1")
    proc = subprocess.Popen([FIREFOX, "--headless", "--no-remote", "--profile", profile, "-devtools", page_url + "start"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        found = None
        end = time.time() + 60
        while time.time() < end and not found:
            time.sleep(0.5)
            # The capture page's archive: the one with the API calls in it.
            for path in glob.glob(os.path.join(logdir, "*.har")):
                with open(path) as f:
                    text = f.read()
                if "/api/hints" in text:
                    found = path
        if not found:
            sys.exit("Firefox wrote no HAR with the API calls within 60 s")
        time.sleep(0.5)
        shutil.copy(found, out)
        print("wrote %s (Firefox's own export)" % out)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
