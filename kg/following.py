"""Follow the path a film question was read as, and say what the graph found.

:class:`PathFollowing` is the half of :class:`kg.qa.FilmQA` that runs after a question is
understood: one whitelisted path query (:mod:`kg.paths`), a close second reading when that finds
nothing ("films with Craig Mazin as director" read as films he acted in), the first or latest film
of a set ("Wes Anderson's first film"), a film's overview, and the answer's wording
(:mod:`kg.phrasing`). It lives apart from the reading of the question (:mod:`kg.qa`) so that each
half reads on its own; :class:`kg.qa.FilmQA` is the one class callers use.
"""

from __future__ import annotations

import abc
import dataclasses
import re
from typing import Any, Optional

from kg.graph import Film, KnowledgeGraph, PathResult
from kg.linker import normalise, strip_article
from kg.mentions import MentionFinder
from kg.parser import Parse, Topic
from kg.paths import PATHS
from kg.phrasing import (
    SINGLE,
    WHAT,
    answer_text,
    film_label,
    join_names,
    listed_values,
    merged_note,
    overview_text,
    subject_of,
)
from kg.roles import PERSON_ROLES, main_role, second_readings
from kg.turn import Reply
from kg.understanding import asks_overview, superlative

MAX_NAMED_FILMS = 3  # films a path reached named when none of them has the fact asked
# Words that ask what several films named share, not each one's facts.
SHARED = re.compile(r"\b(?:both|in common|share[sd]?|shared by|same)\b")

SUPERLATIVE_LIMIT = 10000  # every film of the set is read to find the first or latest


