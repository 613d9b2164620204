"""Sentiment models behind one interface, chosen by name (``SENTIMENT_MODEL``):

- ``minilm`` (default, offline): logistic regression on MiniLM sentence embeddings combined with
  one on the message's character n-grams, trained by the project (``python -m sentiment.train``;
  built automatically when missing);
- ``vader``: the VADER lexicon baseline;
- ``transformers:<model>``: any transformers text-classification model by name (needs the model in
  the local cache or a reachable hub).
"""

from __future__ import annotations

import abc
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Sequence, cast

import numpy as np

from encore.settings import setting
from minilm.encoder import Encoder
from sentiment.data import LABELS
from sentiment.lexical import LexicalModel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sentiment:
    label: str  # negative | neutral | positive
    score: float  # polarity in [-1, 1]: P(positive) - P(negative)
    confidence: float  # probability of ``label``

    def as_dict(self) -> dict[str, object]:
        return {"label": self.label, "score": round(self.score, 3), "confidence": round(self.confidence, 3)}


def from_probs(probs: np.ndarray) -> Sentiment:
    """``probs`` in LABELS order."""
    i = int(np.argmax(probs))
    return Sentiment(LABELS[i], float(probs[2] - probs[0]), float(probs[i]))


class SentimentModel(abc.ABC):
    name: str

    @abc.abstractmethod
    def predict(self, texts: Sequence[str]) -> list[Sentiment]: ...


class MiniLMSentiment(SentimentModel):
    """Softmax regression over MiniLM embeddings, combined with a lexical one on the message's
    character n-grams (:mod:`sentiment.lexical`): the two log-probabilities are averaged with
    weights ``1 - lexical_share`` and ``lexical_share`` (chosen on the validation split). Weights in
    a small ``.npz`` under ``models/``; without the lexical arrays (``lexical_share`` 0), the
    vector model alone."""

    name = "minilm"

    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        encoder: Encoder,
        lexical: Optional[LexicalModel] = None,
        lexical_share: float = 0.0,
    ) -> None:
        self.weights, self.bias, self.encoder = weights, bias, encoder
        self.lexical, self.lexical_share = lexical, lexical_share if lexical is not None else 0.0

    @classmethod
    def load(cls, path: Path, encoder: Encoder) -> MiniLMSentiment:
        with np.load(path) as data:
            arrays = dict(data)
        if tuple(str(c) for c in arrays["classes"]) != LABELS:
            raise ValueError(f"{path}: unexpected classes {arrays['classes']}")
        lexical = LexicalModel.from_arrays(arrays) if "lexical_weights" in arrays else None
        share = float(arrays["lexical_share"]) if lexical is not None else 0.0
        return cls(arrays["weights"], arrays["bias"], encoder, lexical, share)

    def vector_probabilities(self, vectors: np.ndarray) -> np.ndarray:
        return _softmax(vectors @ self.weights.T + self.bias)

    def probabilities(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """One row of LABELS probabilities per message: ``vectors`` are the messages' MiniLM
        vectors, ``texts`` the messages."""
        vector_log = np.log(self.vector_probabilities(vectors) + 1e-9)
        if self.lexical is None or self.lexical_share == 0.0:
            return np.exp(vector_log)
        lexical_log = np.log(self.lexical.probabilities(texts) + 1e-9)
        return _softmax((1 - self.lexical_share) * vector_log + self.lexical_share * lexical_log)

    def predict_vectors(self, vectors: np.ndarray, texts: Sequence[str]) -> list[Sentiment]:
        return [from_probs(p) for p in self.probabilities(vectors, texts)]

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        return self.predict_vectors(self.encoder(texts), texts)


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


class VaderSentiment(SentimentModel):
    """VADER compound score; neutral within +-0.05 (the authors' convention)."""

    name = "vader"

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.analyzer = SentimentIntensityAnalyzer()

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        out = []
        for text in texts:
            scores = self.analyzer.polarity_scores(text)
            compound = scores["compound"]
            label = "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"
            out.append(Sentiment(label, compound, abs(compound) if label != "neutral" else 1 - abs(compound)))
        return out


class TransformersSentiment(SentimentModel):
    """A transformers text-classification pipeline; its labels are mapped onto ours."""

    name = "transformers"

    def __init__(self, model_name: str) -> None:
        from transformers import pipeline

        self.pipe = pipeline("text-classification", model=model_name, top_k=None, device=-1)

    @staticmethod
    def to_probs(result: list[dict[str, object]]) -> np.ndarray:
        probs = np.zeros(3)
        for item in result:
            label = str(item["label"]).lower()
            score = float(item["score"])  # type: ignore[arg-type]
            if label.startswith("neg") or label in ("label_0", "1 star", "2 stars"):
                probs[0] += score
            elif label.startswith("pos") or label in ("label_2", "4 stars", "5 stars"):
                probs[2] += score
            else:
                probs[1] += score
        return probs / max(probs.sum(), 1e-9)

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        # With top_k=None the pipeline gives every label's score for each text (a list per text);
        # transformers annotates __call__ with the single-label shape.
        results = cast(list[list[dict[str, object]]], self.pipe(list(texts), truncation=True))
        return [from_probs(self.to_probs(r)) for r in results]


def configured_model(env: Optional[Mapping[str, str]] = None) -> str:
    """The sentiment model's name from ``SENTIMENT_MODEL`` (default: the project's MiniLM one),
    read through :mod:`encore.settings` (``env``: the whole environment, for tests)."""
    return str(setting("SENTIMENT_MODEL", env))


def load_model(
    name: str, encoder: Optional[Encoder] = None, models_dir: Optional[Path] = None
) -> SentimentModel:
    if name == "vader":
        return VaderSentiment()
    if name.startswith("transformers:"):
        return TransformersSentiment(name.split(":", 1)[1])
    if name == "minilm":
        from sentiment.train import ensure_model

        if encoder is None:
            raise ValueError("the minilm sentiment model needs an encoder")
        return MiniLMSentiment.load(ensure_model(models_dir), encoder)
    raise ValueError(f"unknown sentiment model {name!r} (minilm, vader, transformers:<name>)")
