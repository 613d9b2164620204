"""The path classifier: a masked question -> the probabilities of the whitelisted paths of
:mod:`kg.paths`.

:class:`PathClassifier` is a logistic regression over word and character n-grams of the
training sentences (:mod:`kg.parser.training`); when no reading of a message is clear it asks
:class:`SemanticPathModel`, a logistic regression over MiniLM sentence vectors, for a second
opinion. Both are trained once and cached in the model folder under a fingerprint of their data
and code (:meth:`PathClassifier.fingerprint`).
"""

from __future__ import annotations

import hashlib
import logging
import math
from pathlib import Path as FilePath
from typing import Any, Callable, Optional

import numpy as np

from encore.artifacts import cached_pickle
from kg.parser.training import TEMPLATES, canonical, masked_sentences, training_set

logger = logging.getLogger(__name__)

FORMAT_VERSION = "5"
# The semantic second opinion (SemanticPathModel): asked when no reading's best path has at
# least SECOND_OPINION_BELOW from the n-grams (most questions do not need it, so most turns pay
# nothing for it), weighted SEMANTIC_WEIGHT in the mix; trained on SEMANTIC_SAMPLE composed
# sentences. All chosen on the QA tuning splits (validation, dev2, dev3: bench/qa_parser_eval.py).
SECOND_OPINION_BELOW = 0.9
SEMANTIC_WEIGHT = 0.3
SEMANTIC_SAMPLE = 12000
SEMANTIC_C = 8.0
# The n-grams: word n-grams of one training sentence are left out (WORD_MIN_DF 2: 34,500 of
# 74,800, 40% of the weights; training in 0.65x the time with the same number of right answers
# on the four QA tuning splits: bench/parser_training.py); character n-grams of 2 to 5 letters.
WORD_MIN_DF = 2
CHAR_NGRAMS = (2, 5)
# Placeholders as plain words for the sentence encoder.
NATURAL_PLACEHOLDERS = {"xfilm": "the film", "xperson": "that person", "xtag": "that topic",
                        "xyear": "that year", "xgenre": "that genre", "xlanguage": "that language",
                        "cgenre": "comedy", "clanguage": "french", "cyear": "1990"}  # fmt: skip


class SemanticPathModel:
    """The second opinion on a path: logistic regression over MiniLM sentence vectors of the
    masked question, its placeholders read as plain words ("who directed that person's films").
    Word n-grams know the templates' words; sentence vectors also know what the words mean, so
    "Breakfast on Pluto same director?" or "what else the Evita cast was in" sit near the
    wordings of the path they ask, which no template spells that way. Trained on a sample of
    the same composed sentences (encoding all of them would add minutes to the first start)."""

    def __init__(self, model: Any, encoder: Callable[[list[str]], np.ndarray]):
        self.model = model
        self.encoder = encoder
        self.labels: list[str] = list(model.classes_)

    @staticmethod
    def natural(masked: str) -> str:
        return " ".join(NATURAL_PLACEHOLDERS.get(w, w) for w in masked.split())

    @classmethod
    def train(cls, encoder: Callable[[list[str]], np.ndarray], seed: int = 13) -> SemanticPathModel:
        from sklearn.linear_model import LogisticRegression

        pairs = list(dict.fromkeys((sentence, path) for path, sentence in masked_sentences(seed)))
        # a sample in an order fixed by each pair alone, so that a wording added changes little
        pairs.sort(key=lambda pair: hashlib.sha256(f"{seed}|{pair[0]}|{pair[1]}".encode()).digest())
        pairs = pairs[:SEMANTIC_SAMPLE]
        vectors = encoder([cls.natural(sentence) for sentence, _ in pairs])
        model = LogisticRegression(C=SEMANTIC_C, max_iter=3000)
        model.fit(vectors, [path for _, path in pairs])
        return cls(model, encoder)

    @classmethod
    def load_or_train(
        cls,
        cache_dir: Optional[FilePath],
        encoder: Callable[[list[str]], np.ndarray],
        train_encoder: Optional[Callable[[list[str]], np.ndarray]] = None,
    ) -> SemanticPathModel:
        """The cached model, else one trained with ``train_encoder`` (else ``encoder``); it
        encodes questions with ``encoder``."""
        if cache_dir is None:
            return cls(cls.train(train_encoder or encoder).model, encoder)
        digest = hashlib.sha256(f"{PathClassifier.fingerprint()}|{SEMANTIC_SAMPLE}|{SEMANTIC_C}".encode())
        path = cache_dir / f"qa-parser-semantic-{digest.hexdigest()[:16]}.pkl"
        what = "the question parser's second opinion (MiniLM vectors, under a minute)"
        model = cached_pickle(path, lambda: cls.train(train_encoder or encoder).model, what)
        return cls(model, encoder)

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        rows = self.model.predict_proba(self.encoder([self.natural(t) for t in texts]))
        return [dict(zip(self.labels, map(float, row))) for row in rows]


