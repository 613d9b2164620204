"""The chat widget in a real headless Chromium, against a stand-in for Rasa's Socket.IO channel.

The page comes from the real page server (encore/web.py, with its Content-Security-Policy);
its Socket.IO connection is answered by :class:`FakeRasa`, which speaks the same frames as
Rasa's channel (Engine.IO 4, Socket.IO 5) and says exactly what a test tells it to, when the
test tells it to. So the bot can send markup and ``javascript:`` addresses, a reply can be held
back while the typing indicator is checked, and no test depends on what the NLU understands.
tests/web/test_browser.py runs the same widget against the real servers.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any, Iterator, Optional

import pytest

pytestmark = [pytest.mark.slow]

WAIT_MS = 60_000
CHOICES = [
    {"title": "Kismet (1944)", "payload": '/choose_film{"film": "Kismet (1944)"}'},
    {"title": "Kismet (1955)", "payload": '/choose_film{"film": "Kismet (1955)"}'},
]


EVENT = re.compile(r"42(\d*)(\[.*)", re.DOTALL)  # a Socket.IO event, with the id of its acknowledgement


class FakeRasa:
    """Rasa's Socket.IO channel, as far as the widget sees it: the handshake (its auth payload in
    ``auth``), session_request -> session_confirm (an id it issued, else a new one, as
    rasa_plugins/socketio_channel.py does), user_uttered (recorded in ``heard`` and, with its
    session id, in ``senders``) and encore_feedback (recorded in ``ratings``, acknowledged with
    ``{"status": rating_status}``); the test sends bot_uttered."""

    def __init__(self) -> None:
        self.heard: list[str] = []
        self.senders: list[Optional[str]] = []
        self.sessions: list[Optional[str]] = []
        self.issued: list[str] = []
        self.auth: list[Any] = []
        self.ratings: list[Any] = []
        self.rating_status = "stored"
        self.socket: Any = None

    def attach(self, page: Any) -> None:
        page.route_web_socket(re.compile(r"/socket\.io/"), self._connected)

    def _connected(self, socket: Any) -> None:
        self.socket = socket
        socket.on_message(self._received)
        # Engine.IO "open"; pings far apart, so that none is due while a test runs
        handshake = {"sid": "engine", "upgrades": [], "pingInterval": 600_000, "pingTimeout": 600_000}
        socket.send("0" + json.dumps(handshake))

    def _received(self, frame: Any) -> None:
        frame = frame if isinstance(frame, str) else frame.decode()
        event = EVENT.fullmatch(frame)
        if frame.startswith("40"):  # connect to the default namespace, with the page's auth if any
            self.auth.append(json.loads(frame[2:]) if frame[2:] else None)
            self.socket.send('40{"sid": "socket"}')
        elif event:
            ack, (name, data) = event.group(1), json.loads(event.group(2))
            if name == "session_request":
                requested = data.get("session_id")
                self.sessions.append(requested)
                if requested not in self.issued:
                    self.issued.append(f"issued-{len(self.issued) + 1}")
                confirmed = requested if requested in self.issued else self.issued[-1]
                self.socket.send("42" + json.dumps(["session_confirm", confirmed]))
            elif name == "user_uttered":
                self.heard.append(data["message"])
                self.senders.append(data.get("session_id"))
            elif name == "encore_feedback":
                self.ratings.append(data)
                if ack:
                    self.socket.send(f"43{ack}" + json.dumps([{"status": self.rating_status}]))

    def say(self, **message: Any) -> None:
        self.socket.send("42" + json.dumps(["bot_uttered", message]))

    def wait_heard(self, page: Any, count: int) -> list[str]:
        """Wait until the widget has sent ``count`` messages (Playwright dispatches them while it waits)."""
        deadline = time.monotonic() + WAIT_MS / 1000
        while len(self.heard) < count and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        assert len(self.heard) >= count, f"the widget sent {self.heard}, expected {count} messages"
        return self.heard


@pytest.fixture
def fake() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def dialogs() -> list[str]:
    """What alert(), confirm() or prompt() said on the page: nothing, in every test."""
    return []


@pytest.fixture
def page(
    browser: Any, page_server: str, fake: FakeRasa, dialogs: list[str], request: pytest.FixtureRequest
) -> Iterator[Any]:
    viewport = getattr(request, "param", {"width": 1280, "height": 800})
    context = browser.new_context(viewport=viewport)
    page = context.new_page()

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    fake.attach(page)
    page.goto(page_server + "/")
    yield page
    context.close()


def open_chat(page: Any) -> None:
    page.locator("#encore-launcher").click()
    page.locator('#encore-status[data-state="online"]').wait_for(timeout=WAIT_MS)


def bot_messages(page: Any, count: int) -> Any:
    """Wait until the widget shows ``count`` bot messages; return their bubbles."""
    bubbles = page.locator(".encore-message.bot .encore-text")
    bubbles.nth(count - 1).wait_for(timeout=WAIT_MS)
    return bubbles


def focused_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def wait_focus(page: Any, element_id: str) -> None:
    script = "(id) => document.activeElement !== null && document.activeElement.id === id"
    page.wait_for_function(script, arg=element_id, timeout=WAIT_MS)


SCRIPT_LIKE = [
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(2)">your tickets</a>',
    "[your tickets](javascript:alert(3))",
    "Open javascript:alert(4) or JAVASCRIPT://%0aalert(5)",
    "data:text/html,<script>alert(6)</script> and vbscript:msgbox(7)",
    '<script>alert(8)</script><iframe src="javascript:alert(9)"></iframe>',
    'See https://example.org/help?a=1&b=2. Or http://example.com/x"onmouseover="alert(10)" now',
]


def test_script_like_bot_text_is_shown_as_text(page: Any, fake: FakeRasa, dialogs: list[str]) -> None:
    open_chat(page)
    for text in SCRIPT_LIKE:
        fake.say(text=text)
    fake.say(text="Pick one", buttons=[{"title": "<img src=y onerror=alert(11)>", "payload": "/x"}])
    bubbles = bot_messages(page, len(SCRIPT_LIKE) + 1)
    assert bubbles.all_text_contents() == [*SCRIPT_LIKE, "Pick one"]  # every character shown as typed
    assert page.locator(".encore-buttons button").text_content() == "<img src=y onerror=alert(11)>"
    # no element was made from the text but the two web addresses' links
    made = page.evaluate(
        "[...document.querySelectorAll('#encore-messages .encore-text *')].map(e => e.tagName)"
    )
    assert made == ["A", "A"]
    links = page.locator("#encore-messages a")
    assert [links.nth(i).get_attribute("href") for i in range(2)] == [
        "https://example.org/help?a=1&b=2",
        "http://example.com/x",
    ]
    for i in range(2):
        assert links.nth(i).get_attribute("target") == "_blank"
        assert "noopener" in (links.nth(i).get_attribute("rel") or "").split()
    assert page.evaluate("document.querySelectorAll('img, iframe').length") == 0
    assert page.evaluate("document.scripts.length") == 3  # the page's own: config, Socket.IO, widget
    assert dialogs == []

    # the same after a reload, when the messages are drawn again from localStorage
    page.reload()
    page.locator('#encore-status[data-state="online"]').wait_for(timeout=WAIT_MS)
    assert bot_messages(page, len(SCRIPT_LIKE) + 1).all_text_contents() == [*SCRIPT_LIKE, "Pick one"]
    assert page.locator("#encore-messages a").count() == 2
    assert page.locator("#encore-messages img, #encore-messages script, #encore-messages iframe").count() == 0
    assert dialogs == []


def test_typing_indicator_shows_until_the_answer(page: Any, fake: FakeRasa) -> None:
    open_chat(page)
    typing = page.locator("#encore-typing")
    assert typing.is_hidden()
    page.locator("#encore-input").fill("write a tagline for Memento")
    page.locator("#encore-input").press("Enter")
    fake.wait_heard(page, 1)  # the server has the message and holds the answer back
    assert typing.is_visible() and typing.text_content() == "Encore is typing…"
    region = page.evaluate("document.getElementById('encore-typing').parentElement.getAttribute('role')")
    assert region == "status"  # a screen reader announces it
    fake.say(text="Some memories are best forgotten.")
    bot_messages(page, 1)
    assert typing.is_hidden()


def test_buttons_answer_once(page: Any, fake: FakeRasa) -> None:
    open_chat(page)
    fake.say(text="Which Kismet do you mean?", buttons=CHOICES)
    bot_messages(page, 1)
    first = page.locator(".encore-buttons button", has_text="Kismet (1944)")
    # two clicks in one go (a double click, or an impatient user): one message goes out
    users = page.evaluate(
        """() => { const b = [...document.querySelectorAll('.encore-buttons button')][0];
                   b.click(); b.click();
                   return document.querySelectorAll('.encore-message.user').length; }"""
    )
    assert users == 1
    assert first.is_disabled() and page.locator(".encore-buttons button:disabled").count() == len(CHOICES)
    page.locator(".encore-buttons button", has_text="Kismet (1955)").click(force=True)  # disabled: nothing
    page.locator("#encore-input").fill("thanks")
    page.locator("#encore-input").press("Enter")
    assert fake.wait_heard(page, 2) == [CHOICES[0]["payload"], "thanks"]
    said = page.locator(".encore-message.user .encore-text").all_text_contents()
    assert said == ["Kismet (1944)", "thanks"]

    page.reload()  # the row stays answered
    page.locator('#encore-status[data-state="online"]').wait_for(timeout=WAIT_MS)
    bot_messages(page, 1)
    assert page.locator(".encore-buttons button:disabled").count() == len(CHOICES)


REPLY_AT = 1764512345.123456  # the timestamp of a bot event, the reply's id as the channel sends it


def wait_ratings(page: Any, fake: FakeRasa, count: int) -> list[Any]:
    """Wait until the widget has sent ``count`` ratings."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while len(fake.ratings) < count and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert len(fake.ratings) >= count, f"the widget sent {fake.ratings}, expected {count} ratings"
    return fake.ratings


