"""The creative-suggestion service: prompt -> sample N -> filter -> rerank by emotion -> best k."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Optional

from creative.config import GeneratorConfig
from creative.filters import filter_candidates, is_unsafe
from creative.generator import Generator, Sampling
from creative.prompts import build_prompt, max_new_tokens, prompt_text
from creative.requests import AD, SCENE, TAGLINE, CreativeRequest
from creative.scoring import EmotionScorer, rerank

logger = logging.getLogger(__name__)


@dataclass
class Suggestions:
    options: list[str]
    scores: list[float] = field(default_factory=list)
    filtered: dict[str, int] = field(default_factory=dict)
    sampled: int = 0
    seconds: float = 0.0
    fallback: bool = False


FALLBACKS = {
    TAGLINE: {
        "dark": "{name}: some secrets never stay buried.",
        "upbeat": "{name}: the feel-good ride of the year.",
        "romantic": "{name}: one look was all it took.",
        "funny": "{name}: what could possibly go wrong?",
        "neutral": "{name}: every story has a beginning.",
    },
    AD: {
        "dark": "{name}. Come if you dare.",
        "upbeat": "{name}! Bring your friends, it's going to be great.",
        "romantic": "{name}: bring someone special.",
        "funny": "{name}: come for the fun, stay for the chaos.",
        "neutral": "{name}. Don't miss it.",
    },
}


def fallback(request: CreativeRequest) -> str:
    """A ready-made suggestion for when the model is too slow or fails. Pure."""
    if request.task == SCENE:
        return "A: Did you hear that?\nB: Hear what?\nA: Exactly. It's never this quiet."
    name = (request.film if request.task == TAGLINE else request.premise) or "Tonight"
    name = name[:1].upper() + name[1:]
    return FALLBACKS[request.task].get(request.emotion, FALLBACKS[request.task]["neutral"]).format(name=name)


def request_is_unsafe(request: CreativeRequest, raw_text: str = "") -> bool:
    return is_unsafe(" ".join([raw_text, request.premise, request.film or ""]))


class CreativeService:
    def __init__(self, generator: Generator, scorer: EmotionScorer, config: Optional[GeneratorConfig] = None):
        self.generator = generator
        self.scorer = scorer
        self.config = config or GeneratorConfig()

    def sampling(self, request: CreativeRequest, deadline: Optional[float] = None) -> Sampling:
        c = self.config
        return Sampling(
            n=c.candidates,
            max_new_tokens=max_new_tokens(request, c.max_new_tokens, c.scene_max_new_tokens),
            temperature=c.temperature,
            top_k=c.top_k,
            top_p=c.top_p,
            deadline=deadline,
            seed=c.seed,
        )

    def suggest(
        self, request: CreativeRequest, deadline: Optional[float] = None, rerank_: bool = True
    ) -> Suggestions:
        started = time.monotonic()
        prompt = build_prompt(request, self.generator.chat)
        raw = self.generator.generate(prompt, self.sampling(request, deadline))
        report = filter_candidates(raw, prompt_text(prompt), dialogue=request.task == SCENE)
        kept = report.kept
        k = 1 if request.task == SCENE and request.short else self.config.options
        k = min(k, 2) if request.task == SCENE else k
        if kept:
            scores = self.scorer.score(kept, request.emotion)
            best = rerank(kept, scores, k) if rerank_ else list(zip(kept, scores))[:k]
        else:
            best = []
        result = Suggestions(
            options=[text for text, _ in best],
            scores=[score for _, score in best],
            filtered=report.counts(),
            sampled=len(raw),
            seconds=time.monotonic() - started,
        )
        if not result.options:
            result.options, result.fallback = [fallback(request)], True
        logger.info(
            "creative: %s/%s sampled %d, filtered %s, returned %d in %.1f s",
            request.task,
            request.emotion,
            result.sampled,
            result.filtered,
            len(result.options),
            result.seconds,
        )
        return result
