"""What a user told Encore about their taste, kept between conversations (the user store).

One record of kind ``taste_profile`` per sender in the user database (:mod:`encore.user_store`:
``USER_STORE_URL``, else ``TRACKER_STORE_URL``, else ``users.db`` in the state folder), keyed by
a hash of the sender id, never the id itself. It holds the ratings given in conversation ("I
loved Heat" = 5, "I hated Cats" = 1), the people and genres liked or disliked, and the films
seen. The JSON files of earlier versions (``ENCORE_RECOMMEND_DIR/profiles/``, default
``.encore/recommend/profiles/``) are imported once when the store opens.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Mapping, Optional

from encore.settings import STATE_DIR, setting
from encore.user_store import LegacyFolder, OnFirstUse, UserStore

KIND = "taste_profile"
EMPTY: dict[str, Any] = {"ratings": {}, "like_features": {}, "dislike_features": {}, "seen": []}


def store_dir(env: Optional[Mapping[str, str]] = None) -> Path:
    """The recommender's state folder (``ENCORE_RECOMMEND_DIR``): the old JSON profiles, and (its
    parent) the default database."""
    return Path(setting("ENCORE_RECOMMEND_DIR", env) or STATE_DIR / "recommend")


class ProfileStore:
    """Taste profiles by sender id. ``store``: the user store (default: the configured database,
    opened on first use, with the SQLite file in ``root``'s parent folder)."""

    def __init__(self, root: Optional[Path] = None, store: Optional[UserStore] = None) -> None:
        self.root = Path(root) if root else store_dir()
        # Files of an earlier version are imported on first use (the folder is renamed after).
        self._store = OnFirstUse(self.root.parent, [LegacyFolder(KIND, self.root / "profiles")], store)

    @property
    def store(self) -> UserStore:
        return self._store.get()

    def load(self, sender_id: str) -> dict[str, Any]:
        data = self.store.get(KIND, sender_id)
        return {**copy.deepcopy(EMPTY), **(data or {})}

    def save(self, sender_id: str, profile: dict[str, Any]) -> None:
        self.store.put(KIND, sender_id, profile)

    def delete(self, sender_id: str) -> int:
        return self.store.delete(KIND, sender_id)