class PathClassifier:
    """Masked question -> probabilities of the whitelisted paths: word and character n-grams,
    with the :class:`SemanticPathModel`'s second opinion when no reading is clear."""

    def __init__(self, model: Any, semantic: Optional[SemanticPathModel] = None):
        self.model = model
        self.semantic = semantic
        self.labels: list[str] = list(model.classes_)
        # sparse features @ coef.T: a Fortran-ordered coef makes its transpose contiguous, so
        # scipy does not copy the whole matrix at every prediction (6 ms -> 0.1 ms)
        head = model.steps[-1][1]
        head.coef_ = np.asfortranarray(head.coef_)

    def _ngram_probabilities(self, texts: list[str]) -> np.ndarray:
        """``model.predict_proba(texts)``, without the pipeline's machinery around the two
        vectorizers (a joblib loop and output wrappers: about a third of the parse on a chat
        turn): the same features side by side, the same logistic regression."""
        from scipy.sparse import hstack

        union, head = self.model.steps[0][1], self.model.steps[-1][1]
        if union.transformer_weights is not None:
            return np.asarray(self.model.predict_proba(texts))
        parts = [vectorizer.transform(texts) for _, vectorizer in union.transformer_list]
        features = hstack(parts, format="csr")
        return np.asarray(head.predict_proba(features))

    @classmethod
    def train(
        cls,
        seed: int = 13,
        c: float = 20.0,
        word_min_df: int = WORD_MIN_DF,
        chars: tuple[int, int] = CHAR_NGRAMS,
        tol: float = 1e-4,
    ) -> PathClassifier:
        """Trained on :func:`kg.parser.training.training_set`; the keywords other than ``seed``
        are there for ``bench/parser_training.py``, which compares variants."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, make_pipeline

        texts, labels = training_set(seed)
        features = FeatureUnion(
            [
                (
                    "words",
                    TfidfVectorizer(
                        analyzer="word",
                        ngram_range=(1, 3),
                        sublinear_tf=True,
                        token_pattern=r"\S+",  # noqa: S106
                        min_df=word_min_df,
                    ),
                ),  # fmt: skip
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=chars, sublinear_tf=True, min_df=2),
                ),  # fmt: skip
            ]
        )
        model = make_pipeline(features, LogisticRegression(C=c, max_iter=3000, tol=tol))
        model.fit(texts, labels)
        return cls(model)

    @staticmethod
    def fingerprint() -> str:
        digest = hashlib.sha256(FORMAT_VERSION.encode())
        # the templates, the code that composes and learns from them, and the paths
        sources = (TEMPLATES, FilePath(__file__).with_name("training.py"), FilePath(__file__))
        for source in (*sources, FilePath(__file__).parent.parent / "paths.py"):
            digest.update(source.read_bytes())
        return digest.hexdigest()[:16]

    @classmethod
    def load_or_train(cls, cache_dir: Optional[FilePath], semantic: bool = True) -> PathClassifier:
        """The trained classifier from ``cache_dir`` if its data and code are unchanged, with
        its second opinion (MiniLM) unless ``semantic`` is False or MiniLM cannot be loaded."""
        classifier = cls._load_or_train_ngrams(cache_dir)
        if semantic:
            try:
                from minilm.encoder import bulk_encoder, encode

                bulk = lambda texts: bulk_encoder().encode(texts)  # noqa: E731 (made only to train)
                classifier.semantic = SemanticPathModel.load_or_train(cache_dir, encode, bulk)
            except Exception:  # no MiniLM here: the n-grams alone still answer
                logger.exception("the question parser runs without its MiniLM second opinion")
        return classifier

    @classmethod
    def _load_or_train_ngrams(cls, cache_dir: Optional[FilePath]) -> PathClassifier:
        if cache_dir is None:
            return cls.train()
        path = cache_dir / f"qa-parser-{cls.fingerprint()}.pkl"
        return cls(cached_pickle(path, lambda: cls.train().model, "the question parser (a few seconds)"))

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        """One distribution over the paths per masked text (the readings of one message). When
        no reading's best path reaches SECOND_OPINION_BELOW, each is mixed with the semantic
        model's: a weighted geometric mean, SEMANTIC_WEIGHT on the semantic side."""
        rows = self._ngram_probabilities([canonical(t) for t in texts])
        out = [dict(zip(self.labels, map(float, row))) for row in rows]
        if self.semantic is None or not out or max(max(d.values()) for d in out) >= SECOND_OPINION_BELOW:
            return out
        try:
            second = self.semantic.probabilities(texts)
        except Exception:  # the encoder failed: the n-grams' reading stands
            logger.exception("the parser's second opinion failed")
            return out
        mixed = []
        for first, other in zip(out, second):
            logs = {path: (1 - SEMANTIC_WEIGHT) * math.log(max(p, 1e-9))
                    + SEMANTIC_WEIGHT * math.log(max(other.get(path, 0.0), 1e-9))
                    for path, p in first.items()}  # fmt: skip
            top = max(logs.values())
            weights = {path: math.exp(v - top) for path, v in logs.items()}
            total = sum(weights.values())
            mixed.append({path: w / total for path, w in weights.items()})
        return mixed
