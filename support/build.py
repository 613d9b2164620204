"""Build what the support actions need, if missing: ``python -m support.build``.

The FAQ embedding index and the configured retriever's fitted classifier (keyed by a hash of
``data/faq/kb.yml``) and the sentiment model (keyed by a hash of its training data) go to
``models/``. Run by ``bin/encore up`` before the action server
starts; the action server also builds them lazily on first use, with a log message.
"""

from __future__ import annotations

import logging
import time

from encore.settings import models_dir
from faq.kb import FAQ_KB, load_kb
from faq.retrievers import build_retriever
from minilm.encoder import encode
from sentiment.train import ensure_model
from support.config import load_config


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="  support: %(message)s")
    started = time.perf_counter()
    c = load_config()
    build_retriever(c.retriever, load_kb(FAQ_KB), encode, models_dir(), dense_pool=c.dense_pool,
                    classifier_c=c.classifier_c)  # fmt: skip
    if c.sentiment_model == "minilm":
        ensure_model(models_dir())
    logging.getLogger(__name__).info(
        "models ready in %s (%.1f s)", models_dir(), time.perf_counter() - started
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
