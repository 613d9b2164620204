"""Turn a parsed film question into an answer from the graph.

:class:`FilmQA` links the mentions (NLU entities first, then an exact scan of the message,
then the conversation's current film or person), runs the matching graph query and returns a
:class:`Reply`: a response name from the domain, its variables, optional buttons, and the
film/person the conversation is now about. No Rasa imports: the action is a thin wrapper.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Optional

from kg.graph import Film, KnowledgeGraph
from kg.linker import AMBIGUOUS, EntityLinker, LinkResult

# question kind -> (what it is about, graph query)
QUESTIONS: dict[str, tuple[str, str]] = {
    "directors": ("film", "directors"),
    "cast": ("film", "cast"),
    "writers": ("film", "writers"),
    "years": ("film", "years"),
    "genres": ("film", "genres"),
    "languages": ("film", "languages"),
    "tags": ("film", "tags"),
    "directors_films": ("film", "directors_films"),
    "acted": ("person", "acted"),
    "directed": ("person", "directed"),
    "wrote": ("person", "wrote"),
    "costars": ("person", "costars"),
    "filtered": ("filters", "filtered"),
}
FACT_NAMES = {
    "directors": "director",
    "cast": "cast",
    "writers": "writer",
    "years": "release year",
    "genres": "genre",
    "languages": "language",
    "tags": "tags",
    "directors_films": "director",
}
ROLE_NAMES = {"acted": "an actor", "directed": "a director", "wrote": "a writer", "costars": "an actor"}
MAX_LISTED = 10
# Tags that say nothing about what a film is about (ratings, formats, stray tokens).
UNINFORMATIVE_TAGS = frozenset(
    {"r", "pg", "pg-13", "bd-r", "bd-video", "dvd-video", "own", "original", "unique", "special", "story"}
)
YEAR_RE = re.compile(r"\b(18[89]\d|19\d\d|20[0-3]\d)\b")
UNSET: Any = object()


@dataclass
class Question:
    kind: str
    text: str = ""
    films: list[str] = field(default_factory=list)  # film mentions found by NLU
    people: list[str] = field(default_factory=list)  # person mentions found by NLU
    genres: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    context_film: Optional[str] = None  # what the conversation was about
    context_person: Optional[str] = None


@dataclass
class Reply:
    response: str
    variables: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)
    film: Any = UNSET  # new value of the conversation's film, or UNSET
    person: Any = UNSET


def join_names(names: list[Any], limit: int = MAX_LISTED) -> str:
    """``["A", "B", "C"]`` -> ``"A, B and C"``; long lists end with ``"and N more"``."""
    names = [str(n) for n in names]
    if len(names) > limit:
        shown = names[:limit]
        return f"{', '.join(shown)} and {len(names) - limit} more"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def film_label(film: Film) -> str:
    return f"{film.title} ({film.years[0]})" if len(film.years) == 1 else film.title


def merged_note(title: str, years: list[int]) -> str:
    """Say so when the KB merged several same-titled films under one name."""
    if len(years) < 2:
        return ""
    return (
        f" Note: in my data “{title}” names more than one film ({join_names(years)}),"
        " so this answer may mix them."
    )


def _payload(intent: str, entity: str, value: str) -> str:
    return f"/{intent}{json.dumps({entity: value}, ensure_ascii=False)}"


class FilmQA:
    """Answers film questions. Thread-safe; share one per process."""

    def __init__(self, graph: Optional[KnowledgeGraph] = None, linker: Optional[EntityLinker] = None):
        self.graph = graph or KnowledgeGraph()
        self._linker = linker
        self._lock = threading.Lock()

    @property
    def linker(self) -> EntityLinker:
        """Built from the graph's names on first use (raises GraphUnavailable if it is down)."""
        if self._linker is None:
            with self._lock:
                if self._linker is None:
                    kinds = ("film", "person", "genre", "language")
                    self._linker = EntityLinker({k: self.graph.names(k) for k in kinds})
        return self._linker

    def answer(self, question: Question, intent: str) -> Reply:
        about, _ = QUESTIONS[question.kind]
        if about == "filters":
            return self._filtered(question)
        resolved = self._resolve(question, about, intent)
        if isinstance(resolved, Reply):
            return resolved
        if about == "film":
            return self._film_question(question.kind, resolved)
        return self._person_question(question.kind, resolved)

    # -- linking ----------------------------------------------------------------------------------

    def _resolve(self, q: Question, about: str, intent: str) -> str | Reply:
        linker = self.linker
        same = q.films if about == "film" else q.people
        other = q.people if about == "film" else q.films
        first: Optional[LinkResult] = None  # the first mention that did not link
        for mention in same + other:
            result = linker.link_in_context(mention, q.text, about)
            if result.found and result.name:
                return result.name
            first = first or result
        if not same:
            found = linker.find_in_text(q.text, about)
            if found:
                # A name in the message may be the tail of a longer, misspelt one ("the brid wore
                # black" holds the film "Black"): the longest span around it that links wins.
                result = linker.link_in_context(found[0], q.text, about)
                return result.name if result.found and result.name else found[0]
            guess = linker.guess_mention(q.text) if first is None else None
            if guess:
                result = linker.link_in_context(guess, q.text, about)
                if result.found and result.name:
                    return result.name
                first = result
        if first is not None:
            return self._not_found(first, about, intent)
        context = q.context_film if about == "film" else q.context_person
        if context:
            return context
        return Reply(f"utter_kg_which_{about}")

    def _not_found(self, result: LinkResult, about: str, intent: str) -> Reply:
        buttons = [{"title": name, "payload": _payload(intent, about, name)} for name in result.candidates]
        status = "ambiguous" if result.status == AMBIGUOUS else "unknown"
        suffix = "_suggest" if buttons and status == "unknown" else ""
        # The conversation is no longer about the film or person it was about before.
        forget = {about: None}
        return Reply(f"utter_kg_{status}_{about}{suffix}", {"mention": result.mention}, buttons, **forget)

    # -- questions about one film ---------------------------------------------------------------

    def _film_question(self, kind: str, title: str) -> Reply:
        if kind == "directors_films":
            return self._directors_films(title)
        facts = self.graph.film_facts(title, kind)
        if facts is None:  # the name came from an older copy of the graph
            return Reply("utter_kg_unknown_film", {"mention": title}, film=None)
        values = facts.values
        if kind == "tags":
            values = [v for v in values if v.lower() not in UNINFORMATIVE_TAGS and not v.isdigit()]
        note = merged_note(facts.title, facts.years)
        if not values:
            return Reply(
                "utter_kg_no_fact", {"title": facts.title, "fact": FACT_NAMES[kind]}, film=facts.title
            )
        return Reply(
            f"utter_kg_{kind}",
            {"title": facts.title, "names": join_names(values), "note": note},
            film=facts.title,
        )

    def _directors_films(self, title: str) -> Reply:
        by_director = self.graph.films_by_directors_of(title)
        if by_director is None:
            return Reply("utter_kg_unknown_film", {"mention": title}, film=None)
        if not by_director:
            return Reply("utter_kg_no_fact", {"title": title, "fact": "director"}, film=title)
        parts = []
        for director, films in by_director.items():
            if films:
                parts.append(f"{director} also made {join_names([film_label(f) for f in films])}.")
            else:
                parts.append(f"{director} made no other film in my graph.")
        return Reply(
            "utter_kg_directors_films",
            {"title": title, "directors": join_names(list(by_director)), "details": " ".join(parts)},
            film=title,
        )

    # -- questions about one person --------------------------------------------------------------

    def _person_question(self, kind: str, name: str) -> Reply:
        if kind == "costars":
            found = self.graph.costars(name, limit=6)
            if found is None:
                return Reply("utter_kg_unknown_person", {"mention": name}, person=None)
            costars, total = found
            if not costars:
                return Reply("utter_kg_no_films", {"name": name, "role": ROLE_NAMES[kind]}, person=name)
            listed = [f"{c} ({join_names(films, 2)})" for c, films in costars]
            more = f" and {total - len(costars)} more" if total > len(costars) else ""
            return Reply("utter_kg_costars", {"name": name, "names": ", ".join(listed) + more}, person=name)
        films = self.graph.person_films(name, kind)
        if films is None:
            return Reply("utter_kg_unknown_person", {"mention": name}, person=None)
        if not films:
            return Reply("utter_kg_no_films", {"name": name, "role": ROLE_NAMES[kind]}, person=name)
        return Reply(
            f"utter_kg_{kind}",
            {"name": name, "names": join_names([film_label(f) for f in films]), "count": len(films)},
            person=name,
        )

    # -- filtered lists ------------------------------------------------------------------------

    def _filtered(self, q: Question) -> Reply:
        genre = self._first_linked(q.genres, "genre", plural=True)
        language = self._first_linked(q.languages, "language")
        if genre is None and not q.genres:
            found = self.linker.find_in_text(q.text, "genre") or self._plural_scan(q.text)
            genre = found[0] if found else None
        if language is None and not q.languages:
            found = self.linker.find_in_text(q.text, "language")
            language = found[0] if found else None
        year = None
        for candidate in q.years + YEAR_RE.findall(q.text):
            digits = re.sub(r"\D", "", str(candidate))
            if YEAR_RE.fullmatch(digits):
                year = int(digits)
                break
        if genre is None and language is None and year is None:
            return Reply("utter_kg_which_filter")
        description = " ".join(x for x in (language, genre.lower() if genre else None) if x)
        description = f"{description} films" if description else "films"
        if year is not None:
            description += f" from {year}"
        films, total = self.graph.films_filtered(genre, year, language, limit=MAX_LISTED)
        if not films and year is not None and (genre or language):
            return self._nearest_years(genre, language, year, description)
        if not films:
            return Reply("utter_kg_filtered_none", {"description": description})
        return Reply(
            "utter_kg_filtered",
            {
                "description": description,
                "total": total,
                "shown": len(films),
                "names": join_names([film_label(f) for f in films]),
            },
        )

    def _nearest_years(
        self, genre: Optional[str], language: Optional[str], year: int, description: str
    ) -> Reply:
        """Nothing from that year: offer the same kind of film from the closest years."""
        films, _ = self.graph.films_filtered(genre, None, language, limit=5000)
        dated = [f for f in films if f.years]
        if not dated:
            return Reply("utter_kg_filtered_none", {"description": description})
        dated.sort(key=lambda f: (min(abs(y - year) for y in f.years), f.title))
        nearest = dated[:5]
        return Reply(
            "utter_kg_filtered_nearest",
            {"description": description, "names": join_names([film_label(f) for f in nearest])},
        )

    def _first_linked(self, mentions: list[str], kind: str, plural: bool = False) -> Optional[str]:
        for mention in mentions:
            variants = [mention]
            if plural:
                variants += _singulars(mention)
            for variant in variants:
                result = self.linker.link(variant, kind)
                if result.found:
                    return result.name
        return None

    def _plural_scan(self, text: str) -> list[str]:
        words = [w for token in text.split() for w in _singulars(token)]
        return self.linker.find_in_text(" ".join(words), "genre") if words else []


def _singulars(word: str) -> list[str]:
    word = word.strip(".,!?;:").lower()
    out = []
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("s"):
        out.append(word[:-1])
    return out
