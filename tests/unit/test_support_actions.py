"""Support actions with the Rasa trio: tracker snapshot, CollectingDispatcher, domain dict."""

import asyncio
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions import support as actions
from encore.user_store import UserStore
from faq.kb import FaqEntry
from faq.retrievers import build_retriever
from recommender.profiles import ProfileStore
from support import explicit
from support.config import load_config
from support.service import SupportService
from support.store import SupportStore
from tests.fakes import load_tracker

DATA = Path(__file__).resolve().parent.parent / "data"
ENTRIES = [
    FaqEntry(
        "app_crash", "App crashes", ("the app keeps crashing", "app closes by itself"), "Update the app."
    ),
    FaqEntry("no_sound", "No sound", ("there is no sound", "audio not working"), "Check the volume."),
    FaqEntry("subtitles", "Subtitles", ("turn on subtitles",), "Use the speech bubble."),
]


def service(tmp_path, broken=False) -> SupportService:
    config = load_config(
        {
            "ENCORE_SUPPORT_DIR": str(tmp_path / "support"),
            "FAQ_ANSWER_THRESHOLD": "0.55",
            "FAQ_CLARIFY_THRESHOLD": "0.1",
            "FAQ_ALPHA": "0.0",
            "FAQ_BM25_K": "1",
        }
    )
    svc = SupportService(
        config,
        ENTRIES,
        encoder=None,
        retriever=build_retriever("bm25", ENTRIES, bm25_k=1.0),
        # the test's own database, never the one the settings name
        store=SupportStore(config.data_dir, UserStore(f"sqlite:///{tmp_path / 'users.db'}")),
    )
    if broken:
        svc.analyse = lambda *a: (_ for _ in ()).throw(RuntimeError("bug"))  # type: ignore[method-assign]
    return svc


def message(text: str, entities=None) -> dict:
    return {"text": text, "intent": {"name": "ask_support", "confidence": 0.9}, "entities": entities or []}


def run(action, tracker, domain) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    for m in dispatcher.messages:
        assert m["response"] in domain["responses"] or (m["response"] is None and m["custom"]), m
    return events, dispatcher.messages


def test_actions_are_in_the_domain(domain) -> None:
    for cls in (
        actions.ActionAnswerSupport,
        actions.ActionOfferHuman,
        actions.ActionCreateHandoffTicket,
        actions.ActionConfirmDeleteData,
        actions.ActionDeleteData,
        actions.ActionCancelPending,
    ):
        assert cls().name() in domain["actions"]


def test_the_answer_takes_its_tone_from_the_slot(tmp_path, domain) -> None:
    # The tone comes from the slot (negative in the snapshot): the service scores no sentiment.
    events, messages = run(
        actions.ActionAnswerSupport(service(tmp_path)),
        load_tracker("tracker_support_complaint.json"),
        domain,
    )
    assert [m["response"] for m in messages] == ["utter_support_answer_empathetic"]
    assert messages[0]["answer"] == "Update the app."
    assert events == []


def test_weak_match_clarifies_with_buttons(tmp_path, domain) -> None:
    tracker = load_tracker("tracker_support_complaint.json", slots={}, latest_message=message("app sound"))
    _, messages = run(actions.ActionAnswerSupport(service(tmp_path)), tracker, domain)
    assert messages[0]["response"] == "utter_support_clarify_brisk"
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[-1] == "/request_human"
    assert set(payloads[:-1]) == {'/ask_support{"faq_id": "app_crash"}', '/ask_support{"faq_id": "no_sound"}'}


def test_a_clarification_button_answers_that_entry(tmp_path, domain) -> None:
    tracker = load_tracker(
        "tracker_support_complaint.json",
        slots={},
        latest_message=message(
            '/ask_support{"faq_id": "subtitles"}', [{"entity": "faq_id", "value": "subtitles"}]
        ),
    )
    _, messages = run(actions.ActionAnswerSupport(service(tmp_path)), tracker, domain)
    assert (messages[0]["response"], messages[0]["answer"]) == (
        "utter_support_answer_brisk",
        "Use the speech bubble.",
    )


