"""Session ids of the web chat that only the server issues (encore/session_ids.py), and the Socket.IO
channel that uses them (rasa_plugins/socketio_channel.py, run with the Rasa environment)."""

from __future__ import annotations

import logging
import textwrap

import pytest

from encore import session_ids
from encore.settings import SettingsError
from tests.rasa_env import run_in_rasa

KEY = b"a test key that is long enough"


def tampered(session_id: str, at: int) -> str:
    """``session_id`` with the hex digit at ``at`` changed."""
    digit = "0" if session_id[at] != "0" else "1"
    return session_id[:at] + digit + session_id[at + 1 :]


def test_an_issued_id_is_recognised_and_confirmed_again() -> None:
    issued = session_ids.issue(KEY)
    assert session_ids.SESSION_ID.fullmatch(issued)
    assert session_ids.is_issued(issued, KEY)
    assert session_ids.confirm(issued, KEY) == issued  # a returning browser keeps its conversation
    assert session_ids.issue(KEY) != issued


@pytest.mark.parametrize(
    "requested",
    [None, "", 414, "movielens:414", "4f0c3e5b2a1d4c8e9f7a6b5c4d3e2f1a", "alice", ["a", "list"]],
)
def test_an_id_the_server_did_not_issue_is_replaced(requested: object) -> None:
    confirmed = session_ids.confirm(requested, KEY)
    assert confirmed != requested and session_ids.is_issued(confirmed, KEY)


def test_a_tampered_or_foreign_id_is_refused() -> None:
    issued = session_ids.issue(KEY)
    for at in (0, 31, 33, 64):  # the nonce and the signature, first and last digits
        forged = tampered(issued, at)
        assert not session_ids.is_issued(forged, KEY)
        assert session_ids.confirm(forged, KEY) not in (forged, issued)
    assert not session_ids.is_issued(issued, b"another deployment's key")
    assert not session_ids.is_issued(issued.upper(), KEY)
    assert not session_ids.is_issued(issued + "0", KEY)
    assert not session_ids.is_issued(" " + issued, KEY)


def test_the_key_comes_from_the_setting() -> None:
    env = {"SOCKETIO_SESSION_SECRET": "shared-by-every-rasa-server"}
    issued = session_ids.issue(session_ids.signing_key(env))
    assert session_ids.is_issued(issued, session_ids.signing_key(env))  # another Rasa server
    with pytest.raises(SettingsError, match="SOCKETIO_SESSION_SECRET must be at least 16 characters"):
        session_ids.signing_key({"SOCKETIO_SESSION_SECRET": "short"})


def test_without_the_setting_each_process_has_its_own_key(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="encore.session_ids"):
        first, second = session_ids.signing_key({}), session_ids.signing_key({})
    assert len(first) == 32 and first != second
    assert not session_ids.is_issued(session_ids.issue(first), second)
    assert "SOCKETIO_SESSION_SECRET is not set" in caplog.text


CHANNEL = textwrap.dedent(
    """
    import asyncio
    from rasa_plugins.socketio_channel import SocketIOInput
    from encore import session_ids

    credentials = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered",
                   "session_persistence": True}

    def make_channel():
        heard, emitted, rooms = [], [], []
        channel = SocketIOInput.from_credentials(credentials)  # the key: SOCKETIO_SESSION_SECRET

        async def on_new_message(message):
            heard.append((message.sender_id, message.text))

        channel.blueprint(on_new_message)
        sio = channel.sio

        async def emit(event, data=None, room=None, namespace=None, **kwargs):
            emitted.append((event, data, room))

        async def enter_room(sid, room, namespace=None):
            rooms.append((sid, room))

        sio.emit, sio.enter_room = emit, enter_room
        return channel, sio.handlers["/"], heard, emitted, rooms

    async def main():
        channel, on, heard, emitted, rooms = make_channel()

        # a client-chosen id: replaced by an issued one, and the socket's messages go there
        await on["session_request"]("s1", {"session_id": "movielens:414"})
        event, issued, room = emitted[-1]
        assert event == "session_confirm" and room == "s1", emitted
        assert issued != "movielens:414" and session_ids.is_issued(issued, channel.signing_key), issued
        assert rooms == [("s1", issued)], rooms
        await on["user_uttered"]("s1", {"message": "recommend me a film", "session_id": "movielens:414"})
        await on["user_uttered"]("s1", {"message": "and another", "session_id": "someone-else"})
        assert heard == [(issued, "recommend me a film"), (issued, "and another")], heard

        # a browser coming back with its issued id resumes the same conversation, on another Rasa
        # server of the deployment too (the same SOCKETIO_SESSION_SECRET)
        _, other_on, other_heard, other_emitted, _ = make_channel()
        await on["disconnect"]("s1", "client disconnect")
        await other_on["session_request"]("s2", {"session_id": issued})
        assert other_emitted[-1] == ("session_confirm", issued, "s2"), other_emitted
        await other_on["user_uttered"]("s2", {"message": "who directed Heat?", "session_id": issued})
        assert other_heard == [(issued, "who directed Heat?")], other_heard

        # a tampered id is refused: a new one, not the tampered one nor the original
        forged = issued[:-1] + ("0" if issued[-1] != "0" else "1")
        await on["session_request"]("s3", {"session_id": forged})
        confirmed = emitted[-1][1]
        assert confirmed not in (forged, issued) and session_ids.is_issued(confirmed, channel.signing_key)

        # no id asked for: a new one; no session confirmed to a socket: its messages are ignored
        await on["session_request"]("s4", None)
        assert session_ids.is_issued(emitted[-1][1], channel.signing_key)
        await on["user_uttered"]("s5", {"message": "hello", "session_id": issued})
        # ... also after the socket that had one disconnected
        await on["user_uttered"]("s1", {"message": "hello again", "session_id": issued})
        assert len(heard) == 2, heard

    asyncio.run(main())
    print("ok")
    """
)


def test_the_channel_confirms_only_issued_ids_and_sends_each_socket_to_its_own() -> None:
    run_in_rasa(CHANNEL, env={"SOCKETIO_SESSION_SECRET": "k" * 24})
