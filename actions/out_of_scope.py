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

from actions.claims import STRONG_CLAIM, claimed_by_another


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if claimed_by_another(tracker.latest_message or {}, floor=STRONG_CLAIM):
            from actions.understand import ActionSecondStage  # it reads the other capabilities

            return await ActionSecondStage().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
