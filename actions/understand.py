"""The second stage behind the NLU: what happens when Rasa is not sure what a message means.

Rasa's ``FallbackClassifier`` turns a low-confidence or ambiguous intent into ``nlu_fallback``;
a rule sends that here instead of straight to "I didn't understand". Deletion and handover
requests that are not confident and explicit come here too (:mod:`support.explicit`). The
action asks the action server's stronger readers in turn, each of which says whether it can
handle the message and how sure it is. First of all, a greeting, thanks or a goodbye that the NLU
does not know ("ciao!", "merci beaucoup", "that's all for today, take care":
:mod:`support.small_talk`) gets the response its rule gives; then:

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

The readers are asked through :class:`actions.readers.SecondStageReaders`; how far the film
parser's reading is trusted is :mod:`actions.film_reading`.

Only when none takes the message does the user hear the honest fallback, with the FAQ topics
that came closest as buttons when the retriever has any, and the kinds of thing Encore does
otherwise. Nothing here can start an irreversible flow (deletion, handover): those need their
own confident, explicit intents.
"""

from __future__ import annotations

import logging
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.claims import (
    CLEAR_CLAIM,
    FILM_ACCEPT,
    FILM_CERTAIN,
    NLU_SURE,
    STRONG_CLAIM,
    asks_about_a_name,
    asks_for_films_to_watch,
    claims_of,
    lists_films,
    nlu_first,
    nlu_lean,
    nlu_prefers,
    wants_one,
)
from actions.creative import ActionCreativeSuggestion
from actions.film_reading import (
    FILM_SURE,
    FILM_WEAK_SURE,
    answered_a_film_question,
    fact_of_a_film,
    refines,
    weak_topic,
)
from actions.knowledge import build_question
from actions.readers import CREATIVE_SURE, RECOMMEND_SURE, SecondStageReaders
from actions.recommend import ActionRecommend
from kg.linker import LinkResult
from kg.parser import Parse
from kg.understanding import asks_who_or_what
from recommender.cues import about_the_service
from support import small_talk, tone
from support.buttons import HUMAN_BUTTON

logger = logging.getLogger(__name__)

# The FAQ's confidence (the classifier's probability) at which its answer wins over a clear claim of
# the creative or recommendation reader (CREATIVE_SURE, RECOMMEND_SURE).
FAQ_OVER_CLAIMS = 0.8
# What the honest fallback offers when no FAQ topic came close.
CAPABILITY_BUTTONS = [
    {"title": "Ask about a film", "payload": "/help"},
    {"title": "Recommend me a film", "payload": "/request_recommendation"},
    HUMAN_BUTTON,
]


# The response to small talk the NLU was not sure of, as its rules give it (data/rules).
SMALL_TALK_RESPONSES = {
    small_talk.GREET: "utter_greet",
    small_talk.THANK: "utter_you_are_welcome",
    small_talk.GOODBYE: "utter_goodbye",
    small_talk.HELP: "utter_help",
}


def small_talk_response(said: str, frustrated: bool) -> str:
    """The response to ``said``: a goodbye after a frustrating conversation says sorry, as the
    rule "goodbye after a frustrating conversation" does."""
    if said == small_talk.GOODBYE and frustrated:
        return "utter_goodbye_sorry"
    return SMALL_TALK_RESPONSES[said]


