"""Rasa's SQL tracker store, plus "delete my data" that really deletes.

Loaded by the **Rasa server** (``.venvs/rasa``) through the ``tracker_store`` entry of the
endpoints that ``bin/encore`` writes (``type: rasa_plugins.tracker_store.ErasingSQLTrackerStore``);
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
zeros in the file, not just unlinked, and it writes through SQLite's write-ahead log, which it
empties into the file after every erasure (no old copy of an erased row stays in the log). On
PostgreSQL deleted rows disappear from every query at once; their space is reclaimed by
(auto)vacuum.

The deletion turn is not sent to an event broker (none is configured by ``bin/encore``).

**Sessions of bounded length.** Rasa reads the latest conversation session from the store on
every message, rebuilds the tracker from its events, and its policies featurize all of them;
the action server gets them all too. A turn therefore costs more the longer the session runs
(measured: a greeting at turn 200 of one conversation took 5x one at turn 2). Rasa starts a new
session only after ``session_expiration_time`` of silence. This store also starts one after
``session_messages`` user messages (``ENCORE_SESSION_MESSAGES``, default 20; 0 turns it off):
when it saves a turn that ends such a session, it appends the events of Rasa's own session
start, with the slots carried over (``action_session_start``, ``SessionStarted``, one
``SlotSet`` per slot that has a value, ``action_listen``), exactly what Rasa writes when a
session expires with ``carry_over_slots_to_new_session``. The conversation goes on with its
slots (film, person, last question, preferences, ...); what it no longer sees is the earlier
messages themselves: the next turn's tracker, a handoff ticket's transcript and the sentiment
trail start at the session start. Every session stays stored until "delete my data".

**The conversations in progress stay in memory.** Rasa reads a tracker back on every message:
it queries the latest session's rows, decodes their JSON and replays every event, and when it
saves it counts the stored events again to know which are new. A profile of the Rasa server
under film questions put the store at 30 % of its busy time, reading more than writing. This
store keeps the trackers it saved last (``cached_conversations``, ``ENCORE_TRACKER_CACHE``,
default 256; 0 turns it off) with the number and the last id of the sender's stored rows. A
read that finds the same rows in the database (one indexed query) returns the kept tracker;
a save appends only the events after the kept count. Any other writer (another Rasa replica
on the same database, the HTTP API replacing events, a deletion) changes the rows, and the
store reads them as before. A kept tracker that gained events nobody saved (a turn that
failed half-way) is not returned. With an event broker configured nothing is kept: Rasa
finds the events to publish by reading the stored tracker back.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ConversationPaused,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from encore.feedback import SLOT as FEEDBACK_SLOT
from encore.settings import setting_values

logger = logging.getLogger(__name__)

DELETION_ACTION = "action_delete_data"
LISTEN = ACTION_LISTEN_NAME
SESSION_METADATA_SLOT = "session_started_metadata"  # Rasa's own; never carried over
NOT_CARRIED = frozenset({SESSION_METADATA_SLOT, FEEDBACK_SLOT})


@dataclass
class _Kept:
    """A tracker this store saved, with what the database held for its sender right after."""

    tracker: DialogueStateTracker
    stored: int  # how many of its events are stored (all of them: it is one session)
    rows: tuple[int, Optional[int]]  # (number, last id) of the sender's rows in the database


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


def session_is_full(events: Sequence[Event], limit: int) -> bool:
    """Whether the latest session holds ``limit`` user messages or more and its last turn is
    over (the last event is ``action_listen``): the moment to start the next session."""
    if limit <= 0 or not events:
        return False
    last = events[-1]
    if not (isinstance(last, ActionExecuted) and last.action_name == LISTEN):
        return False
    messages = 0
    for event in reversed(events):
        if isinstance(event, (SessionStarted, Restarted)):
            break
        if isinstance(event, UserUttered):
            messages += 1
            if messages >= limit:
                return True
    return False


def next_session(tracker: DialogueStateTracker) -> list[Event]:
    """The events of a session start that carries the slots over, as Rasa's own
    ``action_session_start`` writes them (with :mod:`rasa_plugins.session_start`: no rating,
    and ``pause`` when the conversation is paused). Timestamps strictly increase, so the SQL
    store's "latest session" (events at or after the last ``SessionStarted``) starts at the new one."""
    now = time.time()
    slots = [
        SlotSet(name, slot.value, timestamp=now + 0.002)
        for name, slot in tracker.slots.items()
        if name not in NOT_CARRIED and slot.value is not None and slot.value != slot.initial_value
    ]
    paused = [ConversationPaused(timestamp=now + 0.002)] if tracker.is_paused() else []
    return [
        ActionExecuted(ACTION_SESSION_START_NAME, timestamp=now),
        SessionStarted(timestamp=now + 0.001),
        *slots,
        *paused,
        ActionExecuted(LISTEN, timestamp=now + 0.003),
    ]


class ErasingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that erases a sender's stored events after "delete my data", and
    starts a new conversation session every ``session_messages`` user messages."""

    engine: sa.engine.Engine  # Rasa's, replaced on SQLite (:meth:`_sqlite_settings`)

    def __init__(
        self,
        *args: Any,
        session_messages: Optional[int] = None,
        cached_conversations: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Every setting is checked when the Rasa server starts (it builds its tracker store then);
        # the endpoints bin/encore writes pass these two, read by the same module.
        configured = setting_values()
        if session_messages is None:
            session_messages = configured["ENCORE_SESSION_MESSAGES"]
        self.session_messages = int(session_messages)
        if cached_conversations is None:
            cached_conversations = configured["ENCORE_TRACKER_CACHE"]
        self.cached_conversations = 0 if self.event_broker is not None else max(0, int(cached_conversations))
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        if self.engine.dialect.name == "sqlite":
            self._sqlite_settings()

    def _sqlite_settings(self) -> None:
        """SQLite: connections kept in a pool, the write-ahead log with ``synchronous =
        NORMAL``, and ``secure_delete``. Rasa's engine opens a connection (and reads the schema)
        for every read and every save, and each commit waits for two syncs of the rollback
        journal to disk; a turn's read and save took 3.0 to 4.5 ms so and 1.4 to 2.3 ms now, in
        alternating runs (docs/benchmarks.md, "Cost of a turn"). With the log, a commit is
        durable once the log is synced at a checkpoint: a power cut may lose the last turns, and
        never corrupts the file. Erased rows are overwritten in the file and in the log
        (:meth:`_checkpoint` after every erasure)."""
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=QueuePool, pool_size=4, connect_args={"check_same_thread": False}
        )

        @sa.event.listens_for(self.engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.close()

        self.sessionmaker = sessionmaker(bind=self.engine)

    def _checkpoint(self, session: Any) -> None:
        """After an erasure on SQLite: copy the log into the file and empty it, so that no
        earlier version of an erased row stays in the log (``wal_checkpoint(TRUNCATE)``)."""
        if self.engine.dialect.name != "sqlite":
            return
        busy, _, _ = session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
        if busy:
            logger.warning("the tracker store's log could not be emptied after an erasure (a reader held it)")

    def _rows(self, session: Any, sender_id: str) -> tuple[int, Optional[int]]:
        """How many rows the database holds for ``sender_id``, and the last one's id."""
        count, last = (
            session.query(sa.func.count(self.SQLEvent.id), sa.func.max(self.SQLEvent.id))
            .filter(self.SQLEvent.sender_id == sender_id)
            .one()
        )
        return int(count), last

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        kept = self._kept.pop(sender_id, None)
        if kept is not None and len(kept.tracker.events) == kept.stored:
            with self.session_scope() as session:
                if self._rows(session, sender_id) == kept.rows:
                    self._kept[sender_id] = kept
                    return kept.tracker
        return await super().retrieve(sender_id)

    def _keep(
        self, tracker: DialogueStateTracker, session: Any, rows: Optional[tuple[int, Optional[int]]] = None
    ) -> None:
        """Keep ``tracker`` as saved, with the sender's rows as they are now (read when not given),
        when it is what a read gives: one session, from its ``SessionStarted`` on. A tracker in
        which Rasa has just started a session also holds what came before it (at least the
        ``action_session_start`` that precedes it): the next read takes it from the database."""
        if any(isinstance(event, SessionStarted) for event in itertools.islice(tracker.events, 1, None)):
            return
        self._kept[tracker.sender_id] = _Kept(
            tracker, len(tracker.events), rows or self._rows(session, tracker.sender_id)
        )
        while len(self._kept) > self.cached_conversations:
            self._kept.popitem(last=False)

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        cut = erasure_cut(events)
        kept_before = self._kept.pop(tracker.sender_id, None)
        if cut is None:
            if session_is_full(events, self.session_messages):
                for event in next_session(tracker):
                    tracker.update(event)
                await super().save(tracker)  # the tracker now spans two sessions: not kept
                return
            if (
                kept_before is not None
                and kept_before.tracker is tracker
                and await self._append(tracker, kept_before)
            ):
                return
            await super().save(tracker)
            if self.cached_conversations > 0:
                with self.session_scope() as session:
                    self._keep(tracker, session)
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
            self._checkpoint(session)
        logger.info("erased %d stored events of a sender after a data deletion", erased)

    async def _append(self, tracker: DialogueStateTracker, kept: _Kept) -> bool:
        """Store the events ``tracker`` gained since it was kept, when the database still holds
        what it held then; False (nothing written) when it does not."""
        with self.session_scope() as session:
            if self._rows(session, tracker.sender_id) != kept.rows:
                return False
            new = itertools.islice(tracker.events, kept.stored, None)
            rows = [self._row(tracker.sender_id, event) for event in new]
            session.add_all(rows)
            session.flush()  # the new rows get their ids
            count, last = kept.rows
            now = (count + len(rows), rows[-1].id if rows else last)
            session.commit()
            self._keep(tracker, session, now)
        return True

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
