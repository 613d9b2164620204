"""How much a reading of a film question is believed before its wording is read (its prior), and
how its constraints weigh the paths it may ask.

A reading's prior is that of its topic's kind (:data:`KIND_PRIOR`), lowered for a name that is an
everyday word, matched only without its article or said as a surname alone, and for each name the
reading leaves unused. A genre, a language or a span of years makes the paths about the topic
film alone less likely, and a path whose answer a constraint already fixes asks nothing. The
numbers were chosen on the validation questions (``bench/qa_eval.py``).

Separate from :mod:`kg.parser.readings`, which finds the readings of a message, because these are
the numbers it weighs them by, read also for the names the fuzzy linker resolves
(:mod:`kg.misspelt`).
"""

from __future__ import annotations

from kg.parser.result import Constraints
from kg.paths import PATHS

# How much a reading's topic kind is believed before the wording is read (chosen on the
# validation questions, see bench/qa_eval.py): names of films and people are what questions
# are usually about; a tag or a context slot only when nothing else fits.
KIND_PRIOR = {"film": 1.0, "person": 1.0, "tag": 0.6, "language": 0.55, "genre": 0.5, "year": 0.45,
              "context": 0.35}  # fmt: skip
# A one-word film or person name that is also a word questions are made of ("Speak", "Crash")
# or that matched only without its article ("haunted house" for "The Haunted House") is
# believed less.
COMMON_WORD_PRIOR = 0.3
LOOSE_PRIOR = 0.5
# A person named by a surname or nickname alone (kg.people) is believed a little less than a name
# said in full.
SHORT_NAME_PRIOR = 0.8
UNUSED_NAME_PRIOR = 0.5
# Everyday words that are also names in the graph (the film "Saw", the tags "script" and
# "theater"): a name made only of them, or of words questions are made of, is believed less.
COMMON_WORDS = frozenset(
    """get got gets make makes made see saw seen watch watched come came go went show shows tell give
    know like want find take play work works job jobs look need say said let help think good new old
    first last best more most other same all some any time times day night year years thing things
    people man men woman women part role roles credit credits credited theater theaters theatre cinema
    screen camera script scripts screenplay screenplays story stories plot tag tags word words list
    name names question answer please thanks hello english language common""".split()
)
# A genre, a language or a span of years said with a question about one film is more often
# about other films ("Heat director comedies": the director's comedies) than about that film
# ("the French film Amelie"): paths whose only films are the topic are believed this much less.
ONLY_THE_FILM_FILTERED = 0.5
# A path whose answer a constraint already fixes ("crime films in Norwegian": not "the languages
# of crime films, among the Norwegian ones", which is Norwegian) asks nothing: believed this much less.
ANSWER_FIXED = 0.05


def _filters_other_films(constraints: Constraints) -> bool:
    """A genre, a language or a span of years: more often said of a set of films than of the
    one film a question names (one year may be which of two same-titled films: "the 1995 Heat")."""
    c = constraints
    spans_years = (c.year_from is not None or c.year_to is not None) and c.year_from != c.year_to
    return c.genre is not None or c.language is not None or spans_years or c.person is not None


def _fixed_kinds(constraints: Constraints) -> frozenset[str]:
    """The answer kinds a reading's constraints already name one value of (a genre, a language,
    a single year)."""
    c = constraints
    one_year = c.year_from is not None and c.year_from == c.year_to
    named = (("genre", c.genre), ("language", c.language), ("year", one_year))
    return frozenset(kind for kind, fixed in named if fixed)


def _only_the_film(path: str) -> bool:
    """Whether the films a path's constraints filter are only its topic film ("who directed Heat")."""
    spec = PATHS[path]
    return spec.topic == "film" and spec.bridge is None


# A path from a person back through the relation it came by answers their co-workers
# ("~directed_by>directed_by": who directed films with X). A question asks that when it says
# others are meant ("with", "alongside", "together", "shared", "co-directors", "costars") or says
# the relation twice ("the directors of the films directed by X"); "a movie directed by Martin
# Scorsese" says it once and asks for his films: the path's first step ("~directed_by"). Such a
# reading keeps this much of its co-workers' probability; the first step gets the rest.
COWORKERS_UNASKED = 0.05
COWORKER_PATHS = {
    "~directed_by>directed_by": ("direct", "helm"),
    "~written_by>written_by": ("writ", "wrote", "script", "screenpla", "penn"),
    "~starred_actors>starred_actors": ("star", "act", "appear", "play", "cast", "perform"),
}
OTHERS_WORDS = frozenset(
    "with alongside together shared share sharing teamed team partnered opposite co costar costars".split()
)


def _coworkers_unasked(path: str, words: list[str]) -> bool:
    """Whether ``path`` asks for a person's co-workers and ``words`` (the reading's wording) do not
    (:data:`COWORKERS_UNASKED`)."""
    stems = COWORKER_PATHS.get(path)
    if stems is None:
        return False
    said = sum(1 for w in words if w.startswith(stems))
    others = any(w in OTHERS_WORDS or w.startswith("co") and w[2:].startswith(stems) for w in words)
    return said < 2 and not others


def _coworkers_moved(probs: dict[str, float], words: list[str]) -> dict[str, float]:
    """``probs`` (path -> probability of one reading) with the probability of co-workers the
    wording does not ask for moved to the path's first step (:data:`COWORKERS_UNASKED`)."""
    moved = dict(probs)
    for path in COWORKER_PATHS:
        p = moved.get(path, 0.0)
        first = path.split(">")[0]
        if p and first in moved and _coworkers_unasked(path, words):
            moved[path] = p * COWORKERS_UNASKED
            moved[first] += p * (1.0 - COWORKERS_UNASKED)
    return moved
