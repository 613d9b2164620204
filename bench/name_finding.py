"""Finding the topic's name in a whole message: the spaCy PhraseMatcher scan (kg/mentions.py)
against the linker's exact n-gram scan it replaced (EntityLinker.find_in_text), on the
questions of the tuning splits (validation and dev2; never test).

    .venvs/actions/bin/python bench/name_finding.py

A question counts as found when the scan returns the topic's exact graph name (questions with
a typo in the name are left out: both scans are exact; typos go to the fuzzy linker). No
Neo4j needed: the vocabularies are read from the KB file. Results: bench/results/name_finding.json.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import summary_ms, write_result  # noqa: E402
from bench.qa_eval import load_questions  # noqa: E402
from encore.settings import load_settings  # noqa: E402
from kg.importer import read_triples  # noqa: E402
from kg.linker import EntityLinker  # noqa: E402
from kg.mentions import MentionFinder  # noqa: E402

KINDS = {"directed_by": "person", "written_by": "person", "starred_actors": "person", "has_tags": "tag"}


def vocabularies() -> dict[str, list[tuple[str, int]]]:
    triples = read_triples(load_settings().kb_path)
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("film", "person", "tag", "genre", "language")}
    kind_of = {"directed_by": "person", "written_by": "person", "starred_actors": "person",
               "has_tags": "tag", "has_genre": "genre", "in_language": "language"}  # fmt: skip
    for relation, rows in triples.links.items():
        for row in rows:
            counts["film"][row["title"]] += 1
            if relation in kind_of:
                counts[kind_of[relation]][str(row["value"])] += 1
    return {kind: list(c.items()) for kind, c in counts.items()}


def topic_kind(path: str) -> str:
    first = path.split(">")[0]
    if not first.startswith("~"):
        return "film"
    return KINDS.get(first[1:], "other")


def main() -> int:
    vocab = vocabularies()
    t0 = time.perf_counter()
    finder = MentionFinder(vocab)
    finder_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    linker = EntityLinker({k: v for k, v in vocab.items()})
    linker_build = time.perf_counter() - t0
    questions = [
        q for split in ("validation", "dev2") for q in load_questions(split)
        if q.style != "typo" and topic_kind(q.path) in ("film", "person", "tag")
    ]  # fmt: skip
    found = {"spacy_phrasematcher": 0, "linker_exact_scan": 0}
    times: dict[str, list[float]] = {name: [] for name in found}
    for q in questions:
        kind = topic_kind(q.path)
        t0 = time.perf_counter()
        names = {n for m in finder.find(finder.tokens(q.question)) for n in m.names.get(kind, [])}
        times["spacy_phrasematcher"].append(time.perf_counter() - t0)
        found["spacy_phrasematcher"] += q.topic in names
        t0 = time.perf_counter()
        names = set(linker.find_in_text(q.question, kind))
        times["linker_exact_scan"].append(time.perf_counter() - t0)
        found["linker_exact_scan"] += q.topic in names
    figures = {
        "questions": len(questions),
        "recall": {name: round(n / len(questions), 4) for name, n in found.items()},
        "latency": {name: summary_ms(t) for name, t in times.items()},
        "build_seconds": {
            "spacy_phrasematcher": round(finder_build, 2),
            "linker_exact_scan": round(linker_build, 2),
        },
    }
    print(figures)
    write_result("name_finding", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
