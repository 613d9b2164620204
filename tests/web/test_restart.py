"""Conversations live in the SQL tracker store: a restart of the Rasa server loses nothing.

The restarted server also runs with a real Redis lock store (LOCK_STORE_URL), the production
setting for several Rasa servers; the test checks that Rasa really took its locks there.
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
from tests.web.conftest import redis_cli

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def lock_commands(port: int) -> int:
    """How many SET commands Redis has served (Rasa's RedisLockStore saves each lock with SET)."""
    match = re.search(r"^cmdstat_set:calls=(\d+)", redis_cli(port, "info", "commandstats"), re.M)
    return int(match.group(1)) if match else 0


def test_follow_up_after_a_restart_with_a_redis_lock_store(
    stack: Stack, rasa_server: Any, settings: Settings, redis_port: int
) -> None:
    bot = Conversation(settings.rasa_url)
    assert "William Dieterle" in bot.text("who directed Kismet?")
    with sqlite3.connect(stack.state / "tracker.db") as db:
        stored = db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (bot.sender,)).fetchone()[0]
    assert stored > 0  # the conversation is in this stack's SQLite tracker store

    rasa_server.stop(quiet=True)
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    locked = Stack(dataclasses.replace(settings, lock_store_url=redis_url), stack.state)
    before = lock_commands(redis_port)
    try:
        locked.rasa().start(quiet=True)
        reply = bot.text("and who was in it?")
        assert "Kismet" in reply and "Ronald Colman" in reply
        assert lock_commands(redis_port) > before
    finally:
        locked.rasa().stop(quiet=True)
        stack.rasa().start(quiet=True)  # the session's server, as it was (no lock store)
    assert "Ronald Colman" in bot.text("and who was in it?")
