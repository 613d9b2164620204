"""The people a plain request names ("something by Kubrick", "films with Leonardo DiCaprio", "a
Hitchcock film", "the Coen brothers"), and when a word is said as a name at all.

A full name counts anywhere; a surname, a nickname or a one-word name only where the words around
it say it is one (:func:`_has_context`: "by", "a ... film", "which ... should I watch first"),
unless no title, tag or everyday word uses it ("goldblum"). A misspelt surname said as a name
("by Kubrik", "Schwarzeneger") is the closest clear surname. :func:`said_as_maker` tells a
surname said as a film's maker, for the service to choose among the people who share it.
"""

from __future__ import annotations

import re
from typing import Optional

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from kg.linker import EntityLinker, normalise
from recommender.dialogue.mentions import (
    PERSON_AFTER,
    PERSON_BEFORE,
    _People,
    _people,
    _person_mention,
    _strip,
)
from recommender.dialogue.parsed import Mention
from recommender.vocabulary import genre_features

# A misspelt surname ("Schwarzeneger") names the person of the closest clear surname when it
# is said as a name, has this many letters or more and is this close (edits) to one surname only;
# a word of a film title or a tag is a word, not a typo.
FUZZY_SURNAME_MIN = 6
FUZZY_SURNAME_EDITS = ((6, 1), (9, 2))  # (from this many letters, edits allowed)


_WHICH_ONE = frozenset({"should", "to", "is", "would", "do", "first"})
_ARTICLES = frozenset({"the", "a", "an", "some", "any", "more", "other", "another", "good", "great", "best"})


# "<name> is my favourite actor", "<name> s my fave director" (normalised words)
_FAVOURITE_AFTER = re.compile(
    r"^(?:is|s|was|has always been) (?:my|our) (?:all time |absolute |very )?"
    r"(?:fav|fave|favourite|favorite|favs)(?: \w+)? (?:actor|actress|director|star|filmmaker|writer)\b"
)
# "Sellers at his silliest", "Streep at her best": a person at their peak.
_AT_THEIR_PEAK = re.compile(r"^at (?:his|her|their) (?:\w+est|best|finest|peak|prime|most \w+)\b")


def _has_context(tokens: list[str], start: int, end: int) -> bool:
    """A name between ``start`` and ``end`` is said as one: "by Kubrick", "a Hitchcock film",
    "Spielberg movies", "Kubrick's", "a Hitchcock thriller"."""
    i = start - 1
    while i >= 0 and tokens[i] in _ARTICLES:
        i -= 1
    if i >= 0 and tokens[i] in PERSON_BEFORE:
        return True
    if 0 <= i < start - 1 and tokens[i] in ("me", "us"):
        return True  # "recommend me a Tarantino I might have missed"
    if i >= 0 and tokens[i] == "which" and end < len(tokens) and tokens[end] in _WHICH_ONE:
        return True  # "which Tarkovsky should I watch first", "which Bergman is the best"
    if _FAVOURITE_AFTER.match(" ".join(tokens[end : end + 6])):
        return True  # "bale is my fav actor"
    if _AT_THEIR_PEAK.match(" ".join(tokens[end : end + 4])):
        return True  # "sellers at his silliest"
    if end < len(tokens):
        nxt = tokens[end]
        if nxt in PERSON_AFTER or nxt == "s" or genre_features(nxt) is not None:
            return True
        if end + 1 < len(tokens):  # "a Hitchcock sci-fi", "a Scorsese gangster film"
            after = tokens[end + 1]
            if after in PERSON_AFTER or genre_features(f"{nxt} {after}") is not None:
                return True
    return False


def said_as_maker(text: str, name: str) -> bool:
    """Whether ``text`` says ``name`` (normalised words) as a film's maker: "a bergman film",
    "bergman's movies", "something by bergman", "directed by bergman"."""
    low = normalise(re.sub(r"['’]s\b", " s", text))
    key = re.escape(name)
    return bool(
        re.search(rf"\b{key}(?: s)? (?:films?|movies?|pictures?|flicks?|classics?)\b", low)
        or re.search(rf"\b(?:by|directed by|from) {key}\b", low)
    )


