"""rasa_plugins.tracker_store runs inside the Rasa server, so it is tested with the Rasa environment
(a subprocess), on a real SQLite file: a saved conversation, then a deletion turn."""

import os
import subprocess
import textwrap
from pathlib import Path

from encore.settings import ROOT
from encore.stack import QUIET_ENV, RASA_VENV

SCRIPT = textwrap.dedent(
    """
    import asyncio, sqlite3, sys
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import (
        ActionExecuted, BotUttered, FollowupAction, Restarted, SessionStarted, SlotSet, UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_plugins.tracker_store import ErasingSQLTrackerStore, erasure_cut

    db = sys.argv[1]
    domain = Domain.load("domain.yml")
    store = ErasingSQLTrackerStore(domain=domain, dialect="sqlite", db=db)

    def turn(text, action, *extra):
        return [UserUttered(text, {"name": "ask_support"}), ActionExecuted(action), *extra,
                ActionExecuted("action_listen")]

    async def main():
        start = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
        other = DialogueStateTracker.from_events("other", [*start, *turn("keep me", "action_answer_support")])
        await store.save(other)
        events = [*start, *turn("my secret question", "action_answer_support", BotUttered("an answer"))]
        await store.save(DialogueStateTracker.from_events("alice", events))
        # A second session, as after a session expiry: deletion must erase earlier sessions too.
        tracker = await store.retrieve("alice")
        for event in [*start, *turn("another secret", "action_answer_support")]:
            tracker.update(event)
        await store.save(tracker)
        stored = (await store.retrieve_full_tracker("alice")).events
        assert {"my secret question", "another secret"} <= {getattr(e, "text", None) for e in stored}
        events = list((await store.retrieve("alice")).events)  # the latest session, as Rasa reads it

        # A failed deletion (no Restarted) erases nothing.
        failed = events + turn("yes", "action_delete_data", BotUttered("Sorry, I couldn't delete"))
        assert erasure_cut(failed) is None
        await store.save(DialogueStateTracker.from_events("alice", failed))
        assert "another secret" in str(sqlite3.connect(db).execute("select data from events").fetchall())

        deleted = failed + turn(
            "yes", "action_delete_data", BotUttered("Deleted"), SlotSet("sentiment", None), Restarted(),
            FollowupAction("action_listen"),
        )
        await store.save(DialogueStateTracker.from_events("alice", deleted))
        assert await store.retrieve("alice") is None
        # Saved again in the same request: still nothing. Later turns are stored as usual.
        await store.save(DialogueStateTracker.from_events("alice", deleted))
        assert await store.retrieve("alice") is None
        later = deleted + turn("a new question", "action_answer_support")
        await store.save(DialogueStateTracker.from_events("alice", later))
        full = await store.retrieve_full_tracker("alice")
        texts = [e.text for e in full.events if isinstance(e, UserUttered)]
        assert texts == ["a new question"], texts
        kept = [e.text for e in (await store.retrieve("other")).events if isinstance(e, UserUttered)]
        assert kept == ["keep me"], kept

    asyncio.run(main())
    store.engine.dispose()
    raw = open(db, "rb").read()
    for secret in (b"my secret question", b"another secret", b"an answer"):
        assert secret not in raw, secret  # secure_delete: not even in free pages of the file
    assert b"keep me" in raw
    print("ok")
    """
)


def run_in_rasa(script: str, db: Path) -> None:
    """Run ``script`` with the Rasa environment on the SQLite file ``db``; it prints "ok" at the end."""
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "-c", script, str(db)],
        cwd=ROOT, env={**os.environ, **QUIET_ENV, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), (
        result.stdout + result.stderr[-3000:]
    )


def test_deletion_erases_every_stored_event_of_the_sender(tmp_path: Path) -> None:
    run_in_rasa(SCRIPT, tmp_path / "tracker.db")


ROLLING = textwrap.dedent(
    """
    import asyncio, sys, time
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_plugins.tracker_store import ErasingSQLTrackerStore, session_is_full

    domain = Domain.load("domain.yml")
    store = ErasingSQLTrackerStore(domain=domain, dialect="sqlite", db=sys.argv[1], session_messages=3)

    def turn(text, *extra):
        return [UserUttered(text, {"name": "ask_film"}), ActionExecuted("action_answer_film_question"),
                *extra, ActionExecuted("action_listen")]

    async def say(text, *extra):
        tracker = await store.retrieve("bob")
        if tracker is None:
            start = [ActionExecuted("action_session_start"), SessionStarted(),
                     ActionExecuted("action_listen")]
            tracker = DialogueStateTracker.from_events("bob", start, domain.slots)
        for event in turn(text, *extra):
            event.timestamp = time.time()  # as Rasa stamps them: in order (the store relies on it)
            tracker.update(event)
        await store.save(tracker)
        return await store.retrieve("bob")

    async def main():
        after = await say("who directed Heat?", SlotSet("film", "Heat"), SlotSet("sentiment", "neutral"))
        after = await say("and who was in it?")
        assert [e.text for e in after.events if isinstance(e, UserUttered)] == [
            "who directed Heat?", "and who was in it?"]
        # The third message fills the session: the next one starts a new session, slots kept.
        after = await say("when was it released?", SlotSet("person", "Al Pacino"))
        assert not [e for e in after.events if isinstance(e, UserUttered)], after.events
        assert isinstance(after.events[0], SessionStarted), after.events
        assert after.get_slot("film") == "Heat" and after.get_slot("person") == "Al Pacino"
        assert after.get_slot("sentiment") == "neutral"
        assert after.latest_action_name == "action_listen"
        after = await say("what else did he direct?")
        assert [e.text for e in after.events if isinstance(e, UserUttered)] == ["what else did he direct?"]
        assert after.get_slot("film") == "Heat"
        # Nothing is lost from the store: every message of every session is still there.
        full = await store.retrieve_full_tracker("bob")
        texts = [e.text for e in full.events if isinstance(e, UserUttered)]
        assert texts == ["who directed Heat?", "and who was in it?", "when was it released?",
                         "what else did he direct?"], texts
        assert sum(isinstance(e, SessionStarted) for e in full.events) == 2
        # Mid-turn (not ending with action_listen) a full session is not cut.
        assert not session_is_full(turn("a", "b")[:-1] * 5, 3)
        assert not session_is_full(turn("a") * 5, 0)
        assert session_is_full(turn("a") * 3, 3) and not session_is_full(turn("a") * 2, 3)

    asyncio.run(main())
    print("ok")
    """
)


def test_a_long_conversation_goes_on_in_a_new_session_with_its_slots(tmp_path: Path) -> None:
    run_in_rasa(ROLLING, tmp_path / "tracker.db")
