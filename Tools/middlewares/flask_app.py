"""The probe app behind flask-cors (PyPI, the version .ci/run pins), for capture.py.

    python3 flask_app.py CONFIGURATION PORT

Serves on 127.0.0.1:PORT with werkzeug's server (as `flask run` does). The configuration code
capture.py records in the fixture is the text between the "config NAME begin" and
"config NAME end" lines, verbatim.
"""
import sys

from flask import Flask
from flask_cors import CORS
from werkzeug.serving import make_server

configuration, port = sys.argv[1], int(sys.argv[2])
app = Flask(__name__)

if configuration == "default":
    # config default begin
    CORS(app)
    # config default end
elif configuration == "allowlist":
    # config allowlist begin
    CORS(
        app,
        origins=["https://app.example", "https://admin.app.example"],
        supports_credentials=True,
        methods=["GET", "POST", "PUT", "DELETE"],
        allow_headers=["Content-Type", "X-Custom"],
        expose_headers=["X-Total"],
        max_age=600,
    )
    # config allowlist end
else:
    sys.exit(f"unknown configuration {configuration}")


# The app: /data answers 200 to GET/POST/PUT/DELETE, /private 401, /error 500; anything else is
# Flask's own 404 (and its automatic answer to OPTIONS on a route).
@app.route("/data", methods=["GET", "POST", "PUT", "DELETE"])
def data():
    return "ok"


@app.route("/private")
def private():
    return "unauthorized", 401


@app.route("/error")
def error():
    return "error", 500


if __name__ == "__main__":
    make_server("127.0.0.1", port, app, threaded=True).serve_forever()
