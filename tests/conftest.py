"""Shared fixtures. The test session runs its own stack on its own ports and state folder
(``.encore/test``): a real Neo4j engine, the action server and the Rasa server. Whatever a
session starts, it stops at the end.

A service left running on the test ports by an earlier session that did not finish is stopped and
started again (it may serve an older model or older code), and a port taken by a process the test
stack did not start stops the session with an error naming the port. ``ENCORE_TEST_REUSE=1`` keeps
an earlier session's services instead, for a quick local loop when nothing they load has changed.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from encore.cli import ensure_dotenv
from encore.procs import ServiceError
from encore.settings import STATE_DIR, Settings, load_settings, read_dotenv
from encore.stack import Stack
from kg.graph import KnowledgeGraph
from tests.databases import create_database, postgres_server, redis_server

# ENCORE_TEST_STATE and ENCORE_TEST_<PORT> let several test sessions run side by side.
TEST_STATE = Path(os.environ.get("ENCORE_TEST_STATE") or STATE_DIR / "test")
TEST_PORTS = {
    "NEO4J_BOLT_PORT": "7688", "ACTIONS_PORT": "5056", "RASA_PORT": "5006", "WEB_PORT": "8081",
    "CONSOLE_PORT": "8083",
}  # fmt: skip

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Actions built in the test process (registration tests) do not load services in the background.
os.environ.setdefault("ENCORE_PRELOAD", "0")
# The action server the tests start samples creative text with a fixed seed: the same reply
# every run, so a test of what generation returns cannot pass or fail by chance.
os.environ.setdefault("ENCORE_GENERATOR_SEED", "23")


def _test_settings() -> Settings:
    ensure_dotenv()
    env = {**read_dotenv(), **os.environ}
    # The suite always uses its own local engine, never a server named by NEO4J_URI.
    env.pop("NEO4J_URI", None)
    # ... and its own SQLite tracker store in TEST_STATE, never a shared database or Redis.
    env.pop("TRACKER_STORE_URL", None)
    env.pop("USER_STORE_URL", None)
    env.pop("LOCK_STORE_URL", None)
    env["NEO4J_HOME"] = str(TEST_STATE / "neo4j")
    for key, default in TEST_PORTS.items():
        env[key] = os.environ.get(f"ENCORE_TEST_{key}", default)
    return load_settings(env)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return _test_settings()


@pytest.fixture(scope="session")
def stack(settings: Settings) -> Stack:
    return Stack(settings, state=TEST_STATE)


REUSE = os.environ.get("ENCORE_TEST_REUSE") == "1"


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def session_service(service: Any, port: int) -> Iterator[Any]:
    """Start ``service`` for the session and stop it at the end (see the module docstring)."""
    if service.running() and not REUSE:
        service.stop(quiet=True)
    if not service.running() and _port_taken(port):
        pytest.exit(
            f"port {port} ({service.name}) is in use by a process this test stack did not start; "
            f"stop it, or run the tests on other ports (ENCORE_TEST_<NAME>_PORT, see tests/conftest.py)",
            returncode=3,
        )
    started = not service.running()
    service.start(quiet=True)
    yield service
    if started:
        service.stop(quiet=True)


@pytest.fixture(scope="session")
def neo4j_service(stack: Stack) -> Iterator[Any]:
    yield from session_service(stack.neo4j(), stack.settings.neo4j_port)


@pytest.fixture(scope="session")
def kg_loaded(neo4j_service: Any, stack: Stack) -> Stack:
    stack.import_kb()
    return stack


@pytest.fixture(scope="session")
def graph(kg_loaded: Stack, settings: Settings) -> Iterator[KnowledgeGraph]:
    kg = KnowledgeGraph(settings)
    yield kg
    kg.close()


@pytest.fixture(scope="session")
def trained_model(stack: Stack) -> Any:
    return stack.train()


@pytest.fixture(scope="session")
def action_server(kg_loaded: Stack) -> Iterator[Any]:
    kg_loaded.build_support_models()
    kg_loaded.build_recommender()
    kg_loaded.build_parser()
    actions = kg_loaded.actions()
    # tests/e2e/test_recommend.py talks as MovieLens users (off by default: recommender/service.py)
    actions.env = {**actions.env, "ENCORE_DEMO_IDENTITIES": "1"}
    yield from session_service(actions, kg_loaded.settings.actions_port)


@pytest.fixture(scope="session")
def rasa_server(stack: Stack, trained_model: Any, action_server: Any) -> Iterator[Any]:
    yield from session_service(stack.rasa(), stack.settings.rasa_port)


@pytest.fixture(scope="session")
def redis_port() -> Iterator[int]:
    """Debian's redis-server, in memory only, on a free loopback port (tests/databases.py)."""
    try:
        with redis_server(TEST_STATE / "redis") as port:
            yield port
    except ServiceError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A throw-away PostgreSQL server on a free loopback port (tests/databases.py), no database."""
    try:
        with postgres_server(TEST_STATE / "postgres") as url:
            yield url
    except ServiceError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def postgres_url(postgres_server_url: str) -> str:
    """A database of its own on that server (a URL must name an existing database)."""
    return create_database(postgres_server_url, "encore_tracker")


@dataclass
class Conversation:
    """One conversation with the running Rasa server over the REST channel."""

    url: str
    sender: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:10]}")
    history: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)

    def say(self, text: str) -> list[dict[str, Any]]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        replies = response.json()
        self.history.append((text, replies))
        return replies

    def text(self, message: str) -> str:
        """The bot's reply texts to ``message``, joined by newlines."""
        return "\n".join(r.get("text", "") for r in self.say(message))


@pytest.fixture
def bot(rasa_server: Any, settings: Settings) -> Conversation:
    return Conversation(settings.rasa_url)


def read_tracker(settings: Settings, sender: str) -> dict[str, Any]:
    """The conversation as the Rasa server's tracker holds it, read over Rasa's HTTP API."""
    response = requests.get(
        f"{settings.rasa_url}/conversations/{sender}/tracker",
        params={"token": settings.rasa_token},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())
