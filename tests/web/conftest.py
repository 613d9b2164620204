"""Fixtures of the web/production tests: the chat page server.

The session's stack (tests/conftest.py) provides Neo4j, the action server, Rasa, and the
PostgreSQL and Redis servers of the production stores; this adds the page server on the test
web port.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from encore.stack import Stack
from tests.conftest import TEST_STATE, session_service

ARTIFACTS = TEST_STATE / "artifacts"


@pytest.fixture(scope="session")
def web_server(stack: Stack, rasa_server: Any) -> Iterator[Any]:
    yield from session_service(stack.web(), stack.settings.web_port)
