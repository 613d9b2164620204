"""The operators' console in a real headless Chromium (Debian's).

First against conversations written into a tracker-store database (tests/console_fakes.py), with a
console server of its own: sign in, the review filters, each turn's details, the NLU export (read
back by Rasa's own YAML reader) and the numbers' charts, with markup typed by users shown as
text. Then the stack's console against the real Rasa server: it listens on 127.0.0.1 only,
answers 401 without the token, shows a conversation just held with the bot as Rasa's tracker
records it, and hands a conversation from the widget to an agent and back. Screenshots are saved
under the test state folder (docs/img/console-*.png are copies).
"""

from __future__ import annotations

import json
import subprocess
import time
from typing import Any, Iterator

import pytest
import requests

from encore.console.server import make_server
from encore.console.store import EventStore
from encore.settings import Settings
from encore.stack import RASA_VENV
from tests.conftest import read_tracker
from tests.console_fakes import JS_LINK_TEXT, XSS_TEXT, sample_events, write_tracker_db
from tests.serving import served
from tests.web.conftest import ARTIFACTS
from tests.web.test_api import listening_addresses
from tests.web.test_browser import ask, bot_says, online, screenshot

pytestmark = [pytest.mark.slow]

WAIT_MS = 60_000
TOKEN = "console-test-token"
HUMAN_OFFER = "hand this conversation to a human agent"


@pytest.fixture(scope="module")
def sample_console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = write_tracker_db(tmp_path_factory.mktemp("console") / "tracker.db", sample_events())
    with served(make_server("127.0.0.1", 0, TOKEN, EventStore.for_sqlite(db))) as url:
        yield url


def refuse(dialog: Any, seen: list[str]) -> None:
    """A dialog (``alert``) opened by the page: recorded and dismissed."""
    seen.append(dialog.message)
    dialog.dismiss()


def sign_in(page: Any, url: str, token: str) -> None:
    page.goto(url + "/")
    page.locator("#token").fill(token)
    page.locator("button[type=submit]").click()
    page.locator("body[data-ready=true]").wait_for(timeout=WAIT_MS)


def apply_filter(page: Any, kind: str, text: str = "", below: str = "0.7", intent: str = "") -> None:
    page.locator("#filter-kind").select_option(kind)
    page.locator("#filter-below").fill(below)
    page.locator("#filter-text").fill(text)
    page.locator("#filter-intent").fill(intent)
    page.evaluate("document.getElementById('review-status').textContent = ''")
    page.locator("#filter-apply").click()
    page.wait_for_function(
        "() => /conversation\\(s\\)$/.test(document.getElementById('review-status').textContent)",
        timeout=WAIT_MS,
    )


def shown_senders(page: Any) -> list[str]:
    return [
        str(s) for s in page.locator("article.conversation").evaluate_all("n => n.map(a => a.dataset.sender)")
    ]


def turn_row(page: Any, sender: str, index: int) -> Any:
    return page.locator(f'article.conversation[data-sender="{sender}"] tr.turn[data-index="{index}"]')


