"""Answer a film question from the graph: parse it, follow its path, say what was found.

:class:`FilmQA` reads the whole message with the question parser (:mod:`kg.parser`: topic
entity, relation path, constraints), follows the path with one whitelisted query
(:mod:`kg.paths`) and returns a :class:`Reply`: a response name from the domain, its variables,
optional buttons, the film/person the conversation is now about and the query itself (so that
"what about the 90s ones?" can reuse it). No Rasa imports: the action is a thin wrapper.

Answers say how they were found ("Jane Doe starred in 4 films; they were directed by ..."),
how many there are when the list is long, and exactly what is missing when the graph has
nothing. Names the graph cannot place get suggestions (the fuzzy linker), and a name that fits
several films or people gets buttons instead of a guess.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from rapidfuzz import fuzz

from encore.lazy import Lazy
from encore.settings import models_dir
from kg.graph import Film, KnowledgeGraph, PathResult
from kg.linker import (
    AMBIGUOUS,
    CUE_WORDS,
    MAX_EXPAND,
    SURFACE_BREAK,
    EntityLinker,
    LinkResult,
    normalise,
    surface_tokens,
)
from kg.mentions import UNINFORMATIVE_TAGS, Mention, MentionFinder, find_years
from kg.parser import KIND_PRIOR, Constraints, Parse, PathClassifier, QuestionParser, Topic
from kg.paths import PATHS, PROPERTIES
from kg.people import linker_names
from minilm.encoder import everyday_words

MAX_LISTED = 10
# Below this probability of its path, a reading without a name of its own is not trusted to
# be a new question: it is a follow-up of the previous one ("and in the 90s?").
FOLLOW_UP_BELOW = 0.5
# A second reading is tried when the first finds nothing, if it is at least this likely
# relative to the first.
ALTERNATIVE_MIN = 0.05
# The first step of a path from a person: the films they acted in, directed or wrote.
PERSON_ROLES = ("~starred_actors", "~directed_by", "~written_by")
# Words that say which of a person's roles a question is about.
ROLE_WORDS = re.compile(
    r"\b(act\w*|star\w*|direct\w*|wr[io]te\w*|writ\w*|script\w*|screen\w*|cast\w*|role\w*|play\w*"
    r"|appear\w*|featur\w*|helm\w*|penned|made|make\w*|shot|shoot\w*|lead\w*|credit\w*"
    r"|films? by|movies? by)\b"
)
# A question that names a film and asks for nothing in particular: "tell me about Inception",
# "what do you know about Heat?", "info on the movie Amelie please", or the title alone. Read on
# the masked wording (kg.parser.Parse.masked), so the title's own words never count.
OVERVIEW = re.compile(
    r"(?:(?:hey|hi|hello|so|ok|okay|please|pls|can you|could you|would you|i want to|i d like to"
    r"|i would like to|lets|let s)\s+)*"
    r"(?:(?:tell me|say) (?:something |more |everything |a bit |a little |all )?(?:about|on)"
    r"|what do you know (?:about|of)|do you know anything about"
    r"|(?:some |any |more )?info(?:rmation)? (?:on|about)|(?:some |any |more )?details (?:on|of|about)"
    r"|(?:give me |show me )?(?:an |a |the )?(?:overview|summary|rundown|lowdown) (?:of|on)"
    r"|describe|facts (?:about|on)|whats the deal with)?\s*"
    r"(?:the (?:film|movie) )?xfilm"
    r"(?:\s+(?:the (?:film|movie)|movie|film|info|details|facts|overview|summary))?"
    r"(?:\s+(?:please|pls|thanks|thank you))?"
)
OVERVIEW_CONFIDENCE = 0.95
# Words that ask for the first or the latest film of a set, and what after them says otherwise.
FIRST_WORDS = {"first": "first", "earliest": "first", "oldest": "first", "debut": "first",
               "latest": "latest", "newest": "latest", "recent": "latest", "last": "latest"}  # fmt: skip
PLURAL_FILMS = frozenset(
    {"films", "movies", "ones", "works", "pictures", "few", "two", "three", "five", "ten"}
)
NOT_A_DATE = frozenset(
    {"time", "times", "name", "names", "night", "week", "weekend", "year", "month", "hour", "place"}
)
SUPERLATIVE_LIMIT = 10000  # every film of the set is read to find the first or latest
OVERVIEW_CAST = 5  # people of the cast named in an overview
OVERVIEW_TAGS = 6
# Where a message asks a second question: "who directed Heat and when was it released"; the
# message is read as two when the second is read at least this surely.
COMPOUND_SURE = 0.5
# "Any good vampire films", "good vibes only": "good" said of other films, or of the word the
# film's title is, asks no rating of that film; the parser's rating reading is believed at most
# this much (unsure: the second stage leaves such a message to the request readers).
NOT_A_RATING = 0.3
# Short names that are among this many commonest words of the MiniLM vocabulary are everyday
# words: a person only when written as a name (:func:`minilm.encoder.everyday_words`).
EVERYDAY_RANK = 10000
RATING_WORDS = frozenset({"good", "great", "decent", "nice", "best", "fun"})
GOOD_FILMS = re.compile(
    rf"\b(?:{'|'.join(sorted(RATING_WORDS))})\s+(?:\w+\s+){{0,3}}?(?:films|movies|flicks|ones)\b"
)
COMPOUND = re.compile(
    r"\s*,?\s+and\s+(?=(?:who|what|whats|when|which|where|how|is|was|were|did|does|do|are)\b)", re.I
)
FOLLOW_UP_CUES = re.compile(
    r"^\W*(and|what about|how about|only|just|but|ok|okay|now)\b|\b(of (them|those|these)|ones|only)\b", re.I
)
UNSET: Any = object()
MAX_FUZZY_TRIES = 8  # shorter spans of an unknown run of words tried per kind
# (words before, words after) added to a misspelt name's guess, in the order tried
WIDER = ((2, 0), (0, 2), (1, 0), (0, 1), (2, 2))
WIDER_CORE = 75  # how close (rapidfuzz ratio) the guess is to the rest of the widened title
# Small words that may sit inside a name ("Sleepless in Seattle") when guessing one.
JOINERS = frozenset({"the", "of", "and", "a", "in", "on", "to", "for", "at", "with"})
# What a chosen name is asked about when no question was pending.
DEFAULT_PATH = {"film": "directed_by", "person": "~starred_actors"}
# Other films that share a fact with the film named: "Breakfast on Pluto same director?", "Bottle
# Rocket director other movies", "what else came out the year First Blood did", "what else the
# Evita cast was in". Terse wordings the path classifier reads as the fact itself (one step) with
# confidence; these words make it the bridge (the fact, then the films that share it).
SHARED_ROLES = {"director": "directed_by", "directors": "directed_by", "filmmaker": "directed_by",
                "directed": "directed_by", "writer": "written_by", "writers": "written_by",
                "screenwriter": "written_by", "screenwriters": "written_by", "wrote": "written_by",
                "cast": "starred_actors", "actors": "starred_actors", "stars": "starred_actors",
                "year": "release_year"}  # fmt: skip
SAME_ROLE = re.compile(r"\bsame (" + "|".join(SHARED_ROLES) + r")\b")
OTHER_FILMS = re.compile(
    r"\b(?:other|more) (?:movies|films|pictures|flicks|titles|work)\b|"
    r"\b(?<!who )else\b.*\b(?:came out|come out|released|was in|were in|did|made|make|directed|wrote)\b"
)
SHARED_PATHS = frozenset(SHARED_ROLES.values())
SHARED_CONFIDENCE = 0.8

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


@dataclass
class Question:
    text: str
    films: list[str] = field(default_factory=list)  # film mentions found by NLU (hints)
    people: list[str] = field(default_factory=list)  # person mentions found by NLU (hints)
    context_film: Optional[str] = None  # what the conversation was about
    context_person: Optional[str] = None
    last_query: Optional[dict[str, Any]] = None  # the previous question's parse (a follow-up)


@dataclass
class Reply:
    """What the film service says to one question: an ``outcome`` (``answer``, ``which_film``,
    ``ambiguous_film``, ``unknown_person_suggest``...) with its variables and buttons, and the
    conversation's new film, person and pending question. Which response a channel shows for an
    outcome is the action's business (:func:`actions.knowledge.response_of`)."""

    outcome: str
    variables: dict[str, Any] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)
    film: Any = UNSET  # new value of the conversation's film, or UNSET
    person: Any = UNSET
    query: Any = UNSET  # the parse to remember for follow-ups, or UNSET
    path: Optional[str] = None  # which path answered (for logs and evaluation)


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


