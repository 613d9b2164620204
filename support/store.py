"""Handoff tickets and support profiles as JSON files (git-ignored ``ENCORE_SUPPORT_DIR``).

File names carry a hash of the sender id, never the id itself, so deleting a sender's data is
a glob, and the folder listing reveals nothing.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from pathlib import Path
from typing import Any


def sender_key(sender_id: str) -> str:
    return hashlib.sha256(sender_id.encode()).hexdigest()[:20]


class SupportStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.tickets = self.root / "handoff"
        self.profiles = self.root / "profiles"

    def create_ticket(
        self,
        sender_id: str,
        transcript: list[dict[str, Any]],
        trail: list[dict[str, Any]],
        summary: dict[str, Any],
    ) -> dict[str, Any]:
        ticket_id = f"T-{time.strftime('%Y%m%d')}-{uuid.uuid4().hex[:6].upper()}"
        ticket = {
            "ticket_id": ticket_id,
            "sender": sender_id,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "status": "open",
            "sentiment_summary": summary,
            "sentiment_trail": trail,
            "transcript": transcript,
        }
        self._write(self.tickets / f"{sender_key(sender_id)}-{ticket_id}.json", ticket)
        return ticket

    def tickets_of(self, sender_id: str) -> list[Path]:
        return sorted(self.tickets.glob(f"{sender_key(sender_id)}-*.json"))

    def profile_path(self, sender_id: str) -> Path:
        return self.profiles / f"{sender_key(sender_id)}.json"

    def update_profile(self, sender_id: str, topic: str | None, sentiment: dict[str, Any]) -> None:
        path = self.profile_path(sender_id)
        profile: dict[str, Any] = (
            json.loads(path.read_text()) if path.is_file() else {"questions": 0, "topics": []}
        )
        profile["questions"] += 1
        if topic and topic not in profile["topics"]:
            profile["topics"] = (profile["topics"] + [topic])[-20:]
        profile["last_sentiment"] = sentiment
        self._write(path, profile)

    def delete_sender(self, sender_id: str) -> dict[str, int]:
        """Delete every file about ``sender_id``; return what was deleted."""
        tickets = self.tickets_of(sender_id)
        for path in tickets:
            path.unlink(missing_ok=True)
        profile = self.profile_path(sender_id)
        had_profile = profile.is_file()
        profile.unlink(missing_ok=True)
        return {"tickets": len(tickets), "profiles": int(had_profile)}

    @staticmethod
    def _write(path: Path, data: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False))
        tmp.replace(path)
