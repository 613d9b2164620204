"""Recommender interface, implementations chosen by name, and their pure scoring functions."""

from __future__ import annotations

from typing import Optional, Protocol

import numpy as np
import scipy.sparse as sp


class Recommender(Protocol):
    name: str

    def fit(
        self, interactions: sp.csr_matrix, item_features: Optional[sp.csr_matrix] = None
    ) -> Recommender: ...

    def score(self, history: np.ndarray) -> np.ndarray:
        """Scores for every item given a user's interaction row (dense, one value per item)."""
        ...


# -- pure scoring functions -------------------------------------------------------------------


def popularity_scores(x: sp.csr_matrix) -> np.ndarray:
    return np.asarray(x.astype(bool).sum(axis=0)).ravel().astype(np.float64)


def cosine_item_similarity(x: sp.csr_matrix, k: Optional[int] = None) -> np.ndarray:
    """Item-item cosine of the columns of ``x``; diagonal zeroed; keep the top-``k`` per column."""
    x = sp.csc_matrix(x, dtype=np.float64)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=0)).ravel())
    norms[norms == 0] = 1.0
    xn = x @ sp.diags(1.0 / norms)
    sim = (xn.T @ xn).toarray()
    np.fill_diagonal(sim, 0.0)
    if k is not None and k < sim.shape[0]:
        cut = np.partition(sim, -k, axis=0)[-k]
        sim[sim < cut[None, :]] = 0.0
    return sim


def ease_weights(x: sp.csr_matrix, l2: float = 300.0) -> np.ndarray:
    """EASE (Steck 2019): B = I - P diagMat(1/diag(P)), P = (X'X + l2 I)^-1, diag(B) = 0."""
    g = (x.T @ x).toarray().astype(np.float64)
    g[np.diag_indices_from(g)] += l2
    p = np.linalg.inv(g)
    b = -p / np.diag(p)[None, :]
    np.fill_diagonal(b, 0.0)
    return b


def top_k(scores: np.ndarray, k: int, exclude: Optional[np.ndarray] = None) -> np.ndarray:
    """Indices of the ``k`` best scores, best first; ``exclude`` (bool mask or indices) never appears."""
    s = np.asarray(scores, dtype=np.float64).copy()
    if exclude is not None:
        s[exclude] = -np.inf
    k = min(k, int(np.isfinite(s).sum()))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.argpartition(-s, k - 1)[:k]
    return idx[np.argsort(-s[idx], kind="stable")]


def minmax(v: np.ndarray) -> np.ndarray:
    lo, hi = float(np.min(v)), float(np.max(v))
    return np.zeros_like(v, dtype=np.float64) if hi - lo <= 0 else (v - lo) / (hi - lo)


# -- implementations --------------------------------------------------------------------------


class Popularity:
    name = "popularity"

    def fit(self, interactions, item_features=None):
        self.pop = popularity_scores(interactions)
        return self

    def score(self, history):
        return self.pop.copy()


class ItemKNN:
    name = "itemknn"

    def __init__(self, k: int = 100):
        self.k = k

    def fit(self, interactions, item_features=None):
        self.sim = cosine_item_similarity(interactions, self.k)
        return self

    def score(self, history):
        return sparse_dot(history, self.sim)


def sparse_dot(history: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``history @ weights`` over the history's non-zero rows only (a user rates few films)."""
    h = np.asarray(history, dtype=np.float64)
    idx = np.flatnonzero(h)
    if idx.size == 0:
        return np.zeros(weights.shape[1])
    if idx.size * 8 > weights.shape[0]:  # a long history: one dense product, no copy of the rows
        return (h.astype(weights.dtype) @ weights).astype(np.float64)
    return (h[idx] @ weights[idx]).astype(np.float64)


class Ease:
    name = "ease"

    def __init__(self, l2: float = 300.0):
        self.l2 = l2

    def fit(self, interactions, item_features=None):
        self.b = ease_weights(interactions, self.l2)
        return self

    def score(self, history):
        return sparse_dot(history, self.b)


class Als:
    """Implicit ALS from the ``implicit`` library; a user row is folded in by least squares."""

    name = "als"

    def __init__(
        self, factors: int = 64, regularization: float = 0.05, iterations: int = 15, alpha: float = 10.0
    ):
        self.params = dict(factors=factors, regularization=regularization, iterations=iterations)
        self.alpha = alpha

    def fit(self, interactions, item_features=None):
        from implicit.cpu.als import AlternatingLeastSquares

        model = AlternatingLeastSquares(**self.params, alpha=self.alpha, random_state=42, num_threads=1)
        model.fit(sp.csr_matrix(interactions, dtype=np.float32), show_progress=False)
        self.items = np.asarray(model.item_factors, dtype=np.float64)
        self.reg = self.params["regularization"]
        return self

    def score(self, history):
        h = np.asarray(history, dtype=np.float64)
        idx = np.flatnonzero(h)
        if idx.size == 0:
            return np.zeros(self.items.shape[0])
        y = self.items[idx]
        c = 1.0 + self.alpha * h[idx]
        a = (y.T * c) @ y + self.reg * np.eye(y.shape[1])
        u = np.linalg.solve(a, (y.T * c) @ np.ones(idx.size))
        return self.items @ u


class Content:
    """Cosine between items' feature rows (genres, tags, directors...): history-weighted."""

    name = "content"

    def fit(self, interactions, item_features=None):
        if item_features is None:
            raise ValueError("content recommender needs item features")
        self.sim = cosine_item_similarity(sp.csr_matrix(item_features).T.tocsr(), k=50)
        return self

    def score(self, history):
        return sparse_dot(history, self.sim)


class Hybrid:
    """Weighted sum of min-max-normalised EASE, content and popularity scores.

    Cold start: with no history the collaborative parts are zero and popularity decides; with a
    short history content and popularity carry more weight (``w_content * (1 + 5/n)`` and
    ``w_pop * 5/n`` for a history of n films).

    A baseline of ``bench/recommend_eval.py`` only (its weights are tuned there on validation): the
    service does not use it. What users get is :func:`recommender.ranking.score` (EASE plus graph
    content, MiniLM embeddings and a shrunk-average popularity prior), the benchmark's ``shipped``
    row.
    """

    name = "hybrid"

    def __init__(self, w_cf: float = 1.0, w_content: float = 0.03, w_pop: float = 0.0, l2: float = 300.0):
        self.w = (w_cf, w_content, w_pop)
        self.cf, self.content, self.pop = Ease(l2), Content(), Popularity()

    def fit(self, interactions, item_features=None):
        self.cf.fit(interactions)
        self.content.fit(interactions, item_features)
        self.pop.fit(interactions)
        return self

    def score(self, history):
        w_cf, w_content, w_pop = self.w
        n = int(np.count_nonzero(history))
        if n == 0:
            return minmax(self.pop.score(history))
        w_content = w_content * (1.0 + 5.0 / n)
        w_pop = w_pop * 5.0 / n
        return (
            w_cf * minmax(self.cf.score(history))
            + w_content * minmax(self.content.score(history))
            + w_pop * minmax(self.pop.score(history))
        )


REGISTRY = {c.name: c for c in (Popularity, ItemKNN, Ease, Als, Content, Hybrid)}


def get(name: str, **params) -> Recommender:
    try:
        return REGISTRY[name](**params)
    except KeyError:
        raise ValueError(f"unknown recommender {name!r}; choose one of {sorted(REGISTRY)}") from None
