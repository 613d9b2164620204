"""The console's request handler below its routes: the headers every answer carries (the
Content-Security-Policy among them), JSON and error answers, the request body's limit, and the
operators' token, taken from the ``Authorization: Bearer`` header or the sign-in form's cookie and
compared in constant time.

Kept apart from :mod:`encore.console.server` (the routes, the server and its command line) so that
what guards every route reads on its own.
"""

from __future__ import annotations

import hmac
import json
import sys
from functools import cached_property
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

COOKIE = "encore_console"
MAX_BODY = 1 << 20
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
LOGIN_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Encore console: sign in</title></head>
<body><main><h1>Encore operators' console</h1>
<p>This console needs the operators' token (ENCORE_CONSOLE_TOKEN in the server's .env).</p>
<form method="post" action="/login"><label>Token <input id="token" name="token" type="password"
autocomplete="current-password" required></label> <button type="submit">Sign in</button></form>
</main></body></html>
"""


class BaseConsoleHandler(BaseHTTPRequestHandler):
    """Plumbing and the token check of :class:`encore.console.server.ConsoleHandler`."""

    token = ""
    server_version = "EncoreConsole"
    sys_version = ""

    # -- plumbing -----------------------------------------------------------------------------

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, body: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(json.dumps(data).encode(), "application/json", status)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._json({"error": message}, status)

    @cached_property
    def _url(self) -> Any:
        return urlsplit(self.path)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("request too large")
        return self.rfile.read(length)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (base signature)
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    # -- the operators' token -----------------------------------------------------------------

    def _presented_token(self) -> str:
        header = self.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            return header[len("Bearer ") :].strip()
        cookie = SimpleCookie()
        try:
            cookie.load(self.headers.get("Cookie", ""))
        except Exception:  # a malformed cookie header is no token
            return ""
        morsel = cookie.get(COOKIE)
        return morsel.value if morsel else ""

    def _authorized(self) -> bool:
        presented = self._presented_token()
        return bool(self.token) and hmac.compare_digest(presented.encode(), self.token.encode())

    def _unauthorized(self) -> None:
        if self._url.path.startswith("/api/") or "text/html" not in self.headers.get("Accept", ""):
            self._error(HTTPStatus.UNAUTHORIZED, "the operators' token is required")
        else:
            self._send(LOGIN_PAGE, "text/html; charset=utf-8", HTTPStatus.UNAUTHORIZED)

    def _login(self) -> None:
        try:
            form = parse_qs(self._body().decode("utf-8", "replace"))
        except ValueError:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request too large")
            return
        presented = (form.get("token") or [""])[0]
        if not (self.token and hmac.compare_digest(presented.encode(), self.token.encode())):
            self._send(LOGIN_PAGE, "text/html; charset=utf-8", HTTPStatus.UNAUTHORIZED)
            return
        cookie = SimpleCookie()
        cookie[COOKIE] = presented
        cookie[COOKIE]["httponly"] = True
        cookie[COOKIE]["samesite"] = "Strict"
        cookie[COOKIE]["path"] = "/"
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Set-Cookie", cookie[COOKIE].OutputString())
        self.send_header("Location", "/")
        self.send_header("Content-Length", "0")
        self.end_headers()
