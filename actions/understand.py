"""The second stage behind the NLU: what happens when Rasa is not sure what a message means.

Rasa's ``FallbackClassifier`` turns a low-confidence or ambiguous intent into ``nlu_fallback``;
a rule sends that here instead of straight to "I didn't understand". Deletion and handover
requests that are not confident and explicit come here too (:mod:`support.explicit`). The
action asks the action server's stronger readers in turn, each of which says whether it can
handle the message and how sure it is:

1. the recommendation parser, when the message asks nothing and names a person, a film or a
   theme to choose films by ("goldblum being goldblum in something"), unless the film-question
   parser is certain of a question about a name it found;
2. the film-question parser (:mod:`kg.parser`), when the message names something in the graph
   and the parser is sure of its relation path;
3. the FAQ retriever (:mod:`support`) with its calibrated gate: a confident answer;
4. after a fallback, the NLU's own first choice, when that is the creative or the
   recommendation reader and the fused ranking gives it at least NLU_SURE, just under the
   fallback threshold ("surprise me");
5. the creative request reader (:func:`creative.requests.request_strength`): a clear request
   for a scene, a tagline or an ad;
6. the recommendation request reader (:func:`recommender.cues.request_strength`): a clear
   request for something to watch;
7. the film-question parser again, when it is fairly sure.

(a very clear creative or recommendation request goes to its reader first, unless the film
parser is nearly certain; a clear one does when the NLU's intent ranking also leans that way
over a film question: "any finnish comedies" is a request, not a question. A topic from the
conversation's context is taken only right after a film answer, for the same question with a
new year, genre or language: "what about the 90s ones?")

Only when none takes the message does the user hear the honest fallback, with the FAQ topics
that came closest as buttons when the retriever has any, and the kinds of thing Encore does
otherwise. Nothing here can start an irreversible flow (deletion, handover): those need their
own confident, explicit intents.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any, Callable, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.claims import (
    CLEAR_CLAIM,
    FILM_ACCEPT,
    FILM_CERTAIN,
    NLU_SURE,
    STRONG_CLAIM,
    Claims,
    asks_about_a_name,
    asks_for_films_to_watch,
    claims_of,
    lists_films,
    nlu_first,
    nlu_lean,
    nlu_prefers,
    nlu_sure,
    wants_one,
)
from actions.creative import ActionCreativeSuggestion
from actions.knowledge import build_question, reply_events, response_of
from actions.recommend import ActionRecommend
from kg.graph import GraphUnavailable
from kg.linker import LinkResult, normalise
from kg.parser import Parse
from kg.paths import PATHS
from kg.qa import FilmQA, Question
from recommender.cues import asks_nothing
from support import tone
from support.buttons import HUMAN_BUTTON, faq_button
from support.service import SupportService, support_service

if TYPE_CHECKING:
    from recommender.service import RecommenderService

logger = logging.getLogger(__name__)

# The parser's probability of its path above which a fallback message is taken as a film
# question (only when the message itself names something in the graph): at once when it is
# sure, and after the FAQ retriever has declined when it is fairly sure.
FILM_SURE = 0.6
# A topic that is one everyday-looking word typed in lower case ("the moon", "stuff", "rent")
# is as likely a word as a title: the parser must be nearly certain of its path.
FILM_WEAK_SURE = 0.95
# How sure the creative and recommendation readers must be that the message is theirs.
CREATIVE_SURE = 0.7
RECOMMEND_SURE = 0.7
# The FAQ's confidence (the classifier's probability) at which its answer wins over such a claim.
FAQ_OVER_CLAIMS = 0.8
TIMEOUT = 10.0
# Words right before a tag that say it is one ("films tagged heist", "with the keyword iran").
TAG_CUE = re.compile(r"\b(?:tagged|tags?|labell?ed|keywords?)\s+(?:as\s+|with\s+)?(?:the\s+)?$")
# What the honest fallback offers when no FAQ topic came close.
CAPABILITY_BUTTONS = [
    {"title": "Ask about a film", "payload": "/help"},
    {"title": "Recommend me a film", "payload": "/request_recommendation"},
    HUMAN_BUTTON,
]


# The slot a film answer sets (the question it answered): a message right after one may be a
# follow-up ("what about the 90s ones?") that reads its topic from that answer.
FILM_ANSWER_SLOT = "kg_query"


def answered_a_film_question(tracker: Tracker) -> bool:
    """Whether the bot's previous turn (between the last two user messages) answered a film
    question, whichever action did it (the film action, or another that handed it on). A new
    conversation session (which carries the slots over as slot events) has no previous turn."""
    users, answered = 0, None  # the value of the last kg_query slot event of that turn
    for event in reversed(tracker.events or []):
        kind = event.get("event")
        if kind == "session_started":
            return False  # what was set after it are the slots carried over, not a turn
        if kind == "user":
            users += 1
            if users == 2:
                return bool(answered)
        elif users == 1 and kind == "slot" and event.get("name") == FILM_ANSWER_SLOT and answered is None:
            answered = event.get("value") is not None
    return False


def refines(parse: Parse, last_query: Optional[dict[str, Any]]) -> bool:
    """True when ``parse`` asks the last film question again with a new year, genre or language
    ("what about the 90s ones?", "and only the westerns"): same path, a changed constraint."""
    if not isinstance(last_query, dict) or parse.path != last_query.get("path") or not parse.constraints:
        return False
    before = last_query.get("constraints") or {}
    return any(v is not None and v != before.get(k) for k, v in parse.constraints.params().items())


def is_a_name(mention: str, question: Question) -> bool:
    """Is ``mention`` a name: one the NLU found as a film or person, or written with a capital
    on every word ("Amadeus", "Milos Forman")?"""
    key = normalise(mention)
    if any(normalise(n) == key for n in [*question.films, *question.people]):
        return True
    words = mention.split()
    return bool(words) and all(w[:1].isupper() for w in words) and mention in question.text


def weak_topic(parse: Parse, text: str) -> bool:
    """True when the topic is a film or tag named by one word that the message writes in lower
    case ("how far away is the moon", "what kind of stuff do you know")."""
    topic = parse.topic
    if topic is None or topic.kind not in ("film", "tag"):
        return False
    words = [w for w in topic.mention.split() if w not in ("the", "a", "an")]
    # the mention is normalised to lower case: found as it is, the message wrote it so
    if len(words) != 1 or re.search(rf"\b{re.escape(words[0])}\b", text) is None:
        return False
    # "movies tagged iran": the message itself says the word is a tag
    return not (topic.kind == "tag" and TAG_CUE.search(text[: text.find(words[0])]))


OWNED = frozenset({"my", "your", "our", "his", "her", "their"})


def owned_topic(parse: Parse, text: str) -> bool:
    """True when the topic's words follow "my", "your" ... ("clear everything from my history",
    "your drama is hilarious"): something of someone's, not the genre, tag or film of that name
    ("who directed my fair lady" names the film with its "my")."""
    topic = parse.topic
    if topic is None or not topic.mention or topic.from_context:
        return False
    words, mention = normalise(text).split(), topic.mention.split()
    for i in range(1, len(words) - len(mention) + 1):
        if words[i : i + len(mention)] == mention and words[i - 1] in OWNED:
            return True
    return False


def fact_of_a_film(parse: Optional[Parse]) -> bool:
    """The parse asks for a fact of a film the message names (its genre, tags, year, people),
    not for other films."""
    if parse is None or parse.topic is None or parse.topic.kind != "film" or parse.topic.from_context:
        return False
    return PATHS[parse.path].answer_kind != "film"


class ActionSecondStage(Action):
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
        events, clarify = await self._read(dispatcher, tracker, domain, faq=True, film_floor=FILM_ACCEPT)
        if events is not None:
            return events
        if clarify:
            mood = tone.tone_for(tracker.get_slot("sentiment") or "neutral")
            dispatcher.utter_message(response=f"utter_support_clarify_{mood}", buttons=clarify)
            return []
        dispatcher.utter_message(response="utter_default", buttons=CAPABILITY_BUTTONS)
        return []

    async def take(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Optional[list[dict[str, Any]]]:
        """For the support action, which has asked the FAQ and has no sure answer: the events of
        a reader that takes the message (the film parser only when sure), or None."""
        events, _ = await self._read(dispatcher, tracker, domain, faq=False, film_floor=FILM_SURE)
        return events

    async def _read(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        faq: bool,
        film_floor: float,
    ) -> tuple[Optional[list[dict[str, Any]]], list[dict[str, str]]]:
        """Ask the readers in turn: (the events of the one that answered or None, FAQ topics
        that came close)."""
        question = build_question(tracker)
        text = question.text.strip()
        clarify: list[dict[str, str]] = []
        if not text or text.startswith("/"):
            return None, clarify
        understood = await self._understand(question)
        claims = claims_of(text)
        creative_claim, recommend_claim = claims.creative, claims.recommend
        # (a one-word everyday topic needs the parser nearly certain, as in _film)
        film_certain = (
            understood is not None
            and understood[0].confidence >= FILM_CERTAIN
            and not (weak_topic(understood[0], text) and understood[0].confidence < FILM_WEAK_SURE)
        )
        creative = claims.creative_first
        claim = claims.strongest
        # the NLU leaning the same way settles a clear claim against the film parser
        lean = nlu_lean(tracker.latest_message)
        leaning = nlu_prefers(lean, "creative" if creative else "recommend")
        # ... unless the parser reads a question about a named film or person whose answer is not
        # films ("the German movies that share actors with Spellbound cover what kind of stuff?")
        named = understood is not None and asks_about_a_name(understood[0], claims)
        parse = understood[0] if understood is not None else None
        if wants_one(parse, text) or asks_for_films_to_watch(parse, claims, lean):
            return await self._hand_on(dispatcher, tracker, domain, False, understood), clarify
        listed = not creative and lists_films(claims, lean)  # "comedies from 1999"
        # films like a named one ("just rewatched moonrise kingdom, need my next obsession",
        # "raising arizona type madness") read by the parser as a fact of that film: a request
        similar = claims.similar and not creative and fact_of_a_film(parse)
        claimed = (claim >= STRONG_CLAIM and (not film_certain or similar)) or (
            claim >= CLEAR_CLAIM and leaning
        )
        if claimed and not (named or listed):
            if creative:
                return await self._hand_on(dispatcher, tracker, domain, True, understood), clarify
            return await self._request_or_film(dispatcher, tracker, domain, understood), clarify
        first = nlu_first(lean)
        film_first = first == "film"
        follow_up = (
            understood is not None
            and answered_a_film_question(tracker)
            and refines(understood[0], question.last_query)
        )
        # A message that asks nothing and names what to watch by ("will ferrell being an idiot, i
        # need a good laugh tonight") is a request, unless the parser is certain of a question
        # about a name it found (a parser sure of its path but not of its topic, "goldblum being
        # goldblum in something" read as a film's cast, leaves it to the recommendation reader)
        linked = parse is not None and parse.topic is not None and parse.topic.linked
        open_to_requests = not (film_certain and linked) and not follow_up
        if open_to_requests and await self._names_what_to_watch(text, claims, lean):
            return await self._hand_on(dispatcher, tracker, domain, False), clarify
        events = await self._film(dispatcher, understood, FILM_SURE, text, film_first, follow_up)
        if events is not None:
            return events, clarify
        if faq:
            try:
                # a clear claim of another reader outranks an FAQ answer that is not near certain
                # ("more movies like die hard please" is not a request to add a title)
                claimed = creative_claim >= CREATIVE_SURE or recommend_claim >= RECOMMEND_SURE
                floor = FAQ_OVER_CLAIMS if claimed else 0.0
                answered, clarify = await self._faq(dispatcher, tracker, question.text, floor)
                if answered:
                    return [], clarify
            except Exception:
                logger.exception("second stage: FAQ retrieval failed on %r", question.text)
        # the NLU's own choice, when it only just missed the fallback threshold (not when its
        # choice's reader sent the message here, doubting it)
        fell_back = (tracker.latest_message.get("intent") or {}).get("name") == "nlu_fallback"
        if fell_back and first in ("creative", "recommend") and not film_certain and lean[first] >= NLU_SURE:
            if first == "creative":
                return await self._hand_on(dispatcher, tracker, domain, True, understood), clarify
            return await self._request_or_film(dispatcher, tracker, domain, understood), clarify
        if creative_claim >= CREATIVE_SURE:
            return await self._hand_on(dispatcher, tracker, domain, True), clarify
        if recommend_claim >= RECOMMEND_SURE:
            return await self._request_or_film(dispatcher, tracker, domain, understood), clarify
        if film_floor < FILM_SURE:
            events = await self._film(dispatcher, understood, film_floor, text, film_first, follow_up)
            if events is None:
                events = await self._unknown_name(dispatcher, understood, question)
        return events, clarify

    async def _hand_on(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        creative: bool,
        understood: Optional[tuple[Parse, Optional[LinkResult]]] = None,
    ) -> list[dict[str, Any]]:
        """The creative action's or the recommendation action's answer to the message; the film
        parser's answer instead when the recommendation reader would find nothing in the message
        to choose films by (its answer would be the default list) and the parser is sure of a
        question on a name in the graph ("please say me movies with the topic journalist")."""
        if creative:
            return await (self._creative or ActionCreativeSuggestion()).run(dispatcher, tracker, domain)
        text = tracker.latest_message.get("text") or ""
        if understood is not None and await self._reads_nothing(text):
            # (a one-word topic in lower case will do: the other answer is the default list)
            events = await self._film(dispatcher, understood, FILM_SURE, text, film_first=True)
            if events is not None:
                return events
        recommend = self._recommend or ActionRecommend()
        return await recommend.respond(dispatcher, tracker)

    async def _request_or_film(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        understood: Optional[tuple[Parse, Optional[LinkResult]]],
    ) -> list[dict[str, Any]]:
        """The recommendation action's answer to a message it claims, or the film parser's when
        that answer would leave out the film or person the message names and the parser reads a
        question about it, fairly sure ("tell me pls dramas of Birdman of Alcatraz writer": a
        list of dramas is not what was asked)."""
        text = tracker.latest_message.get("text") or ""
        if understood is not None and await self._leaves_out_the_name(understood[0], text):
            events = await self._film(dispatcher, understood, FILM_ACCEPT, text)
            if events is not None:
                return events
        return await self._hand_on(dispatcher, tracker, domain, False, understood)

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

    async def film_instead(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Optional[list[dict[str, Any]]]:
        """For the recommendation action about to answer a guessed request with the default list:
        the film parser's answer when it is sure of a question on a name in the graph ("i wonder
        what kind of movie Weird Science is"), or None."""
        question = build_question(tracker)
        understood = await self._understand(question)
        return await self._film(dispatcher, understood, FILM_SURE, question.text, film_first=True)

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
    ) -> Optional[list[dict[str, Any]]]:
        """Answer as a film question if the message names something in the graph and the parser
        is at least ``threshold`` sure of its path. A one-word everyday topic ("stuff", "the
        moon") needs the parser nearly certain, unless the NLU ranks a film question first. A
        topic taken from the conversation's context counts only for a ``follow_up``: right after
        a film answer, the same question with a new constraint ("what about the 90s ones?"),
        which the path classifier cannot be sure of from those words alone."""
        if understood is None:
            return None
        parse, missing = understood
        topic = parse.topic
        if topic is None or (topic.from_context and not follow_up) or not topic.linked:
            return None
        if parse.confidence < threshold and not follow_up:
            return None
        if weak_topic(parse, text) and parse.confidence < FILM_WEAK_SURE and not film_first:
            return None
        return await self._reply(dispatcher, parse, missing)

    async def _reply(
        self, dispatcher: CollectingDispatcher, parse: Parse, missing: Optional[LinkResult]
    ) -> Optional[list[dict[str, Any]]]:
        """Say the film service's reply to a question understood (None if the graph failed)."""
        try:
            reply = await services.run_blocking(self.qa.reply, parse, missing, timeout=TIMEOUT)
        except (GraphUnavailable, asyncio.TimeoutError) as exc:
            logger.warning("second stage: knowledge graph unavailable: %s", exc)
            return None
        except Exception:
            logger.exception("second stage: film question failed on %r", parse)
            return None
        dispatcher.utter_message(response=response_of(reply), buttons=reply.buttons, **reply.variables)
        return reply_events(reply)

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
