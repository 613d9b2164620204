"""The readings of a message and the best one (:class:`QuestionParser`).

A message can be read several ways: each name found (:mod:`kg.mentions`) as the topic in each of
its kinds, a name the fuzzy linker resolved, a year, or what the conversation is about. Each
reading is masked (:mod:`kg.parser.masking`), its wording mended (:mod:`kg.parser.speller`) and
scored by the path classifier (:mod:`kg.parser.classifier`), weighted by how much the reading is
believed before the wording is read (its prior: :mod:`kg.parser.priors`); the most probable one wins.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional

from kg.linker import CUE_WORDS, SURFACE_BREAK, surface_tokens
from kg.mentions import Mention, MentionFinder
from kg.parser.classifier import PathClassifier
from kg.parser.masking import _find, mask
from kg.parser.priors import (
    ANSWER_FIXED,
    COMMON_WORD_PRIOR,
    COMMON_WORDS,
    KIND_PRIOR,
    LOOSE_PRIOR,
    ONLY_THE_FILM_FILTERED,
    SHORT_NAME_PRIOR,
    UNUSED_NAME_PRIOR,
    _coworkers_moved,
    _filters_other_films,
    _fixed_kinds,
    _only_the_film,
)
from kg.parser.result import Constraints, Parse, Topic
from kg.parser.speller import WordingSpeller
from kg.parser.training import (
    CONSTRAINT_TOKENS,
    POLITE,
    PREFIXES,
    SUFFIXES,
    SYNONYMS,
    TOPIC_TOKENS,
    YEAR_PHRASES,
    _normalise_masked,
    training_templates,
)
from kg.paths import PATHS
from kg.years import YearRange, find_years

TAG_CUES = frozenset({"tagged", "tag", "tags", "keyword", "keywords", "about"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
FILM_PRONOUNS = frozenset({"it", "its", "film", "movie"})
MAX_OTHER_FILMS = 3  # films besides the topic a one-film question is answered for
# Words near a second person that say the films need not have both ("X or Y", "X without Y").
NOT_WITH = frozenset({"not", "without", "except", "no", "or", "nor", "than", "vs", "versus"})


@dataclass
class _Reading:
    topic: Optional[Topic]
    kind: str  # the topic kind, or "context"
    masked: str
    constraints: Constraints
    prior: float
    others: tuple[str, ...] = ()  # other films named as plainly as the topic film


class QuestionParser:
    """Finds the topic, path and constraints of a film question. Thread-safe."""

    def __init__(self, finder: MentionFinder, classifier: PathClassifier):
        self.finder = finder
        self.classifier = classifier
        placeholders = set(TOPIC_TOKENS.values()) | set(CONSTRAINT_TOKENS.values())
        counts: Counter[str] = Counter(
            w for _, wording in training_templates() for w in _normalise_masked(
                re.sub(r"\{\w+\}", " ", wording)).split() if w not in placeholders
        )  # fmt: skip
        # ... and the words of the politeness around them ("i wonder", "any idea")
        polite = (*PREFIXES, *POLITE, *SUFFIXES)
        counts.update(w for phrase in polite for w in _normalise_masked(phrase).split())
        self.question_words = frozenset(counts)
        for phrase in (*YEAR_PHRASES, *SYNONYMS, *SYNONYMS.values()):
            counts.update(w for w in _normalise_masked(phrase).split() if w not in placeholders)
        counts.update(placeholders)
        self.speller = WordingSpeller(counts)
        # words that are never a name on their own when guessing one, and everyday words
        self.cue_words = self.question_words | CUE_WORDS
        self.common_words = self.question_words | COMMON_WORDS

    def parse(
        self,
        text: str,
        context: Optional[dict[str, Optional[str]]] = None,
        extra: Iterable[Topic] = (),
    ) -> Optional[Parse]:
        """The most probable reading of ``text``; ``None`` if nothing in it is a film question.

        ``context`` maps ``film``/``person`` to what the conversation is about; ``extra`` are
        topics found another way (a misspelt name the fuzzy linker resolved).
        """
        tokens = self.finder.tokens(text)
        if not tokens:
            return None
        surface = surface_tokens(text)
        mentions = self.finder.find(tokens, surface)
        years = find_years(tokens)
        capitalised = {i for i, w in enumerate(surface) if w.lstrip(SURFACE_BREAK)[:1].isupper()}
        readings = self._readings(tokens, mentions, years, context or {}, list(extra), capitalised)
        if not readings:
            return None
        wordings = [self.speller.correct(r.masked) for r in readings]
        scored = self.classifier.probabilities(wordings)
        best: Optional[Parse] = None
        best_score = -math.inf
        for reading, wording, probs in zip(readings, wordings, scored):
            probs = _coworkers_moved(probs, wording.split())
            kinds = {reading.kind}
            if reading.kind == "context":  # what the conversation is about, or either if nothing
                kinds = {k for k in ("film", "person") if (context or {}).get(k)} or {"film", "person"}
                said = set(tokens)
                if said & PERSON_PRONOUNS and not said & FILM_PRONOUNS and "person" in kinds:
                    kinds = {"person"}  # "what else did he direct?"
                elif said & FILM_PRONOUNS and not said & PERSON_PRONOUNS and "film" in kinds:
                    kinds = {"film"}  # "and who wrote it?"
            filtered = _filters_other_films(reading.constraints)
            fixed = _fixed_kinds(reading.constraints)
            ranked = sorted(
                ((p * (ONLY_THE_FILM_FILTERED if filtered and _only_the_film(path) else 1.0)
                  * (ANSWER_FIXED if PATHS[path].answer_kind in fixed else 1.0), path)
                 for path, p in probs.items() if PATHS[path].topic in kinds),
                reverse=True,
            )  # fmt: skip
            if not ranked:
                continue
            p, path = ranked[0]
            spec = PATHS[path]
            topic = reading.topic
            if reading.kind == "context":
                name = (context or {}).get(spec.topic)
                # no context: the path is still worth knowing (for a "did you mean" button)
                topic = Topic(spec.topic, [name], "", from_context=True) if name else None
            score = math.log(max(p, 1e-9)) + math.log(reading.prior)
            if score > best_score:
                best_score = score
                others = [(o, q) for q, o in ranked[1:6] if PATHS[o].topic == spec.topic]
                best = Parse(path, topic, reading.constraints, p, others, reading.masked)
                if spec.entry is None and spec.bridge is None and spec.answer is not None:
                    best.also_films = list(reading.others)  # "who directed Alien and Blade Runner"
        return best

    def _readings(
        self,
        tokens: list[str],
        mentions: list[Mention],
        years: list[YearRange],
        context: dict[str, Optional[str]],
        extra: list[Topic],
        capitalised: frozenset[int] | set[int] = frozenset(),
    ) -> list[_Reading]:
        readings: list[_Reading] = []
        # a misspelt name the fuzzy linker resolved ("sleeppless in seattle") holds the exact
        # names inside it ("seattle"): they are part of it, not names of their own
        for topic in extra:
            words = topic.mention.split()
            start = _find(tokens, words) if topic.linked and words else -1
            if start >= 0:
                end = start + len(words)
                mentions = [m for m in mentions if m.end <= start or m.start >= end]
        spans = [
            (m.start, m.end)
            for m in mentions
            if {"film", "person"} & set(m.kinds)
            or ("tag" in m.kinds and m.start > 0 and tokens[m.start - 1] in TAG_CUES)
        ]
        # a year inside a name ("2001: A Space Odyssey") is part of the name; a decade that is
        # also a tag is the tag when the message says so ("films tagged 90s"), else a decade
        # ("drama films during 1950s")
        years = [y for y in years if not any(s <= y.start and y.end <= e for s, e in spans)]
        candidates: list[tuple[Optional[Mention], str, Topic, float]] = []
        for m in mentions:
            for kind in m.kinds:
                if kind == "tag" and any(y.start <= m.start and m.end <= y.end for y in years):
                    continue  # "the 90s ones": a decade (a constraint), not the tag "90s"
                weight = self.finder.weight_of(kind, m.names[kind][0])
                # longer names and better-connected ones are likelier to be meant
                bonus = 1.0 + 0.15 * min(m.end - m.start - 1, 3) + 0.05 * min(math.log1p(weight), 4)
                common = self.common_words
                if kind in ("film", "person") and m.end - m.start == 1 and m.text in common:
                    bonus *= COMMON_WORD_PRIOR
                if kind == "tag" and all(w in common for w in m.text.split()):
                    bonus *= COMMON_WORD_PRIOR
                cued = m.start > 0 and tokens[m.start - 1] in TAG_CUES
                if kind == "tag" and "person" in m.kinds and not cued:
                    bonus *= COMMON_WORD_PRIOR  # "something directed by sofia coppola": the person
                if kind == "person" and "tag" in m.kinds and cued:
                    bonus *= COMMON_WORD_PRIOR  # "films tagged sofia coppola": the tag
                if kind == "person" and m.text in self.finder.short:
                    # a surname alone ("what did kubrick direct"); one that is also an everyday
                    # word ("buy", "reed") only when the message writes it as a name, not first
                    if m.text in self.finder.short_plain and (m.start == 0 or m.start not in capitalised):
                        continue
                    bonus *= SHORT_NAME_PRIOR
                    if "film" in m.kinds and m.end - m.start == len(tokens):
                        bonus *= COMMON_WORD_PRIOR  # "Capote" alone is the film
                if kind == "film" and all(self.finder.is_loose(m.text, n) for n in m.names[kind]):
                    bonus *= LOOSE_PRIOR
                if kind == "film" and {"genre", "language"} & set(m.kinds):
                    bonus *= LOOSE_PRIOR  # "the italian films": more likely the language
                candidates.append((m, kind, Topic(kind, m.names[kind], m.text), KIND_PRIOR[kind] * bonus))
        for topic in extra:
            prior = topic.prior if topic.prior is not None else KIND_PRIOR[topic.kind] * 0.9
            candidates.append((None, topic.kind, topic, prior))
        for y in years:
            if y.exact is not None:
                candidates.append(
                    (None, "year", Topic("year", [str(y.exact)], str(y.exact)), KIND_PRIOR["year"])
                )
        for mention, kind, topic, prior in candidates:
            also = self._second_person(tokens, mentions, mention) if kind == "person" else None
            masked, constraints = mask(tokens, mentions, years, mention, kind, topic, also)
            # a film, person or tag named in the message but not read as the topic is lost (only
            # genres, languages and years can be constraints): such a reading is believed less,
            # unless that name is only everyday words ("1981 saw the release of", "hit theaters")
            unused = [
                m for m in mentions
                if m is not mention and m is not also and {"film", "person", "tag"} & set(m.kinds)
                and not {"genre", "language"} & set(m.kinds)
                and not all(w in self.common_words for w in m.text.split())
            ]  # fmt: skip
            prior *= UNUSED_NAME_PRIOR ** len(unused)
            others = self._other_films(mention, unused, capitalised, tokens) if kind == "film" else ()
            readings.append(_Reading(topic, kind, masked, constraints, prior, others))
        if context.get("film") or context.get("person") or not candidates:
            masked, constraints = mask(tokens, mentions, years, None, "context", None)
            prior = KIND_PRIOR["context"] if candidates else 1.0
            readings.append(_Reading(None, "context", masked, constraints, prior))
        return readings

    def _other_films(
        self,
        topic: Optional[Mention],
        unused: list[Mention],
        capitalised: frozenset[int] | set[int],
        tokens: list[str],
    ) -> tuple[str, ...]:
        """Films named besides the topic film that are surely films ("who directed both Alien and
        Blade Runner"): one exact title each, no other kind of name, not inside the topic's span,
        a one-word title written with a capital (not "need my next obsession": *Next*,
        *Obsession*) or joined to the topic by "and" ("who starred in heat and the godfather")."""
        if topic is None:
            return ()

        def joined(m: Mention) -> bool:
            return (m.end < len(tokens) and m.end + 1 == topic.start and tokens[m.end] == "and") or (
                topic.end < len(tokens) and topic.end + 1 == m.start and tokens[topic.end] == "and"
            )

        films = [
            m.names["film"][0] for m in unused
            if m.kinds[:1] == ["film"] and "person" not in m.kinds and len(m.names["film"]) == 1
            and (m.end <= topic.start or m.start >= topic.end)
            and not self.finder.is_loose(m.text, m.names["film"][0])
            and (m.end - m.start > 1 or m.start in capitalised or joined(m))
        ]  # fmt: skip
        return tuple(films[:MAX_OTHER_FILMS])

    def _second_person(
        self, tokens: list[str], mentions: list[Mention], topic: Optional[Mention]
    ) -> Optional[Mention]:
        """The one other person named with the topic person, when the message asks for films
        they share ("Tom Hanks and Meg Ryan films"), not for either ("X or Y") or one without
        the other; ``None`` otherwise."""
        if topic is None:
            return None
        others = [
            m for m in mentions
            if m is not topic and (m.end <= topic.start or m.start >= topic.end)
            and {"film", "person", "tag"} & set(m.kinds)
            and not all(w in self.common_words for w in m.text.split())
        ]  # fmt: skip
        people = [m for m in others if m.kinds[:1] == ["person"] or m.kinds == ["person", "tag"]]
        if len(people) != 1 or len(others) != 1:
            return None
        also = people[0]
        first, second = sorted((topic, also), key=lambda m: m.start)
        between = set(tokens[first.end : second.start])
        before = set(tokens[max(0, also.start - 2) : also.start])
        if (between | before) & NOT_WITH:
            return None
        return also
