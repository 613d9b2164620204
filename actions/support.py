"""Customer-service actions: FAQ answers whose tone follows the user's mood (the ``sentiment``
slot, which the NLU fills on every typed message: :mod:`rasa_plugins.sentiment`),
clarification with buttons, escalation to a human (handoff ticket), and "delete my data".

Thin: the work is in :mod:`support.service` (retrieval + sentiment), :mod:`support.tone` (pure
tone and escalation rules) and :mod:`support.store` (tickets and profiles).
"""

from __future__ import annotations

import abc
import asyncio
import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.claims import UNSURE_INTENT, intent_confidence
from actions.understand import FAQ_OVER_CLAIMS, ActionSecondStage
from sentiment import trail as trails
from support import explicit, tone
from support.buttons import HUMAN_BUTTON, YES_NO, faq_button
from support.service import SupportService, support_service

logger = logging.getLogger(__name__)

# The Socket.IO event the web widget (web/widget.js) takes as "clear the transcript you keep".
FORGET_TRANSCRIPT = {"encore_forget_transcript": True}

TIMEOUT = 60.0  # the first turn may load MiniLM and build a missing index or model


class SupportAction(Action, abc.ABC):
    """Base of the support actions. Abstract, so that rasa-sdk does not register it."""

    @abc.abstractmethod
    def name(self) -> str: ...

    def __init__(
        self,
        service: Optional[SupportService] = None,
        timeout: float = TIMEOUT,
        second_stage: Optional[Action] = None,
    ) -> None:
        self._service = service
        self.timeout = timeout
        self.second_stage = second_stage or ActionSecondStage()

    @property
    def service(self) -> SupportService:
        return self._service or support_service()


class ActionAnswerSupport(SupportAction):
    """Answer, clarify with buttons, or say there is no answer, in the tone of the ``sentiment``
    slot (set for this message by the NLU). The offer of a human after a
    frustrated message is the next action, chosen by a rule on the slot ``frustrated``."""

    def name(self) -> str:
        return "action_answer_support"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        try:
            # the service is looked up in the worker thread too: building it (a cold start) or
            # opening its store must not block the event loop
            result = await services.run_blocking(lambda: self.service.analyse(text), timeout=self.timeout)
        except asyncio.TimeoutError:
            logger.warning("support turn timed out")
            dispatcher.utter_message(response="utter_support_error", buttons=[HUMAN_BUTTON])
            return []
        except Exception:  # never let a stack trace reach the user
            logger.exception("support turn failed")
            dispatcher.utter_message(response="utter_support_error", buttons=[HUMAN_BUTTON])
            return []
        label = tracker.get_slot("sentiment") or "neutral"
        mood = tone.tone_for(label)
        chosen = [str(v) for v in tracker.get_latest_entity_values("faq_id") if v]
        entry = self.service.by_id.get(chosen[0]) if chosen else None
        message = tracker.latest_message or {}
        unsure = result.decision.action != "answer" or (
            result.confidence < FAQ_OVER_CLAIMS and intent_confidence(message) < UNSURE_INTENT
        )
        if entry is None and unsure and not message.get("text", "").startswith("/"):
            # No sure FAQ answer: the other readers may take the message ("whats worth watching
            # tonight", "which pictures are tagged video game"). An FAQ answer counts as sure when
            # the FAQ is near certain or the NLU was sure of ask_support ("surveillance movie
            # list" is not about My list).
            events = await self.second_stage.take(dispatcher, tracker, domain)
            if events is not None:
                return events
        if entry is None and result.decision.action == "answer":
            entry = result.entries[0]
        if entry is not None:
            dispatcher.utter_message(response=f"utter_support_answer_{mood}", answer=entry.answer)
        elif result.decision.action == "clarify":
            buttons = [faq_button(e.id, e.topic) for e in result.entries] + [HUMAN_BUTTON]
            dispatcher.utter_message(response=f"utter_support_clarify_{mood}", buttons=buttons)
        else:
            dispatcher.utter_message(response=f"utter_support_no_match_{mood}", buttons=[HUMAN_BUTTON])
        scored = trails.entry_of(message)
        sentiment = {"label": label, "score": scored["score"] if scored else 0.0}
        try:
            self.service.store.update_profile(tracker.sender_id, entry.topic if entry else None, sentiment)
        except OSError:
            logger.exception("could not update the support profile")
        return []