def thumbs_state(page: Any) -> list[tuple[str, Optional[str], Optional[str]]]:
    """(name, aria-pressed, aria-disabled) of every rating button, in order."""
    buttons = page.locator(".encore-rating button")
    return [
        (
            str(buttons.nth(i).get_attribute("aria-label")),
            buttons.nth(i).get_attribute("aria-pressed"),
            buttons.nth(i).get_attribute("aria-disabled"),
        )
        for i in range(buttons.count())
    ]


def test_a_reply_is_rated_once(page: Any, fake: FakeRasa) -> None:
    open_chat(page)
    fake.say(text="Hello! Ask me about films.")  # sent without an id: it cannot be rated
    fake.say(text="Kismet was directed by William Dieterle.", encore_reply=REPLY_AT)
    bot_messages(page, 2)
    assert page.locator(".encore-message.bot").nth(0).locator(".encore-rating").count() == 0
    rated = page.locator(".encore-message.bot").nth(1)
    group = rated.get_by_role("group", name="Rate this reply")
    assert group.count() == 1
    assert group.get_by_role("button", name="Helpful", exact=True).count() == 1
    assert group.get_by_role("button", name="Not helpful", exact=True).count() == 1
    assert thumbs_state(page) == [("Helpful", "false", "false"), ("Not helpful", "false", "false")]
    assert page.locator(".encore-rating svg[aria-hidden=true]").count() == 2  # the icons are not read out

    # two presses in one go (a double click, an impatient user): one rating goes out
    page.evaluate(
        """() => { const b = document.querySelector('.encore-rating button[aria-label="Not helpful"]');
                   b.click(); b.click(); }"""
    )
    assert wait_ratings(page, fake, 1) == [{"rating": "down", "reply": REPLY_AT}]  # the id exactly
    assert thumbs_state(page) == [("Helpful", "false", "true"), ("Not helpful", "true", "true")]
    group.get_by_role("button", name="Helpful", exact=True).click(force=True)  # used: it takes no press
    page.locator("#encore-input").fill("thanks")
    page.locator("#encore-input").press("Enter")
    fake.wait_heard(page, 1)  # sent after the press: a rating sent by it would have arrived first
    assert fake.ratings == [{"rating": "down", "reply": REPLY_AT}]

    page.reload()  # kept with the history
    page.locator('#encore-status[data-state="online"]').wait_for(timeout=WAIT_MS)
    bot_messages(page, 2)
    assert thumbs_state(page) == [("Helpful", "false", "true"), ("Not helpful", "true", "true")]
    page.locator('.encore-rating button[aria-label="Helpful"]').click(force=True)
    page.locator("#encore-input").fill("bye")
    page.locator("#encore-input").press("Enter")
    fake.wait_heard(page, 2)
    assert fake.ratings == [{"rating": "down", "reply": REPLY_AT}]


