"""The web page server (encore/web.py), the vendored Socket.IO client and the test packages."""

import re
from typing import Iterator

import pytest
import requests

from encore import web
from encore.settings import ROOT, load_settings
from encore.system import missing_packages
from tests.serving import served

VENDOR = ROOT / "web" / "vendor"


def test_settings_for_the_web_page() -> None:
    s = load_settings({})
    assert (s.web_host, s.web_port, s.web_url) == ("127.0.0.1", 8080, "http://127.0.0.1:8080")
    assert load_settings({"WEB_PORT": "8111"}).web_port == 8111


def test_socketio_client_matches_the_servers_protocol() -> None:
    """socket.io-client 3/4 speak Engine.IO 4, which python-engineio 4 serves (Rasa's lock)."""
    lock = (ROOT / "requirements" / "rasa.lock.txt").read_text()
    engineio = re.search(r"^python-engineio==(\d+)\.", lock, re.M)
    socketio = re.search(r"^python-socketio==(\d+)\.", lock, re.M)
    assert engineio and engineio.group(1) == "4" and socketio and socketio.group(1) == "5"
    (bundle,) = VENDOR.glob("socket.io-*.min.js")
    version = re.search(r"Socket\.IO v(\d+)\.(\d+)\.(\d+)", bundle.read_text()[:200])
    assert version and version.group(1) == "4"
    assert bundle.name == f"socket.io-{'.'.join(version.groups())}.min.js"
    # the page loads exactly that file, and the license travels with it
    assert f'src="vendor/{bundle.name}"' in (ROOT / "web" / "index.html").read_text()
    assert "MIT License" in (VENDOR / "socket.io-client.LICENSE").read_text()


def test_widget_never_inserts_html() -> None:
    source = (ROOT / "web" / "widget.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source


def test_content_security_policy_allows_only_the_rasa_server() -> None:
    csp = web.content_security_policy("http://127.0.0.1:5005")
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
    assert "connect-src 'self' http://127.0.0.1:5005 ws://127.0.0.1:5005;" in csp


def test_config_script_is_json() -> None:
    script = web.config_script('http://h:1/"</script>').decode()
    assert script.startswith("window.ENCORE_CONFIG = {") and '\\"</script>' in script


@pytest.fixture
def server() -> Iterator[str]:
    with served(web.make_server("127.0.0.1", 0, "http://127.0.0.1:5999")) as url:
        yield url


def test_server_serves_the_page_config_and_nothing_else(server: str) -> None:
    page = requests.get(f"{server}/", timeout=5)
    assert page.status_code == 200 and 'id="encore-launcher"' in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    config = requests.get(f"{server}/config.js", timeout=5)
    assert '"socketUrl": "http://127.0.0.1:5999"' in config.text
    assert requests.get(f"{server}/health", timeout=5).json() == {"status": "ok"}
    assert requests.get(f"{server}/vendor/", timeout=5).status_code == 404  # no listings
    assert requests.get(f"{server}/../encore/settings.py", timeout=5).status_code == 404
    assert requests.get(f"{server}/%2e%2e/.env", timeout=5).status_code == 404


def test_missing_system_packages() -> None:
    installed = {"chromium": "/usr/bin/chromium"}
    assert missing_packages({"chromium": "chromium", "redis-server": "redis-server"}, installed.get) == [
        "redis-server"
    ]


def test_without_root_the_test_command_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from encore import system

    monkeypatch.setattr(system.shutil, "which", lambda program: None)
    monkeypatch.setattr(system.os, "geteuid", lambda: 1000)
    assert system.ensure_test_packages({"chromium": "chromium"}) is False
    assert "apt-get install -y chromium" in capsys.readouterr().out
    assert system.ensure_test_packages({}) is True
