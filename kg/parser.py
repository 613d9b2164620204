"""Parse a film question into *(topic entity, relation path, constraints)*.

Two parts, each replaceable:

1. **Mentions** (:mod:`kg.mentions`): every graph name in the whole message, found by a spaCy
   ``PhraseMatcher`` over the graph's vocabulary, plus years and decades. The NLU's entities are
   not needed (they only help with typos, through the fuzzy linker).
2. **The path** (:class:`PathClassifier`): the message with its names masked by their kind
   ("who directed the films xperson starred in") is classified into one of the whitelisted
   paths of :mod:`kg.paths`. The classifier is a logistic regression over word and character
   n-grams, trained in a few seconds on sentences composed from ``data/qa/templates.yml`` (answer
   frames around film-set phrases), so a new relation or wording is a line of data.

A message can be read several ways (is "Heat" the film or the tag? Is the name the topic or is
the conversation's film?): each reading is masked and scored, and the most probable reading
wins. A second person named with the topic person ("films with Tom Hanks and Meg Ryan", "films
directed by X starring Y") is a constraint on the films, not a name left out.

The parser has no Rasa or Neo4j imports; it is unit-tested on a small vocabulary.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any, Callable, Iterable, Iterator, Optional

import numpy as np
import yaml

from encore.artifacts import cached_pickle
from kg.linker import CUE_WORDS, SURFACE_BREAK, normalise, surface_tokens
from kg.mentions import DECADE, YEAR, Mention, MentionFinder, YearRange, find_years
from kg.paths import PATHS

logger = logging.getLogger(__name__)

TEMPLATES = FilePath(__file__).resolve().parent.parent / "data" / "qa" / "templates.yml"
TOPIC_TOKENS = {"film": "xfilm", "person": "xperson", "tag": "xtag", "year": "xyear",
                "genre": "xgenre", "language": "xlanguage"}  # fmt: skip
CONSTRAINT_TOKENS = {"genre": "cgenre", "language": "clanguage", "year": "cyear"}
# How much a reading's topic kind is believed before the wording is read (chosen on the
# validation questions, see bench/qa_eval.py): names of films and people are what questions
# are usually about; a tag or a context slot only when nothing else fits.
KIND_PRIOR = {"film": 1.0, "person": 1.0, "tag": 0.6, "language": 0.55, "genre": 0.5, "year": 0.45,
              "context": 0.35}  # fmt: skip
# A one-word film or person name that is also a word questions are made of ("Speak", "Crash")
# or that matched only without its article ("haunted house" for "The Haunted House") is
# believed less.
COMMON_WORD_PRIOR = 0.3
LOOSE_PRIOR = 0.5
# A person named by a surname or nickname alone (kg.people) is believed a little less than a name
# said in full.
SHORT_NAME_PRIOR = 0.8
UNUSED_NAME_PRIOR = 0.5
TYPO_RATE = 0.3
MAX_COMPOSED = 200  # composed wordings per path (a sample: 100 moved routing with every retraining)
PRONOUNS = {"film": ["it", "that film", "this movie", "that one", "the film"],
            "person": ["him", "her", "he", "she", "them"]}  # fmt: skip
PREFIXES = ["", "", "", "can you tell me", "please", "i want to know", "do you know", "tell me", "hey",
            "i wonder", "quick question"]  # fmt: skip
# more politeness, never a name when guessing one ("i wonder" is not the film "The Wonders")
POLITE = ["could you please tell me", "any idea", "i need", "tell me pls", "i have a question"]
TAG_CUES = frozenset({"tagged", "tag", "tags", "keyword", "keywords", "about"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
FILM_PRONOUNS = frozenset({"it", "its", "film", "movie"})
SUFFIXES = ["", "", "", "please", "thanks", "?"]
FORMAT_VERSION = "4"
HEAD_WORDS = 3
YEAR_PHRASES = ["in the cyear", "from cyear", "after cyear", "before cyear", "in cyear", "later than cyear",
                "prior to cyear", "from cyear to cyear", "between cyear and cyear", "from cyear onwards",
                "back in cyear", "sometime in the cyear", "since cyear", "released after cyear"]  # fmt: skip
# Everyday words that are also names in the graph (the film "Saw", the tags "script" and
# "theater"): a name made only of them, or of words questions are made of, is believed less.
COMMON_WORDS = frozenset(
    """get got gets make makes made see saw seen watch watched come came go went show shows tell give
    know like want find take play work works job jobs look need say said let help think good new old
    first last best more most other same all some any time times day night year years thing things
    people man men woman women part role roles credit credits credited theater theaters theatre cinema
    screen camera script scripts screenplay screenplays story stories plot tag tags word words list
    name names question answer please thanks hello english language""".split()
)
YEAR_TOKEN = re.compile(f"{YEAR.pattern}|{DECADE.pattern}")
# The semantic second opinion (SemanticPathModel): asked when no reading's best path has at
# least SECOND_OPINION_BELOW from the n-grams (most questions do not need it, so most turns pay
# nothing for it), weighted SEMANTIC_WEIGHT in the mix; trained on SEMANTIC_SAMPLE composed
# sentences. All chosen on the QA tuning splits (validation, dev2, dev3: bench/qa_parser_eval.py).
SECOND_OPINION_BELOW = 0.9
SEMANTIC_WEIGHT = 0.3
SEMANTIC_SAMPLE = 12000
SEMANTIC_C = 8.0
# A genre, a language or a span of years said with a question about one film is more often
# about other films ("Heat director comedies": the director's comedies) than about that film
# ("the French film Amelie"): paths whose only films are the topic are believed this much less.
ONLY_THE_FILM_FILTERED = 0.5
MAX_OTHER_FILMS = 3  # films besides the topic a one-film question is answered for
# A second person of a question about a person's films, and the words before it that say its role.
PERSON_ROLE_PHRASES = {"directed_by": "directed by", "written_by": "written by", "starred_actors": "with"}
ROLE_CUES = {
    ("directed", "by"): "directed_by", ("director",): "directed_by", ("written", "by"): "written_by",
    ("writer",): "written_by", ("starring",): "starred_actors", ("featuring",): "starred_actors",
    ("alongside",): "starred_actors", ("costarring",): "starred_actors",
}  # fmt: skip
JOINS = frozenset({"and", "with", "plus", "also", "both"})
NOT_WITH = frozenset({"not", "without", "except", "no", "or", "nor", "than", "vs", "versus"})
# Placeholders as plain words for the sentence encoder.
NATURAL_PLACEHOLDERS = {"xfilm": "the film", "xperson": "that person", "xtag": "that topic",
                        "xyear": "that year", "xgenre": "that genre", "xlanguage": "that language",
                        "cgenre": "comedy", "clanguage": "french", "cyear": "1990"}  # fmt: skip


@dataclass(frozen=True)
class Topic:
    kind: str  # film, person, tag, year, genre, language
    names: list[str]  # candidate graph names, best first (several: ambiguous)
    mention: str  # the words of the message (normalised), or "" for the context
    from_context: bool = False
    linked: bool = True  # False: words read as a name the graph does not have
    prior: Optional[float] = None  # how much this reading is believed before the wording is read


@dataclass
class Constraints:
    genre: Optional[str] = None
    language: Optional[str] = None
    year_from: Optional[int] = None
    year_to: Optional[int] = None
    year_label: str = ""
    person: Optional[str] = None  # a second person the films must also have ...
    person_role: Optional[str] = None  # ... in this role (a person relation), or in any role

    def params(self) -> dict[str, Any]:
        return {"genre": self.genre, "language": self.language, "year_from": self.year_from,
                "year_to": self.year_to, "person": self.person, "person_role": self.person_role}  # fmt: skip

    def __bool__(self) -> bool:
        return any(v is not None for v in self.params().values())

    def with_person(self) -> str:
        """``"with Meg Ryan"``, ``"directed by Nora Ephron"``; empty without a second person."""
        if not self.person:
            return ""
        return f"{PERSON_ROLE_PHRASES.get(self.person_role or '', 'with')} {self.person}"

    def describe(self) -> str:
        parts = [p for p in (self.language, self.genre.lower() if self.genre else None) if p]
        text = " ".join(parts)
        if self.person:
            text = f"{text or 'films'} {self.with_person()}"
        if self.year_label:
            text = f"{text} from {self.year_label}".strip()
        return text


@dataclass
class Parse:
    """The best reading of a message."""

    path: str
    topic: Optional[Topic]
    constraints: Constraints = field(default_factory=Constraints)
    confidence: float = 0.0  # the classifier's probability of the path for this reading
    alternatives: list[tuple[str, float]] = field(default_factory=list)  # next paths, same topic kind
    masked: str = ""  # the words the path was read from, names replaced by their kinds
    also_films: list[str] = field(default_factory=list)  # more films the same fact is asked of
    then: Optional[Parse] = None  # a second question asked in the same message, about the same topic

    @property
    def hops(self) -> int:
        return PATHS[self.path].hops


# --- training data -------------------------------------------------------------------------


def _set_key(path: str) -> tuple[str, str]:
    """``"~starred_actors>directed_by"`` -> (set ``"~starred_actors"``, frame ``"directed_by"``)."""
    spec = PATHS[path]
    steps = path.split(">")
    if spec.answer is None:
        return path, "films"
    head = ">".join(steps[:-1])
    return (head or "film"), spec.answer


def training_templates(source: FilePath = TEMPLATES, cap: Optional[int] = None) -> list[tuple[str, str]]:
    """Every (path, wording) of the templates, with {placeholders}; with ``cap``, at most that
    many composed wordings per path (a fixed sample: what the classifier is trained on)."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    sets, frames, whole = data["sets"], data["frames"], data["templates"]
    bridges = data.get("bridges", {})
    out: list[tuple[str, str]] = []
    for path in PATHS:
        # a sample of its own for each path: a wording added to one path leaves the others' alone
        rng = random.Random(f"7:{path}")  # noqa: S311 (sampling training data, not secrets)
        spec = PATHS[path]
        set_key, frame_key = _set_key(path)
        phrases = list(sets.get(set_key, []))
        extra: list[str] = []
        if spec.bridge is not None:  # "the films directed by the directors of {S}"
            inner = sets.get(f"~{spec.entry}" if spec.entry else "film", [])
            phrases += [b.replace("{S}", i) for b in bridges.get(spec.bridge, []) for i in inner]
            if spec.answer is None:  # "which films did the actors of {S} appear in"
                bank = data.get("people", {}).get(spec.bridge, [])
                people = [p.replace("{S}", i) for p in bank for i in inner]
                frames_p = data.get("people_frames", {}).get(spec.bridge, [])
                extra = [f.replace("{P}", p) for f in frames_p for p in people]
        composed = [
            frame.replace("{S}", phrase)
            for phrase, frame in itertools.product(phrases, frames.get(frame_key, []))
            if not (set_key == "film" and frame_key == "films")
        ]
        composed += extra
        if cap is not None and len(composed) > cap:
            composed = rng.sample(composed, cap)
        out.extend((path, wording) for wording in composed)
        out.extend((path, wording) for wording in whole.get(path, []))
    unknown = set(whole) - set(PATHS)
    if unknown:
        raise ValueError(f"{source}: templates for paths that do not exist: {sorted(unknown)}")
    return out


