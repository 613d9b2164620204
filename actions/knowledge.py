"""Answer film questions from the knowledge graph.

Rasa decides *that* a message is a film question (intent ``ask_film``, or the second stage
after a fallback); the question parser in :mod:`kg.qa` decides *what* it asks. The action reads
the message, the NLU's film/person entities (hints for misspelt names) and the conversation's
context (slots ``film``, ``person`` and ``kg_query``), and turns the service's reply into a
response and slot events.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.claims import (
    CLEAR_CLAIM,
    FILM_ACCEPT,
    FILM_CERTAIN,
    STRONG_CLAIM,
    asks_about_a_name,
    asks_for_films_to_watch,
    claimed_by_another,
    message_claims,
    nlu_lean,
    wants_one,
)
from kg.graph import GraphUnavailable
from kg.qa import UNSET, FilmQA, Question, Reply
from recommender.cues import asks_for_one
from support.service import support_service

logger = logging.getLogger(__name__)

MAX_TEXT = 1000  # longer messages are read on their first characters only
# A film question which the creative or the recommendation reader clearly claims ("movies
# like Trainspotting", "write an advert for the re-release of Jaws") is read by the second stage
# instead when the NLU was not sure, or when the film-question parser is not fairly sure
# (FILM_ACCEPT; FILM_CERTAIN against a strong claim) either.


def entity_values(tracker: Tracker, entity: str) -> list[str]:
    values = tracker.get_latest_entity_values(entity)
    return [str(v) for v in values if v is not None and str(v).strip()]


def build_question(tracker: Tracker) -> Question:
    last = tracker.get_slot("kg_query")
    return Question(
        text=(tracker.latest_message.get("text") or "")[:MAX_TEXT],
        films=entity_values(tracker, "film"),
        people=entity_values(tracker, "person"),
        context_film=tracker.get_slot("film"),
        context_person=tracker.get_slot("person"),
        last_query=last if isinstance(last, dict) else None,
    )


def response_of(reply: Reply) -> str:
    """The domain response that says the film service's outcome (``utter_kg_<outcome>``)."""
    return f"utter_kg_{reply.outcome}"


def reply_events(reply: Reply) -> list[dict[str, Any]]:
    events = []
    if reply.film is not UNSET:
        events.append(SlotSet("film", reply.film))
    if reply.person is not UNSET:
        events.append(SlotSet("person", reply.person))
    if reply.query is not UNSET:
        events.append(SlotSet("kg_query", reply.query))
    return events


def _preload() -> None:
    """Before the first message (in the background): build the film parser and plan every path
    query, then load the FAQ retriever and the recommender, which the second stage may ask on
    any turn. Loaded on a first turn instead, they made it wait seconds, and under load they
    showed up as the action server's memory growing (measured: +146 MB on the first FAQ lookup,
    +72 MB on the first request)."""
    steps = (
        ("film questions", lambda: services.film_qa().warm_up()),
        ("customer-service answers", lambda: support_service().analyse("how do i cancel")),
        ("recommendations", lambda: services.recommender().reads_nothing("a comedy please")),
    )
    try:
        for what, step in steps:
            try:
                step()
            except Exception as exc:  # Neo4j not up yet, say: the first question loads it instead
                logger.info("%s not preloaded (%s); they will load on first use", what, exc)
    finally:
        services.preloaded.set()


class ActionAnswerFilmQuestion(Action):
    """Answers every knowledge-graph question: the parser reads which one it is."""

    def __init__(self, qa: Optional[FilmQA] = None, timeout: float = 10.0) -> None:
        self._qa = qa
        self.timeout = timeout
        if qa is None and services.preload_enabled():
            threading.Thread(target=_preload, name="encore-kg-preload", daemon=True).start()

    def name(self) -> str:
        return "action_answer_film_question"

    @property
    def qa(self) -> FilmQA:
        return self._qa or services.film_qa()

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        claims = message_claims(message)
        if claimed_by_another(message, claims):
            return await self._second_stage(dispatcher, tracker, domain)
        question = build_question(tracker)
        claimed = claims.strongest >= CLEAR_CLAIM
        try:
            if claimed or asks_for_one(question.text):
                parse, missing = await services.run_blocking(
                    self.qa.understand, question, timeout=self.timeout
                )
                lean = nlu_lean(message)
                if wants_one(parse, question.text) or asks_for_films_to_watch(parse, claims, lean):
                    return await self._second_stage(dispatcher, tracker, domain)
                strong = claims.strongest >= STRONG_CLAIM and not asks_about_a_name(parse, claims)
                floor = (FILM_CERTAIN if strong else FILM_ACCEPT) if claimed else 0.0
                # another reader's claim also has a name the graph does not hold ("jarmusch, which
                # one": the recommender knows surnames)
                unlinked = parse is None or parse.topic is None or not parse.topic.linked
                if claimed and unlinked or parse is not None and parse.confidence < floor:
                    return await self._second_stage(dispatcher, tracker, domain)
                reply: Reply = await services.run_blocking(
                    self.qa.reply, parse, missing, timeout=self.timeout
                )
            else:
                reply = await services.run_blocking(self.qa.answer, question, timeout=self.timeout)
        except (GraphUnavailable, asyncio.TimeoutError) as exc:
            logger.warning("knowledge graph unavailable: %s", exc)
            dispatcher.utter_message(response="utter_kg_unavailable")
            return []
        except Exception:  # never let a stack trace reach the user
            logger.exception("failed to answer %r", question)
            dispatcher.utter_message(response="utter_kg_error")
            return []
        if reply.found_nothing:  # "biopic about someone real, 2005 or later": films to watch instead
            from actions.understand import ActionSecondStage

            events = await ActionSecondStage(qa=self._qa).nothing_found(dispatcher, tracker, reply)
            if events is not None:
                return events
        dispatcher.utter_message(response=response_of(reply), buttons=reply.buttons, **reply.variables)
        return reply_events(reply)

    async def _second_stage(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        from actions.understand import ActionSecondStage  # it hands film questions back here

        return await ActionSecondStage(qa=self._qa).run(dispatcher, tracker, domain)
