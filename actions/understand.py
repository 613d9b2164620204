"""The second stage behind the NLU: what happens when Rasa is not sure what a message means.

Rasa's ``FallbackClassifier`` turns a low-confidence or ambiguous intent into ``nlu_fallback``;
a rule sends that here instead of straight to "I didn't understand". The action asks the
action server's stronger readers in turn, each of which says whether it can handle the message
and how sure it is:

1. the film-question parser (:mod:`kg.parser`), when the message names something in the graph
   and the parser is sure of its relation path;
2. the FAQ retriever (:mod:`support`) with its calibrated gate: a confident answer;
3. the film-question parser again, when it is fairly sure.

Only when neither takes the message does the user hear the honest fallback. Nothing here can
start an irreversible flow (deletion, handover): those need their own confident intents.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.knowledge import build_question, reply_events
from kg.graph import GraphUnavailable
from kg.linker import LinkResult
from kg.parser import Parse
from kg.qa import FilmQA, Question
from support import tone
from support.service import SupportService, support_service

logger = logging.getLogger(__name__)

# The parser's probability of its path above which a fallback message is taken as a film
# question (only when the message itself names something in the graph): at once when it is
# sure, and after the FAQ retriever has declined when it is fairly sure.
FILM_SURE = 0.6
FILM_ACCEPT = 0.3
TIMEOUT = 10.0


class ActionSecondStage(Action):
    def __init__(self, qa: Optional[FilmQA] = None, support: Optional[SupportService] = None) -> None:
        self._qa = qa
        self._support = support

    def name(self) -> str:
        return "action_second_stage"

    @property
    def qa(self) -> FilmQA:
        return self._qa or services.film_qa()

    @property
    def support(self) -> SupportService:
        return self._support or support_service()

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        question = build_question(tracker)
        if question.text.strip():
            understood = await self._understand(question)
            events = await self._film(dispatcher, understood, FILM_SURE)
            if events is not None:
                return events
            try:
                if await self._faq(dispatcher, tracker, question.text):
                    return []
            except Exception:
                logger.exception("second stage: FAQ retrieval failed on %r", question.text)
            events = await self._film(dispatcher, understood, FILM_ACCEPT)
            if events is not None:
                return events
        dispatcher.utter_message(response="utter_default")
        return []

    async def _understand(self, question: Question) -> Optional[tuple[Parse, Optional[LinkResult]]]:
        """The parser's reading of the message (once), or None if the graph cannot be asked."""
        try:
            parse, missing = await services.run_blocking(self.qa.understand, question, timeout=TIMEOUT)
        except (GraphUnavailable, asyncio.TimeoutError) as exc:
            logger.warning("second stage: knowledge graph unavailable: %s", exc)
            return None
        except Exception:
            logger.exception("second stage: film parser failed on %r", question.text)
            return None
        return (parse, missing) if parse is not None else None

    async def _film(
        self,
        dispatcher: CollectingDispatcher,
        understood: Optional[tuple[Parse, Optional[LinkResult]]],
        threshold: float,
    ) -> Optional[list[dict[str, Any]]]:
        """Answer as a film question if the message names something in the graph and the parser
        is at least ``threshold`` sure of its path."""
        if understood is None:
            return None
        parse, missing = understood
        topic = parse.topic
        if topic is None or topic.from_context or not topic.linked or parse.confidence < threshold:
            return None
        try:
            reply = await services.run_blocking(self.qa.reply, parse, missing, timeout=TIMEOUT)
        except (GraphUnavailable, asyncio.TimeoutError) as exc:
            logger.warning("second stage: knowledge graph unavailable: %s", exc)
            return None
        except Exception:
            logger.exception("second stage: film question failed on %r", parse)
            return None
        dispatcher.utter_message(response=reply.response, buttons=reply.buttons, **reply.variables)
        return reply_events(reply)

    async def _faq(self, dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
        result = await services.run_blocking(self.support.analyse, text, True, False, timeout=TIMEOUT)
        if result.decision.action != "answer" or not result.entries:
            return False
        mood = tone.tone_for(tracker.get_slot("sentiment") or "neutral")
        dispatcher.utter_message(response=f"utter_support_answer_{mood}", answer=result.entries[0].answer)
        return True
