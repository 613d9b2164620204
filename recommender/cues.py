"""How a message reads as a request for something to watch rather than a question: pure and
fast functions of the text (no linker), for the routers that decide between recommendations,
film questions, support and creative requests.

- :func:`request_strength`: how sure a message asks for recommendations (0 to 1);
- :func:`asks_for_similar`: it asks for films like one it names;
- :func:`is_bare_list`: it names films in the plural with no word of asking;
- :func:`asks_for_one`: a few words that ask for one film ("emma thompson drama");
- :func:`asks_nothing`: no question of fact, about the service or for something written;
- :func:`is_feedback`: it says something about a list of films shown.

A message is read once (:func:`reading`): each cue is searched for at most once, however many of
these are asked of the message in one turn. The cues themselves are the tables of
:mod:`recommender.cue_patterns`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Mapping

from recommender.cue_patterns import (
    _ANY_WH,
    _ASKING,
    _ASKING_OBLIQUELY,
    _CREATIVE,
    _FACT_QUESTIONS,
    _FILM_WORD,
    _FILM_WORDS,
    _GOOD,
    _INDEFINITE_REQUEST,
    _NATIONAL,
    _NOT_ONE,
    _ONE_FILM,
    _PLURAL_FILMS,
    _SERVICE,
    _SIMILAR,
    _STRONG_CUES,
    _SUITED,
    _TASTE_THEN_ASK,
    _TIPS,
    _TO_KNOW,
    _TOLD,
    _WANT,
    _WEAK_CUES,
    _WH_START,
    _WHATS_GOOD,
    MAX_ONE_FILM_WORDS,
    _cue_typo,
)
from recommender.vocabulary import (
    MORE_LIKE,
    NONE_OF,
    NUMBER_ONE,
    ORDINAL,
    REJECT,
    SEEN,
    audience_in,
    compounds_in,
    genre_features,
    genres_in,
    moods_in,
)
from recommender.years import only_years, parse_years

MAX_TEXT = 500  # characters of a message read

# -- one message, read once -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """A message as the cues read it (``low``: its first MAX_TEXT characters in lower case, ’ as
    '). Each pattern is searched for at most once (:meth:`has`), and each answer below is worked
    out once, however many of them are asked: the recommendation reader's claims
    (:func:`actions.claims.claims_of`), the router's questions and the recommendation action ask
    several of the same message in one turn."""

    low: str
    # id of a pattern -> found. The patterns are module constants (they live as long as the
    # process); a compiled pattern hashes its whole program, so its id is much quicker to look up.
    _found: dict[int, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    def has(self, pattern: re.Pattern) -> bool:
        """Whether ``pattern`` occurs in the message."""
        found = self._found.get(id(pattern))
        if found is None:
            found = self._found[id(pattern)] = bool(pattern.search(self.low))
        return found

    @cached_property
    def asked(self) -> Reading:
        """The message without a wish to know ("i want to know when films about X came out"
        wants facts): the reading :attr:`strength` weighs."""
        low = _TO_KNOW.sub(" ", self.low)
        return self if low == self.low else Reading(low)

    @cached_property
    def years(self) -> Mapping[str, int]:
        """:func:`recommender.years.parse_years` of the message (read-only)."""
        return MappingProxyType(parse_years(self.low))

    @cached_property
    def cue_typo(self) -> bool:
        """A misspelt "recommend" or "suggest" in the message."""
        return _cue_typo(self.low)

    @cached_property
    def strength(self) -> float:
        """:func:`request_strength`."""
        return _strength(self.asked)

    @cached_property
    def explicit(self) -> bool:
        """:func:`asks_outright`."""
        if self.has(_FACT_QUESTIONS) or self.has(_SERVICE) or self.has(_CREATIVE):
            return False
        if self.has(_STRONG_CUES) or self.has(_TASTE_THEN_ASK) or self.cue_typo or self.tips:
            return True  # ("which biopics are actually good", "what should i watch")
        if self.has(_ANY_WH):
            return False
        # "a film that came out in 1984": one film wanted, in the form of a request
        indefinite = self.has(_INDEFINITE_REQUEST) and "?" not in self.low and self.has(_FILM_WORDS)
        return self.has(_ASKING_OBLIQUELY) or indefinite

    @cached_property
    def tips(self) -> bool:
        """Films named, then advice asked for at the end ("swedish films, any tips?")."""
        return self.has(_TIPS) and (self.has(_FILM_WORDS) or self.has(_PLURAL_FILMS))

    @cached_property
    def similar(self) -> bool:
        """:func:`asks_for_similar`."""
        return self.has(_SIMILAR) and not self.has(_FACT_QUESTIONS)

    @cached_property
    def bare_list(self) -> bool:
        """:func:`is_bare_list`."""
        low = self.low
        if "," in low and "?" not in low and not self.has(_ANY_WH):
            return False  # "westerns made after 1990, the revisionist ones": a comment, no question
        return self.has(_PLURAL_FILMS) and not (
            self.has(_STRONG_CUES)
            or self.has(_ASKING_OBLIQUELY)
            or self.has(_TASTE_THEN_ASK)
            or self.has(_WANT)
            or self.has(_ASKING)
            or self.has(_GOOD)
            or self.has(_SIMILAR)
            or self.has(_SUITED)  # "kid safe movies": whom they suit is a request's, not a fact
            or self.cue_typo
            or self.tips
        )

    @cached_property
    def one(self) -> bool:
        """:func:`asks_for_one`."""
        low = self.low
        if low.startswith("/"):
            return False  # a button
        words = re.findall(r"[a-z0-9'-]+", low)
        if not 2 <= len(words) <= MAX_ONE_FILM_WORDS or "?" in low:
            return False
        if any(self.has(p) for p in (_ANY_WH, _NOT_ONE, _FACT_QUESTIONS, _SERVICE, _CREATIVE)):
            return False
        if self.has(_ONE_FILM):
            return True
        last = words[-1]
        return genre_features(last) is not None and not last.endswith("s")

    @cached_property
    def statement(self) -> bool:
        """:func:`asks_nothing`."""
        low = self.low
        if low.startswith("/") or "?" in low:
            return False
        return not any(self.has(p) for p in (_WH_START, _FACT_QUESTIONS, _SERVICE, _CREATIVE))

    @cached_property
    def feedback(self) -> bool:
        """:func:`is_feedback`."""
        return any(self.has(p) for p in (SEEN, REJECT, NONE_OF, MORE_LIKE, ORDINAL, NUMBER_ONE))


# Everyday misspellings of the words requests start with ("somthing in irish gaelic").
_SOMETHING_TYPOS = re.compile(r"\b(?:somthing|somethin|sumthing|sumthin|somethng|smthng|smth|someting)\b")
_ANYTHING_TYPOS = re.compile(r"\b(?:anythin|anyting|anythng|anythig|anythign)\b")


@lru_cache(maxsize=256)
def reading(text: str) -> Reading:
    """The reading of ``text`` (the last messages' readings are kept, so one turn reads its message
    once)."""
    low = (text or "")[:MAX_TEXT].lower().replace("’", "'")
    return Reading(_ANYTHING_TYPOS.sub("anything", _SOMETHING_TYPOS.sub("something", low)))


def _strength(r: Reading) -> float:
    """:func:`request_strength` of a reading (its :attr:`Reading.asked`)."""
    low = r.low
    if not low.strip():
        return 0.0
    genres, moods, rest = compounds_in(low)
    suitability, rest = audience_in(rest)
    found, rest = moods_in(rest)
    plain, any_of = genres_in(rest)
    national = bool(_NATIONAL.search(rest))
    # each kind of constraint once: a genre or mood, an audience, a genre list, a language
    topical = min(3, bool(genres or moods or found) + bool(suitability) + bool(plain or any_of) + national)
    years = r.years
    bound = years.get("year_min") != years.get("year_max")
    if not topical and bound and (only_years(low) or r.has(_WANT)):
        # "2015 or newer only", "after 2000 but before 2010", "nothing made after 1955, im in a
        # vintage mood"; not a question or a follow-up of one ("what about the 90s ones?" after
        # a film answer)
        topical = int(not r.has(_ANY_WH) and "?" not in low)
    weak = r.has(_WEAK_CUES)
    film = r.has(_FILM_WORDS)
    asked = (
        r.has(_STRONG_CUES)
        or r.has(_TASTE_THEN_ASK)
        or (r.has(_ASKING_OBLIQUELY) and not r.has(_ANY_WH))
        or r.cue_typo
        or r.tips
        or bool(r.has(_WHATS_GOOD) and (topical or r.has(_FILM_WORD)))
    )
    # a wanting cue with a film word or a genre, mood or audience: "gimme a movie", "any finnish
    # comedies", "nothing too scary, it's for the grandkids", "best Pacino movie to start with"
    wants = r.has(_WANT) or bool(r.has(_GOOD) and not r.has(_TOLD))
    strong = asked or bool((film or topical) and wants)
    # a message that starts with what it wants: "mystery thriller to keep me guessing",
    # "anything from before 1950"
    wh = r.has(_WH_START)
    head = " ".join(low.split()[:3])
    leading = (
        bool(genres_in(" ".join(low.split()[:2]))[0])
        or bool(moods_in(head)[0])
        or bool(years and (r.has(_ASKING) or film))
    )  # "late 90s movie to feel young again"
    score = 0.1 + (0.7 if strong else 0.2 if weak else 0.0)
    score += (0.3, 0.45, 0.5)[topical - 1] if topical else 0.0
    if (topical or leading) and not strong and (film or leading or r.has(_ASKING)) and not wh:
        score += 0.3  # "something upbeat", "a comedy", "a war movie", "an action adventure romp"
    elif topical > 1 and not strong:
        score += 0.15  # "kid-friendly comedy", "nothing too scary for the grandkids"
    if years and (topical or weak):
        score += 0.1  # "forties war movie", "a thriller that came out in 2005"
    indefinite = r.has(_INDEFINITE_REQUEST) and "?" not in low and not r.has(_ANY_WH)
    if indefinite and (film or topical or low.lstrip().startswith("something")):
        score = max(score, 0.9)
    if r.has(_FACT_QUESTIONS):
        score -= 0.6
    elif wh and not asked:
        score -= 0.25
    if r.has(_CREATIVE) and not asked:
        score -= 0.5
    if r.has(_SERVICE):
        score = min(score - 0.6, 0.3)
    elif r.has(_SIMILAR) and not r.has(_FACT_QUESTIONS) and not r.has(_CREATIVE):
        score = max(score, 0.95)  # films like a named one: nothing else reads it as well
    return round(min(1.0, max(0.0, score)), 3)


# -- what the routers ask -------------------------------------------------------------------------


def request_strength(text: str) -> float:
    """How sure ``text`` asks for film recommendations, from 0 to 1 (pure and fast: no linker).

    Recommendation cues ("recommend", "what should I watch", "in the mood for", "movie night",
    "something like") raise it most (0.8 on their own); weaker ones ("something", "a movie") a
    little; genre, mood, audience and nationality words ("a comedy", "something scary", "for my
    kids", "a korean film") raise it; questions about facts ("who directed", "when was", "tell me
    about") and about the service ("my profile", "how do I") lower it."""
    return reading(text).strength


def asks_outright(text: str) -> bool:
    """True when ``text`` asks for something to watch in so many words ("recommend", "what should i
    watch", "any hindi films you'd vouch for", "never seen any", "but not the pirate ones", "a film
    that came out in 1984") and asks
    no question of fact, about the service or for something written: words no reading of a film
    question explains. Pure: no linker."""
    return reading(text).explicit


def asks_for_similar(text: str) -> bool:
    """True when ``text`` asks for films like one it names (pure: no linker), and is not a
    question about facts ("who directed the films similar to ...": none are)."""
    return reading(text).similar


def is_bare_list(text: str) -> bool:
    """True when ``text`` names films in the plural with no word of asking or wanting
    ("comedies from 1999", "french films of the 60s") and no comment after a comma that is no
    question ("iranian films in persian, heard theyre amazing"): the list a film question gives,
    unless the NLU reads a request. Pure: no linker."""
    return reading(text).bare_list


def asks_for_one(text: str) -> bool:
    """True when ``text`` is a few words that ask for one film without a question (see
    :data:`_ONE_FILM`): a singular film word or genre word last. Pure: no linker."""
    return reading(text).one


def asks_nothing(text: str) -> bool:
    """True when ``text`` asks no question of fact, about the service or for something written
    ("statham punching people, nothing deep", "fassbinder, where do i even start"): no question
    mark, no question word first. Pure: no linker."""
    return reading(text).statement


def about_the_service(text: str) -> bool:
    """True when ``text`` speaks of the service itself: an account, the app, a plan, or a fault
    described ("the movie just sits there spinning", "e-231 on the telly"). Pure: no linker."""
    return reading(text).has(_SERVICE)


def is_feedback(text: str) -> bool:
    """True when ``text`` says something about a list of films shown ("seen it", "not that one",
    "the second one", "none of these", "more like the first"). Pure: no linker."""
    return reading(text).feedback
