"""What people call people: a surname, a rare first name or a nickname for the one person in
the graph it clearly names.

"Kubrick" is Stanley Kubrick and "Hitch" Alfred Hitchcock; "Burton" is Tim Burton or Richard
Burton, so it names nobody alone. A surname names the best-connected person who has it (links:
films directed, written or acted in) when they have :data:`SURNAME_DOMINANCE` times the links
of the next one; a first name of four letters or more ("denzel", "keanu") likewise, when no
surname is that word and its person is well connected. Nicknames are a table, for the names
whose best-connected bearer is not the one meant (Lloyd Nolan has half Christopher Nolan's
links) and for the ones no rule finds ("pta", "the duke").

Pure Python over the linker's person weights; the film-question parser (:mod:`kg.mentions`)
and the recommendation reader (:mod:`recommender.dialogue`) both read names with it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from kg.linker import EntityLinker, normalise

NICKNAMES: dict[str, tuple[str, ...]] = {
    "hitch": ("Alfred Hitchcock",),
    "marty": ("Martin Scorsese",),
    "leo": ("Leonardo DiCaprio",),
    "nolan": ("Christopher Nolan",),
    "coen": ("Joel Coen", "Ethan Coen"),
    "coens": ("Joel Coen", "Ethan Coen"),
    "coen brothers": ("Joel Coen", "Ethan Coen"),
    "chaplin": ("Charles Chaplin",),
    "charlie chaplin": ("Charles Chaplin",),
    "deniro": ("Robert De Niro",),
    "pta": ("Paul Thomas Anderson",),
    "arnie": ("Arnold Schwarzenegger",),
    "bogie": ("Humphrey Bogart",),
    "the duke": ("John Wayne",),
    "de niro": ("Robert De Niro",),
    "nic cage": ("Nicolas Cage",),
    "nick cage": ("Nicolas Cage",),
    "sly": ("Sylvester Stallone",),
    "scarjo": ("Scarlett Johansson",),
    "rdj": ("Robert Downey Jr.",),
    "del toro": ("Guillermo del Toro",),
    "von trier": ("Lars von Trier",),
    "de palma": ("Brian De Palma",),
    "srk": ("Shah Rukh Khan",),
    "king khan": ("Shah Rukh Khan",),
    "big b": ("Amitabh Bachchan",),
    "elvis": ("Elvis Presley",),
    "marilyn": ("Marilyn Monroe",),
    "jlo": ("Jennifer Lopez",),
    "j lo": ("Jennifer Lopez",),
}
SURNAME_DOMINANCE = 3.0  # a surname names its best-connected person if they have 3x the next one's links
MIN_SURNAME_LINKS = 3  # ... and at least this many links in the graph
FIRST_NAME_LINKS = 10  # a first name alone names a person with this many links who dominates it
COMMON_TITLE_WORD = 3  # a word in this many film titles is a word, not a surname ("love", "king")


@dataclass(frozen=True)
class ShortNames:
    """Short names of the graph's people (normalised keys)."""

    unique: dict[str, str]  # surname, first name or nickname -> the one person it names
    ambiguous: dict[str, list[str]]  # surname -> the best-connected people sharing it (up to 3)
    groups: dict[str, tuple[str, ...]]  # nickname -> its people in the graph ("coens": two)


def short_names(weights: Mapping[str, int]) -> ShortNames:
    """The short names of the people in ``weights`` (graph name -> links)."""
    by_surname: dict[str, list[tuple[int, str]]] = {}
    by_first: dict[str, list[tuple[int, str]]] = {}
    for name, weight in weights.items():
        parts = normalise(name).split()
        if len(parts) >= 2 and len(parts[-1]) >= 3:
            by_surname.setdefault(parts[-1], []).append((weight, name))
        if len(parts) >= 2 and len(parts[0]) >= 4:
            by_first.setdefault(parts[0], []).append((weight, name))
    unique: dict[str, str] = {}
    ambiguous: dict[str, list[str]] = {}
    for surname, people in by_surname.items():
        people.sort(key=lambda p: (-p[0], p[1]))
        if people[0][0] < MIN_SURNAME_LINKS:
            continue  # nobody anyone would call by the surname alone ("a Disney movie")
        runner_up = people[1][0] if len(people) > 1 else 0
        if people[0][0] >= SURNAME_DOMINANCE * runner_up:
            unique[surname] = people[0][1]
        else:
            ambiguous[surname] = [n for _, n in people[:3]]
    for first, people in by_first.items():
        people.sort(key=lambda p: (-p[0], p[1]))
        runner_up = people[1][0] if len(people) > 1 else 0
        if first in by_surname or people[0][0] < FIRST_NAME_LINKS:
            continue
        if people[0][0] >= SURNAME_DOMINANCE * max(runner_up, 1):
            unique[first] = people[0][1]
    groups = {k: tuple(n for n in v if n in weights) for k, v in NICKNAMES.items()}
    groups = {k: v for k, v in groups.items() if v}
    for key, names in groups.items():
        if len(names) == 1:
            unique[key] = names[0]
            ambiguous.pop(key, None)
    return ShortNames(unique, ambiguous, groups)


def title_words(titles: Iterable[str]) -> Counter[str]:
    """How many of ``titles`` each (normalised) word occurs in."""
    return Counter(word for title in titles for word in set(normalise(title).split()))


def common_title_words(titles: Iterable[str]) -> frozenset[str]:
    """Words of :data:`COMMON_TITLE_WORD` titles or more: words, not surnames ("love", "king")."""
    return frozenset(w for w, n in title_words(titles).items() if n >= COMMON_TITLE_WORD)


@dataclass(frozen=True)
class LinkerNames:
    """What the question parser and the recommendation reader both read off a linker's names."""

    short: ShortNames  # of its people
    title_words: Counter[str]  # of its film titles

    @property
    def common_title_words(self) -> frozenset[str]:
        """:func:`common_title_words` of the linker's titles."""
        return frozenset(w for w, n in self.title_words.items() if n >= COMMON_TITLE_WORD)


def linker_names(linker: EntityLinker) -> LinkerNames:
    """:func:`short_names` of the linker's people and :func:`title_words` of its titles, worked
    out once per linker (tens of thousands of names each)."""
    cached = getattr(linker, "_linker_names", None)
    if cached is None:
        people = linker.vocab["person"].weight if "person" in linker.vocab else {}
        titles = linker.vocab["film"].weight if "film" in linker.vocab else {}
        cached = LinkerNames(short_names(people), title_words(titles))
        linker._linker_names = cached  # type: ignore[attr-defined]
    return cached
