"""Knowledge-graph benchmark: import time of the full KB into an empty engine, and p50/p95 of
every Cypher query type (the graph service, no Rasa).

    .venvs/actions/bin/python bench/graph_queries.py [--runs 200]

It starts its own Neo4j under .encore/bench (port 7689), deletes its data first, and stops it
at the end. Results: bench/results/graph_queries.json.
"""

from __future__ import annotations

import argparse
import random
import shutil
import time

from common import bench_settings, summary_ms, write_result

from encore.settings import STATE_DIR
from encore.stack import Stack
from kg.graph import KnowledgeGraph, make_driver
from kg.importer import import_triples, read_triples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200, help="queries per type")
    args = parser.parse_args()
    rng = random.Random(42)
    settings = bench_settings()
    shutil.rmtree(settings.neo4j_home, ignore_errors=True)
    stack = Stack(settings, state=STATE_DIR / "bench")
    neo4j = stack.neo4j()
    t0 = time.perf_counter()
    neo4j.start()
    start_s = time.perf_counter() - t0
    try:
        t0 = time.perf_counter()
        triples = read_triples(settings.kb_path)
        parse_s = time.perf_counter() - t0
        driver = make_driver(settings)
        t0 = time.perf_counter()
        summary = import_triples(driver, triples, progress=False)
        import_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = import_triples(driver, triples, force=True, progress=False)
        reimport_s = time.perf_counter() - t0
        driver.close()
        assert again["counts"] == summary["counts"], "re-import changed the graph"

        graph = KnowledgeGraph(settings)
        films = [name for name, _ in graph.names("film")]
        people = [name for name, w in graph.names("person") if w >= 3]
        genres = [name for name, _ in graph.names("genre")]
        languages = [name for name, _ in graph.names("language")]
        cases = {
            **{
                f"film_facts:{kind}": (lambda k=kind: graph.film_facts(rng.choice(films), k))
                for kind in ("directors", "cast", "writers", "years", "genres", "languages", "tags")
            },
            **{
                f"person_films:{role}": (lambda r=role: graph.person_films(rng.choice(people), r))
                for role in ("acted", "directed", "wrote")
            },
            "films_by_directors_of (2 hops)": lambda: graph.films_by_directors_of(rng.choice(films)),
            "costars (2 hops)": lambda: graph.costars(rng.choice(people)),
            "films_filtered genre+year": lambda: graph.films_filtered(
                rng.choice(genres), rng.randint(1950, 2010)
            ),
            "films_filtered language+genre": lambda: graph.films_filtered(
                rng.choice(genres), None, rng.choice(languages)
            ),
            "fulltext": lambda: graph.fulltext(rng.choice(people)[:-1]),
        }
        timings = {}
        for name, run in cases.items():
            for _ in range(10):  # warm-up
                run()
            seconds = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                run()
                seconds.append(time.perf_counter() - t0)
            timings[name] = summary_ms(seconds)
            print(f"{name:34} p50 {timings[name]['p50_ms']:7.2f} ms   p95 {timings[name]['p95_ms']:7.2f} ms")
        t0 = time.perf_counter()
        vocab = {k: graph.names(k) for k in ("film", "person", "genre", "language")}
        vocab_s = time.perf_counter() - t0
        graph.close()
    finally:
        neo4j.stop(quiet=True)
    result = {
        "neo4j_start_seconds": round(start_s, 1),
        "kb_parse_seconds": round(parse_s, 2),
        "import_seconds": round(import_s, 1),
        "forced_reimport_seconds": round(reimport_s, 1),
        "triples": summary["triples"],
        "counts": summary["counts"],
        "linker_vocabulary_load_seconds": round(vocab_s, 2),
        "linker_vocabulary_sizes": {k: len(v) for k, v in vocab.items()},
        "queries": timings,
    }
    print(f"import {import_s:.1f} s, forced re-import {reimport_s:.1f} s, engine start {start_s:.1f} s")
    write_result("graph_queries", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
