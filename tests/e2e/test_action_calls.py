"""How many times one user message calls the action server: at most once (the answer).

A second Rasa server, with the same trained model, talks to the session's action server
through a counting proxy: every POST to the webhook is forwarded unchanged and its
``next_action`` recorded. The sentiment of a message is tagged inside Rasa (NLU), so a greeting
makes no call and a question exactly one.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from encore.settings import ROOT, Settings
from encore.stack import Stack
from tests.conftest import Conversation

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CountingProxy:
    """Forwards POSTs to ``target`` and records the ``next_action`` of each."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.calls: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.calls.append(str(json.loads(body).get("next_action")))
                request = urllib.request.Request(  # noqa: S310 (the loopback action server)
                    f"{proxy.target}{self.path}", data=body, headers={"Content-Type": "application/json"}
                )
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
                    status, payload = response.status, response.read()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def counted(
    settings: Settings, trained_model: Any, action_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Conversation, CountingProxy]]:
    proxy = CountingProxy(settings.actions_url)
    counted_settings = dataclasses.replace(settings, actions_port=proxy.port, rasa_port=free_port())
    stack = Stack(counted_settings, state=Path(tmp_path_factory.mktemp("counted")))
    rasa = stack.rasa()
    rasa.start(quiet=True)
    try:
        yield Conversation(counted_settings.rasa_url), proxy
    finally:
        rasa.stop(quiet=True)
        proxy.server.shutdown()


@pytest.mark.parametrize(
    ("message", "calls"),
    [
        ("hello", []),
        ("who directed Kismet?", ["action_answer_film_question"]),
        ("how do I cancel my subscription?", ["action_answer_support"]),
        ("thanks", []),
    ],
)
def test_a_typed_message_calls_the_action_server_at_most_once(
    counted: tuple[Conversation, CountingProxy], message: str, calls: list[str]
) -> None:
    bot, proxy = counted
    before = len(proxy.calls)
    assert bot.say(message), message
    assert proxy.calls[before:] == calls


def test_every_call_is_an_action_the_policies_chose(
    counted: tuple[Conversation, CountingProxy], settings: Settings
) -> None:
    """Through an angry turn too (which may add the offer of a human): one call per custom
    action in the tracker, nothing else (no slot-mapping or sentiment call)."""
    bot, proxy = counted
    bot.sender = "calls-" + bot.sender
    before = len(proxy.calls)
    for text in ("hi", "it crashed again, third time tonight, this is useless!", "who wrote Casablanca?"):
        assert bot.say(text), text
    url = f"{bot.url}/conversations/{bot.sender}/tracker?token={settings.rasa_token}"
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
        events = json.loads(response.read())["events"]
    on_the_server = set(yaml.safe_load((ROOT / "domain.yml").read_text())["actions"])
    custom = [e["name"] for e in events if e["event"] == "action" and e["name"] in on_the_server]
    assert custom, events
    assert proxy.calls[before:] == custom
