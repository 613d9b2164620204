"""The web chat page: a small static server for ``web/`` on 127.0.0.1.

The page talks to the Rasa server's Socket.IO channel directly; this server only hands out
the files, plus ``/config.js`` (where the Rasa server is) and ``/health``. It uses the
standard library, so it adds no dependency, and it sends a strict Content-Security-Policy:
the page runs only its own scripts, from this origin, and connects only to the Rasa server.

    python -m encore.web --port 8080 --rasa-url http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional
from urllib.parse import urlsplit

from encore.settings import ROOT

WEB_ROOT = ROOT / "web"


def content_security_policy(rasa_url: str) -> str:
    """Scripts and styles from this origin only; network only to the Rasa server."""
    parts = urlsplit(rasa_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    origin = f"{parts.scheme}://{parts.netloc}"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {origin} {ws_scheme}://{parts.netloc}; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def config_script(rasa_url: str) -> bytes:
    """``/config.js``: the page's settings as a JSON literal (never string-built HTML)."""
    config = {"socketUrl": rasa_url, "socketPath": "/socket.io/"}
    return f"window.ENCORE_CONFIG = {json.dumps(config)};\n".encode()


class Handler(SimpleHTTPRequestHandler):
    """Static files from ``web/`` (the base class refuses paths outside it)."""

    rasa_url = "http://127.0.0.1:5005"

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", content_security_policy(self.rasa_url))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = urlsplit(self.path).path
        if path == "/config.js":
            self._send(config_script(self.rasa_url), "text/javascript; charset=utf-8")
        elif path == "/health":
            self._send(b'{"status": "ok"}', "application/json")
        else:
            super().do_GET()

    def list_directory(self, path: Any) -> None:  # no directory listings
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (base signature)
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def make_server(host: str, port: int, rasa_url: str) -> ThreadingHTTPServer:
    """The page server (not yet serving), pointing the page at the Rasa server ``rasa_url``."""
    handler = partial(type("EncoreHandler", (Handler,), {"rasa_url": rasa_url}), directory=str(WEB_ROOT))
    return ThreadingHTTPServer((host, port), handler)


def serve(host: str, port: int, rasa_url: str) -> None:
    with make_server(host, port, rasa_url) as server:
        print(f"ENCORE_WEB_READY http://{host}:{port}/ (Rasa: {rasa_url})", flush=True)
        server.serve_forever()


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m encore.web", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.rasa_url)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
