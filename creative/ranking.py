"""Reranking candidates by more than their mood: relevance, grounding and fluency.

Reranking by the emotion score alone picked the moodiest of four candidates, however far it
wandered from the film or the event (a "dark tagline for Heat" about "the high school football
star"). The score of a candidate is now a weighted sum of four terms, each in a known range:

- emotion: the :class:`creative.scoring.EmotionScorer`'s fit to the requested mood, in [-1, 1];
- relevance: the MiniLM cosine between the candidate and the request's subject (the film and its
  facts, or the premise), in [-1, 1] (about 0 to 0.7 in practice);
- grounded: 1 when a tagline names its film or a fact of the graph (the title, a director's or a
  star's surname, a genre, a theme), else 0; always 0 for ads and scenes (no graph facts);
- fluency: 1 for finished text of the task's length, less for text cut off mid-sentence, too long
  or too short, or a scene whose speakers are the worked example's rather than the premise's.

The terms are pure functions of strings and vectors (the encoder runs elsewhere), and the weights
were chosen on the development prompt set (bench/data/creative_prompts_dev.txt; docs/benchmarks.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from creative.filters import SPEAKER_LINE, words
from creative.prompts import themes
from creative.requests import AD, SCENE, TAGLINE, CreativeRequest

Encoder = Callable[[Sequence[str]], np.ndarray]  # texts -> unit-length rows (minilm.encoder.Encoder)


@dataclass(frozen=True)
class Weights:
    """How much each term counts (chosen on the development prompt set)."""

    emotion: float = 1.0
    relevance: float = 1.0
    grounded: float = 0.5
    fluency: float = 0.5


@dataclass(frozen=True)
class Scored:
    """A candidate with its score and the terms of it."""

    text: str
    score: float
    emotion: float
    relevance: Optional[float] = None  # None: not measured (no encoder)
    grounded: bool = False
    fluency: float = 1.0


def grounding_words(request: CreativeRequest) -> list[str]:
    """What a tagline may name to be grounded: the title, the surnames of the director and the
    stars, the genres and the themes (:func:`creative.prompts.themes`). Empty for ads and scenes."""
    if request.task != TAGLINE or not request.film:
        return []
    facts = request.facts
    people = facts.get("directors", [])[:2] + facts.get("cast", [])[:3]
    surnames = [p.split()[-1] for p in people if p.split() and len(p.split()[-1]) > 2]
    return [request.film, *surnames, *facts.get("genres", []), *themes(facts, limit=4)]


def names_any(text: str, names: Sequence[str]) -> bool:
    """True when ``text`` holds one of ``names`` as whole words (case and a leading "The" aside)."""
    for name in names:
        bare = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
        if bare and re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", text, re.I):
            return True
    return False


# Words of one line of copy, per task: (fewest, most) before the fluency term drops.
WORD_RANGE = {TAGLINE: (3, 16), AD: (6, 40)}
MIN_RELEVANCE = 0.25  # a candidate less relevant than this is only returned when nothing else is
UNFINISHED = 0.5  # the fluency lost by text cut off mid-sentence
OFF_LENGTH = 0.3  # ... by copy outside its task's word range
EXAMPLE_SPEAKERS = 0.3  # ... by a scene whose speakers are the worked example's, not the premise's


def fluency(text: str, request: CreativeRequest, example_speakers: Sequence[str] = ()) -> float:
    """How finished and well-sized a candidate is, in [0, 1]. Pure."""
    value, text = 1.0, text.strip()
    if request.task == SCENE:
        last = text.rstrip().splitlines()[-1] if text.strip() else ""
        if not re.search(r"[.!?…][\"'”’)]*$", last):
            value -= UNFINISHED
        speakers = {m.group().split(":")[0].strip().lower() for m in SPEAKER_LINE.finditer(text)}
        premise = set(words(request.premise))
        borrowed = {s.lower() for s in example_speakers} - premise
        if speakers & borrowed:
            value -= EXAMPLE_SPEAKERS
        return max(0.0, value)
    if text.endswith("…") or not re.search(r"[.!?][\"'”’)]*$", text):
        value -= UNFINISHED
    low, high = WORD_RANGE.get(request.task, (1, 10_000))
    if request.short:
        high = max(low, high // 2)
    if not low <= len(text.split()) <= high:
        value -= OFF_LENGTH
    return max(0.0, value)


def relevance(subject: np.ndarray, candidates: np.ndarray) -> list[float]:
    """Cosine of each candidate row with the subject row (both unit length). Pure."""
    if len(candidates) == 0:
        return []
    return [float(x) for x in candidates @ subject]


def combine(scored: Sequence[Scored], weights: Weights) -> list[Scored]:
    """The candidates with their weighted score. Pure."""
    out = []
    for s in scored:
        total = (
            weights.emotion * s.emotion
            + weights.relevance * (s.relevance or 0.0)
            + weights.grounded * float(s.grounded)
            + weights.fluency * s.fluency
        )
        out.append(Scored(s.text, round(total, 4), s.emotion, s.relevance, s.grounded, s.fluency))
    return out


def top(scored: Sequence[Scored], k: int) -> list[Scored]:
    """The ``k`` best by score, ties kept in sampling order. Pure."""
    order = sorted(range(len(scored)), key=lambda i: (-scored[i].score, i))
    return [scored[i] for i in order[:k]]


def choose(scored: Sequence[Scored], k: int, floor: Optional[float] = None) -> list[Scored]:
    """The ``k`` best by score among the candidates whose relevance reaches ``floor``; when none
    does, only the single best one (better one suggestion than three about something else).
    No floor, or no relevance measured: the ``k`` best. Pure."""
    if floor is None or any(s.relevance is None for s in scored):
        return top(scored, k)
    relevant = [s for s in scored if (s.relevance or 0.0) >= floor]
    return top(relevant, k) if relevant else top(scored, 1)


def score_candidates(
    request: CreativeRequest,
    texts: Sequence[str],
    emotions: Sequence[float],
    encoder: Optional[Encoder],
    subject: str,
    weights: Weights = Weights(),
    example_speakers: Sequence[str] = (),
) -> list[Scored]:
    """Every term of every candidate, and the weighted score (no relevance without an encoder)."""
    close: Sequence[Optional[float]] = [None] * len(texts)
    if encoder is not None and texts:
        vectors = np.asarray(encoder([subject, *texts]), dtype=np.float32)
        close = relevance(vectors[0], vectors[1:])
    names = grounding_words(request)
    terms = [
        Scored(text, 0.0, float(e), c, names_any(text, names), fluency(text, request, example_speakers))
        for text, e, c in zip(texts, emotions, close)
    ]
    return combine(terms, weights)
