"""Speed of creative suggestions with the configured generator (default: the offline
SmolLM2-135M-Instruct), run by llama.cpp and by transformers in the same run, each in a fresh
process: load time, time to a suggestion (p50/p95), generated tokens per second at the default
length, memory (and what the reranker's MiniLM encoder adds to it), their ratios, and the
one-time GGUF conversion transformers needs.

    .venvs/actions/bin/python bench/creative_speed.py [--requests 12]

Runs in-process (no servers). Results: bench/results/creative_speed.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from common import summary_ms, write_result

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from creative.config import load_generator_config  # noqa: E402
from creative.generator import convert_gguf, smollm2_gguf  # noqa: E402
from creative.requests import parse_request  # noqa: E402
from creative.runtime import CreativeRuntime  # noqa: E402

REQUESTS = [
    "write a tagline for Memento",
    "an upbeat ad for a jazz night this Friday",
    "give me an idea for a scene: Xiao Ming and Xiao Hong walk in the park on a sunny day, "
    "and they start talking about their summer plans",
    "a dark tagline for Heat",
    "a funny ad for a cinema popcorn sale",
    "write a romantic scene: two strangers share an umbrella at a bus stop in the rain",
]


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def count_tokens(generator: object, text: str) -> int:
    llama = getattr(generator, "llama", None)
    if llama is not None:  # llama.cpp
        return len(llama.tokenize(text.encode(), add_bos=False))
    return len(generator.tokenizer(text, add_special_tokens=False)["input_ids"])  # type: ignore[attr-defined]


def measure(backend: str, requests: int) -> dict[str, object]:
    """Load time, memory and time to a suggestion of one backend (run in a fresh process)."""
    config = dataclasses.replace(load_generator_config(), backend=backend)
    if backend == "transformers":
        import torch  # noqa: F401  (the libraries' own memory is not the model's)
        import transformers  # noqa: F401
    else:
        import llama_cpp  # noqa: F401
    rss_before = rss_mb()
    runtime = CreativeRuntime(config)
    t0 = time.perf_counter()
    generator = runtime.generator.get()  # transformers: from the converted copy
    result: dict[str, object] = {"generator": type(generator).__name__}
    result["load_s"] = round(time.perf_counter() - t0, 2)
    result["rss_model_mb"] = round(rss_mb() - rss_before, 1)
    rss_before = rss_mb()
    encoder = runtime.service.encoder
    if encoder is not None:  # the relevance term's MiniLM, as the worker loads it on first use
        encoder(["the film Memento"])
    result["rss_relevance_encoder_mb"] = round(rss_mb() - rss_before, 1)
    timings, gen_seconds, new_tokens = [], 0.0, 0
    original = generator.generate

    def counting(prompt, sampling):  # type: ignore[no-untyped-def]
        nonlocal gen_seconds, new_tokens
        t = time.perf_counter()
        outputs = original(prompt, sampling)
        gen_seconds += time.perf_counter() - t
        new_tokens += sum(count_tokens(generator, o) for o in outputs)
        return outputs

    generator.generate = counting  # type: ignore[method-assign]
    runtime.service.suggest(parse_request(REQUESTS[0]))  # warm-up
    gen_seconds, new_tokens = 0.0, 0
    for i in range(requests):
        request = parse_request(REQUESTS[i % len(REQUESTS)])
        t = time.perf_counter()
        runtime.service.suggest(request)
        timings.append(time.perf_counter() - t)
    result["time_to_suggestion"] = summary_ms(timings)
    result["generated_tokens_per_second"] = round(new_tokens / gen_seconds, 1)
    result["rss_after_requests_mb"] = rss_mb()
    result["rss_peak_mb"] = rss_mb("VmHWM")
    return result


def encoder_cost(quantized: bool, rounds: int = 20) -> dict[str, float]:
    """What the relevance term's MiniLM costs in a fresh process: memory (its libraries, the
    session, one encoding) and the time to encode a subject and four candidates."""
    rss_before = rss_mb()
    from minilm.encoder import OnnxEncoder, onnx_dir, quantized_dir

    encoder = OnnxEncoder(quantized_dir() if quantized else onnx_dir(), threads=1)
    texts = [
        "the film Heat, a crime film",
        "Heat: one city, no way out.",
        "A dark night.",
        "Heat: it burns.",
        "x",
    ]
    encoder.encode(texts)
    rss_after = rss_mb()
    t0 = time.perf_counter()
    for _ in range(rounds):
        encoder.encode(texts)
    return {
        "rss_mb": round(rss_after - rss_before, 1),
        "ms_per_5_texts": round((time.perf_counter() - t0) / rounds * 1000, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=12)
    parser.add_argument("--skip-convert", action="store_true", help="do not time a fresh GGUF conversion")
    args = parser.parse_args()
    config = load_generator_config()
    result: dict[str, object] = {"model": config.model, "config": {
        "candidates": config.candidates, "max_new_tokens": config.max_new_tokens,
        "scene_max_new_tokens": config.scene_max_new_tokens, "threads": config.threads,
    }}  # fmt: skip
    # each backend in a process of its own (its memory is its own), one after the other
    context = multiprocessing.get_context("spawn")
    for backend in ("transformers", "llama.cpp"):
        with context.Pool(1) as pool:
            result[backend] = pool.apply(measure, (backend, args.requests))
        print(backend, result[backend], flush=True)
    for name, quantized in (("int8", True), ("full", False)):  # the worker loads the 8-bit copy
        with context.Pool(1) as pool:
            result[f"relevance_encoder_{name}"] = pool.apply(encoder_cost, (quantized,))
        print(f"relevance encoder ({name})", result[f"relevance_encoder_{name}"], flush=True)
    before: Any = result["transformers"]
    after: Any = result["llama.cpp"]

    def ratio(a: float, b: float) -> float:
        return round(a / b, 3)

    result["ratios_llama_cpp_over_transformers"] = {
        "time_to_suggestion_p50": ratio(
            after["time_to_suggestion"]["p50_ms"], before["time_to_suggestion"]["p50_ms"]
        ),
        "time_to_suggestion_p95": ratio(
            after["time_to_suggestion"]["p95_ms"], before["time_to_suggestion"]["p95_ms"]
        ),
        "tokens_per_second": ratio(
            after["generated_tokens_per_second"], before["generated_tokens_per_second"]
        ),
        "rss_model": ratio(after["rss_model_mb"], before["rss_model_mb"]),
        "load": ratio(after["load_s"], before["load_s"]),
    }
    # last, because dequantising takes far more memory than running the model
    if config.model == "smollm2" and not args.skip_convert:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            convert_gguf(smollm2_gguf(), Path(tmp) / "smollm2")
            result["gguf_conversion_s"] = round(time.perf_counter() - t0, 1)
    print(result)
    write_result("creative_speed", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
