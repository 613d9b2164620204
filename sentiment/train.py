"""Train the project's sentiment classifier: ``python -m sentiment.train [--force]``.

Seeded: the training split of the polarity sentences, the chat examples, the FAQ phrasings and
half of the film questions (about 6,800 sentences, :func:`sentiment.data.training_set`) are
encoded with the 8-bit MiniLM (the vectors the Rasa server tags), then two multinomial logistic
regressions are fitted, one on those vectors and one on the sentences' character n-grams
(:mod:`sentiment.lexical`). The weights go to ``models/sentiment-minilm-<key>.npz``
(git-ignored), the key a hash of the data and of the parameters below: a change to either
trains again.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import time
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np

from encore.settings import models_dir
from minilm.encoder import Encoder
from sentiment.data import LABELS, SEED, data_hash, training_set
from sentiment.lexical import LexicalModel

logger = logging.getLogger(__name__)

# Chosen on the validation split (bench/sentiment_eval.py --validation; docs/benchmarks.md).
VECTOR_C = 4.0
LEXICAL_C = 8.0
LEXICAL_SHARE = 0.3  # of the lexical model in the combined log-probabilities
ENCODER = "minilm-onnx-int8"  # the vectors trained on are those the Rasa server tags


def model_key() -> str:
    params = f"{VECTOR_C}-{LEXICAL_C}-{LEXICAL_SHARE}-{ENCODER}"
    return hashlib.sha256(f"{data_hash()}-{params}".encode()).hexdigest()[:16]


def model_path(folder: Optional[Path] = None) -> Path:
    return (folder or models_dir()) / f"sentiment-minilm-{model_key()}.npz"


def quantized_encoder() -> Encoder:
    """The 8-bit MiniLM's ``encode`` (exported first when missing: that needs the action server's
    environment)."""
    from minilm.encoder import export_quantized, shared_encoder

    return shared_encoder(export_quantized()).encode


def encode_by_length(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    """``encoder(texts)``, computed in order of length: batches of like lengths pad less (the
    polarity sentences range from 1 to 60 words)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = np.asarray(encoder([texts[i] for i in order]))
    out = np.empty_like(vectors)
    out[order] = vectors
    return out


def fit(
    texts: Sequence[str],
    labels: np.ndarray,
    sample_weight: np.ndarray,
    vectors: np.ndarray,
    vector_c: float = VECTOR_C,
    lexical_c: float = LEXICAL_C,
) -> tuple[np.ndarray, np.ndarray, LexicalModel]:
    """(weights, bias) of the vector model and the lexical model, fitted on the same rows."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=vector_c, max_iter=3000, class_weight="balanced", random_state=SEED)
    clf.fit(vectors, labels, sample_weight=sample_weight)
    lexical = LexicalModel.fit(texts, labels, sample_weight, lexical_c, SEED)
    return clf.coef_.astype(np.float32), clf.intercept_.astype(np.float32), lexical


def train(encoder: Encoder, out: Path) -> Path:
    started = time.perf_counter()
    rows, weights = training_set()
    texts = [t for t, _ in rows]
    vectors = encode_by_length(encoder, texts)
    encoded = time.perf_counter()
    labels = np.asarray([LABELS.index(label) for _, label in rows])
    coef, bias, lexical = fit(texts, labels, np.asarray(weights), vectors)
    out.parent.mkdir(parents=True, exist_ok=True)
    # A name of this process's own: the Rasa training's sentiment component and `support.build`
    # may train it at the same time (bin/encore up builds beside the training), and each replaces
    # the file with a whole one.
    tmp = out.with_suffix(f".{os.getpid()}.tmp.npz")
    arrays: dict[str, Any] = {
        "weights": coef,
        "bias": bias,
        "classes": np.asarray(LABELS),
        "lexical_share": np.asarray(LEXICAL_SHARE),
        **lexical.arrays(),
    }
    np.savez_compressed(tmp, **arrays)
    tmp.replace(out)
    logger.info(
        "trained the sentiment model on %d sentences in %.1f s (%.1f s encoding) -> %s",
        len(rows),
        time.perf_counter() - started,
        encoded - started,
        out,
    )
    return out


def ensure_model(
    folder: Optional[Path] = None, force: bool = False, encoder: Optional[Encoder] = None
) -> Path:
    """The trained model's path; trains it first when missing (or when its data or parameters
    changed), encoding with ``encoder`` (default: the 8-bit MiniLM)."""
    path = model_path(folder)
    if force or not path.is_file():
        logger.warning("sentiment model %s missing: training it now (1 to 3 minutes)", path.name)
        train(encoder or quantized_encoder(), path)
    return path


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--force", action="store_true", help="train again even if the model exists")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(ensure_model(force=args.force))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
