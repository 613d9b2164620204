"""An in-memory stand-in for :class:`kg.graph.KnowledgeGraph`, for unit tests only.

Integration and end-to-end tests use the real Neo4j engine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from rasa_sdk import Tracker

from kg.graph import Answer, Film, FilmFacts, FilmOverview, GraphUnavailable, PathResult
from kg.paths import PATHS, PERSON_RELATIONS, PROPERTIES

TRACKERS = Path(__file__).resolve().parent / "data"


def load_tracker(name: str, **changes: Any) -> Tracker:
    """A rasa-sdk Tracker from a JSON snapshot in tests/data, with some of its keys replaced."""
    snapshot = {**json.loads((TRACKERS / name).read_text()), **changes}
    return Tracker(
        snapshot["sender_id"], snapshot["slots"], snapshot["latest_message"], snapshot["events"],
        snapshot["paused"], snapshot["followup_action"], snapshot["active_loop"],
        snapshot["latest_action_name"],
    )  # fmt: skip


# MovieLens users' ratings of some films: (how many, mean)
AUDIENCE: dict[str, tuple[int, float]] = {"Amélie": (120, 4.15)}
# title -> field -> values ("years": ints, every other field: names)
FILMS: dict[str, dict[str, list[Any]]] = {
    "Kismet": {"years": [1944], "directors": ["William Dieterle"], "cast": ["Ronald Colman", "James Craig"],
               "writers": ["Edward Knoblock"], "genres": [], "languages": ["English"], "tags": ["bd-r"]},
    "Heat": {"years": [1972, 1995], "directors": ["Michael Mann", "Paul Morrissey"],
             "cast": ["Al Pacino", "Robert De Niro"], "writers": [], "genres": ["Crime"],
             "languages": [], "tags": ["crime", "r", "1"]},
    "Amélie": {"years": [2001], "directors": [], "cast": ["Audrey Tautou"], "writers": [],
               "genres": ["Comedy"], "languages": ["French"], "tags": ["paris", "audrey tautou"]},
    "The Bride Wore Black": {"years": [1968], "directors": ["François Truffaut"], "cast": [],
                             "writers": [], "genres": [], "languages": ["French"], "tags": []},
    "Black": {"years": [2005], "directors": ["Sanjay Leela Bhansali"], "cast": [], "writers": [],
              "genres": ["Drama"], "languages": ["Hindi"], "tags": []},
    "Random Harvest": {"years": [1942], "directors": ["Mervyn LeRoy"], "cast": ["Ronald Colman"],
                       "writers": [], "genres": ["Drama"], "languages": [], "tags": []},
    "Go for It": {"years": [1983], "directors": [], "cast": ["Terence Hill"], "writers": [], "genres": [],
                  "languages": [], "tags": []},
    "State of Play": {"years": [2009], "directors": ["Kevin Macdonald"], "cast": [], "writers": [],
                      "genres": ["Thriller"], "languages": ["English"], "tags": []},
}  # fmt: skip


FIELDS = {"directed_by": "directors", "written_by": "writers", "starred_actors": "cast",
          "release_year": "years", "in_language": "languages", "has_genre": "genres",
          "has_tags": "tags"}  # fmt: skip
KIND_FIELDS = {"person": ("directors", "writers", "cast"), "year": ("years",), "language": ("languages",),
               "genre": ("genres",), "tag": ("tags",)}  # fmt: skip


def year_ok(years: list[int], lo: Optional[int], hi: Optional[int]) -> bool:
    """A film passes a year range when one of its years is inside it."""
    if lo is None and hi is None:
        return True
    return any((lo is None or y >= lo) and (hi is None or y <= hi) for y in years)


class FakeGraph:
    def __init__(self, down: bool = False) -> None:
        self.down = down
        self.calls: list[tuple] = []

    def _check(self, *call: object) -> None:
        self.calls.append(call)
        if self.down:
            raise GraphUnavailable("Neo4j is down")

    def names(self, kind: str) -> list[tuple[str, int]]:
        self._check("names", kind)
        if kind == "film":
            return [(t, 1) for t in FILMS]
        if kind == "person":
            people = {p for f in FILMS.values() for r in ("directors", "cast", "writers") for p in f[r]}
            return [(p, 1) for p in sorted(people)]
        if kind == "genre":
            return [("Comedy", 3), ("Crime", 2), ("Drama", 5)]
        if kind == "tag":
            return [(t, 1) for t in sorted({t for f in FILMS.values() for t in f["tags"]})]
        return [("French", 2), ("English", 1), ("Hindi", 1)]

    def follow_path(
        self, path: str, topic: Any, constraints: dict[str, Any], limit: int = 50
    ) -> Optional[PathResult]:
        """The path semantics of kg.paths, computed in Python over FILMS (a second implementation
        that the Cypher templates are checked against in the integration tests' spirit)."""
        self._check("follow_path", path, topic)
        spec = PATHS[path]
        if spec.entry is None:
            if topic not in FILMS:
                return None
            films = [topic]
        else:
            key = FIELDS[spec.entry]
            if not any(topic in f[key] for f in FILMS.values()) and not any(
                topic in f[k] for f in FILMS.values() for k in KIND_FIELDS[spec.topic]
            ):
                return None
            films = [t for t, f in FILMS.items() if topic in f[key]]
        via: list[str] = []
        if spec.bridge is not None:
            key = FIELDS[spec.bridge]
            reached = []
            for title in films:
                values = FILMS[title][key]
                via += [str(v) for v in values if str(v) not in via]
                for other, f in FILMS.items():
                    if set(values) & set(f[key]) and other not in reached:
                        reached.append(other)
            films = reached

        def keep(title: str) -> bool:
            f = FILMS[title]
            c = constraints
            return (
                (c.get("genre") is None or c["genre"] in f["genres"])
                and (c.get("language") is None or c["language"] in f["languages"])
                and year_ok(f["years"], c.get("year_from"), c.get("year_to"))
                and (
                    c.get("person") is None
                    or any(
                        c["person"] in f[FIELDS[role]]
                        for role in (PERSON_RELATIONS if c.get("person_role") is None else [c["person_role"]])
                    )
                )
            )

        films = [t for t in films if keep(t)]
        if spec.answer is None:
            answers = [Answer(t, FILMS[t]["years"]) for t in films if t != topic]
        elif spec.answer in PROPERTIES:
            answers = []
        else:
            support: dict[str, int] = {}
            for title in films:
                for value in FILMS[title][FIELDS[spec.answer]]:
                    if value != topic:
                        support[str(value)] = support.get(str(value), 0) + 1
            answers = [Answer(n, [], s) for n, s in sorted(support.items(), key=lambda x: (-x[1], x[0]))]
        return PathResult(path, answers[:limit], len(answers), len([t for t in films if t != topic]), via)

    def merged_years(self, title: str) -> list[int]:
        self._check("merged_years", title)
        years = FILMS[title]["years"] if title in FILMS else []
        return years if len(years) > 1 else []

    def film_facts(self, title: str, kind: str) -> Optional[FilmFacts]:
        self._check("film_facts", title, kind)
        film = FILMS.get(title)
        if film is None:
            return None
        return FilmFacts(title, film["years"], kind, film["years"] if kind == "years" else film[kind])

    def film_overview(self, title: str) -> Optional[FilmOverview]:
        self._check("film_overview", title)
        f = FILMS.get(title)
        if f is None:
            return None
        people = {p.lower() for k in ("cast", "directors", "writers") for p in f[k]}
        tags = [t for t in f["tags"] if t != title.lower() and t not in people]
        fields = {k: sorted(f[k]) for k in ("directors", "writers", "cast", "genres", "languages")}
        return FilmOverview(title, f["years"], None, tags=sorted(tags), **fields)

    def audience_rating(self, title: str) -> Optional[tuple[int, float]]:
        self._check("audience_rating", title)
        return AUDIENCE.get(title)

    def person_roles(self, name: str) -> dict[str, int]:
        self._check("person_roles", name)
        counts = {role: sum(name in f[FIELDS[role]] for f in FILMS.values()) for role in PERSON_RELATIONS}
        return counts if any(counts.values()) else {}

    def person_films(self, name: str, role: str) -> Optional[list[Film]]:
        self._check("person_films", name, role)
        key = {"acted": "cast", "directed": "directors", "wrote": "writers"}[role]
        films = [Film(t, f["years"]) for t, f in FILMS.items() if name in f[key]]
        known = any(name in f[k] for f in FILMS.values() for k in ("cast", "directors", "writers"))
        return films if known else None

    def films_by_directors_of(self, title: str) -> Optional[dict[str, list[Film]]]:
        self._check("films_by_directors_of", title)
        if title not in FILMS:
            return None
        return {
            d: [Film(t, f["years"]) for t, f in FILMS.items() if d in f["directors"] and t != title]
            for d in FILMS[title]["directors"]
        }

    def costars(self, name: str, limit: int = 10) -> Optional[tuple[list[tuple[str, list[str]]], int]]:
        self._check("costars", name)
        found: dict[str, list[str]] = {}
        for title, film in FILMS.items():
            if name in film["cast"]:
                for other in film["cast"]:
                    if other != name:
                        found.setdefault(other, []).append(title)
        return list(found.items())[:limit], len(found)

    def films_filtered(self, genre=None, year=None, language=None, limit=10) -> tuple[list[Film], int]:
        self._check("films_filtered", genre, year, language)
        hits = [
            Film(t, f["years"]) for t, f in FILMS.items()
            if (genre is None or genre in f["genres"]) and (year is None or year in f["years"])
            and (language is None or language in f["languages"])
        ]  # fmt: skip
        return hits[:limit], len(hits)
