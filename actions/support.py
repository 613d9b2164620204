"""Customer-service actions: FAQ answers whose tone follows the user's mood, clarification with
buttons, escalation to a human (handoff ticket), and "delete my data".

Thin: the work is in :mod:`support.service` (retrieval + sentiment), :mod:`support.tone` (pure
tone and escalation rules) and :mod:`support.store` (tickets and profiles).
"""

from __future__ import annotations

import abc
import asyncio
import json
import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from support import tone
from support.service import SupportService, TurnResult, support_service

logger = logging.getLogger(__name__)

TIMEOUT = 60.0  # the first turn may load MiniLM and build a missing index or model
HUMAN_BUTTON = {"title": "Talk to a human", "payload": "/request_human"}
YES_NO = [{"title": "Yes, please", "payload": "/affirm"}, {"title": "No, thanks", "payload": "/deny"}]


def faq_button(entry_id: str, topic: str) -> dict[str, str]:
    return {"title": topic, "payload": "/ask_support" + json.dumps({"faq_id": entry_id})}


def sentiment_events(
    tracker: Tracker, result: TurnResult
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Slot events for the message's sentiment, and the updated trail."""
    trail = tone.extend_trail(tracker.get_slot("sentiment_trail"), result.sentiment.as_dict())
    events = [
        SlotSet("sentiment", result.sentiment.label),
        SlotSet("sentiment_score", round(result.sentiment.score, 3)),
        SlotSet("sentiment_trail", trail),
        SlotSet("sentiment_summary", tone.summarize(trail)),
    ]
    return events, trail


class SupportAction(Action, abc.ABC):
    def __init__(self, service: Optional[SupportService] = None, timeout: float = TIMEOUT) -> None:
        self._service = service
        self.timeout = timeout

    @property
    def service(self) -> SupportService:
        return self._service or support_service()

    @abc.abstractmethod
    def name(self) -> str:
        """Abstract, so that the action server does not register this base class itself."""

    async def analyse(self, tracker: Tracker, retrieve: bool) -> TurnResult:
        text = tracker.latest_message.get("text") or ""
        return await services.run_blocking(self.service.analyse, text, retrieve, timeout=self.timeout)


class ActionAnswerSupport(SupportAction):
    def name(self) -> str:
        return "action_answer_support"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            result = await self.analyse(tracker, retrieve=True)
        except asyncio.TimeoutError:
            logger.warning("support turn timed out")
            dispatcher.utter_message(response="utter_support_error", buttons=[HUMAN_BUTTON])
            return []
        except Exception:  # never let a stack trace reach the user
            logger.exception("support turn failed")
            dispatcher.utter_message(response="utter_support_error", buttons=[HUMAN_BUTTON])
            return []
        events, trail = sentiment_events(tracker, result)
        mood = tone.tone_for(result.sentiment.label)
        chosen = [str(v) for v in tracker.get_latest_entity_values("faq_id") if v]
        entry = self.service.by_id.get(chosen[0]) if chosen else None
        if entry is None and result.decision.action == "answer":
            entry = result.entries[0]
        if entry is not None:
            dispatcher.utter_message(response=f"utter_support_answer_{mood}", answer=entry.answer)
        elif result.decision.action == "clarify":
            buttons = [faq_button(e.id, e.topic) for e in result.entries] + [HUMAN_BUTTON]
            dispatcher.utter_message(response=f"utter_support_clarify_{mood}", buttons=buttons)
        else:
            dispatcher.utter_message(response=f"utter_support_no_match_{mood}", buttons=[HUMAN_BUTTON])
        try:
            self.service.store.update_profile(
                tracker.sender_id, entry.topic if entry else None, result.sentiment.as_dict()
            )
        except OSError:
            logger.exception("could not update the support profile")
        offered = tracker.get_slot("pending_confirmation") == "handoff"
        if tone.should_offer_human(trail, already_offered=offered):
            dispatcher.utter_message(response="utter_offer_human", buttons=YES_NO)
            events.append(SlotSet("pending_confirmation", "handoff"))
        return events


class ActionOfferHuman(SupportAction):
    def name(self) -> str:
        return "action_offer_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        try:
            result = await self.analyse(tracker, retrieve=False)
            events, _ = sentiment_events(tracker, result)
        except Exception:  # the offer does not depend on the sentiment
            logger.exception("sentiment failed on a handoff request")
        dispatcher.utter_message(response="utter_offer_human", buttons=YES_NO)
        return [*events, SlotSet("pending_confirmation", "handoff")]


def transcript(tracker: Tracker) -> list[dict[str, Any]]:
    out = []
    for event in tracker.events:
        if event.get("event") in ("user", "bot") and event.get("text"):
            out.append({"from": event["event"], "text": event["text"], "time": event.get("timestamp")})
    return out


class ActionCreateHandoffTicket(SupportAction):
    def name(self) -> str:
        return "action_create_handoff_ticket"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        trail = tracker.get_slot("sentiment_trail") or []
        try:
            ticket = await services.run_blocking(
                self.service.store.create_ticket,
                tracker.sender_id,
                transcript(tracker),
                trail,
                tone.summarize(trail),
                timeout=self.timeout,
            )
        except Exception:
            logger.exception("could not create a handoff ticket")
            dispatcher.utter_message(response="utter_handoff_failed")
            return [SlotSet("pending_confirmation", None)]
        dispatcher.utter_message(response="utter_handoff_created", ticket_id=ticket["ticket_id"])
        return [SlotSet("pending_confirmation", None)]


class ActionConfirmDeleteData(Action):
    def name(self) -> str:
        return "action_confirm_delete_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_confirm_delete_data", buttons=YES_NO)
        return [SlotSet("pending_confirmation", "delete_data")]


class ActionDeleteData(SupportAction):
    def name(self) -> str:
        return "action_delete_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        messages = sum(1 for e in tracker.events if e.get("event") in ("user", "bot"))
        try:
            deleted = await services.run_blocking(
                self.service.store.delete_sender, tracker.sender_id, timeout=self.timeout
            )
            # ... and what the user told the recommender about their taste (recommender/profiles.py)
            deleted["profiles"] += await services.run_blocking(
                services.recommender().store.delete, tracker.sender_id, timeout=self.timeout
            )
        except Exception:
            logger.exception("could not delete the support data of a sender")
            dispatcher.utter_message(response="utter_delete_failed")
            return [SlotSet("pending_confirmation", None)]
        dispatcher.utter_message(
            response="utter_data_deleted",
            messages=messages,
            tickets=deleted["tickets"],
            profiles=deleted["profiles"],
        )
        # Restarted wipes the conversation (slots, history) from Rasa's tracker.
        return [Restarted(), FollowupAction("action_listen")]


class ActionCancelPending(Action):
    def name(self) -> str:
        return "action_cancel_pending"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        pending = tracker.get_slot("pending_confirmation")
        response = "utter_delete_cancelled" if pending == "delete_data" else "utter_handoff_declined"
        dispatcher.utter_message(response=response)
        return [SlotSet("pending_confirmation", None)]
