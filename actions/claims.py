"""How strongly the creative and the recommendation readers claim a message (pure, fast).

A capability action that receives a message by an unsure guess of the NLU asks these before it
answers; a clear claim of another reader hands the message to the second stage
(:mod:`actions.understand`), which gives it to that reader.
"""

from __future__ import annotations

from typing import Any

from creative.requests import request_strength as creative_strength
from recommender.dialogue import request_strength as recommend_strength

# The NLU's intent confidence below which another reader's clear claim wins.
UNSURE_INTENT = 0.9
# How sure a reader must be that the message is theirs.
CLEAR_CLAIM = 0.7
# A request this clear ("any finnish comedies", "a john wayne western for my dad") goes to its
# reader even when the film-question parser reads it too, unless the parser is nearly certain.
STRONG_CLAIM = 0.9
FILM_CERTAIN = 0.9


def intent_confidence(message: dict[str, Any]) -> float:
    try:
        return float((message.get("intent") or {}).get("confidence") or 0.0)
    except (TypeError, ValueError):
        return 0.0


def other_claim(message: dict[str, Any]) -> float:
    """The stronger claim of the creative and recommendation readers (0 for a button click)."""
    text = message.get("text") or ""
    if text.startswith("/"):
        return 0.0
    return max(creative_strength(text), recommend_strength(text))
