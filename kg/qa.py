"""Answer a film question from the graph: parse it, follow its path, say what was found.

:class:`FilmQA` reads the whole message with the question parser (:mod:`kg.parser`: topic
entity, relation path, constraints), follows the path with one whitelisted query
(:mod:`kg.paths`) and returns a :class:`Reply`: a response name from the domain, its variables,
optional buttons, the film/person the conversation is now about and the query itself (so that
"what about the 90s ones?" can reuse it). No Rasa imports: the action is a thin wrapper.

This module is the service: it links names, parses and queries, and decides which reading to
answer. The parts it is built from live beside it: the question and the reply
(:mod:`kg.turn`), what a wording says beyond its path, such as a follow-up or "the first film"
(:mod:`kg.understanding`), names the exact scan cannot see (:mod:`kg.misspelt`), following the
path once the question is understood (:mod:`kg.following`, a base of :class:`FilmQA`) and the
wording of the answer (:mod:`kg.phrasing`). Names that other code imports from here are
re-exported.

Answers say how they were found ("Jane Doe starred in 4 films; they were directed by ..."),
how many there are when the list is long, and exactly what is missing when the graph has
nothing. Names the graph cannot place get suggestions (the fuzzy linker), and a name that fits
several films or people gets buttons instead of a guess.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Callable, Iterable, Optional

from encore.lazy import Lazy
from encore.settings import models_dir
from kg.following import PathFollowing
from kg.graph import KnowledgeGraph
from kg.linker import (
    AMBIGUOUS,
    SURFACE_BREAK,
    EntityLinker,
    LinkResult,
    normalise,
    surface_tokens,
    without_nicknames,
)
from kg.mentions import MentionFinder
from kg.missing_facts import missing_fact
from kg.misspelt import MisspeltNames, names_more_of, spelling_prior
from kg.misspelt import _part_of as _part_of
from kg.parser import Constraints, Parse, PathClassifier, QuestionParser, Topic
from kg.paths import PATHS, PROPERTIES
from kg.phrasing import MERGED_NOTE, film_label, join_names, merged_note
from kg.roles import one_of_them, short_names, two_roles
from kg.turn import UNSET, Question, Reply
from kg.understanding import (
    COMPOUND,
    COMPOUND_SURE,
    NOT_A_RATING,
    OVERVIEW_CONFIDENCE,
    about_a_constraint,
    asks_about_person,
    asks_overview,
    follow_up,
    from_button,
    is_follow_up,
    praises_something_else,
    sharing,
    superlative,
)
from kg.years import find_years


def _payload(entity: str, value: str) -> str:
    return f"/ask_film{json.dumps({entity: value}, ensure_ascii=False)}"


class FilmQA(PathFollowing):
    """Answers film questions. Thread-safe; share one per process."""

    def __init__(
        self,
        graph: Optional[KnowledgeGraph] = None,
        linker: Optional[EntityLinker] = None,
        parser: Optional[QuestionParser] = None,
        classifier_loader: Optional[Callable[[], PathClassifier]] = None,
    ):
        self.graph = graph or KnowledgeGraph()
        self._classifier_loader = classifier_loader or _default_classifier
        self._linker = Lazy.given(linker, self._build_linker)
        self._parser = Lazy.given(parser, self._build_parser)
        self._misspelt = MisspeltNames(self._linker, lambda: self.parser.cue_words)

    @property
    def linker(self) -> EntityLinker:
        """Built from the graph's names on first use (raises GraphUnavailable if it is down)."""
        return self._linker()

    @property
    def parser(self) -> QuestionParser:
        return self._parser()

    def _build_linker(self) -> EntityLinker:
        kinds = ("film", "person", "genre", "language", "tag")
        return EntityLinker({k: self.graph.names(k) for k in kinds})

    def _build_parser(self) -> QuestionParser:
        linker = self.linker
        vocab: dict[str, Iterable[tuple[str, int]]] = {
            kind: list(v.weight.items()) for kind, v in linker.vocab.items()
        }
        return QuestionParser(MentionFinder(vocab, *short_names(linker)), self._classifier_loader())

    def _finder(self) -> MentionFinder:
        return self.parser.finder

    def warm_up(self) -> None:
        """Load the parser and let Neo4j plan every path query once (a first question of each
        shape would otherwise wait for the planner)."""
        self.parser  # noqa: B018 (builds the vocabulary and the classifier)
        empty = Constraints().params()
        for path, spec in PATHS.items():
            self.graph.follow_path(path, 0 if spec.topic == "year" else "", empty, limit=1)

    # -- the turn ---------------------------------------------------------------------------------

    def understand(self, question: Question) -> tuple[Optional[Parse], Optional[LinkResult]]:
        """The question's best reading, and the first name that could not be linked. Two
        questions in one message ("who plays in Amelie and what year is it from") are read one
        after the other, the second about what the first named (:attr:`Parse.then`)."""
        text = without_nicknames(question.text, self.parser.finder.is_person_name)
        if text != question.text:
            question = dataclasses.replace(question, text=text)
        parts = COMPOUND.split(question.text, maxsplit=1)
        if len(parts) == 2 and all(len(p.split()) >= 2 for p in parts):
            parse, missing = self._understand(dataclasses.replace(question, text=parts[0]))
            topic = parse.topic if parse is not None else None
            if parse is not None and topic is not None and topic.linked and topic.kind in ("film", "person"):
                film = topic.names[0] if topic.kind == "film" else question.context_film
                person = topic.names[0] if topic.kind == "person" else question.context_person
                second = Question(parts[1], context_film=film, context_person=person)
                then, _ = self._understand(second)
                if then is not None and then.topic is not None and then.topic.linked:
                    if then.confidence >= COMPOUND_SURE:
                        parse.then = then
                        return parse, missing
        return self._understand(question)

    def _understand(self, question: Question) -> tuple[Optional[Parse], Optional[LinkResult]]:
        context = {"film": question.context_film, "person": question.context_person}
        finder = self.parser.finder
        tokens = finder.tokens(question.text)
        surface = surface_tokens(question.text)
        found, partial = finder.without_partial_names(tokens, surface, finder.find(tokens))
        extra, missing = self._misspelt.topics(question, found)
        for _, start, end in partial:  # "Milos Forman", found only as "Milos"
            whole = " ".join(w.lstrip(SURFACE_BREAK) for w in surface[start:end])
            for kind in ("film", "person"):
                result = self.linker.link(whole, kind)
                if result.found and result.name:
                    prior = spelling_prior(kind, result.score)
                    extra.append(Topic(kind, [result.name], normalise(whole), prior=prior))
                elif kind not in missing or names_more_of(whole, missing[kind].mention):
                    missing[kind] = result
        if missing and not extra and not (found or find_years(tokens)):
            # a name we cannot place is still read as a film or a person, to know what was asked;
            # the kind whose closest name is closer is the likelier reading
            extra = [
                Topic(
                    kind,
                    [r.mention],
                    normalise(r.mention),
                    linked=False,
                    prior=spelling_prior(kind, r.score),
                )
                for kind, r in missing.items()
            ]
        parse = self.parser.parse(question.text, context, extra + self._misspelt.longer_names(tokens, found))
        if parse is not None:
            parse = sharing(parse, " ".join(tokens))
        if parse is not None and question.last_query and is_follow_up(parse, question):
            parse = follow_up(parse, question.last_query)
        if parse is not None and asks_overview(parse):
            # a film named with nothing asked of it ("Inception", "tell me about Heat") is surely a
            # question about it, whatever path its few words read as
            parse = dataclasses.replace(parse, confidence=max(parse.confidence, OVERVIEW_CONFIDENCE))
        if parse is not None and (about := asks_about_person(parse, self._person_named)) is not None:
            parse = about  # "who is Ridley Scott", "tell me about Kim Novak": their films
        if parse is not None:
            parse = two_roles(parse)  # "who wrote and directed chinatown"
            parse = about_a_constraint(parse)  # "a documentary about war"
        if parse is not None and missing_fact(parse):
            # a fact the graph does not hold, asked of a name it does: surely a film question,
            # whose answer says what is missing (not the closest path's other fact)
            parse = dataclasses.replace(parse, confidence=max(parse.confidence, OVERVIEW_CONFIDENCE))
        if parse is not None and parse.path == "has_imdb_rating" and praises_something_else(parse, tokens):
            parse = dataclasses.replace(parse, confidence=min(parse.confidence, NOT_A_RATING))
        if not missing:
            return parse, None
        kind = parse.topic.kind if parse is not None and parse.topic is not None else ""
        return parse, missing.get(kind) or next(iter(missing.values()))

    def _person_named(self, tag: str) -> Optional[str]:
        """The one person a tag names ("ridley scott"), if any."""
        people = self.parser.finder.people_named(tag)
        return people[0] if len(people) == 1 else None

    def _fuzzy_parts(self, guess: str, anchors: frozenset[str] | set[str] = frozenset()) -> list[Topic]:
        return self._misspelt.parts(guess, anchors)

    def answer(self, question: Question) -> Reply:
        parse = from_button(question)
        missing = None
        if parse is None:
            parse, missing = self.understand(question)
        return self.reply(parse, missing)

    def reply(self, parse: Optional[Parse], missing: Optional[LinkResult]) -> Reply:
        """The reply to a question already understood (:meth:`understand`)."""
        first = self._reply(parse, missing)
        if parse is None or parse.then is None or first.outcome != "answer":
            return first
        second = self._reply(parse.then, None)
        if second.outcome != "answer":
            return first
        said, more = str(first.variables["answer"]), str(second.variables["answer"])
        for note in MERGED_NOTE.findall(said):  # a merged title's note is said once
            more = more.replace(note, "")
        text = f"{said} {more}"
        # the conversation is about what the second answer left it about, or else the first
        slots = {k: getattr(second, k) if getattr(second, k) is not UNSET else getattr(first, k)
                 for k in ("film", "person", "query")}  # fmt: skip
        return Reply("answer", {"answer": text}, path=second.path, **slots)

    def _reply(self, parse: Optional[Parse], missing: Optional[LinkResult]) -> Reply:
        # What was asked, kept for the answer to a "did you mean" or "which one" button.
        pending = None
        if parse is not None:
            pending = {"path": parse.path, "kind": None, "topic": None,
                       "constraints": parse.constraints.params(),
                       "year_label": parse.constraints.year_label}  # fmt: skip
        if parse is None or parse.topic is None or not parse.topic.linked:
            if missing is not None:
                kind = parse.topic.kind if parse is not None and parse.topic is not None else None
                return self._not_found(missing, pending, kind)
            return Reply("which_film")
        if parse.topic.from_context and missing is not None and not missing.name:
            return self._not_found(missing, pending)  # a name we cannot place beats the old context
        parse = one_of_them(parse, self.graph.person_roles)  # "what did bergman direct"
        topic = parse.topic
        fact = missing_fact(parse)
        if fact is not None and topic is not None and len(topic.names) == 1:
            name = topic.names[0]  # what the conversation is about next
            film = name if topic.kind == "film" else UNSET
            person = name if topic.kind == "person" else UNSET
            return Reply("missing_fact", {"fact": fact, "name": name}, film=film, person=person)
        if topic is not None and len(topic.names) > 1 and topic.kind in ("film", "person"):
            buttons = [{"title": n, "payload": _payload(topic.kind, n)} for n in topic.names[:4]]
            return Reply(f"ambiguous_{topic.kind}", {"mention": topic.mention}, buttons, query=pending)
        return self.follow(parse)

    def _not_found(
        self, result: LinkResult, pending: Optional[dict[str, Any]] = None, kind: Optional[str] = None
    ) -> Reply:
        if kind not in ("film", "person"):
            kind = "film"
            if result.candidates:
                kind = "person" if result.candidates[0] in self.linker.vocab["person"].weight else "film"
        buttons = [{"title": n, "payload": _payload(kind, n)} for n in result.candidates]
        status = "ambiguous" if result.status == AMBIGUOUS else "unknown"
        suffix = "_suggest" if buttons and status == "unknown" else ""
        outcome, said = f"{status}_{kind}{suffix}", {"mention": result.mention}
        if kind == "person":  # the conversation is about no person (or film) any more
            return Reply(outcome, said, buttons, query=pending, person=None)
        return Reply(outcome, said, buttons, query=pending, film=None)


def _default_classifier() -> PathClassifier:
    return PathClassifier.load_or_train(models_dir())


__all__ = [
    "FilmQA",
    "Question",
    "Reply",
    "UNSET",
    "join_names",
    "film_label",
    "merged_note",
    "superlative",
    "sharing",
    "NOT_A_RATING",
    "PROPERTIES",
]
