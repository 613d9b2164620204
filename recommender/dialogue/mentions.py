"""What a span of words names: a genre, a film, a person (by full name, by a surname or nickname
that clearly names one, or a surname several people share), or nothing the graph knows.

The people are indexed once per linker (:func:`_people`): surnames and nicknames
(:func:`kg.people.short_names`), and the words that are never a name on their own (request words,
words of film titles and tags, everyday English words), which :mod:`recommender.dialogue.people`
also reads. :func:`_strip` takes off the filler words around a span ("and also ... please").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional

from kg.linker import CUE_WORDS, EXACT, FUZZY, EntityLinker, normalise
from kg.people import linker_names
from minilm.encoder import everyday_words
from recommender.dialogue.parsed import Mention
from recommender.vocabulary import VOCABULARY_WORDS, genre_features, person_features

# Words around a name that say it is one: "by Kubrick", "with DiCaprio", "a Hitchcock film".
PERSON_BEFORE = frozenset({"by", "with", "starring", "featuring", "director", "directors", "actor", "actress",
                           "stars", "star", "from", "directed", "written"})  # fmt: skip
PERSON_AFTER = frozenset({"film", "films", "movie", "movies", "flick", "flicks", "one", "ones", "classic",
                          "classics", "picture", "pictures", "stuff", "joint", "joints", "feature",
                          "features", "thing", "things", "production", "productions", "pick", "picks",
                          "recommendation", "recommendations", "suggestion", "suggestions",
                          "marathon"})  # fmt: skip

FILLER = re.compile(
    r"^(?:(?:and|but|also|too|so|well|oh|ok|okay|yes|no|really|just|a lot|very much|lots|"
    r"i|we|me|you|a|an|some|the films?|the movies?|films?|movies?|anything|something|stuff|by|with|"
    r"of|from|in|is|are|was|were|it|that|these|those|what|what'?s|next|now|please|thanks|"
    r"recommend|suggest|watch|should|can|could|would|give|find|show|tell|one|ones|"
    r"more|kind|type|sort|genre)\b\s*)+|(?:\s*\b(?:too|a lot|very much|so much|lots|films?|movies?|"
    r"please|thanks|next|then|now|what next|stuff|ones?|though|as well|and stuff)\b)+$"
)
SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bor\b|&|\bplus\b|/)\s*")


@dataclass(frozen=True)
class _People:
    """The linker's people by surname, and the words that are not names. Built once per linker."""

    unique: dict[str, str]  # surname -> the person it names (dominant, or from NICKNAMES)
    ambiguous: dict[str, list[str]]  # surname -> the best-connected people sharing it
    groups: dict[str, tuple[str, ...]]  # nickname -> people (the ones in the graph)
    common: frozenset[str]  # words that are never a surname on their own
    words: frozenset[str] = frozenset()  # words of film titles and tags: never a misspelt surname
    plain_words: frozenset[str] = frozenset()  # ... of titles and of tags that are no person's name
    # a rare word of one title only -> that title: "shawshank", "lebowski" (:func:`_title_words`)
    title_of_word: Mapping[str, str] = field(default_factory=dict)


def _people(linker: EntityLinker) -> _People:
    cached = getattr(linker, "_people_index", None)
    if cached is not None:
        return cached
    vocab = linker.vocab["person"]
    names = linker_names(linker)
    short, in_titles = names.short, names.title_words
    common = set(CUE_WORDS) | PERSON_BEFORE | PERSON_AFTER | set(VOCABULARY_WORDS)
    common |= names.common_title_words
    for lang in linker.vocab["language"].weight if "language" in linker.vocab else ():
        common |= set(normalise(lang).split())
    words = set(in_titles)
    plain_words = set(in_titles)
    of_tags: set[str] = set()
    for tag in linker.vocab["tag"].weight if "tag" in linker.vocab else ():
        tag_words = set(normalise(tag).split())
        words |= tag_words
        of_tags |= tag_words
        if not vocab.by_key.get(normalise(tag)):
            plain_words |= tag_words  # "statham" is a word of the tag "jason statham", a name
    plain_words |= everyday_words()  # "suits", "moody": English words, even where a person bears them
    titles = linker.vocab["film"].weight if "film" in linker.vocab else {}
    not_alone = common | everyday_words() | of_tags | set(short.unique) | set(short.ambiguous)
    index = _People(
        short.unique,
        short.ambiguous,
        short.groups,
        frozenset(common),
        frozenset(words | common),
        frozenset(plain_words | common),
        _title_words(titles, in_titles, frozenset(not_alone)),
    )
    linker._people_index = index  # type: ignore[attr-defined]
    return index


# The shortest word that names a title on its own: shorter ones are too often typos of others.
TITLE_WORD_MIN = 5


