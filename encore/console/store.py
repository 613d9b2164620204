"""The conversations, read from the tracker store's database, read-only.

Why the database and not Rasa's HTTP API: the API has no list of conversations (Rasa X kept its
own copy of every event for that), and reading every tracker through it would take the
conversations' locks in the Rasa server that is answering users. The table is Rasa's
``SQLTrackerStore`` table ``events`` (one row per event, its JSON in ``data``); the query is a
constant with one parameter, the earliest timestamp. SQLite is opened read-only
(``mode=ro``), PostgreSQL sessions are ``default_transaction_read_only``: the console cannot
change a conversation even by mistake.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Iterator, Optional

import sqlalchemy as sa

from encore.user_store import engine_url

EVENTS_SINCE = sa.text("SELECT sender_id, data FROM events WHERE timestamp >= :since ORDER BY id")
SENDER_EVENTS_SINCE = sa.text(
    "SELECT sender_id, data FROM events WHERE sender_id = :sender AND timestamp >= :since ORDER BY id"
)
DAY = 86_400.0


class EventStore:
    """Reads Rasa's ``events`` table at ``url`` (``sqlite:///path`` or ``postgresql://...``)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Optional[sa.Engine] = None

    @classmethod
    def for_sqlite(cls, path: Path) -> EventStore:
        return cls(f"sqlite:///{path.resolve()}")

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            url = engine_url(self.url, "TRACKER_STORE_URL")
            if url.drivername == "sqlite":
                # A read-only URI: SQLite refuses every write, and never creates a missing file.
                path = Path(url.database or "").resolve()
                creator_url = f"file:{path}?mode=ro"
                import sqlite3

                # One connection per read (NullPool): the server answers each request in its own
                # thread, and SQLite connections are not shared between threads.
                self._engine = sa.create_engine(
                    "sqlite://",
                    creator=lambda: sqlite3.connect(creator_url, uri=True),
                    poolclass=sa.pool.NullPool,
                )
            else:
                self._engine = sa.create_engine(
                    url, connect_args={"options": "-c default_transaction_read_only=on"}
                )
        return self._engine

    def rows(self, days: float = 30.0) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(sender_id, event dict)`` of the events of the last ``days`` days, in stored order.
        No database yet (no conversation so far): nothing."""
        return self._read(EVENTS_SINCE, {"since": time.time() - days * DAY})

    def sender_rows(self, sender_id: str, since: float) -> Iterator[tuple[str, dict[str, Any]]]:
        """The events of one conversation from ``since`` (a Unix time) on."""
        return self._read(SENDER_EVENTS_SINCE, {"sender": sender_id, "since": since})

    def _read(self, query: Any, params: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        try:
            with self.engine.connect() as conn:
                result = conn.execute(query, params).all()
        except sa.exc.OperationalError as error:
            if "unable to open database file" in str(error) or "no such table" in str(error):
                return
            raise
        for sender_id, data in result:
            try:
                event = json.loads(data)
            except (TypeError, ValueError):
                continue
            if isinstance(event, dict):
                yield str(sender_id), event

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
