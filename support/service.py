"""One support turn: encode the message once, score its sentiment, retrieve and gate FAQ entries."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from encore.settings import models_dir
from faq import ranking
from faq.kb import FAQ_KB, FaqEntry, load_kb
from faq.retrievers import Retriever, build_retriever
from sentiment.models import MiniLMSentiment, Sentiment, SentimentModel, load_model
from support.config import SupportConfig, load_config
from support.store import SupportStore

logger = logging.getLogger(__name__)

MAX_TEXT = 500  # longer messages are read on their first characters only
VECTOR_CACHE = 64  # embeddings of the last messages (see SupportService._vector)
NEUTRAL = Sentiment("neutral", 0.0, 1.0)


@dataclass(frozen=True)
class TurnResult:
    sentiment: Sentiment
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
        sentiment: Optional[SentimentModel] = None,
    ) -> None:
        self.config = config or load_config()
        self.entries = list(entries) if entries is not None else load_kb(FAQ_KB)
        self.by_id = {e.id: e for e in self.entries}
        if encoder is None and (retriever is None or sentiment is None):
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
        )
        self.sentiment_model = sentiment or load_model(c.sentiment_model, encoder, models_dir())
        self.store = SupportStore(c.data_dir)
        self._vectors: dict[str, np.ndarray] = {}
        self._cache_lock = threading.Lock()

    def _vector(self, text: str) -> Optional[np.ndarray]:
        """The message's embedding; the last few are cached, because the slot-mapping action
        (sentiment) and the support action (retrieval) see the same message one after the other."""
        if self.encoder is None:
            return None
        with self._cache_lock:
            vector = self._vectors.get(text)
        if vector is None:
            vector = self.encoder([text])[0]
            with self._cache_lock:
                self._vectors[text] = vector
                while len(self._vectors) > VECTOR_CACHE:
                    self._vectors.pop(next(iter(self._vectors)))
        return vector

    def sentiment(self, text: str) -> Sentiment:
        """The sentiment of one message (neutral for an empty one)."""
        text = (text or "").strip()[:MAX_TEXT]
        if not text:
            return NEUTRAL
        vector = self._vector(text)
        if isinstance(self.sentiment_model, MiniLMSentiment) and vector is not None:
            return self.sentiment_model.predict_vectors(vector[None, :])[0]
        return self.sentiment_model.predict([text])[0]

    def analyse(self, text: str, retrieve: bool = True, sentiment: bool = True) -> TurnResult:
        """Sentiment (unless ``sentiment=False``: then neutral) and, with ``retrieve``, FAQ entries."""
        text = (text or "").strip()[:MAX_TEXT]
        if not text:
            return TurnResult(NEUTRAL, ranking.Decision("fallback", ()), (), 0.0)
        mood = self.sentiment(text) if sentiment else NEUTRAL
        if not retrieve:
            return TurnResult(mood, ranking.Decision("fallback", ()), (), 0.0)
        vector = self._vector(text)
        ranked = self.retriever.search(text, top_k=5, query_vector=vector)
        c = self.config
        decision = ranking.gate(
            ranked, c.answer_threshold, c.clarify_threshold, margin_weight=c.margin_weight
        )
        entries = tuple(self.entries[i] for i in decision.candidates)
        return TurnResult(mood, decision, entries, ranking.confidence(ranked, c.margin_weight))


_lock = threading.Lock()
_service: Optional[SupportService] = None


def service_loaded() -> bool:
    """Whether the process-wide service is built (the first call loads MiniLM: seconds)."""
    return _service is not None


def support_service() -> SupportService:
    """The process-wide service, built on first use (loads MiniLM, builds missing models)."""
    global _service
    if _service is None:
        with _lock:
            if _service is None:
                _service = SupportService()
    return _service
