"""Load MovieLens ml-latest-small ratings into Neo4j as ``(:User)-[:RATED]->(:Movie)``.

MovieLens films are linked to the WikiMovies ``(:Movie {title})`` nodes by normalised title and
release year ("Matrix, The (1999)" -> *The Matrix*, 1999). Idempotent like ``kg.importer``: a
``(:Dataset {name: 'movielens'})`` node records a hash of the files, batched ``UNWIND ... MERGE``.
Run with ``python -m kg.ratings`` (``bin/encore import`` runs it after the WikiMovies import).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import neo4j

from encore.settings import ROOT, Settings, load_settings
from kg import queries
from kg.graph import make_driver
from kg.importer import batches, read_triples, write_rows
from kg.linker import normalise, strip_article

DATASET_NAME = "movielens"
DEFAULT_DIR = ROOT / "kg" / "data" / "movielens"
BATCH_SIZE = 5000
_YEAR = re.compile(r"\s*\((\d{4})(?:[-–]\d{0,4})?\)\s*$")
_ALT = re.compile(r"\s*\(([^()]*)\)\s*$")
_TRAILING_ARTICLE = re.compile(r"^(.*), (the|a|an|la|le|les|el|il|der|die|das|l')$", re.IGNORECASE)


def split_title(raw: str) -> tuple[list[str], Optional[int]]:
    """``"Matrix, The (1999)"`` -> (["The Matrix"], 1999); alternate titles in () are kept."""
    text = raw.strip()
    year = None
    match = _YEAR.search(text)
    if match:
        year = int(match.group(1))
        text = text[: match.start()]
    names: list[str] = []
    while (alt := _ALT.search(text)) and alt.start() > 0:
        names.append(alt.group(1))
        text = text[: alt.start()]
    names.insert(0, text)
    out = []
    for name in names:
        name = name.strip()
        if (m := _TRAILING_ARTICLE.match(name)) is not None:
            article = m.group(2)
            name = f"{article}{'' if article.endswith(chr(39)) else ' '}{m.group(1)}"
        if name:
            out.append(name)
    return out, year


def title_key(title: str) -> str:
    return strip_article(normalise(title))


def link_movies(movielens: dict[int, str], wiki: dict[str, list[int]]) -> dict[int, str]:
    """Map MovieLens movieId -> WikiMovies title, by normalised title and year (+-1)."""
    index: dict[str, list[tuple[str, list[int]]]] = defaultdict(list)
    for title, years in wiki.items():
        index[title_key(title)].append((title, years))
    links: dict[int, str] = {}
    for movie_id, raw in movielens.items():
        names, year = split_title(raw)
        for name in names:
            candidates = index.get(title_key(name), [])
            exact = [t for t, ys in candidates if year is not None and year in ys]
            near = [t for t, ys in candidates if year is not None and any(abs(y - year) <= 1 for y in ys)]
            chosen = exact or near
            if len(chosen) == 1:
                links[movie_id] = chosen[0]
                break
    return links


@dataclass
class MovieLens:
    sha256: str
    movies: dict[int, str] = field(default_factory=dict)
    genres: dict[int, list[str]] = field(default_factory=dict)
    ratings: list[tuple[int, int, float, int]] = field(default_factory=list)
    tags: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


def read_movielens(folder: Path = DEFAULT_DIR) -> MovieLens:
    digest = hashlib.sha256()
    for name in ("movies.csv", "ratings.csv", "tags.csv"):
        digest.update((folder / name).read_bytes())
    data = MovieLens(sha256=digest.hexdigest())
    with open(folder / "movies.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            data.movies[int(row["movieId"])] = row["title"]
            genres = row["genres"].split("|")
            data.genres[int(row["movieId"])] = [] if genres == ["(no genres listed)"] else genres
    with open(folder / "ratings.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            data.ratings.append(
                (int(row["userId"]), int(row["movieId"]), float(row["rating"]), int(row["timestamp"]))
            )
    with open(folder / "tags.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            data.tags[int(row["movieId"])].append(row["tag"].strip().lower())
    return data


def import_ratings(
    driver: neo4j.Driver,
    data: MovieLens,
    links: dict[int, str],
    database: Optional[str] = None,
    force: bool = False,
    batch_size: int = BATCH_SIZE,
) -> dict[str, Any]:
    started = time.perf_counter()
    linked_ratings = [r for r in data.ratings if r[1] in links]
    summary: dict[str, Any] = {
        "movielens_films": len(data.movies),
        "linked_films": len(links),
        "ratings": len(data.ratings),
        "linked_ratings": len(linked_ratings),
        "sha256": data.sha256,
    }
    with driver.session(database=database) as session:
        for statement in queries.RATINGS_SCHEMA:
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
        loaded = session.run(queries.GET_DATASET, name=DATASET_NAME).single()
        if loaded and loaded["sha256"] == data.sha256 and not force:
            summary["skipped"] = True
            summary["graph_ratings"] = session.run(queries.COUNT_RATINGS).single(strict=True)["n"]
            return summary
        by_title: dict[str, list[int]] = defaultdict(list)
        for movie_id, title in links.items():
            by_title[title].append(movie_id)
        id_rows = [{"title": t, "movielens_ids": sorted(ids)} for t, ids in by_title.items()]
        for batch in batches(id_rows, batch_size):
            session.execute_write(write_rows, queries.SET_MOVIELENS_IDS, batch)
        rows = [
            {"user": u, "title": links[m], "rating": r, "timestamp": ts}
            for u, m, r, ts in sorted(linked_ratings, key=lambda x: x[3])
        ]
        for batch in batches(rows, batch_size):
            session.execute_write(write_rows, queries.MERGE_RATINGS, batch)
        session.run(queries.SET_DATASET, name=DATASET_NAME, sha256=data.sha256, triples=len(rows)).consume()
        summary["graph_ratings"] = session.run(queries.COUNT_RATINGS).single(strict=True)["n"]
    summary["skipped"] = False
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary


def format_summary(s: dict[str, Any]) -> str:
    head = (
        "Ratings already loaded (same sha256); nothing to do."
        if s["skipped"]
        else f"Imported MovieLens ratings in {s['seconds']} s."
    )
    return (
        f"{head}\n  linked {s['linked_films']:,} of {s['movielens_films']:,} MovieLens films and "
        f"{s['linked_ratings']:,} of {s['ratings']:,} ratings to WikiMovies films; "
        f"{s['graph_ratings']:,} RATED relationships in the graph"
    )


def main(argv: Optional[list[str]] = None, settings: Optional[Settings] = None) -> int:
    parser = argparse.ArgumentParser(description="Load MovieLens ratings into Neo4j.")
    parser.add_argument("--movielens", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--kb", type=Path, help="WikiMovies triples, for linking; default ENCORE_KB")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    settings = settings or load_settings()
    try:
        data = read_movielens(args.movielens)
        wiki = {t: m["years"] for t, m in read_triples(args.kb or settings.kb_path).movies.items()}
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    links = link_movies(data.movies, wiki)
    driver = make_driver(settings)
    try:
        summary = import_ratings(driver, data, links, settings.neo4j_database, force=args.force)
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError) as exc:
        print(f"error: cannot reach Neo4j at {settings.neo4j_uri}: {exc}", file=sys.stderr)
        return 3
    finally:
        driver.close()
    print(format_summary(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
