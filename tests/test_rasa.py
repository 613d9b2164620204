"""Rasa's own checks of the training data and the conversation tests, run with the Rasa
server's environment (a separate virtual environment) on the trained model."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from encore.settings import ROOT
from encore.stack import QUIET_ENV, RASA_DATA, RASA_VENV

pytestmark = [pytest.mark.slow]
RASA = str(RASA_VENV / "bin" / "rasa")


def rasa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [RASA, *args], cwd=ROOT, env={**os.environ, **QUIET_ENV}, capture_output=True, text=True,
        timeout=1800,
    )  # fmt: skip


def test_rasa_data_validate() -> None:
    result = rasa(
        "data", "validate", "--domain", "domain.yml", "--data", *RASA_DATA, "--config", "config.yml"
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_conversation_stories(trained_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = rasa(
        "test", "core", "--model", str(trained_model), "--stories", "tests/stories",
        "--out", str(out), "--fail-on-prediction-errors",
    )  # fmt: skip
    failed = out / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, details + result.stdout[-3000:] + result.stderr[-3000:]


def test_held_out_messages_get_the_right_intent(trained_model: Path, tmp_path: Path) -> None:
    """NLU on messages that are not in the training data (rasa test core takes intents as given)."""
    out = tmp_path / "nlu"
    result = rasa("test", "nlu", "--model", str(trained_model), "--nlu", "tests/nlu", "--out", str(out))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((out / "intent_report.json").read_text())
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    wrong = [(e["text"], e["intent"], e["intent_prediction"]["name"]) for e in errors]
    assert not wrong, wrong
    assert report["accuracy"] == 1.0
