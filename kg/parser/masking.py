"""A reading's masked words and its constraints: what the path classifier reads of a message
once its names are replaced by their kinds ("who directed the films xperson starred in"), and
the genre, language, span of years and second person the films must also have."""

from __future__ import annotations

import re
from typing import Optional

from kg.mentions import Mention
from kg.parser.result import Constraints, Topic
from kg.parser.training import CONSTRAINT_TOKENS, TOPIC_TOKENS
from kg.years import DECADE, YEAR, YearRange

YEAR_TOKEN = re.compile(f"{YEAR.pattern}|{DECADE.pattern}")
# The words before a second person that say its role.
ROLE_CUES = {
    ("directed", "by"): "directed_by", ("director",): "directed_by", ("written", "by"): "written_by",
    ("writer",): "written_by", ("starring",): "starred_actors", ("featuring",): "starred_actors",
    ("alongside",): "starred_actors", ("costarring",): "starred_actors",
}  # fmt: skip
JOINS = frozenset({"and", "with", "plus", "also", "both"})


def _role_words(tokens: list[str], also: Mention) -> tuple[int, Optional[str]]:
    """Where the words about ``also``'s role begin, and the role they say (``None``: any)."""
    for cue, role in ROLE_CUES.items():
        start = also.start - len(cue)
        if start >= 0 and tuple(tokens[start : also.start]) == cue:
            return start, role
    if also.start > 0 and tokens[also.start - 1] in JOINS:
        return also.start - 1, None
    return also.start, None


def mask(
    tokens: list[str],
    mentions: list[Mention],
    years: list[YearRange],
    topic_mention: Optional[Mention],
    kind: str,
    topic: Optional[Topic],
    also: Optional[Mention] = None,
) -> tuple[str, Constraints]:
    """A reading of ``tokens``: the topic's words as its kind's placeholder, the first genre,
    language and span of years as constraint placeholders (and as :class:`Constraints`), the
    second person ``also`` and the words of its role left out."""
    out = list(tokens)
    constraints = Constraints()
    replaced: list[tuple[int, int, Optional[str]]] = []
    if also is not None:  # the second person and the words of its role are left out
        start, constraints.person_role = _role_words(tokens, also)
        constraints.person = also.names["person"][0]
        end = also.end
        if start == also.start and end < len(tokens) and tokens[end] == "and":
            end += 1  # "Meryl Streep and Robert De Niro": the joining word goes too
        replaced.append((start, end, None))
    if topic_mention is not None:
        replaced.append((topic_mention.start, topic_mention.end, TOPIC_TOKENS[kind]))
    elif topic is not None and kind != "year" and topic.mention:
        start = _find(tokens, topic.mention.split())
        if start >= 0:
            replaced.append((start, start + len(topic.mention.split()), TOPIC_TOKENS[kind]))
    for m in mentions:
        if m is topic_mention or m is also:
            continue
        if m.names.get("genre") and constraints.genre is None:
            constraints.genre = m.names["genre"][0]
            replaced.append((m.start, m.end, CONSTRAINT_TOKENS["genre"]))
        elif m.names.get("language") and constraints.language is None:
            constraints.language = m.names["language"][0]
            replaced.append((m.start, m.end, CONSTRAINT_TOKENS["language"]))
    for y in years:
        if kind == "year" and topic is not None and y.exact is not None and str(y.exact) == topic.names[0]:
            replaced.append((y.end - 1, y.end, TOPIC_TOKENS["year"]))
            continue
        if constraints.year_from is None and constraints.year_to is None:
            constraints.year_from, constraints.year_to = y.year_from, y.year_to
            constraints.year_label = y.label()
            for i in range(y.start, y.end):  # every year of "from 1955 to 1975"
                if YEAR_TOKEN.match(tokens[i]):
                    replaced.append((i, i + 1, CONSTRAINT_TOKENS["year"]))
    for start, end, token in sorted(replaced, key=lambda r: (r[0], r[1]), reverse=True):
        if any(out[i] is None for i in range(start, end)):
            continue
        kept = [token] if token else []
        out[start:end] = kept + [None] * (end - start - len(kept))  # type: ignore[list-item]
    return " ".join(t for t in out if t is not None), constraints


def _find(tokens: list[str], part: list[str]) -> int:
    for i in range(len(tokens) - len(part) + 1):
        if tokens[i : i + len(part)] == part:
            return i
    return -1