def test_rating_with_the_keyboard(page: Any, fake: FakeRasa) -> None:
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # opens the chat: the focus goes to the input
    wait_focus(page, "encore-input")
    fake.say(text="Which Kismet do you mean?", buttons=CHOICES, encore_reply=REPLY_AT)
    bot_messages(page, 1)
    page.keyboard.press("Shift+Tab")  # from the input back to the ratings (after the choices)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Not helpful"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Helpful"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Kismet (1955)"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert wait_ratings(page, fake, 1) == [{"rating": "up", "reply": REPLY_AT}]
    # the pressed button keeps the focus and says it is pressed; the other can be read, not used
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Helpful"
    assert thumbs_state(page) == [("Helpful", "true", "true"), ("Not helpful", "false", "true")]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator("#encore-input").fill("the 1944 one")
    page.locator("#encore-input").press("Enter")
    fake.wait_heard(page, 1)
    assert fake.ratings == [{"rating": "up", "reply": REPLY_AT}]
    assert page.locator(".encore-buttons button:disabled").count() == 0  # the choices are still open


def test_a_rating_the_server_did_not_store_can_be_given_again(page: Any, fake: FakeRasa) -> None:
    open_chat(page)
    fake.say(text="Kismet was directed by William Dieterle.", encore_reply=REPLY_AT)
    bot_messages(page, 1)
    fake.rating_status = "failed"
    page.locator('.encore-rating button[aria-label="Not helpful"]').click()
    wait_ratings(page, fake, 1)
    page.wait_for_function(  # the answer came: the buttons take a press again
        "() => [...document.querySelectorAll('.encore-rating button')].every(b =>"
        " b.getAttribute('aria-pressed') === 'false' && b.getAttribute('aria-disabled') === 'false')",
        timeout=WAIT_MS,
    )
    assert (
        json.loads(page.evaluate("localStorage.getItem('encore.history')"))["messages"][0]["rating"] is None
    )
    fake.rating_status = "stored"
    page.locator('.encore-rating button[aria-label="Helpful"]').click()
    assert wait_ratings(page, fake, 2) == [
        {"rating": "down", "reply": REPLY_AT},
        {"rating": "up", "reply": REPLY_AT},
    ]
    page.wait_for_function(
        "() => document.querySelector('.encore-rating button[aria-label=\"Helpful\"]')"
        ".getAttribute('aria-pressed') === 'true'",
        timeout=WAIT_MS,
    )
    assert thumbs_state(page) == [("Helpful", "true", "true"), ("Not helpful", "false", "true")]
    assert (
        json.loads(page.evaluate("localStorage.getItem('encore.history')"))["messages"][0]["rating"] == "up"
    )


