"""What a user told Encore about their taste, kept between conversations (git-ignored JSON files).

One file per sender id in ``ENCORE_RECOMMEND_DIR`` (default ``.encore/recommend/``), named by a
hash of the sender id, never the id itself. It holds the ratings given in conversation ("I loved
Heat" = 5, "I hated Cats" = 1), the people and genres liked or disliked, and the films seen.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any, Optional

from encore.settings import STATE_DIR

EMPTY: dict[str, Any] = {"ratings": {}, "like_features": {}, "dislike_features": {}, "seen": []}


def store_dir() -> Path:
    return Path(os.environ.get("ENCORE_RECOMMEND_DIR") or STATE_DIR / "recommend")


def sender_key(sender_id: str) -> str:
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:32]


class ProfileStore:
    def __init__(self, root: Optional[Path] = None) -> None:
        self.root = root or store_dir()
        self._lock = threading.Lock()

    def path(self, sender_id: str) -> Path:
        return self.root / "profiles" / f"{sender_key(sender_id)}.json"

    def load(self, sender_id: str) -> dict[str, Any]:
        try:
            data = json.loads(self.path(sender_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return json.loads(json.dumps(EMPTY))
        return {**json.loads(json.dumps(EMPTY)), **data}

    def save(self, sender_id: str, profile: dict[str, Any]) -> None:
        path = self.path(sender_id)
        with self._lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(profile, ensure_ascii=False, indent=1), encoding="utf-8")
            tmp.replace(path)

    def delete(self, sender_id: str) -> int:
        try:
            self.path(sender_id).unlink()
            return 1
        except FileNotFoundError:
            return 0
