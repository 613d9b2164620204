"""Offline evaluation of the recommenders on MovieLens ml-latest-small (seeded protocol).

Protocol: per user, the most recent 20% of ratings are held out; relevant = held-out rating >= 4;
training interactions = all earlier ratings (implicit, 1 per rated film); catalogue = films with
>= 5 training ratings. For each user with a relevant held-out film: rank the catalogue minus the
films rated in training; Recall@k = hits / number of relevant held-out films, NDCG@10 binary.
Coverage = share of the catalogue recommended to anybody in a top-10. Explainable = share of
top-10 items with evidence (>= 3 co-raters with a history film, or a shared tag/genre).

The hybrid's content weight is tuned on a validation split carved out of the training data the
same way (each user's most recent 20% of their training ratings); the test split is only used to
report. ``models.Hybrid`` is a baseline: what users get is the ``shipped`` row, the service's own
ranking function (:func:`recommender.ranking.score`, its mode and weights as the service reads them
from the environment, nothing tuned here) on the same splits, its inputs built from the same
training data (see :class:`Shipped`); it is reported on validation and test. The service
measurement times one real request of the running recommender (hybrid over
the graph's films: ranking, filters and the reason for each film) on the artifacts in models/.

    .venvs/actions/bin/python bench/recommend_eval.py [--users N] [--seed 42]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from common import write_result  # noqa: E402

from encore.settings import setting  # noqa: E402
from kg.ratings import read_movielens  # noqa: E402
from recommender import models, ranking  # noqa: E402
from recommender.data import Split, temporal_split, without_holdout  # noqa: E402
from recommender.explain import explain  # noqa: E402

KS = (1, 5, 10, 20, 50)
MODELS = ("popularity", "itemknn", "ease", "als", "content", "hybrid", "shipped")
SHIPPED = "shipped (the service's ranking: EASE + content + MiniLM + prior)"
# hybrid (content, popularity) weights tried on validation
WEIGHTS = [(c, p) for c in (0.0, 0.03, 0.1) for p in (0.0, 0.1, 0.3, 1.0)]
PLOT = Path(__file__).resolve().parent.parent / "docs" / "img" / "recommend_recall.png"


COLD = 3  # cold start: the model sees only this many of the user's training ratings (seeded draw)
_EMBEDDED: dict[str, np.ndarray] = {}  # MiniLM vector per tag or genre name, encoded once


class Shipped:
    """The service's ranking (:func:`recommender.ranking.score`) as a benchmark model.

    Its inputs are built as ``recommender.catalog`` builds the service's, from the benchmark's
    training data: the collaborative model ``ENCORE_RECOMMENDER_CF`` (EASE, l2 300, stored as
    float32 as in the artifacts) fitted on the training interactions; the split's features (its
    MovieLens genres and tags; the service has the graph's directors, writers, actors, genres,
    tags and languages); a film's embedding = the normalised mean of the MiniLM vectors of its
    tag and genre names (encoded before ``fit``, not in the build time); the prior from each
    film's training ratings (count, mean). A user's history is what the service makes of a
    MovieLens user's ratings (:func:`recommender.ranking.history_weights`: rated >= 3), so
    ``score`` takes the rating values (``evaluate(..., values=...)``), not 0/1.
    """

    name = "shipped"
    wants_ratings = True

    def __init__(self, values, feature_names):
        from minilm.encoder import encode
        from recommender.artifacts import cf_name

        self.values = values
        self.cf_name = cf_name()
        self.mode = setting("ENCORE_RECOMMENDER")
        self.weights = ranking.Weights.from_env()
        self.feature_names = list(feature_names)
        names = [n.split(":", 1)[1] for n in self.feature_names]
        missing = sorted({n for n in names if n not in _EMBEDDED})
        if missing:
            _EMBEDDED.update(zip(missing, np.asarray(encode(missing), dtype=np.float32)))
        self.vectors = np.stack([_EMBEDDED[n] for n in names]) if names else np.zeros((0, 384), np.float32)

    def fit(self, interactions, item_features):
        cf = models.get(self.cf_name).fit(interactions, item_features)
        for attr, value in list(vars(cf).items()):  # as recommender.artifacts stores the model
            if isinstance(value, np.ndarray) and value.dtype == np.float64 and value.ndim == 2:
                setattr(cf, attr, value.astype(np.float32))
        embeddings = np.asarray(item_features @ self.vectors, dtype=np.float32)
        norms = np.linalg.norm(embeddings, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        count = np.asarray(self.values.astype(bool).sum(axis=0)).ravel()
        mean = np.asarray(self.values.sum(axis=0)).ravel() / np.maximum(count, 1)
        self.items = ranking.Items.build(
            item_features, self.feature_names, embeddings / norms, cf,
            np.arange(interactions.shape[1]), self.cf_name, count, mean.astype(np.float32),
        )  # fmt: skip
        return self

    def score(self, history):
        rated = {int(i): float(history[i]) for i in np.flatnonzero(history)}
        weights = ranking.history_weights(rated)
        return ranking.score(self.items, weights, (), self.weights, self.mode).total


def rating_values(split: Split, data) -> sp.csr_matrix:
    """The training ratings' values (users x items, the sparsity of ``split.train``) of the split
    ``temporal_split(data)``: its training ratings are ``without_holdout(data)``'s."""
    users = sorted({r[0] for r in data.ratings})
    row = {u: i for i, u in enumerate(users)}
    col = {int(m): i for i, m in enumerate(split.items)}
    kept = [(row[u], col[m], r) for u, m, r, _ in without_holdout(data).ratings if m in col]
    r, c, v = zip(*kept)
    values = sp.csr_matrix((np.array(v, dtype=np.float64), (r, c)), shape=split.train.shape)
    assert values.nnz == split.train.nnz and (values.astype(bool) != split.train.astype(bool)).nnz == 0
    return values


