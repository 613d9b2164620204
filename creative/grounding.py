"""Facts about a film from the knowledge graph, for grounded taglines and ads.

The graph lists a film's people in no particular order, and a 135M model given "starring Andrea
Feldman" for Heat writes about someone nobody knows. Directors and stars are therefore ordered
by how many links they have in the graph (the entity linker's weight: films made or played in),
so the prompt names the best known ones first."""

from __future__ import annotations

from typing import Optional

from kg.qa import FilmQA

FACT_KINDS = ("genres", "directors", "cast", "tags", "years")
PEOPLE = ("directors", "cast")


def by_weight(names: list[str], weight: dict[str, int]) -> list[str]:
    """``names`` with the heaviest first, ties in their given order. Pure."""
    return sorted(names, key=lambda name: -weight.get(name, 0))


def film_facts(qa: FilmQA, mention: str) -> Optional[tuple[str, dict[str, list[str]]]]:
    """(canonical title, facts) when ``mention`` links to one film of the graph, else ``None``.

    Raises ``kg.graph.GraphUnavailable`` when Neo4j is down.
    """
    result = qa.linker.link(mention, "film")
    if not result.found or result.name is None:
        return None
    person = qa.linker.vocab.get("person")
    weight = person.weight if person is not None else {}
    facts: dict[str, list[str]] = {}
    for kind in FACT_KINDS:
        found = qa.graph.film_facts(result.name, kind)
        if found is not None and found.values:
            values = [str(v) for v in found.values]
            facts[kind] = by_weight(values, weight) if kind in PEOPLE else values
    return result.name, facts
