"""Facts about a film from the knowledge graph, for grounded taglines and ads."""

from __future__ import annotations

from typing import Optional

from kg.qa import FilmQA

FACT_KINDS = ("genres", "directors", "cast", "tags", "years")


def film_facts(qa: FilmQA, mention: str) -> Optional[tuple[str, dict[str, list[str]]]]:
    """(canonical title, facts) when ``mention`` links to one film of the graph, else ``None``.

    Raises ``kg.graph.GraphUnavailable`` when Neo4j is down.
    """
    result = qa.linker.link(mention, "film")
    if not result.found or result.name is None:
        return None
    facts: dict[str, list[str]] = {}
    for kind in FACT_KINDS:
        found = qa.graph.film_facts(result.name, kind)
        if found is not None and found.values:
            facts[kind] = [str(v) for v in found.values]
    return result.name, facts
