"""The graph service without Neo4j: error mapping, parameters, and Lucene-safe terms."""

from typing import cast

import neo4j
import pytest
from neo4j import Driver
from neo4j.exceptions import ClientError, ServiceUnavailable, SessionExpired, TransientError

from encore.settings import load_settings
from encore.stack import Stack
from kg import queries
from kg.graph import GraphUnavailable, KnowledgeGraph, _lucene_terms


class FakeRecord:
    def __init__(self, data):
        self._data = data

    def data(self):
        return self._data


class FakeSession:
    def __init__(self, driver, access_mode):
        self.driver, self.access_mode = driver, access_mode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def run(self, query, parameters=None):
        self.driver.calls.append((query, parameters, self.access_mode))
        if self.driver.error:
            raise self.driver.error
        return [FakeRecord(r) for r in self.driver.rows]


class FakeDriver:
    def __init__(self, rows=None, error=None):
        self.rows, self.error, self.calls = rows or [], error, []

    def session(self, database=None, default_access_mode=None):
        return FakeSession(self, default_access_mode)


def make(rows=None, error=None) -> tuple[KnowledgeGraph, FakeDriver]:
    driver = FakeDriver(rows, error)
    return KnowledgeGraph(load_settings({"NEO4J_PASSWORD": "x" * 8}), driver=cast(Driver, driver)), driver


def test_user_text_goes_only_into_parameters() -> None:
    title = "Heat'}) MATCH (n) DETACH DELETE n //"
    graph, driver = make(rows=[{"title": "Heat", "years": [1995], "values": []}])
    graph.film_facts(title, "directors")
    query, params, access_mode = driver.calls[0]
    assert query.text == queries.FILM_FACTS["directors"]
    assert params == {"title": title}
    assert access_mode == neo4j.READ_ACCESS
    assert query.timeout == 5.0


@pytest.mark.parametrize(
    "error",
    [ServiceUnavailable("down"), SessionExpired("gone"), TransientError("busy"), OSError("refused")],
)
def test_connection_problems_become_graph_unavailable(error) -> None:
    graph, _ = make(error=error)
    with pytest.raises(GraphUnavailable):
        graph.film_facts("Heat", "directors")
    assert graph.ping() is False


def test_a_cypher_bug_is_not_hidden() -> None:
    graph, _ = make(error=ClientError("syntax"))
    with pytest.raises(ClientError):
        graph.film_facts("Heat", "directors")


def test_unknown_film_is_none_and_missing_fact_is_empty() -> None:
    graph, _ = make(rows=[])
    assert graph.film_facts("Nope", "cast") is None
    graph, _ = make(rows=[{"title": "Amélie", "years": [2001], "values": []}])
    facts = graph.film_facts("Amélie", "directors")
    assert facts is not None and facts.values == []


def test_lucene_terms_strip_query_syntax() -> None:
    assert _lucene_terms("Heat'}) MATCH (n) DETACH DELETE n //") == [
        "heat",
        "match",
        "n",
        "detach",
        "delete",
        "n",
    ]
    assert _lucene_terms('title:"x" OR *~^') == ["title", "x", "or"]
    assert _lucene_terms("") == []


def test_an_external_neo4j_means_nothing_is_launched() -> None:
    stack = Stack(load_settings({"NEO4J_URI": "neo4j+s://example.databases.neo4j.io", "NEO4J_PASSWORD": "p"}))
    assert [s.name for s in stack.services()] == ["actions", "rasa", "web", "console"]
    local = Stack(load_settings({"NEO4J_PASSWORD": "p" * 8}))
    assert [s.name for s in local.services()] == ["neo4j", "actions", "rasa", "web", "console"]
