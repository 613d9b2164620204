"""Train the project's sentiment classifier: ``python -m sentiment.train [--force]``.

Seeded; about 2,300 sentences encoded with MiniLM, then a multinomial logistic regression.
The weights go to ``models/sentiment-minilm-<data hash>.npz`` (git-ignored).
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Optional

import numpy as np

from encore.settings import models_dir
from minilm.encoder import Encoder
from sentiment.data import LABELS, SEED, data_hash, training_set

logger = logging.getLogger(__name__)


def model_path(folder: Optional[Path] = None) -> Path:
    return (folder or models_dir()) / f"sentiment-minilm-{data_hash()}.npz"


def train(encoder: Encoder, out: Path) -> Path:
    from sklearn.linear_model import LogisticRegression

    started = time.perf_counter()
    rows = training_set()
    vectors = encoder([t for t, _ in rows])
    labels = np.asarray([LABELS.index(label) for _, label in rows])
    clf = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced", random_state=SEED)
    clf.fit(vectors, labels)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.npz")
    np.savez(
        tmp,
        weights=clf.coef_.astype(np.float32),
        bias=clf.intercept_.astype(np.float32),
        classes=np.asarray(LABELS),
    )
    tmp.replace(out)
    logger.info(
        "trained the sentiment model on %d sentences in %.1f s -> %s",
        len(rows),
        time.perf_counter() - started,
        out,
    )
    return out


def ensure_model(encoder: Encoder, folder: Optional[Path] = None, force: bool = False) -> Path:
    """The trained model's path; trains it first when missing (or when its data changed)."""
    path = model_path(folder)
    if force or not path.is_file():
        logger.warning("sentiment model %s missing: training it now (under a minute)", path.name)
        train(encoder, path)
    return path


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--force", action="store_true", help="train again even if the model exists")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from minilm.encoder import encode

    print(ensure_model(encode, force=args.force))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