def test_review_filters_details_export_and_numbers(browser: Any, sample_console: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: refuse(dialog, dialogs))

    # without the token: the sign-in form, with 401; a wrong token stays out
    response = page.goto(sample_console + "/")
    assert response.status == 401 and page.locator("#token").count() == 1
    page.locator("#token").fill("wrong")
    page.locator("button[type=submit]").click()
    page.locator("#token").wait_for(timeout=WAIT_MS)
    assert page.locator("#conversations").count() == 0
    sign_in(page, sample_console, TOKEN)

    # the default view: conversations with a fallback
    page.wait_for_function(
        "() => /conversation\\(s\\)$/.test(document.getElementById('review-status').textContent)",
        timeout=WAIT_MS,
    )
    assert shown_senders(page) == ["confused-user"]
    fallback = turn_row(page, "confused-user", 0)
    assert "match" in (fallback.get_attribute("class") or "")
    assert fallback.locator(".intent-name").text_content() == "nlu_fallback"
    assert fallback.locator(".top-intent").text_content() == "first guess: greet 0.31"
    assert fallback.locator(".flag.fallback").count() == 1
    # the reply, with the user's thumbs down after it
    assert fallback.locator(".replies li").all_text_contents() == [
        "Sorry, I didn't quite understand that. thumbs down"
    ]
    assert fallback.locator(".replies li").get_attribute("data-rating") == "down"
    assert fallback.locator(".replies .flag.rating.down").text_content() == "thumbs down"
    assert fallback.locator(".flag.thumbs-down").count() == 1
    assert turn_row(page, "confused-user", 1).locator(".replies li[data-rating]").count() == 0

    # what users typed is text: no element, no link, no script ran
    markup = turn_row(page, "confused-user", 1).locator("td.user-text")
    assert markup.text_content() == XSS_TEXT
    assert turn_row(page, "confused-user", 2).locator("td.user-text").text_content() == JS_LINK_TEXT
    assert page.locator("#conversations img").count() == 0
    assert page.locator("#conversations a").count() == 0
    screenshot(page, "console-review.png")

    apply_filter(page, "thumbs_down")
    assert shown_senders(page) == ["confused-user"]
    assert [
        "match" in (turn_row(page, "confused-user", i).get_attribute("class") or "") for i in range(3)
    ] == [True, False, False]

    apply_filter(page, "frustrated")
    assert shown_senders(page) == ["angry-user"]
    angry = turn_row(page, "angry-user", 0)
    assert angry.locator(".flag.frustrated").count() == 1
    assert angry.locator("td.sentiment").text_content() == "negative -0.90"

    apply_filter(page, "low_confidence", below="0.9")
    assert shown_senders(page) == ["angry-user", "confused-user"]
    apply_filter(page, "low_confidence", below="0.6")
    assert shown_senders(page) == ["confused-user"]
    apply_filter(page, "all", intent="greet")
    assert shown_senders(page) == ["confused-user", "happy-user"]

    # each turn: intent with confidence, entities, sentiment, actions with their policies, replies
    apply_filter(page, "all", text="kismet")
    assert shown_senders(page) == ["happy-user"]
    question = turn_row(page, "happy-user", 1)
    assert question.locator(".intent-name").text_content() == "ask_film"
    assert question.locator(".confidence").text_content() == "0.95"
    assert question.locator(".entities li").all_text_contents() == ["film = Kismet"]
    assert question.locator(".actions li").all_text_contents() == ["action_answer_film_question (RulePolicy)"]
    assert question.locator(".replies li").all_text_contents() == [
        "Kismet was directed by William Dieterle. thumbs up"
    ]
    assert question.locator(".replies li").get_attribute("data-rating") == "up"
    assert question.locator(".flag.thumbs-down").count() == 0
    assert "match" not in (turn_row(page, "happy-user", 0).get_attribute("class") or "")

    # export: tick messages, correct an intent, and get Rasa NLU YAML
    question.locator(".export-pick").check()
    apply_filter(page, "fallback")
    turn_row(page, "confused-user", 0).locator(".export-intent").select_option("out_of_scope")
    turn_row(page, "confused-user", 0).locator(".export-pick").check()
    turn_row(page, "confused-user", 2).locator(".export-pick").check()
    assert page.locator("#export-count").text_content() == "3"
    page.locator("#export-button").click()
    page.locator("#export-status", has_text="3 message(s) exported.").wait_for(timeout=WAIT_MS)
    exported = page.locator("#export-yaml").input_value()
    assert exported == (
        'version: "3.1"\n'
        "nlu:\n"
        "  - intent: ask_film\n"
        "    examples: |\n"
        "      - who directed [Kismet](film)?\n"
        "  - intent: out_of_scope\n"
        "    examples: |\n"
        "      - blorf wibble\n"
        "  - intent: ask_support\n"
        "    examples: |\n"
        "      - click me (javascript:alert(2)) please\n"
    )
    assert rasa_reads(exported) == [
        ["ask_film", "who directed Kismet?", "film", "Kismet"],
        ["out_of_scope", "blorf wibble", None, None],
        ["ask_support", "click me (javascript:alert(2)) please", None, None],
    ]
    page.locator("#export-yaml").scroll_into_view_if_needed()
    screenshot(page, "console-export.png")

    # numbers: five charts drawn by the server, and the same numbers in a table
    page.locator("#nav-numbers").click()
    for name in ("messages", "fallback_rate", "intents", "sentiment", "handoffs"):
        image = page.locator(f"#chart-{name}")
        page.wait_for_function(
            "(id) => { const i = document.getElementById(id); return i.complete && i.naturalWidth > 0; }",
            arg=f"chart-{name}",
            timeout=WAIT_MS,
        )
        assert image.evaluate("i => i.naturalWidth") == 640
    rows = page.locator("#numbers-days tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").all_text_contents() == ["2", "0", "0%", "0.20", "0", "1", "0"]
    assert rows.nth(1).locator("td").all_text_contents() == ["5", "2", "40%", "-0.18", "1", "0", "1"]
    summary = page.locator("#numbers-summary").text_content() or ""
    assert summary.startswith(
        "7 user messages, 2 fallbacks (29%), 1 handoff tickets, 1 thumbs up and 1 thumbs down"
    )
    page.locator("#numbers").scroll_into_view_if_needed()
    screenshot(page, "console-numbers.png")
    assert dialogs == []
    context.close()


