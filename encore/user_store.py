"""What Encore keeps about a user between conversations, in one SQL database (base layer).

Taste profiles of the recommender (:mod:`recommender.profiles`), support profiles and handoff
tickets (:mod:`support.store`) are rows of one table, so every action-server replica sees the same
users and "delete my data" erases them in one transaction, wherever the replica runs::

    user_records(sender_key TEXT, kind TEXT, record_id TEXT, created TEXT, data TEXT)
    PRIMARY KEY (sender_key, kind, record_id)

- ``sender_key``: the first 32 hex characters of sha256(sender id), never the id itself.
  The primary key starts with it: every query (a profile, a sender's tickets, erasure of all
  kinds of a sender) is a range of that one index.
- ``kind``: what the row is (``taste_profile``, ``support_profile``, ``handoff_ticket``; each
  store names its own); ``record_id``: ``""`` for one-per-sender records, the ticket id for tickets.
- ``created``: ISO 8601 UTC, the order of :meth:`UserStore.list_records`; ``data``: the JSON document.

**Database.** ``USER_STORE_URL``, else ``TRACKER_STORE_URL``, else the SQLite file ``users.db``
in the stack's state folder; the table, the sender keys and the URLs are in
:mod:`encore.user_database`.

**Migration from the JSON files.** Before this module the records were files named by a hash of
the sender id: ``ENCORE_RECOMMEND_DIR/profiles/<sha256[:32]>.json``,
``ENCORE_SUPPORT_DIR/profiles/<sha256[:20]>.json`` and
``ENCORE_SUPPORT_DIR/handoff/<sha256[:20]>-<ticket id>.json``. A store passes those folders to
:meth:`UserStore.migrate` when it opens: the files are imported in one transaction (a row
already in the database wins), then the folder is renamed ``<name>.migrated``, so it runs once.
A sender id cannot be recovered from its hash, so a file's row keeps the file's hash as its
``sender_key``: the recommender's 32 characters are already the new key, and the support files'
20 characters are a *legacy key*. Every lookup by sender id asks for the sender's keys
(:func:`sender_keys`: the new key and the 20-character prefix of the same digest) and prefers
the new key's row; a write re-keys a legacy row to the new key in the same transaction, and
erasure removes both. Both are prefixes of one digest, so they cannot belong to two senders.

**Concurrency.** Each write is one transaction. In one process a lock serialises the store's
transactions (the action server calls it from a thread pool); across processes SQLite
transactions start with ``BEGIN IMMEDIATE`` (one writer at a time, waiting up to 30 s), and on
PostgreSQL a read-modify-write (:meth:`UserStore.update`) locks its row (``SELECT ... FOR
UPDATE``) and is retried when two replicas insert the same new row at once. SQLite files use
``secure_delete``: erased rows leave no bytes behind in the file.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from encore.user_database import (
    KEY_LENGTH,
    LEGACY_KEY_LENGTHS,
    UserStoreError,
    _sqlite_engine,
    configured_url,
    engine_url,
    metadata,
    records,
    sender_key,
    sender_keys,
)

# What callers import from here, the URLs' and the keys' names from encore.user_database among them.
__all__ = [
    "LegacyFolder",
    "OnFirstUse",
    "UserStore",
    "UserStoreError",
    "configured_url",
    "engine_url",
    "now",
    "open_user_store",
    "sender_key",
    "sender_keys",
]

logger = logging.getLogger(__name__)

RETRIES = 3  # transactions that lost an insert race to another process

T = TypeVar("T")


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass(frozen=True)
class LegacyFolder:
    """A folder of JSON files from before the database: ``<hash>.json`` per sender, or with
    ``ticket_names`` ``<hash>-<record id>.json``."""

    kind: str
    folder: Path
    ticket_names: bool = False


@dataclass(frozen=True)
class _Row:
    key: str
    created: str
    data: dict[str, Any]


class UserStore:
    """Per-sender JSON records in one SQL table (see the module docstring)."""

    def __init__(self, url: str, setting: str = "USER_STORE_URL") -> None:
        self.url = url
        target = engine_url(url, setting)
        self.engine = (
            _sqlite_engine(target)
            if target.drivername == "sqlite"
            else sa.create_engine(target, pool_pre_ping=True)
        )
        self._lock = threading.RLock()
        self._create_table()

    def _create_table(self) -> None:
        for attempt in range(RETRIES):
            try:
                metadata.create_all(self.engine, checkfirst=True)
                return
            except sa.exc.DBAPIError:  # another replica created it between the check and ours
                if attempt == RETRIES - 1:
                    raise

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ----------------------------------------------------------------------------

    def _transaction(self, work: Callable[[Connection], T]) -> T:
        with self._lock:
            for attempt in range(RETRIES):
                try:
                    with self.engine.begin() as conn:
                        return work(conn)
                except IntegrityError:  # another process inserted the same row first: do it again
                    if attempt == RETRIES - 1:
                        raise
        raise AssertionError("unreachable")

    @staticmethod
    def _rows(
        conn: Connection, kind: str, keys: Sequence[str], record_id: Optional[str] = None, lock: bool = False
    ) -> dict[str, _Row]:
        """The sender's rows of ``kind`` by record id (the current key's row wins over a legacy one)."""
        query = sa.select(records.c.sender_key, records.c.record_id, records.c.created, records.c.data).where(
            records.c.kind == kind, records.c.sender_key.in_(keys)
        )
        if record_id is not None:
            query = query.where(records.c.record_id == record_id)
        if lock:
            query = query.with_for_update()
        found: dict[str, _Row] = {}
        for key, rid, created, data in conn.execute(query):
            if rid not in found or key == keys[0]:
                found[rid] = _Row(key, created, json.loads(data))
        return found

    @staticmethod
    def _write(
        conn: Connection,
        kind: str,
        keys: Sequence[str],
        record_id: str,
        data: dict[str, Any],
        old: Optional[_Row],
        created: Optional[str] = None,
    ) -> None:
        text = json.dumps(data, ensure_ascii=False)
        where = (records.c.kind == kind, records.c.record_id == record_id)
        if old is not None and old.key == keys[0]:
            conn.execute(sa.update(records).where(records.c.sender_key == keys[0], *where).values(data=text))
        else:
            conn.execute(
                sa.insert(records).values(
                    sender_key=keys[0],
                    kind=kind,
                    record_id=record_id,
                    created=old.created if old else (created or now()),
                    data=text,
                )
            )
        # A migrated row under a legacy key is re-keyed: the new row replaces it.
        conn.execute(sa.delete(records).where(records.c.sender_key.in_(keys[1:]), *where))

    # -- records ---------------------------------------------------------------------------------

    def get(self, kind: str, sender_id: str, record_id: str = "") -> Optional[dict[str, Any]]:
        """The sender's record, or ``None``."""
        keys = sender_keys(sender_id)
        row = self._transaction(lambda conn: self._rows(conn, kind, keys, record_id).get(record_id))
        return row.data if row else None

    def put(
        self,
        kind: str,
        sender_id: str,
        data: dict[str, Any],
        record_id: str = "",
        created: Optional[str] = None,
    ) -> None:
        """Write the record (replacing the sender's record of that kind and id; ``created`` is
        kept from the first write)."""
        keys = sender_keys(sender_id)

        def work(conn: Connection) -> None:
            old = self._rows(conn, kind, keys, record_id, lock=True).get(record_id)
            self._write(conn, kind, keys, record_id, data, old, created)

        self._transaction(work)

    def update(
        self,
        kind: str,
        sender_id: str,
        change: Callable[[Optional[dict[str, Any]]], dict[str, Any]],
        record_id: str = "",
    ) -> dict[str, Any]:
        """Read, ``change`` (the record or ``None`` -> the new record) and write in one
        transaction: concurrent updates of one record are applied one after the other."""
        keys = sender_keys(sender_id)

        def work(conn: Connection) -> dict[str, Any]:
            old = self._rows(conn, kind, keys, record_id, lock=True).get(record_id)
            new = change(copy.deepcopy(old.data) if old else None)
            self._write(conn, kind, keys, record_id, new, old)
            return new

        return self._transaction(work)

    def list_records(self, kind: str, sender_id: str) -> list[dict[str, Any]]:
        """The sender's records of ``kind``, oldest first."""
        keys = sender_keys(sender_id)
        rows = self._transaction(lambda conn: self._rows(conn, kind, keys))
        return [row.data for _, row in sorted(rows.items(), key=lambda item: (item[1].created, item[0]))]

    def all_records(self, kind: str) -> list[dict[str, Any]]:
        """Every sender's records of ``kind``, oldest first (the operators' console lists the
        handoff tickets with it; not a per-sender index range: a scan of the kind)."""
        query = sa.select(records.c.created, records.c.record_id, records.c.data).where(
            records.c.kind == kind
        )
        rows = self._transaction(lambda conn: conn.execute(query).all())
        return [json.loads(data) for _, _, data in sorted(rows, key=lambda row: (row[0], row[1]))]

    def delete(self, kind: str, sender_id: str) -> int:
        """Delete the sender's records of ``kind``; return how many there were."""
        return self._delete(sender_id, kind).get(kind, 0)

    def delete_sender(self, sender_id: str) -> dict[str, int]:
        """Delete every record of the sender, of every kind; return the counts by kind."""
        return self._delete(sender_id, None)

    def _delete(self, sender_id: str, kind: Optional[str]) -> dict[str, int]:
        keys = sender_keys(sender_id)
        where: list[sa.ColumnElement[bool]] = [records.c.sender_key.in_(keys)]
        if kind is not None:
            where.append(records.c.kind == kind)

        def work(conn: Connection) -> dict[str, int]:
            found = conn.execute(sa.select(records.c.kind, records.c.record_id).where(*where)).all()
            conn.execute(sa.delete(records).where(*where))
            # A record under both keys (not re-keyed yet) counts once.
            distinct = {(found_kind, rid) for found_kind, rid in found}
            return {
                k: sum(1 for found_kind, _ in distinct if found_kind == k) for k in {k for k, _ in distinct}
            }

        return self._transaction(work)

    # -- migration from JSON files ---------------------------------------------------------------

    def migrate(self, folders: Iterable[LegacyFolder]) -> int:
        """Import the folders of JSON files that exist, then rename each ``<name>.migrated``;
        return the number of rows added."""
        added = 0
        for legacy in folders:
            with self._lock:
                if legacy.folder.is_dir():
                    added += self._migrate(legacy)
        return added

    def _migrate(self, legacy: LegacyFolder) -> int:
        rows = []
        for path in sorted(legacy.folder.glob("*.json")):
            key, _, record_id = path.stem.partition("-") if legacy.ticket_names else (path.stem, "", "")
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = None
            valid_key = len(key) in (KEY_LENGTH, *LEGACY_KEY_LENGTHS) and all(
                c in "0123456789abcdef" for c in key
            )
            if not isinstance(data, dict) or not valid_key or (legacy.ticket_names and not record_id):
                logger.warning("user store: %s is not a record; left in the migrated folder", path)
                continue
            created = data.get("created")
            if not isinstance(created, str):
                created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(path.stat().st_mtime))
            rows.append({"sender_key": key, "kind": legacy.kind, "record_id": record_id, "created": created,
                         "data": json.dumps(data, ensure_ascii=False)})  # fmt: skip

        def work(conn: Connection) -> int:
            added = 0
            for row in rows:
                exists = conn.execute(
                    sa.select(records.c.kind).where(
                        records.c.sender_key == row["sender_key"],
                        records.c.kind == row["kind"],
                        records.c.record_id == row["record_id"],
                    )
                ).first()
                if exists is None:  # a row already in the database is newer than the file
                    conn.execute(sa.insert(records).values(**row))
                    added += 1
            return added

        added = self._transaction(work)
        target = legacy.folder.with_name(legacy.folder.name + ".migrated")
        if target.exists():
            target = legacy.folder.with_name(f"{legacy.folder.name}.migrated-{time.strftime('%Y%m%d%H%M%S')}")
        try:
            legacy.folder.rename(target)
        except OSError:  # another process renamed it first (its import and ours skip each other's rows)
            if legacy.folder.is_dir():
                raise
        logger.info("user store: imported %d of %d files of %s", added, len(rows), legacy.folder)
        return added


