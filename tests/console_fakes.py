"""Conversations for the operators' console tests, written into a tracker-store database.

The rows have the shape of Rasa's ``SQLTrackerStore`` table ``events`` (the JSON of each event's
``as_dict()`` in ``data``); the events are the ones Rasa writes for a user message, its actions and
the bot's replies. tests/web/test_console.py checks the console against the real stack as well.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Optional

XSS_TEXT = "<img src=x onerror=alert(1)>"
JS_LINK_TEXT = "[click me](javascript:alert(2)) please"
DAY = 86_400.0

SCHEMA = (
    "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id VARCHAR(255) NOT NULL, "
    "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
    "action_name VARCHAR(255), data TEXT)"
)


def message_id(text: str) -> str:
    """The id of the sample message ``text`` (Rasa's are random; these are unique per text)."""
    return "m-" + hashlib.sha1(text.encode()).hexdigest()[:12]  # noqa: S324 (an id, not security)


def user(
    text: str,
    intent: str,
    confidence: float,
    at: float,
    ranking: Optional[list[tuple[str, float]]] = None,
    entities: Optional[list[dict[str, Any]]] = None,
    sentiment: tuple[str, float] = ("neutral", 0.0),
    frustrated: bool = False,
) -> dict[str, Any]:
    span = {"start": 0, "end": len(text), "extractor": "SentimentTagger"}
    return {
        "event": "user",
        "timestamp": at,
        "text": text,
        "input_channel": "socketio",
        "message_id": message_id(text),
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in (ranking or [(intent, confidence)])],
            "entities": [
                *(entities or []),
                {"entity": "sentiment", "value": sentiment[0], "score": sentiment[1], **span},
                {"entity": "frustrated", "value": frustrated, **span},
            ],
        },
    }


def action(name: str, at: float, policy: str = "RulePolicy") -> dict[str, Any]:
    return {"event": "action", "timestamp": at, "name": name, "policy": policy, "confidence": 1.0}


def bot(text: str, at: float, utter: Optional[str] = None) -> dict[str, Any]:
    metadata = {"utter_action": utter} if utter else {}
    return {"event": "bot", "timestamp": at, "text": text, "data": {}, "metadata": metadata}


def rating(value: str, reply: float, at: float) -> dict[str, Any]:
    """A thumbs up or down on the reply whose bot event has the timestamp ``reply`` (encore/feedback.py)."""
    return {"event": "slot", "timestamp": at, "name": "feedback", "value": {"rating": value, "reply": reply}}


def sample_events(now: Optional[float] = None) -> list[tuple[str, dict[str, Any]]]:
    """Three conversations: one that went well (yesterday, its answer rated up), one with a
    fallback (rated down) and markup typed by the user, one with a frustrated user who got a
    handoff ticket."""
    now = time.time() if now is None else now
    t0, t1 = now - DAY - 600, now - 600
    kismet = {"entity": "film", "value": "Kismet", "start": 13, "end": 19, "extractor": "DIETClassifier"}
    return [
        ("happy-user", {"event": "action", "timestamp": t0, "name": "action_session_start"}),
        ("happy-user", user("hello", "greet", 0.99, t0 + 1, sentiment=("positive", 0.4))),
        ("happy-user", action("utter_greet", t0 + 2)),
        ("happy-user", bot("Hi, I'm Encore!", t0 + 2, "utter_greet")),
        ("happy-user", action("action_listen", t0 + 3)),
        ("happy-user", user("who directed Kismet?", "ask_film", 0.95, t0 + 4, entities=[kismet])),
        ("happy-user", action("action_answer_film_question", t0 + 5)),
        ("happy-user", bot("Kismet was directed by William Dieterle.", t0 + 5)),
        ("happy-user", action("action_listen", t0 + 6)),
        ("happy-user", rating("up", t0 + 5, t0 + 7)),
        (
            "confused-user",
            user("blorf wibble", "nlu_fallback", 0.5, t1, [("nlu_fallback", 0.5), ("greet", 0.31)]),
        ),
        ("confused-user", action("action_second_stage", t1 + 1)),
        ("confused-user", bot("Sorry, I didn't quite understand that.", t1 + 1, "utter_default")),
        ("confused-user", action("action_listen", t1 + 2)),
        ("confused-user", rating("down", t1 + 1, t1 + 2.5)),
        (
            "confused-user",
            user(XSS_TEXT, "nlu_fallback", 0.5, t1 + 3, [("nlu_fallback", 0.5), ("out_of_scope", 0.44)]),
        ),
        ("confused-user", action("action_second_stage", t1 + 4)),
        ("confused-user", bot("Sorry, I didn't quite understand that.", t1 + 4, "utter_default")),
        ("confused-user", action("action_listen", t1 + 5)),
        ("confused-user", user(JS_LINK_TEXT, "ask_support", 0.62, t1 + 6)),
        ("confused-user", action("action_answer_support", t1 + 7)),
        ("confused-user", action("action_listen", t1 + 8)),
        (
            "angry-user",
            user(
                "this is useless", "ask_support", 0.81, t1 + 10, sentiment=("negative", -0.9), frustrated=True
            ),
        ),
        ("angry-user", action("action_offer_human", t1 + 11)),
        ("angry-user", action("action_listen", t1 + 12)),
        ("angry-user", user("yes", "affirm", 0.97, t1 + 13, sentiment=("neutral", 0.0), frustrated=True)),
        ("angry-user", action("action_create_handoff_ticket", t1 + 14)),
        ("angry-user", bot("I've opened ticket T-1.", t1 + 14, "utter_handoff_created")),
        ("angry-user", action("action_listen", t1 + 15)),
    ]


def write_tracker_db(path: Path, rows: list[tuple[str, dict[str, Any]]]) -> Path:
    """A SQLite file with Rasa's ``events`` table holding ``rows``."""
    with sqlite3.connect(path) as db:
        db.execute(SCHEMA)
        db.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    sender,
                    event["event"],
                    event["timestamp"],
                    (event.get("parse_data") or {}).get("intent", {}).get("name"),
                    event.get("name"),
                    json.dumps(event),
                )
                for sender, event in rows
            ],
        )
    return path
