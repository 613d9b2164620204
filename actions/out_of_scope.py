"""Say what Encore does not do, unless the message asks for something it does.

The NLU's ``out_of_scope`` intent learns from examples of other tasks ("order me a pizza", "how do
i lose weight"); a request for films in words close to them ("feeling really low today, cheer me
up please") can land there. When the NLU was not sure and the recommendation or creative reader
claims the message strongly, the second stage (:mod:`actions.understand`) reads it instead;
otherwise the reply is ``utter_out_of_scope``.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.claims import STRONG_CLAIM, UNSURE_INTENT, intent_confidence, message_claims


def claimed_by_a_reader(message: dict[str, Any]) -> bool:
    """True when the NLU was not sure the message is out of scope and the recommendation or
    creative reader claims it strongly (a weaker claim, "recommend me a good book", stays out)."""
    return intent_confidence(message) < UNSURE_INTENT and message_claims(message).strongest >= STRONG_CLAIM


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if claimed_by_a_reader(tracker.latest_message or {}):
            from actions.understand import ActionSecondStage  # it reads the other capabilities

            return await ActionSecondStage().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