_stores: dict[str, UserStore] = {}
_stores_lock = threading.Lock()


def open_user_store(
    state_dir: Optional[Path] = None,
    legacy: Iterable[LegacyFolder] = (),
    env: Optional[Mapping[str, str]] = None,
) -> UserStore:
    """The process's store for the configured database (one per URL, shared by every caller),
    after importing the ``legacy`` folders that still exist. ``state_dir``: where the default
    SQLite file goes (see the module docstring)."""
    setting, url = configured_url(env, state_dir)
    with _stores_lock:
        store = _stores.get(url)
        if store is None:
            store = _stores[url] = UserStore(url, setting)
    store.migrate(legacy)
    return store


class OnFirstUse:
    """A capability's user store, opened on first use (``state_dir``: where the default SQLite
    file is) and with its ``legacy`` folders of JSON files imported once (renamed after); thread-safe.
    ``store``: a store already open (tests), still given the folders to import."""

    def __init__(
        self, state_dir: Path, legacy: list[LegacyFolder], store: Optional[UserStore] = None
    ) -> None:
        self.state_dir, self.legacy = state_dir, legacy
        self._store = store
        self._opened = False
        self._lock = threading.Lock()

    def get(self) -> UserStore:
        with self._lock:
            if self._store is None:
                self._store = open_user_store(self.state_dir)
            if not self._opened:
                self._store.migrate(self.legacy)
                self._opened = True
            return self._store
