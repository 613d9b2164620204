"""Turn latency through the REST webhook: knowledge-graph questions against the bare-Rasa
floor (a turn that only sends a fixed response), sequentially and with 16 concurrent
conversations, in the same run.

    .venvs/actions/bin/python bench/turn_latency.py [--turns 200] [--concurrency 16]

It starts its own stack under .encore/bench (Neo4j 7689, actions 5057, Rasa 5007) unless one
runs there already, and stops what it started. Results: bench/results/turn_latency.json.
"""

from __future__ import annotations

import argparse
import os
import random
import threading
import time
import uuid

import requests
from common import bench_settings, summary_ms, write_result

from encore.settings import STATE_DIR
from encore.stack import Stack

CONVERSATION_TURNS = 10
FLOOR = ["hello", "hi there", "good morning", "hey"]
KG = [
    "who directed Kismet?",
    "who was in Casablanca?",
    "who wrote Casablanca",
    "when was Blade Runner released",
    "what genre is Amelie",
    "what language is Amelie in",
    "what is Blade Runner about",
    "what films did Ronald Colman star in?",
    "movies directed by Christopher Nolan",
    "films by the director of Memento",
    "who acted with Ronald Colman",
    "comedies from 1999",
]


def turn(session: requests.Session, url: str, sender: str, text: str) -> float:
    t0 = time.perf_counter()
    response = session.post(url, json={"sender": sender, "message": text}, timeout=60)
    elapsed = time.perf_counter() - t0
    response.raise_for_status()
    assert response.json(), f"no reply to {text!r}"
    return elapsed


def run_mixed(url: str, turns: int, concurrency: int, seed: int) -> dict[str, list[float]]:
    """``concurrency`` conversations, each alternating floor and KG turns."""
    results: dict[str, list[float]] = {"floor": [], "kg": []}
    lock = threading.Lock()
    per_worker = max(1, turns // concurrency)

    def worker(index: int) -> None:
        rng = random.Random(seed + index)
        session = requests.Session()
        sender = ""
        for i in range(per_worker):
            if i % CONVERSATION_TURNS == 0:  # a new conversation every few turns
                sender = f"bench-{uuid.uuid4().hex[:8]}"
            kind = "floor" if (i + index) % 2 == 0 else "kg"
            text = rng.choice(FLOOR if kind == "floor" else KG)
            elapsed = turn(session, url, sender, text)
            with lock:
                results[kind].append(elapsed)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=200, help="turns per phase")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    os.environ.update({"ACTIONS_PORT": "5057", "RASA_PORT": "5007"})
    settings = bench_settings()
    stack = Stack(settings, state=STATE_DIR / "bench")
    services = [stack.neo4j(), stack.actions(), stack.rasa()]
    started = [s for s in services if not s.running()]
    services[0].start()
    stack.import_kb()
    stack.train()
    for service in services[1:]:
        service.start()
    url = f"{settings.rasa_url}/webhooks/rest/webhook"
    try:
        run_mixed(url, 40, 1, seed=0)  # warm-up: model, linker vocabulary, connections
        phases = {}
        for name, concurrency in (("sequential", 1), (f"concurrent_{args.concurrency}", args.concurrency)):
            t0 = time.perf_counter()
            raw = run_mixed(url, args.turns, concurrency, seed=1)
            wall = time.perf_counter() - t0
            floor, kg = summary_ms(raw["floor"]), summary_ms(raw["kg"])
            phases[name] = {
                "floor": floor,
                "kg": kg,
                "kg_over_floor_p50": round(kg["p50_ms"] / floor["p50_ms"], 2),
                "kg_over_floor_p95": round(kg["p95_ms"] / floor["p95_ms"], 2),
                "turns_per_second": round((len(raw["floor"]) + len(raw["kg"])) / wall, 1),
            }
            print(
                f"{name:14} floor p50 {floor['p50_ms']:7.1f} p95 {floor['p95_ms']:7.1f} ms | "
                f"kg p50 {kg['p50_ms']:7.1f} p95 {kg['p95_ms']:7.1f} ms | "
                f"ratio p50 {phases[name]['kg_over_floor_p50']}"
            )
    finally:
        for service in reversed(started):
            service.stop(quiet=True)
    write_result(
        "turn_latency",
        {
            "turns_per_phase": args.turns,
            "turns_per_conversation": CONVERSATION_TURNS,
            "phases": phases,
            "target": "kg p50 <= 1.3x floor p50",
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
