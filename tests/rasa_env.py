"""Scripts run by the Rasa server's Python, for tests of the code that runs inside Rasa
(``rasa_plugins/``): the actions environment has no Rasa."""

from __future__ import annotations

import os
import subprocess
from typing import Iterable, Mapping, Optional

from encore.settings import ROOT
from encore.stack import QUIET_ENV, RASA_VENV


def run_in_rasa(
    script: str, *args: str, env: Optional[Mapping[str, str]] = None, unset: Iterable[str] = ()
) -> None:
    """Run ``script`` with ``args`` in the Rasa environment, the repository on its path, the process
    environment with ``env`` over it and ``unset`` removed; it must exit 0 and print "ok" last."""
    full = {**os.environ, **QUIET_ENV, "PYTHONPATH": str(ROOT), **(env or {})}
    for name in unset:
        full.pop(name, None)
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), "-c", script, *args],
        cwd=ROOT, env=full, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), (
        result.stdout + result.stderr[-3000:]
    )
