"""Retrievers over the FAQ knowledge base, one interface, chosen by name (``FAQ_RETRIEVER``).

Every retriever returns a score per entry in [0, 1] for a query; the ranking and the gate are the
pure functions in :mod:`faq.ranking`. The dense index (MiniLM embeddings of every question
variant) is built once and cached under ``models/`` keyed by a hash of the knowledge base.
"""

from __future__ import annotations

import abc
import logging
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from encore.artifacts import cached_pickle
from faq import ranking
from faq.kb import FaqEntry, kb_hash

logger = logging.getLogger(__name__)

Encoder = Callable[[Sequence[str]], np.ndarray]


def documents(entries: Sequence[FaqEntry]) -> tuple[list[str], np.ndarray]:
    """The indexed texts (each question variant and the topic) and the entry each belongs to."""
    texts: list[str] = []
    owners: list[int] = []
    for i, entry in enumerate(entries):
        for text in (*entry.questions, entry.topic):
            texts.append(text)
            owners.append(i)
    return texts, np.asarray(owners, dtype=np.int64)


class Retriever(abc.ABC):
    """``scores(query, query_vector) -> one score per entry``; higher is better."""

    name: str

    def __init__(self, entries: Sequence[FaqEntry]) -> None:
        self.entries = list(entries)

    @abc.abstractmethod
    def scores(self, query: str, query_vector: Optional[np.ndarray] = None) -> np.ndarray: ...

    def search(
        self, query: str, top_k: int = 5, query_vector: Optional[np.ndarray] = None
    ) -> list[tuple[int, float]]:
        return ranking.top_k(self.scores(query, query_vector), top_k)


class BM25Retriever(Retriever):
    """rank-bm25's Okapi BM25 (its idf, k1, b), scored through an inverted index: the same
    scores as ``BM25Okapi.get_scores``, without its Python loop over every document."""

    name = "bm25"

    def __init__(self, entries: Sequence[FaqEntry], k: float = 8.0) -> None:
        super().__init__(entries)
        texts, self.owners = documents(self.entries)
        self.bm25 = BM25Okapi([ranking.tokenize(t) or ["_"] for t in texts])
        self.k = k
        self.n_docs = len(texts)
        bm = self.bm25
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for doc, freqs in enumerate(bm.doc_freqs):
            norm = bm.k1 * (1 - bm.b + bm.b * bm.doc_len[doc] / bm.avgdl)
            for term, f in freqs.items():
                docs, weights = postings.setdefault(term, ([], []))
                docs.append(doc)
                weights.append(bm.idf.get(term, 0.0) * f * (bm.k1 + 1) / (f + norm))
        self.postings = {t: (np.asarray(d), np.asarray(w)) for t, (d, w) in postings.items()}

    def raw(self, query: str) -> np.ndarray:
        tokens = ranking.tokenize(query)
        if not tokens:
            return np.zeros(len(self.entries))
        doc_scores = np.zeros(self.n_docs, dtype=np.float64)
        for token in tokens:  # a repeated query word counts again, as in BM25Okapi
            hit = self.postings.get(token)
            if hit is not None:
                np.add.at(doc_scores, hit[0], hit[1])
        return ranking.max_per_entry(doc_scores, self.owners, len(self.entries))

    def scores(self, query: str, query_vector: Optional[np.ndarray] = None) -> np.ndarray:
        return ranking.squash(self.raw(query), self.k)


class DenseRetriever(Retriever):
    name = "dense"

    """Cosine of the query with every question variant; an entry scores the mean of its ``pool``
    best variants (1: the best one alone)."""

    def __init__(
        self,
        entries: Sequence[FaqEntry],
        encoder: Encoder,
        cache_dir: Optional[Path] = None,
        pool: int = 1,
    ) -> None:
        super().__init__(entries)
        self.encoder = encoder
        self.pool = pool
        texts, self.owners = documents(self.entries)
        self.groups = ranking.group_index(self.owners, len(self.entries))
        self.matrix = self._load_or_build(texts, cache_dir)

    def _load_or_build(self, texts: list[str], cache_dir: Optional[Path]) -> np.ndarray:
        path = cache_dir / f"faq-index-{kb_hash(self.entries)}.npy" if cache_dir else None
        if path is not None and path.is_file():
            matrix = np.load(path)
            if matrix.shape[0] == len(texts):
                return matrix
        logger.info("building the FAQ embedding index (%d texts)", len(texts))
        matrix = self.encoder(texts)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, matrix)
            tmp.replace(path)
        return matrix

    def scores(self, query: str, query_vector: Optional[np.ndarray] = None) -> np.ndarray:
        vector = self.encoder([query])[0] if query_vector is None else query_vector
        doc_scores = (self.matrix @ vector).astype(np.float64)
        return ranking.pool_top_k(doc_scores, self.groups, self.pool)