def _mask_template(wording: str, rng: random.Random, topic: str) -> list[str]:
    """Masked training sentences for one wording: the topic as its kind token or a pronoun,
    sometimes with a constraint, a polite prefix or suffix."""
    base = wording
    for kind, token in TOPIC_TOKENS.items():
        base = base.replace("{" + kind + "}", token)
    sentences = [base]
    if topic in PRONOUNS:
        pronoun = rng.choice(PRONOUNS[topic])
        sentences.append(base.replace(TOPIC_TOKENS[topic], pronoun))
    variants = []
    for sentence in sentences:
        variants.append(sentence)
        words = sentence.split()
        if topic != "year" and rng.random() < 0.5:
            variants.append(sentence + " " + rng.choice(YEAR_PHRASES))
        for noun in ("films", "movies"):
            if noun in words and rng.random() < 0.5:
                # "the english-language films": a filter, not a question about languages
                adjective = rng.choice(["cgenre", "clanguage", "clanguage language"])
                variants.append(sentence.replace(noun, f"{adjective} {noun}", 1))
        prefix, suffix = rng.choice(PREFIXES), rng.choice(SUFFIXES)
        variants.append(" ".join(p for p in (prefix, sentence, suffix) if p))
        if rng.random() < TYPO_RATE:
            variants.append(_typo(sentence, rng))
    return [_normalise_masked(v) for v in variants]