class PathFollowing(abc.ABC):
    """Answers a question already understood, from the graph (:class:`kg.qa.FilmQA` is one)."""

    graph: KnowledgeGraph

    @abc.abstractmethod
    def _finder(self) -> MentionFinder:
        """The question parser's name finder (the answer's wording links names with it)."""

    def follow(self, parse: Parse) -> Reply:
        assert parse.topic is not None
        topic = parse.topic  # the same topic in every reading below
        if asks_overview(parse):
            return self.overview(topic.names[0])
        spec = PATHS[parse.path]
        name = topic.names[0]
        value: Any = int(name) if topic.kind == "year" else name
        parse = self._main_role(parse)
        spec = PATHS[parse.path]
        result = self.graph.follow_path(parse.path, value, parse.constraints.params(), limit=60)
        if result is not None and not result.answers:
            # Nothing that way: a close second reading that finds something is what was meant
            # ("films with Craig Mazin as director" read as films he acted in).
            # Of a person's roles the question leaves open, the one with the most films ("Steven
            # Spielberg films": those he directed, not the five he wrote).
            tail = parse.path.split(">")[1:]
            found: list[tuple[str, float, PathResult]] = []
            for path, p in self._second_readings(parse):
                other = self.graph.follow_path(path, value, parse.constraints.params(), limit=60)
                if other is not None and other.answers:
                    found.append((path, p, other))
                    if path.split(">")[1:] != tail or path.split(">")[0] not in PERSON_ROLES:
                        break
            if found:
                roles = [
                    f for f in found if f[0].split(">")[1:] == tail and f[0].split(">")[0] in PERSON_ROLES
                ]
                path, p, other = max(roles, key=lambda f: f[2].films) if roles else found[0]
                parse = dataclasses.replace(parse, path=path, confidence=p)
                spec, result = PATHS[path], other
        query = {"path": parse.path, "kind": topic.kind, "topic": name,
                 "constraints": parse.constraints.params(),
                 "year_label": parse.constraints.year_label}  # fmt: skip
        slots: dict[str, Any] = {"query": query, "path": parse.path}
        if topic.kind in ("film", "person"):
            slots[topic.kind] = name
        if result is None:  # the name came from an older copy of the graph
            return Reply(f"unknown_{topic.kind}" if topic.kind in ("film", "person")
                         else "which_film", {"mention": name}, query=None)  # fmt: skip
        note = merged_note(name, self.graph.merged_years(name)) if spec.topic == "film" else ""
        order = superlative(parse.masked) if result.answers else None
        picked = self._superlative(parse, value, order) if order else None
        if picked is not None:  # "Wes Anderson's first film", "who starred in Kubrick's last film"
            text, chosen = picked
            if len(chosen) == 1:
                slots["film"] = chosen[0]
            return Reply("answer", {"answer": text}, **slots)
        text = self.describe(parse, result) + note
        if parse.path == "has_imdb_rating" and not result.answers:
            text = self._audience_instead(name) + note
        elif not result.answers and spec.answer is not None and 0 < result.films <= MAX_NAMED_FILMS:
            text += self._which_films(parse, value)  # "... no genre listed for them. That film is X."
        shared = (
            self._shared(parse, name, result) if parse.also_films and SHARED.search(parse.masked) else None
        )
        if shared is not None:  # "which actors appeared in both heat and the godfather"
            return Reply("answer", {"answer": shared + note}, **slots)
        for film in parse.also_films:  # "who directed Alien and Blade Runner"
            more = self.graph.follow_path(parse.path, film, parse.constraints.params(), limit=60)
            if more is not None:
                of_it = dataclasses.replace(
                    parse, topic=Topic("film", [film], normalise(film)), also_films=[]
                )
                text += " " + self.describe(of_it, more) + merged_note(film, self.graph.merged_years(film))
        answers = result.answers
        if not answers and spec.answer is None and topic.kind not in ("film", "person"):
            return Reply("answer", {"answer": text}, found_nothing=True, **slots)
        if spec.answer_kind == "person" and result.total == 1:
            slots["person"] = answers[0].name  # "who directed Zodiac?" ... "what else did he make?"
        if spec.answer_kind == "film" and result.total == 1:
            slots["film"] = answers[0].name
        return Reply("answer", {"answer": text}, **slots)

    def _shared(self, parse: Parse, name: str, result: PathResult) -> Optional[str]:
        """What the topic film and the other films named share ("both", "in common"): the
        answers every one of them has, or that they have none; None when one is not in the graph."""
        answer = PATHS[parse.path].answer
        if answer is None or answer not in WHAT:
            return None
        common = [a.name for a in result.answers]
        for film in parse.also_films:
            more = self.graph.follow_path(parse.path, film, parse.constraints.params(), limit=60)
            if more is None:
                return None
            theirs = {a.name for a in more.answers}
            common = [c for c in common if c in theirs]
        films = join_names(_in_order_said(parse.masked, name, parse.also_films))
        if not common:
            return f"{films} have no {WHAT[answer]} in common in my knowledge graph."
        return f"{films} have {join_names(common)} in common ({WHAT[answer]})."

    def _which_films(self, parse: Parse, value: Any) -> str:
        """The few films a path reached before the fact it found none of ("Ridley Scott directed 1
        film from 1982, but my knowledge graph has no genre listed for them"), named."""
        set_path = ">".join(parse.path.split(">")[:-1])
        if set_path not in PATHS or PATHS[set_path].answer is not None:
            return ""
        films = self.graph.follow_path(set_path, value, parse.constraints.params(), limit=MAX_NAMED_FILMS)
        if films is None or not films.answers:
            return ""
        labels = join_names([film_label(Film(a.name, a.years)) for a in films.answers])
        return f" {'That film is' if len(films.answers) == 1 else 'Those films are'} {labels}."

    def _audience_instead(self, title: str) -> str:
        """A film the graph has no IMDb rating for (most of them): what MovieLens users gave it."""
        audience = self.graph.audience_rating(title)
        if audience is None:
            return f"I don't know: my knowledge graph has no IMDb rating listed for {title}."
        n, mean = audience
        users = "1 MovieLens user" if n == 1 else f"{n} MovieLens users"
        return (f"My knowledge graph has no IMDb rating listed for {title}, but {users} rated it "
                f"{mean:.1f}/5 on average.")  # fmt: skip

    def _superlative(self, parse: Parse, value: Any, order: str) -> Optional[tuple[str, list[str]]]:
        """The first or latest of the films a path reaches, and its fact the path asks for
        ("who starred in Kubrick's last film": his films, the latest, its cast); None when the
        path reaches no set of dated films (a film's own facts)."""
        spec = PATHS[parse.path]
        steps = parse.path.split(">")
        set_path = parse.path if spec.answer is None else ">".join(steps[:-1])
        if set_path not in PATHS or PATHS[set_path].answer is not None:
            return None
        films = self.graph.follow_path(set_path, value, parse.constraints.params(), limit=SUPERLATIVE_LIMIT)
        # a title the KB merged over several years is dated only when no other film is
        dated = [a for a in (films.answers if films else []) if len(a.years) == 1] or [
            a for a in (films.answers if films else []) if a.years
        ]
        if films is None or not dated:
            return None
        year = (lambda a: min(a.years)) if order == "first" else (lambda a: max(a.years))
        best = min(map(year, dated)) if order == "first" else max(map(year, dated))
        chosen = [a for a in dated if year(a) == best]
        set_parse = Parse(set_path, parse.topic, parse.constraints, parse.confidence)
        subject = subject_of(set_parse, films)
        labels = join_names([f"{a.name} ({best})" for a in chosen])
        text = f"the {order} {'is' if len(chosen) == 1 else 'are'} {labels}"
        text = f"{subject}; {text}." if subject else f"{text[0].upper()}{text[1:]}."
        if spec.answer is not None:
            for film in chosen[:3]:
                facts = self.graph.follow_path(spec.answer, film.name, {}, limit=60)
                if facts is None or not facts.answers:
                    text += f" My knowledge graph has no {WHAT[spec.answer]} listed for {film.name}."
                    continue
                listed = listed_values(facts, spec.answer, self._finder)
                text += (
                    " " + SINGLE[spec.answer].format(t=film.name, x=listed["text"]) + "." + listed["extra"]
                )
        return text[0].upper() + text[1:], [a.name for a in chosen]

    def overview(self, title: str) -> Reply:
        """What the graph knows about one film, in a few sentences."""
        o = self.graph.film_overview(title)
        if o is None:  # the name came from an older copy of the graph
            return Reply("unknown_film", {"mention": title}, query=None)
        text = overview_text(o, self._finder)
        return Reply("answer", {"answer": text}, film=o.title, query=None, path="overview")

    def _main_role(self, parse: Parse) -> Parse:
        return main_role(parse, self.graph.person_roles)

    _second_readings = staticmethod(second_readings)

    def describe(self, parse: Parse, result: PathResult) -> str:
        """What ``result`` answers to ``parse``, in words (:func:`kg.phrasing.answer_text`)."""
        return answer_text(parse, result, self._finder)


def _in_order_said(masked: str, topic: str, others: list[str]) -> list[str]:
    """The topic film and the other films named, in the order the message names them (the
    topic's words are the ``xfilm`` placeholder of ``masked``)."""

    def at(film: str) -> int:
        said = f" {masked} ".find(" xfilm " if film == topic else f" {strip_article(normalise(film))} ")
        return said if said >= 0 else len(masked)

    return sorted([topic, *others], key=at)
