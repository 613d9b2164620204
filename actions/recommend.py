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
from recommender.service import RecommenderService

logger = logging.getLogger(__name__)

TIMEOUT = 30.0  # the first turn loads the artifacts (and builds them if they are missing)
MAX_TEXT = 500


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
        text = (tracker.latest_message.get("text") or "")[:MAX_TEXT]
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        state = tracker.get_slot("rec_state")
        if not isinstance(state, dict):
            state = None
        try:
            reply = await services.run_blocking(
                self.service.respond, tracker.sender_id, text, intent, state, timeout=self.timeout
            )
        except (GraphUnavailable, asyncio.TimeoutError) as exc:
            logger.warning("recommendations unavailable: %s", exc)
            dispatcher.utter_message(response="utter_recommend_unavailable")
            return []
        except Exception:  # never let a stack trace reach the user
            logger.exception("failed to recommend for %r", text)
            dispatcher.utter_message(response="utter_recommend_error")
            return []
        dispatcher.utter_message(response=reply.response, buttons=reply.buttons, **reply.variables)
        return [SlotSet("rec_state", reply.state)]
