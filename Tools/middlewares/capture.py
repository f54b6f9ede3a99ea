#!/usr/bin/env python3
"""Asks real CORS middlewares, running on loopback, the probe set and records their answers.

    Tools/middlewares/capture.py [--check] [--fixtures DIR] [NAMES...]
    Tools/middlewares/capture.py --missing NAME
    Tools/middlewares/capture.py --list

For each middleware configuration (all, or those NAMES select: a middleware such as
`express-cors`, or one fixture such as `express-cors-allowlist`) this starts the real middleware
in front of the probe app on a free 127.0.0.1 port, waits until it accepts connections, sends
every probe of Tests/Middlewares/probes.json as raw HTTP/1.1 over a socket, stops it, and writes
Tests/Middlewares/<fixture>.json. With --check it writes nothing: it compares the answers (and the
configuration text) with the committed fixture and exits 1 with a diff when they differ; a
different package version alone is reported, not failed. --fixtures DIR reads and writes the
fixtures in DIR instead (the tests use it to show a difference is caught). --missing NAME prints what NAME needs
that is not installed (exit 1) or nothing (exit 0). --list prints every fixture and its state.

Exit status: 0 done (or the same), 1 a difference or a middleware that failed to run, 2 a bad
argument. Python 3 standard library only; see README.md beside this file.
"""
import difflib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(ROOT, "Tests", "Middlewares")
PROBES = os.path.join(FIXTURES, "probes.json")
NODE_PATH = "/usr/share/nodejs"          # where Debian's node-* packages install
GOCODE = "/usr/share/gocode"             # where Debian's golang-*-dev packages install
JAVA_LIB = "/usr/share/java"             # where Debian's lib*-java packages install
STARTUP_SECONDS = 90
IO_SECONDS = 10


class Failure(Exception):
    """A middleware that could not be built, started or asked."""


# ---------------------------------------------------------------------------------------------
# Small helpers


def run(arguments, **kwargs):
    """Runs a command and returns its standard output, or raises Failure with its output."""
    try:
        done = subprocess.run(arguments, capture_output=True, text=True, timeout=300, **kwargs)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise Failure(f"{' '.join(arguments)}: {error}")
    if done.returncode != 0:
        raise Failure(f"{' '.join(arguments)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def dpkg_version(package):
    """The installed version of a Debian package, or None."""
    try:
        done = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def debian(package, name, version):
    """`name version (Debian package debian-version)`, or without the parenthesis if not from Debian."""
    revision = dpkg_version(package)
    return f"{name} {version} (Debian {package} {revision})" if revision else f"{name} {version}"


def free_port():
    """A 127.0.0.1 port nothing listens on (the kernel's pick, checked once more)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return port


def listens(group, port):
    """Whether a process in process group `group` holds a socket listening on 127.0.0.1:port
    (read from /proc; where there is no /proc, whether anything accepts a connection there)."""
    if not os.path.exists("/proc/net/tcp"):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False
    inodes = set()
    # local_address 127.0.0.1:PORT in hex (in tcp6, as the IPv4-mapped ::ffff:127.0.0.1 a JVM
    # binds), st 0A (LISTEN), inode.
    for table, address in (("/proc/net/tcp", "0100007F"), ("/proc/net/tcp6", "0000000000000000FFFF00000100007F")):
        try:
            with open(table, encoding="ascii") as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[1] == f"{address}:{port:04X}" and fields[3] == "0A":
                inodes.add(f"socket:[{fields[9]}]")
    if not inodes:
        return False
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
                stat = f.read()
            if int(stat[stat.rindex(")") + 2:].split()[2]) != group:     # state, ppid, pgrp
                continue
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                    return True
        except (OSError, ValueError):
            continue
    return False


def python_with(*modules):
    """The first of python3 on PATH and Debian's /usr/bin/python3 that imports every module."""
    seen = set()
    for candidate in (shutil.which("python3"), "/usr/bin/python3"):
        if not candidate or candidate in seen or not os.path.exists(candidate):
            continue
        seen.add(candidate)
        check = "import " + ", ".join(modules)
        if subprocess.run([candidate, "-c", check], capture_output=True).returncode == 0:
            return candidate
    return None


def configuration_text(path, name):
    """The lines between `config NAME begin` and `config NAME end` in an app file, verbatim but
    for their common indentation."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    begin = [i for i, line in enumerate(lines) if line.strip().endswith(f"config {name} begin")]
    end = [i for i, line in enumerate(lines) if line.strip().endswith(f"config {name} end")]
    if len(begin) != 1 or len(end) != 1 or end[0] <= begin[0]:
        raise Failure(f"{os.path.relpath(path, ROOT)}: expected one 'config {name} begin' line and one 'config {name} end' line after it")
    return textwrap.dedent("\n".join(lines[begin[0] + 1:end[0]]))


class Server:
    """A started middleware process (its own process group), stopped by stop()."""

    def __init__(self, arguments, port, cwd=None, env=None, workdir=None):
        self.port = port
        self.workdir = workdir
        self.log_path = os.path.join(workdir, "server.log")
        self.log = open(self.log_path, "w")
        environment = dict(os.environ, **(env or {}))
        try:
            self.process = subprocess.Popen(arguments, cwd=cwd, env=environment, stdin=subprocess.DEVNULL,
                                            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as error:
            self.log.close()
            raise Failure(f"{arguments[0]}: {error}")
        self.wait_until_listening()

    def log_tail(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return "\n".join(printable(line.rstrip("\n")) for line in f.readlines()[-20:])

    def wait_until_listening(self):
        """Returns once a process of the server's own group listens on the port (so the probes
        cannot reach another program that took the port first); raises Failure if it exits."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failure(f"the server exited ({self.process.returncode}) before listening:\n{self.log_tail()}")
            if listens(self.process.pid, self.port):
                return
            time.sleep(0.1)
        tail = self.log_tail()
        self.stop()
        raise Failure(f"the server did not listen on 127.0.0.1:{self.port} within {STARTUP_SECONDS} s:\n{tail}")

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait()
        self.log.close()


