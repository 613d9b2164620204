"""Every whitelisted relation path against the real Neo4j engine, checked against a second,
plain-Python reading of the KB file with the same semantics (kg/paths.py's docstring): the
answers in all, how many films they were read from (the topic aside), and constraints."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Optional

import pytest

from encore.settings import Settings
from kg.graph import KnowledgeGraph
from kg.importer import read_triples
from kg.paths import PATHS, PERSON_RELATIONS, PROPERTIES

pytestmark = [pytest.mark.neo4j]

NO_CONSTRAINTS = {"genre": None, "language": None, "year_from": None, "year_to": None, "person": None,
                  "person_role": None}  # fmt: skip
# Topics tried per kind, in order; the first with a non-empty reference answer is used.
TOPICS: dict[str, list[Any]] = {  # years are ints, every other topic a name
    "film": ["Kismet", "Memento", "Casablanca", "Alien", "Flags of Our Fathers", "Heat"],
    "person": ["Ronald Colman", "Christopher Nolan", "Luc Besson", "Clint Eastwood", "Woody Allen"],
    "tag": ["time travel", "heist", "world war ii"],
    "year": [1944, 1987, 2001],
    "language": ["Swedish", "French"],
    "genre": ["Western", "Comedy"],
}


class Reference:
    """The KB as Python sets: film -> relation -> values, and back."""

    def __init__(self, settings: Settings) -> None:
        triples = read_triples(settings.kb_path)
        self.values: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
        self.films: dict[str, dict[Any, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.movies = triples.movies
        for relation, rows in triples.links.items():
            for row in rows:
                self.values[row["title"]][relation].add(row["value"])
                self.films[relation][row["value"]].add(row["title"])

    def ok(self, title: str, c: dict[str, Any]) -> bool:
        years = self.movies.get(title, {}).get("years") or []
        return (
            (c["genre"] is None or c["genre"] in self.values[title]["has_genre"])
            and (c["language"] is None or c["language"] in self.values[title]["in_language"])
            and (
                (c["year_from"] is None and c["year_to"] is None)
                or any(
                    (c["year_from"] is None or y >= c["year_from"])
                    and (c["year_to"] is None or y <= c["year_to"])
                    for y in years
                )
            )  # fmt: skip
            and (
                c["person"] is None
                or any(
                    c["person"] in self.values[title][role]
                    for role in (PERSON_RELATIONS if c["person_role"] is None else [c["person_role"]])
                )
            )
        )

    def follow(self, path: str, topic: Any, c: dict[str, Any]) -> tuple[set[str], int]:
        spec = PATHS[path]
        films = {topic} if spec.entry is None else set(self.films[spec.entry].get(topic, set()))
        if spec.bridge is not None:
            reached = set()
            for film in films:
                for value in self.values[film][spec.bridge]:
                    reached |= self.films[spec.bridge][value]
            films = reached
        films = {f for f in films if self.ok(f, c)}
        others = len(films - {topic})
        if spec.answer is None:
            return {f for f in films if f != topic}, others
        if spec.answer in PROPERTIES:
            key = PROPERTIES[spec.answer]
            return {self.movies[f][key] for f in films if self.movies.get(f, {}).get(key)}, others
        answers = {v for f in films for v in self.values[f][spec.answer] if v != topic}
        return {str(a) for a in answers}, others


@pytest.fixture(scope="module")
def reference(settings: Settings) -> Reference:
    return Reference(settings)


def _topic(reference: Reference, path: str) -> Optional[Any]:
    kind = PATHS[path].topic
    for topic in TOPICS[kind]:
        if reference.follow(path, topic, NO_CONSTRAINTS)[0]:
            return topic
    return None


@pytest.mark.parametrize("path", sorted(PATHS))
def test_every_path_matches_the_reference(graph: KnowledgeGraph, reference: Reference, path: str) -> None:
    topic = _topic(reference, path)
    if topic is None:
        assert PATHS[path].answer in PROPERTIES, f"no topic with answers for {path}"
        topic = "Kismet"
    expected, films = reference.follow(path, topic, NO_CONSTRAINTS)
    result = graph.follow_path(path, topic, NO_CONSTRAINTS, limit=5000)
    assert result is not None
    assert {a.name for a in result.answers} == expected
    assert (result.total, result.films) == (len(expected), films)
    supports = [a.support for a in result.answers]
    assert supports == sorted(supports, reverse=True)  # best supported first


@pytest.mark.parametrize(
    "path, topic, constraints",
    [
        ("~starred_actors", "Clint Eastwood", {"genre": "Western"}),
        ("~directed_by", "Woody Allen", {"year_from": 1980, "year_to": 1989}),
        ("~in_language", "Swedish", {"genre": "Drama", "year_to": 1970}),
        ("~starred_actors>directed_by", "Clint Eastwood", {"year_from": 2000}),
        ("directed_by>~directed_by>starred_actors", "Memento", {"language": "English"}),
        ("~has_tags", "heist", {"year_from": 2000, "year_to": 2009}),
        ("~has_genre", "Drama", {"year_from": 1970, "year_to": 1970}),  # merged films: one year inside
        ("~starred_actors", "Tom Hanks", {"person": "Meg Ryan"}),  # a second person, in any role
        ("~directed_by", "Martin Scorsese", {"person": "Robert De Niro", "person_role": "starred_actors"}),
        ("~starred_actors>directed_by", "Tom Hanks", {"person": "Steven Spielberg"}),
        ("~directed_by", "Steven Spielberg", {"person": "Michael Crichton", "person_role": "written_by"}),
    ],
)
def test_constraints_filter_the_last_films(
    graph: KnowledgeGraph, reference: Reference, path: str, topic: Any, constraints: dict[str, Any]
) -> None:
    c = {**NO_CONSTRAINTS, **constraints}
    expected, films = reference.follow(path, topic, c)
    result = graph.follow_path(path, topic, c, limit=5000)
    assert result is not None and expected
    assert {a.name for a in result.answers} == expected
    assert result.films == films
    unconstrained = graph.follow_path(path, topic, NO_CONSTRAINTS, limit=5000)
    assert unconstrained is not None and unconstrained.total > result.total


def test_bridges_say_what_they_went_through(graph: KnowledgeGraph) -> None:
    result = graph.follow_path("directed_by>~directed_by", "Memento", NO_CONSTRAINTS)
    assert result is not None and result.via == ["Christopher Nolan"]
    assert "Memento" not in {a.name for a in result.answers}


def test_unknown_topics_and_injection_text_change_nothing(graph: KnowledgeGraph) -> None:
    before = graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    for path in ("directed_by", "~starred_actors", "~has_tags"):
        assert graph.follow_path(path, "Heat'}) MATCH (n) DETACH DELETE n //", NO_CONSTRAINTS) is None
    assert graph.follow_path("~release_year", 1492, NO_CONSTRAINTS) is None
    assert graph.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == before


def test_person_paths_exclude_the_person(graph: KnowledgeGraph) -> None:
    for role in PERSON_RELATIONS:
        result = graph.follow_path(f"~{role}>{role}", "Christopher Nolan", NO_CONSTRAINTS, limit=5000)
        assert result is not None and "Christopher Nolan" not in {a.name for a in result.answers}
