"""System packages the test suite needs: Debian's chromium (browser test), redis-server (lock
store test), postgresql (tracker store test) and nginx (load balancer of the scale-out test).
``bin/encore test`` installs the missing ones with apt-get when it runs as root, as on a fresh CI
machine, and otherwise says what to install."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from typing import Callable, Mapping, Optional

# Debian package -> the program it provides.
TEST_PACKAGES: Mapping[str, str] = {
    "chromium": "chromium",
    "redis-server": "redis-server",
    # The server's programs are not on PATH (/usr/lib/postgresql/<version>/bin); psql is.
    "postgresql": "/usr/lib/postgresql/*/bin/postgres",
    # In /usr/sbin, which is not on every user's PATH.
    "nginx": "/usr/sbin/nginx",
}


def missing_packages(
    packages: Mapping[str, str] = TEST_PACKAGES, which: Optional[Callable[[str], Optional[str]]] = None
) -> list[str]:
    which = which or _which
    return [package for package, program in packages.items() if which(program) is None]


def _which(program: str) -> Optional[str]:
    if "/" in program:  # a path pattern
        found = sorted(glob.glob(program))
        return found[-1] if found else None
    return shutil.which(program)


def ensure_test_packages(packages: Mapping[str, str] = TEST_PACKAGES) -> bool:
    """Install the missing packages with apt-get (as root); ``False`` if they stay missing."""
    missing = missing_packages(packages)
    if not missing:
        return True
    names = " ".join(missing)
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(
            f"error: the tests need the Debian package(s) {names}. Install them as root:\n"
            f"  apt-get update && apt-get install -y {names}"
        )
        return False
    print(f"== system packages: installing {names} with apt-get", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", *missing]):
        if subprocess.call(cmd, env=env) != 0:
            print(f"error: '{' '.join(cmd)}' failed; install {names} and rerun")
            return False
    still = missing_packages(packages)
    if still:
        print(f"error: {' '.join(still)} still missing after apt-get install")
    return not still
