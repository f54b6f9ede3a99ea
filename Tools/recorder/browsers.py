"""How to launch each browser headless with a fresh profile, and how to pick
its console lines out of its stdout/stderr.  Adapted from the shared browser
oracle (shared/oracle/browsers.py); `profile` names the cors-sim profile that a
recording of this browser is compared with.

Every adapter returns (argv, env) for a given fresh profile directory and URL.
Network-egress safety: record.py normally runs everything inside a private network
namespace that only has a loopback interface; the flags/prefs below (dead
proxy on 127.0.0.1:9, resolver rules, background networking off) are a second
line of defence for --no-netns runs.
"""

import os
import re
import subprocess
import tempfile

DEAD_PROXY = "127.0.0.1:9"   # discard port, nothing listens: any non-loopback request fails fast


def _run_version(argv, env=None, timeout=30):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
        return (out.stdout + out.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        return "unknown (%s)" % e


class Browser:
    name = "?"
    engine = "?"
    needs_display = False
    package = None      # Debian package providing the engine

    def package_version(self):
        if not self.package:
            return None
        v = _run_version(["dpkg-query", "-W", "-f=${Version}", self.package])
        return "%s %s" % (self.package, v)

    def available(self):
        return os.path.exists(self.binary)

    def version_string(self):
        raise NotImplementedError

    def version(self):
        m = re.search(r"(\d+\.\d+(?:\.\d+)*(?:esr)?)", self.version_string())
        return m.group(1) if m else "unknown"

    def command(self, profile, url, net=None):
        """(argv, env) for a launch; net (netsetup.NetSetup) names the hosts that resolve to
        loopback and the run's CA, when the scenarios use them."""
        raise NotImplementedError

    def base_env(self, profile):
        home = os.path.join(profile, "home")
        os.makedirs(home, exist_ok=True)
        env = {
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
            "XDG_RUNTIME_DIR": os.path.join(profile, "run"),
            "TMPDIR": os.path.join(profile, "tmp"),
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            "NO_AT_BRIDGE": "1",
            "no_proxy": "localhost,127.0.0.1,::1",
        }
        for d in ("XDG_RUNTIME_DIR", "TMPDIR"):
            os.makedirs(env[d], mode=0o700, exist_ok=True)
        return env

    # console extraction: return the console text of a raw output line, or None
    def console_text(self, line):
        return None

    def quit(self, profile, display=None):
        """Asks the running browser (launched with `profile`) to quit the way a user quitting does,
        so it writes what it keeps on disk (persistent cookies, the HTTP cache) as on a real quit;
        True when asked, False when this browser has no way (record.py then signals it)."""
        return False


# --------------------------------------------------------------------------- Chromium

# profile.cookie_controls_mode of upstream Chromium and Google Chrome (CookieControlsMode::
# kIncognitoOnly); see Chromium.command.
CHROME_COOKIE_CONTROLS_MODE = 2


def _merge(into, updates):
    """Deep-merges dict `updates` into dict `into` (updates win on a leaf)."""
    for k, v in updates.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v
    return into


def write_chromium_preferences(user_data_dir, prefs):
    """Merges `prefs` into <user-data-dir>/Default/Preferences, keeping what is there (a
    relaunch with the same profile finds the file Chromium itself wrote)."""
    import json
    path = os.path.join(user_data_dir, "Default", "Preferences")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    current = {}
    try:
        with open(path) as fh:
            current = json.load(fh)
    except (OSError, ValueError):
        current = {}
    if not isinstance(current, dict):
        current = {}
    with open(path, "w") as fh:
        json.dump(_merge(current, prefs), fh)
    return current


class Chromium(Browser):
    name = "chromium"
    profile = "chrome"
    engine = "Blink"
    package = "chromium"
    binary = "/usr/lib/chromium/chromium"   # the real binary; /usr/bin/chromium is a wrapper
                                            # that adds Debian default flags we do not want
    _console_re = re.compile(r':CONSOLE[^\]]*\]\s*"(.*)", source: (.*)$')

    def version_string(self):
        return _run_version([self.binary, "--version"])

    def command(self, profile, url, net=None):
        ud = os.path.join(profile, "user-data")
        os.makedirs(ud, exist_ok=True)
        env = self.base_env(profile)
        names = list(net.names) if net else []
        if net and net.tls:
            # the CA as a user would add it: Chromium on Linux reads $HOME/.pki/nssdb
            import netsetup
            netsetup.add_ca_to_nss(os.path.join(env["HOME"], ".pki", "nssdb"), net.ca_pem)
        rules = ["MAP %s %s" % (n, net.address_of(n)) for n in names]
        rules += ["MAP * ~NOTFOUND", "EXCLUDE localhost", "EXCLUDE 127.0.0.1", "EXCLUDE [::1]", "EXCLUDE ::1"]
        # Google Chrome's default cookie setting. Debian's chromium package blocks third-party
        # cookies by default (debian/patches/disable/third-party-cookies.patch,
        # https://salsa.debian.org/chromium-team/chromium/-/blob/master/debian/patches/disable/third-party-cookies.patch,
        # changes the registered default of prefs::kCookieControlsMode); upstream Chromium and
        # Google Chrome register profile.cookie_controls_mode = CookieControlsMode::kIncognitoOnly
        # (2: third-party cookies allowed in a regular profile, blocked in Incognito only;
        # components/content_settings/core/browser/cookie_settings.cc RegisterProfilePrefs,
        # https://source.chromium.org/chromium/chromium/src/+/main:components/content_settings/core/browser/cookie_settings.cc;
        # enum in cookie_settings.h: kOff 0, kBlockThirdParty 1, kIncognitoOnly 2). Written as the
        # user's own preference, so this Chromium records what Chrome does.
        prefs = {"profile": {"cookie_controls_mode": CHROME_COOKIE_CONTROLS_MODE}}
        if net and net.permissions:
            # Local Network Access answers per page origin, as the user's site settings: Chromium
            # 156 has two content settings, "local_network" and "loopback_network" (the strings
            # profile.content_settings.exceptions.* in the binary; "local-network-access" before
            # the split); 1 = allow, 2 = block (ContentSetting).
            exceptions = {}
            for origin, perm in net.permissions.items():
                value = {"setting": 1 if perm == "granted" else 2, "last_modified": "13300000000000000"}
                for kind in ("local_network", "loopback_network", "local_network_access"):
                    exceptions.setdefault(kind, {})["%s,*" % _url_origin(origin)] = value
            prefs["profile"]["content_settings"] = {"exceptions": exceptions}
        write_chromium_preferences(ud, prefs)
        argv = [
            self.binary,
            "--headless",                     # "new" headless (the only one in M132+)
            "--no-sandbox",                   # we run as root inside a container
            "--user-data-dir=" + ud,
            "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--disable-extensions",
            "--disable-domain-reliability", "--disable-client-side-phishing-detection",
            "--disable-breakpad", "--disable-crash-reporter", "--no-pings",
            "--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions,"
            "CertificateTransparencyComponentUpdater,AutofillServerCommunication,HttpsUpgrades",
            "--metrics-recording-only",
            "--disable-dev-shm-usage", "--disable-gpu",
            "--proxy-server=http://" + DEAD_PROXY,        # loopback bypasses proxies implicitly
            "--host-resolver-rules=" + ", ".join(rules),
            "--enable-logging=stderr", "--v=0",           # console messages -> stderr
            "--window-size=800,600",
            # a loopback DevTools endpoint, only for quit() (Browser.close); the port is written
            # to <user-data-dir>/DevToolsActivePort
            "--remote-debugging-port=0",
        ]
        try:
            os.remove(os.path.join(ud, "DevToolsActivePort"))    # the previous launch's
        except OSError:
            pass
        if names:
            argv.append("--proxy-bypass-list=" + ";".join(names))
        argv.append(url)
        return argv, env

    def quit(self, profile, display=None):
        """DevTools protocol Browser.close: Chromium closes every window and shuts down as when the
        user quits (chrome/browser/devtools/protocol/browser_handler.cc BrowserHandler::Close,
        chrome::ExitIgnoreUnloadHandlers), so the network service's cookie store and the disk
        cache are flushed on the way out."""
        import bidi
        try:
            with open(os.path.join(profile, "user-data", "DevToolsActivePort")) as fh:
                port, path = fh.read().split("\n")[:2]
            ws = bidi.MiniWebSocket("127.0.0.1", int(port), path.strip())
        except (OSError, ValueError):
            return False
        try:
            ws.send({"id": 1, "method": "Browser.close"})
            ws.sock.settimeout(5.0)
            try:
                ws.recv()
            except (OSError, EOFError):
                pass
        finally:
            ws.close()
        return True

    def console_text(self, line):
        m = self._console_re.search(line)
        if m and not m.group(2).startswith(("chrome://", "chrome-extension://", "devtools://")):
            return m.group(1)
        return None


# --------------------------------------------------------------------------- Firefox

FIREFOX_PREFS = {
    # console -> stdout (console.* API calls of content)
    "devtools.console.stdout.content": True,
    "devtools.console.stdout.chrome": False,
    "browser.dom.window.dump.enabled": True,
    # quiet, no first-run UI
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "browser.startup.firstrunSkipsHomepage": True,
    "browser.aboutwelcome.enabled": False,
    "trailhead.firstrun.didSeeAboutWelcome": True,
    "browser.tabs.warnOnClose": False,
    "browser.sessionstore.resume_from_crash": False,
    "toolkit.startup.max_resumed_crashes": -1,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.policy.dataSubmissionPolicyBypassNotification": True,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.unified": False,
    "toolkit.telemetry.server": "",
    "toolkit.telemetry.archive.enabled": False,
    "browser.ping-centre.telemetry": False,
    "browser.newtabpage.enabled": False,
    "browser.newtabpage.activity-stream.feeds.telemetry": False,
    "browser.newtabpage.activity-stream.telemetry": False,
    "browser.newtabpage.activity-stream.feeds.system.topstories": False,
    "browser.newtabpage.activity-stream.feeds.section.topstories": False,
    # no background network activity
    "app.update.disabledForTesting": True,
    "app.update.auto": False,
    "app.normandy.enabled": False,
    "app.shield.optoutstudies.enabled": False,
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "extensions.blocklist.enabled": False,
    "extensions.systemAddon.update.enabled": False,
    "services.settings.server": "http://" + DEAD_PROXY + "/remote-settings",
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.blockedURIs.enabled": False,
    "browser.safebrowsing.provider.google4.updateURL": "",
    "browser.safebrowsing.provider.google.updateURL": "",
    "browser.safebrowsing.provider.mozilla.updateURL": "",
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.http.speculative-parallel-limit": 0,
    "network.predictor.enabled": False,
    "network.trr.mode": 5,
    "dom.push.connection.enabled": False,
    "dom.push.serverURL": "",
    "media.gmp-manager.url": "",
    "media.gmp-gmpopenh264.enabled": False,
    "media.gmp-widevinecdm.enabled": False,
    "geo.provider.network.url": "",
    "browser.region.network.url": "",
    "browser.region.update.enabled": False,
    "browser.search.update": False,
    "browser.search.geoip.url": "",
    "identity.fxaccounts.enabled": False,
    "security.OCSP.enabled": 0,
    "security.remote_settings.crlite_filters.enabled": False,
    "browser.contentblocking.report.monitor.enabled": False,
    "signon.management.page.breach-alerts.enabled": False,
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.no_proxies_on": "localhost, 127.0.0.1, ::1",
    "network.proxy.allow_hijacking_localhost": False,
    "network.proxy.failover_direct": False,
    # an http: page or fetch stays http: (no HTTPS-First upgrade attempts of its own)
    "dom.security.https_first": False,
    "dom.security.https_first_schemeless": False,
    "dom.security.https_only_mode": False,
    # WebDriver BiDi is used only to read console messages (bidi.py); do not let
    # the remote agent change any other preference behind our back.
    "remote.prefs.recommended": False,
}


class Firefox(Browser):
    name = "firefox"
    profile = "firefox"
    engine = "Gecko"
    package = "firefox-esr"
    binary = "/usr/lib/firefox-esr/firefox-esr"
    console_via_bidi = True     # record.py --no-console-capture turns this off

    def version_string(self):
        return _run_version([self.binary, "--version"], env={"HOME": "/tmp", "PATH": "/usr/bin:/bin"})

    def command(self, profile, url, net=None):
        prof = os.path.join(profile, "ff-profile")
        os.makedirs(prof, exist_ok=True)
        prefs = dict(FIREFOX_PREFS)
        if net and net.names:
            prefs["network.proxy.no_proxies_on"] += ", " + ", ".join(net.names)
        if net and net.tls:
            import netsetup
            netsetup.add_ca_to_nss(prof, net.ca_pem)      # the profile's own cert9.db
        if net and net.permissions:
            # Local Network Access answers per page origin: the permission manager's defaults file
            # (permissions.manager.defaultsUrl; lines "origin TYPE PERMISSION ORIGIN"), types
            # "loopback-network" and "local-network" (browser/modules/PermissionUI.sys.mjs),
            # 1 = allow, 2 = deny.
            path = os.path.join(prof, "cors-sim-permissions")
            with open(path, "w") as fh:
                for origin, perm in net.permissions.items():
                    for kind in ("loopback-network", "local-network"):
                        fh.write("origin\t%s\t%d\t%s\n" % (kind, 1 if perm == "granted" else 2, _url_origin(origin)))
            prefs["permissions.manager.defaultsUrl"] = "file://" + path
        # an unanswered Local Network Access prompt times out (then the request is cancelled, as
        # when dismissed) after 1 s instead of 5 min (browser/modules/PermissionUI.sys.mjs)
        prefs["network.lna.prompt.timeout"] = 1000
        with open(os.path.join(prof, "user.js"), "w") as fh:
            for k, v in prefs.items():
                fh.write("user_pref(%s, %s);\n" % (_js(k), _js(v)))
        argv = [self.binary, "--headless", "--no-remote", "--new-instance",
                "--profile", prof]
        if self.console_via_bidi:
            argv.append("--remote-debugging-port=0")   # loopback BiDi server, random port
        argv.append(url)
        env = self.base_env(profile)
        env.update({"MOZ_CRASHREPORTER_DISABLE": "1", "MOZ_DISABLE_AUTO_SAFE_MODE": "1",
                    "MOZ_HEADLESS": "1",
                    # release builds ignore services.settings.server unless this is set
                    "MOZ_REMOTE_SETTINGS_DEVTOOLS": "1"})
        if os.environ.get("RECORDER_MOZ_LOG"):          # debugging aid, e.g. nsHostResolver:5
            env["MOZ_LOG"] = os.environ["RECORDER_MOZ_LOG"]
            env["MOZ_LOG_FILE"] = os.environ.get("RECORDER_MOZ_LOG_FILE", os.path.join(tempfile.gettempdir(), "recorder-moz.log"))
        return argv, env

    def console_text(self, line):
        # lines injected by bidi.py:  BIDI <type> <level> <text>
        if line.startswith("BIDI "):
            return line[5:]
        # content console.* calls are printed as  console.log: "text"  (quoted);
        # chrome-code messages look like  console.error: services.settings: ...
        s = line.strip()
        for p in ("console.log: ", "console.error: ", "console.warn: ", "console.info: "):
            if s.startswith(p):
                t = s[len(p):]
                if len(t) >= 2 and t.startswith('"') and t.endswith('"'):
                    return t[1:-1]
                return None
        return None


def _url_origin(origin):
    """'http://app.example:80' -> 'http://app.example' (a default port left out)."""
    for scheme, port in (("http://", ":80"), ("https://", ":443")):
        if origin.startswith(scheme) and origin.endswith(port):
            return origin[: -len(port)]
    return origin


def _js(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return '"%s"' % str(v).replace("\\", "\\\\").replace('"', '\\"')


# --------------------------------------------------------------------------- WebKitGTK

class WebKitGTK(Browser):
    name = "webkitgtk"
    profile = "safari"
    engine = "WebKit"
    package = "libwebkit2gtk-4.1-0"
    needs_display = True
    binary = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"

    def _env_common(self, profile):
        env = self.base_env(profile)
        env.update({
            "WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS": "1",
            "WEBKIT_DISABLE_COMPOSITING_MODE": "1",
            "WEBKIT_DISABLE_DMABUF_RENDERER": "1",
            "LIBGL_ALWAYS_SOFTWARE": "1",
            "GDK_BACKEND": "x11",
            "GTK_A11Y": "none",
            "GSETTINGS_BACKEND": "memory",
            "GIO_USE_VFS": "local",
        })
        return env

    def version_string(self):
        # MiniBrowser --version wants a display; the package version is exact anyway.
        return "WebKitGTK MiniBrowser " + _run_version(["dpkg-query", "-W", "-f=${Version}", self.package])

    def command(self, profile, url, net=None):
        # the run's CA reaches WebKitGTK through glib-networking's system trust (netsetup.py
        # bind-mounts a bundle with it in the recorder's mount namespace)
        argv = [self.binary,
                "--enable-write-console-messages-to-stdout=true",
                "--proxy=http://" + DEAD_PROXY,
                # --ignore-host is a string-array option: one host per flag
                # (a comma list is NOT split and then loopback goes to the dead proxy)
                "--ignore-host=localhost", "--ignore-host=127.0.0.1", "--ignore-host=::1"]
        argv += ["--ignore-host=" + n for n in (net.names if net else [])]
        # persistent cookies in the profile, as a WebKit browser keeps them (Safari; Epiphany's
        # SQLite jar): MiniBrowser without --cookies-file keeps libsoup's jar in memory only, so
        # a `restart` would lose every cookie (MiniBrowser's "cookies-file" option calls
        # webkit_cookie_manager_set_persistent_storage). The jar's rules are libsoup's either way.
        argv.append("--cookies-file=" + os.path.join(profile, "cookies.sqlite"))
        argv.append(url)
        return argv, self._env_common(profile)

    def quit(self, profile, display=None):
        """Closes MiniBrowser's windows as a user clicking the close button does: an X11
        WM_DELETE_WINDOW client message to every top-level window that takes it (GTK answers
        with delete-event and destroys the window; MiniBrowser, a GtkApplication, ends with its
        last window). MiniBrowser installs no SIGTERM handler, so a signal ends it at once."""
        if not display:
            return False
        # the network process writes a new disk-cache record after a delay, on its run loop (the
        # first write of a batch waits m_initialWriteDelay, 1 s: Source/WebKit/NetworkProcess/
        # cache/NetworkCacheStorage.h); a user quits later than that. The clock runs again at a
        # `restart` (scenarioserver), so waiting here lets that timer fire.
        import time
        time.sleep(self.CACHE_WRITE_SETTLE_S)
        return x11_close_windows(display) > 0

    CACHE_WRITE_SETTLE_S = 2.0

    _console_re = re.compile(r"(?:^|: )CONSOLE (.*)$")

    def console_text(self, line):
        # "CONSOLE SECURITY ERROR Origin ... is not allowed ..."  /
        # "http://127.0.0.1:8801/__rec/runner.js:11:41: CONSOLE LOG [rec] begin ..."
        # -> returns "SECURITY ERROR Origin ..." / "LOG [rec] begin ..."
        m = self._console_re.search(line.strip())
        return m.group(1) if m else None


def x11_close_windows(display):
    """Sends WM_DELETE_WINDOW (ICCCM 4.2.8.1) to every child of the root window of `display` that
    lists it in WM_PROTOCOLS; returns how many got it (0 when libX11 is missing). The recorder's
    Xvfb is its own, so every such window is the browser's."""
    import ctypes
    import ctypes.util
    name = ctypes.util.find_library("X11")
    if not name:
        return 0
    x = ctypes.cdll.LoadLibrary(name)
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XDefaultRootWindow.restype = ctypes.c_ulong
    x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                             ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                             ctypes.POINTER(ctypes.c_uint)]
    x.XGetWMProtocols.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                                  ctypes.POINTER(ctypes.c_int)]
    x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
    x.XFree.argtypes = [ctypes.c_void_p]
    x.XFlush.argtypes = [ctypes.c_void_p]
    x.XCloseDisplay.argtypes = [ctypes.c_void_p]

    class ClientMessage(ctypes.Structure):          # XClientMessageEvent, padded to sizeof(XEvent)
        _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                    ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
                    ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
                    ("l", ctypes.c_long * 5), ("pad", ctypes.c_long * 24)]

    dpy = x.XOpenDisplay(display.encode())
    if not dpy:
        return 0
    sent = 0
    try:
        protocols = x.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
        delete = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
        root_ret, parent_ret = ctypes.c_ulong(), ctypes.c_ulong()
        children, n = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not x.XQueryTree(dpy, x.XDefaultRootWindow(dpy), ctypes.byref(root_ret), ctypes.byref(parent_ret),
                            ctypes.byref(children), ctypes.byref(n)):
            return 0
        windows = [children[i] for i in range(n.value)]
        if children:
            x.XFree(children)
        for w in windows:
            atoms, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_int()
            if not x.XGetWMProtocols(dpy, w, ctypes.byref(atoms), ctypes.byref(count)):
                continue
            takes = any(atoms[i] == delete for i in range(count.value))
            x.XFree(atoms)
            if not takes:
                continue
            ev = ClientMessage(type=33, send_event=1, window=w, message_type=protocols, format=32)  # ClientMessage
            ev.l[0], ev.l[1] = delete, 0                                                         # CurrentTime
            x.XSendEvent(dpy, w, 0, 0, ctypes.byref(ev))
            sent += 1
        x.XFlush(dpy)
    finally:
        x.XCloseDisplay(dpy)
    return sent


BROWSERS = {b.name: b for b in (Chromium(), Firefox(), WebKitGTK())}
ALIASES = {"chrome": "chromium", "firefox-esr": "firefox", "ff": "firefox",
           "webkit": "webkitgtk", "minibrowser": "webkitgtk", "safari": "webkitgtk"}


def get(name):
    name = ALIASES.get(name, name)
    if name not in BROWSERS:
        raise SystemExit("unknown browser %r (choose from %s)" % (name, ", ".join(BROWSERS)))
    return BROWSERS[name]
