"""The readers the second stage (:mod:`actions.understand`) asks about a message, each off the
event loop with a timeout: the film-question service (its reading, and its reply when the reading
stands), the FAQ retriever (an answer when its gate is sure), and the recommendation service
(whether the message, read as a request, names what to choose films by).

:class:`SecondStageReaders` holds the services and these questions; the action decides the order
in which it asks them. A reader that fails or times out declines (and the failure is logged):
the user hears another reader's answer or the honest fallback, never an error.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Callable, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from actions.claims import FILM_ACCEPT, FILM_CERTAIN, Claims, nlu_sure
from actions.creative import ActionCreativeSuggestion
from actions.film_reading import (
    FILM_WEAK_SURE,
    is_a_name,
    only_a_language,
    owned_topic,
    weak_topic,
    within_longer_titles,
)
from actions.knowledge import reply_events, response_of
from actions.recommend import ActionRecommend
from kg.graph import GraphUnavailable
from kg.linker import LinkResult
from kg.parser import Parse
from kg.qa import FilmQA, Question
from kg.turn import Reply
from recommender.cues import asks_nothing
from support import tone
from support.buttons import HUMAN_BUTTON, faq_button
from support.service import SupportService, support_service

if TYPE_CHECKING:
    from recommender.service import RecommenderService

logger = logging.getLogger(__name__)

# How sure the creative and recommendation readers must be that the message is theirs.
CREATIVE_SURE = 0.7
RECOMMEND_SURE = 0.7
TIMEOUT = 10.0


class SecondStageReaders:
    """The services the second stage asks (given, or the process's own), and what it asks them.
    Not an action itself: :class:`actions.understand.ActionSecondStage` is."""

    def __init__(
        self,
        qa: Optional[FilmQA] = None,
        support: Optional[SupportService] = None,
        creative: Optional[ActionCreativeSuggestion] = None,
        recommend: Optional[ActionRecommend] = None,
    ) -> None:
        self._qa = qa
        self._support = support
        self._creative = creative
        self._recommend = recommend

    @property
    def qa(self) -> FilmQA:
        return self._qa or services.film_qa()

    @property
    def support(self) -> SupportService:
        return self._support or support_service()

    async def _leaves_out_the_name(self, parse: Parse, text: str) -> bool:
        """The parser reads a question about a film or person named in ``text`` (fairly sure, not
        a one-word everyday topic) that the recommendation reader does not choose films by."""
        topic = parse.topic
        if topic is None or topic.from_context or not topic.linked or topic.kind not in ("film", "person"):
            return False
        if parse.confidence < FILM_ACCEPT or weak_topic(parse, text):
            return False
        name = topic.names[0]
        return not await self._recommender_says(lambda svc: svc.uses_name(text, name), text)

    async def _reads_nothing(self, text: str) -> bool:
        """:meth:`recommender.service.RecommenderService.reads_nothing`."""
        return await self._recommender_says(lambda svc: svc.reads_nothing(text), text)

    @staticmethod
    async def _recommender_says(question: Callable[[RecommenderService], bool], text: str) -> bool:
        """The recommendation service's answer to ``question`` about ``text``, off the event loop
        (False if it fails)."""
        try:
            return await services.run_blocking(question, services.recommender(), timeout=TIMEOUT)
        except Exception:
            logger.exception("second stage: recommendation reader failed on %r", text)
            return False

    async def _names_what_to_watch(self, text: str, claims: Claims, lean: dict[str, float]) -> bool:
        """A message that asks nothing ("statham punching people, nothing deep", "haunted house
        film, creaky doors and ghosts") whose reading as a request names a person, a film or a
        theme (:meth:`recommender.service.RecommenderService.names_what_to_watch`) is a request,
        unless it lists films in the plural ("jodie foster thrillers") or the NLU surely reads a
        film question (at least NLU_SURE, and more than a request)."""
        if not asks_nothing(text) or claims.bare_list or claims.creative >= CREATIVE_SURE:
            return False
        if nlu_sure(lean, "film", "recommend"):
            return False
        return await self._recommender_says(lambda svc: svc.names_what_to_watch(text), text)

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
        if parse is None or owned_topic(parse, question.text):
            return None
        return parse, missing

    async def _film(
        self,
        dispatcher: CollectingDispatcher,
        understood: Optional[tuple[Parse, Optional[LinkResult]]],
        threshold: float,
        text: str,
        film_first: bool = False,
        follow_up: bool = False,
        tracker: Optional[Tracker] = None,
    ) -> Optional[list[dict[str, Any]]]:
        """Answer as a film question if the message names something in the graph and the parser
        is at least ``threshold`` sure of its path. A one-word everyday topic ("stuff", "the
        moon") needs the parser nearly certain, unless the NLU ranks a film question first. A
        topic taken from the conversation's context counts only for a ``follow_up``: right after
        a film answer, the same question with a new constraint ("what about the 90s ones?"),
        which the path classifier cannot be sure of from those words alone. With the ``tracker``,
        a list of films that finds none goes to the recommendation reader (:meth:`_reply`)."""
        if understood is None:
            return None
        parse, missing = understood
        topic = parse.topic
        if topic is None or (topic.from_context and not follow_up) or not topic.linked:
            return None
        if parse.confidence < threshold and not follow_up:
            return None
        if only_a_language(parse, text) and not follow_up:
            return None
        # a weak topic: nearly certain, and not only a word of a longer title (:func:`part_of_a_title`)
        if not film_first and weak_topic(parse, text):
            if parse.confidence < FILM_WEAK_SURE or within_longer_titles(parse):
                return None
        return await self._reply(dispatcher, parse, missing, tracker)

    async def _reply(
        self,
        dispatcher: CollectingDispatcher,
        parse: Parse,
        missing: Optional[LinkResult],
        tracker: Optional[Tracker] = None,
    ) -> Optional[list[dict[str, Any]]]:
        """Say the film service's reply to a question understood (None if the graph failed); with
        the ``tracker``, a list of films that found none is answered by the recommendation reader
        instead when it reads something to choose films by (:meth:`nothing_found`)."""
        try:
            reply = await services.run_blocking(self.qa.reply, parse, missing, timeout=TIMEOUT)
        except (GraphUnavailable, asyncio.TimeoutError) as exc:
            logger.warning("second stage: knowledge graph unavailable: %s", exc)
            return None
        except Exception:
            logger.exception("second stage: film question failed on %r", parse)
            return None
        if (
            tracker is not None
            and (events := await self.nothing_found(dispatcher, tracker, reply)) is not None
        ):
            return events
        dispatcher.utter_message(response=response_of(reply), buttons=reply.buttons, **reply.variables)
        return reply_events(reply)

    async def nothing_found(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, reply: Reply
    ) -> Optional[list[dict[str, Any]]]:
        """A list of films asked by a genre, tag, language or year that found none ("music docs?
        concert films?"): the recommendation reader's answer when it reads something to choose
        films by (it relaxes what nothing matches and says so), else None."""
        text = tracker.latest_message.get("text") or ""
        if not reply.found_nothing or await self._reads_nothing(text):
            return None
        return await (self._recommend or ActionRecommend()).respond(dispatcher, tracker)

    async def _unknown_name(
        self,
        dispatcher: CollectingDispatcher,
        understood: Optional[tuple[Parse, Optional[LinkResult]]],
        question: Question,
    ) -> Optional[list[dict[str, Any]]]:
        """A film question the parser is sure of about a name the graph lacks ("what is Amadeus
        about"): say that name is not in the graph (with the closest names as buttons), not "I
        didn't understand". Only for a name the NLU found as a film or person, or that the
        message capitalises word by word; nothing else read the message."""
        if understood is None:
            return None
        parse, missing = understood
        topic = parse.topic
        if missing is None or topic is None or topic.linked or topic.from_context:
            return None
        if parse.confidence < FILM_CERTAIN or not is_a_name(missing.mention, question):
            return None
        return await self._reply(dispatcher, parse, missing)

    async def _faq(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, text: str, floor: float = 0.0
    ) -> tuple[bool, list[dict[str, str]]]:
        """Answer from the FAQ when its gate is confident (and its confidence at least
        ``floor``): (True, []). Otherwise (False, the buttons of the topics that came close, if
        the gate would clarify)."""
        result = await services.run_blocking(self.support.analyse, text, timeout=TIMEOUT)
        if result.decision.action == "answer" and result.entries and result.confidence < floor:
            return False, []
        if result.decision.action == "answer" and result.entries:
            mood = tone.tone_for(tracker.get_slot("sentiment") or "neutral")
            dispatcher.utter_message(response=f"utter_support_answer_{mood}", answer=result.entries[0].answer)
            return True, []
        if result.decision.action == "clarify" and result.entries:
            buttons = [faq_button(e.id, e.topic) for e in result.entries]
            return False, buttons + [HUMAN_BUTTON]
        return False, []
