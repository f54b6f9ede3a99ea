"""A small API behind flask-cors, configured correctly or with one planted misconfiguration.

    python3 flask_cors_app.py CONFIG [CERT KEY]

Binds 127.0.0.1 on an ephemeral port, prints the port on the first line of standard output,
and serves until standard input closes (the test that started it ended) or 120 s pass.
With CERT and KEY it serves https. Used by Tests/CORSSimLiveTests/AuditTests.swift.
"""
import os
import sys
import threading

from flask import Flask, jsonify
from flask_cors import CORS
from werkzeug.serving import make_server

APP_ORIGIN = "https://app.example.com"

# Each configuration: the keyword arguments for CORS(app, ...).
CONFIGS = {
    # The right way: an allow-list, credentials, exposed headers on the actual response.
    "correct": dict(origins=[APP_ORIGIN], supports_credentials=True, expose_headers=["X-Request-Id"]),
    # Public data, no credentials: '*' is fine (informational only).
    "public": dict(origins="*", send_wildcard=True),
    # origins='*' with credentials: flask-cors then reflects any Origin, with credentials.
    "wildcard-credentials": dict(origins="*", supports_credentials=True),
    # A regex that matches any origin ending in example.com (evil-example.com too).
    "suffix-regex": dict(origins=[r"https://.*example\.com"], supports_credentials=True),
    # A regex without an end anchor: https://app.example.com.evil.com passes.
    "prefix-regex": dict(origins=[r"https://app\.example\.com.*"], supports_credentials=True),
    # 'null' on the allow-list.
    "null-allowed": dict(origins=[APP_ORIGIN, "null"], supports_credentials=True),
    # The http: twin of the https: site allowed.
    "http-allowed": dict(origins=[APP_ORIGIN, "http://app.example.com"], supports_credentials=True),
    # Max-Age beyond every cap.
    "long-max-age": dict(origins=[APP_ORIGIN], supports_credentials=True, max_age=100000),
}


def build(config):
    app = Flask(__name__)
    resources = r"/api/*" if config == "api-only" else r"/*"
    kwargs = CONFIGS.get(config, CONFIGS["correct"])
    CORS(app, resources={resources: kwargs})

    @app.route("/api/me", methods=["GET", "PUT", "DELETE"])
    def me():
        response = jsonify(user="ada")
        response.headers["X-Request-Id"] = "42"
        return response

    return app


def main():
    config = sys.argv[1]
    if config == "api-only":
        CONFIGS["api-only"] = CONFIGS["correct"]
    ssl_context = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else None
    server = make_server("127.0.0.1", 0, build(config), threaded=True, ssl_context=ssl_context)
    print(server.server_port, flush=True)

    def watchdog():
        sys.stdin.read()           # returns when the parent closes our standard input or dies
        os._exit(0)

    threading.Thread(target=watchdog, daemon=True).start()
    threading.Timer(120, lambda: os._exit(0)).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
