"""Thumbs up and down on the bot's replies, through the real servers: the widget in Chromium rates a
reply over its Socket.IO connection, the Rasa server stores the rating in the conversation (read
back through Rasa's HTTP API), the next turn is predicted exactly as in the same conversation
without a rating, nobody can rate a reply of a conversation that is not theirs, and the operators'
console lists the conversation under "thumbs down" with the thumb on the reply.
tests/web/test_widget.py checks the buttons against a stand-in; tests/unit/test_feedback*.py the code.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from encore.settings import Settings
from tests.conftest import read_tracker
from tests.web.test_browser import ask, bot_says, online, screenshot
from tests.web.test_console import apply_filter, shown_senders, sign_in, turn_row

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WAIT_S = 60.0
# A Socket.IO connection of its own in the page (the page's Socket.IO client, the page's
# configuration): asks for a session id, then rates a reply; gives (confirmed id, answer).
RAW_RATING = """async ([session, rating, reply]) => await new Promise((resolve, reject) => {
  const config = window.ENCORE_CONFIG || {};
  const socket = window.io(config.socketUrl, {path: config.socketPath || "/socket.io/",
                                              transports: ["websocket"], forceNew: true});
  socket.on("connect", () => socket.emit("session_request", {session_id: session}));
  socket.on("session_confirm", (confirmed) => {
    socket.emit("encore_feedback", {rating: rating, reply: reply}, (answer) => {
      socket.close();
      resolve([confirmed, answer]);
    });
  });
  setTimeout(() => reject(new Error("no answer from the server")), 60000);
})"""


def ratings(events: list[dict[str, Any]]) -> list[Any]:
    return [e["value"] for e in events if e["event"] == "slot" and e["name"] == "feedback"]


def turns(events: list[dict[str, Any]]) -> list[list[tuple[str, Any, Any]]]:
    """Each user message's actions as the policies chose them: (name, policy, confidence)."""
    out: list[list[tuple[str, Any, Any]]] = []
    for event in events:
        if event["event"] == "user":
            out.append([])
        elif event["event"] == "action" and out:
            out[-1].append((event["name"], event.get("policy"), event.get("confidence")))
    return out


def bot_texts(events: list[dict[str, Any]]) -> list[str]:
    return [e["text"] for e in events if e["event"] == "bot"]


def test_a_thumbs_down_is_stored_with_the_conversation_and_changes_nothing_the_bot_does(
    browser: Any, web_server: Any, console_server: Any, bot: Any, settings: Settings
) -> None:
    # the same two turns without a rating, over the REST channel: what the bot does by itself
    bot.say("who directed Kismet?")
    bot.say("and who was in it?")
    control = read_tracker(settings, bot.sender)["events"]
    assert ratings(control) == []

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(settings.web_url + "/")
    page.locator("#encore-launcher").click()
    online(page)
    ask(page, "who directed Kismet?")
    bot_says(page, "William Dieterle")
    sender = page.evaluate("localStorage.getItem('encore.session_id')")
    answer = page.locator(".encore-message.bot").last
    assert answer.get_by_role("group", name="Rate this reply").count() == 1
    answer.get_by_role("button", name="Not helpful", exact=True).click()

    # stored in the conversation: a feedback slot event naming the reply by its bot event's timestamp
    deadline = time.monotonic() + WAIT_S
    while not ratings(read_tracker(settings, sender)["events"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    state = read_tracker(settings, sender)
    events = state["events"]
    (reply,) = [e for e in events if e["event"] == "bot" and "William Dieterle" in e["text"]]
    assert ratings(events) == [{"rating": "down", "reply": reply["timestamp"]}]
    assert state["slots"]["feedback"] == {"rating": "down", "reply": reply["timestamp"]}
    # appended after the turn (its action_listen), and nothing with it
    assert events[-1]["event"] == "slot" and events[-1]["name"] == "feedback"
    assert events[-2]["event"] == "action" and events[-2]["name"] == "action_listen"
    assert [e["event"] for e in events if e["timestamp"] > events[-2]["timestamp"]] == ["slot"]
    assert (
        answer.get_by_role("button", name="Not helpful", exact=True).get_attribute("aria-pressed") == "true"
    )

    # the next turn: the same actions, policies, confidences and reply as without the rating
    ask(page, "and who was in it?")
    bot_says(page, "Ronald Colman")
    events = read_tracker(settings, sender)["events"]
    assert turns(events) == turns(control)
    assert turns(events)[1][0][0] == "action_answer_film_question"
    assert bot_texts(events) == bot_texts(control)
    assert ratings(events) == [{"rating": "down", "reply": reply["timestamp"]}]
    screenshot(page, "widget-rated.png")

    # nobody else can rate that reply: not from a session of their own, nor with a forged id ...
    other = browser.new_context().new_page()
    other.goto(settings.web_url + "/")
    confirmed, refused = other.evaluate(RAW_RATING, [None, "up", reply["timestamp"]])
    assert confirmed != sender and refused == {"status": "unknown reply"}
    forged = sender[:-1] + ("0" if sender[-1] != "0" else "1")
    confirmed, refused = other.evaluate(RAW_RATING, [forged, "up", reply["timestamp"]])
    assert confirmed not in (forged, sender) and refused == {"status": "unknown reply"}
    # ... and the user once: the conversation's own session id, a second time
    confirmed, again = page.evaluate(RAW_RATING, [sender, "up", reply["timestamp"]])
    assert confirmed == sender and again == {"status": "already rated"}
    assert ratings(read_tracker(settings, sender)["events"]) == [
        {"rating": "down", "reply": reply["timestamp"]}
    ]

    # the operators' console: listed under "thumbs down", the thumb on the reply it was given to
    console = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    sign_in(console, settings.console_url, settings.console_token)
    apply_filter(console, "thumbs_down")
    assert sender in shown_senders(console) and bot.sender not in shown_senders(console)
    first = turn_row(console, sender, 0)
    assert "match" in (first.get_attribute("class") or "")
    rated = first.locator(".replies li[data-rating]")
    assert rated.count() == 1 and rated.get_attribute("data-rating") == "down"
    assert "William Dieterle" in (rated.text_content() or "")
    assert rated.locator(".flag.rating").text_content() == "thumbs down"
    assert first.locator(".flag.thumbs-down").count() == 1
    assert turn_row(console, sender, 1).locator(".replies li[data-rating]").count() == 0
    context.close()
