"""Emotion scoring: the emotion term of the reranker (:mod:`creative.ranking`).

``EmotionScorer`` is the one interface the creative service needs from a sentiment model: how
well a text fits a target emotion. The default, ``vader``, needs no training (VADER's lexicon
plus a few cue words per emotion). Another sentiment model plugs in by implementing ``score`` and
registering a factory in ``SCORERS`` (chosen by ``ENCORE_EMOTION_SCORER``).
"""

from __future__ import annotations

import re
import threading
from typing import Callable, Optional, Protocol, Sequence

MATCH_THRESHOLD = 0.05  # a text "matches" its emotion when its score is above this

CUES = {
    "dark": r"dark\w*|death|dead|die[sd]?|blood\w*|shadow\w*|night\w*|fear\w*|nightmare\w*|kill\w*|"
    r"revenge|haunt\w*|lost|alone|secret\w*|evil|grave|doom\w*|cold|sin\w*|danger\w*|murder\w*",
    "romantic": r"love\w*|lover\w*|heart\w*|kiss\w*|romance|romantic|darling|together|forever|passion\w*|"
    r"sweetheart|embrace\w*|desire\w*|soulmate\w*|date",
    "funny": r"laugh\w*|funny|fun|joke\w*|hilarious|silly|crazy|oops|ha|haha|giggl\w*|comedy|pranks?|"
    r"chaos|ridiculous|nuts",
    "upbeat": r"fun|joy\w*|celebrat\w*|dance|danc\w*|party|bright|sun\w*|smile\w*|happ\w*|amazing|"
    r"great|best|together|free",
}
_CUE_RE = {emotion: re.compile(rf"\b(?:{words})\b", re.I) for emotion, words in CUES.items()}


class EmotionScorer(Protocol):
    def score(self, texts: Sequence[str], emotion: str) -> list[float]:
        """How well each text fits ``emotion`` (dark, upbeat, romantic, funny, neutral), in [-1, 1]."""
        ...


def cue_rate(text: str, emotion: str) -> float:
    """Cue words of ``emotion`` per word, capped at 1."""
    pattern = _CUE_RE.get(emotion)
    n = max(len(text.split()), 1)
    return min(1.0, 4 * len(pattern.findall(text)) / n) if pattern else 0.0


def emotion_score(compound: float, text: str, emotion: str) -> float:
    """Combine a polarity in [-1, 1] with the emotion's cue words. Pure."""
    cues = cue_rate(text, emotion)
    if emotion == "dark":
        value = -compound * 0.7 + cues * 0.5
    elif emotion == "upbeat":
        value = compound * 0.8 + cues * 0.3
    elif emotion == "romantic":
        value = compound * 0.4 + cues * 0.8
    elif emotion == "funny":
        value = compound * 0.3 + cues * 0.7 + (0.1 if "!" in text else 0.0)
    else:  # neutral: calm texts first
        value = 0.5 - abs(compound)
    return max(-1.0, min(1.0, value))


def matches(score: float, threshold: float = MATCH_THRESHOLD) -> bool:
    return score > threshold


class _PolarityAnalyzer(Protocol):
    """What VaderEmotionScorer uses of vaderSentiment's SentimentIntensityAnalyzer."""

    def polarity_scores(self, text: str) -> dict[str, float]: ...


class VaderEmotionScorer:
    """VADER compound polarity + emotion cue words. Thread-safe, loads its lexicon once."""

    def __init__(self) -> None:
        self._analyzer: Optional[_PolarityAnalyzer] = None
        self._lock = threading.Lock()

    def polarity(self, text: str) -> float:
        if self._analyzer is None:
            with self._lock:
                if self._analyzer is None:
                    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

                    self._analyzer = SentimentIntensityAnalyzer()
        return float(self._analyzer.polarity_scores(text)["compound"])

    def score(self, texts: Sequence[str], emotion: str) -> list[float]:
        return [emotion_score(self.polarity(t), t, emotion) for t in texts]


class PolarityEmotionScorer:
    """Adapter for any polarity function (e.g. the sentiment service): text -> [-1, 1]."""

    def __init__(self, polarity: Callable[[str], float]) -> None:
        self.polarity = polarity

    def score(self, texts: Sequence[str], emotion: str) -> list[float]:
        return [emotion_score(self.polarity(t), t, emotion) for t in texts]


def sentiment_service_scorer() -> EmotionScorer:
    """The customer-service sentiment model (``SENTIMENT_MODEL``: the project's MiniLM classifier
    by default) as the polarity, plus the emotion's cue words."""
    from encore.settings import models_dir
    from minilm.encoder import encode
    from sentiment.models import configured_model, load_model

    model = load_model(configured_model(), encode, models_dir())
    return PolarityEmotionScorer(lambda text: model.predict([text])[0].score)


SCORERS: dict[str, Callable[[], EmotionScorer]] = {
    "vader": VaderEmotionScorer,
    "sentiment": sentiment_service_scorer,
}


def make_scorer(name: str) -> EmotionScorer:
    try:
        return SCORERS[name]()
    except KeyError:
        raise ValueError(f"unknown emotion scorer {name!r}; known: {', '.join(SCORERS)}") from None
