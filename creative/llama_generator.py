"""The llama.cpp backend of the :class:`creative.generator.Generator` interface: a GGUF model run
by ``llama-cpp-python`` (:class:`LlamaCppGenerator`), the offline default's backend.

Kept apart from :mod:`creative.generator` (the interface, the transformers backend and the choice
between the two) because it is one backend with its own library, read on its own;
:func:`creative.generator.load_generator` imports it when llama.cpp is chosen.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from typing import Any

from creative.config import GeneratorConfig
from creative.generator import PromptInput, Sampling, gguf_path

logger = logging.getLogger(__name__)

LLAMA_CONTEXT = 1024  # tokens of prompt and answer (prompts are about 150, answers at most 60)


class LlamaCppGenerator:
    """A GGUF model run by llama.cpp. Candidates are sampled one after the other (the deadline
    is checked between them and at every token); a lock keeps one generation at a time."""

    def __init__(self, llama: Any) -> None:
        self.llama = llama
        self._lock = threading.Lock()
        self._formatter: Any = None

    @classmethod
    def load(cls, config: GeneratorConfig) -> LlamaCppGenerator:
        from llama_cpp import Llama

        started = time.monotonic()
        path = gguf_path(config)
        if path is None:
            raise ValueError(f"{config.model!r} is no GGUF file: llama.cpp cannot run it")
        logger.info("generator: loading %s with llama.cpp ...", path.name)
        llama = Llama(
            model_path=str(path),
            n_ctx=LLAMA_CONTEXT,
            n_threads=config.threads,
            n_threads_batch=config.threads,
            seed=config.seed if config.seed is not None else _random_seed(),
            verbose=False,
        )
        logger.info("generator: %s ready in %.2f s", path.name, time.monotonic() - started)
        return cls(llama)

    @property
    def chat(self) -> bool:
        return bool((self.llama.metadata or {}).get("tokenizer.chat_template"))

    def generate(self, prompt: PromptInput, sampling: Sampling) -> list[str]:
        from llama_cpp import StoppingCriteriaList

        deadline = sampling.deadline
        stopping = (
            StoppingCriteriaList([lambda ids, logits: time.monotonic() >= deadline]) if deadline else None
        )
        texts: list[str] = []
        text, stop = self._format(prompt)
        if sampling.one_line:
            stop = [*stop, "\n"]
        with self._lock:
            for i in range(sampling.n):
                if deadline is not None and texts and time.monotonic() >= deadline:
                    break
                seed = sampling.seed + i if sampling.seed is not None else _random_seed()
                options: dict[str, Any] = dict(
                    max_tokens=sampling.max_new_tokens,
                    temperature=sampling.temperature,
                    top_k=sampling.top_k,
                    top_p=sampling.top_p,
                    seed=seed,
                    stopping_criteria=stopping,
                )
                opening = sampling.opening(i)
                out = self.llama.create_completion(text + opening, stop=stop, **options)
                texts.append(opening + (out["choices"][0]["text"] or ""))
        return texts

    def _format(self, prompt: PromptInput) -> tuple[str, list[str]]:
        """The text to continue and where to stop: chat messages through the model's own chat
        template (as ``create_chat_completion`` would, which takes no stopping criterion)."""
        if isinstance(prompt, str):
            return prompt, []
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        if self._formatter is None:
            special = [self.llama.detokenize([t], special=True).decode("utf-8", "replace")
                       for t in (self.llama.token_eos(), self.llama.token_bos())]  # fmt: skip
            template = (self.llama.metadata or {})["tokenizer.chat_template"]
            self._formatter = Jinja2ChatFormatter(template, eos_token=special[0], bos_token=special[1])
        formatted = self._formatter(messages=prompt)
        stop = (
            formatted.stop if isinstance(formatted.stop, list) else [formatted.stop] if formatted.stop else []
        )
        return formatted.prompt, stop


def _random_seed() -> int:
    return random.randrange(2**31)  # noqa: S311 (sampling variety, not cryptography)
