"""The second stage does not read "my history" as the genre History (actions.film_reading.owned_topic)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from actions.film_reading import owned_topic
from kg.parser import Topic


def parse_about(kind: str, mention: str) -> SimpleNamespace:
    return SimpleNamespace(topic=Topic(kind, [mention.title()], mention))


@pytest.mark.parametrize(
    "text, kind, mention, owned",
    [
        ("clear everything i watched from my history", "genre", "history", True),
        ("theres stuff in your history i never watched", "genre", "history", True),
        ("history films from the 50s", "genre", "history", False),
        ("who directed My Fair Lady", "film", "my fair lady", False),  # the "my" is the title's
        ("who directed Her", "film", "her", False),
        ("is my romance too long", "genre", "romance", True),
    ],
)
def test_a_topic_after_my_or_your_is_someones_own(text, kind, mention, owned):
    assert owned_topic(parse_about(kind, mention), text) is owned


def test_a_topic_from_the_conversation_is_never_owned():
    parse = SimpleNamespace(topic=Topic("film", ["Heat"], "", from_context=True))
    assert owned_topic(parse, "and my heat") is False
