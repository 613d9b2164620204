"""The whole-bot benchmark's constraint rules (bench/bot_eval.py) read a film's genres as the
graph and MovieLens name them: a film meets "Family" when MovieLens files it under "Children"
(MovieLens has no "Family"), and nothing else stands in for a genre. No Neo4j needed."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from bot_eval import Facts, violations  # noqa: E402


def film(genres: set[str], tags: frozenset[str] = frozenset()) -> Facts:
    return Facts("A Film", frozenset(genres), tags, frozenset({"English"}), (1995,), frozenset())


def test_children_in_movielens_is_the_family_genre() -> None:
    family_comedy = {"genres_all": ["Family", "Comedy"]}
    assert violations(film({"Children", "Comedy", "Animation"}), family_comedy, None) == []
    assert violations(film({"Family", "Comedy"}), family_comedy, None) == []
    assert violations(film({"Animation", "Comedy"}), family_comedy, None) == ["genres_all"]
    assert violations(film({"Children"}), {"genres_all": ["Comedy"]}, None) == ["genres_all"]


def test_a_genre_named_by_a_tag_counts_and_an_unrelated_tag_does_not() -> None:
    assert violations(film(set(), frozenset({"science fiction"})), {"genres_all": ["Sci-Fi"]}, None) == []
    assert violations(film(set(), frozenset({"space"})), {"genres_all": ["Sci-Fi"]}, None) == ["genres_all"]
