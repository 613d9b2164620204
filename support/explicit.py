"""Whether a message clearly asks for something that cannot be taken back. Pure functions.

Deleting a user's data and handing the conversation to a human start only from a request that
is both confident (the NLU's intent confidence, checked by the actions) and explicit: the
message itself says what it wants. A guess of the NLU on "everything looks pixelated" or
"I can't bear Whoopi Goldberg" must never open the deletion or handover flow; such messages
go to the second stage (:mod:`actions.understand`) instead.

A button payload (``/delete_data``, ``/request_human``) is a click on an offer the bot made,
and is explicit by itself.
"""

from __future__ import annotations

import re

# The NLU's intent confidence below which a deletion or handover request is not acted on.
MIN_CONFIDENCE = 0.8

_DELETE_VERB = (
    r"delet\w*|eras\w*|remov\w*|wip\w*|purg\w*|forget|forgotten|clear\w*|destroy\w*|get rid of|"
    r"scrub\w*"
)
_DELETE_OBJECT = (
    r"data|account|history|histories|information|info|everything|me|conversations?|chats?|"
    r"profiles?|records?|details|messages?|logs?|personal|traces?|stored|saved|what you (?:know|have)"
)
_DELETION = re.compile(
    rf"\b(?:{_DELETE_VERB})\b.*\b(?:{_DELETE_OBJECT})\b|\b(?:{_DELETE_OBJECT})\b.*\b(?:{_DELETE_VERB})\b"
    r"|\bgdpr\b|\bright to be forgotten\b",
    re.IGNORECASE,
)
_HUMAN = re.compile(
    r"\b(?:humans?|person|people|someone|somebody|agents?|representatives?|reps?|operators?|staff|"
    r"real|live|manager|supervisor|customer (?:service|support|care)|support team|helpdesk|help desk|"
    r"call me|phone|ring me|talk to|speak (?:to|with)|chat with)\b",
    re.IGNORECASE,
)


def is_click(text: str) -> bool:
    return text.strip().startswith("/")


def explicit_deletion(text: str) -> bool:
    """True when ``text`` itself asks to delete or forget the user's data ("delete my data",
    "erase everything you know about me", "close my account and wipe my history")."""
    return is_click(text) or bool(_DELETION.search(text or ""))


def explicit_handoff(text: str) -> bool:
    """True when ``text`` itself asks for a person ("let me talk to a human", "get me an agent")."""
    return is_click(text) or bool(_HUMAN.search(text or ""))


def confident(intent: dict | None, name: str, threshold: float = MIN_CONFIDENCE) -> bool:
    """True when the NLU's top intent is ``name`` with at least ``threshold`` confidence."""
    intent = intent or {}
    try:
        return intent.get("name") == name and float(intent.get("confidence") or 0.0) >= threshold
    except (TypeError, ValueError):
        return False
