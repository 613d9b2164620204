"""Training and evaluation data: sentence polarity v1.0 (Pang & Lee 2005, CC BY 4.0; see
``data/sentiment/README.txt``), chat examples written for Encore, FAQ questions and film
questions as neutral requests.

The polarity sentences are split once, seeded, into training, validation and test
(:func:`polarity_splits`): parameters are chosen on validation, the test split is scored once
per change (``bench/sentiment_eval.py``). A sentence whose normalised form (:func:`normalise`)
is in the test split is in no other split, and one in validation is not in training; the
training set (:func:`training_set`) also leaves out the sentences of the chat-style test set
(two FAQ phrasings were among them). So a held-out figure never scores a sentence the model was
trained on.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from encore.settings import ROOT
from faq.kb import FAQ_KB, load_kb

SENTIMENT_DATA = ROOT / "data" / "sentiment"
# The chat-style test set of bench/sentiment_eval.py: its sentences are left out of training.
CHAT_TEST = ROOT / "bench" / "data" / "sentiment_chat_test.tsv"
# Film questions (the NLU's examples): plain requests, neither pleased nor cross. Without them a
# model trained on film reviews called a third of them negative (two in a row make a
# conversation "frustrated"); half are training examples, half are held out to check it.
FILM_QUESTIONS = ROOT / "data" / "nlu" / "kg.yml"

LABELS = ("negative", "neutral", "positive")
SEED = 13
# Of each label: the test split (the same sentences as the held-out split of earlier versions, so
# figures compare), then validation from what is left; training is the rest (70%).
TEST_FRACTION = 0.2
VALIDATION_FRACTION = 0.1
# Chat style is what the bot sees: each chat example counts as this many polarity sentences
# (3 -> 30: chat examples right, 5-fold, 0.698 -> 0.906 at a polarity validation cost of 0.003;
# bench/results/sentiment_validation.json).
CHAT_WEIGHT = 30

Rows = list[tuple[str, str]]


def normalise(text: str) -> str:
    """Lower case, Unicode compatibility forms, punctuation as spaces, single spaces: two
    sentences that read the same are one sentence here."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def read_polarity(folder: Path = SENTIMENT_DATA) -> Rows:
    rows = []
    for label, name in (("negative", "rt-polarity.neg"), ("positive", "rt-polarity.pos")):
        for line in (folder / name).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                rows.append((line.strip(), label))
    return rows


@dataclass(frozen=True)
class PolaritySplits:
    train: Rows
    validation: Rows
    test: Rows


def polarity_splits(folder: Path = SENTIMENT_DATA) -> PolaritySplits:
    """The seeded split of the polarity sentences, stratified by label (see the module's doc)."""
    rows = read_polarity(folder)
    rng = random.Random(SEED)  # noqa: S311 (a seeded data split, not cryptography)
    pools: dict[str, Rows] = {}
    totals: dict[str, int] = {}
    test: Rows = []
    for label in ("negative", "positive"):
        of_label = [r for r in rows if r[1] == label]
        rng.shuffle(of_label)
        cut = int(len(of_label) * TEST_FRACTION)
        test += of_label[:cut]
        pools[label], totals[label] = of_label[cut:], len(of_label)
    rng = random.Random(SEED + 1)  # noqa: S311
    validation: Rows = []
    train: Rows = []
    for label in ("negative", "positive"):
        pool = pools[label]
        rng.shuffle(pool)
        cut = int(totals[label] * VALIDATION_FRACTION)
        validation += pool[:cut]
        train += pool[cut:]
    in_test = {normalise(t) for t, _ in test}
    validation = [r for r in validation if normalise(r[0]) not in in_test]
    held_out = in_test | {normalise(t) for t, _ in validation}
    train = [r for r in train if normalise(r[0]) not in held_out]
    return PolaritySplits(train, validation, test)


def read_tsv(path: Path) -> Rows:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, _, text = line.partition("\t")
            if label not in LABELS:
                raise ValueError(f"{path}: bad label {label!r}")
            rows.append((text.strip(), label))
    return rows


def chat_rows(folder: Path = SENTIMENT_DATA) -> Rows:
    return read_tsv(folder / "chat_train.tsv")


def faq_rows() -> Rows:
    """The FAQ's phrasings: requests, neither pleased nor cross."""
    return [(q, "neutral") for e in load_kb(FAQ_KB) for q in e.questions]


def held_out(folder: Path = SENTIMENT_DATA, chat_test: Path = CHAT_TEST) -> set[str]:
    """The normalised forms of every sentence an evaluation scores: the polarity validation and
    test splits and the chat-style test set."""
    splits = polarity_splits(folder)
    return {normalise(t) for t, _ in splits.validation + splits.test + read_tsv(chat_test)}


def film_questions(path: Path = FILM_QUESTIONS) -> tuple[list[str], list[str]]:
    """(training half, held-out half) of the NLU's film questions, entity annotations removed;
    seeded."""
    import yaml

    texts = set()
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        for line in str(item.get("examples") or "").splitlines():
            line = line.strip().removeprefix("- ").strip()
            if line:
                texts.add(re.sub(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})", r"\1", line))
    ordered = sorted(texts)
    random.Random(SEED).shuffle(ordered)  # noqa: S311
    half = len(ordered) // 2
    return ordered[:half], ordered[half:]


def training_set(
    folder: Path = SENTIMENT_DATA,
    polarity: Rows | None = None,
    chat: Rows | None = None,
    chat_weight: float = CHAT_WEIGHT,
) -> tuple[Rows, list[float]]:
    """(rows, weights): the training split of the polarity sentences (or ``polarity``), the chat
    examples (or ``chat``; weight ``chat_weight``), the FAQ phrasings and the training half of the
    film questions, less any sentence that is :func:`held_out` or a held-out film question."""
    pol = polarity_splits(folder).train if polarity is None else polarity
    chat = chat_rows(folder) if chat is None else chat
    film_train, film_held = film_questions()
    neutral = faq_rows() + [(q, "neutral") for q in film_train]
    weighted = [(r, 1.0) for r in pol] + [(r, float(chat_weight)) for r in chat] + [(r, 1.0) for r in neutral]
    excluded = held_out(folder) | {normalise(q) for q in film_held}
    kept = [(r, w) for r, w in weighted if normalise(r[0]) not in excluded]
    return [r for r, _ in kept], [w for _, w in kept]


def data_hash(folder: Path = SENTIMENT_DATA) -> str:
    digest = hashlib.sha256()
    for path in (
        folder / "rt-polarity.neg",
        folder / "rt-polarity.pos",
        folder / "chat_train.tsv",
        FAQ_KB,
        CHAT_TEST,
        FILM_QUESTIONS,
    ):
        digest.update(path.read_bytes())
    digest.update(f"{SEED}-{TEST_FRACTION}-{VALIDATION_FRACTION}-{CHAT_WEIGHT}".encode())
    return digest.hexdigest()[:16]
