"""A conversation that a human agent holds stays held when Rasa starts a new session
(rasa_plugins/session_start.py), on the real Rasa server.

The conversation is written through Rasa's HTTP API with timestamps three hours old, longer ago
than ``session_expiration_time`` (60 minutes), as the console's claim leaves it: a user message,
``pause`` and the agent's message. The user's next message makes Rasa start a new session. The
same conversation without the ``pause`` is answered: the session did expire, and the bot answers
whatever a pause does not stop.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from encore.settings import Settings
from tests.conftest import Conversation, read_tracker

pytestmark = [pytest.mark.e2e]


def held_earlier(then: float, paused: bool) -> list[dict[str, Any]]:
    parse = {
        "intent": {"name": "request_human", "confidence": 1.0},
        "entities": [],
        "text": "talk to a human",
    }
    return [
        {"event": "action", "name": "action_session_start", "timestamp": then},
        {"event": "session_started", "timestamp": then + 1},
        {"event": "action", "name": "action_listen", "timestamp": then + 2},
        {"event": "user", "text": "talk to a human", "parse_data": parse, "timestamp": then + 3},
        *([{"event": "pause", "timestamp": then + 4}] if paused else []),
        {
            "event": "bot",
            "text": "You're now talking with Alex.",
            "metadata": {"agent": "Alex"},
            "timestamp": then + 5,
        },
    ]


def write(settings: Settings, sender: str, events: list[dict[str, Any]]) -> None:
    response = requests.post(
        f"{settings.rasa_url}/conversations/{sender}/tracker/events",
        params={"token": settings.rasa_token},
        json=events,
        timeout=60,
    )
    assert response.status_code == 200, response.text


def test_a_held_conversation_stays_held_across_a_new_session(bot: Conversation, settings: Settings) -> None:
    then = time.time() - 3 * 3600
    write(settings, bot.sender, held_earlier(then, paused=True))
    assert read_tracker(settings, bot.sender)["paused"] is True

    assert bot.say("who directed Kismet?") == []  # the bot stays silent: the agent holds it
    state = read_tracker(settings, bot.sender)
    assert state["paused"] is True
    events = state["events"]
    started = [i for i, e in enumerate(events) if e["event"] == "session_started"]
    assert len(started) == 2 and events[started[1]]["timestamp"] > then + 3600  # a new session
    new = [e["event"] for e in events[started[1] + 1 :] if e["event"] != "slot"]
    assert new == ["pause", "action", "user"]  # the pause carried over, then the message alone
    assert events[-1]["event"] != "bot" and "action_answer_film_question" not in str(events[started[1] :])

    # the same conversation without the pause: the new session answers
    control = Conversation(settings.rasa_url)
    write(settings, control.sender, held_earlier(then, paused=False))
    assert "William Dieterle" in control.text("who directed Kismet?")
    events = read_tracker(settings, control.sender)["events"]
    assert len([e for e in events if e["event"] == "session_started"]) == 2
    assert not any(e["event"] == "pause" for e in events)
