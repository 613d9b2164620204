"""Fixtures of the web/production tests: the chat page server and Chromium.

The session's stack (tests/conftest.py) provides Neo4j, the action server, Rasa, and the
PostgreSQL and Redis servers of the production stores; these add the page server on the test
web port, a headless Chromium (Debian's, driven by Playwright), and a page server of its own for
the widget tests that need no Rasa server (the browser then talks to a stand-in,
tests/web/test_widget.py).
"""

from __future__ import annotations

import shutil
from typing import Any, Iterator

import pytest

from encore import web
from encore.scaleout import free_port
from encore.stack import Stack
from tests.conftest import TEST_STATE, session_service
from tests.serving import served

ARTIFACTS = TEST_STATE / "artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def web_server(stack: Stack, rasa_server: Any) -> Iterator[Any]:
    yield from session_service(stack.web(), stack.settings.web_port)


@pytest.fixture(scope="session")
def console_server(stack: Stack, rasa_server: Any) -> Iterator[Any]:
    """The operators' console of the test stack (reads its tracker store)."""
    yield from session_service(stack.console(), stack.settings.console_port)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is missing: bin/encore test installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def page_server() -> Iterator[str]:
    """The page server (encore/web.py) on a free loopback port, for a Rasa server that is not
    there: the tests that use it answer the page's Socket.IO connection themselves."""
    with served(web.make_server("127.0.0.1", 0, f"http://127.0.0.1:{free_port()}")) as url:
        yield url
