"""The Rasa server's effective credentials and endpoints (encore/channels.py)."""

import os
from pathlib import Path

import pytest
import yaml

from encore.channels import (
    CHANNEL_TEMPLATES,
    CREDENTIALS,
    TRACKER_STORE_TYPE,
    ConfigError,
    channel_env,
    credentials_config,
    endpoints_config,
    load_yaml,
    lock_store_config,
    tracker_store_config,
    write_yaml,
)
from encore.settings import load_settings
from encore.stack import Stack
from encore.user_database import engine_url

TEMPLATES = {
    "telegram": {"access_token": "${TELEGRAM_TOKEN}", "verify": "${TELEGRAM_BOT_NAME}"},
    "slack": {"slack_token": "${SLACK_TOKEN}", "slack_signing_secret": "${SLACK_SIGNING_SECRET}"},
}
BASE = {"rest": None, "socketio": {"session_persistence": True}}


def test_no_channel_without_its_variables() -> None:
    assert credentials_config(BASE, TEMPLATES, {}) == BASE
    # one of two Slack variables set, or set to blanks: still off
    env = {"SLACK_TOKEN": "xoxb-1", "TELEGRAM_TOKEN": " ", "TELEGRAM_BOT_NAME": "encore_bot"}
    assert credentials_config(BASE, TEMPLATES, env) == BASE
    assert channel_env(TEMPLATES, env) == {}


def test_a_channel_is_enabled_with_placeholders_not_secrets() -> None:
    env = {"TELEGRAM_TOKEN": "123:secret", "TELEGRAM_BOT_NAME": "encore_bot"}
    config = credentials_config(BASE, TEMPLATES, env)
    assert set(config) == {"rest", "socketio", "telegram"}
    assert config["telegram"] == TEMPLATES["telegram"]
    assert "123:secret" not in yaml.safe_dump(config)
    # ... and the Rasa server gets the values in its environment
    assert channel_env(TEMPLATES, env) == env


def test_committed_files_enable_telegram_and_slack_by_environment() -> None:
    base, templates = load_yaml(CREDENTIALS), load_yaml(CHANNEL_TEMPLATES)
    assert "rest" in base and "rasa_plugins.socketio_channel.SocketIOInput" in base
    assert "${" not in CREDENTIALS.read_text()  # a plain `rasa run` needs no variable
    env = {
        "TELEGRAM_TOKEN": "t",
        "TELEGRAM_BOT_NAME": "b",
        "TELEGRAM_WEBHOOK_URL": "https://x/webhooks/telegram/webhook",
        "SLACK_TOKEN": "xoxb",
        "SLACK_SIGNING_SECRET": "s",
    }
    assert set(credentials_config(base, templates, env)) == set(base) | {"telegram", "slack"}


def test_tracker_store_defaults_to_a_sqlite_file_in_the_state_folder(tmp_path: Path) -> None:
    assert tracker_store_config("", tmp_path / "tracker.db") == {
        "type": TRACKER_STORE_TYPE,
        "dialect": "sqlite",
        "db": str(tmp_path / "tracker.db"),
    }


def test_tracker_store_from_a_postgresql_url() -> None:
    config = tracker_store_config("postgresql://rasa:p%40ss@db.internal:6543/encore", Path("x"))
    assert config == {
        "type": TRACKER_STORE_TYPE,
        "dialect": "postgresql",
        "url": "db.internal",
        "port": 6543,
        "db": "encore",
        "username": "rasa",
        "password": "p@ss",
    }
    assert tracker_store_config("sqlite:////var/lib/encore/t.db", Path("x"))["db"] == "/var/lib/encore/t.db"


@pytest.mark.parametrize("url", ["mysql://h/db", "postgresql://host", "postgresql:///db", "sqlite:///"])
def test_bad_tracker_store_urls_are_refused(url: str) -> None:
    with pytest.raises(ConfigError, match="TRACKER_STORE_URL"):
        tracker_store_config(url, Path("x"))


def test_lock_store() -> None:
    assert lock_store_config("") is None
    assert lock_store_config("redis://:pw@cache:6380/2") == {
        "type": "redis",
        "url": "cache",
        "port": 6380,
        "db": 2,
        "key_prefix": "encore",
        "password": "pw",
    }
    assert lock_store_config("redis://127.0.0.1")["db"] == 1  # type: ignore[index]
    for bad in ("http://cache:6379", "redis://cache/zero"):
        with pytest.raises(ConfigError, match="LOCK_STORE_URL"):
            lock_store_config(bad)


