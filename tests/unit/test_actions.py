"""The knowledge-graph actions, with the Rasa trio of fixtures: a tracker from a JSON snapshot,
a CollectingDispatcher and the domain as a dict."""

import asyncio
from typing import Any

import pytest
import yaml
from rasa_sdk.events import SlotSet

from actions.knowledge import ActionAnswerFilmQuestion
from actions.understand import ActionSecondStage
from encore.stack import MODEL_DIR
from kg.parser import PathClassifier
from kg.qa import FilmQA, Question
from tests.fakes import FakeGraph, load_tracker


@pytest.fixture(scope="module")
def classifier() -> PathClassifier:
    return PathClassifier.load_or_train(MODEL_DIR)


def make_qa(classifier: PathClassifier, graph: Any = None, cls: type = FilmQA) -> FilmQA:
    return cls(graph or FakeGraph(), classifier_loader=lambda: classifier)


def run(action: Any, dispatcher, tracker, domain) -> list[dict[str, Any]]:
    return asyncio.run(action.run(dispatcher, tracker, domain))


def test_the_question_intent_and_action_are_in_the_domain(domain: dict[str, Any]) -> None:
    assert "ask_film" in domain["intents"]
    assert {"action_answer_film_question", "action_second_stage"} <= set(domain["actions"])


def test_answers_and_sets_the_canonical_film(dispatcher, domain, classifier) -> None:
    action = ActionAnswerFilmQuestion(make_qa(classifier))
    events = run(action, dispatcher, load_tracker("tracker_ask_director.json"), domain)
    query = {"path": "directed_by", "kind": "film", "topic": "Kismet",
             "constraints": {"genre": None, "language": None, "year_from": None, "year_to": None},
             "year_label": ""}  # fmt: skip
    assert events == [
        SlotSet("film", "Kismet"), SlotSet("person", "William Dieterle"), SlotSet("kg_query", query)
    ]  # fmt: skip
    assert dispatcher.messages[0]["response"] == "utter_kg_answer"
    assert dispatcher.messages[0]["answer"] == "Kismet was directed by William Dieterle."


def test_follow_up_without_entity(dispatcher, domain, classifier) -> None:
    action = ActionAnswerFilmQuestion(make_qa(classifier))
    events = run(action, dispatcher, load_tracker("tracker_follow_up.json"), domain)
    assert SlotSet("film", "Kismet") in events
    assert dispatcher.messages[0]["answer"] == "Kismet stars James Craig and Ronald Colman."


def test_graph_down_gets_an_apology_and_changes_nothing(dispatcher, domain, classifier) -> None:
    action = ActionAnswerFilmQuestion(make_qa(classifier, FakeGraph(down=True)))
    events = run(action, dispatcher, load_tracker("tracker_ask_director.json"), domain)
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_kg_unavailable"]


def test_unexpected_error_is_polite(dispatcher, domain, classifier) -> None:
    class Broken(FilmQA):
        def answer(self, question):
            raise KeyError("bug")

    events = run(
        ActionAnswerFilmQuestion(make_qa(classifier, cls=Broken)),
        dispatcher,
        load_tracker("tracker_ask_director.json"),
        domain,
    )
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_kg_error"]


def test_slow_graph_times_out_politely(dispatcher, domain, classifier) -> None:
    class Slow(FilmQA):
        def answer(self, question):
            import time

            time.sleep(1.0)

    action = ActionAnswerFilmQuestion(make_qa(classifier, cls=Slow), timeout=0.1)
    assert run(action, dispatcher, load_tracker("tracker_ask_director.json"), domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_kg_unavailable"]


MESSAGES = [
    "who directed Kismet", "who directed Amelie", "who directed kismat", "who directed Zzyzx Qwerty",
    "who was in it", "which films did Ronald Colman direct", "who directed heat",
    "which comedies did Ronald Colman star in", "films about paris", "what films came out in 1800",
]  # fmt: skip


def test_every_response_the_service_sends_exists(domain, classifier) -> None:
    qa = make_qa(classifier)
    sent = {qa.answer(Question(text, films=[text.split()[-1]] if "kismat" in text else [])).response
            for text in MESSAGES}  # fmt: skip
    assert {"utter_kg_answer", "utter_kg_which_film", "utter_kg_unknown_film_suggest"} <= sent
    assert sorted(n for n in sent if n not in domain["responses"]) == []
    for name in ("utter_kg_unavailable", "utter_kg_error", "utter_default"):
        assert name in domain["responses"]


class FakeSupport:
    """The FAQ retriever's answer for every message: ``answer`` or ``no_match``."""

    def __init__(self, action: str) -> None:
        from types import SimpleNamespace

        entry = SimpleNamespace(answer="You can cancel in Settings.", id="cancel", topic="cancel")
        self.result = SimpleNamespace(decision=SimpleNamespace(action=action), entries=[entry])

    def analyse(self, text: str, retrieve: bool = True, sentiment: bool = True) -> Any:
        return self.result


def fallback_tracker(text: str) -> Any:
    message = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.4}, "entities": []}
    return load_tracker("tracker_ask_director.json", latest_message=message)


def test_second_stage_answers_a_film_question_the_nlu_missed(dispatcher, domain, classifier) -> None:
    action = ActionSecondStage(make_qa(classifier), FakeSupport("no_match"))  # type: ignore[arg-type]
    events = run(action, dispatcher, fallback_tracker("Ronald Colman was in which movies then"), domain)
    assert dispatcher.messages[0]["answer"].startswith("Ronald Colman starred in 2 films")
    assert SlotSet("person", "Ronald Colman") in events


def test_second_stage_answers_a_support_question(dispatcher, domain, classifier) -> None:
    action = ActionSecondStage(make_qa(classifier), FakeSupport("answer"))  # type: ignore[arg-type]
    assert run(action, dispatcher, fallback_tracker("i'd like to stop paying"), domain) == []
    assert dispatcher.messages[0]["response"] == "utter_support_answer_brisk"
    assert dispatcher.messages[0]["answer"] == "You can cancel in Settings."


def test_second_stage_falls_back_honestly(dispatcher, domain, classifier) -> None:
    action = ActionSecondStage(make_qa(classifier), FakeSupport("no_match"))  # type: ignore[arg-type]
    assert run(action, dispatcher, fallback_tracker("blorp wibble zonk"), domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]
    assert "utter_support_answer_brisk" in domain["responses"]


def test_the_action_server_registers_every_action_of_the_domain() -> None:
    """What `python -m rasa_sdk --actions actions` does at start: no helper class may break it."""
    from rasa_sdk.executor import ActionExecutor

    from encore.settings import ROOT

    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    custom = [a for a in domain["actions"] if isinstance(a, str) and not a.startswith("utter_")]
    assert custom and set(custom) <= set(executor.actions)
