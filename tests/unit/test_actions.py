"""The knowledge-graph actions, with the Rasa trio of fixtures: a tracker from a JSON snapshot,
a CollectingDispatcher and the domain as a dict."""

import asyncio
from typing import Any, cast

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.creative import ActionCreativeSuggestion
from actions.knowledge import ActionAnswerFilmQuestion, response_of
from actions.recommend import ActionRecommend
from actions.understand import ActionSecondStage
from encore.stack import MODEL_DIR
from kg.parser import PathClassifier
from kg.qa import FilmQA, Question
from support.service import SupportService
from tests.fakes import FakeGraph, load_tracker


@pytest.fixture(scope="module")
def classifier() -> PathClassifier:
    return PathClassifier.load_or_train(MODEL_DIR)


def make_qa(classifier: PathClassifier, graph: Any = None, cls: type = FilmQA) -> FilmQA:
    return cls(graph or FakeGraph(), classifier_loader=lambda: classifier)


def run(action: Any, dispatcher, tracker, domain) -> list[dict[str, Any]]:
    return asyncio.run(action.run(dispatcher, tracker, domain))


def test_the_question_intent_and_action_are_in_the_domain(domain: dict[str, Any], intent_names: set) -> None:
    assert "ask_film" in intent_names
    assert {"action_answer_film_question", "action_second_stage"} <= set(domain["actions"])


def test_answers_and_sets_the_canonical_film(dispatcher, domain, classifier) -> None:
    action = ActionAnswerFilmQuestion(make_qa(classifier))
    events = run(action, dispatcher, load_tracker("tracker_ask_director.json"), domain)
    query = {"path": "directed_by", "kind": "film", "topic": "Kismet",
             "constraints": {"genre": None, "language": None, "year_from": None, "year_to": None,
                             "person": None, "person_role": None},
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
    sent = {response_of(qa.answer(Question(text, films=[text.split()[-1]] if "kismat" in text else [])))
            for text in MESSAGES}  # fmt: skip
    assert {"utter_kg_answer", "utter_kg_which_film", "utter_kg_unknown_film_suggest"} <= sent
    assert sorted(n for n in sent if n not in domain["responses"]) == []
    for name in ("utter_kg_unavailable", "utter_kg_error", "utter_default"):
        assert name in domain["responses"]


class FakeSupport:
    """The FAQ retriever's decision for every message: ``answer``, ``clarify`` or ``no_match``,
    at ``confidence``."""

    def __init__(self, action: str, confidence: float = 0.5) -> None:
        from types import SimpleNamespace

        entries = [
            SimpleNamespace(answer="You can cancel in Settings.", id="cancel_subscription", topic="Cancel"),
            SimpleNamespace(answer="Pause for up to 3 months.", id="pause_subscription", topic="Pause"),
        ]
        self.result = SimpleNamespace(
            decision=SimpleNamespace(action=action), entries=entries, confidence=confidence
        )

    def analyse(self, text: str) -> Any:
        return self.result


class Recorder:
    """Stands in for the creative or the recommendation action: records what it was asked."""

    def __init__(self, response: str) -> None:
        self.response = response
        self.calls: list[str] = []

    async def run(self, dispatcher, tracker, domain) -> list[dict[str, Any]]:
        return await self.respond(dispatcher, tracker, "run")

    async def respond(self, dispatcher, tracker, kind: str = "request") -> list[dict[str, Any]]:
        self.calls.append(kind)
        dispatcher.utter_message(response=self.response)
        return []


def second_stage(
    classifier, support: str = "no_match", confidence: float = 0.5
) -> tuple[ActionSecondStage, Recorder, Recorder]:
    creative, recommend = Recorder("utter_creative_suggestions"), Recorder("utter_recommendations")
    action = ActionSecondStage(
        make_qa(classifier),
        cast(SupportService, FakeSupport(support, confidence)),
        cast(ActionCreativeSuggestion, creative),
        cast(ActionRecommend, recommend),
    )
    return action, creative, recommend


def fallback_tracker(text: str) -> Any:
    message = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.4}, "entities": []}
    return load_tracker("tracker_ask_director.json", latest_message=message)


def test_second_stage_answers_a_film_question_the_nlu_missed(dispatcher, domain, classifier) -> None:
    action, creative, recommend = second_stage(classifier)
    events = run(action, dispatcher, fallback_tracker("Ronald Colman was in which movies then"), domain)
    assert dispatcher.messages[0]["answer"].startswith("Ronald Colman starred in 2 films")
    assert SlotSet("person", "Ronald Colman") in events
    assert creative.calls == recommend.calls == []


