"""The recommendation service reads what a message is in its own words; the action maps the
NLU's intents to them (services speak no Rasa)."""

import pytest

from actions.recommend import kind_of
from recommender.conversation import FEEDBACK, KINDS, REQUEST, TASTE
from recommender.service import RecommenderService


@pytest.mark.parametrize(
    "intent, kind",
    [
        ("request_recommendation", REQUEST),
        ("recommend_feedback", FEEDBACK),
        ("deny", FEEDBACK),  # "not that one", after a list
        ("refine_creative", FEEDBACK),  # "another one", after a list
        ("state_preferences", TASTE),
        ("", TASTE),
    ],
)
def test_each_intent_is_a_kind_of_message(intent, kind):
    assert kind_of(intent) == kind and kind in KINDS


def test_the_service_refuses_a_kind_it_does_not_know():
    service = RecommenderService(linker=lambda: None)
    with pytest.raises(ValueError, match="request_recommendation"):
        service.respond("u", "a comedy", "request_recommendation")
