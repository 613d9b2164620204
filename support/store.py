"""Handoff tickets and support profiles in the user store (:mod:`encore.user_store`).

Records of kind ``handoff_ticket`` (record id: the ticket id) and ``support_profile`` (one per
sender), keyed by a hash of the sender id, never the id itself, in the database of
``USER_STORE_URL`` (else ``TRACKER_STORE_URL``, else ``users.db`` in the folder above ``root``,
the state folder). The JSON files of earlier versions (``root/handoff/``, ``root/profiles/``,
``root`` being ``ENCORE_SUPPORT_DIR``) are imported once when the store opens.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any, Optional

from encore.user_store import LegacyFolder, OnFirstUse, UserStore

TICKET = "handoff_ticket"
PROFILE = "support_profile"


class SupportStore:
    """``store``: the user store (default: the configured database, opened on first use)."""

    def __init__(self, root: Path, store: Optional[UserStore] = None) -> None:
        self.root = Path(root)
        # Files of an earlier version are imported on first use (the folders are renamed after).
        legacy = [
            LegacyFolder(TICKET, self.root / "handoff", ticket_names=True),
            LegacyFolder(PROFILE, self.root / "profiles"),
        ]
        self._store = OnFirstUse(self.root.parent, legacy, store)

    @property
    def store(self) -> UserStore:
        return self._store.get()

    def create_ticket(
        self,
        sender_id: str,
        transcript: list[dict[str, Any]],
        trail: list[dict[str, Any]],
        summary: dict[str, Any],
    ) -> dict[str, Any]:
        ticket_id = f"T-{time.strftime('%Y%m%d')}-{uuid.uuid4().hex[:6].upper()}"
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        ticket: dict[str, Any] = {
            "ticket_id": ticket_id,
            "sender": sender_id,
            "created": created,
            "status": "open",
            "sentiment_summary": summary,
            "sentiment_trail": trail,
            "transcript": transcript,
        }
        self.store.put(TICKET, sender_id, ticket, record_id=ticket_id, created=created)
        return ticket

    def tickets_of(self, sender_id: str) -> list[dict[str, Any]]:
        """The sender's tickets, oldest first."""
        return self.store.list_records(TICKET, sender_id)

    def profile(self, sender_id: str) -> Optional[dict[str, Any]]:
        """The sender's support profile (questions asked, topics, last sentiment), or ``None``."""
        return self.store.get(PROFILE, sender_id)

    def update_profile(self, sender_id: str, topic: str | None, sentiment: dict[str, Any]) -> None:
        def change(profile: Optional[dict[str, Any]]) -> dict[str, Any]:
            profile = profile or {"questions": 0, "topics": []}
            profile["questions"] += 1
            if topic and topic not in profile["topics"]:
                profile["topics"] = (profile["topics"] + [topic])[-20:]
            profile["last_sentiment"] = sentiment
            return profile

        self.store.update(PROFILE, sender_id, change)

    def delete_sender(self, sender_id: str) -> dict[str, int]:
        """Delete everything the user store holds about ``sender_id``, every kind (the
        recommender's taste profile too when it shares the database); return what was deleted:
        ``tickets``, and ``profiles`` (support and taste profiles)."""
        deleted = self.store.delete_sender(sender_id)
        tickets = deleted.pop(TICKET, 0)
        return {"tickets": tickets, "profiles": sum(deleted.values())}
