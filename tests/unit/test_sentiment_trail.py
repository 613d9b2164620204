"""The sentiment trail: frustration rules, the NLU entities that carry a message's sentiment,
and the trail read back from a conversation's events."""

from __future__ import annotations

import json
from pathlib import Path

from sentiment import trail as trails


def neg(score: float = -0.5) -> dict:
    return {"label": "negative", "score": score, "confidence": 0.7}


NEUTRAL = {"label": "neutral", "score": 0.0, "confidence": 0.9}


def test_escalation_on_strong_or_sustained_negativity() -> None:
    assert trails.alarming([NEUTRAL, neg(-0.9)])  # strong
    assert not trails.alarming([NEUTRAL, neg()])  # one mild complaint
    assert trails.alarming([neg(), NEUTRAL, neg()])  # sustained: 2 of the last 3
    assert not trails.alarming([neg(), NEUTRAL, NEUTRAL, neg()])
    assert not trails.alarming([])


def test_frustration_lingers_for_the_window() -> None:
    assert trails.frustrated([NEUTRAL, neg(-0.9)])
    assert trails.frustrated([neg(-0.9), NEUTRAL, NEUTRAL])  # "yes", "bye" right after the anger
    assert not trails.frustrated([neg(-0.9), NEUTRAL, NEUTRAL, NEUTRAL])
    assert trails.frustrated([neg(), neg(), NEUTRAL, NEUTRAL])  # sustained at the 2nd message
    assert not trails.frustrated([NEUTRAL, neg()]) and not trails.frustrated([])


def test_trail_and_summary() -> None:
    trail = trails.extend_trail(None, neg())
    trail = trails.extend_trail(trail, NEUTRAL)
    summary = trails.summarize(trail)
    assert summary["turns"] == 2 and summary["negative"] == 1 and summary["last"] == "neutral"
    assert summary["mean_score"] == -0.25
    assert len(trails.extend_trail([NEUTRAL] * trails.TRAIL_LENGTH, neg())) == trails.TRAIL_LENGTH


def test_a_message_carries_its_sentiment_and_frustration_as_entities() -> None:
    text = "this is the third time it crashed!"
    sentiment, frustrated = trails.entities(neg(-0.5), [neg(), neg(-0.5)], text)
    assert sentiment["entity"] == "sentiment" and sentiment["value"] == "negative"
    assert sentiment["score"] == -0.5 and sentiment["confidence_entity"] == 0.7
    assert (sentiment["start"], sentiment["end"]) == (0, len(text))
    assert frustrated["entity"] == "frustrated" and frustrated["value"] is True  # 2 of the last 3
    assert trails.entities(NEUTRAL, [NEUTRAL], "hi")[1]["value"] is False
    # read back from a parse: the same entry
    assert trails.entry_of({"entities": [frustrated, sentiment]}) == neg(-0.5)


def test_only_the_taggers_entities_count() -> None:
    """A film called "Negative" found by DIET is not a sentiment."""
    other = {"entity": "sentiment", "value": "negative", "extractor": "DIETClassifier"}
    assert trails.entry_of({"entities": [other]}) is None
    assert trails.entry_of(None) is None and trails.entry_of({}) is None


def test_the_trail_is_read_from_the_user_events_newest_last() -> None:
    fixture = Path(__file__).resolve().parent.parent / "data" / "tracker_support_complaint.json"
    events = json.loads(fixture.read_text())["events"]
    trail = trails.trail_of_events(events)
    # The button click ("/affirm") has no sentiment and is skipped; bot events are not messages.
    assert trail == [neg(-0.7) | {"confidence": 0.8}, neg(-0.5) | {"confidence": 0.9}]
    assert trails.trail_of_events(events, limit=1) == [neg(-0.5) | {"confidence": 0.9}]
    assert trails.trail_of_events([]) == []
    assert trails.frustrated(trail)


def test_frustration_memory_covers_what_frustrated_reads() -> None:
    """The Rasa component reads only FRUSTRATION_MEMORY earlier messages: enough to decide."""
    angry_then_calm = [neg(-0.9)] + [NEUTRAL] * (trails.WINDOW - 1)
    assert trails.frustrated(angry_then_calm)
    long = [NEUTRAL] * 30 + [neg(), NEUTRAL, neg(), NEUTRAL]
    assert trails.frustrated(long) == trails.frustrated(long[-trails.FRUSTRATION_MEMORY :])
    for end in range(1, len(long) + 1):
        assert trails.frustrated(long[:end]) == trails.frustrated(long[:end][-trails.FRUSTRATION_MEMORY :])
