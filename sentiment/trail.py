"""The conversation's sentiment trail and when it is frustrated. Pure functions, no Rasa imports.

Every typed user message carries its sentiment as two NLU entities, set inside the Rasa server by
:mod:`rasa_plugins.sentiment`: ``sentiment`` (the label, with ``score`` and
``confidence_entity``) and ``frustrated`` (a bool). Rasa fills the slots of the same names from
them before the policies predict (``from_entity`` mappings), so rules can branch on
``frustrated`` with no call to the action server. The trail is never stored: it is read back
from the user messages of the tracker (Rasa's on the server, rasa-sdk's event dicts in actions).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

LABEL_ENTITY, FRUSTRATED_ENTITY = "sentiment", "frustrated"
EXTRACTOR = "SentimentTagger"
STRONG_NEGATIVE = -0.8  # one message this negative is enough to offer a human
WINDOW, NEEDED = 3, 2  # ... or this many negative messages among the last WINDOW
TRAIL_LENGTH = 20
# frustrated() looks back WINDOW messages for an alarming trail, and alarming() WINDOW more.
FRUSTRATION_MEMORY = 2 * WINDOW - 1


def extend_trail(trail: Sequence[dict[str, Any]] | None, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The trail with ``entry`` ({label, score, confidence}) appended, last TRAIL_LENGTH kept."""
    return [*(trail or []), entry][-TRAIL_LENGTH:]


def summarize(trail: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Counts, mean score, current label and the recent mean (for handoff tickets and profiles)."""
    labels = ("negative", "neutral", "positive")
    if not trail:
        return {"turns": 0, **{label: 0 for label in labels}, "mean_score": 0.0, "last": "neutral"}
    scores = [float(t["score"]) for t in trail]
    recent = scores[-WINDOW:]
    return {
        "turns": len(trail),
        **{label: sum(1 for t in trail if t["label"] == label) for label in labels},
        "mean_score": round(sum(scores) / len(scores), 3),
        "recent_mean": round(sum(recent) / len(recent), 3),
        "last": trail[-1]["label"],
    }


def alarming(trail: Sequence[dict[str, Any]]) -> bool:
    """Strong negativity in the last message, or sustained negativity (NEEDED of the last WINDOW)."""
    if not trail:
        return False
    last = trail[-1]
    if last["label"] == "negative" and float(last["score"]) <= STRONG_NEGATIVE:
        return True
    return sum(1 for t in trail[-WINDOW:] if t["label"] == "negative") >= NEEDED


def frustrated(trail: Sequence[dict[str, Any]]) -> bool:
    """The slot ``frustrated``: the trail was :func:`alarming` at one of the last WINDOW messages.

    The frustration lingers for WINDOW messages, so "yes" or "bye" right after an angry message
    do not clear it (the goodbye still apologises).
    """
    return any(alarming(trail[:end]) for end in range(max(1, len(trail) - WINDOW + 1), len(trail) + 1))


def entities(entry: Mapping[str, Any], trail: Sequence[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The two NLU entities of a message whose sentiment is ``entry`` and whose trail (this
    message last) is ``trail``. They span the whole message: the sentiment is the message's."""
    span = {"start": 0, "end": len(text), "extractor": EXTRACTOR}
    return [
        {
            "entity": LABEL_ENTITY,
            "value": entry["label"],
            "score": entry["score"],
            "confidence_entity": entry["confidence"],
            **span,
        },
        {"entity": FRUSTRATED_ENTITY, "value": frustrated(trail), **span},
    ]


def entry_of(parse: Optional[Mapping[str, Any]]) -> Optional[dict[str, Any]]:
    """{label, score, confidence} of one parsed user message, or None (a button click, or a
    message parsed before sentiment was tagged)."""
    for entity in (parse or {}).get("entities") or []:
        if entity.get("entity") == LABEL_ENTITY and entity.get("extractor") == EXTRACTOR:
            return {
                "label": str(entity.get("value")),
                "score": float(entity.get("score") or 0.0),
                "confidence": float(entity.get("confidence_entity") or 0.0),
            }
    return None


def trail_of(
    parses: Iterable[Optional[Mapping[str, Any]]], limit: int = TRAIL_LENGTH
) -> list[dict[str, Any]]:
    """The trail (oldest first, at most ``limit``) of the parsed user messages in ``parses``,
    given newest first; messages with no sentiment (button clicks) are skipped."""
    newest_first = []
    for parse in parses:
        entry = entry_of(parse)
        if entry is not None:
            newest_first.append(entry)
            if len(newest_first) >= limit:
                break
    return newest_first[::-1]


def trail_of_events(events: Sequence[Mapping[str, Any]], limit: int = TRAIL_LENGTH) -> list[dict[str, Any]]:
    """The trail from rasa-sdk tracker events (dicts; user events carry ``parse_data``)."""
    return trail_of((e.get("parse_data") for e in reversed(events) if e.get("event") == "user"), limit)
