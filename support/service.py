"""One support turn: encode the message once, retrieve and gate FAQ entries."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from encore.lazy import Lazy
from encore.settings import models_dir
from faq import ranking
from faq.kb import FAQ_KB, FaqEntry, load_kb
from faq.retrievers import Retriever, build_retriever
from support.config import SupportConfig, load_config
from support.store import SupportStore

logger = logging.getLogger(__name__)

MAX_TEXT = 500  # longer messages are read on their first characters only


@dataclass(frozen=True)
class TurnResult:
    decision: ranking.Decision
    entries: tuple[FaqEntry, ...]  # the decision's candidates
    confidence: float  # what the gate judged (ranking.confidence)


class SupportService:
    def __init__(
        self,
        config: Optional[SupportConfig] = None,
        entries: Optional[Sequence[FaqEntry]] = None,
        encoder: Optional[Callable[[Sequence[str]], np.ndarray]] = None,
        retriever: Optional[Retriever] = None,
        store: Optional[SupportStore] = None,
    ) -> None:
        self.config = config or load_config()
        self.entries = list(entries) if entries is not None else load_kb(FAQ_KB)
        self.by_id = {e.id: e for e in self.entries}
        if encoder is None and retriever is None:
            from minilm.encoder import encode

            encoder = encode
        self.encoder = encoder
        c = self.config
        self.retriever = retriever or build_retriever(
            c.retriever,
            self.entries,
            encoder,
            models_dir(),
            alpha=c.alpha,
            bm25_k=c.bm25_k,
            rrf_weight=c.rrf_weight,
            dense_pool=c.dense_pool,
            classifier_c=c.classifier_c,
        )
        # Tickets and profiles: the user store (the database opens on first use).
        self.store = store or SupportStore(c.data_dir)

    def _vector(self, text: str) -> Optional[np.ndarray]:
        """The message's embedding for the dense retriever (None with a sparse-only setup)."""
        return None if self.encoder is None else self.encoder([text])[0]

    def analyse(self, text: str) -> TurnResult:
        """The FAQ entries for a message and the gate's decision on them. (A message's sentiment
        is tagged by the NLU inside the Rasa server: rasa_plugins/sentiment.py.)"""
        text = (text or "").strip()[:MAX_TEXT]
        if not text:
            return TurnResult(ranking.Decision("fallback", ()), (), 0.0)
        vector = self._vector(text)
        ranked = self.retriever.search(text, top_k=5, query_vector=vector)
        c = self.config
        decision = ranking.gate(
            ranked, c.answer_threshold, c.clarify_threshold, margin_weight=c.margin_weight
        )
        entries = tuple(self.entries[i] for i in decision.candidates)
        return TurnResult(decision, entries, ranking.confidence(ranked, c.margin_weight))


# The process-wide service, built on first use (loads MiniLM, builds missing models).
support_service: Lazy[SupportService] = Lazy(SupportService)


def service_loaded() -> bool:
    """Whether the process-wide service is built (the first call loads MiniLM: seconds)."""
    return support_service.loaded