MERGED_NOTE = re.compile(
    r" Note: in my data “[^”]*” names more than one film \([^)]*\), so this answer may mix them\."
)


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


def _payload(entity: str, value: str) -> str:
    return f"/ask_film{json.dumps({entity: value}, ensure_ascii=False)}"


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


def sharing(parse: Parse, text: str) -> Parse:
    """``parse`` as the bridge to films sharing a fact with its film when the words ask for other
    films (:data:`SAME_ROLE`, :data:`OTHER_FILMS`) and it reads one step (or a bridge over another
    fact than the one named). ``text``: the normalised message."""
    topic = parse.topic
    if topic is None or topic.kind != "film" or topic.from_context:
        return parse
    same = SAME_ROLE.search(text)
    if same is None and not OTHER_FILMS.search(text):
        return parse
    steps = parse.path.split(">")
    named = [SHARED_ROLES[w] for w in re.findall(r"[a-z]+", text) if w in SHARED_ROLES]
    relation = SHARED_ROLES[same.group(1)] if same else (named[0] if named else steps[0])
    if relation not in SHARED_PATHS:
        return parse
    bridge = f"{relation}>~{relation}"
    if bridge not in PATHS or parse.path.startswith(bridge):
        return parse
    if len(steps) == 1 or (len(steps) == 2 and steps[1] == f"~{steps[0]}"):
        return Parse(bridge, topic, parse.constraints, max(parse.confidence, SHARED_CONFIDENCE),
                     parse.alternatives)  # fmt: skip
    return parse


