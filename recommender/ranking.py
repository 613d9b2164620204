"""The ranking users get: one pure function, used by the service and measured by the benchmark.

:func:`score` is the scoring of :class:`recommender.service.RecommenderService` (what a user is
shown, before its filters, exclusions and reasons) and the ``shipped`` row of
``bench/recommend_eval.py`` (the same function on MovieLens training data). No Rasa, no I/O:
everything it reads about the films is in :class:`Items`, built from the service's
:class:`recommender.catalog.Catalog` (:meth:`Items.from_catalog`) or from plain matrices
(:meth:`Items.build`, the benchmark).

The score of a film, for a history of films (item -> weight, :func:`history_weights`: a rated film
>= 3 or a liked one counts 1, a seed, "something like X", 2) and liked features (a person, a
genre, a tag the user said they like):

- ``cf``: the collaborative model (EASE by default) on the history films it knows, min-max
  normalised over its films, 0 for the others;
- ``content``: idf-weighted cosine of the films' feature rows with the history's (plus the liked
  features at a third of their idf), min-max normalised;
- ``embedding``: cosine (clipped at 0) of the films' mean tag/genre sentence embeddings with the
  history's, 0 for a film without one;
- ``prior``: popularity, many ratings with a good shrunk average, then the best-documented films.

``hybrid`` (the default mode) adds them as ``w.cf * cf + (1 + 5/n) * (w.content * content +
w.embedding * embedding) + w_pop * prior`` for n history films the collaborative model knows, with
``w_pop = w.popularity * 5/n`` (a short history leans on content and popularity), or
``w.popularity * 0.05`` when the history is seeded ("something like X" asks for similar films, not
for popular ones). Special cases: no history and no liked features (cold start) -> the prior; a
history or liked features none of which the collaborative model knows -> ``content + 0.5 *
embedding + 0.3 * prior`` (graph neighbours, the better known first among equals); ``focus``
(tastes stated in this turn lead it) -> ``content + 0.5 * embedding + 0.3 * cf + 0.3 * prior``.
The other modes (``ENCORE_RECOMMENDER``): ``popularity`` (the prior), ``content`` (content +
``w.popularity`` * prior), the collaborative model's name (cf + ``w.popularity`` * prior).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence

import numpy as np
import scipy.sparse as sp

from encore.settings import setting_values
from recommender.models import minmax

LIKED_RATING = 3.0  # a rated film at least this good is part of the history
SEED_WEIGHT = 2.0  # "something like X": X counts double


@dataclass(frozen=True)
class Weights:
    """The hybrid's weights. ``cf``, ``content`` and ``popularity`` are the values
    ``bench/recommend_eval.py`` chose on its validation split for ``models.Hybrid`` (content 0.03,
    popularity 1.0); the benchmark's ``shipped`` row measures these, unchanged, in this function."""

    cf: float = 1.0
    content: float = 0.03
    embedding: float = 0.015  # half the content weight; not tuned on its own
    popularity: float = 1.0  # scaled by 5/n for a history of n films

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> Weights:
        """``ENCORE_RECOMMENDER_W_*`` from ``env`` (default: the environment over ``.env``)."""
        v = setting_values(env)
        return cls(
            v["ENCORE_RECOMMENDER_W_CF"],
            v["ENCORE_RECOMMENDER_W_CONTENT"],
            v["ENCORE_RECOMMENDER_W_EMBEDDING"],
            v["ENCORE_RECOMMENDER_W_POPULARITY"],
        )


def idf_weighted(features: sp.spmatrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """Rows of a binary items x features matrix weighted by idf (rarer features say more: a shared
    director outweighs "Drama") and scaled to unit length; and the idf: the catalogue's
    ``features_weighted`` and ``idf``, and the benchmark's."""
    features = sp.csr_matrix(features)
    df = np.asarray(features.sum(axis=0)).ravel()
    idf = np.log((1 + features.shape[0]) / (1 + df)) + 1.0
    weighted = features @ sp.diags(idf)
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ weighted), idf


def prior(rating_count: np.ndarray, rating_mean: np.ndarray, degree: np.ndarray) -> np.ndarray:
    """Popularity: many ratings with a good (shrunk) average; then the best-documented films
    (``degree``: how many features a film has), in [0, 1 + 1e-4]."""
    count = np.asarray(rating_count, dtype=np.float64)
    bayes = (count * rating_mean + 10 * 3.5) / (count + 10)
    return minmax(np.log1p(count) * np.maximum(bayes - 2.5, 0.01)) + 1e-4 * minmax(
        np.asarray(degree, dtype=np.float64)
    )


