"""Customer service through the real Rasa server, action server and Neo4j (REST webhook)."""

import json
import sqlite3

import pytest

from encore.settings import Settings
from encore.stack import Stack
from encore.user_store import UserStore
from faq.kb import FAQ_KB, load_kb
from support.store import SupportStore
from tests.conftest import TEST_STATE, Conversation, read_tracker

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j, pytest.mark.slow]

TRACE_MARKERS = ("Traceback", "Exception", "Error:", 'File "')


@pytest.fixture(scope="module")
def store(stack: Stack) -> SupportStore:
    """The action server's tickets and profiles: the test stack's user store (users.db in its
    state folder, the URL the stack gives the action server), read by this process too."""
    root = stack.settings.support_dir or TEST_STATE / "support"  # what Stack.service_env passes on
    return SupportStore(root, UserStore(stack.user_store_url()))


HUMAN_OFFER = "hand this conversation to a human agent"
FALLBACK = "didn't quite understand"


def buttons(replies: list[dict]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons", [])]


def test_every_message_gets_a_sentiment(bot: Conversation, settings: Settings) -> None:
    """Not only support questions: a film question and a greeting are scored too, by the NLU
    (entities `sentiment` and `frustrated`, which fill the slots of the same names)."""
    bot.say("hello")
    bot.say("who directed Kismet?")
    state = read_tracker(settings, bot.sender)
    slots = state["slots"]
    assert slots["sentiment"] in ("neutral", "positive"), slots
    assert slots["frustrated"] is False
    users = [e for e in state["events"] if e["event"] == "user"]
    assert len(users) == 2
    for event in users:
        entities = event["parse_data"]["entities"]
        tags = {e["entity"]: e for e in entities if e["extractor"] == "SentimentTagger"}
        assert set(tags) == {"sentiment", "frustrated"}, event["parse_data"]["entities"]
        assert -1.0 <= tags["sentiment"]["score"] <= 1.0
    # No action fills them: Rasa's slot-mapping action is not in the domain any more.
    assert "action_validate_slot_mappings" not in {e.get("name") for e in state["events"]}
    bot.say("this bot is useless, I hate it, worst film app ever")
    state = read_tracker(settings, bot.sender)
    assert state["slots"]["sentiment"] == "negative", state["slots"]
    last_user = [e for e in state["events"] if e["event"] == "user"][-1]
    tag = next(e for e in last_user["parse_data"]["entities"] if e["entity"] == "sentiment")
    assert tag["score"] < 0, tag


def test_faq_answer(bot: Conversation) -> None:
    assert "Account > Plan > Cancel membership" in bot.text("how do I cancel my subscription?")
    assert "Forgot password" in bot.text("I forgot my password")


def test_weak_match_asks_with_topic_buttons(bot: Conversation) -> None:
    replies = bot.say("card issue")  # a gift card or the payment card: the two are offered
    payloads = buttons(replies)
    topics = [p[len("/ask_support") :] for p in payloads if p.startswith("/ask_support")]
    offered = {json.loads(t)["faq_id"] for t in topics}
    assert {"gift_card_problem", "update_payment"} <= offered, replies
    assert "/request_human" in payloads
    # Pressing a topic answers it.
    first = next(p for p in payloads if p.startswith("/ask_support"))
    entry = {e.id: e for e in load_kb(FAQ_KB)}[json.loads(first[len("/ask_support") :])["faq_id"]]
    assert entry.answer in bot.text(first)


def test_tone_turns_with_the_mood_then_escalation_and_ticket(bot: Conversation, store: SupportStore) -> None:
    brisk = bot.text("how do I turn on subtitles?")
    assert "speech bubble" in brisk and "sorry" not in brisk.lower()
    upset = bot.say("this is the third time it crashed! your app is useless")
    assert "sorry" in " ".join(r.get("text", "") for r in upset).lower()
    # Strong negativity offers a human at once; sustained negativity at the latest on the next turn.
    offer = (
        upset if HUMAN_OFFER in str(upset) else bot.say("it crashed AGAIN, I'm so angry, this is ridiculous")
    )
    assert HUMAN_OFFER in "\n".join(r.get("text", "") for r in offer)
    assert buttons(offer)[-2:] == ["/affirm", "/deny"]
    done = bot.text("yes")
    assert "opened ticket" in done
    # Every turn was handled by a rule: no fallback reply anywhere in the conversation.
    assert not any(FALLBACK in r.get("text", "") for _, replies in bot.history for r in replies)
    [ticket] = store.tickets_of(bot.sender)
    assert ticket["ticket_id"] in done
    texts = [t["text"] for t in ticket["transcript"]]
    assert "this is the third time it crashed! your app is useless" in texts
    # The trail holds every message's sentiment up to the "yes" that opened the ticket.
    labels = [t["label"] for t in ticket["sentiment_trail"]]
    assert len(labels) == len(bot.history) and labels.count("negative") >= 1, labels
    assert ticket["sentiment_summary"]["negative"] >= 1
    assert "sorry" in bot.text("bye").lower()  # the goodbye rule branches on the sentiment slot


def test_warm_reply_for_a_happy_user(bot: Conversation) -> None:
    assert "Glad to help" in bot.text("love it, thanks! how do I watch in 4k?")


def stored_rows(settings: Settings, sender: str) -> list[str]:
    """The ``data`` column of the sender's rows in the SQLite tracker store of the test stack."""
    with sqlite3.connect(TEST_STATE / "tracker.db") as db:
        return [row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]


def test_delete_my_data_removes_history_profile_and_tickets(
    bot: Conversation, settings: Settings, store: SupportStore
) -> None:
    said = [
        "the film keeps buffering on the old tablet in my kitchen",
        "talk to a human",
    ]
    bot.text(said[0])
    bot.say(said[1])
    assert "opened ticket" in bot.text("yes")
    assert store.tickets_of(bot.sender) and store.profile(bot.sender) is not None
    assert any(said[0] in row for row in stored_rows(settings, bot.sender))
    assert "can't be undone" in bot.text("delete my data")
    deleted = bot.text("yes")
    assert not any(FALLBACK in r.get("text", "") for _, replies in bot.history for r in replies)
    assert "Deleted" in deleted and "1 handoff ticket" in deleted and "profile (deleted)" in deleted
    # The user store (the test stack's users.db) has nothing left of the sender.
    assert store.tickets_of(bot.sender) == [] and store.profile(bot.sender) is None
    # Rasa's tracker (HTTP API, all sessions) has no message left, and no slot.
    state = read_tracker(settings, bot.sender)
    texts = [e.get("text") for e in state["events"] if e.get("event") in ("user", "bot")]
    assert texts == [], texts
    assert not any(
        v
        for k, v in state["slots"].items()
        if k.startswith("sentiment") or k in ("pending_confirmation", "frustrated")
    )
    # ... and neither has the SQLite file: no row, and no byte of the old texts (secure_delete).
    rows = stored_rows(settings, bot.sender)
    assert not any(text in row for row in rows for text in [*said, "delete my data", "opened ticket"]), rows
    # The store writes through SQLite's log (tracker.db-wal) and empties it after an erasure.
    for name in ("tracker.db", "tracker.db-wal"):
        path = TEST_STATE / name
        raw = path.read_bytes() if path.exists() else b""
        assert said[0].encode() not in raw, name
    # The conversation goes on, from scratch.
    assert "Account > Plan" in bot.text("how do I cancel my subscription?")
    assert [e["text"] for e in read_tracker(settings, bot.sender)["events"] if e.get("event") == "user"] == [
        "how do I cancel my subscription?"
    ]


def test_declining_deletion_keeps_everything(bot: Conversation, store: SupportStore) -> None:
    bot.text("how do I add a profile?")
    bot.text("delete my data")
    assert "nothing was deleted" in bot.text("no").lower()
    assert store.profile(bot.sender) is not None


BAD = [
    "",
    ("the app keeps crashing " * 300)[:5000],  # 5,000 characters
    "😡😡😡",
    "mi app no funciona, the video keeps buffering",
    "how do I recalibrate the flux capacitor on my hoverboard",
]


def test_bad_input_is_polite(bot: Conversation) -> None:
    for message in BAD:
        texts = [r.get("text", "") for r in bot.say(message)]
        assert any(t.strip() for t in texts), message[:30]
        for text in texts:
            assert not any(m in text for m in TRACE_MARKERS) and len(text) < 2000