def _typo(sentence: str, rng: random.Random) -> str:
    """One slip of the keyboard in one word that is not a placeholder."""
    words = sentence.split()
    placeholders = set(TOPIC_TOKENS.values()) | set(CONSTRAINT_TOKENS.values())
    choices = [i for i, w in enumerate(words) if len(w) >= 4 and w not in placeholders]
    if not choices:
        return sentence
    i = rng.choice(choices)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swap
    elif kind == 1:
        w = w[:j] + w[j + 1 :]  # drop
    else:
        w = w[:j] + rng.choice("aeiourstnl") + w[j + 1 :]  # replace
    words[i] = w
    return " ".join(words)


# One word for each thing a question can ask about, so that a wording the templates never
# used ("which performers ...", "who helmed ...") reads like one they did. Applied to training
# sentences and to messages alike.
SYNONYMS = {
    "performers": "actors", "performer": "actor", "actresses": "actors", "actress": "actor",
    "thespians": "actors", "filmmakers": "directors", "filmmaker": "director",
    "helmed": "directed", "helmer": "director", "helm": "direct",
    "screenwriters": "writers", "screenwriter": "writer", "scriptwriters": "writers",
    "scriptwriter": "writer", "scribe": "writer", "penned": "wrote", "scripted": "wrote",
    "authored": "wrote", "flicks": "films", "flick": "film", "pictures": "films",
    "picture": "film", "movies": "films", "movie": "film", "premiered": "released",
    "premiere": "release", "debuted": "released", "debut": "release", "themes": "topics",
    "theme": "topic", "subjects": "topics", "subject": "topic", "keywords": "topics",
    "keyword": "topic", "sort": "kind", "sorts": "kinds", "type": "kind", "types": "kinds",
    "category": "genre", "categories": "genres", "featuring": "starring",
}  # fmt: skip


