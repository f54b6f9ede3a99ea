"""A TLS server on loopback that completes the handshake, reads the request, then writes a
response head one byte every 0.1 s and never finishes: the client's deadline must cut it off.

    python3 trickle_tls.py CERT KEY    # prints the port on its first line; exits when stdin closes
"""
import os
import socket
import ssl
import sys
import threading
import time

context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(8)
print(listener.getsockname()[1], flush=True)


def serve(connection):
    try:
        tls = context.wrap_socket(connection, server_side=True)
        tls.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nX-Pad: " + b"a" * 300:
            tls.sendall(bytes([byte]))
            time.sleep(0.1)
    except OSError:
        pass


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
while True:
    client, _ = listener.accept()
    threading.Thread(target=serve, args=(client,), daemon=True).start()
