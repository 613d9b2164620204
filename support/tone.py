"""A reply's tone from the message's sentiment (pure). The sentiment trail and when a
conversation counts as frustrated are :mod:`sentiment.trail`'s."""

from __future__ import annotations

TONES = {"negative": "empathetic", "neutral": "brisk", "positive": "warm"}


def tone_for(label: str) -> str:
    return TONES.get(label, "brisk")
