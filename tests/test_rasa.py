"""Rasa's own checks of the training data and the conversation tests, run with the Rasa
server's environment (a separate virtual environment) on the trained model."""

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