def make(name, values=None, split=None, **params):
    if name == "shipped":
        return Shipped(values, split.feature_names)
    return models.get(name, **params)


def evaluate(name, split, users, co_counts, label=None, cold=0, fitted=None, values=None, **params):
    """``values``: the training ratings' values, for a model that reads ratings (``Shipped``)."""
    started = time.perf_counter()
    model = fitted or make(name, values, split, **params).fit(split.train, split.features)
    build = time.perf_counter() - started
    source = values if getattr(model, "wants_ratings", False) else split.train
    rng = np.random.default_rng(7)
    recall = {k: [] for k in KS}
    ndcg, latency, recommended, explained, shown = [], [], set(), 0, 0
    discounts = 1.0 / np.log2(np.arange(2, 12))
    for u in users:
        row = source[u].toarray().ravel()
        seen = row > 0
        if cold:
            keep = rng.choice(np.flatnonzero(seen), min(cold, int(seen.sum())), replace=False)
            kept = row[keep]
            row = np.zeros_like(row)
            row[keep] = kept
        rel = split.test[u]
        t0 = time.perf_counter()
        top = models.top_k(model.score(row), max(KS), exclude=seen)
        latency.append(time.perf_counter() - t0)
        hits = np.isin(top, rel[rel >= 0])
        for k in KS:
            recall[k].append(hits[:k].sum() / len(rel))
        ideal = discounts[: min(len(rel), 10)].sum()
        ndcg.append(float((hits[:10] * discounts[: len(hits[:10])]).sum() / ideal))
        recommended.update(top[:10].tolist())
        history = np.flatnonzero(row > 0)
        for item in top[:10]:
            shown += 1
            explained += (
                explain(int(item), history, co_counts, split.features, split.feature_names) is not None
            )
    evaluate.last_model = model
    return {
        "model": label or name,
        "history": f"{cold} ratings" if cold else "all",
        **{f"recall@{k}": round(float(np.mean(v)), 4) for k, v in recall.items()},
        "ndcg@10": round(float(np.mean(ndcg)), 4),
        "coverage": round(len(recommended) / split.train.shape[1], 4),
        "explainable": round(explained / max(shown, 1), 4),
        "build_s": round(build, 2),
        "p95_ms": round(float(np.percentile(latency, 95)) * 1000, 2),
    }