def rasa_reads(yaml_text: str) -> list[list[Any]]:
    """(intent, text, first entity, its value) of each example, as Rasa's own reader sees them."""
    script = (
        "import json, sys\n"
        "from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader\n"
        "data = RasaYAMLReader().reads(sys.stdin.read())\n"
        "out = []\n"
        "for m in data.intent_examples:\n"
        "    e = (m.get('entities') or [{}])[0]\n"
        "    out.append([m.get('intent'), m.get('text'), e.get('entity'), e.get('value')])\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "-c", script],
        input=yaml_text, capture_output=True, text=True, timeout=600, check=True,
        env={"PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.e2e
def test_the_stacks_console_is_local_and_closed(console_server: Any, settings: Settings) -> None:
    assert listening_addresses(settings.console_port) == {"0100007F"}  # 127.0.0.1, nothing else
    for path in ("/", "/api/conversations", "/charts/messages.svg"):
        assert requests.get(settings.console_url + path, timeout=30).status_code == 401
    auth = {"Authorization": f"Bearer {settings.console_token}"}
    assert requests.get(settings.console_url + "/api/intents", headers=auth, timeout=30).status_code == 200


@pytest.mark.e2e
def test_a_real_conversation_as_the_console_shows_it(
    browser: Any, console_server: Any, bot: Any, settings: Settings
) -> None:
    bot.say("who directed Kismet?")
    bot.say("blorf wibble zzz")
    tracker = read_tracker(settings, bot.sender)
    said = [e for e in tracker["events"] if e["event"] == "user"]
    assert [e["text"] for e in said] == ["who directed Kismet?", "blorf wibble zzz"]

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sign_in(page, settings.console_url, settings.console_token)
    apply_filter(page, "all", text="blorf wibble zzz")
    assert bot.sender in shown_senders(page)
    for index, event in enumerate(said):
        row = turn_row(page, bot.sender, index)
        intent = event["parse_data"]["intent"]
        assert row.locator("td.user-text").text_content() == event["text"]
        assert row.locator(".intent-name").text_content() == intent["name"]
        assert row.locator(".confidence").text_content() == f"{intent['confidence']:.2f}"
    # each turn's actions, as the tracker lists them between one user message and the next
    actions: list[list[str]] = []
    for event in tracker["events"]:
        if event["event"] == "user":
            actions.append([])
        elif event["event"] == "action" and actions and event["name"] != "action_listen":
            actions[-1].append(event["name"])
    for index, names in enumerate(actions):
        shown = turn_row(page, bot.sender, index).locator(".actions li").all_text_contents()
        assert [a.split(" (")[0] for a in shown] == names
    assert actions[0] == ["action_answer_film_question"]
    screenshot(page, "console-real.png")
    context.close()


@pytest.mark.e2e
def test_handoff_round_trip(browser: Any, web_server: Any, console_server: Any, settings: Settings) -> None:
    """A user asks for a human in the widget; an agent claims the ticket in the console and
    replies in the user's chat; the bot stays silent; the agent hands back; the bot answers."""
    dialogs: list[str] = []
    user_context = browser.new_context()
    chat = user_context.new_page()
    chat.on("dialog", lambda dialog: refuse(dialog, dialogs))
    chat.goto(settings.web_url + "/")
    chat.locator("#encore-launcher").click()
    online(chat)
    ask(chat, "talk to a human")
    bot_says(chat, HUMAN_OFFER)
    ask(chat, "yes")
    bot_says(chat, "opened ticket")
    sender = chat.evaluate("localStorage.getItem('encore.session_id')")
    assert sender

    agent_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    console = agent_context.new_page()
    console.on("dialog", lambda dialog: refuse(dialog, dialogs))
    sign_in(console, settings.console_url, settings.console_token)
    console.locator("#nav-handoffs").click()
    console.locator("#agent-name").fill("Alex")
    ticket = console.locator(f'article.ticket[data-sender="{sender}"]')
    ticket.wait_for(timeout=WAIT_MS)
    assert ticket.get_attribute("data-status") == "open"
    assert ticket.locator(".transcript li", has_text="talk to a human").count() == 1
    assert ticket.locator(".trail li").count() >= 2  # a sentiment per user message
    assert ticket.locator(".ticket-summary").text_content().startswith("Sentiment: ")

    ticket.locator("button.claim").click()
    console.locator(f'article.ticket[data-sender="{sender}"][data-status="claimed"]').wait_for(
        timeout=WAIT_MS
    )
    assert ticket.locator(".ticket-state").text_content() == "claimed by Alex"
    bot_says(chat, "You're now talking with Alex")

    # the agent's reply reaches the open widget (pushed over its Socket.IO connection)
    bot_messages = chat.locator(".encore-message.bot").count()
    ticket.locator(".reply-text").fill("Hi, I'm Alex. What went wrong?")
    started = time.monotonic()
    ticket.locator("button.send").click()
    bot_says(chat, "Hi, I'm Alex. What went wrong?")
    print(f"\nagent reply shown in the widget after {time.monotonic() - started:.2f} s")
    assert chat.locator(".encore-message.bot").count() == bot_messages + 1

    # the user's messages go to the agent; the bot says nothing (markup stays text)
    ask(chat, "the film stops after ten minutes")
    ask(chat, XSS_TEXT)
    live = ticket.locator(".live li[data-from=user]")
    live.filter(has_text=XSS_TEXT).wait_for(timeout=WAIT_MS)
    assert live.filter(has_text="the film stops after ten minutes").count() == 1
    assert console.locator("#tickets img").count() == 0
    state = read_tracker(settings, sender)
    assert state["paused"] is True
    events = state["events"]
    last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
    assert events[last_user]["text"] == XSS_TEXT
    after_agent = max(i for i, e in enumerate(events) if e["event"] == "bot")
    assert events[after_agent]["text"] == "Hi, I'm Alex. What went wrong?"
    # after the agent's reply only the user's two messages (and the slots their entities fill):
    # no action ran, the bot said nothing
    assert [e["event"] for e in events[after_agent + 1 :] if e["event"] != "slot"] == ["user", "user"]
    assert chat.locator(".encore-message.bot").count() == bot_messages + 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ticket.screenshot(path=str(ARTIFACTS / "console-handoff.png"))  # the ticket alone
    print(f"\nscreenshot: {ARTIFACTS / 'console-handoff.png'}")

    # hand back: the bot answers again, and the ticket leaves the queue
    ticket.locator("button.release").click()
    bot_says(chat, "has handed you back to Encore")
    ticket.wait_for(state="detached", timeout=WAIT_MS)
    ask(chat, "who directed Kismet?")
    bot_says(chat, "William Dieterle")
    screenshot(chat, "console-handoff-widget.png")
    assert dialogs == []
    user_context.close()
    agent_context.close()
