"""Small talk the NLU may not know (support.small_talk): a greeting, thanks or a goodbye in the
words English chat borrows, taken only when every word of the message is one of them."""

from __future__ import annotations

import pytest

from support.small_talk import GOODBYE, GREET, HELP, MAX_WORDS, THANK, read


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("merci!", THANK),
        ("Merci beaucoup 🙏", THANK),
        ("Danke schön", THANK),
        ("GRACIAS amigo", THANK),
        ("hola!", GREET),
        ("bonjour tout le monde", GREET),
        ("adios amigo", GOODBYE),
        ("tschüss!", GOODBYE),
        ("hasta luego, my friend", GOODBYE),
        ("thats all for today, take care", GOODBYE),
        ("that's all for now", GOODBYE),
        ("gracias amigo, adios", GOODBYE),  # thanks said with a goodbye is a goodbye
        ("hola, gracias", THANK),  # thanks said with a greeting are thanks
    ],
)
def test_small_talk_in_borrowed_words_and_everyday_closings_is_read(text: str, said: str) -> None:
    assert read(text) == said


@pytest.mark.parametrize("word", ["ciao!", "Salut"])
def test_ciao_and_salut_open_a_conversation_and_close_one(word: str) -> None:
    assert read(word) == GREET
    assert read(word, started=True) == GOODBYE
    assert read("merci", started=True) == THANK


@pytest.mark.parametrize(
    "text",
    [
        "hola, any comedies?",  # a request after the greeting
        "merci pour le film",
        "ciao bella",  # a film
        "au revoir les enfants",  # a film
        "bergman",
        "ok",  # yes and no answer a question: never small talk here
        "sure, why not",
        "vale",
        "tak",
        "",
        "   !!! 🙂",
        "all friends",  # fillers alone
        " ".join(["merci"] * (MAX_WORDS + 1)),
    ],
)
def test_anything_else_is_not_small_talk(text: str) -> None:
    assert read(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "so what are you actually capable of",
        "new here, how am i meant to use this chat",
        "What can you do?",
        "how does this work",
        "hi, what can you help with?",
    ],
)
def test_asking_what_encore_can_do_is_help(text: str) -> None:
    assert read(text) == HELP


@pytest.mark.parametrize(
    "text",
    [
        "what can you do about my refund",  # a support question
        "how do i use subtitles",
        "what do you think of heat",
        "what are you",  # who the bot is, not what it does
    ],
)
def test_a_question_about_something_else_is_not_help(text: str) -> None:
    assert read(text) is None
