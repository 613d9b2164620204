"""Conversations live in the SQL tracker store: a restart of the Rasa server loses nothing.

Both stores users run are exercised for real: the default SQLite file, and PostgreSQL
(TRACKER_STORE_URL, Debian's server started by the test) together with a Redis lock store
(LOCK_STORE_URL), the production setting for several Rasa servers. The test checks that Rasa
really wrote the conversation and took its locks there.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from typing import Any

import pytest

from encore.settings import Settings
from encore.stack import Stack
from tests.conftest import Conversation
from tests.databases import psql, redis_cli

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def lock_commands(port: int) -> int:
    """How many SET commands Redis has served (Rasa's RedisLockStore saves each lock with SET)."""
    match = re.search(r"^cmdstat_set:calls=(\d+)", redis_cli(port, "info", "commandstats"), re.M)
    return int(match.group(1)) if match else 0


def test_follow_ups_after_restarts_with_sqlite_and_with_postgresql_and_redis(
    stack: Stack, rasa_server: Any, settings: Settings, redis_port: int, postgres_url: str
) -> None:
    on_sqlite = Conversation(settings.rasa_url)
    assert "William Dieterle" in on_sqlite.text("who directed Kismet?")
    with sqlite3.connect(stack.state / "tracker.db") as db:
        query = "SELECT count(*) FROM events WHERE sender_id = ?"
        assert db.execute(query, (on_sqlite.sender,)).fetchone()[0] > 0  # this stack's SQLite store

    rasa_server.stop(quiet=True)
    production = Stack(
        dataclasses.replace(
            settings, tracker_store_url=postgres_url, lock_store_url=f"redis://127.0.0.1:{redis_port}/0"
        ),
        stack.state,
    )
    on_postgres = Conversation(settings.rasa_url)
    try:
        production.rasa().start(quiet=True)
        before = lock_commands(redis_port)
        assert "Casablanca" in on_postgres.text("who directed Casablanca?")
        assert lock_commands(redis_port) > before  # Rasa took the conversation's lock in Redis
        count = "SELECT count(*) FROM events WHERE sender_id = :'sender'"
        assert int(psql(postgres_url, count, sender=on_postgres.sender)) > 0

        production.rasa().stop(quiet=True)
        production.rasa().start(quiet=True)
        reply = on_postgres.text("and who was in it?")
        assert "Casablanca" in reply and "Humphrey Bogart" in reply  # context read back from PostgreSQL
    finally:
        production.rasa().stop(quiet=True)
        stack.rasa().start(quiet=True)  # the session's server, as it was (SQLite, no lock store)
    reply = on_sqlite.text("and who was in it?")
    assert "Kismet" in reply and "Ronald Colman" in reply  # context read back from SQLite