def test_endpoints_of_a_stack(tmp_path: Path) -> None:
    settings = load_settings({"ACTIONS_PORT": "5999", "LOCK_STORE_URL": "redis://127.0.0.1:7000/0"})
    config = endpoints_config(settings, tmp_path)
    assert config["action_endpoint"]["url"] == "http://127.0.0.1:5999/webhook"
    assert config["tracker_store"]["db"] == str(tmp_path / "tracker.db")
    assert config["tracker_store"]["session_messages"] == 20
    assert (
        endpoints_config(load_settings({"ENCORE_SESSION_MESSAGES": "0"}), tmp_path)["tracker_store"][
            "session_messages"
        ]
        == 0
    )
    assert config["tracker_store"]["cached_conversations"] == 256
    no_cache = endpoints_config(load_settings({"ENCORE_TRACKER_CACHE": "0"}), tmp_path)
    assert no_cache["tracker_store"]["cached_conversations"] == 0
    assert config["lock_store"]["port"] == 7000
    assert "lock_store" not in endpoints_config(load_settings({}), tmp_path)


def test_stack_writes_its_files_in_its_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    stack = Stack(load_settings({"ACTIONS_PORT": "5999"}), state=tmp_path)
    endpoints = yaml.safe_load(stack.endpoints_file().read_text())
    assert endpoints["tracker_store"]["db"] == str(tmp_path / "tracker.db")
    credentials = stack.credentials_file()
    assert credentials.parent == tmp_path and (credentials.stat().st_mode & 0o077) == 0
    rasa = stack.rasa()
    assert callable(rasa.cmd)  # nothing is written until the server starts
    rasa_cmd = list(rasa.cmd())
    assert rasa_cmd[rasa_cmd.index("--credentials") + 1] == str(credentials)


def test_a_token_that_starts_with_a_dash_reaches_rasa_whole(tmp_path: Path) -> None:
    """Generated tokens are URL-safe base64 and may start with "-" (a CI run failed on one)."""
    import argparse

    stack = Stack(load_settings({"RASA_TOKEN": "-LWshqWUFWqGIDdDZq5oHUWK"}), state=tmp_path)
    rasa = stack.rasa()
    assert callable(rasa.cmd)
    cmd = list(rasa.cmd())
    parser = argparse.ArgumentParser(exit_on_error=False)  # the options Rasa's "run" parser declares
    for option in ("--model", "--endpoints", "--credentials", "--interface", "--port", "--cors"):
        parser.add_argument(option)
    parser.add_argument("-t", "--auth-token")
    parser.add_argument("--enable-api", action="store_true")
    assert cmd[1] == "run"
    parsed = parser.parse_args(cmd[2:])
    assert parsed.auth_token == "-LWshqWUFWqGIDdDZq5oHUWK"


def test_write_yaml_is_private(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "a" / "e.yml", {"tracker_store": {"password": "x"}}, "test")
    assert (path.stat().st_mode & 0o777) == 0o600
    assert yaml.safe_load(path.read_text()) == {"tracker_store": {"password": "x"}}


class _FakeService:
    def __init__(self, log: list[str], name: str, running: bool) -> None:
        self.log, self.name, self._running = log, name, running

    def running(self) -> bool:
        return self._running

    def start(self, wait: bool = True) -> int:
        self.log.append(f"start {self.name}")
        return 1

    def wait_ready(self, pid: int) -> None:
        self.log.append(f"ready {self.name}")

    def stop(self) -> None:
        self.log.append(f"stop {self.name}")


@pytest.mark.parametrize(("retrain", "token"), [(True, "operators"), (False, "")])
def test_up_restarts_a_running_rasa_when_the_model_was_trained_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, retrain: bool, token: str
) -> None:
    env = {"NEO4J_URI": "bolt://elsewhere:7687", "ENCORE_CONSOLE_TOKEN": token}
    stack = Stack(load_settings(env), state=tmp_path)
    model = tmp_path / "encore.tar.gz"
    model.write_text("old")
    os.utime(model, (1_000_000, 1_000_000))
    log: list[str] = []

    class _Training:  # the background `rasa train` (Stack.start_training) that writes a new model
        def finish(self) -> Path:
            model.write_text("new")
            return model

        def stop(self) -> None:
            log.append("training stopped")

    monkeypatch.setattr(Stack, "model_path", property(lambda self: model))
    monkeypatch.setattr(stack, "start_training", lambda: _Training() if retrain else None)
    for name in ("import_kb", "export_encoder", "build_support_models", "build_recommender", "build_parser"):
        monkeypatch.setattr(stack, name, lambda: None)
    monkeypatch.setattr(stack, "actions", lambda: _FakeService(log, "actions", True))
    monkeypatch.setattr(stack, "rasa", lambda: _FakeService(log, "rasa", True))
    monkeypatch.setattr(stack, "web", lambda: _FakeService(log, "web", True))
    monkeypatch.setattr(stack, "console", lambda: _FakeService(log, "console", True))
    stack.up()
    restart = ["stop rasa"] if retrain else []
    console = ["start console"] if token else []  # never started without the operators' token
    assert log == [*restart, "start rasa", "start actions", "ready rasa", "start web", *console]


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"])
def test_the_tracker_store_takes_every_spelling_the_user_store_takes(scheme: str) -> None:
    # one reading of database URLs for both (encore/database_url.py)
    url = f"{scheme}://rasa:pw@db:5432/encore"
    assert tracker_store_config(url, Path("x"))["dialect"] == "postgresql"
    assert engine_url(url).host == "db"
