"""The tags a request names as what its films are about: after a theme cue ("a movie about time
travel", "something set in space": :func:`themes_in`), without one ("zombie apocalypse movie",
"vampires!": :func:`tags_in`, candidates the service keeps by what the catalogue knows), or as a
kind of film ruled out ("not the pirate ones": :func:`_kind_ruled_out`). A tag that says nothing
("based on novel") is never one."""

from __future__ import annotations

import re
from typing import Optional

from kg.linker import CUE_WORDS, STOPWORDS, EntityLinker, normalise, other_number
from kg.mentions import UNINFORMATIVE_TAGS
from recommender.dialogue.parsed import Mention
from recommender.vocabulary import VOCABULARY_WORDS, genre_features, genre_filter
from recommender.years import parse_years

# A kind of film ruled out by a word or two and a plural ("not the pirate ones", "no zombie movies",
# "not the american remakes"): a theme (its tags), not a title that shares the word.
_KIND_OF_ONES = re.compile(
    r"^(?:the |those |any |all )?((?:[a-z][\w'-]* )?[a-z][\w'-]*) "
    r"(ones|movies|films|flicks|stuff|remakes|sequels)$"
)


# "a movie about time travel", "comedies about basketball", "something set in space", "a film
# with zombies in it": the theme is a tag every film must have.
_THEME = re.compile(
    r"\b(?:about|involving|on the (?:subject|topic) of|dealing with|cent(?:er|re)d on|revolving around|"
    r"set (?:in|on|during|at))\s+(?:a |an |the |some )?(.+)$|"
    r"\bwith (?:a |an |some |lots of |plenty of )?(\w+(?: \w+)?) in (?:it|them)\b"
)
MAX_THEME_WORDS = 3
# Everyday phrases around a request, never its theme: "with the lights off" (not the tag "light"),
# "after a long day" (not "long"), "on a rainy day".
_IDIOMS = re.compile(
    r"\b(?:with (?:the )?lights? (?:off|out|down|low)|lights? (?:off|out)|after a (?:long|hard|rough) "
    r"(?:day|week|shift)|(?:a |on a )?(?:long|rainy|lazy|slow) (?:day|night|sunday|afternoon|evening)s?)\b"
)


def themes_in(clause: str, linker: EntityLinker) -> tuple[list[str], str]:
    """The tag a plain clause names as its theme (:data:`_THEME`): the longest tag of up to three
    words right after the cue ("time travel", "basketball"; "zombies" for the tag "zombie"), and
    no genre, mood or audience word, no person's name, no tag that says nothing ("based on
    novel"); and the clause without the theme's words (they are no person: "with zombies in
    it")."""
    if "tag" not in linker.vocab:
        return [], clause
    m = _THEME.search(clause)
    if m is None:
        return [], clause
    span = m.group(1) or m.group(2)
    words = normalise(span).split()
    people = linker.vocab.get("person")
    for size in range(min(MAX_THEME_WORDS, len(words)), 0, -1):
        key = " ".join(words[:size])
        if key in VOCABULARY_WORDS or genre_features(key) is not None or parse_years(key):
            continue  # a word of the request tables, a genre, a decade ("about the 90s" is an era)
        if people is not None and people.by_key.get(key):
            return [], clause  # a person (many tags name people): "with cate blanchett in it"
        tag = _tag_named(key, linker)
        if tag is not None:
            start = m.start(1) if m.group(1) else m.start(2)
            ends = [w.end() for w in re.finditer(r"[\w']+", span)]
            end = start + (ends[size - 1] if len(ends) >= size else len(span))
            return [tag], clause[:start] + clause[end:]
    return [], clause


def _tag_named(key: str, linker: EntityLinker) -> Optional[str]:
    """The tag ``key`` (normalised words) names as it is or in the other number ("zombies" for
    "zombie"), unless it is a tag that says nothing ("based on novel", "r")."""
    vocab = linker.vocab["tag"]
    for form in (key, other_number(key)):
        names = vocab.by_key.get(form)
        if names and normalise(names[0]) == form and names[0].lower() not in UNINFORMATIVE_TAGS:
            return names[0]
    return None


def tags_in(clause: str, linker: EntityLinker) -> list[str]:
    """The tags a plain clause names without a theme cue, longest first and without overlap
    ("zombie apocalypse movie, 2005 onwards", "vampires! any good vampire films", "cold war
    spies"): never a word of the request tables, a genre, a year, a language, a person, a
    question or function word. Candidates only: the service keeps those the catalogue shows are
    a theme (:func:`recommender.theme_films.themes`), for "zombie" the genre its films share."""
    if "tag" not in linker.vocab:
        return []
    words = normalise(_IDIOMS.sub(" ", clause.lower())).split()
    languages, people = linker.vocab.get("language"), linker.vocab.get("person")
    taken = [False] * len(words)
    found: list[str] = []
    for size in range(min(MAX_THEME_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            span = words[start : start + size]
            if any(taken[start : start + size]) or span[0] in STOPWORDS or span[-1] in STOPWORDS:
                continue
            key = " ".join(span)
            if size == 1 and (key in CUE_WORDS or key.isdigit()):
                continue
            if all(w in VOCABULARY_WORDS for w in span) or genre_features(key) is not None:
                continue
            if parse_years(key) or any(v is not None and v.by_key.get(key) for v in (languages, people)):
                continue
            tag = _tag_named(key, linker)
            if tag is not None and tag not in found:
                found.append(tag)
                taken[start : start + size] = [True] * size
    return found


def _kind_ruled_out(span: str, linker: EntityLinker) -> list[Mention]:
    """The kind of film a ruled-out span names by a theme ("the pirate ones": films tagged pirates,
    not the film The Pirate; "the american remakes": tagged american and remake), or nothing."""
    ones = _KIND_OF_ONES.match(normalise(span).strip())
    if ones is None or genre_features(ones.group(1)) is not None:
        return []  # ("no horror movies" is the genre's, as before)
    people = linker.vocab.get("person")
    if people is not None and people.by_key.get(ones.group(1)):
        return []  # ("no john wayne movies": the person's, as before)
    if "tag" not in linker.vocab or (tag := _tag_named(ones.group(1), linker)) is None:
        return []  # ("not the toy story ones": the films of that title, as before)
    kind = _tag_named(ones.group(2), linker) if ones.group(2) in ("remakes", "sequels") else None
    tags = [tag] + ([kind] if kind else [])
    noun = "films" if ones.group(2) in ("ones", "stuff") else ones.group(2)
    name = f"{ones.group(1)} {noun}"
    return [Mention(name, "genre", name, [f"tag:{t}" for t in tags])]


def _kinds_of_wanted_genres(dislikes: list[Mention], filters: dict) -> list[Mention]:
    """A disliked kind of a genre the request asks for ("psychological horror, not slashers")
    rules out that kind (its tags), not the genre."""
    wanted = {f"genre:{g}" for g in genre_filter(filters)}
    out = []
    for m in dislikes:
        if m.kind == "genre" and wanted & set(m.features):
            kept = [f for f in m.features if f not in wanted and not f.startswith("genre:")]
            if not kept:
                continue
            m = Mention(m.text, m.kind, m.text, kept, m.candidates, m.people)
        out.append(m)
    return out
