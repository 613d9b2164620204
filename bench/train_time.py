"""How long ``rasa train`` takes, per pipeline component, for one or more configs.

    .venvs/actions/bin/python bench/train_time.py --config config.yml \
        --config OTHER.yml --names current other

Each config trains from the same data into a temporary folder with an empty training cache
(what a fresh clone does), one after the other. Rasa's own log lines ("Starting to train
component", "Finished training component") give each component's time. Results:
``bench/results/train_time.json``. The machine's load average is recorded: compare configs
within one run.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from common import ROOT, write_result

sys.path.insert(0, str(ROOT))

from encore.stack import QUIET_ENV, RASA_VENV, rasa_data  # noqa: E402

LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) INFO\s+rasa\.engine\.training\.hooks\s+-\s+"
    r"(Starting to train|Finished training) component '([^']+)'"
)


def component_times(log: str) -> list[dict[str, object]]:
    """[{component, seconds}] in training order, from Rasa's INFO log (1 s resolution)."""
    started: dict[str, datetime] = {}
    out = []
    for line in log.splitlines():
        m = LINE.match(line.strip())
        if not m:
            continue
        when = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")
        if m.group(2).startswith("Starting"):
            started[m.group(3)] = when
        elif m.group(3) in started:
            seconds = (when - started.pop(m.group(3))).total_seconds()
            out.append({"component": m.group(3), "seconds": seconds})
    return out


def train(config: Path) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="encore-train-") as tmp:
        env = {**os.environ, **QUIET_ENV, "RASA_CACHE_DIRECTORY": str(Path(tmp) / "cache")}
        out = Path(tmp) / "out"
        cmd = [str(RASA_VENV / "bin" / "rasa"), "train", "--config", str(config), "--domain", "domain.yml",
               "--data", *rasa_data(), "--out", str(out), "--fixed-model-name", "m"]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"rasa train failed for {config}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        components = component_times(done.stdout + "\n" + done.stderr)
    return {"config": str(config), "wall_s": round(wall, 1), "components": components}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", action="append", type=Path, required=True)
    parser.add_argument("--names", nargs="*", default=None)
    args = parser.parse_args()
    names = args.names or [p.stem for p in args.config]
    if len(names) != len(args.config):
        parser.error("give one name per --config")
    results = {}
    for name, config in zip(names, args.config):
        print(f"training {name} ({config}) with an empty cache ...", flush=True)
        results[name] = train(config)
        slowest = max(results[name]["components"], key=lambda c: c["seconds"], default=None)
        print(f"  {results[name]['wall_s']:.0f} s in all; slowest component: {slowest}", flush=True)
    write_result("train_time", {"configs": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
