"""Where the user store (:mod:`encore.user_store`) keeps its records: the one table, the keys a
sender's rows may have, and the database a URL names (base layer).

Kept apart from the store's reading and writing so that the choice of database, the URL
checks and SQLite's transaction settings can be read on their own.

**Database.** ``USER_STORE_URL``; unset: ``TRACKER_STORE_URL`` (so conversations and user
data live, and are erased, in the same database); unset too: the SQLite file ``users.db`` in
the stack's state folder (the folder above ``ENCORE_SUPPORT_DIR`` and ``ENCORE_RECOMMEND_DIR``,
``.encore/`` by default, next to the tracker store's ``tracker.db``). Variables come from the
environment, then ``.env``, through :mod:`encore.settings`. ``postgresql://`` (or
``postgres://``) URLs use psycopg 3 (``postgresql+psycopg``); another scheme is an error naming
the variable.

SQLite files start their transactions with ``BEGIN IMMEDIATE`` (one writer at a time, waiting up
to 30 s) and use ``secure_delete``: erased rows leave no bytes behind in the file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Mapping, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from encore.database_url import DatabaseURLError, read_database_url
from encore.settings import STATE_DIR, setting

KEY_LENGTH = 32  # hex characters of sha256(sender id) in ``sender_key``
# Older hashes of the same digest found in migrated rows (support/store.py's file names).
LEGACY_KEY_LENGTHS = (20,)
DEFAULT_FILE = "users.db"
# Dialect -> SQLAlchemy driver. The action server's environment has psycopg 3.
DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}

metadata = sa.MetaData()
records = sa.Table(
    "user_records",
    metadata,
    sa.Column("sender_key", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("created", sa.String(32), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)


class UserStoreError(ValueError):
    """The user store's database URL cannot be used (the message names the setting)."""


def sender_keys(sender_id: str) -> tuple[str, ...]:
    """The keys a sender's rows may have: the current one first, then the legacy ones."""
    digest = hashlib.sha256(sender_id.encode("utf-8")).hexdigest()
    return (digest[:KEY_LENGTH], *(digest[:n] for n in LEGACY_KEY_LENGTHS))


def sender_key(sender_id: str) -> str:
    return sender_keys(sender_id)[0]


def configured_url(
    env: Optional[Mapping[str, str]] = None, state_dir: Optional[Path] = None
) -> tuple[str, str]:
    """(setting, URL): ``USER_STORE_URL``, else ``TRACKER_STORE_URL``, else (``"default"``,
    the SQLite file ``users.db`` in ``state_dir``, default ``.encore/``)."""
    for name in ("USER_STORE_URL", "TRACKER_STORE_URL"):
        value = setting(name, env)
        if value:
            return name, value
    path = Path(state_dir or STATE_DIR).resolve() / DEFAULT_FILE
    return "default", f"sqlite:///{path}"


def engine_url(url: str, setting: str = "USER_STORE_URL") -> sa.URL:
    """The SQLAlchemy URL of ``url`` (``sqlite:///path`` or ``postgresql://user:pw@host:5432/db``);
    :class:`UserStoreError` naming ``setting`` for anything else."""
    try:
        read = read_database_url(url, setting)
    except DatabaseURLError as exc:
        raise UserStoreError(str(exc)) from None
    return sa.URL.create(
        DRIVERS[read.dialect],
        username=read.username,
        password=read.password,
        host=read.host,
        port=read.port,
        database=read.database,
    )


def _sqlite_engine(url: sa.URL) -> Engine:
    Path(url.database or "").resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    # SQLAlchemy's recipe for real SQLite transactions: pysqlite's own BEGIN handling off, and
    # BEGIN IMMEDIATE, so that a read-modify-write in another process waits instead of failing.
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA secure_delete = ON")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
