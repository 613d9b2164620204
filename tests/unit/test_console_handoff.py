"""The handoff desk of the operators' console (encore/console/handoff.py) against a real user
store (SQLite) and a stand-in for Rasa's HTTP API that records the events appended."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from encore.console.handoff import HandoffDesk, HandoffError, RasaAPI, live_messages
from encore.user_store import UserStore
from tests.console_fakes import XSS_TEXT, bot, user

TICKET_ID = "T-20270115-ABC123"
TICKET: dict[str, Any] = {
    "ticket_id": TICKET_ID,
    "sender": "user-1",
    "created": "2027-01-15T10:00:00Z",
    "status": "open",
    "sentiment_summary": {"turns": 2},
    "sentiment_trail": [],
    "transcript": [],
}


class FakeRasa(RasaAPI):
    def __init__(self, fail: bool = False) -> None:
        super().__init__("http://127.0.0.1:1", "token")
        self.appended: list[tuple[str, list[dict[str, Any]]]] = []
        self.fail = fail

    def append(self, sender_id: str, events: list[dict[str, Any]]) -> Any:
        if self.fail:
            raise HandoffError("the Rasa server cannot be reached", status=502)
        self.appended.append((sender_id, events))
        return {}


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    users = UserStore(f"sqlite:///{tmp_path / 'users.db'}")
    users.put("handoff_ticket", "user-1", dict(TICKET), record_id=TICKET_ID, created=TICKET["created"])
    return users


def kinds(events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["event"], e.get("text", "")) for e in events]


def test_claim_reply_and_hand_back(store: UserStore) -> None:
    rasa = FakeRasa()
    desk = HandoffDesk(store, rasa)
    assert [t["ticket_id"] for t in desk.tickets()] == [TICKET_ID]

    desk.claim(TICKET_ID, "  Alex  ")
    (sender, events), *_ = rasa.appended
    assert sender == "user-1"
    assert kinds(events) == [
        ("pause", ""),
        ("bot", "You're now talking with Alex, a member of the Encore team."),
    ]
    assert events[1]["metadata"] == {"agent": "Alex"}
    held = store.get("handoff_ticket", "user-1", TICKET_ID)
    assert held is not None and (held["status"], held["agent"]) == ("claimed", "Alex")

    with pytest.raises(HandoffError, match="claimed, not open"):
        desk.claim(TICKET_ID, "Sam")  # one agent at a time
    with pytest.raises(HandoffError, match="claim the ticket"):
        desk.reply(TICKET_ID, "Sam", "hello")
    with pytest.raises(HandoffError, match="held by Alex"):
        desk.hand_back(TICKET_ID, "Sam")

    desk.reply(TICKET_ID, "Alex", XSS_TEXT)
    assert kinds(rasa.appended[-1][1]) == [("bot", XSS_TEXT)]
    desk.hand_back(TICKET_ID, "Alex")
    assert [e["event"] for e in rasa.appended[-1][1]] == ["bot", "resume"]
    assert len(rasa.appended) == 3
    assert desk.tickets() == []  # closed tickets leave the queue
    closed = store.get("handoff_ticket", "user-1", TICKET_ID)
    assert closed is not None and closed["status"] == "closed"


def test_a_failed_claim_leaves_the_ticket_open(store: UserStore) -> None:
    desk = HandoffDesk(store, FakeRasa(fail=True))
    with pytest.raises(HandoffError) as error:
        desk.claim(TICKET_ID, "Alex")
    assert error.value.status == 502
    ticket = store.get("handoff_ticket", "user-1", TICKET_ID)
    assert ticket is not None and (ticket["status"], ticket["agent"]) == ("open", None)


@pytest.mark.parametrize(
    ("agent", "text", "message"),
    [("", "hi", "agent's name"), ("Alex", "", "1 to 2000"), ("Alex", "x" * 2001, "1 to 2000")],
)
def test_bad_requests(store: UserStore, agent: str, text: str, message: str) -> None:
    desk = HandoffDesk(store, FakeRasa())
    if agent:
        desk.claim(TICKET_ID, agent)
    with pytest.raises(HandoffError, match=message):
        desk.reply(TICKET_ID, agent, text)
    with pytest.raises(HandoffError, match="no such ticket"):
        desk.claim("T-none", "Alex")


def test_the_rasa_url_must_be_http() -> None:
    with pytest.raises(ValueError):
        RasaAPI("file:///etc/passwd", "t")


def test_live_messages() -> None:
    rows = [
        ("s", user("help", "ask_support", 0.9, 1.0, sentiment=("negative", -0.5))),
        ("s", {"event": "pause", "timestamp": 2.0}),
        ("s", {**bot("I'm Alex", 3.0), "metadata": {"agent": "Alex"}}),
        ("s", bot("Hi!", 4.0)),
        ("s", {"event": "resume", "timestamp": 5.0}),
        ("s", {"event": "action", "timestamp": 6.0, "name": "action_listen"}),
    ]
    assert live_messages(rows) == [
        {"from": "user", "text": "help", "time": 1.0, "intent": "ask_support", "sentiment": "negative"},
        {"from": "system", "text": "bot paused", "time": 2.0},
        {"from": "agent", "agent": "Alex", "text": "I'm Alex", "time": 3.0},
        {"from": "bot", "agent": None, "text": "Hi!", "time": 4.0},
        {"from": "system", "text": "bot resumed", "time": 5.0},
    ]
