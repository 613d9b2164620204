"""Conversations as the operators' console reviews them. Pure functions over Rasa's event dicts.

The tracker store keeps every event as the JSON of ``Event.as_dict()`` (one row per event). A
*turn* here is one user message with what the bot made of it: the intent and its confidence
(for ``nlu_fallback``, also the intent the NLU ranked first and its confidence), the entities
(the sentiment ones apart), the actions that ran with their policies, and the bot's replies,
each with the user's thumbs up or down if they gave one (a ``feedback`` slot event naming the
reply by its timestamp, :mod:`encore.feedback`; a reply's first rating counts).
A turn is *flagged* as a fallback (``nlu_fallback``, Rasa's ``action_default_fallback`` or the
``utter_default`` "did not understand" reply), a low confidence (below a threshold the operator
chooses), a frustrated user (the sentiment tagger's ``frustrated`` entity) or a thumbs down on
one of its replies; the console lists conversations with at least one turn that matches the filter.

The export turns chosen user messages into Rasa NLU training data (``version: "3.1"``, one
``examples`` block per intent) for ``data/nlu/``. Entities the NLU found are written as
annotations (``[Kismet](film)``); brackets and braces of the text itself would read as
annotations too and become spaces, as in the FAQ's generated examples (encore/stack.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping, Optional, Sequence

from encore import feedback

FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = frozenset({"action_default_fallback", "utter_default", "utter_default_empathetic"})
LISTEN = "action_listen"
SENTIMENT_ENTITIES = frozenset({"sentiment", "frustrated"})
LOW_CONFIDENCE = 0.7  # the console's default "low confidence" threshold
KINDS = ("all", "fallback", "low_confidence", "frustrated", "thumbs_down")
ANNOTATION_CHARS = re.compile(r"[\[\]{}]")


@dataclass
class Turn:
    """One user message and what the bot made of it."""

    index: int  # position of the message in the conversation, from 0
    message_id: str
    timestamp: float
    text: str
    channel: str
    intent: str
    confidence: float
    # The NLU's first intent other than nlu_fallback, and its confidence (differs for fallbacks).
    top_intent: str
    top_confidence: float
    entities: list[dict[str, Any]] = field(default_factory=list)
    sentiment: Optional[str] = None
    sentiment_score: Optional[float] = None
    frustrated: bool = False
    actions: list[dict[str, Any]] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    # The user's rating of each reply ("up", "down" or None), in the order of ``replies``.
    reply_ratings: list[Optional[str]] = field(default_factory=list)
    fallback: bool = False

    @property
    def thumbs_down(self) -> bool:
        return feedback.DOWN in self.reply_ratings

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Conversation:
    sender_id: str
    turns: list[Turn]

    @property
    def started(self) -> float:
        return self.turns[0].timestamp if self.turns else 0.0

    @property
    def last(self) -> float:
        return self.turns[-1].timestamp if self.turns else 0.0


def _float(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _top_intent(parse: Mapping[str, Any]) -> tuple[str, float]:
    intent = parse.get("intent") or {}
    name, confidence = str(intent.get("name") or ""), _float(intent.get("confidence"))
    if name != FALLBACK_INTENT:
        return name, confidence
    for ranked in parse.get("intent_ranking") or []:
        if ranked.get("name") and ranked.get("name") != FALLBACK_INTENT:
            return str(ranked["name"]), _float(ranked.get("confidence"))
    return name, confidence


def _user_turn(index: int, event: Mapping[str, Any]) -> Turn:
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    top_intent, top_confidence = _top_intent(parse)
    turn = Turn(
        index=index,
        message_id=str(event.get("message_id") or ""),
        timestamp=_float(event.get("timestamp")),
        text=str(event.get("text") or ""),
        channel=str(event.get("input_channel") or ""),
        intent=str(intent.get("name") or ""),
        confidence=_float(intent.get("confidence")),
        top_intent=top_intent,
        top_confidence=top_confidence,
    )
    for entity in parse.get("entities") or []:
        name = entity.get("entity")
        if name == "sentiment":
            turn.sentiment = str(entity.get("value"))
            turn.sentiment_score = _float(entity.get("score"))
        elif name == "frustrated":
            turn.frustrated = entity.get("value") is True
        else:
            keep = ("entity", "value", "start", "end", "extractor", "confidence_entity")
            turn.entities.append({key: entity[key] for key in keep if key in entity})
    turn.fallback = turn.intent == FALLBACK_INTENT
    return turn


def conversations(rows: Iterable[tuple[str, Mapping[str, Any]]]) -> list[Conversation]:
    """Conversations from ``(sender_id, event dict)`` pairs in stored order, the latest first.

    Events before the first user message (session starts, slots carried over) belong to no turn;
    a ``restart`` or a new session does not split a conversation: it is the sender's. A rating
    goes to the reply it names, in whichever turn that is."""
    turns: dict[str, list[Turn]] = {}
    replies: dict[tuple[str, float], tuple[Turn, int]] = {}  # (sender, reply id) -> turn, reply
    for sender_id, event in rows:
        kind = event.get("event")
        sender_turns = turns.setdefault(sender_id, [])
        rating = feedback.from_event(event)
        if rating is not None:
            rated = replies.get((sender_id, rating.reply))
            if rated is not None and rated[0].reply_ratings[rated[1]] is None:
                rated[0].reply_ratings[rated[1]] = rating.rating
            continue
        if kind == "user":
            sender_turns.append(_user_turn(len(sender_turns), event))
            continue
        if not sender_turns:
            continue
        turn = sender_turns[-1]
        if kind == "action" and event.get("name") and event.get("name") != LISTEN:
            name = str(event["name"])
            turn.actions.append(
                {"name": name, "policy": event.get("policy"), "confidence": event.get("confidence")}
            )
            turn.fallback = turn.fallback or name in FALLBACK_ACTIONS
        elif kind == "bot":
            turn.replies.append(str(event.get("text") or ""))
            turn.reply_ratings.append(None)
            reply = feedback.reply_id(event.get("timestamp"), event.get("metadata"))
            if reply is not None:
                replies[(sender_id, reply)] = (turn, len(turn.replies) - 1)
            utter = (event.get("metadata") or {}).get("utter_action")
            turn.fallback = turn.fallback or utter in FALLBACK_ACTIONS
    found = [Conversation(sender, sender_turns) for sender, sender_turns in turns.items() if sender_turns]
    return sorted(found, key=lambda c: c.last, reverse=True)


@dataclass(frozen=True)
class Filter:
    """What the operator asked to see. ``kind``: one of KINDS; ``text``: a case-insensitive
    substring of the user's message; ``intent``: the intent (or the NLU's first one) exactly."""

    kind: str = "all"
    below: float = LOW_CONFIDENCE
    text: str = ""
    intent: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]]) -> Filter:
        def one(name: str) -> str:
            values = query.get(name) or [""]
            return values[0].strip()

        kind = one("kind") or "all"
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        below = _float(one("below"), LOW_CONFIDENCE) if one("below") else LOW_CONFIDENCE
        if not 0.0 <= below <= 1.0:
            raise ValueError("below must be between 0 and 1")
        return cls(kind=kind, below=below, text=one("text"), intent=one("intent"))

    def matches(self, turn: Turn) -> bool:
        if self.text and self.text.lower() not in turn.text.lower():
            return False
        if self.intent and self.intent not in (turn.intent, turn.top_intent):
            return False
        if self.kind == "fallback":
            return turn.fallback
        if self.kind == "low_confidence":
            return turn.top_confidence < self.below
        if self.kind == "frustrated":
            return turn.frustrated
        if self.kind == "thumbs_down":
            return turn.thumbs_down
        return True


def review(found: Sequence[Conversation], flt: Filter) -> list[dict[str, Any]]:
    """The conversations with a turn that matches ``flt``, each turn marked ``match``."""
    out = []
    for conversation in found:
        matched = [flt.matches(turn) for turn in conversation.turns]
        if not any(matched):
            continue
        out.append(
            {
                "sender_id": conversation.sender_id,
                "started": conversation.started,
                "last": conversation.last,
                "matches": sum(matched),
                "turns": [
                    {**turn.as_dict(), "thumbs_down": turn.thumbs_down, "match": m}
                    for turn, m in zip(conversation.turns, matched)
                ],
            }
        )
    return out


# -- export as Rasa NLU training data --------------------------------------------------------------


def annotated(text: str, entities: Sequence[Mapping[str, Any]]) -> str:
    """``text`` on one line with the NLU's entities as Rasa annotations (``[Kismet](film)``), and
    no other bracket or brace (they would read as annotations)."""
    spans = []
    for entity in entities:
        start, end, name = entity.get("start"), entity.get("end"), entity.get("entity")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text) and name:
            if re.fullmatch(r"[A-Za-z0-9_\-]+", str(name)):
                spans.append((start, end, str(name)))
    spans.sort()
    out, at = [], 0
    for start, end, name in spans:
        if start < at:
            continue  # overlapping annotations cannot be written
        out.append(ANNOTATION_CHARS.sub(" ", text[at:start]))
        inner = ANNOTATION_CHARS.sub(" ", text[start:end]).strip()
        if inner:
            out.append(f"[{inner}]({name})")
        at = end
    out.append(ANNOTATION_CHARS.sub(" ", text[at:]))
    # One line of printable text: control characters cannot stand in YAML.
    printable = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in "".join(out))
    return " ".join(printable.split())


def nlu_yaml(examples: Iterable[tuple[str, str, Sequence[Mapping[str, Any]]]]) -> str:
    """Rasa NLU YAML of ``(intent, text, entities)`` examples: one block per intent, in the order
    the intents first appear, duplicates (same annotated text) written once."""
    by_intent: dict[str, list[str]] = {}
    for intent, text, entities in examples:
        if not re.fullmatch(r"[A-Za-z0-9_\-]+", intent):
            raise ValueError(f"not an intent name: {intent!r}")
        line = annotated(text, entities)
        if line and line not in by_intent.setdefault(intent, []):
            by_intent[intent].append(line)
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in by_intent.items():
        if not texts:
            continue
        lines += [f"  - intent: {intent}", "    examples: |"]
        lines += [f"      - {text}" for text in texts]
    return "\n".join(lines) + "\n"
