"""Precision and recall of the entity linker on hand-written mentions.

    .venvs/actions/bin/python bench/linker_eval.py

The vocabulary is the KB's own films and people (the same names the importer writes to the
graph), so no Neo4j is needed. Results: bench/results/linker.json.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from common import write_result

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from encore.settings import load_settings  # noqa: E402
from kg.importer import read_triples  # noqa: E402
from kg.linker import EntityLinker  # noqa: E402

MENTIONS = ROOT / "bench" / "data" / "linker_mentions.tsv"


def vocabularies() -> dict[str, list[tuple[str, int]]]:
    triples = read_triples(load_settings().kb_path)
    films: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for relation, rows in triples.links.items():
        for row in rows:
            films[row["title"]] += 1
            if relation in ("directed_by", "written_by", "starred_actors"):
                people[row["value"]] += 1
    for title in triples.movies:
        films[title] += 0
    return {"film": list(films.items()), "person": list(people.items())}


def main() -> int:
    rows = [
        line.rstrip("\n").split("\t")
        for line in MENTIONS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    started = time.perf_counter()
    linker = EntityLinker(vocabularies())
    build_s = time.perf_counter() - started
    linked = correct = should_link = suggested = 0
    errors = []
    timings = []
    for mention, kind, expected in rows:
        t0 = time.perf_counter()
        result = linker.link(mention, kind)
        timings.append(time.perf_counter() - t0)
        if expected != "NONE":
            should_link += 1
        if result.found:
            linked += 1
            if result.name == expected:
                correct += 1
            else:
                errors.append({"mention": mention, "expected": expected, "got": result.name})
        elif expected != "NONE":
            if expected in result.candidates:
                suggested += 1
            errors.append(
                {
                    "mention": mention,
                    "expected": expected,
                    "got": result.status,
                    "candidates": result.candidates,
                }
            )
    timings.sort()
    report = {
        "mentions": len(rows),
        "with_entity": should_link,
        "without_entity": len(rows) - should_link,
        "precision": round(correct / linked, 3) if linked else None,
        "recall": round(correct / should_link, 3) if should_link else None,
        "not_linked_but_suggested": suggested,
        "recall_including_suggestions": round((correct + suggested) / should_link, 3),
        "vocabulary": {kind: len(v) for kind, v in linker.vocab.items()},
        "build_seconds": round(build_s, 2),
        "link_ms_p50": round(timings[len(timings) // 2] * 1000, 2),
        "link_ms_p95": round(timings[int(len(timings) * 0.95)] * 1000, 2),
        "errors": errors,
    }
    write_result("linker", report)
    print(json.dumps({k: v for k, v in report.items() if k != "errors"}, indent=2))
    for error in errors:
        print("  miss:", error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