def test_every_message_has_its_time(page: Any, fake: FakeRasa) -> None:
    before = page.evaluate("Date.now()")
    open_chat(page)
    page.locator("#encore-input").fill("hello")
    page.locator("#encore-input").press("Enter")
    fake.wait_heard(page, 1)
    fake.say(text="Hello! Ask me about films.")
    bot_messages(page, 1)
    after = page.evaluate("Date.now()")
    stamps = page.evaluate(
        """[...document.querySelectorAll('.encore-message')].map(m => {
             const t = m.querySelector('time.encore-time');
             const clock = {hour: '2-digit', minute: '2-digit'};
             return t && {at: Date.parse(t.dateTime), shown: t.textContent,
                          expected: new Date(t.dateTime).toLocaleTimeString([], clock)};
           })"""
    )
    assert len(stamps) == 2 and all(stamps)
    for stamp in stamps:
        assert before <= stamp["at"] <= after
        assert stamp["shown"] == stamp["expected"] and re.search(r"\d{1,2}\D\d{2}", stamp["shown"])
    page.reload()  # kept with the history
    page.locator('#encore-status[data-state="online"]').wait_for(timeout=WAIT_MS)
    bot_messages(page, 1)
    assert page.locator("time.encore-time").all_text_contents() == [s["shown"] for s in stamps]