def test_second_stage_says_a_name_the_nlu_found_is_not_in_the_graph(dispatcher, domain, classifier) -> None:
    action, creative, recommend = second_stage(classifier)
    message = {"text": "what is Qwerty about", "intent": {"name": "nlu_fallback", "confidence": 0.5},
               "entities": [{"entity": "film", "value": "Qwerty"}]}  # fmt: skip
    run(action, dispatcher, load_tracker("tracker_ask_director.json", latest_message=message), domain)
    said = [(m["response"], m.get("mention")) for m in dispatcher.messages]
    assert said == [("utter_kg_unknown_film", "Qwerty")]
    assert creative.calls == recommend.calls == []


def test_second_stage_answers_a_support_question(dispatcher, domain, classifier) -> None:
    action, _, _ = second_stage(classifier, "answer")
    assert run(action, dispatcher, fallback_tracker("i'd like to stop paying"), domain) == []
    assert dispatcher.messages[0]["response"] == "utter_support_answer_brisk"
    assert dispatcher.messages[0]["answer"] == "You can cancel in Settings."


@pytest.mark.parametrize("confidence, response", [(0.5, "utter_recommendations"),
                                                  (0.9, "utter_support_answer_brisk")])  # fmt: skip
def test_a_clear_request_outranks_an_faq_answer_that_is_not_near_certain(
    dispatcher, domain, classifier, confidence, response
) -> None:
    from actions.understand import FAQ_OVER_CLAIMS

    assert 0.5 < FAQ_OVER_CLAIMS <= 0.9
    action, _, _ = second_stage(classifier, "answer", confidence)
    run(action, dispatcher, fallback_tracker("what should i watch tonight"), domain)
    assert [m["response"] for m in dispatcher.messages] == [response]


