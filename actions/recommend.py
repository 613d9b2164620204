"""Personal film recommendations: one thin action over :mod:`recommender.service`."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from kg.graph import GraphUnavailable
from recommender import cues
from recommender.conversation import FEEDBACK, REQUEST, TASTE
from recommender.service import RecommenderService

logger = logging.getLogger(__name__)

TIMEOUT = 30.0  # the first turn loads the artifacts (and builds them if they are missing)
MAX_TEXT = 500
# A request the NLU was not sure of, in which the recommendation reader finds no request for
# something to watch, is read by the second stage instead (a support question in new words).
UNSURE_INTENT = 0.9
WEAK_REQUEST = 0.3


def not_a_request(tracker: Tracker) -> bool:
    """True when this message reached the action by a guess of the NLU: a request with no cue
    of one, or "feedback" with no word of feedback when no list was shown ("my voucher says it
    was already used"; "I've already watched the first one" is still feedback)."""
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
    text = message.get("text") or ""
    if text.startswith("/") or cues.request_strength(text) >= WEAK_REQUEST:
        return False
    if name == "request_recommendation":
        return confidence < UNSURE_INTENT
    state = tracker.get_slot("rec_state")
    shown = isinstance(state, dict) and bool(state.get("last"))
    return name == "recommend_feedback" and not shown and not cues.is_feedback(text)


# What each intent that reaches the action is to the recommendation service; any other (tastes
# stated, "i love westerns") is TASTE. "not that one" is deny and "another one" refine_creative
# in the NLU: after a list, they are feedback on it.
KINDS = {
    "request_recommendation": REQUEST,
    "recommend_feedback": FEEDBACK,
    "deny": FEEDBACK,
    "refine_creative": FEEDBACK,
}


def kind_of(intent: str) -> str:
    """The kind of message (:data:`recommender.conversation.KINDS`) an intent says it is."""
    return KINDS.get(intent, TASTE)


# The domain response that says each outcome of the recommendation service.
RESPONSES = {
    "list": "utter_recommendations",
    "nothing": "utter_recommend_nothing",
    "unknown_film": "utter_recommend_unknown_film",
    "unknown_film_none": "utter_recommend_unknown_film_none",
    "ambiguous_person": "utter_recommend_ambiguous_person",
}


class ActionRecommend(Action):
    """Recommendations, feedback on them and stated tastes; the state lives in ``rec_state``."""

    def __init__(self, service: Optional[RecommenderService] = None, timeout: float = TIMEOUT) -> None:
        self._service = service
        self.timeout = timeout

    def name(self) -> str:
        return "action_recommend"

    @property
    def service(self) -> RecommenderService:
        return self._service or services.recommender()

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        if not_a_request(tracker):
            from actions.understand import ActionSecondStage  # it hands clear requests back here

            return await ActionSecondStage(recommend=self).run(dispatcher, tracker, domain)
        if await self._default_list_by_a_guess(tracker):
            from actions.understand import ActionSecondStage

            events = await ActionSecondStage(recommend=self).film_instead(dispatcher, tracker)
            if events is not None:
                return events
        return await self.respond(dispatcher, tracker, kind_of(intent))

    async def _default_list_by_a_guess(self, tracker: Tracker) -> bool:
        """True when the NLU guessed a request (less than UNSURE_INTENT sure) in which the
        reader finds nothing to choose films by ("i wonder what kind of movie Weird Science
        is"): the default list would answer it, so a film question the parser is sure of is
        answered instead (:meth:`actions.understand.ActionSecondStage.film_instead`)."""
        message = tracker.latest_message or {}
        intent = message.get("intent") or {}
        sure = float(intent.get("confidence") or 0.0) >= UNSURE_INTENT
        if intent.get("name") != "request_recommendation" or sure:
            return False
        text = (message.get("text") or "")[:MAX_TEXT]
        if text.startswith("/") or not text.strip():
            return False
        try:
            return await services.run_blocking(self.service.reads_nothing, text, timeout=self.timeout)
        except Exception:
            logger.exception("could not read %r as a request", text)
            return False

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, kind: str = REQUEST
    ) -> list[dict[str, Any]]:
        """Answer the latest message as a message of ``kind`` (the second stage passes a request
        when it chose the recommender for a message the NLU was not sure of)."""
        text = (tracker.latest_message.get("text") or "")[:MAX_TEXT]
        state = tracker.get_slot("rec_state")
        if not isinstance(state, dict):
            state = None
        try:
            reply = await services.run_blocking(
                self.service.respond, tracker.sender_id, text, kind, state, timeout=self.timeout
            )
        except (GraphUnavailable, asyncio.TimeoutError) as exc:
            logger.warning("recommendations unavailable: %s", exc)
            dispatcher.utter_message(response="utter_recommend_unavailable")
            return []
        except Exception:  # never let a stack trace reach the user
            logger.exception("failed to recommend for %r", text)
            dispatcher.utter_message(response="utter_recommend_error")
            return []
        dispatcher.utter_message(response=RESPONSES[reply.outcome], buttons=reply.buttons, **reply.variables)
        return [SlotSet("rec_state", reply.state)]