class HybridRetriever(Retriever):
    """Ranks by reciprocal-rank fusion of the dense and BM25 rankings (it orders best), and
    reports for each entry its linear fusion score (``alpha`` on the dense cosine), which is
    calibrated and is what the gate compares with its thresholds. ``rrf_weight`` 0 ranks by the
    linear score alone. Chosen on the validation split (bench/faq_eval.py)."""

    name = "hybrid"

    def __init__(
        self, bm25: BM25Retriever, dense: DenseRetriever, alpha: float, rrf_weight: float = 1.0
    ) -> None:
        super().__init__(bm25.entries)
        self.bm25, self.dense, self.alpha, self.rrf_weight = bm25, dense, alpha, rrf_weight

    def both(self, query: str, query_vector: Optional[np.ndarray] = None) -> tuple[np.ndarray, np.ndarray]:
        d = self.dense.scores(query, query_vector)
        raw = self.bm25.raw(query)
        linear = ranking.fuse_linear(d, ranking.squash(raw, self.bm25.k), self.alpha)
        order = (1 - self.rrf_weight) * linear + self.rrf_weight * ranking.rrf_scores(d, raw)
        return order, linear

    def scores(self, query: str, query_vector: Optional[np.ndarray] = None) -> np.ndarray:
        return self.both(query, query_vector)[1]

    def search(
        self, query: str, top_k: int = 5, query_vector: Optional[np.ndarray] = None
    ) -> list[tuple[int, float]]:
        order, linear = self.both(query, query_vector)
        return ranking.rank_by(order, linear, top_k)


class ClassifierRetriever(Retriever):
    """A classifier of the query into the entries: multinomial logistic regression over the
    MiniLM vectors of every question variant (the dense index), each labelled with its entry.
    An entry's score is its probability, which is what the gate compares with its thresholds.

    Nearest-neighbour retrieval asks which one phrasing a message is closest to; the classifier
    learns which directions of the embedding space separate the entries, from all their
    phrasings at once, and its probabilities fall when a message sits between entries (a
    calibrated "not sure"). Fitted once per knowledge base and cached under ``models/``;
    chosen against the fusions on the validation split (bench/faq_eval.py)."""

    name = "classifier"

    def __init__(self, dense: DenseRetriever, c: float = 16.0, cache_dir: Optional[Path] = None) -> None:
        super().__init__(dense.entries)
        self.dense, self.c = dense, c
        self.model = self._load_or_fit(cache_dir)
        # predict_proba's columns are the entries that have phrasings, in index order
        self.columns = np.asarray(self.model.classes_, dtype=np.int64)

    def _load_or_fit(self, cache_dir: Optional[Path]) -> Any:
        """The fitted model from ``cache_dir`` when the knowledge base and C are unchanged (a
        thousand entries take half a minute to fit: bench/results/faq_eval.json)."""
        from sklearn.linear_model import LogisticRegression

        def fit() -> Any:
            return LogisticRegression(C=self.c, max_iter=2000).fit(self.dense.matrix, self.dense.owners)

        path = cache_dir / f"faq-classifier-{kb_hash(self.entries)}-c{self.c:g}.pkl" if cache_dir else None
        entries = len(set(self.dense.owners.tolist()))
        return cached_pickle(path, fit, "the FAQ classifier", lambda model: len(model.classes_) == entries)

    def scores(self, query: str, query_vector: Optional[np.ndarray] = None) -> np.ndarray:
        vector = self.dense.encoder([query])[0] if query_vector is None else query_vector
        out = np.zeros(len(self.entries), dtype=np.float64)
        out[self.columns] = self.model.predict_proba(np.asarray(vector, dtype=np.float32)[None, :])[0]
        return out


class RRFRetriever(HybridRetriever):
    """Reciprocal-rank fusion, rescaled to [0, 1] (1 = first in both rankings)."""

    name = "rrf"

    def scores(self, query: str, query_vector: Optional[np.ndarray] = None) -> np.ndarray:
        return ranking.rrf_scores(self.dense.scores(query, query_vector), self.bm25.raw(query))


def build_retriever(
    name: str,
    entries: Sequence[FaqEntry],
    encoder: Optional[Encoder] = None,
    cache_dir: Optional[Path] = None,
    alpha: float = 0.7,
    bm25_k: float = 8.0,
    rrf_weight: float = 0.0,
    dense_pool: int = 1,
    classifier_c: float = 16.0,
) -> Retriever:
    if name == "bm25":
        return BM25Retriever(entries, bm25_k)
    if encoder is None:
        raise ValueError(f"retriever {name!r} needs an encoder")
    dense = DenseRetriever(entries, encoder, cache_dir, dense_pool)
    if name == "dense":
        return dense
    if name == "hybrid":
        return HybridRetriever(BM25Retriever(entries, bm25_k), dense, alpha, rrf_weight)
    if name == "rrf":
        return RRFRetriever(BM25Retriever(entries, bm25_k), dense, alpha)
    if name == "classifier":
        return ClassifierRetriever(dense, classifier_c, cache_dir)
    raise ValueError(f"unknown FAQ retriever {name!r} (bm25, dense, hybrid, rrf, classifier)")
