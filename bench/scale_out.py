"""Throughput of the scale-out layout: 1 Rasa server + 1 action server behind nginx, then 2 + 2.

    .venvs/actions/bin/python bench/scale_out.py [--concurrency 8] [--duration 90] [--replicas 1 2]

Each layout is the production one of deploy/docker-compose.yml on loopback ports
(:class:`encore.scaleout.ScaleOut`, the same code as the scale-out test): nginx in front, a
PostgreSQL database of its own (tracker store, profiles, tickets) and Redis (lock store), all
throw-away servers started here. Neo4j is a bench stack's own (.encore/bench, port 7689) unless
one runs there already. The load is bench/web_load.py's: ``--concurrency`` users talking without
pause through nginx's REST channel for ``--duration`` seconds, after a short warm-up.

Results: bench/results/scale_out.json (turns/s, p50/p95 per turn and errors per layout, the
throughput ratio of the last layout to the first, the load average before each one).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from common import bench_stack_settings, load_average, write_result
from web_load import run_load

from encore.scaleout import ScaleOut
from encore.settings import STATE_DIR
from encore.stack import Stack
from tests.databases import create_database, postgres_server, redis_server


def main() -> int:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=90, help="seconds of load per layout")
    parser.add_argument("--warm-up", type=float, default=15, help="seconds of load not counted")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2], help="Rasa (= action) servers")
    parser.add_argument("--state", type=Path, default=STATE_DIR / "bench")
    parser.add_argument("--neo4j-port", type=int, default=7689)
    args = parser.parse_args()

    settings = bench_stack_settings(args.state, args.neo4j_port, actions_port=0, rasa_port=0)
    stack = Stack(settings, state=args.state)
    neo4j = stack.neo4j()
    started = not neo4j.running()
    layouts: list[dict[str, object]] = []
    try:
        neo4j.start()
        stack.import_kb()
        stack.train()
        stack.build_support_models()
        stack.build_recommender()
        stack.build_parser()
        with postgres_server(args.state / "postgres") as server, redis_server(args.state / "redis") as redis:
            for n in args.replicas:
                cluster = ScaleOut.plan(
                    settings,
                    args.state / f"scale-{n}",
                    rasa=n,
                    actions=n,
                    tracker_store_url=create_database(server, f"scale_{n}"),
                    lock_store_url=f"redis://127.0.0.1:{redis}/{n}",
                )
                print(f"{n} Rasa + {n} action server(s) behind nginx: starting ...", flush=True)
                cluster.start(timeout_factor=3)
                try:
                    run_load(cluster.url, args.concurrency, args.warm_up)
                    time.sleep(5)  # let the warm-up's last turns settle before the load average
                    before = load_average()
                    print(f"  {args.concurrency} conversations for {args.duration:.0f} s ...", flush=True)
                    result = run_load(cluster.url, args.concurrency, args.duration)
                finally:
                    cluster.stop()
                layouts.append({"rasa_servers": n, "action_servers": n, "loadavg_before": before, **result})
                print(f"  {result['throughput_turns_per_s']} turns/s, p50 {result['p50_ms']} ms, "
                      f"p95 {result['p95_ms']} ms, errors {result['errors']}", flush=True)  # fmt: skip
    finally:
        if started:
            neo4j.stop()
    first, last = layouts[0]["throughput_turns_per_s"], layouts[-1]["throughput_turns_per_s"]
    ratio = round(float(last) / float(first), 2) if first else None  # type: ignore[arg-type]
    print(f"throughput ratio {layouts[-1]['rasa_servers']} vs {layouts[0]['rasa_servers']}: {ratio}")
    write_result(
        "scale_out",
        {
            "channel": "rest through nginx",
            "stores": "PostgreSQL (tracker store, user store), Redis (lock store)",
            "cpus_available": len(os.sched_getaffinity(0)),
            "concurrency": args.concurrency,
            "warm_up_s": args.warm_up,
            "layouts": layouts,
            "throughput_ratio_last_vs_first": ratio,
        },
    )
    return 1 if any(layout["errors"] for layout in layouts) else 0


if __name__ == "__main__":
    raise SystemExit(main())