def test_forgetting_clears_the_browsers_copy(page: Any, fake: FakeRasa) -> None:
    open_chat(page)
    page.locator("#encore-input").fill("my secret film is Kismet")
    page.locator("#encore-input").press("Enter")
    fake.wait_heard(page, 1)
    fake.say(text="Noted.")
    bot_messages(page, 1)
    assert "my secret film" in page.evaluate("localStorage.getItem('encore.history')")
    # what actions/support.py sends on the Socket.IO channel after a confirmed deletion
    fake.say(encore_forget_transcript=True)
    fake.say(text="Done: I no longer remember anything about you.")
    page.locator(".encore-message.bot .encore-text", has_text="no longer remember").wait_for(timeout=WAIT_MS)
    assert page.locator(".encore-message").count() == 1
    kept = json.loads(page.evaluate("localStorage.getItem('encore.history')"))
    assert [m["text"] for m in kept["messages"]] == ["Done: I no longer remember anything about you."]
    page.reload()
    page.locator('#encore-status[data-state="online"]').wait_for(timeout=WAIT_MS)
    assert page.locator(".encore-message .encore-text").all_text_contents() == [
        "Done: I no longer remember anything about you."
    ]


def test_keyboard_and_screen_reader(page: Any, fake: FakeRasa) -> None:
    # the parts a screen reader announces, and their names
    assert page.get_by_role("button", name="Chat with Encore").get_attribute("aria-expanded") == "false"
    page.keyboard.press("Tab")
    assert focused_id(page) == "encore-launcher"
    page.keyboard.press("Enter")  # opens the chat; the input gets the focus once it is online
    wait_focus(page, "encore-input")
    assert page.get_by_role("button", name="Chat with Encore").get_attribute("aria-expanded") == "true"
    assert page.get_by_role("dialog", name="Encore").is_visible()
    log = page.get_by_role("log", name="Conversation")
    assert log.get_attribute("aria-live") == "polite" and log.get_attribute("tabindex") == "0"
    assert page.locator("#encore-status").get_attribute("role") == "status"

    page.keyboard.type("who directed kismat")
    page.keyboard.press("Enter")
    assert fake.wait_heard(page, 1) == ["who directed kismat"]
    fake.say(text="Which Kismet do you mean?", buttons=CHOICES)
    bot_messages(page, 1)
    assert page.get_by_role("group", name="Choices").count() == 1
    # each message tells a screen reader who said it (hidden from sight)
    assert page.locator(".encore-message .encore-sr").all_text_contents() == ["You:", "Encore:"]
    hidden_label = page.locator(".encore-message .encore-sr").first.bounding_box()
    assert hidden_label and hidden_label["width"] <= 1 and hidden_label["height"] <= 1

    page.keyboard.press("Shift+Tab")  # from the input back to the last choice
    assert page.evaluate("document.activeElement.textContent") == "Kismet (1955)"
    page.keyboard.press("Space")
    assert fake.wait_heard(page, 2)[1] == CHOICES[1]["payload"]
    wait_focus(page, "encore-input")  # the used button is disabled: the focus is back in the input
    assert page.locator(".encore-buttons button:disabled").count() == len(CHOICES)

    page.keyboard.press("Escape")  # closes, and the focus goes back to the chat button
    assert page.locator("#encore-chat").is_hidden()
    assert focused_id(page) == "encore-launcher"
    page.keyboard.press("Enter")
    wait_focus(page, "encore-input")
    page.keyboard.press("Shift+Tab")  # the disabled choices are skipped: the log (it scrolls) ...
    assert focused_id(page) == "encore-messages"
    page.keyboard.press("Shift+Tab")  # ... then the close button
    assert focused_id(page) == "encore-close"
    page.keyboard.press("Enter")
    assert page.locator("#encore-chat").is_hidden() and focused_id(page) == "encore-launcher"


def test_a_returning_browser_resumes_with_the_id_the_server_issued(page: Any, fake: FakeRasa) -> None:
    open_chat(page)
    assert fake.sessions == [None]  # a new browser asks for no id: the server issues one
    page.locator("#encore-input").fill("who directed Heat?")
    page.locator("#encore-input").press("Enter")
    fake.wait_heard(page, 1)
    fake.say(text="Michael Mann.")
    bot_messages(page, 1)
    assert page.evaluate("localStorage.getItem('encore.session_id')") == "issued-1"

    page.reload()  # the chat reopens with its history, under the same id
    page.locator('#encore-status[data-state="online"]').wait_for(timeout=WAIT_MS)
    assert fake.sessions == [None, "issued-1"]
    assert bot_messages(page, 1).all_text_contents() == ["Michael Mann."]
    page.locator("#encore-input").fill("and who was in it?")
    page.locator("#encore-input").press("Enter")
    fake.wait_heard(page, 2)
    assert fake.senders == ["issued-1", "issued-1"]