def test_no_match_does_not_guess(tmp_path, domain) -> None:
    tracker = load_tracker("tracker_support_complaint.json", slots={}, latest_message=message("🎬🍿😀"))
    _, messages = run(actions.ActionAnswerSupport(service(tmp_path)), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_support_no_match_brisk"]
    assert messages[0]["buttons"] == [actions.HUMAN_BUTTON]


def test_error_branch_is_polite(tmp_path, domain) -> None:
    events, messages = run(
        actions.ActionAnswerSupport(service(tmp_path, broken=True)),
        load_tracker("tracker_support_complaint.json"),
        domain,
    )
    assert events == [] and [m["response"] for m in messages] == ["utter_support_error"]


def test_ticket_holds_transcript_and_sentiment_trail(tmp_path, domain) -> None:
    svc = service(tmp_path)
    events, messages = run(
        actions.ActionCreateHandoffTicket(svc), load_tracker("tracker_support_complaint.json"), domain
    )
    assert events == [SlotSet("pending_confirmation", None)]
    assert messages[0]["response"] == "utter_handoff_created"
    [ticket] = svc.store.tickets_of("support-unit")
    assert ticket["ticket_id"] == messages[0]["ticket_id"]
    assert [t["text"] for t in ticket["transcript"]][0] == "the app keeps crashing"
    # The trail comes from the messages' sentiment entities (the click "/affirm" has none).
    assert [t["score"] for t in ticket["sentiment_trail"]] == [-0.7, -0.5]
    assert ticket["sentiment_summary"]["negative"] == 2


def test_delete_data_removes_records_and_restarts(tmp_path, domain, monkeypatch) -> None:
    svc = service(tmp_path)
    # The recommender's taste profiles: another database here, as with a store of its own.
    taste = ProfileStore(tmp_path / "recommend", UserStore(f"sqlite:///{tmp_path / 'taste.db'}"))
    monkeypatch.setattr(services, "recommender", lambda: SimpleNamespace(store=taste))
    taste.save("support-unit", {"ratings": {"Heat": 5}})
    tracker = load_tracker("tracker_support_complaint.json")
    run(actions.ActionAnswerSupport(svc), tracker, domain)  # writes a profile
    run(actions.ActionCreateHandoffTicket(svc), tracker, domain)
    assert svc.store.profile("support-unit") is not None
    svc.store.store.put("support_profile", "someone-else", {"questions": 1})
    events, messages = run(actions.ActionDeleteData(svc), tracker, domain)
    assert events == [Restarted(), FollowupAction("action_listen")]
    assert messages[0]["response"] == "utter_data_deleted"
    assert (messages[0]["tickets"], messages[0]["profile"], messages[0]["messages"]) == (1, "deleted", 4)
    assert svc.store.profile("support-unit") is None and svc.store.tickets_of("support-unit") == []
    assert taste.load("support-unit")["ratings"] == {}
    assert svc.store.profile("someone-else") == {"questions": 1}


def test_delete_data_asks_the_web_widget_to_forget_its_transcript(tmp_path, domain, monkeypatch) -> None:
    monkeypatch.setattr(
        services, "recommender", lambda: SimpleNamespace(store=SimpleNamespace(delete=lambda s: 0))
    )
    tracker = load_tracker("tracker_support_complaint.json")
    [last_user] = [e for e in tracker.events if e.get("event") == "user"][-1:]
    last_user["input_channel"] = "socketio"
    _, messages = run(actions.ActionDeleteData(service(tmp_path)), tracker, domain)
    assert [m.get("custom") for m in messages[:1]] == [{"data": actions.FORGET_TRANSCRIPT}]
    assert messages[1]["response"] == "utter_data_deleted"
    last_user["input_channel"] = "rest"  # other channels get the confirmation alone
    _, messages = run(actions.ActionDeleteData(service(tmp_path)), tracker, domain)
    assert [m["response"] for m in messages] == ["utter_data_deleted"]


def test_cancel_pending(tmp_path, domain) -> None:
    tracker = load_tracker("tracker_support_complaint.json", slots={"pending_confirmation": "delete_data"})
    events, messages = run(actions.ActionCancelPending(), tracker, domain)
    assert events == [SlotSet("pending_confirmation", None)]
    assert messages[0]["response"] == "utter_delete_cancelled"


def test_service_truncates_and_handles_empty_text(tmp_path) -> None:
    svc = service(tmp_path)
    assert svc.analyse("").decision.action == "fallback"
    assert svc.analyse("there is no sound " * 500).decision.action == "answer"
    assert np.isfinite(svc.analyse("x" * 10_000).confidence)


class RecordingSecondStage:
    """Stands in for action_second_stage: records that it was asked and says one thing."""

    def __init__(self) -> None:
        self.calls = 0

    def name(self) -> str:
        return "action_second_stage"

    async def run(self, dispatcher, tracker, domain):
        self.calls += 1
        dispatcher.utter_message(response="utter_default")
        return []

    async def take(self, dispatcher, tracker, domain):
        """The other readers: they take messages about watching something (a stand-in rule)."""
        if "watch" not in (tracker.latest_message.get("text") or ""):
            return None
        return await self.run(dispatcher, tracker, domain)


def intent_message(text: str, intent: str, confidence: float) -> dict:
    return {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}


def test_offer_human_and_confirm_delete_set_the_pending_question(tmp_path, domain) -> None:
    second = RecordingSecondStage()
    tracker = load_tracker(
        "tracker_support_complaint.json",
        latest_message=intent_message("talk to a human", "request_human", 0.97),
    )
    action = actions.ActionOfferHuman(service(tmp_path), second_stage=second)
    events, messages = run(action, tracker, domain)
    assert events == [SlotSet("pending_confirmation", "handoff"), SlotSet("human_offered", True)]
    assert messages[0]["response"] == "utter_offer_human" and messages[0]["buttons"] == actions.YES_NO
    tracker = load_tracker(
        "tracker_support_complaint.json",
        latest_message=intent_message("please delete all my data", "delete_data", 0.95),
    )
    events, messages = run(actions.ActionConfirmDeleteData(second_stage=second), tracker, domain)
    assert events == [SlotSet("pending_confirmation", "delete_data")]
    assert messages[0]["response"] == "utter_confirm_delete_data"
    assert second.calls == 0


def test_the_offer_after_a_frustrated_support_question_needs_no_request(tmp_path, domain) -> None:
    second = RecordingSecondStage()
    tracker = load_tracker("tracker_support_complaint.json", latest_message=message("this app is useless"))
    action = actions.ActionOfferHuman(service(tmp_path), second_stage=second)
    events, messages = run(action, tracker, domain)
    assert events == [SlotSet("pending_confirmation", "handoff"), SlotSet("human_offered", True)]
    assert second.calls == 0


@pytest.mark.parametrize(
    "text, confidence",
    [
        ("everything looks pixelated", 0.91),  # a guess of the NLU: nothing about data
        ("delete my data", 0.55),  # explicit, but the NLU is not sure
        ("remove the film from my list", 0.93),
        ("/delete_data", 0.6),
    ],
)
def test_deletion_is_not_offered_without_a_confident_explicit_request(text, confidence, domain) -> None:
    second = RecordingSecondStage()
    tracker = load_tracker(
        "tracker_support_complaint.json", latest_message=intent_message(text, "delete_data", confidence)
    )
    events, messages = run(actions.ActionConfirmDeleteData(second_stage=second), tracker, domain)
    assert second.calls == 1
    assert [m["response"] for m in messages] == ["utter_default"]
    assert events == [SlotSet("pending_confirmation", None)]


@pytest.mark.parametrize(
    "text, confidence",
    [("I can't bear Whoopi Goldberg", 0.93), ("get me a human", 0.6), ("this is so annoying", 0.9)],
)
def test_a_human_is_not_offered_without_a_confident_explicit_request(
    tmp_path, text, confidence, domain
) -> None:
    second = RecordingSecondStage()
    tracker = load_tracker(
        "tracker_support_complaint.json", latest_message=intent_message(text, "request_human", confidence)
    )
    action = actions.ActionOfferHuman(service(tmp_path), second_stage=second)
    events, messages = run(action, tracker, domain)
    assert second.calls == 1
    assert [m["response"] for m in messages] == ["utter_default"]
    assert events == [SlotSet("pending_confirmation", None)]


@pytest.mark.parametrize(
    "text",
    ["delete my data", "please erase everything you know about me", "wipe my history", "forget me",
     "I want my personal information removed", "/delete_data"],
)  # fmt: skip
def test_explicit_deletion_requests(text) -> None:
    assert explicit.explicit_deletion(text)


@pytest.mark.parametrize(
    "text",
    ["everything looks pixelated", "cancel my subscription", "the movie stops every few seconds",
     "remove the film from my list", "how do i stop my kids watching horror"],
)  # fmt: skip
def test_messages_that_do_not_ask_for_deletion(text) -> None:
    assert not explicit.explicit_deletion(text)


@pytest.mark.parametrize(
    "text, confidence, handed_on",
    [
        ("whats a good comedy to watch tonight", 0.7, True),  # no FAQ answer, another reader takes it
        ("whats a good comedy to watch tonight", 1.0, True),  # even when the NLU is sure
        ("problem with my card", 0.7, False),  # nobody else takes it: the FAQ's own reply
    ],
)
def test_a_support_message_another_reader_claims_is_handed_on_without_a_sure_answer(
    tmp_path, domain, text, confidence, handed_on
) -> None:
    second = RecordingSecondStage()
    tracker = load_tracker(
        "tracker_support_complaint.json", latest_message=intent_message(text, "ask_support", confidence)
    )
    action = actions.ActionAnswerSupport(service(tmp_path), second_stage=second)
    events, messages = run(action, tracker, domain)
    assert second.calls == int(handed_on)
    assert (messages[0]["response"] == "utter_default") is handed_on
    if not handed_on:
        assert messages[0]["response"].startswith(("utter_support_clarify", "utter_support_no_match"))


class _Taker:
    """A second stage whose readers take every message they are offered (and count them)."""

    def __init__(self) -> None:
        self.offered: list[str] = []

    async def take(self, dispatcher, tracker, domain):
        self.offered.append(tracker.latest_message["text"])
        dispatcher.utter_message(response="utter_kg_answer", answer="a film answer")
        return []


@pytest.mark.parametrize(
    "intent_confidence, faq_confidence, offered",
    [
        (0.52, 0.49, True),  # unsure NLU, a modest FAQ answer: the other readers are asked first
        (0.95, 0.49, False),  # the NLU was sure it is a support question: the FAQ answers
        (0.52, 0.85, False),  # the FAQ is near certain: it answers
    ],
)
def test_an_unsure_faq_answer_lets_the_other_readers_ask_first(
    tmp_path, domain, intent_confidence, faq_confidence, offered
) -> None:
    svc = service(tmp_path)
    real = svc.analyse

    def analyse(text: str):
        result = real(text)
        assert result.decision.action == "answer"
        return type(result)(result.decision, result.entries, faq_confidence)

    svc.analyse = analyse  # type: ignore[method-assign]
    second = _Taker()
    action = actions.ActionAnswerSupport(svc, second_stage=second)  # type: ignore[arg-type]
    intent = {"name": "ask_support", "confidence": intent_confidence}
    latest = {**message("the app crashes"), "intent": intent}
    tracker = load_tracker("tracker_support_complaint.json", slots={}, latest_message=latest)
    _, messages = run(action, tracker, domain)
    assert (second.offered == ["the app crashes"]) is offered
    assert messages[0]["response"] == ("utter_kg_answer" if offered else "utter_support_answer_brisk")
