"""The operators' console: a small HTTP server on 127.0.0.1, behind the operators' token.

Not part of the public chat page: it has its own port (``CONSOLE_PORT``), binds to loopback
unless told otherwise (``CONSOLE_HOST``), and answers 401 to every request without the token
(``ENCORE_CONSOLE_TOKEN``), except ``/health`` and the sign-in form. The token comes in the
``Authorization: Bearer`` header, or from the form, which sets it in an HttpOnly, SameSite=Strict
cookie (so another site's page cannot make an operator's browser call the console). It is
compared in constant time.

The page (``static/``) fetches JSON and draws it with ``textContent`` only: what users typed is
never parsed as HTML. The Content-Security-Policy allows scripts, styles, images and requests
from this origin alone. Conversations are read from the tracker store's database, read-only
(:mod:`encore.console.store`); charts are SVG drawn here (:mod:`encore.console.numbers`).

The conversations are read from ``TRACKER_STORE_URL``; the handoff queue
(:mod:`encore.console.handoff`) needs the Rasa server (``--rasa-url``, its token in ``RASA_TOKEN``)
and the user store where the tickets are (``USER_STORE_URL``). ``bin/encore up`` sets them all:

    ENCORE_CONSOLE_TOKEN=... TRACKER_STORE_URL=sqlite:///... USER_STORE_URL=sqlite:///... \
    RASA_TOKEN=... python -m encore.console --port 8082 --rasa-url http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import calendar
import json
import sys
import time
import traceback
from http import HTTPStatus
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs

import yaml

from encore.console import numbers, review
from encore.console.base_handler import LOGIN_PAGE, BaseConsoleHandler
from encore.console.handoff import HandoffDesk, HandoffError, RasaAPI, live_messages
from encore.console.store import EventStore
from encore.settings import ROOT, setting

STATIC = Path(__file__).resolve().parent / "static"
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
DAYS = 30.0


def domain_intents(domain: Path = ROOT / "domain.yml") -> list[str]:
    """The intents of the domain: the only names an export may use."""
    data = yaml.safe_load(domain.read_text(encoding="utf-8")) or {}
    names = []
    for item in data.get("intents") or []:
        names.append(next(iter(item)) if isinstance(item, dict) else str(item))
    return sorted(names)


class ConsoleHandler(BaseConsoleHandler):
    """Routes of the console. Set ``token`` and ``store`` on a subclass (see :func:`make_server`)."""

    store: EventStore
    desk: Optional[HandoffDesk] = None
    intents: list[str] = []

    # -- routes -------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self._url.path
        if path == "/health":
            self._json({"status": "ok"})
            return
        if path == "/login":
            self._send(LOGIN_PAGE, "text/html; charset=utf-8")
            return
        if not self._authorized():
            self._unauthorized()
            return
        query = parse_qs(self._url.query)
        if path == "/":
            self._send((STATIC / "console.html").read_bytes(), "text/html; charset=utf-8")
        elif path.startswith("/static/") and path[len("/static/") :] in {"console.js", "console.css"}:
            name = path[len("/static/") :]
            self._send((STATIC / name).read_bytes(), STATIC_TYPES[Path(name).suffix])
        elif path == "/api/conversations":
            try:
                flt = review.Filter.from_query(query)
            except ValueError as error:
                self._error(HTTPStatus.BAD_REQUEST, str(error))
                return
            found = review.conversations(self.store.rows(self._days(query)))
            self._json({"filter": flt.__dict__, "conversations": review.review(found, flt)})
        elif path == "/api/handoffs":
            self._handoffs()
        elif path == "/api/intents":
            self._json({"intents": self.intents})
        elif path == "/api/numbers":
            found = review.conversations(self.store.rows(self._days(query)))
            self._json(numbers.numbers(found))
        elif path.startswith("/charts/") and path.endswith(".svg"):
            name = path[len("/charts/") : -len(".svg")]
            if name not in numbers.CHARTS:
                self._error(HTTPStatus.NOT_FOUND, "no such chart")
                return
            found = review.conversations(self.store.rows(self._days(query)))
            svg = numbers.chart(name, numbers.numbers(found))
            self._send(svg.encode(), "image/svg+xml; charset=utf-8")
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found")

    def do_POST(self) -> None:  # noqa: N802
        path = self._url.path
        if path == "/login":
            self._login()
            return
        if not self._authorized():
            self._unauthorized()
            return
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            # A page of another site can post a form, never JSON, without asking first (CORS).
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON")
            return
        if path == "/api/export":
            self._export()
        elif path.startswith("/api/handoffs/"):
            self._handoff_action(path[len("/api/handoffs/") :])
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found")

    def _days(self, query: dict[str, list[str]]) -> float:
        try:
            return min(max(float((query.get("days") or [str(DAYS)])[0]), 0.01), 3660.0)
        except ValueError:
            return DAYS

    def _handoffs(self) -> None:
        """Tickets not closed, each with the conversation since it was opened."""
        if self.desk is None:
            self._json({"enabled": False, "tickets": []})
            return
        tickets = []
        for ticket in self.desk.tickets():
            opened = calendar.timegm(time.strptime(ticket["created"], "%Y-%m-%dT%H:%M:%SZ"))
            live = live_messages(self.store.sender_rows(ticket["sender"], opened - 1))
            tickets.append({**ticket, "live": live})
        self._json({"enabled": True, "tickets": tickets})

    def _handoff_action(self, rest: str) -> None:
        """``POST /api/handoffs/<ticket id>/(claim|reply|release)`` with ``{"agent", "text"}``."""
        ticket_id, _, verb = rest.partition("/")
        if self.desk is None:
            self._error(HTTPStatus.NOT_FOUND, "handoffs need the Rasa server (--rasa-url)")
            return
        try:
            request = json.loads(self._body() or b"{}")
            if not isinstance(request, dict):
                raise ValueError
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, 'send {"agent": ..., "text": ...}')
            return
        try:
            if verb == "claim":
                ticket = self.desk.claim(ticket_id, request.get("agent"))
            elif verb == "reply":
                ticket = self.desk.reply(ticket_id, request.get("agent"), request.get("text"))
            elif verb == "release":
                ticket = self.desk.hand_back(ticket_id, request.get("agent"))
            else:
                self._error(HTTPStatus.NOT_FOUND, "not found")
                return
        except HandoffError as error:
            self._error(HTTPStatus(error.status), str(error))
            return
        except Exception:  # the agent sees that it failed; the log says why
            traceback.print_exc()
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "the console failed (see its log)")
            return
        self._json({"ticket_id": ticket["ticket_id"], "status": ticket.get("status")})

    def _export(self) -> None:
        """``{"items": [{"sender_id", "message_id", "intent"}, ...]}`` -> Rasa NLU YAML of those
        user messages (read from the store, not from the request), under the intents chosen."""
        try:
            request = json.loads(self._body() or b"{}")
            items = request["items"]
            wanted = [(str(i["sender_id"]), str(i["message_id"]), str(i["intent"])) for i in items]
        except (ValueError, KeyError, TypeError):
            self._error(HTTPStatus.BAD_REQUEST, 'send {"items": [{"sender_id", "message_id", "intent"}]}')
            return
        unknown = sorted({intent for _, _, intent in wanted if intent not in self.intents})
        if unknown:
            self._error(HTTPStatus.BAD_REQUEST, f"not an intent of the domain: {', '.join(unknown)}")
            return
        turns: dict[tuple[str, str], review.Turn] = {}
        for sender in {sender for sender, _, _ in wanted}:
            for conversation in review.conversations(self.store.sender_rows(sender, since=0.0)):
                turns.update({(sender, turn.message_id): turn for turn in conversation.turns})
        examples = []
        for sender, message_id, intent in wanted:
            turn = turns.get((sender, message_id))
            if turn is None or not message_id:
                self._error(HTTPStatus.NOT_FOUND, "a chosen message is no longer stored")
                return
            examples.append((intent, turn.text, turn.entities))
        self._send(review.nlu_yaml(examples).encode(), "application/x-yaml; charset=utf-8")


def make_server(
    host: str, port: int, token: str, store: EventStore, desk: Optional[HandoffDesk] = None
) -> ThreadingHTTPServer:
    """The console's server (not yet serving). An empty token is refused: the console is never open.
    Without ``desk`` (no Rasa server named) the handoff queue is off."""
    if not token:
        raise ValueError("ENCORE_CONSOLE_TOKEN is not set: the console does not run without a token")
    attributes = {"token": token, "store": store, "desk": desk, "intents": domain_intents()}
    handler = type("EncoreConsoleHandler", (ConsoleHandler,), attributes)
    return ThreadingHTTPServer((host, port), handler)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m encore.console", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--rasa-url", default="", help="the Rasa server, for the handoff queue")
    args = parser.parse_args(argv)
    # URLs that may hold a password come from the environment, not the command line.
    tracker_store_url, user_store_url = setting("TRACKER_STORE_URL"), setting("USER_STORE_URL")
    if not tracker_store_url:
        print("encore console: TRACKER_STORE_URL is not set", file=sys.stderr)
        return 2
    token = setting("ENCORE_CONSOLE_TOKEN")
    desk = None
    if args.rasa_url and user_store_url:
        from encore.user_store import UserStore

        rasa = RasaAPI(args.rasa_url, setting("RASA_TOKEN"))
        desk = HandoffDesk(UserStore(user_store_url), rasa)
    try:
        server = make_server(args.host, args.port, token, EventStore(tracker_store_url), desk)
    except ValueError as error:
        print(f"encore console: {error}", file=sys.stderr)
        return 2
    with server:
        print(f"ENCORE_CONSOLE_READY http://{args.host}:{args.port}/", flush=True)
        server.serve_forever()
    return 0
