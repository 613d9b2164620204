"""Fixtures of the web/production tests: the chat page server, Chromium and a real Redis.

The session's stack (tests/conftest.py) provides Neo4j, the action server and Rasa; these add
the page server on the test web port, Debian's redis-server on a free loopback port, a headless
Chromium (Debian's, driven by Playwright), and a page server of its own for the widget tests
that need no Rasa server (the browser then talks to a stand-in, tests/web/test_widget.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from encore import web
from encore.stack import Stack
from tests.conftest import TEST_STATE, session_service

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
    rasa_url = f"http://127.0.0.1:{free_port()}"
    handler_class = type("TestHandler", (web.Handler,), {"rasa_url": rasa_url})
    handler = partial(handler_class, directory=str(web.WEB_ROOT))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


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


def _postgres_bin(name: str) -> str:
    """A PostgreSQL server program: Debian keeps them out of PATH, under /usr/lib/postgresql/<v>/bin."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    path = str(found[-1]) if found else shutil.which(name)
    if path is None:
        pytest.fail(f"PostgreSQL's {name} is missing: bin/encore test installs it (package postgresql)")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throw-away PostgreSQL server (Debian's package) on a free loopback port, password required.

    PostgreSQL refuses to run as root: as root, its programs run as the ``postgres`` user that
    the Debian package creates."""
    folder = TEST_STATE / "postgres"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    data, password, port = folder / "data", "pg-test-secret", free_port()
    (folder / "pwfile").write_text(password + "\n")
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(folder / "pwfile", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]

    def run(*cmd: str) -> None:
        subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)

    run(_postgres_bin("initdb"), "-D", str(data), "-U", "encore", "--auth=scram-sha-256",
        f"--pwfile={folder / 'pwfile'}", "--encoding=UTF8", "--no-sync")  # fmt: skip
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off"
    log = str(folder / "postgres.log")
    run(_postgres_bin("pg_ctl"), "-D", str(data), "-l", log, "-o", options, "-w", "start")
    try:
        server = f"postgresql://encore:{password}@127.0.0.1:{port}"
        psql(f"{server}/postgres", "CREATE DATABASE encore_tracker")  # the URL names an existing one
        yield f"{server}/encore_tracker"
    finally:
        run(_postgres_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")


def psql(url: str, sql: str, **variables: str) -> str:
    """One statement through psql against ``url``; ``:'name'`` in ``sql`` is a quoted variable."""
    options = [f"--set={name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["psql", url, "-tA", "-v", "ON_ERROR_STOP=1", *options], input=sql + ";\n",
        capture_output=True, text=True, timeout=30, check=True,
    ).stdout.strip()  # fmt: skip
