"""The WikiMovies import against the real Neo4j engine: counts and idempotence."""

import pytest

from encore.settings import Settings
from kg import queries
from kg.graph import KnowledgeGraph, make_driver
from kg.importer import graph_counts, import_triples, read_triples

pytestmark = [pytest.mark.neo4j]


@pytest.fixture(scope="module")
def triples(settings: Settings):
    return read_triples(settings.kb_path)


def test_counts_match_the_kb(graph: KnowledgeGraph, triples) -> None:
    with graph.driver.session() as session:
        counts = graph_counts(session)
    assert counts["Movie"] == len(triples.movies)
    people = {
        r["value"] for rel in ("directed_by", "written_by", "starred_actors") for r in triples.links[rel]
    }
    assert counts["Person"] == len(people)
    for relation, rel_type in [
        ("directed_by", "DIRECTED"), ("written_by", "WROTE"), ("starred_actors", "ACTED_IN"),
        ("has_genre", "HAS_GENRE"), ("in_language", "IN_LANGUAGE"), ("has_tags", "HAS_TAG"),
        ("release_year", "RELEASED_IN"),
    ]:  # fmt: skip
        assert counts[rel_type] == len(triples.links[relation]), rel_type
    assert counts["Genre"] == 22


def test_second_import_is_skipped(graph: KnowledgeGraph, triples, settings: Settings) -> None:
    driver = make_driver(settings)
    try:
        summary = import_triples(driver, triples, progress=False)
    finally:
        driver.close()
    assert summary["skipped"] is True


@pytest.mark.slow
def test_forced_reimport_changes_nothing(graph: KnowledgeGraph, triples, settings: Settings) -> None:
    before = (graph.read(queries.COUNT_NODES)[0]["n"], graph.read(queries.COUNT_RELATIONSHIPS)[0]["n"])
    driver = make_driver(settings)
    try:
        summary = import_triples(driver, triples, force=True, progress=False)
    finally:
        driver.close()
    after = (graph.read(queries.COUNT_NODES)[0]["n"], graph.read(queries.COUNT_RELATIONSHIPS)[0]["n"])
    assert summary["skipped"] is False
    assert after == before


def test_schema_is_in_place(graph: KnowledgeGraph) -> None:
    constraints = {r["name"] for r in graph.read("SHOW CONSTRAINTS YIELD name")}
    assert {
        "movie_title",
        "person_name",
        "genre_name",
        "language_name",
        "tag_name",
        "year_value",
    } <= constraints
    indexes = {r["name"]: r["type"] for r in graph.read("SHOW INDEXES YIELD name, type")}
    assert indexes.get("entity_names") == "FULLTEXT"