def test_films_like_a_named_one_outrank_a_near_certain_faq_answer(dispatcher, domain, classifier) -> None:
    # "more movies like die hard please" is not a request to add a title to the catalogue
    action, _, _ = second_stage(classifier, "answer", 0.95)
    run(action, dispatcher, fallback_tracker("more movies like die hard please"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_recommendations"]


def test_second_stage_hands_a_creative_request_to_the_creative_action(dispatcher, domain, classifier) -> None:
    action, creative, recommend = second_stage(classifier)
    run(action, dispatcher, fallback_tracker("write me a catchy poster tagline for a heist caper"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_creative_suggestions"]
    assert len(creative.calls) == 1 and recommend.calls == []


def test_second_stage_hands_a_recommendation_request_on(dispatcher, domain, classifier) -> None:
    action, creative, recommend = second_stage(classifier)
    run(action, dispatcher, fallback_tracker("what should i watch tonight, something scary"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_recommendations"]
    assert recommend.calls == ["request"] and creative.calls == []


def test_second_stage_offers_the_closest_faq_topics(dispatcher, domain, classifier) -> None:
    action, creative, recommend = second_stage(classifier, "clarify")
    assert run(action, dispatcher, fallback_tracker("blorp my subscription somehow"), domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_support_clarify_brisk"]
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads == [
        '/ask_support{"faq_id": "cancel_subscription"}', '/ask_support{"faq_id": "pause_subscription"}',
        "/request_human",
    ]  # fmt: skip


def test_second_stage_falls_back_honestly(dispatcher, domain, classifier) -> None:
    action, creative, recommend = second_stage(classifier)
    assert run(action, dispatcher, fallback_tracker("blorp wibble zonk"), domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        "/help", "/request_recommendation", "/request_human"
    ]  # fmt: skip
    assert creative.calls == recommend.calls == []
    assert "utter_support_answer_brisk" in domain["responses"]


def intent_tracker(text: str, intent: str, confidence: float, rec_state: Any = None) -> Any:
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    return load_tracker("tracker_ask_director.json", latest_message=message, slots={"rec_state": rec_state})


@pytest.mark.parametrize(
    "text, intent, confidence, rec_state, deferred",
    [
        ("is there a cheaper price for students", "request_recommendation", 0.7, None, True),
        ("is there a cheaper price for students", "request_recommendation", 0.95, None, False),  # NLU sure
        ("recommend something by kubrick", "request_recommendation", 0.6, None, False),
        ("my voucher says it was already used", "recommend_feedback", 0.97, None, True),  # no list shown
        ("seen it", "recommend_feedback", 0.97, {"last": ["Heat"]}, False),
        ("I've already watched the first one", "recommend_feedback", 0.97, None, False),  # still feedback
        ("/request_recommendation", "request_recommendation", 0.5, None, False),
    ],
)
def test_recommendation_guesses_of_the_nlu_go_to_the_second_stage(
    text, intent, confidence, rec_state, deferred
) -> None:
    from actions.recommend import not_a_request

    assert not_a_request(intent_tracker(text, intent, confidence, rec_state)) is deferred


@pytest.mark.parametrize(
    "text, confidence, deferred",
    [
        ("are you selling my viewing data", 0.8, True),
        ("are you selling my viewing data", 0.95, False),
        ("a catchy line for Heat", 0.6, False),
        ("refine", 0.2, True),
    ],
)
def test_creative_guesses_of_the_nlu_go_to_the_second_stage(text, confidence, deferred) -> None:
    from actions.creative import not_a_request

    message = {"text": text, "intent": {"name": "request_creative", "confidence": confidence}}
    assert not_a_request(message) is deferred


def test_a_deferred_creative_guess_is_answered_by_the_second_stage(
    dispatcher, domain, classifier, monkeypatch
) -> None:
    """The creative action hands "are you selling my data" to the second stage (here: the FAQ)."""
    import actions.understand as understand
    from actions.creative import ActionCreativeSuggestion

    original = understand.ActionSecondStage.__init__

    def with_fakes(self, qa=None, support=None, creative=None, recommend=None) -> None:
        original(
            self,
            make_qa(classifier),
            cast(SupportService, FakeSupport("answer")),
            creative,
            cast(ActionRecommend, Recorder("utter_recommendations")),
        )

    monkeypatch.setattr(understand.ActionSecondStage, "__init__", with_fakes)
    action = ActionCreativeSuggestion(creative=object(), qa=make_qa(classifier))  # type: ignore[arg-type]
    message = {
        "text": "are you selling my viewing data",
        "intent": {"name": "request_creative", "confidence": 0.8},
    }
    run(action, dispatcher, load_tracker("tracker_ask_director.json", latest_message=message), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_support_answer_brisk"]


@pytest.mark.parametrize(
    "text, title, mention, part",
    [
        ("how many miles is a marathon", "Marathon Man", "marathon", True),  # a word of a longer title
        ("what is jaws about", "Jaws", "jaws", False),  # the title
        ("who directed jwas", "Jaws", "jwas", False),  # the title, misspelt
        ("who directed Marathon", "Marathon Man", "marathon", False),  # written as a name
        ("who directed the marathon man", "Marathon Man", "the marathon man", False),
    ],
)
def test_a_word_that_is_only_part_of_a_title(text, title, mention, part) -> None:
    from actions.film_reading import part_of_a_title
    from kg.parser import Parse, Topic

    assert part_of_a_title(Parse("directed_by", Topic("film", [title], mention)), text) is part


@pytest.mark.parametrize(
    "text, kind, mention, weak",
    [
        ("how far away is the moon", "film", "moon", True),  # one lower-case word: a word or a title
        ("what kind of stuff do you know", "tag", "stuff", True),
        ("how far away is The Moon", "film", "moon", False),  # written as a title
        ("who directed Zodiac", "film", "zodiac", False),
        ("who directed the dark knight", "film", "the dark knight", False),  # several words
        ("give me movies tagged iran", "tag", "iran", False),  # the message says it is a tag
        ("films with the keyword heist", "tag", "heist", False),
        ("is iran a good film", "tag", "iran", True),
    ],
)
def test_weak_topics(text, kind, mention, weak) -> None:
    from actions.film_reading import weak_topic
    from kg.parser import Parse, Topic

    topic = Topic(kind, [mention.title()], mention)
    assert weak_topic(Parse("directed_by", topic), text) is weak


@pytest.mark.parametrize(
    "text, confidence, claimed",
    [
        ("movies like trainspotting", 0.7, True),  # a recommendation request
        ("write an advert for the re-release of jaws", 0.8, True),  # a creative request
        ("movies like trainspotting", 0.95, False),  # the NLU is sure
        ("who directed trainspotting", 0.7, False),
        ("/ask_film", 0.5, False),
    ],
)
def test_film_questions_claimed_by_another_reader(text, confidence, claimed) -> None:
    from actions.claims import claimed_by_another

    message = {"text": text, "intent": {"name": "ask_film", "confidence": confidence}}
    assert claimed_by_another(message) is claimed


def test_a_film_question_the_parser_doubts_and_the_recommender_claims_is_handed_on(
    dispatcher, domain, classifier, monkeypatch
) -> None:
    """ "movies like Trainspotting" read as ask_film, even confidently, is a recommendation request."""
    import actions.understand as understand

    recommend = Recorder("utter_recommendations")
    original = understand.ActionSecondStage.__init__

    def with_fakes(self, qa=None, support=None, creative=None, recommend_=None) -> None:
        original(
            self,
            make_qa(classifier),
            cast(SupportService, FakeSupport("no_match")),
            cast(ActionCreativeSuggestion, Recorder("utter_creative_suggestions")),
            cast(ActionRecommend, recommend),
        )

    monkeypatch.setattr(understand.ActionSecondStage, "__init__", with_fakes)
    message = {"text": "movies like Kismet please", "intent": {"name": "ask_film", "confidence": 0.97}}
    action = ActionAnswerFilmQuestion(make_qa(classifier))
    run(action, dispatcher, load_tracker("tracker_ask_director.json", latest_message=message), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_recommendations"]
    assert recommend.calls == ["request"]


class NoSupport:
    def analyse(self, *args: Any) -> Any:
        raise AssertionError("take() must not ask the FAQ again")


def test_take_answers_what_another_reader_is_sure_of_and_leaves_the_rest(
    dispatcher, domain, classifier
) -> None:
    creative, recommend = Recorder("utter_creative_suggestions"), Recorder("utter_recommendations")
    action = ActionSecondStage(make_qa(classifier), NoSupport(), creative, recommend)  # type: ignore[arg-type]
    events = asyncio.run(
        action.take(dispatcher, fallback_tracker("what films did Ronald Colman star in"), domain)
    )
    assert SlotSet("person", "Ronald Colman") in (events or [])
    assert (
        asyncio.run(action.take(CollectingDispatcher(), fallback_tracker("my card was declined"), domain))
        is None
    )
    # a support message whose film is one everyday word in lower case is no film question
    lost = fallback_tracker("what year was black released, i cant find it anymore")
    assert asyncio.run(action.take(CollectingDispatcher(), lost, domain)) is None
    asyncio.run(
        action.take(dispatcher, fallback_tracker("what should i watch tonight, something scary"), domain)
    )
    assert recommend.calls == ["request"]


def test_a_very_clear_request_goes_to_its_reader_before_a_fairly_sure_film_reading(
    dispatcher, domain, classifier
) -> None:
    """ "a ronald colman drama for tonight please": the film parser reads a question about his
    films (fairly sure), but the recommendation reader is certain it is a request."""
    action, creative, recommend = second_stage(classifier)
    run(action, dispatcher, fallback_tracker("a ronald colman drama for tonight please"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_recommendations"]
    assert recommend.calls == ["request"]


def test_nlu_lean_sums_each_capability_intents() -> None:
    from actions.claims import nlu_first, nlu_lean, nlu_prefers

    message = {
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.5},
            {"name": "request_recommendation", "confidence": 0.3},
            {"name": "ask_film", "confidence": 0.25},
            {"name": "state_preferences", "confidence": 0.1},
            {"name": "request_creative", "confidence": 0.05},
        ]
    }
    lean = nlu_lean(message)
    assert lean == {"film": 0.25, "recommend": 0.4, "creative": 0.05, "support": 0.0}
    assert nlu_prefers(lean, "recommend") is True
    assert nlu_prefers(lean, "creative") is False  # below NLU_LEAN
    film_first = {
        "intent_ranking": [
            {"name": "ask_film", "confidence": 0.5},
            {"name": "request_recommendation", "confidence": 0.45},
        ]
    }
    assert nlu_prefers(nlu_lean(film_first), "recommend") is False  # the film question is likelier
    assert nlu_lean({}) == {"film": 0.0, "recommend": 0.0, "creative": 0.0, "support": 0.0}
    assert nlu_first(lean) == "recommend" and nlu_first(nlu_lean(film_first)) == "film"
    assert nlu_first(nlu_lean({"intent_ranking": [{"name": "greet", "confidence": 0.9}]})) == ""
    assert nlu_lean({"intent_ranking": [{"name": "ask_film", "confidence": "x"}, None]})["film"] == 0.0


def leaning_tracker(text: str, ranking: list[tuple[str, float]]) -> Any:
    message = {
        "text": text,
        "intent": {"name": "nlu_fallback", "confidence": 0.5},
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.5}]
        + [{"name": n, "confidence": c} for n, c in ranking],
        "entities": [],
    }
    return load_tracker("tracker_ask_director.json", latest_message=message)


@pytest.mark.parametrize(
    ("ranking", "to_recommender"),
    [
        ([("request_recommendation", 0.45), ("ask_film", 0.3)], True),  # the NLU leans to a request
        ([("ask_film", 0.45), ("request_recommendation", 0.3)], False),  # ... to a film question
        ([], True),  # no ranking: a clear request for a person's films is a request
    ],
)
def test_second_stage_lets_the_nlu_settle_a_clear_claim_against_a_film_parse(
    dispatcher, domain, classifier, ranking, to_recommender
) -> None:
    action, creative, recommend = second_stage(classifier)
    # "any ronald colman films": a clear recommendation claim (0.8, under the strong 0.9) that
    # the film parser reads as "films Ronald Colman starred in"
    run(action, dispatcher, leaning_tracker("any ronald colman films", ranking), domain)
    if to_recommender:
        assert [m["response"] for m in dispatcher.messages] == ["utter_recommendations"]
        assert recommend.calls == ["request"]
    else:
        assert dispatcher.messages[0]["answer"].startswith("Ronald Colman starred in 2 films")
        assert recommend.calls == []


def test_answered_a_film_question_looks_at_the_bot_previous_turn_only() -> None:
    from rasa_sdk import Tracker

    from actions.film_reading import answered_a_film_question

    def tracker(events: list[dict[str, Any]]) -> Tracker:
        latest = {"text": "what about the 90s ones?"}
        return Tracker("u", {}, latest, events, False, None, {}, "action_listen")

    film_turn: list[dict[str, Any]] = [
        {"event": "user", "text": "what films did Clint Eastwood direct?"},
        {"event": "action", "name": "action_recommend"},  # whichever action answered
        {"event": "slot", "name": "person", "value": "Clint Eastwood"},
        {"event": "slot", "name": "kg_query", "value": {"path": "~directed_by"}},
        {"event": "action", "name": "action_listen"},
    ]
    this_turn: list[dict[str, Any]] = [
        {"event": "user", "text": "what about the 90s ones?"},
        {"event": "slot", "name": "sentiment", "value": "neutral"},
    ]
    assert answered_a_film_question(tracker(film_turn + this_turn)) is True
    greeting: list[dict[str, Any]] = [
        {"event": "user", "text": "hi"},
        {"event": "action", "name": "utter_greet"},
    ]
    assert answered_a_film_question(tracker(film_turn + greeting + this_turn)) is False
    assert answered_a_film_question(tracker(this_turn)) is False  # the first message
    assert answered_a_film_question(tracker([])) is False
    # A new session carries kg_query over as a slot event: that is not an answer of the last turn.
    new_session: list[dict[str, Any]] = [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "slot", "name": "kg_query", "value": {"path": "~directed_by"}},
        {"event": "action", "name": "action_listen"},
    ]
    assert answered_a_film_question(tracker(new_session + this_turn)) is False


@pytest.mark.parametrize(
    ("ranking", "to_recommender"),
    [
        ([("request_recommendation", 0.49), ("deny", 0.1)], True),  # just under the fallback
        ([("request_recommendation", 0.3), ("deny", 0.1)], False),  # too unsure: honest fallback
    ],
)
def test_second_stage_takes_the_nlu_first_reader_when_it_is_nearly_sure(
    dispatcher, domain, classifier, ranking, to_recommender
) -> None:
    action, creative, recommend = second_stage(classifier)
    # words no reader claims ("surprise me" is a clear request of its own now)
    run(action, dispatcher, leaning_tracker("go on then", ranking), domain)
    expected = "utter_recommendations" if to_recommender else "utter_default"
    assert [m["response"] for m in dispatcher.messages] == [expected]
    assert recommend.calls == (["request"] if to_recommender else [])


def test_refines_is_the_last_question_with_a_new_constraint() -> None:
    from actions.film_reading import refines
    from kg.parser import Constraints, Parse, Topic

    topic = Topic("person", ["Clint Eastwood"], "", from_context=True, linked=True)
    none = {"genre": None, "language": None, "year_from": None, "year_to": None}
    last: dict[str, Any] = {"path": "~directed_by", "constraints": none}
    nineties = Parse("~directed_by", topic, Constraints(year_from=1990, year_to=1999))
    assert refines(nineties, last) is True
    assert refines(Parse("~directed_by", topic), last) is False  # no constraint: not a refinement
    assert refines(Parse("~starred_actors", topic, Constraints(genre="Western")), last) is False
    same = {**last, "constraints": {**last["constraints"], "year_from": 1990, "year_to": 1999}}
    assert refines(nineties, same) is False  # nothing new
    assert refines(nineties, None) is False


@pytest.mark.parametrize(
    "text, kind, path, confidence, keeps",
    [
        # a question about a named film whose answer is not films: not a request, though it says
        # "French movies"
        ("whats the theme of the French movies by Out of Africa's writer", "film",
         "written_by>~written_by>has_tags", 0.82, True),
        ("what sort of films are the English movies with Marie Dressler", "person",
         "~starred_actors>has_genre", 0.7, True),
        # a list of films is what a request asks for too: the readers decide as before
        ("a gene kelly musical", "person", "~starred_actors", 0.72, False),
        # not sure enough of the question
        ("whats the theme of the French movies by Out of Africa's writer", "film",
         "written_by>~written_by>has_tags", 0.4, False),
        # a creative claim stands
        ("write an ad for Jaws", "film", "written_by", 0.78, False),
    ],
)  # fmt: skip
def test_a_question_about_a_name_keeps_the_message_from_the_recommender(text, kind, path, confidence, keeps):
    from actions.claims import asks_about_a_name, claims_of
    from kg.parser import Parse, Topic

    parse = Parse(path, Topic(kind, ["X"], "x"), confidence=confidence)
    assert asks_about_a_name(parse, claims_of(text)) is keeps
    context = Parse(path, Topic(kind, ["X"], "", from_context=True), confidence=confidence)
    assert asks_about_a_name(context, claims_of(text)) is False  # the conversation's film is not named


@pytest.mark.parametrize(
    "text, kind, path, wants",
    [
        ("emma thompson drama", "person", "~starred_actors", True),
        ("spanish language horror", "language", "~in_language", True),
        ("silent film from the 1920s", "tag", "~has_tags", True),
        ("zodiac movie", "film", "directed_by", False),  # a named film: a question about it
        ("emma thompson dramas", "person", "~starred_actors", False),  # a list
        ("emma thompson drama", "person", "~starred_actors>has_genre", False),  # not films
        ("which emma thompson drama", "person", "~starred_actors", False),  # a question
    ],
)  # fmt: skip
def test_a_few_words_asking_for_one_film_go_to_the_recommender(text, kind, path, wants):
    from actions.claims import wants_one
    from kg.parser import Parse, Topic

    parse = Parse(path, Topic(kind, ["X"], "x"), confidence=0.95)
    assert wants_one(parse, text) is wants
    unlinked = Parse(path, Topic(kind, ["X"], "x", linked=False), confidence=0.95)
    assert wants_one(unlinked, text) is False


@pytest.mark.parametrize(
    "text, kind, path, watch",
    [
        ("got any good westerns?", "genre", "~has_genre", True),
        ("italian horror from the 70s", "language", "~in_language", True),
        ("de niro crime picture before 1990", "person", "~starred_actors", True),
        ("give me the films directed by tim burton", "person", "~directed_by", False),  # no claim
        ("any good films like heat?", "film", "has_genre>~has_genre", False),  # a named film
        ("got any good westerns?", "genre", "~has_genre>directed_by", False),  # not films
        ("write a tagline for a western", "genre", "~has_genre", False),  # a creative claim
    ],
)  # fmt: skip
def test_a_clear_request_for_films_of_a_genre_or_person_goes_to_the_recommender(text, kind, path, watch):
    from actions.claims import asks_for_films_to_watch, claims_of
    from kg.parser import Parse, Topic
    from kg.paths import PATHS

    assert path in PATHS
    parse = Parse(path, Topic(kind, ["X"], "x"), confidence=0.95)
    assert asks_for_films_to_watch(parse, claims_of(text)) is watch


@pytest.mark.parametrize(
    "text, film, recommend, watch",
    [
        ("comedies from 1999", 0.41, 0.37, False),  # a bare list the NLU leans to as a question
        ("comedies from 1999", 0.30, 0.45, True),  # ... or to as a request
        ("italian horror from the 70s", 0.41, 0.37, True),  # a request: only a sure NLU keeps it a question
        ("italian horror from the 70s", 0.60, 0.30, False),
        ("got any good westerns?", 0.60, 0.30, True),  # ... unless it asks in so many words
        # asking in so many words outweighs the NLU's lean to a question
        ("any hindi films youd vouch for", 0.60, 0.30, True),
        ("czech cinema? never seen any", 0.60, 0.30, True),
        ("danish drama, heard they do those well", 0.60, 0.30, True),
        ("johnny depp but not the pirate ones", 0.60, 0.30, True),
        ("a film that came out in 1984", 0.60, 0.30, True),
        ("which films came out in 1984", 0.60, 0.30, False),  # a question, as it asks
    ],
)
def test_the_nlu_keeps_a_bare_list_a_question_when_it_leans_that_way(text, film, recommend, watch):
    from actions.claims import asks_for_films_to_watch, claims_of
    from kg.parser import Parse, Topic

    parse = Parse("~has_genre", Topic("genre", ["Comedy"], "comedies"), confidence=0.95)
    lean = {"film": film, "recommend": recommend, "creative": 0.0, "support": 0.0}
    assert asks_for_films_to_watch(parse, claims_of(text), lean) is watch


class NamingRecommender:
    """The recommendation service's readings the second stage asks for, fixed."""

    def __init__(self, uses: bool):
        self.uses = uses

    def uses_name(self, text: str, name: str) -> bool:
        return self.uses

    def names_what_to_watch(self, text: str) -> bool:
        return False

    def reads_nothing(self, text: str) -> bool:
        return False


@pytest.mark.parametrize("uses_the_name", [True, False])
def test_a_claimed_request_that_would_leave_out_the_named_film_is_a_film_question(
    dispatcher, domain, classifier, monkeypatch, uses_the_name
) -> None:
    from actions import services
    from kg.parser import Parse, Topic

    monkeypatch.setattr(services, "recommender", lambda: NamingRecommender(uses_the_name))
    action, creative, recommend = second_stage(classifier)
    # "tell me pls dramas of the Kismet director": the parser fairly sure (0.4), a request claimed
    parse = Parse("directed_by>~directed_by", Topic("film", ["Kismet"], "kismet"), confidence=0.4)
    tracker = leaning_tracker("tell me pls dramas of the Kismet director", [])
    asyncio.run(action._request_or_film(dispatcher, tracker, domain, (parse, None)))
    if uses_the_name:  # the request keeps Kismet ("dramas like Kismet")
        assert recommend.calls == ["request"]
    else:  # a list of dramas without Kismet is not what was asked: the graph's answer
        assert "Kismet was directed by William Dieterle" in dispatcher.messages[0]["answer"]
        assert recommend.calls == []


def test_films_like_a_named_one_read_as_a_fact_of_it_are_a_request(
    dispatcher, domain, classifier, monkeypatch
) -> None:
    from actions import services

    # the parser reads "what type is Heat" into "heat type madness please"; the request is for
    # films (the recommendation reader seeds it with Heat)
    monkeypatch.setattr(services, "recommender", lambda: NamingRecommender(True))
    action, creative, recommend = second_stage(classifier)
    run(action, dispatcher, fallback_tracker("Heat type madness please"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_recommendations"]
    assert recommend.calls == ["request"] and creative.calls == []


def test_every_outcome_of_the_recommendation_service_has_a_response(domain) -> None:
    from actions.recommend import RESPONSES

    assert set(RESPONSES) == {"list", "nothing", "unknown_film", "unknown_film_none", "ambiguous_person"}
    assert [r for r in RESPONSES.values() if r not in domain["responses"]] == []


@pytest.mark.parametrize(
    "text, confidence, handed_on",
    [
        ("feeling really low today, cheer me up please", 0.51, True),  # a request for films
        ("feeling really low today, cheer me up please", 0.95, False),  # the NLU was sure
        ("recommend me a good book", 0.6, False),  # a weaker claim: not a film
        ("order me a pizza", 0.6, False),
    ],
)
def test_out_of_scope_hands_on_a_message_another_reader_claims_strongly(
    dispatcher, domain, text, confidence, handed_on, monkeypatch
) -> None:
    from actions import out_of_scope, understand

    calls: list[str] = []

    async def second_stage(self, dispatcher, tracker, domain):
        calls.append(tracker.latest_message["text"])
        return []

    async def no_film_question(self, dispatcher, tracker):
        return None

    monkeypatch.setattr(understand.ActionSecondStage, "__init__", lambda self: None)
    monkeypatch.setattr(understand.ActionSecondStage, "run", second_stage)
    monkeypatch.setattr(understand.ActionSecondStage, "named_film_question", no_film_question)
    message = {"text": text, "intent": {"name": "out_of_scope", "confidence": confidence}, "entities": []}
    tracker = load_tracker("tracker_ask_director.json", latest_message=message)
    assert run(out_of_scope.ActionOutOfScope(), dispatcher, tracker, domain) == []
    assert calls == ([text] if handed_on else [])
    assert [m["response"] for m in dispatcher.messages] == ([] if handed_on else ["utter_out_of_scope"])


@pytest.mark.parametrize(
    ("text", "confidence", "answered"),
    [
        ("rate Kismet", 0.68, True),  # a film question in words the NLU took for another task
        ("rate Kismet", 0.95, False),  # the NLU was sure
        ("order me a pizza", 0.6, False),  # nothing of the graph named
        ("who is Ronald Colman", 0.7, False),  # who someone is: no sign of a film question
    ],
)
def test_out_of_scope_answers_a_film_question_the_parser_is_certain_of(
    dispatcher, domain, classifier, text, confidence, answered, monkeypatch
) -> None:
    from actions import out_of_scope, understand

    qa = make_qa(classifier)
    init = understand.ActionSecondStage.__init__
    monkeypatch.setattr(understand.ActionSecondStage, "__init__", lambda self: init(self, qa))
    message = {"text": text, "intent": {"name": "out_of_scope", "confidence": confidence}, "entities": []}
    tracker = load_tracker("tracker_ask_director.json", latest_message=message)
    run(out_of_scope.ActionOutOfScope(), dispatcher, tracker, domain)
    responses = [m["response"] for m in dispatcher.messages]
    assert responses == (["utter_kg_answer"] if answered else ["utter_out_of_scope"])
    if answered:
        assert "Kismet" in dispatcher.messages[0]["answer"]


def test_second_stage_falls_back_with_a_sorry_to_a_negative_message(dispatcher, domain, classifier) -> None:
    action, creative, recommend = second_stage(classifier)
    tracker = fallback_tracker("blorp wibble zonk, you are useless")
    tracker.slots.update(sentiment="negative", frustrated=True)
    assert run(action, dispatcher, tracker, domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_default_empathetic"]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        "/request_human", "/help", "/request_recommendation"
    ]  # fmt: skip
    assert "didn't quite understand" in domain["responses"]["utter_default_empathetic"][0]["text"]


def test_second_stage_falls_back_plainly_to_one_negative_reading(dispatcher, domain, classifier) -> None:
    action, creative, recommend = second_stage(classifier)
    tracker = fallback_tracker("blorp wibble zonk")
    tracker.slots.update(sentiment="negative", frustrated=False)
    assert run(action, dispatcher, tracker, domain) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]


@pytest.mark.parametrize(("reads_nothing", "handed_on"), [(False, True), (True, False)])
def test_a_list_of_films_that_finds_none_goes_to_the_recommendation_reader(
    dispatcher, domain, classifier, monkeypatch, reads_nothing, handed_on
) -> None:
    from actions import services
    from kg.turn import Reply

    class Reader(NamingRecommender):
        def reads_nothing(self, text: str) -> bool:
            return reads_nothing

    monkeypatch.setattr(services, "recommender", lambda: Reader(False))
    action, creative, recommend = second_stage(classifier)
    tracker = fallback_tracker("biopics about someone real from 2005 on")
    nothing = Reply("answer", {"answer": "I found no films that way: 0 biography films."}, found_nothing=True)
    events = asyncio.run(action.nothing_found(dispatcher, tracker, nothing))
    assert (events is not None) is handed_on
    assert recommend.calls == (["request"] if handed_on else [])
    found = Reply("answer", {"answer": "3 biography films: ..."})
    assert asyncio.run(action.nothing_found(dispatcher, tracker, found)) is None


def test_a_list_by_a_genre_that_finds_none_says_so(classifier) -> None:
    qa = make_qa(classifier)
    reply = qa.answer(Question("comedies from 1950"))
    assert reply.found_nothing is True
    assert str(reply.variables["answer"]).startswith("I found no films that way")
    assert qa.answer(Question("comedies from 2001")).found_nothing is False


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("the subs are in french and i cant switch them", False),  # a language alone: not a film list
        ("who directed Kismet", True),  # a named film: a film question
    ],
)
def test_support_hands_on_only_a_film_question_about_a_name(
    dispatcher, domain, classifier, text, taken
) -> None:
    action, creative, recommend = second_stage(classifier)
    message = {"text": text, "intent": {"name": "ask_support", "confidence": 0.6}, "entities": []}
    tracker = load_tracker("tracker_ask_director.json", latest_message=message)
    events = asyncio.run(action.take(dispatcher, tracker, domain))
    assert (events is not None) is taken
    assert [m["response"] for m in dispatcher.messages] == (["utter_kg_answer"] if taken else [])


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("translate thank you into french", False),  # a language alone, nothing about films
        ("which films are in french", True),
        ("french comedies", True),  # a genre says films
    ],
)
def test_a_language_alone_is_no_film_question(dispatcher, domain, classifier, text, answered) -> None:
    action, creative, recommend = second_stage(classifier)
    run(action, dispatcher, fallback_tracker(text), domain)
    said = [m["response"] for m in dispatcher.messages]
    assert (said == ["utter_kg_answer"]) is answered
    if not answered:
        assert said == ["utter_default"]


@pytest.mark.parametrize(
    ("text", "started", "frustrated", "response"),
    [
        ("merci beaucoup!", False, False, "utter_you_are_welcome"),
        ("ciao!", False, False, "utter_greet"),
        ("ciao!", True, False, "utter_goodbye"),
        ("thats all for today, take care", True, True, "utter_goodbye_sorry"),
        ("new here, how am i meant to use this chat", False, False, "utter_help"),
    ],
)
def test_second_stage_answers_small_talk_the_nlu_fell_back_on_as_its_rule_does(
    dispatcher, domain, classifier, text: str, started: bool, frustrated: bool, response: str
) -> None:
    action, creative, recommend = second_stage(classifier, "answer", 0.99)
    tracker = fallback_tracker(text)
    if started:
        tracker.events.insert(-1, {"event": "bot", "text": "Hi, I'm Encore!"})
    tracker.slots["frustrated"] = frustrated
    assert run(action, dispatcher, tracker, domain) == []
    assert [m["response"] for m in dispatcher.messages] == [response]
    assert response in domain["responses"]
    assert creative.calls == recommend.calls == []


def test_second_stage_reads_on_past_a_greeting_followed_by_a_request(dispatcher, domain, classifier) -> None:
    action, _, recommend = second_stage(classifier)
    run(action, dispatcher, fallback_tracker("hola amigo, what should i watch tonight"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_recommendations"]
    assert recommend.calls == ["request"]


def test_a_fault_described_in_words_is_never_a_recommendation_on_the_nlus_lean(
    dispatcher, domain, classifier
) -> None:
    action, _, recommend = second_stage(classifier)
    text = "every night around nine the film just sits there spinning"
    run(action, dispatcher, leaning_tracker(text, [("request_recommendation", 0.49)]), domain)
    assert recommend.calls == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]