def service_latency(data, seed: int, requests: int = 200) -> dict:
    """p95 of one request of the running recommender (RecommenderService) on the built artifacts."""
    from recommender.catalog import build, load
    from recommender.conversation import new_state
    from recommender.listing import recommend
    from recommender.service import RecommenderService

    started = time.perf_counter()
    folder = build()
    build_s = time.perf_counter() - started
    cat = load(folder)
    service = RecommenderService(linker=lambda: None, catalog=cat)
    by_user: dict[int, dict[str, float]] = {}
    from kg.importer import read_triples
    from kg.ratings import link_movies
    from recommender.catalog import kb_path

    links = link_movies(data.movies, {t: m["years"] for t, m in read_triples(kb_path()).movies.items()})
    for user, movie, rating, _ in data.ratings:
        if movie in links:
            by_user.setdefault(user, {})[links[movie]] = rating
    rng = np.random.default_rng(seed)
    users = rng.choice(sorted(by_user), requests, replace=True)
    latency, explained, shown = [], 0, 0
    for i, user in enumerate(users):
        ratings = dict(list(by_user[int(user)].items())[: 5 if i % 2 else None])  # short and full histories
        state = new_state()
        t0 = time.perf_counter()
        ranked, _ = recommend(cat, state, ratings, service.weights, service.name)
        latency.append(time.perf_counter() - t0)
        shown += len(ranked)
        explained += sum(1 for _, reason in ranked if reason)
    return {
        "requests": requests,
        "p50_ms": round(float(np.percentile(latency, 50)) * 1000, 2),
        "p95_ms": round(float(np.percentile(latency, 95)) * 1000, 2),
        "films_per_answer": round(shown / requests, 2),
        "with_reason": round(explained / max(shown, 1), 4),
        "artifacts_check_s": round(build_s, 2),
        "artifacts_build_s": json.loads((folder / "summary.json").read_text())["seconds"],
        "cf_model": cat.cf_name,
        "catalogue": len(cat.titles),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--users", type=int, default=0, help="evaluate a seeded sample (0 = all)")
    parser.add_argument("--models", default=",".join(MODELS))
    args = parser.parse_args()
    data = read_movielens()

    def sample(split):
        users = [u for u, rel in enumerate(split.test) if len(rel)]
        if args.users:
            rng = np.random.default_rng(args.seed)
            users = sorted(rng.choice(users, min(args.users, len(users)), replace=False).tolist())
        return users, (split.train.T @ split.train).toarray().astype(np.float32)

    # 1. tune the hybrid's content weight on validation (carved out of the training data)
    val = temporal_split(without_holdout(data))
    val_users, val_co = sample(val)
    # The objective is the mean NDCG@10 of two regimes: full histories, and cold start (COLD
    # ratings), since the content part is there for short histories.
    tuning = []
    for w, wp in WEIGHTS:
        warm = evaluate("hybrid", val, val_users, val_co, w_content=w, w_pop=wp)
        cold = evaluate("hybrid", val, val_users, val_co, cold=COLD, fitted=evaluate.last_model)
        mean = round((warm["ndcg@10"] + cold["ndcg@10"]) / 2, 4)
        tuning.append({"w_content": w, "w_pop": wp, "ndcg@10_all": warm["ndcg@10"],
                       "ndcg@10_cold": cold["ndcg@10"], "mean": mean})  # fmt: skip
        print(f"validation: w_content={w} w_pop={wp}: ndcg@10 all={warm['ndcg@10']} cold={cold['ndcg@10']}",
              flush=True)  # fmt: skip
    best = max(tuning, key=lambda t: (t["mean"], -t["w_content"], -t["w_pop"]))
    best_w, best_pop = best["w_content"], best["w_pop"]
    print(f"chosen on validation: w_content={best_w} w_pop={best_pop}")
    # the shipped ranking on validation: reported, nothing tuned (its weights are the service's)
    val_values = rating_values(val, without_holdout(data))
    shipped_val = [evaluate("shipped", val, val_users, val_co, label=SHIPPED, values=val_values)]
    shipped_val.append(evaluate("shipped", val, val_users, val_co, label=SHIPPED, cold=COLD,
                                fitted=evaluate.last_model, values=val_values))  # fmt: skip
    print(f"validation: shipped: ndcg@10 all={shipped_val[0]['ndcg@10']} cold={shipped_val[1]['ndcg@10']}",
          flush=True)  # fmt: skip
    # 2. report on test
    split = temporal_split(data)
    users, co_counts = sample(split)
    values = rating_values(split, data)
    rows = []
    for name in args.models.split(","):
        params = {"w_content": best_w, "w_pop": best_pop} if name == "hybrid" else {}
        label = f"hybrid (EASE + {best_w} content + {best_pop} popularity)" if name == "hybrid" else name
        label = SHIPPED if name == "shipped" else label
        rows.append(evaluate(name, split, users, co_counts, label=label, values=values, **params))
        rows.append(
            evaluate(name, split, users, co_counts, label=label, cold=COLD, fitted=evaluate.last_model,
                     values=values)
        )  # fmt: skip
        print(rows[-2], rows[-1], sep="\n", flush=True)
    service = service_latency(data, args.seed)
    header = ["model", "history", "ndcg@10", "recall@10", "coverage", "explainable", "build_s", "p95_ms"]
    print(" | ".join(header))
    for r in rows:
        print(" | ".join(str(r[h]) for h in header))
    print(f"service: {service}")
    meta = {
        "seed": args.seed,
        "validation": {
            "users": len(val_users),
            "weights": tuning,
            "chosen_w_content": best_w,
            "chosen_w_pop": best_pop,
            "shipped": shipped_val,
            "shipped_weights": vars(ranking.Weights.from_env()),
            "shipped_mode": setting("ENCORE_RECOMMENDER"),
        },
        "users": len(users),
        "catalogue": int(split.train.shape[1]),
        "train_interactions": int(split.train.nnz),
    }
    write_result("recommend_eval", {"protocol": meta, "results": rows, "service": service})
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for r in rows:
        if r["history"] == "all":
            ax.plot(KS, [r[f"recall@{k}"] for k in KS], marker="o", label=r["model"])
    ax.set_xlabel("k")
    ax.set_ylabel("Recall@k")
    ax.set_title(f"MovieLens ml-latest-small, temporal 80/20, {len(users)} users")
    ax.legend()
    ax.grid(alpha=0.3)
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(PLOT, dpi=110, bbox_inches="tight")
    return 0


if __name__ == "__main__":
    sys.exit(main())
