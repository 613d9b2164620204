"""People's roles in film questions: which role a question about a person means, which of the
people sharing a surname it is about, and two roles asked of a film at once.

- :func:`main_role`: a question about a person's films that names no role ("Steven Spielberg
  films") is about the role they have the most films in;
- :func:`second_readings`: the paths to try when a reading finds nothing (another of a
  person's roles among them);
- :func:`short_names`: the surnames and nicknames the question parser reads as people, and the
  surnames several people share;
- :func:`one_of_them`: of the people who share a surname, the one the question's role names;
- :func:`two_roles`: "who wrote and directed Chinatown", each role answered.

Pure functions over a :class:`kg.parser.Parse`; the graph is asked only through the callables
given (a person's number of films per role).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable

from kg.linker import EntityLinker
from kg.parser import Parse
from kg.paths import PATHS
from kg.people import MIN_SURNAME_LINKS, SURNAME_DOMINANCE, linker_names
from minilm.encoder import everyday_words

# A second reading is tried when the first finds nothing, if it is at least this likely
# relative to the first.
ALTERNATIVE_MIN = 0.05
# ... and at least this likely when it asks the same of other films (the same last step, more
# steps before it): "what genre would you call Kismet", when the graph lists none for Kismet,
# is not asking for the genres of its actors' other films.
WIDER_MIN = 0.5
# The first step of a path from a person: the films they acted in, directed or wrote.
PERSON_ROLES = ("~starred_actors", "~directed_by", "~written_by")
# Words that say which of a person's roles a question is about.
ROLE_WORDS = re.compile(
    r"\b(act\w*|star\w*|direct\w*|wr[io]te\w*|writ\w*|script\w*|screen\w*|cast\w*|role\w*|play\w*"
    r"|appear\w*|featur\w*|helm\w*|penned|made|make\w*|shot|shoot\w*|lead\w*|credit\w*"
    r"|films? by|movies? by)\b"
)
# Short names that are among this many commonest words of the MiniLM vocabulary are everyday
# words: a person only when written as a name (:func:`minilm.encoder.everyday_words`).
EVERYDAY_RANK = 10000
# "who wrote and directed xfilm", "who directed and starred in xfilm": two of a film's people asked
# at once, each answered (:func:`two_roles`).
ROLE_VERBS = {"wrote": "written_by", "written": "written_by", "directed": "directed_by",
              "starred in": "starred_actors", "acted in": "starred_actors", "was in": "starred_actors",
              "appeared in": "starred_actors", "starred": "starred_actors"}  # fmt: skip
_ROLE_VERB = "|".join(sorted(ROLE_VERBS, key=len, reverse=True))
TWO_ROLES = re.compile(rf"\b({_ROLE_VERB})\s+and\s+({_ROLE_VERB})\s+(?:the (?:film|movie) )?xfilm\b")


def main_role(parse: Parse, person_roles: Callable[[str], dict[str, int]]) -> Parse:
    """A question about a person's films that names no role ("Wes Anderson's first film",
    "Steven Spielberg films") is about the role they have the most films in. ``person_roles``:
    a person's number of films per role (:meth:`kg.graph.KnowledgeGraph.person_roles`), asked
    only for such a question."""
    steps = parse.path.split(">")
    topic = parse.topic
    if topic is None or topic.kind != "person" or steps[0] not in PERSON_ROLES:
        return parse
    if ROLE_WORDS.search(parse.masked) or not parse.masked:
        return parse
    counts = person_roles(topic.names[0])
    role = max(PERSON_ROLES, key=lambda r: (counts.get(r[1:], 0), r == steps[0]))
    path = ">".join([role, *steps[1:]])
    if role == steps[0] or path not in PATHS or not counts.get(role[1:]):
        return parse
    return dataclasses.replace(parse, path=path)


def second_readings(parse: Parse) -> list[tuple[str, float]]:
    """The paths to try when ``parse``'s finds nothing: the close second readings, then the
    same path from another of a person's roles ("whoever directed Jim Varney movies": the
    films he acted in, not directed), which the first step of a longer question often leaves
    open, and a one-step question too when it names no role ("Steven Spielberg films"; but
    "films directed by X" is not about acting) or names a second person, whose role the words
    may give ("which Hitchcock films star Cary Grant": the films Hitchcock directed)."""
    close = [
        (path, p)
        for path, p in parse.alternatives
        if p >= (WIDER_MIN if _wider(path, parse.path) else ALTERNATIVE_MIN) * parse.confidence
    ]
    steps = parse.path.split(">")
    roles: list[tuple[str, float]] = []
    person = parse.topic is not None and parse.topic.kind == "person"
    # the role words may be the other person's ("which Hitchcock films star Cary Grant")
    open_role = len(steps) > 1 or not ROLE_WORDS.search(parse.masked) or bool(parse.constraints.person)
    if person and steps[0] in PERSON_ROLES and open_role:
        given = dict(parse.alternatives)
        for role in PERSON_ROLES:
            path = ">".join([role, *steps[1:]])
            if role != steps[0] and path in PATHS and path not in dict(close):
                roles.append((path, given.get(path, 0.0)))
        roles.sort(key=lambda item: -item[1])
    return close + roles


def _wider(path: str, first: str) -> bool:
    """Whether ``path`` asks what ``first`` asks, of other films: "starred_actors>~starred_actors>
    has_genre" of "has_genre"."""
    steps, first_steps = path.split(">"), first.split(">")
    return len(steps) > len(first_steps) and steps[-len(first_steps) :] == first_steps


