"""The filters of one message (:attr:`recommender.dialogue.parsed.Parsed.filters`, described in
:mod:`recommender.dialogue`), collected clause by clause in the order said: genres, moods and the
audience a clause names, the people and themes of a plain clause, the ambiguous surnames, and
what a mention span says besides a film's title ("Toy Story for my kids")."""

from __future__ import annotations

import re
from typing import Optional, Sequence

from kg.linker import EXACT, FUZZY, EntityLinker
from recommender.dialogue.mentions import _strip
from recommender.dialogue.parsed import Parsed
from recommender.dialogue.people import people_in
from recommender.dialogue.themes import tags_in, themes_in
from recommender.vocabulary import audience_in, compounds_in, genres_in, moods_in


class _Constraints:
    """What the clauses of one message ask of every film, collected in the order said."""

    def __init__(self) -> None:
        self.genres: list[str] = []
        self.genres_any: list[str] = []
        self.moods: list[str] = []
        self.suitability: Optional[str] = None
        self.people: list[list[str]] = []
        self.topics: list[str] = []
        self.themes: list[str] = []  # tags named without a cue: candidates (:func:`tags_in`)

    def add_genres(self, genres: list[str], any_of: Sequence[str] = ()) -> None:
        for g in genres:
            if g not in self.genres:
                self.genres.append(g)
        if any_of and not self.genres_any:
            self.genres_any = list(any_of)

    def add_moods(self, moods: list[str]) -> None:
        self.moods += [m for m in moods if m not in self.moods]

    def add_audience(self, suitability: Optional[str]) -> None:
        if suitability == "kids" or (suitability and not self.suitability):
            self.suitability = suitability

    def plain(self, clause: str, linker: EntityLinker, out: Parsed) -> None:
        """A clause without a polarity: everything in it is a constraint."""
        topics, clause = themes_in(clause, linker)
        self.topics += [t for t in topics if t not in self.topics]
        people, ambiguous, clause = people_in(clause, linker)
        for m in people:
            if m.people not in self.people:
                self.people.append(m.people)
        out.ambiguous += ambiguous
        self.head(clause)
        if not topics:
            self.themes += [t for t in tags_in(clause, linker) if t not in self.themes + self.topics]

    def head(self, text: str) -> None:
        """Genres, moods and audience in ``text`` (a plain clause, or what precedes "like X")."""
        genres, moods, text = compounds_in(text)
        suitability, text = audience_in(text)
        found, text = moods_in(text)
        more, any_of = genres_in(text)
        self.add_genres(genres + more, any_of)
        self.add_moods(moods + found)
        self.add_audience(suitability)

    def rest(self, text: str, linker: EntityLinker) -> str:
        """A mention span ("Toy Story for my kids", "feel-good films"): take out the audience, and
        a mood when it is all the span says; keep a film's title whole ("Spy Kids", "Date Night");
        drop what follows a title ("The Princess Bride for a cosy night in")."""
        if linker.link(_strip(text), "film").status == EXACT:
            return text
        suitability, text = audience_in(text)
        self.add_audience(suitability)
        moods, without = moods_in(text)
        if moods and not _strip(without):
            self.add_moods(moods)
            return without
        return _title_before_tail(text, linker)

    def into(self, filters: dict, more_like: bool) -> None:
        if self.genres:
            filters["genres"] = self.genres
        if self.genres_any:
            filters["genres_any"] = self.genres_any
        moods = [m for m in self.moods if not (m == "dark" and more_like)]
        if "light" in moods and "dark" in moods:
            moods.remove("dark")  # "lighter, not so dark"
        if moods:
            filters["mood"] = moods[0] if len(moods) == 1 else moods
        if self.suitability:
            filters["suitability"] = self.suitability
        if self.people:
            filters["people"] = self.people
        if self.topics:
            filters["topics"] = self.topics
        themes = [t for t in self.themes if t not in self.topics]
        if themes:
            filters["themes"] = themes


_TAIL = re.compile(r"\s+\b(?:for|to|with|from|on|in|at|that|which|who|but|please|pls|tonight|today|this)\b")


def _title_before_tail(text: str, linker: EntityLinker) -> str:
    """``text`` up to the end of the longest film title it starts with, when the whole does not
    link ("the princess bride for a cosy night in" -> "the princess bride"); else ``text``."""
    stripped = _strip(text)
    if not stripped or linker.link(stripped, "film").status in (EXACT, FUZZY):
        return text
    for cut in reversed([m.start() for m in _TAIL.finditer(stripped)]):
        head = _strip(stripped[:cut])
        if head and linker.link(head, "film").status == EXACT:
            return head
    return text
