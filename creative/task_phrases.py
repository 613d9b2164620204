"""The spans the rule of :mod:`creative.task_reading` starts from: the task words of a message
with their kinds and the compound phrases they form (its steps 1 and 2), and the making verbs
that are not inside a longer task word.

Kept apart from the reading that chooses the phrase asked for, which weighs these spans against
the words around them: finding them, over the tables of :mod:`creative.request_words`, is a step
of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from creative.request_words import _ABOUT_A_FILM, _COMPOUND_GAP, _LEXICON_RES, _VERB_RES, ASK, PART


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    task: Optional[str]
    kind: str
    weak: bool


@dataclass(frozen=True)
class _Phrase:
    """Task words side by side ("poster tagline"): one thing, named by its last word."""

    mentions: tuple[_Mention, ...]

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[-1].end

    @property
    def task(self) -> Optional[str]:
        heads = [m for m in self.mentions if m.kind != PART]
        return heads[-1].task if heads else self.mentions[0].task

    @property
    def strong(self) -> bool:
        return any(not m.weak for m in self.mentions)

    @property
    def asks(self) -> bool:
        return self.mentions[0].kind == ASK


@dataclass(frozen=True)
class _Verb:
    start: int
    end: int
    kind: str


def _mentions(low: str) -> list[_Mention]:
    found = [
        _Mention(m.start(), m.end(), task, kind, weak)
        for task, kind, weak, pattern in _LEXICON_RES
        for m in pattern.finditer(low)
    ]
    kept: list[_Mention] = []
    for mention in sorted(found, key=lambda m: (m.start, m.start - m.end)):
        if kept and mention.start < kept[-1].end:
            continue
        if mention.kind == ASK and _ABOUT_A_FILM.match(low, mention.end):
            continue
        kept.append(mention)
    return kept


def _verbs(low: str, mentions: list[_Mention]) -> list[_Verb]:
    found = sorted(
        (_Verb(m.start(), m.end(), kind) for kind, pattern in _VERB_RES for m in pattern.finditer(low)),
        key=lambda v: v.start,
    )
    return [
        v
        for v in found
        # "a one-line pitch" is a task word, "pitch me a tagline" a verb
        if not any(
            m.start <= v.start and v.end <= m.end and m.end - m.start > v.end - v.start for m in mentions
        )
    ]


def _phrases(low: str, mentions: list[_Mention]) -> list[_Phrase]:
    groups: list[list[_Mention]] = []
    for mention in mentions:
        previous = groups[-1][-1] if groups else None
        if (
            previous is not None
            and ASK not in (previous.kind, mention.kind)
            and _COMPOUND_GAP.fullmatch(low, previous.end, mention.start)
        ):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    phrases = [_Phrase(tuple(group)) for group in groups]
    return [p for p in phrases if p.task is not None]