def canonical(text: str) -> str:
    """Synonyms folded, and the first words marked again by position: the question word and
    what follows it ("which films ...", "who ...") say what is asked."""
    words = [SYNONYMS.get(w, w) for w in text.split()]
    return " ".join(words + [f"^{w}" for w in words[:HEAD_WORDS]])


def _normalise_masked(text: str) -> str:
    return normalise(text.replace("'s", " s").replace("’s", " s"))


def masked_sentences(seed: int = 13) -> Iterator[tuple[str, str]]:
    """(path, masked sentence) for every variant of every training wording (the sample of
    :func:`training_templates`); each wording's variants are drawn from a seed of its own, so a
    wording added changes only its own variants."""
    for path, wording in training_templates(cap=MAX_COMPOSED):
        rng = random.Random(f"{seed}:{path}:{wording}")  # noqa: S311 (augmenting training data, not secrets)
        for sentence in _mask_template(wording, rng, PATHS[path].topic):
            yield path, sentence


def training_set(seed: int = 13) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    for path, sentence in masked_sentences(seed):
        texts.append(canonical(sentence))
        labels.append(path)
    return texts, labels


# --- wording typos -------------------------------------------------------------------------


class WordingSpeller:
    """Mends a slip of the keyboard in the words a question is made of ("filmms", "dirceted",
    "includd"), so that the path classifier reads the word it was trained on. Names are masked
    before this runs, so only the wording is touched: a word the templates never use is
    replaced by the most frequent template word one edit away (an insertion, deletion,
    substitution or swap of neighbours); a word of four letters only by a swap ("flim"), and
    shorter words never. Lookups go through a table of one-deletion keys (as in SymSpell)."""

    MIN_LENGTH = 4

    def __init__(self, counts: Counter[str]):
        self.counts = counts
        self.index: dict[str, set[str]] = defaultdict(set)
        for word in counts:
            for key in _deletions(word):
                self.index[key].add(word)

    def correct_word(self, word: str) -> str:
        if word in self.counts or len(word) < self.MIN_LENGTH or not word.isalpha():
            return word
        candidates = set().union(*(self.index.get(key, ()) for key in _deletions(word)))
        near = [
            c for c in candidates if _one_edit(word, c) and (len(word) > self.MIN_LENGTH or _swapped(word, c))
        ]
        if not near:
            return word
        return max(near, key=lambda c: (self.counts[c], c))

    def correct(self, text: str) -> str:
        return " ".join(self.correct_word(w) for w in text.split())


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _swapped(a: str, b: str) -> bool:
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(a) != len(b) or len(diff) != 2 or diff[1] != diff[0] + 1:
        return False
    i, j = diff
    return a[i] == b[j] and a[j] == b[i]