# ---------------------------------------------------------------------------------------------
# The middlewares. Each: what it needs (missing() says what is absent), its fixtures
# (fixture name -> configuration name), the app file its configurations are read from, how to
# start one configuration, its version text and the public URL of its source.


class Middleware:
    name = ""
    fixtures = {}
    app_file = ""

    def missing(self):
        return []

    def configuration(self, config):
        return configuration_text(os.path.join(HERE, self.app_file), config)

    def prepare(self, workdir):
        """Builds what start() needs, once per run."""

    def start(self, config, port, workdir):
        raise NotImplementedError

    def version(self):
        raise NotImplementedError

    def source(self):
        raise NotImplementedError


class ExpressCORS(Middleware):
    name = "express-cors"
    fixtures = {"express-cors-default": "default", "express-cors-allowlist": "allowlist"}
    app_file = "express-app.js"

    def missing(self):
        needs = []
        if not shutil.which("node"):
            needs.append("node (the nodejs package)")
        for package, folder in (("node-express", "express"), ("node-cors", "cors")):
            if not os.path.exists(os.path.join(NODE_PATH, folder, "package.json")):
                needs.append(f"{package} (apt-get install {package})")
        return needs

    def package_version(self, folder):
        with open(os.path.join(NODE_PATH, folder, "package.json"), encoding="utf-8") as f:
            return json.load(f)["version"]

    def start(self, config, port, workdir):
        return Server(["node", os.path.join(HERE, self.app_file), config, str(port)], port,
                      env={"NODE_PATH": NODE_PATH}, workdir=workdir)

    def version(self):
        node = run(["node", "--version"]).strip()
        return (debian("node-cors", "cors", self.package_version("cors")) + ", "
                + debian("node-express", "express", self.package_version("express")) + f", node {node}")

    def source(self):
        return f"https://github.com/expressjs/cors/blob/v{self.package_version('cors')}/lib/index.js"


class PythonMiddleware(Middleware):
    modules = ()
    install_hint = ""

    def python(self):
        if not hasattr(self, "_python"):
            self._python = python_with(*self.modules)
        return self._python

    def missing(self):
        return [] if self.python() else [self.install_hint]

    def start(self, config, port, workdir):
        return Server([self.python(), os.path.join(HERE, self.app_file), config, str(port)], port,
                      env={"PYTHONDONTWRITEBYTECODE": "1"}, workdir=workdir)

    def distribution_versions(self, *distributions):
        """The versions of these distributions, then Python's, as the app's interpreter sees them."""
        code = ("import importlib.metadata as m, platform; "
                f"print(' '.join(m.version(d) for d in {list(distributions)!r}), platform.python_version())")
        return run([self.python(), "-c", code]).split()