@dataclass
class Items:
    """What the ranking reads about the films (one item index)."""

    features_weighted: sp.csr_matrix  # items x features, idf-weighted rows of unit length
    idf: np.ndarray  # per feature
    feature_index: dict[str, int]  # feature name -> column
    embeddings: np.ndarray  # items x d, float32, unit rows (zero rows: nothing to embed)
    has_embedding: np.ndarray  # bool per item
    cf_model: Any  # a fitted recommender.models.Recommender over cf_items
    cf_items: np.ndarray  # CF column -> item
    cf_column: np.ndarray  # item -> CF column, -1 when the model does not know it
    cf_name: str
    prior: np.ndarray  # :func:`prior` per item

    @classmethod
    def from_catalog(cls, cat: Any) -> Items:
        """The service's inputs: a :class:`recommender.catalog.Catalog` (its arrays, no copies)."""
        return cls(
            features_weighted=cat.features_weighted,
            idf=cat.idf,
            feature_index=cat.feature_index,
            embeddings=cat.embeddings,
            has_embedding=cat.has_embedding,
            cf_model=cat.cf_model,
            cf_items=cat.cf_items,
            cf_column=cat.cf_column,
            cf_name=cat.cf_name,
            prior=prior(cat.rating_count, cat.rating_mean, cat.degree),
        )

    @classmethod
    def build(
        cls,
        features: sp.spmatrix,
        feature_names: Sequence[str],
        embeddings: np.ndarray,
        cf_model: Any,
        cf_items: np.ndarray,
        cf_name: str,
        rating_count: np.ndarray,
        rating_mean: np.ndarray,
    ) -> Items:
        """From plain matrices (the benchmark): binary features, unit embeddings, a fitted
        collaborative model over ``cf_items``, each film's rating count and mean."""
        features = sp.csr_matrix(features)
        n = features.shape[0]
        weighted, idf = idf_weighted(features)
        cf_items = np.asarray(cf_items, dtype=np.int64)
        cf_column = np.full(n, -1, dtype=np.int64)
        cf_column[cf_items] = np.arange(len(cf_items))
        embeddings = np.asarray(embeddings, dtype=np.float32)
        return cls(
            features_weighted=weighted,
            idf=idf,
            feature_index={f: j for j, f in enumerate(feature_names)},
            embeddings=embeddings,
            has_embedding=np.linalg.norm(embeddings, axis=1) > 0,
            cf_model=cf_model,
            cf_items=cf_items,
            cf_column=cf_column,
            cf_name=cf_name,
            prior=prior(rating_count, rating_mean, np.diff(features.indptr)),
        )


@dataclass
class Scores:
    """Per item: the ranking (``total``), the personal evidence (``cf + content``: 0 = none), the
    parts, and the history items that were used (sorted)."""

    total: np.ndarray
    personal: np.ndarray
    prior: np.ndarray
    cf: np.ndarray
    content: np.ndarray
    embedding: np.ndarray
    history: list[int]


def history_weights(
    ratings: Optional[Mapping[int, float]] = None,
    likes: Iterable[int] = (),
    seeds: Iterable[int] = (),
) -> dict[int, float]:
    """The history the ranking uses: rated films (item -> rating) at least ``LIKED_RATING`` and
    liked films count 1, seeds ``SEED_WEIGHT``; a low rating is no evidence of taste."""
    weights: dict[int, float] = {}
    for item, rating in (ratings or {}).items():
        if rating >= LIKED_RATING:
            weights[item] = 1.0
    for item in likes:
        weights[item] = 1.0
    for item in seeds:
        weights[item] = SEED_WEIGHT
    return weights


def score(
    items: Items,
    history: Mapping[int, float],
    like_features: Sequence[str] = (),
    weights: Optional[Weights] = None,
    mode: str = "hybrid",
    seeded: bool = False,
    focus: bool = False,
) -> Scores:
    """Score every film for a history (item -> weight, :func:`history_weights`) and liked features
    (names of feature columns; unknown ones are ignored). See the module docstring."""
    w = weights or Weights()
    n = len(items.prior)
    prior_ = items.prior
    hist = np.array(sorted(history), dtype=np.int64)
    vals = np.array([history[i] for i in hist], dtype=np.float64)
    cf = np.zeros(n)
    n_cf = 0
    if hist.size and mode in ("hybrid", items.cf_name):
        cols = items.cf_column[hist]
        mask = cols >= 0
        n_cf = int(mask.sum())
        if n_cf:
            h = np.zeros(len(items.cf_items))
            h[cols[mask]] = vals[mask]
            s = np.asarray(items.cf_model.score(h), dtype=np.float64)
            cf[items.cf_items] = minmax(s)
    content = np.zeros(n)
    emb: np.ndarray = np.zeros(n)
    if mode in ("hybrid", "content") and (hist.size or like_features):
        q = np.zeros(items.features_weighted.shape[1])
        if hist.size:
            q += np.asarray(items.features_weighted[hist].T @ vals).ravel()
        for f in like_features:
            if f in items.feature_index:
                q[items.feature_index[f]] += items.idf[items.feature_index[f]] / 3.0
        content = minmax(np.asarray(items.features_weighted @ q).ravel())
        if hist.size:
            e = items.embeddings[hist].T @ vals
            e = (e / (np.linalg.norm(e) or 1.0)).astype(np.float32)  # float32: no copy of the matrix
            emb = np.maximum(items.embeddings @ e, 0.0).astype(np.float64)
            emb[~items.has_embedding] = 0.0
    if mode == "popularity":
        total = prior_
    elif mode == "content":
        total = content + w.popularity * prior_
    elif mode != "hybrid":
        total = cf + w.popularity * prior_
    else:
        k = max(n_cf, 1)
        # A short history leans on content and popularity. "Something like X" asks for similar
        # films, not for what most people liked: the popularity boost is then only a tie-breaker.
        boost = 1.0 + 5.0 / k
        w_pop = w.popularity * (0.05 if seeded else 5.0 / k)
        total = w.cf * cf + w.content * boost * content + w.embedding * boost * emb + w_pop * prior_
        if n_cf == 0 and (hist.size or like_features):
            # Nothing the ratings know (a new user, films or people without ratings): the graph
            # neighbours of what was named, the better known first among equals.
            total = content + 0.5 * emb + 0.3 * prior_
        if not hist.size and not like_features:
            total = prior_
    if focus and mode == "hybrid":
        total = content + 0.5 * emb + 0.3 * cf + 0.3 * prior_
    return Scores(
        total=total,
        personal=cf + content,
        prior=prior_,
        cf=cf,
        content=content,
        embedding=emb,
        history=[int(i) for i in hist],
    )
