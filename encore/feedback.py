"""Thumbs up or down on a bot reply, kept in the conversation itself.

A user of the web chat can rate each reply of the bot once: up or down. The rating is stored where
everything else of the conversation is, in Rasa's tracker store, as a ``slot`` event of the domain's
``feedback`` slot, whose value names the rating and the reply: ``{"rating": "down", "reply":
1732990000.123}``. A reply is named by the ``timestamp`` of its ``bot`` event, which the Socket.IO
channel sends with the reply (``encore_reply`` in ``bot_uttered``) and the widget sends back with
the rating.

Why a slot event: Rasa 3.6 has no custom events, and the other kinds would each say something
untrue or change what the bot does next. An ``action`` event named ``feedback_down`` would say that
an action ran, and it becomes the policies' ``prev_action``; a ``bot`` event would be a message
nobody said (and would appear as one in every transcript); ``entities`` change the last user
message. A slot of type ``any`` is Rasa's own way to keep information in a conversation that the
dialogue policies never see, so a rating leaves the next prediction as it was (checked end to end
in tests/web/test_feedback.py).

Who may rate what: the Socket.IO channel (:mod:`rasa_plugins.socketio_channel`) takes a rating only
from a socket with a confirmed session, for that session's own conversation (the session ids are
issued and signed by the server, :mod:`encore.session_ids`), only for a reply of the bot in that
conversation, and only once per reply. The operators' console reads the ratings back
(:mod:`encore.console.review`); a new session does not copy them (:mod:`rasa_plugins.session_start`),
and readers count a reply's rating once anyway.

Part of the shared base (the Rasa server and the console import it): the standard library only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Optional

SLOT = "feedback"  # the domain's slot (type any: no influence on the dialogue)
SOCKET_EVENT = "encore_feedback"  # the widget's Socket.IO event: {"rating", "reply"}
REPLY_KEY = "encore_reply"  # in bot_uttered: the reply's id, the timestamp of its bot event
UP, DOWN = "up", "down"
RATINGS = (UP, DOWN)

# What the channel answers (the Socket.IO acknowledgement's "status").
STORED = "stored"
ALREADY_RATED = "already rated"
UNKNOWN_REPLY = "unknown reply"  # not a reply of the bot in this conversation
NO_SESSION = "no session"  # the socket has no confirmed session
INVALID = "invalid"
FAILED = "failed"


@dataclass(frozen=True)
class Rating:
    """A rating of one reply: ``rating`` is ``up`` or ``down``; ``reply`` the reply's timestamp."""

    rating: str
    reply: float

    def slot_value(self) -> dict[str, Any]:
        return {"rating": self.rating, "reply": self.reply}


def _rating(value: object) -> Optional[Rating]:
    if not isinstance(value, Mapping):
        return None
    rating, reply = value.get("rating"), value.get("reply")
    if rating not in RATINGS or isinstance(reply, bool) or not isinstance(reply, (int, float)):
        return None
    if not math.isfinite(reply) or reply <= 0:
        return None
    return Rating(str(rating), float(reply))


def from_request(data: object) -> Optional[Rating]:
    """The rating a client sent, ``{"rating": "up"|"down", "reply": <timestamp>}``; None if it is not one."""
    return _rating(data)


def from_slot_value(value: object) -> Optional[Rating]:
    """The rating a ``feedback`` slot holds, or None (no value, or not one of ours)."""
    return _rating(value)


def from_event(event: Mapping[str, Any]) -> Optional[Rating]:
    """The rating a stored event (Rasa's ``as_dict()``) records, or None for any other event."""
    if event.get("event") != "slot" or event.get("name") != SLOT:
        return None
    return from_slot_value(event.get("value"))


def reply_id(timestamp: object, metadata: Optional[Mapping[str, Any]] = None) -> Optional[float]:
    """The id a bot reply is sent with, so that it can be rated: its event's timestamp. None for
    a message of a human agent (``metadata.agent``, :mod:`encore.console.handoff`): the ratings are
    about the bot."""
    if (metadata or {}).get("agent"):
        return None
    if isinstance(timestamp, bool) or not isinstance(timestamp, (int, float)) or not math.isfinite(timestamp):
        return None
    return float(timestamp)