def short_names(linker: EntityLinker) -> tuple[dict[str, str], frozenset[str], dict[str, list[str]]]:
    """The surnames and nicknames that clearly name one person (:func:`kg.people.short_names`)
    but the words of many titles ("king", "love"), those of them that are everyday words ("buy",
    "reed"; not "spielberg": :data:`EVERYDAY_RANK`), and the surnames several people share
    ("bergman"), but the words of many titles or everyday words ("young", "wood")."""
    if "person" not in linker.vocab:
        return {}, frozenset(), {}
    names = linker_names(linker)
    common = names.common_title_words
    everyday = everyday_words(EVERYDAY_RANK)
    short = {k: v for k, v in names.short.unique.items() if k not in common}
    shared = {k: v for k, v in names.short.ambiguous.items() if k not in common and k not in everyday}
    return short, everyday & frozenset(short), shared


def one_of_them(parse: Parse, person_roles: Callable[[str], dict[str, int]]) -> Parse:
    """A surname several people share is the one of them with clearly the most films in the
    role the question names ("what did bergman direct": Ingmar Bergman), or in all roles when
    it names none; the question stays ambiguous when none of them clearly has
    (:data:`kg.people.SURNAME_DOMINANCE` times the next one's films)."""
    topic = parse.topic
    if topic is None or topic.kind != "person" or len(topic.names) < 2 or topic.from_context:
        return parse
    step = parse.path.split(">")[0]
    role = step[1:] if step in PERSON_ROLES and ROLE_WORDS.search(parse.masked) else None
    counts = sorted(
        ((sum(c.values()) if role is None else c.get(role, 0), name)
         for name, c in ((n, person_roles(n)) for n in topic.names)),
        key=lambda item: -item[0],
    )  # fmt: skip
    best, runner_up = counts[0][0], counts[1][0]
    if best < MIN_SURNAME_LINKS or best < SURNAME_DOMINANCE * runner_up:
        return parse
    return dataclasses.replace(parse, topic=dataclasses.replace(topic, names=[counts[0][1]]))


def two_roles(parse: Parse) -> Parse:
    """A question that asks two of a film's roles at once ("who wrote and directed Chinatown"):
    the first role's path, with the second asked after it (:attr:`Parse.then`)."""
    topic = parse.topic
    said = TWO_ROLES.search(parse.masked)
    if said is None or topic is None or topic.kind != "film" or parse.then is not None:
        return parse
    first, second = ROLE_VERBS[said.group(1)], ROLE_VERBS[said.group(2)]
    if first == second:
        return parse
    then = Parse(second, topic, parse.constraints, parse.confidence, masked=parse.masked)
    return dataclasses.replace(parse, path=first, then=then, alternatives=[])
