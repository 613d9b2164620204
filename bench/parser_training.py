"""How long the film-question parser's n-gram model takes to train, against what it answers:
the model as the code trains it and variants of it, each trained here and asked every question
of the QA tuning splits in process (parser + graph, no Rasa), with the same MiniLM second opinion.

    .venvs/actions/bin/python bench/parser_training.py [--variants current,words_once,...]

Variants: ``current`` (kg.parser.classifier as it is), ``words_once`` (word n-grams of a single
training sentence kept: the model before 2026-12-01), ``tol_1e-3`` (the solver stops ten times
sooner), ``chars_3_5`` (character n-grams of 3 to 5, not 2 to 5). Training times are seconds of
one process on a machine that should be otherwise quiet; the ratio to ``current`` is the figure
to read. Needs a running Neo4j with the KB (bin/encore up, or NEO4J_URI). Results:
bench/results/parser_training.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import write_result  # noqa: E402
from bench.qa_eval import load_questions  # noqa: E402
from bench.qa_parser_eval import answer_all  # noqa: E402
from encore.settings import models_dir  # noqa: E402
from kg.parser.classifier import PathClassifier, SemanticPathModel  # noqa: E402
from kg.qa import FilmQA  # noqa: E402

SPLITS = ("validation", "dev2", "dev3", "dev4")
VARIANTS: dict[str, dict] = {
    "current": {},
    "words_once": {"word_min_df": 1},
    "tol_1e-3": {"tol": 1e-3},
    "chars_3_5": {"chars": (3, 5)},
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    choices = ", ".join(VARIANTS)
    ap.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, of {choices}")
    args = ap.parse_args()
    names = [v for v in args.variants.split(",") if v]
    unknown = [v for v in names if v not in VARIANTS]
    if unknown:
        ap.error(f"unknown variants: {', '.join(unknown)}")
    from minilm.encoder import encode

    semantic = SemanticPathModel.load_or_train(models_dir(), encode)
    questions = {split: load_questions(split) for split in SPLITS}
    shared = FilmQA()
    linker = shared.linker  # built once from the graph, for every variant
    rows: dict[str, dict] = {}
    for name in names:
        print(f"{name}: training ...", flush=True)
        start = time.perf_counter()
        classifier = PathClassifier.train(**VARIANTS[name])
        seconds = time.perf_counter() - start
        classifier.semantic = semantic
        qa = FilmQA(shared.graph, linker, classifier_loader=lambda trained=classifier: trained)
        head = classifier.model.steps[-1][1]
        row: dict = {
            "settings": VARIANTS[name],
            "train_s": round(seconds, 1),
            "features": int(head.coef_.shape[1]),
            "solver_iterations": int(head.n_iter_[0]),
            "right": {},
            "accuracy": {},
        }
        for split, qs in questions.items():
            outcomes = answer_all(qa, qs)[0]
            right = sum(o.correct for o in outcomes)
            row["right"][split] = right
            row["accuracy"][split] = round(right / len(outcomes), 4)
        row["right_all"] = sum(row["right"].values())
        rows[name] = row
        print(f"{name}: {row['train_s']} s, {row['features']} features, right {row['right']}", flush=True)
    if "current" in rows:
        base = rows["current"]
        for row in rows.values():
            row["train_ratio_to_current"] = round(row["train_s"] / base["train_s"], 3)
            row["right_minus_current"] = row["right_all"] - base["right_all"]
    write_result(
        "parser_training",
        {"questions": {s: len(q) for s, q in questions.items()}, "variants": rows},
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
