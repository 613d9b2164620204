"""The action server's entry point (actions/server.py): its arguments, and a real server started
with the generator's default settings, which ``python -m rasa_sdk`` 3.21 does not start with."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import psutil
import pytest
import yaml
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionMissingDomainException

from actions.server import WORKERS, SelectiveDomainExecutor, build_executor, host, parse_args
from actions.support import ActionCancelPending
from encore.procs import Service
from encore.scaleout import free_port
from encore.settings import ROOT


def domain_actions() -> set[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return {a for a in domain["actions"] if isinstance(a, str) and not a.startswith("utter_")}


def test_the_arguments_are_those_of_rasa_sdk_with_this_package_by_default(monkeypatch) -> None:
    monkeypatch.delenv(WORKERS, raising=False)
    args = parse_args(["--port", "5999"])
    assert (args.port, args.actions, args.endpoints) == (5999, "actions", "endpoints.yml")


@pytest.mark.parametrize("argv, workers", [(["--grpc"], None), ([], "2")])
def test_grpc_and_sanic_workers_are_refused(monkeypatch, capsys, argv: list[str], workers: Any) -> None:
    if workers is None:
        monkeypatch.delenv(WORKERS, raising=False)
    else:
        monkeypatch.setenv(WORKERS, workers)
    with pytest.raises(SystemExit) as stopped:
        parse_args(argv)
    assert stopped.value.code == 2
    assert ("--grpc" if workers is None else f"{WORKERS}=2") in capsys.readouterr().err


def test_it_listens_on_loopback_unless_told(monkeypatch) -> None:
    monkeypatch.delenv("SANIC_HOST", raising=False)
    assert host() == "127.0.0.1"
    monkeypatch.setenv("SANIC_HOST", "0.0.0.0")  # noqa: S104 (the compose network's side)
    assert host() == "0.0.0.0"  # noqa: S104


def test_every_action_of_the_domain_is_registered() -> None:
    """What the server does at start: no helper class may break it, every domain action is served."""
    assert domain_actions() and domain_actions() <= set(build_executor("actions").actions)


def cancel_call(domain: Any = None) -> dict[str, Any]:
    """A call of action_cancel_pending as Rasa 3.6 sends it; with enable_selective_domain, no domain."""
    tracker = {
        "sender_id": "s", "slots": {"pending_confirmation": "delete_data"}, "latest_message": {"text": "no"},
        "events": [], "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": None,
    }  # fmt: skip
    call = {"next_action": "action_cancel_pending", "sender_id": "s", "tracker": tracker, "version": "3.6.21"}
    return call if domain is None else {**call, "domain": domain}


def test_a_call_without_the_domain_runs_as_rasa_sdk_3_6_ran_it() -> None:
    """Rasa 3.6 sends no domain to an action that does not ask for it: rasa-sdk 3.21 alone would
    answer 449 (Rasa 3.6 would not send it again); the server's executor runs the action."""
    plain = ActionExecutor()
    plain.register_action(ActionCancelPending)
    with pytest.raises(ActionMissingDomainException):
        asyncio.run(plain.run(cancel_call()))
    executor = SelectiveDomainExecutor()
    executor.register_action(ActionCancelPending)
    result = asyncio.run(executor.run(cancel_call()))
    assert result is not None
    reply = result.model_dump()
    assert reply["events"] == [
        {"event": "slot", "timestamp": None, "name": "pending_confirmation", "value": None}
    ]
    assert [r["response"] for r in reply["responses"]] == ["utter_delete_cancelled"]


@pytest.mark.parametrize("domain, given", [(None, {}), ({"slots": {"film": {}}}, {"slots": {"film": {}}})])
def test_the_action_gets_the_calls_domain_or_an_empty_one(domain: Any, given: dict[str, Any]) -> None:
    assert (
        SelectiveDomainExecutor().update_and_return_domain(cancel_call(domain), "action_cancel_pending")
        == given
    )


@pytest.fixture
def action_server(tmp_path: Path) -> Iterator[tuple[Service, int]]:
    """The server as the stack starts it, with the generator's defaults: its worker process is
    started while the actions are built (ENCORE_GENERATOR_WORKER=process, ENCORE_GENERATOR_LOAD=startup)."""
    port = free_port()
    env = {
        "PYTHONPATH": str(ROOT), "SANIC_HOST": "127.0.0.1", "ENCORE_PRELOAD": "0", "HF_HUB_OFFLINE": "1",
        "ENCORE_GENERATOR_WORKER": "process", "ENCORE_GENERATOR_LOAD": "startup",
    }  # fmt: skip
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as reply:  # noqa: S310 (loopback)
            return bool(reply.status == 200)

    service = Service(
        "actions", [sys.executable, "-m", "actions.server", "--port", str(port)], tmp_path / "actions.log",
        tmp_path / "actions.pid", ready, env=env, cwd=ROOT, start_timeout=180,
    )  # fmt: skip
    service.start(quiet=True)
    try:
        yield service, port
    finally:
        service.stop(quiet=True)


@pytest.mark.slow
def test_one_process_serves_the_actions_it_built(action_server: tuple[Service, int]) -> None:
    service, port = action_server
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/actions", timeout=10) as reply:  # noqa: S310
        served = {entry["name"] for entry in json.loads(reply.read())}
    assert domain_actions() <= served
    pid = service.pid()
    assert pid is not None
    # Its children are multiprocessing's and the generator's: one worker process
    # (ENCORE_GENERATOR_CONCURRENCY=1), and no Sanic worker serving in another process.
    children = psutil.Process(pid).children(recursive=True)
    spawned = [c for c in children if "spawn_main" in " ".join(c.cmdline())]
    assert len(spawned) == 1, [" ".join(c.cmdline()) for c in children]
    listening = [c for c in psutil.Process(pid).net_connections("tcp") if c.status == psutil.CONN_LISTEN]
    assert [(c.laddr.ip, c.laddr.port) for c in listening] == [("127.0.0.1", port)]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=10) as reply:  # noqa: S310
        assert json.loads(reply.read()) == {"status": "ready"}  # ENCORE_PRELOAD=0: nothing to wait for


def test_it_is_ready_once_its_services_are_loaded(monkeypatch) -> None:
    """``/ready`` is 503 while the start-up preload runs (a question sent then waits for it and
    times out), 200 after it; without a preload (ENCORE_PRELOAD=0) at once."""
    from actions import services
    from actions.server import readiness

    monkeypatch.setattr(services, "preloaded", threading.Event())
    monkeypatch.setenv("ENCORE_PRELOAD", "1")
    loading = asyncio.run(readiness(None))  # type: ignore[arg-type]
    assert (loading.status, json.loads(loading.body or b"")) == (503, {"status": "loading"})
    services.preloaded.set()
    loaded = asyncio.run(readiness(None))  # type: ignore[arg-type]
    assert (loaded.status, json.loads(loaded.body or b"")) == (200, {"status": "ready"})
    services.preloaded.clear()
    monkeypatch.setenv("ENCORE_PRELOAD", "0")
    assert asyncio.run(readiness(None)).status == 200  # type: ignore[arg-type]
