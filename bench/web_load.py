"""Load: N concurrent conversations held for a few minutes through the REST channel, with the
SQL tracker store of the production layout (every turn reads and writes it).

    .venvs/actions/bin/python bench/web_load.py [--concurrency 16] [--duration 180]

Each simulated user talks without pause: a knowledge-graph question, its follow-up, a
suggestion click (a button payload), and so on, as one conversation per user. A turn is an
error when the HTTP call fails, the reply is empty, the bot apologises for a failure, or it
says it did not understand (every scripted message is one it should understand).
It starts its own stack under .encore/bench (Neo4j 7689, actions 5057, Rasa 5007) unless one
runs there already (``--state``/``--*-port`` choose others), and stops what it started.
Results: bench/results/web_load.json (throughput, p50/p95/p99 per turn, errors, and the
resident memory of Neo4j, the action server and Rasa after the warm-up and at the end).
A 10-minute soak: ``--duration 600``.
"""

from __future__ import annotations

import argparse
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import requests
from common import bench_stack_settings, percentile, process_tree_rss_mb, write_result

from encore.settings import STATE_DIR
from encore.stack import Stack

SCRIPT = [
    "who directed Kismet?",
    "and who was in it?",
    "who directed kismat",
    '/ask_director{"film": "Kismet"}',
    "who was in Casablanca?",
    "when was it released?",
    "which films did Michael Mann direct?",
    "who directed heat",
    "hello",
    "what is Alien about?",
]
# Apologies the bot sends when something failed behind it (graph down, timeout, ...).
FAILURE_WORDS = ("something went wrong", "can't reach my film database", "taking me longer than it should")
# Every scripted message is one the bot should understand: its fallback is an error too.
FALLBACK_WORDS = ("didn't quite understand",)


def user(url: str, stop_at: float, out: list[tuple[float, float, str]], lock: threading.Lock) -> None:
    session = requests.Session()
    sender = f"load-{uuid.uuid4().hex[:10]}"
    i = 0
    while time.monotonic() < stop_at:
        text = SCRIPT[i % len(SCRIPT)]
        i += 1
        start = time.monotonic()
        try:
            response = session.post(
                f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
            )
            replies = response.json() if response.status_code == 200 else None
            reply = " ".join(r.get("text", "") for r in replies or [])
            if response.status_code != 200:
                outcome = f"http {response.status_code}"
            elif not replies:
                outcome = "empty reply"
            elif any(word in reply.lower() for word in FAILURE_WORDS):
                outcome = "apology"
            elif any(word in reply.lower() for word in FALLBACK_WORDS):
                outcome = "fallback"
            else:
                outcome = "ok"
        except (requests.RequestException, ValueError) as exc:
            outcome = type(exc).__name__
        with lock:
            out.append((start, time.monotonic() - start, outcome))


def run_load(url: str, concurrency: int, duration: float) -> dict[str, object]:
    results: list[tuple[float, float, str]] = []
    lock = threading.Lock()
    began = time.monotonic()
    stop_at = began + duration
    threads = [
        threading.Thread(target=user, args=(url, stop_at, results, lock), daemon=True)
        for _ in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies = [seconds for _, seconds, _ in results]
    outcomes = Counter(outcome for _, _, outcome in results)
    errors = sum(n for outcome, n in outcomes.items() if outcome != "ok")
    return {
        "concurrency": concurrency,
        "duration_s": round(elapsed, 1),
        "turns": len(results),
        "throughput_turns_per_s": round(len(results) / elapsed, 2),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "max_ms": round(max(latencies, default=0) * 1000, 1),
        "errors": errors,
        "outcomes": dict(outcomes),
    }


def main() -> int:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--duration", type=float, default=180, help="seconds of load")
    parser.add_argument("--state", type=Path, default=STATE_DIR / "bench")
    parser.add_argument("--neo4j-port", type=int, default=7689)
    parser.add_argument("--actions-port", type=int, default=5057)
    parser.add_argument("--rasa-port", type=int, default=5007)
    args = parser.parse_args()

    settings = bench_stack_settings(args.state, args.neo4j_port, args.actions_port, args.rasa_port)
    stack = Stack(settings, state=args.state)
    services = [stack.neo4j(), stack.actions(), stack.rasa()]
    started = [s for s in services if not s.running()]
    try:
        services[0].start()
        stack.import_kb()
        stack.train()
        for service in services[1:]:
            service.start()
        print(f"warm-up, then {args.concurrency} conversations for {args.duration:.0f} s ...", flush=True)
        run_load(settings.rasa_url, 2, 10)
        names = ("neo4j", "actions", "rasa")
        before = {n: process_tree_rss_mb(s.pid() or 0) for n, s in zip(names, services)}
        result = run_load(settings.rasa_url, args.concurrency, args.duration)
        after = {n: process_tree_rss_mb(s.pid() or 0) for n, s in zip(names, services)}
        result["memory_mb"] = {
            "after_warm_up": before,
            "at_end": after,
            "growth": {n: round(after[n] / before[n] - 1, 3) if before[n] else None for n in names},
        }
    finally:
        for service in reversed(started):
            service.stop()
    print({k: v for k, v in result.items() if k not in ("outcomes", "memory_mb")}, result["outcomes"])
    print("memory (MB):", result["memory_mb"])
    write_result("web_load", {"channel": "rest", "tracker_store": "SQL (SQLite)", **result})
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