def bot_has_spoken(tracker: Tracker) -> bool:
    """The bot has said something in this session before the latest message."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "session_started":
            return False
        if event.get("event") == "bot":
            return True
    return False


class ActionSecondStage(SecondStageReaders, Action):
    """Asks the readers in the order of the module docstring and says the answer of the first
    that takes the message, or the honest fallback."""

    def name(self) -> str:
        return "action_second_stage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        said = small_talk.read(tracker.latest_message.get("text") or "", started=bot_has_spoken(tracker))
        if said is not None:
            dispatcher.utter_message(response=small_talk_response(said, bool(tracker.get_slot("frustrated"))))
            return []
        events, clarify = await self._read(dispatcher, tracker, domain, faq=True, film_floor=FILM_ACCEPT)
        if events is not None:
            return events
        if clarify:
            mood = tone.tone_for(tracker.get_slot("sentiment") or "neutral")
            dispatcher.utter_message(response=f"utter_support_clarify_{mood}", buttons=clarify)
            return []
        # said with a sorry, a human offered first, when the conversation is frustrated ("you're
        # useless"; one negative reading alone is not enough: "tell me a joke" can read negative)
        if tracker.get_slot("frustrated"):
            buttons = [HUMAN_BUTTON, *(b for b in CAPABILITY_BUTTONS if b != HUMAN_BUTTON)]
            dispatcher.utter_message(response="utter_default_empathetic", buttons=buttons)
            return []
        dispatcher.utter_message(response="utter_default", buttons=CAPABILITY_BUTTONS)
        return []

    async def take(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Optional[list[dict[str, Any]]]:
        """For the support action, which has asked the FAQ and has no sure answer: the events of
        a reader that takes the message (the film parser only when sure, and only of a named film,
        person or tag: "the subs are in spanish and i cant switch them" is no list of Spanish
        films; never of a film named by one word in lower case: "where did the film i was halfway
        through go" is no question about the film *Go*), or None."""
        events, _ = await self._read(dispatcher, tracker, domain, faq=False, film_floor=FILM_SURE, named=True)
        return events

    async def _read(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        faq: bool,
        film_floor: float,
        named: bool = False,
    ) -> tuple[Optional[list[dict[str, Any]]], list[dict[str, str]]]:
        """Ask the readers in turn: (the events of the one that answered or None, FAQ topics
        that came close). ``named``: the film parser's reading counts only when its topic is a
        film, a person or a tag, not a genre, language or year alone."""
        question = build_question(tracker)
        text = question.text.strip()
        clarify: list[dict[str, str]] = []
        if not text or text.startswith("/"):
            return None, clarify
        understood = await self._understand(question)
        if named and understood is not None and understood[0].topic is not None:
            topic = understood[0].topic
            if topic.kind in ("genre", "language", "year") or (
                topic.kind == "film" and weak_topic(understood[0], text)
            ):
                understood = None  # (a one-word tag stays: "surveillance movie list")
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
        events = await self._film(dispatcher, understood, FILM_SURE, text, film_first, follow_up, tracker)
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
        # (never a recommendation for a message about the service: "every night the movie just
        # sits there spinning" is a fault, whatever the NLU leans to)
        if first == "recommend" and about_the_service(text):
            first = ""
        if fell_back and first in ("creative", "recommend") and not film_certain and lean[first] >= NLU_SURE:
            if first == "creative":
                return await self._hand_on(dispatcher, tracker, domain, True, understood), clarify
            return await self._request_or_film(dispatcher, tracker, domain, understood), clarify
        if creative_claim >= CREATIVE_SURE:
            return await self._hand_on(dispatcher, tracker, domain, True), clarify
        if recommend_claim >= RECOMMEND_SURE:
            return await self._request_or_film(dispatcher, tracker, domain, understood), clarify
        if film_floor < FILM_SURE:
            events = await self._film(
                dispatcher, understood, film_floor, text, film_first, follow_up, tracker
            )
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

    async def named_film_question(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Optional[list[dict[str, Any]]]:
        """For the out-of-scope action: the film parser's answer when it is certain of a question
        about a film or a person the message names ("rate The Matrix", which the NLU took for
        another task), or None; not when it asks only what or who that is."""
        question = build_question(tracker)
        understood = await self._understand(question)
        parse = understood[0] if understood is not None else None
        if parse is None or parse.topic is None or parse.topic.kind not in ("film", "person"):
            return None
        if asks_who_or_what(parse):
            return None  # ("who is Barack Obama" stays out of scope)
        return await self._film(dispatcher, understood, FILM_CERTAIN, question.text)

    async def film_instead(
        self, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Optional[list[dict[str, Any]]]:
        """For the recommendation action about to answer a guessed request with the default list:
        the film parser's answer when it is sure of a question on a name in the graph ("i wonder
        what kind of movie Weird Science is"), or None."""
        question = build_question(tracker)
        understood = await self._understand(question)
        return await self._film(dispatcher, understood, FILM_SURE, question.text, film_first=True)
