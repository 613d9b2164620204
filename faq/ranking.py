"""Pure ranking functions: scores in, rankings and decisions out. No models, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    "a an the i me my we you your it its is are was be to of in on for and or do does did can could "
    "how what why when where which who this that there with at by from as am have has so".split()
)


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens without stopwords, with a crude plural/verb suffix strip."""
    tokens = []
    for token in _TOKEN.findall(text.lower()):
        if token in STOPWORDS:
            continue
        if len(token) > 4 and token.endswith("ing"):
            token = token[:-3]
        elif len(token) > 4 and token.endswith("ed"):
            token = token[:-2]
        elif len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        tokens.append(token)
    return tokens


def max_per_entry(doc_scores: np.ndarray, doc_entry: np.ndarray, n_entries: int) -> np.ndarray:
    """An entry's score is the best score of its documents (question variants)."""
    out = np.full(n_entries, -np.inf, dtype=np.float64)
    np.maximum.at(out, doc_entry, doc_scores)
    return out


def squash(scores: np.ndarray, k: float) -> np.ndarray:
    """Map unbounded non-negative BM25 scores to [0, 1): ``s / (s + k)``."""
    scores = np.maximum(scores, 0.0)
    return scores / (scores + k)


def fuse_linear(dense: np.ndarray, sparse: np.ndarray, alpha: float) -> np.ndarray:
    """Calibrated linear fusion of a cosine score and a squashed BM25 score."""
    return alpha * np.clip(dense, 0.0, 1.0) + (1.0 - alpha) * sparse


def rrf(rankings: Iterable[Sequence[int]], n_items: int, k: float = 60.0) -> np.ndarray:
    """Reciprocal-rank fusion: ``sum 1 / (k + rank)`` over rankings (rank starts at 1)."""
    out = np.zeros(n_items, dtype=np.float64)
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            out[item] += 1.0 / (k + rank)
    return out


def rrf_scores(dense: np.ndarray, bm25: np.ndarray, k: float = 60.0) -> np.ndarray:
    """RRF of the dense and BM25 rankings scaled to [0, 1] (1 = first in both). A BM25 ranking
    with no matching word at all is left out."""
    rankings = [np.argsort(-dense, kind="stable")]
    if bm25.max() > 0:
        rankings.append(np.argsort(-bm25, kind="stable"))
    return rrf(rankings, len(dense), k) / (2.0 / (k + 1))


def top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Indices and scores of the ``k`` best items, best first (ties: lower index first)."""
    order = np.lexsort((np.arange(len(scores)), -scores))[:k]
    return [(int(i), float(scores[i])) for i in order]


def rank_by(order: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The ``k`` best items by ``order`` (ties: by ``scores``), each with its ``scores`` value."""
    idx = np.lexsort((np.arange(len(order)), -scores, -order))[:k]
    return [(int(i), float(scores[i])) for i in idx]


@dataclass(frozen=True)
class Decision:
    action: str  # "answer" | "clarify" | "fallback"
    candidates: tuple[int, ...]  # entry indices to answer with or offer as buttons


def gate(
    ranked: Sequence[tuple[int, float]],
    answer_threshold: float,
    clarify_threshold: float,
    max_options: int = 3,
    option_gap: float = 0.15,
) -> Decision:
    """Answer when the best score clears the gate; clarify with the closest topics (those
    within ``option_gap`` of the best, at most ``max_options``) when it is only near; else fall back."""
    if not ranked:
        return Decision("fallback", ())
    best = ranked[0][1]
    if best >= answer_threshold:
        return Decision("answer", (ranked[0][0],))
    if best >= clarify_threshold:
        options = [i for i, s in ranked[:max_options] if s >= best - option_gap]
        if len(options) < 2:
            options = [i for i, _ in ranked[:2]]
        return Decision("clarify", tuple(options))
    return Decision("fallback", ())
