"""Conversations through the real Rasa server (REST channel), the real action server and the
real Neo4j graph. Each test is one conversation."""

import pytest

from kg.graph import KnowledgeGraph
from tests.conftest import Conversation

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j, pytest.mark.slow]


def test_director_then_follow_up_about_it(bot: Conversation) -> None:
    assert "William Dieterle" in bot.text("who directed Kismet?")
    cast = bot.text("and who was in it?")
    assert "Kismet stars" in cast and "Ronald Colman" in cast


@pytest.mark.parametrize(
    "question, expected",
    [
        ("what films did Ronald Colman star in?", ["Ronald Colman starred in", "Kismet"]),
        ("movies directed by Christopher Nolan", ["Christopher Nolan directed", "Memento", "Inception"]),
        ("what genre is Amelie", ["Amélie", "Comedy"]),
        ("when was Casablanca released", ["Casablanca was released in 1942"]),
        ("what language is Amelie in", ["Amélie is in French"]),
        ("who wrote Casablanca", ["Casablanca was written by", "Howard Koch"]),
        ("films by the director of Memento", ["Christopher Nolan also made", "Inception"]),
        ("comedies from 1999", ["comedy films from 1999"]),
        ("who directed memento", ["Memento was directed by Christopher Nolan"]),
        ("who directed the brid wore black", ["The Bride Wore Black was directed by François Truffaut"]),
    ],
)
def test_question_types(bot: Conversation, question: str, expected: list[str]) -> None:
    answer = bot.text(question)
    for part in expected:
        assert part in answer


def test_what_a_film_is_about_comes_from_its_tags(bot: Conversation, graph: KnowledgeGraph) -> None:
    answer = bot.text("what is Blade Runner about")
    assert answer.startswith("Blade Runner is tagged as being about:")
    tags = set(graph.film_facts("Blade Runner", "tags").values)
    listed = answer.split(":", 1)[1].replace(" and ", ", ").strip(" .").split(", ")
    assert len([t for t in listed if t in tags]) >= 5


def test_two_hop_costars(bot: Conversation, graph: KnowledgeGraph) -> None:
    costars, _ = graph.costars("Ronald Colman", limit=1)
    answer = bot.text("who acted with Ronald Colman")
    assert answer.startswith("Ronald Colman acted with")
    assert costars[0][0] in answer


def test_filters_are_checked_against_the_graph(bot: Conversation, graph: KnowledgeGraph) -> None:
    films, total = graph.films_filtered(genre="Comedy", year=1999)
    answer = bot.text("comedies from 1999")
    assert f"of the {total} comedy films from 1999" in answer
    assert films[0].title in answer


def test_merged_title_is_answered_honestly(bot: Conversation) -> None:
    answer = bot.text("who directed Heat?")
    assert "Michael Mann" in answer and "Paul Morrissey" in answer
    assert "more than one film (1972 and 1995)" in answer


def test_missing_fact_is_not_guessed(bot: Conversation) -> None:
    assert "I don't know" in bot.text("who directed Amelie?")


def test_unknown_title_gets_suggestions_that_work(bot: Conversation) -> None:
    replies = bot.say("who directed Kismat?")
    assert "couldn't find a film called “Kismat”" in replies[0]["text"]
    buttons = replies[0]["buttons"]
    assert "Kismet" in [b["title"] for b in buttons]
    payload = next(b["payload"] for b in buttons if b["title"] == "Kismet")
    assert "William Dieterle" in bot.text(payload)


def test_unknown_name_is_honest(bot: Conversation) -> None:
    assert "couldn't find" in bot.text("who directed Zzyzx Qwertyuiop?")
    assert "couldn't find anyone" in bot.text("what films did Qwxz Zyxwv star in?")


def test_follow_up_about_a_person(bot: Conversation) -> None:
    assert "Ronald Colman starred in" in bot.text("what films did Ronald Colman star in?")
    assert bot.text("who acted with him?").startswith("Ronald Colman acted with")


@pytest.mark.parametrize(
    "message, expected",
    [
        ("hello", "I'm Encore"),
        ("thanks!", "welcome"),
        ("what can you do?", "I answer questions about films"),
        ("are you a bot?", "I'm not a human"),
        ("what's the weather like in Paris tomorrow?", "outside what I know"),
        ("bye", "Bye"),
    ],
)
def test_small_talk(bot: Conversation, message: str, expected: str) -> None:
    assert expected in bot.text(message)
