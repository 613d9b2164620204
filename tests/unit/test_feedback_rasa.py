"""The code of the ratings and of the held conversations that runs inside the Rasa server, tested
with the Rasa environment (a subprocess): the Socket.IO channel's ratings, stored by
rasa_plugins/feedback.py in the real SQL tracker store on a SQLite file; the reply ids the channel's
output sends; and rasa_plugins/session_start.py, the session start that keeps a human agent's pause.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.rasa_env import run_in_rasa

SECRET = {"SOCKETIO_SESSION_SECRET": "k" * 24}

CHANNEL = textwrap.dedent(
    """
    import asyncio, json, sqlite3, sys
    from types import SimpleNamespace
    from rasa.core.lock_store import InMemoryLockStore
    from rasa.core.tracker_store import FailSafeTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import (
        ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_plugins.socketio_channel import SocketIOInput
    from rasa_plugins.tracker_store import ErasingSQLTrackerStore

    db = sys.argv[1]
    domain = Domain.load("domain.yml")
    store = ErasingSQLTrackerStore(domain=domain, dialect="sqlite", db=db, session_messages=0)

    class Processor:  # the one call of Rasa's MessageProcessor the ratings make
        async def get_tracker(self, sender_id):
            return await store.get_or_create_tracker(sender_id, append_action_listen=False)

    agent = SimpleNamespace(
        lock_store=InMemoryLockStore(), processor=Processor(), tracker_store=FailSafeTrackerStore(store),
        domain=domain,
    )
    credentials = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered",
                   "session_persistence": True}
    channel = SocketIOInput.from_credentials(credentials)
    heard = []

    async def on_new_message(message):
        heard.append((message.sender_id, message.text, message.output_channel.name()))

    channel.blueprint(on_new_message)
    channel.agent = agent
    emitted = []

    async def emit(event, data=None, room=None, namespace=None, **kwargs):
        emitted.append((event, data, room))

    async def enter_room(sid, room, namespace=None):
        pass

    channel.sio.emit, channel.sio.enter_room = emit, enter_room
    on = channel.sio.handlers["/"]

    def start(at):
        return [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at + 0.1),
                ActionExecuted("action_listen", timestamp=at + 0.2)]

    def turn(text, reply, at, *extra):
        return [UserUttered(text, {"name": "ask_film"}, timestamp=at),
                ActionExecuted("action_answer_film_question", timestamp=at + 0.1),
                BotUttered(reply, timestamp=at + 0.2), *extra,
                ActionExecuted("action_listen", timestamp=at + 0.3)]

    def ratings(sender):
        rows = sqlite3.connect(db).execute(
            "select data from events where sender_id = ? and type_name = 'slot'", (sender,)).fetchall()
        return [json.loads(r[0])["value"] for r in rows if json.loads(r[0])["name"] == "feedback"]

    async def confirmed(sid):
        await on["session_request"](sid, None)
        event, session_id, room = emitted[-1]
        assert event == "session_confirm" and room == sid
        return session_id

    async def main():
        alice, bob = await confirmed("s1"), await confirmed("s2")
        t = 1_700_000_000.25
        old = t + 0.9 + 0.2  # a reply of alice's first session
        first = [*start(t), *turn("who directed Kismet?", "William Dieterle.", t + 0.9)]
        agent_said = BotUttered("Hi, I'm Alex.", metadata={"agent": "Alex"}, timestamp=t + 5000.5)
        latest = t + 4000.2 + 0.2
        tracker = DialogueStateTracker.from_events(alice, [
            *first, *start(t + 4000), *turn("and who was in it?", "Ronald Colman.", t + 4000.2, agent_said)])
        await store.save(tracker)
        await store.save(DialogueStateTracker.from_events(bob, [*start(t), *turn("hi", "Hello!", t + 1)]))
        bobs = t + 1.2

        async def rate(sid, data):
            return (await on["encore_feedback"](sid, data))["status"]

        # a reply of the latest session, once: a second rating of it, up or down, is refused
        assert await rate("s1", {"rating": "down", "reply": latest}) == "stored"
        assert await rate("s1", {"rating": "down", "reply": latest}) == "already rated"
        assert await rate("s1", {"rating": "up", "reply": latest}) == "already rated"
        assert ratings(alice) == [{"rating": "down", "reply": latest}], ratings(alice)
        events = (await store.retrieve(alice)).events
        assert isinstance(events[-1], SlotSet) and events[-1].key == "feedback"  # appended last
        assert isinstance(events[-2], ActionExecuted) and events[-2].action_name == "action_listen"

        # a reply of the session before (looked up in every session), stored in the latest session
        assert await rate("s1", {"rating": "up", "reply": old}) == "stored"
        assert await rate("s1", {"rating": "up", "reply": old}) == "already rated"
        assert ratings(alice) == [{"rating": "down", "reply": latest}, {"rating": "up", "reply": old}]
        latest_session = (await store.retrieve(alice)).events
        assert [e.value for e in latest_session if isinstance(e, SlotSet)] == [
            {"rating": "down", "reply": latest}, {"rating": "up", "reply": old}]

        # only replies of the bot in the socket's own conversation
        assert await rate("s1", {"rating": "down", "reply": bobs}) == "unknown reply"  # bob's reply
        assert await rate("s1", {"rating": "down", "reply": t + 5000.5}) == "unknown reply"  # an agent's
        assert await rate("s1", {"rating": "down", "reply": t + 0.9}) == "unknown reply"  # a user message
        assert await rate("s1", {"rating": "down", "reply": latest + 1e-6}) == "unknown reply"
        assert ratings(bob) == []
        assert await rate("s2", {"rating": "down", "reply": bobs}) == "stored"
        assert ratings(bob) == [{"rating": "down", "reply": bobs}]

        # bad requests and sockets without a session change nothing
        for bad in (None, "down", {"rating": "meh", "reply": latest}, {"rating": "up", "reply": "1"},
                    {"rating": "up", "reply": True}, {"rating": "up"}, {"rating": "up", "reply": -1}):
            assert await rate("s1", bad) == "invalid", bad
        assert await rate("s9", {"rating": "up", "reply": bobs}) == "no session"
        await on["disconnect"]("s2", "client disconnect")
        assert await rate("s2", {"rating": "up", "reply": bobs}) == "no session"
        assert ratings(alice) == [{"rating": "down", "reply": latest}, {"rating": "up", "reply": old}]
        assert ratings(bob) == [{"rating": "down", "reply": bobs}]
        assert await rate("s1", {"rating": "down", "reply": 12.5}) == "unknown reply"  # no such reply
        assert await store.retrieve("nobody") is None

        # a store that fails: the widget is told, nothing is stored
        async def broken(sender_id):
            raise RuntimeError("the database is gone")
        agent.processor.get_tracker = broken
        assert await rate("s1", {"rating": "up", "reply": latest}) == "failed"

        # the user's messages still go to the socket's own conversation, answered through this
        # channel's output
        await on["user_uttered"]("s1", {"message": "thanks", "session_id": bob})
        assert heard == [(alice, "thanks", "socketio")], heard

    asyncio.run(main())
    print("ok")
    """
)


def test_the_channel_stores_a_rating_of_a_reply_of_the_sockets_own_conversation_once(tmp_path: Path) -> None:
    run_in_rasa(CHANNEL, str(tmp_path / "tracker.db"), env=SECRET)


OUTPUT = textwrap.dedent(
    """
    import asyncio
    from rasa.core.channels.socketio import SocketIOOutput as RasaOutput
    from rasa.shared.core.events import BotUttered
    from rasa_plugins.socketio_channel import SocketIOInput, SocketIOOutput

    channel = SocketIOInput.from_credentials({"session_persistence": True})

    async def on_new_message(message):
        pass

    channel.blueprint(on_new_message)
    emitted = []

    async def emit(event, data=None, room=None, namespace=None, **kwargs):
        emitted.append((event, data, room, kwargs))

    channel.sio.emit = emit
    out = channel.get_output_channel()  # what Rasa uses for events appended with output_channel=latest
    assert type(out) is SocketIOOutput and out.name() == "socketio", out

    async def sent(event):
        emitted.clear()
        await out.send_response("room-1", event.message())
        return [(name, data) for name, data, room, _ in emitted if room == "room-1"]

    async def main():
        # a text in two parts (Rasa splits at blank lines): the id goes with the last one
        two = BotUttered("Kismet was directed by William Dieterle.\\n\\nAsk me more.",
                         metadata={"utter_action": "utter_kg_answer"}, timestamp=1700000000.125)
        assert await sent(two) == [
            ("bot_uttered", {"text": "Kismet was directed by William Dieterle."}),
            ("bot_uttered", {"text": "Ask me more.", "encore_reply": 1700000000.125}),
        ], emitted
        # buttons: on the last part, as Rasa sends them, with the id
        buttons = [{"title": "Kismet (1944)", "payload": "/choose"}]
        choose = BotUttered("Which one?", data={"buttons": buttons}, timestamp=1700000001.5)
        assert await sent(choose) == [("bot_uttered", {
            "text": "Which one?", "encore_reply": 1700000001.5,
            "quick_replies": [{"content_type": "text", "title": "Kismet (1944)", "payload": "/choose"}],
        })], emitted
        # the same as Rasa's output, less the id
        emitted.clear()
        await RasaOutput(channel.sio, "bot_uttered").send_response("room-1", choose.message())
        rasa = emitted[0][1]
        assert {k: v for k, v in (await sent(choose))[0][1].items() if k != "encore_reply"} == rasa
        # a human agent's message: no id, it cannot be rated
        alex = BotUttered("Hi, I'm Alex.", metadata={"agent": "Alex"}, timestamp=1700000002.0)
        assert await sent(alex) == [("bot_uttered", {"text": "Hi, I'm Alex."})], emitted
        # custom JSON (the widget's "forget the transcript") goes out as Rasa sends it
        forget = BotUttered(None, data={"custom": {"data": {"encore_forget_transcript": True}}},
                            timestamp=1700000003.0)
        emitted.clear()
        await out.send_response("room-1", forget.message())
        assert emitted == [("bot_uttered", {"encore_forget_transcript": True}, "room-1", {})], emitted

    asyncio.run(main())
    print("ok")
    """
)


def test_the_channels_replies_carry_their_id_except_an_agents(tmp_path: Path) -> None:
    run_in_rasa(OUTPUT, env=SECRET)


SESSION_START = textwrap.dedent(
    """
    import asyncio
    import rasa_plugins  # installs the session start, as the Rasa server does when it loads the model
    from rasa.core.actions.action import ActionSessionStart
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import (
        ActionExecuted, BotUttered, ConversationPaused, ConversationResumed, SessionStarted, SlotSet,
        UserUttered,
    )
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_plugins.tracker_store import next_session

    domain = Domain.load("domain.yml")
    rating = {"rating": "down", "reply": 1700000000.5}

    def conversation(*extra):
        return DialogueStateTracker.from_events("alice", [
            ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
            UserUttered("talk to a human", {"name": "request_human"}), ActionExecuted("action_offer_human"),
            BotUttered("Would you like me to hand this conversation to a human agent?"),
            SlotSet("film", "Kismet"), SlotSet("feedback", rating), ActionExecuted("action_listen"), *extra,
        ], slots=domain.slots)

    async def new_session(tracker):
        # what Rasa's processor does when a session has expired: run action_session_start and apply
        # its events to the tracker, then the user's message
        events = await ActionSessionStart().run(None, None, tracker, domain)
        for event in events:
            tracker.update(event, domain)
        tracker.update(UserUttered("are you there?", {"name": "greet"}), domain)
        return events

    async def main():
        held = conversation(ConversationPaused(), BotUttered("You're now talking with Alex."))
        assert held.is_paused()
        events = await new_session(held)
        names = [type(e).__name__ for e in events]
        assert names == ["SessionStarted", "SlotSet", "ConversationPaused", "ActionExecuted"], names
        assert events[1].key == "film" and events[1].value == "Kismet"  # the other slots carried over
        assert held.is_paused()  # the bot stays silent in the new session

        free = conversation()
        events = await new_session(free)
        assert [type(e).__name__ for e in events] == ["SessionStarted", "SlotSet", "ActionExecuted"]
        assert not free.is_paused()
        handed_back = conversation(ConversationPaused(), ConversationResumed())
        events = await new_session(handed_back)
        assert not any(isinstance(e, ConversationPaused) for e in events) and not handed_back.is_paused()

        # the store's own session start after ENCORE_SESSION_MESSAGES does the same
        started = next_session(conversation(ConversationPaused()))
        assert [type(e).__name__ for e in started] == [
            "ActionExecuted", "SessionStarted", "SlotSet", "ConversationPaused", "ActionExecuted"], started
        assert [e.key for e in started if isinstance(e, SlotSet)] == ["film"]
        assert not any(isinstance(e, ConversationPaused) for e in next_session(conversation()))

    asyncio.run(main())
    print("ok")
    """
)


def test_a_new_session_keeps_a_human_agents_hold_and_no_rating() -> None:
    run_in_rasa(SESSION_START)
