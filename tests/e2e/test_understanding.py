"""Understanding behind the NLU, through the real Rasa server, action server and Neo4j: the
second stage answers what the NLU is unsure of, says honestly when nothing can, and no message
that does not clearly ask for it reaches the deletion of a user's data."""

from typing import Any

import pytest
import requests

from encore.settings import Settings
from tests.conftest import Conversation, read_tracker

pytestmark = [pytest.mark.e2e, pytest.mark.neo4j, pytest.mark.slow]

DELETE_CONFIRMATION = "This deletes our conversation history"
HUMAN_OFFER = "hand this conversation to a human agent"
FALLBACK = "didn't quite understand"


def parse(settings: Settings, text: str) -> dict:
    response = requests.post(
        f"{settings.rasa_url}/model/parse",
        params={"token": settings.rasa_token},
        json={"text": text},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.json()


def slots(settings: Settings, sender: str) -> dict:
    return read_tracker(settings, sender)["slots"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is there a cheaper plan for students", "ask_support"),
        ("my screen keeps freezing halfway through episodes", "ask_support"),
        ("fancy a flick tonight, got any ideas", "request_recommendation"),
        ("dream up a slogan for Alien", "request_creative"),
    ],
)
def test_the_nlu_reads_new_wordings_with_minilm_and_diet(
    rasa_server: Any, settings: Settings, text: str, intent: str
) -> None:
    parsed = parse(settings, text)  # (rasa_server: the server is up even when this test runs first)
    assert parsed["intent"]["name"] == intent
    # the fused ranking is the MiniLM classifier's and DIET's, both reported
    assert set(parsed["intent_sources"]) == {"minilm", "diet"}
    ranking = parsed["intent_ranking"]
    assert ranking[0] == parsed["intent"]
    assert sum(r["confidence"] for r in ranking) <= 1.0 + 1e-6


def test_a_support_question_in_new_words_is_answered(bot: Conversation) -> None:
    assert "Account > Plan > Cancel membership" in bot.text("how do i stop my membership renewing")


def test_a_message_no_capability_takes_gets_the_honest_fallback(
    bot: Conversation, settings: Settings
) -> None:
    text = "asdf qwerty"
    assert parse(settings, text)["intent"]["name"] == "nlu_fallback"  # the second stage's turn
    replies = bot.say(text)
    assert FALLBACK in replies[0]["text"]
    assert [b["payload"] for b in replies[0]["buttons"]] == [
        "/help",
        "/request_recommendation",
        "/request_human",
    ]


def test_small_talk_the_nlu_does_not_know_gets_its_rules_reply(bot: Conversation, settings: Settings) -> None:
    # borrowed words the NLU was not trained on: the second stage reads them (support.small_talk)
    assert parse(settings, "merci beaucoup!")["intent"]["name"] == "nlu_fallback"
    assert bot.text("ciao!").startswith("Hi, I'm Encore!")
    assert bot.text("merci beaucoup!") == "You're welcome! Anything else about films?"
    assert bot.text("ciao!") == "Bye! Enjoy your next film."  # after the bot has spoken: a goodbye


@pytest.mark.parametrize("text", ["what is Amadeus about", "Milos Forman was the director of which films"])
def test_a_film_question_about_a_name_the_graph_lacks_says_so(bot: Conversation, text: str) -> None:
    # neither is in the graph; "Milos" alone would be the possessive of the person Milo
    name = "Amadeus" if "Amadeus" in text else "Milos Forman"
    reply = bot.text(text)
    assert "couldn't find" in reply and f"“{name}”" in reply, reply


@pytest.mark.parametrize(
    "text",
    [
        "who directed Kismet?",  # film question
        "everything looks blurry and pixelated on my tv",  # support, with "everything"
        "send me a copy of my personal data",  # support: export, not deletion
        "remove a film from my list",
        "clear my continue watching row",
        "recommend a comedy from the 90s",
        "write a tagline for Heat",
        "I can't bear Whoopi Goldberg",
        "hello there",
        "what's the weather like in Rome",
    ],
)
def test_no_message_that_does_not_ask_for_it_reaches_the_deletion_flow(
    bot: Conversation, settings: Settings, text: str
) -> None:
    replies = bot.say(text)
    said = "\n".join(r.get("text", "") for r in replies)
    assert said.strip()
    assert DELETE_CONFIRMATION not in said
    assert slots(settings, bot.sender)["pending_confirmation"] is None


def test_a_clear_deletion_request_is_still_confirmed_first(bot: Conversation, settings: Settings) -> None:
    assert DELETE_CONFIRMATION in bot.text("please erase everything you know about me")
    assert slots(settings, bot.sender)["pending_confirmation"] == "delete_data"
    assert bot.text("no") == "Okay, nothing was deleted."
    assert slots(settings, bot.sender)["pending_confirmation"] is None


