"""`bin/encore up` builds the action server's models while Rasa trains, and reports a failed training.

Why: `rasa train` keeps about one of two cores busy, so the question parser, the recommender and
the FAQ index are built beside it (a fresh clone answers minutes sooner); the Rasa server may
start only once its model is trained, and a training that fails must stop `up` with its log.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from encore.procs import ServiceError
from encore.settings import load_settings
from encore.stack import Stack, Training
from tests.unit.test_channels import _FakeService


def _training(tmp_path: Path, code: str) -> Training:
    log = tmp_path / "train.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=subprocess.STDOUT)
    return Training(proc, log, lambda: tmp_path / "model.tar.gz")


def test_a_finished_training_gives_the_model(tmp_path: Path) -> None:
    assert _training(tmp_path, "print('epochs done')").finish() == tmp_path / "model.tar.gz"


def test_a_failed_training_stops_up_with_the_end_of_its_log(tmp_path: Path) -> None:
    code = "import sys; print('InvalidConfigException: no such component'); sys.exit(1)"
    training = _training(tmp_path, code)
    with pytest.raises(ServiceError, match="no such component"):
        training.finish()


def test_a_training_can_be_stopped(tmp_path: Path) -> None:
    training = _training(tmp_path, "import time; time.sleep(60)")
    training.stop()
    assert training.proc.poll() is not None


class _Training:
    def __init__(self, calls: list[str]) -> None:
        self.calls = calls

    def finish(self) -> Path:
        self.calls.append("training finished")
        return Path("model.tar.gz")

    def stop(self) -> None:
        self.calls.append("training stopped")


def _stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: list[str], train: bool) -> Stack:
    settings = load_settings({"NEO4J_URI": "bolt://127.0.0.1:7999", "NEO4J_PASSWORD": "x" * 12})
    stack = Stack(settings, state=tmp_path)

    def record(what: str, value: Any = None) -> Any:
        def step(*args: Any, **kwargs: Any) -> Any:
            calls.append(what)
            return value

        return step

    monkeypatch.setattr(stack, "import_kb", record("import"))
    monkeypatch.setattr(stack, "export_encoder", record("export"))
    training = _Training(calls) if train else None
    monkeypatch.setattr(stack, "start_training", record("training started", training))
    for build in ("build_support_models", "build_recommender", "build_parser"):
        monkeypatch.setattr(stack, build, record(build))
    for name in ("rasa", "actions", "web", "console"):
        monkeypatch.setattr(stack, name, lambda name=name: _FakeService(calls, name, running=False))
    return stack


def test_models_are_built_while_rasa_trains_and_rasa_starts_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    _stack(tmp_path, monkeypatch, calls, train=True).up()
    builds = [calls.index(b) for b in ("build_support_models", "build_recommender", "build_parser")]
    assert calls.index("training started") < min(builds)
    assert max(builds) < calls.index("training finished") < calls.index("start rasa")
    assert calls.index("start rasa") < calls.index("start actions") < calls.index("ready rasa")


def test_a_current_model_is_not_trained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    _stack(tmp_path, monkeypatch, calls, train=False).up()
    assert "training finished" not in calls and "start rasa" in calls


def test_a_failed_build_stops_the_training(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    stack = _stack(tmp_path, monkeypatch, calls, train=True)

    def fail() -> None:
        raise ServiceError("the parser could not be built")

    monkeypatch.setattr(stack, "build_parser", fail)
    with pytest.raises(ServiceError, match="parser"):
        stack.up()
    assert "training stopped" in calls and "start rasa" not in calls
