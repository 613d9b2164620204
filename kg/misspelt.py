"""Names the exact scan cannot see: misspelt titles and people, placed with the fuzzy linker.

The question parser's scan (:mod:`kg.mentions`) finds every graph name spelt right. A name
spelt wrong ("which films feature Gregory Hnes") is guessed here: the names the NLU found,
else the longest run of words that are not the words questions are made of
(:meth:`kg.linker.EntityLinker.guess_mention`), linked by :mod:`kg.linker`'s fuzzy match, then
shorter or wider spans of that run when it does not link as a whole. Each name found this way
comes with a prior that says how much it is believed (:func:`spelling_prior`: a close spelling
more than a far one), and a name that links to nothing is kept, so the reply can say exactly
what was not found and suggest the closest names. :class:`MisspeltNames` reads the service's
linker and question words only when it needs them, as the service itself did, so nothing is
built sooner than before.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from rapidfuzz import fuzz

from kg.linker import AMBIGUOUS, CUE_WORDS, MAX_EXPAND, EntityLinker, LinkResult, normalise
from kg.mentions import Mention
from kg.parser import Topic
from kg.parser.priors import KIND_PRIOR
from kg.roles import EVERYDAY_RANK
from kg.turn import Question
from minilm.encoder import everyday_words

MAX_FUZZY_TRIES = 8  # shorter spans of an unknown run of words tried per kind
# (words before, words after) added to a misspelt name's guess, in the order tried
WIDER = ((2, 0), (0, 2), (1, 0), (0, 1), (2, 2))
WIDER_CORE = 75  # how close (rapidfuzz ratio) the guess is to the rest of the widened title
# Small words that may sit inside a name ("Sleepless in Seattle") when guessing one.
JOINERS = frozenset({"the", "of", "and", "a", "in", "on", "to", "for", "at", "with"})


class MisspeltNames:
    """Finds misspelt names in a question with a service's linker and question words, both
    given as getters and read only when needed (the service builds them on first use)."""

    def __init__(self, linker: Callable[[], EntityLinker], cues: Callable[[], frozenset[str]]) -> None:
        self._linker = linker
        self._cues = cues

    @property
    def linker(self) -> EntityLinker:
        return self._linker()

    @property
    def cues(self) -> frozenset[str]:
        """The words questions are made of (:attr:`kg.parser.QuestionParser.cue_words`)."""
        return self._cues()

    def topics(self, question: Question, found: list[Mention]) -> tuple[list[Topic], dict[str, LinkResult]]:
        """Names the exact scan (``found``) cannot see: misspelt ones, linked by the fuzzy linker."""
        if any({"film", "person"} & set(m.kinds) for m in found):
            return [], {}
        named = {w for m in found for w in m.text.split()}  # words already read as a tag, genre...
        linker = self.linker
        topics: list[Topic] = []
        missing: dict[str, LinkResult] = {}  # kind -> the first name of that kind not linked
        mentions = [(m, "film") for m in question.films] + [(m, "person") for m in question.people]
        # an NLU entity that is an exact tag, genre... ("films about torture") is that, not a typo
        mentions = [(m, k) for m, k in mentions if not set(normalise(m).split()) <= named]
        guess = self.guess(question.text)
        if guess and (_only_cues(guess) or set(normalise(guess).split()) <= named or _a_word(guess)):
            guess = None
        if guess:
            mentions += [(guess, "film"), (guess, "person")]
            if not found:  # "movies with the tag dinosuars"
                mentions.append((guess, "tag"))
        cues = self.cues
        mentions = [(m, k) for m, k in mentions if not set(normalise(m).split()) <= cues]
        for mention, kind in mentions:
            result = linker.link_in_context(mention, question.text, kind)
            prior = spelling_prior(kind, result.score)
            if result.found and result.name:
                topics.append(Topic(kind, [result.name], normalise(mention), prior=prior))
            elif result.status == AMBIGUOUS and result.candidates and kind != "tag":
                topics.append(Topic(kind, list(result.candidates), normalise(mention), prior=prior))
            elif kind == "tag":
                continue  # a tag we cannot place is not worth a "did you mean"
            elif (
                kind not in missing
                or (result.candidates and not missing[kind].candidates)
                or names_more_of(mention, missing[kind].mention)
            ):
                missing[kind] = result
        if not topics and guess:
            # a name the NLU found and the graph lacks ("Amadeus") is what was asked about: no
            # other word of the guess stands in for it ("associated" is not "The Associate")
            unknown = {w for m, _ in mentions if m != guess for w in normalise(m).split()}
            topics = self.wider(question.text, guess) or self.parts(guess, unknown, named)
        if topics:
            return topics, {}
        return [], missing

    def wider(self, text: str, guess: str) -> list[Topic]:
        """A misspelt title whose first or last words are question words or joiners, which the
        guess left out ("the script of In a Better Woorld" guessed "Better Woorld", "the
        screenwriter of Staet of Play" guessed "Staet"): the guess with up to two words more on
        either side, as a film, when one of those links."""
        words = [re.sub(r"['’]s$", "", w) for w in re.findall(r"[^\W_]+(?:['’.-][^\W_]+)*", text)]
        inner = guess.split()
        start = next((i for i in range(len(words)) if words[i : i + len(inner)] == inner), None)
        if start is None:
            return []
        end = start + len(inner)
        for left, right in WIDER:
            if start - left < 0 or end + right > len(words):
                continue
            span = " ".join(words[start - left : end + right])
            result = self.linker.link(span, "film")
            if (
                result.found
                and result.name
                and _widened_fits(result.name, guess, words[start - left : start], words[end : end + right])
            ):
                prior = spelling_prior("film", result.score)
                return [Topic("film", [result.name], normalise(span), prior=prior)]
        return []

    def parts(
        self,
        guess: str,
        anchors: frozenset[str] | set[str] = frozenset(),
        named: frozenset[str] | set[str] = frozenset(),
    ) -> list[Topic]:
        """A misspelt name inside a longer run of words ("the flicks with Chioc Marx explore"):
        the run's shorter spans, longest first, until one links. A span never cuts a name the
        message capitalises in two ("Milos Forman" is not "Milos"), and it holds one of the
        ``anchors`` (the words of names the NLU found but nothing linked), or else one of the
        guess's capitalised words if it has any. A span of words ``named`` already (a language, a
        genre ...) and joiners is that name ("suggest in spanish" is not "The Spanish Main")."""
        words = guess.split()
        topics: list[Topic] = []
        # a guess with capitalised words: the name is among them ("Amadeus associated")
        anchors = anchors or {normalise(w) for w in words if w[:1].isupper()}

        def capital(i: int) -> bool:
            return 0 <= i < len(words) and words[i][:1].isupper()

        for kind in ("film", "person"):
            tries = 0
            for size in range(len(words) - 1, 0, -1):
                for start in range(0, len(words) - size + 1):
                    end = start + size
                    span = " ".join(words[start:end])
                    if len(span) < 5 or tries >= MAX_FUZZY_TRIES:
                        continue
                    if capital(start) and capital(start - 1) or capital(end - 1) and capital(end):
                        continue
                    said = set(normalise(span).split())
                    if anchors and not anchors & said or said <= named | JOINERS:
                        continue
                    tries += 1
                    result = self.linker.link(span, kind)
                    if result.found and result.name:
                        prior = spelling_prior(kind, result.score)
                        topics.append(Topic(kind, [result.name], normalise(span), prior=prior))
                        break
                if topics and topics[-1].kind == kind:
                    break
        return topics

    def guess(self, text: str) -> Optional[str]:
        """The longest run of words that are not words questions are made of: a name the exact
        scan did not find ("which films feature Gregory Hnes" -> "Gregory Hnes")."""
        return self.linker.guess_mention(text, self.cues, JOINERS)

    def longer_names(self, tokens: list[str], found: list[Mention]) -> list[Topic]:
        """A one-word name may be the tail of a misspelt longer one ("who directed the brid wore
        black" holds the film "Black"): the longest span around it that links is offered too."""
        words = self.cues
        out: list[Topic] = []
        for m in found:
            if m.end - m.start != 1 or not {"film", "person"} & set(m.kinds):
                continue
            around = tokens[max(m.start - 1, 0) : m.start] + tokens[m.end : m.end + 1]
            if all(w in words for w in around):
                continue  # "the writer of memento work in": nothing around the name to extend it
            for kind in ("film", "person"):
                best: Optional[tuple[int, str, str]] = None
                for left in range(max(0, m.start - MAX_EXPAND), m.start + 1):
                    for right in range(m.end, min(len(tokens), m.end + MAX_EXPAND) + 1):
                        window = tokens[left:right]
                        if (
                            right - left <= 1
                            or window[0] in words - {"the", "a", "an"}
                            or window[-1] in words
                        ):
                            continue
                        result = self.linker.link(" ".join(window), kind)
                        if result.name and _part_of(window, result.name):
                            continue  # "the first world war": not a misspelt "World War Z"
                        if result.found and result.name and (best is None or right - left > best[0]):
                            best = (right - left, result.name, " ".join(window))
                if best is not None:
                    out.append(Topic(kind, [best[1]], best[2]))
        return out


def names_more_of(longer: str, shorter: str) -> bool:
    """``longer`` is a capitalised name holding ``shorter`` and more ("Milos Forman" when the NLU
    found "Forman"): the better name to say was not found."""
    words, inner = normalise(longer).split(), normalise(shorter).split()
    if len(words) <= len(inner) or not all(w[:1].isupper() for w in longer.split()):
        return False
    return any(words[i : i + len(inner)] == inner for i in range(len(words) - len(inner) + 1))


def spelling_prior(kind: str, score: float) -> float:
    """How much a fuzzily linked name is believed: a close spelling more than a far one ("give"
    is not "The Giver")."""
    return KIND_PRIOR[kind] * 0.9 * (max(score, 30) / 100) ** 4


def _widened_fits(title: str, guess: str, before: list[str], after: list[str]) -> bool:
    """Whether the words added to a guess are the title's own first and last words and the
    guess is close to the rest ("In a Better Woorld" -> "In a Better World"), not a title that
    merely shares words with them ("it forgot" is not "Go for It")."""
    words = normalise(title).split()
    first, last = normalise(" ".join(before)).split(), normalise(" ".join(after)).split()
    if words[: len(first)] != first or (last and words[len(words) - len(last) :] != last):
        return False
    core = " ".join(words[len(first) : len(words) - len(last)])
    return fuzz.ratio(core, normalise(guess)) >= WIDER_CORE


def _part_of(window: list[str], name: str) -> bool:
    """``window`` is words of ``name`` spelt right, with a word of it left out ("world war" of
    "World War Z"): a part of that name, not a misspelling of it."""
    words = normalise(name).split()
    return all(w in words for w in window) and bool(set(words) - set(window) - {"the", "a", "an"})


def _a_word(guess: str) -> bool:
    """One everyday English word in lower case ("tell me a joke", "sing me a song") is that word,
    not a misspelt name ("joker", "Sting"); a misspelling is no common word ("kubrik")."""
    return guess.islower() and len(guess.split()) == 1 and normalise(guess) in everyday_words(EVERYDAY_RANK)


def _only_cues(text: str) -> bool:
    words = normalise(text).split()
    return all(w in CUE_WORDS or re.fullmatch(r"\d+s?", w) for w in words)
