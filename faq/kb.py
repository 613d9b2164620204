"""The FAQ knowledge base (``data/faq/kb.yml``) and labelled question files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from encore.settings import ROOT

FAQ_KB = ROOT / "data" / "faq" / "kb.yml"  # the shipped knowledge base


@dataclass(frozen=True)
class FaqEntry:
    id: str
    topic: str
    questions: tuple[str, ...]
    answer: str


def load_kb(path: Path) -> list[FaqEntry]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = [
        FaqEntry(
            str(e["id"]), str(e["topic"]), tuple(str(q) for q in e["questions"]), str(e["answer"]).strip()
        )
        for e in data["entries"]
    ]
    ids = [e.id for e in entries]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate FAQ ids in {path}")
    return entries


def kb_hash(entries: list[FaqEntry]) -> str:
    """Changes whenever an indexed text changes: the key of the cached index."""
    digest = hashlib.sha256()
    for entry in entries:
        digest.update("\x1f".join((entry.id, entry.topic, *entry.questions)).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]


def load_labelled(path: Path) -> list[tuple[str, str | None]]:
    """``id<TAB>text`` lines (``-`` = matches no entry); ``#`` lines are comments."""
    rows: list[tuple[str, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _, text = line.partition("\t")
        rows.append((text.strip(), None if label.strip() == "-" else label.strip()))
    return rows
