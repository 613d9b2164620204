"""The lexical half of the sentiment model: a softmax regression on the character n-grams of the
message's words (TF-IDF weighted), combined with the one on the MiniLM vector
(:class:`sentiment.models.MiniLMSentiment`).

Why: a linear model on the frozen MiniLM sentence vector stops at about 0.75 on held-out movie
review sentences, however much data it gets, and fine-tuning the encoder does not fit in the
training budget on two CPU cores (docs/benchmarks.md, "Customer service: sentiment"). Word
pieces such as "unfunn", "wast", "gorgeou" carry sentiment the sentence vector blurs, and
scoring them is a dictionary look-up per n-gram: no second encoder pass, a small fraction of a
millisecond a message. Features are computed here for training and for prediction alike (plain
Python, no scikit-learn at prediction time: the Rasa server's environment has another version).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

import numpy as np

NGRAMS = (2, 5)  # n-gram lengths, inside words padded with a space on each side
MIN_DF = 2  # an n-gram seen in fewer training sentences is ignored


def ngrams(text: str) -> list[str]:
    """The character n-grams of the lower-cased words of ``text`` (each word padded with a space on
    each side, as scikit-learn's ``char_wb``); a padded word no longer than n counts once whole."""
    out = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(NGRAMS[0], NGRAMS[1] + 1):
            if len(padded) <= n:
                out.append(padded)
                break
            out += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return out


class LexicalModel:
    """Class probabilities from ``ngrams`` counts: sublinear TF times IDF, unit length, then a
    softmax regression (``weights``: classes x features)."""

    def __init__(
        self, vocabulary: Sequence[str], idf: np.ndarray, weights: np.ndarray, bias: np.ndarray
    ) -> None:
        self.index = {gram: i for i, gram in enumerate(vocabulary)}
        self.idf, self.weights, self.bias = idf, weights, bias

    @classmethod
    def fit(
        cls, texts: Sequence[str], labels: np.ndarray, sample_weight: np.ndarray, c: float, seed: int
    ) -> LexicalModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = TfidfVectorizer(analyzer=ngrams, min_df=MIN_DF, sublinear_tf=True)
        features = vectorizer.fit_transform(texts)
        clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=seed)
        clf.fit(features, labels, sample_weight=sample_weight)
        vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        return cls(
            vocabulary,
            vectorizer.idf_.astype(np.float32),
            clf.coef_.astype(np.float32),
            clf.intercept_.astype(np.float32),
        )

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        out = np.tile(self.bias.astype(np.float64), (len(texts), 1))
        for row, text in enumerate(texts):
            counts = Counter(i for i in map(self.index.get, ngrams(text)) if i is not None)
            if not counts:
                continue
            ids = np.fromiter(counts, dtype=np.int64, count=len(counts))
            values = np.asarray([1.0 + math.log(counts[i]) for i in counts]) * self.idf[ids]
            values /= np.linalg.norm(values)
            out[row] += self.weights[:, ids] @ values
        return out

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        logits = self.logits(texts)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def arrays(self) -> dict[str, np.ndarray]:
        """What :meth:`from_arrays` reads back (saved beside the vector model's weights)."""
        vocabulary = sorted(self.index, key=self.index.__getitem__)
        return {
            "lexical_vocabulary": np.asarray(vocabulary),
            "lexical_idf": self.idf,
            "lexical_weights": self.weights,
            "lexical_bias": self.bias,
        }

    @classmethod
    def from_arrays(cls, data: dict[str, np.ndarray]) -> LexicalModel:
        return cls(
            [str(g) for g in data["lexical_vocabulary"]],
            data["lexical_idf"],
            data["lexical_weights"],
            data["lexical_bias"],
        )
