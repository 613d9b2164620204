"""The knowledge-graph action, with the Rasa trio of fixtures: a tracker from a JSON snapshot,
a CollectingDispatcher and the domain as a dict."""

import asyncio
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk.events import SlotSet

from actions.knowledge import INTENT_QUESTIONS, ActionAnswerFilmQuestion
from encore.settings import ROOT
from kg.qa import FilmQA
from tests.fakes import FakeGraph, load_tracker

DATA = Path(__file__).resolve().parent.parent / "data"






def run(action: ActionAnswerFilmQuestion, dispatcher, tracker, domain) -> list[dict[str, Any]]:
    return asyncio.run(action.run(dispatcher, tracker, domain))


def test_every_question_intent_is_in_the_domain(domain: dict[str, Any]) -> None:
    assert set(INTENT_QUESTIONS) <= set(domain["intents"])
    assert "action_answer_film_question" in domain["actions"]


def test_answers_and_sets_the_canonical_film(dispatcher, domain) -> None:
    action = ActionAnswerFilmQuestion(FilmQA(FakeGraph()))
    events = run(action, dispatcher, load_tracker("tracker_ask_director.json"), domain)
    assert events == [SlotSet("film", "Kismet")]
    assert [m["response"] for m in dispatcher.messages] == ["utter_kg_directors"]
    message = dispatcher.messages[0]
    assert (message["title"], message["names"]) == ("Kismet", "William Dieterle")
    assert message["response"] in domain["responses"]


def test_follow_up_without_entity(dispatcher, domain) -> None:
    action = ActionAnswerFilmQuestion(FilmQA(FakeGraph()))
    events = run(action, dispatcher, load_tracker("tracker_follow_up.json"), domain)
    assert events == [SlotSet("film", "Kismet")]
    assert dispatcher.messages[0]["response"] == "utter_kg_cast"


def test_graph_down_gets_an_apology_and_changes_nothing(dispatcher, domain) -> None:
    action = ActionAnswerFilmQuestion(FilmQA(FakeGraph(down=True)))
    events = run(action, dispatcher, load_tracker("tracker_ask_director.json"), domain)
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_kg_unavailable"]


def test_unexpected_error_is_polite(dispatcher, domain) -> None:
    class Broken(FilmQA):
        def answer(self, question, intent):
            raise KeyError("bug")

    events = run(
        ActionAnswerFilmQuestion(Broken(FakeGraph())),
        dispatcher,
        load_tracker("tracker_ask_director.json"),
        domain,
    )
    assert events == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_kg_error"]


def test_slow_graph_times_out_politely(dispatcher, domain) -> None:
    class Slow(FilmQA):
        def answer(self, question, intent):
            import time

            time.sleep(1.0)

    action = ActionAnswerFilmQuestion(Slow(FakeGraph()), timeout=0.1)
    assert run(action, dispatcher, load_tracker("tracker_ask_director.json"), domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_kg_unavailable"]


def test_every_response_the_action_can_send_exists(domain) -> None:
    import re

    source = (ROOT / "kg" / "qa.py").read_text()
    names = set(re.findall(r'"(utter_kg_[a-z_]+)"', source))
    names |= {
        f"utter_kg_{k}"
        for k in (
            "directors",
            "cast",
            "writers",
            "years",
            "genres",
            "languages",
            "tags",
            "acted",
            "directed",
            "wrote",
        )
    }
    names |= {
        f"utter_kg_{s}_{a}{x}"
        for s in ("unknown", "ambiguous")
        for a in ("film", "person")
        for x in ("", "_suggest")
        if not (s == "ambiguous" and x)
    }
    missing = sorted(n for n in names if n not in domain["responses"])
    assert not missing


def test_the_action_server_registers_every_action_of_the_domain() -> None:
    """What `python -m rasa_sdk --actions actions` does at start: no helper class may break it."""
    from rasa_sdk.executor import ActionExecutor

    from encore.settings import ROOT

    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    custom = [a for a in domain["actions"] if isinstance(a, str) and not a.startswith("utter_")]
    assert custom and set(custom) <= set(executor.actions)
