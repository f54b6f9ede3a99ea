"""Host names and https for the recorder (Python 3 standard library + the openssl and certutil
commands).

* **Names.** Every domain name a run's scenarios use (page and server origins, fetch URLs,
  absolute Locations) resolves to 127.0.0.1: a private `/etc/hosts` bind-mounted in the
  recorder's own mount namespace (WebKitGTK and Firefox resolve through getaddrinfo), plus
  Chromium `--host-resolver-rules` `MAP name 127.0.0.1`. The dead proxy is bypassed for them.
* **https.** A CA is generated for each run (openssl, EC P-256, valid two days) and signs one
  leaf certificate whose subjectAltName lists every name plus localhost, 127.0.0.1 and ::1. Each
  engine trusts the CA the way a user would install it: Chromium through the NSS database in
  its `$HOME/.pki/nssdb`, Firefox through its profile's NSS database (`cert9.db`), both with
  `certutil -A -t C,,`; WebKitGTK through glib-networking's GnuTLS system trust, a CA bundle
  (the system's plus ours) bind-mounted over `/etc/ssl/certs/ca-certificates.crt` in the
  recorder's mount namespace. No engine is told to ignore certificate errors, so an https page
  is a secure context exactly as on the web.

Nothing here touches the machine outside the recorder's namespaces: the bind mounts exist only
in the mount namespace that `record.py` re-executes itself in (`unshare -n -m`), and vanish
with it.
"""

import os
import shutil
import ssl
import subprocess

SYSTEM_HOSTS = "/etc/hosts"
SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
CA_NICKNAME = "cors-sim recorder CA"


class NetSetup:
    """What the browsers need to know: names to point at loopback, the CA to trust."""

    def __init__(self, names=(), ca_pem=None, leaf_pem=None, leaf_key=None, hosts_mounted=False,
                 bundle_mounted=False, addresses=None):
        self.names = list(names)
        self.addresses = dict(addresses or {})     # name -> IPv4 (declared `address`); else 127.0.0.1
        self.permissions = {}                       # page origin -> granted|denied (Local Network Access)
        self.ca_pem = ca_pem
        self.leaf_pem = leaf_pem
        self.leaf_key = leaf_key
        self.hosts_mounted = hosts_mounted
        self.bundle_mounted = bundle_mounted

    @property
    def tls(self):
        return self.ca_pem is not None

    def address_of(self, name):
        return self.addresses.get(name, "127.0.0.1")

    def server_context(self):
        if not self.tls:
            return None
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.leaf_pem, self.leaf_key)
        ctx.set_alpn_protocols(["http/1.1"])
        return ctx

    def describe(self):
        return {"names": self.names, "addresses": self.addresses, "tls": self.tls, "hosts_file": "private bind mount" if self.hosts_mounted else None,
                "webkit_ca_bundle": "private bind mount" if self.bundle_mounted else None}


def _run(argv, **kw):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=60, **kw)
    if r.returncode != 0:
        raise SystemExit("%s failed (%d): %s" % (" ".join(argv[:3]), r.returncode, (r.stderr or r.stdout).strip()[:500]))
    return r.stdout


def make_pki(workdir, names, days=2):
    """A fresh CA and a leaf certificate for names + localhost + 127.0.0.1 + ::1, valid `days`
    (two, plus every wait of the run: the virtual clock moves the browsers' realtime too)."""
    if not shutil.which("openssl"):
        raise SystemExit("https origins need the openssl command (apt-get install openssl)")
    os.makedirs(workdir, exist_ok=True)
    ca_key, ca_pem = os.path.join(workdir, "ca.key"), os.path.join(workdir, "ca.pem")
    leaf_key, leaf_csr, leaf_pem = (os.path.join(workdir, n) for n in ("leaf.key", "leaf.csr", "leaf.pem"))
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _run(["openssl", "req", "-x509"] + ec + ["-keyout", ca_key, "-out", ca_pem, "-days", str(days),
          "-subj", "/CN=%s %d" % (CA_NICKNAME, os.getpid()),
          "-addext", "basicConstraints=critical,CA:TRUE",
          "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    _run(["openssl", "req"] + ec + ["-keyout", leaf_key, "-out", leaf_csr, "-subj", "/CN=cors-sim recorder"])
    sans = ["DNS:localhost"] + ["DNS:%s" % n for n in names] + ["IP:127.0.0.1", "IP:::1"]
    ext = os.path.join(workdir, "leaf.ext")
    with open(ext, "w") as fh:
        fh.write("subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\n"
                 "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n" % ",".join(sans))
    _run(["openssl", "x509", "-req", "-in", leaf_csr, "-CA", ca_pem, "-CAkey", ca_key, "-CAcreateserial",
          "-out", leaf_pem, "-days", str(days), "-sha256", "-extfile", ext])
    return ca_pem, leaf_pem, leaf_key


def add_ca_to_nss(db_dir, ca_pem):
    """Creates (if needed) an NSS sql: database in db_dir and trusts ca_pem for TLS servers."""
    if not shutil.which("certutil"):
        raise SystemExit("https origins need certutil (apt-get install libnss3-tools)")
    os.makedirs(db_dir, exist_ok=True)
    if not os.path.exists(os.path.join(db_dir, "cert9.db")):
        _run(["certutil", "-N", "-d", "sql:" + db_dir, "--empty-password"])
    listed = subprocess.run(["certutil", "-L", "-d", "sql:" + db_dir], capture_output=True, text=True).stdout
    if CA_NICKNAME not in listed:
        _run(["certutil", "-A", "-d", "sql:" + db_dir, "-t", "C,,", "-n", CA_NICKNAME, "-i", ca_pem])


def _bind(src, dst):
    subprocess.run(["mount", "--bind", src, dst], check=True, capture_output=True)


def setup(scenario_names, need_tls, workdir, cert_days=2, addresses=None):
    """Makes the names resolve to 127.0.0.1 and, when needed, the run's CA. Bind mounts only
    inside the recorder's private mount namespace (RECORDER_IN_MNTNS=1)."""
    names = list(scenario_names)
    in_mntns = os.environ.get("RECORDER_IN_MNTNS") == "1"
    if (names or need_tls) and not in_mntns:
        raise SystemExit("host names and https origins need the recorder's private mount namespace "
                         "(unshare -n -m, as root); run without --no-netns")
    net = NetSetup(names, addresses=addresses)
    os.makedirs(workdir, exist_ok=True)
    if names:
        hosts = os.path.join(workdir, "hosts")
        with open(SYSTEM_HOSTS) as fh:
            base = fh.read()
        with open(hosts, "w") as fh:
            fh.write(base.rstrip("\n") + "\n# cors-sim recorder\n")
            for n in names:
                fh.write("%s\t%s\n" % (net.address_of(n), n))
        _bind(hosts, SYSTEM_HOSTS)
        net.hosts_mounted = True
    if need_tls:
        net.ca_pem, net.leaf_pem, net.leaf_key = make_pki(os.path.join(workdir, "pki"), names, cert_days)
        bundle = os.path.join(workdir, "ca-bundle.crt")
        with open(bundle, "w") as out:
            if os.path.exists(SYSTEM_BUNDLE):
                with open(SYSTEM_BUNDLE) as fh:
                    out.write(fh.read().rstrip("\n") + "\n")
            with open(net.ca_pem) as fh:
                out.write(fh.read())
        if os.path.exists(SYSTEM_BUNDLE):
            _bind(bundle, SYSTEM_BUNDLE)
            net.bundle_mounted = True
    return net
