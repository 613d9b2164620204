import json

import pytest

from kg.graph import GraphUnavailable
from kg.qa import UNSET, FilmQA, Question, join_names, merged_note
from tests.fakes import FakeGraph


@pytest.fixture
def qa() -> FilmQA:
    return FilmQA(FakeGraph())


def test_join_names() -> None:
    assert join_names([]) == ""
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B", "C"]) == "A, B and C"
    assert join_names([str(i) for i in range(12)], limit=3) == "0, 1, 2 and 9 more"


def test_director_question(qa: FilmQA) -> None:
    reply = qa.answer(Question("directors", films=["kismet"]), "ask_director")
    assert reply.response == "utter_kg_directors"
    assert reply.variables == {"title": "Kismet", "names": "William Dieterle", "note": ""}
    assert reply.film == "Kismet" and reply.person is UNSET


def test_follow_up_uses_the_conversation_film(qa: FilmQA) -> None:
    reply = qa.answer(Question("cast", text="and who was in it?", context_film="Kismet"), "ask_cast")
    assert reply.response == "utter_kg_cast"
    assert reply.variables["names"] == "Ronald Colman and James Craig"


def test_a_new_title_in_the_text_beats_the_context(qa: FilmQA) -> None:
    reply = qa.answer(Question("cast", text="who was in heat", context_film="Kismet"), "ask_cast")
    assert reply.variables["title"] == "Heat"


def test_a_title_inside_a_misspelt_longer_one_is_not_taken(qa: FilmQA) -> None:
    # NLU found nothing; the message holds "Black", itself a film, at the end of a typo'd title.
    reply = qa.answer(Question("directors", text="who directed the brid wore black"), "ask_director")
    assert reply.variables["title"] == "The Bride Wore Black"
    reply = qa.answer(Question("directors", text="who directed black"), "ask_director")
    assert reply.variables["title"] == "Black"


def test_merged_titles_are_answered_honestly(qa: FilmQA) -> None:
    reply = qa.answer(Question("directors", films=["Heat"]), "ask_director")
    assert reply.variables["names"] == "Michael Mann and Paul Morrissey"
    assert "more than one film (1972 and 1995)" in reply.variables["note"]
    assert merged_note("X", [2000]) == ""


def test_missing_fact_is_i_dont_know(qa: FilmQA) -> None:
    reply = qa.answer(Question("directors", films=["Amelie"]), "ask_director")
    assert reply.response == "utter_kg_no_fact"
    assert reply.variables == {"title": "Amélie", "fact": "director"}


def test_uninformative_tags_are_dropped(qa: FilmQA) -> None:
    reply = qa.answer(Question("tags", films=["Heat"]), "ask_about")
    assert reply.variables["names"] == "crime"


def test_unknown_title_offers_the_closest_as_buttons(qa: FilmQA) -> None:
    reply = qa.answer(Question("directors", films=["kismat"]), "ask_director")
    assert reply.response == "utter_kg_unknown_film_suggest"
    assert reply.variables == {"mention": "kismat"}
    assert reply.buttons[0]["title"] == "Kismet"
    intent, _, entities = reply.buttons[0]["payload"][1:].partition("{")
    assert intent == "ask_director" and json.loads("{" + entities) == {"film": "Kismet"}
    assert reply.film is None


def test_unknown_title_without_suggestions(qa: FilmQA) -> None:
    reply = qa.answer(Question("directors", films=["Zzyzx Qwerty"]), "ask_director")
    assert (reply.response, reply.buttons) == ("utter_kg_unknown_film", [])


def test_no_film_at_all_asks_which(qa: FilmQA) -> None:
    assert qa.answer(Question("cast", text="who was in it"), "ask_cast").response == "utter_kg_which_film"


def test_person_mentions_are_tried_for_film_questions(qa: FilmQA) -> None:
    reply = qa.answer(Question("directors", people=["Kismet"]), "ask_director")
    assert reply.variables["title"] == "Kismet"


def test_films_of_a_person(qa: FilmQA) -> None:
    reply = qa.answer(Question("acted", people=["ronald colman"]), "ask_films_of_actor")
    assert reply.response == "utter_kg_acted"
    assert reply.variables["names"] == "Kismet (1944) and Random Harvest (1942)"
    assert reply.person == "Ronald Colman"


def test_person_known_in_another_role(qa: FilmQA) -> None:
    reply = qa.answer(Question("directed", people=["Ronald Colman"]), "ask_films_of_director")
    assert reply.response == "utter_kg_no_films"


def test_two_hop_director_films(qa: FilmQA) -> None:
    reply = qa.answer(Question("directors_films", films=["Kismet"]), "ask_films_by_director_of")
    assert reply.response == "utter_kg_directors_films"
    assert reply.variables["directors"] == "William Dieterle"


def test_costars(qa: FilmQA) -> None:
    reply = qa.answer(Question("costars", people=["Ronald Colman"]), "ask_costars")
    assert reply.response == "utter_kg_costars"
    assert reply.variables["names"] == "James Craig (Kismet)"


def test_filters_from_entities_and_text(qa: FilmQA) -> None:
    reply = qa.answer(
        Question("filtered", text="comedies from 2001", genres=["comedies"]), "ask_films_filtered"
    )
    assert reply.response == "utter_kg_filtered"
    assert reply.variables["description"] == "comedy films from 2001"
    assert reply.variables["names"] == "Amélie (2001)"
    reply = qa.answer(Question("filtered", text="french comedies"), "ask_films_filtered")
    assert reply.variables["description"] == "French comedy films"


def test_filters_that_match_nothing(qa: FilmQA) -> None:
    reply = qa.answer(Question("filtered", text="films from 1930"), "ask_films_filtered")
    assert reply.response == "utter_kg_filtered_none"


def test_no_filter_asks_for_one(qa: FilmQA) -> None:
    assert (
        qa.answer(Question("filtered", text="films"), "ask_films_filtered").response
        == "utter_kg_which_filter"
    )


def test_graph_down_raises(qa: FilmQA) -> None:
    down = FilmQA(FakeGraph(down=True))
    with pytest.raises(GraphUnavailable):
        down.answer(Question("directors", films=["Kismet"]), "ask_director")


def test_a_name_nlu_missed_is_still_answered_honestly(qa: FilmQA) -> None:
    reply = qa.answer(Question("directors", text="who directed Kismat?", context_film="Heat"), "ask_director")
    assert reply.response == "utter_kg_unknown_film_suggest"
    assert reply.variables == {"mention": "Kismat"}
    reply = qa.answer(Question("directors", text="who directed kismet please"), "ask_director")
    assert reply.variables["title"] == "Kismet"


def test_filter_with_no_film_that_year_offers_the_nearest_years(qa: FilmQA) -> None:
    reply = qa.answer(Question("filtered", text="french comedies from 1990"), "ask_films_filtered")
    assert reply.response == "utter_kg_filtered_nearest"
    assert reply.variables == {"description": "French comedy films from 1990", "names": "Amélie (2001)"}
