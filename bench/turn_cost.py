"""Cost of a turn: Encore against a bare Rasa bot, measured in one run.

    .venvs/actions/bin/python bench/turn_cost.py [--turns 150] [--concurrency 16] [--seconds 30]
                                                 [--long 200] [--soak 600]

The baseline is Rasa's own template bot (``rasa init``: a few intents, fixed responses, no
action server, its own in-memory tracker store), trained and started by this script under
.encore/bench/bare-rasa (port 5008) with the same Rasa environment as Encore. Encore runs as
``bin/encore`` would run it, on its own ports and state (.encore/bench: Neo4j 7689, actions
5057, Rasa 5007, SQLite tracker store). What it measures, through the REST webhook:

1. **sequential**: rounds of one bare-Rasa turn, one Encore knowledge-graph question and one
   Encore greeting, interleaved so that the machine's noise falls on all three alike; a new
   conversation every 10 turns. Ratio: Encore KG p50 / bare p50 (target <= 1.3).
2. **concurrent**: ``--concurrency`` conversations without pause for ``--seconds``, bare Rasa
   then Encore (KG questions only), twice in alternation; turns per second. Ratio: Encore /
   bare (target >= 0.8).
   Then throughput at 1, 4 and ``--concurrency`` conversations for both (the plot).
3. **long conversations**: two Encore conversations of ``--long`` KG turns each (and one of bare
   Rasa): p50 of turns 1-20 against the last 20. Ratio (target <= 1.2). Each long turn is
   followed by the same message in a short control conversation (a new one every 10 turns): the
   control's own last/first ratio is the machine's drift over the phase, and the long ratio
   divided by it is what the conversation's length costs. Also the size of what the action
   server receives with each call (the session's events) at turn 10 and at the largest point
   of the last session (turn 199 of 200).
4. **soak**: ``--soak`` seconds (default 600; 0 skips it) of ``--concurrency`` scripted users
   (bench/web_load.py's script: questions, follow-ups, button clicks, greetings; a fallback or
   an apology counts as an error), with the resident memory of every process after the warm-up
   and at the end of the soak (target: 0 errors, p99 <= 2 s, growth <= 10 %).

The plot ``docs/img/turn_cost.png`` shows latency by turn number and throughput by concurrency.

Speed figures are results, never pass/fail: the script only reports them against the targets
of the turn-cost issue. Results: bench/results/turn_cost.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Callable, Optional

import requests
from common import ROOT, bench_stack_settings, percentile, process_tree_rss_mb, summary_ms, write_result
from web_load import run_load

from encore.procs import Service
from encore.settings import STATE_DIR
from encore.stack import QUIET_ENV, RASA_VENV, Stack

BARE_PORT = 5008
PER_CONVERSATION = 10
# Messages the template bot answers whatever came before ("yes" and "no" answer its "Did that
# help you?", and a freshly trained template bot may say nothing to them out of that context).
BARE = ["hello", "hi", "good morning", "I am great", "are you a bot?", "bye", "I am sad"]
ENCORE_FLOOR = ["hello", "hi there", "good morning", "hey"]
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
FALLBACK = "didn't quite understand"


def bare_rasa(folder: Path) -> Service:
    """Rasa's template bot, trained once into ``folder`` by ``rasa init``."""
    rasa = str(RASA_VENV / "bin" / "rasa")
    env = {**QUIET_ENV, "RASA_CACHE_DIRECTORY": str(folder / ".rasa-cache")}
    if not list((folder / "models").glob("*.tar.gz")):
        folder.mkdir(parents=True, exist_ok=True)
        print("training the bare Rasa bot (rasa init) ...", flush=True)
        subprocess.run(
            [rasa, "init", "--no-prompt", "--init-dir", str(folder)],
            cwd=folder, env={**os.environ, **env}, check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def ready() -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{BARE_PORT}/", timeout=2).ok
        except requests.RequestException:
            return False

    return Service(
        "bare-rasa",
        [rasa, "run", "--model", str(folder / "models"), "--interface", "127.0.0.1",
         "--port", str(BARE_PORT)],
        folder / "rasa.log", folder / "rasa.pid", ready, env=env, cwd=folder, start_timeout=240,
    )  # fmt: skip


class Bot:
    def __init__(self, url: str) -> None:
        self.url = f"{url}/webhooks/rest/webhook"

    def turn(self, session: requests.Session, sender: str, text: str) -> float:
        started = time.perf_counter()
        response = session.post(self.url, json={"sender": sender, "message": text}, timeout=60)
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        replies = response.json()
        if not replies:
            raise RuntimeError(f"no reply to {text!r}")
        if any(FALLBACK in (r.get("text") or "") for r in replies):
            raise RuntimeError(f"fallback reply to {text!r}")
        return elapsed


def sequential(bare: Bot, encore: Bot, rounds: int, seed: int) -> dict[str, list[float]]:
    rng = random.Random(seed)
    session = requests.Session()
    out: dict[str, list[float]] = {"bare": [], "encore_kg": [], "encore_greeting": []}
    senders: dict[str, str] = {}
    for i in range(rounds):
        if i % PER_CONVERSATION == 0:
            senders = {k: f"cost-{uuid.uuid4().hex[:8]}" for k in out}
        out["bare"].append(bare.turn(session, senders["bare"], rng.choice(BARE)))
        out["encore_kg"].append(encore.turn(session, senders["encore_kg"], rng.choice(KG)))
        greeting = rng.choice(ENCORE_FLOOR)
        out["encore_greeting"].append(encore.turn(session, senders["encore_greeting"], greeting))
    return out


def concurrent(bot: Bot, texts: list[str], concurrency: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user(index: int) -> None:
        rng = random.Random(index)
        session = requests.Session()
        turns = 0
        sender = ""
        while time.monotonic() < stop_at:
            if turns % PER_CONVERSATION == 0:
                sender = f"cost-{uuid.uuid4().hex[:8]}"
            turns += 1
            try:
                elapsed = bot.turn(session, sender, rng.choice(texts))
            except (requests.RequestException, RuntimeError, ValueError) as exc:
                with lock:
                    errors.append(str(exc)[:200])
                continue
            with lock:
                latencies.append(elapsed)

    began = time.monotonic()
    threads = [threading.Thread(target=user, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    return {
        "turns": len(latencies),
        "errors": len(errors),
        "turns_per_second": round(len(latencies) / wall, 2),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        **({"first_errors": errors[:3]} if errors else {}),
    }


def session_payload(url: str, sender: str, token: str) -> dict[str, int]:
    """Events and JSON bytes of the sender's current session: what Rasa sends the action
    server with each call (the tracker of the session, as ``current_state`` serialises it)."""
    response = requests.get(f"{url}/conversations/{sender}/tracker", params={"token": token}, timeout=30)
    response.raise_for_status()
    events = response.json()["events"]
    starts = [i for i, e in enumerate(events) if e.get("event") == "session_started"]
    session = events[starts[-1] :] if starts else events
    return {"events": len(session), "bytes": len(json.dumps(session))}


def long_conversation(
    bot: Bot, texts: list[str], turns: int, token: Optional[str] = None
) -> tuple[list[float], dict, list[float]]:
    """One conversation of ``turns`` turns: their times, with ``token`` (Rasa's HTTP API) the
    size of the session at turn 10 and at the last turn of the last full session (a session
    holds 20 user messages; after turn 200 a new one has just begun and looks small), and the
    times of a control: after each turn, one turn of a short conversation (a new one every
    PER_CONVERSATION turns) with the same message. The control's turns are never far into a
    conversation, so what changes in them over the phase is the machine, not the length."""
    session = requests.Session()
    sender = f"long-{uuid.uuid4().hex[:8]}"
    times, sizes, control = [], {}, []
    for i in range(turns):
        text = texts[i % len(texts)]
        times.append(bot.turn(session, sender, text))
        if i % PER_CONVERSATION == 0:
            control_sender = f"control-{uuid.uuid4().hex[:8]}"
        control.append(bot.turn(session, control_sender, text))
        if token and i + 1 in (10, turns - turns % 20 - 1):
            sizes[f"after_turn_{i + 1}"] = session_payload(bot.url.rsplit("/webhooks", 1)[0], sender, token)
    return times, sizes, control


def plot(long: dict, sweep: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    for name, label in (("encore_kg", "Encore, film questions"), ("bare", "bare Rasa (rasa init)")):
        p50 = long[name]["p50_by_20_turns_ms"]
        left.plot([20 * i + 10 for i in range(len(p50))], p50, marker="o", label=label)
    control = long["encore_kg"]["control"]["p50_by_20_turns_ms"]
    left.plot([20 * i + 10 for i in range(len(control))], control, linestyle="--", color="grey",
              label="Encore, control (short conversations, same time)")  # fmt: skip
    left.set(xlabel="turn number in the conversation", ylabel="p50 per 20 turns (ms)",
             title="Latency by conversation length")  # fmt: skip
    left.legend()
    for name, label in (("encore_kg", "Encore, film questions"), ("bare", "bare Rasa")):
        levels = sorted(sweep, key=int)
        right.plot([int(c) for c in levels], [sweep[c][name] for c in levels], marker="o", label=label)
    right.set(xlabel="concurrent conversations", ylabel="turns per second",
              title="Throughput on 2 cores")  # fmt: skip
    right.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    print(f"plot written to {path.relative_to(ROOT)}")


def memory(processes: dict[str, Callable[[], int | None]]) -> dict[str, float]:
    out = {}
    for name, pid in processes.items():
        current = pid()
        if current is not None:
            out[name] = process_tree_rss_mb(current)
    return out


def main() -> int:
    raw_help = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw_help)
    parser.add_argument("--turns", type=int, default=150, help="sequential rounds (3 turns each)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30, help="length of each concurrent phase")
    parser.add_argument("--long", type=int, default=200, help="turns of each long conversation")
    parser.add_argument("--soak", type=float, default=600, help="seconds of soak (0: skip)")
    args = parser.parse_args()

    state = STATE_DIR / "bench"
    settings = bench_stack_settings(state, 7689, 5057, 5007)
    stack = Stack(settings, state=state)
    services = [stack.neo4j(), stack.actions(), stack.rasa()]
    baseline = bare_rasa(state / "bare-rasa")
    started = [s for s in [*services, baseline] if not s.running()]
    try:
        services[0].start()
        stack.import_kb()
        stack.train()
        for service in [*services[1:], baseline]:
            service.start()
        bare, encore = Bot(f"http://127.0.0.1:{BARE_PORT}"), Bot(settings.rasa_url)
        processes = {
            "bare_rasa": baseline.pid,
            "encore_rasa": services[2].pid,
            "encore_actions": services[1].pid,
            "neo4j": services[0].pid,
        }
        print("warm-up ...", flush=True)
        sequential(bare, encore, 20, seed=0)
        memory_start = memory(processes)

        print(f"sequential: {args.turns} rounds ...", flush=True)
        raw = sequential(bare, encore, args.turns, seed=1)
        seq = {name: summary_ms(values) for name, values in raw.items()}
        seq["kg_over_bare_p50"] = round(seq["encore_kg"]["p50_ms"] / seq["bare"]["p50_ms"], 2)
        seq["greeting_over_bare_p50"] = round(seq["encore_greeting"]["p50_ms"] / seq["bare"]["p50_ms"], 2)
        print(
            f"  bare p50 {seq['bare']['p50_ms']} ms, Encore KG p50 {seq['encore_kg']['p50_ms']} ms "
            f"({seq['kg_over_bare_p50']}x), Encore greeting {seq['encore_greeting']['p50_ms']} ms"
        )

        print(f"concurrent: {args.concurrency} conversations, 2 x {args.seconds:.0f} s each ...", flush=True)
        rounds = []
        for _ in range(2):
            rounds.append(
                {
                    "bare": concurrent(bare, BARE, args.concurrency, args.seconds),
                    "encore_kg": concurrent(encore, KG, args.concurrency, args.seconds),
                }
            )
        bare_tps = sum(r["bare"]["turns_per_second"] for r in rounds) / len(rounds)
        encore_tps = sum(r["encore_kg"]["turns_per_second"] for r in rounds) / len(rounds)
        conc = {"rounds": rounds, "encore_over_bare_throughput": round(encore_tps / bare_tps, 2)}
        print(
            f"  bare {bare_tps:.1f} turns/s, Encore {encore_tps:.1f} turns/s "
            f"({conc['encore_over_bare_throughput']}x)"
        )
        sweep: dict[str, dict[str, float]] = {
            str(args.concurrency): {"bare": round(bare_tps, 2), "encore_kg": round(encore_tps, 2)}
        }
        for level in (1, 4):
            sweep[str(level)] = {
                "bare": concurrent(bare, BARE, level, args.seconds / 2)["turns_per_second"],
                "encore_kg": concurrent(encore, KG, level, args.seconds / 2)["turns_per_second"],
            }
        print(f"  throughput by concurrency: {sweep}")

        print(f"long conversations: 2 x {args.long} Encore turns, 1 x {args.long} bare ...", flush=True)
        first, payload, first_control = long_conversation(encore, KG, args.long, settings.rasa_token)
        second, _, second_control = long_conversation(encore, KG, args.long)
        encore_long, encore_control = [first, second], [first_control, second_control]
        bare_long, _, bare_control = long_conversation(bare, BARE, args.long)

        def windows(conversations: list[list[float]]) -> dict[str, float]:
            first = [t for c in conversations for t in c[:20]]
            last = [t for c in conversations for t in c[-20:]]
            p_first, p_last = percentile(first, 50) * 1000, percentile(last, 50) * 1000
            return {
                "first_20_p50_ms": round(p_first, 1),
                "last_20_p50_ms": round(p_last, 1),
                "last_over_first": round(p_last / p_first, 2),
                "p50_by_20_turns_ms": [
                    round(percentile([t for c in conversations for t in c[i : i + 20]], 50) * 1000, 1)
                    for i in range(0, len(conversations[0]), 20)
                ],
            }

        def with_control(conversations: list[list[float]], controls: list[list[float]]) -> dict:
            measured, drift = windows(conversations), windows(controls)
            return {
                **measured,
                "control": drift,
                "last_over_first_over_control": round(
                    measured["last_over_first"] / drift["last_over_first"], 2
                ),
            }

        long = {
            "encore_kg": with_control(encore_long, encore_control),
            "bare": with_control([bare_long], [bare_control]),
            "action_call_payload": payload,
        }
        print(
            f"  Encore last/first {long['encore_kg']['last_over_first']} "
            f"(control {long['encore_kg']['control']['last_over_first']}), "
            f"bare last/first {long['bare']['last_over_first']} "
            f"(control {long['bare']['control']['last_over_first']}); payload {payload}"
        )
        memory_end = memory(processes)
        soak: dict = {}
        if args.soak > 0:
            print(f"soak: {args.concurrency} scripted users for {args.soak:.0f} s ...", flush=True)
            soak = run_load(settings.rasa_url, args.concurrency, args.soak)
            soak["memory_mb"] = {"before": memory_end, "after": memory(processes)}
            soak["memory_growth"] = {
                name: round(soak["memory_mb"]["after"][name] / mb - 1, 3)
                for name, mb in memory_end.items()
                if name in soak["memory_mb"]["after"]
            }
            print(
                f"  {soak['turns']} turns, {soak['errors']} errors, p99 {soak['p99_ms']} ms, "
                f"memory growth {soak['memory_growth']}"
            )
    finally:
        for service in reversed(started):
            service.stop(quiet=True)

    write_result(
        "turn_cost",
        {
            "baseline": "rasa init template bot, same Rasa environment, in-memory tracker store",
            "encore": "bench stack: Neo4j, action server, Rasa with the SQLite tracker store",
            "sequential": seq,
            "concurrent": {
                "concurrency": args.concurrency, "seconds_per_phase": args.seconds, **conc,
                "turns_per_second_by_concurrency": sweep,
            },
            "long_conversation": {"turns": args.long, **long},
            "memory_mb": {"after_warm_up": memory_start, "after_long_conversations": memory_end},
            "soak": {"seconds": args.soak, "concurrency": args.concurrency, **soak},
            "targets": {
                "kg_over_bare_p50": "<= 1.3",
                "encore_over_bare_throughput": ">= 0.8",
                "long_conversation.encore_kg.last_over_first": "<= 1.2",
                "soak": "0 errors, p99 <= 2000 ms (quiet machine), memory growth <= 0.10",
            },
        },
    )  # fmt: skip
    plot(long, sweep, ROOT / "docs" / "img" / "turn_cost.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
