"""The first stage alone: which intent Rasa's NLU gives the messages of the held-out sets.

    .venvs/actions/bin/python bench/nlu_first_stage.py --model models/encore.tar.gz \\
        [--model other.tar.gz ...] [--names current other]

Why: the whole-bot evaluation (``bench/bot_eval.py``) measures what users get, after the second
stage and the actions' own checks; this measures the NLU by itself, so that a change of its
training data or pipeline can be compared model against model in one run. Each model is asked
(``rasa test nlu``) about

* the held-out NLU set, ``tests/nlu`` (intents as labelled there);
* the dev split of ``bench/data/bot_eval.tsv``, with the intent each capability should get:
  support → ask_support, creative → request_creative, film → ask_film, out of scope →
  out_of_scope, small talk → its label, recommendation → request_recommendation or
  state_preferences (both reach the recommender).

Reported per model and set: intent accuracy (the top intent, as ``rasa test nlu`` reports
it: it undoes the fallback), the share the fallback would send to the second stage (top
confidence below the ``FallbackClassifier`` threshold of config.yml; its ambiguity rule is not
counted), accuracy per capability. Results: ``bench/results/nlu_first_stage.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from common import ROOT, write_result

from encore.stack import QUIET_ENV, RASA_VENV

BOT_EVAL = ROOT / "bench" / "data" / "bot_eval.tsv"
EXPECTED = {"support": "ask_support", "creative": "request_creative", "film": "ask_film",
            "out_of_scope": "out_of_scope", "recommend": "request_recommendation"}  # fmt: skip
ALSO_RIGHT = {"recommend": {"state_preferences"}}


def bot_eval_dev() -> list[dict[str, str]]:
    with BOT_EVAL.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["split"] == "dev"]
    for row in rows:
        row["intent"] = row["label"] if row["capability"] == "chitchat" else EXPECTED[row["capability"]]
    return rows


def nlu_yaml(rows: list[dict[str, str]]) -> str:
    """The rows as Rasa NLU test data (brackets and braces would read as entity markup)."""
    by_intent: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        text = " ".join(row["message"].translate(str.maketrans("[](){}", "      ")).split())
        by_intent[row["intent"]].append(text)
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in by_intent.items():
        lines += [f"  - intent: {intent}", "    examples: |"] + [f"      - {t}" for t in texts]
    return "\n".join(lines) + "\n"


def fallback_threshold() -> float:
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    return next(float(c["threshold"]) for c in config["pipeline"] if c["name"] == "FallbackClassifier")


def predictions(model: Path, data: Path, out: Path) -> tuple[dict[str, dict], dict]:
    """({text: its prediction}, the intent report) of ``rasa test nlu``."""
    cmd = [str(RASA_VENV / "bin" / "rasa"), "test", "nlu", "--model", str(model), "--nlu", str(data),
           "--out", str(out), "--no-plot", "--successes"]  # fmt: skip
    done = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **QUIET_ENV}, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"rasa test nlu failed for {model}:\n{done.stderr[-2000:]}")
    found = {}
    for name in ("intent_errors.json", "intent_successes.json"):
        for item in json.loads((out / name).read_text()):
            found[item["text"]] = item["intent_prediction"]
    return found, json.loads((out / "intent_report.json").read_text())


def score(model: Path, rows: list[dict[str, str]], work: Path) -> dict:
    data = work / "bot_eval_dev.yml"
    data.write_text(nlu_yaml(rows))
    predicted, _ = predictions(model, data, work / "bot")
    threshold = fallback_threshold()
    by_capability: dict[str, Counter] = defaultdict(Counter)
    fallback = 0
    for row in rows:
        text = " ".join(row["message"].translate(str.maketrans("[](){}", "      ")).split())
        got = predicted[text]
        right = got["name"] == row["intent"] or got["name"] in ALSO_RIGHT.get(row["capability"], set())
        by_capability[row["capability"]]["right" if right else "wrong"] += 1
        fallback += float(got["confidence"] or 0.0) < threshold
    held, held_report = predictions(model, ROOT / "tests" / "nlu", work / "held_out")
    return {
        "bot_eval_dev": {
            "n": len(rows),
            "intent_accuracy": round(sum(c["right"] for c in by_capability.values()) / len(rows), 4),
            "to_second_stage": round(fallback / len(rows), 4),
            "by_capability": {
                k: round(c["right"] / (c["right"] + c["wrong"]), 4) for k, c in sorted(by_capability.items())
            },
        },
        "held_out_nlu": {
            "n": len(held),
            "intent_accuracy": round(held_report["accuracy"], 4),
            "to_second_stage": round(
                sum(float(p["confidence"] or 0.0) < threshold for p in held.values()) / len(held), 4
            ),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", required=True, help="a trained Rasa model (.tar.gz)")
    parser.add_argument("--names", nargs="*", help="a name for each model, in order")
    args = parser.parse_args()
    names = args.names or [Path(m).name for m in args.model]
    rows = bot_eval_dev()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, model in zip(names, args.model):
            work = Path(tmp) / name
            work.mkdir()
            results[name] = score(Path(model), rows, work)
            print(name, json.dumps(results[name]))
    write_result("nlu_first_stage", {"models": dict(zip(names, args.model)), "results": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