def _title_words(
    titles: Iterable[str], in_titles: Mapping[str, int], not_alone: frozenset[str]
) -> dict[str, str]:
    """The word by which people call a film whose title has a word no other title has and which
    is not an English word, a person's surname or a word of a tag ("shawshank was great" is about
    The Shawshank Redemption, "lebowski" is The Big Lebowski): word -> that title."""
    out = {}
    for title in titles:
        for word in set(normalise(title).split()):
            if (
                in_titles.get(word) == 1
                and len(word) >= TITLE_WORD_MIN
                and word.isalpha()
                and word not in not_alone
            ):
                out[word] = title
    return out


def _surnames(linker: EntityLinker) -> dict[str, str]:
    """Last name (or nickname) -> the person it clearly names (:func:`kg.people.short_names`)."""
    return _people(linker).unique


def _person_mention(text: str, names: tuple[str, ...] | list[str]) -> Mention:
    features = [f for n in names for f in person_features(n)]
    return Mention(text, "person", _join_names(list(names)), features, people=list(names))


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def link_mention(text: str, linker: EntityLinker, films_only: bool = False) -> Mention:
    text = text.strip(" '\"“”‘’.!?")
    if not films_only and (g := genre_features(text)) is not None:
        return Mention(text, "genre", g[0], g[1])
    film = linker.link(text, "film")
    if film.status == EXACT:
        return Mention(text, "film", film.name)
    if not films_only:
        person = linker.link(text, "person")
        if person.status == EXACT and person.name:
            return _person_mention(text, [person.name])
        key = normalise(text)
        index = _people(linker)
        if key in index.groups:
            return _person_mention(text, index.groups[key])
        if " " not in key and (full := index.unique.get(key)):
            return _person_mention(text, [full])
        if " " not in key and key in index.ambiguous and film.status != FUZZY:
            return Mention(text, "ambiguous", candidates=index.ambiguous[key])
    title = _people(linker).title_of_word.get(normalise(text))
    if title is not None:
        return Mention(text, "film", title)  # "shawshank": the one title with that word
    if film.status == FUZZY:
        tag = None if films_only else as_tag(text, linker)
        return tag or Mention(text, "film", film.name)  # "not gory": the tag, not the film Glory
    if not films_only and not _everyday(text):
        # (never for everyday words: "soul crushing" is no Peter Cushing)
        person = linker.link(text, "person")
        if person.status == FUZZY and person.name:
            return _person_mention(text, [person.name])
    return Mention(text, "unknown", candidates=list(film.candidates))


def _everyday(text: str) -> bool:
    """Every word of ``text`` is an everyday English word, written in lower case."""
    words = normalise(text).split()
    return text.islower() and bool(words) and all(w in everyday_words() for w in words)


def as_tag(text: str, linker: EntityLinker) -> Optional[Mention]:
    """``text`` as a tag it is exactly ("gory", "gore"), else None."""
    tag = linker.link(text, "tag") if "tag" in linker.vocab else None
    if tag is None or tag.status != EXACT or not tag.name:
        return None
    return Mention(text, "genre", text, [f"tag:{tag.name}"])


def _strip(span: str) -> str:
    previous = None
    span = span.strip(" ,.;:!?'\"")
    while previous != span:
        previous = span
        span = FILLER.sub("", span).strip(" ,.;:!?'\"")
    return span


def mentions_in(span: str, linker: EntityLinker) -> list[Mention]:
    """Names in ``span`` ("Heat and Collateral", "Nolan and sci-fi", "Pride and Prejudice")."""
    span = _strip(span)
    if not span or len(span) > 200:
        return []
    whole = link_mention(span, linker)
    if whole.kind != "unknown" and (whole.kind != "film" or linker.link(span, "film").status == EXACT):
        return [whole]
    parts = [p for p in (_strip(x) for x in SPLIT.split(span)) if p]
    if len(parts) <= 1:
        return [_before_an_ask(span, linker) or whole] if whole.kind == "unknown" else [whole]
    return [link_mention(p, linker) for p in parts]


# What a request goes on with after the name of what was liked ("if i liked inception what else
# would i like", "loved heat so what now"): never part of the name.
_ASK_AFTER = re.compile(
    r"\s+(?:what|which|anything|something|so|now|got|can|could|would|should|where|any|pls|please)\b.*$"
)


def _before_an_ask(span: str, linker: EntityLinker) -> Optional[Mention]:
    """The film or person named exactly before the words that ask, when the whole span is no
    name: "inception" in "inception what else would i like"."""
    hit = _ASK_AFTER.search(span)
    if hit is None or hit.start() == 0:
        return None
    head = span[: hit.start()]
    m = link_mention(head, linker)
    if m.kind in ("film", "person") and linker.link(head, m.kind).status == EXACT:
        return m
    return None
