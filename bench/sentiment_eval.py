"""Sentiment evaluation: the project's classifier (MiniLM vector + character n-grams) against the
vector alone and the VADER lexicon baseline.

    .venvs/actions/bin/python bench/sentiment_eval.py --validation   # choose parameters
    .venvs/actions/bin/python bench/sentiment_eval.py                # score the test splits

``--validation`` scores each step on the validation split of the polarity sentences (binary:
the larger of P(neg), P(pos)) and, 5-fold, on the chat examples (3 classes), and writes
``bench/results/sentiment_validation.json``; nothing in it reads a test split. Without it: the
trained model on the polarity test split (never trained on) and on the chat-style test set
``bench/data/sentiment_chat_test.tsv`` (3 classes), how it labels the held-out half of the
film questions (neutral requests), the milliseconds a message costs inside the
Rasa server (given the MiniLM vector the intent classifier computed) against the vector model
alone in the same run, -> ``bench/results/sentiment_eval.json`` and
``docs/img/sentiment_confusion.png``. Vectors come from the 8-bit MiniLM, as in the Rasa server.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from common import write_result

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sentiment.data import (  # noqa: E402
    LABELS,
    SEED,
    chat_rows,
    faq_rows,
    film_questions,
    polarity_splits,
    read_tsv,
    training_set,
)
from sentiment.models import MiniLMSentiment, Sentiment, VaderSentiment  # noqa: E402
from sentiment.train import (  # noqa: E402
    LEXICAL_C,
    VECTOR_C,
    encode_by_length,
    ensure_model,
    fit,
    quantized_encoder,
)

ROOT = Path(__file__).resolve().parent.parent
CHAT = ROOT / "bench" / "data" / "sentiment_chat_test.tsv"
IMAGE = ROOT / "docs" / "img" / "sentiment_confusion.png"
SHARES = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)  # of the lexical model; 0 is the vector model alone
OLD_PER_CLASS = 800  # polarity sentences per class the model was trained on before


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


def binary(sentiments: Sequence[Sentiment]) -> list[str]:
    return ["positive" if s.score >= 0 else "negative" for s in sentiments]


def validation(encoder: Callable[[Sequence[str]], np.ndarray]) -> dict[str, object]:
    splits = polarity_splits()
    chat, faq = chat_rows(), faq_rows()
    texts = sorted({t for t, _ in splits.train + splits.validation + chat + faq})
    started = time.perf_counter()
    vector_of = dict(zip(texts, encode_by_length(encoder, texts)))
    print(f"encoded {len(texts)} sentences in {time.perf_counter() - started:.0f} s", flush=True)

    def model(
        rows: list[tuple[str, str]], weights: list[float], vector_c: float, lexical_c: float
    ) -> MiniLMSentiment:
        labels = np.asarray([LABELS.index(label) for _, label in rows])
        vectors = np.asarray([vector_of[t] for t, _ in rows])
        coef, bias, lexical = fit(
            [t for t, _ in rows], labels, np.asarray(weights), vectors, vector_c, lexical_c
        )
        return MiniLMSentiment(coef, bias, lambda ts: np.asarray([vector_of[t] for t in ts]), lexical)

    def polarity_accuracy(m: MiniLMSentiment, share: float) -> float:
        m.lexical_share = share
        pred = binary(m.predict([t for t, _ in splits.validation]))
        return round(float(np.mean([p == g for p, (_, g) in zip(pred, splits.validation)])), 3)

    def chat_accuracy(build: Callable[[list[tuple[str, str]]], MiniLMSentiment]) -> dict[float, float]:
        """5-fold over the chat examples: each fold scored by a model trained without it."""
        order = list(range(len(chat)))
        random.Random(SEED).shuffle(order)  # noqa: S311
        right = dict.fromkeys(SHARES, 0)
        for k in range(5):
            held = {order[i] for i in range(k, len(order), 5)}
            m = build([chat[i] for i in range(len(chat)) if i not in held])
            for share in SHARES:
                m.lexical_share = share
                pred = m.predict([chat[i][0] for i in sorted(held)])
                right[share] += sum(p.label == chat[i][1] for p, i in zip(pred, sorted(held)))
        return {share: round(right[share] / len(chat), 3) for share in SHARES}

    steps: list[dict[str, object]] = []
    rng = random.Random(SEED)  # noqa: S311
    old_pol = [r for label in ("negative", "positive") for r in rng.sample(
        [r for r in splits.train if r[1] == label], OLD_PER_CLASS)]  # fmt: skip

    # (name, polarity rows, vector C, n-gram C, chat weight, score the chat examples 5-fold too)
    before = f"{OLD_PER_CLASS} polarity sentences per class (before)"
    everything = f"all {len(splits.train)} training-split sentences"
    cases = [(before, old_pol, VECTOR_C, LEXICAL_C, 3.0, True)]
    cases += [(everything, splits.train, VECTOR_C, LEXICAL_C, w, True) for w in (3.0, 10.0, 30.0)]
    cases += [(everything, splits.train, VECTOR_C, c, 3.0, False) for c in (2.0, 32.0)]
    for name, pol, vector_c, lexical_c, chat_weight, with_chat_cv in cases:
        started = time.perf_counter()

        def build(
            some_chat: list[tuple[str, str]],
            p: list = pol,
            w: float = chat_weight,
            vc: float = vector_c,
            lc: float = lexical_c,
        ) -> MiniLMSentiment:
            return model(*training_set(polarity=p, chat=some_chat, chat_weight=w), vc, lc)

        m = build(chat)
        chat_cv = chat_accuracy(build) if with_chat_cv else {}
        for share in SHARES:
            row = {
                "step": name,
                "vector_c": vector_c,
                "lexical_c": lexical_c,
                "chat_weight": chat_weight,
                "lexical_share": share,
                "polarity_validation_accuracy": polarity_accuracy(m, share),
                "chat_5fold_accuracy": chat_cv.get(share),
            }
            steps.append(row)
            print(row, flush=True)
        print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    return {
        "split": {k: len(getattr(splits, k)) for k in ("train", "validation", "test")},
        "steps": steps,
    }


def per_message_ms(
    model: MiniLMSentiment, vector: np.ndarray, text: str, repeat: int = 2000
) -> dict[str, float]:
    """Milliseconds per message given its vector: the combined model and, in the same run, the
    vector model alone (what the tagger applied before)."""
    out = {}
    for name, share in (("vector_only", 0.0), ("combined", model.lexical_share)):
        kept, model.lexical_share = model.lexical_share, share
        best = float("inf")
        for _ in range(5):  # the best of 5 rounds: the machine is shared
            t0 = time.perf_counter()
            for _ in range(repeat):
                model.predict_vectors(vector, [text])
            best = min(best, (time.perf_counter() - t0) / repeat * 1000)
        model.lexical_share = kept
        out[f"{name}_ms"] = round(best, 4)
    out["ratio"] = round(out["combined_ms"] / out["vector_only_ms"], 2)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--validation", action="store_true", help="score the steps on validation only")
    args = parser.parse_args()
    encoder = quantized_encoder()
    if args.validation:
        write_result("sentiment_validation", validation(encoder))
        return 0
    test = polarity_splits().test
    chat = read_tsv(CHAT)
    started = time.perf_counter()
    minilm = MiniLMSentiment.load(ensure_model(), encoder)
    trained_s = round(time.perf_counter() - started, 1)
    vader = VaderSentiment()
    report: dict[str, object] = {"labels": LABELS, "training_rows": len(training_set()[0])}
    report["seconds_to_train_or_load"] = trained_s
    for name, model in (("minilm", minilm), ("vader", vader)):
        t0 = time.perf_counter()
        pol = model.predict([t for t, _ in test])
        ch = model.predict([t for t, _ in chat])
        film = [s.label for s in model.predict(film_questions()[1])]
        report[name] = {
            "held_out_film_questions_labelled": {label: film.count(label) for label in LABELS},
            "polarity_test_binary": scores([g for _, g in test], binary(pol), ("negative", "positive")),
            "chat_3class": scores([g for _, g in chat], [s.label for s in ch], LABELS),
            "seconds": round(time.perf_counter() - t0, 1),
        }
        print(name, {k: {m: v[m] for m in ("n", "accuracy", "macro_f1")}
                     for k, v in report[name].items() if isinstance(v, dict) and "n" in v})  # fmt: skip
        print(name, "held-out film questions labelled", report[name]["held_out_film_questions_labelled"])
    text = "this is the third time it crashed!"
    report["ms_per_message_given_vector"] = per_message_ms(minilm, encoder([text]), text)
    print(report["ms_per_message_given_vector"])
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
