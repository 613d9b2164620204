"""What the user asked for, read from their message: task, premise, film, emotion, refinements.
Pure functions, no model and no Rasa."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Optional

SCENE, TAGLINE, AD = "scene", "tagline", "ad"
TASKS = (SCENE, TAGLINE, AD)
EMOTIONS = ("dark", "upbeat", "romantic", "funny", "neutral")
MAX_PREMISE = 400  # characters of premise kept (the end of a longer one is dropped at a word boundary)

_TASK_WORDS = [
    (SCENE, r"scenes?|dialogues?|script|screenplay|conversation|continu\w*"),
    (TAGLINE, r"tag ?lines?|slogans?|one-liners?|catch ?phrases?"),
    (AD, r"ads?|adverts?|advertisements?|advertising|promos?|promotions?|flyers?|posters?|blurbs?|copy"),
]
_EMOTION_WORDS = {
    "dark": r"dark\w*|grim|gloomy|bleak|sinister|scar(?:y|ier)|creepy|ominous|menacing|noir|"
    r"sad(?:der)?|tragic",
    "upbeat": r"upbeat|happ(?:y|ier)|cheerful|uplifting|positive|optimistic|joyful|bright(?:er)?|energetic|"
    r"exciting|lively|fun",
    "romantic": r"romantic|romance|love(?:ly)?|sweet(?:er)?|tender|passionate",
    "funny": r"fun+(?:y|ier)|humou?rous|hilarious|comic(?:al)?|witty|silly|jok(?:e|ey|ing)|laugh\w*",
}
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


def detect_task(text: str) -> Optional[str]:
    lowered = text.lower()
    found = [
        (m.start(), task) for task, words in _TASK_WORDS if (m := re.search(rf"\b(?:{words})\b", lowered))
    ]
    return min(found)[1] if found else None


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
    r"\b(?:for|about|of|advertising|promoting)\s+(?:the\s+(?:film|movie)\s+|(?:film|movie)\s+)?(.+)$", re.I
)
_PREMISE_AFTER = re.compile(r"(?::|\bwhere\b|\bin which\b|\babout\b)\s*(.*)$", re.I | re.S)


def extract_target(text: str) -> str:
    """The film or thing after "tagline for ...", without trailing punctuation or filler."""
    text = text.strip()
    for marker in _TASK_WORDS[1][1], _TASK_WORDS[2][1]:
        m = re.search(rf"\b(?:{marker})\b(.*)$", text, re.I | re.S)
        if m:
            text = m.group(1)
            break
    m = _FOR_TARGET.search(text)
    target = m.group(1) if m else ""
    target = re.sub(r"\s+(please|pls|thanks?)\s*$", "", target.strip(), flags=re.I)
    return target.strip(" .!?\"'“”")


def extract_premise(text: str) -> str:
    m = _PREMISE_AFTER.search(text)
    if m:
        return m.group(1).strip()
    m = re.search(rf"\b(?:{_TASK_WORDS[0][1]})\b(.*)$", text, re.I | re.S)
    rest = re.sub(r"^\s*(?:with|for|of|on|in|this|that|the|scene)\b", "", m.group(1) if m else "", flags=re.I)
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
