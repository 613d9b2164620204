"""The film-question service alone (parser + graph, no Rasa): path accuracy and answer accuracy
on a split of the QA set, in process. For tuning on the validation split (or dev2, the second
tuning split, once validation has been used up, or dev3, the third, wordings written as users
type to a chat bot, or dev4, the fourth, written blind in wordings nobody tuned on); the
whole-bot figures come from bench/qa_eval.py through the real webhook.

    .venvs/actions/bin/python bench/qa_parser_eval.py --split validation|dev2|dev3|dev4 [--show 40]

Needs a running Neo4j with the KB (bin/encore up, or NEO4J_URI). Results:
bench/results/qa_parser_<split>.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import summary_ms, write_result  # noqa: E402
from bench.qa_eval import Outcome, answers_in, load_questions  # noqa: E402
from bench.qa_eval import Question as QAQuestion  # noqa: E402
from kg.qa import FilmQA, Question  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("validation", "dev2", "dev3", "dev4", "test"), default="validation")
    ap.add_argument("--show", type=int, default=0, help="print this many failures")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    questions = load_questions(args.split)[: args.limit]
    qa = FilmQA()
    qa.warm_up()
    outcomes, paths, by_path, seconds = answer_all(qa, questions)
    correct = sum(o.correct for o in outcomes)
    by_hops: dict[int, list[bool]] = defaultdict(list)
    by_style: dict[str, list[bool]] = defaultdict(list)
    for o in outcomes:
        by_hops[o.question.hops].append(o.correct)
        by_style[o.question.style].append(o.correct)
    figures = {
        "split": args.split,
        "n": len(outcomes),
        "accuracy": round(correct / len(outcomes), 4),
        "path_accuracy": round(paths["True"] / len(outcomes), 4),
        "by_hops": {h: round(sum(v) / len(v), 4) for h, v in sorted(by_hops.items())},
        "by_style": {s: round(sum(v) / len(v), 4) for s, v in sorted(by_style.items())},
        "latency": summary_ms(seconds),
        "worst_paths": sorted(((round(sum(v) / len(v), 3), p, len(v)) for p, v in by_path.items()))[:10],
    }
    print({k: v for k, v in figures.items() if k != "worst_paths"})
    for row in figures["worst_paths"]:
        print("  ", row)
    shown = 0
    for o in outcomes:
        if not o.correct and shown < args.show:
            shown += 1
            print(f"- [{o.question.path}] {o.question.question}\n    -> {o.reply[:200]}")
    write_result(f"qa_parser_{args.split}", figures)
    return 0


def answer_all(
    qa: FilmQA, questions: list[QAQuestion]
) -> tuple[list[Outcome], Counter[str], dict[str, list[bool]], list[float]]:
    """Each question answered by ``qa``: the outcomes, how many paths were right ("True") or
    not, the outcomes by gold path, and the seconds each answer took."""
    outcomes: list[Outcome] = []
    paths: Counter[str] = Counter()
    by_path: dict[str, list[bool]] = defaultdict(list)
    seconds = []
    for q in questions:
        start = time.perf_counter()
        reply = qa.answer(Question(q.question))
        seconds.append(time.perf_counter() - start)
        text = (
            " ".join(str(v) for v in reply.variables.values())
            + " "
            + " ".join(b["title"] for b in reply.buttons)
        )
        outcome = Outcome(q, text, found=answers_in(text, q.gold))
        outcomes.append(outcome)
        paths[str(reply.path == q.path)] += 1
        by_path[q.path].append(outcome.correct)
    return outcomes, paths, by_path, seconds


if __name__ == "__main__":
    raise SystemExit(main())
