"""Knowledge-graph question answering, end to end, on the held-out question set.

    .venvs/actions/bin/python bench/qa_eval.py [--split test|validation|dev2|dev3|dev4] [--limit N]
        [--url http://127.0.0.1:5005/webhooks/rest/webhook] [--concurrency 1] [--start-stack]

Why: the parser and the graph queries are tuned on their own examples; this asks the questions
of ``bench/data/qa_<split>.tsv`` (written by ``bench/make_qa_set.py``: unseen wordings, unseen
names, gold answers computed from the KB) through the real REST webhook, the way a user's
message reaches the bot, and reports how often the reply holds a right answer. Tune on
``--split validation`` (or ``--split dev2``, a second tuning split with its own wordings and
names, once validation has been used up, or ``--split dev3``, a third tuning split, wordings
written as users type to a chat bot: terse keyword queries, the name first, casual questions,
statements with a blank; its own names too, but for genres, which it shares with validation and
dev2, or ``--split dev4``, a fourth, written blind to see how wordings nobody tuned on fare:
awkward grammar, passive and relative chains, terse keyword strings, extra politeness, lower
case, typos in function words; genres as dev3); report ``test``.

Each question is sent from a fresh sender id (``qa-eval-<run>-<id>``, new for every run, since
the tracker store keeps conversations between runs), so no conversation context
helps or hurts. Every reply text of the turn and every button title is collected, then:

* ``correct``: at least one gold answer appears in the reply (case, accents and punctuation
  ignored; names and titles matched on word boundaries; years as 4-digit tokens). Answers
  shorter than 3 characters, or contained in the question, only count when no other answer
  is left: a reply that echoes the question must not score;
* ``all_listed``: every gold answer appears; reported over questions with at most 10 answers
  (the bot shortens longer lists, so that rate would say nothing);
* latency of the turn.

By default the stack must already run (``bin/encore up --no-chat``); ``--start-stack`` starts
a throw-away one under .encore/bench (Neo4j 7689, actions 5057, Rasa 5007) the way the other
benchmarks do, and stops what it started. Results: bench/results/qa_eval.json for the test
split, qa_eval_<split>.json for the others (accuracy per path, hop count and wording style,
all-listed rates, p50/p95 latency, up to 60 failures).

Caveats: a year asked about a person's films may be matched by a year the bot prints next to
a title; an IMDb rating word ("good") may be matched by an unrelated use of the word.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import threading
import time
import unicodedata
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

import requests
from common import ROOT, bench_stack_settings, load_average, percentile, summary_ms, write_result

from encore.settings import STATE_DIR, load_settings
from encore.stack import Stack

DATA = ROOT / "bench" / "data"
WEBHOOK = "/webhooks/rest/webhook"
ALL_LISTED_MAX = 10
MAX_FAILURES = 60
PROGRESS_EVERY = 50
TIMEOUT_S = 60


@dataclass
class Question:
    id: str
    path: str
    hops: int
    style: str
    question: str
    topic: str
    constraint: str
    gold: list[str]


@dataclass
class Outcome:
    question: Question
    reply: str = ""
    seconds: float = 0.0
    error: str = ""
    found: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return any(answer in self.found for answer in telling_answers(self.question))

    @property
    def all_listed(self) -> Optional[bool]:
        if len(self.question.gold) > ALL_LISTED_MAX:
            return None
        checkable = [g for g in self.question.gold if normalise(g).strip()]
        return all(answer in self.found for answer in checkable)


def load_questions(split: str) -> list[Question]:
    path = DATA / f"qa_{split}.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    out = []
    for line in lines[1:]:
        if not line.strip():
            continue
        row = dict(zip(header, line.split("\t")))
        out.append(
            Question(
                id=row["id"],
                path=row["path"],
                hops=int(row["hops"]),
                style=row["style"],
                question=row["question"],
                topic=row["topic"],
                constraint=row["constraint"],
                gold=[g for g in row["gold"].split("|") if g],
            )
        )
    return out


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces, padded for word matches."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " " + " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split()) + " "


def answers_in(reply: str, gold: Iterable[str]) -> list[str]:
    """The gold answers that occur in ``reply`` as whole words."""
    haystack = normalise(reply)
    found = []
    for answer in gold:
        needle = normalise(answer)
        if needle.strip() and needle in haystack:
            found.append(answer)
    return found


def telling_answers(question: Question) -> list[str]:
    """The gold answers whose presence in a reply means something. A very short answer (a film
    called "1") or one the question itself contains (a film called "Africa" for "films about
    africa") would also match a reply that merely echoes the question or counts ("1 more"), so
    they only count when nothing else is left."""
    asked = normalise(question.question)
    telling = [g for g in question.gold if len(normalise(g).strip()) >= 3 and normalise(g) not in asked]
    return telling or question.gold


def reply_text(messages: list[dict[str, Any]]) -> str:
    """Every text and button title of one turn, one per line."""
    parts: list[str] = []
    for message in messages:
        if message.get("text"):
            parts.append(str(message["text"]))
        for button in message.get("buttons") or []:
            if button.get("title"):
                parts.append(str(button["title"]))
    return "\n".join(parts)


# One id per run: the tracker store keeps conversations, and a second run must not inherit them.
RUN = uuid.uuid4().hex[:8]


class Client:
    """One HTTP client (connection pool) per worker thread."""

    def __init__(self, url: str):
        self.url = url
        self.local = threading.local()

    def ask(self, question: Question) -> Outcome:
        session = getattr(self.local, "session", None)
        if session is None:
            session = self.local.session = requests.Session()
        outcome = Outcome(question)
        started = time.perf_counter()
        try:
            body = {"sender": f"qa-eval-{RUN}-{question.id}", "message": question.question}
            response = session.post(self.url, json=body, timeout=TIMEOUT_S)
            outcome.seconds = time.perf_counter() - started
            if response.status_code != 200:
                outcome.error = f"http {response.status_code}"
            else:
                outcome.reply = reply_text(response.json())
                if not outcome.reply:
                    outcome.error = "empty reply"
        except (requests.RequestException, ValueError) as exc:
            outcome.seconds = time.perf_counter() - started
            outcome.error = type(exc).__name__
        outcome.found = answers_in(outcome.reply, question.gold)
        return outcome


def rates(outcomes: list[Outcome]) -> dict[str, Any]:
    listed = [o.all_listed for o in outcomes if o.all_listed is not None]
    return {
        "n": len(outcomes),
        "accuracy": round(sum(o.correct for o in outcomes) / len(outcomes), 4) if outcomes else None,
        "all_listed_n": len(listed),
        "all_listed": round(sum(listed) / len(listed), 4) if listed else None,
    }


def grouped(outcomes: list[Outcome], key: Any) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[str(key(outcome.question))].append(outcome)
    return {name: rates(groups[name]) for name in sorted(groups)}


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    failures = [o for o in outcomes if not o.correct]
    return {
        "overall": rates(outcomes),
        "by_hops": grouped(outcomes, lambda q: q.hops),
        "by_style": grouped(outcomes, lambda q: q.style),
        "paraphrase": rates([o for o in outcomes if o.question.style != "question"]),
        "by_constraint": grouped(outcomes, lambda q: "constrained" if q.constraint else "plain"),
        "by_path": grouped(outcomes, lambda q: q.path),
        "latency": summary_ms([o.seconds for o in outcomes]),
        "errors": sum(bool(o.error) for o in outcomes),
        "failures": [
            {
                "id": o.question.id,
                "path": o.question.path,
                "style": o.question.style,
                "question": o.question.question,
                "constraint": o.question.constraint,
                "gold_n": len(o.question.gold),
                "gold_head": o.question.gold[:5],
                "reply_head": (o.error + ": " if o.error else "") + o.reply[:300],
            }
            for o in failures[:MAX_FAILURES]
        ],
    }


def run(client: Client, questions: list[Question], concurrency: int) -> list[Outcome]:
    outcomes: list[Outcome] = []
    done_at = time.perf_counter()

    def progress() -> None:
        correct = sum(o.correct for o in outcomes)
        p50 = percentile([o.seconds for o in outcomes], 50) * 1000
        print(
            f"[{len(outcomes)}/{len(questions)}] accuracy {correct / len(outcomes):.3f}"
            f"  p50 {p50:.0f} ms  {time.perf_counter() - done_at:.0f} s",
            file=sys.stderr,
            flush=True,
        )

    if concurrency <= 1:
        for question in questions:
            outcomes.append(client.ask(question))
            if len(outcomes) % PROGRESS_EVERY == 0:
                progress()
    else:
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            futures = [pool.submit(client.ask, q) for q in questions]
            for future in as_completed(futures):
                outcomes.append(future.result())
                if len(outcomes) % PROGRESS_EVERY == 0:
                    progress()
        order = {q.id: i for i, q in enumerate(questions)}
        outcomes.sort(key=lambda o: order[o.question.id])
    if len(outcomes) % PROGRESS_EVERY:
        progress()
    return outcomes


def reachable(url: str) -> bool:
    base = url.split(WEBHOOK)[0]
    try:
        return requests.get(base + "/", timeout=5).status_code < 500
    except requests.RequestException:
        return False


def explain_unreachable(url: str) -> None:
    print(
        f"The Rasa server does not answer at {url}.\n"
        "Start the stack first (bin/encore up --no-chat), pass --url, or use --start-stack.",
        file=sys.stderr,
    )


def add_stack_options(parser: argparse.ArgumentParser) -> None:
    """--start-stack and where the throw-away stack lives (shared with bench/bot_eval.py)."""
    parser.add_argument("--start-stack", action="store_true", help="start a throw-away stack (.encore/bench)")
    parser.add_argument("--state", type=Path, default=STATE_DIR / "bench", help="with --start-stack")
    parser.add_argument("--neo4j-port", type=int, default=7689, help="with --start-stack")
    parser.add_argument("--actions-port", type=int, default=5057, help="with --start-stack")
    parser.add_argument("--rasa-port", type=int, default=5007, help="with --start-stack")


def bench_stack(args: argparse.Namespace) -> tuple[Stack, Any]:
    settings = bench_stack_settings(args.state, args.neo4j_port, args.actions_port, args.rasa_port)
    return Stack(settings, state=args.state), settings


def start_bench_stack(stack: Stack) -> list[Any]:
    """Start Neo4j, import the KB, train and build what is missing, then the action server and
    Rasa; the services this started (the caller stops them, in reverse)."""
    services = [stack.neo4j(), stack.actions(), stack.rasa()]
    started = [s for s in services if not s.running()]
    services[0].start()
    stack.import_kb()
    stack.train()
    # Models the action server loads; each builder skips work when they are current.
    for builder in ("build_support_models", "build_recommender", "build_parser"):
        if hasattr(stack, builder):
            getattr(stack, builder)()
    for service in services[1:]:
        service.start()
    return started


def stop_services(started: list[Any]) -> None:
    for service in reversed(started):
        service.stop(quiet=True)


def main(argv: Optional[list[str]] = None) -> int:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=raw)
    parser.add_argument("--split", choices=("test", "validation", "dev2", "dev3", "dev4"), default="test")
    parser.add_argument("--limit", type=int, help="only the first N questions (the files are shuffled)")
    parser.add_argument("--url", help=f"REST webhook; default: the settings' Rasa URL + {WEBHOOK}")
    parser.add_argument("--concurrency", type=int, default=1, help="questions in flight at once")
    add_stack_options(parser)
    args = parser.parse_args(argv)

    questions = load_questions(args.split)
    if args.limit:
        questions = questions[: args.limit]
    data_file = DATA / f"qa_{args.split}.tsv"
    started: list[Any] = []
    stack: Optional[Stack] = None
    if args.start_stack:
        stack, settings = bench_stack(args)
        url = args.url or settings.rasa_url + WEBHOOK
    else:
        url = args.url or load_settings().rasa_url + WEBHOOK
    loadavg_before = load_average()
    try:
        if stack is not None:
            started = start_bench_stack(stack)
        if not reachable(url):
            explain_unreachable(url)
            return 2
        print(f"{len(questions)} {args.split} questions -> {url} (concurrency {args.concurrency})")
        began = time.perf_counter()
        outcomes = run(Client(url), questions, args.concurrency)
        wall = time.perf_counter() - began
    finally:
        stop_services(started)

    summary = summarise(outcomes)
    overall = summary["overall"]
    print(
        f"accuracy {overall['accuracy']}  all listed {overall['all_listed']} (n={overall['all_listed_n']})"
        f"  p50 {summary['latency']['p50_ms']} ms  p95 {summary['latency']['p95_ms']} ms"
        f"  errors {summary['errors']}"
    )
    for hops, row in summary["by_hops"].items():
        print(f"  {hops} hop(s): accuracy {row['accuracy']}  all listed {row['all_listed']}  n={row['n']}")
    write_result(
        "qa_eval" if args.split == "test" else f"qa_eval_{args.split}",
        {
            "split": args.split,
            "url": url,
            "data": {
                "file": str(data_file.relative_to(ROOT)),
                "sha256": hashlib.sha256(data_file.read_bytes()).hexdigest(),
            },
            "n": len(outcomes),
            "concurrency": args.concurrency,
            "wall_s": round(wall, 1),
            "loadavg_before": loadavg_before,
            "accuracy": overall["accuracy"],
            "all_listed": overall["all_listed"],
            "p50_ms": summary["latency"]["p50_ms"],
            "p95_ms": summary["latency"]["p95_ms"],
            "scoring": {
                "correct": "at least one gold answer in the reply texts or button titles",
                "all_listed": f"every gold answer in the reply; questions with <= {ALL_LISTED_MAX} answers",
                "matching": "case, accents and punctuation ignored; whole words; years as 4-digit tokens",
            },
            **summary,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
