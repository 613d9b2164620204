"""Training and evaluation data: sentence polarity v1.0 (Pang & Lee 2005, CC BY 4.0; see
``data/sentiment/README.txt``), chat examples written for Encore, FAQ questions as neutral requests."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from encore.settings import ROOT
from faq.kb import FAQ_KB, load_kb

SENTIMENT_DATA = ROOT / "data" / "sentiment"

LABELS = ("negative", "neutral", "positive")
SEED = 13
HELD_OUT_FRACTION = 0.2
POLARITY_TRAIN_PER_CLASS = 800  # keeps training well under a minute on 2 busy cores


def read_polarity(folder: Path = SENTIMENT_DATA) -> list[tuple[str, str]]:
    rows = []
    for label, name in (("negative", "rt-polarity.neg"), ("positive", "rt-polarity.pos")):
        for line in (folder / name).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                rows.append((line.strip(), label))
    return rows


def polarity_split(folder: Path = SENTIMENT_DATA) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Seeded split: (training pool, held-out test), stratified by label."""
    rng = random.Random(SEED)  # noqa: S311 (a seeded data split, not cryptography)
    train, test = [], []
    for label in ("negative", "positive"):
        rows = [r for r in read_polarity(folder) if r[1] == label]
        rng.shuffle(rows)
        cut = int(len(rows) * HELD_OUT_FRACTION)
        test += rows[:cut]
        train += rows[cut:]
    return train, test


def read_tsv(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, _, text = line.partition("\t")
            if label not in LABELS:
                raise ValueError(f"{path}: bad label {label!r}")
            rows.append((text.strip(), label))
    return rows


def training_set(folder: Path = SENTIMENT_DATA) -> list[tuple[str, str]]:
    pool, _ = polarity_split(folder)
    rng = random.Random(SEED)  # noqa: S311 (a seeded data split, not cryptography)
    rows: list[tuple[str, str]] = []
    for label in ("negative", "positive"):
        of_label = [r for r in pool if r[1] == label]
        rows += rng.sample(of_label, min(POLARITY_TRAIN_PER_CLASS, len(of_label)))
    chat = read_tsv(folder / "chat_train.tsv")
    rows += chat * 3  # chat style is what the bot sees: weigh it up
    rows += [(q, "neutral") for e in load_kb(FAQ_KB) for q in e.questions]
    return rows


def data_hash(folder: Path = SENTIMENT_DATA) -> str:
    digest = hashlib.sha256()
    for path in (folder / "rt-polarity.neg", folder / "rt-polarity.pos", folder / "chat_train.tsv", FAQ_KB):
        digest.update(path.read_bytes())
    digest.update(f"{SEED}-{POLARITY_TRAIN_PER_CLASS}".encode())
    return digest.hexdigest()[:16]
