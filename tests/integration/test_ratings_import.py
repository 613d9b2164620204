"""The MovieLens ratings import (kg/ratings.py) against the real Neo4j engine: counts, links,
idempotence."""

from collections import defaultdict

import pytest

from encore.settings import Settings
from kg import queries
from kg.graph import KnowledgeGraph, make_driver
from kg.importer import read_triples
from kg.ratings import import_ratings, link_movies, read_movielens

pytestmark = [pytest.mark.neo4j]

RATINGS_SUMMARY = """
MATCH (u:User)-[r:RATED]->(m:Movie)
RETURN count(r) AS ratings, count(DISTINCT u) AS users, count(DISTINCT m) AS films,
       sum(r.rating) AS total
"""


@pytest.fixture(scope="module")
def movielens(settings: Settings):
    data = read_movielens()
    wiki = {t: m["years"] for t, m in read_triples(settings.kb_path).movies.items()}
    return data, link_movies(data.movies, wiki)


def expected_ratings(data, links) -> dict[tuple[int, str], float]:
    """(user, graph title) -> the user's latest rating; several MovieLens ids can share a title."""
    latest: dict[tuple[int, str], tuple[int, float]] = {}
    for user, movie, rating, ts in data.ratings:
        if movie in links:
            key = (user, links[movie])
            if key not in latest or ts >= latest[key][0]:
                latest[key] = (ts, rating)
    return {k: v[1] for k, v in latest.items()}


def summary(graph: KnowledgeGraph) -> dict:
    return graph.read(RATINGS_SUMMARY)[0]


def test_counts_match_the_files(graph: KnowledgeGraph, movielens) -> None:
    data, links = movielens
    expected = expected_ratings(data, links)
    got = summary(graph)
    assert len(links) > 6000  # linked MovieLens films (6,516 of 9,742 with the shipped files)
    assert got["ratings"] == len(expected)
    assert got["users"] == len({u for u, _ in expected})
    assert got["films"] == len({t for _, t in expected})  # a few linked films have no rating
    assert got["total"] == pytest.approx(sum(expected.values()))
    linked_ids = graph.read("MATCH (m:Movie) WHERE m.movielens_ids IS NOT NULL RETURN count(m) AS n")[0]["n"]
    assert linked_ids == len(set(links.values()))


def test_a_user_reads_back_their_ratings(graph: KnowledgeGraph, movielens) -> None:
    data, links = movielens
    expected = expected_ratings(data, links)
    by_user: dict[int, dict[str, float]] = defaultdict(dict)
    for (user, title), rating in expected.items():
        by_user[user][title] = rating
    for user in (1, 414, 610):
        assert dict(graph.user_ratings(user)) == by_user[user]
    assert graph.user_ratings(999_999) == []


def test_a_films_audience_rating_is_the_mean_of_its_ratings(graph: KnowledgeGraph, movielens) -> None:
    data, links = movielens
    ratings = [r for (_, title), r in expected_ratings(data, links).items() if title == "The Matrix"]
    n, mean = graph.audience_rating("The Matrix") or (0, 0.0)
    assert n == len(ratings) and n > 100
    assert mean == pytest.approx(sum(ratings) / len(ratings))
    assert graph.audience_rating("Kismet") is None  # in the graph, rated by nobody
    assert graph.audience_rating("No Such Film Ever") is None


def test_known_film_is_linked_by_title_and_year(graph: KnowledgeGraph) -> None:
    row = graph.read("MATCH (m:Movie {title: 'The Matrix'}) RETURN m.movielens_ids AS ids")[0]
    assert row["ids"] == [2571]  # "Matrix, The (1999)"


def test_second_import_is_skipped(graph: KnowledgeGraph, movielens, settings: Settings) -> None:
    data, links = movielens
    driver = make_driver(settings)
    try:
        result = import_ratings(driver, data, links, settings.neo4j_database)
    finally:
        driver.close()
    assert result["skipped"] is True


@pytest.mark.slow
def test_forced_reimport_changes_nothing(graph: KnowledgeGraph, movielens, settings: Settings) -> None:
    data, links = movielens
    before = (
        graph.read(queries.COUNT_NODES)[0]["n"],
        graph.read(queries.COUNT_RELATIONSHIPS)[0]["n"],
        summary(graph),
    )
    driver = make_driver(settings)
    try:
        result = import_ratings(driver, data, links, settings.neo4j_database, force=True)
    finally:
        driver.close()
    after = (
        graph.read(queries.COUNT_NODES)[0]["n"],
        graph.read(queries.COUNT_RELATIONSHIPS)[0]["n"],
        summary(graph),
    )
    assert result["skipped"] is False
    assert after == before


def test_user_constraint_is_in_place(graph: KnowledgeGraph) -> None:
    constraints = {r["name"] for r in graph.read("SHOW CONSTRAINTS YIELD name")}
    assert "user_id" in constraints
