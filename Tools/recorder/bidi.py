"""Minimal WebDriver BiDi console capture for Firefox (stdlib only).

Firefox prints console.* calls of content to stdout (devtools.console.stdout.content)
but CORS errors go to the console service only.  With --remote-debugging-port=0
Firefox starts a loopback BiDi server; we open a session, subscribe to
log.entryAdded and append every entry to the shared output sink as a line

    BIDI <type> <level> <text>

so record.py can attribute CORS messages to fetch steps exactly like Chromium's stderr
console lines.  Everything here is best effort and bounded: on any failure the
run continues without console capture.
"""

import base64
import json
import os
import re
import socket
import struct
import threading
import time

LISTEN_RE = re.compile(r"WebDriver BiDi listening on ws://([0-9.]+|\[[0-9a-f:]+\]|localhost):(\d+)")


class MiniWebSocket:
    """Client side of RFC 6455, text frames only, no extensions, no TLS."""

    def __init__(self, host, port, path, timeout=10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        req = ("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n") % (path, host, port, key)
        self.sock.sendall(req.encode())
        buf = b""
        while b"\r\n\r\n" not in buf and len(buf) < 65536:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise OSError("websocket handshake: connection closed")
            buf += chunk
        head, _, self.buf = buf.partition(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status + b" ":
            raise OSError("websocket handshake failed: %r" % status)
        self.lock = threading.Lock()

    def send(self, obj):
        data = json.dumps(obj).encode()
        mask = os.urandom(4)
        n = len(data)
        hdr = bytearray([0x81])
        if n < 126:
            hdr.append(0x80 | n)
        elif n < 65536:
            hdr.append(0x80 | 126)
            hdr += struct.pack(">H", n)
        else:
            hdr.append(0x80 | 127)
            hdr += struct.pack(">Q", n)
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        with self.lock:
            self.sock.sendall(bytes(hdr) + mask + payload)

    def _exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        """Next complete text message (str), or None when the peer closed."""
        parts = []
        for _ in range(100000):                       # bounded number of fragments
            b0, b1 = self._exact(2)
            opcode, fin = b0 & 0x0F, b0 & 0x80
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            mask = self._exact(4) if b1 & 0x80 else None
            data = self._exact(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if opcode == 0x8:
                return None
            if opcode == 0x9:                          # ping -> pong
                with self.lock:
                    self.sock.sendall(bytes([0x8A, 0x80 | len(data)]) + b"\0\0\0\0" + data)
                continue
            if opcode in (0x1, 0x2, 0x0):
                parts.append(data)
                if fin:
                    return b"".join(parts).decode("utf-8", "replace")
        return None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def capture_firefox_console(sink, ready, stop, find_listen_line, deadline_s=30.0, quit=None):
    """Thread body.  find_listen_line() -> (host, port) or None (polled).
    Sets `ready` once subscribed (or on failure, so the run never blocks).
    quit (a threading.Event): once set, the session sends `browser.close` (WebDriver BiDi: close
    every top-level browsing context and end the browser, as a user quitting does; Firefox's
    remote/webdriver-bidi/modules/root/browser.sys.mjs) and keeps reading until Firefox closes the
    connection."""
    ws = None
    quit_sent = False
    try:
        t_end = time.time() + deadline_s
        addr = None
        while time.time() < t_end and not stop.is_set():
            addr = find_listen_line()
            if addr:
                break
            time.sleep(0.1)
        if not addr:
            sink.append((time.time(), "bidi-status", "BIDI-STATUS no listening line; console capture off"))
            return
        host, port = addr
        ws = None
        for _attempt in range(20):                      # bounded connect retries
            try:
                ws = MiniWebSocket(host.strip("[]"), port, "/session")
                break
            except OSError:
                time.sleep(0.25)
        if ws is None:
            sink.append((time.time(), "bidi-status", "BIDI-STATUS cannot connect; console capture off"))
            return
        ws.send({"id": 1, "method": "session.new", "params": {"capabilities": {}}})
        ws.send({"id": 2, "method": "session.subscribe", "params": {"events": ["log.entryAdded"]}})
        ws.sock.settimeout(0.2)
        subscribed = False
        while not stop.is_set():
            if quit is not None and quit.is_set() and not quit_sent:
                quit_sent = True
                ws.send({"id": 3, "method": "browser.close", "params": {}})
                sink.append((time.time(), "bidi-status", "BIDI-STATUS browser.close sent"))
            try:
                msg = ws.recv()
            except socket.timeout:
                continue
            except (EOFError, OSError):
                break
            if msg is None:
                break
            try:
                m = json.loads(msg)
            except ValueError:
                continue
            if m.get("id") == 2:
                subscribed = "error" not in m
                sink.append((time.time(), "bidi-status", "BIDI-STATUS subscribe %s" %
                             ("ok" if subscribed else m.get("message"))))
                ready.set()
            elif m.get("id") == 3:
                sink.append((time.time(), "bidi-status", "BIDI-STATUS browser.close %s" %
                             ("error %s" % m.get("message") if "error" in m else "ok")))
            elif m.get("id") == 1 and "error" in m:
                sink.append((time.time(), "bidi-status", "BIDI-STATUS session.new failed: %s" % m.get("message")))
                ready.set()
            elif m.get("method") == "log.entryAdded":
                p = m.get("params", {})
                text = (p.get("text") or "").replace("\n", " ")
                sink.append((time.time(), "bidi", "BIDI %s %s %s" % (p.get("type"), p.get("level"), text)))
    except Exception as e:  # never take the run down
        sink.append((time.time(), "bidi-status", "BIDI-STATUS error %r" % (e,)))
    finally:
        ready.set()
        if ws is not None:
            ws.close()
