"""Fixtures of the web/production tests: the chat page server and a real Redis.

The session's stack (tests/conftest.py) provides Neo4j, the action server and Rasa; these add
the page server on the test web port and Debian's redis-server on a free loopback port.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from typing import Any, Iterator

import pytest

from encore.stack import Stack
from tests.conftest import TEST_STATE

ARTIFACTS = TEST_STATE / "artifacts"


@pytest.fixture(scope="session")
def web_server(stack: Stack, rasa_server: Any) -> Iterator[Any]:
    service = stack.web()
    started = not service.running()
    service.start(quiet=True)
    yield service
    if started:
        service.stop(quiet=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_cli(port: int, *args: str) -> str:
    return subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", str(port), *args],
        capture_output=True, text=True, timeout=10, check=True,
    ).stdout  # fmt: skip


@pytest.fixture(scope="session")
def redis_port() -> Iterator[int]:
    """Debian's redis-server, in memory only, on a free loopback port (installed by bin/encore test)."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: bin/encore test installs it (or: apt-get install redis-server)")
    port = free_port()
    folder = TEST_STATE / "redis"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "redis.log", "ab") as log:
        proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if redis_cli(port, "ping").strip() == "PONG":
                    break
            except subprocess.CalledProcessError:
                pass
            time.sleep(0.1)
        else:
            pytest.fail(f"redis-server did not start (see {folder / 'redis.log'})")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