def _one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance 1 (``a != b``)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1 or _swapped(a, b)
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# --- the path classifier -------------------------------------------------------------------


class SemanticPathModel:
    """The second opinion on a path: logistic regression over MiniLM sentence vectors of the
    masked question, its placeholders read as plain words ("who directed that person's films").
    Word n-grams know the templates' words; sentence vectors also know what the words mean, so
    "Breakfast on Pluto same director?" or "what else the Evita cast was in" sit near the
    wordings of the path they ask, which no template spells that way. Trained on a sample of
    the same composed sentences (encoding all of them would add minutes to the first start)."""

    def __init__(self, model: Any, encoder: Callable[[list[str]], np.ndarray]):
        self.model = model
        self.encoder = encoder
        self.labels: list[str] = list(model.classes_)

    @staticmethod
    def natural(masked: str) -> str:
        return " ".join(NATURAL_PLACEHOLDERS.get(w, w) for w in masked.split())

    @classmethod
    def train(cls, encoder: Callable[[list[str]], np.ndarray], seed: int = 13) -> SemanticPathModel:
        from sklearn.linear_model import LogisticRegression

        pairs = list(dict.fromkeys((sentence, path) for path, sentence in masked_sentences(seed)))
        # a sample in an order fixed by each pair alone, so that a wording added changes little
        pairs.sort(key=lambda pair: hashlib.sha256(f"{seed}|{pair[0]}|{pair[1]}".encode()).digest())
        pairs = pairs[:SEMANTIC_SAMPLE]
        texts = [cls.natural(sentence) for sentence, _ in pairs]
        vectors = np.vstack([encoder(texts[i : i + 256]) for i in range(0, len(texts), 256)])
        model = LogisticRegression(C=SEMANTIC_C, max_iter=3000)
        model.fit(vectors, [path for _, path in pairs])
        return cls(model, encoder)

    @classmethod
    def load_or_train(
        cls, cache_dir: Optional[FilePath], encoder: Callable[[list[str]], np.ndarray]
    ) -> SemanticPathModel:
        if cache_dir is None:
            return cls.train(encoder)
        digest = hashlib.sha256(f"{PathClassifier.fingerprint()}|{SEMANTIC_SAMPLE}|{SEMANTIC_C}".encode())
        path = cache_dir / f"qa-parser-semantic-{digest.hexdigest()[:16]}.pkl"
        what = "the question parser's second opinion (MiniLM vectors, about a minute)"
        model = cached_pickle(path, lambda: cls.train(encoder).model, what)
        return cls(model, encoder)

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        rows = self.model.predict_proba(self.encoder([self.natural(t) for t in texts]))
        return [dict(zip(self.labels, map(float, row))) for row in rows]


