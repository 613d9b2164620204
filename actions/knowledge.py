"""Answer film questions from the knowledge graph."""

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
from kg.qa import UNSET, FilmQA, Question, Reply

logger = logging.getLogger(__name__)

# NLU intent -> kind of question (see kg.qa.QUESTIONS)
INTENT_QUESTIONS = {
    "ask_director": "directors",
    "ask_cast": "cast",
    "ask_writer": "writers",
    "ask_release_year": "years",
    "ask_genre": "genres",
    "ask_language": "languages",
    "ask_about": "tags",
    "ask_films_by_director_of": "directors_films",
    "ask_films_of_actor": "acted",
    "ask_films_of_director": "directed",
    "ask_films_of_writer": "wrote",
    "ask_costars": "costars",
    "ask_films_filtered": "filtered",
}
MAX_TEXT = 1000  # longer messages are linked on their first characters only


def entity_values(tracker: Tracker, entity: str) -> list[str]:
    values = tracker.get_latest_entity_values(entity)
    return [str(v) for v in values if v is not None and str(v).strip()]


def build_question(tracker: Tracker) -> Optional[Question]:
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    kind = INTENT_QUESTIONS.get(intent or "")
    if kind is None:
        return None
    return Question(
        kind=kind,
        text=(tracker.latest_message.get("text") or "")[:MAX_TEXT],
        films=entity_values(tracker, "film"),
        people=entity_values(tracker, "person"),
        genres=entity_values(tracker, "genre"),
        languages=entity_values(tracker, "language"),
        years=entity_values(tracker, "year"),
        context_film=tracker.get_slot("film"),
        context_person=tracker.get_slot("person"),
    )


class ActionAnswerFilmQuestion(Action):
    """Answers every knowledge-graph question type; the latest intent says which."""

    def __init__(self, qa: Optional[FilmQA] = None, timeout: float = 10.0) -> None:
        self._qa = qa
        self.timeout = timeout

    def name(self) -> str:
        return "action_answer_film_question"

    @property
    def qa(self) -> FilmQA:
        return self._qa or services.film_qa()

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        question = build_question(tracker)
        if question is None:
            dispatcher.utter_message(response="utter_default")
            return []
        intent = tracker.latest_message["intent"]["name"]
        try:
            reply: Reply = await services.run_blocking(self.qa.answer, question, intent, timeout=self.timeout)
        except (GraphUnavailable, asyncio.TimeoutError) as exc:
            logger.warning("knowledge graph unavailable: %s", exc)
            dispatcher.utter_message(response="utter_kg_unavailable")
            return []
        except Exception:  # never let a stack trace reach the user
            logger.exception("failed to answer %r", question)
            dispatcher.utter_message(response="utter_kg_error")
            return []
        dispatcher.utter_message(response=reply.response, buttons=reply.buttons, **reply.variables)
        events = []
        if reply.film is not UNSET:
            events.append(SlotSet("film", reply.film))
        if reply.person is not UNSET:
            events.append(SlotSet("person", reply.person))
        return events
