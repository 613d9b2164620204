"""Ratings of the bot's replies: what a client may send and what is stored (encore/feedback.py), and
how the operators' console reads them back (encore/console/review.py, numbers.py). The channel that
stores them runs inside Rasa: tests/unit/test_feedback_rasa.py; the whole path in a browser against
the real servers: tests/web/test_feedback.py."""

from __future__ import annotations

from typing import Any

import pytest

from encore import feedback
from encore.console import numbers, review
from tests.console_fakes import action, bot, rating, sample_events, user


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"rating": "down", "reply": 1700000000.125}, feedback.Rating("down", 1700000000.125)),
        ({"rating": "up", "reply": 1700000000}, feedback.Rating("up", 1700000000.0)),
        ({"rating": "up", "reply": 1.5, "extra": "ignored"}, feedback.Rating("up", 1.5)),
        ({"rating": "meh", "reply": 1.5}, None),
        ({"rating": "UP", "reply": 1.5}, None),
        ({"rating": "up", "reply": "1.5"}, None),
        ({"rating": "up", "reply": True}, None),
        ({"rating": "up", "reply": float("nan")}, None),
        ({"rating": "up", "reply": float("inf")}, None),
        ({"rating": "up", "reply": 0}, None),
        ({"rating": "up"}, None),
        ({"reply": 1.5}, None),
        (["up", 1.5], None),
        ("up", None),
        (None, None),
    ],
)
def test_what_a_client_may_send(data: Any, expected: Any) -> None:
    assert feedback.from_request(data) == expected


def test_a_rating_is_stored_as_the_feedback_slot_and_read_back() -> None:
    given = feedback.Rating("down", 1700000000.125)
    event = {"event": "slot", "timestamp": 1700000001.0, "name": "feedback", "value": given.slot_value()}
    assert event["value"] == {"rating": "down", "reply": 1700000000.125}
    assert feedback.from_event(event) == given
    assert feedback.from_event({**event, "name": "film"}) is None  # another slot
    assert feedback.from_event({**event, "event": "bot"}) is None
    assert feedback.from_event({**event, "value": None}) is None  # the slot reset


def test_only_the_bots_own_replies_get_an_id() -> None:
    assert feedback.reply_id(1700000000.125, {"utter_action": "utter_greet"}) == 1700000000.125
    assert feedback.reply_id(1700000000.125, None) == 1700000000.125
    assert feedback.reply_id(1700000000.125, {"agent": "Alex"}) is None  # a human agent's message
    assert feedback.reply_id(None, {}) is None
    assert feedback.reply_id(float("nan"), {}) is None


def conversation_with_ratings() -> list[tuple[str, dict[str, Any]]]:
    """Two turns of one sender, the second with two replies; ratings of the second turn's second
    reply (twice, as a copy carried into a later session would be) and of the first turn's reply;
    one of a reply of another sender, and one of a reply that is not stored."""
    return [
        ("s", user("who directed Kismet?", "ask_film", 0.95, 100.0)),
        ("s", action("action_answer_film_question", 100.5)),
        ("s", bot("William Dieterle.", 100.6)),
        ("s", action("action_listen", 100.7)),
        ("s", user("and who was in it?", "ask_film", 0.93, 200.0)),
        ("s", action("action_answer_film_question", 200.5)),
        ("s", bot("Ronald Colman and Marlene Dietrich.", 200.6)),
        ("s", bot("Ask me about another film.", 200.65)),
        ("s", bot("Hi, I'm Alex.", 200.66) | {"metadata": {"agent": "Alex"}}),
        ("s", action("action_listen", 200.7)),
        ("s", rating("down", 200.65, 210.0)),
        ("s", rating("up", 100.6, 220.0)),
        ("s", {"event": "session_started", "timestamp": 4000.0}),
        ("s", rating("down", 200.65, 4000.1)),  # a copy in the next session: counted once
        ("s", rating("up", 200.65, 4000.2)),  # a second rating of the same reply: the first one counts
        ("s", rating("down", 200.66, 4000.3)),  # the agent's message: not a rating of the bot
        ("s", rating("down", 999.0, 4000.4)),  # no such reply
        ("other", user("hi", "greet", 0.99, 150.0)),
        ("other", bot("Hello!", 150.5)),
        ("other", rating("up", 100.6, 4001.0)),  # another sender's reply: not this one's
    ]


def test_the_console_shows_each_rating_on_the_reply_it_was_given_to() -> None:
    found = {c.sender_id: c for c in review.conversations(conversation_with_ratings())}
    first, second = found["s"].turns
    assert first.replies == ["William Dieterle."] and first.reply_ratings == ["up"]
    assert second.replies == [
        "Ronald Colman and Marlene Dietrich.",
        "Ask me about another film.",
        "Hi, I'm Alex.",
    ]
    assert second.reply_ratings == [None, "down", None]
    assert (first.thumbs_down, second.thumbs_down) == (False, True)
    assert found["other"].turns[0].reply_ratings == [None]
    assert second.as_dict()["reply_ratings"] == [None, "down", None]


def test_the_thumbs_down_filter() -> None:
    found = review.conversations(conversation_with_ratings())
    (shown,) = review.review(found, review.Filter.from_query({"kind": ["thumbs_down"]}))
    assert shown["sender_id"] == "s" and shown["matches"] == 1
    assert [(t["text"], t["match"], t["thumbs_down"]) for t in shown["turns"]] == [
        ("who directed Kismet?", False, False),
        ("and who was in it?", True, True),
    ]
    assert review.review(found, review.Filter(kind="thumbs_down", text="kismet")) == []
    sample = review.conversations(sample_events(now=1_800_000_000.0))
    assert [c["sender_id"] for c in review.review(sample, review.Filter(kind="thumbs_down"))] == [
        "confused-user"
    ]


def test_numbers_count_the_thumbs_per_day() -> None:
    data = numbers.numbers(review.conversations(sample_events(now=1_800_000_000.0)))
    yesterday, today = data["days"]
    assert (yesterday["thumbs_up"], yesterday["thumbs_down"]) == (1, 0)
    assert (today["thumbs_up"], today["thumbs_down"]) == (0, 1)
    assert (data["total_thumbs_up"], data["total_thumbs_down"]) == (1, 1)
    counted = numbers.numbers(review.conversations(conversation_with_ratings()))
    assert (counted["total_thumbs_up"], counted["total_thumbs_down"]) == (1, 1)