class PathClassifier:
    """Masked question -> probabilities of the whitelisted paths: word and character n-grams,
    with the :class:`SemanticPathModel`'s second opinion when no reading is clear."""

    def __init__(self, model: Any, semantic: Optional[SemanticPathModel] = None):
        self.model = model
        self.semantic = semantic
        self.labels: list[str] = list(model.classes_)
        # sparse features @ coef.T: a Fortran-ordered coef makes its transpose contiguous, so
        # scipy does not copy the whole matrix at every prediction (6 ms -> 0.1 ms)
        head = model.steps[-1][1]
        head.coef_ = np.asfortranarray(head.coef_)

    @classmethod
    def train(cls, seed: int = 13, c: float = 20.0) -> PathClassifier:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, make_pipeline

        texts, labels = training_set(seed)
        features = FeatureUnion(
            [
                (
                    "words",
                    TfidfVectorizer(
                        analyzer="word",
                        ngram_range=(1, 3),
                        sublinear_tf=True,
                        token_pattern=r"\S+",  # noqa: S106
                    ),
                ),  # fmt: skip
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
                ),  # fmt: skip
            ]
        )
        model = make_pipeline(features, LogisticRegression(C=c, max_iter=3000))
        model.fit(texts, labels)
        return cls(model)

    @staticmethod
    def fingerprint() -> str:
        digest = hashlib.sha256(FORMAT_VERSION.encode())
        for source in (TEMPLATES, FilePath(__file__), FilePath(__file__).with_name("paths.py")):
            digest.update(source.read_bytes())
        return digest.hexdigest()[:16]

    @classmethod
    def load_or_train(cls, cache_dir: Optional[FilePath], semantic: bool = True) -> PathClassifier:
        """The trained classifier from ``cache_dir`` if its data and code are unchanged, with
        its second opinion (MiniLM) unless ``semantic`` is False or MiniLM cannot be loaded."""
        classifier = cls._load_or_train_ngrams(cache_dir)
        if semantic:
            try:
                from minilm.encoder import encode

                classifier.semantic = SemanticPathModel.load_or_train(cache_dir, encode)
            except Exception:  # no MiniLM here: the n-grams alone still answer
                logger.exception("the question parser runs without its MiniLM second opinion")
        return classifier

    @classmethod
    def _load_or_train_ngrams(cls, cache_dir: Optional[FilePath]) -> PathClassifier:
        if cache_dir is None:
            return cls.train()
        path = cache_dir / f"qa-parser-{cls.fingerprint()}.pkl"
        return cls(cached_pickle(path, lambda: cls.train().model, "the question parser (a few seconds)"))

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        """One distribution over the paths per masked text (the readings of one message). When
        no reading's best path reaches SECOND_OPINION_BELOW, each is mixed with the semantic
        model's: a weighted geometric mean, SEMANTIC_WEIGHT on the semantic side."""
        rows = self.model.predict_proba([canonical(t) for t in texts])
        out = [dict(zip(self.labels, map(float, row))) for row in rows]
        if self.semantic is None or not out or max(max(d.values()) for d in out) >= SECOND_OPINION_BELOW:
            return out
        try:
            second = self.semantic.probabilities(texts)
        except Exception:  # the encoder failed: the n-grams' reading stands
            logger.exception("the parser's second opinion failed")
            return out
        mixed = []
        for first, other in zip(out, second):
            logs = {path: (1 - SEMANTIC_WEIGHT) * math.log(max(p, 1e-9))
                    + SEMANTIC_WEIGHT * math.log(max(other.get(path, 0.0), 1e-9))
                    for path, p in first.items()}  # fmt: skip
            top = max(logs.values())
            weights = {path: math.exp(v - top) for path, v in logs.items()}
            total = sum(weights.values())
            mixed.append({path: w / total for path, w in weights.items()})
        return mixed


