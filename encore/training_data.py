"""What ``rasa train`` reads and what a trained model depends on: Rasa's training data, the FAQ's
questions written out as ``ask_support`` examples, and the fingerprint of every training input.

Kept apart from the processes (:mod:`encore.stack`, whose :meth:`~encore.stack.Stack.train` uses it)
so that the tests of the training data read it without the stack.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from encore.settings import ROOT, models_dir

MODEL_DIR = models_dir()
# Rasa's training data (data/ also holds other capabilities' data, e.g. data/faq/).
RASA_DATA = ("data/nlu", "data/rules", "data/stories")
# The FAQ's questions are ask_support examples too, written out from the knowledge base at
# training time (rasa_data()) so that the two never drift apart.
FAQ_KB = "data/faq/kb.yml"
FAQ_NLU = MODEL_DIR / "training" / "faq_questions.yml"
# FAQ entries whose wordings belong to intents of their own (delete_data, request_human).
FAQ_OWN_INTENTS = ("delete_account", "contact_human")
# Phrasings per FAQ entry given to the NLU (the first ones of each entry). More make the NLU
# send small talk and requests to ask_support more often (bench/nlu_first_stage.py), but the
# support action hands what the FAQ cannot answer to the other readers, and the whole bot does
# better with all 9 than with the first 4 (dev split of bench/bot_eval.py: 0.951 against 0.919).
FAQ_NLU_PER_ENTRY = 9
# What a trained model depends on; a change in any of these means training again.
# The NLU pipeline's own components (rasa_plugins/, and the minilm/ and sentiment/ code they
# run) are inputs too: their code and the sentiment data shape the model (the sentiment model
# leaves the sentences of its chat test set out of training: sentiment/data.py).
TRAINING_INPUTS = (
    "config.yml", "domain.yml", *RASA_DATA, FAQ_KB, "rasa_plugins", "minilm", "sentiment", "data/sentiment",
    "bench/data/sentiment_chat_test.tsv",
)  # fmt: skip


def faq_nlu_yaml(kb: Path) -> str:
    """The questions of the FAQ knowledge base as Rasa NLU examples of ``ask_support``."""
    from faq.kb import load_kb

    lines = ['version: "3.1"', "# Written from data/faq/kb.yml at training time; do not edit.", "nlu:"]
    lines += ["  - intent: ask_support", "    examples: |"]
    seen: set[str] = set()
    for entry in load_kb(kb):
        if entry.id in FAQ_OWN_INTENTS:
            continue
        for question in entry.questions[:FAQ_NLU_PER_ENTRY]:
            # Brackets and braces would read as entity annotations.
            text = " ".join(re.sub(r"[\[\](){}]", " ", question).split())
            if text and text.lower() not in seen:
                seen.add(text.lower())
                lines.append(f"      - {text}")
    return "\n".join(lines) + "\n"


def rasa_data() -> list[str]:
    """The paths ``rasa train`` and ``rasa data validate`` read: data/ plus the FAQ questions."""
    FAQ_NLU.parent.mkdir(parents=True, exist_ok=True)
    text = faq_nlu_yaml(ROOT / FAQ_KB)
    if not FAQ_NLU.is_file() or FAQ_NLU.read_text() != text:
        FAQ_NLU.write_text(text)
    return [*RASA_DATA, str(FAQ_NLU)]


def training_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = ROOT / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()
