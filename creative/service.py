"""The creative-suggestion service: prompt -> sample N -> filter -> rerank (emotion, relevance,
grounding, fluency: :mod:`creative.ranking`) -> best k."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Optional

from creative.config import GeneratorConfig
from creative.filters import SPEAKER_LINE, FilterReport, filter_candidates, is_unsafe
from creative.generator import Generator, PromptInput, Sampling
from creative.prompts import (
    answer_openings,
    build_prompt,
    max_new_tokens,
    prompt_text,
    shown_example,
    subject,
)
from creative.ranking import MIN_RELEVANCE, Encoder, Scored, Weights, choose, score_candidates
from creative.requests import AD, SCENE, TAGLINE, CreativeRequest
from creative.scoring import EmotionScorer

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


@dataclass
class Drafts:
    """What one request sampled, and what the filters kept."""

    prompt: PromptInput
    raw: list[str]
    report: FilterReport


class CreativeService:
    def __init__(
        self,
        generator: Generator,
        scorer: EmotionScorer,
        config: Optional[GeneratorConfig] = None,
        encoder: Optional[Encoder] = None,
        weights: Optional[Weights] = None,
    ):
        self.generator = generator
        self.scorer = scorer
        self.config = config or GeneratorConfig()
        self.encoder = encoder  # None: no relevance term (unit tests, or no MiniLM at hand)
        self.weights = weights or Weights()

    def sampling(
        self, request: CreativeRequest, deadline: Optional[float] = None, chat: bool = True
    ) -> Sampling:
        c = self.config
        return Sampling(
            n=c.candidates,
            max_new_tokens=max_new_tokens(request, c.max_new_tokens, c.scene_max_new_tokens),
            temperature=c.temperature,
            top_k=c.top_k,
            top_p=c.top_p,
            deadline=deadline,
            seed=c.seed,
            openings=answer_openings(request, c.candidates, chat),
            one_line=request.task != SCENE,  # a tagline or an ad is one line
        )

    def draft(self, request: CreativeRequest, deadline: Optional[float] = None) -> Drafts:
        """Sample the candidates and filter them."""
        chat = self.generator.chat
        prompt = build_prompt(request, chat)
        raw = self.generator.generate(prompt, self.sampling(request, deadline, chat))
        example = shown_example(request, chat)
        report = filter_candidates(
            raw,
            prompt_text(prompt),
            dialogue=request.task == SCENE,
            example=(example.answer, example.name) if example else ("", ""),
        )
        return Drafts(prompt, raw, report)

    def score(self, request: CreativeRequest, texts: list[str]) -> list[Scored]:
        """Every kept candidate with its score and the terms of it, in sampling order. Without
        relevance when the encoder fails (logged): the suggestions still go out."""
        if not texts:
            return []
        example = shown_example(request, self.generator.chat)
        speakers = [m.group().split(":")[0] for m in SPEAKER_LINE.finditer(example.answer)] if example else []
        emotions = self.scorer.score(texts, request.emotion)
        terms = (request, texts, emotions)
        try:
            return score_candidates(*terms, self.encoder, subject(request), self.weights, speakers)
        except Exception:
            logger.exception("creative: the relevance encoder failed; ranking without it")
            return score_candidates(*terms, None, subject(request), self.weights, speakers)

    def choose(self, request: CreativeRequest, scored: list[Scored]) -> list[Scored]:
        """The suggestions to return: the best by score, none far off the subject when the
        relevance was measured (see :func:`creative.ranking.choose`)."""
        return choose(scored, self.options(request), MIN_RELEVANCE)

    def options(self, request: CreativeRequest) -> int:
        k = 1 if request.task == SCENE and request.short else self.config.options
        return min(k, 2) if request.task == SCENE else k

    def suggest(
        self, request: CreativeRequest, deadline: Optional[float] = None, rerank_: bool = True
    ) -> Suggestions:
        started = time.monotonic()
        drafts = self.draft(request, deadline)
        scored = self.score(request, drafts.report.kept)
        best = self.choose(request, scored) if rerank_ else scored[: self.options(request)]
        result = Suggestions(
            options=[s.text for s in best],
            scores=[s.score for s in best],
            filtered=drafts.report.counts(),
            sampled=len(drafts.raw),
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
