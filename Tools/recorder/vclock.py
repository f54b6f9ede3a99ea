"""The browsers' virtual clock (Python 3 standard library + the system C compiler).

`vclock.c` is an LD_PRELOAD shim that answers clock_gettime (realtime, monotonic, monotonic-raw,
boottime and the coarse variants), gettimeofday and time from a shared page; this module builds
it at run time (`cc`, into a temporary folder: no binary is committed), creates the page as a
file in /dev/shm, and moves it between steps:

* running: each clock is the real one plus an offset; `advance(ms)` adds to the offsets, so a
  `wait 3h` moves the browsers' clocks three hours at once;
* frozen: each clock answers one fixed value (set on a whole second: WebKit's MonotonicTime is a
  double of seconds), which `advance(ms)` moves by exactly ms; store and probe then see exactly
  the wait between them. While frozen, the page's own timers (setTimeout) do not fire.

Only the browser processes get the shim (`env()` is added to their environment); the recorder,
its servers and Xvfb read the real clock.
"""

import os
import shutil
import struct
import subprocess
import tempfile
import mmap
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "vclock.c")
MAGIC = 0x6b636f6c63764353
KINDS = (time.CLOCK_REALTIME, time.CLOCK_MONOTONIC, time.CLOCK_MONOTONIC_RAW, time.CLOCK_BOOTTIME)
NAMES = ("realtime", "monotonic", "monotonic_raw", "boottime")
# struct page: magic, seq, frozen, offset_ns[4], frozen_ns[4]
LAYOUT = struct.Struct("<QQq4q4q")
SECOND = 1_000_000_000


def compiler():
    for cc in (os.environ.get("CC"), "cc", "gcc", "clang"):
        if cc and shutil.which(cc):
            return shutil.which(cc)
    return None


def build(workdir):
    """Compiles vclock.c into workdir/vclock.so; returns its path (SystemExit when it cannot)."""
    cc = compiler()
    if cc is None:
        raise SystemExit("the virtual clock needs a C compiler (apt-get install gcc), or --clock real")
    out = os.path.join(workdir, "vclock.so")
    r = subprocess.run([cc, "-O2", "-shared", "-fPIC", "-Wall", "-o", out, SOURCE, "-ldl"],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise SystemExit("building the virtual clock shim failed:\n%s" % (r.stderr or r.stdout).strip()[:2000])
    return out


class VirtualClock:
    """The shared page and the shim; mode 'running' or 'frozen' (freeze() within scenarios)."""

    def __init__(self, mode="frozen", shm_dir="/dev/shm"):
        if mode not in ("running", "frozen"):
            raise ValueError(mode)
        self.mode = mode
        self.workdir = tempfile.mkdtemp(prefix="cors-sim-vclock-")
        self.library = build(self.workdir)
        if not os.path.isdir(shm_dir):
            shm_dir = self.workdir
        fd, self.path = tempfile.mkstemp(prefix="cors-sim-vclock-", dir=shm_dir)
        os.write(fd, b"\0" * mmap.PAGESIZE)
        os.fchmod(fd, 0o644)
        self.map = mmap.mmap(fd, mmap.PAGESIZE, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        os.close(fd)
        self.seq = 0
        self.frozen = False
        self.offset = [0] * 4
        self.frozen_at = [0] * 4
        self.advanced_ns = 0           # sum of all advance() calls
        self._write()

    def env(self):
        return {"LD_PRELOAD": self.library, "CORS_SIM_VCLOCK_FILE": self.path}

    def _write(self):
        self.seq += 1                                            # odd: writing
        self.map[8:16] = struct.pack("<Q", self.seq)
        body = LAYOUT.pack(MAGIC, self.seq, 1 if self.frozen else 0, *self.offset, *self.frozen_at)
        self.map[16:LAYOUT.size] = body[16:]
        self.map[0:8] = body[0:8]
        self.seq += 1                                            # even: done
        self.map[8:16] = struct.pack("<Q", self.seq)

    def now_ns(self, k=1):
        """The browsers' value of clock kind k (index into KINDS)."""
        if self.frozen:
            return self.frozen_at[k]
        return time.clock_gettime_ns(KINDS[k]) + self.offset[k]

    def freeze(self):
        """Stops the browsers' clocks on the next whole second of each (never backwards)."""
        if self.frozen:
            return
        self.frozen_at = [-(-self.now_ns(k) // SECOND) * SECOND for k in range(4)]
        self.frozen = True
        self._write()

    def unfreeze(self):
        """The clocks run again from where they stood (offsets re-based, never backwards)."""
        if not self.frozen:
            return
        self.offset = [self.frozen_at[k] - time.clock_gettime_ns(KINDS[k]) for k in range(4)]
        self.frozen = False
        self._write()

    def advance(self, ms):
        ns = int(ms) * 1_000_000
        self.advanced_ns += ns
        if self.frozen:
            self.frozen_at = [v + ns for v in self.frozen_at]
        else:
            self.offset = [v + ns for v in self.offset]
        self._write()

    def describe(self):
        return {"mode": self.mode, "shim": "Tools/recorder/vclock.c (LD_PRELOAD, browsers only)",
                "advanced_ms": self.advanced_ns // 1_000_000}

    def close(self):
        try:
            self.map.close()
        except (BufferError, ValueError):
            pass
        for p in (self.path,):
            try:
                os.unlink(p)
            except OSError:
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)