# --- readings ------------------------------------------------------------------------------


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
        scored = self.classifier.probabilities([self.speller.correct(r.masked) for r in readings])
        best: Optional[Parse] = None
        best_score = -math.inf
        for reading, probs in zip(readings, scored):
            kinds = {reading.kind}
            if reading.kind == "context":  # what the conversation is about, or either if nothing
                kinds = {k for k in ("film", "person") if (context or {}).get(k)} or {"film", "person"}
                said = set(tokens)
                if said & PERSON_PRONOUNS and not said & FILM_PRONOUNS and "person" in kinds:
                    kinds = {"person"}  # "what else did he direct?"
                elif said & FILM_PRONOUNS and not said & PERSON_PRONOUNS and "film" in kinds:
                    kinds = {"film"}  # "and who wrote it?"
            filtered = _filters_other_films(reading.constraints)
            ranked = sorted(
                ((p * (ONLY_THE_FILM_FILTERED if filtered and _only_the_film(path) else 1.0), path)
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
            masked, constraints = self._mask(tokens, mentions, years, mention, kind, topic, also)
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
            others = self._other_films(mention, unused, capitalised) if kind == "film" else ()
            readings.append(_Reading(topic, kind, masked, constraints, prior, others))
        if context.get("film") or context.get("person") or not candidates:
            masked, constraints = self._mask(tokens, mentions, years, None, "context", None)
            prior = KIND_PRIOR["context"] if candidates else 1.0
            readings.append(_Reading(None, "context", masked, constraints, prior))
        return readings

    def _other_films(
        self, topic: Optional[Mention], unused: list[Mention], capitalised: frozenset[int] | set[int]
    ) -> tuple[str, ...]:
        """Films named besides the topic film that are surely films ("who directed both Alien and
        Blade Runner"): one exact title each, no other kind of name, not inside the topic's span,
        a one-word title written with a capital (not "need my next obsession": *Next*,
        *Obsession*)."""
        if topic is None:
            return ()
        films = [
            m.names["film"][0] for m in unused
            if m.kinds[:1] == ["film"] and "person" not in m.kinds and len(m.names["film"]) == 1
            and (m.end <= topic.start or m.start >= topic.end)
            and not self.finder.is_loose(m.text, m.names["film"][0])
            and (m.end - m.start > 1 or m.start in capitalised)
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

    @staticmethod
    def _role_words(tokens: list[str], also: Mention) -> tuple[int, Optional[str]]:
        """Where the words about ``also``'s role begin, and the role they say (``None``: any)."""
        for cue, role in ROLE_CUES.items():
            start = also.start - len(cue)
            if start >= 0 and tuple(tokens[start : also.start]) == cue:
                return start, role
        if also.start > 0 and tokens[also.start - 1] in JOINS:
            return also.start - 1, None
        return also.start, None

    def _mask(
        self,
        tokens: list[str],
        mentions: list[Mention],
        years: list[YearRange],
        topic_mention: Optional[Mention],
        kind: str,
        topic: Optional[Topic],
        also: Optional[Mention] = None,
    ) -> tuple[str, Constraints]:
        out = list(tokens)
        constraints = Constraints()
        replaced: list[tuple[int, int, Optional[str]]] = []
        if also is not None:  # the second person and the words of its role are left out
            start, constraints.person_role = self._role_words(tokens, also)
            constraints.person = also.names["person"][0]
            end = also.end
            if start == also.start and end < len(tokens) and tokens[end] == "and":
                end += 1  # "Meryl Streep and Robert De Niro": the joining word goes too
            replaced.append((start, end, None))
        if topic_mention is not None:
            replaced.append((topic_mention.start, topic_mention.end, TOPIC_TOKENS[kind]))
        elif topic is not None and kind != "year" and topic.mention:
            start = _find(tokens, topic.mention.split())
            if start >= 0:
                replaced.append((start, start + len(topic.mention.split()), TOPIC_TOKENS[kind]))
        for m in mentions:
            if m is topic_mention or m is also:
                continue
            if m.names.get("genre") and constraints.genre is None:
                constraints.genre = m.names["genre"][0]
                replaced.append((m.start, m.end, CONSTRAINT_TOKENS["genre"]))
            elif m.names.get("language") and constraints.language is None:
                constraints.language = m.names["language"][0]
                replaced.append((m.start, m.end, CONSTRAINT_TOKENS["language"]))
        for y in years:
            if (
                kind == "year"
                and topic is not None
                and y.exact is not None
                and str(y.exact) == topic.names[0]
            ):
                replaced.append((y.end - 1, y.end, TOPIC_TOKENS["year"]))
                continue
            if constraints.year_from is None and constraints.year_to is None:
                constraints.year_from, constraints.year_to = y.year_from, y.year_to
                constraints.year_label = y.label()
                for i in range(y.start, y.end):  # every year of "from 1955 to 1975"
                    if YEAR_TOKEN.match(tokens[i]):
                        replaced.append((i, i + 1, CONSTRAINT_TOKENS["year"]))
        for start, end, token in sorted(replaced, key=lambda r: (r[0], r[1]), reverse=True):
            if any(out[i] is None for i in range(start, end)):
                continue
            kept = [token] if token else []
            out[start:end] = kept + [None] * (end - start - len(kept))  # type: ignore[list-item]
        return " ".join(t for t in out if t is not None), constraints


def _filters_other_films(constraints: Constraints) -> bool:
    """A genre, a language or a span of years: more often said of a set of films than of the
    one film a question names (one year may be which of two same-titled films: "the 1995 Heat")."""
    c = constraints
    spans_years = (c.year_from is not None or c.year_to is not None) and c.year_from != c.year_to
    return c.genre is not None or c.language is not None or spans_years or c.person is not None


def _only_the_film(path: str) -> bool:
    """Whether the films a path's constraints filter are only its topic film ("who directed Heat")."""
    spec = PATHS[path]
    return spec.topic == "film" and spec.bridge is None


def _find(tokens: list[str], part: list[str]) -> int:
    for i in range(len(tokens) - len(part) + 1):
        if tokens[i : i + len(part)] == part:
            return i
    return -1
