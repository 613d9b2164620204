"""Isolation: the latency of plain knowledge-graph turns while creative suggestions are being
generated, against the same turns with no generation, in one run (target: p95 within 1.2x).

    .venvs/actions/bin/python bench/creative_isolation.py [--turns 60] [--generators 4]

Phase "alone": one client asks knowledge-graph questions one after the other. Phase "loaded":
the same client and questions while ``--generators`` other conversations keep asking for
creative suggestions (each waits for its answer, then asks again). It starts its own stack
under .encore/bench (Neo4j 7689, actions 5057, Rasa 5007; change with the flags) unless one
runs there already, and stops what it started. Results: bench/results/creative_isolation.json.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
import uuid
from pathlib import Path

import requests
from common import bench_settings, summary_ms, write_result
from turn_cost import KG, Bot

from encore.settings import STATE_DIR
from encore.stack import Stack

CREATIVE = [
    "write a tagline for Memento",
    "an upbeat ad for a jazz night this Friday",
    "give me an idea for a scene: two old friends meet at a train station and talk about the past",
    "a dark tagline for Heat",
]
TIMEOUT_TEXT = "taking me longer than it should"


def kg_phase(rasa_url: str, turns: int) -> list[float]:
    session, sender = requests.Session(), f"bench-kg-{uuid.uuid4().hex[:8]}"
    return [Bot(rasa_url).turn(session, sender, KG[i % len(KG)]) for i in range(turns)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=60, help="knowledge-graph turns per phase")
    parser.add_argument("--generators", type=int, default=4, help="concurrent creative conversations")
    parser.add_argument("--neo4j-port", type=int, default=7689)
    parser.add_argument("--actions-port", type=int, default=5057)
    parser.add_argument("--rasa-port", type=int, default=5007)
    parser.add_argument("--state", default=str(STATE_DIR / "bench"))
    args = parser.parse_args()
    os.environ.update({"ACTIONS_PORT": str(args.actions_port), "RASA_PORT": str(args.rasa_port)})
    settings = bench_settings(args.neo4j_port)
    stack = Stack(settings, state=Path(args.state))
    services = [stack.neo4j(), stack.actions(), stack.rasa()]
    started = [s for s in services if not s.running()]
    url = f"{settings.rasa_url}/webhooks/rest/webhook"
    creative_times: list[float] = []
    creative_timeouts = 0
    try:
        services[0].start()
        stack.import_kb()
        stack.train()
        for service in services[1:]:
            service.start()
        kg_phase(settings.rasa_url, 24)  # warm-up: linker vocabulary, connections
        session = requests.Session()
        for text in CREATIVE:  # warm-up: the generator is loaded
            Bot(settings.rasa_url).turn(session, f"bench-warm-{uuid.uuid4().hex[:6]}", text)
        alone = kg_phase(settings.rasa_url, args.turns)
        stop = threading.Event()
        lock = threading.Lock()

        def generator(index: int) -> None:
            nonlocal creative_timeouts
            session, sender = requests.Session(), f"bench-gen-{index}-{uuid.uuid4().hex[:6]}"
            i = index
            while not stop.is_set():
                t0 = time.perf_counter()
                reply = session.post(
                    url, json={"sender": sender, "message": CREATIVE[i % len(CREATIVE)]}, timeout=120
                )
                elapsed = time.perf_counter() - t0
                text = " ".join(r.get("text", "") for r in reply.json())
                with lock:
                    creative_times.append(elapsed)
                    creative_timeouts += TIMEOUT_TEXT in text
                i += 1

        threads = [threading.Thread(target=generator, args=(i,)) for i in range(args.generators)]
        for thread in threads:
            thread.start()
        time.sleep(3)  # the generations are under way
        loaded = kg_phase(settings.rasa_url, args.turns)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        for service in reversed(started):
            service.stop(quiet=True)
    a, b = summary_ms(alone), summary_ms(loaded)
    result = {
        "kg_turns_alone": a,
        "kg_turns_with_generation": b,
        "p95_ratio": round(b["p95_ms"] / a["p95_ms"], 2),
        "p50_ratio": round(b["p50_ms"] / a["p50_ms"], 2),
        "concurrent_generations": args.generators,
        "creative_turns": summary_ms(creative_times),
        "creative_timeouts": creative_timeouts,
        "target": "kg p95 with generation <= 1.2x kg p95 alone",
    }
    print(result)
    write_result("creative_isolation", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