class DjangoCORSHeaders(PythonMiddleware):
    name = "django-cors-headers"
    fixtures = {"django-cors-headers-default": "default", "django-cors-headers-allowlist": "allowlist"}
    app_file = "django_app.py"
    modules = ("django", "corsheaders")
    install_hint = "python3 with django and corsheaders (apt-get install python3-django python3-django-cors-headers)"

    def version(self):
        cors, django, python = self.distribution_versions("django-cors-headers", "Django")
        return (debian("python3-django-cors-headers", "django-cors-headers", cors) + ", "
                + debian("python3-django", "Django", django) + f", Python {python}")

    def source(self):
        cors = self.distribution_versions("django-cors-headers")[0]
        return f"https://github.com/adamchainz/django-cors-headers/blob/{cors}/src/corsheaders/middleware.py"


class FlaskCORS(PythonMiddleware):
    name = "flask-cors"
    fixtures = {"flask-cors-default": "default", "flask-cors-allowlist": "allowlist"}
    app_file = "flask_app.py"
    modules = ("flask", "flask_cors")
    install_hint = "python3 with flask and flask-cors (.ci/run makes .build/ci-venv with the pinned versions)"
    # The public source of each flask-cors release recorded: its release tags are not in the
    # repository's history, so the commit whose flask_cors/core.py and extension.py are the
    # released files byte for byte.
    SOURCES = {"6.0.2": "https://github.com/corydolphin/flask-cors/blob/4ad56d6c20252d36031c74ba8386a81e94286f40/flask_cors/core.py"}

    def version(self):
        cors, flask, werkzeug, python = self.distribution_versions("flask-cors", "Flask", "Werkzeug")
        return f"flask-cors {cors}, Flask {flask}, Werkzeug {werkzeug} (PyPI), Python {python}"

    def source(self):
        cors = self.distribution_versions("flask-cors")[0]
        if cors not in self.SOURCES:
            raise Failure(f"flask-cors {cors}: add the public URL of its flask_cors/core.py to FlaskCORS.SOURCES in capture.py")
        return self.SOURCES[cors]


