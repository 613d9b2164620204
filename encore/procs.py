"""Start, wait for and stop background services (pid files, log files, readiness checks)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence, Union


class ServiceError(RuntimeError):
    """A service did not start (the message ends with the tail of its log)."""


@dataclass
class Service:
    name: str
    cmd: Union[Sequence[str], Callable[[], Sequence[str]]]  # a callable is built at start
    log: Path
    pidfile: Path
    ready: Callable[[], bool]
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: Optional[Path] = None
    start_timeout: float = 120.0

    def pid(self) -> Optional[int]:
        """The pid of the running service, or ``None`` (a stale pid file is removed)."""
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            self.pidfile.unlink(missing_ok=True)
            return None
        except PermissionError:
            pass
        if _is_zombie(pid):
            self.pidfile.unlink(missing_ok=True)
            return None
        return pid

    def running(self) -> bool:
        return self.pid() is not None

    def start(self, quiet: bool = False, wait: bool = True) -> int:
        """Start the service unless it runs already; wait until it is ready unless ``wait`` is
        False (then :meth:`wait_ready` with the pid returned, before using it)."""
        pid = self.pid()
        if pid is not None:
            if not quiet:
                print(f"  {self.name}: already running (pid {pid})")
            if wait:
                self.wait_ready(pid)
            return pid
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.pidfile.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.update(self.env)
        with open(self.log, "ab") as log:
            log.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} starting {self.name}\n".encode())
            log.flush()
            cmd = self.cmd() if callable(self.cmd) else self.cmd
            proc = subprocess.Popen(
                list(cmd),
                cwd=self.cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pidfile.write_text(str(proc.pid))
        if not quiet:
            print(f"  {self.name}: starting (pid {proc.pid}, log {self.log})", flush=True)
        if wait:
            self.wait_ready(proc.pid, proc)
        return proc.pid

    def wait_ready(self, pid: int, proc: Optional[subprocess.Popen] = None) -> None:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                self.pidfile.unlink(missing_ok=True)
                raise ServiceError(f"{self.name} exited with code {proc.returncode}.\n{self.tail()}")
            if proc is None and self.pid() is None:
                raise ServiceError(f"{self.name} is not running.\n{self.tail()}")
            if self._probe():
                return
            time.sleep(0.5)
        raise ServiceError(f"{self.name} was not ready after {self.start_timeout:.0f} s.\n{self.tail()}")

    def _probe(self) -> bool:
        try:
            return bool(self.ready())
        except Exception:  # a readiness probe that fails means "not yet"
            return False

    def stop(self, timeout: float = 30.0, quiet: bool = False) -> bool:
        """Stop the service (SIGTERM to its process group, SIGKILL after ``timeout``)."""
        pid = self.pid()
        if pid is None:
            return False
        if not quiet:
            print(f"  {self.name}: stopping (pid {pid})", flush=True)
        _signal_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                break
            time.sleep(0.2)
        else:
            _signal_group(pid, signal.SIGKILL)
            time.sleep(0.5)
        self.pidfile.unlink(missing_ok=True)
        return True

    def tail(self, lines: int = 25) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(f"    | {line}" for line in text[-lines:])


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not _is_zombie(pid)
