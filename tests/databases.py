"""Throw-away PostgreSQL and Redis servers (Debian's packages, installed by ``bin/encore test``) on
free loopback ports, for the tests of the production stores (``redis_port`` and ``postgres_url``
in tests/conftest.py) and for bench/scale_out.py. Plain context managers: no pytest here."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from encore.procs import ServiceError
from encore.scaleout import free_port

PASSWORD = "pg-test-secret"


def redis_cli(port: int, *args: str) -> str:
    return subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", str(port), *args],
        capture_output=True, text=True, timeout=10, check=True,
    ).stdout  # fmt: skip


@contextmanager
def redis_server(folder: Path) -> Iterator[int]:
    """Debian's redis-server, in memory only, on a free loopback port; yields the port."""
    if shutil.which("redis-server") is None:
        raise ServiceError("redis-server is missing: bin/encore test installs it (package redis-server)")
    port = free_port()
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
            raise ServiceError(f"redis-server did not start (see {folder / 'redis.log'})")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def postgres_bin(name: str) -> str:
    """A PostgreSQL server program: Debian keeps them out of PATH, under /usr/lib/postgresql/<v>/bin."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    path = str(found[-1]) if found else shutil.which(name)
    if path is None:
        raise ServiceError(f"PostgreSQL's {name} is missing: bin/encore test installs it (postgresql)")
    return path


@contextmanager
def postgres_server(folder: Path) -> Iterator[str]:
    """A throw-away PostgreSQL server (emptied ``folder``) on a free loopback port, password
    required; yields its URL without a database (``postgresql://encore:...@127.0.0.1:port``).

    PostgreSQL refuses to run as root: as root, its programs run as the ``postgres`` user that
    the Debian package creates."""
    folder = folder.resolve()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    data, port = folder / "data", free_port()
    (folder / "pwfile").write_text(PASSWORD + "\n")
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(folder / "pwfile", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]

    def run(*cmd: str) -> None:
        subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)

    run(postgres_bin("initdb"), "-D", str(data), "-U", "encore", "--auth=scram-sha-256",
        f"--pwfile={folder / 'pwfile'}", "--encoding=UTF8", "--no-sync")  # fmt: skip
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off"
    log = str(folder / "postgres.log")
    run(postgres_bin("pg_ctl"), "-D", str(data), "-l", log, "-o", options, "-w", "start")
    try:
        yield f"postgresql://encore:{PASSWORD}@127.0.0.1:{port}"
    finally:
        run(postgres_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")


def create_database(server: str, name: str) -> str:
    """Create the database ``name`` on the server at ``server``; its URL."""
    psql(f"{server}/postgres", f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def psql(url: str, sql: str, **variables: str) -> str:
    """One statement through psql against ``url``; ``:'name'`` in ``sql`` is a quoted variable."""
    options = [f"--set={name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["psql", url, "-tA", "-v", "ON_ERROR_STOP=1", *options], input=sql + ";\n",
        capture_output=True, text=True, timeout=30, check=True,
    ).stdout.strip()  # fmt: skip
