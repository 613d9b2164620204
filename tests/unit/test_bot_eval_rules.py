"""The whole-bot benchmark's constraint rules (bench/bot_eval.py) read a film's genres as the
graph and MovieLens name them: a film meets "Family" when MovieLens files it under "Children"
(MovieLens has no "Family"), and nothing else stands in for a genre; small talk is right when
the NLU read it or its rule's own response answered it. No Neo4j needed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from bot_eval import Facts, Outcome, Row, answer_titles, route_of, score, violations  # noqa: E402


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


def outcome(label: str, intent: str, utters: list[str]) -> Any:
    row = Row("chat", "dev", "chitchat", "ciao!", label, {})
    result = Outcome(row, intent=intent, utters=utters, actions=["action_second_stage"])
    result.route = route_of(result.actions, utters, True)
    score(result, {}, None)
    return result


def test_small_talk_answered_with_its_rules_response_counts_and_a_shared_response_does_not() -> None:
    assert outcome("greet", "greet", ["utter_greet"]).ok
    assert outcome("greet", "nlu_fallback", ["utter_greet"]).ok  # the second stage answered it
    assert not outcome("greet", "nlu_fallback", ["utter_goodbye"]).ok
    assert not outcome("greet", "nlu_fallback", ["utter_default"]).ok
    assert outcome("goodbye", "nlu_fallback", ["utter_goodbye_sorry"]).ok
    # yes and no share utter_ok: only the NLU's intent tells them apart
    assert not outcome("affirm", "nlu_fallback", ["utter_ok"]).ok
    assert outcome("affirm", "affirm", ["utter_ok"]).ok


class KnownTitles:
    """Stands in for the benchmark's graph: facts of the titles it knows, None for the others."""

    def __init__(self, *titles: str) -> None:
        self.known = {t: film({"Comedy"}) for t in titles}

    def facts(self, titles: Any) -> dict[str, Any]:
        return {t: self.known.get(t) for t in titles}


def test_a_film_answers_list_is_read_with_titles_that_hold_commas_and_ands() -> None:
    graph = KnownTitles("Harold and Maude", "Crouching Tiger, Hidden Dragon", "Being There", "Topper")
    text = (
        "Hal Ashby directed 10 films: Harold and Maude (1971), Crouching Tiger, Hidden Dragon (2000),"
        " Being There (1979) and Topper (1937) and 6 more."
    )
    listed = ["Harold and Maude", "Crouching Tiger, Hidden Dragon", "Being There", "Topper"]
    assert answer_titles(text, graph) == listed
    assert answer_titles("Heat (1995) was directed by Michael Mann.", graph) == []


def test_films_a_film_answer_lists_for_a_request_are_reported_beside_and_not_counted() -> None:
    graph = KnownTitles("Bringing Up Baby", "Charade")
    row = Row("rec", "dev", "recommend", "cary grant comedies", "", {"genres_all": ["Comedy"]})
    answer = "Cary Grant starred in 2 comedy films: Bringing Up Baby (1938) and Charade (1963)."
    result = Outcome(row, texts=[answer], utters=["utter_kg_answer"], actions=["action_answer_film_question"])
    result.route = route_of(result.actions, result.utters, True)
    score(result, {}, graph)  # type: ignore[arg-type]
    assert (result.route, result.ok) == ("film", False)
    assert result.detail["answer_films"] == ["Bringing Up Baby", "Charade"]
    assert result.detail["met_in_any_answer"]
    row.constraints["genres_all"] = ["Western"]
    score(result, {}, graph)  # type: ignore[arg-type]
    assert not result.detail["met_in_any_answer"]
