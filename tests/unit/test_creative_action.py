"""The creative action with the Rasa trio (tracker snapshot, CollectingDispatcher, domain), a
fake generator, a fake scorer and the in-memory graph."""

import asyncio
import copy
import json
from pathlib import Path
from typing import Any, Optional, cast

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.creative import READY_MADE_INTRO, ActionCreativeSuggestion
from creative.config import GeneratorConfig
from creative.runtime import CreativeRuntime
from creative.service import CreativeService
from kg.graph import KnowledgeGraph
from kg.qa import FilmQA
from tests.creative_fakes import FakeGenerator, KeywordScorer
from tests.fakes import FakeGraph, load_tracker

DATA = Path(__file__).resolve().parent.parent / "data"
OUTPUTS = ["A dark city. Dark hearts.", "Nobody walks away.", "The dark road home.", "Plain words here."]


def creative_tracker(name: str, text: Optional[str] = None, entities: Optional[list] = None) -> Tracker:
    """The snapshot ``name``, with another latest message text (and entities) when given."""
    latest = copy.deepcopy(json.loads((DATA / name).read_text())["latest_message"])
    if text is not None:
        latest["text"] = text
        latest["entities"] = entities or []
    return load_tracker(name, latest_message=latest)


def make_action(
    generator: Optional[FakeGenerator] = None, graph: Optional[FakeGraph] = None, timeout: float = 5.0
):
    config = GeneratorConfig(candidates=4, options=3, timeout=timeout, load="first_use", worker="thread")
    creative = CreativeRuntime(config)
    generator = generator or FakeGenerator(OUTPUTS)
    creative.service = CreativeService(generator, KeywordScorer(), config)
    return ActionCreativeSuggestion(creative, FilmQA(cast(KnowledgeGraph, graph or FakeGraph()))), generator


def run(action, dispatcher, tracker, domain) -> list[dict[str, Any]]:
    return asyncio.run(action.run(dispatcher, tracker, domain))


def test_domain_knows_the_action_and_its_responses(domain, intent_names) -> None:
    assert {"request_creative", "refine_creative"} <= intent_names
    assert "action_creative_suggestion" in domain["actions"]
    assert "creative_request" in domain["slots"]


