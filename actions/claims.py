"""How strongly the creative and the recommendation readers claim a message (pure, fast), and
when a film parse keeps a message they claim.

A capability action that receives a message by an unsure guess of the NLU asks these before it
answers; a clear claim of another reader hands the message to the second stage
(:mod:`actions.understand`), which gives it to that reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from creative.requests import request_strength as creative_strength
from kg.parser import Parse
from kg.paths import PATHS
from recommender.cues import asks_for_one, reading

# The NLU's intent confidence below which another reader's clear claim wins.
UNSURE_INTENT = 0.9
# How sure a reader must be that the message is theirs.
CLEAR_CLAIM = 0.7
# A request this clear ("any finnish comedies", "a john wayne western for my dad") goes to its
# reader even when the film-question parser reads it too, unless the parser is nearly certain.
STRONG_CLAIM = 0.9
FILM_CERTAIN = 0.9
# The parser's probability of its path at which a question about a named film or person keeps
# the message from the recommendation reader (:func:`asks_about_a_name`), and the floor below
# which the film action lets another reader's claim have it.
NAMED_SURE = 0.6
FILM_ACCEPT = 0.3
# The NLU's (MiniLM + DIET) probability for a capability above which, when it also beats the
# film question's, a clear claim of that capability's reader wins over the film parser.
NLU_LEAN = 0.3
# ... and at which the NLU's first capability is a claim of its own, when no reader is certain
# otherwise ("surprise me": a recommendation request just under the fallback threshold).
NLU_SURE = 0.45
# Which intents speak for which reader.
CAPABILITY_INTENTS = {
    "film": ("ask_film",),
    "recommend": ("request_recommendation", "state_preferences"),
    "creative": ("request_creative", "refine_creative"),
    "support": ("ask_support",),
}


@dataclass(frozen=True)
class Claims:
    """How strongly the creative and the recommendation readers claim one message (computed
    once per message: :func:`claims_of`)."""

    creative: float = 0.0
    recommend: float = 0.0
    similar: bool = False  # asks for films like a named one (:func:`recommender.cues.asks_for_similar`)
    bare_list: bool = False  # films in the plural, no asking word (:func:`recommender.cues.is_bare_list`)
    outright: bool = False  # asks in so many words (:func:`recommender.cues.asks_outright`)

    @property
    def strongest(self) -> float:
        return max(self.creative, self.recommend)

    @property
    def creative_first(self) -> bool:
        return self.creative >= self.recommend


def claims_of(text: str) -> Claims:
    """Both readers' claims on ``text`` (none on a button's payload). The recommendation reader's
    three come from one reading of the message (:func:`recommender.cues.reading`)."""
    if not text or text.startswith("/"):
        return Claims()
    recommend = reading(text)
    return Claims(
        creative_strength(text),
        recommend.strength,
        recommend.similar,
        recommend.bare_list,
        recommend.explicit,
    )


def asks_about_a_name(parse: Optional[Parse], claims: Claims) -> bool:
    """True when the film parser is fairly sure of a question about a film or person the message
    names whose answer is not a list of films (their genres, themes, years, people), and the
    recommendation reader is the one that claims it: "what's the theme of the French movies by
    Out of Africa's writer" asks about films, it does not ask for some to watch, however much its
    words ("French movies") sound like a request (a request asks for films). A creative claim
    stands: "write an ad for Jaws" names Jaws too, and so does a request for films like the one
    named ("more stuff in the vein of groundhog day")."""
    if parse is None or parse.topic is None or parse.confidence < NAMED_SURE:
        return False
    if claims.creative_first or claims.similar:
        return False
    topic = parse.topic
    named = topic.kind in ("film", "person") and topic.linked and not topic.from_context
    return named and PATHS[parse.path].answer_kind != "film"


def wants_one(parse: Optional[Parse], text: str) -> bool:
    """True when a few words without a question ask for one film ("emma thompson drama",
    "kitano yakuza movie", "silent film from the 1920s": :func:`recommender.cues.asks_for_one`)
    and the film parser reads them as a list of films from a person, genre, language, tag or
    year: a request for something to watch, which the recommendation reader answers with the
    same constraints. A named film ("zodiac movie") stays a question about that film."""
    return parse is not None and asks_for_one(text) and _films_of_a_named_topic(parse)


def asks_for_films_to_watch(
    parse: Optional[Parse], claims: Claims, lean: Optional[dict[str, float]] = None
) -> bool:
    """True when the recommendation reader clearly claims a message (and the creative one less)
    that the film parser reads as one step to films from a genre, language, tag, year or person
    ("got any good westerns?", "italian horror from the 70s", "de niro crime picture before
    1990"): the list a film question would give answers what was asked less well than films to
    watch that meet the same constraints. A named film, a longer path and the conversation's
    context stay film questions, and so does a message the NLU (``lean``: :func:`nlu_lean`)
    surely reads as a film question (at least NLU_SURE, and more than a request) unless the
    message asks outright (:attr:`Claims.outright`: "any hindi films you'd vouch for"), and one
    that names films in the plural without asking for any ("comedies from 1999") unless the NLU
    is that sure of a request."""
    if parse is None or parse.topic is None or claims.creative_first or claims.recommend < CLEAR_CLAIM:
        return False
    if lean and nlu_sure(lean, "film", "recommend") and not claims.outright:
        return False
    if lists_films(claims, lean):
        return False
    return _films_of_a_named_topic(parse) and PATHS[parse.path].hops == 1


def _films_of_a_named_topic(parse: Parse) -> bool:
    """The parse asks for films of a person, genre, language, tag or year the message names (not
    a film, not the conversation's context)."""
    topic = parse.topic
    return (
        topic is not None
        and topic.linked
        and not topic.from_context
        and topic.kind != "film"
        and PATHS[parse.path].answer_kind == "film"
    )


def intent_confidence(message: dict[str, Any]) -> float:
    try:
        return float((message.get("intent") or {}).get("confidence") or 0.0)
    except (TypeError, ValueError):
        return 0.0


def message_claims(message: dict[str, Any]) -> Claims:
    """:func:`claims_of` the message's text."""
    return claims_of(message.get("text") or "")


def claimed_by_another(
    message: dict[str, Any], claims: Optional[Claims] = None, floor: float = CLEAR_CLAIM
) -> bool:
    """True when the NLU was not sure of the message's intent and another reader claims it at least
    ``floor`` strongly: CLEAR_CLAIM against ``ask_film``; STRONG_CLAIM against ``out_of_scope``,
    where a weaker claim ("recommend me a good book") stays out. ``claims`` are the message's own
    (:func:`message_claims`), when the caller has them already."""
    claims = claims or message_claims(message)
    return intent_confidence(message) < UNSURE_INTENT and claims.strongest >= floor


def nlu_lean(message: dict[str, Any]) -> dict[str, float]:
    """The NLU's probability for each reader's capability, summed over its intents, from the
    message's intent ranking (which still holds the ranking when the fallback fired)."""
    ranking = message.get("intent_ranking") or []
    scores = {}
    for item in ranking:
        try:
            scores[str(item.get("name"))] = float(item.get("confidence") or 0.0)
        except (AttributeError, TypeError, ValueError):
            continue
    return {
        cap: round(sum(scores.get(i, 0.0) for i in intents), 4) for cap, intents in CAPABILITY_INTENTS.items()
    }


def nlu_prefers(lean: dict[str, float], capability: str) -> bool:
    """Whether the NLU (``lean``: :func:`nlu_lean`) leans to ``capability`` (at least NLU_LEAN)
    over a film question."""
    return lean[capability] >= NLU_LEAN and lean[capability] > lean["film"]


def nlu_sure(lean: dict[str, float], capability: str, over: str) -> bool:
    """Whether the NLU (``lean``: :func:`nlu_lean`) is sure of ``capability`` (at least NLU_SURE)
    and ranks it above ``over``."""
    return lean[capability] >= NLU_SURE and lean[capability] > lean[over]


def lists_films(claims: Claims, lean: Optional[dict[str, float]]) -> bool:
    """Films in the plural and no word of asking ("comedies from 1999": :attr:`Claims.bare_list`)
    are a list the graph gives, unless the NLU is sure of a request."""
    return claims.bare_list and not (lean and nlu_sure(lean, "recommend", "film"))


def nlu_first(lean: dict[str, float]) -> str:
    """The capability the NLU (``lean``: :func:`nlu_lean`) ranks first (at least NLU_LEAN), or ""
    when none is."""
    best = max(lean, key=lambda cap: lean[cap])
    return best if lean[best] >= NLU_LEAN else ""
