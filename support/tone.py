"""Pure functions: a reply's tone from the sentiment, the running sentiment trail, escalation."""

from __future__ import annotations

from typing import Any, Sequence

TONES = {"negative": "empathetic", "neutral": "brisk", "positive": "warm"}
STRONG_NEGATIVE = -0.8  # one message this negative is enough to offer a human
WINDOW, NEEDED = 3, 2  # ... or this many negative messages among the last WINDOW
TRAIL_LENGTH = 20


def tone_for(label: str) -> str:
    return TONES.get(label, "brisk")


def extend_trail(trail: Sequence[dict[str, Any]] | None, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The trail with ``entry`` ({label, score, confidence}) appended, last TRAIL_LENGTH kept."""
    return [*(trail or []), entry][-TRAIL_LENGTH:]


def summarize(trail: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Running summary kept in a slot: counts, mean score, current label and the trend."""
    if not trail:
        return {"turns": 0, "negative": 0, "neutral": 0, "positive": 0, "mean_score": 0.0, "last": "neutral"}
    scores = [float(t["score"]) for t in trail]
    recent = scores[-WINDOW:]
    return {
        "turns": len(trail),
        **{label: sum(1 for t in trail if t["label"] == label) for label in TONES},
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
