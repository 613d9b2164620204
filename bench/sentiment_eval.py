"""Sentiment evaluation: the project's MiniLM classifier vs the VADER lexicon baseline.

    .venvs/actions/bin/python bench/sentiment_eval.py [--polarity-sample N]

- held-out sentence-polarity split (never trained on; binary: the larger of P(neg), P(pos));
- the chat-style test set ``bench/data/sentiment_chat_test.tsv`` (3 classes).
Writes ``bench/results/sentiment_eval.json`` and ``docs/img/sentiment_confusion.png``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
from common import write_result

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from minilm.encoder import encode  # noqa: E402
from sentiment.data import LABELS, SEED, polarity_split, read_tsv  # noqa: E402
from sentiment.models import MiniLMSentiment, VaderSentiment  # noqa: E402
from sentiment.train import ensure_model  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHAT = ROOT / "bench" / "data" / "sentiment_chat_test.tsv"
IMAGE = ROOT / "docs" / "img" / "sentiment_confusion.png"


def scores(gold: list[str], pred: list[str], labels: tuple[str, ...]) -> dict[str, object]:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, pred)), 3),
        "macro_f1": round(
            float(f1_score(gold, pred, labels=list(labels), average="macro", zero_division=0)), 3
        ),
        "confusion": confusion_matrix(gold, pred, labels=list(labels)).tolist(),
    }


def binary(sentiments) -> list[str]:
    return ["positive" if s.score >= 0 else "negative" for s in sentiments]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--polarity-sample", type=int, default=600, help="held-out sentences scored (0 = all)"
    )
    args = parser.parse_args()
    _, held_out = polarity_split()
    if args.polarity_sample:
        held_out = random.Random(SEED).sample(held_out, min(args.polarity_sample, len(held_out)))
    chat = read_tsv(CHAT)
    minilm = MiniLMSentiment.load(ensure_model(encode), encode)
    vader = VaderSentiment()
    report: dict[str, object] = {"labels": LABELS}
    for name, model in (("minilm", minilm), ("vader", vader)):
        t0 = time.perf_counter()
        pol = model.predict([t for t, _ in held_out])
        ch = model.predict([t for t, _ in chat])
        report[name] = {
            "polarity_held_out_binary": scores(
                [g for _, g in held_out], binary(pol), ("negative", "positive")
            ),
            "chat_3class": scores([g for _, g in chat], [s.label for s in ch], LABELS),
            "seconds": round(time.perf_counter() - t0, 1),
        }
        print(
            name,
            {
                k: {m: v[m] for m in ("n", "accuracy", "macro_f1")}
                for k, v in report[name].items()
                if isinstance(v, dict)
            },
        )
    vectors = encode(["this is the third time it crashed!"] * 1)
    t0 = time.perf_counter()
    for _ in range(200):
        minilm.predict_vectors(vectors)
    report["classifier_ms_per_message_given_embedding"] = round((time.perf_counter() - t0) / 200 * 1000, 4)
    results = write_result("sentiment_eval", report)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(9, 4))
    for ax, name in zip(axes, ("minilm", "vader")):
        matrix = np.asarray(report[name]["chat_3class"]["confusion"])  # type: ignore[index]
        ax.imshow(matrix, cmap="Blues")
        ax.set_xticks(range(3), LABELS, rotation=30)
        ax.set_yticks(range(3), LABELS)
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title(f"{name} on the chat test set")
        for (i, j), v in np.ndenumerate(matrix):
            ax.text(j, i, str(v), ha="center", va="center")
    fig.tight_layout()
    IMAGE.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(IMAGE, dpi=100)
    print("wrote", results, IMAGE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
