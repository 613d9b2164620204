"""Rating matrices and item features from MovieLens (read with ``kg.ratings.read_movielens``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from kg.ratings import MovieLens


@dataclass
class Split:
    train: sp.csr_matrix  # users x items, 1 where rated in train
    test: list[np.ndarray]  # per user: held-out relevant item indices (rating >= 4)
    items: np.ndarray  # catalogue column -> MovieLens movieId
    features: sp.csr_matrix  # items x (genres + tags), binary
    feature_names: list[str]


def item_features(data: MovieLens, items: np.ndarray) -> tuple[sp.csr_matrix, list[str]]:
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, movie_id in enumerate(items):
        names = {f"genre:{g}" for g in data.genres.get(int(movie_id), [])}
        names |= {f"tag:{t}" for t in data.tags.get(int(movie_id), [])}
        for name in names:
            rows.append(i)
            cols.append(vocab.setdefault(name, len(vocab)))
    m = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(items), len(vocab)))
    return m, sorted(vocab, key=vocab.__getitem__)


def temporal_split(
    data: MovieLens, holdout: float = 0.2, min_item_ratings: int = 5, relevant: float = 4.0
) -> Split:
    """Per user, hold out the most recent ``holdout`` share of ratings (ties broken by movieId).

    The catalogue is the films with at least ``min_item_ratings`` training ratings; held-out
    relevant films outside it stay in the denominator (they count as misses for every model).
    """
    by_user: dict[int, list[tuple[int, int, float]]] = {}
    for user, movie, rating, ts in data.ratings:
        by_user.setdefault(user, []).append((ts, movie, rating))
    train_pairs, test_pairs = [], {}
    for user, rows in sorted(by_user.items()):
        rows.sort()
        n_test = int(round(len(rows) * holdout))
        cut = len(rows) - n_test
        train_pairs += [(user, m) for _, m, _ in rows[:cut]]
        test_pairs[user] = [m for _, m, r in rows[cut:] if r >= relevant]
    counts: dict[int, int] = {}
    for _, m in train_pairs:
        counts[m] = counts.get(m, 0) + 1
    items = np.array(sorted(m for m, c in counts.items() if c >= min_item_ratings))
    col = {int(m): i for i, m in enumerate(items)}
    users = sorted(by_user)
    row = {u: i for i, u in enumerate(users)}
    r, c = zip(*[(row[u], col[m]) for u, m in train_pairs if m in col])
    train = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(users), len(items)))
    test = [np.array([col.get(m, -1) for m in test_pairs[u]], dtype=np.int64) for u in users]
    features, names = item_features(data, items)
    return Split(train, test, items, features, names)


def without_holdout(data: MovieLens, holdout: float = 0.2) -> MovieLens:
    """The ratings ``temporal_split`` trains on (each user's earlier 80%), as a MovieLens of its own.

    ``temporal_split(without_holdout(data))`` carves a validation split out of the training data:
    weights are tuned there, and the test split is only used to report.
    """
    by_user: dict[int, list[tuple[int, int, float, int]]] = {}
    for row in data.ratings:
        by_user.setdefault(row[0], []).append(row)
    kept = []
    for _, rows in sorted(by_user.items()):
        rows.sort(key=lambda r: (r[3], r[1]))
        cut = len(rows) - int(round(len(rows) * holdout))
        kept += rows[:cut]
    return replace(data, ratings=kept)
