"""The chat page in a real headless Chromium (Debian's), against the real servers.

Open the page and the widget, ask the graph, click a suggestion button, reload and find the
history, and check that markup typed by a user is shown as text and runs nothing; the same on a
phone-sized screen. Screenshots of the conversation (desktop and narrow) are saved under the
test state folder (paths printed); docs/img/widget-*.png are copies of them.
tests/web/test_widget.py checks each behaviour of the widget against a stand-in Rasa.
"""

from __future__ import annotations

from typing import Any

import pytest

from encore.settings import Settings
from tests.web.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

XSS = "<img src=x onerror=alert(1)>"
WAIT_MS = 60_000


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    print(f"\nscreenshot: {path}")


def bot_says(page: Any, text: str, times: int = 1) -> Any:
    """Wait until the bot has said ``text`` in ``times`` messages."""
    locator = page.locator(".encore-message.bot .encore-text", has_text=text)
    locator.nth(times - 1).wait_for(timeout=WAIT_MS)
    return locator


def ask(page: Any, text: str) -> None:
    page.locator("#encore-input").fill(text)
    page.locator("#encore-input").press("Enter")


def online(page: Any) -> None:
    page.locator('#encore-status[data-state="online"]').wait_for(timeout=WAIT_MS)


def test_chat_in_a_real_browser(browser: Any, web_server: Any, settings: Settings) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    # Nothing may leave the machine: every request goes to the page server or to Rasa.
    requests_seen: list[str] = []
    page.on("request", lambda request: requests_seen.append(request.url))

    page.goto(settings.web_url + "/")
    assert page.locator("#encore-chat").is_hidden()
    page.locator("#encore-launcher").click()
    online(page)

    # "Encore is typing…" shows from the moment a message is sent (read in the same script run,
    # before any answer can arrive) and goes when the answer comes
    shown = page.evaluate(
        """() => { const input = document.getElementById('encore-input');
                   input.value = 'who directed Kismet?';
                   document.getElementById('encore-form').requestSubmit();
                   return !document.getElementById('encore-typing').hidden; }"""
    )
    assert shown is True
    bot_says(page, "William Dieterle")
    assert page.locator("#encore-typing").is_hidden()
    times = page.locator(".encore-message time.encore-time")
    assert times.count() == page.locator(".encore-message").count() >= 2  # every message has its time
    assert times.first.get_attribute("datetime")

    ask(page, "who directed kismat")
    page.locator(".encore-buttons button", has_text="Kismet").first.wait_for(timeout=WAIT_MS)
    page.locator(".encore-buttons button", has_text="Kismet").first.click()
    assert bot_says(page, "William Dieterle", times=2).count() == 2
    row = page.locator(".encore-buttons").last
    assert row.locator("button").count() >= 1
    assert row.locator("button:disabled").count() == row.locator("button").count()  # answered once

    page.reload()
    online(page)  # the conversation reopens by itself, with its history
    assert bot_says(page, "William Dieterle", times=2).count() == 2
    row = page.locator(".encore-buttons").last
    assert row.locator("button:disabled").count() == row.locator("button").count()  # and stays so
    assert page.locator(".encore-message.user .encore-text", has_text="who directed kismat").count() == 1
    ask(page, "and who was in it?")  # the server kept the context under the same session id
    bot_says(page, "Ronald Colman")
    # every reply of the bot can be rated (tests/web/test_feedback.py follows a rating further)
    assert (
        page.locator(".encore-message.bot .encore-rating").count()
        == page.locator(".encore-message.bot").count()
    )
    helpful = page.locator(".encore-message.bot").last.get_by_role("button", name="Helpful", exact=True)
    helpful.click()
    assert helpful.get_attribute("aria-pressed") == "true"
    screenshot(page, "widget-desktop.png")

    bot_messages = page.locator(".encore-message.bot").count()
    ask(page, XSS)
    shown = page.locator(".encore-message.user .encore-text").last
    shown.wait_for(timeout=WAIT_MS)
    assert shown.text_content() == XSS
    page.locator(".encore-message.bot").nth(bot_messages).wait_for(timeout=WAIT_MS)  # the bot answered
    assert page.locator("#encore-messages img").count() == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert dialogs == []

    # addresses in the bot's text are links that open in a new tab; other schemes stay text
    page.evaluate(
        """() => { const id = localStorage.getItem('encore.session_id');
                   const saved = JSON.parse(localStorage.getItem('encore.history'));
                   const text = 'See https://example.org/help. Not javascript:alert(1)';
                   const time = new Date().toISOString();
                   saved.messages.push({from: 'bot', text: text, buttons: [], time: time});
                   localStorage.setItem('encore.history', JSON.stringify(saved)); return id; }"""
    )
    page.reload()
    online(page)
    link = page.locator(".encore-message.bot .encore-text a")
    assert link.count() == 1 and link.get_attribute("href") == "https://example.org/help"
    assert link.get_attribute("target") == "_blank" and "noopener" in (link.get_attribute("rel") or "")
    assert page.locator(".encore-message.bot .encore-text", has_text="Not javascript:alert(1)").count() == 1
    assert dialogs == []

    # "delete my data" also clears the transcript the browser keeps: only the confirmation stays
    ask(page, "please erase everything you know about me")
    page.locator(".encore-buttons button", has_text="Yes, please").last.click()
    bot_says(page, "I no longer remember anything about you")
    assert page.locator(".encore-message").count() == 1
    kept = page.evaluate("localStorage.getItem('encore.history')")
    assert "I no longer remember" in kept and "Kismet" not in kept and "example.org" not in kept

    screenshot(page, "web-chat.png")
    allowed = (settings.web_url, settings.rasa_url, settings.rasa_url.replace("http://", "ws://"))
    assert [url for url in requests_seen if not url.startswith(allowed)] == []
    context.close()


def test_chat_on_a_narrow_screen(browser: Any, web_server: Any, settings: Settings) -> None:
    """A phone-sized screen: the open chat fills it, and a conversation works as on a desktop."""
    width, height = 390, 844
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(settings.web_url + "/")
    page.locator("#encore-launcher").tap()
    online(page)
    assert page.locator("#encore-chat").bounding_box() == {"x": 0, "y": 0, "width": width, "height": height}
    assert page.locator("#encore-launcher").is_hidden()
    ask(page, "who directed kismat")
    page.locator(".encore-buttons button", has_text="Kismet").first.tap()
    bot_says(page, "William Dieterle")
    ask(page, "and who was in it?")
    bot_says(page, "Ronald Colman")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off the side
    screenshot(page, "widget-narrow.png")
    context.close()
