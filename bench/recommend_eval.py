"""Offline evaluation of the recommenders on MovieLens ml-latest-small (seeded protocol).

Protocol: per user, the most recent 20% of ratings are held out; relevant = held-out rating >= 4;
training interactions = all earlier ratings (implicit, 1 per rated film); catalogue = films with
>= 5 training ratings. For each user with a relevant held-out film: rank the catalogue minus the
films rated in training; Recall@k = hits / number of relevant held-out films, NDCG@10 binary.
Coverage = share of the catalogue recommended to anybody in a top-10. Explainable = share of
top-10 items with evidence (>= 3 co-raters with a history film, or a shared tag/genre).

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

from kg.ratings import read_movielens  # noqa: E402
from recommender import models  # noqa: E402
from recommender.data import temporal_split  # noqa: E402
from recommender.explain import explain  # noqa: E402

KS = (1, 5, 10, 20, 50)
MODELS = ("popularity", "itemknn", "ease", "als", "content", "hybrid")
OUT = Path(__file__).resolve().parent / "results" / "recommend_eval.json"
PLOT = Path(__file__).resolve().parent.parent / "docs" / "img" / "recommend_recall.png"


def evaluate(name, split, users, co_counts):
    started = time.perf_counter()
    model = models.get(name).fit(split.train, split.features)
    build = time.perf_counter() - started
    recall = {k: [] for k in KS}
    ndcg, latency, recommended, explained, shown = [], [], set(), 0, 0
    discounts = 1.0 / np.log2(np.arange(2, 12))
    for u in users:
        row = split.train[u].toarray().ravel()
        seen = row > 0
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
        history = np.flatnonzero(seen)
        for item in top[:10]:
            shown += 1
            explained += (
                explain(int(item), history, co_counts, split.features, split.feature_names) is not None
            )
    return {
        "model": name,
        **{f"recall@{k}": round(float(np.mean(v)), 4) for k, v in recall.items()},
        "ndcg@10": round(float(np.mean(ndcg)), 4),
        "coverage": round(len(recommended) / split.train.shape[1], 4),
        "explainable": round(explained / max(shown, 1), 4),
        "build_s": round(build, 2),
        "p95_ms": round(float(np.percentile(latency, 95)) * 1000, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--users", type=int, default=0, help="evaluate a seeded sample (0 = all)")
    parser.add_argument("--models", default=",".join(MODELS))
    args = parser.parse_args()
    split = temporal_split(read_movielens())
    users = [u for u, rel in enumerate(split.test) if len(rel)]
    if args.users:
        users = sorted(np.random.default_rng(args.seed).choice(users, args.users, replace=False).tolist())
    co_counts = (split.train.T @ split.train).toarray().astype(np.float32)
    rows = [evaluate(name, split, users, co_counts) for name in args.models.split(",")]
    header = ["model", "ndcg@10", "recall@10", "coverage", "explainable", "build_s", "p95_ms"]
    print(" | ".join(header))
    for r in rows:
        print(" | ".join(str(r[h]) for h in header))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "seed": args.seed,
        "users": len(users),
        "catalogue": int(split.train.shape[1]),
        "train_interactions": int(split.train.nnz),
        "command": " ".join(sys.argv),
    }
    OUT.write_text(json.dumps({"protocol": meta, "results": rows}, indent=2) + "\n")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for r in rows:
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
