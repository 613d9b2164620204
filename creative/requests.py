"""What the user asked for, read from their message: task, premise, film, emotion, refinements,
and how sure it is that the message asks for creative writing at all. Pure functions, no model
and no Rasa.

Which task a message asks for is the rule of :mod:`creative.task_reading` (over the word tables
of :mod:`creative.request_words`); this module holds what is built on that reading: how sure a
message is a creative request at all (:func:`request_strength`), the emotion, the premise and
the thing to advertise, the request itself (:class:`CreativeRequest`, :func:`parse_request`) and
its refinements (:func:`refine`). The task names and :func:`detect_task` are importable from here.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Optional

from creative.request_words import _EMOTION_WORDS, AD, SCENE, TAGLINE, TASKS
from creative.task_reading import _read, detect_task

__all__ = [
    "AD",
    "EMOTIONS",
    "MAX_PREMISE",
    "SCENE",
    "TAGLINE",
    "TASKS",
    "CreativeRequest",
    "clip_premise",
    "detect_emotion",
    "detect_task",
    "extract_premise",
    "extract_target",
    "parse_request",
    "refine",
    "request_strength",
]

EMOTIONS = ("dark", "upbeat", "romantic", "funny", "neutral")
MAX_PREMISE = 400  # characters of premise kept (the end of a longer one is dropped at a word boundary)

_SHORTER = re.compile(
    r"\b(shorter|short(?:er)? one|brief(?:er)?|concise|fewer words|less words|punchier)\b", re.I
)
_LONGER = re.compile(r"\b(longer|more detail|expand)\b", re.I)


@dataclass(frozen=True)
class CreativeRequest:
    task: str
    premise: str = ""  # the scene set-up, or the thing to advertise
    film: Optional[str] = None  # the title the user named (not yet linked to the graph)
    emotion: str = "neutral"
    short: bool = False
    attempt: int = 0  # 0 for a new request, +1 for every "another one"
    facts: dict[str, list[str]] = field(default_factory=dict)  # grounded facts when the film is known

    def to_slot(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_slot(cls, value: Any) -> Optional[CreativeRequest]:
        if not isinstance(value, dict) or value.get("task") not in TASKS:
            return None
        known = {k: value[k] for k in cls.__dataclass_fields__ if k in value}
        try:
            return cls(**known)
        except TypeError:
            return None


def request_strength(text: str) -> float:
    """How sure it is that the message asks for a scene, a tagline or an ad, from 0 to 1. Pure.

    - 0.9: a task word as the object of a making verb addressed to the assistant ("write me a
      poster tagline for Jaws", "can you continue the scene?"); 0.85 as the object of a verb
      that fetches or asks ("give me a slogan for...", "I need an ad", "help me with a scene")
      and for an ask phrase ("... What happens next?");
    - 0.8: "continue" addressed to the assistant with no task word ("continue: Anna opens...");
    - 0.75: the message is the request's noun phrase ("a dark tagline for Heat", "idea for a
      scene: ...");
    - 0.7: a what/which question asking for a suggestion ("what's a good tagline for my film?");
    - 0.5: a task word alone, 0.3 a weak one (poster, trailer, story); 0.25 and 0.15 when it
      refers to an existing one ("I loved the final scene of Heat");
    - 0.3: a making verb with no task word ("write me something for our film night");
    - 0.1 to 0.15, whatever the task words: questions about facts ("who wrote the screenplay of
      Chinatown?", "what is the tagline of Jurassic Park?" -- what a film's tagline *is* is a film
      question), fetching ("give me the tagline of Alien"), recommendations ("a film with great
      dialogue") and support questions ("how do I skip the ads?"); 0.05 with no task word; 0 for
      an empty message.
    """
    r = _read(text)
    if r.empty:
        return 0.0
    if r.how == "verb" and not r.fetches:
        return 0.9 if r.verb in ("make", "continue") else 0.85
    if r.how == "ask":
        return 0.85
    if r.how == "continue":
        return 0.8
    if r.led:
        return 0.75
    if r.suggestion:
        return 0.7
    if r.fetches:
        return 0.15
    if r.recommendation or r.support:
        return 0.1
    if r.question:
        return 0.15 if r.phrase is not None else 0.05
    if r.phrase is None:
        return 0.3 if r.maker else 0.05
    if r.referential:
        return 0.25 if r.phrase.strong else 0.15
    return 0.5 if r.phrase.strong else 0.3


def detect_emotion(text: str) -> str:
    lowered = text.lower()
    hits = [
        (m.start(), e)
        for e, words in _EMOTION_WORDS.items()
        if (m := re.search(rf"\b(?:{words})\b", lowered))
    ]
    return min(hits)[1] if hits else "neutral"


def clip_premise(text: str, limit: int = MAX_PREMISE) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[: cut.rfind(" ")] if " " in cut else cut


_FOR_TARGET = re.compile(
    r"\b(?:for|about|of|advertising|promoting|announcing|advertise|promote|announce|sell)\s+"
    r"(?:the\s+(?:film|movie)\s+|(?:film|movie)\s+)?(.+)$",
    re.I | re.S,
)
# "a tagline for the poster of Jurassic Park": the poster is where the tagline goes, not the film.
_MEDIUM = re.compile(
    r"(?:(?:the|a|an|our|my|your|their|its|this|that)\s+)?(?:(?:movie|film|new|upcoming)\s+)*"
    r"(?:posters?|billboards?|banners?|trailers?|flyers?|leaflets?|brochures?|(?:ad\s+)?campaigns?|ads?"
    r"|adverts?|commercials?|promos?|social\s+media\s+posts?|websites?|(?:dvd\s+)?covers?)"
    r"(?:\s+(?:of|for)\s+|\s*$)",
    re.I,
)
_MEDIUM_AFTER = re.compile(
    r"\s+(?:movie\s+|film\s+)?(?:posters?|billboards?|dvd(?:\s+covers?)?|covers?)$", re.I
)
_TO_SELL = re.compile(r"\b(?:advertise|promote|announce|sell|market)$", re.I)
_PREMISE_LEAD = re.compile(
    r"^[\s,.?!-]*(?:(?:with|for|of|on|in|this|that|the|it|my|our|me|scene|script|story|ideas?|bit|please|pls)\b"
    r"[\s,.?!-]*)*",
    re.I,
)
_PREMISE_TAIL = re.compile(r"[\s,.!?]*(?:\b(?:so|and|now|ok(?:ay)?|then|please)\b[\s,.!?]*)*$", re.I)
_PREMISE_AFTER = re.compile(r"(?::|\bwhere\b|\bin which\b|\babout\b)\s*(.*)$", re.I | re.S)


def extract_target(text: str) -> str:
    """The film or thing after "tagline for ...", without trailing punctuation or filler."""
    text = text.strip()
    phrase = _read(text).phrase
    if phrase is not None and _TO_SELL.search(text, 0, phrase.end):  # "something to advertise our ..."
        target = text[phrase.end :]
    else:
        m = _FOR_TARGET.search(text[phrase.end :] if phrase is not None else text)
        target = m.group(1) if m else ""
    target = re.sub(r"\s+(please|pls|thanks?)\s*$", "", target.strip(), flags=re.I)
    while (medium := _MEDIUM.match(target)) and medium.end() > 0:
        target = target[medium.end() :]
    target = _MEDIUM_AFTER.sub("", target)  # "the Jurassic Park poster"
    return target.strip(" .!?\"'“”")


def extract_premise(text: str) -> str:
    m = _PREMISE_AFTER.search(text)
    if m:
        return m.group(1).strip()
    reading = _read(text)
    if reading.cue is not None:  # "Tom finds a key in the sand. What happens next?"
        before = _PREMISE_TAIL.sub("", text[: reading.cue[0]])
        if len(before.split()) >= 3:
            return before.strip()
        rest = text[reading.cue[1] :]  # "can you continue this? Sam opens the door"
    elif reading.phrase is not None and reading.phrase.task == SCENE:
        rest = text[reading.phrase.end :]
    else:
        rest = ""
    rest = _PREMISE_LEAD.sub("", rest)
    return rest.strip(" .,!?") if len(rest.split()) >= 3 else ""


def parse_request(text: str, film_entities: Optional[list[str]] = None) -> CreativeRequest:
    """Read a new creative request; the task defaults to a scene when no task word is found."""
    task = detect_task(text) or SCENE
    emotion = detect_emotion(text)
    short = bool(_SHORTER.search(text))
    if task == SCENE:
        return CreativeRequest(SCENE, clip_premise(extract_premise(text)), emotion=emotion, short=short)
    target = clip_premise(extract_target(text), 200)
    film = film_entities[0] if film_entities else None
    if task == TAGLINE:
        return CreativeRequest(TAGLINE, target, film=film or target or None, emotion=emotion, short=short)
    return CreativeRequest(AD, target, film=film, emotion=emotion, short=short)


def refine(previous: CreativeRequest, text: str) -> CreativeRequest:
    """Apply "another one", "make it funnier", "shorter" to the previous request."""
    emotion = detect_emotion(text)
    short = previous.short
    if _SHORTER.search(text):
        short = True
    elif _LONGER.search(text):
        short = False
    return replace(
        previous,
        emotion=emotion if emotion != "neutral" else previous.emotion,
        short=short,
        attempt=previous.attempt + 1,
    )
