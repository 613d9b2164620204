"""What the recommendation reader returns: the names a message mentions (:class:`Mention`) and
what the whole message says (:class:`Parsed`: likes, dislikes, seeds, feedback on the last list,
the filters described in :mod:`recommender.dialogue`). Plain dataclasses, kept apart so that every
part of the reader can build them without importing the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Mention:
    text: str
    kind: str  # film | person | genre | ambiguous | unknown
    name: Optional[str] = None  # the graph's name (a title, a person) or a genre label
    features: list[str] = field(default_factory=list)  # feature names (genre/person)
    candidates: list[str] = field(default_factory=list)  # unknown film titles; people an ambiguous name fits
    people: list[str] = field(default_factory=list)  # the people of a person mention ("the Coens": two)


@dataclass
class Parsed:
    likes: list[Mention] = field(default_factory=list)
    dislikes: list[Mention] = field(default_factory=list)
    seeds: list[Mention] = field(default_factory=list)  # "something like X": the focus of this turn
    unknown: list[Mention] = field(default_factory=list)  # names that link to nothing
    ambiguous: list[Mention] = field(default_factory=list)  # surnames several people share ("Burton")
    filters: dict = field(default_factory=dict)
    seen: bool = False
    reject: bool = False
    more_like: bool = False
    targets: list[int] = field(default_factory=list)  # positions in the last list the feedback is about
    target_titles: list[str] = field(default_factory=list)  # titles of the last list named in the message
    all_of_them: bool = False
    surprise: bool = False
    reset: bool = False
    refine: bool = False  # the message narrows the last request ("only after 2010")
