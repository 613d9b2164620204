"""rasa_plugins.tracker_store runs inside the Rasa server, so it is tested with the Rasa environment
(a subprocess), on a real SQLite file: a saved conversation, then a deletion turn."""

import textwrap
from pathlib import Path

from tests.rasa_env import run_in_rasa

SCRIPT = textwrap.dedent(
    """
    import asyncio, os, sqlite3, sys
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
        # While the store's connections are open: the file is in write-ahead-log mode, and
        # neither the file nor its log holds a byte of the erased events.
        assert sqlite3.connect(db).execute("pragma journal_mode").fetchone()[0] == "wal"
        for path in (db, db + "-wal"):
            raw = open(path, "rb").read() if os.path.exists(path) else b""
            for secret in (b"my secret question", b"another secret", b"an answer"):
                assert secret not in raw, (path, secret)
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


def run_on(script: str, db: Path) -> None:
    """Run ``script`` with the Rasa environment on the SQLite file ``db``; it prints "ok" at the end."""
    run_in_rasa(script, str(db))


def test_deletion_erases_every_stored_event_of_the_sender(tmp_path: Path) -> None:
    run_on(SCRIPT, tmp_path / "tracker.db")


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
    run_on(ROLLING, tmp_path / "tracker.db")


KEPT = textwrap.dedent(
    """
    import asyncio, sys, time
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
    from rasa_plugins.tracker_store import ErasingSQLTrackerStore

    domain = Domain.load("domain.yml")
    db = sys.argv[1]
    # Two Rasa replicas on one database: each keeps the trackers it saved.
    one = ErasingSQLTrackerStore(domain=domain, dialect="sqlite", db=db, cached_conversations=2)
    two = ErasingSQLTrackerStore(domain=domain, dialect="sqlite", db=db, cached_conversations=2)
    plain = ErasingSQLTrackerStore(domain=domain, dialect="sqlite", db=db, cached_conversations=0)

    def texts(tracker):
        return [e.text for e in tracker.events if isinstance(e, UserUttered)]

    async def say(store, sender, text, *extra):
        tracker = await store.retrieve(sender)
        if tracker is None:
            start = [ActionExecuted("action_session_start"), SessionStarted(),
                     ActionExecuted("action_listen")]
            tracker = DialogueStateTracker.from_events(sender, start, domain.slots)
        for event in [UserUttered(text, {"name": "ask_film"}), ActionExecuted("action_answer_film_question"),
                      *extra, ActionExecuted("action_listen")]:
            event.timestamp = time.time()
            tracker.update(event)
        await store.save(tracker)
        return tracker

    async def main():
        started = await say(one, "ann", "who directed Heat?", SlotSet("film", "Heat"))
        # The tracker of the first turn holds the action_session_start before the session: what a
        # read gives starts at SessionStarted, so it is read from the database once.
        first = await one.retrieve("ann")
        assert first is not started and isinstance(first.events[0], SessionStarted)
        assert await one.retrieve("ann") is not first
        await one.save(first)
        assert await one.retrieve("ann") is first  # kept: no rows read, no events replayed
        second = await say(one, "ann", "and who was in it?", SlotSet("person", "Al Pacino"))
        assert second is first and await one.retrieve("ann") is first
        # What the store kept is what reading the database gives, event for event and slot for slot.
        stored = await plain.retrieve("ann")
        assert stored.current_state(EventVerbosity.ALL) == second.current_state(EventVerbosity.ALL)
        assert texts(stored) == ["who directed Heat?", "and who was in it?"]

        # The other replica answers the next message: the first one reads the new rows.
        await say(two, "ann", "when was it released?")
        seen = await one.retrieve("ann")
        assert seen is not first and texts(seen) == ["who directed Heat?", "and who was in it?",
                                                      "when was it released?"], texts(seen)
        await say(one, "ann", "what else did he direct?")
        assert texts(await plain.retrieve("ann"))[-1] == "what else did he direct?"
        assert len(texts(await plain.retrieve("ann"))) == 4  # nothing stored twice

        # A turn that failed half-way (an event the store never saved) is not handed out again.
        kept = await one.retrieve("ann")
        kept.update(UserUttered("never saved", {"name": "ask_film"}))
        assert "never saved" not in texts(await one.retrieve("ann"))

        # Only the most recently saved conversations are kept.
        for sender in ("bo", "cy"):
            await say(one, sender, "hi")
            await say(one, sender, "hello again")
        assert (await one.retrieve("ann")) is not (await one.retrieve("ann"))  # read each time
        assert (await one.retrieve("cy")) is (await one.retrieve("cy"))

    asyncio.run(main())
    print("ok")
    """
)


def test_kept_trackers_are_what_the_database_holds_whichever_replica_wrote(tmp_path: Path) -> None:
    run_on(KEPT, tmp_path / "tracker.db")


RESPONSES = textwrap.dedent(
    """
    import jsonschema
    from rasa.core.actions.action import RemoteAction
    import rasa_plugins  # installs the validator built once

    action = RemoteAction("action_answer_film_question", None)
    assert RemoteAction._validate_action_result.__module__ == "rasa_plugins.action_response"
    good = {"events": [{"event": "slot", "name": "film", "value": "Heat", "timestamp": None}],
            "responses": [{"response": "utter_kg_answer", "answer": "Michael Mann directed Heat."}]}
    assert action._validate_action_result(good) is True
    for bad in ({"events": [{"event": "slot", "value": "Heat"}]},  # a slot event without a name
                {"events": "not a list"}, {"events": [{"timestamp": 1.0}]}):  # no event type
        try:
            action._validate_action_result(bad)
        except jsonschema.ValidationError as error:
            assert "Failed to validate Action server response" in error.message, error.message
        else:
            raise AssertionError(bad)
    print("ok")
    """
)


def test_action_responses_are_checked_as_rasa_checks_them(tmp_path: Path) -> None:
    run_on(RESPONSES, tmp_path / "unused.db")