class FilmQA:
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
        return QuestionParser(MentionFinder(vocab, *_short_names(linker)), self._classifier_loader())

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
        extra, missing = self._fuzzy_topics(question, found)
        for _, start, end in partial:  # "Milos Forman", found only as "Milos"
            whole = " ".join(w.lstrip(SURFACE_BREAK) for w in surface[start:end])
            for kind in ("film", "person"):
                result = self.linker.link(whole, kind)
                if result.found and result.name:
                    prior = _spelling_prior(kind, result.score)
                    extra.append(Topic(kind, [result.name], normalise(whole), prior=prior))
                elif kind not in missing or _names_more_of(whole, missing[kind].mention):
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
                    prior=_spelling_prior(kind, r.score),
                )
                for kind, r in missing.items()
            ]
        parse = self.parser.parse(question.text, context, extra + self._longer_names(tokens, found))
        if parse is not None:
            parse = sharing(parse, " ".join(tokens))
        if parse is not None and question.last_query and self._is_follow_up(parse, question):
            parse = self._follow_up(parse, question.last_query)
        if parse is not None and asks_overview(parse):
            # a film named with nothing asked of it ("Inception", "tell me about Heat") is surely a
            # question about it, whatever path its few words read as
            parse = dataclasses.replace(parse, confidence=max(parse.confidence, OVERVIEW_CONFIDENCE))
        if parse is not None and parse.path == "has_imdb_rating" and praises_something_else(parse, tokens):
            parse = dataclasses.replace(parse, confidence=min(parse.confidence, NOT_A_RATING))
        if not missing:
            return parse, None
        kind = parse.topic.kind if parse is not None and parse.topic is not None else ""
        return parse, missing.get(kind) or next(iter(missing.values()))

    def answer(self, question: Question) -> Reply:
        parse = self._from_button(question)
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
        topic = parse.topic
        if len(topic.names) > 1 and topic.kind in ("film", "person"):
            buttons = [{"title": n, "payload": _payload(topic.kind, n)} for n in topic.names[:4]]
            return Reply(f"ambiguous_{topic.kind}", {"mention": topic.mention}, buttons, query=pending)
        return self.follow(parse)

    def _from_button(self, question: Question) -> Optional[Parse]:
        """A button's payload (``/ask_film{"film": "Kismet"}``) answers the question that was
        pending when the buttons were offered, about the name that was chosen."""
        if not question.text.lstrip().startswith("/"):
            return None
        last = question.last_query or {}
        for kind, names in (("film", question.films), ("person", question.people)):
            if not names:
                continue
            path = last.get("path")
            if path not in PATHS or PATHS[path].topic != kind:
                path = DEFAULT_PATH[kind]
            constraints = Constraints(
                **(last.get("constraints") or {}), year_label=str(last.get("year_label") or "")
            )
            return Parse(path, Topic(kind, [names[0]], normalise(names[0])), constraints, 1.0)
        return None

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
        for film in parse.also_films:  # "who directed both Alien and Blade Runner"
            more = self.graph.follow_path(parse.path, film, parse.constraints.params(), limit=60)
            if more is not None:
                of_it = dataclasses.replace(
                    parse, topic=Topic("film", [film], normalise(film)), also_films=[]
                )
                text += " " + self.describe(of_it, more) + merged_note(film, self.graph.merged_years(film))
        answers = result.answers
        if spec.answer_kind == "person" and result.total == 1:
            slots["person"] = answers[0].name  # "who directed Zodiac?" ... "what else did he make?"
        if spec.answer_kind == "film" and result.total == 1:
            slots["film"] = answers[0].name
        return Reply("answer", {"answer": text}, **slots)

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
        subject = self._subject(set_parse, films)
        labels = join_names([f"{a.name} ({best})" for a in chosen])
        text = f"the {order} {'is' if len(chosen) == 1 else 'are'} {labels}"
        text = f"{subject}; {text}." if subject else f"{text[0].upper()}{text[1:]}."
        if spec.answer is not None:
            for film in chosen[:3]:
                facts = self.graph.follow_path(spec.answer, film.name, {}, limit=60)
                if facts is None or not facts.answers:
                    text += f" My knowledge graph has no {WHAT[spec.answer]} listed for {film.name}."
                    continue
                listed = self._values(facts, spec.answer)
                text += (
                    " " + SINGLE[spec.answer].format(t=film.name, x=listed["text"]) + "." + listed["extra"]
                )
        return text[0].upper() + text[1:], [a.name for a in chosen]

    def overview(self, title: str) -> Reply:
        """What the graph knows about one film, in a few sentences."""
        o = self.graph.film_overview(title)
        if o is None:  # the name came from an older copy of the graph
            return Reply("unknown_film", {"mention": title}, query=None)
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
        finder = self.parser.finder
        tags = [
            t for t in o.tags if t.lower() not in known and not t.isdigit() and not finder.is_person_name(t)
        ]
        if tags:
            sentences.append(f"Tagged {join_names(tags, OVERVIEW_TAGS)}")
        if len(sentences) == 1 and not kinds:
            text = f"I know {label}, but my knowledge graph has nothing more listed for it."
        else:
            text = ". ".join(sentences) + "."
        text += merged_note(o.title, o.years)
        return Reply("answer", {"answer": text}, film=o.title, query=None, path="overview")

    def _main_role(self, parse: Parse) -> Parse:
        """A question about a person's films that names no role ("Wes Anderson's first film",
        "Steven Spielberg films") is about the role they have the most films in."""
        steps = parse.path.split(">")
        topic = parse.topic
        if topic is None or topic.kind != "person" or steps[0] not in PERSON_ROLES:
            return parse
        if ROLE_WORDS.search(parse.masked) or not parse.masked:
            return parse
        counts = self.graph.person_roles(topic.names[0])
        role = max(PERSON_ROLES, key=lambda r: (counts.get(r[1:], 0), r == steps[0]))
        path = ">".join([role, *steps[1:]])
        if role == steps[0] or path not in PATHS or not counts.get(role[1:]):
            return parse
        return dataclasses.replace(parse, path=path)

    @staticmethod
    def _second_readings(parse: Parse) -> list[tuple[str, float]]:
        """The paths to try when ``parse``'s finds nothing: the close second readings, then the
        same path from another of a person's roles ("whoever directed Jim Varney movies": the
        films he acted in, not directed), which the first step of a longer question often leaves
        open, and a one-step question too when it names no role ("Steven Spielberg films"; but
        "films directed by X" is not about acting)."""
        close = [(path, p) for path, p in parse.alternatives if p >= ALTERNATIVE_MIN * parse.confidence]
        steps = parse.path.split(">")
        roles: list[tuple[str, float]] = []
        person = parse.topic is not None and parse.topic.kind == "person"
        open_role = len(steps) > 1 or not ROLE_WORDS.search(parse.masked)
        if person and steps[0] in PERSON_ROLES and open_role:
            given = dict(parse.alternatives)
            for role in PERSON_ROLES:
                path = ">".join([role, *steps[1:]])
                if role != steps[0] and path in PATHS and path not in dict(close):
                    roles.append((path, given.get(path, 0.0)))
            roles.sort(key=lambda item: -item[1])
        return close + roles

    # -- what the answer says ---------------------------------------------------------------------

    def describe(self, parse: Parse, result: PathResult) -> str:
        spec = PATHS[parse.path]
        assert parse.topic is not None
        t = parse.topic.names[0]
        cons = parse.constraints
        kind = spec.answer_kind
        films = films_phrase(result.films, cons)
        subject = self._subject(parse, result)
        if not result.answers:
            return self._nothing(parse, subject, spec.answer, films, bool(result.via))
        values = self._values(result, spec.answer)
        listed = values["text"]
        if subject is None:
            sentence = SINGLE[spec.answer or ""].format(t=t, x=listed)
        elif spec.answer is None:
            sentence = f"{subject}: {listed}"
        else:
            sentence = f"{subject}; {PLURAL[spec.answer].format(x=listed)}"
        if kind == "person" and result.total > MAX_LISTED:
            sentence += f" ({result.total} people in all, the most frequent first)"
        sentence = sentence[0].upper() + sentence[1:] + "."
        return sentence + values["extra"]

    @staticmethod
    def _subject(parse: Parse, result: PathResult) -> Optional[str]:
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

    def _values(self, result: PathResult, answer: Optional[str]) -> dict[str, str]:
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
            finder = self.parser.finder
            plain = [n for n in names if n.lower() not in UNINFORMATIVE_TAGS and not n.isdigit()]
            people = [n for n in plain if finder.is_person_name(n)]
            plain = [n for n in plain if n not in people] or names
            if people:
                extra = f" Tags that name people: {join_names(people)}."
            names, total = plain, len(plain) + (0 if total <= len(names) else total - len(names))
        return {"text": join_names(names, MAX_LISTED, total), "extra": extra}

    def _nothing(
        self, parse: Parse, subject: Optional[str], answer: Optional[str], films: str, bridged: bool = True
    ) -> str:
        assert parse.topic is not None
        t = parse.topic.names[0]
        spec = PATHS[parse.path]
        if subject is None:
            return f"I don't know: my knowledge graph has no {WHAT[answer or '']} listed for {t}."
        if spec.entry in ROLE and spec.bridge is not None and not bridged:
            return f"I know {t}, but not as {ROLE[spec.entry]} in any film of my knowledge graph."
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

    # -- names ----------------------------------------------------------------------------------

    def _fuzzy_topics(
        self, question: Question, found: list[Mention]
    ) -> tuple[list[Topic], dict[str, LinkResult]]:
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
        guess = self._guess(question.text)
        if guess and (_only_cues(guess) or set(normalise(guess).split()) <= named):
            guess = None
        if guess:
            mentions += [(guess, "film"), (guess, "person")]
            if not found:  # "movies with the tag dinosuars"
                mentions.append((guess, "tag"))
        cues = self.parser.cue_words
        mentions = [(m, k) for m, k in mentions if not set(normalise(m).split()) <= cues]
        for mention, kind in mentions:
            result = linker.link_in_context(mention, question.text, kind)
            prior = _spelling_prior(kind, result.score)
            if result.found and result.name:
                topics.append(Topic(kind, [result.name], normalise(mention), prior=prior))
            elif result.status == AMBIGUOUS and result.candidates and kind != "tag":
                topics.append(Topic(kind, list(result.candidates), normalise(mention), prior=prior))
            elif kind == "tag":
                continue  # a tag we cannot place is not worth a "did you mean"
            elif (
                kind not in missing
                or (result.candidates and not missing[kind].candidates)
                or _names_more_of(mention, missing[kind].mention)
            ):
                missing[kind] = result
        if not topics and guess:
            # a name the NLU found and the graph lacks ("Amadeus") is what was asked about: no
            # other word of the guess stands in for it ("associated" is not "The Associate")
            unknown = {w for m, _ in mentions if m != guess for w in normalise(m).split()}
            topics = self._fuzzy_wider(question.text, guess) or self._fuzzy_parts(guess, unknown)
        if topics:
            return topics, {}
        return [], missing

    def _fuzzy_wider(self, text: str, guess: str) -> list[Topic]:
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
                prior = _spelling_prior("film", result.score)
                return [Topic("film", [result.name], normalise(span), prior=prior)]
        return []

    def _fuzzy_parts(self, guess: str, anchors: frozenset[str] | set[str] = frozenset()) -> list[Topic]:
        """A misspelt name inside a longer run of words ("the flicks with Chioc Marx explore"):
        the run's shorter spans, longest first, until one links. A span never cuts a name the
        message capitalises in two ("Milos Forman" is not "Milos"), and it holds one of the
        ``anchors`` (the words of names the NLU found but nothing linked), or else one of the
        guess's capitalised words if it has any."""
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
                    if anchors and not anchors & set(normalise(span).split()):
                        continue
                    tries += 1
                    result = self.linker.link(span, kind)
                    if result.found and result.name:
                        prior = _spelling_prior(kind, result.score)
                        topics.append(Topic(kind, [result.name], normalise(span), prior=prior))
                        break
                if topics and topics[-1].kind == kind:
                    break
        return topics

    def _guess(self, text: str) -> Optional[str]:
        """The longest run of words that are not words questions are made of: a name the exact
        scan did not find ("which films feature Gregory Hnes" -> "Gregory Hnes")."""
        return self.linker.guess_mention(text, self.parser.cue_words, JOINERS)

    def _longer_names(self, tokens: list[str], found: list[Mention]) -> list[Topic]:
        """A one-word name may be the tail of a misspelt longer one ("who directed the brid wore
        black" holds the film "Black"): the longest span around it that links is offered too."""
        words = self.parser.cue_words
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
        return Reply(
            f"{status}_{kind}{suffix}",
            {"mention": result.mention},
            buttons,
            query=pending,
            **{kind: None},
        )

    # -- follow-ups -----------------------------------------------------------------------------

    def _is_follow_up(self, parse: Parse, question: Question) -> bool:
        """ "And in the 90s?" / "which of them are comedies": new constraints for the last query."""
        topic = parse.topic
        if topic is None:
            return bool(parse.constraints)
        if topic.from_context:
            return bool(parse.constraints) and parse.confidence < FOLLOW_UP_BELOW
        # "and the dramas?": a genre, language or year alone, worded as a follow-up
        return topic.kind in ("genre", "language", "year") and bool(FOLLOW_UP_CUES.search(question.text))

    def _follow_up(self, parse: Parse, last: dict[str, Any]) -> Parse:
        path = last.get("path")
        if path not in PATHS or not last.get("topic"):
            return parse
        old = dict(last.get("constraints") or {})
        new = Constraints(**{**parse.constraints.params(), "year_label": parse.constraints.year_label})
        if parse.topic is not None and not parse.topic.from_context:  # the attribute is the new constraint
            value = parse.topic.names[0]
            if parse.topic.kind == "year":
                new.year_from = new.year_to = int(value)
                new.year_label = value
            elif parse.topic.kind in ("genre", "language"):
                setattr(new, parse.topic.kind, value)
        merged = Constraints(
            genre=new.genre or old.get("genre"),
            language=new.language or old.get("language"),
            year_from=new.year_from if new.year_from or new.year_to else old.get("year_from"),
            year_to=new.year_to if new.year_from or new.year_to else old.get("year_to"),
            year_label=new.year_label or str(last.get("year_label") or ""),
            person=new.person or old.get("person"),
            person_role=new.person_role if new.person else old.get("person_role"),
        )
        topic = Topic(str(last["kind"]), [str(last["topic"])], "", from_context=True)
        return Parse(str(path), topic, merged, parse.confidence)


