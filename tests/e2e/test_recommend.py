"""Recommendations through the real Rasa server (REST channel), the real action server and the
real Neo4j graph with the MovieLens ratings. Each test is one conversation (or two, for a
returning user). Every list is checked against the graph, and films the user saw, rejected or
was already shown never come back."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from kg.graph import KnowledgeGraph
from kg.importer import read_triples
from kg.ratings import link_movies, read_movielens
from tests.conftest import Conversation

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j, pytest.mark.slow]

LINE = re.compile(r"^(\d)\. (.+?)(?: \((\d{4}(?:/\d{4})*)\))?: (.+)$")


def films_of(answer: str) -> list[tuple[str, str]]:
    """(title, reason) of every numbered line of a recommendation answer."""
    out = []
    for line in answer.splitlines():
        m = LINE.match(line.strip())
        if m:
            out.append((m.group(2), m.group(4)))
    return out


def assert_list(answer: str) -> list[str]:
    films = films_of(answer)
    assert 3 <= len(films) <= 5, answer
    for title, reason in films:
        assert len(reason) > 10, (title, reason)
    assert "Traceback" not in answer
    return [t for t, _ in films]


class Tracker:
    """Everything shown, seen or rejected in one conversation: never shown again."""

    def __init__(self, bot: Conversation):
        self.bot = bot
        self.banned: set[str] = set()
        self.last: list[str] = []

    def say(self, text: str) -> str:
        answer = self.bot.text(text)
        titles = assert_list(answer)
        assert not self.banned & set(titles), (text, self.banned & set(titles), answer)
        self.banned |= set(titles)
        self.last = titles
        return answer


@pytest.fixture(scope="module")
def movielens_genres(settings) -> dict[str, set[str]]:
    data = read_movielens()
    links = link_movies(
        data.movies, {t: m["years"] for t, m in read_triples(settings.kb_path).movies.items()}
    )
    out: dict[str, set[str]] = {}
    for movie_id, title in links.items():
        out.setdefault(title, set()).update(data.genres.get(movie_id, []))
    return out


def fact_values(graph: KnowledgeGraph, title: str, kind: str) -> list[Any]:
    """The ``kind`` values of a film the graph has (each title here comes from a bot's list)."""
    facts = graph.film_facts(title, kind)
    assert facts is not None, title
    return facts.values


def genres_of(graph: KnowledgeGraph, title: str, ml: dict[str, set[str]]) -> set[str]:
    facts = set(fact_values(graph, title, "genres"))
    tags = {t.title() for t in fact_values(graph, title, "tags")}
    return facts | tags | ml.get(title, set())


def years_of(graph: KnowledgeGraph, title: str) -> list[int]:
    return fact_values(graph, title, "years")


# -- request types ---------------------------------------------------------------------------------


def test_recommend_me_a_film_cold_start(bot: Conversation) -> None:
    answer = bot.text("recommend me a film")
    films = films_of(answer)
    assert_list(answer)
    assert all("MovieLens users" in reason for _, reason in films), answer


def test_something_like_memento(bot: Conversation) -> None:
    answer = bot.text("something like Memento")
    titles = assert_list(answer)
    assert answer.startswith("If you liked Memento")
    assert "Memento" not in titles
    reasons = [r for _, r in films_of(answer)]
    assert all("Memento" in r for r in reasons), answer
    assert any("same director as Memento (Christopher Nolan)" in r for r in reasons), answer


def test_a_french_comedy(bot: Conversation, graph: KnowledgeGraph, movielens_genres) -> None:
    answer = bot.text("a french comedy")
    titles = assert_list(answer)
    assert "French comedy films" in answer
    for title in titles:
        assert "French" in fact_values(graph, title, "languages"), title
        assert "Comedy" in genres_of(graph, title, movielens_genres), title


def test_a_thriller_from_the_90s(bot: Conversation, graph: KnowledgeGraph, movielens_genres) -> None:
    titles = assert_list(bot.text("a thriller from the 90s"))
    for title in titles:
        assert all(1990 <= y <= 1999 for y in years_of(graph, title)), title
        assert "Thriller" in genres_of(graph, title, movielens_genres), title


def test_surprise_me(bot: Conversation) -> None:
    assert_list(bot.text("surprise me"))


def test_loved_films_are_used_and_never_recommended(bot: Conversation) -> None:
    answer = bot.text("I loved Heat and Collateral, what next?")
    titles = assert_list(answer)
    assert "Noted: you like Heat and Collateral" in answer
    assert not {"Heat", "Collateral"} & set(titles)
    reasons = " ".join(r for _, r in films_of(answer))
    assert "Heat" in reasons or "Collateral" in reasons


# -- feedback across turns --------------------------------------------------------------------


def test_feedback_steers_the_next_turn(bot: Conversation, graph: KnowledgeGraph) -> None:
    conv = Tracker(bot)
    conv.say("something like Memento")
    first = conv.last[0]
    answer = conv.say("seen it")
    assert f"Noted, you've seen {first}." in answer
    rejected = conv.last[0]
    answer = conv.say("not that one")
    assert f"Okay, not {rejected}." in answer
    second = conv.last[1]
    answer = conv.say("more like the second one")
    assert answer.startswith(f"If you liked {second}")
    answer = conv.say("only after 2000")
    for title in conv.last:
        assert all(y > 2000 for y in years_of(graph, title)), (title, answer)
    # what was seen or rejected never comes back, even in a fresh request
    conv.say("recommend me a film")
    assert conv.last and first not in conv.last and rejected not in conv.last, conv.last


def test_something_lighter(bot: Conversation, graph: KnowledgeGraph, movielens_genres) -> None:
    conv = Tracker(bot)
    conv.say("a thriller from the 90s")
    answer = conv.say("something lighter")
    assert "lighter" in answer
    for title in conv.last:
        genres = genres_of(graph, title, movielens_genres)
        assert not genres & {"Horror", "Thriller", "Crime", "War"}, (title, genres)


# -- stated tastes, contradictions --------------------------------------------------------------


def test_likes_and_dislikes_are_used_at_once(
    bot: Conversation, graph: KnowledgeGraph, movielens_genres
) -> None:
    conv = Tracker(bot)
    answer = conv.say("I like Nolan and sci-fi, I hate horror")
    assert "Noted: you like Christopher Nolan and Sci-Fi; you don't like Horror" in answer
    assert "Christopher Nolan" in answer
    for _ in range(2):
        for title in conv.last:
            assert "Horror" not in genres_of(graph, title, movielens_genres), title
        conv.say("recommend me a film")


def test_contradictory_preferences_are_said(bot: Conversation) -> None:
    answer = bot.text("I love horror but I hate horror")
    assert "both like and dislike Horror" in answer
    assert_list(answer)


# -- returning users ------------------------------------------------------------------------------


def test_returning_movielens_user(rasa_server, settings, graph: KnowledgeGraph) -> None:
    bot = Conversation(settings.rasa_url, sender="movielens:414")
    bot.say("/restart")  # the sender id is fixed: start from a fresh conversation
    rated = dict(graph.user_ratings(414))
    answer = bot.text("recommend me a film")
    titles = assert_list(answer)
    assert f"From your {len(rated)} ratings (MovieLens user 414)" in answer
    assert not set(titles) & set(rated)
    assert any("people who liked" in r for _, r in films_of(answer)), answer


def test_movielens_user_without_ratings(rasa_server, settings) -> None:
    bot = Conversation(settings.rasa_url, sender="movielens:999999")
    bot.say("/restart")
    answer = bot.text("recommend me a film")
    assert "I have no ratings from MovieLens user 999999" in answer
    assert_list(answer)


def test_returning_user_is_remembered_by_sender_id(rasa_server, settings) -> None:
    sender = f"test-returning-{uuid.uuid4().hex[:8]}"
    first = Conversation(settings.rasa_url, sender=sender)
    answer = first.text("I loved Heat")
    assert "Noted: you like Heat" in answer
    first.say("/restart")  # the conversation is gone from Rasa's tracker; the profile stays
    again = Conversation(settings.rasa_url, sender=sender)
    answer = again.text("recommend me a film")
    assert "Welcome back! I remember you like Heat" in answer
    assert "Heat" not in assert_list(answer)


# -- bad input ------------------------------------------------------------------------------------


def test_unknown_title_gets_an_honest_answer_and_suggestions(bot: Conversation) -> None:
    replies = bot.say("something like the dark knigth rises again")
    text = replies[0]["text"]
    assert "I couldn't find a film called “the dark knigth rises again”" in text
    buttons = [b["title"] for b in replies[0].get("buttons") or []]
    assert "The Dark Knight Rises" in buttons
    payload = next(b["payload"] for b in replies[0]["buttons"] if b["title"] == "The Dark Knight Rises")
    answer = bot.text(payload)
    assert answer.startswith("If you liked The Dark Knight Rises")
    assert "The Dark Knight Rises" not in assert_list(answer)


def test_unknown_title_without_any_close_name(bot: Conversation) -> None:
    answer = bot.text("something like Qxzvw Plomb")
    assert "I couldn't find a film called “Qxzvw Plomb”" in answer
    assert "Tell me another film you liked" in answer


def test_filter_that_leaves_nothing_offers_the_nearest(bot: Conversation, graph: KnowledgeGraph) -> None:
    answer = bot.text("a french western from the 2010s")
    titles = assert_list(answer)
    assert "I don't know any French western films from 2010 to 2019" in answer
    assert "These are the nearest: French western films, the closest in time." in answer
    for title in titles:
        assert "French" in fact_values(graph, title, "languages")


def test_feedback_before_any_list(bot: Conversation) -> None:
    answer = bot.text("I've already watched the first one")
    assert "I haven't suggested anything yet" in answer


def test_garbage_gets_a_polite_answer(bot: Conversation) -> None:
    answer = bot.text("something like " + "zq " * 600)
    assert answer and "Traceback" not in answer and "Error" not in answer


def test_graph_questions_still_answered_by_the_graph(bot: Conversation) -> None:
    assert "Memento was directed by Christopher Nolan, who also directed" in bot.text(
        "films by the director of Memento"
    )
    assert "films from 1999 listed under Comedy" in bot.text("comedies from 1999")
    assert "Christopher Nolan directed" in bot.text("movies directed by Christopher Nolan")


def test_a_few_words_asking_for_one_film_are_a_request(
    bot: Conversation, graph: KnowledgeGraph, movielens_genres
) -> None:
    # a person and a genre, no question: recommendations of that person's films of that genre,
    # not the list of facts a film question would give
    answer = bot.text("meryl streep comedy")
    titles = assert_list(answer)
    for title in titles:
        people = set()
        for kind in ("cast", "directors", "writers"):
            people |= set(fact_values(graph, title, kind))
        assert "Meryl Streep" in people, title
        assert "Comedy" in genres_of(graph, title, movielens_genres), title


def test_the_theme_asked_for_is_a_tag_of_every_film(bot: Conversation, graph: KnowledgeGraph) -> None:
    titles = assert_list(bot.text("recommend a movie about time travel"))
    for title in titles:
        assert "time travel" in fact_values(graph, title, "tags"), title


def test_a_range_of_years_and_a_film_just_watched(bot: Conversation, graph: KnowledgeGraph) -> None:
    titles = assert_list(bot.text("a western made between 1960 and 1969"))
    for title in titles:
        assert all(1960 <= y <= 1969 for y in years_of(graph, title)), title
    other = Conversation(bot.url)
    answer = other.text("just watched the terminator, loved it, whats similar")
    assert "The Terminator" in answer.splitlines()[0], answer
    assert "The Terminator" not in assert_list(answer)