def test_an_id_the_server_did_not_issue_starts_a_new_conversation(page: Any, fake: FakeRasa) -> None:
    # a browser that chose its own id (or kept one the server no longer accepts), with a transcript
    page.evaluate(
        """() => { localStorage.setItem('encore.session_id', 'movielens:414');
                   const said = {from: 'bot', text: 'From your 80 ratings', buttons: [], time: ''};
                   localStorage.setItem('encore.history',
                                        JSON.stringify({session_id: 'movielens:414', messages: [said]})); }"""
    )
    page.reload()  # the chat opens by itself, and the server confirms an id of its own
    page.locator('#encore-status[data-state="online"]').wait_for(timeout=WAIT_MS)
    assert fake.sessions == ["movielens:414"]
    assert page.evaluate("localStorage.getItem('encore.session_id')") == "issued-1"
    assert page.locator(".encore-message").count() == 0  # not that conversation's transcript
    assert "From your 80 ratings" not in page.evaluate("localStorage.getItem('encore.history')")
    page.locator("#encore-input").fill("recommend me a film")
    page.locator("#encore-input").press("Enter")
    fake.wait_heard(page, 1)
    assert fake.senders == ["issued-1"]


def test_the_page_sends_its_token_when_it_has_one(page: Any, fake: FakeRasa) -> None:
    open_chat(page)
    assert fake.auth == [None]  # no token configured: none sent

    def with_token(route: Any) -> None:  # the page server's config, plus a visitor's token
        served = route.fetch()
        config = json.loads(served.text().partition("=")[2].strip().rstrip(";"))
        route.fulfill(
            response=served, body=f"window.ENCORE_CONFIG = {json.dumps({**config, 'token': 'a.jwt'})};"
        )

    page.route(re.compile(r"/config\.js$"), with_token)
    page.reload()
    page.locator("#encore-launcher").click()
    page.locator('#encore-status[data-state="online"]').wait_for(timeout=WAIT_MS)
    assert fake.auth == [None, {"token": "a.jwt"}]


NARROW = {"width": 360, "height": 640}


@pytest.mark.parametrize("page", [NARROW], indirect=True)
def test_narrow_screen_layout(page: Any, fake: FakeRasa) -> None:
    open_chat(page)
    fake.say(
        text="A long address: https://example.org/" + "a" * 120 + " and a long word " + "b" * 80,
        buttons=CHOICES,
        encore_reply=REPLY_AT,
    )
    bot_messages(page, 1)
    box = page.locator("#encore-chat").bounding_box()
    assert box == {"x": 0, "y": 0, "width": NARROW["width"], "height": NARROW["height"]}  # fills the screen
    assert page.locator("#encore-launcher").is_hidden()  # nothing covers the input
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]  # no sideways scrolling
    overflow = page.evaluate(
        "[...document.querySelectorAll('#encore-chat *')].filter(e => e.getBoundingClientRect().right > "
        f"{NARROW['width']} + 0.5).map(e => e.id || e.className)"
    )
    assert overflow == []
    assert page.locator(".encore-rating button").count() == 2
    for selector in (
        "#encore-input",
        "#encore-send",
        "#encore-close",
        ".encore-thumb.up",
        ".encore-thumb.down",
    ):
        part = page.locator(selector).bounding_box()
        assert part and part["y"] + part["height"] <= NARROW["height"] and part["x"] >= 0
        assert part["height"] >= 40  # big enough to touch
    page.locator("#encore-close").click()
    assert page.locator("#encore-launcher").is_visible() and page.locator("#encore-chat").is_hidden()


def test_wide_screen_layout_is_a_panel(page: Any, fake: FakeRasa) -> None:
    """The counterpart of the narrow layout: on a desktop the chat is a panel above its button."""
    open_chat(page)
    box = page.locator("#encore-chat").bounding_box()
    assert box and box["width"] < 500 and box["x"] > 0
    assert page.locator("#encore-launcher").is_visible()