def superlative(masked: str) -> Optional[str]:
    """``"first"`` or ``"latest"`` when a question asks for one film by its date ("Wes Anderson's
    first film", "the most recent xperson movie", "xperson's debut"); None for lists ("his latest
    films") and for other uses of the words ("the first time", "last night")."""
    words = masked.split()
    found = None
    for i, word in enumerate(words):
        if word == "most" and words[i + 1 : i + 2] == ["recent"]:
            continue
        order = FIRST_WORDS.get(word)
        if order is None:
            continue
        after = set(words[i + 1 : i + 3])
        if after & PLURAL_FILMS or after & NOT_A_DATE or words[i + 1 : i + 3] == ["of", "all"]:
            return None
        if found not in (None, order):
            return None
        found = order
    return found


def praises_something_else(parse: Parse, tokens: list[str]) -> bool:
    """A rating reading whose "good" is said of films in the plural besides the topic ("vampires!
    any good vampire films") or right before the topic's words, as an adjective of that word
    ("good vibes only"): no question about the film."""
    topic = parse.topic
    if topic is None or topic.from_context or not topic.mention:
        return False
    words = topic.mention.split()
    for i in range(len(tokens) - len(words) + 1):
        if tokens[i : i + len(words)] == words:
            rest = tokens[:i] + ["|"] + tokens[i + len(words) :]
            if i > 0 and tokens[i - 1] in RATING_WORDS:
                return True
            return GOOD_FILMS.search(" ".join(rest)) is not None
    return False


