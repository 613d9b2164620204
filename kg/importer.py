"""Load WikiMovies-style ``subject|relation|object`` triples into Neo4j.

Idempotent: constraints first, then batched ``UNWIND ... MERGE``; a ``(:Dataset)`` node records
the file's sha256 so that a second run with the same file is skipped (``--force`` re-merges,
which still changes nothing). Run it with ``python -m kg.importer`` (``./encore import``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import logging
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

import neo4j
from tqdm import tqdm

from encore.settings import Settings, load_settings
from kg import queries
from kg.graph import make_driver

logger = logging.getLogger(__name__)

DATASET_NAME = "wikimovies"
BATCH_SIZE = 2000
PERSON_RELATIONS = tuple(queries.MERGE_PERSON_LINKS)
ATTRIBUTE_RELATIONS = tuple(queries.MERGE_ATTRIBUTE_LINKS)
MOVIE_PROPERTIES = {"has_imdb_rating": "imdb_rating", "has_imdb_votes": "imdb_votes"}
KNOWN_RELATIONS = set(PERSON_RELATIONS) | set(ATTRIBUTE_RELATIONS) | set(MOVIE_PROPERTIES)


class KbFormatError(ValueError):
    """A line of the triple file is not ``subject|relation|object``."""


@dataclass
class Triples:
    """Parsed triples, grouped the way the importer writes them."""

    sha256: str
    count: int = 0
    movies: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    skipped: int = 0


def _open_text(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        yield from handle


def parse_triples(lines: Iterable[str]) -> Triples:
    """Group triples by relation; unknown relations are counted and skipped."""
    digest = hashlib.sha256()
    parsed = Triples(sha256="")
    seen: set[tuple[str, str, str]] = set()
    for number, raw in enumerate(lines, start=1):
        digest.update(raw.encode("utf-8"))
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        parts = line.split("|")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise KbFormatError(f"line {number}: expected subject|relation|object, got {line!r}")
        subject, relation, obj = (p.strip() for p in parts)
        if relation not in KNOWN_RELATIONS:
            parsed.skipped += 1
            continue
        if (subject, relation, obj) in seen:
            continue
        seen.add((subject, relation, obj))
        movie = parsed.movies.setdefault(
            subject, {"title": subject, "years": [], "imdb_rating": None, "imdb_votes": None}
        )
        if relation in MOVIE_PROPERTIES:
            movie[MOVIE_PROPERTIES[relation]] = obj
            parsed.count += 1
            continue
        value: Any = obj
        if relation == "release_year":
            if not obj.isdigit():  # the KB has a few tags filed as years
                parsed.skipped += 1
                continue
            value = int(obj)
            movie["years"] = sorted(set(movie["years"]) | {value})
        parsed.links[relation].append({"title": subject, "value": value})
        parsed.count += 1
    parsed.sha256 = digest.hexdigest()
    return parsed


def read_triples(path: Path) -> Triples:
    if not path.is_file():
        raise FileNotFoundError(f"knowledge base file not found: {path}")
    return parse_triples(_open_text(path))


def batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """``rows`` in slices of ``size`` (one UNWIND write each); shared with kg/ratings.py."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def write_rows(tx: neo4j.ManagedTransaction, cypher: str, rows: list[dict[str, Any]]) -> None:
    """One batch through an ``UNWIND $rows`` query, inside a managed write transaction."""
    tx.run(cypher, rows=rows).consume()


def apply_schema(session: neo4j.Session) -> None:
    for statement in queries.SCHEMA:
        session.run(statement).consume()
    session.run("CALL db.awaitIndexes(300)").consume()


def graph_counts(session: neo4j.Session) -> dict[str, int]:
    counts = {r["label"]: r["n"] for r in session.run(queries.COUNT_BY_LABEL)}
    counts.update({r["type"]: r["n"] for r in session.run(queries.COUNT_BY_TYPE)})
    return counts


def import_triples(
    driver: neo4j.Driver,
    triples: Triples,
    database: Optional[str] = None,
    force: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: bool = True,
) -> dict[str, Any]:
    """Write ``triples`` into the graph. Returns a summary (``skipped`` when already loaded)."""
    started = time.perf_counter()
    with driver.session(database=database) as session:
        apply_schema(session)
        loaded = session.run(queries.GET_DATASET, name=DATASET_NAME).single()
        if loaded and loaded["sha256"] == triples.sha256 and not force:
            return {"skipped": True, "sha256": triples.sha256, "counts": graph_counts(session)}

        steps: list[tuple[str, str, list[dict[str, Any]]]] = [
            ("films", queries.MERGE_MOVIES, list(triples.movies.values()))
        ]
        for relation in PERSON_RELATIONS:
            steps.append((relation, queries.MERGE_PERSON_LINKS[relation], triples.links[relation]))
        for relation in ATTRIBUTE_RELATIONS:
            steps.append((relation, queries.MERGE_ATTRIBUTE_LINKS[relation], triples.links[relation]))

        total = sum(len(rows) for _, _, rows in steps)
        with tqdm(total=total, unit="row", desc="Importing", disable=not progress) as bar:
            for name, cypher, rows in steps:
                bar.set_postfix_str(name)
                for batch in batches(rows, batch_size):
                    session.execute_write(write_rows, cypher, batch)
                    bar.update(len(batch))
        session.run(
            queries.SET_DATASET, name=DATASET_NAME, sha256=triples.sha256, triples=triples.count
        ).consume()
        counts = graph_counts(session)
    return {
        "skipped": False,
        "sha256": triples.sha256,
        "triples": triples.count,
        "ignored_lines": triples.skipped,
        "seconds": round(time.perf_counter() - started, 1),
        "counts": counts,
    }


def format_summary(summary: dict[str, Any]) -> str:
    counts = summary["counts"]
    nodes = ", ".join(
        f"{counts.get(k, 0):,} {k}" for k in ("Movie", "Person", "Genre", "Language", "Tag", "Year")
    )
    rels = ", ".join(
        f"{counts.get(k, 0):,} {k}"
        for k in ("DIRECTED", "WROTE", "ACTED_IN", "HAS_GENRE", "IN_LANGUAGE", "HAS_TAG", "RELEASED_IN")
    )
    if summary["skipped"]:
        head = "Knowledge graph already holds this KB (same sha256); nothing to do."
    else:
        head = (
            f"Imported {summary['triples']:,} triples in {summary['seconds']} s"
            f" ({summary['ignored_lines']} lines ignored)."
        )
    return f"{head}\n  nodes: {nodes}\n  relationships: {rels}"


def main(argv: Optional[list[str]] = None, settings: Optional[Settings] = None) -> int:
    parser = argparse.ArgumentParser(description="Load the WikiMovies triples into Neo4j.")
    parser.add_argument("--kb", type=Path, help="triple file (.txt or .txt.gz); default: ENCORE_KB")
    parser.add_argument("--force", action="store_true", help="merge again even if already loaded")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    settings = settings or load_settings()
    path = args.kb or settings.kb_path
    try:
        triples = read_triples(path)
    except (OSError, KbFormatError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    driver = make_driver(settings)
    try:
        summary = import_triples(
            driver, triples, settings.neo4j_database, force=args.force, progress=not args.quiet
        )
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError) as exc:
        print(f"error: cannot reach Neo4j at {settings.neo4j_uri}: {exc}", file=sys.stderr)
        return 3
    finally:
        driver.close()
    print(format_summary(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
