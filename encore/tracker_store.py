"""Rasa's SQL tracker store, plus "delete my data" that really deletes.

Loaded by the **Rasa server** (``.venvs/rasa``) through the ``tracker_store`` entry of the
endpoints that ``bin/encore`` writes (``type: encore.tracker_store.ErasingSQLTrackerStore``);
nothing else imports it. It stores and reads events like Rasa's ``SQLTrackerStore`` (SQLite
file or PostgreSQL), with one addition: when a tracker to save holds a successful run of the
deletion action (``action_delete_data`` followed by ``Restarted``), every stored event of that
sender is deleted, from every conversation session, and only the events after that turn are
written back (in a normal turn: none). The next message of the sender starts a new, empty
conversation.

Why here: the action server cannot erase the tracker. Rasa holds the conversation's lock
while an action runs, and the HTTP API that replaces a tracker's events waits for that same
lock, so an action calling it would wait for itself. ``Restarted`` alone only hides the old
events from the policies: they stay in the store.

On SQLite the store turns on ``PRAGMA secure_delete``, so deleted rows are overwritten with
zeros in the file, not just unlinked. On PostgreSQL deleted rows disappear from every query
at once; their space is reclaimed by (auto)vacuum.

The deletion turn is not sent to an event broker (none is configured by ``bin/encore``).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Optional, Sequence

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Event, Restarted
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

DELETION_ACTION = "action_delete_data"
LISTEN = "action_listen"


def erasure_cut(events: Sequence[Event]) -> Optional[int]:
    """Index of the first event to keep after the last successful deletion, or ``None``.

    A deletion succeeded when ``action_delete_data`` is followed by ``Restarted`` before the
    next action. What is kept starts after the ``action_listen`` that ends that turn.
    """
    cut: Optional[int] = None
    for i, event in enumerate(events):
        if not (isinstance(event, ActionExecuted) and event.action_name == DELETION_ACTION):
            continue
        j, restarted = i + 1, False
        while j < len(events) and not isinstance(events[j], ActionExecuted):
            restarted = restarted or isinstance(events[j], Restarted)
            j += 1
        if not restarted:
            continue  # the deletion failed: nothing is erased
        while j < len(events) and not (
            isinstance(events[j], ActionExecuted) and events[j].action_name == LISTEN
        ):
            j += 1
        cut = min(j + 1, len(events))
    return cut


class ErasingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that erases a sender's stored events after "delete my data"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":

            @sa.event.listens_for(self.engine, "connect")
            def _secure_delete(dbapi_connection: Any, _record: Any) -> None:
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA secure_delete = ON")
                cursor.close()

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        cut = erasure_cut(events)
        if cut is None:
            await super().save(tracker)
            return
        kept = events[cut:]
        with self.session_scope() as session:
            erased = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == tracker.sender_id)
                .delete(synchronize_session=False)
            )
            for event in kept:
                session.add(self._row(tracker.sender_id, event))
            session.commit()
        logger.info("erased %d stored events of a sender after a data deletion", erased)

    def _row(self, sender_id: str, event: Event) -> Any:
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get("name"),
            action_name=data.get("name"),
            data=json.dumps(data),
        )
