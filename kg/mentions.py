"""Find every graph name in a message, whatever the NLU extracted.

A spaCy ``PhraseMatcher`` holds the graph's whole vocabulary (films, people, tags, genres,
languages: about 43,000 keys) as token patterns over *normalised* text (case, accents and
punctuation folded by :func:`kg.linker.normalise`), so "amelie" finds "Amélie" and "Monsters
Inc" finds "Monsters, Inc.". A blank English pipeline is enough: no model is downloaded. Of
overlapping matches the longest wins (:meth:`MentionFinder._longest`); one span may name several
kinds ("Heat" is a film and a tag), and the question parser decides which one is meant.

Years and decades ("1987", "the 90s", "the 1960s", "after 2000") are read by regular
expressions (:mod:`kg.years`); misspelt names that match nothing exactly are left to the fuzzy
linker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kg.linker import CUE_WORDS, STOPWORDS, SURFACE_BREAK, dominant, normalise, other_number, strip_article

KINDS = ("film", "person", "tag", "genre", "language")
MAX_TOKENS = 80
# Other words for the graph's genres (plurals, adjectives), as normalised keys.
GENRE_WORDS = {
    "Comedy": ["comedies", "comedic"],
    "Drama": ["dramas", "dramatic"],
    "Thriller": ["thrillers"],
    "Western": ["westerns"],
    "Musical": ["musicals"],
    "Documentary": ["documentaries", "docs"],
    "Horror": ["scary", "horrors"],
    "Animation": ["animated", "cartoons", "cartoon"],
    "Romance": ["romantic", "romances"],
    "Mystery": ["mysteries"],
    "Fantasy": ["fantasies"],
    "Biography": ["biopics", "biopic", "biographical"],
    "Sport": ["sports"],
    "Short": ["short films", "shorts", "short film"],
    "Adventure": ["adventures"],
    "History": ["historical"],
    "Action": ["action packed"],
    "Crime": ["criminal"],
    "Family": ["family friendly"],
}
# Tags that are never what a question is about (ratings, formats, stray tokens).
UNINFORMATIVE_TAGS = frozenset(
    {"r", "pg", "pg-13", "bd-r", "bd-video", "dvd-video", "own", "original", "unique", "special", "story",
     "good", "bad", "great", "best", "classic", "movie", "film", "watch", "seen", "imdb top 250"}
)  # fmt: skip
# Words that name a kind of question, not a thing: never a whole name on their own.
NOT_NAMES = CUE_WORDS | frozenset(
    """about tagged tag topic topics subject describe described words word keywords keyword
    rating rated rate imdb votes popular famous good bad best more less first last
    same later earlier before after since until between during decade decades century
    his her him hers their theirs them those these there here whom whose ones
    mood tonight watch watched seen see find want like love need recommend suggest
    """.split()
)


@dataclass(frozen=True)
class Mention:
    """One span of the normalised message and the graph names it may be, by kind."""

    start: int  # token offsets in the normalised message
    end: int
    text: str  # the normalised span
    names: dict[str, list[str]] = field(default_factory=dict)  # kind -> names (best first)

    @property
    def kinds(self) -> list[str]:
        return [k for k in KINDS if self.names.get(k)]


FILM_WORDS = frozenset({"film", "films", "movie", "movies", "cinema"})


class MentionFinder:
    """Finds graph names in messages. Build once per process (about two seconds)."""

    def __init__(
        self,
        vocabularies: dict[str, Iterable[tuple[str, int]]],
        short_names: Optional[dict[str, str]] = None,
        plain_words: frozenset[str] = frozenset(),
        shared_names: Optional[dict[str, list[str]]] = None,
    ):
        """``vocabularies``: (name, links) of each kind; ``short_names``: a surname or nickname
        (normalised) -> the person it names (:func:`kg.people.short_names`), a person reading of
        those words unless they are already a person's name ("Hitchcock" is a film too); ``plain_words``:
        everyday words, short names the parser believes less unless written as names;
        ``shared_names``: a surname several people share -> them (``"bergman"``: Ingmar, Ingrid
        and Andrew Bergman), one person mention with several names, which of them the question
        or the user settles."""
        self.nlp = spacy.blank("en")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.by_key: dict[str, dict[str, list[str]]] = {}
        self.weight: dict[tuple[str, str], int] = {}
        self.loose: set[tuple[str, str]] = set()  # (key, film) matched only without its article
        possessive: set[tuple[str, str, str]] = set()  # (key, kind, name) of a possessive form only
        for kind in KINDS:
            for name, weight in vocabularies.get(kind, []):
                if not name or (kind == "tag" and name.lower() in UNINFORMATIVE_TAGS):
                    continue
                key = normalise(name)
                keys = {key, strip_article(key)} if kind == "film" else {key}
                if kind == "tag":  # "zombies" finds the tag "zombie" and the other way round
                    keys.add(other_number(key))
                if kind == "film" and strip_article(key) != key:
                    self.loose.add((strip_article(key), name))
                # "Memento's director", "Burr Steers's films" (not "10s": a decade)
                if kind in ("film", "person") and not key.isdigit():
                    keys.add(key + "s")
                    possessive.add((key + "s", kind, name))
                for variant in keys:
                    if not variant or self._never_a_name(variant):
                        continue
                    names = self.by_key.setdefault(variant, {}).setdefault(kind, [])
                    if name not in names:
                        names.append(name)
                self.weight[(kind, name)] = max(weight, self.weight.get((kind, name), 0))
        self.short: dict[str, str] = {}  # key -> the person a short name names ("kubrick")
        self.short_plain: set[str] = set()  # ... that is also an everyday word ("allen")
        people_of = {
            key: [name] for key, name in (short_names or {}).items() if ("person", name) in self.weight
        }
        for key, names in (shared_names or {}).items():
            shared = [n for n in names if ("person", n) in self.weight]
            if len(shared) > 1 and key not in self.by_key:  # a title or tag first ("Hancock")
                people_of[key] = shared
        for key, people in people_of.items():
            for variant in (key, key + "s"):  # "Kubrick's films"
                kinds = self.by_key.get(variant, {})
                if self._never_a_name(variant) or "person" in kinds:
                    continue
                self.by_key.setdefault(variant, {})["person"] = list(people)
                self.short[variant] = people[0]
                if key in plain_words:
                    self.short_plain.add(variant)
                if variant != key:
                    possessive.update((variant, "person", name) for name in people)
        # a tag that is a language and a film word ("french film", 14 films) is not what "french
        # films from 2001" asks for: the films in French are
        # (nor a film of that title said in the plural: "French Film", 2008)
        for key in list(self.by_key):
            *head, last = key.split()
            kinds = self.by_key[key]
            if not head or last not in FILM_WORDS or "language" not in self.by_key.get(" ".join(head), {}):
                continue
            kinds.pop("tag", None)
            if "film" in kinds and all(normalise(n) != key for n in kinds["film"]):
                del kinds["film"]
            if not kinds:
                del self.by_key[key]
        for genre, words in GENRE_WORDS.items():
            if (("genre", genre)) in self.weight:
                for word in words:
                    self.by_key.setdefault(word, {}).setdefault("genre", []).append(genre)
        for key, kinds in self.by_key.items():
            # a genre's or tag's own word is not a film's possessive: "westerns" is the genre
            # Western, not "Western's"
            if "genre" in kinds or "tag" in kinds:
                # ... but a tag that is a person's own name said in the plural is no reading of
                # "Steven Spielberg's films": the person's possessive is
                tags = kinds.get("tag", [])
                own_name = "genre" not in kinds and all(normalise(n) + "s" == key for n in tags)
                for kind in ("film", "person"):
                    if kind == "person" and own_name:
                        continue
                    if kind in kinds and all((key, kind, n) in possessive for n in kinds[kind]):
                        del kinds[kind]
        for key, kinds in self.by_key.items():
            for kind, names in kinds.items():
                names.sort(key=self._by_weight(kind))
                kinds[kind] = self._dominant(kind, self._exact_first(key, names))
        # One pattern list per key; the match id is the key itself.
        for key in self.by_key:
            self.matcher.add(key, [Doc(self.nlp.vocab, words=key.split())])

    @staticmethod
    def _never_a_name(key: str) -> bool:
        words = key.split()
        if len(key) < 2 or all(w in NOT_NAMES or w in STOPWORDS for w in words):
            return True
        return len(words) == 1 and words[0].isdigit()

    def tokens(self, text: str) -> list[str]:
        return normalise(text).split()[:MAX_TOKENS]

    def find(self, tokens: list[str], surface: Optional[list[str]] = None) -> list[Mention]:
        """Longest non-overlapping names in ``tokens``, left to right. With ``surface`` (the
        same tokens as the message wrote them: :func:`kg.linker.surface_tokens`), a one-word
        film or person inside a longer capitalised name is left out (:meth:`partial_names`)."""
        if not tokens:
            return []
        doc = Doc(self.nlp.vocab, words=tokens)
        spans = [doc[start:end] for _, start, end in self.matcher(doc)]
        mentions = self._mentions(spans)
        if surface is not None:
            mentions, _ = self.without_partial_names(tokens, surface, mentions)
        return mentions

    @classmethod
    def without_partial_names(
        cls, tokens: list[str], surface: list[str], found: list[Mention]
    ) -> tuple[list[Mention], list[tuple[Mention, int, int]]]:
        """``found`` without its :meth:`partial_names`, and those (none when ``surface`` does
        not cover the tokens)."""
        partial = cls.partial_names(tokens, surface, found) if len(surface) >= len(tokens) else []
        inside = {(m.start, m.end) for m, _, _ in partial}
        return [m for m in found if (m.start, m.end) not in inside], partial

    @staticmethod
    def partial_names(
        tokens: list[str], surface: list[str], found: list[Mention]
    ) -> list[tuple[Mention, int, int]]:
        """One-word films or people found inside a longer name the message capitalises, each
        with the token span of that whole name: "Milos Forman" holds "Milos", the possessive of
        the person Milo, and the name asked about is "Milos Forman", which the fuzzy linker then
        places or reports as unknown. A name's words are glued by spaces, hyphens or full stops,
        and start with a capital; question words, numbers, words in capitals ("MATCH") and other
        names found are not part of it. Messages in lower case give no such sign: nothing."""
        taken = {i for m in found for i in range(m.start, m.end)}
        words = [w.lstrip(SURFACE_BREAK) for w in surface]
        glued = [not w.startswith(SURFACE_BREAK) for w in surface]  # to the word before it

        def name_word(i: int) -> bool:
            return (
                0 <= i < len(tokens)
                and i not in taken
                and words[i][:1].isupper()
                and not (len(words[i]) > 1 and words[i].isupper())
                and tokens[i] not in NOT_NAMES
                and tokens[i] not in STOPWORDS
                and not tokens[i].isdigit()
            )

        partial = []
        for m in found:
            one_word = m.end - m.start == 1 and words[m.start][:1].isupper()
            if not one_word or not set(m.kinds) <= {"film", "person"}:
                continue
            start, end = m.start, m.end
            while glued[start] and name_word(start - 1):
                start -= 1
            while end < len(tokens) and glued[end] and name_word(end):
                end += 1
            if (start, end) != (m.start, m.end):
                partial.append((m, start, end))
        return partial

    def _mentions(self, spans: list[Span]) -> list[Mention]:
        mentions = []
        for span in self._longest(spans):
            key = span.text
            names = {kind: list(names) for kind, names in self.by_key.get(key, {}).items()}
            rest = strip_article(key)
            if rest != key:  # "the italian films": the film "The Italian", or the language
                for kind, other in self.by_key.get(rest, {}).items():
                    if kind in ("genre", "language"):
                        names.setdefault(kind, list(other))
            if "genre" in names or "language" in names:  # "crime" is the genre, not the tag "crime"
                names.pop("tag", None)
            mentions.append(Mention(span.start, span.end, key, names))
        return mentions

    @staticmethod
    def _longest(spans: list[Span]) -> list[Span]:
        """Longest non-overlapping spans; of equally long ones, one that does not start with a
        question word ("which films are about time travel": "time travel", not "About Time")."""

        def rank(span: Span) -> tuple[int, bool, int]:
            return (-len(span), span[0].text in NOT_NAMES or span[0].text in STOPWORDS, span.start)

        chosen: list[Span] = []
        taken: set[int] = set()
        for span in sorted(spans, key=rank):
            if taken.isdisjoint(range(span.start, span.end)):
                chosen.append(span)
                taken.update(range(span.start, span.end))
        return sorted(chosen, key=lambda s: s.start)

    def _by_weight(self, kind: str) -> Callable[[str], tuple[int, str]]:
        """The sort key of names of ``kind``: better connected first, then by name."""
        return lambda name: (-self.weight[(kind, name)], name)

    @staticmethod
    def _exact_first(key: str, names: list[str]) -> list[str]:
        """Names spelt exactly as ``key`` win over names that only match without their article
        ("heat" is "Heat", not "The Heat"); several of either kind stay ambiguous."""
        exact = [n for n in names if normalise(n) == key]
        return exact or names

    def _dominant(self, kind: str, names: list[str]) -> list[str]:
        """The film or person of ``names`` (better connected first) that the linker would take
        (:func:`kg.linker.dominant`) alone, else all of them."""
        if kind not in ("film", "person"):
            return names
        meant = dominant(names, lambda name: self.weight[(kind, name)])
        return names if meant is None else [meant]

    def is_loose(self, key: str, name: str) -> bool:
        """Did ``key`` match the film ``name`` only without its article ("haunted house")?"""
        return (key, name) in self.loose

    def weight_of(self, kind: str, name: str) -> int:
        return self.weight.get((kind, name), 0)

    def is_person_name(self, text: str) -> bool:
        """Is ``text`` (a tag, say) the name of a person in the graph?"""
        return bool(self.people_named(text))

    def people_named(self, text: str) -> list[str]:
        """The people ``text`` (a tag, say) names: one, or several who share a surname."""
        return self.by_key.get(normalise(text), {}).get("person", [])