class ActionOfferHuman(SupportAction):
    """Offer a human agent: when asked for one, or (a rule on ``frustrated`` and
    ``human_offered``) once per conversation after strong or sustained negativity. Asked for
    with ``request_human``, only a confident and explicit request (:mod:`support.explicit`) gets
    the offer; anything else is handed to the second stage."""

    def name(self) -> str:
        return "action_offer_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        intent = message.get("intent") or {}
        if intent.get("name") == "request_human" and not (
            explicit.confident(intent, "request_human")
            and explicit.explicit_handoff(message.get("text") or "")
        ):
            # Not a clear request for a person: the second stage reads the message instead.
            logger.info("handover not offered: request not confident or not explicit")
            return await self.second_stage.run(dispatcher, tracker, domain) + [
                SlotSet("pending_confirmation", None)
            ]
        dispatcher.utter_message(response="utter_offer_human", buttons=YES_NO)
        return [SlotSet("pending_confirmation", "handoff"), SlotSet("human_offered", True)]


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
        trail = trails.trail_of_events(tracker.events)
        try:
            said, summary = transcript(tracker), trails.summarize(trail)
            ticket = await services.run_blocking(
                lambda: self.service.store.create_ticket(tracker.sender_id, said, trail, summary),
                timeout=self.timeout,
            )
        except Exception:
            logger.exception("could not create a handoff ticket")
            dispatcher.utter_message(response="utter_handoff_failed")
            return [SlotSet("pending_confirmation", None)]
        dispatcher.utter_message(response="utter_handoff_created", ticket_id=ticket["ticket_id"])
        return [SlotSet("pending_confirmation", None)]


class ActionConfirmDeleteData(Action):
    """Ask to confirm the deletion of the user's data: only after a confident, explicit request
    (:mod:`support.explicit`); anything else is handed to the second stage."""

    def __init__(self, second_stage: Optional[Action] = None) -> None:
        self.second_stage = second_stage or ActionSecondStage()

    def name(self) -> str:
        return "action_confirm_delete_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        if not (
            explicit.confident(message.get("intent"), "delete_data")
            and explicit.explicit_deletion(message.get("text") or "")
        ):
            # Deletion starts only from a confident, explicit request (and is confirmed even
            # then); anything else is read by the second stage.
            logger.info("deletion not offered: request not confident or not explicit")
            return await self.second_stage.run(dispatcher, tracker, domain) + [
                SlotSet("pending_confirmation", None)
            ]
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
                lambda: self.service.store.delete_sender(tracker.sender_id), timeout=self.timeout
            )
            # The user store erased every kind of record above; the recommender's taste profile is
            # asked for too, in case its store is another database (recommender/profiles.py).
            deleted["profiles"] += await services.run_blocking(
                lambda: services.recommender().store.delete(tracker.sender_id), timeout=self.timeout
            )
        except Exception:
            logger.exception("could not delete the support data of a sender")
            dispatcher.utter_message(response="utter_delete_failed")
            return [SlotSet("pending_confirmation", None)]
        if tracker.get_latest_input_channel() == "socketio":
            # the web widget keeps a copy of the transcript in the browser: this tells it to forget
            # it (sent before the confirmation, which is all the widget then shows)
            dispatcher.utter_message(json_message={"data": FORGET_TRANSCRIPT})
        dispatcher.utter_message(
            response="utter_data_deleted",
            messages=messages,
            tickets=deleted["tickets"],
            profile="deleted" if deleted["profiles"] else "there was none",
        )
        # Restarted clears the slots for the rest of this turn. The Rasa server's tracker store
        # (rasa_plugins.tracker_store) sees this action followed by Restarted and erases every stored
        # event of the sender, earlier conversations included.
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
