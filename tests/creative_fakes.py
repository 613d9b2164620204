"""Stand-ins for the generator and the emotion scorer, for unit tests only."""

from __future__ import annotations

import time
from typing import Optional, Sequence

from creative.generator import PromptInput, Sampling


class FakeGenerator:
    def __init__(
        self, outputs: Sequence[str], chat: bool = True, delay: float = 0.0, error: Optional[Exception] = None
    ):
        self.outputs = list(outputs)
        self._chat = chat
        self.delay = delay
        self.error = error
        self.calls: list[tuple[PromptInput, Sampling]] = []

    @property
    def chat(self) -> bool:
        return self._chat

    def generate(self, prompt: PromptInput, sampling: Sampling) -> list[str]:
        self.calls.append((prompt, sampling))
        if self.error is not None:
            raise self.error
        if self.delay:
            time.sleep(self.delay)
        return (
            (self.outputs * sampling.n)[: sampling.n]
            if len(self.outputs) < sampling.n
            else self.outputs[: sampling.n]
        )


class KeywordScorer:
    """Scores a text by how many times it contains the emotion's name (e.g. "dark")."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], str]] = []

    def score(self, texts: Sequence[str], emotion: str) -> list[float]:
        self.calls.append((list(texts), emotion))
        return [float(t.lower().count(emotion)) for t in texts]