class Nginx(Middleware):
    name = "nginx"
    fixtures = {"nginx-add-header": "add-header", "nginx-add-header-always": "add-header-always",
                "nginx-regex-allowlist": "regex-allowlist"}
    app_file = "nginx-configurations.conf"

    def binary(self):
        return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)

    def missing(self):
        return [] if self.binary() else ["nginx (apt-get install nginx)"]

    def start(self, config, port, workdir):
        prefix = os.path.join(workdir, "nginx")
        for folder in ("", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            os.makedirs(os.path.join(prefix, folder), exist_ok=True)
        with open(os.path.join(HERE, "nginx.conf.template"), encoding="utf-8") as f:
            template = f.read()
        conf = (template.replace("@PREFIX@", prefix).replace("@APP_PORT@", str(free_port()))
                .replace("@PORT@", str(port)).replace("\n@CORS@\n", "\n" + textwrap.indent(self.configuration(config), " " * 12) + "\n"))
        with open(os.path.join(prefix, "nginx.conf"), "w", encoding="utf-8") as f:
            f.write(conf)
        return Server([self.binary(), "-p", prefix, "-c", os.path.join(prefix, "nginx.conf"), "-e", "stderr",
                       "-g", "daemon off;"], port, workdir=workdir)

    def release(self):
        return run([self.binary(), "-v"]).strip().split("/")[-1]

    def version(self):
        return debian("nginx", "nginx", self.release())

    def source(self):
        return f"https://github.com/nginx/nginx/blob/release-{self.release()}/src/http/modules/ngx_http_headers_filter_module.c"


class GoMiddleware(Middleware):
    folder = ""

    def missing(self):
        return [] if shutil.which("go") else ["go (apt-get install golang-go)"]

    def go_release(self):
        return run(["go", "version"]).split()[2]          # "go version go1.19.8 linux/amd64"

    def prepare(self, workdir):
        self.binary = os.path.join(workdir, self.folder)
        env = dict(os.environ, GO111MODULE="off", GOPATH=GOCODE, GOFLAGS="")
        env.setdefault("GOCACHE", os.path.join(tempfile.gettempdir(), "cors-sim-go-cache"))
        run(["go", "build", "-o", self.binary, "."], cwd=os.path.join(HERE, self.folder), env=env)

    def start(self, config, port, workdir):
        return Server([self.binary, config, str(port)], port, workdir=workdir)


class GoHandwritten(GoMiddleware):
    name = "go-handwritten"
    fixtures = {"go-handwritten": "default"}
    app_file = "go-handwritten/main.go"
    folder = "go-handwritten"

    def version(self):
        return f"Go {self.go_release()} net/http" + (f" (Debian golang-go {dpkg_version('golang-go')})" if dpkg_version("golang-go") else "")

    def source(self):
        return f"https://github.com/golang/go/blob/{self.go_release()}/src/net/http/server.go"


class GoRSCORS(GoMiddleware):
    name = "go-rs-cors"
    fixtures = {"go-rs-cors-default": "default", "go-rs-cors-allowlist": "allowlist"}
    app_file = "go-rs-cors/main.go"
    folder = "go-rs-cors"

    def missing(self):
        needs = super().missing()
        if not os.path.exists(os.path.join(GOCODE, "src/github.com/rs/cors/cors.go")):
            needs.append("rs/cors (apt-get install golang-github-rs-cors-dev)")
        return needs

    def rs_cors_version(self):
        revision = dpkg_version("golang-github-rs-cors-dev")
        if not revision:
            raise Failure("rs/cors: its version is read from the Debian package golang-github-rs-cors-dev, which is not installed")
        return revision.split("-")[0]

    def version(self):
        return (debian("golang-github-rs-cors-dev", "rs/cors", self.rs_cors_version())
                + f", Go {self.go_release()}" + (f" (Debian golang-go {dpkg_version('golang-go')})" if dpkg_version("golang-go") else ""))

    def source(self):
        return f"https://github.com/rs/cors/blob/v{self.rs_cors_version()}/cors.go"


class SpringMVC(Middleware):
    name = "spring-mvc"
    fixtures = {"spring-mvc-default": "default", "spring-mvc-allowlist": "allowlist"}
    app_file = "spring-mvc/App.java"
    # Debian package -> the jars in /usr/share/java the app is compiled and run with.
    JARS = {
        "libspring-web-servlet-java": ["spring3-web.servlet"],
        "libspring-web-java": ["spring3-web"],
        "libspring-core-java": ["spring3-core"],
        "libspring-beans-java": ["spring3-beans"],
        "libspring-context-java": ["spring3-context"],
        "libspring-aop-java": ["spring3-aop"],
        "libspring-expression-java": ["spring3-expression"],
        "libcommons-logging-java": ["commons-logging"],
        "libaopalliance-java": ["aopalliance"],
        "libjetty9-java": ["jetty9-server", "jetty9-servlet", "jetty9-http", "jetty9-io", "jetty9-util", "jetty9-security"],
        "libservlet-api-java": ["servlet-api"],
    }

    def classpath(self):
        return [os.path.join(JAVA_LIB, jar + ".jar") for jars in self.JARS.values() for jar in jars]

    def missing(self):
        needs = [f"{tool} (apt-get install openjdk-17-jdk-headless)" for tool in ("java", "javac") if not shutil.which(tool)]
        for package, jars in self.JARS.items():
            if any(not os.path.exists(os.path.join(JAVA_LIB, jar + ".jar")) for jar in jars):
                needs.append(f"{package} (apt-get install {package})")
        return needs

    def prepare(self, workdir):
        self.classes = os.path.join(workdir, "spring-mvc")
        os.makedirs(self.classes, exist_ok=True)
        # Java 8 class files: Debian's Spring 4.3 reads application classes with its own ASM.
        run(["javac", "-nowarn", "--release", "8", "-cp", ":".join(self.classpath()), "-d", self.classes,
             os.path.join(HERE, self.app_file)])

    def start(self, config, port, workdir):
        return Server(["java", "-cp", ":".join([self.classes] + self.classpath()), "App", config, str(port)], port, workdir=workdir)

    def spring_version(self):
        revision = dpkg_version("libspring-web-servlet-java")
        if not revision:
            raise Failure("Spring: its version is read from the Debian package libspring-web-servlet-java, which is not installed")
        return revision.split("-")[0]

    def version(self):
        java = run(["java", "-version"]).split("\n")[0].strip()
        jetty = dpkg_version("libjetty9-java")
        return (debian("libspring-web-servlet-java", "Spring Framework (spring-webmvc, spring-web)", self.spring_version())
                + (f", Jetty (Debian libjetty9-java {jetty})" if jetty else "") + f", {java}")

    def source(self):
        return ("https://github.com/spring-projects/spring-framework/blob/v" + self.spring_version()
                + ".RELEASE/spring-web/src/main/java/org/springframework/web/cors/DefaultCorsProcessor.java")


MIDDLEWARES = [ExpressCORS(), DjangoCORSHeaders(), FlaskCORS(), Nginx(), GoHandwritten(), GoRSCORS(), SpringMVC()]


# ---------------------------------------------------------------------------------------------
# Probes and answers


def load_probes():
    with open(PROBES, encoding="utf-8") as f:
        document = json.load(f)
    return document["version"], document["probes"]


def request_bytes(probe, port):
    lines = [f"{probe['method']} {probe['path']} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in probe["headers"]]
    if probe["method"] in ("POST", "PUT"):
        lines.append("Content-Length: 0")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def ask(probe, port):
    """Sends one probe and returns (status, recorded headers) as received on the wire."""
    data = b""
    with socket.create_connection(("127.0.0.1", port), timeout=IO_SECONDS) as s:
        s.sendall(request_bytes(probe, port))
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data and len(data) > 1_000_000:
                break
    head, separator, _ = data.partition(b"\r\n\r\n")
    if not separator:
        raise Failure(f"probe {probe['name']}: no complete response head ({len(data)} bytes)")
    lines = head.decode("latin-1").split("\r\n")
    status_line = lines[0].split(" ", 2)
    if len(status_line) < 2 or not status_line[0].startswith("HTTP/") or not status_line[1].isdigit():
        raise Failure(f"probe {probe['name']}: not an HTTP status line: {lines[0]!r}")
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon:
            raise Failure(f"probe {probe['name']}: malformed header line {line!r}")
        name = name.strip().lower()
        if name == "vary" or name.startswith("access-control-"):
            headers.append([name, value.strip(" \t")])
    return int(status_line[1]), headers


def capture(middleware, fixture, config, probes, probes_version, workdir):
    # A free port can be taken by another process before the server binds it: the server then
    # exits, and is started again on another port (three tries).
    for attempt in range(3):
        port = free_port()
        try:
            server = middleware.start(config, port, workdir)
            break
        except Failure:
            if attempt == 2:
                raise
    try:
        answers = []
        for probe in probes:
            status, headers = ask(probe, port)
            answers.append({"probe": probe["name"], "status": status, "headers": headers})
        # A server that is gone did not give these answers (another process had the port).
        if server.process.poll() is not None:
            raise Failure(f"the server exited ({server.process.returncode}) while it was asked:\n{server.log_tail()}")
    finally:
        server.stop()
    return {
        "middleware": middleware.name,
        "version": middleware.version(),
        "source": middleware.source(),
        "configuration": middleware.configuration(config),
        "probesVersion": probes_version,
        "answers": answers,
    }


def render(fixture):
    """The fixture as JSON: one line per answer's status and per header, for readable diffs."""
    out = ["{"]
    for key in ("middleware", "version", "source", "configuration", "probesVersion"):
        out.append(f"  {json.dumps(key)}: {json.dumps(fixture[key], ensure_ascii=False)},")
    out.append('  "answers": [')
    for i, answer in enumerate(fixture["answers"]):
        opening = f'    {{"probe": {json.dumps(answer["probe"])}, "status": {answer["status"]}, "headers": ['
        closing = "]}" + ("," if i + 1 < len(fixture["answers"]) else "")
        if not answer["headers"]:
            out.append(opening + closing)
            continue
        out.append(opening)
        for j, pair in enumerate(answer["headers"]):
            out.append("      " + json.dumps(pair, ensure_ascii=False) + ("," if j + 1 < len(answer["headers"]) else ""))
        out.append("    " + closing)
    out.append("  ]")
    out.append("}")
    return "\n".join(out) + "\n"


def printable(value):
    """A server's text for the terminal: control characters (and non-ASCII) as escapes."""
    return "".join(ch if " " <= ch <= "~" else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}" for ch in str(value))


def answer_lines(fixture):
    lines = []
    for answer in fixture.get("answers", []):
        lines.append(f"{printable(answer.get('probe'))}: {printable(answer.get('status'))}")
        lines += [f"    {printable(name)}: {printable(value)}" for name, value in answer.get("headers", [])]
    return lines


def compare(path, fresh):
    """Problems (failing) and notes (not failing) between a committed fixture and a fresh capture."""
    relative = os.path.relpath(path, ROOT)
    if not os.path.exists(path):
        return [f"{relative}: no committed fixture (run capture.py without --check to record it)"], []
    try:
        with open(path, encoding="utf-8") as f:
            committed = json.load(f)
    except (OSError, ValueError) as error:
        return [f"{relative}: unreadable: {error}"], []
    problems, notes = [], []
    if committed.get("probesVersion") != fresh["probesVersion"]:
        problems.append(f"{relative}: recorded with probes version {committed.get('probesVersion')}, the probe set is version {fresh['probesVersion']}: re-record")
    if committed.get("configuration") != fresh["configuration"]:
        diff = difflib.unified_diff(str(committed.get("configuration")).split("\n"), fresh["configuration"].split("\n"),
                                    "configuration in the fixture", "configuration in the app file", lineterm="", n=1)
        problems.append(f"{relative}: the configuration code changed since it was recorded: re-record\n" + "\n".join(diff))
    expected, actual = answer_lines(committed), answer_lines(fresh)
    if expected != actual:
        diff = difflib.unified_diff(expected, actual, f"{relative} (committed)", f"{fresh['middleware']} now", lineterm="", n=2)
        problems.append(f"{relative}: the real middleware answers differently now:\n" + "\n".join(diff))
    for key in ("version", "source"):
        if committed.get(key) != fresh[key]:
            notes.append(f"{relative}: recorded with {key} {committed.get(key)!r}, ran {fresh[key]!r} (same answers)")
    return problems, notes


# ---------------------------------------------------------------------------------------------


def select(names):
    """(middleware, fixture, configuration) for every fixture NAMES select (all without NAMES)."""
    chosen = []
    for name in names or [m.name for m in MIDDLEWARES]:
        hits = [(m, f, c) for m in MIDDLEWARES for f, c in m.fixtures.items() if name in (m.name, f)]
        if not hits:
            known = ", ".join([m.name for m in MIDDLEWARES] + [f for m in MIDDLEWARES for f in m.fixtures])
            raise ValueError(f"unknown middleware or fixture {name!r}; known: {known}")
        chosen += [hit for hit in hits if hit not in chosen]
    return chosen


def main(arguments):
    global FIXTURES
    # A parent (a test runner) may have left SIGTERM ignored or blocked; the servers this starts
    # inherit both, and stop() stops them with SIGTERM.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    arguments = list(arguments)
    if "--fixtures" in arguments:
        at = arguments.index("--fixtures")
        if at + 1 >= len(arguments) or not os.path.isdir(arguments[at + 1]):
            print("error: --fixtures needs an existing folder", file=sys.stderr)
            return 2
        FIXTURES = os.path.abspath(arguments[at + 1])
        del arguments[at:at + 2]
    check = "--check" in arguments
    if arguments[:1] == ["--missing"]:
        if len(arguments) != 2:
            print("usage: capture.py --missing NAME", file=sys.stderr)
            return 2
        try:
            middlewares = {m for m, _, _ in select(arguments[1:])}
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        needs = [need for m in middlewares for need in m.missing()]
        if needs:
            print("; ".join(needs))
        return 1 if needs else 0
    if arguments == ["--list"]:
        for m in MIDDLEWARES:
            state = "; ".join(m.missing()) or "ready"
            for fixture in m.fixtures:
                print(f"{fixture}\t{m.name}\t{state}")
        return 0
    names = [a for a in arguments if a != "--check"]
    unknown_options = [a for a in names if a.startswith("-")]
    if unknown_options:
        print(f"error: unknown option {unknown_options[0]}\n{__doc__}", file=sys.stderr)
        return 2
    try:
        chosen = select(names)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    probes_version, probes = load_probes()
    failed = False
    prepared = set()
    with tempfile.TemporaryDirectory(prefix="cors-sim-middlewares-") as workdir:
        for middleware, fixture, config in chosen:
            started = time.monotonic()
            needs = middleware.missing()
            if needs:
                print(f"{fixture}: cannot run: needs {'; '.join(needs)}", file=sys.stderr)
                failed = True
                continue
            try:
                if middleware.name not in prepared:
                    middleware.prepare(workdir)
                    prepared.add(middleware.name)
                fresh = capture(middleware, fixture, config, probes, probes_version, workdir)
            except (Failure, OSError) as error:
                print(f"{fixture}: {error}", file=sys.stderr)
                failed = True
                continue
            path = os.path.join(FIXTURES, fixture + ".json")
            seconds = time.monotonic() - started
            if check:
                problems, notes = compare(path, fresh)
                for note in notes:
                    print(f"note: {note}")
                if problems:
                    failed = True
                    for problem in problems:
                        print(problem, file=sys.stderr)
                else:
                    print(f"{fixture}: same as {os.path.relpath(path, ROOT)} ({seconds:.1f} s)")
            else:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(render(fresh))
                print(f"{fixture}: wrote {os.path.relpath(path, ROOT)} ({seconds:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
