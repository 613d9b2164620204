"""Settings of the customer-service capability, read through :mod:`encore.settings` (the environment,
then ``.env``; documented in docs/settings.md). A ``FAQ_*`` variable left unset takes the chosen
retriever's calibrated value from data/faq/gate.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional

from encore.settings import ROOT, STATE_DIR, setting_values
from sentiment.models import configured_model

FAQ_VALIDATION = ROOT / "data" / "faq" / "validation.tsv"
GATE_FILE = ROOT / "data" / "faq" / "gate.json"


@dataclass(frozen=True)
class SupportConfig:
    retriever: str  # bm25 | dense | hybrid | rrf | classifier
    alpha: float  # weight of the dense score in the hybrid fusion
    bm25_k: float  # BM25 score squashing constant: s / (s + k)
    rrf_weight: float  # weight of reciprocal-rank fusion in the hybrid score
    dense_pool: int  # an entry's dense score: the mean of its best N question variants
    classifier_c: float  # the classifier retriever's inverse regularisation strength
    margin_weight: float  # the gate's confidence: best score + this x its lead over the second
    answer_threshold: float  # answer at or above this confidence
    clarify_threshold: float  # between the two: clarify with buttons; below: offer a human
    sentiment_model: str  # minilm | vader | transformers:<model name>
    data_dir: Path  # the state folder (ENCORE_SUPPORT_DIR): JSON files of earlier versions, imported once


def load_config(env: Optional[Mapping[str, str]] = None) -> SupportConfig:
    """The settings from ``env`` (default: the environment over ``.env``; see encore.settings)."""
    v = setting_values(env)
    calibrated = json.loads(GATE_FILE.read_text()) if GATE_FILE.is_file() else {}
    retriever = v["FAQ_RETRIEVER"] or str(calibrated.get("retriever", "hybrid"))
    # each retriever's own calibrated weights and thresholds (none for bm25, dense, rrf)
    found = calibrated.get(retriever)
    gate: dict[str, Any] = found if isinstance(found, dict) else {}

    def num(name: str, key: str, default: float) -> float:
        value = v[name]
        return float(value) if value is not None else float(gate.get(key, default))

    return SupportConfig(
        retriever=retriever,
        alpha=num("FAQ_ALPHA", "alpha", 0.7),
        bm25_k=num("FAQ_BM25_K", "bm25_k", 8.0),
        rrf_weight=num("FAQ_RRF_WEIGHT", "rrf_weight", 0.0),
        dense_pool=int(num("FAQ_DENSE_POOL", "dense_pool", 1)),
        classifier_c=num("FAQ_CLASSIFIER_C", "classifier_c", 16.0),
        margin_weight=num("FAQ_MARGIN_WEIGHT", "margin_weight", 0.0),
        answer_threshold=num("FAQ_ANSWER_THRESHOLD", "answer_threshold", 0.6),
        clarify_threshold=num("FAQ_CLARIFY_THRESHOLD", "clarify_threshold", 0.35),
        sentiment_model=configured_model(env),
        data_dir=v["ENCORE_SUPPORT_DIR"] or STATE_DIR / "support",
    )
