"""Isolation inside the action server only (no Rasa): the knowledge-graph action's latency on
one event loop, alone and while 4 creative actions generate with the real model, in one run.
A proxy for bench/creative_isolation.py when no Rasa model is at hand.

    .venvs/actions/bin/python bench/creative_isolation_inproc.py --neo4j-port 7799 \
        --state .encore/test-gen-bench [--turns 60] [--generators 4]

Results: bench/results/creative_isolation_inproc.json.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from dataclasses import replace
from pathlib import Path

from common import bench_settings, summary_ms, write_result

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

from actions.creative import ActionCreativeSuggestion  # noqa: E402
from actions.knowledge import ActionAnswerFilmQuestion  # noqa: E402
from creative.config import load_generator_config  # noqa: E402
from creative.runtime import CreativeRuntime  # noqa: E402
from encore.stack import Stack  # noqa: E402
from kg.graph import KnowledgeGraph  # noqa: E402
from kg.qa import FilmQA  # noqa: E402

KG = [
    ("who directed Kismet?", "ask_director", "Kismet"),
    ("who was in Casablanca?", "ask_cast", "Casablanca"),
    ("what genre is Amelie", "ask_genre", "Amelie"),
    ("who wrote Casablanca", "ask_writer", "Casablanca"),
]
CREATIVE = [
    "write a tagline for Memento",
    "an upbeat ad for a jazz night this Friday",
    "give me an idea for a scene: two old friends meet at a train station",
    "a dark tagline for Heat",
]


def tracker(text: str, intent: str, film: str | None = None) -> Tracker:
    entities = [{"entity": "film", "value": film}] if film else []
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities}
    return Tracker("bench", {}, message, [], False, None, {}, "action_listen")


async def kg_turns(action: ActionAnswerFilmQuestion, n: int) -> list[float]:
    times = []
    for i in range(n):
        text, intent, film = KG[i % len(KG)]
        t0 = time.perf_counter()
        await action.run(CollectingDispatcher(), tracker(text, intent, film), {})
        times.append(time.perf_counter() - t0)
    return times


async def with_generation(
    kg_action: ActionAnswerFilmQuestion, creative: CreativeRuntime, qa: FilmQA, turns: int, generators: int
) -> tuple[list[float], list[float]]:
    """KG turns while ``generators`` conversations keep asking for suggestions."""
    creative_action = ActionCreativeSuggestion(creative, qa)
    stop, creative_times = asyncio.Event(), []

    async def generate(index: int) -> None:
        i = index
        while not stop.is_set():
            t0 = time.perf_counter()
            await creative_action.run(
                CollectingDispatcher(), tracker(CREATIVE[i % 4], "request_creative"), {}
            )
            creative_times.append(time.perf_counter() - t0)
            i += 1

    tasks = [asyncio.create_task(generate(i)) for i in range(generators)]
    await asyncio.sleep(2)
    loaded = await kg_turns(kg_action, turns)
    stop.set()
    await asyncio.gather(*tasks)
    return loaded, creative_times


async def scenario(turns: int, generators: int, qa: FilmQA) -> dict[str, object]:
    kg_action = ActionAnswerFilmQuestion(qa)
    runtimes = {
        worker: CreativeRuntime(replace(load_generator_config(), worker=worker))
        for worker in ("process", "thread")
    }
    assert runtimes["process"].process_runner is not None
    await asyncio.wrap_future(runtimes["process"].process_runner.preload())  # model loaded in the worker
    runtimes["thread"].generator.get()  # model loaded in this process
    await kg_turns(kg_action, 12)  # warm-up
    alone = summary_ms(await kg_turns(kg_action, turns))
    result: dict[str, object] = {"kg_action_alone": alone, "concurrent_generations": generators}
    for worker, creative in runtimes.items():
        loaded, creative_times = await with_generation(kg_action, creative, qa, turns, generators)
        b = summary_ms(loaded)
        result[f"worker_{worker}"] = {
            "kg_action_with_generation": b,
            "p95_ratio": round(b["p95_ms"] / alone["p95_ms"], 2),
            "p50_ratio": round(b["p50_ms"] / alone["p50_ms"], 2),
            "creative_actions": summary_ms(creative_times),
        }
    runtimes["process"].process_runner.shutdown()
    # The same KG turns alone again at the end: how much the machine itself drifted during the run.
    result["kg_action_alone_after"] = summary_ms(await kg_turns(kg_action, turns))
    result["target"] = "p95 with generation <= 1.2x alone"
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--generators", type=int, default=4)
    parser.add_argument("--neo4j-port", type=int, default=7689)
    parser.add_argument("--state", default=".encore/bench")
    args = parser.parse_args()
    settings = replace(bench_settings(args.neo4j_port), neo4j_home=Path(args.state) / "neo4j")
    stack = Stack(settings, state=Path(args.state))
    neo4j = stack.neo4j()
    started = not neo4j.running()
    neo4j.start()
    try:
        stack.import_kb()
        result = asyncio.run(scenario(args.turns, args.generators, FilmQA(KnowledgeGraph(settings))))
    finally:
        if started:
            neo4j.stop(quiet=True)
    print(result)
    write_result("creative_isolation_inproc", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
