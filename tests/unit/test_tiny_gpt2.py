"""The GPT-2 code path end to end with a tiny GPT-2 built from a config (real GPT-2 weights
cannot be downloaded here): a byte-level BPE tokenizer trained locally, ``GPT2LMHeadModel``
saved to a folder, loaded back by name through ``AutoModelForCausalLM``/``AutoTokenizer``,
plain-text prompting, the pad token, sampling, filtering and reranking."""

from pathlib import Path

import pytest

from creative.config import GeneratorConfig
from creative.generator import Sampling, TransformersGenerator, resolve_model
from creative.requests import TAGLINE, CreativeRequest
from creative.scoring import VaderEmotionScorer
from creative.service import CreativeService

CORPUS = [
    "The night is dark and the city sleeps.",
    "Love finds a way. Two hearts, one summer.",
    "A funny story about a dog who wants to be a star!",
    "The tagline for the film Heat is: One city. Two men. No way out.",
    "Come to the jazz night this Friday and dance until morning.",
] * 20


@pytest.fixture(scope="module")
def tiny_gpt2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    torch = pytest.importorskip("torch")
    from tokenizers import ByteLevelBPETokenizer

    # GPT2TokenizerFast is a run-time alias that transformers' type-checking imports leave out.
    from transformers import GPT2Config, GPT2LMHeadModel, GPT2TokenizerFast  # type: ignore[attr-defined]

    folder = tmp_path_factory.mktemp("tiny-gpt2")
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(CORPUS, vocab_size=400, min_frequency=1, special_tokens=["<|endoftext|>"])
    tokenizer = GPT2TokenizerFast(tokenizer_object=bpe, bos_token="<|endoftext|>", eos_token="<|endoftext|>",
                                  unk_token="<|endoftext|>")  # fmt: skip
    torch.manual_seed(0)
    config = GPT2Config(n_layer=2, n_embd=32, n_head=2, n_positions=256, vocab_size=len(tokenizer),
                        bos_token_id=tokenizer.eos_token_id, eos_token_id=tokenizer.eos_token_id)  # fmt: skip
    GPT2LMHeadModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_loads_as_gpt2_with_gpt2_tokenizer_settings(tiny_gpt2: Path) -> None:
    config = GeneratorConfig(model=str(tiny_gpt2), threads=1)
    assert resolve_model(config) == str(tiny_gpt2)
    generator = TransformersGenerator.load(config)
    assert type(generator.model).__name__ == "GPT2LMHeadModel"
    assert not generator.chat  # no chat template: plain continuation prompts
    assert generator.tokenizer.pad_token == "<|endoftext|>" == generator.tokenizer.eos_token
    assert generator.tokenizer.padding_side == "left"


def test_samples_n_continuations_of_a_plain_prompt(tiny_gpt2: Path) -> None:
    generator = TransformersGenerator.load(GeneratorConfig(model=str(tiny_gpt2), threads=1))
    prompt = 'The tagline for the film Heat is: "'
    outputs = generator.generate(prompt, Sampling(n=3, max_new_tokens=12, seed=1))
    assert len(outputs) == 3 and all(isinstance(o, str) for o in outputs)
    assert not any(o.startswith(prompt) for o in outputs)  # only the new text
    assert sum(len(generator.tokenizer(o)["input_ids"]) for o in outputs) > 0


def test_openings_and_one_line_copy(tiny_gpt2: Path) -> None:
    generator = TransformersGenerator.load(GeneratorConfig(model=str(tiny_gpt2), threads=1))
    prompt, openings = "The tagline for the film Heat is:", ("Heat:", "", "Heat:")
    free = generator.generate(prompt, Sampling(n=3, max_new_tokens=24, seed=1, openings=openings))
    one_line = Sampling(n=3, max_new_tokens=24, seed=1, openings=openings, one_line=True)
    cut = generator.generate(prompt, one_line)
    assert free[0].startswith("Heat:") and free[2].startswith("Heat:")  # forced, and kept in the text
    assert "\n" in free[0]  # this seed writes a second line ...
    assert cut == [text.split("\n", 1)[0] for text in free]  # ... which one-line copy leaves out


def test_deadline_stops_generation_early(tiny_gpt2: Path) -> None:
    generator = TransformersGenerator.load(GeneratorConfig(model=str(tiny_gpt2), threads=1))
    [short] = generator.generate("The night", Sampling(n=1, max_new_tokens=200, seed=1, deadline=0.0))
    assert len(generator.tokenizer(short)["input_ids"]) < 10  # stopped after the first token, not 200


def test_service_end_to_end_with_tiny_gpt2(tiny_gpt2: Path) -> None:
    config = GeneratorConfig(model=str(tiny_gpt2), threads=1, candidates=4, max_new_tokens=16)
    generator = TransformersGenerator.load(config)
    service = CreativeService(generator, VaderEmotionScorer(), config)
    result = service.suggest(CreativeRequest(TAGLINE, "Heat", film="Heat", emotion="dark"))
    assert result.sampled == 4
    assert 1 <= len(result.options) <= 3
    # Seeded: the candidates survive the filters, so the options are generated, not the fallback;
    # what was filtered and what was offered never add up to more than what was sampled.
    assert not result.fallback
    assert sum(result.filtered.values()) + len(result.options) <= result.sampled
    assert not any("\ufffd" in option or "\x01" in option for option in result.options)


# -- the worker process (the action server's default) ------------------------------------------------


def test_process_runner_generates_in_a_worker_and_recovers_when_it_dies(tiny_gpt2: Path) -> None:
    import asyncio
    import os
    import signal
    from concurrent.futures.process import BrokenProcessPool

    from creative.runtime import ProcessGenerationRunner

    config = GeneratorConfig(  # a fixed seed: the tiny model's text passes the filters every run
        model=str(tiny_gpt2),
        threads=1,
        candidates=2,
        max_new_tokens=8,
        worker="process",
        scorer="vader",
        seed=7,
    )
    runner = ProcessGenerationRunner(config)
    request = CreativeRequest(TAGLINE, "Heat", film="Heat", emotion="dark")
    try:
        assert runner.preload().result(timeout=120) is True  # the model loaded in the worker
        pids = list(runner.executor._processes)  # type: ignore[attr-defined]
        assert pids and os.getpid() not in pids

        result = asyncio.run(runner.run(request, timeout=60))
        assert result.sampled == 2 and result.options  # generated in the worker, sent back

        # no time at all: the deadline has passed before the worker can start (a timeout of a
        # millisecond raced the worker on a busy machine, and the worker sometimes won)
        with pytest.raises(asyncio.TimeoutError):
            asyncio.run(runner.run(request, timeout=0))

        os.kill(pids[0], signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            asyncio.run(runner.run(request, timeout=60))
        again = asyncio.run(runner.run(request, timeout=60))  # a new worker took over
        assert again.sampled == 2
    finally:
        runner.shutdown()
