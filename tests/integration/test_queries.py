"""Every query type of the graph service against the real Neo4j engine and the real KB."""

from typing import Any

import pytest

from kg.graph import Film, KnowledgeGraph
from kg.qa import FilmQA, Question

pytestmark = [pytest.mark.neo4j]


def fact_values(graph: KnowledgeGraph, title: str, kind: str) -> list[Any]:
    """The ``kind`` values of a film that must be in the graph."""
    facts = graph.film_facts(title, kind)
    assert facts is not None, title
    return facts.values


def films_of(graph: KnowledgeGraph, name: str, role: str) -> list[Film]:
    """The films of a person who must be in the graph."""
    films = graph.person_films(name, role)
    assert films is not None, name
    return films


def test_film_facts(graph: KnowledgeGraph) -> None:
    assert fact_values(graph, "Kismet", "directors") == ["William Dieterle"]
    assert set(fact_values(graph, "Kismet", "cast")) == {"Edward Arnold", "Ronald Colman", "James Craig"}
    assert {"Howard Koch", "Philip G. Epstein"} <= set(fact_values(graph, "Casablanca", "writers"))
    assert fact_values(graph, "Casablanca", "years") == [1942]
    assert fact_values(graph, "Amélie", "genres") == ["Comedy"]
    assert fact_values(graph, "Amélie", "languages") == ["French"]
    assert "androids" in fact_values(graph, "Blade Runner", "tags")


def test_unknown_film_and_missing_fact(graph: KnowledgeGraph) -> None:
    assert graph.film_facts("No Such Film 12345", "directors") is None
    facts = graph.film_facts("Amélie", "directors")
    assert facts is not None and facts.values == []


def test_film_overview_is_the_film_facts_in_one_query(graph: KnowledgeGraph) -> None:
    for title in ("Kismet", "Casablanca", "Amélie", "Blade Runner"):
        o = graph.film_overview(title)
        assert o is not None and o.title == title
        for kind in ("directors", "writers", "cast", "genres", "languages", "tags"):
            assert getattr(o, kind) == sorted(fact_values(graph, title, kind)), (title, kind)
        assert o.years == fact_values(graph, title, "years")
    assert graph.film_overview("No Such Film 12345") is None


def test_merged_title_keeps_both_years(graph: KnowledgeGraph) -> None:
    facts = graph.film_facts("Heat", "directors")
    assert facts is not None
    assert facts.years == [1972, 1995]
    assert set(facts.values) == {"Michael Mann", "Paul Morrissey"}


def test_merged_years_of_a_title(graph: KnowledgeGraph) -> None:
    """Read once for the whole graph: Heat names two films, Memento one, an unknown title none."""
    assert graph.merged_years("Heat") == [1972, 1995]
    assert graph.merged_years("Memento") == []
    assert graph.merged_years("No Such Film 12345") == []


def test_person_films(graph: KnowledgeGraph) -> None:
    titles = {f.title for f in films_of(graph, "Christopher Nolan", "directed")}
    assert {"Memento", "Inception", "The Prestige"} <= titles
    assert "Kismet" in {f.title for f in films_of(graph, "Ronald Colman", "acted")}
    assert "Memento" in {f.title for f in films_of(graph, "Jonathan Nolan", "wrote")}
    assert graph.person_films("Nobody Atall 987", "acted") is None


def test_two_hops(graph: KnowledgeGraph) -> None:
    by_director = graph.films_by_directors_of("Memento")
    assert by_director is not None
    assert list(by_director) == ["Christopher Nolan"]
    assert "Inception" in {f.title for f in by_director["Christopher Nolan"]}
    assert "Memento" not in {f.title for f in by_director["Christopher Nolan"]}
    found = graph.costars("Ronald Colman", limit=5)
    assert found is not None
    costars, total = found
    assert len(costars) == 5 and total >= 5
    assert all(name != "Ronald Colman" for name, _ in costars)


def test_filters(graph: KnowledgeGraph) -> None:
    films, total = graph.films_filtered(genre="Comedy", year=1999, limit=10)
    assert 0 < len(films) <= 10 and total >= len(films)
    for film in films:
        assert 1999 in film.years
        assert "Comedy" in fact_values(graph, film.title, "genres")
    films, total = graph.films_filtered(language="French", genre="Drama", limit=3)
    assert len(films) == 3 and total > 3
    assert graph.films_filtered(genre="Comedy", year=1850) == ([], 0)


def test_fulltext_index_finds_names(graph: KnowledgeGraph) -> None:
    names = [name for name, _, _ in graph.fulltext("ronald colmen")]
    assert "Ronald Colman" in names
    assert graph.fulltext("") == []
    assert isinstance(graph.fulltext("Heat'}) MATCH (n) DETACH DELETE n //"), list)


def test_linker_over_the_real_vocabulary(graph: KnowledgeGraph) -> None:
    qa = FilmQA(graph)
    assert qa.linker.link("the brid wore black", "film").name == "The Bride Wore Black"
    assert qa.linker.link("amelie", "film").name == "Amélie"
    reply = qa.answer(Question("who directed memento", films=["memento"]))
    assert reply.variables["answer"] == "Memento was directed by Christopher Nolan."
