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


def pool_top_k(doc_scores: np.ndarray, groups: np.ndarray, k: int) -> np.ndarray:
    """An entry's score is the mean of its ``k`` best documents (``k`` = 1: the best one).
    ``groups`` is an entries x variants matrix of document indices, -1 where an entry has fewer;
    an entry with fewer than ``k`` variants averages the ones it has. Averaging the best few
    paraphrases rewards an entry that several of its wordings match, not one lucky wording."""
    padded = np.where(groups >= 0, doc_scores[np.maximum(groups, 0)], -np.inf)
    if k <= 1:
        return padded.max(axis=1)
    best = -np.sort(-padded, axis=1)[:, :k]
    finite = np.isfinite(best)
    return np.where(finite, best, 0.0).sum(axis=1) / np.maximum(finite.sum(axis=1), 1)


def group_index(doc_entry: np.ndarray, n_entries: int) -> np.ndarray:
    """The entries x variants matrix of document indices that :func:`pool_top_k` takes."""
    counts = np.bincount(doc_entry, minlength=n_entries)
    groups = np.full((n_entries, max(int(counts.max(initial=0)), 1)), -1, dtype=np.int64)
    fill = np.zeros(n_entries, dtype=np.int64)
    for doc, entry in enumerate(doc_entry):
        groups[entry, fill[entry]] = doc
        fill[entry] += 1
    return groups


def squash(scores: np.ndarray, k: float) -> np.ndarray:
    """Map unbounded non-negative BM25 scores to [0, 1): ``s / (s + k)``."""
    scores = np.maximum(scores, 0.0)
    return scores / (scores + k)


def fuse_linear(dense: np.ndarray, sparse: np.ndarray, alpha: float) -> np.ndarray:
    """Calibrated linear fusion of a cosine score and a squashed BM25 score."""
    return alpha * np.clip(dense, 0.0, 1.0) + (1.0 - alpha) * sparse


def rrf(rankings: Iterable[Iterable[int]], n_items: int, k: float = 60.0) -> np.ndarray:
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


def confidence(ranked: Sequence[tuple[int, float]], margin_weight: float = 0.0) -> float:
    """What the gate compares with its thresholds: the best score, plus ``margin_weight`` times
    its lead over the runner-up (a clear winner is surer than one tied with another topic)."""
    if not ranked:
        return 0.0
    best = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    return best + margin_weight * max(best - second, 0.0)


def gate(
    ranked: Sequence[tuple[int, float]],
    answer_threshold: float,
    clarify_threshold: float,
    max_options: int = 3,
    option_gap: float = 0.15,
    margin_weight: float = 0.0,
) -> Decision:
    """Answer when the confidence (:func:`confidence`) clears the gate; clarify with the closest
    topics (those within ``option_gap`` of the best score, at most ``max_options``) when it is
    only near; else fall back."""
    if not ranked:
        return Decision("fallback", ())
    best = ranked[0][1]
    sure = confidence(ranked, margin_weight)
    if sure >= answer_threshold:
        return Decision("answer", (ranked[0][0],))
    if sure >= clarify_threshold:
        options = [i for i, s in ranked[:max_options] if s >= best - option_gap]
        if len(options) < 2:
            options = [i for i, _ in ranked[:2]]
        return Decision("clarify", tuple(options))
    return Decision("fallback", ())