def people_in(clause: str, linker: EntityLinker) -> tuple[list[Mention], list[Mention], str]:
    """People a plain request names ("something by Kubrick", "films with Leonardo DiCaprio", "a
    Hitchcock film", "the Coen brothers"), surnames it names ambiguously ("a Burton film"), and the
    clause without them. Full names of two words or more count anywhere (unless they are also a
    film's title); surnames, nicknames and one-word names only where the words around them say
    they are names, and never common words."""
    if "person" not in linker.vocab:
        return [], [], clause
    index = _people(linker)
    tokens = normalise(re.sub(r"['’]s\b", " s", clause)).split()[:MAX_CLAUSE_TOKENS]
    if not tokens:
        return [], [], clause
    whole = _strip(" ".join(t for t in tokens if t != "s" and t not in _ARTICLES))
    taken = [False] * len(tokens)
    found: list[tuple[int, Mention]] = []
    ambiguous: list[Mention] = []

    def take(start: int, end: int, mention: Mention) -> None:
        for i in range(start, end):
            taken[i] = True
        found.append((start, mention))

    vocab = linker.vocab["person"]
    films = linker.vocab.get("film")
    for size in range(min(5, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            end = start + size
            if any(taken[start:end]):
                continue
            key = " ".join(tokens[start:end])
            is_title = films is not None and bool(films.by_key.get(key))
            # the name and nothing else ("Kubrick please") is said as a name, unless it is a title
            context = _has_context(tokens, start, end) or (key == whole and not is_title)
            if key in index.groups and (context or size > 1 and key not in index.common):
                take(start, end, _person_mention(key, index.groups[key]))
                continue
            names = vocab.by_key.get(key)
            if names and normalise(names[0]) == key:
                # "Tom Hanks" anywhere; "Madonna", or a name that is also a title, said as a name
                words = tokens[start:end]
                plain = size > 1 and not all(t in index.common for t in words)
                if (context and not (size == 1 and key in index.common)) or (plain and not is_title):
                    take(start, end, _person_mention(key, [names[0]]))
                    continue
            if size == 1 and not context and key in index.unique and _no_word(key, index):
                # "statham punching people", "fassbinder, where do i even start": a surname no
                # title or tag uses as a word is a name wherever it stands
                take(start, end, _person_mention(key, [index.unique[key]]))
                continue
            if size != 1 or not context or key in index.common or len(key) < 3 or key.isdigit():
                continue
            if key in index.unique:
                take(start, end, _person_mention(key, [index.unique[key]]))
            elif key in index.ambiguous:
                ambiguous.append(Mention(key, "ambiguous", candidates=index.ambiguous[key]))
                taken[start] = True
            elif (
                len(key) >= 5
                and start > 0
                and tokens[start - 1] in PERSON_BEFORE
                and key not in index.plain_words
            ):
                # a typo in a surname said as one ("by Kubrik"): a close, clear surname; an
                # everyday word is no typo ("with laser battles" is not "with Glaser")
                hit = process.extractOne(key, index.unique.keys(), scorer=fuzz.ratio, score_cutoff=88)
                if hit is not None and hit[0] not in index.common:
                    take(start, end, _person_mention(key, [index.unique[hit[0]]]))
            elif (near := _misspelt_surname(key, index)) is not None:
                take(start, end, _person_mention(key, [index.unique[near]]))
    rest = " ".join(t for t, used in zip(tokens, taken) if not used)
    return [m for _, m in sorted(found, key=lambda f: f[0])], ambiguous, rest


MAX_CLAUSE_TOKENS = 60
NO_WORD_SURNAME_MIN = 5  # letters of a surname that needs no context (:func:`_no_word`)


def _no_word(key: str, index: _People) -> bool:
    """True when ``key`` is no everyday English word (:func:`minilm.encoder.everyday_words`), no
    word of any film title or tag (but a tag that names a person), no word of the request
    tables, and long enough (:data:`NO_WORD_SURNAME_MIN`) not to be a stray
    abbreviation: said alone, it can only be a name ("goldblum", "fassbinder"; not "king",
    "sellers", "wayne")."""
    return len(key) >= NO_WORD_SURNAME_MIN and key.isalpha() and key not in index.plain_words


def _misspelt_surname(word: str, index: _People) -> Optional[str]:
    """The clear surname ``word`` misspells ("schwarzeneger" -> "schwarzenegger"): a word of
    :data:`FUZZY_SURNAME_MIN` letters or more, no word of a title or tag and no genre word, within
    :data:`FUZZY_SURNAME_EDITS` of one surname and further from every other one."""
    if len(word) < FUZZY_SURNAME_MIN or word in index.words or not word.isalpha():
        return None
    if genre_features(word) is not None:
        return None
    edits = max(e for n, e in FUZZY_SURNAME_EDITS if len(word) >= n)
    hits = process.extract(
        word, index.unique.keys(), scorer=Levenshtein.distance, score_cutoff=edits, limit=2
    )
    if not hits or (len(hits) > 1 and hits[1][1] <= hits[0][1]):
        return None
    return hits[0][0] if len(hits[0][0]) >= FUZZY_SURNAME_MIN else None
