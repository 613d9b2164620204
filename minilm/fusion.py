"""Pure functions of the MiniLM intent classifier: probabilities and their fusion with DIET."""

from __future__ import annotations

from typing import Mapping

import numpy as np


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large logits."""
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def fuse(
    minilm: Mapping[str, float], diet: Mapping[str, float], diet_weight: float, ranking_length: int = 0
) -> list[tuple[str, float]]:
    """``(intent, confidence)`` best first: ``diet_weight * DIET + (1 - diet_weight) * MiniLM``
    per intent (an intent missing from one ranking counts 0 there; ties by name).
    ``ranking_length`` > 0 keeps that many."""
    names = set(minilm) | set(diet)
    scores = {n: diet_weight * diet.get(n, 0.0) + (1.0 - diet_weight) * minilm.get(n, 0.0) for n in names}
    ranked = sorted(((n, float(c)) for n, c in scores.items()), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:ranking_length] if ranking_length > 0 else ranked