def test_grounded_dark_tagline(dispatcher, domain) -> None:
    action, generator = make_action()
    events = run(action, dispatcher, creative_tracker("tracker_creative_tagline.json"), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_creative_suggestions" and message["response"] in domain["responses"]
    assert message["intro"] == "Here are 3 dark taglines for Heat:"
    assert message["options"] == "1. A dark city. Dark hearts.\n2. The dark road home.\n3. Nobody walks away."
    assert message["note"] == ""
    prompt = generator.calls[0][0][-1]["content"]
    # two films are called Heat in the graph (1972, 1995): no era, the first director only
    grounded = "the film Heat, a crime film, directed by Michael Mann, starring Al Pacino and Robert De Niro."
    assert grounded in prompt
    assert len(events) == 1 and events[0]["name"] == "creative_request"
    saved = events[0]["value"]
    assert (saved["task"], saved["film"], saved["emotion"], saved["facts"]["genres"]) == (
        "tagline", "Heat", "dark", ["Crime"],
    )  # fmt: skip


def test_refinement_uses_the_previous_request(dispatcher, domain) -> None:
    action, generator = make_action(
        FakeGenerator(["So funny, so fun. Funny!", "The heat is on.", "Cool words for cool cops."])
    )
    graph = action._qa.graph
    events = run(action, dispatcher, creative_tracker("tracker_creative_refine.json"), domain)
    assert dispatcher.messages[0]["intro"] == "Here are 3 funny taglines for Heat:"
    assert dispatcher.messages[0]["options"].startswith("1. So funny, so fun. Funny!")
    assert events[0]["value"]["emotion"] == "funny" and events[0]["value"]["attempt"] == 1
    assert "funny and witty tagline" in generator.calls[0][0][-1]["content"]
    assert graph.calls == []  # the facts come from the slot


def test_refinement_without_a_previous_request(dispatcher, domain) -> None:
    action, generator = make_action()
    tracker = creative_tracker("tracker_creative_refine.json")
    tracker.slots["creative_request"] = None
    assert run(action, dispatcher, tracker, domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_creative_nothing_to_refine"]
    assert generator.calls == []


def test_unknown_film_gets_a_note(dispatcher, domain) -> None:
    action, _ = make_action()
    tracker = creative_tracker("tracker_creative_tagline.json", "write a tagline for Zorblax Quintessence")
    run(action, dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_creative_suggestions"
    assert (
        message["note"]
        == "\n(I don't know a film called “Zorblax Quintessence”, so these come from the title alone.)"
    )


def test_graph_down_still_suggests(dispatcher, domain) -> None:
    action, _ = make_action(graph=FakeGraph(down=True))
    run(action, dispatcher, creative_tracker("tracker_creative_tagline.json"), domain)
    assert dispatcher.messages[0]["response"] == "utter_creative_suggestions"
    assert "couldn't reach my film database" in dispatcher.messages[0]["note"]


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("give me an idea for a scene:", "utter_creative_need_scene"),
        ("write a tagline", "utter_creative_need_tagline"),
        ("write an ad", "utter_creative_need_ad"),
    ],
)
def test_missing_premise_is_asked_for(dispatcher, domain, text: str, response: str) -> None:
    action, generator = make_action()
    assert run(action, dispatcher, creative_tracker("tracker_creative_tagline.json", text), domain) == []
    assert [m["response"] for m in dispatcher.messages] == [response]
    assert response in domain["responses"] and generator.calls == []


def test_hateful_request_is_refused(dispatcher, domain) -> None:
    action, generator = make_action()
    tracker = creative_tracker("tracker_creative_tagline.json", "write a hateful ad about my neighbours")
    assert run(action, dispatcher, tracker, domain) == [SlotSet("creative_request", None)]
    assert [m["response"] for m in dispatcher.messages] == ["utter_creative_refused"]
    assert generator.calls == []


def test_very_long_premise(dispatcher, domain) -> None:
    action, generator = make_action(FakeGenerator(["ANN: Look at the sky.\nBOB: It's raining again."]))
    text = "give me an idea for a scene: " + "it rains on the quiet town and nobody speaks " * 70
    assert len(text) > 3000
    events = run(action, dispatcher, creative_tracker("tracker_creative_tagline.json", text), domain)
    assert dispatcher.messages[0]["response"] == "utter_creative_suggestions"
    assert dispatcher.messages[0]["options"] == "ANN: Look at the sky.\nBOB: It's raining again."
    assert len(events[0]["value"]["premise"]) <= 400
    assert len(generator.calls[0][0][-1]["content"]) < 700


def test_timeout_gives_a_fallback(dispatcher, domain) -> None:
    action, _ = make_action(FakeGenerator(OUTPUTS, delay=2.0), timeout=0.3)
    events = run(action, dispatcher, creative_tracker("tracker_creative_tagline.json"), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_creative_timeout"
    assert message["options"] == "Heat: some secrets never stay buried."
    assert events[0]["name"] == "creative_request"


def test_generator_error_is_polite(dispatcher, domain) -> None:
    action, _ = make_action(FakeGenerator(OUTPUTS, error=RuntimeError("boom")))
    tracker = creative_tracker("tracker_creative_tagline.json", "an upbeat ad for a jazz night this Friday")
    run(action, dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_creative_error"
    assert message["options"] == "A jazz night this Friday! Bring your friends, it's going to be great."


def test_a_ready_made_suggestion_says_so(dispatcher, domain) -> None:
    # every sampled text is filtered out (nothing written): the ready-made one is sent,
    # with an intro that says it is not the model's
    action, _ = make_action(FakeGenerator(["", "  ", "...", ""]))
    run(action, dispatcher, creative_tracker("tracker_creative_tagline.json"), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_creative_suggestions"
    assert message["intro"] == READY_MADE_INTRO
    assert message["options"] == "Heat: some secrets never stay buried."
