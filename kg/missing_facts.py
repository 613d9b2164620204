"""Facts people ask about films and people that the knowledge graph does not hold.

The WikiMovies KB knows who directed, wrote and starred in a film, its years, genres, languages,
tags and (for a few hundred films) an IMDb rating. "Who produced The Godfather", "how long is
Titanic" or "where was Ingrid Bergman born" ask for something else; read as the closest path they
were answered with another fact ("The Godfather was directed by Francis Ford Coppola"), which
reads as a wrong answer. A question that names a film or a person and asks one of these is told
plainly what the graph does not hold (:func:`missing_fact`).

The patterns are read on the parser's masked text (names replaced by ``xfilm``, ``xperson``), so
a title's own words ("The Producers", "Score") never count.
"""

from __future__ import annotations

import re
from typing import Optional

from kg.parser import Parse

# A question's words: a request that names a film ("something like xfilm with a great
# soundtrack") asks for films, not for the fact.
_ASKING = re.compile(r"\b(?:who|whom|what|whats|which|when|where|how|did|does|do|is|was|were|tell me)\b")


def _compiled(facts: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((fact, re.compile(pattern)) for fact, pattern in facts)


# (the fact in words; its pattern), of films and of people. Read in order, the first that matches.
FILM_FACTS = _compiled(
    (
        ("producers", r"\b(?:produced|producers?|producing)\b"),
        ("composers or music", r"\b(?:compos(?:ed|er|ers)|soundtracks?|(?:film|musical|movie) score|"
                               r"the score (?:for|of|to)|music (?:for|of|in|to|by))\b"),
        ("cinematographers", r"\b(?:cinematograph\w*|director of photography)\b"),
        ("editors", r"\b(?:edited|editors?)\b"),
        ("running times", r"\b(?:how long (?:is|was)|runtime|run time|running time|length of|"
                          r"how many minutes|duration)\b"),
        ("budgets or box office", r"\b(?:budget|box office|gross(?:ed)?|earn(?:ed|s)?|revenue|"
                                  r"how much (?:money )?did .*(?:make|cost)|cost to make)\b"),
        # "where was it filmed", not "filmed in which language"
        ("filming locations", r"\b(?:filming locations?|filmed (?:at|on location)|"
                              r"where (?:was|were|is|did) .*(?:filmed|shot|shoot|made))\b"),
    )
)  # fmt: skip
PERSON_FACTS = _compiled(
    (
        ("birthdays, ages or birthplaces", r"\b(?:born|how old|age|birthday|birthplace|died|alive)\b"),
        ("spouses", r"\b(?:married|wife|husband|spouse)\b"),
        ("producing credits", r"\b(?:produced|producers?|produce)\b"),
        ("awards", r"\b(?:oscars?|academy awards?|awards?|golden globes?|baftas?)\b"),
    )
)  # fmt: skip


def missing_fact(parse: Parse) -> Optional[str]:
    """The fact (in words) that a question about one named film or person (or a tag that names
    films: "star wars") asks and the graph does not hold; ``None`` for any other question."""
    topic = parse.topic
    if topic is None or topic.from_context or not topic.linked or topic.kind not in ("film", "person", "tag"):
        return None
    masked = parse.masked
    if not _ASKING.search(masked):
        return None
    for fact, pattern in PERSON_FACTS if topic.kind == "person" else FILM_FACTS:
        if pattern.search(masked):
            return fact
    return None