@pytest.mark.parametrize(
    ("text", "intro"),
    [
        # a rare surname alone, and no word of asking
        ("goldblum being goldblum in something", "Some Jeff Goldblum films you might like"),
        # a theme named without "about": its films' genre, the films with the theme first
        ("zombie apocalypse movie, 2005 onwards", "Some horror films with the theme “zombie” from 2005 on"),
        # a tag that is all the request says, though its films share no genre: not the default list
        ("got any good submarine movies", "Some films with the theme “submarine” you might like"),
        # "like" followed by a kind of film, not a title
        ("looking for something similar to a nature documentary", "Some documentary films with the theme"),
        ("i want a film like the ones my dad watches, westerns mostly", "Some western films you might like"),
    ],
)
def test_a_request_that_asks_nothing_keeps_what_it_names(bot: Conversation, text: str, intro: str) -> None:
    reply = bot.text(text)
    assert reply.startswith(intro), reply


def test_good_said_of_other_films_is_a_request_not_a_rating(bot: Conversation) -> None:
    # "Vampires" is a film too: "any good vampire films" asks for films, not its rating
    reply = bot.text("vampires! any good vampire films")
    assert reply.startswith("Some horror films with the theme “vampire"), reply
    assert "IMDb" not in reply


def test_a_surname_several_people_share_said_alone_is_asked_about(bot: Conversation) -> None:
    replies = bot.say("bergman")
    assert [r["text"] for r in replies] == ["“bergman” could be more than one person. Who do you mean?"]
    buttons = {b["title"]: b["payload"] for b in replies[0]["buttons"]}
    assert {"Ingmar Bergman", "Ingrid Bergman"} <= set(buttons)
    # each button answers for its person in the role they have most films in
    assert bot.text(buttons["Ingrid Bergman"]).startswith("Ingrid Bergman starred in ")
    assert bot.text(buttons["Ingmar Bergman"]).startswith("Ingmar Bergman directed ")


def test_a_shared_surname_with_a_role_is_the_one_who_has_it(bot: Conversation) -> None:
    assert bot.text("what did bergman direct").startswith("Ingmar Bergman directed ")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        (
            "who produced the godfather",
            "My film graph doesn't hold producers, so I can't answer that about The Godfather.",
        ),
        (
            "how long is titanic",
            "My film graph doesn't hold running times, so I can't answer that about Titanic.",
        ),
    ],
)
def test_a_fact_the_graph_lacks_is_said_to_be_missing(bot: Conversation, text: str, start: str) -> None:
    assert bot.text(text).startswith(start)


def test_a_quoted_nickname_inside_a_name_is_the_person_not_a_film(bot: Conversation) -> None:
    # "The Rock" is a film: quoted between a first name and a surname, it is a nickname
    assert bot.text("what films has dwayne 'the rock' johnson been in").startswith(
        "Dwayne Johnson starred in 8 films: "
    )
    assert "stars Dwayne Johnson, as you asked" in bot.text("dwayne 'the rock' johnson in something fun")


def test_a_fact_the_film_lacks_is_not_answered_with_other_films_facts(bot: Conversation) -> None:
    # Kismet (1944) has no genre listed: its actors' other films' genres are not its own
    assert bot.text("what genre would you call Kismet") == (
        "I don't know: my knowledge graph has no genre listed for Kismet."
    )
    # one of Ridley Scott's 19 films has a language listed: "they are in Japanese" would be false
    assert bot.text("what languages are the films directed by Ridley Scott in") == (
        "Ridley Scott directed 19 films; my knowledge graph has the language of only some of them: Japanese."
    )


@pytest.mark.parametrize("text", ["who is Ridley Scott", "tell me about Ridley Scott"])
def test_who_a_person_is_is_their_films(bot: Conversation, text: str) -> None:
    # not the directors of his films ("directed by Rowdy Herrington"), nor the films tagged with his name
    assert bot.text(text).startswith("Ridley Scott directed 19 films: Gladiator, Alien (1979), ")


def test_a_film_question_the_nlu_takes_for_another_task_is_answered(bot: Conversation) -> None:
    # the NLU reads "rate The Matrix" as out of scope, not sure; the film parser is certain
    assert bot.text("rate The Matrix") == (
        "My knowledge graph has no IMDb rating listed for The Matrix, but 278 MovieLens users rated it "
        "4.2/5 on average."
    )
    assert bot.text("order me a pizza").startswith("Sorry, that's outside what I know about.")


def test_a_genre_after_about_is_the_films_of_that_genre(bot: Conversation) -> None:
    # music documentaries (the recommender's or the graph's list), not what they are tagged
    reply = bot.text("documentaries about music")
    assert "Buena Vista Social Club" in reply
    assert "tagged" not in reply


def test_a_title_the_graph_lacks_beside_a_genre_is_noted_and_the_genre_kept(bot: Conversation) -> None:
    reply = bot.text("a mystery like knives out but older")
    assert reply.startswith("Some mystery films you might like"), reply
    assert "I couldn't find “knives out” in my film graph, so I left it out." in reply
