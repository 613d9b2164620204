"""Conversations through the real Rasa server (REST channel), the real action server and the
real Neo4j graph. Each test is one conversation."""

import pytest

from kg.graph import KnowledgeGraph
from tests.conftest import Conversation

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j, pytest.mark.slow]
NONE = {"genre": None, "language": None, "year_from": None, "year_to": None}


def test_director_then_follow_up_about_it(bot: Conversation) -> None:
    assert bot.text("who directed Kismet?") == "Kismet was directed by William Dieterle."
    cast = bot.text("and who was in it?")
    assert cast.startswith("Kismet stars") and "Ronald Colman" in cast


@pytest.mark.parametrize(
    "question, expected",
    [
        ("what films did Ronald Colman star in?", ["Ronald Colman starred in", "Kismet"]),
        ("movies directed by Christopher Nolan", ["Christopher Nolan directed", "Memento", "Inception"]),
        ("what genre is Amelie", ["Amélie is listed under Comedy"]),
        ("when was Casablanca released", ["Casablanca was released in 1942"]),
        ("what language is Amelie in", ["Amélie is in French"]),
        ("who wrote Casablanca", ["Casablanca was written by", "Howard Koch"]),
        ("films by the director of Memento", ["Memento was directed by Christopher Nolan, who also directed",
                                              "Inception"]),
        ("who directed memento", ["Memento was directed by Christopher Nolan"]),
        ("who directed the brid wore black", ["The Bride Wore Black was directed by François Truffaut"]),
        # wordings the old one-intent-per-question NLU failed on
        ("Sofia Coppola was the director of which films", ["Sofia Coppola directed", "Lost in Translation"]),
        ("which person directed Zodiac", ["Zodiac was directed by David Fincher"]),
        ("what does Benicio del Toro act in", ["Benicio Del Toro starred in", "Traffic"]),
        ("which movie was Greta Gerwig the director for", ["Greta Gerwig directed", "Frances Ha"]),
        ("which films are about time travel", ["films tagged “time travel”", "Timecop"]),
    ],
)  # fmt: skip
def test_question_types(bot: Conversation, question: str, expected: list[str]) -> None:
    answer = bot.text(question)
    for part in expected:
        assert part in answer, answer


def test_two_step_answer_says_the_path_and_matches_the_graph(
    bot: Conversation, graph: KnowledgeGraph
) -> None:
    result = graph.follow_path("~starred_actors>directed_by", "Tom Hanks", NONE)
    assert result is not None
    answer = bot.text("who directed the films Tom Hanks starred in?")
    assert answer.startswith(f"Tom Hanks starred in {result.films} films; they were directed by")
    assert [a.name for a in result.answers[:3]] == [n for n in answer.split("by ", 1)[1].split(", ")[:3]]


def test_films_two_people_share(bot: Conversation, graph: KnowledgeGraph) -> None:
    result = graph.follow_path(
        "~directed_by", "Martin Scorsese", {"person": "Robert De Niro", "person_role": "starred_actors"}
    )
    alone = graph.follow_path("~directed_by", "Martin Scorsese", NONE)
    assert result is not None and alone is not None and 1 < result.films < alone.films
    answer = bot.text("Martin Scorsese films starring Robert De Niro")
    assert answer.startswith(f"Martin Scorsese directed {result.films} films with Robert De Niro: "), answer
    assert all(a.name in answer for a in result.answers)


def test_a_bare_title_gets_an_overview_from_the_graph(bot: Conversation, graph: KnowledgeGraph) -> None:
    o = graph.film_overview("Casablanca")
    assert o is not None and o.directors and o.cast
    answer = bot.text("Casablanca")
    assert answer.startswith("Casablanca (1942) is "), answer
    assert f"Directed by {o.directors[0]}" in answer and o.cast[0] in answer


def test_a_surname_alone_is_the_person_it_clearly_names(bot: Conversation, graph: KnowledgeGraph) -> None:
    films = graph.follow_path("~directed_by", "Stanley Kubrick", NONE)
    assert films is not None and films.answers
    answer = bot.text("what did kubrick direct")  # "kubrick" is also a tag (films about him)
    assert answer.startswith(f"Stanley Kubrick directed {films.films} films: "), answer
    assert all(a.name in answer for a in films.answers[:5])


