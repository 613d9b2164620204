"""The operators' HTTP API needs the token; the services listen on loopback only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from encore.settings import Settings

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/status", "/conversations/someone/tracker", "/domain"])
def test_api_rejects_requests_without_the_token(rasa_server: Any, settings: Settings, path: str) -> None:
    url = f"{settings.rasa_url}{path}"
    json_only = {"Accept": "application/json"}
    assert requests.get(url, timeout=10).status_code == 401
    assert requests.get(url, params={"token": "wrong-token"}, timeout=10).status_code == 401
    assert (
        requests.get(url, params={"token": settings.rasa_token}, headers=json_only, timeout=10).status_code
        == 200
    )


def test_channels_do_not_need_the_token(bot: Any) -> None:
    assert "William Dieterle" in bot.text("who directed Kismet?")


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on ``port`` (from /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_services_listen_on_loopback_only(rasa_server: Any, web_server: Any, settings: Settings) -> None:
    # 127.0.0.1, ::1 and ::ffff:127.0.0.1 (Java's dual-stack socket), as /proc writes them
    loopback = {"0100007F", "00000000000000000000000001000000", "0000000000000000FFFF00000100007F"}
    for name, port in [
        ("neo4j", settings.neo4j_port),
        ("actions", settings.actions_port),
        ("rasa", settings.rasa_port),
        ("web", settings.web_port),
    ]:
        addresses = listening_addresses(port)
        assert addresses, f"nothing listens on the {name} port {port}"
        assert addresses <= loopback, f"{name} listens on {addresses}"