def asks_overview(parse: Parse) -> bool:
    """A linked film named with nothing asked of it (:data:`OVERVIEW`)."""
    topic = parse.topic
    if topic is None or topic.kind != "film" or not topic.linked or topic.from_context:
        return False
    return bool(OVERVIEW.fullmatch(parse.masked.strip()))


def _part_of(window: list[str], name: str) -> bool:
    """``window`` is words of ``name`` spelt right, with a word of it left out ("world war" of
    "World War Z"): a part of that name, not a misspelling of it."""
    words = normalise(name).split()
    return all(w in words for w in window) and bool(set(words) - set(window) - {"the", "a", "an"})


def _names_more_of(longer: str, shorter: str) -> bool:
    """``longer`` is a capitalised name holding ``shorter`` and more ("Milos Forman" when the NLU
    found "Forman"): the better name to say was not found."""
    words, inner = normalise(longer).split(), normalise(shorter).split()
    if len(words) <= len(inner) or not all(w[:1].isupper() for w in longer.split()):
        return False
    return any(words[i : i + len(inner)] == inner for i in range(len(words) - len(inner) + 1))


def _spelling_prior(kind: str, score: float) -> float:
    """How much a fuzzily linked name is believed: a close spelling more than a far one ("give"
    is not "The Giver")."""
    return KIND_PRIOR[kind] * 0.9 * (max(score, 30) / 100) ** 4


def _only_cues(text: str) -> bool:
    words = normalise(text).split()
    return all(w in CUE_WORDS or re.fullmatch(r"\d+s?", w) for w in words)


def _other(films: str) -> str:
    return re.sub(r"^(\d+) ", r"\1 other ", films)


def _short_names(linker: EntityLinker) -> tuple[dict[str, str], frozenset[str]]:
    """The surnames and nicknames that clearly name one person (:func:`kg.people.short_names`)
    but the words of many titles ("king", "love"), and those of them that are everyday words
    ("buy", "reed"; not "spielberg": :data:`EVERYDAY_RANK`)."""
    if "person" not in linker.vocab:
        return {}, frozenset()
    names = linker_names(linker)
    common = names.common_title_words
    short = {k: v for k, v in names.short.unique.items() if k not in common}
    return short, everyday_words(EVERYDAY_RANK) & frozenset(short)


def _default_classifier() -> PathClassifier:
    return PathClassifier.load_or_train(models_dir())


__all__ = ["FilmQA", "Question", "Reply", "UNSET", "join_names", "film_label", "PROPERTIES"]
