"""Say what Encore does not do, unless the message asks for something it does.

The NLU's ``out_of_scope`` intent learns from examples of other tasks ("order me a pizza", "how do
i lose weight"); a request for films in words close to them ("feeling really low today, cheer me
up please") can land there. When the NLU was not sure and the recommendation or creative reader
claims the message strongly, the second stage (:mod:`actions.understand`) reads it instead; when
the NLU was not sure and the film parser is certain of a question about a film or person the
message names ("rate The Matrix"), the parser answers; otherwise the reply is
``utter_out_of_scope``.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.claims import STRONG_CLAIM, UNSURE_INTENT, claimed_by_another, intent_confidence


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        from actions.understand import ActionSecondStage  # it reads the other capabilities

        message = tracker.latest_message or {}
        if claimed_by_another(message, floor=STRONG_CLAIM):
            return await ActionSecondStage().run(dispatcher, tracker, domain)
        if intent_confidence(message) < UNSURE_INTENT:
            events = await ActionSecondStage().named_film_question(dispatcher, tracker)
            if events is not None:
                return events
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
