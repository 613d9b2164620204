"""Helpers shared by the benchmark scripts: percentiles, result files, a bench stack."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 2),
        "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        "mean_ms": round(sum(seconds) / max(len(seconds), 1) * 1000, 2),
    }


def git_commit() -> str:
    """The checked-out commit (read only), so a result can be traced to the code it measured."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() or "unknown"


# The commit checked out when the benchmark started: the code its servers loaded, whatever is
# committed while it runs.
STARTED_AT = {"commit": git_commit(), "when": time.strftime("%Y-%m-%d %H:%M:%S")}


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages: a busy machine explains slow or noisy timings."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def cpu_model() -> str:
    """The processor's model name (Linux), so that runs on different hosts can be told apart:
    the same code ran 1.4x slower on one machine of this kind than on another."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_result(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {
        "benchmark": name,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "started": STARTED_AT["when"],
        "git_commit": STARTED_AT["commit"],
        "loadavg": load_average(),
        "machine": {"cpus": os.cpu_count(), "cpu": cpu_model(), "python": platform.python_version()},
        "command": " ".join([".venvs/actions/bin/python", *sys.argv]),
        **data,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"results written to {path.relative_to(ROOT)}")
    return path


def bench_settings(port: int = 7689) -> Any:
    """Settings for a throw-away Neo4j under .encore/bench (never the user's graph)."""
    from encore.cli import ensure_dotenv
    from encore.settings import STATE_DIR, load_settings, read_dotenv

    ensure_dotenv()
    env = {**read_dotenv(), **os.environ}
    env.pop("NEO4J_URI", None)
    env["NEO4J_HOME"] = str(STATE_DIR / "bench" / "neo4j")
    env["NEO4J_BOLT_PORT"] = str(port)
    return load_settings(env)


def bench_stack_settings(state: Path, neo4j_port: int, actions_port: int, rasa_port: int) -> Any:
    """Settings of a throw-away stack under ``state`` on its own ports, with the default SQLite
    tracker store (never a shared database)."""
    import dataclasses

    return dataclasses.replace(
        bench_settings(neo4j_port),
        neo4j_home=state / "neo4j",
        actions_port=actions_port,
        rasa_port=rasa_port,
        tracker_store_url="",
        lock_store_url="",
    )


def process_tree_rss_mb(pid: int) -> float:
    """Resident memory (MB) of ``pid`` and all its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total_kb, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            pass
        todo.extend(children.get(current, []))
    return round(total_kb / 1024, 1)
