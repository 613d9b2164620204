"""Services started without waiting (bin/encore up starts the Rasa server so, and waits later)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from encore.procs import Service, ServiceError


def service(tmp_path: Path, code: str, marker: Path) -> Service:
    return Service(
        "demo", [sys.executable, "-c", code], tmp_path / "demo.log", tmp_path / "demo.pid",
        marker.exists, start_timeout=30,
    )  # fmt: skip


def test_a_service_started_without_waiting_is_waited_for_later(tmp_path: Path) -> None:
    marker = tmp_path / "ready"
    demo = service(tmp_path, f"import time, pathlib; time.sleep(1); pathlib.Path({str(marker)!r}).touch(); "
                             "time.sleep(60)", marker)  # fmt: skip
    try:
        pid = demo.start(quiet=True, wait=False)
        assert not marker.exists()  # returned before the service was ready
        demo.wait_ready(pid)
        assert marker.exists() and demo.pid() == pid
    finally:
        demo.stop(quiet=True)


def test_a_service_that_dies_before_it_is_ready_is_reported(tmp_path: Path) -> None:
    demo = service(tmp_path, "import sys; print('cannot start'); sys.exit(3)", tmp_path / "never")
    pid = demo.start(quiet=True, wait=False)
    with pytest.raises(ServiceError, match="cannot start"):
        demo.wait_ready(pid)
