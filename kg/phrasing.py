"""How a film answer is worded: from what a path's query found to the sentence the user reads.

Answers say how they were found ("Jane Doe starred in 4 films; they were directed by ..."),
how many there are when the list is long, and exactly what is missing when the graph has
nothing. Nothing here queries the graph: :class:`kg.qa.FilmQA` runs the query and these
functions say what came back. One table row per relation (:data:`SINGLE`, :data:`ENTRY`...),
so a new relation in :mod:`kg.paths` is a new row here, not a new function.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional

from kg.graph import Film, FilmOverview, PathResult
from kg.mentions import UNINFORMATIVE_TAGS, MentionFinder
from kg.parser import Constraints, Parse
from kg.paths import PATHS

MAX_LISTED = 10
OVERVIEW_CAST = 5  # people of the cast named in an overview
OVERVIEW_TAGS = 6

SINGLE = {  # one film -> its facts
    "directed_by": "{t} was directed by {x}",
    "written_by": "{t} was written by {x}",
    "starred_actors": "{t} stars {x}",
    "release_year": "{t} was released in {x}",
    "in_language": "{t} is in {x}",
    "has_genre": "{t} is listed under {x}",
    "has_tags": "{t} is tagged {x}",
    "has_imdb_rating": "IMDb users rate {t} as {x}",
    "has_imdb_votes": "on IMDb, {t} is {x}",
}
PLURAL = {  # several films -> their facts
    "directed_by": "they were directed by {x}",
    "written_by": "they were written by {x}",
    "starred_actors": "their casts include {x}",
    "release_year": "they came out in {x}",
    "in_language": "they are in {x}",
    "has_genre": "they are listed under {x}",
    "has_tags": "they are tagged {x}",
}
ENTRY = {  # topic -> its films (n, the topic, a description of the films)
    "directed_by": "{t} directed {n}",
    "written_by": "{t} wrote {n}",
    "starred_actors": "{t} starred in {n}",
    "has_tags": "{n} tagged “{t}”",
    "release_year": "{n} came out in {t}",
    "in_language": "{n} in {t}",
    "has_genre": "{n} listed under {t}",
}
BRIDGE = {  # film -> values -> other films
    "directed_by": "{t} was directed by {v}, who also directed {n}",
    "written_by": "{t} was written by {v}, who also wrote {n}",
    "starred_actors": "{t} stars {v}, who also appear in {n}",
    "release_year": "{t} came out in {v}, like {n}",
    "in_language": "{t} is in {v}, like {n}",
    "has_genre": "{t} is listed under {v}, like {n}",
    "has_tags": "{t} shares tags ({v}) with {n}",
}
PEOPLE_BRIDGE = {
    "directed_by": "they were directed by {v}, who directed {n} in all",
    "written_by": "they were written by {v}, who wrote {n} in all",
    "starred_actors": "their casts ({v}) appear in {n} in all",
}
WHAT = {"directed_by": "director", "written_by": "writer", "starred_actors": "cast",
        "release_year": "release year", "in_language": "language", "has_genre": "genre",
        "has_tags": "tags", "has_imdb_rating": "IMDb rating",
        "has_imdb_votes": "IMDb popularity"}  # fmt: skip
ROLE = {"directed_by": "a director", "written_by": "a writer", "starred_actors": "an actor"}
MERGED_NOTE = re.compile(
    r" Note: in my data “[^”]*” names more than one film \([^)]*\), so this answer may mix them\."
)


def join_names(names: list[Any], limit: int = MAX_LISTED, total: Optional[int] = None) -> str:
    """``["A", "B", "C"]`` -> ``"A, B and C"``; long lists end with ``"and N more"``."""
    names = [str(n) for n in names]
    total = max(total or 0, len(names))
    if total == limit + 1 == len(names):
        limit += 1  # "and 1 more" would take as many words as the name
    if total > len(names[:limit]) and total > 1:
        shown = names[:limit]
        return f"{', '.join(shown)} and {total - len(shown)} more"
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


def count(n: int, noun: str = "film") -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def films_phrase(n: int, cons: Constraints) -> str:
    """``3 French comedy films from the 1990s``"""
    adjectives = " ".join(p for p in (cons.language, cons.genre.lower() if cons.genre else None) if p)
    text = count(n, f"{adjectives} film".strip())
    if cons.person:
        text = f"{text} {cons.with_person()}"
    return f"{text} from {cons.year_label}" if cons.year_label else text


def _other(films: str) -> str:
    return re.sub(r"^(\d+) ", r"\1 other ", films)


def answer_text(parse: Parse, result: PathResult, finder: Callable[[], MentionFinder]) -> str:
    """The answer a path's result gives to ``parse``. ``finder``: the question parser's mention
    finder (asked only when tags are listed, to set apart the tags that name people)."""
    spec = PATHS[parse.path]
    assert parse.topic is not None
    t = parse.topic.names[0]
    cons = parse.constraints
    kind = spec.answer_kind
    films = films_phrase(result.films, cons)
    subject = subject_of(parse, result)
    if not result.answers:
        return nothing_found(parse, subject, spec.answer, films, bool(result.via))
    values = listed_values(result, spec.answer, finder)
    listed = values["text"]
    if subject is None:
        sentence = SINGLE[spec.answer or ""].format(t=t, x=listed)
    elif spec.answer is None:
        sentence = f"{subject}: {listed}"
    elif _some_lack_it(result, kind, parse.topic.kind):
        # "Ridley Scott directed 19 films": one of them has a language listed
        sentence = f"{subject}; my knowledge graph has the {WHAT[spec.answer]} of only some of them: {listed}"
    else:
        sentence = f"{subject}; {PLURAL[spec.answer].format(x=listed)}"
    if kind == "person" and result.total > MAX_LISTED:
        sentence += f" ({result.total} people in all, the most frequent first)"
    sentence = sentence[0].upper() + sentence[1:] + "."
    return sentence + values["extra"]


def _some_lack_it(result: PathResult, answer_kind: str, topic_kind: str) -> bool:
    """Whether some of the films the answers were read from have none of them: every answer is
    at hand and they lead from fewer films, all told, than there are ("they are in Japanese" of
    19 films, one of which has a language listed, would be false). Not when the answers are of
    the topic's kind: the topic is left out of them (Tom Hanks is no co-star of his own, and a
    film he starred in alone has a cast)."""
    if answer_kind == topic_kind:
        return False
    return len(result.answers) == result.total and sum(a.support for a in result.answers) < result.films


def subject_of(parse: Parse, result: PathResult) -> Optional[str]:
    """How the path reached its films ("Tom Hanks starred in 31 films"); None for a film's
    own facts."""
    spec = PATHS[parse.path]
    assert parse.topic is not None
    t = parse.topic.names[0]
    films = films_phrase(result.films, parse.constraints)
    if spec.entry is None and spec.bridge is None:
        return None
    if spec.bridge is None:
        return ENTRY[spec.entry or ""].format(t=t, n=films)
    if spec.entry is None:
        via = join_names(result.via, 5)
        return BRIDGE[spec.bridge].format(t=t, v=via or "nobody I know", n=_other(films))
    first = ENTRY[spec.entry].format(t=t, n="films")
    bridge = PEOPLE_BRIDGE[spec.bridge].format(v=join_names(result.via, 5), n=films)
    return f"{first}; {bridge}"


def listed_values(
    result: PathResult, answer: Optional[str], finder: Callable[[], MentionFinder]
) -> dict[str, str]:
    """The answers as a list to say (``text``), and a sentence more (``extra``): the tags that
    name people, said apart from the others."""
    answers = result.answers
    extra = ""
    if answer is None:
        names = [film_label(Film(a.name, a.years)) for a in answers]
        return {"text": join_names(names, MAX_LISTED, result.total), "extra": ""}
    names = [a.name for a in answers]
    total = result.total
    if answer == "release_year":
        names = sorted(names)
    if answer == "has_tags":
        people_finder = finder()
        plain = [n for n in names if n.lower() not in UNINFORMATIVE_TAGS and not n.isdigit()]
        people = [n for n in plain if people_finder.is_person_name(n)]
        plain = [n for n in plain if n not in people] or names
        if people:
            extra = f" Tags that name people: {join_names(people)}."
        names, total = plain, len(plain) + (0 if total <= len(names) else total - len(names))
    return {"text": join_names(names, MAX_LISTED, total), "extra": extra}


def nothing_found(
    parse: Parse, subject: Optional[str], answer: Optional[str], films: str, bridged: bool = True
) -> str:
    """What a path that found no answer says: which fact is missing, or that the topic is known
    but not in that role or with those constraints."""
    assert parse.topic is not None
    t = parse.topic.names[0]
    spec = PATHS[parse.path]
    if subject is None:
        return f"I don't know: my knowledge graph has no {WHAT[answer or '']} listed for {t}."
    if spec.entry in ROLE and spec.bridge is not None and not bridged:
        return f"I know {t}, but not as {ROLE[spec.entry]} in any film of my knowledge graph."
    if spec.entry is None and spec.bridge is not None and not bridged:
        # "who plays in the films of the director of Amelie": the graph lists none
        return f"I don't know: my knowledge graph has no {WHAT[spec.bridge]} listed for {t}."
    if spec.entry in ROLE and spec.bridge is None:
        if films.startswith("0 "):
            if parse.constraints.person:
                both = f"{t} and {parse.constraints.person}"
                return f"I know {both}, but no film of my knowledge graph has both."
            if parse.constraints:
                none = films_phrase(0, parse.constraints).replace("0 ", "no ", 1)
                return f"I know {t}, but {none} of theirs as {ROLE[spec.entry]}."
            return f"I know {t}, but not as {ROLE[spec.entry]} in any film of my knowledge graph."
    if films.startswith("0 "):
        return f"I found no films that way: {subject}."
    what = WHAT[answer or ""]
    return f"{subject[0].upper() + subject[1:]}, but my knowledge graph has no {what} listed for them."


def overview_text(o: FilmOverview, finder: Callable[[], MentionFinder]) -> str:
    """What the graph knows about one film, in a few sentences. ``finder`` as in
    :func:`answer_text` (tags that name people are left out)."""
    sentences = []
    label = film_label(Film(o.title, o.years))
    kinds = [f"listed under {join_names(o.genres)}"] if o.genres else []
    kinds += [f"in {join_names(o.languages)}"] if o.languages else []
    sentences.append(f"{label} is {', '.join(kinds)}" if kinds else label)
    people = [f"directed by {join_names(o.directors)}"] if o.directors else []
    people += [f"written by {join_names(o.writers)}"] if o.writers else []
    people += [f"starring {join_names(o.cast, OVERVIEW_CAST)}"] if o.cast else []
    if people:
        said = "; ".join(people)
        sentences.append(said[0].upper() + said[1:])
    if o.rating:
        sentences.append(f"IMDb rating: {o.rating}")
    known = UNINFORMATIVE_TAGS | {g.lower() for g in o.genres}  # people and genres are said above
    people_finder = finder()
    tags = [
        t
        for t in o.tags
        if t.lower() not in known and not t.isdigit() and not people_finder.is_person_name(t)
    ]
    if tags:
        sentences.append(f"Tagged {join_names(tags, OVERVIEW_TAGS)}")
    if len(sentences) == 1 and not kinds:
        text = f"I know {label}, but my knowledge graph has nothing more listed for it."
    else:
        text = ". ".join(sentences) + "."
    return text + merged_note(o.title, o.years)
