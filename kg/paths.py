"""The relation paths Encore can follow, and one constant Cypher query per path.

A film question is *(topic entity, relation path, constraints)*. A path is written from the
topic, relations joined by ``>``; a leading ``~`` follows the relation backwards, from the value
to the film (the WikiMovies KB's relation names):

- ``directed_by``                    film -> its directors
- ``~starred_actors``                person -> the films they acted in
- ``~starred_actors>directed_by``    person -> their films -> those films' directors
- ``written_by>~written_by>has_genre``  film -> its writers -> their films -> those films' genres

Every path alternates films and values, so it has at most one *entry* step (from a person or
attribute to its films), at most one *bridge* (from films through a value to other films with
the same value: ``directed_by>~directed_by``) and at most one *answer* step (from the films to an
attribute). :data:`PATHS` is the whitelist: each path has one query, assembled at import time
from the constant fragments below (never from user text; user text is only ever ``$topic``,
``$genre``, ``$language``, ``$year_from``, ``$year_to``). Adding a relation is a row in
:data:`RELATIONS`, not a new intent, story and action.

Semantics (those of relation composition): answers are the union over every path instance; the
topic itself is never an answer, but it may be on the way ("the genres of the films by the
writer of X" include X's own); constraints (genre, language, a year range, a second person)
filter the last set of films on the path. ``films`` counts that set without the topic ("who also
directed 13 other films").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

# KB relation -> (pattern from a film ``{m}`` to a value ``{x}``, the value's label, kind)
RELATIONS: dict[str, tuple[str, str, str]] = {
    "directed_by": ("({m})<-[:DIRECTED]-({x}:Person)", "Person", "person"),
    "written_by": ("({m})<-[:WROTE]-({x}:Person)", "Person", "person"),
    "starred_actors": ("({m})<-[:ACTED_IN]-({x}:Person)", "Person", "person"),
    "release_year": ("({m})-[:RELEASED_IN]->({x}:Year)", "Year", "year"),
    "in_language": ("({m})-[:IN_LANGUAGE]->({x}:Language)", "Language", "language"),
    "has_genre": ("({m})-[:HAS_GENRE]->({x}:Genre)", "Genre", "genre"),
    "has_tags": ("({m})-[:HAS_TAG]->({x}:Tag)", "Tag", "tag"),
}
PERSON_RELATIONS = ("directed_by", "written_by", "starred_actors")
ATTRIBUTE_RELATIONS = ("release_year", "in_language", "has_genre", "has_tags")
# Film properties that are answers of their own (one hop from a film only).
PROPERTIES = {"has_imdb_rating": "imdb_rating", "has_imdb_votes": "imdb_votes"}
# How a value of each kind is named in a result row.
NAME_OF = {"Person": "{x}.name", "Year": "toString({x}.value)", "Language": "{x}.name",
           "Genre": "{x}.name", "Tag": "{x}.name", "Movie": "{x}.title"}  # fmt: skip
TOPIC_MATCH = {
    "film": "MATCH (t:Movie {title: $topic})",
    "person": "MATCH (t:Person {name: $topic})",
    "year": "MATCH (t:Year {value: $topic})",
    "language": "MATCH (t:Language {name: $topic})",
    "genre": "MATCH (t:Genre {name: $topic})",
    "tag": "MATCH (t:Tag {name: $topic})",
}
# What a question's last films must satisfy; a null parameter means "no such constraint". A
# merged same-titled film passes a year range when one of its years is inside it.
CONSTRAINTS = """
  ($genre IS NULL OR EXISTS { ({m})-[:HAS_GENRE]->(:Genre {name: $genre}) })
  AND ($language IS NULL OR EXISTS { ({m})-[:IN_LANGUAGE]->(:Language {name: $language}) })
  AND ($year_from IS NULL AND $year_to IS NULL
       OR any(y IN {m}.years WHERE ($year_from IS NULL OR y >= $year_from)
                               AND ($year_to IS NULL OR y <= $year_to)))
  AND ($person IS NULL OR EXISTS {
       ({m})<-[r:DIRECTED|WROTE|ACTED_IN]-(:Person {name: $person})
       WHERE $person_role IS NULL OR type(r) =
             {directed_by: 'DIRECTED', written_by: 'WROTE', starred_actors: 'ACTED_IN'}[$person_role]
  })"""
# Every constraint parameter, unset: a caller names only the ones it sets. ``person`` is a second
# person the films must also have ("films with Tom Hanks and Meg Ryan"), in the role
# ``person_role`` (a person relation) or in any role when that is null.
NO_CONSTRAINTS: dict[str, object] = {
    "genre": None,
    "language": None,
    "year_from": None,
    "year_to": None,
    "person": None,
    "person_role": None,
}
MAX_ANSWERS = 200


@dataclass(frozen=True)
class Path:
    """A whitelisted relation path and its query."""

    name: str
    topic: str  # kind of the topic entity: film, person, year, language, genre, tag
    entry: Optional[str]  # relation from the topic to its films (None: the topic is a film)
    bridge: Optional[str]  # relation from those films through a value to other films
    answer: Optional[str]  # relation from the last films to the answers (None: the films)
    cypher: str

    @property
    def hops(self) -> int:
        return (self.entry is not None) + 2 * (self.bridge is not None) + (self.answer is not None)

    @property
    def answer_kind(self) -> str:
        if self.answer is None:
            return "film"
        if self.answer in PROPERTIES:
            return self.answer
        return RELATIONS[self.answer][2]


def _pattern(relation: str, m: str, x: str) -> str:
    return RELATIONS[relation][0].format(m=m, x=x)


def _build(topic: str, entry: Optional[str], bridge: Optional[str], answer: Optional[str]) -> str:
    """Assemble one path's query from the constant fragments above.

    The query returns one row when the topic exists (none when it does not): ``answers``
    (``{name, years, support}`` maps, best supported first, at most ``$limit``), ``total``
    answers, ``films`` (how many films the answers were read from) and ``via`` (the values a
    bridge went through, e.g. the directors of the topic film).
    """
    lines = [TOPIC_MATCH[topic]]
    if entry is None:
        lines.append("WITH t, t AS m")
    else:  # the topic is the value end of the entry relation: (m)<-[:DIRECTED]-(t)
        lines.append(
            "OPTIONAL MATCH " + _pattern(entry, "m:Movie", "t").replace(":" + RELATIONS[entry][1] + ")", ")")
        )
    if bridge is None:
        lines.append("WITH t, m AS f, null AS via")
    else:
        label = RELATIONS[bridge][1]
        there = _pattern(bridge, "m", "v")
        back = _pattern(bridge, "f:Movie", "v").replace(f"(v:{label})", "(v)")
        lines.append(f"OPTIONAL MATCH {there}")
        lines.append(f"OPTIONAL MATCH {back}")
        lines.append(f"WITH t, f, {NAME_OF[label].format(x='v')} AS via")
    lines.append("WITH t, f, collect(DISTINCT via) AS vias")
    lines.append("WITH t, f, vias, CASE WHEN f IS NULL THEN -1 ELSE COUNT { (f)--() } END AS weight")
    lines.append("ORDER BY weight DESC, f.title")
    keep = "f IS NOT NULL AND" + CONSTRAINTS.replace("{m}", "f")
    lines.append(
        f"WITH t, collect(CASE WHEN {keep}\n  THEN {{f: f}} END) AS rows, collect(vias) AS via_lists"
    )
    lines.append("WITH t, rows, size([r IN rows WHERE r.f <> t]) AS films,")
    lines.append("     reduce(s = [], l IN via_lists | s + [x IN l WHERE NOT x IN s]) AS via")
    lines.append("UNWIND CASE WHEN rows = [] THEN [null] ELSE rows END AS row")
    lines.append("WITH t, films, via, row.f AS f")
    if answer is None:
        item = "CASE WHEN f IS NULL OR f = t THEN NULL ELSE {name: f.title, years: f.years, support: 1} END"
        lines.append(f"WITH films, via, collect({item}) AS answers")
    else:
        if answer in PROPERTIES:
            lines.append(f"WITH films, via, f, f.{PROPERTIES[answer]} AS name")
        else:
            lines.append(f"OPTIONAL MATCH {_pattern(answer, 'f', 'a')}")
            lines.append("WHERE a <> t")
            lines.append(f"WITH films, via, f, {NAME_OF[RELATIONS[answer][1]].format(x='a')} AS name")
        lines.append("WITH films, via, name, count(DISTINCT f) AS support")
        lines.append("ORDER BY support DESC, name")
        item = "CASE WHEN name IS NULL THEN NULL ELSE {name: name, years: [], support: support} END"
        lines.append(f"WITH films, via, collect({item}) AS answers")
    lines.append("RETURN answers[..$limit] AS answers, size(answers) AS total, films, via[..20] AS via")
    return "\n".join(lines)


def _paths() -> dict[str, Path]:
    out: dict[str, Path] = {}

    def add(topic: str, entry: Optional[str], bridge: Optional[str], answer: Optional[str]) -> None:
        steps = ([f"~{entry}"] if entry else []) + ([bridge, f"~{bridge}"] if bridge else [])
        steps += [answer] if answer else []
        name = ">".join(steps)
        out[name] = Path(name, topic, entry, bridge, answer, _build(topic, entry, bridge, answer))

    answers = list(RELATIONS)
    for answer in [*answers, *PROPERTIES]:  # film -> fact
        add("film", None, None, answer)
    for bridge in answers:  # film -> value -> other films
        add("film", None, bridge, None)
    for bridge in PERSON_RELATIONS:  # film -> person -> their films -> fact
        for answer in answers:
            if answer != bridge:  # "who directed the films of the director of X" is X's director
                add("film", None, bridge, answer)
    for entry in answers:  # value -> films, value -> films -> fact
        topic = RELATIONS[entry][2]
        add(topic, entry, None, None)
        for answer in answers:
            if answer == entry and entry not in PERSON_RELATIONS:
                continue  # "the years of the films from 1994" asks nothing
            add(topic, entry, None, answer)
    for entry in PERSON_RELATIONS:  # person -> films -> person -> their films
        for bridge in PERSON_RELATIONS:
            add("person", entry, bridge, None)
    return out


PATHS: dict[str, Path] = _paths()