def test_the_first_film_of_a_person(bot: Conversation, graph: KnowledgeGraph) -> None:
    films = graph.follow_path("~directed_by", "Wes Anderson", NONE, limit=1000)
    assert films is not None and films.answers
    first = min(films.answers, key=lambda a: min(a.years))
    answer = bot.text("what was Wes Anderson's first film?")
    assert answer == (
        f"Wes Anderson directed {films.films} films; the first is {first.name} ({min(first.years)})."
    )


def test_other_films_of_the_same_director_in_a_few_words(bot: Conversation, graph: KnowledgeGraph) -> None:
    result = graph.follow_path("directed_by>~directed_by", "Jackie Brown", NONE)
    assert result is not None and result.answers
    answer = bot.text("Jackie Brown same director?")
    assert answer.startswith("Jackie Brown was directed by Quentin Tarantino, who also directed")
    assert all(a.name in answer for a in result.answers[:5])


def test_three_step_question(bot: Conversation, graph: KnowledgeGraph) -> None:
    result = graph.follow_path("written_by>~written_by>has_genre", "Memento", NONE)
    assert result is not None and result.answers
    answer = bot.text("which genres does the writer of Memento work in")
    assert answer.startswith("Memento was written by Christopher Nolan and Jonathan Nolan, who also wrote")
    assert all(a.name in answer for a in result.answers)


def test_follow_ups_keep_the_question_and_change_its_constraint(bot: Conversation) -> None:
    first = bot.text("what films did Clint Eastwood direct?")
    assert first.startswith("Clint Eastwood directed")
    nineties = bot.text("what about the 90s ones?")
    assert nineties.startswith("Clint Eastwood directed") and "from the 1990s" in nineties
    assert "Unforgiven" in nineties and "Gran Torino" not in nineties
    westerns = bot.text("and only the westerns")
    assert "Unforgiven" in westerns


def test_follow_up_about_the_person_an_answer_named(bot: Conversation) -> None:
    assert bot.text("which person directed Zodiac") == "Zodiac was directed by David Fincher."
    answer = bot.text("what else did he direct?")
    assert answer.startswith("David Fincher directed") and "The Social Network" in answer


def test_tags_that_name_people_are_reported(bot: Conversation) -> None:
    answer = bot.text("what words describe Flags of Our Fathers")
    assert answer.startswith("Flags of Our Fathers is tagged")
    assert "iwo jima" in answer and "Tags that name people: clint eastwood." in answer


def test_long_lists_say_how_many(bot: Conversation, graph: KnowledgeGraph) -> None:
    result = graph.follow_path("~release_year", 1987, NONE)
    assert result is not None and result.total > 10
    answer = bot.text("what films came out in 1987")
    assert answer.startswith(f"{result.total} films came out in 1987:")
    assert answer.endswith(f"and {result.total - 10} more.")


def test_merged_title_is_answered_honestly(bot: Conversation) -> None:
    answer = bot.text("who directed Heat?")
    assert "Michael Mann" in answer and "Paul Morrissey" in answer
    assert "more than one film (1972 and 1995)" in answer


def test_missing_fact_is_not_guessed(bot: Conversation) -> None:
    assert (
        bot.text("who directed Amelie?")
        == "I don't know: my knowledge graph has no director listed for Amélie."
    )


def test_unknown_title_gets_suggestions_that_answer_the_question(bot: Conversation) -> None:
    replies = bot.say("who wrote Kismat?")
    assert "couldn't find a film called “Kismat”" in replies[0]["text"]
    buttons = replies[0]["buttons"]
    assert "Kismet" in [b["title"] for b in buttons]
    payload = next(b["payload"] for b in buttons if b["title"] == "Kismet")
    assert bot.text(payload) == "Kismet was written by Edward Knoblock."


def test_unknown_name_is_honest(bot: Conversation) -> None:
    assert "couldn't find a film" in bot.text("who directed Zzyzx Qwertyuiop?")
    assert "couldn't find anyone" in bot.text("what films did Qwxz Zyxwv star in?")


def test_follow_up_about_a_person(bot: Conversation) -> None:
    assert "Ronald Colman starred in" in bot.text("what films did Ronald Colman star in?")
    assert bot.text("who acted with him?").startswith(
        "Ronald Colman starred in 13 films; their casts include"
    )


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
