"""Which task a creative request asks for, read from the words of the message (the tables are
in :mod:`creative.request_words`; the task words and phrases of steps 1 and 2 below, and the
making verbs, are found by :mod:`creative.task_phrases`). Pure functions, no model and no Rasa.

Which task a message asks for
-----------------------------
A message may hold several task words: "a tagline for the poster", "a poster ad", "a tagline
for an ad campaign". The task is that of the head noun of the phrase the user asks for:

1. Task words are found with their kind. A *head* word names a thing to write (tagline, slogan,
   catchy line, motto, ad, commercial, blurb, scene, dialogue). A *weak* word names one too but
   is also an everyday word (poster, billboard, trailer, campaign, story). A *part* word names a
   form rather than a task (script, copy, text, voice-over): it takes the task of the word before
   it in a compound ("trailer script" is ad copy) and its own default otherwise ("write a
   script" is a scene; "text" alone is nothing). An *ask* phrase is a whole request on its own
   ("what happens next", "keep the story going"). Words about the service rather than about
   writing (ad-free, skip the ads, promo code, watch the trailer, continue watching) are not
   task words.
2. Task words side by side form one compound ("poster tagline", "ad campaign", "promo video
   script"; film, movie, video, radio or tv may stand between them), and the compound's task is
   that of its last word that is not a part word, as in English: a "poster tagline" is a
   tagline, a "poster ad" an ad. Poster, movie or film in front of a task word are modifiers.
   A task word after a preposition ("a tagline for the poster", "a tagline for an ad
   campaign") only says what the thing asked for is for.
3. The phrase asked for is, in this order: the object of the first making verb addressed to
   the assistant (write, give me, come up with, make, create, draft, compose, pitch, brainstorm,
   continue, I need, can I get, help me with...), that is the first task phrase after the verb
   with only determiners, adjectives and "an idea for" between them; else an ask phrase; else
   a scene when the user says "continue" with no task word; else the first task phrase of the
   message. No task phrase at all: no task (:func:`creative.requests.parse_request` then writes
   a scene).

How sure that makes the message a creative request is
:func:`creative.requests.request_strength`, read from the same :class:`_Reading`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, TypedDict

from creative.request_words import (
    _ADJECTIVE,
    _ASKING_YOU,
    _BLOCKERS,
    _COUNT,
    _CREDIT,
    _DEFINITE,
    _EMOTION_WORD,
    _INDEFINITE,
    _LEADING,
    _MODAL_YOU,
    _MODIFIERS,
    _NEGATED,
    _NOT_TASKS,
    _OF_A_FILM,
    _PRONOUNS,
    _QUESTION,
    _RECOMMENDATION,
    _SUBJECT,
    _SUGGESTION,
    _SUPPORT,
    _TRANSPARENT,
    _WORD,
    MAX_READ,
    SCENE,
)
from creative.task_phrases import _mentions, _Phrase, _phrases, _Verb, _verbs


class _Flags(TypedDict):
    """The ``_Reading`` fields that every reading of one message shares."""

    question: bool
    maker: bool
    recommendation: bool
    support: bool
    empty: bool


@dataclass(frozen=True)
class _Reading:
    phrase: Optional[_Phrase] = None  # the phrase asked for
    how: str = "none"  # "verb" (object of a making verb), "ask", "continue", "first" or "none"
    verb: Optional[str] = None  # the kind of the verb that takes the phrase
    determiner: str = "bare"  # "definite", "indefinite" or "bare", in front of the phrase
    referential: bool = False  # the phrase names an existing one: "the final scene", "tagline of Alien"
    led: bool = False  # the message opens with the phrase: "a dark tagline for Heat"
    question: bool = False  # the message opens like a question: "who", "what is", "did"
    suggestion: bool = False  # ... asking for a suggestion: "what's a good tagline for my film?"
    maker: bool = False  # a making verb addressed to the assistant, with or without a task word
    cue: Optional[tuple[int, int]] = None  # where "what happens next" or a bare "continue" is
    recommendation: bool = False
    support: bool = False
    empty: bool = True

    @property
    def task(self) -> Optional[str]:
        if self.how == "continue":
            return SCENE
        return self.phrase.task if self.phrase is not None else None

    @property
    def fetches(self) -> bool:
        """ "give me the tagline of Alien": asks for what exists, not for something new."""
        return self.how == "verb" and self.verb == "fetch" and self.determiner == "definite"


def _lower(text: str) -> str:
    """Lower case and straight quotes, keeping every character where it was."""
    text = text.translate(str.maketrans("’‘“”", "''\"\""))
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _clause_before(low: str, start: int) -> str:
    return re.split(r"[.?!;:\n,]", low[:start])[-1]


def _determiner(low: str, start: int) -> str:
    words = _words(_TRANSPARENT.sub(" ", _clause_before(low, start)))[-4:]
    for word in reversed(words):
        if word in _DEFINITE or word.endswith("'s"):
            return "definite"
        if word in _INDEFINITE or word.isdigit():
            return "indefinite"
        if word in _BLOCKERS or word in _PRONOUNS:
            break
    return "bare"


def _attaches(low: str, verb: _Verb, phrase: _Phrase) -> bool:
    """Whether the phrase is the verb's object: only determiners, adjectives and "ideas for"
    between them, in the same sentence."""
    gap = _TRANSPARENT.sub(" ", low[verb.end : phrase.start])
    if re.search(r"[.?!;:\n]", gap):
        return False
    words = _words(gap)
    return len(words) <= 6 and not any(w in _BLOCKERS for w in words)


def _addressed(low: str, verb: _Verb, question: bool) -> bool:
    """Whether the verb asks the assistant to do something."""
    before = low[: verb.start]
    if _NEGATED.search(before):
        return False
    if question:  # "did Tarantino write the script?" but "what would you write as a tagline?"
        return (
            verb.kind == "ask"
            and low[verb.start : verb.end].startswith(("how", "what"))
            or bool(_MODAL_YOU.search(before))
        )
    if verb.kind in ("ask", "fetch"):
        return True
    m = _SUBJECT.search(before)
    if m is None:
        return True
    return m.group("who") in ("you", "we") and bool(_ASKING_YOU.search(before[: m.start()]))


def _opens_with(low: str, text: str, phrase: _Phrase) -> bool:
    """ "a dark tagline for Heat", "3 spooky slogans for Jaws", "idea for a scene: ..."; not
    "Jurassic Park tagline" (a name in front) nor "tagline of Alien" (what it is)."""
    before = _TRANSPARENT.sub(lambda m: " " * len(m.group()), low[: phrase.start])
    words = list(_WORD.finditer(before, _LEADING.match(before).end()))  # type: ignore[union-attr]
    if len(words) > 4:
        return False
    for i, m in enumerate(words):
        w = m.group()
        known = w in _INDEFINITE or w in _MODIFIERS or _COUNT.fullmatch(w) or _EMOTION_WORD.fullmatch(w)
        adjective = _ADJECTIVE.fullmatch(w) and (i == 0 or not text[m.start()].isupper())
        if not (known or adjective):
            return False
    return bool(words) or not (
        _OF_A_FILM.match(low, phrase.end) or _CREDIT.search(low, phrase.start, phrase.end)
    )


@lru_cache(maxsize=512)
def _read(text: str) -> _Reading:
    low = _NOT_TASKS.sub(lambda m: " " * len(m.group()), _lower(text[:MAX_READ]))
    if not low.strip(" \t\n.,!?"):
        return _Reading()
    mentions = _mentions(low)
    verbs = _verbs(low, mentions)
    spans = {(v.start, v.end) for v in verbs}
    mentions = [m for m in mentions if (m.start, m.end) not in spans]  # "script a scene": a verb
    verbs = [v for v in verbs if not any(m.start < v.end and v.start < m.end for m in mentions)]
    phrases = _phrases(low, mentions)
    q = _QUESTION.match(low)
    question = q is not None
    addressed = [v for v in verbs if _addressed(low, v, question)]
    common = _Flags(
        question=question,
        maker=any(v.kind in ("make", "continue") or low[v.start : v.end] == "give" for v in addressed),
        recommendation=bool(_RECOMMENDATION.search(low)),
        support=bool(_SUPPORT.search(low)),
        empty=False,
    )
    for verb in addressed:
        following = next((p for p in phrases if p.start >= verb.end), None)
        if following is not None and _attaches(low, verb, following):
            return _Reading(following, "verb", verb.kind, _determiner(low, following.start), **common)
    asking = next((p for p in phrases if p.asks), None)
    if asking is not None:
        return _Reading(asking, "ask", cue=(asking.start, asking.end), **common)
    going_on = next((v for v in addressed if v.kind == "continue"), None)
    if going_on is not None:
        return _Reading(None, "continue", cue=(going_on.start, going_on.end), **common)
    if not phrases:
        return _Reading(**common)
    first = phrases[0]
    determiner = _determiner(low, first.start)
    gap = low[q.end() : first.start] if q is not None else ""
    suggestion = (  # "what's a good tagline for ...", "what would be a catchy slogan for ..."
        q is not None
        and q.group("word") in ("what", "what's", "whats", "which")
        and determiner == "indefinite"
        and bool(_SUGGESTION.search(gap))
        and not re.search(r"[.?!;:\n]", gap)
        and len(_words(gap)) <= 5
        and not any(w in _BLOCKERS for w in _words(gap))
    )
    return _Reading(
        first,
        "first",
        determiner=determiner,
        referential=determiner == "definite"
        or (determiner == "bare" and bool(_OF_A_FILM.match(low, first.end))),
        led=not question and _opens_with(low, text, first),
        suggestion=suggestion,
        **common,
    )


def detect_task(text: str) -> Optional[str]:
    """The task asked for (see the module's rule), or None when the message names none."""
    return _read(text).task
